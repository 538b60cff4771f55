use super::*;
use crate::classify::{Classifier, RuleClassifier};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

/// The built-in rules with `text` merged as `team.toml`.
fn with(text: &str) -> Result<RuleSet> {
    let mut set = RuleSet::builtin();
    set.merge_str(Path::new("team.toml"), text)?;
    Ok(set)
}

/// The error `text` gives, as the CLI prints it.
fn error(text: &str) -> String {
    match with(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// Label and deciding rule of `reply` (Ben) after `before` (Ann).
fn decide(set: &RuleSet, before: &str, reply: &str) -> (Label, String) {
    let mut t = Transcript::new("test", "test");
    let mut b = UtteranceBuilder::default();
    for (i, (who, text)) in [("Ann", before), ("Ben", reply)].iter().enumerate() {
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
    let classifier = RuleClassifier::from_rule_set(set).expect("compiles");
    let last = classifier.classify(&t).pop().expect("labeled");
    (last.label, last.evidence.decided_by.rule.to_string())
}

const GERMAN: &str = r#"
[[family]]
id = "concession.de-zustimmung"
class = "concession"
scope = "start"
description = "German agreement"
examples = ["Ich stimme zu."]
patterns = [
    'ich stimme (?:dir |ihnen |euch )?zu',
    'einverstanden',
]
"#;

const FRIDAY: &str = "Wir sollten am Freitag liefern.";

#[test]
fn a_german_concession_family_turns_a_position_into_a_concession() {
    let builtin = RuleSet::builtin();
    assert_eq!(
        decide(&builtin, FRIDAY, "Ich stimme zu."),
        (Label::Position, "position.content".to_string())
    );
    let german = with(GERMAN).expect("valid");
    assert_eq!(
        decide(&german, FRIDAY, "Ich stimme zu."),
        (Label::Concession, "concession.de-zustimmung".to_string())
    );
    let f = german.family("concession.de-zustimmung").expect("added");
    assert_eq!(f.origin.to_string(), "team.toml:2");
    assert_eq!(f.patterns[1].origin.to_string(), "team.toml:10");
    assert_eq!(&*f.files, [Arc::from("team.toml")]);
    // Added last: every family already there keeps priority over it.
    assert_eq!(
        german.families().last().map(|f| &*f.id),
        Some("concession.de-zustimmung")
    );
}

#[test]
fn extending_other_backchannel_makes_a_reply_a_backchannel() {
    let set = with(
        r#"
[[family]]
id = "other.backchannel"
mode = "extend"
patterns = ['(?:ach so|achso)[\s,.!;:-]*']
"#,
    )
    .expect("valid");
    assert_eq!(
        decide(&RuleSet::builtin(), FRIDAY, "Ach so.").0,
        Label::Position
    );
    assert_eq!(
        decide(&set, FRIDAY, "Ach so."),
        (Label::Other, "other.backchannel".to_string())
    );
    // The built-in pattern is still there.
    assert_eq!(decide(&set, FRIDAY, "Mm-hmm.").0, Label::Other);
    let f = set.family("other.backchannel").expect("present");
    assert_eq!(f.patterns.len(), 2);
    assert_eq!(&*f.files, [Arc::from(BUILTIN_NAME), Arc::from("team.toml")]);
}

#[test]
fn replacing_other_backchannel_drops_the_built_in_words() {
    let set = with(
        r#"
[[family]]
id = "other.backchannel"
patterns = ['(?:mm+[\s,.!;:-]*)+']
"#,
    )
    .expect("valid");
    assert_eq!(
        decide(&RuleSet::builtin(), FRIDAY, "Cool."),
        (Label::Other, "other.backchannel".to_string())
    );
    // "cool" is no longer a backchannel on its own: it is content.
    assert_eq!(
        decide(&set, FRIDAY, "Cool."),
        (Label::Position, "position.content".to_string())
    );
    assert_eq!(decide(&set, FRIDAY, "Mmm.").0, Label::Other);
}

#[test]
fn extending_a_word_list_reaches_every_pattern_that_names_it() {
    let set = with(
        r#"
[[list]]
name = "agree"
mode = "extend"
words = ["genau", "stimmt"]
"#,
    )
    .expect("valid");
    assert_eq!(
        decide(&RuleSet::builtin(), FRIDAY, "Genau.").0,
        Label::Position
    );
    assert_eq!(
        decide(&set, FRIDAY, "Genau."),
        (Label::Concession, "concession.agree-word".to_string())
    );
    let list = set.word_list("agree").expect("present");
    assert_eq!(list.words.last().map(String::as_str), Some("stimmt"));
    assert!(set.expand("{agree}").ends_with("|totally|genau|stimmt)"));
}

#[test]
fn a_new_word_list_can_be_named_by_a_family_above_it_in_the_file() {
    let set = with(
        r#"
[[family]]
id = "concession.de-agree-word"
class = "concession"
scope = "whole"
patterns = ['{de-agree}']

[[list]]
name = "de-agree"
words = ["jawohl", "genau"]
"#,
    )
    .expect("valid");
    assert_eq!(
        decide(&set, FRIDAY, "Jawohl!"),
        (Label::Concession, "concession.de-agree-word".to_string())
    );
}

#[test]
fn before_puts_a_family_ahead_of_another() {
    let strong = r#"
[[family]]
id = "challenge.strong"
class = "challenge"
scope = "start"
patterns = ['i strongly disagree']
"#;
    let reply = "I strongly disagree.";
    let after = with(strong).expect("valid");
    assert_eq!(decide(&after, FRIDAY, reply).1, "challenge.disagree");
    let before = with(&format!("{strong}before = \"challenge.disagree\"\n")).expect("valid");
    assert_eq!(
        decide(&before, FRIDAY, reply),
        (Label::Challenge, "challenge.strong".to_string())
    );
    let ids: Vec<&str> = before.families().iter().map(|f| &*f.id).collect();
    let at = |id: &str| ids.iter().position(|i| *i == id).expect("present");
    assert_eq!(at("challenge.strong") + 1, at("challenge.disagree"));
    // An override can move a built-in family too.
    let moved =
        with("[[family]]\nid = \"challenge.but\"\nbefore = \"challenge.no\"\n").expect("valid");
    assert_eq!(
        moved.families().first().map(|f| &*f.id),
        Some("challenge.but")
    );
    assert_eq!(moved.families().len(), RuleSet::builtin().families().len());
}

#[test]
fn an_emptied_family_is_switched_off_but_still_listed() {
    let set = with("[[family]]\nid = \"challenge.but\"\npatterns = []\n").expect("valid");
    let f = set.family("challenge.but").expect("still listed");
    assert!(!f.is_enabled());
    assert_eq!(
        decide(&RuleSet::builtin(), FRIDAY, "But marketing wants Monday.").1,
        "challenge.but"
    );
    assert_eq!(
        decide(&set, FRIDAY, "But marketing wants Monday.").1,
        "position.content"
    );
}

#[test]
fn later_files_override_earlier_ones() {
    let mut set = with(GERMAN).expect("valid");
    set.merge_str(
        Path::new("more.toml"),
        "[[family]]\nid = \"concession.de-zustimmung\"\npatterns = ['genau so']\n",
    )
    .expect("valid");
    let f = set.family("concession.de-zustimmung").expect("present");
    assert_eq!(f.patterns.len(), 1);
    assert_eq!(f.patterns[0].origin.to_string(), "more.toml:3");
    assert_eq!(f.description.as_deref(), Some("German agreement"));
    assert_eq!(decide(&set, FRIDAY, "Ich stimme zu.").0, Label::Position);
}

#[test]
fn a_failed_merge_leaves_the_set_unchanged() {
    let mut set = RuleSet::builtin();
    let text = format!("{GERMAN}\n[[family]]\nid = \"other.x\"\nclass = \"other\"\n");
    assert!(set.merge_str(Path::new("team.toml"), &text).is_err());
    assert!(set.family("concession.de-zustimmung").is_none());
}

#[test]
fn toml_syntax_errors_give_their_line() {
    assert_eq!(
        error("[[family]]\nid = \"challenge.x\nclass = \"challenge\"\n"),
        "team.toml:2: invalid basic string, expected `\"`"
    );
}

#[test]
fn unknown_keys_are_errors_at_their_line() {
    assert_eq!(
        error("[[family]]\nid = \"challenge.no\"\npattern = ['nein']\n"),
        "team.toml:3: unknown field `pattern`, expected one of `id`, `class`, `scope`, `mode`, `before`, `description`, `examples`, `patterns`"
    );
    assert_eq!(
        error("\n[[families]]\nid = \"challenge.no\"\n"),
        "team.toml:2: unknown field `families`, expected `family` or `list`"
    );
    assert_eq!(
        error("[[list]]\nname = \"agree\"\nword = ['ja']\n"),
        "team.toml:3: unknown field `word`, expected one of `name`, `mode`, `description`, `words`"
    );
}

#[test]
fn unknown_class_scope_and_mode_are_errors_at_their_line() {
    assert_eq!(
        error("[[family]]\nid = \"agreement.ja\"\nclass = \"agreement\"\nscope = \"start\"\npatterns = ['ja']\n"),
        "team.toml:3: unknown class `agreement` (expected position, question, concession, challenge or other)"
    );
    assert_eq!(
        error("[[family]]\nid = \"concession.ja\"\nclass = \"concession\"\nscope = \"begin\"\npatterns = ['ja']\n"),
        "team.toml:4: unknown scope `begin` (expected start, whole or end)"
    );
    assert_eq!(
        error("[[family]]\nid = \"challenge.no\"\nmode = \"append\"\npatterns = ['nein']\n"),
        "team.toml:3: unknown mode `append` (expected replace or extend)"
    );
}

#[test]
fn a_new_family_needs_class_scope_and_patterns() {
    assert_eq!(
        error("# German\n\n[[family]]\nid = \"concession.ja\"\nscope = \"start\"\npatterns = ['ja']\n"),
        "team.toml:3: new family `concession.ja` needs a class (position, question, concession, challenge or other)"
    );
    assert_eq!(
        error("[[family]]\nid = \"concession.ja\"\nclass = \"concession\"\npatterns = ['ja']\n"),
        "team.toml:1: new family `concession.ja` needs a scope (start, whole or end)"
    );
    assert_eq!(
        error("[[family]]\nid = \"concession.ja\"\nclass = \"concession\"\nscope = \"start\"\n"),
        "team.toml:1: new family `concession.ja` needs at least one pattern"
    );
    assert_eq!(
        error("[[family]]\nid = \"concession.ja\"\nclass = \"concession\"\nscope = \"start\"\npatterns = []\n"),
        "team.toml:5: new family `concession.ja` needs at least one pattern"
    );
}

#[test]
fn an_invalid_regex_names_the_family_and_the_pattern() {
    let text = "[[family]]\nid = \"challenge.no\"\npatterns = [\n  'nein',\n  'nee(',\n]\n";
    assert_eq!(
        error(text),
        "team.toml:5: invalid regex in family `challenge.no`: `nee(`: unclosed group"
    );
    assert_eq!(
        error("[[list]]\nname = \"agree\"\nmode = \"extend\"\nwords = [\n  'ja',\n  'jo[',\n]\n"),
        "team.toml:6: invalid regex in word list `agree`: `jo[`: unclosed character class"
    );
}

#[test]
fn an_id_must_start_with_its_class() {
    assert_eq!(
        error("[[family]]\nclass = \"concession\"\nid = \"zustimmung\"\nscope = \"start\"\npatterns = ['ja']\n"),
        "team.toml:3: family id `zustimmung` must start with its class: `concession.`"
    );
    // Overriding a family cannot move it to another class.
    assert_eq!(
        error("[[family]]\nid = \"challenge.no\"\nclass = \"concession\"\npatterns = ['nein']\n"),
        "team.toml:2: family id `challenge.no` must start with its class: `concession.`"
    );
    assert_eq!(
        error("[[family]]\nid = \"concession.\"\nclass = \"concession\"\nscope = \"start\"\npatterns = ['ja']\n"),
        "team.toml:2: family id `concession.`: after `concession.` use lower-case letters, digits, `-`, `_` or `.`"
    );
}

#[test]
fn a_placeholder_must_name_a_word_list() {
    assert_eq!(
        error("[[family]]\nid = \"other.backchannel\"\nmode = \"extend\"\npatterns = [\n  '{backchanel}',\n]\n"),
        "team.toml:5: pattern of family `other.backchannel` names no word list: `{backchanel}`"
    );
    // A repetition is not a placeholder.
    assert!(with("[[family]]\nid = \"challenge.no\"\npatterns = ['no{2,3}']\n").is_ok());
}

#[test]
fn before_must_name_a_family() {
    assert_eq!(
        error("[[family]]\nid = \"challenge.nein\"\nclass = \"challenge\"\nscope = \"whole\"\nbefore = \"challenge.nope\"\npatterns = ['nein']\n"),
        "team.toml:5: `before` names no family: `challenge.nope`"
    );
    assert_eq!(
        error("[[family]]\nid = \"challenge.no\"\nbefore = \"challenge.no\"\n"),
        "team.toml:3: family `challenge.no` cannot go before itself"
    );
}

#[test]
fn duplicate_ids_in_one_file_are_errors_at_the_second() {
    let text = "[[family]]\nid = \"challenge.no\"\npatterns = ['nein']\n\n[[family]]\nid = \"challenge.no\"\npatterns = ['nee']\n";
    assert_eq!(
        error(text),
        "team.toml:6: duplicate family `challenge.no` (first defined at line 2)"
    );
    assert_eq!(
        error("[[list]]\nname = \"agree\"\nwords = ['ja']\n[[list]]\nname = \"agree\"\nwords = ['jo']\n"),
        "team.toml:5: duplicate word list `agree` (first defined at line 2)"
    );
}

#[test]
fn families_the_procedure_needs_can_be_replaced_but_not_removed() {
    for id in REQUIRED_FAMILIES {
        assert_eq!(
            error(&format!("[[family]]\nid = \"{id}\"\npatterns = []\n")),
            format!("team.toml:3: `{id}` is used by the decision procedure: its patterns can be replaced but not removed")
        );
    }
    assert_eq!(
        error("[[family]]\nid = \"question.mark\"\nscope = \"start\"\npatterns = ['\\?']\n"),
        "team.toml:3: `question.mark` has scope `end`; an override can change its patterns, not its scope (add a new family for `start`)"
    );
    assert_eq!(
        error("[[list]]\nname = \"leading-fillers\"\nwords = []\n"),
        "team.toml:3: word list `leading-fillers` cannot be emptied: an empty list would match anything"
    );
}

#[test]
fn other_mistakes_are_caught_at_their_line() {
    assert_eq!(
        error("[[family]]\nid = \"challenge.nein\"\nmode = \"extend\"\npatterns = ['nein']\n"),
        "team.toml:3: no family `challenge.nein` to extend"
    );
    assert_eq!(
        error("[[family]]\nid = \"position.content\"\nclass = \"position\"\nscope = \"start\"\npatterns = ['x']\n"),
        "team.toml:2: `position.content` is reserved for the decision procedure; choose another id"
    );
    assert_eq!(
        error("[[family]]\nid = \"challenge.no\"\npatterns = ['nein', '']\n"),
        "team.toml:3: empty pattern in family `challenge.no`: it would match anything"
    );
    assert_eq!(
        error("[[list]]\nname = \"Zustimmung\"\nwords = ['ja']\n"),
        "team.toml:2: word list name `Zustimmung` must be lower-case letters, digits, `-` or `_`, starting with a letter"
    );
    assert_eq!(
        error("\n[[list]]\nname = \"ja\"\n"),
        "team.toml:2: new word list `ja` needs at least one word"
    );
    assert_eq!(
        error("[[list]]\nname = \"ja\"\nmode = \"extend\"\nwords = ['ja']\n"),
        "team.toml:3: no word list `ja` to extend"
    );
    assert_eq!(
        error("[[family]]\nid = 3\n"),
        "team.toml:2: invalid type: integer `3`, expected a string"
    );
}

#[test]
fn a_missing_file_is_an_io_error() {
    let mut set = RuleSet::builtin();
    let e = set
        .merge_file(Path::new("/nonexistent/rules.toml"))
        .expect_err("missing");
    assert!(matches!(e, Error::Io { .. }), "{e}");
}

#[test]
fn the_builtin_rules_have_every_required_family_and_list() {
    let set = RuleSet::builtin();
    assert_eq!(set.missing_required(), None);
    for f in set.families() {
        assert_eq!(&*f.origin.file, BUILTIN_NAME);
        assert!(f.description.is_some(), "{} has no description", f.id);
        assert!(!f.examples.is_empty(), "{} has no examples", f.id);
    }
    for l in set.word_lists() {
        assert!(l.description.is_some(), "{} has no description", l.name);
    }
}

/// The examples in the built-in file are real: each fires its family when
/// said in reply to a proposal.
#[test]
fn every_builtin_example_fires_its_family() {
    let classifier = RuleClassifier::new();
    let set = RuleSet::builtin();
    let ctx_lines = [("Ann", "I think we should ship on Friday.")];
    for f in set.families() {
        for example in &f.examples {
            let mut t = Transcript::new("test", "test");
            let mut b = UtteranceBuilder::default();
            for (i, (who, text)) in ctx_lines
                .iter()
                .chain([&("Ben", example.as_str())])
                .enumerate()
            {
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
            let labels: Vec<Label> = classifier.classify(&t).iter().map(|c| c.label).collect();
            let ctx = crate::classify::Context::of(&t.utterances, &labels[..1], 1);
            let view = classifier.view(example, &ctx, &|_| "Ann".to_string());
            assert!(
                view.fired.contains(&f.id),
                "{example:?} does not fire {} (fired {:?})",
                f.id,
                view.fired
            );
        }
    }
}
