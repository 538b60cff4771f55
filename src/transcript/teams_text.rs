//! Microsoft Teams transcripts (the `.docx` download) copied or saved as
//! text.
//!
//! ```text
//! Release sync                        <- title, date and duration: skipped
//! March 5, 2024, 10:00AM
//! 25s
//!
//! Ana Souza started transcription     <- dropped
//!
//! Ana Souza   0:01                    <- header: name, spaces, time
//! I think we should move the release
//! to June.                            <- a turn may span several lines
//! ```

use std::path::Path;

use super::text_export::{is_transcription_marker, parse_headed, Flavor, HeaderTally};
use super::{Parsed, Parser};
use crate::error::Result;

/// Reads Teams transcripts exported as text: a `Name   M:SS` (or
/// `H:MM:SS`, `0:00:04`) header above the lines of each turn.
///
/// Starts come from the headers; the export has no end times, so
/// [`Turn::end`](super::Turn::end) is `None`. `... started transcription` /
/// `... stopped transcription` notices are dropped, and so are the title,
/// date and duration lines some exports put first.
#[derive(Debug, Clone, Copy, Default)]
pub struct TeamsText;

const FLAVOR: Flavor = Flavor {
    tool: "Teams",
    drop_line: is_transcription_marker,
    preamble_metadata: is_document_metadata,
};

impl Parser for TeamsText {
    fn name(&self) -> &'static str {
        "teams-text"
    }

    fn description(&self) -> &'static str {
        "Microsoft Teams transcript (.docx) as text: `Name   0:04` headers, turns below"
    }

    /// The `started transcription` notice is Teams' signature, Otter's footer
    /// rules Teams out. Without either, the header shapes decide (see
    /// [`HeaderTally`]): Teams copies as three or more spaces or a tab before
    /// the time, or writes `0:00:04`; Otter writes exactly two spaces and
    /// `0:04`. Whichever shape most headers have scores 85, the other 70.
    fn detect(&self, head: &str) -> u8 {
        let tally = HeaderTally::of(head);
        if tally.teams_marker {
            return 95;
        }
        if tally.otter_footer {
            return 20;
        }
        match (tally.named(), tally.leans_otter()) {
            (2.., false) => 85,
            (2.., true) => 70,
            (1, false) => 50,
            (1, true) => 40,
            _ => 0,
        }
    }

    fn detect_ceiling(&self, _head: &str) -> u8 {
        95
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        parse_headed(text, path, &FLAVOR)
    }
}

/// Whether a line before the first header is the document's title (its
/// first line), its date (holds a year such as `2024`) or the recording's
/// length (`42m 7s`). Anything else there is reported as skipped.
fn is_document_metadata(line: &str, nth: usize) -> bool {
    nth == 0 || has_year(line) || is_duration(line)
}

/// A run of exactly four digits starting `19` or `20`.
fn has_year(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4 && (run.starts_with("19") || run.starts_with("20")))
}

