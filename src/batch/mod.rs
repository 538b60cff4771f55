//! Sweeping an archive of transcripts: the library side of `colead batch`.
//!
//! The stages are small and joined in `cli::batch`: [`walk`] finds the files,
//! [`analyze_file`] turns one into its table rows (in parallel, each file on
//! its own), [`for_each_ordered`] hands the results on in path order, the
//! [`gate`] judges each meeting, and the [`manifest`] lets the next run skip
//! files that have not changed. A file that cannot be read or parsed becomes
//! a [`FileError`]; it never stops the run.

pub mod gate;
pub mod manifest;
pub mod stream;
pub mod tables;
pub mod walk;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::AddAssign;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use crate::classify::Classifier;
use crate::report::table;
use crate::report::{AnalysisDoc, UtteranceDoc};
use crate::transcript::{decode_owned, load_decoded, LoadOptions};

pub use manifest::{Cache, Entry, Manifest};
pub use walk::{walk, Filter, Found, Item};

/// A file that could not be analyzed: a row of `errors.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The path as in the tables.
    pub path: String,
    /// The 1-based line of the problem, when it has one.
    pub line: Option<usize>,
    /// A stable short name of the kind of problem (`syntax`, `io`, ...).
    pub kind: String,
    /// What was wrong, in words.
    pub message: String,
}

impl FileError {
    /// The row of a library error.
    pub fn new(path: &str, e: &crate::Error) -> Self {
        FileError {
            path: path.to_string(),
            line: e.line(),
            kind: e.kind().to_string(),
            message: e.detail(),
        }
    }

    /// The cells of its `errors.csv` row.
    pub fn record(&self) -> [String; 4] {
        [
            self.path.clone(),
            self.line.map(|l| l.to_string()).unwrap_or_default(),
            self.kind.clone(),
            self.message.clone(),
        ]
    }
}

impl fmt::Display for FileError {
    /// `path:line: message`, as every colead error reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// The folder under `--out` that holds the meetings' HTML reports.
pub const REPORTS_DIR: &str = "reports";

/// The index page of the HTML reports, in `--out`.
pub const INDEX_PAGE: &str = "index.html";

/// Writes `bytes` to `dir/name` atomically: under a hidden temporary name
/// first, renamed when complete, so a reader never sees half a page.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut temp = manifest::temp_builder(&format!(".{name}.")).tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

/// What to produce for each meeting besides its meeting and speaker rows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Want {
    /// Rows of `utterances.csv`.
    pub utterance_rows: bool,
    /// A JSON line (`colead.analysis/3`); with `utterances` filled in when
    /// `utterance_rows` is set, empty otherwise.
    pub json_line: bool,
    /// The content hash, for the manifest.
    pub hash: bool,
    /// The meeting's HTML report and its line on the index page.
    pub html: bool,
}

/// A meeting's HTML report, rendered by the worker that analyzed it.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlReport {
    /// File name under `reports/` ([`crate::report::html::report_file_name`]).
    pub file: String,
    /// The page.
    pub page: String,
    /// Its line on the index page.
    pub entry: crate::report::html::IndexEntry,
}

/// One analyzed meeting, rendered: everything the writers need, so the
/// rendering happens in parallel and the writing is only copying.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Its row of `meetings.csv`.
    pub meeting: csv::StringRecord,
    /// Its rows of `speakers.csv`.
    pub speakers: Vec<csv::StringRecord>,
    /// Its rows of `utterances.csv`, CSV-encoded (empty unless wanted).
    pub utterances: Vec<u8>,
    /// Its JSON line, newline included (empty unless wanted).
    pub json_line: Vec<u8>,
    /// Its HTML report (`None` unless wanted).
    pub html: Option<HtmlReport>,
    /// Utterances in the meeting.
    pub utterance_count: u64,
    /// The manifest entry (hash empty unless wanted).
    pub entry: Entry,
}

/// What became of one item of the walk.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Analyzed now.
    Analyzed(Box<Rendered>),
    /// Unchanged since the run the cache is from: its rows are copied from
    /// the tables that run wrote.
    Cached(Entry),
    /// Could not be analyzed.
    Failed(FileError),
}

