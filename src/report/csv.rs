//! CSV output: RFC 4180 quoting, a header row, stable columns, numbers with
//! `.` and 4 decimals, empty cells for absent values.

use std::io::{self, Write};

use super::Printer;
use crate::analysis::Analysis;
use crate::score::{GroupScore, SpeakerScore};

/// Columns of `analyze --format csv`, one row per speaker: the meeting's
/// source, every per-speaker figure of [`SpeakerScore`] (same names), then
/// the meeting's pattern, flow score and equality repeated on each row so a
/// sheet of many meetings can be filtered.
pub const SPEAKER_COLUMNS: [&str; 40] = [
    "source",
    "speaker",
    "style",
    "leading",
    "following",
    "lead_ratio",
    "follow_ratio",
    "concurrency",
    "uptake",
    "concurrent_moments",
    "utterances",
    "turns",
    "words",
    "talk_seconds",
    "talk_share",
    "longest_monologue_words",
    "longest_monologue_seconds",
    "positions",
    "questions",
    "questions_to_others",
    "concessions",
    "challenges",
    "other",
    "builds",
    "lead_acts",
    "follow_acts",
    "position_turns",
    "taken_up",
    "questions_answered",
    "responses_received",
    "competing_positions",
    "challenges_resolved",
    "overlaps",
    "interruptions",
    "pattern",
    "confidence",
    "flow_score",
    "equality",
    "turn_entropy",
    "timeline",
];

/// Writes CSV tables.
pub struct Csv;

fn fixed(x: f64) -> String {
    format!("{x:.4}")
}

fn opt(x: Option<f64>) -> String {
    x.map(fixed).unwrap_or_default()
}

fn count(x: u64) -> String {
    x.to_string()
}

fn opt_count(x: Option<u64>) -> String {
    x.map(count).unwrap_or_default()
}

/// One speaker's row, in [`SPEAKER_COLUMNS`] order.
fn speaker_row(
    source: &str,
    s: &SpeakerScore,
    g: &GroupScore,
    strip: &str,
) -> [String; SPEAKER_COLUMNS.len()] {
    let f = &g.figures;
    [
        source.to_string(),
        s.name.clone(),
        s.style.as_str().to_string(),
        opt(s.leading),
        opt(s.following),
        opt(s.lead_ratio),
        opt(s.follow_ratio),
        opt(s.concurrency),
        opt(s.uptake),
        count(s.concurrent_moments),
        count(s.utterances),
        count(s.turns),
        count(s.words),
        opt(s.talk_seconds),
        fixed(s.talk_share),
        count(s.longest_monologue_words),
        opt(s.longest_monologue_seconds),
        count(s.positions),
        count(s.questions),
        count(s.questions_to_others),
        count(s.concessions),
        count(s.challenges),
        count(s.other),
        count(s.builds),
        count(s.lead_acts),
        count(s.follow_acts),
        count(s.position_turns),
        count(s.taken_up),
        count(s.questions_answered),
        count(s.responses_received),
        count(s.competing_positions),
        count(s.challenges_resolved),
        opt_count(s.overlaps),
        opt_count(s.interruptions),
        g.pattern.as_str().to_string(),
        fixed(g.confidence),
        fixed(f.flow_score),
        fixed(f.equality),
        fixed(f.turn_entropy),
        strip.to_string(),
    ]
}

fn to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl Printer for Csv {
    fn analysis(&self, a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(SPEAKER_COLUMNS).map_err(to_io)?;
        let group = &a.scores.group;
        let strip = super::strip(&a.scores.timeline);
        for sp in &a.scores.speakers {
            w.write_record(speaker_row(&a.transcript.source, sp, group, &strip))
                .map_err(to_io)?;
        }
        w.flush()
    }

    fn utterances(&self, a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        // The columns are those of `colead batch`'s utterances.csv, less `path`.
        w.write_record(&super::table::header(super::table::UTTERANCES)[1..])
            .map_err(to_io)?;
        super::table::write_utterances(a, false, &mut w).map_err(to_io)?;
        w.flush()
    }
}
