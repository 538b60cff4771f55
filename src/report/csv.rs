//! CSV output: RFC 4180 quoting, a header row, stable columns, numbers with
//! `.` and 4 decimals, empty cells for absent values.

use std::io::{self, Write};

use super::Printer;
use crate::analysis::Analysis;

/// Columns of `analyze --format csv`, one row per speaker.
pub const SPEAKER_COLUMNS: [&str; 17] = [
    "source",
    "speaker",
    "style",
    "leading",
    "following",
    "concurrency",
    "utterances",
    "words",
    "talk_share",
    "positions",
    "questions",
    "concessions",
    "challenges",
    "other",
    "builds",
    "pattern",
    "equality",
];

/// Writes CSV tables.
pub struct Csv;

fn fixed(x: f64) -> String {
    format!("{x:.4}")
}

fn opt(x: Option<f64>) -> String {
    x.map(fixed).unwrap_or_default()
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
        for s in &a.scores.speakers {
            w.write_record([
                a.transcript.source.clone(),
                s.name.clone(),
                s.style.as_str().to_string(),
                opt(s.leading),
                opt(s.following),
                opt(s.concurrency),
                s.utterances.to_string(),
                s.words.to_string(),
                fixed(s.talk_share),
                s.positions.to_string(),
                s.questions.to_string(),
                s.concessions.to_string(),
                s.challenges.to_string(),
                s.other.to_string(),
                s.builds.to_string(),
                group.pattern.as_str().to_string(),
                fixed(group.figures.equality),
            ])
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
