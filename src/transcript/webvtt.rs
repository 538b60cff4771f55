//! WebVTT captions (W3C), as Zoom, Teams and caption editors write them.
//!
//! ```text
//! WEBVTT - optional header text        <- header, up to the first blank line
//!
//! NOTE skipped, as are STYLE and REGION blocks
//!
//! 8e4c1f7a-.../32-0                    <- optional cue id
//! 00:01.000 --> 00:04.000 align:start  <- timing; hours optional, settings dropped
//! Ana Souza: Zoom puts the name here.  <- or Teams: <v Ana Souza>text</v>
//! ```
//!
//! Speakers come from voice tags (`<v Name>`, `<v.loud Name>`, closed or not,
//! several per cue) or, in a cue without voices, from a `Name: ` prefix on its
//! first line. Other tags are dropped and character references decoded.

use std::path::Path;

use super::cue::{
    has_arrow, is_name_edge, no_cue_error, numbered_lines, read_cues, speaker_or_unknown,
    speaker_prefix, survey, tag_at, Closer, CueFormat, CueTime, NumberedLines, TurnBuilder, Words,
};
use super::lines::Lines;
use super::{Parsed, Parser, Warning, UNKNOWN_SPEAKER};
use crate::error::{Error, Result};

/// Reads WebVTT caption files (`.vtt`).
///
/// Every cue gives its start and end; consecutive cues of one speaker become
/// one turn. A cue with an unreadable timing line is skipped with a warning;
/// a file without the `WEBVTT` line is read with a warning when its cues are
/// there.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebVtt;

/// The first line of every WebVTT file.
const SIGNATURE: &str = "WEBVTT";

/// Blocks that style or describe the captions and hold no speech.
const SILENT_BLOCKS: &[&str] = &["NOTE", "STYLE", "REGION"];

/// Longest character reference read, in bytes: `&#x10FFFF;` and `&#1114111;`
/// are ten. A longer run after `&` is text.
const MAX_REFERENCE_BYTES: usize = 10;

impl Parser for WebVtt {
    fn name(&self) -> &'static str {
        "webvtt"
    }

    fn description(&self) -> &'static str {
        "WebVTT captions (.vtt): Zoom `Name: text` cues, Teams `<v Name>` voices"
    }

    /// `WEBVTT` on the first line is unmistakable. Without it, timing lines
    /// with `.` fractions are WebVTT's structure; a `,` fraction is
    /// SubRip's, so it scores low here.
    fn detect(&self, head: &str) -> u8 {
        let head = head.strip_prefix('\u{feff}').unwrap_or(head);
        if Lines::new(head).next().is_some_and(is_signature) {
            return 100;
        }
        let seen = survey(head);
        match seen {
            s if s.timings == 0 => 0,
            // WebVTT never writes a comma before the milliseconds.
            s if s.comma > 0 => 20,
            // SubRip has neither voices nor hour-less times.
            s if s.voices || s.hourless > 0 => 80,
            _ => 70,
        }
    }

    fn detect_ceiling(&self, head: &str) -> u8 {
        let head = head.strip_prefix('\u{feff}').unwrap_or(head);
        if Lines::new(head).next().is_some_and(is_signature) {
            100
        } else {
            80
        }
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }
        let mut lines = numbered_lines(text);
        let has_signature = lines.peek().is_some_and(|&(_, line)| is_signature(line));
        if has_signature {
            skip_header(&mut lines);
        }
        let mut cues = VttCues::default();
        let scan = read_cues(&mut lines, &mut cues);
        if scan.cues == 0 {
            if !has_signature && scan.first_broken.is_none() {
                return Err(Error::Syntax {
                    path: path.to_path_buf(),
                    line: 1,
                    message: format!(
                        "not WebVTT: expected `{SIGNATURE}` on the first line, then cues with \
                         timing lines like `{}`",
                        cues.timing_example()
                    ),
                });
            }
            return Err(no_cue_error(path, &scan, &cues));
        }
        let mut warnings = scan.warnings;
        if !has_signature {
            warnings.insert(
                0,
                Warning {
                    line: 1,
                    message: format!("no `{SIGNATURE}` line at the start; reading the cues anyway"),
                },
            );
        }
        Ok(Parsed {
            turns: scan.turns,
            warnings,
        })
    }
}

