//! `colead batch PATH...`: every transcript under the paths, in parallel,
//! into tables (`--out DIR`), JSON Lines, and an exit code for CI.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use xxhash_rust::xxh3::Xxh3;

use crate::batch::gate::Gate;
use crate::batch::manifest::{self, Cache, Entry, Manifest};
use crate::batch::tables::{remove_leftovers, PreviousTable, TableWriter};
use crate::batch::{
    analyze_file, for_each_ordered, walk, FileError, Filter, Item, Outcome, Rendered, Settings,
    Summary, Want,
};
use crate::report::table;

/// File names of the tables in `--out DIR`.
const MEETINGS: &str = "meetings.csv";
const SPEAKERS: &str = "speakers.csv";
const UTTERANCES: &str = "utterances.csv";
const ERRORS: &str = "errors.csv";

/// Arguments of `colead batch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Transcript files, or folders searched recursively (hidden files and
    /// folders skipped; each file's format read from its content).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Only take files under the folders that match this glob (matched
    /// against the path below the folder and the file name); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out files and folders that match this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Files analyzed at once (default: every core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// No progress bar and no summary; errors and breaches are still printed.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Write meetings.csv, speakers.csv, errors.csv (and utterances.csv)
    /// into this folder, with a manifest that lets the next run skip
    /// unchanged files. Without it, the meetings table goes to stdout.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write utterances.csv (or, with --format jsonl, the utterances
    /// of each meeting).
    #[arg(long)]
    pub utterances: bool,
    /// Also write each meeting's HTML report into DIR/reports/ and an
    /// index page, DIR/index.html, linking them all with a sortable
    /// overview. Needs --out; every file is analyzed again (the pages need
    /// the full analysis, which the manifest does not keep).
    #[arg(long, requires = "out")]
    pub html: bool,
    /// csv: tables; jsonl: one JSON object per meeting on stdout
    /// (`colead.analysis/3`, as `analyze --format json` writes).
    #[arg(long, short = 'f', value_enum, default_value_t = BatchFormat::Csv, conflicts_with = "out")]
    pub format: BatchFormat,
    /// Analyze every file again, whatever the manifest says.
    #[arg(long)]
    pub no_cache: bool,
    /// Exit 1 when a meeting meets this condition, e.g. `equality < 0.5`,
    /// `pattern == chaos`, `speaker.talk_share > 0.6`; repeatable, any one
    /// fails (grammar: docs/output.md).
    #[arg(long = "fail-if", value_name = "EXPR")]
    pub fail_if: Vec<String>,
    /// Exit 0 (or 1 on a breach) even when some files could not be analyzed.
    #[arg(long)]
    pub allow_errors: bool,
    /// Read every file as this format instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub input_format: Option<String>,
    /// Treat warnings (skipped lines, a fallback encoding) as errors.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub rules: super::RulesArgs,
}

