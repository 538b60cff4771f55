//! The evaluation report: figures from a [`Confusion`], as text or JSON.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use super::metrics::Confusion;
use crate::classify::Label;

/// Result of an evaluation, ready to print or serialize.
///
/// JSON schema (field names are stable; ratios are rounded to 4 decimals so
/// that output diffs stay quiet):
///
/// ```text
/// {
///   "files": 12,                 // labeled files read
///   "meetings": 12,              // meetings in them
///   "utterances": 16623,         // utterances scored (the matrix total)
///   "accuracy": 0.7312,          // share predicted correctly
///   "macro_f1": 0.4821,          // mean F1 over the five classes
///   "per_class": [               // one entry per class, in Label::ALL order
///     {"label": "position", "precision": 0.8, "recall": 0.9, "f1": 0.847, "support": 8330},
///     ...
///   ],
///   "confusion": {
///     "labels": ["position", "question", "concession", "challenge", "other"],
///     "rows": [[...], ...]       // rows[gold][predicted], indexed like labels
///   }
/// }
/// ```
///
/// Ratios are 0 (never NaN) where undefined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Number of labeled files read.
    pub files: usize,
    /// Number of meetings in those files.
    pub meetings: usize,
    /// Number of utterances scored.
    pub utterances: u64,
    /// Share of utterances predicted correctly.
    #[serde(serialize_with = "round4")]
    pub accuracy: f64,
    /// Unweighted mean of per-class F1 over the five classes.
    #[serde(serialize_with = "round4")]
    pub macro_f1: f64,
    /// Figures per class, in [`Label::ALL`] order.
    pub per_class: Vec<ClassReport>,
    /// The confusion matrix itself.
    pub confusion: ConfusionReport,
}

/// Figures for one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    /// The class.
    pub label: Label,
    /// Of the utterances predicted as this class, the share that are.
    #[serde(serialize_with = "round4")]
    pub precision: f64,
    /// Of the utterances of this class, the share predicted so.
    #[serde(serialize_with = "round4")]
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    #[serde(serialize_with = "round4")]
    pub f1: f64,
    /// Number of utterances whose gold label is this class.
    pub support: u64,
}

/// The confusion matrix in serializable form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfusionReport {
    /// Row and column labels, in [`Label::ALL`] order.
    pub labels: Vec<Label>,
    /// `rows[gold][predicted]`, indexed like `labels`.
    pub rows: Vec<Vec<u64>>,
}

/// Rounds to 4 decimals on output only, so text output (3 decimals) is
/// rounded once from the exact value rather than twice.
fn round4<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((value * 10_000.0).round() / 10_000.0)
}

impl EvalReport {
    /// Builds the report for `confusion`, the matrix of `meetings` meetings
    /// read from `files` files.
    pub fn new(confusion: &Confusion, files: usize, meetings: usize) -> Self {
        EvalReport {
            files,
            meetings,
            utterances: confusion.total(),
            accuracy: confusion.accuracy(),
            macro_f1: confusion.macro_f1(),
            per_class: Label::ALL
                .iter()
                .map(|&label| ClassReport {
                    label,
                    precision: confusion.precision(label),
                    recall: confusion.recall(label),
                    f1: confusion.f1(label),
                    support: confusion.support(label),
                })
                .collect(),
            confusion: ConfusionReport {
                labels: Label::ALL.to_vec(),
                rows: confusion.rows().iter().map(|row| row.to_vec()).collect(),
            },
        }
    }

