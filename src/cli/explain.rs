//! `colead explain "text" [--after "previous"]`

use std::io::Write;

use crate::classify::{Classified, Classifier};
use crate::transcript::{Transcript, Turn, Utterance};

/// Arguments of `colead explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The utterance to classify.
    pub text: String,
    /// What another speaker said just before, for context.
    #[arg(long, value_name = "TEXT")]
    pub after: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub rules: super::RulesArgs,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let classifier = args.rules.classifier()?;
    let classified = explain(classifier.as_ref(), &args.text, args.after.as_deref())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &classified)?;
        writeln!(out)?;
    } else {
        let e = &classified.evidence;
        writeln!(out, "{}", classified.label)?;
        writeln!(
            out,
            "  decided by {} {}",
            e.decided_by.rule,
            quoted(&e.decided_by.matched)
        )?;
        if let Some(r) = &e.runner_up {
            writeln!(
                out,
                "  runner-up  {} ({}) {}",
                r.rule,
                r.label,
                quoted(&r.matched)
            )?;
        }
        if let Some(c) = &e.context {
            writeln!(out, "  context    {c}")?;
        }
    }
    out.flush()?;
    Ok(super::EXIT_OK)
}

fn quoted(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("\"{s}\"")
    }
}

/// Classifies `text` as said by "B", after `after` said by "A". The text is
/// kept whole (not segmented): it is the unit asked about.
pub fn explain(
    classifier: &dyn Classifier,
    text: &str,
    after: Option<&str>,
) -> anyhow::Result<Classified> {
    let before: Vec<Turn> = after
        .map(|a| Turn {
            speaker: "A".to_string(),
            text: a.to_string(),
            start: None,
            end: None,
            line: 1,
        })
        .into_iter()
        .collect();
    let mut t = Transcript::from_turns("explain", "text", &before);
    let b = t.speakers.len();
    t.speakers.push("B".to_string());
    t.utterances.push(Utterance {
        speaker: b,
        text: text.to_string(),
        start: None,
        end: None,
        line: before.len() + 1,
        turn: t.utterances.last().map_or(0, |u| u.turn + 1),
    });
    classifier
        .classify(&t)
        .pop()
        .ok_or_else(|| anyhow::anyhow!("the classifier returned no label"))
}