/// Output formats of `colead batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BatchFormat {
    /// CSV tables.
    Csv,
    /// JSON Lines on stdout.
    Jsonl,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let started = Instant::now();
    let gate = Gate::parse(&args.fail_if)?;
    // Evidence shows only in utterance rows and reports: without them,
    // the model's labels need not name their features.
    let classifier = args
        .rules
        .classifier_explaining(args.utterances || args.html)?;
    let load = super::load_options(args.input_format.as_deref(), args.strict)?;
    let filter = Filter::new(&args.include, &args.exclude).context("--include/--exclude")?;
    if args.utterances && args.out.is_none() && args.format == BatchFormat::Csv {
        anyhow::bail!("--utterances writes utterances.csv: give --out DIR (or use --format jsonl)");
    }
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let mut items = walk(&args.paths, &filter);
    let out_dir = args.out.as_deref();
    let mut previous = None;
    if let Some(dir) = out_dir {
        previous = prepare_dir(dir, args)?;
        // `colead batch . --out report` must not read its own tables.
        if let Ok(out) = dir.canonicalize() {
            items.retain(|i| match i {
                Item::File(f) => !f.path.canonicalize().is_ok_and(|p| p.starts_with(&out)),
                Item::Unreadable(_) => true,
            });
        }
    }
    if items.is_empty() {
        // Not an error (an archive may be empty), but a CI log should say so:
        // a mistyped --include would otherwise pass silently.
        eprintln!("colead: warning: no files found under the paths given");
    }
    let (cache, mut old_tables) = previous.unzip();
    let want = Want {
        utterance_rows: args.utterances,
        json_line: args.format == BatchFormat::Jsonl,
        hash: out_dir.is_some(),
        html: args.html,
    };
    let mut index_entries: Vec<crate::report::html::IndexEntry> = Vec::new();
    let mut index_failures: Vec<crate::report::html::IndexFailure> = Vec::new();
    let reports_dir = out_dir.map(|d| d.join(crate::batch::REPORTS_DIR));
    if let (true, Some(dir)) = (args.html, &reports_dir) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    let settings = Settings {
        classifier: classifier.as_ref(),
        load,
        want,
    };
    let mut outputs = Outputs::open(out_dir, args)?;
    let total_bytes: u64 = items
        .iter()
        .map(|i| match i {
            Item::File(f) => f.size,
            Item::Unreadable(_) => 0,
        })
        .sum();
    let bar = progress_bar(args.quiet, total_bytes);
    let done = AtomicU64::new(0);
    let n = items.len();
    let mut summary = Summary::default();
    let mut kept: Vec<Kept> = Vec::new();

    let work = |i: usize| {
        let outcome = match &items[i] {
            Item::File(f) => analyze_file(
                f,
                cache.as_ref().and_then(|c: &Cache| c.get(&f.display())),
                &settings,
            ),
            Item::Unreadable(e) => Outcome::Failed(e.clone()),
        };
        if let Item::File(f) = &items[i] {
            bar.inc(f.size);
        }
        let d = done.fetch_add(1, Ordering::Relaxed) + 1;
        bar.set_message(format!("{d}/{n} files"));
        outcome
    };
    let sink = |i: usize, outcome: Outcome| -> io::Result<()> {
        let mut outcome = outcome;
        if let Outcome::Cached(entry) = &outcome {
            let copied = match old_tables.as_mut() {
                Some(old) => old.copy(&entry.path, &mut outputs, &gate, &bar)?,
                None => None,
            };
            match copied {
                Some(breaches) => {
                    summary.meetings += 1;
                    summary.cached += 1;
                    summary.breaches += breaches;
                    kept.push(Kept::new(i, entry));
                    return Ok(());
                }
                // The rows are not where the manifest says: analyze again.
                None => {
                    if let Item::File(f) = &items[i] {
                        outcome = analyze_file(f, None, &settings);
                    }
                }
            }
        }
        match outcome {
            Outcome::Analyzed(mut r) => {
                if let (Some(html), Some(dir)) = (r.html.take(), &reports_dir) {
                    crate::batch::write_atomically(dir, &html.file, html.page.as_bytes())?;
                    index_entries.push(html.entry);
                }
                summary.breaches += outputs.meeting(&r, &gate, &bar)?;
                summary.meetings += 1;
                summary.bytes += r.entry.size;
                summary.utterances += r.utterance_count;
                kept.push(Kept::new(i, &r.entry));
            }
            Outcome::Failed(e) => {
                if args.html {
                    index_failures.push(crate::report::html::IndexFailure {
                        path: e.path.clone(),
                        message: match e.line {
                            Some(line) => format!("line {line}: {}", e.message),
                            None => e.message.clone(),
                        },
                    });
                }
                bar.suspend(|| eprintln!("colead: {e}"));
                outputs.error(&e)?;
                summary.errors += 1;
            }
            Outcome::Cached(_) => {}
        }
        Ok(())
    };
    for_each_ordered(n, jobs, 8 * jobs, work, sink)?;
    bar.finish_and_clear();

    let stamps = outputs.finish(out_dir)?;
    if let (true, Some(dir)) = (args.html, out_dir) {
        let page = crate::report::html::index(&index_entries, &index_failures);
        crate::batch::write_atomically(dir, crate::batch::INDEX_PAGE, page.as_bytes())
            .with_context(|| format!("{}: cannot write the index page", dir.display()))?;
    }
    if let Some(dir) = out_dir {
        let (rules_hash, settings_hash) = hashes(args)?;
        let files = kept.iter().map(|k| Entry {
            path: items[k.item].display().into_owned(),
            size: k.size,
            modified_ns: k.modified_ns,
            hash: format!("{:032x}", k.hash),
        });
        Manifest {
            schema: manifest::SCHEMA.into(),
            colead_version: env!("CARGO_PKG_VERSION").into(),
            rules_hash,
            settings_hash,
            tables: stamps.into_iter().collect(),
            files: Vec::new(),
        }
        .write_with(dir, files)
        .with_context(|| format!("{}: cannot write the manifest", dir.display()))?;
    }
    if !args.quiet {
        print_summary(&summary, started, jobs, out_dir);
    }
    Ok(if summary.errors > 0 && !args.allow_errors {
        super::EXIT_ERROR
    } else if summary.breaches > 0 {
        super::EXIT_BREACH
    } else {
        super::EXIT_OK
    })
}

