use super::*;
use crate::transcript::{Utterance, UtteranceBuilder};

/// A transcript of one utterance per line, as `(speaker, text)`.
fn meeting(lines: &[(&str, &str)]) -> Transcript {
    let mut t = Transcript::new("test", "test");
    let mut b = UtteranceBuilder::default();
    for (i, (who, text)) in lines.iter().enumerate() {
        let speaker = b.speaker_id(&mut t.speakers, who);
        let turn = b.turn_index(speaker);
        t.utterances.push(Utterance {
            speaker,
            text: text.to_string(),
            start: None,
            end: None,
            line: i + 1,
            turn,
        });
    }
    t
}

fn labels(lines: &[(&str, &str)]) -> Vec<Label> {
    RuleClassifier::new()
        .classify(&meeting(lines))
        .into_iter()
        .map(|c| c.label)
        .collect()
}

/// The label of the last line, after the ones before it.
fn last(lines: &[(&str, &str)]) -> Label {
    *labels(lines).last().expect("non-empty")
}

const PROPOSAL: (&str, &str) = ("Ann", "I think we should ship on Friday.");

use Label::*;

#[test]
fn positions() {
    assert_eq!(last(&[("Ann", "I think we should ship Friday")]), Position);
    assert_eq!(last(&[("Ann", "We could move it to staging")]), Position);
    assert_eq!(
        last(&[("Ann", "The build takes forty minutes on the old runners.")]),
        Position
    );
}

#[test]
fn questions_with_and_without_mark() {
    assert_eq!(last(&[("Ann", "What if we tried X?")]), Question);
    assert_eq!(
        last(&[PROPOSAL, ("Ben", "do you mean the old one")]),
        Question
    );
    assert_eq!(last(&[("Ann", "how long does the build take")]), Question);
    assert_eq!(
        last(&[("Ann", "Any thoughts on the release date")]),
        Question
    );
    assert_eq!(last(&[("Ann", "It runs on Linux, right?")]), Question);
}

#[test]
fn concessions_answer_someone_else() {
    for reply in [
        "You're right, I hadn't seen it that way",
        "Fair point",
        "Yeah, let's do that",
        "I agree",
        "That makes sense.",
        "Sounds good to me.",
    ] {
        assert_eq!(last(&[PROPOSAL, ("Ben", reply)]), Concession, "{reply}");
    }
}

#[test]
fn challenges_answer_someone_else() {
    for reply in [
        "I disagree",
        "No, that won't scale",
        "But what about the cost",
        "Actually, I think Monday is safer.",
        "Yes, but that breaks the build.",
        "I'm not sure that works.",
        "That won't work with the old runners.",
    ] {
        assert_eq!(last(&[PROPOSAL, ("Ben", reply)]), Challenge, "{reply}");
    }
}

#[test]
fn others() {
    for text in [
        "mm-hmm",
        "uh",
        "okay so",
        "thanks",
        "Thank you everyone.",
        "Hi all",
        "Let's get started.",
    ] {
        assert_eq!(last(&[PROPOSAL, ("Ben", text)]), Other, "{text}");
    }
}

#[test]
fn markup_and_fragments_are_other() {
    assert_eq!(last(&[("Ann", "{vocalsound}")]), Other);
    assert_eq!(last(&[PROPOSAL, ("Ben", "so we could --")]), Other);
    assert_eq!(last(&[PROPOSAL, ("Ben", "so we could…")]), Other);
    // QMSum and AMI mark a break with markup, which normalization removes.
    assert_eq!(
        last(&[PROPOSAL, ("Ben", "So we could {disfmarker}")]),
        Other
    );
    assert_eq!(
        last(&[PROPOSAL, ("Ben", "So {disfmarker} we could")]),
        Position
    );
}