    /// Writes the report as aligned plain-text tables: totals, accuracy and
    /// macro-F1, per-class precision/recall/F1/support, and the confusion
    /// matrix with gold labels as rows and predicted labels as columns.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "files: {}  meetings: {}  utterances: {}",
            self.files, self.meetings, self.utterances
        )?;
        writeln!(out, "accuracy: {:.3}", self.accuracy)?;
        writeln!(out, "macro-F1: {:.3}", self.macro_f1)?;
        writeln!(out)?;

        let mut table = vec![cells(["class", "precision", "recall", "F1", "support"])];
        table.extend(self.per_class.iter().map(|c| {
            vec![
                c.label.to_string(),
                format!("{:.3}", c.precision),
                format!("{:.3}", c.recall),
                format!("{:.3}", c.f1),
                c.support.to_string(),
            ]
        }));
        write_table(out, &table)?;
        writeln!(out)?;

        writeln!(out, "confusion (rows = gold, columns = predicted)")?;
        let mut header = vec!["gold \\ predicted".to_string()];
        header.extend(self.confusion.labels.iter().map(Label::to_string));
        let mut table = vec![header];
        table.extend(
            self.confusion
                .labels
                .iter()
                .zip(&self.confusion.rows)
                .map(|(label, row)| {
                    let mut line = vec![label.to_string()];
                    line.extend(row.iter().map(u64::to_string));
                    line
                }),
        );
        write_table(out, &table)
    }
}

fn cells<const K: usize>(texts: [&str; K]) -> Vec<String> {
    texts.iter().map(|s| s.to_string()).collect()
}

/// Writes rows with the first column left-aligned and the others
/// right-aligned (numbers line up on their last digit), two spaces apart.
fn write_table(out: &mut dyn Write, rows: &[Vec<String>]) -> io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if i == 0 {
                write!(out, "{cell:<width$}")?;
            } else {
                write!(out, "  {cell:>width$}")?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ```text
    ///          P  Q Cn Ch  O | support
    ///   P      3  1  0  0  0 | 4
    ///   Q      0  2  0  0  0 | 2
    ///   Cn     0  0  0  0  0 | 0
    ///   Ch     0  0  0  0  0 | 0
    ///   O      1  0  0  0  2 | 3
    ///   pred   4  3  0  0  2 | 9
    /// ```
    /// accuracy 7/9 = 0.7778; P: 3/4, 3/4, F1 3/4; Q: 2/3, 1, F1 4/5;
    /// O: 1, 2/3, F1 4/5; Cn, Ch: 0. macro-F1 = (0.75+0.8+0.8)/5 = 0.47.
    fn sample() -> EvalReport {
        let c = Confusion::from_rows([
            [3, 1, 0, 0, 0],
            [0, 2, 0, 0, 0],
            [0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0],
            [1, 0, 0, 0, 2],
        ]);
        EvalReport::new(&c, 2, 3)
    }

    #[test]
    fn json_has_stable_names_and_rounded_figures() {
        let json = serde_json::to_value(sample()).expect("serialize");
        let expected = serde_json::json!({
            "files": 2,
            "meetings": 3,
            "utterances": 9,
            "accuracy": 0.7778,
            "macro_f1": 0.47,
            "per_class": [
                {"label": "position", "precision": 0.75, "recall": 0.75, "f1": 0.75, "support": 4},
                {"label": "question", "precision": 0.6667, "recall": 1.0, "f1": 0.8, "support": 2},
                {"label": "concession", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0},
                {"label": "challenge", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0},
                {"label": "other", "precision": 1.0, "recall": 0.6667, "f1": 0.8, "support": 3},
            ],
            "confusion": {
                "labels": ["position", "question", "concession", "challenge", "other"],
                "rows": [[3, 1, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [1, 0, 0, 0, 2]],
            },
        });
        assert_eq!(json, expected);
    }

    #[test]
    fn text_is_aligned_with_three_decimals() {
        let mut out = Vec::new();
        sample().write_text(&mut out).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let expected = "\
files: 2  meetings: 3  utterances: 9
accuracy: 0.778
macro-F1: 0.470

class       precision  recall     F1  support
position        0.750   0.750  0.750        4
question        0.667   1.000  0.800        2
concession      0.000   0.000  0.000        0
challenge       0.000   0.000  0.000        0
other           1.000   0.667  0.800        3

confusion (rows = gold, columns = predicted)
gold \\ predicted  position  question  concession  challenge  other
position                 3         1           0          0      0
question                 0         2           0          0      0
concession               0         0           0          0      0
challenge                0         0           0          0      0
other                    1         0           0          0      2
";
        assert_eq!(text, expected);
    }
}
