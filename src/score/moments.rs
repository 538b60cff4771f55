//! Moments that matter: the places in a meeting a reader should look at
//! first. A challenge answered by a concession (or by an idea that builds on
//! it) is creative resolution happening; a long monologue is leading with
//! nobody following. Reports mark them on the timeline.

use super::facts::{turns, Facts, Timing};
use crate::classify::{Classified, Label};
use crate::transcript::{SpeakerId, Transcript};

/// A floor held for at least this many words is a long monologue (about a
/// minute of speech at 150 words a minute).
pub const MONOLOGUE_WORDS: u64 = 150;
/// Where times exist, a floor held for at least this many seconds is a long
/// monologue, however few the words.
pub const MONOLOGUE_SECONDS: f64 = 60.0;

/// One moment, with the utterances it spans.
#[derive(Debug, Clone, PartialEq)]
pub enum Moment {
    /// A challenge followed within [`RESOLUTION_TURNS`](super::RESOLUTION_TURNS)
    /// turns by a concession or a build: the same rule as the resolution
    /// figure, so these are exactly the challenges it counts as resolved.
    Resolved {
        /// Index of the challenge.
        challenge: usize,
        /// Index of the concession or build that resolved it.
        by: usize,
        /// `true` for a concession, `false` for a build.
        conceded: bool,
    },
    /// One speaker holds the floor while the others at most backchannel
    /// ("okay", "mm-hmm": turns of `other` utterances only), for at least
    /// [`MONOLOGUE_WORDS`] words or, where times exist,
    /// [`MONOLOGUE_SECONDS`] seconds.
    Monologue {
        /// Who holds the floor.
        speaker: SpeakerId,
        /// Index of their first utterance.
        first: usize,
        /// Index of their last utterance before someone else says something.
        last: usize,
        /// Their words in it.
        words: u64,
        /// From their first start to their last end, where times exist.
        seconds: Option<f64>,
        /// Turns of others inside it (backchannels).
        backchannels: u64,
    },
}

impl Moment {
    /// Index of the first utterance the moment spans.
    pub fn first(&self) -> usize {
        match *self {
            Moment::Resolved { challenge, .. } => challenge,
            Moment::Monologue { first, .. } => first,
        }
    }

    /// Index of the last utterance the moment spans.
    pub fn last(&self) -> usize {
        match *self {
            Moment::Resolved { by, .. } => by,
            Moment::Monologue { last, .. } => last,
        }
    }
}

/// The moments of a classified meeting, in meeting order (by first utterance;
/// a monologue before a resolution that starts at the same utterance).
pub fn moments(transcript: &Transcript, classified: &[Classified]) -> Vec<Moment> {
    let facts = Facts::of(transcript, classified, &[]);
    let mut out: Vec<Moment> = facts
        .facts
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let by = f.resolved_by?;
            Some(Moment::Resolved {
                challenge: i,
                by,
                conceded: facts.facts[by].label == Label::Concession,
            })
        })
        .collect();
    out.extend(monologues(&facts));
    out.sort_by_key(|m| (m.first(), matches!(m, Moment::Resolved { .. })));
    out
}

/// Floors held long enough to be long monologues.
fn monologues(facts: &Facts) -> Vec<Moment> {
    let f = &facts.facts;
    let timed = facts.timing != Timing::None;
    let mut out = Vec::new();
    let mut run: Option<Moment> = None;
    for turn in turns(f.iter().map(|x| x.speaker)) {
        let speaker = f[turn.start].speaker;
        let words: u64 = f[turn.clone()].iter().map(|x| x.words).sum();
        let span = span(&f[turn.clone()]);
        match &mut run {
            Some(Moment::Monologue {
                speaker: holder,
                first,
                last,
                words: w,
                seconds,
                ..
            }) if *holder == speaker => {
                *last = turn.end - 1;
                *w += words;
                if let (Some(s), Some((_, end))) = (seconds.as_mut(), span) {
                    let start = f[*first].at.unwrap_or(end);
                    *s = s.max(end - start);
                }
            }
            Some(Moment::Monologue { backchannels, .. })
                if f[turn.clone()].iter().all(|x| x.label == Label::Other) =>
            {
                *backchannels += 1;
            }
            _ => {
                out.extend(run.take().filter(is_long));
                run = Some(Moment::Monologue {
                    speaker,
                    first: turn.start,
                    last: turn.end - 1,
                    words,
                    seconds: span.filter(|_| timed).map(|(s, e)| e - s),
                    backchannels: 0,
                });
            }
        }
    }
    out.extend(run.filter(is_long));
    out
}

/// (first start, last end) of a stretch of facts, where times exist.
fn span(facts: &[super::facts::Fact]) -> Option<(f64, f64)> {
    let start = facts.iter().filter_map(|x| x.at).reduce(f64::min)?;
    let end = facts
        .iter()
        .filter_map(|x| x.at.map(|a| a + x.seconds))
        .reduce(f64::max)?;
    Some((start, end.max(start)))
}

fn is_long(m: &Moment) -> bool {
    match m {
        Moment::Monologue { words, seconds, .. } => {
            *words >= MONOLOGUE_WORDS || seconds.is_some_and(|s| s >= MONOLOGUE_SECONDS)
        }
        Moment::Resolved { .. } => false,
    }
}