#[test]
fn a_question_cut_off_after_its_mark_was_asked() {
    for text in [
        "you want me to?--",
        "by nice you mean? --",
        "is it?…",
        "Or?—",
    ] {
        assert_eq!(last(&[PROPOSAL, ("Ben", text)]), Question, "{text}");
    }
    // Cut off before any mark: a fragment.
    assert_eq!(last(&[PROPOSAL, ("Ben", "do you want --")]), Other);
}

#[test]
fn a_challenge_needs_someone_elses_point() {
    // Nobody spoke before: the opposition has nothing to oppose.
    let c = RuleClassifier::new()
        .classify(&meeting(&[("Ann", "I disagree with the plan in the doc.")]));
    assert_eq!(c[0].label, Position);
    assert_eq!(
        c[0].evidence.runner_up.as_ref().map(|r| r.label),
        Some(Challenge)
    );
}

#[test]
fn continuing_ones_own_line_is_not_a_challenge() {
    let l = labels(&[
        PROPOSAL,
        ("Ann", "But then the release notes need to be ready."),
    ]);
    assert_eq!(l, [Position, Position]);
}

#[test]
fn yeah_while_the_other_keeps_going_is_a_backchannel() {
    let l = labels(&[
        PROPOSAL,
        ("Ben", "yeah"),
        ("Ann", "and the docs can follow on Monday."),
    ]);
    assert_eq!(l[1], Other);
}

#[test]
fn yeah_accepting_a_proposal_is_a_concession() {
    let l = labels(&[
        PROPOSAL,
        ("Ben", "Yeah."),
        ("Cat", "Then I'll book the room."),
    ]);
    assert_eq!(l[1], Concession);
}

#[test]
fn yeah_over_the_speaker_is_a_backchannel() {
    let mut t = meeting(&[
        PROPOSAL,
        ("Ben", "yeah"),
        ("Cat", "Then I'll book the room."),
    ]);
    let times = [(0.0, 4.0), (2.0, 2.4), (5.0, 7.0)];
    for (u, (s, e)) in t.utterances.iter_mut().zip(times) {
        u.start = Some(s);
        u.end = Some(e);
    }
    let c = RuleClassifier::new().classify(&t);
    assert_eq!(c[1].label, Other);
}

#[test]
fn no_answering_a_question_is_an_answer() {
    assert_eq!(
        last(&[("Ann", "Should we ship on Friday?"), ("Ben", "No.")]),
        Position
    );
    assert_eq!(
        last(&[
            ("Ann", "Did the tests pass?"),
            ("Ben", "No, two of them failed.")
        ]),
        Position
    );
}

#[test]
fn no_to_a_proposal_is_a_challenge() {
    assert_eq!(last(&[PROPOSAL, ("Ben", "No.")]), Challenge);
}

#[test]
fn yes_answering_a_question_is_an_answer() {
    assert_eq!(
        last(&[("Ann", "Did the tests pass?"), ("Ben", "Yes.")]),
        Position
    );
}

#[test]
fn backchannels_between_do_not_hide_the_point() {
    // Cat's "mm-hmm" sits between Ann's proposal and Ben's reply.
    assert_eq!(
        last(&[
            PROPOSAL,
            ("Cat", "mm-hmm"),
            ("Ben", "I disagree, the tests are red.")
        ]),
        Challenge
    );
}

#[test]
fn evidence_names_rule_cue_and_context() {
    let c = RuleClassifier::new().classify(&meeting(&[PROPOSAL, ("Ben", "No, that won't scale")]));
    let e = &c[1].evidence;
    assert_eq!(&*e.decided_by.rule, "challenge.no-because");
    assert!(
        e.decided_by.matched.starts_with("no,"),
        "{:?}",
        e.decided_by
    );
    assert_eq!(e.context.as_deref(), Some("opposes a point from Ann"));
    // "that won't" argues for a challenge too, but "no" comes first; no other class fired.
    assert_eq!(e.runner_up, None);
}

#[test]
fn case_and_curly_apostrophes_do_not_matter() {
    assert_eq!(
        last(&[PROPOSAL, ("Ben", "YOU\u{2019}RE RIGHT.")]),
        Concession
    );
}

