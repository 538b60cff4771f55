//! The worked examples of `docs/metrics.md`, reproduced. Every expected
//! value below was computed by hand in that document (the arithmetic is
//! repeated here as formulas, never pasted from a run); change both together.

use std::path::Path;

use colead::classify::{Label, RuleClassifier};
use colead::score::{Options, Pattern, Style, TalkUnit, Window};
use colead::transcript::{self, Transcript, Turn};
use colead::{analyze, analyze_with, Analysis};

const MEETING: &str = "\
Ana: I think we should move the launch to June.
Ben: Why June?
Ana: The beta feedback will be in by then.
Ben: That makes sense.
Ben: We could also use May for the docs.
Cy: Okay.
Ana: Good idea, let's do that.
Ben: Should we tell marketing?
Ana: Yes, I'll email them today.
Ben: I can draft it if you like.
Ana: No, I'll do it.
Cy: Great.
Ana: Okay.
Ben: Then I'll update the roadmap.
";

/// Start and end of each line of [`MEETING`], for the timed variant.
const TIMES: [(f64, f64); 14] = [
    (0.0, 4.0),
    (4.5, 5.5),
    (6.0, 9.0),
    (9.5, 11.0),
    (11.0, 14.0),
    (13.0, 13.5),
    (14.0, 16.0),
    (16.5, 18.0),
    (17.5, 20.0),
    (20.5, 23.0),
    (22.0, 24.0),
    (24.5, 25.0),
    (25.5, 26.0),
    (27.0, 30.0),
];

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-4
}

macro_rules! assert_close {
    ($actual:expr, $expected:expr) => {{
        let (a, e): (f64, f64) = ($actual, $expected);
        assert!(close(a, e), "{} = {a}, expected {e}", stringify!($actual));
    }};
}

fn untimed() -> Analysis {
    let t = transcript::parse_text(MEETING, Path::new("worked-example.txt")).expect("parses");
    analyze(t, &RuleClassifier::new())
}

/// The same meeting with a start and end on every line.
fn timed() -> Analysis {
    let turns: Vec<Turn> = MEETING
        .lines()
        .zip(TIMES)
        .enumerate()
        .map(|(i, (line, (start, end)))| {
            let (speaker, text) = line.split_once(": ").expect("speaker line");
            Turn {
                speaker: speaker.into(),
                text: text.into(),
                start: Some(start),
                end: Some(end),
                line: i + 1,
            }
        })
        .collect();
    let t = Transcript::from_turns("worked-example.json", "json-array", &turns);
    analyze(t, &RuleClassifier::new())
}

fn labels(a: &Analysis) -> Vec<Label> {
    a.classified.iter().map(|c| c.label).collect()
}

#[test]
fn labels_are_the_ones_worked_from() {
    use Label::*;
    let expected = [
        Position, Question, Position, Concession, Position, Other, Concession, Question, Position,
        Position, Challenge, Other, Other, Position,
    ];
    assert_eq!(labels(&untimed()), expected);
    assert_eq!(labels(&timed()), expected, "times change no label");
}

