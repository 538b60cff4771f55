//! Helpers for the JSON parsers' tests, and the tests that concern all of
//! them: detection, the same meeting in every format, robustness, line
//! counting and the shared value types.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::*;
use crate::transcript::lines::Lines;
use crate::transcript::{formats, Parser, PlainText};

/// Every JSON parser, as the registry holds them.
const PARSERS: &[&dyn Parser] = &[
    &WhisperX,
    &Whisper,
    &AwsTranscribe,
    &AssemblyAi,
    &Deepgram,
    &Rev,
    &JsonArray,
    &Qmsum,
];

/// Each JSON fixture and the format it is in.
const FIXTURES: &[(&str, &str)] = &[
    ("formats/whisperx.json", "whisperx"),
    ("formats/whisperx-missing-speaker.json", "whisperx"),
    ("formats/whisper.json", "whisper"),
    (
        "formats/aws-transcribe-audio-segments.json",
        "aws-transcribe",
    ),
    ("formats/aws-transcribe-items.json", "aws-transcribe"),
    ("formats/assemblyai.json", "assemblyai"),
    ("formats/deepgram-utterances.json", "deepgram"),
    ("formats/deepgram-paragraphs.json", "deepgram"),
    ("formats/rev.json", "rev"),
    ("formats/json-array.json", "json-array"),
    ("formats/qmsum.json", "qmsum"),
    ("same-meeting/meeting.whisperx.json", "whisperx"),
    ("same-meeting/meeting.aws-transcribe.json", "aws-transcribe"),
    ("same-meeting/meeting.assemblyai.json", "assemblyai"),
    ("same-meeting/meeting.deepgram.json", "deepgram"),
    ("same-meeting/meeting.rev.json", "rev"),
    ("same-meeting/meeting.json-array.json", "json-array"),
    ("same-meeting/meeting.qmsum.json", "qmsum"),
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The text of `fixtures/<name>`.
pub(super) fn fixture(name: &str) -> String {
    let path = fixtures_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parses `text`, which must succeed.
pub(super) fn parse(parser: &dyn Parser, text: &str) -> Parsed {
    parser
        .parse(text, Path::new("test.json"))
        .unwrap_or_else(|e| panic!("{}: {e}", parser.name()))
}

/// The error parsing `text` gives, which must fail.
pub(super) fn parse_error(parser: &dyn Parser, text: &str) -> Error {
    match parser.parse(text, Path::new("test.json")) {
        Ok(parsed) => panic!("{}: expected an error, got {parsed:?}", parser.name()),
        Err(e) => e,
    }
}

/// The line and message of a syntax error.
pub(super) fn syntax(err: Error) -> (usize, String) {
    match err {
        Error::Syntax { line, message, .. } => (line, message),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

pub(super) use crate::transcript::test_support::turn;
use crate::transcript::test_support::{same_meeting_turns, SAME_MEETING_NAMES};

pub(super) fn warning(line: usize, message: &str) -> Warning {
    Warning {
        line,
        message: message.to_string(),
    }
}

/// `actual` equals `expected`, times within a nanosecond (decimal times
/// such as `16.7` need not add up to the same double from `16` + `0.7`).
pub(super) fn assert_turns(actual: &[Turn], expected: &[Turn]) {
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (a, b) => a == b,
    };
    assert_eq!(actual.len(), expected.len(), "{actual:#?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            a.speaker == e.speaker
                && a.text == e.text
                && a.line == e.line
                && close(a.start, e.start)
                && close(a.end, e.end),
            "got {a:?}, expected {e:?}"
        );
    }
}

// ---------------------------------------------------------------- detection

#[test]
fn each_fixture_is_detected_as_its_format() {
    for &(name, format) in FIXTURES {
        let text = fixture(name);
        let chosen = formats::detect(&text, Path::new(name)).unwrap();
        assert_eq!(chosen.name(), format, "{name}");
        let own = chosen.detect(&text);
        let floor = if format == "json-array" { 80 } else { 90 };
        assert!(own >= floor, "{name}: {format} scored {own}");
        assert!(
            PlainText.detect(&text) < own,
            "{name}: plain outscores {format}"
        );
        for parser in PARSERS.iter().filter(|p| p.name() != format) {
            assert!(
                parser.detect(&text) < own,
                "{name}: {} scores {} against {format}'s {own}",
                parser.name(),
                parser.detect(&text)
            );
        }
    }
}

#[test]
fn scores_of_each_format_on_its_fixture() {
    let score = |parser: &dyn Parser, name: &str| parser.detect(&fixture(name));
    assert_eq!(score(&WhisperX, "formats/whisperx.json"), 92);
    assert_eq!(score(&Whisper, "formats/whisperx.json"), 30);
    assert_eq!(score(&Whisper, "formats/whisper.json"), 91);
    assert_eq!(score(&WhisperX, "formats/whisper.json"), 30);
    assert_eq!(
        score(&AwsTranscribe, "formats/aws-transcribe-items.json"),
        95
    );
    assert_eq!(score(&AssemblyAi, "formats/assemblyai.json"), 93);
    assert_eq!(score(&Deepgram, "formats/deepgram-paragraphs.json"), 94);
    assert_eq!(score(&AssemblyAi, "formats/deepgram-utterances.json"), 0);
    assert_eq!(score(&Rev, "formats/rev.json"), 96);
    assert_eq!(score(&JsonArray, "formats/json-array.json"), 85);
    assert_eq!(score(&Qmsum, "formats/qmsum.json"), 96);
}

#[test]
fn detection_from_a_truncated_head() {
    // Detection sees only the first part of a big file: the keys near the
    // top must be enough.
    for (head, format) in [
        ("{\"segments\": [{\"start\": 0.5, \"end\": 1.0, \"text\": \" Hi\", \"speaker\": \"SPEAKER_00\"", "whisperx"),
        ("{\"text\": \" Hi there\", \"segments\": [{\"id\": 0, \"seek\": 0, \"start\": 0.0, \"end\": 2", "whisper"),
        ("{\"jobName\": \"x\", \"accountId\": \"1\", \"results\": {\"transcripts\": [{\"transcript\": \"Hello wor", "aws-transcribe"),
        ("{\"id\": \"x\", \"language_model\": \"assemblyai_default\", \"audio_url\": \"a.mp3\", \"text\": \"Hel", "assemblyai"),
        ("{\"metadata\": {\"request_id\": \"x\", \"channels\": 1}, \"results\": {\"channels\": [{\"alternatives\": [{\"tr", "deepgram"),
        ("{\n  \"monologues\": [\n    {\n      \"speaker\": 0,\n      \"elements\": [\n        {\"type\": \"text\", \"va", "rev"),
        ("[\n  {\"speaker\": \"Ana\", \"text\": \"Hel", "json-array"),
        ("{\"meeting_transcripts\": [{\"speaker\": \"A\", \"content\": \"Hm", "qmsum"),
    ] {
        let chosen = formats::detect(head, Path::new("head.json")).unwrap();
        assert_eq!(chosen.name(), format, "{head}");
    }
}

#[test]
fn keys_must_be_keys() {
    let sniff =
        Sniff::new("\u{feff} {\"text\": \"the segments: \\\"speaker\\\" x\", \"segments\" : []}");
    assert!(sniff.is_object());
    assert!(sniff.has("segments"));
    assert!(sniff.has("text"));
    // Inside a string value the quotes are escaped, so it is not a key.
    assert!(!sniff.has("speaker"));
    assert!(!Sniff::new("{\"speaker_label\": 1}").has("speaker"));
    assert!(!Sniff::new("{\"audio_channels\": 1}").has("channels"));
    assert!(!Sniff::new("{\"x\": \"segments\"}").has("segments"));
}

#[test]
fn other_files_score_zero() {
    // Not JSON objects or arrays: the plain-text fixtures and a CSV.
    for name in [
        "chaos-competing-ideas.txt",
        "flow-seed-story.txt",
        "hierarchy-monologue.txt",
        "labeled-sample.csv",
        "stagnation-agreeable.txt",
    ] {
        let text = fixture(name);
        for parser in PARSERS {
            assert_eq!(parser.detect(&text), 0, "{} on {name}", parser.name());
        }
    }
    for text in [
        "",
        "{}",
        "[]",
        "Alice: {\"segments\": 1}",
        "[00:00:05] Alice: \"speaker\": \"text\":",
    ] {
        for parser in PARSERS {
            assert!(parser.detect(text) < 50, "{} on {text:?}", parser.name());
        }
    }
}

// ------------------------------------------------------------ same meeting

/// How one format writes the meeting: its speaker names, whether it has
/// times, and the line where each turn starts in its fixture.
struct MeetingIn {
    parser: &'static dyn Parser,
    speakers: [&'static str; 3],
    timed: bool,
    lines: [usize; 8],
}

#[test]
fn the_same_meeting_in_every_format() {
    let cases = [
        MeetingIn {
            parser: &WhisperX,
            speakers: ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"],
            timed: true,
            lines: [3, 9, 15, 21, 27, 33, 39, 45],
        },
        MeetingIn {
            parser: &AwsTranscribe,
            speakers: ["spk_0", "spk_1", "spk_2"],
            timed: true,
            lines: [12, 19, 26, 33, 40, 47, 54, 61],
        },
        MeetingIn {
            parser: &AssemblyAi,
            speakers: ["A", "B", "C"],
            timed: true,
            lines: [7, 14, 21, 28, 35, 42, 49, 56],
        },
        MeetingIn {
            parser: &Deepgram,
            speakers: ["Speaker 0", "Speaker 1", "Speaker 2"],
            timed: true,
            lines: [19, 27, 35, 43, 51, 59, 67, 75],
        },
        MeetingIn {
            parser: &Rev,
            speakers: SAME_MEETING_NAMES,
            timed: true,
            lines: [3, 27, 37, 59, 71, 79, 96, 110],
        },
        MeetingIn {
            parser: &JsonArray,
            speakers: SAME_MEETING_NAMES,
            timed: true,
            lines: [2, 8, 14, 20, 26, 32, 38, 44],
        },
        MeetingIn {
            parser: &Qmsum,
            speakers: SAME_MEETING_NAMES,
            timed: false,
            lines: [3, 7, 11, 15, 19, 23, 27, 31],
        },
    ];
    for case in cases {
        let format = case.parser.name();
        let text = fixture(&format!("same-meeting/meeting.{format}.json"));
        let parsed = parse(case.parser, &text);
        assert_turns(
            &parsed.turns,
            &same_meeting_turns(
                case.speakers,
                |_, start, end| {
                    if case.timed {
                        (Some(start), Some(end))
                    } else {
                        (None, None)
                    }
                },
                case.lines,
            ),
        );
        assert_eq!(parsed.warnings, [], "{format}");
    }
}

// -------------------------------------------------------------- robustness

/// Checks what a parse of `text` that succeeded promises.
fn check_invariants(parser: &dyn Parser, text: &str) {
    let Ok(parsed) = parser.parse(text, Path::new("fuzz.json")) else {
        return;
    };
    let lines = Lines::new(text).count();
    assert!(!parsed.turns.is_empty(), "{}: {text:?}", parser.name());
    for t in &parsed.turns {
        assert!(
            t.line >= 1 && t.line <= lines,
            "{}: {text:?}",
            parser.name()
        );
        assert!(!t.text.is_empty() && !t.speaker.is_empty());
        for time in [t.start, t.end].into_iter().flatten() {
            assert!(
                time.is_finite() && time >= 0.0,
                "{}: {text:?}",
                parser.name()
            );
        }
    }
    for w in &parsed.warnings {
        assert!(
            w.line >= 1 && w.line <= lines,
            "{}: {text:?}",
            parser.name()
        );
    }
}

#[test]
fn every_prefix_of_every_fixture() {
    for (n, &(name, format)) in FIXTURES.iter().enumerate() {
        let text = fixture(name);
        let own = formats::by_name(format).unwrap();
        for (i, (cut, _)) in text.char_indices().enumerate() {
            let prefix = &text[..cut];
            check_invariants(own, prefix);
            // Every parser on some of the prefixes: each reads every shape.
            if (i + n) % 13 == 0 {
                for parser in PARSERS {
                    parser.detect(prefix);
                    check_invariants(*parser, prefix);
                }
            }
        }
    }
}

#[test]
fn byte_mutations_of_every_fixture() {
    const BYTES: &[u8] = b"{}[]\":,0123456789.-e \n\rtnul\\";
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for &(name, _) in FIXTURES {
        let original = fixture(name).into_bytes();
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..1 + next() % 3 {
                let at = (next() % bytes.len() as u64) as usize;
                let byte = BYTES[(next() % BYTES.len() as u64) as usize];
                match next() % 3 {
                    0 => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            for parser in PARSERS {
                parser.detect(&text);
                check_invariants(*parser, &text);
            }
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        "{{\"segments\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    for parser in PARSERS {
        assert!(parser.parse(&deep, Path::new("deep.json")).is_err());
    }
}

// ------------------------------------------------------------------ errors

#[test]
fn blank_input_is_empty() {
    for parser in PARSERS {
        for text in ["", " \n", "\u{feff}\n\t"] {
            assert!(
                matches!(
                    parser.parse(text, Path::new("e.json")),
                    Err(Error::Empty { .. })
                ),
                "{}",
                parser.name()
            );
        }
    }
}

#[test]
fn syntax_errors_name_the_line_and_the_format() {
    let text = "{\n  \"segments\": [\n    {\"text\": \"a\",}\n  ]\n}\n";
    let (line, message) = syntax(parse_error(&WhisperX, text));
    assert_eq!(line, 3);
    assert!(
        message.starts_with("not a WhisperX transcript"),
        "{message}"
    );
    assert!(message.ends_with(": key must be a string"), "{message}");
    assert!(!message.contains("column"), "{message}");

    let (line, message) = syntax(parse_error(
        &Rev,
        "{\n  \"monologues\": [\n    {\"speaker\": 0,",
    ));
    assert_eq!(line, 3);
    assert!(message.contains("truncated"), "{message}");

    let (line, message) = syntax(parse_error(&Qmsum, "\n [1, 2]"));
    assert_eq!(line, 2);
    assert_eq!(
        message,
        "not a QMSum transcript (an object with a \"meeting_transcripts\" array): \
         the top level is an array, not an object"
    );
    let (line, message) = syntax(parse_error(&Rev, "\"monologues\""));
    assert_eq!(line, 1);
    assert!(message.ends_with("invalid type: string \"monologues\", expected struct Root"));
}

#[test]
fn a_wrong_shape_inside_the_document_is_an_error_on_its_line() {
    let (line, message) = syntax(parse_error(
        &WhisperX,
        "{\n\n  \"segments\":\n    \"none\"\n}",
    ));
    assert_eq!(line, 4);
    assert!(
        message.ends_with("invalid type: string \"none\", expected an array of segments"),
        "{message}"
    );
}

#[test]
fn error_lines_count_lone_cr_and_crlf_as_the_input_layer_does() {
    for newline in ["\n", "\r\n", "\r"] {
        let text = [
            "{",
            "\"segments\": [",
            "{\"text\": \"a\"},",
            "{\"text\": 1}",
            "]}",
        ]
        .join(newline);
        let parsed = parse(&WhisperX, &text);
        assert_eq!(parsed.turns[0].line, 3, "{newline:?}");
        let skipped = parsed
            .warnings
            .iter()
            .find(|w| w.message.contains("skipped"));
        assert_eq!(skipped.map(|w| w.line), Some(4), "{newline:?}");
        let broken = text.replace("1}", "1,}");
        assert_eq!(syntax(parse_error(&WhisperX, &broken)).0, 4, "{newline:?}");
    }
}

#[test]
fn nothing_readable_reports_the_first_problem() {
    let text = "{\"segments\": [\n{\"text\": 1},\n{\"text\": [2]}\n]}";
    let (line, message) = syntax(parse_error(&WhisperX, text));
    assert_eq!(line, 2);
    assert_eq!(
        message,
        "nothing could be read: segment skipped: invalid type: integer `1`, expected a string"
    );
    assert!(matches!(
        WhisperX.parse("{\"segments\": []}", Path::new("e.json")),
        Err(Error::NoSpeech { .. })
    ));
}

// ------------------------------------------------------------ shared types

#[test]
fn times_in_every_shape() {
    let time = |json: &str| serde_json::from_str::<Option<Time>>(json).unwrap();
    assert_eq!(time("1.5"), Some(Time::Number(1.5)));
    assert_eq!(time("1500"), Some(Time::Number(1500.0)));
    assert_eq!(time("\"1.54\""), Some(Time::Number(1.54)));
    assert_eq!(time("\" 2 \""), Some(Time::Number(2.0)));
    assert_eq!(time("\"00:01:02.5\""), Some(Time::Clock(62.5)));
    assert_eq!(time("\"1:02\""), Some(Time::Clock(62.0)));
    assert_eq!(time("null"), None);
    for bad in [
        "-1",
        "\"-0.5\"",
        "\"soon\"",
        "\"\"",
        "true",
        "[1]",
        "{\"s\": 1}",
        "\"inf\"",
        "\"NaN\"",
    ] {
        assert_eq!(time(bad), Some(Time::Unreadable), "{bad}");
    }
}

#[test]
fn labels_from_names_and_numbers() {
    let label = |json: &str| {
        serde_json::from_str::<Label>(json)
            .map(|l| l.0.into_owned())
            .ok()
    };
    assert_eq!(label("\"SPEAKER_00\"").as_deref(), Some("SPEAKER_00"));
    assert_eq!(label("\"caf\\u00e9\"").as_deref(), Some("café"));
    assert_eq!(label("2").as_deref(), Some("Speaker 2"));
    assert_eq!(label("-1").as_deref(), Some("Speaker -1"));
    assert_eq!(label("true"), None);
    // Names without escapes are borrowed from the input, not copied.
    let borrowed = serde_json::from_str::<Label>("\"A\"").unwrap();
    assert!(matches!(borrowed.0, Cow::Borrowed("A")));
    assert_eq!(Label("  ".into()).name(), None);
    assert_eq!(Label(" A ".into()).name(), Some("A"));
}

#[test]
fn counts_in_words() {
    assert_eq!(count_of(1, "segment"), "1 segment");
    assert_eq!(count_of(3, "segment"), "3 segments");
    assert_eq!(count_of(1, "time was"), "1 time was");
    assert_eq!(count_of(2, "time was"), "2 times were");
    assert_eq!(count_of(2, "entry"), "2 entries");
    assert_eq!(count_of(2, "speaker segment"), "2 speaker segments");
    assert_eq!(plural("day"), "days");
}

#[test]
fn pieces_merge_one_speakers_records() {
    let mut pieces = Pieces::new("segment");
    pieces.push(
        Some("A"),
        " one ",
        Some(Time::Number(1.0)),
        Some(Time::Number(2.0)),
        3,
    );
    pieces.push(Some("A"), "two", None, None, 4);
    pieces.push(
        Some("A"),
        "three",
        Some(Time::Unreadable),
        Some(Time::Number(5.0)),
        5,
    );
    pieces.attach(" .");
    pieces.push(Some(" "), "four", None, None, 6);
    pieces.push(Some("A"), "   ", None, None, 7);
    pieces.push(None, "five", None, None, 8);
    pieces.push(Some("B"), "six", Some(Time::Clock(9.0)), None, 9);
    assert_eq!(pieces.labeled(), 4);
    let mut warnings = Vec::new();
    let turns = pieces.finish(&mut warnings);
    assert_eq!(
        turns,
        [
            turn("A", "one two three.", Some(1.0), Some(5.0), 3),
            turn(UNKNOWN_SPEAKER, "four five", None, None, 6),
            turn("B", "six", Some(9.0), None, 9),
        ]
    );
    assert_eq!(
        warnings,
        [
            warning(6, "2 of 7 segments had no speaker label; their text is attributed to \"Unknown speaker\""),
            warning(7, "1 segment with no text skipped"),
            warning(5, "1 time was not a number of seconds or a timestamp; left out, the text is kept"),
        ]
    );
}

#[test]
fn milliseconds_divide_exactly() {
    let mut pieces = Pieces::new("utterance").per_second(1000.0);
    pieces.push(
        Some("A"),
        "x",
        Some(Time::Number(6200.0)),
        Some(Time::Clock(7.0)),
        1,
    );
    let turns = pieces.finish(&mut Vec::new());
    assert_eq!(turns[0].start, Some(6.2));
    assert_eq!(turns[0].end, Some(7.0));
}

#[test]
fn line_counter_resumes_and_restarts() {
    let text = "a\nb\r\nc\rd\n\ne";
    let mut lines = LineCounter::new(text);
    let at = |s: &str| text.find(s).unwrap();
    assert_eq!(lines.line_at(at("b")), 2);
    assert_eq!(lines.line_at(at("c")), 3);
    assert_eq!(lines.line_at(at("d")), 4);
    assert_eq!(lines.line_at(at("e")), 6);
    assert_eq!(lines.line_at(at("a")), 1);
    assert_eq!(lines.line_at(usize::MAX), 6);
    // A string that is not part of the text counts as line 1.
    assert_eq!(lines.line_of("elsewhere"), 1);
}

// ---------------------------------------------------------------- real data

/// The QMSum training set, when the shared data is there.
#[test]
fn every_qmsum_training_file_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/qmsum/train");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let mut files = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            formats::detect(&text, &path).unwrap().name(),
            "qmsum",
            "{}",
            path.display()
        );
        let parsed = Qmsum.parse(&text, &path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!parsed.turns.is_empty(), "{}", path.display());
        files += 1;
    }
    println!("{files} QMSum files parsed");
}
