//! Plain-text transcripts: a speaker's name, a colon, and what they said.
//!
//! ```text
//! Weekly sync                         <- skipped, with a warning
//! [00:00:05] Alice: Shall we start?
//! Bob (00:00:09): Yes. I have two things.
//! The first is the release.           <- continues Bob's turn
//! 00:05:00                            <- start time of the next turn
//! Zoë: Agreed.
//! ```
//!
//! The hard part is telling a speaker line from prose that happens to contain
//! a colon. A separator is a colon followed by whitespace (or the end of the
//! line), or a full-width colon; the text before it must look like a name (see
//! [`is_name`]). Everything is decided within one line, in one pass.

use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;

use super::lines::{Lines, Preview};
use super::time::parse_timestamp;
use super::{Parsed, Parser, Turn, Warning};
use crate::error::{Error, Result};

/// Reads transcripts written as `Name: text` lines, optionally timed as
/// `[00:01:02] Name: text`, `(00:01:02) Name: text`, `00:01:02 Name: text`,
/// `Name (00:01:02): text` or `Name [00:01:02]: text`.
///
/// Lines without a speaker continue the previous turn; a line holding only a
/// timestamp gives the next turn its start. Plain text has no end times, so
/// [`Turn::end`] is always `None`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainText;

/// Longest name accepted, in chars. Real names and speaker ids are far
/// shorter; longer text before a colon is a sentence.
const MAX_NAME_CHARS: usize = 50;

/// Most words in a name (`Dr. Maria de la Cruz` has five).
const MAX_NAME_WORDS: usize = 5;

/// Non-blank lines looked at to detect the format.
const DETECT_LINES: usize = 200;

/// How many chars into a line the separator is looked for: a full name plus a
/// `[hh:mm:ss.mmm]` suffix and some spacing. It bounds the work per line, so
/// long prose lines cost no more than short ones.
const MAX_HEAD_CHARS: usize = MAX_NAME_CHARS + 24;

/// Single words that are written with a colon in notes, mail and headers but
/// are not people. Without this list `Note: the build is red` would make
/// "Note" a speaker. Compared ignoring ASCII case and dots (`P.S.`, `N.B.`).
/// Only one-word names are checked: `Note Taker` stays a possible name.
#[rustfmt::skip]
const NOT_SPEAKERS: &[&str] = &[
    // Annotations.
    "note", "notes", "nb", "ps", "re", "fwd", "fw", "subject", "todo", "fixme", "warning",
    "caution", "tip", "example", "summary", "agenda", "update", "decision", "decisions", "action",
    "actions", "outcome", "result", "results",
    // URL schemes, in case one is followed by a space.
    "http", "https", "ftp", "mailto", "file", "www",
    // Transcript and meeting headers.
    "date", "time", "location", "attendees", "transcript", "participants", "present", "absent",
    "duration", "meeting", "minutes", "topic", "title", "recording", "status", "context",
    "background", "conclusion", "reminder", "important",
    // Mail headers pasted above a transcript.
    "from", "to", "cc", "bcc", "sent",
    // Interview layouts mark question and answer, not who speaks.
    "question", "answer", "q", "a",
];

/// Lowercase words that belong inside names (`Ludwig van Beethoven`, `Maria
/// dos Santos`); any other lowercase word after the first marks prose.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "bin", "al",
    "y", "dos", "das",
];

/// Punctuation found inside names: `Dr.`, `O'Neil-Smith`, `O’Brien`,
/// `SPEAKER_00`, the Unicode hyphens, the Catalan middle dot (`Gal·la`) and
/// the katakana middle dot between given and family names (`ジョン・スミス`).
const NAME_PUNCTUATION: &[char] = &['.', '-', '\'', '’', '_', '\u{2010}', '\u{2011}', '·', '・'];

