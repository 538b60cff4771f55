//! The rules and a linear model together.
//!
//! The cue rules run first: their labels give the context of later
//! utterances and, with the words and the timing, the features of a linear
//! model that makes the final call. Where the model agrees with the rules,
//! the evidence is the rule's cue; where it overrules them, the evidence names
//! the features that weighed most, with the rule's cue as the runner-up.

use std::sync::{Arc, LazyLock};

use super::features::{self, Hashed, Input};
use super::linear::{self, LinearModel, Raw, TrainConfig};
use super::{
    Classified, Classifier, Context, Cue, Evidence, Label, RuleClassifier, RuleView, BUILTIN_NAME,
};
use crate::eval::{restyle, LabeledMeeting};
use crate::transcript::Transcript;

/// Every how-many-th training meeting is seen without times.
pub const UNTIMED_EVERY: usize = 3;

/// Every how-many-th training meeting is seen without punctuation.
pub const UNPUNCTUATED_EVERY: usize = 4;

/// A copy of `t` without punctuation, as speech recognizers without
/// punctuation give it ([`restyle::unpunctuated`]).
pub fn without_punctuation(t: &Transcript) -> Transcript {
    let mut t = t.clone();
    for u in &mut t.utterances {
        u.text = restyle::unpunctuated(&u.text);
    }
    t
}

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
    model: Stacked,
    /// Whether the model's labels name the features behind them.
    explain: bool,
    /// The ids of the second model's neighbour features.
    neighbour_ids: features::NeighbourIds,
}

/// Two linear models in sequence: the first labels every utterance from its
/// own features; the second sees the same features plus the first's labels
/// of the neighbouring utterances (whether the next speaker carries on, what
/// the reply to this one was), the context a reader uses. The decision
/// weighs both models' class scores ([`Blend`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Stacked {
    /// Labels each utterance alone.
    pub first: LinearModel,
    /// Decides, with the first's labels of the neighbours.
    pub second: LinearModel,
    /// How the two models' class scores are combined into the decision.
    pub blend: Blend,
}

/// The decision's class scores: `(1 − first_weight) × second + first_weight
/// × first + offsets`. The second model alone over-trusts its neighbours'
/// guesses, which are themselves the first model's guesses; averaging in the
/// first model's own view is a two-member ensemble whose weight and class
/// offsets are tuned for macro-F1 on cross-fitted scores in training.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Blend {
    /// Weight of the first model's scores, 0–1 (0: the second alone).
    pub first_weight: f32,
    /// Added to each class's blended score.
    pub offsets: [f32; linear::CLASSES],
}

/// Marks the blend section after the two models in a model file (files
/// without it blend nothing: the second model decides alone).
const BLEND_MAGIC: &[u8; 4] = b"CLBL";

impl Blend {
    /// The blended class scores.
    pub fn scores(
        &self,
        first: &[f32; linear::CLASSES],
        second: &[f32; linear::CLASSES],
    ) -> [f32; linear::CLASSES] {
        let mut out = *second;
        for ((o, f), off) in out.iter_mut().zip(first).zip(self.offsets) {
            // A weight of 0 must leave the second model's scores as they are,
            // even where the first gives a class no score (−∞).
            if self.first_weight > 0.0 {
                *o = (1.0 - self.first_weight) * *o + self.first_weight * f;
            }
            *o += off;
        }
        out
    }

    fn to_bytes(self) -> Vec<u8> {
        let mut out = BLEND_MAGIC.to_vec();
        out.extend_from_slice(&self.first_weight.to_le_bytes());
        for o in self.offsets {
            out.extend_from_slice(&o.to_le_bytes());
        }
        out
    }

