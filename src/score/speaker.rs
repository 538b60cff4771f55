//! One speaker's figures: leading, following, concurrency, style, and the
//! conversation figures meeting tools show.

use serde::{Deserialize, Serialize};

use super::facts::Timing;
use super::{
    ratio, round4, round4_opt, Tally, FOLLOW_RATE_REF, HIGH, LEAD_RATE_REF, MIN_UTTERANCES,
    REAL_SHARE, UPTAKE_RATE_REF,
};
use crate::classify::Label;

/// How a speaker combines leading and following.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Leads and follows a real share: holds positions and stays open.
    ConcurrentLeader,
    /// Leads a real share, follows less.
    Directive,
    /// Follows a real share, leads less.
    Supporter,
    /// Less than a real share of either.
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
    /// Leading (conviction) 0–1: `lead_ratio / (lead_ratio + 0.5)`, so 0.5
    /// is half a fair share (a real share) and ⅔ a fair share; `null` below
    /// the evidence floor.
    #[serde(serialize_with = "round4_opt")]
    pub leading: Option<f64>,
    /// Following (curiosity) 0–1: `follow_ratio / (follow_ratio + 0.5)`;
    /// `null` below the evidence floor.
    #[serde(serialize_with = "round4_opt")]
    pub following: Option<f64>,
    /// Lead acts and taken-up position turns against what a fair share of
    /// the stretch's substantive utterances holds at the reference rates (1
    /// = a fair share); `null` below the evidence floor.
    #[serde(serialize_with = "round4_opt")]
    pub lead_ratio: Option<f64>,
    /// Follow acts against a fair share at the reference rate (1 = a fair
    /// share); `null` below the evidence floor.
    #[serde(serialize_with = "round4_opt")]
    pub follow_ratio: Option<f64>,
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
    /// Questions that respond to another speaker's point (the ones that
    /// count as following).
    pub questions_to_others: u64,
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
    /// Questions to others, concessions and builds.
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
    /// unit `timing` implies (seconds where times exist, else words);
    /// `fair_share` is the stretch's substantive utterances per speaker who
    /// said anything: what an equal participant would contribute.
    pub fn new(
        id: usize,
        name: &str,
        t: &Tally,
        total_talk: f64,
        timing: Timing,
        fair_share: f64,
    ) -> Self {
        Self::of(
            &Standing::of(id, name, t, total_talk, timing, fair_share),
            t,
            timing,
        )
    }

    /// The full figures of a speaker whose standing is judged already.
    pub(crate) fn of(s: &Standing<'_>, t: &Tally, timing: Timing) -> Self {
        let (leading, following) = (s.leading, s.following);
        let concurrency = leading.zip(following).map(|(l, f)| (l * f).sqrt());
        let style = match (leading, following) {
            (Some(l), Some(f)) if high(l) && high(f) => Style::ConcurrentLeader,
            (Some(l), Some(_)) if high(l) => Style::Directive,
            (Some(_), Some(f)) if high(f) => Style::Supporter,
            (Some(_), Some(_)) => Style::Quiet,
            _ => Style::InsufficientEvidence,
        };
        let timed = timing != Timing::None;
        let full = timing == Timing::Full;
        SpeakerScore {
            id: s.id,
            name: s.name.to_string(),
            style,
            leading,
            following,
            lead_ratio: s.lead_ratio,
            follow_ratio: s.follow_ratio,
            concurrency,
            uptake: ratio(t.taken_up, t.position_turns),
            concurrent_moments: t.concurrent_moments,
            utterances: t.utterances,
            turns: t.turns,
            words: t.words,
            talk_seconds: timed.then_some(t.talk_seconds),
            talk_share: s.talk_share,
            longest_monologue_words: t.longest_turn_words,
            longest_monologue_seconds: timed.then_some(t.longest_turn_seconds),
            positions: t.count(Label::Position),
            questions: t.count(Label::Question),
            questions_to_others: t.questions_to_others,
            concessions: t.count(Label::Concession),
            challenges: t.count(Label::Challenge),
            other: t.count(Label::Other),
            builds: t.builds,
            lead_acts: s.lead_acts,
            follow_acts: s.follow_acts,
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

    /// Leads (score at or above [`HIGH`]), as its [`Standing`] judges.
    pub fn leads(&self) -> bool {
        Standing::from(self).leads()
    }

    /// Follows (score at or above [`HIGH`]), as its [`Standing`] judges.
    pub fn follows(&self) -> bool {
        Standing::from(self).follows()
    }

    /// Judged: at or above the evidence floor, as its [`Standing`] judges.
    pub fn judged(&self) -> bool {
        Standing::from(self).judged()
    }
}

/// What the group's figures and pattern read of a speaker: leading,
/// following and the acts behind them, without the rest of the counts or an
/// owned name. Cheap enough to make for every speaker of every timeline
/// window; [`SpeakerScore`] adds the counts for the reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Standing<'a> {
    pub id: usize,
    pub name: &'a str,
    pub leading: Option<f64>,
    pub following: Option<f64>,
    pub lead_ratio: Option<f64>,
    pub follow_ratio: Option<f64>,
    pub talk_share: f64,
    pub lead_acts: u64,
    pub follow_acts: u64,
}

