//! Properties the figures must have whatever the meeting: generated meetings
//! of labeled utterances (the labels are given, so these test the scoring,
//! not the classifier), with and without times.

use colead::classify::{Classified, Cue, Evidence, Label};
use colead::score::{self, Options, Pattern, Scores};
use colead::transcript::{Transcript, Utterance};
use proptest::prelude::*;

/// One generated utterance: speaker index, label, whether a position opens
/// with a building cue, and (start step, duration) in seconds.
type Gen = (usize, Label, bool, (f64, f64));

/// One line of a meeting: speaker, label, build cue, (start, end).
type Line = (usize, Label, bool, Option<(f64, f64)>);

#[derive(Debug, Clone)]
struct Meeting {
    speakers: Vec<String>,
    lines: Vec<Line>,
}

impl Meeting {
    fn transcript(&self) -> (Transcript, Vec<Classified>) {
        let mut t = Transcript::new("generated", "test");
        t.speakers = self.speakers.clone();
        let mut turn = 0;
        let mut classified = Vec::new();
        for (i, &(speaker, label, build, times)) in self.lines.iter().enumerate() {
            if i > 0 && self.lines[i - 1].0 != speaker {
                turn += 1;
            }
            t.utterances.push(Utterance {
                speaker,
                text: format!("words of line {i}"),
                start: times.map(|x| x.0),
                end: times.map(|x| x.1),
                line: i + 1,
                turn,
            });
            let rule = if label == Label::Position && build {
                "position.build"
            } else {
                "generated"
            };
            classified.push(Classified {
                label,
                evidence: Evidence {
                    decided_by: Cue {
                        label,
                        rule: rule.into(),
                        matched: String::new(),
                    },
                    runner_up: None,
                    context: None,
                },
            });
        }
        (t, classified)
    }

    fn scores(&self) -> Scores {
        let (t, c) = self.transcript();
        score::score_with(&t, &c, &[], &Options::default())
    }

    fn count(&self, label: Label) -> usize {
        self.lines.iter().filter(|l| l.1 == label).count()
    }

    fn utterances_of(&self, speaker: usize) -> usize {
        self.lines.iter().filter(|l| l.0 == speaker).count()
    }
}

fn label() -> impl Strategy<Value = Label> {
    prop_oneof![
        4 => Just(Label::Position),
        2 => Just(Label::Question),
        2 => Just(Label::Concession),
        2 => Just(Label::Challenge),
        3 => Just(Label::Other),
    ]
}

fn line(speakers: usize) -> impl Strategy<Value = Gen> {
    (
        0..speakers,
        label(),
        any::<bool>(),
        (0.2f64..6.0, 0.5f64..8.0),
    )
}

/// A meeting of 2–4 speakers, with or without start and end times (times
/// may overlap).
fn meeting(len: std::ops::Range<usize>) -> impl Strategy<Value = Meeting> {
    (2usize..=4, any::<bool>()).prop_flat_map(move |(k, timed)| {
        proptest::collection::vec(line(k), len.clone()).prop_map(move |gen| {
            let mut at = 0.0;
            let lines = gen
                .into_iter()
                .map(|(s, l, b, (step, dur))| {
                    let times = timed.then(|| {
                        at += step;
                        (at, at + dur)
                    });
                    (s, l, b, times)
                })
                .collect();
            Meeting {
                speakers: (0..k).map(|i| format!("Speaker{i}")).collect(),
                lines,
            }
        })
    })
}

/// Ends `m` with six `other` utterances from alternating speakers, the last
/// not the one who opens the meeting: a boundary nothing reaches across
/// (no point to respond to within the classifier's look-back of six, no
/// challenge to resolve within three turns, no turn merging with the next
/// copy).
fn with_quiet_end(mut m: Meeting) -> Meeting {
    let first = m.lines[0].0;
    let other = (first + 1) % m.speakers.len();
    let end = m
        .lines
        .iter()
        .filter_map(|l| l.3)
        .map(|t| t.1)
        .fold(0.0, f64::max);
    for k in 0..6 {
        let speaker = if k % 2 == 0 { first } else { other };
        let times = m.lines[0].3.map(|_| (end + k as f64, end + k as f64 + 0.5));
        m.lines.push((speaker, Label::Other, false, times));
    }
    m
}

