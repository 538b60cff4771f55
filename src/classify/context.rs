//! What the classifier knows about an utterance's surroundings.
//!
//! The class of short reactions depends on context: "yeah" accepting a
//! proposal is a concession, "yeah" said while the other speaker keeps going
//! is a backchannel; "no" answering a question is an answer, "no" to a
//! proposal is a challenge. A challenge or concession needs someone else's
//! point to answer.

use crate::classify::Label;
use crate::transcript::{SpeakerId, Utterance};

/// How far back to look for the point an utterance responds to. Backchannels
/// and fillers in between do not count, so this spans a few exchanges.
pub const LOOKBACK: usize = 6;

/// How far around to look for talk that overlaps in time.
const OVERLAP_WINDOW: usize = 4;

/// The surroundings of one utterance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// The most recent substantive utterance (not `other`) within
    /// [`LOOKBACK`], when it was said by someone else: the point this one may
    /// answer. `None` when the speaker is carrying on their own line.
    pub responds_to: Option<Responded>,
    /// The question this utterance answers: the point responded to when it
    /// is a question, or the question a short reply just before answered
    /// ("Any questions?" / "No." / "No, all clear.": both reply to it).
    pub question: Option<Responded>,
    /// The utterance overlaps another speaker's talk in time.
    pub overlaps_other: bool,
    /// The speaker just before is also the speaker just after: they kept going.
    pub other_keeps_going: bool,
}

/// The utterance being responded to.
#[derive(Debug, Clone, PartialEq)]
pub struct Responded {
    /// Its index in the transcript.
    pub index: usize,
    /// Who said it.
    pub speaker: SpeakerId,
    /// Its label.
    pub label: Label,
}

impl Context {
    /// Context of `utterances[i]`, given the labels of everything before it.
    pub fn of(utterances: &[Utterance], labels: &[Label], i: usize) -> Context {
        let Some(this) = utterances.get(i) else {
            return Context::default();
        };
        let responds_to = substantive_before(labels, i)
            .filter(|&j| utterances[j].speaker != this.speaker)
            .map(|j| Responded {
                index: j,
                speaker: utterances[j].speaker,
                label: labels[j],
            });
        let question = responds_to.as_ref().and_then(|r| match r.label {
            Label::Question => Some(r.clone()),
            Label::Position if is_short(&utterances[r.index].text) => {
                substantive_before(labels, r.index)
                    .filter(|&q| labels[q] == Label::Question)
                    .filter(|&q| {
                        utterances[q].speaker != this.speaker && utterances[q].speaker != r.speaker
                    })
                    .map(|q| Responded {
                        index: q,
                        speaker: utterances[q].speaker,
                        label: Label::Question,
                    })
            }
            _ => None,
        });
        let before = i.checked_sub(1).and_then(|j| utterances.get(j));
        let after = utterances.get(i + 1);
        let other_keeps_going = matches!(
            (before, after),
            (Some(b), Some(a)) if b.speaker == a.speaker && b.speaker != this.speaker
        );
        Context {
            responds_to,
            question,
            overlaps_other: overlaps_other(utterances, i),
            other_keeps_going,
        }
    }

    /// Whether the utterance answers someone else's question.
    pub fn answers_question(&self) -> bool {
        self.question.is_some()
    }
}

/// A reply of a few words ("No.", "Yes, Friday.") that leaves a question open to others.
const SHORT_REPLY_WORDS: usize = 3;

fn is_short(text: &str) -> bool {
    crate::segment::words::count(text, SHORT_REPLY_WORDS + 1) <= SHORT_REPLY_WORDS
}

/// The last substantive utterance before `j`, within [`LOOKBACK`].
fn substantive_before(labels: &[Label], j: usize) -> Option<usize> {
    (j.saturating_sub(LOOKBACK)..j)
        .rev()
        .find(|&k| labels.get(k).is_some_and(|&l| l != Label::Other))
}

/// Whether utterance `i` overlaps in time with a nearby utterance of another
/// speaker. Transcripts without end times never overlap.
fn overlaps_other(utterances: &[Utterance], i: usize) -> bool {
    let this = &utterances[i];
    let (Some(start), Some(end)) = (this.start, this.end) else {
        return false;
    };
    let from = i.saturating_sub(OVERLAP_WINDOW);
    let to = (i + OVERLAP_WINDOW + 1).min(utterances.len());
    utterances[from..to].iter().any(|o| {
        o.speaker != this.speaker
            && matches!((o.start, o.end), (Some(s), Some(e)) if s < end && start < e)
    })
}
