//! The rules and a linear model together.
//!
//! The cue rules run first: their labels give the context of later
//! utterances and, with the words and the timing, the features of a linear
//! model that makes the final call. Where the model agrees with the rules,
//! the evidence is the rule's cue; where it overrules them, the evidence names
//! the features that weighed most, with the rule's cue as the runner-up.

use super::features::{self, Hashed, Input, Named};
use super::linear::{self, LinearModel, TrainConfig};
use super::{
    Classified, Classifier, Context, Cue, Evidence, Label, RuleClassifier, RuleView, BUILTIN_NAME,
};
use crate::eval::LabeledMeeting;
use crate::transcript::Transcript;

/// Every how-many-th training meeting is seen without times.
pub const UNTIMED_EVERY: usize = 3;

/// A copy of `t` with every start and end time removed.
pub fn without_times(t: &Transcript) -> Transcript {
    let mut t = t.clone();
    for u in &mut t.utterances {
        u.start = None;
        u.end = None;
    }
    t
}

/// How many top-weighted features an overruling explanation names.
const EXPLAIN_FEATURES: usize = 3;

/// Rules plus a trained linear model.
#[derive(Debug)]
pub struct ModelClassifier {
    rules: RuleClassifier,
    model: LinearModel,
}

/// The model shipped in the binary, trained by
/// `colead train ../shared/data/mrda/train -o models/colead.model`.
pub const BUILTIN_MODEL: &[u8] = include_bytes!("../../models/colead.model");

impl ModelClassifier {
    /// The built-in rules with the built-in model.
    pub fn builtin() -> Self {
        Self::with_builtin_model(RuleClassifier::new())
    }

    /// `rules` (e.g. with a team's rules files) with the built-in model.
    pub fn with_builtin_model(rules: RuleClassifier) -> Self {
        let model = LinearModel::from_bytes(BUILTIN_MODEL)
            .expect("the built-in model file is valid (tested)");
        ModelClassifier::new(rules, model)
    }

    /// Combines `rules` with a model trained on their features.
    pub fn new(rules: RuleClassifier, model: LinearModel) -> Self {
        ModelClassifier { rules, model }
    }

    /// The rules part.
    pub fn rules(&self) -> &RuleClassifier {
        &self.rules
    }

    /// Whether the rules decided a concession or challenge on an explicit
    /// phrasing ("I disagree", "you're right", "sounds good": the `explicit`
    /// word list). Those state the class in so many words; they are rare in
    /// the training meetings, so the model has little to go on there, and a
    /// reader should not be talked out of their plain meaning. Everywhere
    /// else (the default position, one-word replies, bare "but",
    /// appreciation such as "good idea", which annotators often call
    /// acknowledgement) the model decides.
    fn is_explicit(&self, view: &RuleView) -> bool {
        matches!(view.classified.label, Label::Concession | Label::Challenge)
            && self.rules.is_explicit(&view.text)
    }

    /// Whether the deciding family was added or changed by a user's rules
    /// file: the user's explicit intent, and something the model never saw
    /// in training, so the model does not overrule it.
    fn user_rule_decided(&self, view: &RuleView) -> bool {
        let rule = view.classified.evidence.decided_by.rule.as_str();
        self.rules
            .families()
            .find(|f| &*f.id == rule)
            .is_some_and(|f| f.files.iter().any(|file| &**file != BUILTIN_NAME))
    }

    fn decide(&self, step: Step<'_>) -> Classified {
        let Step {
            view,
            transcript,
            index,
            rule_labels,
            context,
            ids,
        } = step;
        let (label, _) = self.model.predict(ids);
        if label == view.classified.label
            || self.is_explicit(&view)
            || self.user_rule_decided(&view)
        {
            return view.classified;
        }
        let input = Input {
            view: &view,
            utterances: &transcript.utterances,
            index,
            rule_labels,
            context,
        };
        let mut named = Named::default();
        features::extract(&input, &mut named);
        let mut weighed: Vec<(f32, String)> = named
            .0
            .into_iter()
            .map(|(name, id)| {
                (
                    self.model.weight(id, label) - self.model.weight(id, view.classified.label),
                    name,
                )
            })
            .collect();
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        weighed.dedup_by(|a, b| a.1 == b.1);
        let top: Vec<String> = weighed
            .into_iter()
            .take(EXPLAIN_FEATURES)
            .map(|(_, n)| n)
            .collect();
        let rule = view.classified.evidence;
        Classified {
            label,
            evidence: Evidence {
                decided_by: Cue {
                    label,
                    rule: "model".to_string(),
                    matched: top.join("; "),
                },
                runner_up: Some(rule.decided_by),
                context: rule.context,
            },
        }
    }
}

