//! The group's pattern (chaos, stagnation, hierarchy, flow), the conditions
//! that decided it, and how confident the verdict is.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::speaker::Standing;
use super::{round4, GroupFigures, LEAD_RATE_REF};

/// Below this share of substantive utterances that lead, little is
/// proposed: stagnation. Half the reference rate ([`LEAD_RATE_REF`]).
pub const STAGNATION_RATE: f64 = LEAD_RATE_REF / 2.0;
/// One speaker with at least this share of the leading acts (most of it) ...
pub const HIERARCHY_SHARE: f64 = 0.5;
/// ... and at least this many times the next speaker's share carries the meeting.
pub const HIERARCHY_RATIO: f64 = 2.0;
/// Flow: the speakers who both lead and follow make at least this share of
/// the lead and follow acts (most of them).
pub const FLOW_SHARE: f64 = 0.5;
/// Confidence: a figure this many times its threshold (or this fraction of
/// it) is a clear call.
pub const CLEAR_FACTOR: f64 = 2.0;
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
/// close the verdict was. Counts and the concurrent share are worked out
/// from the speakers' tests, so flipping a speaker moves them too.
#[derive(Debug, Clone)]
struct Tests {
    stagnant: bool,
    top_heavy: bool,
    far_ahead: bool,
    /// The concurrent-share test's outcome is flipped.
    share_flipped: bool,
    /// Per judged speaker: (leads, follows, lead and follow acts).
    speakers: Vec<(bool, bool, u64)>,
    /// All lead and follow acts of the stretch.
    acts: u64,
}

