//! Printers: one per output format, behind one trait.

mod csv;
mod json;
pub mod table;
mod text;

pub use self::csv::Csv;
pub use self::json::{AnalysisDoc, Json, UtteranceDoc, SCHEMA};
pub use self::text::Text;

use std::io::{self, Write};

use crate::analysis::Analysis;

/// Output formats the commands offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable report for the terminal.
    Text,
    /// The full result as one JSON document.
    Json,
    /// A table with a header row.
    Csv,
}

/// Writes an analysis in one format.
pub trait Printer {
    /// The meeting: group verdict and speakers.
    fn analysis(&self, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()>;
    /// One entry per utterance with its class and evidence.
    fn utterances(&self, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()>;
}

/// The printer for `format`.
pub fn printer(format: Format) -> &'static dyn Printer {
    match format {
        Format::Text => &Text,
        Format::Json => &Json,
        Format::Csv => &Csv,
    }
}

/// Seconds as `h:mm:ss` (or `m:ss` under an hour) for people.
pub fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}