/// How to analyze each file.
pub struct Settings<'a> {
    /// The classifier, shared by every worker.
    pub classifier: &'a dyn Classifier,
    /// Format and strictness.
    pub load: LoadOptions,
    /// What to render.
    pub want: Want,
}

/// Reads, analyzes and renders one file, unless `cached` shows it has not
/// changed. Never panics: a panic in a parser becomes a [`FileError`] of
/// kind `panic`, so one bad file cannot stop the run.
pub fn analyze_file(found: &Found, cached: Option<&Entry>, settings: &Settings<'_>) -> Outcome {
    if let Some(e) = cached {
        if e.size == found.size && e.modified_ns == found.modified_ns {
            return Outcome::Cached(e.clone());
        }
    }
    let display = found.display().into_owned();
    let path = Path::new(&display);
    let bytes = match std::fs::read(&found.path) {
        Ok(b) => b,
        Err(source) => {
            let e = crate::Error::Io {
                path: path.to_path_buf(),
                source,
            };
            return Outcome::Failed(FileError::new(&display, &e));
        }
    };
    let hash = if settings.want.hash || cached.is_some() {
        manifest::hash(&bytes)
    } else {
        String::new()
    };
    let entry = Entry {
        path: display.clone(),
        size: bytes.len() as u64,
        modified_ns: found.modified_ns,
        hash,
    };
    if let Some(e) = cached {
        if e.size == entry.size && e.hash == entry.hash {
            return Outcome::Cached(entry);
        }
    }
    let rendered = catch_unwind(AssertUnwindSafe(|| -> crate::Result<Rendered> {
        let decoded = decode_owned(bytes, path)?;
        let transcript = load_decoded(decoded, path, &settings.load)?;
        let analysis = crate::analyze(transcript, settings.classifier);
        Ok(render(&analysis, settings.want, entry.clone()))
    }));
    match rendered {
        Ok(Ok(r)) => Outcome::Analyzed(Box::new(r)),
        Ok(Err(e)) => Outcome::Failed(FileError::new(&display, &e)),
        Err(panic) => Outcome::Failed(FileError {
            path: display.clone(),
            line: None,
            kind: "panic".into(),
            message: format!(
                "colead failed on this file (please report it): {}",
                panic_message(panic.as_ref())
            ),
        }),
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Renders an analysis into its rows (and JSON line).
pub fn render(a: &crate::Analysis, want: Want, entry: Entry) -> Rendered {
    let utterances = if want.utterance_rows {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = table::write_utterances(a, true, &mut w);
        w.into_inner().unwrap_or_default()
    } else {
        Vec::new()
    };
    let json_line = if want.json_line {
        json_line(a, want.utterance_rows)
    } else {
        Vec::new()
    };
    let html = want.html.then(|| {
        let file = crate::report::html::report_file_name(&entry.path);
        HtmlReport {
            page: crate::report::html::report(a),
            entry: crate::report::html::IndexEntry::new(
                &entry.path,
                format!("{REPORTS_DIR}/{file}"),
                a,
            ),
            file,
        }
    });
    Rendered {
        meeting: table::meeting_row(a),
        html,
        speakers: table::speaker_rows(a),
        utterances,
        json_line,
        utterance_count: a.transcript.utterances.len() as u64,
        entry,
    }
}

/// The analysis as one line of JSON (`colead.analysis/3`, compact), newline
/// included; `utterances` is empty unless `with_utterances`.
pub fn json_line(a: &crate::Analysis, with_utterances: bool) -> Vec<u8> {
    let mut doc = AnalysisDoc::new(a);
    if !with_utterances {
        doc.utterances = Vec::<UtteranceDoc>::new();
    }
    let mut line = serde_json::to_vec(&doc).unwrap_or_default();
    line.push(b'\n');
    line
}

/// Counts of a run; runs and parts of runs merge with `+=`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Meetings in the tables (analyzed now or taken from the cache).
    pub meetings: u64,
    /// Of those, taken from the cache.
    pub cached: u64,
    /// Files that could not be analyzed.
    pub errors: u64,
    /// Breaches of `--fail-if` expressions.
    pub breaches: u64,
    /// Bytes read and analyzed now.
    pub bytes: u64,
    /// Utterances analyzed now.
    pub utterances: u64,
}

impl AddAssign for Summary {
    fn add_assign(&mut self, o: Summary) {
        self.meetings += o.meetings;
        self.cached += o.cached;
        self.errors += o.errors;
        self.breaches += o.breaches;
        self.bytes += o.bytes;
        self.utterances += o.utterances;
    }
}

/// Runs `work(i)` for every `i` in `0..n` on `jobs` threads of a rayon pool
/// and hands each result to `sink` on the calling thread, in order of `i`.
///
/// Workers take the next index as they finish one, so a large file does not
/// hold up the others; but no worker runs more than `window` items ahead of
/// the sink, so the results waiting to be written, and so memory, stay
/// bounded by a few of the largest files, never the whole archive. (A plain
/// parallel iterator splits `0..n` into ranges, and the results of the
/// second half would all wait for the first.) If `sink` fails, the workers
/// stop and the error is returned.
pub fn for_each_ordered<T, W, S>(
    n: usize,
    jobs: usize,
    window: usize,
    work: W,
    mut sink: S,
) -> io::Result<()>
where
    T: Send,
    W: Fn(usize) -> T + Sync,
    S: FnMut(usize, T) -> io::Result<()>,
{
    let jobs = jobs.max(1);
    let window = window.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("colead-batch-{i}"))
        .build()
        .map_err(io::Error::other)?;
    let next = AtomicUsize::new(0);
    let written = Mutex::new(0usize);
    let advanced = Condvar::new();
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let (next, written, advanced, stop, work) = (&next, &written, &advanced, &stop, &work);
    pool.in_place_scope(|scope| {
        for _ in 0..jobs.min(n) {
            let tx = tx.clone();
            scope.spawn(move |_| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                {
                    let mut w = written.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *w + window && !stop.load(Ordering::Relaxed) {
                        w = advanced.wait(w).unwrap_or_else(|e| e.into_inner());
                    }
                }
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                if tx.send((i, work(i))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut done = 0usize;
        let mut result = Ok(());
        for (i, out) in rx.iter() {
            pending.insert(i, out);
            while let Some(out) = pending.remove(&done) {
                if let Err(e) = sink(done, out) {
                    result = Err(e);
                    break;
                }
                done += 1;
            }
            *written.lock().unwrap_or_else(|e| e.into_inner()) = done;
            advanced.notify_all();
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
                advanced.notify_all();
                break;
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_order_whatever_the_jobs() {
        for jobs in [1, 2, 4] {
            let mut seen = Vec::new();
            for_each_ordered(
                100,
                jobs,
                3,
                |i| {
                    // Uneven work, so that workers finish out of order.
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                    i * 10
                },
                |i, v| {
                    assert_eq!(v, i * 10);
                    seen.push(i);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..100).collect::<Vec<_>>(), "jobs {jobs}");
        }
    }

    #[test]
    fn no_worker_runs_more_than_the_window_ahead() {
        let written = AtomicUsize::new(0);
        let most_ahead = AtomicUsize::new(0);
        for_each_ordered(
            200,
            4,
            5,
            |i| {
                let w = written.load(Ordering::SeqCst);
                most_ahead.fetch_max(i.saturating_sub(w), Ordering::SeqCst);
                i
            },
            |i, _| {
                written.store(i + 1, Ordering::SeqCst);
                Ok(())
            },
        )
        .unwrap();
        // The sink's count lags the window's by at most the item being
        // handed over, so a worker starts at most window items ahead.
        assert!(most_ahead.load(Ordering::SeqCst) <= 5);
    }

    #[test]
    fn a_failing_sink_stops_the_run() {
        let ran = AtomicUsize::new(0);
        let r = for_each_ordered(
            10_000,
            2,
            4,
            |_| ran.fetch_add(1, Ordering::SeqCst),
            |i, _| {
                if i == 3 {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r.unwrap_err().to_string(), "disk full");
        assert!(ran.load(Ordering::SeqCst) < 100);
    }

    #[test]
    fn summaries_add() {
        let mut a = Summary {
            meetings: 2,
            errors: 1,
            ..Summary::default()
        };
        a += Summary {
            meetings: 3,
            cached: 1,
            bytes: 10,
            ..Summary::default()
        };
        assert_eq!(
            a,
            Summary {
                meetings: 5,
                cached: 1,
                errors: 1,
                bytes: 10,
                ..Summary::default()
            }
        );
    }
}