/// Whether `line` is the file's signature: `WEBVTT`, alone or followed by a
/// space or tab and any text.
fn is_signature(line: &str) -> bool {
    line.strip_prefix(SIGNATURE)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Skips the signature line and the header lines after it, up to the first
/// blank line. A timing line ends the header too: the cue is kept even when
/// the blank line before it is missing.
fn skip_header(lines: &mut NumberedLines<'_>) {
    lines.next();
    while let Some(&(_, line)) = lines.peek() {
        if has_arrow(line) {
            return;
        }
        lines.next();
        if line.trim().is_empty() {
            return;
        }
    }
}

/// Reads the text of WebVTT cues; reused across cues to keep its buffers.
#[derive(Debug, Default)]
struct VttCues {
    /// The piece of speech being read.
    words: Words,
    /// Name of the open voice (decoded), when `in_voice`.
    voice: String,
    /// Inside `<v ...>`, until `</v>` or the end of the cue.
    in_voice: bool,
    /// The cue has a voice tag, so it does not use the `Name: ` convention.
    saw_voice: bool,
    /// Inside `<rt>`: a reading shown over the base text, not more speech.
    in_ruby_text: bool,
}

impl CueFormat for VttCues {
    /// Any line right before a timing line is an id, unless it would be text
    /// of a cue: the spec ends cue text only at a blank line.
    fn is_cue_id(&self, _line: &str, in_cue: bool) -> bool {
        !in_cue
    }

    fn is_silent_block(&self, line: &str) -> bool {
        SILENT_BLOCKS.iter().any(|keyword| {
            line.strip_prefix(keyword)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        })
    }

    fn timing_example(&self) -> &'static str {
        "00:00:01.000 --> 00:00:04.000"
    }

    fn read_cue(&mut self, time: CueTime, lines: &[(usize, &str)], turns: &mut TurnBuilder) {
        self.words.clear();
        self.voice.clear();
        self.in_voice = false;
        self.saw_voice = false;
        self.in_ruby_text = false;
        for &(number, line) in lines {
            self.read_line(line.trim(), number, time, turns);
            self.words.end_line();
        }
        self.finish_piece(time, turns);
    }
}

impl VttCues {
    /// Reads one line of cue text: tags, character references and words.
    fn read_line(&mut self, line: &str, number: usize, time: CueTime, turns: &mut TurnBuilder) {
        let bytes = line.as_bytes();
        let mut closer = Closer::new(b'>');
        let mut at = 0;
        // Only `<` and `&` are more than text, so the text between them goes
        // to the words in one piece.
        while at < bytes.len() {
            let special = bytes
                .get(at..)
                .and_then(|rest| memchr::memchr2(b'<', b'&', rest))
                .map_or(bytes.len(), |offset| at + offset);
            // `<` and `&` are ASCII, so `special` is a char boundary.
            if !self.in_ruby_text {
                self.words
                    .push_str(line.get(at..special).unwrap_or_default(), number);
            }
            at = special;
            let Some(&opener) = bytes.get(at) else {
                break;
            };
            if opener == b'<' {
                if let Some((tag, next)) = tag_at(line, at, true, &mut closer) {
                    self.tag(tag, time, turns);
                    at = next;
                    continue;
                }
            } else if let Some((decoded, len)) = line.get(at..).and_then(reference) {
                self.text(decoded, number);
                at += len;
                continue;
            }
            self.text(char::from(opener), number);
            at += 1;
        }
    }

