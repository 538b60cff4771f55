//! Printers: one per output format, behind one trait.

mod csv;
pub mod html;
mod json;
pub mod table;
mod text;

pub use self::csv::{speaker_header, Csv, MEETING_COLUMNS_REPEATED};
pub use self::html::Html;
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
    /// One self-contained HTML page with charts (inline CSS and SVG).
    Html,
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
        Format::Html => &Html,
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

/// The timeline as one letter per window (`F` flow, `H` hierarchy, `C`
/// chaos, `S` stagnation), `·` for a time window without speech; a gap of
/// more than [`GAP_SHOWN`] such windows is shown as `·…·`.
pub fn strip(timeline: &crate::score::Timeline) -> String {
    let mut out = String::new();
    let mut next = 0;
    for w in &timeline.windows {
        out.push_str(&gap(w.index.saturating_sub(next)));
        out.push(w.pattern.letter());
        next = w.index + 1;
    }
    out
}

/// Empty windows shown one by one; beyond this, a long gap is `·…·`.
pub const GAP_SHOWN: usize = 3;

/// The marks for `n` empty windows.
pub(crate) fn gap(n: usize) -> String {
    if n > GAP_SHOWN {
        "·…·".to_string()
    } else {
        "·".repeat(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Pattern, Timeline, Window, WindowScore};

    fn window(index: usize, pattern: Pattern) -> WindowScore {
        WindowScore {
            index,
            first_utterance: index,
            last_utterance: index,
            start_seconds: None,
            end_seconds: None,
            utterances: 1,
            pattern,
            confidence: 0.5,
            flow_score: 0.0,
            lead_rate: 0.0,
            follow_rate: 0.0,
            abrasion: 0.0,
            agility: None,
            resolution: None,
            equality: 1.0,
            leaders: 0,
            concurrent: 0,
            top_leader: None,
            concurrent_leaders: Vec::new(),
        }
    }

    #[test]
    fn strip_marks_empty_windows_and_shortens_long_gaps() {
        let timeline = |indices: &[(usize, Pattern)]| Timeline {
            window: Window::seconds(300.0),
            windows: indices.iter().map(|&(i, p)| window(i, p)).collect(),
            flow_windows: 0,
            flow_seconds: None,
            flow_utterances: 0,
        };
        use Pattern::*;
        assert_eq!(
            strip(&timeline(&[(0, Flow), (1, Hierarchy), (3, Chaos)])),
            "FH·C"
        );
        assert_eq!(
            strip(&timeline(&[(0, Stagnation), (900_000, Flow)])),
            "S·…·F"
        );
        assert_eq!(strip(&timeline(&[])), "");
    }
}
