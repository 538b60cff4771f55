//! Helpers shared by the parsers' unit tests: fixtures, turns, and the
//! no-panic check every parser runs over truncations and mutations of its
//! fixtures.

use std::path::Path;

use super::lines::Lines;
use super::{Parsed, Parser, Turn};

/// The text of `fixtures/<rel>`.
pub fn fixture(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every fixture under `fixtures/` except those in `mine`, with its name.
pub fn other_fixtures(mine: &[&str]) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut found = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if mine.contains(&rel.as_str()) {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&path) {
                found.push((rel, text));
            }
        }
    }
    found.sort();
    found
}

/// A turn with the given fields.
pub fn turn(speaker: &str, text: &str, start: Option<f64>, end: Option<f64>, line: usize) -> Turn {
    Turn {
        speaker: speaker.to_string(),
        text: text.to_string(),
        start,
        end,
        line,
    }
}

/// Parses every char-boundary prefix of `text` and a few byte-level
/// mutations of it; checks the output keeps its promises.
pub fn assert_never_panics(parser: &dyn Parser, text: &str) {
    assert_never_panics_with(parser, text, |_, _| {});
}

/// As [`assert_never_panics`], also checking format-specific promises
/// (`extra` gets each input that parsed and what came out).
pub fn assert_never_panics_with(parser: &dyn Parser, text: &str, extra: impl Fn(&str, &Parsed)) {
    let mut inputs: Vec<String> = text
        .char_indices()
        .map(|(i, _)| text[..i].to_string())
        .collect();
    inputs.push(text.to_string());
    let bytes = text.as_bytes();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const NASTY: &[u8] = b"\n\r\t \":,;0\xc3\xff";
    for _ in 0..300 {
        let mut mutated = bytes.to_vec();
        for _ in 0..1 + next() % 4 {
            if mutated.is_empty() {
                break;
            }
            let at = (next() % mutated.len() as u64) as usize;
            let byte = NASTY[(next() % NASTY.len() as u64) as usize];
            match next() % 3 {
                0 => mutated[at] = byte,
                1 => mutated.insert(at, byte),
                _ => {
                    mutated.remove(at);
                }
            }
        }
        inputs.push(String::from_utf8_lossy(&mutated).into_owned());
    }
    for input in &inputs {
        let _ = parser.detect(input);
        let Ok(parsed) = parser.parse(input, Path::new("fuzz")) else {
            continue;
        };
        let line_count = Lines::new(input).count();
        // Turns come in file order; two can share a line (two voices in one
        // WebVTT cue line).
        let mut last_line = 1;
        for t in &parsed.turns {
            assert!(t.line >= last_line && t.line <= line_count, "{input:?}");
            last_line = t.line;
            assert!(!t.text.is_empty() && t.text.trim() == t.text, "{input:?}");
            assert!(!t.speaker.is_empty(), "{input:?}");
        }
        for w in &parsed.warnings {
            assert!(w.line >= 1 && w.line <= line_count, "{input:?}");
        }
        extra(input, &parsed);
    }
}

/// The meeting every format's `fixtures/same-meeting/` file writes, as the
/// common brief gives it: (start, end, speaker index, words).
pub const SAME_MEETING: [(f64, f64, usize, &str); 8] = [
    (1.0, 4.5, 0, "I think we should move the release to June."),
    (5.0, 6.2, 1, "Why June?"),
    (6.8, 10.4, 0, "The beta feedback will be in by then."),
    (11.0, 12.3, 1, "That makes sense."),
    (16.2, 16.7, 2, "Okay."),
    (17.0, 19.8, 0, "Good idea, let's do that."),
    (20.1, 22.0, 2, "Should we tell marketing?"),
    (22.5, 25.0, 0, "Yes, I'll email them today."),
];

/// Its speakers, for formats that keep names.
pub const SAME_MEETING_NAMES: [&str; 3] = ["Ana Souza", "Ben Carter", "Chloé Martin"];

/// The meeting as one format should read it: its `speakers`' names, the
/// times it keeps (`times(turn index, start, end)`), and the `lines` where
/// each turn starts in its fixture.
pub fn same_meeting_turns(
    speakers: [&str; 3],
    times: impl Fn(usize, f64, f64) -> (Option<f64>, Option<f64>),
    lines: [usize; 8],
) -> Vec<Turn> {
    SAME_MEETING
        .iter()
        .zip(lines)
        .enumerate()
        .map(|(i, (&(start, end, who, text), line))| {
            let (start, end) = times(i, start, end);
            turn(speakers[who], text, start, end, line)
        })
        .collect()
}

/// Every time as written.
pub fn all_times(_: usize, start: f64, end: f64) -> (Option<f64>, Option<f64>) {
    (Some(start), Some(end))
}

/// Start times in whole seconds, no ends (Otter, Teams).
pub fn whole_second_starts(_: usize, start: f64, _: f64) -> (Option<f64>, Option<f64>) {
    (Some(start.floor()), None)
}