#[test]
fn per_speaker_leading_following_and_conversation_figures() {
    let a = untimed();
    let s = &a.scores.speakers;
    let by = |name: &str| s.iter().find(|x| x.name == name).expect("speaker");
    let (ana, ben, cy) = (by("Ana"), by("Ben"), by("Cy"));

    // Ana: 6 utterances, 32 words, 6 turns; 3 positions + 1 challenge lead,
    // 1 concession follows. Position turns 0, 2, 7; turns 0 and 2 are taken
    // up (Ben's question, Ben's concession), turn 7 is met by a position.
    assert_eq!((ana.utterances, ana.words, ana.turns), (6, 32, 6));
    assert_eq!(
        (ana.positions, ana.challenges, ana.concessions, ana.other),
        (3, 1, 1, 1)
    );
    assert_eq!((ana.lead_acts, ana.follow_acts), (4, 1));
    assert_eq!((ana.position_turns, ana.taken_up), (3, 2));
    assert_close!(ana.uptake.expect("has positions"), 2.0 / 3.0);
    // 11 substantive utterances among 3 speakers: a fair share is 11/3. Ana
    // says 5 substantive, more: her base is 5. Lead acts 4 + taken up 2
    // against 5 × (0.8 + 0.1): ratio 6/4.5 = 4/3, leading (4/3)/(4/3 + ½) =
    // 8/11. Follow acts 1 against 5 × 0.2 = 1: ratio 1, following ⅔.
    assert_eq!(ana.questions_to_others, 0);
    assert_close!(ana.lead_ratio.expect("judged"), 4.0 / 3.0);
    assert_close!(ana.leading.expect("judged"), 8.0 / 11.0);
    assert_close!(ana.follow_ratio.expect("judged"), 1.0);
    assert_close!(ana.following.expect("judged"), 2.0 / 3.0);
    assert_close!(
        ana.concurrency.expect("judged"),
        (8.0f64 / 11.0 * 2.0 / 3.0).sqrt()
    );
    assert_eq!(ana.style, Style::ConcurrentLeader);
    // Responses: lines 2, 4, 8, 10 and 14 answer her.
    assert_eq!(ana.responses_received, 5);
    assert_eq!(
        (
            ana.concurrent_moments,
            ana.questions_answered,
            ana.competing_positions
        ),
        (0, 0, 0)
    );
    assert_eq!(ana.challenges_resolved, 0);
    assert_eq!(ana.longest_monologue_words, 9);
    assert_close!(ana.talk_share, 32.0 / 63.0);
    assert_eq!(
        (ana.talk_seconds, ana.overlaps, ana.interruptions),
        (None, None, None)
    );

    // Ben: 6 utterances, 29 words, 5 turns; 3 positions lead; 2 questions and
    // 1 concession follow. Turn 3 (lines 4–5) concedes and advances: a
    // concurrent moment, and the one position turn of his taken up (line 7).
    assert_eq!((ben.utterances, ben.words, ben.turns), (6, 29, 5));
    assert_eq!((ben.positions, ben.questions, ben.concessions), (3, 2, 1));
    assert_eq!((ben.position_turns, ben.taken_up), (3, 1));
    assert_close!(ben.uptake.expect("has positions"), 1.0 / 3.0);
    // Base 6 (above 11/3). Lead acts 3 + taken up 1 against 6 × 0.9: ratio
    // 4/5.4 = 20/27, leading (20/27)/(20/27 + ½) = 40/67. Both questions
    // respond to Ana: follow acts 3 against 6 × 0.2: ratio 2.5, following 5/6.
    assert_eq!(ben.questions_to_others, 2);
    assert_close!(ben.lead_ratio.expect("judged"), 20.0 / 27.0);
    assert_close!(ben.leading.expect("judged"), 40.0 / 67.0);
    assert_close!(ben.follow_ratio.expect("judged"), 2.5);
    assert_close!(ben.following.expect("judged"), 5.0 / 6.0);
    assert_eq!(ben.style, Style::ConcurrentLeader);
    assert_eq!(ben.concurrent_moments, 1);
    assert_eq!(ben.questions_answered, 2);
    assert_eq!(ben.responses_received, 4); // lines 3, 7, 9, 11
    assert_eq!(ben.competing_positions, 1); // line 10 against line 9
    assert_eq!(ben.longest_monologue_words, 3 + 8);

    // Cy: 2 utterances, below the floor of 5: not judged, nothing extreme.
    assert_eq!((cy.utterances, cy.words, cy.turns), (2, 2, 2));
    assert_eq!(
        (cy.leading, cy.following, cy.concurrency, cy.uptake),
        (None, None, None, None)
    );
    assert_eq!((cy.lead_ratio, cy.follow_ratio), (None, None));
    assert_eq!(cy.style, Style::InsufficientEvidence);

    // Sorted by leading: Ana (8/11) before Ben (40/67).
    assert_eq!(
        s.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
        ["Ana", "Ben", "Cy"]
    );
}

#[test]
fn group_pattern_confidence_and_deciding_figures() {
    let a = untimed();
    let g = &a.scores.group;
    let f = &g.figures;
    assert_eq!((f.utterances, f.substantive, f.turns), (14, 11, 13));
    assert_eq!((f.lead_acts, f.follow_acts), (7, 4));
    assert_close!(f.lead_rate, 7.0 / 11.0);
    assert_close!(f.follow_rate, 4.0 / 11.0);
    assert_eq!(f.top_leader.as_deref(), Some("Ana"));
    assert_close!(f.top_lead_share.expect("some"), 4.0 / 7.0);
    assert_close!(f.second_lead_share.expect("some"), 3.0 / 7.0);
    assert_eq!((f.leaders, f.followers, f.concurrent), (2, 2, 2));
    // Ana 4 + 1 and Ben 3 + 3 of the 7 + 4 lead and follow acts.
    assert_close!(f.concurrent_share, 1.0);
    assert_eq!(f.questions_to_others, 2);
    assert_eq!(g.pattern, Pattern::Flow);

    // The decision list up to flow: not stagnation; Ana has most of the
    // leading (4/7 ≥ ½) but Ben's 3/7 is more than half of hers: not
    // hierarchy; both flow conditions hold.
    let held: Vec<(&str, bool)> = g
        .deciding
        .iter()
        .map(|c| (c.figure.as_str(), c.holds))
        .collect();
    assert_eq!(
        held,
        [
            ("lead_rate", false),
            ("top_lead_share", true),
            ("second_lead_share", false),
            ("concurrent", true),
            ("concurrent_share", true),
        ]
    );
    assert_close!(g.deciding[2].threshold, (4.0 / 7.0) / 2.0);
    assert_close!(g.deciding[4].threshold, 0.5);

    // Flips that change the verdict, in factors of two from the threshold:
    // Ben's lead ratio log2((20/27)/0.5) = 0.567 (to hierarchy), before the
    // top-to-second ratio log2(2/(4/3)) = 0.585 and the lead rate
    // log2((7/11)/0.4) = 0.670. Evidence 14/100 = 0.14 is lower still.
    assert_close!(g.confidence, 0.5 + 0.5 * 0.14);
    let call = g.closest_call.as_deref().expect("a flip changes it");
    assert!(call.starts_with("Ben's leading 0.60"), "{call}");
    assert!(call.ends_with("hierarchy"), "{call}");
}

