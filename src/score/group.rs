//! The group: its figures, pattern and flow score.

use serde::{Deserialize, Serialize};

use super::facts::Timing;
use super::flow::{FlowParts, MIN_EVENTS};
use super::pattern::{decide, Condition, Pattern};
use super::shifts::ShiftCounts;
use super::speaker::Standing;
use super::{ratio, round4, round4_opt, SpeakerScore, Tally};
use crate::classify::Label;

/// Utterances per class, with stable field names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelCounts {
    pub position: u64,
    pub question: u64,
    pub concession: u64,
    pub challenge: u64,
    pub other: u64,
}

impl From<[u64; 5]> for LabelCounts {
    fn from(c: [u64; 5]) -> Self {
        let at = |l: Label| c[l.index()];
        LabelCounts {
            position: at(Label::Position),
            question: at(Label::Question),
            concession: at(Label::Concession),
            challenge: at(Label::Challenge),
            other: at(Label::Other),
        }
    }
}

/// What talk is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TalkUnit {
    /// Seconds: the transcript has times.
    Seconds,
    /// Words: it has none.
    Words,
}

/// The group's figures. Field names are stable: they are JSON keys and the
/// names `--fail-if` style filters use (`docs/output.md`); formulas are in
/// `docs/metrics.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFigures {
    /// Utterances.
    pub utterances: u64,
    /// Utterances that are not `other`.
    pub substantive: u64,
    /// Turns (a turn ends when the speaker changes).
    pub turns: u64,
    /// Speakers who said anything.
    pub speakers: usize,
    /// Speakers with enough evidence to be judged.
    pub judged_speakers: usize,
    /// What talk time and talk share are measured in.
    pub talk_unit: TalkUnit,
    /// Seconds from the first start to the last end; `null` without times.
    #[serde(serialize_with = "round4_opt")]
    pub duration_seconds: Option<f64>,
    /// Utterances per class.
    pub counts: LabelCounts,
    /// Positions that build on another speaker's position.
    pub builds: u64,
    /// Questions that respond to another speaker's point.
    pub questions_to_others: u64,
    /// Positions and challenges.
    pub lead_acts: u64,
    /// Questions to others, concessions and builds.
    pub follow_acts: u64,
    /// Lead acts per substantive utterance.
    #[serde(serialize_with = "round4")]
    pub lead_rate: f64,
    /// Follow acts per substantive utterance.
    #[serde(serialize_with = "round4")]
    pub follow_rate: f64,
    /// The speaker with the most lead acts.
    pub top_leader: Option<String>,
    /// Their share of all lead acts.
    #[serde(serialize_with = "round4_opt")]
    pub top_lead_share: Option<f64>,
    /// The next speaker's share of all lead acts.
    #[serde(serialize_with = "round4_opt")]
    pub second_lead_share: Option<f64>,
    /// Judged speakers whose leading is high.
    pub leaders: usize,
    /// Judged speakers whose following is high.
    pub followers: usize,
    /// Judged speakers high on both.
    pub concurrent: usize,
    /// Share of the lead and follow acts made by the judged speakers high
    /// on both; 0 without such acts.
    #[serde(serialize_with = "round4")]
    pub concurrent_share: f64,
    /// Turns that both concede and advance, or advance and hand over with a question.
    pub concurrent_moments: u64,
    /// Positions put against another speaker's position.
    pub competing_positions: u64,
    /// Creative abrasion: challenges and competing positions per 100 utterances.
    #[serde(serialize_with = "round4")]
    pub abrasion: f64,
    /// The same per 10 minutes; `null` without times.
    #[serde(serialize_with = "round4_opt")]
    pub abrasion_per_10min: Option<f64>,
    /// Questions another speaker answered.
    pub questions_answered: u64,
    /// Turns with at least one position.
    pub position_turns: u64,
    /// Position turns another speaker conceded to, built on or asked about.
    pub taken_up: u64,
    /// Creative agility: (questions answered + position turns taken up) /
    /// (questions + position turns); `null` when both are 0.
    #[serde(serialize_with = "round4_opt")]
    pub agility: Option<f64>,
    /// Mean utterances from a question to its answer; `null` when none was answered.
    #[serde(serialize_with = "round4_opt")]
    pub answer_delay: Option<f64>,
    /// Mean utterances from a position to its first uptake; `null` when none was taken up.
    #[serde(serialize_with = "round4_opt")]
    pub uptake_delay: Option<f64>,
    /// Challenges followed within a few turns by a concession or build.
    pub challenges_resolved: u64,
    /// Creative resolution: challenges resolved / challenges; `null` without challenges.
    #[serde(serialize_with = "round4_opt")]
    pub resolution: Option<f64>,
    /// Participation equality: 1 − Gini of talk per speaker.
    #[serde(serialize_with = "round4")]
    pub equality: f64,
    /// Turn-taking entropy of turns per speaker, normalized to 0–1.
    #[serde(serialize_with = "round4")]
    pub turn_entropy: f64,
    /// Turns started while another speaker's turn was under way; `null`
    /// without start and end times.
    pub overlaps: Option<u64>,
    /// Overlaps after which the other speaker stopped first; `null` without
    /// start and end times.
    pub interruptions: Option<u64>,
    /// Gibson's participation shifts.
    pub shifts: ShiftCounts,
    /// Group flow 0–100: 100 × `flow_parts.concurrency` × the mean of the
    /// other parts that exist.
    #[serde(serialize_with = "round4")]
    pub flow_score: f64,
    /// The parts of the flow score.
    pub flow_parts: FlowParts,
}