    /// Adds a char of speech (ruby readings are not speech).
    fn text(&mut self, c: char, number: usize) {
        if !self.in_ruby_text {
            self.words.push(c, number);
        }
    }

    /// Acts on a tag (the text between `<` and `>`). Voices start and end
    /// pieces; ruby text is left out; class, style, language and timestamp
    /// tags carry no words.
    fn tag(&mut self, tag: &str, time: CueTime, turns: &mut TurnBuilder) {
        let name_end = tag
            .find(|c: char| c == '.' || c.is_whitespace())
            .unwrap_or(tag.len());
        match &tag[..name_end] {
            "v" => {
                self.finish_piece(time, turns);
                let annotation = tag[name_end..]
                    .split_once(char::is_whitespace)
                    .map_or("", |(_, name)| name);
                decode_name(annotation, &mut self.voice);
                self.in_voice = true;
                self.saw_voice = true;
            }
            "/v" => {
                self.finish_piece(time, turns);
                self.voice.clear();
                self.in_voice = false;
            }
            "rt" => self.in_ruby_text = true,
            "/rt" | "/ruby" => self.in_ruby_text = false,
            _ => {}
        }
    }

    /// Hands the piece read so far to `turns`: with its voice's name, with
    /// the `Name: ` on its first line in a cue without voices, else as
    /// [`UNKNOWN_SPEAKER`].
    fn finish_piece(&mut self, time: CueTime, turns: &mut TurnBuilder) {
        let text = self.words.text();
        let line = self.words.line();
        if self.in_voice {
            turns.push(speaker_or_unknown(&self.voice), text, time, line);
        } else if let Some((name, at)) = (!self.saw_voice)
            .then(|| speaker_prefix(self.words.first_line()))
            .flatten()
        {
            let said = text.get(at..).unwrap_or_default().trim_start();
            turns.push(name, said, time, line);
        } else {
            turns.push(UNKNOWN_SPEAKER, text, time, line);
        }
        self.words.clear();
    }
}

/// Decodes a voice name into `out`: character references decoded,
/// whitespace collapsed, direction marks at the ends trimmed.
fn decode_name(annotation: &str, out: &mut String) {
    out.clear();
    let mut gap = false;
    let mut at = 0;
    while let Some(rest) = annotation.get(at..).filter(|r| !r.is_empty()) {
        let (c, len) = match rest.starts_with('&').then(|| reference(rest)).flatten() {
            Some(decoded) => decoded,
            None => match rest.chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            },
        };
        at += len;
        if c.is_whitespace() {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        out.push(c);
    }
    let end = out.trim_end_matches(is_name_edge).len();
    out.truncate(end);
    let start = out.len() - out.trim_start_matches(is_name_edge).len();
    out.drain(..start);
}

/// Decodes the character reference at the start of `s` (which starts with
/// `&`): the named ones captions use and numeric ones. Returns the char and
/// the reference's length in bytes; `None` leaves the `&` as text.
fn reference(s: &str) -> Option<(char, usize)> {
    let semicolon = s
        .bytes()
        .take(MAX_REFERENCE_BYTES)
        .position(|b| b == b';')?;
    // `&` and `;` are one byte each, so these are char boundaries.
    let c = match s.get(1..semicolon)? {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        other => numeric_reference(other.strip_prefix('#')?)?,
    };
    Some((c, semicolon + 1))
}