#[test]
fn other_scripts_default_to_position_and_question_mark_works() {
    assert_eq!(last(&[("王", "我们明天发布。")]), Position);
    assert_eq!(last(&[("王", "你同意吗？")]), Question);
}

#[test]
fn every_builtin_family_compiles_and_ids_are_unique() {
    let c = RuleClassifier::new();
    let ids: Vec<&str> = c.families().map(|f| &*f.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
    for f in c.families() {
        assert!(
            f.id.starts_with(f.label.as_str()),
            "{} should start with its class",
            f.id
        );
    }
}

#[test]
fn a_one_word_reply_with_a_question_mark_asks() {
    assert_eq!(last(&[PROPOSAL, ("Ben", "right?")]), Question);
    assert_eq!(last(&[PROPOSAL, ("Ben", "Okay?")]), Question);
    assert_eq!(last(&[PROPOSAL, ("Ben", "No?")]), Question);
}

/// Each built-in family, shown deciding one utterance in its context.
#[test]
fn every_family_decides_its_own_example() {
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, Label);
    let cases: &[Case<'_>] = &[
        (&[PROPOSAL, ("Ben", "No.")], "challenge.no", Challenge),
        (
            &[PROPOSAL, ("Ben", "Yeah.")],
            "concession.agree-word",
            Concession,
        ),
        (&[PROPOSAL, ("Ben", "Mm-hmm.")], "other.backchannel", Other),
        (
            &[PROPOSAL, ("Ben", "Thank you all.")],
            "other.social",
            Other,
        ),
        (&[PROPOSAL, ("Ben", "Moving on.")], "other.procedure", Other),
        (
            &[PROPOSAL, ("Ben", "I strongly disagree.")],
            "challenge.disagree",
            Challenge,
        ),
        (
            &[PROPOSAL, ("Ben", "You're right, but the tests are red.")],
            "challenge.yes-but",
            Challenge,
        ),
        (
            &[PROPOSAL, ("Ben", "Nope, the tests are red.")],
            "challenge.no-because",
            Challenge,
        ),
        (
            &[PROPOSAL, ("Ben", "The problem is the tests.")],
            "challenge.objection",
            Challenge,
        ),
        (
            &[PROPOSAL, ("Ben", "But marketing wants Monday.")],
            "challenge.but",
            Challenge,
        ),
        (
            &[PROPOSAL, ("Ben", "Good point.")],
            "concession.agree",
            Concession,
        ),
        (
            &[PROPOSAL, ("Ben", "Works for me.")],
            "concession.accept",
            Concession,
        ),
        (
            &[PROPOSAL, ("Ben", "Is that enough time?")],
            "question.mark",
            Question,
        ),
        (
            &[PROPOSAL, ("Ben", "what about the docs")],
            "question.invite",
            Question,
        ),
        (
            &[PROPOSAL, ("Ben", "why would that help")],
            "question.wh",
            Question,
        ),
        (
            &[PROPOSAL, ("Ben", "should we tell sales")],
            "question.inversion",
            Question,
        ),
        (
            &[PROPOSAL, ("Ben", "Also the docs need a week.")],
            "position.build",
            Position,
        ),
        (
            &[("Ann", "We should ship on Friday.")],
            "position.proposal",
            Position,
        ),
        (
            &[("Ann", "The build is green.")],
            "position.content",
            Position,
        ),
        (
            &[PROPOSAL, ("Ben", "so we could --")],
            "other.fragment",
            Other,
        ),
        (&[PROPOSAL, ("Ben", "{vocalsound}")], "other.empty", Other),
    ];
    let classifier = RuleClassifier::new();
    let mut covered: Vec<&str> = Vec::new();
    for (lines, rule, label) in cases {
        let c = classifier.classify(&meeting(lines));
        let got = c.last().expect("labeled");
        let text = lines.last().map_or("", |l| l.1);
        assert_eq!(
            (&*got.evidence.decided_by.rule, got.label),
            (*rule, *label),
            "{text}"
        );
        covered.push(rule);
    }
    for family in classifier.families() {
        assert!(
            covered.contains(&&*family.id),
            "no example for {}",
            family.id
        );
    }
}

