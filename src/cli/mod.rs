//! The command line: one module per subcommand, each with its own arguments
//! and `run`. Exit codes: 0 success, 1 a threshold breached, 2 failure.

mod analyze;
mod batch;
mod eval;
mod explain;
mod formats;
mod rules;
mod stream;
mod train;
mod utterances;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::classify::RuleClassifier;
use crate::transcript::Source;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code when a threshold is breached.
pub const EXIT_BREACH: i32 = 1;
/// Exit code for any failure (bad input, unreadable file, bad arguments).
pub const EXIT_ERROR: i32 = 2;

/// colead: who leads, who follows, and whether the group is in flow.
#[derive(Debug, Parser)]
#[command(name = "colead", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyze a transcript: speakers' leading and following, and the group pattern.
    Analyze(analyze::Args),
    /// List every utterance with its class and the evidence for it.
    Utterances(utterances::Args),
    /// Show how one utterance is classified and why.
    Explain(explain::Args),
    /// Measure the classifier against human-labeled CSV files.
    Eval(eval::Args),
    /// List the transcript formats colead reads.
    Formats(formats::Args),
    /// Train the classifier's model on human-labeled CSV files.
    Train(train::Args),
    /// List the active cue rules: the built-in ones and any `--rules` files.
    Rules(rules::Args),
    /// Analyze every transcript under the paths, in parallel: tables for
    /// spreadsheets, JSON Lines, and exit codes for CI.
    Batch(batch::Args),
    /// Read JSON Lines (one transcript each) on stdin, write one result line
    /// per input line on stdout: for Spark, Hadoop Streaming and the like.
    Stream(stream::Args),
}

/// Which classifier labels the utterances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ClassifierChoice {
    /// The cue rules with the trained model (the default).
    #[default]
    Model,
    /// The cue rules alone: every label from a named cue.
    Rules,
}

/// Where a transcript comes from and how to read it; shared by the commands
/// that read one.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Transcript file, or `-` for standard input.
    pub file: PathBuf,
    /// Read as this format instead of detecting it from the content
    /// (`colead formats` lists the names).
    #[arg(long, value_name = "NAME")]
    pub input_format: Option<String>,
    /// Treat warnings (skipped lines, a fallback encoding) as errors.
    #[arg(long)]
    pub strict: bool,
}

/// Extra cue rules; shared by every command that classifies.
#[derive(Debug, Clone, clap::Args)]
pub struct RulesArgs {
    /// Load cue rules from this TOML file after the built-in ones; repeat
    /// for more files, later ones win (format: docs/rules.md).
    #[arg(long = "rules", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Which classifier labels the utterances: the rules with the trained
    /// model, or the rules alone.
    #[arg(long, value_enum, default_value_t = ClassifierChoice::Model)]
    pub classifier: ClassifierChoice,
}

impl RulesArgs {
    /// The rule classifier with these files merged on top of the built-in rules.
    pub fn rules(&self) -> crate::Result<RuleClassifier> {
        RuleClassifier::with_files(&self.files)
    }

    /// The chosen classifier over these rules.
    pub fn classifier(&self) -> crate::Result<Box<dyn crate::classify::Classifier>> {
        self.classifier_explaining(true)
    }

    /// The chosen classifier over these rules; with `explain` false, labels
    /// the model decides name no features (see
    /// [`ModelClassifier::without_explanations`](crate::classify::ModelClassifier::without_explanations)).
    pub fn classifier_explaining(
        &self,
        explain: bool,
    ) -> crate::Result<Box<dyn crate::classify::Classifier>> {
        let rules = self.rules()?;
        Ok(match self.classifier {
            ClassifierChoice::Model => {
                let model = crate::classify::ModelClassifier::with_builtin_model(rules);
                Box::new(if explain {
                    model
                } else {
                    model.without_explanations()
                })
            }
            ClassifierChoice::Rules => Box::new(rules),
        })
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match &cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Utterances(args) => utterances::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Formats(args) => formats::run(args),
        Command::Train(args) => train::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Stream(args) => stream::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            eprintln!("colead: {e:#}");
            EXIT_ERROR
        }
    }
}

/// A reader that stopped reading (`colead ... | head`) is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// A transcript argument: a path, or `-` for standard input.
fn source(arg: &Path) -> Source {
    if arg == Path::new("-") {
        Source::Stdin
    } else {
        Source::Path(arg.to_path_buf())
    }
}

/// Reads, parses and analyzes a transcript argument with the built-in rules
/// and any `--rules` files. Warnings go to stderr unless the report itself
/// will list them.
fn load_and_analyze(
    input: &InputArgs,
    rules: &RulesArgs,
    report_lists_warnings: bool,
) -> anyhow::Result<crate::Analysis> {
    load_and_analyze_with(input, rules, report_lists_warnings, &Default::default())
}

/// As [`load_and_analyze`], with scoring options. A timeline window in
/// meeting time on a transcript without times is an error.
fn load_and_analyze_with(
    input: &InputArgs,
    rules: &RulesArgs,
    report_lists_warnings: bool,
    scoring: &crate::score::Options,
) -> anyhow::Result<crate::Analysis> {
    // Rules first: a bad rules file is reported before the transcript is read.
    let classifier = rules.classifier()?;
    let options = load_options(input.input_format.as_deref(), input.strict)?;
    let transcript = crate::transcript::load_with(&source(&input.file), &options)?;
    if !report_lists_warnings {
        warn(&transcript);
    }
    if let Some(w) = scoring.window.filter(|w| w.needs_times()) {
        if crate::score::Timing::of(&transcript) == crate::score::Timing::None {
            anyhow::bail!(
                "{}: a {w} window needs times at the start of every turn and this transcript has none; give a number of utterances instead (e.g. --window 50)",
                transcript.source
            );
        }
    }
    Ok(crate::analyze_with(
        transcript,
        classifier.as_ref(),
        scoring,
    ))
}

/// How to read transcripts given `--input-format` and `--strict`.
fn load_options(
    input_format: Option<&str>,
    strict: bool,
) -> crate::Result<crate::transcript::LoadOptions> {
    let format = match input_format {
        Some(name) => Some(crate::transcript::formats::by_name(name).ok_or_else(|| {
            crate::Error::UnknownFormatName {
                name: name.to_string(),
            }
        })?),
        None => None,
    };
    Ok(crate::transcript::LoadOptions { format, strict })
}

/// Prints the parser's warnings on stderr, one line each, `file:line: message`.
fn warn(transcript: &crate::transcript::Transcript) {
    for w in &transcript.warnings {
        eprintln!(
            "colead: warning: {}:{}: {}",
            transcript.source, w.line, w.message
        );
    }
}

/// Opens `-o FILE` or standard output.
fn output(path: Option<&PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("{}: cannot write", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}
