//! Rev.ai transcript JSON.
//!
//! ```json
//! {"monologues": [{"speaker": 0, "speaker_name": "Ana",
//!   "elements": [{"type": "text", "value": "Hello", "ts": 1.0, "end_ts": 1.4},
//!                {"type": "punct", "value": "."},
//!                {"type": "punct", "value": " "},
//!                {"type": "text", "value": "Hi", "ts": 1.6, "end_ts": 1.9}]}]}
//! ```
//!
//! Rev writes the spaces between words as punctuation elements, so a
//! monologue's text is its values concatenated exactly. Its start is the
//! first element with `ts`, its end the last with `end_ts`.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Doc, Label, Pieces, Sniff, Time};
use crate::error::Result;
use crate::transcript::{Parsed, Parser};

/// Reads Rev.ai JSON (`{"monologues": [{"speaker", "speaker_name",
/// "elements"}]}`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Rev;

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow)]
    monologues: &'a RawValue,
}

#[derive(Deserialize)]
struct Monologue<'a> {
    #[serde(borrow)]
    speaker: Option<Label<'a>>,
    speaker_name: Option<String>,
    #[serde(borrow, default)]
    elements: Vec<Element<'a>>,
}

#[derive(Deserialize)]
struct Element<'a> {
    #[serde(borrow, default)]
    value: Cow<'a, str>,
    ts: Option<Time>,
    end_ts: Option<Time>,
}

impl Parser for Rev {
    fn name(&self) -> &'static str {
        "rev"
    }

    fn description(&self) -> &'static str {
        "Rev.ai JSON: monologues of text and punct elements"
    }

    /// Only an object can be this format, and it scores at most 96.
    fn detect_ceiling(&self, head: &str) -> u8 {
        Sniff::new(head).ceiling_if_object(96)
    }

    fn detect(&self, head: &str) -> u8 {
        let sniff = Sniff::new(head);
        if sniff.is_object() && sniff.has("monologues") {
            96
        } else {
            0
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let mut doc = Doc::new(
            text,
            path,
            "a Rev.ai transcript (an object with a \"monologues\" array)",
        )?;
        let root: Root = doc.object()?;
        let mut pieces = Pieces::new("monologue");
        let mut text = String::new();
        doc.each(root.monologues, "monologue", |line, m: Monologue| {
            text.clear();
            for element in &m.elements {
                text.push_str(&element.value);
            }
            let start = m.elements.iter().find_map(|e| e.ts);
            let end = m.elements.iter().rev().find_map(|e| e.end_ts);
            let named = m.speaker_name.as_deref().map(str::trim);
            let speaker = named
                .filter(|n| !n.is_empty())
                .or_else(|| m.speaker.as_ref().and_then(Label::name));
            pieces.push(speaker, &text, start, end, line);
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
    fn values_concatenate_exactly() {
        let parsed = parse(&Rev, &fixture("formats/rev.json"));
        assert_eq!(
            parsed.turns,
            [
                turn("Dana", "Lunch is here.", Some(0.5), Some(1.4), 3),
                // No speaker_name: named by number. The end is the last
                // element with an end_ts, not the untimed `<laugh>`.
                turn("Speaker 1", "Finally! <laugh>", Some(1.9), Some(2.5), 15),
                turn("Dana", "Pizza, of course.", Some(3.1), Some(4.0), 24),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn speaker_name_speaker_number_or_unknown() {
        let text = r#"{"monologues": [
{"speaker": 3, "speaker_name": "  ", "elements": [{"type": "text", "value": "a"}]},
{"speaker": "x", "elements": [{"type": "text", "value": "b"}]},
{"elements": [{"type": "text", "value": "c"}]},
{"speaker": 3, "elements": []}
]}"#;
        let parsed = parse(&Rev, text);
        assert_eq!(
            parsed.turns,
            [
                turn("Speaker 3", "a", None, None, 2),
                turn("x", "b", None, None, 3),
                turn(UNKNOWN_SPEAKER, "c", None, None, 4),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [
                warning(
                    4,
                    "1 of 4 monologues had no speaker label; their text is attributed to \
                     \"Unknown speaker\""
                ),
                warning(5, "1 monologue with no text skipped"),
            ]
        );
    }

    #[test]
    fn a_bad_element_costs_its_monologue_only() {
        let text = r#"{"monologues": [
{"speaker": 0, "elements": [
  {"type": "text", "value": 7}]},
{"speaker": 1, "elements": [{"type": "text", "value": "kept"}]}
]}"#;
        let parsed = parse(&Rev, text);
        assert_eq!(parsed.turns, [turn("Speaker 1", "kept", None, None, 4)]);
        assert_eq!(
            parsed.warnings,
            [warning(
                3,
                "monologue skipped: invalid type: integer `7`, expected a string"
            )]
        );
    }

    #[test]
    fn monologues_are_required() {
        let (_, message) = syntax(parse_error(&Rev, "{\"monologue\": []}"));
        assert!(message.ends_with("missing field `monologues`"), "{message}");
    }
}
