//! QMSum meeting transcripts (the query-based meeting summarization data set).
//!
//! ```json
//! {"meeting_transcripts": [{"speaker": "Grad C", "content": "So {disfmarker} yeah ."}],
//!  "topic_list": [...], "general_query_list": [...], "specific_query_list": [...]}
//! ```
//!
//! There are no times. The content is kept as the data set writes it,
//! including its markup (`{vocalsound}`, `{disfmarker}`) and its spaced-out
//! punctuation.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;

use super::{Doc, Elements, Entries, Label, Pieces, Sniff};
use crate::error::Result;
use crate::transcript::{Parsed, Parser};

/// Reads QMSum JSON (`{"meeting_transcripts": [{"speaker", "content"}]}`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Qmsum;

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow)]
    meeting_transcripts: Elements<'a, Entries>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    speaker: Option<Label<'a>>,
    #[serde(borrow, default)]
    content: Cow<'a, str>,
}

impl Parser for Qmsum {
    fn name(&self) -> &'static str {
        "qmsum"
    }

    fn description(&self) -> &'static str {
        "QMSum JSON: meeting_transcripts of speaker and content, no times"
    }

    /// Only an object can be this format, and it scores at most 96.
    fn detect_ceiling(&self, head: &str) -> u8 {
        Sniff::new(head).ceiling_if_object(96)
    }

    fn detect(&self, head: &str) -> u8 {
        let sniff = Sniff::new(head);
        if sniff.is_object() && sniff.has("meeting_transcripts") {
            96
        } else {
            0
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let mut doc = Doc::new(text, path, EXPECTED)?;
        let mut pieces = Pieces::new("entry");
        if doc.one_pass(Some("meeting_transcripts"), |line, e| {
            add(&mut pieces, line, e)
        }) {
            doc.finish(pieces)
        } else {
            careful(doc)
        }
    }
}

const EXPECTED: &str = "a QMSum transcript (an object with a \"meeting_transcripts\" array)";

/// Reads `doc` the careful way: what [`Doc::one_pass`] leaves is worded here.
fn careful(mut doc: Doc) -> Result<Parsed> {
    let root: Root = doc.object()?;
    let mut pieces = Pieces::new("entry");
    doc.each_of(&root.meeting_transcripts, "entry", |line, e| {
        add(&mut pieces, line, e)
    });
    doc.finish(pieces)
}

fn add(pieces: &mut Pieces, line: usize, e: Entry) {
    let speaker = e.speaker.as_ref().and_then(Label::name);
    pieces.push(speaker, &e.content, None, None, line);
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, parse, parse_error, syntax, turn, warning};
    use super::*;

    /// Both ways of reading agree on every document, read or not.
    #[test]
    fn one_pass_agrees_with_the_careful_way() {
        let path = Path::new("test.json");
        let mut texts = vec![fixture("formats/qmsum.json")];
        texts.extend(
            [
                "{\"meeting_transcripts\": [{\"speaker\": \"A\", \"content\": \"hi\"}], \"x\": 1}",
                "{\"meeting_transcripts\": [{\"speaker\": 3, \"content\": \"a\\u00e9\"}, {\"content\": \"b\"}]}",
                "{\"meeting_transcripts\": [{\"speaker\": \"A\", \"content\": 7}, {\"content\": \"b\"}]}",
                "{\"meeting_transcripts\": [{\"speaker\": \"A\", \"content\": \"\"}]}",
                "{\"meeting_transcripts\": [], \"meeting_transcripts\": []}",
                "{\"meeting_transcripts\": [{\"content\": \"x\"}], \"topic_list\": [}",
                "{\"meeting_transcripts\": [[\"A\", \"hi\"]]}",
                "{\"meeting_\\u0074ranscripts\": [{\"content\": \"x\"}]}",
                "{\"meeting_transcripts\": [{\"content\": \"x\"},]}",
                "[{\"meeting_transcripts\": []}]",
            ]
            .map(String::from),
        );
        for text in texts {
            let read = Qmsum.parse(&text, path);
            let careful = Doc::new(&text, path, EXPECTED).and_then(careful);
            assert_eq!(format!("{read:?}"), format!("{careful:?}"), "{text}");
        }
    }

    #[test]
    fn markup_and_spacing_are_kept() {
        let parsed = parse(&Qmsum, &fixture("formats/qmsum.json"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "Project Manager",
                    "Okay , so {disfmarker} the remote should be cheap , right ?",
                    None,
                    None,
                    3
                ),
                turn(
                    "Industrial Designer",
                    "Twelve fifty {vocalsound} at most . Maybe with a rubber case .",
                    None,
                    None,
                    7
                ),
                turn("Marketing", "Mm-hmm .", None, None, 15),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn other_keys_are_ignored() {
        let text = r#"{"topic_list": [{"topic": "x", "relevant_text_span": [["0", "1"]]}],
"meeting_transcripts": [{"speaker": "A", "content": "hi"}],
"general_query_list": []}"#;
        assert_eq!(parse(&Qmsum, text).turns, [turn("A", "hi", None, None, 2)]);
        let (_, message) = syntax(parse_error(&Qmsum, "{\"topic_list\": []}"));
        assert!(
            message.ends_with("missing field `meeting_transcripts`"),
            "{message}"
        );
    }

    #[test]
    fn the_entries_must_be_an_array_and_a_bad_entry_is_skipped_alone() {
        let (line, message) = syntax(parse_error(&Qmsum, "{\n\"meeting_transcripts\": \"none\"}"));
        assert_eq!(line, 2);
        assert!(
            message.ends_with("invalid type: string \"none\", expected an array of entries"),
            "{message}"
        );
        let text = "{\"meeting_transcripts\": [\n{\"speaker\": \"A\", \"content\": 7},\n{\"speaker\": \"B\", \"content\": \"ok\"}]}";
        let parsed = parse(&Qmsum, text);
        assert_eq!(parsed.turns, [turn("B", "ok", None, None, 3)]);
        assert_eq!(
            parsed.warnings,
            [warning(
                2,
                "entry skipped: invalid type: integer `7`, expected a string"
            )]
        );
    }
}
