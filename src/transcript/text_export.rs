//! Pieces shared by the text exports of meeting tools (Otter, Teams, Google
//! Meet) and the CSV reader: merging pieces into turns, and the
//! `Name  0:03` header that Otter and Teams both put above each paragraph.

use std::path::Path;

use super::lines::{Lines, Preview};
use super::time::parse_timestamp;
use super::{Parsed, Turn, Warning, UNKNOWN_SPEAKER};
use crate::error::{Error, Result};

/// Longest speaker name a header may carry, in chars. Teams names run long
/// (`Souza, Ana (Contoso - Sales EMEA)`); past this a line is prose.
const MAX_HEADER_NAME_CHARS: usize = 100;

/// Most words in a header name.
const MAX_HEADER_NAME_WORDS: usize = 10;

/// Collects turns in file order from pieces (a header and its paragraph, a
/// CSV row, a `Name: text` line), merging consecutive pieces of one speaker
/// into one turn as the model asks, and warning about pieces without text.
#[derive(Debug)]
pub(super) struct TurnSink {
    parsed: Parsed,
    piece: Option<Turn>,
    /// Whether the next piece may join the last turn: false after something
    /// that was not said by the last speaker was skipped in between.
    joinable: bool,
    /// What a piece is called in warnings (`speaker header`, `row`).
    noun: &'static str,
}

impl TurnSink {
    /// A sink whose warnings call a piece `noun`.
    pub(super) fn new(noun: &'static str) -> Self {
        TurnSink {
            parsed: Parsed::default(),
            piece: None,
            joinable: false,
            noun,
        }
    }

    /// Ends the current piece and starts one by `speaker` at `line`.
    pub(super) fn begin(
        &mut self,
        speaker: &str,
        start: Option<f64>,
        end: Option<f64>,
        line: usize,
    ) {
        self.close_piece();
        self.piece = Some(Turn {
            speaker: speaker.to_string(),
            text: String::new(),
            start,
            end,
            line,
        });
    }

    /// Whether a piece is open, so that text has a speaker to go to.
    pub(super) fn has_piece(&self) -> bool {
        self.piece.is_some()
    }

    /// Adds `text` (trimmed, not empty) to the open piece, one space apart.
    /// Does nothing without an open piece; callers check [`Self::has_piece`].
    pub(super) fn append(&mut self, text: &str) {
        if let Some(piece) = self.piece.as_mut() {
            if !piece.text.is_empty() {
                piece.text.push(' ');
            }
            piece.text.push_str(text);
        }
    }

    /// Ends the current piece; the next piece starts a new turn even when it
    /// has the same speaker (something else was said in between).
    pub(super) fn interrupt(&mut self) {
        self.close_piece();
        self.joinable = false;
    }

    /// Records a warning.
    pub(super) fn warn(&mut self, line: usize, message: String) {
        self.parsed.warnings.push(Warning { line, message });
    }

    /// Whether any turn or piece was started.
    pub(super) fn is_empty(&self) -> bool {
        self.piece.is_none() && self.parsed.turns.is_empty()
    }

    /// The turns and warnings, warnings in line order.
    pub(super) fn finish(mut self) -> Parsed {
        self.close_piece();
        // Empty-piece warnings are added when the piece ends, after warnings
        // of later lines; readers expect file order. The sort is stable.
        self.parsed.warnings.sort_by_key(|w| w.line);
        self.parsed
    }

    fn close_piece(&mut self) {
        let Some(piece) = self.piece.take() else {
            return;
        };
        let last = self.parsed.turns.last_mut();
        if piece.text.is_empty() {
            self.parsed.warnings.push(Warning {
                line: piece.line,
                message: format!(
                    "{} for \"{}\" has no text; skipped",
                    self.noun,
                    Preview(&piece.speaker)
                ),
            });
            // A silent other speaker still separates two turns of the last.
            if last.is_none_or(|t| t.speaker != piece.speaker) {
                self.joinable = false;
            }
            return;
        }
        match last {
            Some(turn) if self.joinable && turn.speaker == piece.speaker => {
                turn.text.push(' ');
                turn.text.push_str(&piece.text);
                turn.end = piece.end;
            }
            _ => self.parsed.turns.push(piece),
        }
        self.joinable = true;
    }
}

