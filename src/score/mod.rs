//! Scoring: per-speaker leading and following, and the group's pattern.
//!
//! Counting ([`Tally`]) is separate from judging ([`SpeakerScore`],
//! [`GroupScore`]) so tallies from parts of a meeting, or from many
//! meetings, can be merged with `+=` before scores are derived. Every
//! formula and threshold is in `docs/metrics.md`.

mod group;
mod speaker;

pub use group::{gini, GroupFigures, GroupScore, LabelCounts, Pattern};
pub use speaker::{SpeakerScore, Style, Tally};

use serde::Serializer;

use crate::classify::{Classified, Context, Label};
use crate::transcript::Transcript;

/// Leading: share of a speaker's utterances that lead at which the score saturates.
pub const LEAD_REF: f64 = 0.4;
/// Following: share of a speaker's utterances that follow at which the score saturates.
pub const FOLLOW_REF: f64 = 0.2;
/// A score at or above this is "high" for styles and patterns.
pub const HIGH: f64 = 0.5;
/// Fewer utterances than this and a speaker is not judged.
pub const MIN_UTTERANCES: u64 = 5;

/// Per-speaker scores (sorted by leading, highest first) and group figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Scores {
    /// One entry per speaker.
    pub speakers: Vec<SpeakerScore>,
    /// The group as a whole.
    pub group: GroupScore,
}

/// Tallies every speaker's utterances and derives the scores.
pub fn score(transcript: &Transcript, classified: &[Classified]) -> Scores {
    let tallies = tally(transcript, classified);
    let total_words: u64 = tallies.iter().map(|t| t.words).sum();
    let mut speakers: Vec<SpeakerScore> = tallies
        .iter()
        .enumerate()
        .map(|(id, t)| SpeakerScore::new(id, transcript.speaker_name(id), t, total_words))
        .collect();
    let group = GroupScore::new(&speakers, &tallies);
    speakers.sort_by(|a, b| {
        b.leading
            .unwrap_or(-1.0)
            .total_cmp(&a.leading.unwrap_or(-1.0))
            .then(b.talk_share.total_cmp(&a.talk_share))
            .then(a.id.cmp(&b.id))
    });
    Scores { speakers, group }
}

/// One [`Tally`] per speaker id.
pub fn tally(transcript: &Transcript, classified: &[Classified]) -> Vec<Tally> {
    let mut tallies = vec![Tally::default(); transcript.speakers.len()];
    let labels: Vec<Label> = classified.iter().map(|c| c.label).collect();
    for (i, (u, c)) in transcript.utterances.iter().zip(classified).enumerate() {
        let Some(t) = tallies.get_mut(u.speaker) else {
            continue;
        };
        t.utterances += 1;
        t.words += word_count(&u.text);
        t.labels[c.label.index()] += 1;
        if is_build(transcript, &labels, i, c) {
            t.builds += 1;
        }
    }
    tallies
}

/// A build: a position that opens with a building cue ("also", "and then",
/// "yes, and") right after someone else's position.
fn is_build(transcript: &Transcript, labels: &[Label], i: usize, c: &Classified) -> bool {
    c.label == Label::Position
        && c.evidence.decided_by.rule == "position.build"
        && Context::of(&transcript.utterances, &labels[..i], i)
            .responds_to
            .is_some_and(|r| r.label == Label::Position)
}

/// Words as Unicode word segments; annotations such as `{vocalsound}` or
/// `[laughter]` are not speech.
pub fn word_count(text: &str) -> u64 {
    use unicode_segmentation::UnicodeSegmentation;
    crate::annotation::spoken(text).unicode_words().count() as u64
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

/// Rounds to 4 decimals.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
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
    }
}
