//! AssemblyAI transcript JSON.
//!
//! ```json
//! {"id": "...", "status": "completed", "audio_url": "...", "text": "Hello. Hi.",
//!  "words": [{"text": "Hello.", "start": 1000, "end": 1400, "speaker": "A"}],
//!  "utterances": [{"speaker": "A", "start": 1000, "end": 4500, "text": "Hello.",
//!                  "words": [...]}]}
//! ```
//!
//! Times are integer milliseconds; speakers are letters. `utterances` is null
//! when speaker labels were not requested: then the words' speakers are used
//! if they have any, else the whole `text` goes to
//! [`UNKNOWN_SPEAKER`] with a warning.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Doc, Label, Pieces, Sniff, Time};
use crate::error::Result;
use crate::transcript::{Parsed, Parser, UNKNOWN_SPEAKER};

/// Reads AssemblyAI JSON: `utterances`, else speaker-labelled `words`, else
/// `text`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AssemblyAi;

/// AssemblyAI times are milliseconds.
const MILLISECONDS_PER_SECOND: f64 = 1000.0;

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow, default)]
    utterances: Option<&'a RawValue>,
    #[serde(borrow, default)]
    words: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
}

/// An utterance or a word: both have these fields.
#[derive(Deserialize)]
struct Stretch<'a> {
    #[serde(borrow)]
    speaker: Option<Label<'a>>,
    start: Option<Time>,
    end: Option<Time>,
    #[serde(borrow, default)]
    text: Cow<'a, str>,
}

impl Parser for AssemblyAi {
    fn name(&self) -> &'static str {
        "assemblyai"
    }

    fn description(&self) -> &'static str {
        "AssemblyAI JSON: utterances with letter speakers and millisecond times"
    }

    /// Request keys only AssemblyAI echoes back, or utterances with
    /// confidence or words; Deepgram's utterances look alike but sit beside
    /// `channels`.
    /// Only an object can be this format, and it scores at most 93.
    fn detect_ceiling(&self, head: &str) -> u8 {
        Sniff::new(head).ceiling_if_object(93)
    }

    fn detect(&self, head: &str) -> u8 {
        let sniff = Sniff::new(head);
        if !sniff.is_object() {
            return 0;
        }
        if sniff.has("channels") || sniff.has("monologues") {
            return 0;
        }
        if sniff.has_any(&["audio_url", "acoustic_model", "language_model"]) {
            93
        } else if sniff.has("utterances") && sniff.has_any(&["confidence", "words"]) {
            90
        } else if sniff.has("utterances") {
            75
        } else {
            0
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let mut doc = Doc::new(
            text,
            path,
            "an AssemblyAI transcript (an object with \"utterances\", \"words\" or \"text\")",
        )?;
        let root: Root = doc.object()?;
        if root.utterances.is_none() && root.words.is_none() && root.text.is_none() {
            return Err(doc.error(1, "it has none of \"utterances\", \"words\" or \"text\""));
        }
        if let Some(utterances) = root.utterances {
            let pieces = read(&mut doc, utterances, "utterance")?;
            if !pieces.is_empty() {
                return doc.finish(pieces);
            }
        }
        let words = match root.words {
            Some(words) => read(&mut doc, words, "word")?,
            None => Pieces::new("word"),
        };
        if words.labeled() > 0 {
            return doc.finish(words);
        }
        if let Some(raw) = root.text {
            let line = doc.line_of(raw);
            let whole: Option<String> = doc.part(raw)?;
            let whole = whole.unwrap_or_default();
            if !whole.trim().is_empty() {
                doc.warn(
                    line,
                    format!(
                        "AssemblyAI JSON has no utterances and no word speakers (speaker \
                         labels were off); all speech is attributed to \"{UNKNOWN_SPEAKER}\""
                    ),
                );
                let mut pieces = Pieces::new("text");
                pieces.push(Some(UNKNOWN_SPEAKER), &whole, None, None, line);
                return doc.finish(pieces);
            }
        }
        doc.finish(words)
    }
}