/// Every family id the code asks for by name is one rules files cannot
/// remove (or a structural id no family may take): otherwise a rules file
/// could silently switch part of the decision procedure off.
#[test]
fn ids_named_in_code_are_required_or_structural() {
    let ids = Regex::new(r#""((?:position|question|concession|challenge|other)\.[a-z-]+)""#)
        .expect("valid");
    let sources = [
        include_str!("../rules.rs"),
        include_str!("../../score/mod.rs"),
        include_str!("../features.rs"),
    ];
    let mut seen = 0;
    for source in sources {
        for c in ids.captures_iter(source) {
            let id = &c[1];
            seen += 1;
            assert!(
                REQUIRED_FAMILIES.contains(&id) || STRUCTURAL_RULES.contains(&id),
                "{id} is named in code but rules files could remove it"
            );
        }
    }
    assert!(seen > REQUIRED_FAMILIES.len());
}

#[test]
fn evidence_quotes_the_words_each_scope_matched() {
    let rules = RuleClassifier::new();
    let evidence = |lines: &[(&str, &str)]| {
        let c = rules.classify(&meeting(lines));
        c.last().expect("non-empty").evidence.clone()
    };
    // `whole`: the whole normalized reply, spaces collapsed.
    let e = evidence(&[PROPOSAL, ("Ben", "  Yeah,   RIGHT.  ")]);
    assert_eq!(&*e.decided_by.rule, "concession.agree-word");
    assert_eq!(e.decided_by.matched, "yeah, right.");
    assert_eq!(e.runner_up, None);
    // `start`: what the pattern took from the start, up to a word boundary.
    let e = evidence(&[PROPOSAL, ("Ben", "No, that won't scale")]);
    assert_eq!(e.decided_by.matched, "no, that");
    // `end`: the question mark and the bracket after it; here the runner-up.
    let e = evidence(&[PROPOSAL, ("Ben", "But what if it fails?)")]);
    assert_eq!(&*e.decided_by.rule, "challenge.objection");
    assert_eq!(e.decided_by.matched, "but what if");
    let runner_up = e.runner_up.expect("a question cue fired too");
    assert_eq!(&*runner_up.rule, "question.mark");
    assert_eq!(runner_up.matched, "?)");
}

#[test]
fn clean_normalizes_ascii_and_other_text_alike() {
    // Leading and trailing whitespace dropped; tab, vertical tab and the
    // annotation's space each collapse into one space; backticks and
    // curly apostrophes become straight ones.
    assert_eq!(
        clean("  Hello\tWORLD\u{0B} `x`  {vocalsound} Don\u{2019}t  "),
        "hello world 'x' don't"
    );
    assert_eq!(
        clean("\u{201C}ÉTÉ\u{201D} [noise] Was HOT"),
        "\"été\" was hot"
    );
    assert_eq!(clean(" \r\n "), "");
    // Form feed is whitespace to `char::is_whitespace`; 0x1F is not.
    assert_eq!(clean("a\u{0C}b\u{1F}c"), "a b\u{1F}c");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    /// The byte-wise ASCII path gives what the char-wise path gives.
    #[test]
    fn ascii_path_agrees_with_char_path(
        text in "[\\x00-\\x7f]{0,40}|[ aZ`.\\t\\x0b\\x0c\\r\\n\\x1f]{0,30}",
        prefix in "[ a\\t]{0,2}",
    ) {
        let run = |ascii: bool| {
            let mut c = Cleaner { out: String::new(), space: false };
            for piece in [prefix.as_str(), text.as_str()] {
                if ascii { c.push_ascii(piece) } else { c.push_any(piece) }
            }
            (c.out, c.space)
        };
        proptest::prop_assert_eq!(run(true), run(false));
    }
}
