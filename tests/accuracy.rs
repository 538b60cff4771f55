//! The classifier's accuracy on the MRDA validation split, so it cannot
//! regress silently. Skips (with a message) where `../shared/data` is absent.

use std::path::PathBuf;

use colead::classify::{Classifier, Label, ModelClassifier, RuleClassifier};
use colead::eval::restyle::{restyle, Style};
use colead::eval::{collect_files, evaluate, read_labeled, Confusion};

fn val() -> Option<Vec<PathBuf>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mrda/val");
    if !dir.is_dir() {
        eprintln!("skipped: {} not found", dir.display());
        return None;
    }
    collect_files(&[dir]).ok()
}

fn measure(classifier: &dyn Classifier, files: &[PathBuf]) -> Confusion {
    let mut confusion = Confusion::default();
    for f in files {
        confusion += evaluate(classifier, &read_labeled(f).expect("reads"));
    }
    confusion
}

#[test]
fn model_classifier_holds_its_measured_accuracy_on_val() {
    let Some(files) = val() else { return };
    let c = measure(&ModelClassifier::builtin(), &files);
    assert_eq!(c.total(), 16_623);
    // Measured 0.889 / 0.784 / concession 0.518 / challenge 0.615. The
    // issue's target (0.88 / 0.78 / concession and challenge 0.55) is met
    // but for concessions, and is asserted where met; the other floors sit
    // about 0.01 below the measure: retraining with another seed or feature
    // hash moved class F1s by that much, and a real regression moves more.
    assert!(c.accuracy() >= 0.88, "accuracy {}", c.accuracy());
    assert!(c.macro_f1() >= 0.78, "macro-F1 {}", c.macro_f1());
    assert!(
        c.f1(Label::Concession) >= 0.51,
        "concession F1 {}",
        c.f1(Label::Concession)
    );
    assert!(
        c.f1(Label::Challenge) >= 0.60,
        "challenge F1 {}",
        c.f1(Label::Challenge)
    );
}

#[test]
fn the_model_beats_the_rules_alone() {
    let Some(files) = val() else { return };
    let model = measure(&ModelClassifier::builtin(), &files);
    let rules = measure(&RuleClassifier::new(), &files);
    assert!(model.macro_f1() > rules.macro_f1() + 0.1);
    assert!(model.accuracy() > rules.accuracy());
}

/// MRDA's text is all lower case, marks cut-offs with `--` and names
/// speakers by id. Written as other transcripts write (sentence case, "I",
/// commas after an opening "yeah" or "so", "..." for a cut-off, speakers by
/// name), the same meetings must be labeled as well: nothing may lean on
/// the corpus' own habits. Without any punctuation questions show only in
/// their words, and the model must still find most of them.
#[test]
fn other_transcript_styles_are_labeled_well() {
    let Some(files) = val() else { return };
    let classifier = ModelClassifier::builtin();
    let mut plain = Confusion::default();
    let mut written = Confusion::default();
    let mut unpunctuated = Confusion::default();
    for f in &files {
        let meetings = read_labeled(f).expect("reads");
        plain += evaluate(&classifier, &meetings);
        for (style, confusion) in [
            (Style::Written, &mut written),
            (Style::Unpunctuated, &mut unpunctuated),
        ] {
            let mut restyled = meetings.clone();
            for m in &mut restyled {
                restyle(m, style);
            }
            *confusion += evaluate(&classifier, &restyled);
        }
    }
    for (what, a, b) in [
        ("accuracy", plain.accuracy(), written.accuracy()),
        ("macro-F1", plain.macro_f1(), written.macro_f1()),
    ] {
        assert!(
            (a - b).abs() <= 0.005,
            "{what}: {a} as MRDA writes, {b} written"
        );
    }
    // Measured without punctuation: accuracy 0.842, macro-F1 0.689,
    // question F1 0.625 (0.120 before the model saw unpunctuated meetings).
    let u = &unpunctuated;
    assert!(u.accuracy() >= 0.83, "accuracy {}", u.accuracy());
    assert!(u.macro_f1() >= 0.67, "macro-F1 {}", u.macro_f1());
    let question = u.f1(Label::Question);
    assert!(question >= 0.60, "question F1 {question}");
}
