//! Google Meet transcripts (the Google Docs file Meet writes) as text.
//!
//! ```text
//! Release sync - Transcript                 <- title       \
//! Attendees                                 <-              | header block,
//! Ana Souza, Ben Carter, Chloé Martin       <- who attended | skipped
//! Transcript                                <-             /
//! 00:00:01                                  <- start of the next turn
//! Ana Souza: I think we should move the release to June.
//! Ana Souza's Presentation: Welcome to ...  <- not a person: skipped, warned
//! Meeting ended after 00:00:25 👋            <- closing lines, dropped
//! This editable transcript was computer generated and might contain errors. ...
//! ```

use std::collections::HashSet;
use std::path::Path;

use super::lines::{Lines, Preview};
use super::plain::is_name;
use super::text_export::{ends_with_ignore_ascii_case, starts_with_ignore_ascii_case, TurnSink};
use super::time::parse_timestamp;
use super::{Parsed, Parser};
use crate::error::{Error, Result};

/// Reads Google Meet transcripts: a header block (title, `Attendees` and
/// their names, `Transcript`), then `Name: text` lines with a bare
/// `HH:MM:SS` line every few minutes.
///
/// A bare time is the start of the turn after it; other turns have no start,
/// and none has an end. Speech Meet attributes to a shared tab (`Ana Souza's
/// Presentation: ...`) is not a person's and is skipped with a warning.
#[derive(Debug, Clone, Copy, Default)]
pub struct GoogleMeet;

/// Non-blank lines the header block is looked for in.
const HEADER_LINES: usize = 30;

/// How many chars into a line the `: ` after a name is looked for. Meet
/// display names can be long (`Dana Lee (Guest)`), but not longer than this.
const MAX_NAME_CHARS: usize = 100;

/// Lines Meet adds after the last turn, matched at the start of a line in any
/// case. They describe the file, not the meeting.
const CLOSING_LINES: &[&str] = &[
    "meeting ended after",
    "transcription ended after",
    "transcript ended after",
    "this editable transcript was computer generated",
    "this transcript was computer generated",
];

impl Parser for GoogleMeet {
    fn name(&self) -> &'static str {
        "google-meet"
    }

    fn description(&self) -> &'static str {
        "Google Meet transcript as text: `Attendees` and `Transcript` headers, `Name: text` lines"
    }

    /// An `Attendees` line followed by a `Transcript` line near the top is
    /// Meet's signature; the `Name: text` lines below are plain text's shape
    /// too, so without the header block Meet claims nothing.
    fn detect(&self, head: &str) -> u8 {
        match header_block(head) {
            Some(block) if block.has_attendees => 95,
            _ => 0,
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
        let block = header_block(text);
        let body_from = block.as_ref().map_or(1, |b| b.transcript_line + 1);
        let attendees = block.map(|b| b.attendees).unwrap_or_default();
        let mut reader = BodyReader {
            sink: TurnSink::new("speaker line"),
            attendees,
            pending_time: None,
            in_presentation: false,
            seen_speaker: false,
        };
        for (index, raw) in Lines::new(text).enumerate() {
            let number = index + 1;
            let line = raw.trim();
            if number >= body_from && !line.is_empty() {
                reader.line(line, number);
            }
        }
        reader.finish(path)
    }
}

/// What the header block tells.
#[derive(Debug, Default)]
struct HeaderBlock<'a> {
    /// Line of the `Transcript` header; the body starts after it.
    transcript_line: usize,
    /// An `Attendees` line came before it.
    has_attendees: bool,
    /// The names listed under `Attendees`.
    attendees: HashSet<&'a str>,
}

/// Finds `Attendees` (with the comma-separated names below it) and
/// `Transcript` among the first [`HEADER_LINES`] non-blank lines.
fn header_block(text: &str) -> Option<HeaderBlock<'_>> {
    let mut block = HeaderBlock::default();
    let mut in_attendees = false;
    let mut seen = 0;
    for (index, raw) in Lines::new(text).enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        seen += 1;
        if seen > HEADER_LINES {
            return None;
        }
        if line.eq_ignore_ascii_case("transcript") {
            block.transcript_line = index + 1;
            return Some(block);
        }
        if line.eq_ignore_ascii_case("attendees") {
            block.has_attendees = true;
            in_attendees = true;
        } else if in_attendees {
            block
                .attendees
                .extend(line.split(',').map(str::trim).filter(|n| !n.is_empty()));
        }
    }
    None
}

/// A line of the body read as a turn's start.
#[derive(Debug, PartialEq)]
enum Speaker<'a> {
    /// `Name: text`.
    Person { name: &'a str, text: &'a str },
    /// `Ana Souza's Presentation: text`, or the name alone.
    Presentation { name: &'a str, text: &'a str },
}

/// Reads `line` (trimmed) as `Name: text`, where the name is an attendee or
/// looks like a name (see [`is_name`]), or as a presentation.
fn speaker_line<'a>(line: &'a str, attendees: &HashSet<&str>) -> Option<Speaker<'a>> {
    let Some((name, text)) = split_name(line) else {
        return is_presentation(line).then_some(Speaker::Presentation {
            name: line,
            text: "",
        });
    };
    if is_presentation(name) {
        Some(Speaker::Presentation { name, text })
    } else if attendees.contains(name) || is_name(name) {
        Some(Speaker::Person { name, text })
    } else {
        None
    }
}

