//! The terminal report: the verdict first, then the speakers table.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{clock, Printer};
use crate::analysis::Analysis;

/// Writes readable text.
pub struct Text;

/// Pads `s` to `width` terminal columns (wide scripts count double).
fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn score(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| format!("{x:.2}"))
}

impl Printer for Text {
    fn analysis(&self, a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let t = &a.transcript;
        let g = &a.scores.group;
        let f = &g.figures;
        let duration = t
            .utterances
            .iter()
            .filter_map(|u| u.end.or(u.start))
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
        writeln!(
            out,
            "{} ({}; {} utterances, {} speakers{})",
            t.source,
            t.format,
            f.utterances,
            f.speakers,
            duration
                .map(|d| format!(", until {}", clock(d)))
                .unwrap_or_default()
        )?;
        writeln!(out)?;
        writeln!(out, "Group pattern: {}", g.pattern.as_str().to_uppercase())?;
        for reason in &g.reasons {
            writeln!(out, "  because {reason}")?;
        }
        let c = &f.counts;
        writeln!(
            out,
            "  participation equality {:.2} · positions {} · questions {} · concessions {} · challenges {} · other {}",
            f.equality, c.position, c.question, c.concession, c.challenge, c.other
        )?;
        writeln!(out)?;

        let name_width = a
            .scores
            .speakers
            .iter()
            .map(|s| s.name.width())
            .max()
            .unwrap_or(0)
            .max(7);
        writeln!(
            out,
            "{}  {:<19}  {:>4}  {:>4}  {:>4}  {:>5}  {:>5}  {:>5}  {:>3}  {:>3}  {:>4}  {:>4}  {:>5}",
            pad("Speaker", name_width),
            "Style",
            "Lead",
            "Fol",
            "Both",
            "Utt",
            "Words",
            "Talk",
            "Pos",
            "Q",
            "Conc",
            "Chal",
            "Other"
        )?;
        for s in &a.scores.speakers {
            writeln!(
                out,
                "{}  {:<19}  {:>4}  {:>4}  {:>4}  {:>5}  {:>5}  {:>4.0}%  {:>3}  {:>3}  {:>4}  {:>4}  {:>5}",
                pad(&s.name, name_width),
                s.style.describe(),
                score(s.leading),
                score(s.following),
                score(s.concurrency),
                s.utterances,
                s.words,
                s.talk_share * 100.0,
                s.positions,
                s.questions,
                s.concessions,
                s.challenges,
                s.other
            )?;
        }
        if !t.warnings.is_empty() {
            writeln!(out)?;
            for w in &t.warnings {
                writeln!(out, "warning: {}:{}: {}", t.source, w.line, w.message)?;
            }
        }
        Ok(())
    }

    fn utterances(&self, a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let t = &a.transcript;
        for (u, c) in t.utterances.iter().zip(&a.classified) {
            let when = u
                .start
                .map(|s| format!("[{}] ", clock(s)))
                .unwrap_or_default();
            let cue = &c.evidence.decided_by;
            writeln!(
                out,
                "{:>5}  {when}{}: {:<10} {}  ({}{})",
                u.line,
                t.speaker_name(u.speaker),
                c.label.as_str(),
                u.text,
                cue.rule,
                if cue.matched.is_empty() {
                    String::new()
                } else {
                    format!(" \"{}\"", cue.matched)
                }
            )?;
        }
        Ok(())
    }
}
