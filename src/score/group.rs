//! The group's pattern: chaos, stagnation, hierarchy or flow.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{round4, round4_opt, SpeakerScore, Tally};
use crate::classify::Label;

/// Below this share of utterances that lead, little is proposed: stagnation.
pub const STAGNATION_RATE: f64 = 0.25;
/// One speaker with at least this share of the leading acts ...
pub const HIERARCHY_SHARE: f64 = 0.6;
/// ... and at least this many times the next speaker's share carries the meeting.
pub const HIERARCHY_RATIO: f64 = 2.0;

/// The four group patterns of concurrent leadership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pattern {
    /// Many lead, few follow: a power struggle.
    Chaos,
    /// Little is proposed: no initiative.
    Stagnation,
    /// One speaker carries the leading, the rest follow.
    Hierarchy,
    /// Several speakers lead and follow at once.
    Flow,
}

impl Pattern {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Pattern::Chaos => "chaos",
            Pattern::Stagnation => "stagnation",
            Pattern::Hierarchy => "hierarchy",
            Pattern::Flow => "flow",
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// The figures the pattern is decided from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFigures {
    /// Utterances in the meeting.
    pub utterances: u64,
    /// Speakers who said anything.
    pub speakers: usize,
    /// Speakers with enough evidence to be judged.
    pub judged_speakers: usize,
    /// Utterances per class.
    pub counts: LabelCounts,
    /// Positions and challenges.
    pub lead_acts: u64,
    /// Questions, concessions and builds.
    pub follow_acts: u64,
    /// Lead acts per utterance.
    #[serde(serialize_with = "round4")]
    pub lead_rate: f64,
    /// Follow acts per utterance.
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
    /// Participation equality: 1 − Gini of words per speaker.
    #[serde(serialize_with = "round4")]
    pub equality: f64,
}

/// The group verdict with the figures and reasons behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupScore {
    /// The pattern.
    pub pattern: Pattern,
    /// Why, in sentences that cite the figures.
    pub reasons: Vec<String>,
    /// The figures.
    pub figures: GroupFigures,
}

impl GroupScore {
    /// Judges the group from its speakers' scores and tallies (by speaker id).
    pub fn new(speakers: &[SpeakerScore], tallies: &[Tally]) -> Self {
        let mut total = Tally::default();
        for t in tallies {
            total += *t;
        }
        let n = total.utterances.max(1) as f64;
        let lead_acts = total.lead_acts();
        let mut by_lead: Vec<(u64, &SpeakerScore)> = speakers
            .iter()
            .filter_map(|s| tallies.get(s.id).map(|t| (t.lead_acts(), s)))
            .collect();
        by_lead.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
        let share = |k: usize| {
            (lead_acts > 0).then(|| {
                by_lead
                    .get(k)
                    .map_or(0.0, |x| x.0 as f64 / lead_acts as f64)
            })
        };
        let judged: Vec<&SpeakerScore> = speakers.iter().filter(|s| s.leading.is_some()).collect();
        let words: Vec<f64> = tallies.iter().map(|t| t.words as f64).collect();
        let figures = GroupFigures {
            utterances: total.utterances,
            speakers: tallies.iter().filter(|t| t.utterances > 0).count(),
            judged_speakers: judged.len(),
            counts: total.labels.into(),
            lead_acts,
            follow_acts: total.follow_acts(),
            lead_rate: lead_acts as f64 / n,
            follow_rate: total.follow_acts() as f64 / n,
            top_leader: by_lead
                .first()
                .filter(|x| x.0 > 0)
                .map(|x| x.1.name.clone()),
            top_lead_share: share(0),
            second_lead_share: share(1),
            leaders: judged.iter().filter(|s| s.leads()).count(),
            followers: judged.iter().filter(|s| s.follows()).count(),
            concurrent: judged.iter().filter(|s| s.leads() && s.follows()).count(),
            equality: 1.0 - gini(&words),
        };
        let concurrent_names: Vec<&str> = judged
            .iter()
            .filter(|s| s.leads() && s.follows())
            .map(|s| s.name.as_str())
            .collect();
        let (pattern, reasons) = decide(&figures, &concurrent_names);
        GroupScore {
            pattern,
            reasons,
            figures,
        }
    }
}

/// The decision list; the first pattern whose condition holds wins.
fn decide(f: &GroupFigures, concurrent: &[&str]) -> (Pattern, Vec<String>) {
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    if f.lead_rate < STAGNATION_RATE {
        return (
            Pattern::Stagnation,
            vec![format!(
                "little is proposed: {} of utterances are positions or challenges (below {})",
                pct(f.lead_rate),
                pct(STAGNATION_RATE)
            )],
        );
    }
    if let (Some(top), Some(share), Some(second)) =
        (&f.top_leader, f.top_lead_share, f.second_lead_share)
    {
        if share >= HIERARCHY_SHARE && share >= HIERARCHY_RATIO * second {
            return (
                Pattern::Hierarchy,
                vec![format!(
                    "{top} carries {} of the positions and challenges, the next speaker {} (hierarchy from {} and twice the next)",
                    pct(share),
                    pct(second),
                    pct(HIERARCHY_SHARE)
                )],
            );
        }
    }
    if f.concurrent >= 2 && 2 * f.concurrent >= f.leaders {
        return (
            Pattern::Flow,
            vec![format!(
                "{} of {} judged speakers both lead and follow: {}",
                f.concurrent,
                f.judged_speakers,
                concurrent.join(", ")
            )],
        );
    }
    if f.leaders >= 2 {
        return (
            Pattern::Chaos,
            vec![format!(
                "{} speakers lead but only {} also follow{}; questions, concessions and builds are {} of utterances",
                f.leaders,
                f.concurrent,
                if concurrent.is_empty() { String::new() } else { format!(" ({})", concurrent.join(", ")) },
                pct(f.follow_rate)
            )],
        );
    }
    if f.leaders == 1 {
        return (
            Pattern::Hierarchy,
            vec![format!(
                "only one judged speaker leads; {} of the positions and challenges are theirs",
                f.top_lead_share.map_or_else(|| "none".into(), pct)
            )],
        );
    }
    (
        Pattern::Stagnation,
        vec![format!(
            "no judged speaker leads, though {} of utterances are positions or challenges",
            pct(f.lead_rate)
        )],
    )
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
}