#[test]
fn creative_abrasion_agility_resolution() {
    let f = untimed().scores.group.figures;
    // Abrasion: 1 challenge (line 11) + 1 competing position (line 10) in 14.
    assert_eq!((f.counts.challenge, f.competing_positions), (1, 1));
    assert_close!(f.abrasion, 100.0 * 2.0 / 14.0);
    assert_eq!(f.abrasion_per_10min, None);
    // Agility: both questions answered, 3 of 6 position turns taken up.
    assert_eq!(
        (f.questions_answered, f.taken_up, f.position_turns),
        (2, 3, 6)
    );
    assert_close!(f.agility.expect("events"), 5.0 / 8.0);
    assert_close!(f.answer_delay.expect("answered"), 1.0);
    assert_close!(f.uptake_delay.expect("taken up"), (1.0 + 1.0 + 2.0) / 3.0);
    // Resolution: the challenge is followed by other, other, a plain position.
    assert_eq!(f.challenges_resolved, 0);
    assert_close!(f.resolution.expect("a challenge"), 0.0);
}

#[test]
fn participation_equality_entropy_and_shifts() {
    let f = untimed().scores.group.figures;
    assert_eq!(f.talk_unit, TalkUnit::Words);
    // Gini of words [2, 29, 32] = (−2·2 + 0·29 + 2·32) / (3·63) = 60/189.
    assert_close!(f.equality, 1.0 - 60.0 / 189.0);
    // Turns [6, 5, 2] of 13.
    let h: f64 = [6.0f64, 5.0, 2.0]
        .iter()
        .map(|c| -(c / 13.0) * (c / 13.0).ln())
        .sum();
    assert_close!(f.turn_entropy, h / 3f64.ln());
    let s = f.shifts;
    assert_eq!(
        (s.ab_ba, s.a0_xa, s.ab_xa, s.ab_xb, s.ab_b0),
        (6, 2, 2, 1, 1)
    );
    assert_eq!(s.total(), 12, "one shift per turn after the first");
}

#[test]
fn flow_score_and_its_parts() {
    let f = untimed().scores.group.figures;
    let p = f.flow_parts;
    // Every lead and follow act is Ana's or Ben's, both concurrent.
    let concurrency = 1.0;
    assert_close!(p.concurrency, concurrency);
    assert_close!(p.abrasion, (200.0 / 14.0) / 15.0);
    assert_close!(p.agility.expect("8 events"), 1.0); // min(1, 0.625/0.4)
    assert_eq!(p.resolution, None, "1 challenge is below the 3-event floor");
    assert_close!(p.equality, 129.0 / 189.0);
    let others = ((200.0 / 14.0) / 15.0 + 1.0 + 129.0 / 189.0) / 3.0;
    assert_close!(f.flow_score, 100.0 * concurrency * others);
}

#[test]
fn timed_meeting_talk_time_overlaps_and_interruptions() {
    let a = timed();
    let s = &a.scores.speakers;
    let by = |name: &str| s.iter().find(|x| x.name == name).expect("speaker");
    let (ana, ben, cy) = (by("Ana"), by("Ben"), by("Cy"));
    // Ana 4 + 3 + 2 + 2.5 + 2 + 0.5; Ben 1 + 1.5 + 3 + 1.5 + 2.5 + 3; Cy 0.5 + 0.5.
    assert_close!(ana.talk_seconds.expect("timed"), 14.0);
    assert_close!(ben.talk_seconds.expect("timed"), 12.5);
    assert_close!(cy.talk_seconds.expect("timed"), 1.0);
    assert_close!(ana.talk_share, 14.0 / 27.5);
    assert_close!(ana.longest_monologue_seconds.expect("timed"), 4.0);
    assert_close!(ben.longest_monologue_seconds.expect("timed"), 1.5 + 3.0);
    // Cy's "Okay." starts at 13 inside Ben's 9.5–14 turn, ends first: an
    // overlap. Ana starts at 17.5 inside Ben's 16.5–18 and at 22 inside his
    // 20.5–23, and talks on after he stops: two interruptions.
    assert_eq!((ana.overlaps, ana.interruptions), (Some(2), Some(2)));
    assert_eq!((cy.overlaps, cy.interruptions), (Some(1), Some(0)));
    assert_eq!((ben.overlaps, ben.interruptions), (Some(0), Some(0)));

    let f = &a.scores.group.figures;
    assert_eq!(f.talk_unit, TalkUnit::Seconds);
    assert_close!(f.duration_seconds.expect("timed"), 30.0);
    assert_close!(f.abrasion_per_10min.expect("timed"), 2.0 * 600.0 / 30.0);
    assert_eq!((f.overlaps, f.interruptions), (Some(3), Some(2)));
    // Gini of seconds [1, 12.5, 14] = (−2·1 + 2·14) / (3·27.5) = 26/82.5.
    assert_close!(f.equality, 1.0 - 26.0 / 82.5);
}

