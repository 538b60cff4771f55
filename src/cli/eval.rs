//! `colead eval PATH...`

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::classify::linear::LinearModel;
use crate::classify::{Classifier, ModelClassifier};
use crate::eval::{collect_files, evaluate_each, read_labeled, Confusion, EvalReport};

/// Arguments of `colead eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labeled CSV files (columns speaker, text, label; optional meeting,
    /// start, end) or directories searched for them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, short = 'f', value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// Also list the first N misclassified utterances (file:line, gold,
    /// predicted, deciding rule, text) on stderr.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,
    /// Use this model file with the rules (from `colead train`).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub rules: super::RulesArgs,
}

/// Output formats of `colead eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// Readable tables.
    Text,
    /// One JSON document.
    Json,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let files = collect_files(&args.paths)?;
    if files.is_empty() {
        anyhow::bail!("no labeled CSV files found in the paths given");
    }
    let rules = args.rules.classifier()?;
    let classifier: Box<dyn Classifier> = match &args.model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
            let model = LinearModel::from_bytes(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            Box::new(ModelClassifier::new(rules, model))
        }
        None => Box::new(rules),
    };
    let mut confusion = Confusion::default();
    let mut meetings = 0;
    let mut shown = 0;
    for file in &files {
        let labeled = read_labeled(file)?;
        meetings += labeled.len();
        confusion += evaluate_each(classifier.as_ref(), &labeled, |j| {
            if j.gold != j.predicted.label && shown < args.errors {
                shown += 1;
                let t = &j.meeting.transcript;
                let u = &t.utterances[j.index];
                let before = j
                    .index
                    .checked_sub(1)
                    .and_then(|k| t.utterances.get(k))
                    .map(|b| format!("  (after {}: {})", t.speaker_name(b.speaker), b.text))
                    .unwrap_or_default();
                eprintln!(
                    "{}:{}: gold {} predicted {} by {}: {}: {}{before}",
                    file.display(),
                    u.line,
                    j.gold,
                    j.predicted.label,
                    j.predicted.evidence.decided_by.rule,
                    t.speaker_name(u.speaker),
                    u.text
                );
            }
        });
    }
    let report = EvalReport::new(&confusion, files.len(), meetings);
    let mut out = std::io::stdout().lock();
    match args.format {
        EvalFormat::Text => report.write_text(&mut out)?,
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(super::EXIT_OK)
}