/// A manifest entry held until the end of the run: 40 bytes, its path
/// being its item's, so memory grows little with the number of files.
struct Kept {
    item: usize,
    size: u64,
    modified_ns: u64,
    hash: u128,
}

impl Kept {
    fn new(item: usize, e: &Entry) -> Self {
        Kept {
            item,
            size: e.size,
            modified_ns: e.modified_ns,
            // Entries carry the hash in hex; one that does not parse only
            // means the file is read again next time.
            hash: u128::from_str_radix(&e.hash, 16).unwrap_or(0),
        }
    }
}

/// Creates `--out DIR`, clears what an interrupted run left, and returns the
/// cache and the previous tables when the manifest there still holds.
fn prepare_dir(dir: &Path, args: &Args) -> anyhow::Result<Option<(Cache, OldTables)>> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    remove_leftovers(
        dir,
        &[MEETINGS, SPEAKERS, UTTERANCES, ERRORS, manifest::FILE_NAME],
    );
    let old = Manifest::read(dir);
    if !args.utterances
        && old
            .as_ref()
            .is_some_and(|m| m.tables.contains_key(UTTERANCES))
    {
        // Ours, from a run with --utterances: it would not match this run.
        let _ = std::fs::remove_file(dir.join(UTTERANCES));
    }
    if args.no_cache || args.html {
        return Ok(None);
    }
    let (rules_hash, settings_hash) = hashes(args)?;
    let Some(cache) = old.and_then(|m| m.usable(dir, &rules_hash, &settings_hash)) else {
        return Ok(None);
    };
    let open = |name: &str, header: Vec<&str>| PreviousTable::open(&dir.join(name), &header);
    let tables = (|| {
        Some(OldTables {
            meetings: open(MEETINGS, table::header(table::MEETINGS))?,
            speakers: open(SPEAKERS, table::header(table::SPEAKERS))?,
            utterances: if args.utterances {
                Some(open(UTTERANCES, table::header(table::UTTERANCES))?)
            } else {
                None
            },
        })
    })();
    Ok(tables.map(|t| (cache, t)))
}

/// Hashes of what the results depend on: (rules, model and classifier;
/// everything else that shapes the tables).
fn hashes(args: &Args) -> anyhow::Result<(String, String)> {
    let mut rules = Xxh3::new();
    rules.update(crate::classify::BUILTIN_RULES.as_bytes());
    rules.update(crate::classify::model::BUILTIN_MODEL);
    rules.update(format!("{:?}", args.rules.classifier).as_bytes());
    for f in &args.rules.files {
        let bytes = std::fs::read(f).with_context(|| format!("{}: cannot read", f.display()))?;
        rules.update(&manifest::hash(&bytes).into_bytes());
    }
    let mut settings = Xxh3::new();
    let headers = [
        table::header(table::MEETINGS),
        table::header(table::SPEAKERS),
        table::header(table::UTTERANCES),
        table::ERRORS.to_vec(),
    ];
    settings.update(
        format!(
            "{:?} {} {} {:?}",
            args.input_format, args.strict, args.utterances, headers
        )
        .as_bytes(),
    );
    Ok((
        format!("{:032x}", rules.digest128()),
        format!("{:032x}", settings.digest128()),
    ))
}

/// The tables of the previous run, for the rows of cached files.
struct OldTables {
    meetings: PreviousTable,
    speakers: PreviousTable,
    utterances: Option<PreviousTable>,
}

impl OldTables {
    /// Copies the rows of `path` into the outputs and judges them; the
    /// number of breaches, or `None` when its meeting row is missing.
    fn copy(
        &mut self,
        path: &str,
        out: &mut Outputs,
        gate: &Gate,
        bar: &ProgressBar,
    ) -> io::Result<Option<u64>> {
        let mut meeting = Vec::new();
        self.meetings.take(path, |r| {
            meeting.push(r.clone());
            Ok(())
        })?;
        let [meeting] = meeting.as_slice() else {
            return Ok(None);
        };
        let mut speakers = Vec::new();
        self.speakers.take(path, |r| {
            speakers.push(r.clone());
            Ok(())
        })?;
        if let Some(old) = self.utterances.as_mut() {
            old.take(path, |r| match out.utterances.as_mut() {
                Some(t) => t.row(r),
                None => Ok(()),
            })?;
        }
        let to_string = |r: &csv::ByteRecord| csv::StringRecord::from_byte_record_lossy(r.clone());
        let rendered = Rendered {
            meeting: to_string(meeting),
            speakers: speakers.iter().map(to_string).collect(),
            utterances: Vec::new(),
            json_line: Vec::new(),
            html: None,
            utterance_count: 0,
            entry: Entry {
                path: path.to_string(),
                size: 0,
                modified_ns: 0,
                hash: String::new(),
            },
        };
        out.meeting(&rendered, gate, bar).map(Some)
    }
}

