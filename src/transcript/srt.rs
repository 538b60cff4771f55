//! SubRip subtitles (`.srt`), as caption tools and speech-to-text services
//! write them.
//!
//! ```text
//! 12                                       <- cue number (any, or none)
//! 00:01:02,500 --> 00:01:04,000 X1:40 ...  <- timing; `,` or `.`; coordinates dropped
//! [SPEAKER_00]: <i>Ana's</i> line           <- speaker prefix, markup dropped
//! - Dialogue dash: a piece of its own       <- two speakers in one cue
//! - Ben Carter: with its own name
//! ```
//!
//! SubRip has no speaker field; speakers come from a `Name: `, `[Name]: ` or
//! `[SPEAKER_00] ` prefix on a cue's first line or on a dialogue-dash line.
//! A cue without one is [`UNKNOWN_SPEAKER`](super::UNKNOWN_SPEAKER)'s.

use std::path::Path;

use super::cue::{
    is_number, no_cue_error, numbered_lines, read_cues, speaker_or_unknown, speaker_prefix, survey,
    tag_at, Closer, CueFormat, CueTime, TurnBuilder, Words,
};
use super::lines::Lines;
use super::{Parsed, Parser};
use crate::error::{Error, Result};

/// Reads SubRip subtitle files (`.srt`).
///
/// Every cue gives its start and end; consecutive pieces of one speaker
/// become one turn. A cue with an unreadable timing line is skipped with a
/// warning. Cue numbers are not checked: files in the wild skip, repeat and
/// reorder them, and they say nothing about the speech.
#[derive(Debug, Clone, Copy, Default)]
pub struct Srt;

/// The line WebVTT files start with; SubRip files never do.
const WEBVTT_SIGNATURE: &str = "WEBVTT";

impl Parser for Srt {
    fn name(&self) -> &'static str {
        "srt"
    }

    fn description(&self) -> &'static str {
        "SubRip subtitles (.srt): numbered cues, `Name: ` or `[SPEAKER_00]` prefixes"
    }

    /// A cue number right before a timing line with a `,` fraction is
    /// SubRip's signature; either one alone is its structure. A number and
    /// `.` fractions could be a WebVTT file without its header, and score
    /// just above what WebVTT gives that.
    fn detect(&self, head: &str) -> u8 {
        let head = head.strip_prefix('\u{feff}').unwrap_or(head);
        if Lines::new(head)
            .next()
            .is_some_and(|line| line.starts_with(WEBVTT_SIGNATURE))
        {
            return 0;
        }
        let seen = survey(head);
        match seen {
            s if s.timings == 0 => 0,
            s if s.numbered > 0 && s.comma > 0 => 95,
            s if s.comma > 0 => 85,
            // Voices and hour-less times are WebVTT's, never SubRip's.
            s if s.voices || s.hourless > 0 => 30,
            s if s.numbered > 0 => 75,
            _ => 40,
        }
    }

    fn detect_ceiling(&self, _head: &str) -> u8 {
        95
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }
        let mut cues = SrtCues::default();
        let scan = read_cues(&mut numbered_lines(text), &mut cues);
        if scan.cues == 0 {
            return Err(no_cue_error(path, &scan, &cues));
        }
        Ok(Parsed {
            turns: scan.turns,
            warnings: scan.warnings,
        })
    }
}

/// Reads the text of SubRip cues; reused across cues to keep its buffers.
#[derive(Debug, Default)]
struct SrtCues {
    /// One line with its markup removed.
    clean: String,
    /// The piece of speech being read.
    words: Words,
    /// The speaker of that piece; empty for none.
    speaker: String,
}

impl CueFormat for SrtCues {
    /// A number right before a timing line is that cue's number, even where
    /// the blank line before it is missing.
    fn is_cue_id(&self, line: &str, _in_cue: bool) -> bool {
        is_number(line)
    }

    fn is_silent_block(&self, _line: &str) -> bool {
        false
    }