/// The whitespace between a header's name and its time, which is what tells
/// an Otter export from a Teams one when neither signature line is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    /// No name: the header is only a time (Otter with speaker names off).
    Nameless,
    /// Exactly two spaces, as Otter writes.
    TwoSpaces,
    /// Three or more spaces, or a tab, as Teams documents copy to text.
    Wide,
}

/// A `Name  0:03` line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TimedHeader<'a> {
    /// The name; `None` for a header that is only a time.
    pub name: Option<&'a str>,
    /// Seconds.
    pub time: f64,
    /// The spacing before the time.
    pub gap: Gap,
    /// The time is `0:00:04` or `00:00:04`: hours written while zero, which
    /// Teams does and Otter (`0:04`) does not.
    pub zero_hours: bool,
    /// The time has two-digit hours (`00:05:00`), as Google Meet's bare
    /// timestamp lines do; Otter writes `1:02:03`.
    pub padded_hours: bool,
}

impl TimedHeader<'_> {
    /// The speaker the header names, [`UNKNOWN_SPEAKER`] when it names none.
    pub(super) fn speaker(&self) -> &str {
        self.name.unwrap_or(UNKNOWN_SPEAKER)
    }
}

/// Reads `line` (trimmed) as a header: a name, two or more spaces or a tab,
/// and an `M:SS` / `H:MM:SS` time ending the line; or a time alone.
///
/// One space is not enough: `we meet at 10:30` is a sentence, and neither
/// tool writes a single space there.
pub(super) fn timed_header(line: &str) -> Option<TimedHeader<'_>> {
    let (before, token) = match line.rfind(char::is_whitespace) {
        Some(at) => {
            // `at` is the start of a whitespace char; skip the whole char.
            let width = line[at..].chars().next().map_or(1, char::len_utf8);
            (&line[..at + width], &line[at + width..])
        }
        None => ("", line),
    };
    let time = parse_timestamp(token)?;
    let fields = token.split(':').count();
    let lead = token.split(':').next().unwrap_or_default();
    let zero_hours = fields == 3 && lead.bytes().all(|b| b == b'0');
    let padded_hours = fields == 3 && lead.len() == 2;

    let name = before.trim_end();
    let gap_text = &before[name.len()..];
    let gap = if name.is_empty() {
        Gap::Nameless
    } else if gap_text.contains('\t') || gap_text.chars().count() >= 3 {
        Gap::Wide
    } else if gap_text.chars().count() == 2 {
        Gap::TwoSpaces
    } else {
        return None;
    };
    if gap != Gap::Nameless && !is_header_name(name) {
        return None;
    }
    Some(TimedHeader {
        name: (!name.is_empty()).then_some(name),
        time,
        gap,
        zero_hours,
        padded_hours,
    })
}

/// Within the limits, and without a tab: a tab inside means a table row
/// (`Ana\tWhere are we?\t00:00:05`), not a name.
fn is_header_name(name: &str) -> bool {
    !name.contains('\t')
        && name.chars().nth(MAX_HEADER_NAME_CHARS).is_none()
        && name.split_whitespace().nth(MAX_HEADER_NAME_WORDS).is_none()
}

/// Otter's closing line, `Transcribed by https://otter.ai`, in any case and
/// with whatever decoration around it.
pub(super) fn is_otter_footer(line: &str) -> bool {
    // Detection asks this of every line of a file's head; a `.` is rare in
    // a line and the footer has one in `otter.ai`, so that is looked for
    // first, and the full test runs only on the lines that pass.
    let bytes = line.as_bytes();
    let names_otter = memchr::memchr_iter(b'.', bytes).any(|at| {
        at >= 5
            && bytes[at - 5..at].eq_ignore_ascii_case(b"otter")
            && bytes
                .get(at + 1..at + 3)
                .is_some_and(|ai| ai.eq_ignore_ascii_case(b"ai"))
    });
    names_otter
        && find_ignore_ascii_case(line, "transcribed by")
            .is_some_and(|at| find_ignore_ascii_case(&line[at..], "otter.ai").is_some())
}

