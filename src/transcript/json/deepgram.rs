//! Deepgram pre-recorded transcription JSON.
//!
//! ```json
//! {"metadata": {"request_id": "...", "channels": 1, ...},
//!  "results": {
//!    "channels": [{"alternatives": [{"transcript": "Hello. Hi.", "words": [...],
//!        "paragraphs": {"paragraphs": [{"speaker": 0, "start": 1.0, "end": 4.5,
//!            "sentences": [{"text": "Hello.", "start": 1.0, "end": 4.5}]}]}}]}],
//!    "utterances": [{"speaker": 0, "channel": 0, "start": 1.0, "end": 4.5,
//!                    "transcript": "Hello."}]}}
//! ```
//!
//! `utterances` (requested with `utterances=true`) are used first; else the
//! first channel's diarized paragraphs, then its diarized words; else its
//! paragraphs without speakers; else its bare transcript. Speech without a
//! speaker goes to [`UNKNOWN_SPEAKER`] with a warning. Speakers are numbers (`Speaker 0`); in multichannel
//! audio, speakers of channels after the first are prefixed with the channel
//! (`Channel 1 Speaker 0`), since each channel numbers its speakers afresh.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Doc, Label, Pieces, Sniff, Time};
use crate::error::Result;
use crate::transcript::{Parsed, Parser, UNKNOWN_SPEAKER};

/// Reads Deepgram JSON: `results.utterances`, else the paragraphs, words or
/// transcript of `results.channels[0].alternatives[0]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Deepgram;

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow)]
    results: Results<'a>,
}

#[derive(Deserialize)]
struct Results<'a> {
    #[serde(borrow, default)]
    utterances: Option<&'a RawValue>,
    #[serde(borrow, default)]
    channels: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Utterance<'a> {
    #[serde(borrow)]
    speaker: Option<Label<'a>>,
    channel: Option<u64>,
    start: Option<Time>,
    end: Option<Time>,
    #[serde(borrow, default)]
    transcript: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Channel<'a> {
    #[serde(borrow, default)]
    alternatives: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Alternative<'a> {
    #[serde(borrow, default)]
    transcript: Option<&'a RawValue>,
    #[serde(borrow, default)]
    words: Option<&'a RawValue>,
    #[serde(borrow, default)]
    paragraphs: Option<ParagraphBlock<'a>>,
}

#[derive(Deserialize)]
struct ParagraphBlock<'a> {
    #[serde(borrow, default)]
    paragraphs: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Paragraph<'a> {
    #[serde(borrow)]
    speaker: Option<Label<'a>>,
    start: Option<Time>,
    end: Option<Time>,
    #[serde(borrow, default)]
    sentences: Vec<Sentence<'a>>,
}

#[derive(Deserialize)]
struct Sentence<'a> {
    #[serde(borrow, default)]
    text: Cow<'a, str>,
    start: Option<Time>,
    end: Option<Time>,
}

#[derive(Deserialize)]
struct Word<'a> {
    #[serde(borrow, default)]
    word: Cow<'a, str>,
    punctuated_word: Option<String>,
    #[serde(borrow)]
    speaker: Option<Label<'a>>,
    start: Option<Time>,
    end: Option<Time>,
}

impl Parser for Deepgram {
    fn name(&self) -> &'static str {
        "deepgram"
    }

    fn description(&self) -> &'static str {
        "Deepgram JSON: results.utterances or channel paragraphs, numbered speakers"
    }

    /// Only an object can be this format, and it scores at most 94.
    fn detect_ceiling(&self, head: &str) -> u8 {
        Sniff::new(head).ceiling_if_object(94)
    }

    fn detect(&self, head: &str) -> u8 {
        let sniff = Sniff::new(head);
        if !sniff.is_object() || !sniff.has("results") {
            return 0;
        }
        if sniff.has("channels") && sniff.has_any(&["alternatives", "request_id", "model_info"]) {
            94
        } else if sniff.has("channels") || sniff.has("utterances") {
            60
        } else {
            0
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let mut doc = Doc::new(
            text,
            path,
            "a Deepgram transcript (an object with \"results\" holding \"utterances\" or \
             \"channels\")",
        )?;
        let root: Root = doc.object()?;
        let results = root.results;
        if let Some(utterances) = results.utterances {
            let pieces = read_utterances(&mut doc, utterances)?;
            if !pieces.is_empty() {
                return doc.finish(pieces);
            }
        }
        match results.channels {
            Some(channels) => read_first_channel(doc, channels),
            None => Err(doc.error(1, "\"results\" has neither \"utterances\" nor \"channels\"")),
        }
    }
}

fn read_utterances<'a>(doc: &mut Doc<'a>, raw: &'a RawValue) -> Result<Pieces> {
    let mut pieces = Pieces::new("utterance");
    doc.each(raw, "utterance", |line, u: Utterance| {
        let speaker = speaker_name(u.channel, u.speaker.as_ref());
        pieces.push(speaker.as_deref(), &u.transcript, u.start, u.end, line);
    })?;
    Ok(pieces)
}