/// Splits at the first colon followed by whitespace or the line's end (or a
/// full-width colon) within [`MAX_NAME_CHARS`]; both parts trimmed.
fn split_name(line: &str) -> Option<(&str, &str)> {
    for (i, c) in line.char_indices().take(MAX_NAME_CHARS) {
        let after = &line[i + c.len_utf8()..];
        let separates = match c {
            '：' => true,
            ':' => after.chars().next().is_none_or(char::is_whitespace),
            _ => false,
        };
        if separates {
            let name = line[..i].trim();
            return (!name.is_empty()).then(|| (name, after.trim()));
        }
    }
    None
}

/// `Ana Souza's Presentation`, `Presentation`: what Meet calls a shared tab
/// that plays sound.
fn is_presentation(name: &str) -> bool {
    let mut words = name.split_whitespace().rev();
    if !words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("presentation"))
    {
        return false;
    }
    match words.next() {
        None => true,
        Some(owner) => ["'s", "’s", "s'", "s’"]
            .iter()
            .any(|mark| ends_with_ignore_ascii_case(owner, mark)),
    }
}

fn is_closing_line(line: &str) -> bool {
    CLOSING_LINES
        .iter()
        .any(|closing| starts_with_ignore_ascii_case(line, closing))
}

/// The state of reading the body line by line.
struct BodyReader<'a> {
    sink: TurnSink,
    attendees: HashSet<&'a str>,
    /// Start time from a bare time line, and that line's number.
    pending_time: Option<(f64, usize)>,
    /// The last speaker line was a presentation: lines that continue it are
    /// its speech too.
    in_presentation: bool,
    seen_speaker: bool,
}