    fn timing_example(&self) -> &'static str {
        "00:00:01,000 --> 00:00:04,000"
    }

    fn read_cue(&mut self, time: CueTime, lines: &[(usize, &str)], turns: &mut TurnBuilder) {
        self.words.clear();
        self.speaker.clear();
        for (index, &(number, line)) in lines.iter().enumerate() {
            let clean = strip_markup(line, &mut self.clean).trim();
            let dialogue = dialogue_line(clean);
            let mut said = dialogue.unwrap_or(clean);
            if index == 0 || dialogue.is_some() {
                finish_piece(&self.speaker, &mut self.words, time, turns);
                self.speaker.clear();
                if let Some((name, at)) = speaker_prefix(said) {
                    self.speaker.push_str(name);
                    said = said.get(at..).unwrap_or_default();
                }
            }
            self.words.push_str(said, number);
            self.words.end_line();
        }
        finish_piece(&self.speaker, &mut self.words, time, turns);
    }
}

/// Hands a piece to `turns` under `speaker` (or the unknown speaker) and
/// empties it.
fn finish_piece(speaker: &str, words: &mut Words, time: CueTime, turns: &mut TurnBuilder) {
    turns.push(
        speaker_or_unknown(speaker),
        words.text(),
        time,
        words.line(),
    );
    words.clear();
}

/// The text after a dialogue dash (`- Yes.`, `-Yes.`, `– Yes.`), which marks
/// a line spoken by someone else than the line before. A dash before a digit
/// is a minus sign, and `--` a dash inside speech.
fn dialogue_line(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(['-', '–'])?;
    let next = rest.chars().next()?;
    if next.is_ascii_digit() || next == '-' {
        return None;
    }
    Some(rest.trim_start())
}

