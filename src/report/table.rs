//! The columns of the tables `colead batch` writes (`meetings.csv`,
//! `speakers.csv`, `utterances.csv`, `errors.csv`), each defined once: its
//! name, what it means, and how to read it from an [`Analysis`].
//!
//! Everything else follows from these lists: the header rows, the rows, the
//! documentation in `docs/output.md`, and the figures `--fail-if` can test
//! (looked up by column name, `speaker.` in front for [`SPEAKERS`]). A new
//! figure is one more line here.
//!
//! Cells are RFC 4180 CSV fields in UTF-8: counts as integers, other numbers
//! with `.` and exactly [`DECIMALS`] decimals, absent values empty, flags
//! `true`/`false`.

use std::fmt::Write as _;
use std::io;

use crate::analysis::Analysis;
use crate::score::SpeakerScore;

/// Decimals of every non-integer number in the tables.
pub const DECIMALS: usize = 4;

/// What a column holds, so that `--fail-if` can tell a comparison that makes
/// sense from one that does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Words: compared with `==` and `!=`.
    Text,
    /// A count or a measure: compared with `<`, `<=`, `>`, `>=`, `==`, `!=`.
    Number,
}

/// One cell before it is written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text, written as it is (quoted by the CSV writer when it must be).
    Text(&'a str),
    /// Text made for the cell (e.g. the timeline strip).
    Owned(String),
    /// A count.
    Count(u64),
    /// A count that may be absent (e.g. overlaps without times): empty then.
    MaybeCount(Option<u64>),
    /// A measure with [`DECIMALS`] decimals; `None` is an empty cell.
    Number(Option<f64>),
    /// `true` or `false`.
    Flag(bool),
}

impl Cell<'_> {
    /// Appends the cell's text to `buf`.
    pub fn write_to(&self, buf: &mut String) {
        // Writing to a String cannot fail.
        let _ = match self {
            Cell::Text(s) => {
                buf.push_str(s);
                Ok(())
            }
            Cell::Owned(s) => {
                buf.push_str(s);
                Ok(())
            }
            Cell::Count(n) | Cell::MaybeCount(Some(n)) => write!(buf, "{n}"),
            Cell::MaybeCount(None) => Ok(()),
            Cell::Number(Some(x)) => write!(buf, "{x:.DECIMALS$}"),
            Cell::Number(None) => Ok(()),
            Cell::Flag(b) => write!(buf, "{b}"),
        };
    }
}

/// A column: its header name, what it holds, a sentence for the docs, and
/// how to read its cell.
pub struct Column<F> {
    /// Header name; stable once released.
    pub name: &'static str,
    /// Text or number.
    pub kind: Kind,
    /// What the cell means, for `docs/output.md`.
    pub about: &'static str,
    /// Reads the cell.
    pub get: F,
}

/// A column of `meetings.csv`: one row per meeting.
pub type MeetingColumn = Column<for<'a> fn(&'a Analysis) -> Cell<'a>>;
/// A column of `speakers.csv`: one row per speaker per meeting.
pub type SpeakerColumn = Column<for<'a> fn(&'a Analysis, &'a SpeakerScore) -> Cell<'a>>;
/// A column of `utterances.csv`: one row per utterance (by index).
pub type UtteranceColumn = Column<for<'a> fn(&'a Analysis, usize) -> Cell<'a>>;

impl<F> Column<F> {
    /// The column called `name` in `columns`, with its position.
    pub fn find<'c>(columns: &'c [Column<F>], name: &str) -> Option<(usize, &'c Column<F>)> {
        columns.iter().enumerate().find(|(_, c)| c.name == name)
    }
}

