//! The group's pattern (chaos, stagnation, hierarchy, flow), the conditions
//! that decided it, and how confident the verdict is.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{round4, GroupFigures, SpeakerScore, HIGH};

/// Below this share of substantive utterances that lead, little is proposed: stagnation.
pub const STAGNATION_RATE: f64 = 0.4;
/// One speaker with at least this share of the leading acts ...
pub const HIERARCHY_SHARE: f64 = 0.6;
/// ... and at least this many times the next speaker's share carries the meeting.
pub const HIERARCHY_RATIO: f64 = 2.0;
/// Confidence: a rate or share this far from its threshold is a clear call.
pub const RATE_SPAN: f64 = 0.15;
/// Confidence: a lead-share ratio this far from [`HIERARCHY_RATIO`] is a clear call.
pub const RATIO_SPAN: f64 = 1.0;
/// Confidence: a speaker's score this far from [`HIGH`] is a clear call.
pub const SCORE_SPAN: f64 = 0.25;
/// Confidence: from this many utterances on, evidence does not limit it.
pub const CONFIDENT_UTTERANCES: u64 = 100;

/// The four group patterns of concurrent leadership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// All patterns.
    pub const ALL: [Pattern; 4] = [
        Pattern::Flow,
        Pattern::Hierarchy,
        Pattern::Chaos,
        Pattern::Stagnation,
    ];

    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Pattern::Chaos => "chaos",
            Pattern::Stagnation => "stagnation",
            Pattern::Hierarchy => "hierarchy",
            Pattern::Flow => "flow",
        }
    }

    /// One letter for the timeline strip.
    pub fn letter(self) -> char {
        match self {
            Pattern::Chaos => 'C',
            Pattern::Stagnation => 'S',
            Pattern::Hierarchy => 'H',
            Pattern::Flow => 'F',
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One condition of the decision list, as it was evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// The pattern this condition argues for.
    pub pattern: Pattern,
    /// The figure tested: a field of the group figures.
    pub figure: String,
    /// `<`, `<=`, `>=` or `==`.
    pub op: String,
    /// The figure's value.
    #[serde(serialize_with = "round4")]
    pub value: f64,
    /// What it is compared with.
    #[serde(serialize_with = "round4")]
    pub threshold: f64,
    /// Whether the condition held.
    pub holds: bool,
}

impl Condition {
    fn new(pattern: Pattern, figure: &str, op: &str, value: f64, threshold: f64) -> Self {
        let holds = match op {
            "<" => value < threshold,
            "<=" => value <= threshold,
            ">=" => value >= threshold,
            _ => value == threshold,
        };
        Condition {
            pattern,
            figure: figure.to_string(),
            op: op.to_string(),
            value,
            threshold,
            holds,
        }
    }
}

/// The verdict with everything behind it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    pub pattern: Pattern,
    pub reasons: Vec<String>,
    pub deciding: Vec<Condition>,
    pub confidence: f64,
    pub closest_call: Option<String>,
}

/// The yes/no tests the decision list is made of; flipping one shows how
/// close the verdict was.
#[derive(Debug, Clone)]
struct Tests {
    stagnant: bool,
    top_heavy: bool,
    far_ahead: bool,
    /// Per judged speaker: (leads, follows).
    speakers: Vec<(bool, bool)>,
}

impl Tests {
    fn verdict(&self) -> Pattern {
        if self.stagnant {
            return Pattern::Stagnation;
        }
        if self.top_heavy && self.far_ahead {
            return Pattern::Hierarchy;
        }
        let leaders = self.speakers.iter().filter(|s| s.0).count();
        let concurrent = self.speakers.iter().filter(|s| s.0 && s.1).count();
        if concurrent >= 2 && 2 * concurrent >= leaders {
            Pattern::Flow
        } else if leaders >= 2 {
            Pattern::Chaos
        } else if leaders == 1 {
            Pattern::Hierarchy
        } else {
            Pattern::Stagnation
        }
    }
}

