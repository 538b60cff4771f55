//! `colead eval PATH...`

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::classify::model::Stacked;
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
    /// Remove every start and end time first, to measure how the classifier
    /// does on transcripts that have none.
    #[arg(long)]
    pub no_times: bool,
    /// Rewrite every utterance first, as other transcripts write, to
    /// measure whether the classifier leans on the labeled corpus' habits
    /// (all lower case, `--` for a cut-off, speaker ids).
    #[arg(long, value_enum)]
    pub restyle: Option<crate::eval::restyle::Style>,
    /// Also print, per deciding rule, how often it decided and how often it
    /// was right (on stderr), to see which rules misfire.
    #[arg(long)]
    pub by_rule: bool,
    /// Use this model file with the rules (from `colead train`) instead of
    /// the built-in model.
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
    let classifier: Box<dyn Classifier> = match &args.model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
            let model = Stacked::from_bytes(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            Box::new(ModelClassifier::new(args.rules.rules()?, model))
        }
        None => args.rules.classifier()?,
    };
    let mut confusion = Confusion::default();
    let mut meetings = 0;
    let mut shown = 0;
    let mut by_rule: std::collections::BTreeMap<String, (u64, u64)> =
        std::collections::BTreeMap::new();
    for file in &files {
        let mut labeled = read_labeled(file)?;
        if args.no_times {
            for m in &mut labeled {
                m.transcript = crate::classify::model::without_times(&m.transcript);
            }
        }
        if let Some(style) = args.restyle {
            for m in &mut labeled {
                crate::eval::restyle::restyle(m, style);
            }
        }
        meetings += labeled.len();
        confusion += evaluate_each(classifier.as_ref(), &labeled, |j| {
            if args.by_rule {
                let e = by_rule
                    .entry(j.predicted.evidence.decided_by.rule.to_string())
                    .or_default();
                e.0 += 1;
                e.1 += u64::from(j.gold == j.predicted.label);
            }
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
    if args.by_rule {
        let mut rows: Vec<_> = by_rule.into_iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        eprintln!("{:<26} {:>8} {:>9}", "rule", "decided", "precision");
        for (rule, (n, right)) in rows {
            eprintln!("{rule:<26} {n:>8} {:>9.3}", right as f64 / n.max(1) as f64);
        }
    }
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
