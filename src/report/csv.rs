//! CSV output: RFC 4180 quoting, a header row, stable columns, numbers with
//! `.` and 4 decimals, empty cells for absent values.
//!
//! The columns are those of `colead batch`'s tables ([`super::table`]), so a
//! figure is read and formatted in one place whichever command writes it.

use std::io::{self, Write};

use super::table::{self, Column, MEETINGS, SPEAKERS};
use super::Printer;
use crate::analysis::Analysis;

/// The meeting's columns that `analyze --format csv` repeats on each
/// speaker's row, so a sheet of many meetings can be filtered by them.
pub const MEETING_COLUMNS_REPEATED: [&str; 6] = [
    "pattern",
    "confidence",
    "flow_score",
    "equality",
    "turn_entropy",
    "timeline",
];

/// Header of `analyze --format csv`: the columns of `speakers.csv`, then
/// [`MEETING_COLUMNS_REPEATED`].
pub fn speaker_header() -> Vec<&'static str> {
    let mut header = table::header(SPEAKERS);
    header.extend(MEETING_COLUMNS_REPEATED);
    header
}

/// Writes CSV tables.
pub struct Csv;

fn to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl Printer for Csv {
    fn analysis(&self, a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(speaker_header()).map_err(to_io)?;
        let mut repeated = Vec::with_capacity(MEETING_COLUMNS_REPEATED.len());
        let mut buf = String::new();
        for name in MEETING_COLUMNS_REPEATED {
            // A missing name is a programming error the tests catch; an empty
            // cell keeps the row well formed meanwhile.
            buf.clear();
            if let Some((_, c)) = Column::find(MEETINGS, name) {
                (c.get)(a).write_to(&mut buf);
            }
            repeated.push(buf.clone());
        }
        for mut row in table::speaker_rows(a) {
            for cell in &repeated {
                row.push_field(cell);
            }
            w.write_record(&row).map_err(to_io)?;
        }
        w.flush()
    }

    fn utterances(&self, a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        // The columns are those of `colead batch`'s utterances.csv, less `path`.
        w.write_record(&table::header(table::UTTERANCES)[1..])
            .map_err(to_io)?;
        table::write_utterances(a, false, &mut w).map_err(to_io)?;
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_repeated_meeting_column_exists() {
        for name in MEETING_COLUMNS_REPEATED {
            assert!(Column::find(MEETINGS, name).is_some(), "no column {name}");
        }
    }
}