/// `line` without its markup: HTML-like tags (`<i>`, `<font
/// color="#ff0">`) and ASS style overrides (`{\an8}`, `{\i1}`). Other braces
/// and brackets (`{vocalsound}`, `[laughter]`) are speech annotations and
/// stay. A line with markup is copied into `out`; one without is returned
/// as it is.
fn strip_markup<'a>(line: &'a str, out: &'a mut String) -> &'a str {
    let bytes = line.as_bytes();
    // Only `<` and `{` can start markup, so the text between them is copied
    // in one piece, and a line without either (most lines) not at all.
    let Some(first) = memchr::memchr2(b'<', b'{', bytes) else {
        return line;
    };
    out.clear();
    let mut tags = Closer::new(b'>');
    let mut braces = Closer::new(b'}');
    let mut copied = 0;
    let mut at = first;
    loop {
        let skip_to = match bytes[at] {
            b'<' => tag_at(line, at, false, &mut tags).map(|(_, next)| next),
            _ if bytes.get(at + 1) == Some(&b'\\') => {
                // `{` is one byte and `}` is ASCII: char boundaries.
                braces.find(line, at + 1).map(|close| close + 1)
            }
            _ => None,
        };
        let resume = match skip_to {
            Some(next) => {
                out.push_str(line.get(copied..at).unwrap_or_default());
                copied = next;
                next
            }
            // The opener is text; it is copied with what follows it.
            None => at + 1,
        };
        match bytes
            .get(resume..)
            .and_then(|rest| memchr::memchr2(b'<', b'{', rest))
        {
            Some(offset) => at = resume + offset,
            None => break,
        }
    }
    out.push_str(line.get(copied..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{
        all_times, assert_never_panics_with, fixture, same_meeting_turns, SAME_MEETING_NAMES,
    };
    use super::*;
    use crate::transcript::{PlainText, Turn, Warning, WebVtt, UNKNOWN_SPEAKER};

    fn parse(text: &str) -> Parsed {
        Srt.parse(text, Path::new("t.srt")).unwrap()
    }

    fn turns(text: &str) -> Vec<Turn> {
        parse(text).turns
    }

    fn turn(speaker: &str, text: &str, start: f64, end: f64, line: usize) -> Turn {
        Turn {
            speaker: speaker.to_string(),
            text: text.to_string(),
            start: Some(start),
            end: Some(end),
            line,
        }
    }

    const FIXTURES: &[&str] = &[
        "formats/srt-basic.srt",
        "formats/srt-quirks.srt",
        "same-meeting/meeting.srt.srt",
    ];

    /// `(speaker, text)` of the turns of one cue with `body` as its text.
    fn said(body: &str) -> Vec<(String, String)> {
        turns(&format!("1\n00:00:01,000 --> 00:00:02,000\n{body}\n"))
            .into_iter()
            .map(|t| (t.speaker, t.text))
            .collect()
    }

    fn pair(speaker: &str, text: &str) -> (String, String) {
        (speaker.to_string(), text.to_string())
    }

    #[test]
    fn name_and_description() {
        assert_eq!(Srt.name(), "srt");
        assert!(!Srt.description().is_empty());
    }

    #[test]
    fn basic_fixture() {
        let parsed = parse(&fixture("formats/srt-basic.srt"));
        assert_eq!(
            parsed.turns,
            [
                turn("Ana Souza", "Thanks for joining, everyone.", 1.0, 4.5, 3),
                turn("Ben Carter", "Happy to be here.", 5.0, 7.25, 7),
                turn(
                    "Ana Souza",
                    "Let's review the launch plan and the open risks. We have two weeks left.",
                    7.5,
                    12.0,
                    11
                ),
                turn("Chloé Martin", "Two weeks is tight.", 12.5, 14.0, 20),
                turn(UNKNOWN_SPEAKER, "(inaudible)", 14.2, 15.0, 24),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn quirks_fixture() {
        let parsed = parse(&fixture("formats/srt-quirks.srt"));
        assert_eq!(
            parsed.turns,
            [
                // Dot before the milliseconds; `[SPEAKER_00]: `.
                turn("SPEAKER_00", "Can you all see my screen?", 1.0, 3.0, 3),
                // Number 7 after 1; coordinates after the timing; `[SPEAKER_01] `.
                turn("SPEAKER_01", "Yes, loud and clear.", 3.5, 5.0, 7),
                // No number; two dialogue lines without names; no blank line
                // after them, and the `3` belongs to the next cue.
                turn(
                    UNKNOWN_SPEAKER,
                    "Is the demo ready? Almost, give me a minute.",
                    5.5,
                    8.0,
                    10
                ),
                turn("Ana Souza", "Good, let's start.", 8.0, 10.0, 14),
                turn("Ben Carter", "Who goes first?", 10.5, 13.0, 18),
                turn("Chloé Martin", "I will. [laughter]", 10.5, 13.0, 19),
                turn("SPEAKER_00", "Perfect.", 13.0, 15.0, 24),
                // An annotation in brackets is not a speaker.
                turn(UNKNOWN_SPEAKER, "[music playing]", 15.2, 16.0, 28),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn same_meeting() {
        let lines = [3, 7, 11, 15, 19, 23, 27, 31];
        assert_eq!(
            turns(&fixture("same-meeting/meeting.srt.srt")),
            same_meeting_turns(SAME_MEETING_NAMES, all_times, lines)
        );
    }

    #[test]
    fn speaker_prefixes() {
        assert_eq!(said("Ana Souza: hi"), [pair("Ana Souza", "hi")]);
        assert_eq!(said("[SPEAKER_00]: hi"), [pair("SPEAKER_00", "hi")]);
        assert_eq!(said("[SPEAKER_00] hi"), [pair("SPEAKER_00", "hi")]);
        assert_eq!(said("[Speaker 1] hi"), [pair("Speaker 1", "hi")]);
        assert_eq!(said("[Ana Souza]: hi"), [pair("Ana Souza", "hi")]);
        assert_eq!(
            said("Ana Souza:\nhi there"),
            [pair("Ana Souza", "hi there")]
        );
        // Only the first line (or a dash line) names a speaker.
        assert_eq!(said("Ana: one\nBen: two"), [pair("Ana", "one Ben: two")]);
        for unnamed in [
            "hi",
            "[laughter] hi",
            "Note: hi",
            "The plan is: ship",
            "10:30: hi",
        ] {
            assert_eq!(
                said(unnamed),
                [pair(UNKNOWN_SPEAKER, unnamed)],
                "{unnamed:?}"
            );
        }
    }

    #[test]
    fn dialogue_dashes() {
        assert_eq!(
            said("- Ana: Ready?\n- Ben: Yes.\n- Ana: Go."),
            [
                pair("Ana", "Ready?"),
                pair("Ben", "Yes."),
                pair("Ana", "Go.")
            ]
        );
        assert_eq!(
            said("-Ready?\n–Yes."),
            [pair(UNKNOWN_SPEAKER, "Ready? Yes.")]
        );
        assert_eq!(
            said("Ana: Ready?\n- Ben: Yes,\nI am."),
            [pair("Ana", "Ready?"), pair("Ben", "Yes, I am.")]
        );
        // A named line then an unnamed dash line: the dash is someone else.
        assert_eq!(
            said("- Ana: Ready?\n- Yes."),
            [pair("Ana", "Ready?"), pair(UNKNOWN_SPEAKER, "Yes.")]
        );
        // Minus signs and dashes inside speech are text.
        assert_eq!(
            said("Ana: it was\n-5 degrees\n-- and cold"),
            [pair("Ana", "it was -5 degrees -- and cold")]
        );
        assert_eq!(said("-"), [pair(UNKNOWN_SPEAKER, "-")]);
        assert_eq!(said("- "), [pair(UNKNOWN_SPEAKER, "-")]);
    }

    #[test]
    fn dash_pieces_start_on_their_own_line() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\n- Ana: a\n- Ben: b\n";
        assert_eq!(
            turns(text),
            [turn("Ana", "a", 1.0, 2.0, 3), turn("Ben", "b", 1.0, 2.0, 4)]
        );
    }

    #[test]
    fn markup_is_stripped() {
        assert_eq!(
            said("<i>Ana:</i> <b>bold</b> <u>under</u> <font color=\"#ff0000\">red</font>"),
            [pair("Ana", "bold under red")]
        );
        assert_eq!(said("{\\an8}{\\i1}Ana: top{\\i0}"), [pair("Ana", "top")]);
        assert_eq!(
            said("<font face=Arial size=2>x</font>"),
            [pair(UNKNOWN_SPEAKER, "x")]
        );
        assert_eq!(
            said("{\\an8}- Ana: a\n{\\an8}- Ben: b"),
            [pair("Ana", "a"), pair("Ben", "b")]
        );
        // Not markup: kept as speech.
        for kept in [
            "{vocalsound} yes",
            "{\\unclosed",
            "a < b > c",
            "<3 you",
            "x {y}",
            "<i",
        ] {
            assert_eq!(said(kept), [pair(UNKNOWN_SPEAKER, kept)], "{kept:?}");
        }
        // No character references in SubRip.
        assert_eq!(
            said("Tom &amp; Jerry"),
            [pair(UNKNOWN_SPEAKER, "Tom &amp; Jerry")]
        );
    }

    #[test]
    fn cue_numbers_odd_or_missing() {
        let text = "5\n00:00:01,000 --> 00:00:02,000\nAna: a\n\n\
                    00:00:02,000 --> 00:00:03,000\nBen: b\n\n\
                    5\n00:00:03,000 --> 00:00:04,000\nAna: c\n\n\
                    0012\n00:00:04,000 --> 00:00:05,000\nBen: d\n";
        let parsed = parse(text);
        assert_eq!(
            parsed.turns,
            [
                turn("Ana", "a", 1.0, 2.0, 3),
                turn("Ben", "b", 2.0, 3.0, 6),
                turn("Ana", "c", 3.0, 4.0, 10),
                turn("Ben", "d", 4.0, 5.0, 14),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn missing_blank_lines() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nAna: a\n42\n\
                    2\n00:00:02,000 --> 00:00:03,000\nBen: b\n\
                    00:00:03,000 --> 00:00:04,000\nAna: c\n";
        assert_eq!(
            turns(text),
            [
                // `42` is not right before a timing line: it is speech.
                turn("Ana", "a 42", 1.0, 2.0, 3),
                turn("Ben", "b", 2.0, 3.0, 7),
                turn("Ana", "c", 3.0, 4.0, 9),
            ]
        );
    }

    #[test]
    fn blank_lines_with_spaces_and_crlf() {
        let text = "1\r\n00:00:01,000 --> 00:00:02,000\r\nAna: a\r\n \t\r\n2\r\n\
                    00:00:02,000 --> 00:00:03,000\r\nBen: b\r\n\r\n";
        assert_eq!(
            turns(text),
            [turn("Ana", "a", 1.0, 2.0, 3), turn("Ben", "b", 2.0, 3.0, 7)]
        );
    }

    #[test]
    fn broken_cue_is_skipped_and_the_rest_kept() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nAna: a\n\n\
                    2\n00:00:02,000 --> 00:00:0x,000\nBen: lost\n\n\
                    3\n00:00:03,000 --> 00:00:04,000\nChloé: c\n";
        let parsed = parse(text);
        assert_eq!(
            parsed.turns,
            [
                turn("Ana", "a", 1.0, 2.0, 3),
                turn("Chloé", "c", 3.0, 4.0, 11)
            ]
        );
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 6,
                message: "cue skipped: cannot read the timing line \"00:00:02,000 --> \
                          00:00:0x,000\" (expected `start --> end`, like \
                          `00:00:01,000 --> 00:00:04,000`)"
                    .into(),
            }]
        );
    }

    #[test]
    fn text_outside_cues_is_skipped_with_a_warning() {
        let text = "Subtitles by someone\nsecond line\n\n\
                    1\n00:00:01,000 --> 00:00:02,000\nAna: a\n\n7\nno timing here\n";
        let parsed = parse(text);
        assert_eq!(parsed.turns, [turn("Ana", "a", 1.0, 2.0, 6)]);
        let lines: Vec<_> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [1, 8]);
        assert_eq!(
            parsed.warnings[0].message,
            "text outside any cue skipped (no timing line like `00:00:01,000 --> \
             00:00:04,000` before it): \"Subtitles by someone\""
        );
    }

    #[test]
    fn errors() {
        let err = |text: &str| Srt.parse(text, Path::new("t.srt")).unwrap_err();
        for empty in ["", "\n \n", "\u{feff}\r\n"] {
            assert!(matches!(err(empty), Error::Empty { .. }), "{empty:?}");
        }
        match err("Ana: hello\nBen: hi\n") {
            Error::Syntax { line, message, .. } => {
                assert_eq!(line, 1);
                assert_eq!(
                    message,
                    "no cue found: expected a timing line like `00:00:01,000 --> 00:00:04,000`"
                );
            }
            other => panic!("{other:?}"),
        }
        match err("\n1\n00:00:01,000 --> ?\nhi\n") {
            Error::Syntax { line, message, .. } => {
                assert_eq!(line, 3);
                assert!(
                    message.starts_with("cannot read the timing line"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn times() {
        let text = "1\n01:02:03,004 --> 01:02:04.5\nAna: a\n\n\
                    2\n0:0:9,15 --> 0:0:10,000\nBen: b\n";
        assert_eq!(
            turns(text),
            [
                turn("Ana", "a", 3723.004, 3724.5, 3),
                turn("Ben", "b", 9.15, 10.0, 7)
            ]
        );
    }

    #[test]
    fn detection() {
        for path in FIXTURES {
            let text = fixture(path);
            let score = Srt.detect(&text);
            assert_eq!(score, 95, "{path}");
            assert!(PlainText.detect(&text) < score, "{path}");
            assert!(WebVtt.detect(&text) < score, "{path}");
        }
        assert_eq!(Srt.detect("00:00:01,000 --> 00:00:02,000\nhi\n"), 85);
        let dotted = "1\n00:00:01.000 --> 00:00:02.000\nhi\n";
        assert_eq!(Srt.detect(dotted), 75);
        assert!(WebVtt.detect(dotted) < 75);
        assert_eq!(Srt.detect("00:00:01.000 --> 00:00:02.000\nhi\n"), 40);
        assert_eq!(Srt.detect("1\n00:01.000 --> 00:02.000\nhi\n"), 30);
        assert_eq!(
            Srt.detect("WEBVTT\n\n1\n00:00:01,000 --> 00:00:02,000\nhi\n"),
            0
        );
        assert_eq!(Srt.detect("1\n2\n3\nAna: hi"), 0);
        assert_eq!(Srt.detect(""), 0);
    }

    #[test]
    fn detection_is_low_on_other_fixtures() {
        for path in [
            "chaos-competing-ideas.txt",
            "flow-seed-story.txt",
            "hierarchy-monologue.txt",
            "stagnation-agreeable.txt",
            "labeled-sample.csv",
            "formats/webvtt-zoom.vtt",
            "formats/webvtt-teams.vtt",
            "formats/webvtt-spec.vtt",
            "same-meeting/meeting.webvtt.vtt",
        ] {
            assert_eq!(Srt.detect(&fixture(path)), 0, "{path}");
        }
    }

    #[test]
    fn never_panics_on_truncations_and_mutations() {
        for path in FIXTURES {
            assert_never_panics_with(&Srt, &fixture(path), check_invariants);
        }
    }

    /// What cue formats promise beyond every parser's: times on every
    /// turn, and no two turns in a row by one speaker.
    fn check_invariants(text: &str, parsed: &Parsed) {
        for t in &parsed.turns {
            assert!(t.start.is_some_and(f64::is_finite), "{text:?}");
            assert!(t.end.is_some_and(f64::is_finite), "{text:?}");
        }
        for pair in parsed.turns.windows(2) {
            assert_ne!(pair[0].speaker, pair[1].speaker, "{text:?}");
        }
    }

    #[test]
    fn long_lines_are_linear() {
        let body = "<".repeat(100_000) + &"{\\".repeat(100_000) + &"-".repeat(100_000);
        let text = format!("1\n00:00:01,000 --> 00:00:02,000\n{body}\n");
        let parsed = parse(&text);
        assert_eq!(parsed.turns.len(), 1);
        assert_eq!(parsed.turns[0].text.len(), body.len());
    }

    /// Markup stripped piece by piece, as char by char.
    mod same_as_plain {
        use super::super::*;
        use proptest::prelude::*;

        fn plain_strip_markup(line: &str) -> String {
            let mut out = String::new();
            let mut tags = Closer::new(b'>');
            let mut braces = Closer::new(b'}');
            let mut at = 0;
            while let Some(c) = line.get(at..).and_then(|rest| rest.chars().next()) {
                let skip_to = match c {
                    '<' => tag_at(line, at, false, &mut tags).map(|(_, next)| next),
                    '{' if line.as_bytes().get(at + 1) == Some(&b'\\') => {
                        braces.find(line, at + 1).map(|close| close + 1)
                    }
                    _ => None,
                };
                match skip_to {
                    Some(next) => at = next,
                    None => {
                        out.push(c);
                        at += c.len_utf8();
                    }
                }
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            #[test]
            fn markup(line in "[ a<>{}/\\\\i1é]{0,60}") {
                let mut out = String::new();
                prop_assert_eq!(strip_markup(&line, &mut out), plain_strip_markup(&line));
            }
        }
    }
}