/// `1h 2m 3s`, `42m 7s`, `25s`: only numbers with an h, m or s unit.
fn is_duration(line: &str) -> bool {
    let mut tokens = line.split_whitespace().peekable();
    tokens.peek().is_some()
        && tokens.all(|token| {
            let unit = token.trim_start_matches(|c: char| c.is_ascii_digit());
            unit.len() < token.len() && ["h", "m", "s", "min", "sec"].contains(&unit)
        })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{
        assert_never_panics, fixture, other_fixtures, same_meeting_turns, turn,
        whole_second_starts, SAME_MEETING_NAMES,
    };
    use super::super::{Otter, PlainText, Turn, Warning};
    use super::*;
    use crate::error::Error;

    fn parse(text: &str) -> Parsed {
        TeamsText.parse(text, Path::new("t.txt")).unwrap()
    }

    fn at(speaker: &str, text: &str, start: f64, line: usize) -> Turn {
        turn(speaker, text, Some(start), None, line)
    }

    const MINE: &[&str] = &[
        "formats/teams-text.txt",
        "same-meeting/meeting.teams-text.txt",
    ];

    #[test]
    fn reads_the_fixture() {
        let parsed = parse(&fixture("formats/teams-text.txt"));
        assert_eq!(
            parsed.turns,
            [
                at(
                    "Ana Souza",
                    "OK, let's get going. First item is hiring.",
                    4.0,
                    7
                ),
                at(
                    "Carter, Ben (Contoso)",
                    "We need one more designer.",
                    12.0,
                    11
                ),
                // Chloé's two headers around the stop/start notices are one turn.
                at(
                    "Chloé Martin",
                    "Agreed. And maybe a tester, if the budget allows.",
                    31.0,
                    14
                ),
                at("Ana Souza", "Let's see. (inaudible)", 3790.0, 25),
            ]
        );
        // Title, date, duration and the notices go without warnings.
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn same_meeting() {
        // Teams writes whole seconds and no end times.
        let parsed = parse(&fixture("same-meeting/meeting.teams-text.txt"));
        let lines = [7, 10, 13, 16, 19, 22, 25, 28];
        assert_eq!(
            parsed.turns,
            same_meeting_turns(SAME_MEETING_NAMES, whole_second_starts, lines)
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn header_shapes() {
        let parsed = parse(
            "Ana Souza   0:00:04\nhi\nBen Carter\t0:09\nyo\nChloé  1:02:03\nhey\n\
             Dan      10:00\nho\n",
        );
        assert_eq!(
            parsed.turns,
            [
                at("Ana Souza", "hi", 4.0, 1),
                at("Ben Carter", "yo", 9.0, 3),
                at("Chloé", "hey", 3723.0, 5),
                at("Dan", "ho", 600.0, 7),
            ]
        );
    }

    #[test]
    fn preamble_beyond_title_date_and_duration_is_reported() {
        let parsed = parse("Sync\n2024-03-05 10:00\n1h 2m 3s\nAgenda follows\nAna   0:01\nhi\n");
        assert_eq!(parsed.turns, [at("Ana", "hi", 1.0, 5)]);
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 4,
                message: "text before the first speaker header was skipped: \"Agenda follows\""
                    .into()
            }]
        );
    }

    #[test]
    fn metadata_lines() {
        assert!(has_year("March 5, 2024, 2:00PM"));
        assert!(has_year("05.03.1999"));
        assert!(!has_year("20240305"));
        assert!(!has_year("Room 2101b"));
        assert!(!has_year("3024"));
        assert!(is_duration("42m 7s"));
        assert!(is_duration("1h 2m 3s"));
        assert!(is_duration("25s"));
        assert!(!is_duration(""));
        assert!(!is_duration("m s"));
        assert!(!is_duration("42 minutes"));
        assert!(!is_duration("4ms"));
    }

    #[test]
    fn notices_inside_a_turn_are_dropped() {
        let parsed = parse("Ana   0:01\nfirst\nAna Souza stopped transcription\nsecond\n");
        assert_eq!(parsed.turns, [at("Ana", "first second", 1.0, 1)]);
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn no_header_is_a_syntax_error() {
        match TeamsText.parse(
            "Title\nAna Souza started transcription\n",
            Path::new("t.txt"),
        ) {
            Err(Error::Syntax { line, message, .. }) => {
                assert_eq!(line, 1);
                assert!(message.contains("Teams export"), "{message}");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn detection() {
        for name in MINE {
            let text = fixture(name);
            let detected = super::super::formats::detect(&text, Path::new(name));
            assert_eq!(
                detected.map(|p| p.name()).ok(),
                Some("teams-text"),
                "{name}"
            );
            let score = TeamsText.detect(&text);
            assert_eq!(score, 95, "{name}");
            assert!(Otter.detect(&text) < score, "{name}");
            assert!(PlainText.detect(&text) < score, "{name}");
        }
        // Without notices: Teams' shapes (wide gap, zero hours) beat Otter...
        for text in [
            "Ana   0:01\nhi\n\nBen   0:04\nyo\n",
            "Ana\t0:01\nhi\n\nBen\t0:04\nyo\n",
            "Ana  0:00:01\nhi\n\nBen  0:00:04\nyo\n",
        ] {
            assert_eq!(TeamsText.detect(text), 85, "{text:?}");
            assert_eq!(Otter.detect(text), 70, "{text:?}");
        }
        // ...and Otter's two spaces beat Teams; a tie goes to Otter.
        for text in [
            "Ana  0:01\nhi\n\nBen  0:04\nyo\n",
            "Ana  0:01\nhi\n\nBen   0:04\nyo\n",
        ] {
            assert_eq!(TeamsText.detect(text), 70, "{text:?}");
            assert_eq!(Otter.detect(text), 85, "{text:?}");
        }
        assert_eq!(TeamsText.detect("Ana   0:01\nhi\n"), 50);
        assert_eq!(TeamsText.detect("0:01\nhi\n0:02\nho\n"), 0);
        for (name, text) in other_fixtures(MINE) {
            let score = TeamsText.detect(&text);
            assert!(score <= 20, "{name}: {score}");
        }
    }

    #[test]
    fn never_panics() {
        for name in MINE {
            assert_never_panics(&TeamsText, &fixture(name));
        }
    }
}
