//! The manifest of `--out DIR`: what was analyzed, and with what, so that the
//! next run can skip files that have not changed.
//!
//! A file is taken from the cache when its size and modification time are
//! those recorded, or, if only the time changed, when its content hash still
//! is. The whole cache is dropped when anything that could change a result
//! differs: colead's version, the rules and model, the options, the
//! columns, or the tables themselves (each table's size and hash are
//! recorded, so tables from an interrupted or foreign run never pass for
//! this one).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// Schema id of the manifest.
pub const SCHEMA: &str = "colead.manifest/1";
/// File name of the manifest inside `--out DIR`.
pub const FILE_NAME: &str = "manifest.json";

/// Hex of the 128-bit XXH3 hash of `bytes`.
pub fn hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// One analyzed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The path as in the tables.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified_ns: u64,
    /// [`hash`] of the content.
    pub hash: String,
}

/// Size and hash of a table as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Bytes.
    pub size: u64,
    /// XXH3-128 of the bytes, in hex.
    pub hash: String,
}

/// The manifest document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// colead's version.
    pub colead_version: String,
    /// Hash of the rules, model and classifier the results came from.
    pub rules_hash: String,
    /// Hash of everything else that shapes the tables: options, columns.
    pub settings_hash: String,
    /// Each table written (by file name) with its size and hash.
    pub tables: BTreeMap<String, Stamp>,
    /// Every file analyzed, in table order.
    pub files: Vec<Entry>,
}

impl Manifest {
    /// Reads `DIR/manifest.json`; `None` when there is none or it cannot be
    /// used (a damaged manifest only costs a full run).
    pub fn read(dir: &Path) -> Option<Manifest> {
        let text = std::fs::read(dir.join(FILE_NAME)).ok()?;
        let m: Manifest = serde_json::from_slice(&text).ok()?;
        (m.schema == SCHEMA).then_some(m)
    }

    /// The cache this manifest offers a run with these hashes, or nothing
    /// when the run differs or a table is not the one the manifest wrote.
    pub fn usable(self, dir: &Path, rules_hash: &str, settings_hash: &str) -> Option<Cache> {
        if self.colead_version != env!("CARGO_PKG_VERSION")
            || self.rules_hash != rules_hash
            || self.settings_hash != settings_hash
        {
            return None;
        }
        for (name, stamp) in &self.tables {
            if stamp_of(&dir.join(name)).ok()? != *stamp {
                return None;
            }
        }
        Some(Cache {
            files: self
                .files
                .into_iter()
                .map(|e| (e.path.clone(), e))
                .collect(),
        })
    }

    /// Writes the manifest atomically into `dir`.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        self.write_with(dir, self.files.iter().cloned())
    }

    /// Writes the manifest with `files` in place of `self.files`, one at a
    /// time, so that a run need not hold them all as strings.
    pub fn write_with(&self, dir: &Path, files: impl Iterator<Item = Entry>) -> io::Result<()> {
        let mut tmp = temp_builder(".manifest.json.").tempfile_in(dir)?;
        {
            let mut w = io::BufWriter::new(tmp.as_file_mut());
            let head = Manifest {
                files: Vec::new(),
                ..self.clone()
            };
            let mut json = serde_json::to_vec(&head)?;
            // `"files":[]}`: reopen the array and stream the entries in.
            let closing: &[u8] = b"[]}";
            if !json.ends_with(closing) {
                return Err(io::Error::other("manifest: files must come last"));
            }
            json.truncate(json.len() - closing.len());
            w.write_all(&json)?;
            w.write_all(b"[")?;
            for (k, e) in files.enumerate() {
                if k > 0 {
                    w.write_all(b",")?;
                }
                w.write_all(b"\n")?;
                serde_json::to_writer(&mut w, &e)?;
            }
            w.write_all(b"]}\n")?;
            w.flush()?;
        }
        tmp.persist(dir.join(FILE_NAME)).map_err(|e| e.error)?;
        Ok(())
    }
}

/// A temporary file in the output folder that becomes an output when
/// renamed: so it is made with the permissions of an ordinary new file
/// (0666 less the umask), not the 0600 of a private temporary file.
pub(crate) fn temp_builder(prefix: &str) -> tempfile::Builder<'_, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

/// Files that an earlier run analyzed, by path.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    files: HashMap<String, Entry>,
}

impl Cache {
    /// The entry of `path`, if it was analyzed.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.files.get(path)
    }

    /// Number of files in the cache.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The [`Stamp`] of a file on disk.
pub fn stamp_of(path: &Path) -> io::Result<Stamp> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        size += n as u64;
    }
    Ok(Stamp {
        size,
        hash: format!("{:032x}", h.digest128()),
    })
}

/// A writer that stamps what passes through it.
pub struct Stamping<W> {
    inner: W,
    hasher: Xxh3,
    size: u64,
}

impl<W: Write> Stamping<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Stamping {
            inner,
            hasher: Xxh3::new(),
            size: 0,
        }
    }

    /// The stamp of everything written so far, and the inner writer.
    pub fn finish(self) -> (Stamp, W) {
        (
            Stamp {
                size: self.size,
                hash: format!("{:032x}", self.hasher.digest128()),
            },
            self.inner,
        )
    }
}

impl<W: Write> Write for Stamping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_while_writing_equals_the_stamp_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut w = Stamping::new(std::fs::File::create(&path).unwrap());
        w.write_all(b"a,b\n1,2\n").unwrap();
        let (stamp, _) = w.finish();
        assert_eq!(stamp.size, 8);
        assert_eq!(stamp_of(&path).unwrap(), stamp);
    }

    #[test]
    fn manifest_round_trip_and_what_voids_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("meetings.csv"), "path\nx\n").unwrap();
        let m = Manifest {
            schema: SCHEMA.into(),
            colead_version: env!("CARGO_PKG_VERSION").into(),
            rules_hash: "r".into(),
            settings_hash: "s".into(),
            tables: [(
                "meetings.csv".to_string(),
                stamp_of(&dir.path().join("meetings.csv")).unwrap(),
            )]
            .into(),
            files: vec![Entry {
                path: "x".into(),
                size: 3,
                modified_ns: 7,
                hash: hash(b"abc"),
            }],
        };
        m.write(dir.path()).unwrap();
        let back = Manifest::read(dir.path()).unwrap();
        assert_eq!(back, m);
        let cache = back.clone().usable(dir.path(), "r", "s").unwrap();
        assert_eq!(cache.get("x").map(|e| e.size), Some(3));
        assert!(back.clone().usable(dir.path(), "other", "s").is_none());
        assert!(back.clone().usable(dir.path(), "r", "other").is_none());
        // A table changed behind the manifest's back voids it.
        std::fs::write(dir.path().join("meetings.csv"), "path\ny\n").unwrap();
        assert!(back.usable(dir.path(), "r", "s").is_none());
    }
}