    fn read(bytes: &[u8]) -> Result<Blend, String> {
        let body = bytes
            .strip_prefix(BLEND_MAGIC)
            .ok_or("trailing bytes after the model")?;
        let mut floats = body.chunks_exact(4).map(|c| {
            let mut b = [0u8; 4];
            b.copy_from_slice(c);
            f32::from_le_bytes(b)
        });
        if body.len() != 4 * (1 + linear::CLASSES) {
            return Err("blend section: expected a weight and one offset per class".into());
        }
        let first_weight = floats.next().unwrap_or_default();
        let mut offsets = [0.0; linear::CLASSES];
        for (o, f) in offsets.iter_mut().zip(floats) {
            *o = f;
        }
        if !(0.0..=1.0).contains(&first_weight) || offsets.iter().any(|o| !o.is_finite()) {
            return Err("blend section: weight outside 0–1 or an offset not finite".into());
        }
        Ok(Blend {
            first_weight,
            offsets,
        })
    }
}

impl Stacked {
    /// Serializes both models, first then second, then the blend.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.first.to_bytes();
        out.extend(self.second.to_bytes());
        out.extend(self.blend.to_bytes());
        out
    }

    /// Reads a model file written by [`Stacked::to_bytes`] (or by an earlier
    /// version, without the blend section).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let (first, used) = LinearModel::read(bytes)?;
        let (second, rest) = LinearModel::read(bytes.get(used..).unwrap_or_default())?;
        let tail = bytes.get(used + rest..).unwrap_or_default();
        let blend = if tail.is_empty() {
            Blend::default()
        } else {
            Blend::read(tail)?
        };
        Ok(Stacked {
            first,
            second,
            blend,
        })
    }
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
        let model =
            Stacked::from_bytes(BUILTIN_MODEL).expect("the built-in model file is valid (tested)");
        ModelClassifier::new(rules, model)
    }

    /// Combines `rules` with a model trained on their features.
    pub fn new(rules: RuleClassifier, mut model: Stacked) -> Self {
        // Both models' rows side by side, when they came from a model file.
        linear::pair(&mut model.first, &mut model.second);
        let neighbour_ids = features::NeighbourIds::new(model.first.outputs().len());
        ModelClassifier {
            rules,
            model,
            explain: true,
            neighbour_ids,
        }
    }

    /// The same classifier, except that where the model overrules the
    /// rules its evidence names no features (`matched` is empty). Labels
    /// and every score are the same; for outputs that show no evidence
    /// (batch tables without utterance rows), where naming the features
    /// would be a tenth of the work for nothing.
    pub fn without_explanations(mut self) -> Self {
        self.explain = false;
        self
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
        let rule = &*view.classified.evidence.decided_by.rule;
        self.rules
            .families()
            .find(|f| &*f.id == rule)
            .is_some_and(|f| f.files.iter().any(|file| &**file != BUILTIN_NAME))
    }

    /// The first model's guess and class scores of every utterance of a
    /// first pass, and the second model's raw scores of each utterance's own
    /// features (to be completed with the neighbours' features), when the
    /// models are paired.
    fn first_guesses(&self, pass: &FirstPass) -> FirstOutputs {
        let (first, second) = (&self.model.first, &self.model.second);
        let k = second.outputs().len();
        let mut out = FirstOutputs {
            guesses: Vec::with_capacity(pass.len()),
            scores: Vec::with_capacity(pass.len()),
            own: Vec::new(),
            k,
        };
        for i in 0..pass.len() {
            let (g, scores) = match linear::raw_pair(first, second, pass.ids(i), pass.after(i)) {
                Some((a, b)) => {
                    out.own.extend_from_slice(&b[..k]);
                    let (scores, kind) = first.predict_kind_raw(&a);
                    let label = Label::ALL[linear::argmax(&scores)];
                    (features::Guess { label, kind }, scores)
                }
                None => guess(first, pass.ids(i)),
            };
            out.guesses.push(g);
            out.scores.push(scores);
        }
        out
    }

    /// Whether the second model overrules the rules on utterance `index` of
    /// a first pass: `None` keeps the rules' label and evidence; otherwise
    /// the model's label and the features that weighed most for it. `own`:
    /// the second model's raw scores of the utterance's own features, if
    /// [`ModelClassifier::first_guesses`] gave them.
    fn decide(
        &self,
        t: &Transcript,
        pass: &FirstPass,
        first: &FirstOutputs,
        (index, view): (usize, &RuleView),
        ids: &mut Vec<u32>,
    ) -> Option<(Label, String)> {
        ids.clear();
        ids.extend_from_slice(pass.ids(index));
        let own_len = ids.len();
        let guesses = &first.guesses;
        features::neighbour_ids(&self.neighbour_ids, &t.utterances, guesses, index, ids);
        let second = &self.model.second;
        let scores = match first.own(index) {
            Some(own) => {
                let mut raw: Raw = [0.0; linear::MAX_OUTPUTS];
                raw[..own.len()].copy_from_slice(own);
                second.add_raw(ids.get(own_len..).unwrap_or_default(), &mut raw);
                second.scores_raw(&raw)
            }
            None => second.scores(ids),
        };
        let own = first.scores.get(index).copied().unwrap_or(scores);
        let label = Label::ALL[linear::argmax(&self.model.blend.scores(&own, &scores))];
        if label == view.classified.label || self.is_explicit(view) || self.user_rule_decided(view)
        {
            return None;
        }
        let why = if self.explain {
            self.explain(t, pass, &first.guesses, index, view, ids, label)
        } else {
            String::new()
        };
        Some((label, why))
    }

    /// The [`EXPLAIN_FEATURES`] features (names, `; `-joined) that weigh
    /// most for `label` against the rules' label: sorted by that weight,
    /// highest first, then by name, each name once.
    ///
    /// Only the names that can make the cut are built: features of equal
    /// name have equal ids and so equal weight, so every feature weighing
    /// more than the last one taken, and all that weigh the same as it,
    /// decide the outcome; the rest cannot.
    #[allow(clippy::too_many_arguments)]
    fn explain(
        &self,
        t: &Transcript,
        pass: &FirstPass,
        first: &[features::Guess],
        index: usize,
        view: &RuleView,
        ids: &[u32],
        label: Label,
    ) -> String {
        let second = &self.model.second;
        let rule_label = view.classified.label;
        let weights: Vec<f32> = ids
            .iter()
            .map(|&id| {
                let [for_label, for_rule] = second.weights_for(id, [label, rule_label]);
                for_label - for_rule
            })
            .collect();
        // Take whole groups of equal weight, heaviest first, until they hold
        // enough distinct ids (distinct ids are distinct names). A few
        // passes over the weights find them; sorting them all cost more.
        let mut wanted = vec![false; ids.len()];
        let mut seen: Vec<u32> = Vec::with_capacity(EXPLAIN_FEATURES);
        let mut below: Option<f32> = None;
        while seen.len() < EXPLAIN_FEATURES {
            let lighter = |w: &f32| below.is_none_or(|b| w.total_cmp(&b).is_lt());
            let Some(group) = weights
                .iter()
                .copied()
                .filter(lighter)
                .max_by(f32::total_cmp)
            else {
                break;
            };
            for ((want, w), id) in wanted.iter_mut().zip(&weights).zip(ids) {
                if w.total_cmp(&group).is_eq() {
                    *want = true;
                    if !seen.contains(id) {
                        seen.push(*id);
                    }
                }
            }
            below = Some(group);
        }
        let mut picked = features::Picked::new(&wanted);
        pass.extract(t, index, &mut picked);
        features::neighbours(&t.utterances, first, index, &mut picked);
        let mut weighed: Vec<(f32, String)> = picked
            .names
            .into_iter()
            .map(|(i, name)| (weights.get(i).copied().unwrap_or(0.0), name))
            .collect();
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        weighed.dedup_by(|a, b| a.1 == b.1);
        let top: Vec<String> = weighed
            .into_iter()
            .take(EXPLAIN_FEATURES)
            .map(|(_, n)| n)
            .collect();
        top.join("; ")
    }
}