/// The group verdict with the figures and reasons behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupScore {
    /// The pattern.
    pub pattern: Pattern,
    /// 0.5 (could go either way) to 1 (far from every threshold, with
    /// enough utterances).
    #[serde(serialize_with = "round4")]
    pub confidence: f64,
    /// Why, in sentences that cite the figures.
    pub reasons: Vec<String>,
    /// The decision list's conditions as evaluated, up to the deciding one.
    pub deciding: Vec<Condition>,
    /// The nearest change that would flip the verdict, in words; `null`
    /// when no single change would.
    pub closest_call: Option<String>,
    /// The figures.
    pub figures: GroupFigures,
}

impl GroupScore {
    /// Judges the group. `speakers` are in report order (ties in lead acts
    /// go to the earlier one); `tallies` are by speaker id; `duration` is
    /// the stretch's length in seconds where times exist.
    pub fn new(
        speakers: &[SpeakerScore],
        tallies: &[Tally],
        timing: Timing,
        duration: Option<f64>,
    ) -> Self {
        let standings: Vec<Standing> = speakers.iter().map(Standing::from).collect();
        Self::of(&standings, tallies, timing, duration)
    }

    /// As [`GroupScore::new`], from the speakers' standings.
    pub(crate) fn of(
        speakers: &[Standing<'_>],
        tallies: &[Tally],
        timing: Timing,
        duration: Option<f64>,
    ) -> Self {
        let (figures, judged) = GroupFigures::of(speakers, tallies, timing, duration);
        let d = decide(&figures, &judged);
        GroupScore {
            pattern: d.pattern,
            confidence: d.confidence,
            reasons: d.reasons,
            deciding: d.deciding,
            closest_call: d.closest_call,
            figures,
        }
    }
}

impl GroupFigures {
    /// The group's figures, with its judged speakers in report order (what
    /// the pattern is decided on). Arguments as for [`GroupScore::new`].
    pub(crate) fn of<'s, 'a>(
        speakers: &'s [Standing<'a>],
        tallies: &[Tally],
        timing: Timing,
        duration: Option<f64>,
    ) -> (Self, Vec<&'s Standing<'a>>) {
        let mut total = Tally::default();
        // A tally without utterances is all zeros, and adding zeros to a
        // total that starts at +0 changes no bit: only those who spoke are
        // added (a parliament's table can hold dozens who did not).
        for t in tallies.iter().filter(|t| t.utterances > 0) {
            total += *t;
        }
        let lead_acts = total.lead_acts();
        let mut by_lead: Vec<(u64, &Standing)> =
            speakers.iter().map(|s| (s.lead_acts, s)).collect();
        by_lead.sort_by_key(|x| std::cmp::Reverse(x.0)); // stable: report order breaks ties
        let share = |k: usize| {
            (lead_acts > 0).then(|| {
                by_lead
                    .get(k)
                    .map_or(0.0, |x| x.0 as f64 / lead_acts as f64)
            })
        };
        let judged: Vec<&Standing> = speakers.iter().filter(|s| s.judged()).collect();
        let talk: Vec<f64> = tallies.iter().map(|t| t.talk(timing)).collect();
        let turns: Vec<f64> = tallies.iter().map(|t| t.turns as f64).collect();
        let substantive = total.substantive();
        let abrasive = total.count(Label::Challenge) + total.competing_positions;
        let agility = ratio(
            total.questions_answered + total.taken_up,
            total.count(Label::Question) + total.position_turns,
        );
        let resolution = ratio(total.challenges_resolved, total.count(Label::Challenge));
        let abrasion = ratio(100 * abrasive, total.utterances).unwrap_or(0.0);
        let concurrent_share = ratio(
            judged
                .iter()
                .filter(|s| s.leads() && s.follows())
                .map(|s| s.lead_acts + s.follow_acts)
                .sum(),
            lead_acts + total.follow_acts(),
        )
        .unwrap_or(0.0);
        let equality = 1.0 - gini(&talk);
        let flow_parts = FlowParts::new(
            concurrent_share,
            abrasion,
            agility.filter(|_| total.count(Label::Question) + total.position_turns >= MIN_EVENTS),
            resolution.filter(|_| total.count(Label::Challenge) >= MIN_EVENTS),
            equality,
        );
        let full = timing == Timing::Full;
        let figures = GroupFigures {
            utterances: total.utterances,
            substantive,
            turns: total.turns,
            speakers: tallies.iter().filter(|t| t.utterances > 0).count(),
            judged_speakers: judged.len(),
            talk_unit: if timing == Timing::None {
                TalkUnit::Words
            } else {
                TalkUnit::Seconds
            },
            duration_seconds: duration,
            counts: total.labels.into(),
            builds: total.builds,
            questions_to_others: total.questions_to_others,
            lead_acts,
            follow_acts: total.follow_acts(),
            lead_rate: ratio(lead_acts, substantive).unwrap_or(0.0),
            follow_rate: ratio(total.follow_acts(), substantive).unwrap_or(0.0),
            top_leader: by_lead
                .first()
                .filter(|x| x.0 > 0)
                .map(|x| x.1.name.to_string()),
            top_lead_share: share(0),
            second_lead_share: share(1),
            leaders: judged.iter().filter(|s| s.leads()).count(),
            followers: judged.iter().filter(|s| s.follows()).count(),
            concurrent: judged.iter().filter(|s| s.leads() && s.follows()).count(),
            concurrent_share,
            concurrent_moments: total.concurrent_moments,
            competing_positions: total.competing_positions,
            abrasion,
            abrasion_per_10min: duration
                .filter(|d| *d > 0.0)
                .map(|d| abrasive as f64 * 600.0 / d),
            questions_answered: total.questions_answered,
            position_turns: total.position_turns,
            taken_up: total.taken_up,
            agility,
            answer_delay: ratio(total.answer_delay, total.questions_answered),
            uptake_delay: ratio(total.uptake_delay, total.taken_up),
            challenges_resolved: total.challenges_resolved,
            resolution,
            equality,
            turn_entropy: entropy(&turns),
            overlaps: full.then_some(total.overlaps),
            interruptions: full.then_some(total.interruptions),
            shifts: total.shifts,
            flow_score: flow_parts.score(),
            flow_parts,
        };
        (figures, judged)
    }
}

