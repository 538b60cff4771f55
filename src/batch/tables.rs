//! Writing the tables of `--out DIR` atomically, and reading back the rows
//! of the previous run for files taken from the cache.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::rc::Rc;

use tempfile::TempPath;

use super::manifest::{Stamp, Stamping};
use super::walk::path_order;

/// A CSV table being written: to a hidden temporary file in the output
/// folder, renamed to its real name by [`TableWriter::finish`] once it is
/// complete (or to standard output, which has no name to wait for).
pub struct TableWriter {
    name: &'static str,
    temp: Option<TempPath>,
    out: Stamping<Box<dyn Write>>,
    /// Encodes rows into `encoded`, from where they go to `out`, so that rows
    /// encoded elsewhere (in parallel) can be written between them.
    enc: csv::Writer<Shared>,
    encoded: Shared,
}

/// A byte buffer the CSV encoder writes into and the table drains.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl TableWriter {
    /// A table `dir/name`, written under a temporary name until finished.
    pub fn create(dir: &Path, name: &'static str) -> io::Result<Self> {
        let temp = super::manifest::temp_builder(&format!(".{name}.")).tempfile_in(dir)?;
        let (file, path) = temp.into_parts();
        let mut t = Self::to_writer(name, Box::new(BufWriter::with_capacity(1 << 16, file)));
        t.temp = Some(path);
        Ok(t)
    }

    /// A table written to any writer (standard output), with no renaming.
    pub fn to_writer(name: &'static str, w: Box<dyn Write>) -> Self {
        let encoded = Shared::default();
        TableWriter {
            name,
            temp: None,
            out: Stamping::new(w),
            enc: csv::Writer::from_writer(encoded.clone()),
            encoded,
        }
    }

    /// The table's file name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Writes one row (the header is a row like any other).
    pub fn row<I, T>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.enc.write_record(cells).map_err(io::Error::other)?;
        self.enc.flush()?;
        let mut buf = self.encoded.0.borrow_mut();
        self.out.write_all(&buf)?;
        buf.clear();
        Ok(())
    }

    /// Writes rows already encoded as CSV.
    pub fn raw(&mut self, encoded: &[u8]) -> io::Result<()> {
        self.out.write_all(encoded)
    }

    /// Flushes, gives the table its real name, and returns its stamp.
    pub fn finish(self, dir: Option<&Path>) -> io::Result<Stamp> {
        let (stamp, mut out) = self.out.finish();
        out.flush()?;
        drop(out);
        if let (Some(temp), Some(dir)) = (self.temp, dir) {
            temp.persist(dir.join(self.name)).map_err(|e| e.error)?;
        }
        Ok(stamp)
    }
}

/// Removes temporary tables an interrupted run left behind in `dir`.
pub fn remove_leftovers(dir: &Path, names: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name();
        let name = file_name.to_string_lossy();
        if names
            .iter()
            .any(|n| name.starts_with(&format!(".{n}.")) && name.len() > n.len() + 2)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A table of the previous run, read alongside the new one: both are sorted
/// by path, so the rows of a cached file are found by reading on, and
/// memory stays flat however long the table.
pub struct PreviousTable {
    reader: csv::Reader<File>,
    peeked: Option<csv::ByteRecord>,
    done: bool,
}

impl PreviousTable {
    /// Opens `path` if its header is `header`.
    pub fn open(path: &Path, header: &[&str]) -> Option<Self> {
        let mut reader = csv::Reader::from_path(path).ok()?;
        let found = reader.headers().ok()?;
        if found.iter().ne(header.iter().copied()) {
            return None;
        }
        Some(PreviousTable {
            reader,
            peeked: None,
            done: false,
        })
    }

    /// Calls `each` with every row whose `path` (first cell) is `path`,
    /// skipping rows of paths before it; returns how many there were.
    pub fn take(
        &mut self,
        path: &str,
        mut each: impl FnMut(&csv::ByteRecord) -> io::Result<()>,
    ) -> io::Result<usize> {
        let mut n = 0;
        loop {
            if self.peeked.is_none() && !self.done {
                let mut rec = csv::ByteRecord::new();
                if self
                    .reader
                    .read_byte_record(&mut rec)
                    .map_err(io::Error::other)?
                {
                    self.peeked = Some(rec);
                } else {
                    self.done = true;
                }
            }
            let Some(rec) = &self.peeked else {
                return Ok(n);
            };
            let key = String::from_utf8_lossy(rec.get(0).unwrap_or_default());
            match path_order(&key, path) {
                std::cmp::Ordering::Less => self.peeked = None,
                std::cmp::Ordering::Equal => {
                    each(rec)?;
                    n += 1;
                    self.peeked = None;
                }
                std::cmp::Ordering::Greater => return Ok(n),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = TableWriter::create(dir.path(), "meetings.csv").unwrap();
        t.row(["path", "note"]).unwrap();
        t.row(["a, b.txt", "say \"hi\""]).unwrap();
        assert!(!dir.path().join("meetings.csv").exists());
        let stamp = t.finish(Some(dir.path())).unwrap();
        let text = std::fs::read_to_string(dir.path().join("meetings.csv")).unwrap();
        // RFC 4180: fields with commas or quotes are quoted, quotes doubled.
        assert_eq!(text, "path,note\n\"a, b.txt\",\"say \"\"hi\"\"\"\n");
        assert_eq!(stamp.size, text.len() as u64);
        // Nothing else is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn leftovers_of_an_interrupted_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".meetings.csv.abc123"), "half").unwrap();
        std::fs::write(dir.path().join("meetings.csv"), "keep").unwrap();
        remove_leftovers(dir.path(), &["meetings.csv"]);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, vec!["meetings.csv".to_string()]);
    }

    #[test]
    fn previous_rows_are_found_by_reading_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("speakers.csv");
        std::fs::write(
            &path,
            "path,speaker\na/x.txt,Ann\na/x.txt,Bob\nb.txt,Cy\nc.txt,Di\n",
        )
        .unwrap();
        assert!(PreviousTable::open(&path, &["path", "name"]).is_none());
        let mut t = PreviousTable::open(&path, &["path", "speaker"]).unwrap();
        let mut names = Vec::new();
        let mut collect = |p: &str, t: &mut PreviousTable| {
            t.take(p, |r| {
                names.push(String::from_utf8_lossy(&r[1]).to_string());
                Ok(())
            })
            .unwrap()
        };
        assert_eq!(collect("a/x.txt", &mut t), 2);
        // b.txt is skipped over: it is no longer in the run.
        assert_eq!(collect("c.txt", &mut t), 1);
        assert_eq!(collect("d.txt", &mut t), 0);
        assert_eq!(names, vec!["Ann", "Bob", "Di"]);
    }
}
