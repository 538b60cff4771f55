//! WhisperX output: whisper segments with diarized speakers.
//!
//! ```json
//! {"segments": [{"start": 1.0, "end": 4.5, "text": " Hello.", "speaker": "SPEAKER_00",
//!                "words": [...]}],
//!  "word_segments": [...]}
//! ```
//!
//! Diarization leaves some segments without a `speaker` (no speaker turn
//! overlapped them); they go to [`UNKNOWN_SPEAKER`](crate::transcript::UNKNOWN_SPEAKER)
//! with one warning that counts them.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Doc, Label, Pieces, Sniff, Time};
use crate::error::Result;
use crate::transcript::{Parsed, Parser};

/// Reads WhisperX JSON (`{"segments": [{"start", "end", "text", "speaker"}]}`).
#[derive(Debug, Clone, Copy, Default)]
pub struct WhisperX;

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow)]
    segments: &'a RawValue,
}

#[derive(Deserialize)]
struct Segment<'a> {
    start: Option<Time>,
    end: Option<Time>,
    #[serde(borrow, default)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    speaker: Option<Label<'a>>,
}

/// Keys only OpenAI whisper's segments have; WhisperX drops them.
pub(super) const WHISPER_KEYS: &[&str] = &[
    "seek",
    "tokens",
    "avg_logprob",
    "compression_ratio",
    "no_speech_prob",
];

impl Parser for WhisperX {
    fn name(&self) -> &'static str {
        "whisperx"
    }

    fn description(&self) -> &'static str {
        "WhisperX JSON: segments with start, end, text and diarized speaker"
    }

    /// Segments with speakers are WhisperX's signature; segments without
    /// speakers and without whisper's decoder keys are WhisperX run without
    /// diarization, which still beats plain whisper on a tie.
    /// Only an object can be this format, and it scores at most 92.
    fn detect_ceiling(&self, head: &str) -> u8 {
        Sniff::new(head).ceiling_if_object(92)
    }

    fn detect(&self, head: &str) -> u8 {
        let sniff = Sniff::new(head);
        if !sniff.is_object() || !sniff.has("segments") {
            return 0;
        }
        if sniff.has("speaker") {
            92
        } else if sniff.has_any(WHISPER_KEYS) {
            30
        } else {
            72
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let mut doc = Doc::new(
            text,
            path,
            "a WhisperX transcript (an object with a \"segments\" array)",
        )?;
        let root: Root = doc.object()?;
        let mut pieces = Pieces::new("segment");
        doc.each(root.segments, "segment", |line, s: Segment| {
            let speaker = s.speaker.as_ref().and_then(Label::name);
            pieces.push(speaker, &s.text, s.start, s.end, line);
        })?;
        doc.finish(pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, parse, parse_error, syntax, turn, warning};
    use super::*;
    use crate::transcript::UNKNOWN_SPEAKER;

    #[test]
    fn segments_of_one_speaker_merge() {
        let parsed = parse(&WhisperX, &fixture("formats/whisperx.json"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "SPEAKER_00",
                    "Morning, everyone. Let's look at the budget first. We are about ten percent \
                     over.",
                    Some(0.52),
                    Some(5.75),
                    3
                ),
                turn(
                    "SPEAKER_01",
                    "Is that the travel line again?",
                    Some(6.2),
                    Some(8.04),
                    20
                ),
                turn("SPEAKER_00", "Mostly, yes.", Some(8.5), Some(10.0), 27),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn missing_speakers_are_unknown_with_one_warning() {
        let parsed = parse(&WhisperX, &fixture("formats/whisperx-missing-speaker.json"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "SPEAKER_01",
                    "Can everyone hear me?",
                    Some(0.0),
                    Some(2.4),
                    3
                ),
                turn(UNKNOWN_SPEAKER, "Mm-hmm.", Some(2.9), Some(3.2), 9),
                turn(
                    "SPEAKER_01",
                    "Great, then let's start.",
                    Some(3.6),
                    Some(6.0),
                    14
                ),
                turn(UNKNOWN_SPEAKER, "Yep.", Some(6.1), Some(6.4), 20),
                turn(
                    "SPEAKER_00",
                    "I'll share my screen.",
                    Some(7.0),
                    Some(9.25),
                    25
                ),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [warning(
                9,
                "2 of 5 segments had no speaker label; their text is attributed to \
                 \"Unknown speaker\""
            )]
        );
    }

    #[test]
    fn a_bad_segment_is_skipped_and_the_rest_kept() {
        let text = r#"{"segments": [
  {"start": 0, "end": 1, "text": "One.", "speaker": "SPEAKER_00"},
  {"start": 1, "end": 2, "text": {"oops": true}, "speaker": "SPEAKER_01"},
  {"start": "soon", "end": 3, "text": "Three.", "speaker": "SPEAKER_01"},
  {"start": 3, "end": 4, "text": "   ", "speaker": "SPEAKER_00"},
  "not a segment"
]}"#;
        let parsed = parse(&WhisperX, text);
        assert_eq!(
            parsed.turns,
            [
                turn("SPEAKER_00", "One.", Some(0.0), Some(1.0), 2),
                turn("SPEAKER_01", "Three.", None, Some(3.0), 4),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [
                warning(3, "segment skipped: invalid type: map, expected a string"),
                warning(
                    4,
                    "1 time was not a number of seconds or a timestamp; left out, the text is kept"
                ),
                warning(5, "1 segment with no text skipped"),
                warning(6, "segment skipped: invalid type: string \"not a segment\", expected struct Segment"),
            ]
        );
    }

    #[test]
    fn segments_are_required() {
        let (line, message) = syntax(parse_error(&WhisperX, "{\n\"language\": \"en\"\n}"));
        assert_eq!(line, 3);
        assert_eq!(
            message,
            "not a WhisperX transcript (an object with a \"segments\" array): missing field \
             `segments`"
        );
    }

    #[test]
    fn without_diarization_it_still_beats_whisper() {
        let head = r#"{"segments": [{"start": 0.0, "end": 1.0, "text": "Hi", "words": []}]}"#;
        assert_eq!(WhisperX.detect(head), 72);
        assert!(WhisperX.detect(head) > super::super::Whisper.detect(head));
        assert_eq!(WhisperX.detect("[{\"segments\": 1}]"), 0);
    }
}
