//! One speaker's figures: leading, following, concurrency, style, and the
//! conversation figures meeting tools show.

use serde::{Deserialize, Serialize};

use super::facts::Timing;
use super::{
    ratio, round4, round4_opt, Tally, FOLLOW_REF, HIGH, LEAD_REF, MIN_UTTERANCES, UPTAKE_REF,
    UPTAKE_WEIGHT,
};
use crate::classify::Label;

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

/// One speaker's figures. Field names are stable: they are the JSON keys and
/// the CSV columns (`docs/output.md`); formulas are in `docs/metrics.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerScore {
    /// Speaker id: order in the transcript's speaker table, from 0.
    pub id: usize,
    /// Name as in the transcript.
    pub name: String,
    /// The style the scores add up to.
    pub style: Style,
    /// Leading (conviction) 0–1: lead acts per utterance and uptake;
    /// `null` below the evidence floor.
    #[serde(serialize_with = "round4_opt")]
    pub leading: Option<f64>,
    /// Following (curiosity) 0–1: questions, concessions and builds per
    /// utterance; `null` below the evidence floor.
    #[serde(serialize_with = "round4_opt")]
    pub following: Option<f64>,
    /// Both at once: geometric mean of leading and following.
    #[serde(serialize_with = "round4_opt")]
    pub concurrency: Option<f64>,
    /// Share of the speaker's position turns that others took up; `null`
    /// when they put forward no position.
    #[serde(serialize_with = "round4_opt")]
    pub uptake: Option<f64>,
    /// Turns that both concede and advance, or advance and hand over with a question.
    pub concurrent_moments: u64,
    /// Utterances said.
    pub utterances: u64,
    /// Turns taken.
    pub turns: u64,
    /// Words said.
    pub words: u64,
    /// Talk time in seconds; `null` without times.
    #[serde(serialize_with = "round4_opt")]
    pub talk_seconds: Option<f64>,
    /// Share of the meeting's talk (seconds where times exist, else words), 0–1.
    #[serde(serialize_with = "round4")]
    pub talk_share: f64,
    /// Words of the longest turn.
    pub longest_monologue_words: u64,
    /// Seconds of the longest turn; `null` without times.
    #[serde(serialize_with = "round4_opt")]
    pub longest_monologue_seconds: Option<f64>,
    /// Positions put forward (builds included).
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
    /// Positions and challenges.
    pub lead_acts: u64,
    /// Questions, concessions and builds.
    pub follow_acts: u64,
    /// Turns with at least one position.
    pub position_turns: u64,
    /// Position turns another speaker conceded to, built on or asked about.
    pub taken_up: u64,
    /// Questions of theirs another speaker answered.
    pub questions_answered: u64,
    /// Substantive utterances of others that respond to this speaker.
    pub responses_received: u64,
    /// Positions put against another speaker's position.
    pub competing_positions: u64,
    /// Challenges of theirs followed within a few turns by a concession or build.
    pub challenges_resolved: u64,
    /// Turns started while another speaker's turn was under way; `null`
    /// without start and end times.
    pub overlaps: Option<u64>,
    /// Overlapping turns after which the other speaker stopped first;
    /// `null` without start and end times.
    pub interruptions: Option<u64>,
}

impl SpeakerScore {
    /// Scores a speaker's tally; `total_talk` is the meeting's talk in the
    /// unit `timing` implies (seconds where times exist, else words).
    pub fn new(id: usize, name: &str, t: &Tally, total_talk: f64, timing: Timing) -> Self {
        let judged = t.utterances >= MIN_UTTERANCES;
        let n = t.utterances.max(1) as f64;
        let uptake = ratio(t.taken_up, t.position_turns);
        let leading = judged.then(|| {
            let acts = (t.lead_acts() as f64 / n / LEAD_REF).min(1.0);
            let taken = (uptake.unwrap_or(0.0) / UPTAKE_REF).min(1.0);
            (1.0 - UPTAKE_WEIGHT) * acts + UPTAKE_WEIGHT * taken
        });
        let following = judged.then(|| (t.follow_acts() as f64 / n / FOLLOW_REF).min(1.0));
        let concurrency = leading.zip(following).map(|(l, f)| (l * f).sqrt());
        let style = match (leading, following) {
            (Some(l), Some(f)) if l >= HIGH && f >= HIGH => Style::ConcurrentLeader,
            (Some(l), Some(_)) if l >= HIGH => Style::Directive,
            (Some(_), Some(f)) if f >= HIGH => Style::Supporter,
            (Some(_), Some(_)) => Style::Quiet,
            _ => Style::InsufficientEvidence,
        };
        let timed = timing != Timing::None;
        let full = timing == Timing::Full;
        SpeakerScore {
            id,
            name: name.to_string(),
            style,
            leading,
            following,
            concurrency,
            uptake,
            concurrent_moments: t.concurrent_moments,
            utterances: t.utterances,
            turns: t.turns,
            words: t.words,
            talk_seconds: timed.then_some(t.talk_seconds),
            talk_share: if total_talk > 0.0 {
                t.talk(timing) / total_talk
            } else {
                0.0
            },
            longest_monologue_words: t.longest_turn_words,
            longest_monologue_seconds: timed.then_some(t.longest_turn_seconds),
            positions: t.count(Label::Position),
            questions: t.count(Label::Question),
            concessions: t.count(Label::Concession),
            challenges: t.count(Label::Challenge),
            other: t.count(Label::Other),
            builds: t.builds,
            lead_acts: t.lead_acts(),
            follow_acts: t.follow_acts(),
            position_turns: t.position_turns,
            taken_up: t.taken_up,
            questions_answered: t.questions_answered,
            responses_received: t.responses_received,
            competing_positions: t.competing_positions,
            challenges_resolved: t.challenges_resolved,
            overlaps: full.then_some(t.overlaps),
            interruptions: full.then_some(t.interruptions),
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

    /// Judged: at or above the evidence floor.
    pub fn judged(&self) -> bool {
        self.leading.is_some()
    }
}