/// One utterance as the walk hands it over.
struct Step<'a> {
    view: RuleView,
    transcript: &'a Transcript,
    index: usize,
    rule_labels: &'a [Label],
    context: &'a Context,
    ids: &'a [u32],
}

/// Runs the rules over a transcript in order and hands each utterance, with
/// its context and hashed features, to `each`.
fn walk(rules: &RuleClassifier, t: &Transcript, mut each: impl FnMut(Step<'_>)) {
    let name = |id: usize| t.speaker_name(id).to_string();
    let mut rule_labels: Vec<Label> = Vec::with_capacity(t.utterances.len());
    let mut ids: Vec<u32> = Vec::with_capacity(64);
    for (index, u) in t.utterances.iter().enumerate() {
        let context = Context::of(&t.utterances, &rule_labels, index);
        let view = rules.view(&u.text, &context, &name);
        let rule_label = view.classified.label;
        ids.clear();
        let input = Input {
            view: &view,
            utterances: &t.utterances,
            index,
            rule_labels: &rule_labels,
            context: &context,
        };
        features::extract(&input, &mut Hashed(&mut ids));
        each(Step {
            view,
            transcript: t,
            index,
            rule_labels: &rule_labels,
            context: &context,
            ids: &ids,
        });
        rule_labels.push(rule_label);
    }
}

impl Classifier for ModelClassifier {
    fn classify(&self, t: &Transcript) -> Vec<Classified> {
        let mut out = Vec::with_capacity(t.utterances.len());
        walk(&self.rules, t, |step| out.push(self.decide(step)));
        out
    }
}

/// The training examples of labeled meetings: features as the classifier
/// will see them, with the human label.
///
/// Every [`UNTIMED_EVERY`]-th meeting is seen without its times, so the model
/// also learns to decide when a transcript has none (most plain-text and
/// QMSum-style transcripts), instead of leaning on timing it will not get.
pub fn examples(rules: &RuleClassifier, meetings: &[LabeledMeeting]) -> Vec<(Vec<u32>, Label)> {
    let mut out = Vec::new();
    for (k, m) in meetings.iter().enumerate() {
        let mut gold = m.gold.iter();
        let untimed;
        let transcript = if k % UNTIMED_EVERY == UNTIMED_EVERY - 1 {
            untimed = without_times(&m.transcript);
            &untimed
        } else {
            &m.transcript
        };
        walk(rules, transcript, |step| {
            if let Some(&g) = gold.next() {
                out.push((step.ids.to_vec(), g));
            }
        });
    }
    out
}

/// Trains a model on labeled meetings. With `tune_every` = k > 1, every
/// k-th meeting is first held out to tune the class biases for macro-F1 on a
/// model trained on the rest; the final model is trained on all meetings and
/// gets those biases.
pub fn train(
    rules: &RuleClassifier,
    meetings: &[LabeledMeeting],
    config: &TrainConfig,
    tune_every: usize,
) -> LinearModel {
    let mut model = linear::train(&examples(rules, meetings), features::BITS, config);
    if tune_every > 1 && meetings.len() >= tune_every {
        let (held, kept): (Vec<_>, Vec<_>) = meetings
            .iter()
            .enumerate()
            .partition(|(i, _)| i % tune_every == tune_every - 1);
        let kept: Vec<LabeledMeeting> = kept.into_iter().map(|(_, m)| m.clone()).collect();
        let held: Vec<LabeledMeeting> = held.into_iter().map(|(_, m)| m.clone()).collect();
        let mut partial = linear::train(&examples(rules, &kept), features::BITS, config);
        let before = partial.bias();
        linear::tune_bias(&mut partial, &examples(rules, &held));
        model.shift_bias(partial.bias(), before);
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_phrasings_are_recognized() {
        let rules = RuleClassifier::new();
        for text in [
            "i disagree.",
            "well, you're both wrong.",
            "that's a mistake.",
            "yes, but it fails.",
            "sounds good.",
            "agreed.",
        ] {
            assert!(rules.is_explicit(text), "{text}");
        }
        for text in [
            "good idea.",
            "yeah.",
            "but the tests fail.",
            "i think we should go.",
        ] {
            assert!(!rules.is_explicit(text), "{text}");
        }
    }

    #[test]
    fn builtin_model_loads_and_matches_the_feature_table() {
        let model = LinearModel::from_bytes(BUILTIN_MODEL).expect("valid");
        assert_eq!(model.bits(), features::BITS);
    }
}
