//! The rules and a linear model together.
//!
//! The cue rules run first: their labels give the context of later
//! utterances and, with the words and the timing, the features of a linear
//! model that makes the final call. Where the model agrees with the rules,
//! the evidence is the rule's cue; where it overrules them, the evidence names
//! the features that weighed most, with the rule's cue as the runner-up.

use super::features::{self, Hashed, Input, Named};
use super::linear::{self, LinearModel, TrainConfig};
use super::{Classified, Classifier, Context, Cue, Evidence, Label, RuleClassifier, RuleView};
use crate::eval::LabeledMeeting;
use crate::transcript::Transcript;

/// How many top-weighted features an overruling explanation names.
const EXPLAIN_FEATURES: usize = 3;

/// Rules plus a trained linear model.
#[derive(Debug)]
pub struct ModelClassifier {
    rules: RuleClassifier,
    model: LinearModel,
}

impl ModelClassifier {
    /// Combines `rules` with a model trained on their features.
    pub fn new(rules: RuleClassifier, model: LinearModel) -> Self {
        ModelClassifier { rules, model }
    }

    /// The rules part.
    pub fn rules(&self) -> &RuleClassifier {
        &self.rules
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
        if label == view.classified.label {
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
pub fn examples(rules: &RuleClassifier, meetings: &[LabeledMeeting]) -> Vec<(Vec<u32>, Label)> {
    let mut out = Vec::new();
    for m in meetings {
        let mut gold = m.gold.iter();
        walk(rules, &m.transcript, |step| {
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