impl BodyReader<'_> {
    fn line(&mut self, line: &str, number: usize) {
        if let Some(time) = parse_timestamp(line) {
            if let Some((_, unused)) = self.pending_time.replace((time, number)) {
                self.sink.warn(
                    unused,
                    "timestamp line was ignored: another timestamp follows before any speaker \
                     line"
                        .to_string(),
                );
            }
            return;
        }
        if is_closing_line(line) {
            return;
        }
        match speaker_line(line, &self.attendees) {
            Some(Speaker::Person { name, text }) => {
                self.seen_speaker = true;
                self.in_presentation = false;
                let start = self.pending_time.take().map(|(time, _)| time);
                self.sink.begin(name, start, None, number);
                if !text.is_empty() {
                    self.sink.append(text);
                }
            }
            Some(Speaker::Presentation { name, text }) => {
                self.seen_speaker = true;
                self.in_presentation = true;
                // The time belonged to the presentation's speech.
                self.pending_time = None;
                self.sink.interrupt();
                if !text.is_empty() {
                    self.sink.warn(
                        number,
                        format!(
                            "\"{}\" is a presentation, not a person; its speech was skipped: \
                             \"{}\"",
                            Preview(name),
                            Preview(text)
                        ),
                    );
                }
            }
            None if self.in_presentation => self.sink.warn(
                number,
                format!(
                    "line continues a presentation's speech and was skipped: \"{}\"",
                    Preview(line)
                ),
            ),
            None if self.sink.has_piece() => self.sink.append(line),
            None => self.sink.warn(
                number,
                format!(
                    "text before the first speaker line was skipped: \"{}\"",
                    Preview(line)
                ),
            ),
        }
    }

    fn finish(mut self, path: &Path) -> Result<Parsed> {
        if let Some((_, unused)) = self.pending_time {
            self.sink.warn(
                unused,
                "timestamp line was ignored: no speaker line follows it".to_string(),
            );
        }
        if !self.seen_speaker {
            return Err(Error::NoSpeaker {
                path: path.to_path_buf(),
            });
        }
        Ok(self.sink.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{
        assert_never_panics, fixture, other_fixtures, same_meeting_turns, turn, SAME_MEETING_NAMES,
    };
    use super::super::{PlainText, Turn, Warning};
    use super::*;

    fn parse(text: &str) -> Parsed {
        GoogleMeet.parse(text, Path::new("t.txt")).unwrap()
    }

    fn said(speaker: &str, text: &str, start: Option<f64>, line: usize) -> Turn {
        turn(speaker, text, start, None, line)
    }

    const MINE: &[&str] = &[
        "formats/google-meet.txt",
        "same-meeting/meeting.google-meet.txt",
    ];

    #[test]
    fn reads_the_fixture() {
        let parsed = parse(&fixture("formats/google-meet.txt"));
        assert_eq!(
            parsed.turns,
            [
                said("Ana Souza", "Can everyone see my screen?", Some(0.0), 6),
                said("Ben Carter", "Yes, looks good.", None, 7),
                // Not a name by the plain-text rule, but an attendee.
                said(
                    "Dana Lee (Guest)",
                    "Sorry I'm late. I had another call.",
                    None,
                    9
                ),
                said("Ana Souza", "No problem.", None, 11),
                said(
                    "Chloé Martin",
                    "Shall we start with the mobile screens? They changed the most.",
                    Some(300.0),
                    13
                ),
                said("Ana Souza", "Sure. [laughs]", None, 15),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 8,
                message: "\"Ana Souza's Presentation\" is a presentation, not a person; its \
                          speech was skipped: \"Welcome to the quarterly design review.\""
                    .into()
            }]
        );
    }

    #[test]
    fn same_meeting() {
        // Meet writes a bare time every few minutes: only the first turn
        // of this short meeting gets one.
        let parsed = parse(&fixture("same-meeting/meeting.google-meet.txt"));
        let first_only =
            |i: usize, start: f64, _: f64| (if i == 0 { Some(start) } else { None }, None);
        let lines = [6, 7, 8, 9, 10, 11, 12, 13];
        assert_eq!(
            parsed.turns,
            same_meeting_turns(SAME_MEETING_NAMES, first_only, lines)
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn presentations_are_not_people() {
        let text = "Ana: one\n\
                    Ana Souza's Presentation\n\
                    Here is the demo video.\n\
                    Ana: two\n\
                    Ben Carter’s presentation: more\n\
                    Presentation: even more\n\
                    Ana: three\n";
        let parsed = parse(text);
        // Ana's turns are not merged across the presentations.
        assert_eq!(
            parsed.turns,
            [
                said("Ana", "one", None, 1),
                said("Ana", "two", None, 4),
                said("Ana", "three", None, 7),
            ]
        );
        let lines: Vec<usize> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [3, 5, 6]);
        assert_eq!(
            parsed.warnings[0].message,
            "line continues a presentation's speech and was skipped: \"Here is the demo video.\""
        );
    }

    #[test]
    fn presentation_names() {
        assert!(is_presentation("Ana Souza's Presentation"));
        assert!(is_presentation("Ana Souza’s PRESENTATION"));
        assert!(is_presentation("James' Presentation"));
        assert!(is_presentation("Presentation"));
        assert!(!is_presentation("Ana Presentation"));
        assert!(!is_presentation("Presentation Team"));
        assert!(!is_presentation(""));
    }

    #[test]
    fn closing_lines_in_any_form_are_dropped() {
        let text = "Ana: hi\n\
                    meeting ended after 01:02:03\n\
                    Transcription ended after 00:10:00\n\
                    This editable transcript was computer generated and might contain errors. \
                    People can also change the text after it was created.\n";
        let parsed = parse(text);
        assert_eq!(parsed.turns, [said("Ana", "hi", None, 1)]);
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn bare_times() {
        let parsed = parse("00:01:00\n00:02:00\nAna: hi\n00:03:00\nBen: yo\n00:04:00\n");
        assert_eq!(
            parsed.turns,
            [
                said("Ana", "hi", Some(120.0), 3),
                said("Ben", "yo", Some(180.0), 5),
            ]
        );
        let lines: Vec<usize> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [1, 6]);
    }

    #[test]
    fn without_the_header_block_everything_is_body() {
        let parsed = parse("Notes from the call\nAna: hi\nmore\n");
        assert_eq!(parsed.turns, [said("Ana", "hi more", None, 2)]);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, 1);
        assert!(matches!(
            GoogleMeet.parse(
                "Title\nAttendees\nAna\nTranscript\nno speakers\n",
                Path::new("m")
            ),
            Err(Error::NoSpeaker { .. })
        ));
        assert!(matches!(
            GoogleMeet.parse("\u{feff}\n ", Path::new("m")),
            Err(Error::Empty { .. })
        ));
    }

    #[test]
    fn crlf_keeps_line_numbers() {
        let text = "T\r\nAttendees\r\nAna\r\nTranscript\r\n00:00:05\r\nAna: hi\r\n";
        assert_eq!(parse(text).turns, [said("Ana", "hi", Some(5.0), 6)]);
    }

    #[test]
    fn detection() {
        for name in MINE {
            let text = fixture(name);
            let detected = super::super::formats::detect(&text, Path::new(name));
            assert_eq!(
                detected.map(|p| p.name()).ok(),
                Some("google-meet"),
                "{name}"
            );
            assert_eq!(GoogleMeet.detect(&text), 95, "{name}");
            assert!(PlainText.detect(&text) < 95, "{name}");
        }
        // `Transcript` alone is not enough; nor are attendees listed too far down.
        assert_eq!(GoogleMeet.detect("Title\nTranscript\nAna: hi\n"), 0);
        let late = format!("{}Attendees\nAna\nTranscript\nAna: hi\n", "x\n".repeat(30));
        assert_eq!(GoogleMeet.detect(&late), 0);
        for (name, text) in other_fixtures(MINE) {
            assert_eq!(GoogleMeet.detect(&text), 0, "{name}");
        }
    }

    #[test]
    fn never_panics() {
        for name in MINE {
            assert_never_panics(&GoogleMeet, &fixture(name));
        }
    }
}
