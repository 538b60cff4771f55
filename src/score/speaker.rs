//! Per-speaker counts and scores.

use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

use super::{round4, round4_opt, FOLLOW_REF, HIGH, LEAD_REF, MIN_UTTERANCES};
use crate::classify::Label;

/// Counts for one speaker. Merges with `+=`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Utterances said.
    pub utterances: u64,
    /// Words said.
    pub words: u64,
    /// Utterances per class, indexed by [`Label::index`].
    pub labels: [u64; 5],
    /// Positions that build on another speaker's position.
    pub builds: u64,
}

impl AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.utterances += other.utterances;
        self.words += other.words;
        for (a, b) in self.labels.iter_mut().zip(other.labels) {
            *a += b;
        }
        self.builds += other.builds;
    }
}

impl Tally {
    /// Utterances of one class.
    pub fn count(&self, label: Label) -> u64 {
        self.labels[label.index()]
    }

    /// Leading acts: positions and challenges.
    pub fn lead_acts(&self) -> u64 {
        self.count(Label::Position) + self.count(Label::Challenge)
    }

    /// Following acts: questions, concessions and builds.
    pub fn follow_acts(&self) -> u64 {
        self.count(Label::Question) + self.count(Label::Concession) + self.builds
    }
}

/// How a speaker combines leading and following.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Leads and follows: holds positions and stays open.
    ConcurrentLeader,
    /// Leads, rarely follows.
    Directive,
    /// Follows, rarely leads.
    Supporter,
    /// Neither leads nor follows much.
    Quiet,
    /// Said too little to judge.
    InsufficientEvidence,
}

impl Style {
    /// Stable name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::ConcurrentLeader => "concurrent_leader",
            Style::Directive => "directive",
            Style::Supporter => "supporter",
            Style::Quiet => "quiet",
            Style::InsufficientEvidence => "insufficient_evidence",
        }
    }

    /// Words for people.
    pub fn describe(self) -> &'static str {
        match self {
            Style::ConcurrentLeader => "concurrent leader",
            Style::Directive => "directive",
            Style::Supporter => "supporter",
            Style::Quiet => "quiet",
            Style::InsufficientEvidence => "too little to judge",
        }
    }
}

/// One speaker's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerScore {
    /// Speaker id: order of first appearance, from 0.
    pub id: usize,
    /// Name as in the transcript.
    pub name: String,
    /// Utterances said.
    pub utterances: u64,
    /// Words said.
    pub words: u64,
    /// Share of all words in the meeting, 0–1.
    #[serde(serialize_with = "round4")]
    pub talk_share: f64,
    /// Positions put forward.
    pub positions: u64,
    /// Questions asked.
    pub questions: u64,
    /// Concessions made.
    pub concessions: u64,
    /// Challenges raised.
    pub challenges: u64,
    /// Other utterances (backchannels, fillers, procedure).
    pub other: u64,
    /// Positions that build on another speaker's position.
    pub builds: u64,
    /// Leading score 0–1; `null` when there is too little evidence.
    #[serde(serialize_with = "round4_opt")]
    pub leading: Option<f64>,
    /// Following score 0–1; `null` when there is too little evidence.
    #[serde(serialize_with = "round4_opt")]
    pub following: Option<f64>,
    /// Both at once: geometric mean of leading and following.
    #[serde(serialize_with = "round4_opt")]
    pub concurrency: Option<f64>,
    /// The style the scores add up to.
    pub style: Style,
}

impl SpeakerScore {
    /// Scores a speaker's tally; `total_words` is the meeting's.
    pub fn new(id: usize, name: &str, t: &Tally, total_words: u64) -> Self {
        let judged = t.utterances >= MIN_UTTERANCES;
        let n = t.utterances.max(1) as f64;
        let leading = judged.then(|| (t.lead_acts() as f64 / n / LEAD_REF).min(1.0));
        let following = judged.then(|| (t.follow_acts() as f64 / n / FOLLOW_REF).min(1.0));
        let concurrency = leading.zip(following).map(|(l, f)| (l * f).sqrt());
        let style = match (leading, following) {
            (Some(l), Some(f)) if l >= HIGH && f >= HIGH => Style::ConcurrentLeader,
            (Some(l), Some(_)) if l >= HIGH => Style::Directive,
            (Some(_), Some(f)) if f >= HIGH => Style::Supporter,
            (Some(_), Some(_)) => Style::Quiet,
            _ => Style::InsufficientEvidence,
        };
        SpeakerScore {
            id,
            name: name.to_string(),
            utterances: t.utterances,
            words: t.words,
            talk_share: if total_words == 0 {
                0.0
            } else {
                t.words as f64 / total_words as f64
            },
            positions: t.count(Label::Position),
            questions: t.count(Label::Question),
            concessions: t.count(Label::Concession),
            challenges: t.count(Label::Challenge),
            other: t.count(Label::Other),
            builds: t.builds,
            leading,
            following,
            concurrency,
            style,
        }
    }

    /// Leads (score at or above [`HIGH`]).
    pub fn leads(&self) -> bool {
        self.leading.is_some_and(|l| l >= HIGH)
    }

    /// Follows (score at or above [`HIGH`]).
    pub fn follows(&self) -> bool {
        self.following.is_some_and(|f| f >= HIGH)
    }
}