/// Teams' `Ana Souza started transcription` / `... stopped transcription`.
pub(super) fn is_transcription_marker(line: &str) -> bool {
    let line = line.trim_end_matches(['.', ' ']);
    ["started transcription", "stopped transcription"]
        .iter()
        .any(|marker| ends_with_ignore_ascii_case(line, marker))
}

/// What the head of a file shows of the `Name  0:03` exports.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeaderTally {
    /// Named headers shaped the Otter way: two spaces, `0:04`.
    pub otter_shaped: u32,
    /// Named headers shaped the Teams way: wider gap or zero hours.
    pub teams_shaped: u32,
    /// Time-only headers in Otter's shape (not two-digit hours).
    pub nameless: u32,
    /// Otter's footer was seen.
    pub otter_footer: bool,
    /// A Teams `started transcription` line was seen.
    pub teams_marker: bool,
}

impl HeaderTally {
    /// Looks at every line of `head`.
    ///
    /// Otter and Teams-text detection both need the tally of the same head,
    /// one after the other; the last one is kept per thread (with the head
    /// it came from, compared in full, so it is never wrong), which halves
    /// the cost of detection's slowest part.
    pub(super) fn of(head: &str) -> Self {
        thread_local! {
            static LAST: std::cell::RefCell<(String, HeaderTally)> =
                std::cell::RefCell::new((String::new(), HeaderTally::default()));
        }
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            if last.0 != head {
                last.1 = Self::count(head);
                last.0.clear();
                last.0.push_str(head);
            }
            last.1
        })
    }

    fn count(head: &str) -> Self {
        let mut tally = HeaderTally::default();
        for line in Lines::new(head) {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(header) = timed_header(line) {
                match header.gap {
                    Gap::Nameless => tally.nameless += u32::from(!header.padded_hours),
                    Gap::Wide => tally.teams_shaped += 1,
                    Gap::TwoSpaces if header.zero_hours => tally.teams_shaped += 1,
                    Gap::TwoSpaces => tally.otter_shaped += 1,
                }
            } else if is_otter_footer(line) {
                tally.otter_footer = true;
            } else if is_transcription_marker(line) {
                tally.teams_marker = true;
            }
        }
        tally
    }

    /// Named headers of either shape.
    pub(super) fn named(&self) -> u32 {
        self.otter_shaped + self.teams_shaped
    }

    /// Whether the shapes lean to Otter; ties go to Otter, whose two-space
    /// gap is the narrower (more specific) rule.
    pub(super) fn leans_otter(&self) -> bool {
        self.otter_shaped >= self.teams_shaped
    }
}

/// How one `Name  0:03` export differs from the other.
pub(super) struct Flavor {
    /// Tool name for messages.
    pub tool: &'static str,
    /// Lines dropped wherever they appear: the tool's own notices.
    pub drop_line: fn(&str) -> bool,
    /// Whether the `nth` (0-based) non-blank line, seen before any header, is
    /// document metadata (title, date) to skip without a warning.
    pub preamble_metadata: fn(&str, usize) -> bool,
}

/// Reads a `Name  0:03` export: each header starts a piece, the lines below
/// it up to the next header are its text.
pub(super) fn parse_headed(text: &str, path: &Path, flavor: &Flavor) -> Result<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut sink = TurnSink::new("speaker header");
    let mut first_text_line = None;
    let mut preamble_index = 0;
    for (index, raw) in Lines::new(text).enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        first_text_line.get_or_insert(number);
        if let Some(header) = timed_header(line) {
            sink.begin(header.speaker(), Some(header.time), None, number);
        } else if (flavor.drop_line)(line) {
            continue;
        } else if sink.has_piece() {
            sink.append(line);
        } else {
            if !(flavor.preamble_metadata)(line, preamble_index) {
                sink.warn(
                    number,
                    format!(
                        "text before the first speaker header was skipped: \"{}\"",
                        Preview(line)
                    ),
                );
            }
            preamble_index += 1;
        }
    }
    if sink.is_empty() {
        return Err(Error::Syntax {
            path: path.to_path_buf(),
            line: first_text_line.unwrap_or(1),
            message: format!(
                "no speaker header found: a {} export has a line like `Ana Souza  0:03` \
                 (a name, two or more spaces, a time) above each paragraph",
                flavor.tool
            ),
        });
    }
    Ok(sink.finish())
}

