//! Otter.ai `.txt` exports.
//!
//! ```text
//! Ana Souza  0:01                  <- header: name, two spaces, time
//! I think we should move the release to June.
//!
//! Ben Carter  0:05
//! Why June?
//!
//! 0:16                             <- speaker names turned off: no name
//! Okay.
//!
//! Transcribed by https://otter.ai  <- footer, dropped
//! ```

use std::path::Path;

use super::text_export::{parse_headed, Flavor, HeaderTally};
use super::{Parsed, Parser};
use crate::error::Result;

/// Reads Otter.ai text exports: a `Name  M:SS` header above each paragraph.
///
/// Starts come from the headers; Otter writes no end times, so
/// [`Turn::end`](super::Turn::end) is `None`. A header without a name (the
/// export with speaker names off) gives [`UNKNOWN_SPEAKER`](super::UNKNOWN_SPEAKER).
#[derive(Debug, Clone, Copy, Default)]
pub struct Otter;

const FLAVOR: Flavor = Flavor {
    tool: "Otter",
    drop_line: super::text_export::is_otter_footer,
    preamble_metadata: |_, _| false,
};

impl Parser for Otter {
    fn name(&self) -> &'static str {
        "otter"
    }

    fn description(&self) -> &'static str {
        "Otter.ai .txt export: `Name  0:03` headers above paragraphs"
    }

    /// The footer is Otter's signature. Without it, Otter and Teams text
    /// look alike (a name, spaces, a time); Otter writes exactly two spaces
    /// and `0:04`, Teams documents copy as three or more spaces or a tab and
    /// sometimes `0:00:04`, so the header shapes decide which of the two
    /// scores higher (see [`HeaderTally::leans_otter`]).
    fn detect(&self, head: &str) -> u8 {
        let tally = HeaderTally::of(head);
        if tally.otter_footer {
            return 95;
        }
        if tally.teams_marker {
            return 20;
        }
        match (tally.named(), tally.leans_otter()) {
            (2.., true) => 85,
            (2.., false) => 70,
            (1, true) => 50,
            (1, false) => 40,
            // Otter without names: time lines above paragraphs. Plain text
            // reads those as timestamps too, so stay modest.
            (0, _) if tally.nameless >= 2 => 45,
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

#[cfg(test)]
mod tests {
    use super::super::test_support::{
        assert_never_panics, fixture, other_fixtures, same_meeting_turns, turn,
        whole_second_starts, SAME_MEETING_NAMES,
    };
    use super::super::{PlainText, Turn, Warning, UNKNOWN_SPEAKER};
    use super::*;
    use crate::error::Error;

    fn parse(text: &str) -> Parsed {
        Otter.parse(text, Path::new("t.txt")).unwrap()
    }

    fn at(speaker: &str, text: &str, start: f64, line: usize) -> Turn {
        turn(speaker, text, Some(start), None, line)
    }

    const MINE: &[&str] = &[
        "formats/otter.txt",
        "formats/otter-no-names.txt",
        "same-meeting/meeting.otter.txt",
    ];

    #[test]
    fn reads_the_fixture() {
        let parsed = parse(&fixture("formats/otter.txt"));
        assert_eq!(
            parsed.turns,
            [
                at(
                    "Ana Souza",
                    "Morning, everyone. Let's look at the roadmap first. Then the budget.",
                    3.0,
                    1
                ),
                at("Ben Carter", "Sounds good to me.", 15.0, 5),
                // Two headers of Ana in a row are one turn.
                at(
                    "Ana Souza",
                    "The roadmap slipped by two weeks. [laughter] Mostly because of the vendor.",
                    21.0,
                    8
                ),
                at(
                    "Chloé Martin",
                    "Can we still make the June date?",
                    3723.0,
                    14
                ),
            ]
        );
        // The footer goes without a warning.
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn nameless_headers_are_unknown_speakers() {
        let parsed = parse(&fixture("formats/otter-no-names.txt"));
        // Consecutive unattributed paragraphs are one turn by one (unknown)
        // speaker, like any consecutive pieces of one speaker.
        assert_eq!(
            parsed.turns,
            [at(
                UNKNOWN_SPEAKER,
                "Welcome back. Today is about hiring. We have two open roles. Both are senior.",
                15.0,
                1
            )]
        );
        assert_eq!(parsed.warnings, []);
        let mixed = parse("0:01\nhello\nAna  0:02\nhi\n0:03\nbye");
        assert_eq!(
            mixed.turns,
            [
                at(UNKNOWN_SPEAKER, "hello", 1.0, 1),
                at("Ana", "hi", 2.0, 3),
                at(UNKNOWN_SPEAKER, "bye", 3.0, 5),
            ]
        );
    }

    #[test]
    fn same_meeting() {
        // Otter writes whole seconds and no end times.
        let parsed = parse(&fixture("same-meeting/meeting.otter.txt"));
        let lines = [1, 4, 7, 10, 13, 16, 19, 22];
        assert_eq!(
            parsed.turns,
            same_meeting_turns(SAME_MEETING_NAMES, whole_second_starts, lines)
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn footer_in_any_case_and_decoration() {
        for footer in [
            "Transcribed by https://otter.ai",
            "transcribed by HTTPS://OTTER.AI",
            "  -- Transcribed by https://otter.ai --  ",
        ] {
            let parsed = parse(&format!("Ana  0:01\nhello\n\n{footer}\n"));
            assert_eq!(parsed.turns, [at("Ana", "hello", 1.0, 1)], "{footer:?}");
            assert_eq!(parsed.warnings, [], "{footer:?}");
        }
    }

    #[test]
    fn text_before_the_first_header_is_reported() {
        let parsed = parse("Weekly sync\n\nAna  0:01\nhello");
        assert_eq!(parsed.turns, [at("Ana", "hello", 1.0, 3)]);
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 1,
                message: "text before the first speaker header was skipped: \"Weekly sync\"".into()
            }]
        );
    }

    #[test]
    fn header_without_text_is_reported() {
        let parsed = parse("Ana  0:01\n\nBen  0:04\nhi\nAna  0:09\n");
        assert_eq!(parsed.turns, [at("Ben", "hi", 4.0, 3)]);
        assert_eq!(
            parsed.warnings,
            [
                Warning {
                    line: 1,
                    message: "speaker header for \"Ana\" has no text; skipped".into()
                },
                Warning {
                    line: 5,
                    message: "speaker header for \"Ana\" has no text; skipped".into()
                },
            ]
        );
    }

    #[test]
    fn crlf_and_blank_lines_keep_line_numbers() {
        let parsed = parse("\r\n\r\nAna  0:01\r\nhello\r\n\r\nBen  0:02\r\nhi\r\n");
        assert_eq!(
            parsed.turns,
            [at("Ana", "hello", 1.0, 3), at("Ben", "hi", 2.0, 6)]
        );
    }

    #[test]
    fn no_header_is_a_syntax_error() {
        match Otter.parse("\nJust some notes.\nNothing else.", Path::new("n.txt")) {
            Err(Error::Syntax { line, message, .. }) => {
                assert_eq!(line, 2);
                assert!(message.contains("`Ana Souza  0:03`"), "{message}");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
        assert!(matches!(
            Otter.parse(" \n\u{feff}", Path::new("e.txt")),
            Err(Error::Syntax { .. } | Error::Empty { .. })
        ));
        assert!(matches!(
            Otter.parse("\u{feff} \n", Path::new("e.txt")),
            Err(Error::Empty { .. })
        ));
    }

    #[test]
    fn detection() {
        for name in MINE {
            let text = fixture(name);
            let detected = super::super::formats::detect(&text, Path::new(name));
            assert_eq!(detected.map(|p| p.name()).ok(), Some("otter"), "{name}");
            let score = Otter.detect(&text);
            assert!(score >= 85, "{name}: {score}");
            assert!(PlainText.detect(&text) < score, "{name}");
        }
        // Named headers in Otter's shape, without the footer.
        assert_eq!(Otter.detect("Ana  0:01\nhi\n\nBen  0:04\nyo\n"), 85);
        // Teams' wider gap: Otter still could be, but scores lower.
        assert_eq!(Otter.detect("Ana   0:01\nhi\n\nBen   0:04\nyo\n"), 70);
        assert_eq!(Otter.detect("Ana  0:01\nhi\n"), 50);
        assert_eq!(Otter.detect("0:01\nhi\n\n0:04\nyo\n"), 45);
        assert_eq!(Otter.detect("Ana: hi\n"), 0);
        for (name, text) in other_fixtures(MINE) {
            let score = Otter.detect(&text);
            assert!(score <= 20, "{name}: {score}");
        }
    }

    #[test]
    fn never_panics() {
        for name in MINE {
            assert_never_panics(&Otter, &fixture(name));
        }
    }
}
