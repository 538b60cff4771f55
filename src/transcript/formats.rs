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
///
/// The parsers that could score highest are asked first: once one has
/// scored, a parser whose ceiling cannot beat that score is not asked. A
/// QMSum file is then searched for Rev's and QMSum's keys only, not for
/// every JSON format's keys in turn. The winner is the one [`all`]'s order
/// gives: the highest score, on a tie the earlier entry.
pub fn detect(text: &str, path: &Path) -> Result<&'static dyn Parser> {
    let head = head(text);
    let parsers = all();
    let mut by_ceiling: Vec<(u8, usize)> = parsers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.detect_ceiling(head), i))
        .collect();
    by_ceiling.sort_by_key(|&(ceiling, i)| (std::cmp::Reverse(ceiling), i));
    // The best score so far and its parser's place in `all`.
    let mut best: Option<(u8, usize)> = None;
    let beats = |score: u8, i: usize, best: Option<(u8, usize)>| {
        best.is_none_or(|(b, at)| score > b || (score == b && i < at))
    };
    for (ceiling, i) in by_ceiling {
        if !beats(ceiling, i, best) {
            continue;
        }
        let score = parsers[i].detect(head);
        if score > 0 && beats(score, i, best) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| parsers[i])
        .ok_or_else(|| Error::UnknownFormat {
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

#[cfg(test)]
mod tests {
    use super::super::test_support::other_fixtures;
    use super::*;

    /// Detection as it was before ceilings: every parser asked.
    fn exhaustive(text: &str) -> Option<&'static str> {
        let head = head(text);
        let mut best: Option<(u8, &'static dyn Parser)> = None;
        for &parser in all() {
            let score = parser.detect(head);
            if score > 0 && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, parser));
            }
        }
        best.map(|(_, p)| p.name())
    }

    /// Every fixture, whole and cut after each of its first lines, and with
    /// a WebVTT signature or a speaker line put in front.
    fn samples() -> Vec<String> {
        let mut out = Vec::new();
        for (_, text) in other_fixtures(&[]) {
            let mut cut = 0;
            for line in text.split_inclusive('\n').take(12) {
                cut += line.len();
                out.push(text[..cut].to_string());
            }
            out.push(format!("WEBVTT\n\n{text}"));
            out.push(format!("Ana: hi\n{text}"));
            out.push(text);
        }
        // Several formats' keys at once, where order decides ties.
        for keys in [
            r#"{"meeting_transcripts": [], "monologues": []}"#,
            r#"{"results": {"channels": [], "items": [], "alternatives": []}, "utterances": []}"#,
            r#"{"segments": [], "speaker": "A", "language": "en", "utterances": [], "words": []}"#,
            r#"[{"speaker": "A", "text": "x", "segments": []}]"#,
        ] {
            out.push(keys.to_string());
        }
        out.push(String::new());
        out.push("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>hi\n".into());
        out
    }

    #[test]
    fn no_parser_scores_above_its_ceiling() {
        for text in samples() {
            let head = head(&text);
            for &parser in all() {
                assert!(
                    parser.detect(head) <= parser.detect_ceiling(head),
                    "{}: {head:?}",
                    parser.name()
                );
            }
        }
    }

    #[test]
    fn ceilings_change_no_detection() {
        for text in samples() {
            let found = detect(&text, Path::new("x")).ok().map(|p| p.name());
            assert_eq!(found, exhaustive(&text), "{text:?}");
        }
    }

    #[test]
    fn webvtt_ceiling_is_full_only_with_the_signature() {
        let webvtt = by_name("webvtt").map(|p| p.detect_ceiling("WEBVTT\n\nx"));
        assert_eq!(webvtt, Some(100));
        // Without it, the best WebVTT can say is "voices or hour-less times".
        let json = by_name("webvtt").map(|p| p.detect_ceiling("{\"a\": 1}"));
        assert_eq!(json, Some(80));
    }
}
