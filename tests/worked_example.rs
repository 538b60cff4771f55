//! The worked example of `docs/metrics.md`, reproduced. Every expected value
//! below was computed by hand in that document; change both together.

use std::path::Path;

use colead::classify::{Label, RuleClassifier};
use colead::score::{Pattern, Style};
use colead::{analyze, transcript};

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

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-4
}

#[test]
fn worked_example_matches_the_hand_computation() {
    let t = transcript::parse_text(MEETING, Path::new("worked-example.txt")).expect("parses");
    let a = analyze(t, &RuleClassifier::new());

    use Label::*;
    let labels: Vec<Label> = a.classified.iter().map(|c| c.label).collect();
    assert_eq!(
        labels,
        [
            Position, Question, Position, Concession, Position, Other, Concession, Question,
            Position, Position, Challenge, Other, Other, Position
        ]
    );

    let s = &a.scores.speakers;
    let by = |name: &str| s.iter().find(|x| x.name == name).expect("speaker");
    let (ana, ben, cy) = (by("Ana"), by("Ben"), by("Cy"));

    // Ana: 6 utterances, 32 words; 3 positions + 1 challenge lead, 1 concession follows.
    assert_eq!((ana.utterances, ana.words), (6, 32));
    assert_eq!(
        (ana.positions, ana.challenges, ana.concessions, ana.other),
        (3, 1, 1, 1)
    );
    assert_eq!(ana.leading, Some(1.0)); // (4/6)/0.4 = 1.667, capped at 1
    assert!(close(ana.following.expect("judged"), 0.8333)); // (1/6)/0.2
    assert!(close(ana.concurrency.expect("judged"), 0.9129)); // sqrt(1 × 0.8333)
    assert_eq!(ana.style, Style::ConcurrentLeader);
    assert!(close(ana.talk_share, 32.0 / 63.0));

    // Ben: 6 utterances, 29 words; 3 positions lead, 2 questions + 1 concession follow.
    assert_eq!((ben.utterances, ben.words), (6, 29));
    assert_eq!((ben.positions, ben.questions, ben.concessions), (3, 2, 1));
    assert_eq!(ben.leading, Some(1.0)); // (3/6)/0.4 = 1.25, capped
    assert_eq!(ben.following, Some(1.0)); // (3/6)/0.2 = 2.5, capped
    assert_eq!(ben.style, Style::ConcurrentLeader);

    // Cy: 2 utterances, below the floor of 5: not judged.
    assert_eq!((cy.utterances, cy.words), (2, 2));
    assert_eq!(
        (cy.leading, cy.following, cy.concurrency),
        (None, None, None)
    );
    assert_eq!(cy.style, Style::InsufficientEvidence);

    let g = &a.scores.group;
    let f = &g.figures;
    assert_eq!((f.utterances, f.lead_acts, f.follow_acts), (14, 7, 4));
    assert!(close(f.lead_rate, 0.5));
    assert!(close(f.top_lead_share.expect("some"), 4.0 / 7.0)); // 0.571 < 0.6: no hierarchy
    assert!(close(f.second_lead_share.expect("some"), 3.0 / 7.0));
    assert_eq!((f.leaders, f.followers, f.concurrent), (2, 2, 2));
    assert!(close(f.equality, 1.0 - 60.0 / 189.0)); // Gini of [32, 29, 2] = 60/189
    assert_eq!(g.pattern, Pattern::Flow);
    // Sorted by leading, ties by talk share: Ana (32 words) before Ben (29).
    assert_eq!(
        s.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
        ["Ana", "Ben", "Cy"]
    );
}