impl Parser for PlainText {
    fn name(&self) -> &'static str {
        "plain"
    }

    fn description(&self) -> &'static str {
        "plain text: `Name: text` lines, optional [hh:mm:ss] / hh:mm:ss / Name (mm:ss) times"
    }

    /// Share of the first non-blank lines that are speaker lines: plain text
    /// is the fallback, so it never claims certainty.
    fn detect(&self, head: &str) -> u8 {
        let (mut lines, mut speakers) = (0u32, 0u32);
        for line in Lines::new(head)
            .filter(|l| !l.trim().is_empty())
            .take(DETECT_LINES)
        {
            lines += 1;
            speakers += u32::from(speaker_line(line).is_some());
        }
        match (speakers, lines) {
            (0, _) => 0,
            (s, l) if 2 * s >= l => 60,
            (s, l) if 5 * s >= l => 40,
            _ => 20,
        }
    }

    fn detect_ceiling(&self, _head: &str) -> u8 {
        60
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        // The input layer removes a BOM; text from elsewhere may still have one.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }

        let mut parsed = Parsed::default();
        let mut current: Option<Turn> = None;
        // Start time from a timestamp-only line, and that line's number.
        let mut pending_time: Option<(f64, usize)> = None;
        let mut seen_speaker = false;

        for (index, raw) in Lines::new(text).enumerate() {
            let number = index + 1;
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(time) = timestamp_line(line) {
                if let Some((_, unused)) = pending_time.replace((time, number)) {
                    parsed.warnings.push(Warning {
                        line: unused,
                        message: "timestamp line was ignored: another timestamp follows before \
                                  any speaker line"
                            .to_string(),
                    });
                }
                continue;
            }
            if let Some(head) = speaker_line(line) {
                seen_speaker = true;
                if let Some(done) = current.take() {
                    finish(done, &mut parsed);
                }
                // A time on the speaker line itself is more specific than one
                // on a line of its own.
                let start = head.start.or(pending_time.map(|(time, _)| time));
                pending_time = None;
                current = Some(Turn {
                    speaker: head.name.to_string(),
                    text: head.text.to_string(),
                    start,
                    end: None,
                    line: number,
                });
                continue;
            }
            match current.as_mut() {
                Some(turn) => {
                    if !turn.text.is_empty() {
                        turn.text.push(' ');
                    }
                    turn.text.push_str(line);
                }
                None => parsed.warnings.push(Warning {
                    line: number,
                    message: format!(
                        "text before the first speaker line was skipped: \"{}\"",
                        Preview(line)
                    ),
                }),
            }
        }
        if let Some(done) = current.take() {
            finish(done, &mut parsed);
        }
        if let Some((_, unused)) = pending_time {
            parsed.warnings.push(Warning {
                line: unused,
                message: "timestamp line was ignored: no speaker line follows it".to_string(),
            });
        }
        if !seen_speaker {
            return Err(Error::NoSpeaker {
                path: path.to_path_buf(),
            });
        }
        // Empty-turn warnings are added when the turn ends, after warnings of
        // later lines; readers expect file order.
        parsed.warnings.sort_by_key(|w| w.line);
        Ok(parsed)
    }
}

/// Adds a finished turn, or warns about a speaker line that never got any
/// text: an empty turn would list a speaker who said nothing.
fn finish(turn: Turn, parsed: &mut Parsed) {
    if turn.text.is_empty() {
        parsed.warnings.push(Warning {
            line: turn.line,
            message: format!(
                "speaker line for \"{}\" has no text; turn skipped",
                Preview(&turn.speaker)
            ),
        });
    } else {
        parsed.turns.push(turn);
    }
}

/// The parts of a speaker line.
#[derive(Debug, PartialEq)]
struct Head<'a> {
    name: &'a str,
    text: &'a str,
    start: Option<f64>,
}

/// Reads `line` (trimmed, not empty) as a speaker line.
fn speaker_line(line: &str) -> Option<Head<'_>> {
    let (lead_time, rest) = split_leading_time(line);
    let (head, text) = split_separator(rest)?;
    let (name, trail_time) = split_trailing_time(head.trim_end());
    let name = name.trim();
    if !is_name(name) {
        return None;
    }
    Some(Head {
        name,
        text: text.trim(),
        start: lead_time.or(trail_time),
    })
}