/// The rule id of the model's decisions, made once and shared.
static MODEL_RULE: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from("model"));

/// The final label and evidence of one utterance: the rules' own when the
/// model agrees, or the model's with the rules' cue as the runner-up.
fn overruled(rules: Classified, decision: Option<(Label, String)>) -> Classified {
    let Some((label, matched)) = decision else {
        return rules;
    };
    let rule = rules.evidence;
    Classified {
        label,
        evidence: Evidence {
            decided_by: Cue {
                label,
                rule: MODEL_RULE.clone(),
                matched,
            },
            runner_up: Some(rule.decided_by),
            context: rule.context,
        },
    }
}

/// What the rules saw of every utterance of a transcript, in order, with
/// the hashed features of each.
struct FirstPass {
    views: Vec<RuleView>,
    contexts: Vec<Context>,
    rule_labels: Vec<Label>,
    /// The words of every view.
    words: features::Words,
    /// Feature ids of all utterances, one after the other ...
    ids: Vec<u32>,
    /// ... utterance `i`'s from `ends[i - 1]` (0 for the first) to `ends[i]`.
    ends: Vec<usize>,
}

impl FirstPass {
    /// Runs the rules over `t` in order; each utterance's context reads the
    /// rules' labels of those before it.
    fn run(rules: &RuleClassifier, t: &Transcript) -> FirstPass {
        let name = |id: usize| t.speaker_name(id).to_string();
        let n = t.utterances.len();
        let mut pass = FirstPass {
            views: Vec::with_capacity(n),
            contexts: Vec::with_capacity(n),
            rule_labels: Vec::with_capacity(n),
            words: features::Words::default(),
            ids: Vec::with_capacity(n * 64),
            ends: Vec::with_capacity(n),
        };
        for (index, u) in t.utterances.iter().enumerate() {
            let context = Context::of(&t.utterances, &pass.rule_labels, index);
            let view = rules.view(&u.text, &context, &name);
            pass.rule_labels.push(view.classified.label);
            pass.views.push(view);
            pass.contexts.push(context);
        }
        // Features once every view is known: they read the neighbours'
        // normalized words, after as well as before.
        pass.words = features::Words::of(&pass.views, &t.utterances);
        let mut ids = std::mem::take(&mut pass.ids);
        for index in 0..n {
            pass.extract(t, index, &mut Hashed(&mut ids));
            pass.ends.push(ids.len());
        }
        pass.ids = ids;
        pass
    }

