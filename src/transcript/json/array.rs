//! A plain JSON array of turns, as scripts and notebooks write them.
//!
//! ```json
//! [{"speaker": "Ana", "text": "Hello.", "start": 1.0, "end": 4.5},
//!  {"speaker": "Ben", "content": "Hi.", "start": "00:00:05", "end": "00:00:06.2"}]
//! ```
//!
//! The words are in `text` or `content`; times, both optional, are seconds
//! (numbers or numeric strings) or `[h:]mm:ss[.fff]` clock strings.

use std::path::Path;

use serde::Deserialize;

use super::{Doc, Elements, Entries, Label, Pieces, Sniff, Time};
use crate::error::Result;
use crate::transcript::{Parsed, Parser};

/// Reads a top-level JSON array of `{speaker, text | content, start?, end?}`
/// objects.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonArray;

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    speaker: Option<Label<'a>>,
    text: Option<String>,
    content: Option<String>,
    start: Option<Time>,
    end: Option<Time>,
}

impl Parser for JsonArray {
    fn name(&self) -> &'static str {
        "json-array"
    }

    fn description(&self) -> &'static str {
        "JSON array of {speaker, text|content, start?, end?} objects"
    }

    /// Only an array of objects can be this format, and it scores at most 85.
    fn detect_ceiling(&self, head: &str) -> u8 {
        if Sniff::new(head).is_array_of_objects() {
            85
        } else {
            0
        }
    }

    /// There are no service-specific keys, so never certainty: an array of
    /// objects with a speaker and words is the structure, an array with
    /// words only could be it.
    fn detect(&self, head: &str) -> u8 {
        let sniff = Sniff::new(head);
        if !sniff.is_array_of_objects() || !sniff.has_any(&["text", "content"]) {
            return 0;
        }
        if sniff.has("speaker") {
            85
        } else {
            50
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let mut doc = Doc::new(text, path, EXPECTED)?;
        let mut pieces = Pieces::new("entry");
        if doc.one_pass(None, |line, e| add(&mut pieces, line, e)) {
            doc.finish(pieces)
        } else {
            careful(doc)
        }
    }
}

const EXPECTED: &str =
    "a JSON array of turns (an array of objects with \"speaker\" and \"text\" or \
                        \"content\")";

/// Reads `doc` the careful way: what [`Doc::one_pass`] leaves is worded here.
fn careful(mut doc: Doc) -> Result<Parsed> {
    let root: Elements<Entries> = doc.root()?;
    let mut pieces = Pieces::new("entry");
    doc.each_of(&root, "entry", |line, e| add(&mut pieces, line, e));
    doc.finish(pieces)
}

fn add(pieces: &mut Pieces, line: usize, e: Entry) {
    let speaker = e.speaker.as_ref().and_then(Label::name);
    let words = e.text.or(e.content).unwrap_or_default();
    pieces.push(speaker, &words, e.start, e.end, line);
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, parse, parse_error, syntax, turn, warning};
    use super::*;
    use crate::transcript::UNKNOWN_SPEAKER;

    /// Both ways of reading agree on every document, read or not.
    #[test]
    fn one_pass_agrees_with_the_careful_way() {
        let path = Path::new("test.json");
        let mut texts = vec![fixture("formats/json-array.json")];
        texts.extend(
            [
                "[{\"speaker\": \"A\", \"text\": \"hi\", \"start\": \"1:99\"}, {\"content\": \"b\"}]",
                "[\n{\"text\": \"who?\"},\n[\"not\", \"an object\", 1, 2, 3, 4],\n7\n]",
                "[{\"text\": \"x\"}] [",
                "{\"speaker\": \"A\", \"text\": \"x\"}",
                "[]",
                "[{\"text\": \"\"}]",
            ]
            .map(String::from),
        );
        for text in texts {
            let read = JsonArray.parse(&text, path);
            let careful = Doc::new(&text, path, EXPECTED).and_then(careful);
            assert_eq!(format!("{read:?}"), format!("{careful:?}"), "{text}");
        }
    }

    #[test]
    fn text_or_content_and_times_in_any_shape() {
        let parsed = parse(&JsonArray, &fixture("formats/json-array.json"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "Omar",
                    "Did the contract come back signed?",
                    Some(2.0),
                    Some(4.25),
                    2
                ),
                turn(
                    "Lea",
                    "Not yet, they asked for one more change. I'll chase them on Monday.",
                    Some(5.5),
                    Some(10.0),
                    8
                ),
                turn("Omar", "Thanks.", None, None, 20),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn missing_speakers_and_bad_entries() {
        let text = "[\n{\"text\": \"who?\"},\n[\"not\", \"an object\", 1, 2, 3, 4],\n\
                    {\"speaker\": 4, \"content\": \"four\", \"start\": \"1:99\"},\n7\n]";
        let parsed = parse(&JsonArray, text);
        assert_eq!(
            parsed.turns,
            [
                turn(UNKNOWN_SPEAKER, "who?", None, None, 2),
                turn("Speaker 4", "four", None, None, 4),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [
                warning(
                    2,
                    "1 of 2 entries had no speaker label; their text is attributed to \
                     \"Unknown speaker\""
                ),
                // serde reads an array as the fields in order: the third is no text.
                warning(
                    3,
                    "entry skipped: invalid type: integer `1`, expected a string"
                ),
                warning(
                    4,
                    "1 time was not a number of seconds or a timestamp; left out, the text is kept"
                ),
                warning(
                    5,
                    "entry skipped: invalid type: integer `7`, expected struct Entry"
                ),
            ]
        );
    }

    #[test]
    fn an_object_is_not_an_array() {
        let (line, message) = syntax(parse_error(
            &JsonArray,
            "{\"speaker\": \"A\", \"text\": \"x\"}",
        ));
        assert_eq!(line, 1);
        assert!(
            message.ends_with("invalid type: map, expected an array of entries"),
            "{message}"
        );
    }

    #[test]
    fn detection_needs_an_array_with_words() {
        assert_eq!(
            JsonArray.detect("[{\"speaker\": \"A\", \"content\": \"x\"}]"),
            85
        );
        assert_eq!(JsonArray.detect("[{\"text\": \"x\"}]"), 50);
        assert_eq!(JsonArray.detect("[{\"speaker\": \"A\"}]"), 0);
        assert_eq!(JsonArray.detect("{\"speaker\": \"A\", \"text\": \"x\"}"), 0);
        assert_eq!(JsonArray.detect("[\"speaker\", {\"text\": \"x\"}]"), 0);
        assert_eq!(JsonArray.detect("\u{feff} [ \n {\"text\": \"x\"}]"), 50);
    }
}