/// Byte position of `needle` (ASCII) in `hay`, ignoring ASCII case.
pub(super) fn find_ignore_ascii_case(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Some(0);
    }
    // A match of an ASCII needle starts at an ASCII byte, so the position
    // is a char boundary of `hay`. Candidates are found by the first byte in
    // either case (memchr: detection runs this on every line of a file's head).
    let first = needle[0];
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay).find(|&at| {
        hay.get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Whether `s` starts with `prefix` (ASCII), ignoring ASCII case.
pub(super) fn starts_with_ignore_ascii_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `s` ends with `suffix` (ASCII), ignoring ASCII case.
pub(super) fn ends_with_ignore_ascii_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()
            .get(s.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::turn;
    use super::*;

    fn header(line: &str) -> Option<(Option<&str>, f64, Gap)> {
        timed_header(line).map(|h| (h.name, h.time, h.gap))
    }

    #[test]
    fn headers_of_both_tools() {
        assert_eq!(
            header("Ana Souza  0:03"),
            Some((Some("Ana Souza"), 3.0, Gap::TwoSpaces))
        );
        assert_eq!(
            header("Ana Souza   1:02:03"),
            Some((Some("Ana Souza"), 3723.0, Gap::Wide))
        );
        assert_eq!(
            header("Souza, Ana (Contoso)\t12:30"),
            Some((Some("Souza, Ana (Contoso)"), 750.0, Gap::Wide))
        );
        assert_eq!(header("0:15"), Some((None, 15.0, Gap::Nameless)));
        // A no-break space is whitespace too.
        assert_eq!(
            header("Ana\u{a0}\u{a0}0:03"),
            Some((Some("Ana"), 3.0, Gap::TwoSpaces))
        );
        let teams = timed_header("Ana Souza  0:00:04").unwrap();
        assert!(teams.zero_hours && !teams.padded_hours);
        let meet = timed_header("00:05:00").unwrap();
        assert!(meet.zero_hours && meet.padded_hours);
        let otter = timed_header("Ana  1:02:03").unwrap();
        assert!(!otter.zero_hours && !otter.padded_hours);
    }

    #[test]
    fn prose_is_not_a_header() {
        for line in [
            "we meet at 10:30",
            "Ana Souza 0:03",
            "the ratio is  3:1",
            "Ana Souza  0:03 said",
            "Ana Souza  0:3",
            "Ana\tWhere are we?\t00:00:05",
            "Ana Souza  03",
            "",
            "   ",
            &format!("{}  0:03", "word ".repeat(11).trim()),
            &format!("{}  0:03", "x".repeat(101)),
        ] {
            assert_eq!(header(line), None, "{line:?}");
        }
        assert!(header(&format!("{}  0:03", "x".repeat(100))).is_some());
    }

    #[test]
    fn signatures() {
        assert!(is_otter_footer("Transcribed by https://otter.ai"));
        assert!(is_otter_footer("TRANSCRIBED BY HTTPS://OTTER.AI"));
        assert!(is_otter_footer("- transcribed by otter.ai -"));
        assert!(!is_otter_footer("otter.ai transcribed by"));
        assert!(!is_otter_footer("Transcribed by hand"));
        assert!(is_transcription_marker("Ana Souza started transcription"));
        assert!(is_transcription_marker("Ben Carter Stopped Transcription."));
        assert!(!is_transcription_marker("transcription started"));
    }

    #[test]
    fn ascii_case_helpers_are_safe_on_any_text() {
        assert_eq!(find_ignore_ascii_case("é Otter.AI", "otter.ai"), Some(3));
        assert_eq!(find_ignore_ascii_case("é", "otter"), None);
        assert_eq!(find_ignore_ascii_case("ab OTTER otter", "otter"), Some(3));
        assert_eq!(find_ignore_ascii_case("otte", "otter"), None);
        // The footer test looks for `otter.ai` first, then the words in order.
        assert!(is_otter_footer("Transcribed by https://otter.ai"));
        assert!(is_otter_footer("TRANSCRIBED BY OTTER.AI."));
        assert!(!is_otter_footer("otter.ai transcribed by"));
        assert!(!is_otter_footer("Transcribed by otter"));
        assert!(!is_otter_footer(".ai otter. transcribed by"));
        assert!(starts_with_ignore_ascii_case("MEETING ended", "meeting"));
        assert!(!starts_with_ignore_ascii_case("é", "meeting"));
        assert!(ends_with_ignore_ascii_case(
            "Ana STARTED transcription",
            "started transcription"
        ));
        // The cut falls inside `é`; no panic, no match.
        assert!(!ends_with_ignore_ascii_case("éa", "xa"));
        assert!(!ends_with_ignore_ascii_case("a", "ab"));
    }

    #[test]
    fn sink_merges_consecutive_pieces_of_one_speaker() {
        let mut sink = TurnSink::new("row");
        sink.begin("Ana", Some(1.0), Some(2.0), 1);
        sink.append("one");
        sink.begin("Ana", Some(3.0), Some(4.0), 2);
        sink.append("two");
        sink.begin("Ben", Some(5.0), None, 3);
        sink.append("three");
        sink.begin("Ben", None, Some(9.0), 4); // empty: skipped, warned
        sink.begin("Ben", Some(6.0), None, 5);
        sink.append("four");
        sink.interrupt();
        sink.begin("Ben", Some(7.0), Some(8.0), 6);
        sink.append("five");
        let parsed = sink.finish();
        assert_eq!(
            parsed.turns,
            [
                turn("Ana", "one two", Some(1.0), Some(4.0), 1),
                turn("Ben", "three four", Some(5.0), None, 3),
                turn("Ben", "five", Some(7.0), Some(8.0), 6),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 4,
                message: "row for \"Ben\" has no text; skipped".into()
            }]
        );
    }

    #[test]
    fn long_lines_cost_no_more_than_their_length() {
        use super::super::{CsvTable, GoogleMeet, Otter, Parser, TeamsText};
        let long = "word ".repeat(200_000);
        let inputs = [
            (
                &Otter as &dyn Parser,
                format!("Ana  0:01\n{long}\n{long}  0:02\n"),
            ),
            (
                &TeamsText,
                format!("Ana   0:01\n{long}\nAna started transcription\n"),
            ),
            (
                &GoogleMeet,
                format!("Attendees\nAna\nTranscript\nAna: {long}\n{long}\n"),
            ),
            (
                &CsvTable,
                format!("speaker,text\nAna,\"{long}\"\nBen,{long}\n"),
            ),
        ];
        for (parser, text) in inputs {
            let parsed = parser.parse(&text, Path::new("long")).unwrap();
            let (turns, line) = match parser.name() {
                "csv" => (2, 2),
                "google-meet" => (1, 4),
                _ => (1, 1),
            };
            assert_eq!(parsed.turns.len(), turns, "{}", parser.name());
            assert_eq!(parsed.turns[0].line, line, "{}", parser.name());
            let _ = parser.detect(&text);
        }
    }

    #[test]
    fn a_silent_other_speaker_separates_turns() {
        let mut sink = TurnSink::new("row");
        sink.begin("Ana", None, None, 1);
        sink.append("one");
        sink.begin("Ben", None, None, 2);
        sink.begin("Ana", None, None, 3);
        sink.append("two");
        assert_eq!(sink.finish().turns.len(), 2);
    }
}