/// `m` twice, the second copy shifted to start where the first ends.
fn twice(m: &Meeting) -> Meeting {
    let start = m.lines[0].3.map_or(0.0, |t| t.0);
    let end = m
        .lines
        .iter()
        .filter_map(|l| l.3)
        .map(|t| t.1)
        .fold(start, f64::max);
    let shift = end - start;
    let mut out = m.clone();
    out.lines.extend(
        m.lines
            .iter()
            .map(|&(s, l, b, t)| (s, l, b, t.map(|(a, e)| (a + shift, e + shift)))),
    );
    out
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn near_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => near(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// The scores as JSON with speaker ids removed: what must not depend on ids.
fn without_ids(s: &Scores) -> serde_json::Value {
    let mut v = serde_json::to_value(s).expect("json");
    for sp in v["speakers"].as_array_mut().expect("array") {
        sp.as_object_mut().expect("object").remove("id");
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn renaming_speakers_changes_nothing_but_names(m in meeting(1..60)) {
        let before = serde_json::to_string(&m.scores()).expect("json");
        let mut renamed = m.clone();
        renamed.speakers = (0..m.speakers.len()).map(|i| format!("Zoë «{i}»")).collect();
        let mut after = serde_json::to_string(&renamed.scores()).expect("json");
        for i in 0..m.speakers.len() {
            after = after.replace(&format!("Zoë «{i}»"), &format!("Speaker{i}"));
        }
        prop_assert_eq!(before, after);
    }

    #[test]
    fn reordering_speaker_ids_changes_nothing(m in meeting(1..60), rot in 1usize..4) {
        let k = m.speakers.len();
        let new_id = |s: usize| (s + rot) % k;
        let mut reordered = m.clone();
        for (s, name) in m.speakers.iter().enumerate() {
            reordered.speakers[new_id(s)] = name.clone();
        }
        for l in &mut reordered.lines {
            l.0 = new_id(l.0);
        }
        prop_assert_eq!(without_ids(&m.scores()), without_ids(&reordered.scores()));
    }

    #[test]
    fn repeating_a_meeting_leaves_rates_and_scores_unchanged(m in meeting(40..90)) {
        let m = with_quiet_end(m);
        // Above every evidence floor, so that twice the evidence changes no
        // judgement: every speaker judged, the agility and resolution parts
        // either absent in both or present in both.
        prop_assume!((0..m.speakers.len()).all(|s| m.utterances_of(s) >= 5));
        let challenges = m.count(Label::Challenge);
        prop_assume!(challenges == 0 || challenges >= 3);
        let (one, two) = (m.scores(), twice(&m).scores());
        let (a, b) = (&one.group.figures, &two.group.figures);
        prop_assert_eq!(one.group.pattern, two.group.pattern);
        prop_assert_eq!(b.utterances, 2 * a.utterances);
        for (x, y) in [
            (a.lead_rate, b.lead_rate),
            (a.follow_rate, b.follow_rate),
            (a.abrasion, b.abrasion),
            (a.equality, b.equality),
            (a.turn_entropy, b.turn_entropy),
            (a.flow_score, b.flow_score),
            (a.flow_parts.concurrency, b.flow_parts.concurrency),
        ] {
            prop_assert!(near(x, y), "{x} vs {y}");
        }
        for (x, y) in [
            (a.agility, b.agility),
            (a.resolution, b.resolution),
            (a.answer_delay, b.answer_delay),
            (a.uptake_delay, b.uptake_delay),
            (a.abrasion_per_10min, b.abrasion_per_10min),
            (a.top_lead_share, b.top_lead_share),
            (a.second_lead_share, b.second_lead_share),
        ] {
            prop_assert!(near_opt(x, y), "{x:?} vs {y:?}");
        }
        for s in &one.speakers {
            let t = two.speakers.iter().find(|t| t.name == s.name).expect("same speakers");
            prop_assert_eq!(s.style, t.style);
            for (x, y) in [
                (s.leading, t.leading),
                (s.following, t.following),
                (s.concurrency, t.concurrency),
                (s.uptake, t.uptake),
                (Some(s.talk_share), Some(t.talk_share)),
            ] {
                prop_assert!(near_opt(x, y), "{}: {x:?} vs {y:?}", s.name);
            }
        }
    }

    #[test]
    fn a_monologue_is_hierarchy(
        acts in proptest::collection::vec(prop_oneof![3 => Just(Label::Position), 1 => Just(Label::Challenge)], 5..40),
        listeners in proptest::collection::vec(0usize..3, 5..40),
    ) {
        // Speaker 0 makes every position and challenge; the others only
        // murmur (any number of backchannels, in between).
        let mut lines = Vec::new();
        for (i, &l) in acts.iter().enumerate() {
            lines.push((0, l, false, None));
            if let Some(&who) = listeners.get(i) {
                if who > 0 {
                    lines.push((who, Label::Other, false, None));
                }
            }
        }
        let m = Meeting { speakers: vec!["Host".into(), "A".into(), "B".into()], lines };
        let s = m.scores();
        prop_assert_eq!(s.group.pattern, Pattern::Hierarchy);
        prop_assert_eq!(s.group.figures.top_leader.as_deref(), Some("Host"));
    }

    #[test]
    fn turning_a_rejection_into_an_acceptance_raises_following_and_resolution(m in meeting(20..60)) {
        // After the meeting: a challenge that is resolved (S2 proposes, S0
        // objects, S2 concedes), then S0 proposes and S1 rejects it, and only
        // backchannels follow: that rejection is the one turned around.
        let mut m = m;
        let k = m.speakers.len();
        let s2 = if k >= 3 { 2 } else { 1 };
        let end = m.lines.iter().filter_map(|l| l.3).map(|t| t.1).fold(0.0, f64::max);
        let timed = m.lines[0].3.is_some();
        let tail = [
            (s2, Label::Position),
            (0, Label::Challenge),
            (s2, Label::Concession),
            (0, Label::Position),
            (1, Label::Challenge),
            (0, Label::Other),
            (s2, Label::Other),
            (0, Label::Other),
            (s2, Label::Other),
        ];
        for (j, (s, l)) in tail.into_iter().enumerate() {
            let at = end + 1.0 + j as f64;
            m.lines.push((s, l, false, timed.then_some((at, at + 0.5))));
        }
        let rejection = m.lines.len() - 5;
        prop_assume!(m.utterances_of(1) >= 5);
        let mut accepted = m.clone();
        accepted.lines[rejection].1 = Label::Concession;
        let (before, after) = (m.scores(), accepted.scores());
        let who = |s: &Scores| {
            s.speakers.iter().find(|x| x.name == "Speaker1").and_then(|x| x.following).expect("judged")
        };
        prop_assert!(who(&after) >= who(&before));
        if who(&before) < 1.0 {
            prop_assert!(who(&after) > who(&before));
        }
        let (b, a) = (&before.group.figures, &after.group.figures);
        prop_assert!(a.follow_rate > b.follow_rate);
        let (rb, ra) = (b.resolution.expect("challenges"), a.resolution.expect("one left"));
        prop_assert!(ra > rb, "resolution {rb} -> {ra}");
    }

    #[test]
    fn a_few_remarks_in_a_long_meeting_never_lead(
        m in meeting(150..300),
        remarks in proptest::collection::vec(label(), 5..9),
    ) {
        // A new speaker makes a handful of remarks, spread over the meeting.
        // Lead acts and uptakes are at most twice their substantive
        // utterances, measured against 0.9 × a fair share: under a fifth of
        // a fair share they cannot reach half of it, whatever they say.
        let mut m = m;
        let whisper = m.speakers.len();
        m.speakers.push("Whisper".into());
        let gap = m.lines.len() / (remarks.len() + 1);
        for (j, &l) in remarks.iter().enumerate().rev() {
            let at = (j + 1) * gap;
            let times = m.lines[at].3;
            m.lines.insert(at, (whisper, l, false, times));
        }
        let s = m.scores();
        let w = s.speakers.iter().find(|x| x.name == "Whisper").expect("listed");
        let said = w.utterances - w.other;
        let f = &s.group.figures;
        prop_assume!(w.leading.is_some());
        prop_assume!(5 * said * (f.speakers as u64) < f.substantive);
        prop_assert!(!w.leads(), "leading {:?} with {said} of {}", w.leading, f.substantive);
        prop_assert_ne!(w.style, colead::score::Style::ConcurrentLeader);
        prop_assert_ne!(w.style, colead::score::Style::Directive);
    }

    #[test]
    fn a_silent_participant_lowers_equality(m in meeting(1..60)) {
        let before = m.scores().group.figures;
        let mut more = m.clone();
        more.speakers.push("Silent".into());
        let after = more.scores();
        let silent = after.speakers.iter().find(|s| s.name == "Silent").expect("listed");
        prop_assert_eq!((silent.utterances, silent.talk_share), (0, 0.0));
        let after = after.group.figures;
        let talked = m.lines.iter().any(|l| l.3.is_some_and(|t| t.1 > t.0)) || m.lines[0].3.is_none();
        if talked {
            prop_assert!(after.equality < before.equality, "{} -> {}", before.equality, after.equality);
        }
        if before.turn_entropy > 0.0 {
            prop_assert!(after.turn_entropy < before.turn_entropy);
        }
        prop_assert_eq!(before.speakers, after.speakers, "who said anything");
    }
}
