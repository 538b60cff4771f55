//! Amazon Transcribe output.
//!
//! ```json
//! {"jobName": "...", "accountId": "...", "status": "COMPLETED",
//!  "results": {
//!    "transcripts": [{"transcript": "Hello. Hi."}],
//!    "speaker_labels": {"speakers": 2, "segments": [
//!        {"speaker_label": "spk_0", "start_time": "1.0", "end_time": "4.5", "items": [...]}]},
//!    "items": [{"type": "pronunciation", "start_time": "1.0", "end_time": "1.4",
//!               "alternatives": [{"content": "Hello", "confidence": "0.99"}]},
//!              {"type": "punctuation", "alternatives": [{"content": "."}]}],
//!    "audio_segments": [{"speaker_label": "spk_0", "start_time": "1.0", "end_time": "4.5",
//!                        "transcript": "Hello."}]}}
//! ```
//!
//! Times are strings of seconds. Newer jobs write `audio_segments`, one
//! stretch of speech each with its speaker and punctuated text; those are
//! used when they carry speakers. Older jobs only have the words (`items`)
//! and, separately, the speaker turns (`speaker_labels.segments`): a word
//! belongs to the turn whose span holds its start time, and punctuation,
//! which has no time, sticks to the word before it.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{count_of, Doc, Label, Pieces, Sniff, Time};
use crate::error::Result;
use crate::transcript::{Parsed, Parser, UNKNOWN_SPEAKER};

/// Reads Amazon Transcribe JSON: `results.audio_segments`, or
/// `results.items` joined with `results.speaker_labels.segments` by time.
#[derive(Debug, Clone, Copy, Default)]
pub struct AwsTranscribe;

#[derive(Deserialize)]
struct Root<'a> {
    #[serde(borrow)]
    results: Results<'a>,
}

#[derive(Deserialize)]
struct Results<'a> {
    #[serde(borrow, default)]
    audio_segments: Option<&'a RawValue>,
    #[serde(borrow, default)]
    speaker_labels: Option<SpeakerLabels<'a>>,
    #[serde(borrow, default)]
    items: Option<&'a RawValue>,
    #[serde(borrow, default)]
    transcripts: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct SpeakerLabels<'a> {
    #[serde(borrow, default)]
    segments: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct AudioSegment<'a> {
    #[serde(borrow, default)]
    transcript: Cow<'a, str>,
    start_time: Option<Time>,
    end_time: Option<Time>,
    #[serde(borrow)]
    speaker_label: Option<Label<'a>>,
}

/// A speaker turn of `speaker_labels`; its word list is not needed, the
/// words are matched by time.
#[derive(Deserialize)]
struct SpeakerSegment<'a> {
    start_time: Option<Time>,
    end_time: Option<Time>,
    #[serde(borrow)]
    speaker_label: Option<Label<'a>>,
}

#[derive(Deserialize)]
struct Item<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Cow<'a, str>,
    start_time: Option<Time>,
    end_time: Option<Time>,
    #[serde(borrow, default)]
    alternatives: Vec<Alternative<'a>>,
    /// Newer jobs label each word too.
    #[serde(borrow)]
    speaker_label: Option<Label<'a>>,
}

#[derive(Deserialize)]
struct Alternative<'a> {
    #[serde(borrow, default)]
    content: Cow<'a, str>,
}

#[derive(Deserialize)]
struct WholeTranscript<'a> {
    #[serde(borrow, default)]
    transcript: Cow<'a, str>,
}

/// A speaker turn with readable times, for matching words to speakers.
struct Span {
    start: f64,
    end: f64,
    speaker: Option<String>,
}

/// How far outside a turn's span a word may start and still belong to it:
/// AWS rounds times to the millisecond and sometimes to 10 ms.
const SPAN_SLACK: f64 = 0.01;