    /// Writes the features of utterance `index` to `sink`.
    fn extract<S: features::Sink + ?Sized>(&self, t: &Transcript, index: usize, sink: &mut S) {
        let Some(context) = self.contexts.get(index) else {
            return;
        };
        let input = Input {
            views: &self.views,
            words: &self.words,
            utterances: &t.utterances,
            index,
            rule_labels: self.rule_labels.get(..index).unwrap_or_default(),
            context,
        };
        features::extract(&input, sink);
    }

    /// The feature ids of utterance `index`.
    fn ids(&self, index: usize) -> &[u32] {
        let from = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        self.ids.get(from..self.ends[index]).unwrap_or_default()
    }

    /// The feature ids of the utterances after `index`.
    fn after(&self, index: usize) -> &[u32] {
        let from = self.ends.get(index).copied().unwrap_or(self.ids.len());
        self.ids.get(from..).unwrap_or_default()
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// What the first pass of the models gives for every utterance of a
/// transcript.
struct FirstOutputs {
    /// The first model's guesses (the second model's neighbour features).
    guesses: Vec<features::Guess>,
    /// The first model's class scores (half of the blend).
    scores: Vec<[f32; linear::CLASSES]>,
    /// The second model's raw scores of each utterance's own features, `k`
    /// per utterance; empty when the models are not paired.
    own: Vec<f32>,
    /// The second model's outputs.
    k: usize,
}

impl FirstOutputs {
    /// The second model's raw scores of utterance `index`'s own features,
    /// if computed.
    fn own(&self, index: usize) -> Option<&[f32]> {
        self.own.get(index * self.k..(index + 1) * self.k)
    }
}

/// The first model's guess from an utterance's features, with its class
/// scores.
fn guess(first: &LinearModel, ids: &[u32]) -> (features::Guess, [f32; linear::CLASSES]) {
    let (scores, kind) = first.predict_kind(ids);
    let label = Label::ALL[linear::argmax(&scores)];
    (features::Guess { label, kind }, scores)
}

impl Classifier for ModelClassifier {
    fn classify(&self, t: &Transcript) -> Vec<Classified> {
        let pass = FirstPass::run(&self.rules, t);
        let first = self.first_guesses(&pass);
        let mut ids = Vec::with_capacity(96);
        let decisions: Vec<Option<(Label, String)>> = pass
            .views
            .iter()
            .enumerate()
            .map(|iv| self.decide(t, &pass, &first, iv, &mut ids))
            .collect();
        pass.views
            .into_iter()
            .zip(decisions)
            .map(|(view, decision)| overruled(view.classified, decision))
            .collect()
    }
}

/// Fewer training examples than this and a kind of a class gets no output
/// of its own (it is learned with the rest of its class).
pub const MIN_KIND_EXAMPLES: usize = 3000;

/// The kinds of the five classes the model learns as separate outputs: one
/// per class for everything not in a kind of its own, then one per
/// frequent (class, tag kind) pair in the training data.
#[derive(Debug, Clone, PartialEq)]
pub struct Kinds {
    keys: Vec<(Label, String)>,
}

impl Kinds {
    /// The kinds found in `meetings`' tags (see [`tag_kind`]).
    pub fn of(meetings: &[LabeledMeeting]) -> Kinds {
        let mut counts: std::collections::BTreeMap<(usize, String), usize> = Default::default();
        for m in meetings {
            for (gold, tag) in m.gold.iter().zip(&m.tags) {
                let kind = tag_kind(tag);
                if !kind.is_empty() {
                    *counts.entry((gold.index(), kind)).or_default() += 1;
                }
            }
        }
        let mut keys: Vec<(Label, String)> =
            Label::ALL.iter().map(|&l| (l, String::new())).collect();
        keys.extend(
            counts
                .into_iter()
                .filter(|(_, n)| *n >= MIN_KIND_EXAMPLES)
                .map(|((l, k), _)| (Label::ALL[l], k))
                .take(linear::MAX_OUTPUTS - Label::ALL.len()),
        );
        Kinds { keys }
    }

    /// The class of each output.
    pub fn outputs(&self) -> Vec<Label> {
        self.keys.iter().map(|(l, _)| *l).collect()
    }

    /// The output of a gold label with this tag.
    fn output(&self, gold: Label, tag: &str) -> usize {
        let kind = tag_kind(tag);
        self.keys
            .iter()
            .position(|(l, k)| *l == gold && !k.is_empty() && *k == kind)
            .unwrap_or(gold.index())
    }
}

/// The kind named by a dialogue-act tag in the DAMSL style (`s^bk|s^rt`,
/// `qy^d`, `s^df.%--`): the first act of the tag, its general tag, and its
/// first specific tag that is not prosody or topic (`rt t tc g f d`), with
/// interruption marks (`.%--`) set aside. `s^bk|s^rt` → `s^bk`; `qy^d^rt` →
/// `qy`; `%--` → `%--`. A tag in another scheme is taken as it is.
pub fn tag_kind(tag: &str) -> String {
    let act = tag.split('|').next().unwrap_or("").trim();
    fn plain(m: &str) -> &str {
        m.split('.').next().unwrap_or(m)
    }
    let mut marks = act.split('^').map(plain);
    let general = marks.next().unwrap_or("");
    match marks.find(|m| !matches!(*m, "" | "rt" | "t" | "tc" | "g" | "f" | "d")) {
        Some(specific) => format!("{general}^{specific}"),
        None => general.to_string(),
    }
}

/// The training examples of one labeled meeting: its first pass (features
/// as the classifier will see them) and the output (kind of the human
/// label) to learn for each utterance.
struct Example {
    /// Index of the labeled meeting: copies of one meeting share a fold.
    meeting: usize,
    /// Whether this is a second reading of the meeting (unpunctuated).
    copy: bool,
    transcript: Transcript,
    pass: FirstPass,
    outputs: Vec<usize>,
}

/// The examples of labeled meetings.
///
/// Every [`UNTIMED_EVERY`]-th meeting is seen without its times, so the model
/// also learns to decide when a transcript has none (most plain-text and
/// QMSum-style transcripts), instead of leaning on timing it will not get.
/// Every [`UNPUNCTUATED_EVERY`]-th is seen a second time without
/// punctuation, as some speech recognizers give it: there a question shows
/// only in its words.
fn examples(rules: &RuleClassifier, meetings: &[LabeledMeeting], kinds: &Kinds) -> Vec<Example> {
    let example = |meeting: usize, copy: bool, transcript: Transcript| {
        let pass = FirstPass::run(rules, &transcript);
        let m = &meetings[meeting];
        let outputs = m
            .gold
            .iter()
            .zip(&m.tags)
            .map(|(&g, tag)| kinds.output(g, tag))
            .take(pass.len())
            .collect();
        Example {
            meeting,
            copy,
            transcript,
            pass,
            outputs,
        }
    };
    let mut all = Vec::with_capacity(meetings.len() * 5 / 4 + 1);
    for (k, m) in meetings.iter().enumerate() {
        let transcript = if k % UNTIMED_EVERY == UNTIMED_EVERY - 1 {
            without_times(&m.transcript)
        } else {
            m.transcript.clone()
        };
        let unpunctuated = (k % UNPUNCTUATED_EVERY == 1).then(|| without_punctuation(&transcript));
        all.push(example(k, false, transcript));
        if let Some(t) = unpunctuated {
            all.push(example(k, true, t));
        }
    }
    all
}

/// The first model's inputs: each utterance's own features.
fn first_inputs<'a>(examples: &'a [&'a Example]) -> Vec<(Vec<u32>, usize)> {
    examples
        .iter()
        .flat_map(|e| (0..e.outputs.len()).map(|i| (e.pass.ids(i).to_vec(), e.outputs[i])))
        .collect()
}

/// The second model's inputs: own features plus the neighbours' labels.
fn second_inputs(example: &Example, first: &[features::Guess]) -> Vec<(Vec<u32>, usize)> {
    (0..example.outputs.len())
        .map(|i| {
            let mut ids = example.pass.ids(i).to_vec();
            features::neighbours(
                &example.transcript.utterances,
                first,
                i,
                &mut Hashed(&mut ids),
            );
            (ids, example.outputs[i])
        })
        .collect()
}

/// Trains the stacked model on labeled meetings.
///
/// The second model must learn from first-pass labels as noisy as those it
/// will get on new meetings, so with `folds` = k > 1 every k-th meeting's
/// first-pass labels come from a first model trained without it
/// (cross-fitting); the class biases of the second model are then tuned for
/// macro-F1 on scores cross-fitted the same way. The shipped first and second
/// models are trained on all meetings.
pub fn train(
    rules: &RuleClassifier,
    meetings: &[LabeledMeeting],
    config: &TrainConfig,
    folds: usize,
) -> Stacked {
    let kinds = Kinds::of(meetings);
    let outputs = kinds.outputs();
    let all = examples(rules, meetings, &kinds);
    let fit = |inputs: &[(Vec<u32>, usize)]| {
        linear::train(inputs, outputs.clone(), features::BITS, config)
    };
    let folds = if folds > 1 && meetings.len() >= folds {
        folds
    } else {
        1
    };
    let split = |fold: usize| -> (Vec<&Example>, Vec<usize>) {
        let held: Vec<usize> = (0..all.len())
            .filter(|&i| folds > 1 && all[i].meeting % folds == fold)
            .collect();
        let kept = all
            .iter()
            .enumerate()
            .filter(|(i, _)| !held.contains(i))
            .map(|(_, e)| e)
            .collect();
        (kept, held)
    };
    let first = fit(&first_inputs(&all.iter().collect::<Vec<_>>()));
    // First-pass labels (and class scores) of every meeting, from a model
    // that did not see it.
    let mut first_labels: Vec<Vec<features::Guess>> = vec![Vec::new(); all.len()];
    let mut first_scores: Vec<Vec<[f32; linear::CLASSES]>> = vec![Vec::new(); all.len()];
    for fold in 0..folds {
        let (kept, held) = split(fold);
        let model = if folds > 1 {
            fit(&first_inputs(&kept))
        } else {
            first.clone()
        };
        for i in if folds > 1 {
            held
        } else {
            (0..all.len()).collect()
        } {
            let e = &all[i];
            (first_labels[i], first_scores[i]) = (0..e.outputs.len())
                .map(|u| guess(&model, e.pass.ids(u)))
                .unzip();
        }
    }
    let second_all: Vec<Vec<(Vec<u32>, usize)>> = all
        .iter()
        .zip(&first_labels)
        .map(|(e, l)| second_inputs(e, l))
        .collect();
    let second = fit(&second_all.concat());
    let mut blend = Blend::default();
    if folds > 1 {
        // Both models' scores of every utterance, each from models that did
        // not see its meeting.
        let mut scored: Vec<([f32; linear::CLASSES], [f32; linear::CLASSES], Label)> = Vec::new();
        for fold in 0..folds {
            let (_, held) = split(fold);
            let kept: Vec<(Vec<u32>, usize)> = second_all
                .iter()
                .enumerate()
                .filter(|(i, _)| !held.contains(i))
                .flat_map(|(_, v)| v.iter().cloned())
                .collect();
            let model = fit(&kept);
            // The blend is tuned on the meetings as written.
            for &i in held.iter().filter(|&&i| !all[i].copy) {
                for ((ids, o), own) in second_all[i].iter().zip(&first_scores[i]) {
                    scored.push((*own, model.scores(ids), outputs[*o]));
                }
            }
        }
        blend = tuned_blend(&scored);
    }
    Stacked {
        first,
        second,
        blend,
    }
}

/// The first model's weights tried in the blend.
const BLEND_WEIGHTS: [f32; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// The blend (weight, then class offsets) with the best macro-F1 on
/// cross-fitted `(first scores, second scores, gold)`; the lighter weight of
/// equals.
fn tuned_blend(scored: &[([f32; linear::CLASSES], [f32; linear::CLASSES], Label)]) -> Blend {
    let mut best = (Blend::default(), f64::NEG_INFINITY);
    for first_weight in BLEND_WEIGHTS {
        let weighed = Blend {
            first_weight,
            offsets: [0.0; linear::CLASSES],
        };
        let blended: Vec<([f32; linear::CLASSES], Label)> = scored
            .iter()
            .map(|(own, second, gold)| (weighed.scores(own, second), *gold))
            .collect();
        let (offsets, f1) = linear::tuned_offsets(&blended);
        if f1 > best.1 + 1e-9 {
            best = (
                Blend {
                    first_weight,
                    offsets,
                },
                f1,
            );
        }
    }
    best.0
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
    fn the_blend_weighs_both_models_and_adds_its_offsets() {
        let blend = Blend {
            first_weight: 0.25,
            offsets: [0.0, 0.0, 0.5, 0.0, 0.0],
        };
        let first = [1.0, 0.0, 0.0, 0.0, 0.0];
        let second = [0.0, 2.0, 0.0, 0.0, 0.0];
        // 0.75 × second + 0.25 × first + offsets.
        assert_eq!(blend.scores(&first, &second), [0.25, 1.5, 0.5, 0.0, 0.0]);
        // Weight 0 is the second model alone, even where the first has −∞.
        let none = Blend::default();
        let first = [f32::NEG_INFINITY, 0.0, 0.0, 0.0, 0.0];
        assert_eq!(none.scores(&first, &second), second);
    }

    #[test]
    fn the_tuned_blend_is_the_lightest_weight_that_decides_best() {
        // Gold alternates position and question; the first model is always
        // right, the second always says the other one. With weight a the
        // right class scores a and the wrong one 1 − a: right only from
        // a > 0.5, and no offset fixes both halves below that. So 0.6, with
        // no offsets needed.
        let one = |i: usize| {
            let mut s = [0.0; linear::CLASSES];
            s[i] = 1.0;
            s
        };
        let scored: Vec<_> = (0..10)
            .map(|k| {
                let (gold, wrong) = if k % 2 == 0 { (0, 1) } else { (1, 0) };
                (one(gold), one(wrong), Label::ALL[gold])
            })
            .collect();
        let blend = tuned_blend(&scored);
        assert_eq!(blend.first_weight, 0.6);
        assert_eq!(blend.offsets, [0.0; linear::CLASSES]);
    }

    #[test]
    fn model_files_round_trip_with_or_without_the_blend() {
        let model = Stacked::from_bytes(BUILTIN_MODEL).expect("valid");
        assert_ne!(model.blend, Blend::default(), "the shipped model blends");
        let bytes = model.to_bytes();
        assert_eq!(bytes, BUILTIN_MODEL);
        // A file of an earlier version ends after the second model.
        let without = &bytes[..bytes.len() - 4 * (2 + linear::CLASSES)];
        let old = Stacked::from_bytes(without).expect("valid");
        assert_eq!(old.blend, Blend::default());
        assert_eq!(old.second, model.second);
        // A damaged blend section is an error, not a silent default.
        let mut damaged = bytes.clone();
        damaged.pop();
        assert!(Stacked::from_bytes(&damaged).is_err());
        let mut wrong = bytes;
        let at = wrong.len() - 4 * (1 + linear::CLASSES);
        wrong[at..at + 4].copy_from_slice(&2.0f32.to_le_bytes());
        assert!(Stacked::from_bytes(&wrong).is_err());
    }

    #[test]
    fn without_explanations_only_the_model_s_evidence_is_empty() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/flow-seed-story.txt"
        ))
        .expect("fixture");
        let t =
            crate::transcript::parse_text(&text, std::path::Path::new("flow.txt")).expect("parses");
        let full = ModelClassifier::builtin().classify(&t);
        let bare = ModelClassifier::builtin()
            .without_explanations()
            .classify(&t);
        assert_eq!(full.len(), bare.len());
        let mut overruled = 0;
        for (f, b) in full.iter().zip(&bare) {
            assert_eq!(f.label, b.label);
            if &*f.evidence.decided_by.rule == "model" {
                overruled += 1;
                assert!(!f.evidence.decided_by.matched.is_empty());
                assert_eq!(&*b.evidence.decided_by.rule, "model");
                assert_eq!(b.evidence.decided_by.matched, "");
                assert_eq!(f.evidence.runner_up, b.evidence.runner_up);
                assert_eq!(f.evidence.context, b.evidence.context);
            } else {
                assert_eq!(f, b, "the rules' own evidence is kept whole");
            }
        }
        assert!(overruled > 0, "the fixture has labels the model decides");
    }

    #[test]
    fn builtin_model_loads_and_matches_the_feature_table() {
        let model = Stacked::from_bytes(BUILTIN_MODEL).expect("valid");
        assert_eq!(model.first.bits(), features::BITS);
        assert_eq!(model.second.bits(), features::BITS);
    }
}