/// Where the results go.
struct Outputs {
    meetings: Option<TableWriter>,
    speakers: Option<TableWriter>,
    utterances: Option<TableWriter>,
    errors: Option<TableWriter>,
    jsonl: Option<Box<dyn Write>>,
}

impl Outputs {
    fn open(dir: Option<&Path>, args: &Args) -> anyhow::Result<Self> {
        let mut out = Outputs {
            meetings: None,
            speakers: None,
            utterances: None,
            errors: None,
            jsonl: None,
        };
        let stdout = || Box::new(io::BufWriter::new(io::stdout().lock())) as Box<dyn Write>;
        match (dir, args.format) {
            (Some(dir), _) => {
                let create = |name| {
                    TableWriter::create(dir, name)
                        .with_context(|| format!("{}: cannot write", dir.join(name).display()))
                };
                out.meetings = Some(create(MEETINGS)?);
                out.speakers = Some(create(SPEAKERS)?);
                if args.utterances {
                    out.utterances = Some(create(UTTERANCES)?);
                }
                out.errors = Some(create(ERRORS)?);
            }
            (None, BatchFormat::Csv) => {
                out.meetings = Some(TableWriter::to_writer(MEETINGS, stdout()));
            }
            (None, BatchFormat::Jsonl) => out.jsonl = Some(stdout()),
        }
        if let Some(t) = &mut out.meetings {
            t.row(table::header(table::MEETINGS))?;
        }
        if let Some(t) = &mut out.speakers {
            t.row(table::header(table::SPEAKERS))?;
        }
        if let Some(t) = &mut out.utterances {
            t.row(table::header(table::UTTERANCES))?;
        }
        if let Some(t) = &mut out.errors {
            t.row(table::ERRORS)?;
        }
        Ok(out)
    }

    /// Writes one meeting's rows and reports its breaches; returns how many.
    fn meeting(&mut self, r: &Rendered, gate: &Gate, bar: &ProgressBar) -> io::Result<u64> {
        if let Some(t) = &mut self.meetings {
            t.row(&r.meeting)?;
        }
        if let Some(t) = &mut self.speakers {
            for s in &r.speakers {
                t.row(s)?;
            }
        }
        if let Some(t) = &mut self.utterances {
            t.raw(&r.utterances)?;
        }
        if let Some(w) = &mut self.jsonl {
            w.write_all(&r.json_line)?;
        }
        let breaches = gate.check(&r.meeting, &r.speakers);
        for b in &breaches {
            bar.suspend(|| eprintln!("colead: fail-if breached: {b}"));
        }
        Ok(breaches.len() as u64)
    }

    fn error(&mut self, e: &FileError) -> io::Result<()> {
        match &mut self.errors {
            Some(t) => t.row(e.record()),
            None => Ok(()),
        }
    }

    /// Finishes every table (renaming each into place) and returns their
    /// stamps by file name.
    fn finish(self, dir: Option<&Path>) -> io::Result<Vec<(String, manifest::Stamp)>> {
        let mut stamps = Vec::new();
        for t in [self.meetings, self.speakers, self.utterances, self.errors]
            .into_iter()
            .flatten()
        {
            let name = t.name();
            stamps.push((name.to_string(), t.finish(dir)?));
        }
        if let Some(mut w) = self.jsonl {
            w.flush()?;
        }
        Ok(stamps)
    }
}

/// The progress bar: on stderr when it is a terminal, never with --quiet;
/// plain when `NO_COLOR` is set.
fn progress_bar(quiet: bool, total_bytes: u64) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let template = if no_color {
        "{wide_bar} {msg} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}"
    } else {
        "{wide_bar:.cyan/blue} {msg} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}"
    };
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn print_summary(s: &Summary, started: Instant, jobs: usize, dir: Option<&Path>) {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let analyzed = s.meetings - s.cached;
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    eprintln!(
        "colead: {} ({} from the cache), {}, {}; {:.1} MB analyzed in {:.2} s ({:.1} MB/s, {:.1} meetings/s, {})",
        plural(s.meetings, "meeting", "meetings"),
        s.cached,
        plural(s.errors, "error", "errors"),
        plural(s.breaches, "fail-if breach", "fail-if breaches"),
        s.bytes as f64 / 1e6,
        secs,
        s.bytes as f64 / 1e6 / secs,
        analyzed as f64 / secs,
        plural(jobs as u64, "job", "jobs"),
    );
    if let (Some(dir), true) = (dir, s.errors > 0) {
        eprintln!(
            "colead: the files that could not be analyzed are listed in {}",
            dir.join(ERRORS).display()
        );
    }
}