impl Parser for AwsTranscribe {
    fn name(&self) -> &'static str {
        "aws-transcribe"
    }

    fn description(&self) -> &'static str {
        "Amazon Transcribe JSON: audio_segments, or items joined with speaker_labels"
    }

    /// Only an object can be this format, and it scores at most 95.
    fn detect_ceiling(&self, head: &str) -> u8 {
        Sniff::new(head).ceiling_if_object(95)
    }

    fn detect(&self, head: &str) -> u8 {
        let sniff = Sniff::new(head);
        if !sniff.is_object() || !sniff.has("results") {
            return 0;
        }
        if sniff.has_any(&["jobName", "accountId", "transcripts", "audio_segments"]) {
            95
        } else if sniff.has("speaker_labels") && sniff.has("items") {
            93
        } else if sniff.has("items") && sniff.has("alternatives") && !sniff.has("channels") {
            60
        } else {
            0
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let mut doc = Doc::new(
            text,
            path,
            "an Amazon Transcribe transcript (an object with \"results\" holding \
             \"audio_segments\" or \"items\")",
        )?;
        let root: Root = doc.object()?;
        let results = root.results;
        let turns = results.speaker_labels.and_then(|l| l.segments);
        let audio_segments = results.audio_segments.filter(|a| !is_empty_array(a));

        // Audio segments are simplest; without speakers they are still the
        // best text, unless the speaker turns can give the words speakers.
        if let Some(segments) = audio_segments {
            if mentions_speakers(segments) || turns.is_none() || results.items.is_none() {
                return read_audio_segments(doc, segments);
            }
        }
        if let Some(items) = results.items.filter(|i| !is_empty_array(i)) {
            return match turns {
                Some(turns) => read_items_by_turns(doc, items, turns),
                None => read_items(doc, items),
            };
        }
        match results.transcripts {
            Some(transcripts) => read_transcripts(doc, transcripts),
            None => Err(doc.error(
                1,
                "\"results\" has none of \"audio_segments\", \"items\" or \"transcripts\"",
            )),
        }
    }
}

/// Whether `raw` is `[]` (so another source should be used).
fn is_empty_array(raw: &RawValue) -> bool {
    raw.get()
        .strip_prefix('[')
        .is_some_and(|rest| rest.trim_start().starts_with(']'))
}

/// Whether the audio segments carry speaker labels: jobs without speaker
/// identification leave the key out.
fn mentions_speakers(segments: &RawValue) -> bool {
    segments.get().contains("\"speaker_label\"")
}

fn read_audio_segments<'a>(mut doc: Doc<'a>, segments: &'a RawValue) -> Result<Parsed> {
    let mut pieces = Pieces::new("audio segment");
    doc.each(segments, "audio segment", |line, s: AudioSegment| {
        let speaker = s.speaker_label.as_ref().and_then(Label::name);
        pieces.push(speaker, &s.transcript, s.start_time, s.end_time, line);
    })?;
    doc.finish(pieces)
}

/// Words with speakers from the speaker turns that span them.
fn read_items_by_turns<'a>(
    mut doc: Doc<'a>,
    items: &'a RawValue,
    turns: &'a RawValue,
) -> Result<Parsed> {
    let mut spans = Vec::new();
    let mut untimed = 0usize;
    let mut first_untimed = 0;
    doc.each(turns, "speaker segment", |line, s: SpeakerSegment| {
        match (seconds(s.start_time), seconds(s.end_time)) {
            (Some(start), Some(end)) => spans.push(Span {
                start,
                end: end.max(start),
                speaker: s
                    .speaker_label
                    .as_ref()
                    .and_then(Label::name)
                    .map(str::to_string),
            }),
            _ => {
                if untimed == 0 {
                    first_untimed = line;
                }
                untimed += 1;
            }
        }
    })?;
    if untimed > 0 {
        doc.warn(
            first_untimed,
            format!(
                "{} without readable start_time/end_time ignored; their words go to the \
                 nearest segment's speaker",
                count_of(untimed, "speaker segment")
            ),
        );
    }
    spans.sort_by(|a, b| a.start.total_cmp(&b.start));

    let mut pieces = Pieces::new("word");
    let mut outside = (0usize, 0usize);
    let mut last_speaker: Option<&str> = None;
    doc.each(items, "item", |line, item: Item| {
        let Some(content) = item.alternatives.first().map(|a| &*a.content) else {
            return;
        };
        if item.kind == "punctuation" {
            pieces.attach(content);
            return;
        }
        let speaker = match seconds(item.start_time) {
            Some(time) => {
                let (span, inside) = span_at(&spans, time);
                if !inside {
                    if outside.0 == 0 {
                        outside.1 = line;
                    }
                    outside.0 += 1;
                }
                span.and_then(|s| s.speaker.as_deref())
            }
            // An untimed word continues whoever spoke last.
            None => last_speaker,
        };
        last_speaker = speaker;
        pieces.push(speaker, content, item.start_time, item.end_time, line);
    })?;
    if outside.0 > 0 {
        doc.warn(
            outside.1,
            format!(
                "{} outside every speaker segment; given to the nearest segment's speaker",
                count_of(outside.0, "word")
            ),
        );
    }
    doc.finish(pieces)
}