/// `Speaker 0`, or `Channel 1 Speaker 0` on a channel after the first.
fn speaker_name(channel: Option<u64>, speaker: Option<&Label>) -> Option<String> {
    let speaker = speaker.and_then(Label::name);
    match (channel.filter(|&c| c > 0), speaker) {
        (Some(c), Some(s)) => Some(format!("Channel {c} {s}")),
        (Some(c), None) => Some(format!("Channel {c}")),
        (None, s) => s.map(str::to_string),
    }
}

/// Paragraphs, words or transcript of the first alternative of the first
/// channel.
fn read_first_channel<'a>(mut doc: Doc<'a>, raw: &'a RawValue) -> Result<Parsed> {
    let channels: Vec<&RawValue> = doc.part(raw)?;
    let Some(&first) = channels.first() else {
        return doc.finish(Pieces::new("paragraph"));
    };
    if channels.len() > 1 {
        let line = doc.line_of(raw);
        doc.warn(
            line,
            format!(
                "only the first of {} channels is read (request utterances to get every \
                 channel)",
                channels.len()
            ),
        );
    }
    let channel: Channel = doc.part(first)?;
    let Some(&alternative) = channel.alternatives.first() else {
        return doc.finish(Pieces::new("paragraph"));
    };
    let alternative: Alternative = doc.part(alternative)?;

    let paragraphs = match alternative.paragraphs.and_then(|p| p.paragraphs) {
        Some(raw) => read_paragraphs(&mut doc, raw)?,
        None => Pieces::new("paragraph"),
    };
    if paragraphs.labeled() > 0 {
        return doc.finish(paragraphs);
    }
    if let Some(words) = alternative.words {
        let pieces = read_words(&mut doc, words)?;
        if pieces.labeled() > 0 {
            return doc.finish(pieces);
        }
    }
    // Undiarized paragraphs still have the times the transcript lacks; the
    // missing speakers are reported as they are for any unlabeled record.
    if !paragraphs.is_empty() {
        return doc.finish(paragraphs);
    }
    let mut pieces = Pieces::new("transcript");
    if let Some(raw) = alternative.transcript {
        let line = doc.line_of(raw);
        let whole: Option<String> = doc.part(raw)?;
        pieces.push(
            Some(UNKNOWN_SPEAKER),
            whole.as_deref().unwrap_or_default(),
            None,
            None,
            line,
        );
        doc.warn(
            line,
            format!(
                "Deepgram JSON has no speaker labels (no utterances, no diarized paragraphs \
                 or words); all speech is attributed to \"{UNKNOWN_SPEAKER}\""
            ),
        );
    }
    doc.finish(pieces)
}

fn read_paragraphs<'a>(doc: &mut Doc<'a>, raw: &'a RawValue) -> Result<Pieces> {
    let mut pieces = Pieces::new("paragraph");
    let mut text = String::new();
    doc.each(raw, "paragraph", |line, p: Paragraph| {
        text.clear();
        for sentence in &p.sentences {
            let sentence = sentence.text.trim();
            if !sentence.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(sentence);
            }
        }
        let start = p
            .start
            .or_else(|| p.sentences.first().and_then(|s| s.start));
        let end = p.end.or_else(|| p.sentences.last().and_then(|s| s.end));
        let speaker = p.speaker.as_ref().and_then(Label::name);
        pieces.push(speaker, &text, start, end, line);
    })?;
    Ok(pieces)
}

