//! Per-speaker counts over any stretch of a meeting. Tallies merge with
//! `+=`, so windows, whole meetings and archives of meetings add up the same
//! way (the longest monologue merges as a maximum).

use std::ops::AddAssign;

use super::facts::{Fact, Timing};
use super::shifts::ShiftCounts;
use crate::classify::Label;

/// Counts for one speaker. Merges with `+=`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Utterances said.
    pub utterances: u64,
    /// Words said.
    pub words: u64,
    /// Talk time in seconds (0 when the transcript has no times).
    pub talk_seconds: f64,
    /// Utterances per class, indexed by [`Label::index`].
    pub labels: [u64; 5],
    /// Positions that build on another speaker's position.
    pub builds: u64,
    /// Questions that respond to another speaker's point.
    pub questions_to_others: u64,
    /// Turns taken.
    pub turns: u64,
    /// Words of the longest turn.
    pub longest_turn_words: u64,
    /// Seconds of the longest turn (0 without times).
    pub longest_turn_seconds: f64,
    /// Turns with at least one position.
    pub position_turns: u64,
    /// Position turns another speaker conceded to, built on or asked about.
    pub taken_up: u64,
    /// Sum over taken-up turns of the utterances until the first uptake.
    pub uptake_delay: u64,
    /// Questions another speaker answered.
    pub questions_answered: u64,
    /// Sum over answered questions of the utterances until the first answer.
    pub answer_delay: u64,
    /// Substantive utterances of others that respond to this speaker.
    pub responses_received: u64,
    /// Positions put against another speaker's position.
    pub competing_positions: u64,
    /// Challenges followed within a few turns by a concession or build.
    pub challenges_resolved: u64,
    /// Turns that both concede and advance, or advance and hand over with a question.
    pub concurrent_moments: u64,
    /// Turns started while another speaker's turn was under way.
    pub overlaps: u64,
    /// Overlapping turns after which the other speaker stopped first.
    pub interruptions: u64,
    /// Participation shifts into this speaker's turns.
    pub shifts: ShiftCounts,
}

impl AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.utterances += o.utterances;
        self.words += o.words;
        self.talk_seconds += o.talk_seconds;
        for (a, b) in self.labels.iter_mut().zip(o.labels) {
            *a += b;
        }
        self.builds += o.builds;
        self.questions_to_others += o.questions_to_others;
        self.turns += o.turns;
        self.longest_turn_words = self.longest_turn_words.max(o.longest_turn_words);
        self.longest_turn_seconds = self.longest_turn_seconds.max(o.longest_turn_seconds);
        self.position_turns += o.position_turns;
        self.taken_up += o.taken_up;
        self.uptake_delay += o.uptake_delay;
        self.questions_answered += o.questions_answered;
        self.answer_delay += o.answer_delay;
        self.responses_received += o.responses_received;
        self.competing_positions += o.competing_positions;
        self.challenges_resolved += o.challenges_resolved;
        self.concurrent_moments += o.concurrent_moments;
        self.overlaps += o.overlaps;
        self.interruptions += o.interruptions;
        self.shifts += o.shifts;
    }
}

impl Tally {
    /// Adds one utterance's contribution.
    pub(crate) fn add(&mut self, f: &Fact) {
        let b = |x: bool| u64::from(x);
        self.utterances += 1;
        self.words += f.words;
        self.talk_seconds += f.seconds;
        self.labels[f.label.index()] += 1;
        self.builds += b(f.build);
        self.questions_to_others += b(f.to_other);
        if f.turn_start {
            self.turns += 1;
            self.longest_turn_words = self.longest_turn_words.max(f.turn_words);
            self.longest_turn_seconds = self.longest_turn_seconds.max(f.turn_seconds);
            self.concurrent_moments += b(f.moment);
            self.overlaps += b(f.overlap);
            self.interruptions += b(f.interruption);
            if let Some(s) = f.shift {
                self.shifts.add(s);
            }
        }
        self.position_turns += b(f.position_turn);
        if f.taken_up {
            self.taken_up += 1;
            self.uptake_delay += f.uptake_delay;
        }
        if f.answered {
            self.questions_answered += 1;
            self.answer_delay += f.answer_delay;
        }
        self.responses_received += f.responses;
        self.competing_positions += b(f.competing);
        self.challenges_resolved += b(f.resolved);
    }

    /// Utterances of one class.
    pub fn count(&self, label: Label) -> u64 {
        self.labels[label.index()]
    }

    /// Utterances that are not `other`.
    pub fn substantive(&self) -> u64 {
        self.utterances - self.count(Label::Other)
    }

    /// Leading acts: positions and challenges.
    pub fn lead_acts(&self) -> u64 {
        self.count(Label::Position) + self.count(Label::Challenge)
    }

    /// Following acts: questions to others, concessions and builds.
    pub fn follow_acts(&self) -> u64 {
        self.questions_to_others + self.count(Label::Concession) + self.builds
    }

    /// Talk in the meeting's unit: seconds where times exist, else words.
    pub fn talk(&self, timing: Timing) -> f64 {
        match timing {
            Timing::None => self.words as f64,
            _ => self.talk_seconds,
        }
    }
}