/// The speaker turn holding `time`, and whether it really holds it (else
/// the nearest turn, or none when there are no turns).
fn span_at(spans: &[Span], time: f64) -> (Option<&Span>, bool) {
    // Turns starting at or before `time` (with slack) come first.
    let after = spans.partition_point(|s| s.start - SPAN_SLACK <= time);
    let before = after.checked_sub(1).and_then(|i| spans.get(i));
    let next = spans.get(after);
    if let Some(span) = before {
        if time <= span.end + SPAN_SLACK {
            return (Some(span), true);
        }
    }
    let nearest = match (before, next) {
        (Some(b), Some(n)) => Some(if time - b.end <= n.start - time { b } else { n }),
        (b, n) => b.or(n),
    };
    (nearest, false)
}

/// Words with their own speaker labels, when the job wrote them.
fn read_items<'a>(mut doc: Doc<'a>, items: &'a RawValue) -> Result<Parsed> {
    let mut pieces = Pieces::new("word");
    doc.each(items, "item", |line, item: Item| {
        let Some(content) = item.alternatives.first().map(|a| &*a.content) else {
            return;
        };
        if item.kind == "punctuation" {
            pieces.attach(content);
        } else {
            let speaker = item.speaker_label.as_ref().and_then(Label::name);
            pieces.push(speaker, content, item.start_time, item.end_time, line);
        }
    })?;
    doc.finish(pieces)
}

/// The whole transcript without speakers or times: the last resort.
fn read_transcripts<'a>(mut doc: Doc<'a>, transcripts: &'a RawValue) -> Result<Parsed> {
    let mut pieces = Pieces::new("transcript");
    doc.each(transcripts, "transcript", |line, t: WholeTranscript| {
        pieces.push(Some(UNKNOWN_SPEAKER), &t.transcript, None, None, line);
    })?;
    doc.warn(
        1,
        format!(
            "Amazon Transcribe JSON has no speaker labels or word items; all speech is \
             attributed to \"{UNKNOWN_SPEAKER}\""
        ),
    );
    doc.finish(pieces)
}