/// Decides the pattern from the group's figures and its judged speakers.
pub(crate) fn decide(f: &GroupFigures, judged: &[&SpeakerScore]) -> Decision {
    let top = f.top_lead_share.unwrap_or(0.0);
    let second = f.second_lead_share.unwrap_or(0.0);
    let tests = Tests {
        stagnant: f.lead_rate < STAGNATION_RATE,
        top_heavy: top >= HIERARCHY_SHARE,
        far_ahead: second <= top / HIERARCHY_RATIO,
        speakers: judged.iter().map(|s| (s.leads(), s.follows())).collect(),
    };
    let pattern = tests.verdict();
    let deciding = conditions(f, pattern);
    let by_share = !tests.stagnant && tests.top_heavy && tests.far_ahead;
    let reasons = vec![reason(f, pattern, judged, by_share)];
    let (closeness, closest_call) = closeness(f, judged, &tests, pattern);
    let evidence = (f.utterances as f64 / CONFIDENT_UTTERANCES as f64).min(1.0);
    Decision {
        pattern,
        reasons,
        deciding,
        confidence: 0.5 + 0.5 * closeness.min(evidence),
        closest_call,
    }
}

/// The decision list's conditions, in order, up to the one that decided.
fn conditions(f: &GroupFigures, pattern: Pattern) -> Vec<Condition> {
    let top = f.top_lead_share.unwrap_or(0.0);
    let second = f.second_lead_share.unwrap_or(0.0);
    let groups = [
        vec![Condition::new(
            Pattern::Stagnation,
            "lead_rate",
            "<",
            f.lead_rate,
            STAGNATION_RATE,
        )],
        vec![
            Condition::new(
                Pattern::Hierarchy,
                "top_lead_share",
                ">=",
                top,
                HIERARCHY_SHARE,
            ),
            Condition::new(
                Pattern::Hierarchy,
                "second_lead_share",
                "<=",
                second,
                top / HIERARCHY_RATIO,
            ),
        ],
        vec![
            Condition::new(Pattern::Flow, "concurrent", ">=", f.concurrent as f64, 2.0),
            Condition::new(
                Pattern::Flow,
                "concurrent",
                ">=",
                f.concurrent as f64,
                f.leaders as f64 / 2.0,
            ),
        ],
        vec![Condition::new(
            Pattern::Chaos,
            "leaders",
            ">=",
            f.leaders as f64,
            2.0,
        )],
        vec![Condition::new(
            Pattern::Hierarchy,
            "leaders",
            "==",
            f.leaders as f64,
            1.0,
        )],
    ];
    let mut out = Vec::new();
    for group in groups {
        let all = group.iter().all(|c| c.holds);
        let decides = all && group[0].pattern == pattern;
        out.extend(group);
        if decides {
            return out;
        }
    }
    out
}