impl Tests {
    fn new(f: &GroupFigures, judged: &[&Standing<'_>]) -> Self {
        let top = f.top_lead_share.unwrap_or(0.0);
        let second = f.second_lead_share.unwrap_or(0.0);
        Tests {
            stagnant: f.lead_rate < STAGNATION_RATE,
            top_heavy: top >= HIERARCHY_SHARE,
            far_ahead: second <= top / HIERARCHY_RATIO,
            share_flipped: false,
            speakers: judged
                .iter()
                .map(|s| (s.leads(), s.follows(), s.lead_acts + s.follow_acts))
                .collect(),
            acts: f.lead_acts + f.follow_acts,
        }
    }

    /// The concurrent speakers make at least [`FLOW_SHARE`] of the acts.
    fn shared(&self) -> bool {
        let acts: u64 = self
            .speakers
            .iter()
            .filter(|s| s.0 && s.1)
            .map(|s| s.2)
            .sum();
        let shared = self.acts > 0 && acts as f64 >= FLOW_SHARE * self.acts as f64;
        shared != self.share_flipped
    }

    fn verdict(&self) -> Pattern {
        if self.stagnant {
            return Pattern::Stagnation;
        }
        if self.top_heavy && self.far_ahead {
            return Pattern::Hierarchy;
        }
        let leaders = self.speakers.iter().filter(|s| s.0).count();
        let followers = self.speakers.iter().filter(|s| s.1).count();
        let concurrent = self.speakers.iter().filter(|s| s.0 && s.1).count();
        if concurrent >= 2 && self.shared() {
            Pattern::Flow
        } else if leaders >= 2 && followers < leaders {
            Pattern::Chaos
        } else if leaders >= 1 {
            Pattern::Hierarchy
        } else {
            Pattern::Stagnation
        }
    }
}

/// Decides the pattern from the group's figures and its judged speakers.
pub(crate) fn decide(f: &GroupFigures, judged: &[&Standing<'_>]) -> Decision {
    let w = weigh(f, judged);
    let pattern = w.pattern;
    let by_share = !w.tests.stagnant && w.tests.top_heavy && w.tests.far_ahead;
    Decision {
        pattern,
        reasons: vec![reason(f, pattern, judged, by_share)],
        deciding: conditions(f, pattern),
        confidence: w.confidence,
        closest_call: w
            .nearest
            .map(|(other, what)| format!("{what}; across it: {other}")),
    }
}

/// The pattern and the confidence in it, without the words that explain
/// them: all a timeline window shows.
pub(crate) fn verdict(f: &GroupFigures, judged: &[&Standing<'_>]) -> (Pattern, f64) {
    let w = weigh(f, judged);
    (w.pattern, w.confidence)
}

/// The verdict, how confident it is and the nearest flip, before any of it
/// is put in words.
struct Weighed<'a> {
    tests: Tests,
    pattern: Pattern,
    confidence: f64,
    /// The pattern across the nearest flip, and that flip.
    nearest: Option<(Pattern, Flip<'a>)>,
}

fn weigh<'a>(f: &GroupFigures, judged: &[&'a Standing<'_>]) -> Weighed<'a> {
    let tests = Tests::new(f, judged);
    let pattern = tests.verdict();
    let (closeness, nearest) = closeness(f, judged, &tests, pattern);
    let evidence = (f.utterances as f64 / CONFIDENT_UTTERANCES as f64).min(1.0);
    Weighed {
        tests,
        pattern,
        confidence: 0.5 + 0.5 * closeness.min(evidence),
        nearest,
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
                "concurrent_share",
                ">=",
                f.concurrent_share,
                FLOW_SHARE,
            ),
        ],
        vec![
            Condition::new(Pattern::Chaos, "leaders", ">=", f.leaders as f64, 2.0),
            Condition::new(
                Pattern::Chaos,
                "followers",
                "<",
                f.followers as f64,
                f.leaders as f64,
            ),
        ],
        vec![Condition::new(
            Pattern::Hierarchy,
            "leaders",
            ">=",
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

/// How far `value` is from `threshold`, in factors of [`CLEAR_FACTOR`]:
/// 0 on the threshold, 1 at twice or half of it. A zero on either side is
/// as far as it gets.
fn factors(value: f64, threshold: f64) -> f64 {
    if value <= 0.0 || threshold <= 0.0 {
        return f64::INFINITY;
    }
    (value / threshold).ln().abs() / CLEAR_FACTOR.ln()
}

/// How far the verdict is from changing (0 = on the edge, 1 = clear), and
/// the nearest change that would flip it, in words.
fn closeness<'a>(
    f: &GroupFigures,
    judged: &[&'a Standing<'_>],
    tests: &Tests,
    pattern: Pattern,
) -> (f64, Option<(Pattern, Flip<'a>)>) {
    let top = f.top_lead_share.unwrap_or(0.0);
    let second = f.second_lead_share.unwrap_or(0.0);
    // Only the nearest flip is put in words: the figures are formatted for
    // that one, not for every candidate (once per timeline window too).
    let mut nearest: Option<(f64, Pattern, Flip)> = None;
    let mut t = tests.clone();
    fn consider<'a>(
        nearest: &mut Option<(f64, Pattern, Flip<'a>)>,
        pattern: Pattern,
        distance: f64,
        t: &mut Tests,
        change: &dyn Fn(&mut Tests),
        what: Flip<'a>,
    ) {
        // Every change flips one test, so doing it twice puts `t` back:
        // one copy of the tests serves every candidate.
        change(t);
        let other = t.verdict();
        change(t);
        // Strictly nearer only: of equal distances the first one counts.
        if other != pattern
            && nearest
                .as_ref()
                .is_none_or(|n| distance.total_cmp(&n.0).is_lt())
        {
            *nearest = Some((distance, other, what));
        }
    }
    consider(
        &mut nearest,
        pattern,
        factors(f.lead_rate, STAGNATION_RATE),
        &mut t,
        &|t| t.stagnant = !t.stagnant,
        Flip::LeadRate(f.lead_rate),
    );
    consider(
        &mut nearest,
        pattern,
        factors(top, HIERARCHY_SHARE),
        &mut t,
        &|t| t.top_heavy = !t.top_heavy,
        Flip::TopShare(top),
    );
    if second > 0.0 {
        consider(
            &mut nearest,
            pattern,
            factors(top / second, HIERARCHY_RATIO),
            &mut t,
            &|t| t.far_ahead = !t.far_ahead,
            Flip::TopToSecond(top / second),
        );
    }
    consider(
        &mut nearest,
        pattern,
        factors(f.concurrent_share, FLOW_SHARE),
        &mut t,
        &|t| t.share_flipped = !t.share_flipped,
        Flip::ConcurrentShare(f.concurrent_share),
    );
    for (k, s) in judged.iter().enumerate() {
        let scores = [
            ("leading", s.leading, s.lead_ratio, true),
            ("following", s.following, s.follow_ratio, false),
        ];
        for (which, score, ratio, leading) in scores {
            let (Some(score), Some(ratio)) = (score, ratio) else {
                continue;
            };
            consider(
                &mut nearest,
                pattern,
                factors(ratio, super::REAL_SHARE),
                &mut t,
                &|t| {
                    if let Some(x) = t.speakers.get_mut(k) {
                        if leading {
                            x.0 = !x.0;
                        } else {
                            x.1 = !x.1;
                        }
                    }
                },
                Flip::Speaker {
                    name: s.name,
                    which,
                    score,
                },
            );
        }
    }
    match nearest {
        Some((d, other, what)) => (d.min(1.0), Some((other, what))),
        None => (1.0, None),
    }
}

/// A test that could flip the verdict, with the figure it is decided on.
enum Flip<'a> {
    LeadRate(f64),
    TopShare(f64),
    TopToSecond(f64),
    ConcurrentShare(f64),
    Speaker {
        name: &'a str,
        which: &'static str,
        score: f64,
    },
}

impl fmt::Display for Flip<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Flip::LeadRate(x) => write!(f, "lead rate {x:.2} against {STAGNATION_RATE:.2}"),
            Flip::TopShare(x) => write!(f, "top lead share {x:.2} against {HIERARCHY_SHARE:.2}"),
            Flip::TopToSecond(x) => write!(
                f,
                "top to second lead share {x:.2} against {HIERARCHY_RATIO:.2}"
            ),
            Flip::ConcurrentShare(x) => {
                write!(f, "concurrent share {x:.2} against {FLOW_SHARE:.2}")
            }
            Flip::Speaker { name, which, score } => {
                write!(f, "{name}'s {which} {score:.2} against {:.2}", super::HIGH)
            }
        }
    }
}

/// The sentence that says why, citing the figures.
fn reason(f: &GroupFigures, pattern: Pattern, judged: &[&Standing<'_>], by_share: bool) -> String {
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let concurrent = names(
        judged
            .iter()
            .filter(|s| s.leads() && s.follows())
            .map(|s| s.name),
    );
    let top = f.top_leader.as_deref().unwrap_or("nobody");
    match pattern {
        Pattern::Stagnation if f.lead_rate < STAGNATION_RATE => format!(
            "little is proposed: {} of substantive utterances are positions or challenges (below {})",
            pct(f.lead_rate),
            pct(STAGNATION_RATE)
        ),
        Pattern::Stagnation => format!(
            "no judged speaker leads a real share, though {} of substantive utterances are positions or challenges",
            pct(f.lead_rate)
        ),
        Pattern::Hierarchy if !by_share => {
            let leaders: Vec<&&Standing> = judged.iter().filter(|s| s.leads()).collect();
            let acts: u64 = leaders.iter().map(|s| s.lead_acts).sum();
            let share = if f.lead_acts > 0 {
                acts as f64 / f.lead_acts as f64
            } else {
                0.0
            };
            let who = names(leaders.iter().map(|s| s.name));
            let also = match f.concurrent {
                0 if leaders.len() == 1 => "who does not also follow".to_string(),
                0 => "none of whom also follows".to_string(),
                1 if leaders.len() == 1 => "who also follows".to_string(),
                1 => format!("of whom only {concurrent} also follows"),
                _ => format!(
                    "and those who also follow ({concurrent}) make only {} of the leading and following",
                    pct(f.concurrent_share)
                ),
            };
            format!(
                "the leading sits with {who} ({} of the positions and challenges), {also}; {} follow a real share",
                pct(share),
                f.followers
            )
        }
        Pattern::Hierarchy => format!(
            "{top} carries {} of the positions and challenges, the next speaker {} (hierarchy from {} and twice the next)",
            pct(f.top_lead_share.unwrap_or(0.0)),
            pct(f.second_lead_share.unwrap_or(0.0)),
            pct(HIERARCHY_SHARE)
        ),
        Pattern::Flow => format!(
            "{} of {} judged speakers both lead and follow a real share ({concurrent}) and make {} of the leading and following",
            f.concurrent,
            f.judged_speakers,
            pct(f.concurrent_share)
        ),
        Pattern::Chaos => format!(
            "{} speakers lead a real share and {} one{}; questions to others, concessions and builds are {} of substantive utterances",
            f.leaders,
            match f.followers {
                0 => "none follows".to_string(),
                1 => "only 1 follows".to_string(),
                n => format!("only {n} follow"),
            },
            if concurrent.is_empty() {
                String::new()
            } else {
                format!(" ({concurrent} both lead and follow)")
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
        // Each speaker: (leads, follows, lead and follow acts); 10 acts each.
        let t = |stagnant, top_heavy, far_ahead, speakers: &[(bool, bool)]| {
            Tests {
                stagnant,
                top_heavy,
                far_ahead,
                share_flipped: false,
                speakers: speakers.iter().map(|&(l, f)| (l, f, 10)).collect(),
                acts: 10 * speakers.len() as u64,
            }
            .verdict()
        };
        let both = (true, true);
        let lead = (true, false);
        let follow = (false, true);
        let neither = (false, false);
        let (yes, no) = (true, false);
        assert_eq!(t(yes, yes, yes, &[both, both]), Pattern::Stagnation);
        assert_eq!(t(no, yes, yes, &[both, both]), Pattern::Hierarchy);
        assert_eq!(t(no, yes, no, &[both, both]), Pattern::Flow);
        assert_eq!(t(no, no, no, &[both, both, lead, lead]), Pattern::Flow);
        // Two concurrent who make less than half of the acts: not flow;
        // more lead than follow, chaos; else the leading sits with a few.
        assert_eq!(
            t(no, no, no, &[both, both, lead, lead, lead]),
            Pattern::Chaos
        );
        assert_eq!(
            t(
                no,
                no,
                no,
                &[both, both, lead, lead, lead, follow, follow, follow]
            ),
            Pattern::Hierarchy
        );
        assert_eq!(t(no, no, no, &[lead, lead, follow]), Pattern::Chaos);
        assert_eq!(
            t(no, no, no, &[lead, lead, follow, follow]),
            Pattern::Hierarchy
        );
        assert_eq!(t(no, no, no, &[lead, neither]), Pattern::Hierarchy);
        assert_eq!(t(no, no, no, &[neither, follow]), Pattern::Stagnation);
    }

    #[test]
    fn flipping_a_speaker_moves_the_concurrent_share() {
        // Two concurrent speakers with 3 of 10 acts each: 60 %, flow. Flip
        // one's following and the share is 30 %, and one concurrent left.
        let mut tests = Tests {
            stagnant: false,
            top_heavy: false,
            far_ahead: false,
            share_flipped: false,
            speakers: vec![(true, true, 3), (true, true, 3), (false, true, 4)],
            acts: 10,
        };
        assert_eq!(tests.verdict(), Pattern::Flow);
        tests.speakers[1].1 = false;
        assert_eq!(tests.verdict(), Pattern::Hierarchy);
        tests.speakers[1].1 = true;
        tests.share_flipped = true;
        assert_eq!(tests.verdict(), Pattern::Hierarchy);
    }

    #[test]
    fn distances_are_factors_of_two() {
        assert!((factors(0.8, 0.4) - 1.0).abs() < 1e-12);
        assert!((factors(0.2, 0.4) - 1.0).abs() < 1e-12);
        assert!((factors(0.4, 0.4)).abs() < 1e-12);
        // 0.6 against 0.4: log2(1.5).
        assert!((factors(0.6, 0.4) - 1.5f64.log2()).abs() < 1e-12);
        assert_eq!(factors(0.0, 0.4), f64::INFINITY);
    }
}