/// `39` or `x27`: the char it numbers. Like HTML, NUL and numbers that are
/// no char (surrogates, past U+10FFFF) become U+FFFD.
fn numeric_reference(number: &str) -> Option<char> {
    let (digits, radix) = match number.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // At most eight digits fit the reference length, so this cannot overflow.
    let value = u32::from_str_radix(digits, radix).ok()?;
    Some(
        char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}'),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{
        all_times, assert_never_panics_with, fixture, same_meeting_turns, SAME_MEETING_NAMES,
    };
    use super::*;
    use crate::transcript::{PlainText, Turn};

    fn parse(text: &str) -> Parsed {
        WebVtt.parse(text, Path::new("t.vtt")).unwrap()
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
        "formats/webvtt-zoom.vtt",
        "formats/webvtt-teams.vtt",
        "formats/webvtt-spec.vtt",
        "same-meeting/meeting.webvtt.vtt",
    ];

    #[test]
    fn name_and_description() {
        assert_eq!(WebVtt.name(), "webvtt");
        assert!(!WebVtt.description().is_empty());
    }

    #[test]
    fn zoom_fixture() {
        let parsed = parse(&fixture("formats/webvtt-zoom.vtt"));
        assert_eq!(
            parsed.turns,
            [
                turn("Ana Souza", "Good morning, everyone.", 0.5, 3.2, 5),
                // Only the first `: ` names the speaker.
                turn(
                    "Ben Carter",
                    "Morning. One thing first: the budget.",
                    3.4,
                    6.0,
                    9
                ),
                // Three cues of one speaker: one turn.
                turn(
                    "Ana Souza",
                    "Sure. The numbers came in yesterday and they look better than we feared. \
                     Marketing spent less than planned.",
                    6.3,
                    14.0,
                    13
                ),
                // No name, and none is guessed from the neighbours.
                turn(UNKNOWN_SPEAKER, "Sorry, who just joined?", 14.5, 16.0, 25),
                turn(
                    "Chloé Martin",
                    "It's me, Chloé. Apologies for being late.",
                    16.2,
                    18.9,
                    29
                ),
                turn("Dev Patel (Guest)", "Same here.", 19.0, 20.4, 34),
                turn("Ben Carter", "No problem.", 20.5, 22.0, 38),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn teams_fixture() {
        let parsed = parse(&fixture("formats/webvtt-teams.vtt"));
        assert_eq!(
            parsed.turns,
            [
                // Closed and unclosed `<v>`; unpadded times `0:0:5.320`.
                turn(
                    "Ana Souza",
                    "Welcome to the planning call. Let's go over the roadmap first.",
                    0.0,
                    9.15,
                    5
                ),
                turn("Ben Carter", "Can everyone hear me?", 9.5, 11.0, 13),
                // Two voices in one cue: two pieces, in order.
                turn("Chloé Martin", "Yes.", 11.2, 13.4, 17),
                // `<v.first.loud Ben Carter>` continues Ben's piece.
                turn(
                    "Ben Carter",
                    "Great. So the roadmap has three milestones.",
                    11.2,
                    17.0,
                    17
                ),
                turn("Chloé Martin", "Which one is at risk?", 17.2, 19.5, 26),
                turn("Ana Souza", "The second.", 17.2, 19.5, 27),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn spec_fixture() {
        let parsed = parse(&fixture("formats/webvtt-spec.vtt"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "Ana Souza",
                    "Welcome to the quarterly review.",
                    1.0,
                    4.0,
                    17
                ),
                turn(
                    "Tom & Jerry",
                    "Numbers & trends <draft> look good, 'so far'.",
                    4.5,
                    7.0,
                    20
                ),
                // `<c.yellow>Ana Souza:</c>`: the name is read after the tags go.
                turn("Ana Souza", "let me show the résumé 漢字.", 7.5, 10.0, 27),
                turn("Ben Carter", "Looks \u{200e}fine to me.", 12.5, 15.0, 35),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 30,
                message: "cue skipped: cannot read the timing line \"00:00:10.x00 --> \
                          00:00:12.000\" (expected `start --> end`, like \
                          `00:00:01.000 --> 00:00:04.000`)"
                    .into(),
            }]
        );
    }

    #[test]
    fn same_meeting() {
        let lines = [5, 9, 13, 17, 21, 25, 29, 33];
        assert_eq!(
            turns(&fixture("same-meeting/meeting.webvtt.vtt")),
            same_meeting_turns(SAME_MEETING_NAMES, all_times, lines)
        );
    }

    #[test]
    fn header_variants() {
        for header in [
            "WEBVTT",
            "WEBVTT ",
            "WEBVTT\tKind",
            "WEBVTT - title",
            "\u{feff}WEBVTT",
        ] {
            let text = format!("{header}\n\n00:01.000 --> 00:02.000\nAna: hi\n");
            let parsed = parse(&text);
            assert_eq!(parsed.turns, [turn("Ana", "hi", 1.0, 2.0, 4)], "{header:?}");
            assert_eq!(parsed.warnings, [], "{header:?}");
            assert_eq!(WebVtt.detect(&text), 100, "{header:?}");
        }
    }

    #[test]
    fn header_lines_end_at_a_blank_line_or_a_timing_line() {
        assert_eq!(
            turns("WEBVTT\nKind: captions\nLanguage: en\n\nAna: not a cue\n\n00:01.000 --> 00:02.000\nhi"),
            [turn(UNKNOWN_SPEAKER, "hi", 1.0, 2.0, 8)]
        );
        // No blank line after the header: the cue still counts.
        let parsed = parse("WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nBen: hi");
        assert_eq!(parsed.turns, [turn("Ben", "hi", 1.0, 2.0, 4)]);
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn missing_header_is_read_with_a_warning() {
        let text = "1\n00:00:01.000 --> 00:00:02.000\nAna: hi\n";
        let parsed = parse(text);
        assert_eq!(parsed.turns, [turn("Ana", "hi", 1.0, 2.0, 3)]);
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 1,
                message: "no `WEBVTT` line at the start; reading the cues anyway".into(),
            }]
        );
        // `WEBVTTX` is not the signature.
        assert_eq!(
            parse("WEBVTTX\n\n00:01.000 --> 00:02.000\nhi")
                .warnings
                .len(),
            2
        );
    }

    #[test]
    fn silent_blocks_and_stray_text() {
        let text = "WEBVTT\n\nNOTE\nmulti-line\nnote\n\nSTYLE\n::cue { color: red }\n\n\
                    REGION\nid:r\n\nNOTES are not notes\n\n\
                    00:01.000 --> 00:02.000\nhi\n";
        let parsed = parse(text);
        assert_eq!(parsed.turns, [turn(UNKNOWN_SPEAKER, "hi", 1.0, 2.0, 16)]);
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 13,
                message: "text outside any cue skipped (no timing line like \
                          `00:00:01.000 --> 00:00:04.000` before it): \"NOTES are not notes\""
                    .into(),
            }]
        );
    }

    #[test]
    fn cue_ids_of_any_shape() {
        let text = "WEBVTT\n\n1\n00:01.000 --> 00:02.000\nAna: a\n\nintro words\n\
                    00:02.000 --> 00:03.000\nAna: b\n\nNOTE\n00:03.000 --> 00:04.000\nAna: c\n";
        let parsed = parse(text);
        assert_eq!(parsed.turns, [turn("Ana", "a b c", 1.0, 4.0, 5)]);
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn cue_text_ends_at_a_blank_line_or_a_timing_line() {
        // Per the spec, a line before a timing line inside a cue is text.
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\nAna: one\nlast words\n\
                    00:02.000 --> 00:03.000\nBen: two";
        assert_eq!(
            turns(text),
            [
                turn("Ana", "one last words", 1.0, 2.0, 4),
                turn("Ben", "two", 2.0, 3.0, 7),
            ]
        );
    }

    #[test]
    fn broken_cues_are_skipped_and_the_rest_kept() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\nAna: one\n\n\
                    00:02.000 --> later\nBen: lost\nstill lost\n\
                    00:03.000 --> 00:04.000\nAna: two\n\n\
                    00:04.000 00:05.000\nCarl: no arrow\n\n\
                    00:05.000 --> 00:06.000\nBen: three\n";
        let parsed = parse(text);
        assert_eq!(
            parsed.turns,
            [
                // The skipped cue was Ben's; Ana's cues around it join.
                turn("Ana", "one two", 1.0, 4.0, 4),
                turn("Ben", "three", 5.0, 6.0, 16),
            ]
        );
        let lines: Vec<_> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [6, 12]);
        assert!(parsed.warnings[0].message.contains("00:02.000 --> later"));
        assert!(parsed.warnings[1]
            .message
            .starts_with("text outside any cue skipped"));
    }

    #[test]
    fn voices() {
        let cue = |body: &str| turns(&format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{body}\n"));
        let said = |body: &str| -> Vec<(String, String)> {
            cue(body).into_iter().map(|t| (t.speaker, t.text)).collect()
        };
        let pair = |s: &str, t: &str| (s.to_string(), t.to_string());
        assert_eq!(said("<v Ana>hi</v>"), [pair("Ana", "hi")]);
        assert_eq!(said("<v Ana>hi"), [pair("Ana", "hi")]);
        assert_eq!(said("<v.loud Ana>hi</v>"), [pair("Ana", "hi")]);
        assert_eq!(
            said("<v.first.loud Ana Souza>hi"),
            [pair("Ana Souza", "hi")]
        );
        assert_eq!(said("<v\tAna  Souza >hi"), [pair("Ana Souza", "hi")]);
        assert_eq!(said("<v Tom &amp; Jerry>hi"), [pair("Tom & Jerry", "hi")]);
        assert_eq!(said("<v &lrm;Ana&#32;>hi"), [pair("Ana", "hi")]);
        assert_eq!(
            said("<v Ana>one</v><v Ben>two</v>"),
            [pair("Ana", "one"), pair("Ben", "two")]
        );
        // A voice with no name, and text outside any voice, are unattributed;
        // `Name: ` is not looked for in a cue that uses voices.
        assert_eq!(said("<v>hi"), [pair(UNKNOWN_SPEAKER, "hi")]);
        assert_eq!(
            said("<v Ana>one</v> Ben: two"),
            [pair("Ana", "one"), pair(UNKNOWN_SPEAKER, "Ben: two")]
        );
        assert_eq!(said("<v Ana>Ben: two"), [pair("Ana", "Ben: two")]);
        // A piece without words adds nothing.
        assert_eq!(said("<v Ana></v><v Ben>two"), [pair("Ben", "two")]);
        assert_eq!(cue("<v Ana></v>"), []);
    }

    #[test]
    fn voice_lines_are_where_the_words_start() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>\none\n<v Ben>two";
        assert_eq!(
            turns(text),
            [
                turn("Ana", "one", 1.0, 2.0, 5),
                turn("Ben", "two", 1.0, 2.0, 6)
            ]
        );
    }

    #[test]
    fn zoom_names_only_on_the_first_line() {
        let cue = |body: &str| turns(&format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{body}\n"));
        assert_eq!(
            cue("Well\nBen Carter: hi"),
            [turn(UNKNOWN_SPEAKER, "Well Ben Carter: hi", 1.0, 2.0, 4)]
        );
        assert_eq!(
            cue("Ana Souza:\nhi there"),
            [turn("Ana Souza", "hi there", 1.0, 2.0, 4)]
        );
        assert_eq!(
            cue("Note: not a name"),
            [turn(UNKNOWN_SPEAKER, "Note: not a name", 1.0, 2.0, 4)]
        );
        assert_eq!(
            cue("ana.souza@example.com: hi"),
            [turn("ana.souza@example.com", "hi", 1.0, 2.0, 4)]
        );
        assert_eq!(
            cue("[SPEAKER_00]: hi"),
            [turn("SPEAKER_00", "hi", 1.0, 2.0, 4)]
        );
        // A name with nothing said adds nothing.
        assert_eq!(cue("Ana:"), []);
    }

    #[test]
    fn tags_are_stripped() {
        let text_of = |body: &str| -> String {
            turns(&format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{body}\n"))
                .into_iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join("|")
        };
        assert_eq!(text_of("<c>a</c> <c.yellow.bg_blue>b</c>"), "a b");
        assert_eq!(text_of("<i>a</i> <b>b</b> <u>c</u>"), "a b c");
        assert_eq!(text_of("<lang en-GB>colour</lang>"), "colour");
        assert_eq!(text_of("<ruby>東京<rt>とうきょう</rt></ruby>"), "東京");
        assert_eq!(text_of("<ruby>東<rt>とう</ruby>京"), "東京");
        assert_eq!(
            text_of("one <00:01.500>two <00:00:01.800>three"),
            "one two three"
        );
        assert_eq!(text_of("<unknown tag>kept</unknown>"), "kept");
        // Not tags: the `<` is text.
        assert_eq!(text_of("x < y and y > z"), "x < y and y > z");
        assert_eq!(text_of("a <3 b"), "a <3 b");
        assert_eq!(text_of("<i>open"), "open");
        assert_eq!(text_of("ends <"), "ends <");
        assert_eq!(text_of("<<<<b>x"), "<<<x");
        // [laughter] and friends are speech annotations, kept.
        assert_eq!(
            text_of("[laughter] (inaudible) {vocalsound}"),
            "[laughter] (inaudible) {vocalsound}"
        );
    }

    #[test]
    fn character_references() {
        let text_of = |body: &str| -> String {
            turns(&format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{body}\n"))
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        assert_eq!(text_of("&amp; &lt; &gt; &quot; &apos;"), "& < > \" '");
        assert_eq!(text_of("a&nbsp;b"), "a b");
        assert_eq!(text_of("&lrm;a&rlm;"), "\u{200e}a\u{200f}");
        assert_eq!(text_of("&#39;&#x27;&#X41;&#233;"), "''Aé");
        assert_eq!(
            text_of("&#0;&#xD800;&#x110000;"),
            "\u{fffd}\u{fffd}\u{fffd}"
        );
        // Unknown or unfinished references stay as written.
        for literal in [
            "&",
            "&;",
            "&copy;",
            "&amp",
            "&#;",
            "&#x;",
            "&#12a;",
            "AT&T",
            "&averyverylongname;",
        ] {
            assert_eq!(text_of(literal), literal, "{literal:?}");
        }
    }

    #[test]
    fn times() {
        let text = "WEBVTT\n\n\
                    01:02:03.450 --> 01:02:04.000\nAna: a\n\n\
                    62:03.075 --> 62:05.000\nBen: b\n\n\
                    0:0:1.5 --> 0:0:2.25 line:0\nAna: c\n\n\
                    00:00:09.000 --> 00:00:03.000\nBen: d\n";
        assert_eq!(
            turns(text),
            [
                turn("Ana", "a", 3723.45, 3724.0, 4),
                turn("Ben", "b", 3723.075, 3725.0, 7),
                turn("Ana", "c", 1.5, 2.25, 10),
                // Kept as written: the file's times are not second-guessed.
                turn("Ben", "d", 9.0, 3.0, 13),
            ]
        );
    }

    #[test]
    fn overlapping_cues_keep_file_order() {
        let text =
            "WEBVTT\n\n00:05.000 --> 00:09.000\nAna: a\n\n00:01.000 --> 00:02.000\nBen: b\n\n\
                    00:04.000 --> 00:06.000\nBen: c\n";
        assert_eq!(
            turns(text),
            [
                turn("Ana", "a", 5.0, 9.0, 4),
                turn("Ben", "b c", 1.0, 6.0, 7)
            ]
        );
    }

    #[test]
    fn line_endings() {
        let text = "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nAna: a\r\nmore\r\n\r\n\
                    00:02.000 --> 00:03.000\rBen: b\r";
        assert_eq!(
            turns(text),
            [
                turn("Ana", "a more", 1.0, 2.0, 4),
                turn("Ben", "b", 2.0, 3.0, 8)
            ]
        );
    }

    #[test]
    fn empty_cues_add_nothing() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\n<i> </i>\n\n\
                    00:03.000 --> 00:04.000\nAna: hi";
        let parsed = parse(text);
        assert_eq!(parsed.turns, [turn("Ana", "hi", 3.0, 4.0, 9)]);
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn errors() {
        let err = |text: &str| WebVtt.parse(text, Path::new("t.vtt")).unwrap_err();
        for empty in [
            "",
            " \n\n",
            "\u{feff}",
            "WEBVTT\n",
            "WEBVTT - title\n\nNOTE nothing\n",
        ] {
            assert!(matches!(err(empty), Error::Empty { .. }), "{empty:?}");
        }
        match err("Ana: hello\nBen: hi\n") {
            Error::Syntax { line, message, .. } => {
                assert_eq!(line, 1);
                assert!(
                    message.starts_with("not WebVTT: expected `WEBVTT`"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
        match err("WEBVTT\n\nsome text\n") {
            Error::Syntax { line, message, .. } => {
                assert_eq!(line, 3);
                assert_eq!(
                    message,
                    "no cue found: expected a timing line like `00:00:01.000 --> 00:00:04.000`"
                );
            }
            other => panic!("{other:?}"),
        }
        match err("WEBVTT\n\n1\n00:01 --> soon\nhi\n") {
            Error::Syntax { line, message, .. } => {
                assert_eq!(line, 4);
                assert!(message.starts_with("cannot read the timing line \"00:01 --> soon\""));
            }
            other => panic!("{other:?}"),
        }
        // No header and only broken cues: the broken line is the one to fix.
        assert!(matches!(
            err("00:01 --> x\nhi"),
            Error::Syntax { line: 1, .. }
        ));
    }

    #[test]
    fn detection() {
        for path in FIXTURES {
            let text = fixture(path);
            assert_eq!(WebVtt.detect(&text), 100, "{path}");
            assert!(PlainText.detect(&text) < 100, "{path}");
        }
        let headless = "1\n00:00:01.000 --> 00:00:02.000\nAna: hi\n";
        assert_eq!(WebVtt.detect(headless), 70);
        assert!(PlainText.detect(headless) < 70);
        assert_eq!(WebVtt.detect("00:01.000 --> 00:02.000\nhi\n"), 80);
        assert_eq!(
            WebVtt.detect("00:00:01.000 --> 00:00:02.000\n<v Ana>hi\n"),
            80
        );
        assert_eq!(WebVtt.detect("1\n00:00:01,000 --> 00:00:02,000\nhi\n"), 20);
        assert_eq!(WebVtt.detect("Ana: hi\nBen: 10:30 --> 11:00\n"), 0);
        assert_eq!(WebVtt.detect(""), 0);
        assert_eq!(WebVtt.detect(" WEBVTT\n"), 0);
    }

    #[test]
    fn detection_is_low_on_other_fixtures() {
        for path in [
            "chaos-competing-ideas.txt",
            "flow-seed-story.txt",
            "hierarchy-monologue.txt",
            "stagnation-agreeable.txt",
            "labeled-sample.csv",
            "formats/srt-basic.srt",
            "formats/srt-quirks.srt",
            "same-meeting/meeting.srt.srt",
        ] {
            assert!(WebVtt.detect(&fixture(path)) <= 20, "{path}");
        }
    }

    #[test]
    fn never_panics_on_truncations_and_mutations() {
        for path in FIXTURES {
            assert_never_panics_with(&WebVtt, &fixture(path), check_invariants);
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
        let body = "<".repeat(200_000) + &"&".repeat(200_000) + &"a:".repeat(100_000);
        let text = format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{body}\n");
        let parsed = parse(&text);
        assert_eq!(parsed.turns.len(), 1);
        assert_eq!(parsed.turns[0].text.len(), body.len());
    }
}