/// Seconds of an AWS time (always seconds, usually a string).
fn seconds(time: Option<Time>) -> Option<f64> {
    match time? {
        Time::Number(s) | Time::Clock(s) => Some(s),
        Time::Unreadable => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, parse, parse_error, syntax, turn, warning};
    use super::*;

    #[test]
    fn audio_segments_with_string_times() {
        let parsed = parse(
            &AwsTranscribe,
            &fixture("formats/aws-transcribe-audio-segments.json"),
        );
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "spk_0",
                    "Who is watering the plants this week?",
                    Some(0.64),
                    Some(2.91),
                    23
                ),
                turn("spk_1", "I can do it.", Some(3.2), Some(4.05), 31),
                turn("spk_0", "Thanks, Priya.", Some(4.3), Some(5.1), 39),
                turn("spk_1", "No problem.", Some(5.4), Some(6.02), 47),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn items_join_speaker_segments_by_time() {
        let parsed = parse(
            &AwsTranscribe,
            &fixture("formats/aws-transcribe-items.json"),
        );
        assert_eq!(
            parsed.turns,
            [
                turn("spk_0", "Deploys were slow.", Some(1.0), Some(2.5), 36),
                turn("spk_1", "Agreed, very slow.", Some(3.0), Some(4.8), 40),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    /// An old-style job: `speaker_labels` segments and `items`, with times
    /// as numbers or strings.
    fn old_job(segments: &str, items: &str) -> String {
        format!(
            "{{\"results\": {{\n\"speaker_labels\": {{\"segments\": [\n{segments}\n]}},\n\
             \"items\": [\n{items}\n]}}}}"
        )
    }

    fn word(start: &str, end: &str, content: &str) -> String {
        format!(
            "{{\"type\": \"pronunciation\", \"start_time\": {start}, \"end_time\": {end}, \
             \"alternatives\": [{{\"content\": \"{content}\"}}]}}"
        )
    }

    #[test]
    fn words_between_segments_go_to_the_nearest() {
        let text = old_job(
            "{\"speaker_label\": \"spk_0\", \"start_time\": 1, \"end_time\": 2},\n\
             {\"speaker_label\": \"spk_1\", \"start_time\": \"5.0\", \"end_time\": \"6.0\"}",
            &[
                word("\"0.2\"", "\"0.5\"", "early"),
                word("1.5", "1.9", "in"),
                word("\"2.6\"", "\"2.9\"", "after"),
                word("\"4.5\"", "\"4.8\"", "before"),
                word("\"5.0\"", "\"5.5\"", "second"),
                word("\"9\"", "\"9.5\"", "late"),
            ]
            .join(",\n"),
        );
        let parsed = parse(&AwsTranscribe, &text);
        // Lines: results 1, speaker_labels 2, two segments 3-4, `]}` 5,
        // items 6, words from 7.
        assert_eq!(
            parsed.turns,
            [
                turn("spk_0", "early in after", Some(0.2), Some(2.9), 7),
                turn("spk_1", "before second late", Some(4.5), Some(9.5), 10),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [warning(
                7,
                "4 words outside every speaker segment; given to the nearest segment's speaker"
            )]
        );
    }

    #[test]
    fn punctuation_sticks_to_the_word_before_even_across_a_speaker_change() {
        let text = old_job(
            "{\"speaker_label\": \"spk_0\", \"start_time\": \"0\", \"end_time\": \"1\"},\n\
             {\"speaker_label\": \"spk_1\", \"start_time\": \"1.5\", \"end_time\": \"2\"}",
            &[
                "{\"type\": \"punctuation\", \"alternatives\": [{\"content\": \"…\"}]}".to_string(),
                word("\"0.1\"", "\"0.9\"", "Yes"),
                "{\"type\": \"punctuation\", \"alternatives\": [{\"content\": \"?\"}]}".to_string(),
                word("\"1.5\"", "\"2\"", "No"),
                "{\"type\": \"punctuation\", \"alternatives\": []}".to_string(),
                "{\"type\": \"punctuation\", \"alternatives\": [{\"content\": \"!\"}]}".to_string(),
            ]
            .join(",\n"),
        );
        let parsed = parse(&AwsTranscribe, &text);
        // A punctuation mark before any word has nothing to attach to.
        assert_eq!(
            parsed.turns,
            [
                turn("spk_0", "Yes?", Some(0.1), Some(0.9), 8),
                turn("spk_1", "No!", Some(1.5), Some(2.0), 10),
            ]
        );
    }

    #[test]
    fn untimed_speaker_segments_are_reported() {
        let text = old_job(
            "{\"speaker_label\": \"spk_0\", \"start_time\": \"0\", \"end_time\": \"1\"},\n\
             {\"speaker_label\": \"spk_1\", \"start_time\": \"x\"}",
            &word("\"0.5\"", "\"0.7\"", "Hi"),
        );
        let parsed = parse(&AwsTranscribe, &text);
        assert_eq!(parsed.turns, [turn("spk_0", "Hi", Some(0.5), Some(0.7), 7)]);
        assert_eq!(
            parsed.warnings,
            [warning(
                4,
                "1 speaker segment without readable start_time/end_time ignored; their words \
                 go to the nearest segment's speaker"
            )]
        );
    }

    #[test]
    fn items_with_their_own_speakers() {
        let text = r#"{"results": {"items": [
{"type": "pronunciation", "start_time": "0.1", "end_time": "0.4", "speaker_label": "spk_1", "alternatives": [{"content": "Hello"}]},
{"type": "punctuation", "alternatives": [{"content": "."}]},
{"type": "pronunciation", "start_time": "0.6", "end_time": "0.9", "alternatives": [{"content": "Hm"}]}
]}}"#;
        let parsed = parse(&AwsTranscribe, text);
        assert_eq!(
            parsed.turns,
            [
                turn("spk_1", "Hello.", Some(0.1), Some(0.4), 2),
                turn(UNKNOWN_SPEAKER, "Hm", Some(0.6), Some(0.9), 4),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [warning(
                4,
                "1 of 2 words had no speaker label; their text is attributed to \"Unknown speaker\""
            )]
        );
    }

    #[test]
    fn audio_segments_without_speakers_yield_to_speaker_labels() {
        let text = r#"{"results": {
"audio_segments": [{"transcript": "Yes no", "start_time": "0", "end_time": "2"}],
"speaker_labels": {"segments": [
  {"speaker_label": "spk_0", "start_time": "0", "end_time": "1"},
  {"speaker_label": "spk_1", "start_time": "1", "end_time": "2"}]},
"items": [
  {"type": "pronunciation", "start_time": "0.2", "end_time": "0.5", "alternatives": [{"content": "Yes"}]},
  {"type": "pronunciation", "start_time": "1.2", "end_time": "1.5", "alternatives": [{"content": "no"}]}]}}"#;
        let parsed = parse(&AwsTranscribe, text);
        assert_eq!(
            parsed.turns,
            [
                turn("spk_0", "Yes", Some(0.2), Some(0.5), 7),
                turn("spk_1", "no", Some(1.2), Some(1.5), 8),
            ]
        );
    }

    #[test]
    fn audio_segments_without_any_speakers_are_unknown() {
        let text = r#"{"results": {
"audio_segments": [{"transcript": "Yes.", "start_time": "0", "end_time": "2"}],
"items": []}}"#;
        let parsed = parse(&AwsTranscribe, text);
        assert_eq!(
            parsed.turns,
            [turn(UNKNOWN_SPEAKER, "Yes.", Some(0.0), Some(2.0), 2)]
        );
        assert_eq!(
            parsed.warnings,
            [warning(
                2,
                "1 of 1 audio segment had no speaker label; their text is attributed to \
                 \"Unknown speaker\""
            )]
        );
    }

    #[test]
    fn the_transcript_is_the_last_resort() {
        let text = "{\"results\": {\n\"transcripts\": [\n{\"transcript\": \"All of it.\"}],\n\"items\": []}}";
        let parsed = parse(&AwsTranscribe, text);
        assert_eq!(
            parsed.turns,
            [turn(UNKNOWN_SPEAKER, "All of it.", None, None, 3)]
        );
        assert_eq!(
            parsed.warnings,
            [warning(
                1,
                "Amazon Transcribe JSON has no speaker labels or word items; all speech is \
                 attributed to \"Unknown speaker\""
            )]
        );
    }

    #[test]
    fn results_without_speech_are_an_error() {
        let (line, message) = syntax(parse_error(&AwsTranscribe, "{\"results\": {}}"));
        assert_eq!(line, 1);
        assert!(
            message.ends_with(
                "\"results\" has none of \"audio_segments\", \"items\" or \"transcripts\""
            ),
            "{message}"
        );
        let (_, message) = syntax(parse_error(&AwsTranscribe, "{\"jobName\": \"x\"}"));
        assert!(message.ends_with("missing field `results`"), "{message}");
    }

    #[test]
    fn span_lookup() {
        let span = |start, end, who: &str| Span {
            start,
            end,
            speaker: Some(who.to_string()),
        };
        let spans = [
            span(1.0, 2.0, "a"),
            span(2.0, 3.0, "b"),
            span(5.0, 6.0, "c"),
        ];
        let at = |t| {
            let (span, inside) = span_at(&spans, t);
            (span.and_then(|s| s.speaker.as_deref()), inside)
        };
        assert_eq!(at(1.5), (Some("a"), true));
        // A start on a boundary belongs to the turn that starts there.
        assert_eq!(at(2.0), (Some("b"), true));
        assert_eq!(at(0.995), (Some("a"), true));
        assert_eq!(at(0.5), (Some("a"), false));
        assert_eq!(at(3.9), (Some("b"), false));
        assert_eq!(at(4.1), (Some("c"), false));
        assert_eq!(at(60.0), (Some("c"), false));
        assert_eq!(span_at(&[], 1.0).0.map(|s| s.start), None);
    }
}