/// The header names of a table.
pub fn header<F>(columns: &[Column<F>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

/// Seconds from the first start to the last end (or start) of any
/// utterance; `None` when the transcript carries no times.
pub fn duration(a: &Analysis) -> Option<f64> {
    let mut first: Option<f64> = None;
    let mut last: Option<f64> = None;
    for u in &a.transcript.utterances {
        if let Some(s) = u.start {
            first = Some(first.map_or(s, |f| f.min(s)));
        }
        if let Some(e) = u.end.or(u.start) {
            last = Some(last.map_or(e, |l| l.max(e)));
        }
    }
    Some(last? - first?).map(|d| d.max(0.0))
}

macro_rules! column {
    ($name:literal, $kind:ident, $about:literal, $get:expr) => {
        Column {
            name: $name,
            kind: Kind::$kind,
            about: $about,
            get: $get,
        }
    };
}

/// Columns of `meetings.csv`, in order. `path` is the transcript's path as
/// found under the arguments of `colead batch`.
pub const MEETINGS: &[MeetingColumn] = &[
    column!("path", Text, "the transcript's path", |a| Cell::Text(
        &a.transcript.source
    )),
    column!(
        "format",
        Text,
        "the format it was read as (`colead formats`)",
        |a| Cell::Text(&a.transcript.format)
    ),
    column!("has_times", Text, "whether utterances carry times", |a| {
        Cell::Flag(a.transcript.has_times())
    }),
    column!(
        "duration",
        Number,
        "seconds from the first start to the last end; empty without times",
        |a| Cell::Number(duration(a))
    ),
    column!("speakers", Number, "speakers who said anything", |a| {
        Cell::Count(a.scores.group.figures.speakers as u64)
    }),
    column!(
        "judged_speakers",
        Number,
        "speakers with enough utterances to be scored",
        |a| Cell::Count(a.scores.group.figures.judged_speakers as u64)
    ),
    column!("utterances", Number, "utterances in the meeting", |a| {
        Cell::Count(a.scores.group.figures.utterances)
    }),
    column!("words", Number, "words spoken", |a| Cell::Count(
        a.scores.speakers.iter().map(|s| s.words).sum()
    )),
    column!(
        "warnings",
        Number,
        "parts of the file the parser skipped or guessed about",
        |a| Cell::Count(a.transcript.warnings.len() as u64)
    ),
    column!(
        "pattern",
        Text,
        "chaos, stagnation, hierarchy or flow",
        |a| Cell::Text(a.scores.group.pattern.as_str())
    ),
    column!(
        "confidence",
        Number,
        "confidence in the pattern: 0.5 (could go either way) to 1",
        |a| Cell::Number(Some(a.scores.group.confidence))
    ),
    column!(
        "flow_score",
        Number,
        "group flow 0–100: 100 × concurrency part × mean of the other parts",
        |a| Cell::Number(Some(a.scores.group.figures.flow_score))
    ),
    column!(
        "abrasion",
        Number,
        "creative abrasion: challenges and competing positions per 100 utterances",
        |a| Cell::Number(Some(a.scores.group.figures.abrasion))
    ),
    column!(
        "abrasion_per_10min",
        Number,
        "the same per 10 minutes; empty without times",
        |a| Cell::Number(a.scores.group.figures.abrasion_per_10min)
    ),
    column!(
        "agility",
        Number,
        "creative agility: share of questions answered and positions taken up",
        |a| Cell::Number(a.scores.group.figures.agility)
    ),
    column!(
        "resolution",
        Number,
        "creative resolution: share of challenges resolved by a concession or build",
        |a| Cell::Number(a.scores.group.figures.resolution)
    ),
    column!(
        "equality",
        Number,
        "participation equality: 1 − Gini of talk per speaker",
        |a| Cell::Number(Some(a.scores.group.figures.equality))
    ),
    column!(
        "turn_entropy",
        Number,
        "turn-taking entropy of turns per speaker, normalized to 0–1",
        |a| Cell::Number(Some(a.scores.group.figures.turn_entropy))
    ),
    column!(
        "flow_windows",
        Number,
        "timeline windows whose pattern is flow",
        |a| Cell::Count(a.scores.timeline.flow_windows as u64)
    ),
    column!("windows", Number, "timeline windows", |a| Cell::Count(
        a.scores.timeline.windows.len() as u64
    )),
    column!(
        "timeline",
        Text,
        "the windows' patterns as letters (F flow, H hierarchy, C chaos, S stagnation, · no speech)",
        |a| Cell::Owned(super::strip(&a.scores.timeline))
    ),
    column!(
        "lead_rate",
        Number,
        "positions and challenges per substantive utterance",
        |a| Cell::Number(Some(a.scores.group.figures.lead_rate))
    ),
    column!(
        "follow_rate",
        Number,
        "questions to others, concessions and builds per substantive utterance",
        |a| Cell::Number(Some(a.scores.group.figures.follow_rate))
    ),
    column!("positions", Number, "utterances labeled position", |a| {
        Cell::Count(a.scores.group.figures.counts.position)
    }),
    column!("questions", Number, "utterances labeled question", |a| {
        Cell::Count(a.scores.group.figures.counts.question)
    }),
    column!(
        "concessions",
        Number,
        "utterances labeled concession",
        |a| Cell::Count(a.scores.group.figures.counts.concession)
    ),
    column!("challenges", Number, "utterances labeled challenge", |a| {
        Cell::Count(a.scores.group.figures.counts.challenge)
    }),
    column!("other", Number, "utterances labeled other", |a| {
        Cell::Count(a.scores.group.figures.counts.other)
    }),
    column!("lead_acts", Number, "positions and challenges", |a| {
        Cell::Count(a.scores.group.figures.lead_acts)
    }),
    column!(
        "follow_acts",
        Number,
        "questions to others, concessions and builds",
        |a| Cell::Count(a.scores.group.figures.follow_acts)
    ),
    column!(
        "leaders",
        Number,
        "judged speakers with leading ≥ 0.5 (at least a fair share)",
        |a| { Cell::Count(a.scores.group.figures.leaders as u64) }
    ),
    column!(
        "followers",
        Number,
        "judged speakers with following ≥ 0.5",
        |a| Cell::Count(a.scores.group.figures.followers as u64)
    ),
    column!("concurrent", Number, "judged speakers high on both", |a| {
        Cell::Count(a.scores.group.figures.concurrent as u64)
    }),
    column!(
        "concurrent_share",
        Number,
        "share of the lead and follow acts made by the concurrent speakers",
        |a| Cell::Number(Some(a.scores.group.figures.concurrent_share))
    ),
    column!(
        "top_leader",
        Text,
        "the speaker with the most lead acts; empty when nobody leads",
        |a| Cell::Text(a.scores.group.figures.top_leader.as_deref().unwrap_or(""))
    ),
    column!(
        "top_lead_share",
        Number,
        "their share of all lead acts; empty when there are none",
        |a| Cell::Number(a.scores.group.figures.top_lead_share)
    ),
    column!(
        "second_lead_share",
        Number,
        "the next speaker's share of all lead acts",
        |a| Cell::Number(a.scores.group.figures.second_lead_share)
    ),
    column!("turns", Number, "turns (a turn ends when the speaker changes)", |a| {
        Cell::Count(a.scores.group.figures.turns)
    }),
    column!("builds", Number, "positions that build on another speaker's", |a| {
        Cell::Count(a.scores.group.figures.builds)
    }),
    column!(
        "concurrent_moments",
        Number,
        "turns that both concede and advance, or advance and ask",
        |a| Cell::Count(a.scores.group.figures.concurrent_moments)
    ),
    column!(
        "competing_positions",
        Number,
        "positions put against another speaker's position",
        |a| Cell::Count(a.scores.group.figures.competing_positions)
    ),
    column!(
        "questions_answered",
        Number,
        "questions another speaker answered",
        |a| Cell::Count(a.scores.group.figures.questions_answered)
    ),
    column!(
        "taken_up",
        Number,
        "position turns another speaker conceded to, built on or asked about",
        |a| Cell::Count(a.scores.group.figures.taken_up)
    ),
    column!(
        "challenges_resolved",
        Number,
        "challenges followed within a few turns by a concession or build",
        |a| Cell::Count(a.scores.group.figures.challenges_resolved)
    ),
    column!(
        "answer_delay",
        Number,
        "mean utterances from a question to its answer",
        |a| Cell::Number(a.scores.group.figures.answer_delay)
    ),
    column!(
        "uptake_delay",
        Number,
        "mean utterances from a position to its first uptake",
        |a| Cell::Number(a.scores.group.figures.uptake_delay)
    ),
    column!(
        "overlaps",
        Number,
        "turns started while another speaker's was under way; empty without times",
        |a| Cell::MaybeCount(a.scores.group.figures.overlaps)
    ),
    column!(
        "interruptions",
        Number,
        "overlaps after which the other speaker stopped first; empty without times",
        |a| Cell::MaybeCount(a.scores.group.figures.interruptions)
    ),
    column!("shift_ab_ba", Number, "Gibson participation shifts AB-BA (a reply back)", |a| {
        Cell::Count(a.scores.group.figures.shifts.ab_ba)
    }),
    column!("shift_ab_b0", Number, "AB-B0: the addressee turns to the group", |a| {
        Cell::Count(a.scores.group.figures.shifts.ab_b0)
    }),
    column!("shift_ab_by", Number, "AB-BY: the addressee turns to a third", |a| {
        Cell::Count(a.scores.group.figures.shifts.ab_by)
    }),
    column!("shift_a0_xa", Number, "A0-XA: someone answers a group address", |a| {
        Cell::Count(a.scores.group.figures.shifts.a0_xa)
    }),
    column!("shift_a0_x0", Number, "A0-X0: group address followed by group address", |a| {
        Cell::Count(a.scores.group.figures.shifts.a0_x0)
    }),
    column!("shift_a0_xy", Number, "A0-XY: after a group address, X addresses Y", |a| {
        Cell::Count(a.scores.group.figures.shifts.a0_xy)
    }),
    column!("shift_ab_xa", Number, "AB-XA: a third speaker replies to the speaker", |a| {
        Cell::Count(a.scores.group.figures.shifts.ab_xa)
    }),
    column!("shift_ab_xb", Number, "AB-XB: a third speaker turns to the addressee", |a| {
        Cell::Count(a.scores.group.figures.shifts.ab_xb)
    }),
    column!("shift_ab_x0", Number, "AB-X0: a third speaker turns to the group", |a| {
        Cell::Count(a.scores.group.figures.shifts.ab_x0)
    }),
    column!("shift_ab_xy", Number, "AB-XY: a third speaker addresses a fourth", |a| {
        Cell::Count(a.scores.group.figures.shifts.ab_xy)
    }),
];

/// Columns of `speakers.csv`, in order; within a meeting, speakers come as
/// in the reports (highest leading first).
pub const SPEAKERS: &[SpeakerColumn] = &[
    column!("path", Text, "the transcript's path", |a, _| Cell::Text(
        &a.transcript.source
    )),
    column!("speaker", Text, "the name as in the transcript", |_, s| {
        Cell::Text(&s.name)
    }),
    column!("id", Number, "order of first appearance, from 0", |_, s| {
        Cell::Count(s.id as u64)
    }),
    column!(
        "style",
        Text,
        "concurrent_leader, directive, supporter, quiet or insufficient_evidence",
        |_, s| Cell::Text(s.style.as_str())
    ),
    column!(
        "leading",
        Number,
        "leading score 0–1; empty below the evidence floor",
        |_, s| Cell::Number(s.leading)
    ),
    column!(
        "following",
        Number,
        "following score 0–1; empty below the evidence floor",
        |_, s| Cell::Number(s.following)
    ),
    column!(
        "lead_ratio",
        Number,
        "lead acts and taken-up position turns against a fair share (1 = fair share); empty below the evidence floor",
        |_, s| Cell::Number(s.lead_ratio)
    ),
    column!(
        "follow_ratio",
        Number,
        "follow acts against a fair share (1 = fair share); empty below the evidence floor",
        |_, s| Cell::Number(s.follow_ratio)
    ),
    column!(
        "concurrency",
        Number,
        "both at once: geometric mean of leading and following",
        |_, s| Cell::Number(s.concurrency)
    ),
    column!("utterances", Number, "utterances said", |_, s| Cell::Count(
        s.utterances
    )),
    column!("words", Number, "words said", |_, s| Cell::Count(s.words)),
    column!(
        "talk_share",
        Number,
        "share of the meeting's words, 0–1",
        |_, s| Cell::Number(Some(s.talk_share))
    ),
    column!("positions", Number, "positions put forward", |_, s| {
        Cell::Count(s.positions)
    }),
    column!("questions", Number, "questions asked", |_, s| Cell::Count(
        s.questions
    )),
    column!(
        "questions_to_others",
        Number,
        "questions asked in an exchange with others",
        |_, s| Cell::Count(s.questions_to_others)
    ),
    column!("concessions", Number, "concessions made", |_, s| {
        Cell::Count(s.concessions)
    }),
    column!("challenges", Number, "challenges raised", |_, s| {
        Cell::Count(s.challenges)
    }),
    column!("other", Number, "other utterances", |_, s| Cell::Count(
        s.other
    )),
    column!(
        "builds",
        Number,
        "positions that build on another speaker's position",
        |_, s| Cell::Count(s.builds)
    ),
    column!(
        "uptake",
        Number,
        "share of their position turns others took up; empty without positions",
        |_, s| Cell::Number(s.uptake)
    ),
    column!(
        "concurrent_moments",
        Number,
        "turns that both concede and advance, or advance and ask",
        |_, s| Cell::Count(s.concurrent_moments)
    ),
    column!("turns", Number, "turns taken", |_, s| Cell::Count(s.turns)),
    column!(
        "talk_seconds",
        Number,
        "talk time in seconds; empty without times",
        |_, s| Cell::Number(s.talk_seconds)
    ),
    column!(
        "longest_monologue_words",
        Number,
        "words of their longest turn",
        |_, s| Cell::Count(s.longest_monologue_words)
    ),
    column!(
        "longest_monologue_seconds",
        Number,
        "seconds of their longest turn; empty without times",
        |_, s| Cell::Number(s.longest_monologue_seconds)
    ),
    column!("lead_acts", Number, "positions and challenges", |_, s| {
        Cell::Count(s.lead_acts)
    }),
    column!(
        "follow_acts",
        Number,
        "questions to others, concessions and builds",
        |_, s| Cell::Count(s.follow_acts)
    ),
    column!(
        "position_turns",
        Number,
        "turns with at least one position",
        |_, s| Cell::Count(s.position_turns)
    ),
    column!(
        "taken_up",
        Number,
        "position turns another speaker conceded to, built on or asked about",
        |_, s| Cell::Count(s.taken_up)
    ),
    column!(
        "questions_answered",
        Number,
        "their questions another speaker answered",
        |_, s| Cell::Count(s.questions_answered)
    ),
    column!(
        "responses_received",
        Number,
        "substantive utterances of others that respond to them",
        |_, s| Cell::Count(s.responses_received)
    ),
    column!(
        "competing_positions",
        Number,
        "positions put against another speaker's position",
        |_, s| Cell::Count(s.competing_positions)
    ),
    column!(
        "challenges_resolved",
        Number,
        "their challenges followed within a few turns by a concession or build",
        |_, s| Cell::Count(s.challenges_resolved)
    ),
    column!(
        "overlaps",
        Number,
        "turns started while another speaker's was under way; empty without times",
        |_, s| Cell::MaybeCount(s.overlaps)
    ),
    column!(
        "interruptions",
        Number,
        "overlaps after which the other speaker stopped first; empty without times",
        |_, s| Cell::MaybeCount(s.interruptions)
    ),
];

/// Columns of `utterances.csv` (with `path` first) and of
/// `colead utterances --format csv` (without it).
pub const UTTERANCES: &[UtteranceColumn] = &[
    column!("path", Text, "the transcript's path", |a, _| Cell::Text(
        &a.transcript.source
    )),
    column!(
        "index",
        Number,
        "position in the meeting, from 0",
        |_, i| { Cell::Count(i as u64) }
    ),
    column!("speaker", Text, "who said it", |a, i| Cell::Text(
        a.transcript
            .utterances
            .get(i)
            .map_or("", |u| a.transcript.speaker_name(u.speaker))
    )),
    column!(
        "start",
        Number,
        "start in seconds; empty without times",
        |a, i| { Cell::Number(a.transcript.utterances.get(i).and_then(|u| u.start)) }
    ),
    column!(
        "end",
        Number,
        "end in seconds; empty without times",
        |a, i| { Cell::Number(a.transcript.utterances.get(i).and_then(|u| u.end)) }
    ),
    column!("line", Number, "1-based line in the file", |a, i| {
        Cell::Count(a.transcript.utterances.get(i).map_or(0, |u| u.line as u64))
    }),
    column!("turn", Number, "conversational turn, from 0", |a, i| {
        Cell::Count(a.transcript.utterances.get(i).map_or(0, |u| u.turn as u64))
    }),
    column!("label", Text, "the class", |a, i| Cell::Text(
        a.classified.get(i).map_or("", |c| c.label.as_str())
    )),
    column!("rule", Text, "the rule that decided", |a, i| Cell::Text(
        a.classified
            .get(i)
            .map_or("", |c| &*c.evidence.decided_by.rule)
    )),
    column!("cue", Text, "the words it matched", |a, i| Cell::Text(
        a.classified
            .get(i)
            .map_or("", |c| c.evidence.decided_by.matched.as_str())
    )),
    column!(
        "runner_up",
        Text,
        "the strongest rule for another class, if any",
        |a, i| Cell::Text(
            a.classified
                .get(i)
                .and_then(|c| c.evidence.runner_up.as_ref())
                .map_or("", |r| &*r.rule)
        )
    ),
    column!(
        "context",
        Text,
        "context that changed the outcome, in words",
        |a, i| Cell::Text(
            a.classified
                .get(i)
                .and_then(|c| c.evidence.context.as_deref())
                .unwrap_or("")
        )
    ),
    column!("text", Text, "the words", |a, i| Cell::Text(
        a.transcript
            .utterances
            .get(i)
            .map_or("", |u| u.text.as_str())
    )),
];

/// Columns of `errors.csv`, one row per file that could not be analyzed.
pub const ERRORS: [&str; 4] = ["path", "line", "kind", "message"];

/// Writes one row of cells, reusing `buf` for the text of each.
fn write_row<'a, W: io::Write>(
    w: &mut csv::Writer<W>,
    cells: impl Iterator<Item = Cell<'a>>,
    buf: &mut String,
) -> csv::Result<()> {
    for cell in cells {
        match cell {
            Cell::Text(s) => w.write_field(s)?,
            other => {
                buf.clear();
                other.write_to(buf);
                w.write_field(buf.as_bytes())?;
            }
        }
    }
    w.write_record(None::<&[u8]>)
}

/// The meeting's row of `meetings.csv`.
pub fn meeting_row(a: &Analysis) -> csv::StringRecord {
    let mut row = csv::StringRecord::with_capacity(256, MEETINGS.len());
    let mut buf = String::new();
    for c in MEETINGS {
        buf.clear();
        (c.get)(a).write_to(&mut buf);
        row.push_field(&buf);
    }
    row
}

/// The meeting's rows of `speakers.csv`.
pub fn speaker_rows(a: &Analysis) -> Vec<csv::StringRecord> {
    let mut buf = String::new();
    a.scores
        .speakers
        .iter()
        .map(|s| {
            let mut row = csv::StringRecord::with_capacity(128, SPEAKERS.len());
            for c in SPEAKERS {
                buf.clear();
                (c.get)(a, s).write_to(&mut buf);
                row.push_field(&buf);
            }
            row
        })
        .collect()
}

/// Writes the meeting's rows of `utterances.csv`; with `with_path` false the
/// `path` column is left out (as `colead utterances --format csv` does).
pub fn write_utterances<W: io::Write>(
    a: &Analysis,
    with_path: bool,
    w: &mut csv::Writer<W>,
) -> csv::Result<()> {
    let columns = if with_path {
        UTTERANCES
    } else {
        &UTTERANCES[1..]
    };
    let mut buf = String::new();
    for i in 0..a.transcript.utterances.len() {
        write_row(w, columns.iter().map(|c| (c.get)(a, i)), &mut buf)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_fixed_precision_and_empty_when_absent() {
        let text = |c: Cell<'_>| {
            let mut s = String::new();
            c.write_to(&mut s);
            s
        };
        assert_eq!(text(Cell::Number(Some(0.5))), "0.5000");
        assert_eq!(text(Cell::Number(Some(2.0 / 3.0))), "0.6667");
        assert_eq!(text(Cell::Number(Some(1234.5))), "1234.5000");
        assert_eq!(text(Cell::Number(None)), "");
        assert_eq!(text(Cell::Count(42)), "42");
        assert_eq!(text(Cell::MaybeCount(Some(3))), "3");
        assert_eq!(text(Cell::MaybeCount(None)), "");
        assert_eq!(text(Cell::Owned("HF·C".to_string())), "HF·C");
        assert_eq!(text(Cell::Flag(false)), "false");
        assert_eq!(text(Cell::Text("a, \"b\"")), "a, \"b\"");
    }

    #[test]
    fn column_names_are_unique_snake_case() {
        fn check(names: Vec<&str>) {
            let mut seen = std::collections::HashSet::new();
            for n in names {
                assert!(seen.insert(n), "duplicate column {n}");
                assert!(
                    n.starts_with(|c: char| c.is_ascii_lowercase())
                        && n.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{n} is not snake_case"
                );
            }
        }
        check(header(MEETINGS));
        check(header(SPEAKERS));
        check(header(UTTERANCES));
        check(ERRORS.to_vec());
    }
}
