//! Scoring: per-speaker leading and following, the group's pattern and flow,
//! and the same figures for stretches of the meeting (the timeline).
//!
//! The work happens in three steps, kept apart so that any stretch of a
//! meeting (a window of the timeline, the whole meeting, several meetings)
//! is judged by the same code:
//!
//! 1. `facts`: one pass over the meeting settles what each utterance
//!    contributes, links between utterances included (this position was
//!    taken up, that question answered, this challenge resolved).
//! 2. [`Tally`]: counts per speaker over any range of utterances; tallies
//!    merge with `+=`.
//! 3. [`SpeakerScore`] and [`GroupScore`]: judgements derived from tallies.
//!
//! Every formula, threshold and default is in `docs/metrics.md`.

mod facts;
mod flow;
mod group;
mod moments;
mod pattern;
mod shifts;
mod speaker;
mod tally;
mod timeline;

pub use facts::Timing;
pub use flow::{FlowParts, ABRASION_REF, AGILITY_REF, MIN_EVENTS, RESOLUTION_REF};
pub use group::{entropy, gini, GroupFigures, GroupScore, LabelCounts, TalkUnit};
pub use moments::{moments, Moment, MONOLOGUE_SECONDS, MONOLOGUE_WORDS};
pub use pattern::{
    Condition, Pattern, CLEAR_FACTOR, CONFIDENT_UTTERANCES, FLOW_SHARE, HIERARCHY_RATIO,
    HIERARCHY_SHARE, STAGNATION_RATE,
};
pub use shifts::{Shift, ShiftCounts};
pub use speaker::{share_score, SpeakerScore, Style};
pub use tally::Tally;
pub use timeline::{
    Timeline, Window, WindowScore, WindowUnit, DEFAULT_WINDOW_SECONDS, DEFAULT_WINDOW_UTTERANCES,
};

use serde::{Deserialize, Serialize, Serializer};

use crate::classify::Classified;
use crate::transcript::Transcript;

/// Lead acts (positions and challenges) per substantive utterance in real
/// meetings (MRDA gold labels: 0.79): the rate a fair share of leading is
/// measured at.
pub const LEAD_RATE_REF: f64 = 0.8;
/// Follow acts (questions to others, concessions and builds) per
/// substantive utterance in real meetings (MRDA gold labels: 0.19).
pub const FOLLOW_RATE_REF: f64 = 0.2;
/// Position turns taken up by another speaker per substantive utterance in
/// real meetings (MRDA gold labels: 0.10); counted with the lead acts.
pub const UPTAKE_RATE_REF: f64 = 0.1;
/// A ratio to a fair share at or above this is a real share: a speaker with
/// half of what an equal participant in a typical meeting would say leads
/// (or follows). Half, as for the group ([`STAGNATION_RATE`]).
pub const REAL_SHARE: f64 = 0.5;
/// A score at or above this is "high" for styles and patterns: the score of
/// a real share ([`REAL_SHARE`]).
pub const HIGH: f64 = 0.5;
/// Fewer utterances than this and a speaker is not judged.
pub const MIN_UTTERANCES: u64 = 5;
/// A challenge is resolved by a concession or build within this many turns after its own.
pub const RESOLUTION_TURNS: usize = 3;
/// Start-only transcripts: an utterance lasts until the next one starts, but
/// no longer than this many seconds per word (100 words a minute, slow speech).
pub const SECONDS_PER_WORD: f64 = 0.6;
/// How many turns back an overlapping start is looked for.
pub const OVERLAP_TURNS: usize = 4;

/// Everything scoring finds in one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// One entry per speaker, highest leading first.
    pub speakers: Vec<SpeakerScore>,
    /// The group as a whole.
    pub group: GroupScore,
    /// The meeting in windows, each judged like the whole.
    pub timeline: Timeline,
}

/// How to score.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Options {
    /// Timeline window; `None` picks the default (5 minutes where times
    /// exist, else 50 utterances).
    pub window: Option<Window>,
}

/// Scores a classified meeting with the default options. Concessions that
/// go on to advance a position within one utterance are not known here (see
/// [`score_with`]); turn-level concurrent moments are.
pub fn score(transcript: &Transcript, classified: &[Classified]) -> Scores {
    score_with(transcript, classified, &[], &Options::default())
}

/// Scores a classified meeting. `advancing[i]` says that utterance `i`, a
/// concession, goes on to put forward a position of its own ("You're right,
/// and then we should ..."); missing entries count as `false`.
pub fn score_with(
    transcript: &Transcript,
    classified: &[Classified],
    advancing: &[bool],
    options: &Options,
) -> Scores {
    let facts = facts::Facts::of(transcript, classified, advancing);
    let names: Vec<&str> = transcript.speakers.iter().map(String::as_str).collect();
    let (speakers, group) = facts.judge(&names, 0..facts.len());
    let window = options
        .window
        .unwrap_or_else(|| Window::default_for(facts.timing));
    let timeline = Timeline::new(&facts, &names, window);
    Scores {
        speakers,
        group,
        timeline,
    }
}

/// Words as Unicode word segments; annotations such as `{vocalsound}` or
/// `[laughter]` are not speech.
pub fn word_count(text: &str) -> u64 {
    use crate::segment::words::count;
    if !text.is_ascii() {
        return count(&crate::annotation::spoken(text), usize::MAX) as u64;
    }
    // In ASCII a space ends every word, so the words of the stretches
    // between annotations are the words of the text with them replaced by
    // spaces, without building that text.
    let mut words = 0;
    crate::annotation::for_each_stretch(text, |s| words += count(s, usize::MAX));
    words as u64
}

/// Serializes a float rounded to 4 decimals, so outputs are stable and readable.
pub(crate) fn round4<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round(*x))
}

/// As [`round4`], for optional figures (`null` when absent).
pub(crate) fn round4_opt<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => s.serialize_some(&round(*x)),
        None => s.serialize_none(),
    }
}

/// The sum of `xs`, 0 (never −0) when there are none: Rust's float sum
/// starts from −0.0, which prints as "-0".
pub(crate) fn sum(xs: impl IntoIterator<Item = f64>) -> f64 {
    xs.into_iter().fold(0.0, |a, b| a + b)
}

/// Rounds to 4 decimals.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `part / whole`, or `None` when there is nothing to divide.
pub(crate) fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_are_not_words() {
        assert_eq!(
            word_count("yes {vocalsound} we [laughter] go (inaudible)"),
            3
        );
        assert_eq!(word_count("we can't go (the old way)"), 6);
        // "a.{x}b" is two words: the annotation's space splits "a.b".
        assert_eq!(word_count("a.{x}b 1,[y]2"), 4);
        assert_eq!(word_count("{disfmarker}"), 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The stretch-by-stretch count is the count of the spoken text.
        #[test]
        fn stretches_count_like_the_spoken_text(text in "(a|b|1|\\.|,|'| |\\{x\\}|\\[y\\]|\\(cough\\)|\\(b\\)|\\(|\\{|\\]|é){0,14}") {
            let spoken = crate::annotation::spoken(&text);
            let expected = crate::segment::words::count(&spoken, usize::MAX) as u64;
            proptest::prop_assert_eq!(word_count(&text), expected);
        }
    }
}
