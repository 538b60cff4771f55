//! The terminal report: the group verdict first, then the speakers table,
//! then the timeline as a compact strip. No colour, so there is nothing for
//! `NO_COLOR` to turn off.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{clock, strip, Printer};
use crate::analysis::Analysis;
use crate::score::{Condition, GroupScore, Pattern, SpeakerScore, Timeline, WindowUnit};

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

/// Talk in its unit: `m:ss` where times exist, else words.
fn talk(seconds: Option<f64>, words: u64) -> String {
    seconds.map_or_else(|| format!("{words} w"), clock)
}

fn group_lines(g: &GroupScore, out: &mut dyn Write) -> io::Result<()> {
    let f = &g.figures;
    writeln!(
        out,
        "Group pattern: {} · confidence {:.2} · flow score {:.0}/100",
        g.pattern.as_str().to_uppercase(),
        g.confidence,
        f.flow_score
    )?;
    for reason in &g.reasons {
        writeln!(out, "  because {reason}")?;
    }
    writeln!(out, "  decided by: {}", deciding(&g.deciding))?;
    if let Some(call) = &g.closest_call {
        writeln!(out, "  closest call: {call}")?;
    }
    let p = &f.flow_parts;
    writeln!(
        out,
        "  flow score = 100 × concurrency {:.2} × mean(abrasion {:.2} · agility {} · resolution {} · equality {:.2})",
        p.concurrency,
        p.abrasion,
        score(p.agility),
        score(p.resolution),
        p.equality
    )?;
    let per_10 = f
        .abrasion_per_10min
        .map(|x| format!(", {x:.1} per 10 min"))
        .unwrap_or_default();
    writeln!(
        out,
        "  creative abrasion {:.1} per 100 utterances{per_10} · agility {} ({} of {} questions answered, {} of {} position turns taken up) · resolution {} ({} of {} challenges)",
        f.abrasion,
        score(f.agility),
        f.questions_answered,
        f.counts.question,
        f.taken_up,
        f.position_turns,
        score(f.resolution),
        f.challenges_resolved,
        f.counts.challenge
    )?;
    let shifts: Vec<String> = crate::score::Shift::ALL
        .iter()
        .filter(|&&s| f.shifts.get(s) > 0)
        .map(|&s| format!("{s} {}", f.shifts.get(s)))
        .collect();
    writeln!(
        out,
        "  participation equality {:.2} · turn-taking entropy {:.2} · shifts {}",
        f.equality,
        f.turn_entropy,
        if shifts.is_empty() {
            "none".to_string()
        } else {
            shifts.join(", ")
        }
    )?;
    let c = &f.counts;
    writeln!(
        out,
        "  positions {} · questions {} · concessions {} · challenges {} · other {} · builds {} · concurrent moments {}{}",
        c.position,
        c.question,
        c.concession,
        c.challenge,
        c.other,
        f.builds,
        f.concurrent_moments,
        match (f.overlaps, f.interruptions) {
            (Some(o), Some(i)) => format!(" · overlaps {o} · interruptions {i}"),
            _ => String::new(),
        }
    )
}

/// The decision list as evaluated: `stagnation? lead_rate 0.71 < 0.40 no · ...`.
fn deciding(conditions: &[Condition]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut last: Option<Pattern> = None;
    for c in conditions {
        let test = format!(
            "{} {} {} {} {}",
            c.figure,
            number(c.value),
            c.op,
            number(c.threshold),
            if c.holds { "yes" } else { "no" }
        );
        match parts.last_mut() {
            Some(p) if last == Some(c.pattern) => {
                p.push_str(", ");
                p.push_str(&test);
            }
            _ => parts.push(format!("{}? {test}", c.pattern)),
        }
        last = Some(c.pattern);
    }
    parts.join(" · ")
}

