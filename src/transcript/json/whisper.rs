//! OpenAI whisper and faster-whisper JSON output: timed segments, no speakers.
//!
//! ```json
//! {"text": " Hello. Hi.", "language": "en",
//!  "segments": [{"id": 0, "seek": 0, "start": 1.0, "end": 4.5, "text": " Hello.",
//!                "tokens": [...], "avg_logprob": -0.2, ...}]}
//! ```
//!
//! Whisper does not diarize, so everything is one
//! [`UNKNOWN_SPEAKER`] turn, said once in a warning.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::whisperx::WHISPER_KEYS;
use super::{Doc, Pieces, Sniff, Time};
use crate::error::Result;
use crate::transcript::{Parsed, Parser, UNKNOWN_SPEAKER};

/// Reads OpenAI whisper / faster-whisper JSON (`{"text", "segments": [{"start",
/// "end", "text"}]}`) as speech by [`UNKNOWN_SPEAKER`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Whisper;

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow, default)]
    segments: Option<&'a RawValue>,
    /// The whole transcript; read only when there are no segments.
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Segment<'a> {
    start: Option<Time>,
    end: Option<Time>,
    #[serde(borrow, default)]
    text: Cow<'a, str>,
}

impl Parser for Whisper {
    fn name(&self) -> &'static str {
        "whisper"
    }

    fn description(&self) -> &'static str {
        "OpenAI whisper / faster-whisper JSON: timed segments without speakers"
    }

    /// Segments with whisper's decoder keys and no speakers are its
    /// signature; bare segments could be WhisperX without diarization, which
    /// scores a little higher and reads them the same way.
    /// Only an object can be this format, and it scores at most 91.
    fn detect_ceiling(&self, head: &str) -> u8 {
        Sniff::new(head).ceiling_if_object(91)
    }

    fn detect(&self, head: &str) -> u8 {
        let sniff = Sniff::new(head);
        if !sniff.is_object() || !sniff.has("segments") {
            return 0;
        }
        if sniff.has("speaker") {
            30
        } else if sniff.has_any(WHISPER_KEYS) {
            91
        } else {
            70
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let mut doc = Doc::new(
            text,
            path,
            "an OpenAI whisper transcript (an object with a \"segments\" array or a \"text\")",
        )?;
        let root: Root = doc.object()?;
        let mut pieces = Pieces::new("segment");
        if let Some(segments) = root.segments {
            doc.each(segments, "segment", |line, s: Segment| {
                pieces.push(Some(UNKNOWN_SPEAKER), &s.text, s.start, s.end, line);
            })?;
        }
        if pieces.is_empty() {
            if let Some(raw) = root.text {
                let line = doc.line_of(raw);
                let whole: Option<String> = doc.part(raw)?;
                let whole = whole.unwrap_or_default();
                pieces.push(Some(UNKNOWN_SPEAKER), &whole, None, None, line);
            } else if root.segments.is_none() {
                return Err(doc.error(1, "it has neither \"segments\" nor \"text\""));
            }
        }
        doc.warn(
            1,
            format!(
                "whisper JSON has no speaker labels; all speech is attributed to \
                 \"{UNKNOWN_SPEAKER}\""
            ),
        );
        doc.finish(pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, parse, parse_error, syntax, turn, warning};
    use super::*;

    const NO_SPEAKERS: &str =
        "whisper JSON has no speaker labels; all speech is attributed to \"Unknown speaker\"";

    #[test]
    fn all_segments_are_one_unknown_turn() {
        let parsed = parse(&Whisper, &fixture("formats/whisper.json"));
        assert_eq!(
            parsed.turns,
            [turn(
                UNKNOWN_SPEAKER,
                "The printer on the third floor is broken again. Somebody should call the vendor.",
                Some(0.0),
                Some(5.9),
                4
            )]
        );
        assert_eq!(parsed.warnings, [warning(1, NO_SPEAKERS)]);
    }

    #[test]
    fn speakers_in_segments_are_not_read() {
        let text =
            r#"{"segments": [{"text": "a", "speaker": "S1"}, {"text": "b", "speaker": "S2"}]}"#;
        let parsed = parse(&Whisper, text);
        assert_eq!(parsed.turns, [turn(UNKNOWN_SPEAKER, "a b", None, None, 1)]);
        assert_eq!(parsed.warnings, [warning(1, NO_SPEAKERS)]);
    }

    #[test]
    fn text_alone_is_read_when_there_are_no_segments() {
        for text in [
            "{\"language\": \"en\",\n \"text\": \" Just text.\"}",
            "{\"segments\": [],\n \"text\": \" Just text.\"}",
        ] {
            let parsed = parse(&Whisper, text);
            assert_eq!(
                parsed.turns,
                [turn(UNKNOWN_SPEAKER, "Just text.", None, None, 2)]
            );
            assert_eq!(parsed.warnings, [warning(1, NO_SPEAKERS)]);
        }
    }

    #[test]
    fn neither_segments_nor_text_is_an_error() {
        let (line, message) = syntax(parse_error(&Whisper, "{\"language\": \"en\"}"));
        assert_eq!(line, 1);
        assert!(
            message.ends_with("it has neither \"segments\" nor \"text\""),
            "{message}"
        );
    }
}
