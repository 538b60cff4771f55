//! The registry of formats and detection from content.
//!
//! Extensions lie (Zoom `.vtt` files get renamed `.txt`), so the format is
//! read from the content: every parser scores the first part of the file and
//! the highest score wins; on a tie the earlier entry of [`all`] wins, so more
//! specific formats come before the formats they resemble.

use std::path::Path;

use super::json::{AssemblyAi, AwsTranscribe, Deepgram, JsonArray, Qmsum, Rev, Whisper, WhisperX};
use super::{CsvTable, GoogleMeet, Otter, Parser, PlainText, Srt, TeamsText, WebVtt};
use crate::error::{Error, Result};

/// How much of a file detection looks at.
pub const HEAD_BYTES: usize = 64 * 1024;

/// Every format, most specific first.
pub fn all() -> &'static [&'static dyn Parser] {
    &[
        // Formats with signature keys or lines first; plain text, the
        // fallback, last. Scores rarely tie; where they could, order decides.
        &Whisper,
        &WhisperX,
        &AwsTranscribe,
        &AssemblyAi,
        &Deepgram,
        &Rev,
        &JsonArray,
        &Qmsum,
        &WebVtt,
        &Srt,
        &Otter,
        &TeamsText,
        &GoogleMeet,
        &CsvTable,
        &PlainText,
    ]
}

/// The format called `name` (as `--input-format` takes it).
pub fn by_name(name: &str) -> Option<&'static dyn Parser> {
    all()
        .iter()
        .copied()
        .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
}

/// The format of `text`, or an error listing what was tried.
pub fn detect(text: &str, path: &Path) -> Result<&'static dyn Parser> {
    let head = head(text);
    let mut best: Option<(u8, &'static dyn Parser)> = None;
    for &parser in all() {
        let score = parser.detect(head);
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, parser));
        }
    }
    best.map(|(_, p)| p).ok_or_else(|| Error::UnknownFormat {
        path: path.to_path_buf(),
        tried: all()
            .iter()
            .map(|p| p.name())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// The first [`HEAD_BYTES`] of `text`, cut at a char boundary.
fn head(text: &str) -> &str {
    if text.len() <= HEAD_BYTES {
        return text;
    }
    let mut end = HEAD_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