/// The time of a line that holds only `00:05:00`, `[00:05:00]` or
/// `(00:05:00)`.
fn timestamp_line(line: &str) -> Option<f64> {
    match line.as_bytes().first()? {
        b'[' | b'(' => {
            let (time, rest) = bracketed_time(line)?;
            rest.trim().is_empty().then_some(time)
        }
        b'0'..=b'9' => parse_timestamp(line),
        _ => None,
    }
}

/// A leading `[time]`, `(time)` or `time ` and the rest of the line; the whole
/// line when it starts with none of them.
fn split_leading_time(line: &str) -> (Option<f64>, &str) {
    match line.as_bytes().first() {
        Some(b'[' | b'(') => match bracketed_time(line) {
            Some((time, rest)) => (Some(time), rest.trim_start()),
            None => (None, line),
        },
        Some(b'0'..=b'9') => match line.split_once(char::is_whitespace) {
            Some((token, rest)) => match parse_timestamp(token) {
                Some(time) => (Some(time), rest.trim_start()),
                None => (None, line),
            },
            None => (None, line),
        },
        _ => (None, line),
    }
}

/// Reads `[time]` or `(time)` at the start of `s`, returning the time and
/// what follows the closing bracket.
fn bracketed_time(s: &str) -> Option<(f64, &str)> {
    let close = match s.as_bytes().first()? {
        b'[' => b']',
        b'(' => b')',
        _ => return None,
    };
    // A timestamp is at most 18 bytes (`hh:mm:ss.nnnnnnnnn`), so looking
    // further would only scan prose. Both brackets are ASCII, so the byte
    // positions are char boundaries.
    let end = s.bytes().take(24).position(|b| b == close)?;
    let time = parse_timestamp(s[1..end].trim())?;
    Some((time, &s[end + 1..]))
}

/// Splits at the first separator: a colon followed by whitespace or the end
/// of the line, or a full-width colon (CJK text puts no space after it).
/// A colon followed by anything else (`https://`, `10:30`, `3:1`) is not a
/// separator, and the search stops after [`MAX_HEAD_CHARS`].
fn split_separator(s: &str) -> Option<(&str, &str)> {
    for (i, c) in s.char_indices().take(MAX_HEAD_CHARS) {
        match c {
            '：' => return Some((&s[..i], &s[i + c.len_utf8()..])),
            ':' => {
                let after = &s[i + 1..];
                if after.chars().next().is_none_or(char::is_whitespace) {
                    return Some((&s[..i], after));
                }
            }
            _ => {}
        }
    }
    None
}

/// A trailing ` (time)` or ` [time]` split off a name.
fn split_trailing_time(head: &str) -> (&str, Option<f64>) {
    let open = match head.as_bytes().last() {
        Some(b')') => '(',
        Some(b']') => '[',
        _ => return (head, None),
    };
    // The last byte is an ASCII bracket, so cutting it off stays on a char
    // boundary, and `rfind` returns the boundary of the one-byte opener.
    let body = &head[..head.len() - 1];
    let Some(at) = body.rfind(open) else {
        return (head, None);
    };
    match parse_timestamp(body[at + 1..].trim()) {
        Some(time) => (&body[..at], Some(time)),
        None => (head, None),
    }
}

/// Whether `name` (trimmed) reads as a speaker's name rather than prose.
///
/// A name starts with a letter of any script; holds letters, digits, marks,
/// spaces and [`NAME_PUNCTUATION`] only; has at most [`MAX_NAME_CHARS`] chars
/// and [`MAX_NAME_WORDS`] words; is not one of [`NOT_SPEAKERS`]; and every
/// word after the first begins like a name does (see [`is_later_name_word`]).
/// That last rule is what keeps `The plan is simple: we ship` prose.
pub(super) fn is_name(name: &str) -> bool {
    if !name.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    // No more bytes than the limit is no more chars: counting is for long names.
    if name.len() > MAX_NAME_CHARS && name.chars().nth(MAX_NAME_CHARS).is_some() {
        return false;
    }
    let mut words = name.split_whitespace();
    let first = words.next().unwrap_or_default();
    let mut count = 1;
    for word in words {
        count += 1;
        if count > MAX_NAME_WORDS || !is_later_name_word(word) {
            return false;
        }
    }
    if count == 1 {
        // A stop word can only match a word with its first letter.
        let initial = first
            .chars()
            .find(|&c| c != '.')
            .map(|c| c.to_ascii_lowercase());
        if NOT_SPEAKERS
            .iter()
            .any(|stop| stop.chars().next() == initial && is_stop_word(first, stop))
        {
            return false;
        }
    }
    // Checking the first char of each grapheme admits the combining marks,
    // viramas and joiners that names in many scripts need (`श्री`), which are
    // neither alphanumeric nor listed punctuation. When every char passes,
    // so does the first of every grapheme, and segmenting can be skipped.
    name.chars().all(is_name_char)
        || name
            .graphemes(true)
            .all(|g| g.chars().next().is_some_and(is_name_char))
}