impl<'a> Standing<'a> {
    /// Judges a speaker's tally; the arguments are as for [`SpeakerScore::new`].
    pub fn of(
        id: usize,
        name: &'a str,
        t: &Tally,
        total_talk: f64,
        timing: Timing,
        fair_share: f64,
    ) -> Self {
        let judged = t.utterances >= MIN_UTTERANCES;
        // What a typical participant would do: the reference rate over the
        // speaker's own substantive utterances, but never fewer than a fair
        // share of the stretch's, so that a few remarks cannot score high.
        let base = (t.substantive() as f64).max(fair_share);
        let against = |count: u64, rate: f64| {
            let expected = base * rate;
            if expected > 0.0 {
                count as f64 / expected
            } else {
                0.0
            }
        };
        let lead_ratio =
            judged.then(|| against(t.lead_acts() + t.taken_up, LEAD_RATE_REF + UPTAKE_RATE_REF));
        let follow_ratio = judged.then(|| against(t.follow_acts(), FOLLOW_RATE_REF));
        Standing {
            id,
            name,
            leading: lead_ratio.map(share_score),
            following: follow_ratio.map(share_score),
            lead_ratio,
            follow_ratio,
            talk_share: if total_talk > 0.0 {
                t.talk(timing) / total_talk
            } else {
                0.0
            },
            lead_acts: t.lead_acts(),
            follow_acts: t.follow_acts(),
        }
    }

    /// Leads (score at or above [`HIGH`]).
    pub fn leads(&self) -> bool {
        self.leading.is_some_and(high)
    }

    /// Follows (score at or above [`HIGH`]).
    pub fn follows(&self) -> bool {
        self.following.is_some_and(high)
    }

    /// Judged: at or above the evidence floor.
    pub fn judged(&self) -> bool {
        self.leading.is_some()
    }
}

impl<'a> From<&'a SpeakerScore> for Standing<'a> {
    fn from(s: &'a SpeakerScore) -> Self {
        Standing {
            id: s.id,
            name: &s.name,
            leading: s.leading,
            following: s.following,
            lead_ratio: s.lead_ratio,
            follow_ratio: s.follow_ratio,
            talk_share: s.talk_share,
            lead_acts: s.lead_acts,
            follow_acts: s.follow_acts,
        }
    }
}

/// At or above [`HIGH`], within rounding: exactly a real share is high
/// however the division rounds.
fn high(score: f64) -> bool {
    score >= HIGH - 1e-9
}

/// A ratio to a fair share (0 to ∞) as a score from 0 to 1:
/// `r / (r + REAL_SHARE)`. A real share (half a fair share) scores 0.5, a
/// fair share ⅔, twice a fair share 0.8; the score never saturates, so
/// larger shares still rank higher.
pub fn share_score(ratio: f64) -> f64 {
    let r = ratio.max(0.0);
    r / (r + REAL_SHARE)
}