/// How far the verdict is from changing (0 = on the edge, 1 = clear), and
/// the nearest change that would flip it, in words.
fn closeness(
    f: &GroupFigures,
    judged: &[&SpeakerScore],
    tests: &Tests,
    pattern: Pattern,
) -> (f64, Option<String>) {
    let top = f.top_lead_share.unwrap_or(0.0);
    let second = f.second_lead_share.unwrap_or(0.0);
    let mut flips: Vec<(f64, Tests, String)> = Vec::new();
    let mut t = tests.clone();
    t.stagnant = !t.stagnant;
    flips.push((
        (f.lead_rate - STAGNATION_RATE).abs() / RATE_SPAN,
        t,
        format!("lead rate {:.2} against {STAGNATION_RATE:.2}", f.lead_rate),
    ));
    let mut t = tests.clone();
    t.top_heavy = !t.top_heavy;
    flips.push((
        (top - HIERARCHY_SHARE).abs() / RATE_SPAN,
        t,
        format!("top lead share {top:.2} against {HIERARCHY_SHARE:.2}"),
    ));
    if second > 0.0 {
        let mut t = tests.clone();
        t.far_ahead = !t.far_ahead;
        flips.push((
            (top / second - HIERARCHY_RATIO).abs() / RATIO_SPAN,
            t,
            format!(
                "top to second lead share {:.2} against {HIERARCHY_RATIO:.2}",
                top / second
            ),
        ));
    }
    for (k, s) in judged.iter().enumerate() {
        for (which, score) in [("leading", s.leading), ("following", s.following)] {
            let Some(score) = score else { continue };
            let mut t = tests.clone();
            if which == "leading" {
                t.speakers[k].0 = !t.speakers[k].0;
            } else {
                t.speakers[k].1 = !t.speakers[k].1;
            }
            flips.push((
                (score - HIGH).abs() / SCORE_SPAN,
                t,
                format!("{}'s {which} {score:.2} against {HIGH:.2}", s.name),
            ));
        }
    }
    let nearest = flips
        .into_iter()
        .filter_map(|(d, t, what)| {
            let other = t.verdict();
            (other != pattern).then_some((d, other, what))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match nearest {
        Some((d, other, what)) => (d.min(1.0), Some(format!("{what}; across it: {other}"))),
        None => (1.0, None),
    }
}

/// The sentence that says why, citing the figures.
fn reason(f: &GroupFigures, pattern: Pattern, judged: &[&SpeakerScore], by_share: bool) -> String {
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let concurrent = names(
        judged
            .iter()
            .filter(|s| s.leads() && s.follows())
            .map(|s| s.name.as_str()),
    );
    let top = f.top_leader.as_deref().unwrap_or("nobody");
    match pattern {
        Pattern::Stagnation if f.lead_rate < STAGNATION_RATE => format!(
            "little is proposed: {} of substantive utterances are positions or challenges (below {})",
            pct(f.lead_rate),
            pct(STAGNATION_RATE)
        ),
        Pattern::Stagnation => format!(
            "no judged speaker leads, though {} of substantive utterances are positions or challenges",
            pct(f.lead_rate)
        ),
        Pattern::Hierarchy if !by_share => format!(
            "only one judged speaker leads; {top} has {} of the positions and challenges",
            pct(f.top_lead_share.unwrap_or(0.0))
        ),
        Pattern::Hierarchy => format!(
            "{top} carries {} of the positions and challenges, the next speaker {} (hierarchy from {} and twice the next)",
            pct(f.top_lead_share.unwrap_or(0.0)),
            pct(f.second_lead_share.unwrap_or(0.0)),
            pct(HIERARCHY_SHARE)
        ),
        Pattern::Flow => format!(
            "{} of {} judged speakers both lead and follow: {}",
            f.concurrent,
            f.judged_speakers,
            concurrent
        ),
        Pattern::Chaos => format!(
            "{} speakers lead but only {} also follow{}; questions, concessions and builds are {} of substantive utterances",
            f.leaders,
            f.concurrent,
            if concurrent.is_empty() {
                String::new()
            } else {
                format!(" ({concurrent})")
            },
            pct(f.follow_rate)
        ),
    }
}

/// Names joined with commas; beyond [`NAMES_SHOWN`], "and N more".
fn names<'a>(all: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = all.collect();
    if all.len() <= NAMES_SHOWN {
        return all.join(", ");
    }
    format!(
        "{} and {} more",
        all[..NAMES_SHOWN].join(", "),
        all.len() - NAMES_SHOWN
    )
}

/// How many names a reason lists.
const NAMES_SHOWN: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_name_lists_are_cut() {
        assert_eq!(names(["A", "B"].into_iter()), "A, B");
        let many = ["A", "B", "C", "D", "E", "F", "G"];
        assert_eq!(names(many.into_iter()), "A, B, C, D, E and 2 more");
    }

    #[test]
    fn decision_list_order() {
        let t = |stagnant, top_heavy, far_ahead, speakers: &[(bool, bool)]| {
            Tests {
                stagnant,
                top_heavy,
                far_ahead,
                speakers: speakers.to_vec(),
            }
            .verdict()
        };
        let both = (true, true);
        let lead = (true, false);
        let neither = (false, false);
        assert_eq!(t(true, true, true, &[both, both]), Pattern::Stagnation);
        assert_eq!(t(false, true, true, &[both, both]), Pattern::Hierarchy);
        assert_eq!(t(false, true, false, &[both, both]), Pattern::Flow);
        // Two concurrent among five leaders are not half: chaos.
        assert_eq!(
            t(false, false, false, &[both, both, lead, lead, lead]),
            Pattern::Chaos
        );
        assert_eq!(
            t(false, false, false, &[both, both, lead, lead]),
            Pattern::Flow
        );
        assert_eq!(t(false, false, false, &[lead, neither]), Pattern::Hierarchy);
        assert_eq!(
            t(false, false, false, &[neither, neither]),
            Pattern::Stagnation
        );
    }
}