/// Whether `c` may be (the first char of a grapheme) in a name.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || NAME_PUNCTUATION.contains(&c)
}

/// Whether `word` can follow the first word of a name: it starts with an
/// uppercase letter, a digit or a letter of a script without case, or it is a
/// name particle (`van`, `dos`) or an elided one (`d'Artagnan`).
fn is_later_name_word(word: &str) -> bool {
    let Some(c) = word.chars().next() else {
        return false;
    };
    if c.is_numeric() || (c.is_alphabetic() && !is_prose_lowercase(c)) {
        return true;
    }
    NAME_PARTICLES.contains(&word) || is_elided_particle(word)
}

/// Lowercase in the sense that a name would not start with it. Georgian
/// letters are lowercase to Unicode but the script does not capitalize names.
fn is_prose_lowercase(c: char) -> bool {
    c.is_lowercase() && !('\u{10D0}'..='\u{10FF}').contains(&c)
}

/// `d'Artagnan`, `dell'Orto`: a short lowercase particle, an apostrophe and a
/// capitalized name.
fn is_elided_particle(word: &str) -> bool {
    let Some((particle, rest)) = word.split_once(['\'', '’']) else {
        return false;
    };
    (1..=4).contains(&particle.len())
        && particle.bytes().all(|b| b.is_ascii_lowercase())
        && rest.chars().next().is_some_and(char::is_uppercase)
}

