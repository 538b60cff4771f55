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
        let responds_to = (i.saturating_sub(LOOKBACK)..i)
            .rev()
            .find(|&j| labels.get(j).is_some_and(|&l| l != Label::Other))
            .filter(|&j| utterances[j].speaker != this.speaker)
            .map(|j| Responded {
                index: j,
                speaker: utterances[j].speaker,
                label: labels[j],
            });
        let before = i.checked_sub(1).and_then(|j| utterances.get(j));
        let after = utterances.get(i + 1);
        let other_keeps_going = matches!(
            (before, after),
            (Some(b), Some(a)) if b.speaker == a.speaker && b.speaker != this.speaker
        );
        Context {
            responds_to,
            overlaps_other: overlaps_other(utterances, i),
            other_keeps_going,
        }
    }

    /// Whether the utterance answers someone else's `label`.
    pub fn answers(&self, label: Label) -> bool {
        self.responds_to.as_ref().is_some_and(|r| r.label == label)
    }
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