/// Utterances or words as turns.
fn read<'a>(doc: &mut Doc<'a>, raw: &'a RawValue, what: &'static str) -> Result<Pieces> {
    let mut pieces = Pieces::new(what).per_second(MILLISECONDS_PER_SECOND);
    doc.each(raw, what, |line, s: Stretch| {
        let speaker = s.speaker.as_ref().and_then(Label::name);
        pieces.push(speaker, &s.text, s.start, s.end, line);
    })?;
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, parse, parse_error, syntax, turn, warning};
    use super::*;

    #[test]
    fn utterances_with_millisecond_times() {
        let parsed = parse(&AssemblyAi, &fixture("formats/assemblyai.json"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "A",
                    "Thanks for coming in today.",
                    Some(0.24),
                    Some(1.98),
                    14
                ),
                turn("B", "Happy to be here.", Some(2.3), Some(3.6), 22),
                turn(
                    "A",
                    "Shall we begin with your background?",
                    Some(4.01),
                    Some(8.65),
                    30
                ),
                turn("B", "Sure.", Some(9.1), Some(9.48), 38),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn without_utterances_words_with_speakers_make_the_turns() {
        let text = r#"{"text": "Hi there. Hello.", "utterances": null, "words": [
{"text": "Hi", "start": 100, "end": 300, "speaker": "A"},
{"text": "there.", "start": 300, "end": 700, "speaker": "A"},
{"text": "Hello.", "start": 900, "end": 1500, "speaker": "B"}
]}"#;
        let parsed = parse(&AssemblyAi, text);
        assert_eq!(
            parsed.turns,
            [
                turn("A", "Hi there.", Some(0.1), Some(0.7), 2),
                turn("B", "Hello.", Some(0.9), Some(1.5), 4),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn without_any_speakers_the_text_is_unknown() {
        let text = r#"{"utterances": null, "words": [
{"text": "Hi", "start": 100, "end": 300, "speaker": null}],
"text": "Hi."}"#;
        let parsed = parse(&AssemblyAi, text);
        assert_eq!(parsed.turns, [turn(UNKNOWN_SPEAKER, "Hi.", None, None, 3)]);
        assert_eq!(
            parsed.warnings,
            [warning(
                3,
                "AssemblyAI JSON has no utterances and no word speakers (speaker labels were \
                 off); all speech is attributed to \"Unknown speaker\""
            )]
        );
        // With no text either, the unlabeled words are still kept.
        let text = r#"{"words": [{"text": "Hi", "start": 100, "end": 300}], "text": null}"#;
        let parsed = parse(&AssemblyAi, text);
        assert_eq!(
            parsed.turns,
            [turn(UNKNOWN_SPEAKER, "Hi", Some(0.1), Some(0.3), 1)]
        );
        assert_eq!(parsed.warnings.len(), 1);
    }

    #[test]
    fn empty_utterances_fall_back_too() {
        let text = r#"{"utterances": [], "text": "Only text."}"#;
        let parsed = parse(&AssemblyAi, text);
        assert_eq!(
            parsed.turns,
            [turn(UNKNOWN_SPEAKER, "Only text.", None, None, 1)]
        );
    }

    #[test]
    fn a_document_without_speech_keys_is_an_error() {
        let (line, message) = syntax(parse_error(&AssemblyAi, "{\"status\": \"error\"}"));
        assert_eq!(line, 1);
        assert!(
            message.starts_with("not an AssemblyAI transcript"),
            "{message}"
        );
    }

    #[test]
    fn detection_defers_to_deepgram() {
        let deepgram =
            r#"{"results": {"channels": [], "utterances": [{"confidence": 1, "words": []}]}}"#;
        assert_eq!(AssemblyAi.detect(deepgram), 0);
        assert_eq!(
            AssemblyAi.detect(r#"{"utterances": [{"confidence": 0.9}]}"#),
            90
        );
        assert_eq!(AssemblyAi.detect(r#"{"utterances": null}"#), 75);
        assert_eq!(AssemblyAi.detect(r#"{"text": "x"}"#), 0);
    }
}