/// The timeline example: a briefing, then a discussion.
const TIMELINE: &str = "\
Ana: I think we should move the office to Leeds. Rent there is half of what we pay now.
Ben: Mm-hmm.
Ana: We can sign the lease in March.
Cy: Okay.
Ana: The movers are already booked for April. Everyone gets a travel allowance for the first month.
Ben: Right.
Ana: I'll send the floor plans on Friday.
Cy: Mm-hmm.
Ana: The old office closes at the end of May.
Ben: Why Leeds and not Manchester?
Ana: Manchester rents have gone up this year.
Ben: That makes sense.
Ben: We could also keep a desk in London for clients.
Ana: Good point, let's keep one desk there.
Ana: Should we ask the team first?
Ben: Yes, we should ask them this week.
Ana: I disagree, this week is too busy.
Ben: You're right, next week then.
Ana: And I'll book a room for the survey.
Ben: Who will write the questions?
";

#[test]
fn timeline_windows_are_judged_like_meetings() {
    let t = transcript::parse_text(TIMELINE, Path::new("timeline.txt")).expect("parses");
    let options = Options {
        window: Some(Window::utterances(11)),
    };
    let a = analyze_with(t, &RuleClassifier::new(), &options);
    use Label::*;
    assert_eq!(
        labels(&a),
        [
            Position, Position, Other, Position, Other, Position, Position, Other, Position, Other,
            Position, Question, Position, Concession, Position, Concession, Question, Position,
            Challenge, Concession, Position, Question
        ]
    );
    let tl = &a.scores.timeline;
    assert_eq!(tl.windows.len(), 2);
    let (w1, w2) = (&tl.windows[0], &tl.windows[1]);

    // Window 1 (utterances 0–10): Ana's 7 positions are all the leading.
    assert_eq!((w1.first_utterance, w1.last_utterance), (0, 10));
    assert_eq!(w1.pattern, Pattern::Hierarchy);
    assert_close!(w1.lead_rate, 1.0);
    assert_eq!(w1.top_leader.as_deref(), Some("Ana"));
    assert_close!(w1.flow_score, 0.0); // Ana does not follow: no concurrent share
    assert_close!(w1.confidence, 0.5 + 0.5 * 0.11);

    // Window 2 (11–21): Ana and Ben both lead and follow.
    assert_eq!(w2.pattern, Pattern::Flow);
    assert_eq!(w2.concurrent_leaders, ["Ana", "Ben"]);
    assert_close!(w2.lead_rate, 5.0 / 11.0);
    assert_close!(w2.abrasion, 100.0 / 11.0);
    assert_close!(w2.agility.expect("events"), 5.0 / 7.0);
    assert_close!(w2.resolution.expect("a challenge"), 1.0);
    assert_close!(w2.equality, 2.0 / 3.0); // words [0, 35, 35]
                                           // Both concurrent: all 11 lead and follow acts are theirs.
    let others = ((100.0 / 11.0) / 15.0 + 1.0 + 2.0 / 3.0) / 3.0;
    assert_close!(w2.flow_score, 100.0 * others);
    // Ben's lead ratio 5/9 is log2(10/9) = 0.15 from a real share;
    // evidence 11/100 is lower.
    assert_close!(w2.confidence, 0.5 + 0.5 * 0.11);

    assert_eq!(colead::report::strip(tl), "HF");
    assert_eq!((tl.flow_windows, tl.flow_utterances), (1, 11));
    assert_eq!(tl.flow_seconds, None);

    // The window's figures are the whole machinery's: Ana's second-window
    // concession goes on to propose ("let's keep one desk there"), a
    // concurrent moment, as is Ben's concession-then-position turn.
    assert_eq!(a.scores.group.figures.concurrent_moments, 2);
}