/// Whole numbers without decimals, others with two.
fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn speaker_table(speakers: &[SpeakerScore], out: &mut dyn Write) -> io::Result<()> {
    let name_width = speakers
        .iter()
        .map(|s| s.name.width())
        .max()
        .unwrap_or(0)
        .max(7);
    writeln!(
        out,
        "{}  {:<19}  {:>4}  {:>4}  {:>4}  {:>4}  {:>3}  {:>4}  {:>5}  {:>8}  {:>5}  {:>8}  {:>3}  {:>3}  {:>4}  {:>4}  {:>4}  {:>5}",
        pad("Speaker", name_width),
        "Style",
        "Lead",
        "Fol",
        "Both",
        "Upt",
        "Mom",
        "Utt",
        "Turns",
        "Talk",
        "Share",
        "Longest",
        "Pos",
        "Q",
        "Conc",
        "Chal",
        "Resp",
        "Int"
    )?;
    for s in speakers {
        let interrupts = match (s.interruptions, s.overlaps) {
            (Some(i), Some(o)) => format!("{i}/{o}"),
            _ => "–".to_string(),
        };
        writeln!(
            out,
            "{}  {:<19}  {:>4}  {:>4}  {:>4}  {:>4}  {:>3}  {:>4}  {:>5}  {:>8}  {:>4.0}%  {:>8}  {:>3}  {:>3}  {:>4}  {:>4}  {:>4}  {:>5}",
            pad(&s.name, name_width),
            s.style.describe(),
            score(s.leading),
            score(s.following),
            score(s.concurrency),
            score(s.uptake),
            s.concurrent_moments,
            s.utterances,
            s.turns,
            talk(s.talk_seconds, s.words),
            s.talk_share * 100.0,
            talk(s.longest_monologue_seconds, s.longest_monologue_words),
            s.positions,
            s.questions,
            s.concessions,
            s.challenges,
            s.responses_received,
            interrupts
        )?;
    }
    Ok(())
}

/// Eight levels for the flow-score line under the strip.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn timeline_lines(t: &Timeline, utterances: u64, out: &mut dyn Write) -> io::Result<()> {
    let Some(last) = t.windows.last() else {
        return Ok(());
    };
    writeln!(
        out,
        "Timeline ({} windows; F flow, H hierarchy, C chaos, S stagnation):",
        t.window
    )?;
    let (from, to) = match t.window.unit {
        WindowUnit::Seconds => (
            clock(t.windows[0].start_seconds.unwrap_or(0.0)),
            clock(last.end_seconds.unwrap_or(0.0)),
        ),
        WindowUnit::Utterances => ("utterance 1".to_string(), utterances.to_string()),
    };
    writeln!(out, "  {from} |{}| {to}", strip(t))?;
    let mut bars = String::new();
    let mut next = 0;
    for w in &t.windows {
        let gap = super::gap(w.index.saturating_sub(next));
        bars.push_str(&" ".repeat(gap.chars().count()));
        let level = ((w.flow_score / 100.0 * BARS.len() as f64) as usize).min(BARS.len() - 1);
        bars.push(BARS[level]);
        next = w.index + 1;
    }
    writeln!(
        out,
        "  {} |{bars}| flow score per window",
        " ".repeat(from.width())
    )?;
    let windows = t.windows.len();
    match (t.flow_seconds, t.window.unit) {
        (Some(s), WindowUnit::Seconds) => {
            let total = last.end_seconds.unwrap_or(0.0) - t.windows[0].start_seconds.unwrap_or(0.0);
            writeln!(
                out,
                "  in flow for {} of {} ({} of {windows} windows)",
                clock(s),
                clock(total),
                t.flow_windows
            )
        }
        _ => writeln!(
            out,
            "  in flow for {} of {utterances} utterances ({} of {windows} windows)",
            t.flow_utterances, t.flow_windows
        ),
    }
}

impl Printer for Text {
    fn analysis(&self, a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let t = &a.transcript;
        let g = &a.scores.group;
        let f = &g.figures;
        writeln!(
            out,
            "{} ({}; {} utterances, {} speakers{})",
            t.source,
            t.format,
            f.utterances,
            f.speakers,
            f.duration_seconds
                .map(|d| format!(", {} long", clock(d)))
                .unwrap_or_default()
        )?;
        writeln!(out)?;
        group_lines(g, out)?;
        writeln!(out)?;
        speaker_table(&a.scores.speakers, out)?;
        writeln!(out)?;
        timeline_lines(&a.scores.timeline, f.utterances, out)?;
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
