//! JSON output.
//!
//! # Schema (`colead.analysis/3`)
//!
//! [`AnalysisDoc`] is the document `analyze --format json` writes; its field
//! names are stable within a schema version. The figures are the public
//! types of [`crate::score`]: [`GroupScore`] (with
//! [`GroupFigures`](crate::score::GroupFigures)), [`SpeakerScore`] and
//! [`Timeline`]; each field's doc comment says what it holds, and
//! `docs/output.md` lists them all. `utterances --format json` writes
//! the `utterances` array alone. Floats are rounded to 4 decimals; absent
//! values are `null`. The types derive `Deserialize`, so consumers in Rust
//! can read the output back.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::Printer;
use crate::analysis::Analysis;
use crate::classify::{Evidence, Label};
use crate::score::{GroupScore, SpeakerScore, Timeline};

/// Schema id written in every document.
pub const SCHEMA: &str = "colead.analysis/3";

/// The full result for one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisDoc {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The input path, `-` for stdin.
    pub source: String,
    /// The format the input was read as.
    pub format: String,
    /// Whether the transcript carries times.
    pub has_times: bool,
    /// Problems the parser worked around, as `line: message`.
    pub warnings: Vec<String>,
    /// The group verdict, its reasons and figures.
    pub group: GroupScore,
    /// Speakers, highest leading first.
    pub speakers: Vec<SpeakerScore>,
    /// The meeting in windows, each with its pattern and key figures.
    pub timeline: Timeline,
    /// Every utterance in order.
    pub utterances: Vec<UtteranceDoc>,
}

/// One utterance with its class and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UtteranceDoc {
    /// Position in the meeting, from 0.
    pub index: usize,
    /// Speaker name.
    pub speaker: String,
    /// Start in seconds, or `null`.
    pub start: Option<f64>,
    /// End in seconds, or `null`.
    pub end: Option<f64>,
    /// 1-based source line.
    pub line: usize,
    /// Conversational turn, from 0.
    pub turn: usize,
    /// The words.
    pub text: String,
    /// The class.
    pub label: Label,
    /// Why.
    pub evidence: Evidence,
}

impl AnalysisDoc {
    /// The document for an analysis.
    pub fn new(a: &Analysis) -> Self {
        AnalysisDoc {
            schema: SCHEMA.to_string(),
            source: a.transcript.source.clone(),
            format: a.transcript.format.clone(),
            has_times: a.transcript.has_times(),
            warnings: a
                .transcript
                .warnings
                .iter()
                .map(|w| format!("{}: {}", w.line, w.message))
                .collect(),
            group: a.scores.group.clone(),
            speakers: a.scores.speakers.clone(),
            timeline: a.scores.timeline.clone(),
            utterances: UtteranceDoc::all(a),
        }
    }
}

impl UtteranceDoc {
    /// One entry per utterance of an analysis.
    pub fn all(a: &Analysis) -> Vec<Self> {
        let t = &a.transcript;
        t.utterances
            .iter()
            .zip(&a.classified)
            .enumerate()
            .map(|(index, (u, c))| UtteranceDoc {
                index,
                speaker: t.speaker_name(u.speaker).to_string(),
                start: u.start.map(crate::score::round),
                end: u.end.map(crate::score::round),
                line: u.line,
                turn: u.turn,
                text: u.text.clone(),
                label: c.label,
                evidence: c.evidence.clone(),
            })
            .collect()
    }
}

/// Writes JSON documents.
pub struct Json;

impl Printer for Json {
    fn analysis(&self, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &AnalysisDoc::new(analysis))?;
        writeln!(out)
    }

    fn utterances(&self, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &UtteranceDoc::all(analysis))?;
        writeln!(out)
    }
}