/// `word` equals `stop` (lowercase ASCII) ignoring ASCII case and dots.
fn is_stop_word(word: &str, stop: &str) -> bool {
    let mut letters = word.chars().filter(|&c| c != '.');
    for expected in stop.chars() {
        match letters.next() {
            Some(c) if c.eq_ignore_ascii_case(&expected) => {}
            _ => return false,
        }
    }
    letters.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        PlainText.parse(text, Path::new("t.txt")).unwrap()
    }

    fn turns(text: &str) -> Vec<Turn> {
        parse(text).turns
    }

    /// `(speaker, text)` of each turn.
    fn said(text: &str) -> Vec<(String, String)> {
        turns(text)
            .into_iter()
            .map(|t| (t.speaker, t.text))
            .collect()
    }

    fn turn(speaker: &str, text: &str, start: Option<f64>, line: usize) -> Turn {
        Turn {
            speaker: speaker.to_string(),
            text: text.to_string(),
            start,
            end: None,
            line,
        }
    }

    /// The speaker name the line is read as, if any.
    fn speaker_of(line: &str) -> Option<&str> {
        speaker_line(line).map(|h| h.name)
    }

    #[test]
    fn name_is_plain() {
        assert_eq!(PlainText.name(), "plain");
    }

    #[test]
    fn simple_speaker_lines() {
        assert_eq!(
            turns("Alice: Shall we start?\nBob: Yes.\nAlice: Good.\n"),
            [
                turn("Alice", "Shall we start?", None, 1),
                turn("Bob", "Yes.", None, 2),
                turn("Alice", "Good.", None, 3),
            ]
        );
    }

    #[test]
    fn every_timed_line_form() {
        let text = "[00:01:02] Alice: one\n\
                    (00:01:03) Bob: two\n\
                    00:01:04 Carol: three\n\
                    Dave (00:01:05): four\n\
                    Erin [00:01:06]: five\n\
                    [01:07] Frank: six\n\
                    Gina (1:02:03.5): seven\n\
                    [00:00:01,250] Hal: eight\n\
                    9:05 Ivy: nine\n\
                    [00:01:10]Jo: ten\n";
        assert_eq!(
            turns(text),
            [
                turn("Alice", "one", Some(62.0), 1),
                turn("Bob", "two", Some(63.0), 2),
                turn("Carol", "three", Some(64.0), 3),
                turn("Dave", "four", Some(65.0), 4),
                turn("Erin", "five", Some(66.0), 5),
                turn("Frank", "six", Some(67.0), 6),
                turn("Gina", "seven", Some(3723.5), 7),
                turn("Hal", "eight", Some(1.25), 8),
                turn("Ivy", "nine", Some(545.0), 9),
                turn("Jo", "ten", Some(70.0), 10),
            ]
        );
    }

    #[test]
    fn leading_time_wins_over_trailing_time() {
        assert_eq!(
            turns("[00:00:10] Alice (00:00:20): hi"),
            [turn("Alice", "hi", Some(10.0), 1)]
        );
    }

    #[test]
    fn crlf_and_lone_cr() {
        assert_eq!(
            turns("Alice: one\r\nBob: two\r\n\r\nCarol: three\r\n"),
            [
                turn("Alice", "one", None, 1),
                turn("Bob", "two", None, 2),
                turn("Carol", "three", None, 4),
            ]
        );
        assert_eq!(
            turns("Alice: one\rmore\rBob: two"),
            [
                turn("Alice", "one more", None, 1),
                turn("Bob", "two", None, 3)
            ]
        );
        // CR CR LF is a lone CR, then a CRLF: two line breaks.
        assert_eq!(
            turns("Alice: one\r\r\nBob: two"),
            [turn("Alice", "one", None, 1), turn("Bob", "two", None, 3)]
        );
    }

    #[test]
    fn continuation_lines_join_with_one_space() {
        let text = "Alice: We should\n  ship on Friday.  \n\nThe tests pass.\nBob: Agreed.";
        assert_eq!(
            turns(text),
            [
                turn(
                    "Alice",
                    "We should ship on Friday. The tests pass.",
                    None,
                    1
                ),
                turn("Bob", "Agreed.", None, 5),
            ]
        );
    }

    #[test]
    fn text_may_start_on_the_next_line() {
        assert_eq!(
            turns("Alice:\nFirst point.\nSecond point.\n[00:00:09] Bob:  \n\n  Fine.\n"),
            [
                turn("Alice", "First point. Second point.", None, 1),
                turn("Bob", "Fine.", Some(9.0), 4),
            ]
        );
    }

    #[test]
    fn speaker_line_without_text_is_skipped_with_a_warning() {
        let parsed = parse("Alice:\nBob: hi\nCarol:");
        assert_eq!(parsed.turns, [turn("Bob", "hi", None, 2)]);
        assert_eq!(
            parsed.warnings,
            [
                Warning {
                    line: 1,
                    message: "speaker line for \"Alice\" has no text; turn skipped".into(),
                },
                Warning {
                    line: 3,
                    message: "speaker line for \"Carol\" has no text; turn skipped".into(),
                },
            ]
        );
        // Speaker lines were found, so this is not a NoSpeaker error.
        let parsed = parse("Alice:\n");
        assert!(parsed.turns.is_empty());
        assert_eq!(parsed.warnings.len(), 1);
    }

    #[test]
    fn names_in_many_forms_and_scripts() {
        for name in [
            "Dr. Jane O'Neil-Smith",
            "José Núñez",
            "Zoë",
            "Мария Иванова",
            "王小明",
            "SPEAKER_00",
            "Speaker 1",
            "me013",
            "alice",
            "Ludwig van Beethoven",
            "Maria dos Santos",
            "Dr. Maria de la Cruz",
            "Jean d'Ormesson",
            "Seán O’Brien",
            "ジョン・スミス",
            "محمد علي",
            "שרה כהן",
            "श्री राम",
            "ნიკა ბერიძე",
            "Κώστας Παπαδόπουλος",
            "김민준",
            "Mary-Jane",
            "Gal·la",
            "Jos\u{65}\u{301}", // decomposed é
            "Speaker A",
            "B",
        ] {
            let line = format!("{name}: hello");
            assert_eq!(speaker_of(&line), Some(name), "{line:?}");
        }
    }

    #[test]
    fn prose_with_colons_is_not_a_speaker() {
        for line in [
            "Note: the build is red",
            "NOTE: the build is red",
            "notes: x",
            "P.S.: one more thing",
            "N.B.: careful",
            "Todo: fix it",
            "Q: what is it?",
            "A: nothing",
            "https://example.com/a: b",
            "https: //example.com",
            "see https://example.com",
            "We meet at 10:30 tomorrow",
            "10:30",
            "The ratio is 3:1 overall",
            "3:1 is the ratio",
            "The plan is simple: we ship",
            "Action items: none",
            "Next steps: ship",
            "Alice:no space after the colon",
            "Bob (PM): hi",
            "@alice: hi",
            "#general: hi",
            "Hi, Bob: thanks",
            "Why? Because: reasons",
            "\"Quoted\": text",
            "42: the answer",
            "- Alice: bullet",
            "😀: hi",
            "One Two Three Four Five Six: too many words",
            ": empty name",
            "[00:01:02] : empty name",
            "[00:01:02]",
            "A very long name that just keeps going on and on Past: fifty",
            "Name (not a time): x",
            "Name [12:34:99]: x",
            "Q&A: later",
            "Alice / Bob: both",
        ] {
            assert_eq!(speaker_of(line), None, "{line:?}");
        }
    }

    #[test]
    fn name_length_limit() {
        let fifty = "A".repeat(50);
        assert_eq!(speaker_of(&format!("{fifty}: x")), Some(fifty.as_str()));
        assert_eq!(speaker_of(&format!("{fifty}B: x")), None);
    }

    #[test]
    fn prose_lines_continue_the_turn() {
        let text = "Alice: Here is the plan.\n\
                    The plan is simple: we ship.\n\
                    Note: tests first.\n\
                    See https://example.com at 10:30, ratio 3:1.\n\
                    Bob: OK.";
        assert_eq!(
            said(text),
            [
                (
                    "Alice".to_string(),
                    "Here is the plan. The plan is simple: we ship. Note: tests first. \
                     See https://example.com at 10:30, ratio 3:1."
                        .to_string()
                ),
                ("Bob".to_string(), "OK.".to_string()),
            ]
        );
    }

    #[test]
    fn first_separator_decides() {
        // "Note" is rejected, so the line is prose even though "Alice" follows.
        assert_eq!(speaker_of("Note: Alice: hi"), None);
        assert_eq!(
            speaker_line("Alice: Note: hi"),
            Some(Head {
                name: "Alice",
                text: "Note: hi",
                start: None
            })
        );
    }

    #[test]
    fn full_width_colon() {
        assert_eq!(
            said("王小明：你好。\n李华： 我们开始吧。\nМария：Привет"),
            [
                ("王小明".to_string(), "你好。".to_string()),
                ("李华".to_string(), "我们开始吧。".to_string()),
                ("Мария".to_string(), "Привет".to_string()),
            ]
        );
        assert_eq!(
            turns("[00:00:03] 王小明：你好"),
            [turn("王小明", "你好", Some(3.0), 1)]
        );
    }

    #[test]
    fn whitespace_around_the_colon() {
        // French typography puts a space before the colon; tabs follow it too.
        assert_eq!(
            said("Alice : bonjour"),
            [("Alice".into(), "bonjour".into())]
        );
        assert_eq!(
            said("Alice:\tbonjour"),
            [("Alice".into(), "bonjour".into())]
        );
        assert_eq!(
            said("Alice:\u{a0}bonjour"),
            [("Alice".into(), "bonjour".into())]
        );
        assert_eq!(said("  Alice: hi  "), [("Alice".into(), "hi".into())]);
    }

    #[test]
    fn timestamp_only_lines_time_the_next_turn() {
        let text = "00:05:00\n\
                    Alice: one\n\
                    [00:06:00]\n\
                    more from Alice\n\
                    Bob: two\n\
                    (7:00)\n\
                    [00:07:30] Carol: three\n\
                    Dave: four\n\
                    10:30\n\
                    Erin: five\n";
        assert_eq!(
            turns(text),
            [
                turn("Alice", "one more from Alice", Some(300.0), 2),
                turn("Bob", "two", Some(360.0), 5),
                // Its own time wins over the timestamp line before it.
                turn("Carol", "three", Some(450.0), 7),
                turn("Dave", "four", None, 8),
                turn("Erin", "five", Some(630.0), 10),
            ]
        );
        assert!(parse(text).warnings.is_empty());
    }

    #[test]
    fn unused_timestamp_lines_are_reported() {
        let parsed = parse("00:01:00\n00:02:00\nAlice: hi\n00:03:00\n");
        assert_eq!(parsed.turns, [turn("Alice", "hi", Some(120.0), 3)]);
        assert_eq!(
            parsed.warnings,
            [
                Warning {
                    line: 1,
                    message: "timestamp line was ignored: another timestamp follows before any \
                              speaker line"
                        .into(),
                },
                Warning {
                    line: 4,
                    message: "timestamp line was ignored: no speaker line follows it".into(),
                },
            ]
        );
    }

    #[test]
    fn preamble_is_skipped_with_a_warning_per_line() {
        let text = "Weekly sync\n\
                    \n\
                    Date: 2024-03-05\n\
                    Attendees: Alice, Bob and a very long list of other people\n\
                    Alice: Let's start.\n";
        let parsed = parse(text);
        assert_eq!(parsed.turns, [turn("Alice", "Let's start.", None, 5)]);
        assert_eq!(
            parsed.warnings,
            [
                Warning {
                    line: 1,
                    message: "text before the first speaker line was skipped: \"Weekly sync\""
                        .into(),
                },
                Warning {
                    line: 3,
                    message: "text before the first speaker line was skipped: \
                              \"Date: 2024-03-05\""
                        .into(),
                },
                Warning {
                    line: 4,
                    // The first 40 chars, then an ellipsis.
                    message: "text before the first speaker line was skipped: \
                              \"Attendees: Alice, Bob and a very long li…\""
                        .into(),
                },
            ]
        );
    }

    #[test]
    fn preview_cuts_on_char_boundaries() {
        let long = "é".repeat(45);
        assert_eq!(Preview(&long).to_string(), format!("{}…", "é".repeat(40)));
        assert_eq!(Preview(&"é".repeat(40)).to_string(), "é".repeat(40));
    }

    #[test]
    fn no_speaker_line_is_an_error() {
        for text in [
            "Weekly sync\nNothing here.",
            "Note: x\nhttps://example.com",
            "00:01:02\n",
        ] {
            match PlainText.parse(text, Path::new("t.txt")) {
                Err(Error::NoSpeaker { path }) => assert_eq!(path, Path::new("t.txt")),
                other => panic!("{text:?}: expected NoSpeaker, got {other:?}"),
            }
        }
    }

    #[test]
    fn empty_text_is_an_error() {
        for text in ["", " \n\t\r\n", "\u{feff}", "\u{3000}"] {
            assert!(
                matches!(
                    PlainText.parse(text, Path::new("t.txt")),
                    Err(Error::Empty { .. })
                ),
                "{text:?}"
            );
        }
    }

    #[test]
    fn leading_bom_is_ignored() {
        assert_eq!(turns("\u{feff}Alice: hi"), [turn("Alice", "hi", None, 1)]);
    }

    #[test]
    fn turn_lines_count_blank_and_skipped_lines() {
        let text = "Title\n\n\nAlice: a\n\ncontinued\n\n[00:00:05]\n\nBob: b\r\nCarol: c";
        let lines: Vec<usize> = turns(text).iter().map(|t| t.line).collect();
        assert_eq!(lines, [4, 10, 11]);
    }

    #[test]
    fn lines_iterator() {
        let lines: Vec<&str> = Lines::new("a\nb\r\nc\rd\r\r\ne\n").collect();
        assert_eq!(lines, ["a", "b", "c", "d", "", "e", ""]);
        assert_eq!(Lines::new("").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn transcript_from_plain_text() {
        let t =
            super::super::parse_text("Intro\nAlice: Hi. We ship.\nBob: Ok.", Path::new("m.txt"))
                .unwrap();
        assert_eq!(t.format, "plain");
        assert_eq!(t.speakers, ["Alice", "Bob"]);
        assert_eq!(t.warnings.len(), 1);
        assert_eq!(t.utterances.len(), 2); // "Hi." is a lead-in joined to "We ship."
        assert_eq!(t.utterances[1].line, 3);
    }

    #[test]
    fn long_lines_are_fine() {
        let long = "word ".repeat(100_000);
        let text = format!("Alice: {long}\n{long}: not a speaker\n");
        let parsed = parse(&text);
        assert_eq!(parsed.turns.len(), 1);
        assert_eq!(parsed.turns[0].line, 1);
    }

    /// Parses many generated mixes of tricky fragments: no panic, and the
    /// output keeps its promises.
    #[test]
    fn never_panics_and_keeps_invariants() {
        const PIECES: &[&str] = &[
            "Alice",
            "Bob Smith",
            ":",
            "：",
            " ",
            "\n",
            "\r",
            "\r\n",
            "[",
            "]",
            "(",
            ")",
            "00:01:02",
            "1:02.5",
            "99:99",
            "é",
            "王",
            "\u{301}",
            "\u{feff}",
            "Note",
            "https://",
            ",",
            "'",
            "\t",
            "0",
            "😀",
            "de",
            "van",
            "a",
            "::",
            "[00:00:01]",
            "\u{3000}",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5_000 {
            let len = (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let Ok(parsed) = PlainText.parse(&text, Path::new("fuzz")) else {
                continue;
            };
            let line_count = Lines::new(&text).count();
            let mut last_line = 0;
            for t in &parsed.turns {
                assert!(t.line > last_line && t.line <= line_count, "{text:?}");
                last_line = t.line;
                assert!(!t.text.is_empty() && t.text.trim() == t.text, "{text:?}");
                assert!(
                    !t.speaker.is_empty() && t.speaker.trim() == t.speaker,
                    "{text:?}"
                );
                assert_eq!(t.end, None);
            }
            for w in &parsed.warnings {
                assert!(w.line >= 1 && w.line <= line_count, "{text:?}");
            }
        }
    }

    /// `is_name`'s shortcuts (byte length, initials, chars before
    /// graphemes) against the checks written out in full.
    mod same_as_plain {
        use super::super::*;
        use proptest::prelude::*;

        fn plain_is_name(name: &str) -> bool {
            if !name.chars().next().is_some_and(char::is_alphabetic)
                || name.chars().nth(MAX_NAME_CHARS).is_some()
            {
                return false;
            }
            let words: Vec<&str> = name.split_whitespace().collect();
            if words.len() > MAX_NAME_WORDS || !words.iter().skip(1).all(|w| is_later_name_word(w))
            {
                return false;
            }
            if words.len() == 1 && NOT_SPEAKERS.iter().any(|stop| is_stop_word(words[0], stop)) {
                return false;
            }
            name.graphemes(true).all(|g| {
                g.chars().next().is_some_and(|c| {
                    c.is_alphanumeric() || c.is_whitespace() || NAME_PUNCTUATION.contains(&c)
                })
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(5000))]

            #[test]
            fn names(name in "[a-eA-EnNoOtTqQ. \\-_'’·:\r\n\u{301}\u{94d}\u{200d}श्रीé王ß0-9]{0,60}") {
                prop_assert_eq!(is_name(&name), plain_is_name(&name));
            }

            #[test]
            fn stop_words(stop in proptest::sample::select(NOT_SPEAKERS), dots in "[.]{0,2}") {
                let upper = format!("{dots}{}", stop.to_uppercase());
                prop_assert_eq!(is_name(&upper), plain_is_name(&upper));
                prop_assert_eq!(is_name(stop), plain_is_name(stop));
            }
        }
    }
}