/// Gini coefficient of non-negative values: 0 when all are equal, towards 1
/// when one holds everything. Empty or all-zero input gives 0.
pub fn gini(values: &[f64]) -> f64 {
    let n = values.len();
    let sum: f64 = values.iter().sum();
    if n == 0 || sum <= 0.0 {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    // G = Σ (2i − n − 1) x_(i) / (n Σx), i = 1..n over ascending values.
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * (i as f64 + 1.0) - n as f64 - 1.0) * x)
        .sum();
    weighted / (n as f64 * sum)
}

/// Shannon entropy of the shares of `counts`, divided by its maximum
/// `ln(len)`: 1 when every entry is equal, 0 when one holds everything.
/// Fewer than two entries, or all zero, give 0.
pub fn entropy(counts: &[f64]) -> f64 {
    let total: f64 = counts.iter().sum();
    if counts.len() < 2 || total <= 0.0 {
        return 0.0;
    }
    let h: f64 = counts
        .iter()
        .filter(|&&c| c > 0.0)
        .map(|&c| {
            let p = c / total;
            -p * p.ln()
        })
        .sum();
    h / (counts.len() as f64).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_by_hand() {
        assert_eq!(gini(&[5.0, 5.0, 5.0]), 0.0);
        // One of four holds everything: Σ(2i−n−1)x = (2·4−5)·10 = 30; 30 / (4·10) = 0.75.
        assert!((gini(&[0.0, 0.0, 0.0, 10.0]) - 0.75).abs() < 1e-12);
        // [1, 3]: (2·1−3)·1 + (2·2−3)·3 = −1 + 3 = 2; 2 / (2·4) = 0.25.
        assert!((gini(&[3.0, 1.0]) - 0.25).abs() < 1e-12);
        assert_eq!(gini(&[]), 0.0);
        assert_eq!(gini(&[0.0, 0.0]), 0.0);
    }

    #[test]
    fn entropy_by_hand() {
        assert!((entropy(&[4.0, 4.0]) - 1.0).abs() < 1e-12);
        assert_eq!(entropy(&[7.0, 0.0]), 0.0);
        // [1, 1, 2]: p = ¼, ¼, ½; H = 2·¼·ln 4 + ½·ln 2 = 1.5 ln 2; / ln 3.
        let expected = 1.5 * 2f64.ln() / 3f64.ln();
        assert!((entropy(&[1.0, 1.0, 2.0]) - expected).abs() < 1e-12);
        assert_eq!(entropy(&[3.0]), 0.0);
        assert_eq!(entropy(&[]), 0.0);
    }
}