fn read_words<'a>(doc: &mut Doc<'a>, raw: &'a RawValue) -> Result<Pieces> {
    let mut pieces = Pieces::new("word");
    doc.each(raw, "word", |line, w: Word| {
        let text = w.punctuated_word.as_deref().unwrap_or(&w.word);
        let speaker = w.speaker.as_ref().and_then(Label::name);
        pieces.push(speaker, text, w.start, w.end, line);
    })?;
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, parse, parse_error, syntax, turn, warning};
    use super::*;

    #[test]
    fn utterances_with_numbered_speakers() {
        let parsed = parse(&Deepgram, &fixture("formats/deepgram-utterances.json"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "Speaker 1",
                    "The demo crashed twice yesterday.",
                    Some(0.4),
                    Some(2.6),
                    27
                ),
                turn(
                    "Speaker 0",
                    "Was it the new build?",
                    Some(3.0),
                    Some(4.25),
                    37
                ),
                turn("Speaker 1", "No. The old one.", Some(4.9), Some(6.1), 47),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn paragraphs_when_there_are_no_utterances() {
        let parsed = parse(&Deepgram, &fixture("formats/deepgram-paragraphs.json"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "Speaker 0",
                    "We need a new name for the project.",
                    Some(0.3),
                    Some(2.7),
                    21
                ),
                turn("Speaker 1", "How about Falcon?", Some(3.2), Some(4.4), 31),
                turn("Speaker 0", "I like it.", Some(5.0), Some(5.8), 40),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    fn alternative(body: &str) -> String {
        format!("{{\"results\": {{\"channels\": [{{\"alternatives\": [{{\n{body}\n}}]}}]}}}}")
    }

    #[test]
    fn paragraph_times_come_from_sentences_when_missing() {
        let text = alternative(
            r#""paragraphs": {"paragraphs": [{"speaker": 2, "sentences": [
{"text": " One. ", "start": 1.5, "end": 2},
{"text": "", "start": 2, "end": 2.5},
{"text": "Two.", "start": 2.5, "end": 3.25}]}]}"#,
        );
        let parsed = parse(&Deepgram, &text);
        assert_eq!(
            parsed.turns,
            [turn("Speaker 2", "One. Two.", Some(1.5), Some(3.25), 2)]
        );
    }

    #[test]
    fn diarized_words_when_there_are_no_paragraphs() {
        let text = alternative(
            r#""transcript": "hi there yes",
"words": [
{"word": "hi", "punctuated_word": "Hi", "start": 0.1, "end": 0.3, "speaker": 0},
{"word": "there", "start": 0.3, "end": 0.6, "speaker": 0},
{"word": "yes", "punctuated_word": "Yes.", "start": 1.0, "end": 1.2, "speaker": 1}]"#,
        );
        let parsed = parse(&Deepgram, &text);
        assert_eq!(
            parsed.turns,
            [
                turn("Speaker 0", "Hi there", Some(0.1), Some(0.6), 4),
                turn("Speaker 1", "Yes.", Some(1.0), Some(1.2), 6),
            ]
        );
    }

    #[test]
    fn undiarized_paragraphs_keep_their_times() {
        let text = alternative(
            r#""transcript": "one two",
"paragraphs": {"paragraphs": [{"start": 0, "end": 1, "sentences": [{"text": "One."}]}]}"#,
        );
        let parsed = parse(&Deepgram, &text);
        assert_eq!(
            parsed.turns,
            [turn(UNKNOWN_SPEAKER, "One.", Some(0.0), Some(1.0), 3)]
        );
        assert_eq!(
            parsed.warnings,
            [warning(
                3,
                "1 of 1 paragraph had no speaker label; their text is attributed to \
                 \"Unknown speaker\""
            )]
        );
    }

    #[test]
    fn the_transcript_is_the_last_resort() {
        let text = alternative(r#""transcript": "just words", "words": [{"word": "just"}]"#);
        let parsed = parse(&Deepgram, &text);
        assert_eq!(
            parsed.turns,
            [turn(UNKNOWN_SPEAKER, "just words", None, None, 2)]
        );
        assert_eq!(
            parsed.warnings,
            [warning(
                2,
                "Deepgram JSON has no speaker labels (no utterances, no diarized paragraphs or \
                 words); all speech is attributed to \"Unknown speaker\""
            )]
        );
    }

    #[test]
    fn channels_after_the_first() {
        assert_eq!(
            speaker_name(None, Some(&Label("Speaker 0".into()))).as_deref(),
            Some("Speaker 0")
        );
        assert_eq!(
            speaker_name(Some(0), Some(&Label("Speaker 0".into()))).as_deref(),
            Some("Speaker 0")
        );
        assert_eq!(
            speaker_name(Some(1), Some(&Label("Speaker 0".into()))).as_deref(),
            Some("Channel 1 Speaker 0")
        );
        assert_eq!(speaker_name(Some(2), None).as_deref(), Some("Channel 2"));
        assert_eq!(speaker_name(Some(0), None), None);

        let text = r#"{"results": {"channels": [
{"alternatives": [{"transcript": "left"}]},
{"alternatives": [{"transcript": "right"}]}]}}"#;
        let parsed = parse(&Deepgram, text);
        assert_eq!(parsed.turns, [turn(UNKNOWN_SPEAKER, "left", None, None, 2)]);
        assert_eq!(
            parsed.warnings[0],
            warning(
                1,
                "only the first of 2 channels is read (request utterances to get every channel)"
            )
        );
    }

    #[test]
    fn results_are_required() {
        let (line, message) = syntax(parse_error(&Deepgram, "{\n\"metadata\": {}\n}"));
        assert_eq!(line, 3);
        assert!(message.ends_with("missing field `results`"), "{message}");
        let (_, message) = syntax(parse_error(&Deepgram, "{\"results\": {}}"));
        assert!(message.ends_with("\"results\" has neither \"utterances\" nor \"channels\""));
        assert!(matches!(
            Deepgram.parse("{\"results\": {\"channels\": []}}", Path::new("d.json")),
            Err(crate::Error::NoSpeech { .. })
        ));
    }
}
