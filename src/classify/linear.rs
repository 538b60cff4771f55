//! A multinomial logistic regression over hashed features: small, fast to
//! apply (one table lookup per feature), trained in pure Rust, deterministic.

use super::Label;

/// Number of classes.
pub const CLASSES: usize = 5;

const MAGIC: &[u8; 8] = b"COLEADLM";
const VERSION: u32 = 2;
/// Most outputs a model may have (kinds of the five classes).
pub const MAX_OUTPUTS: usize = 64;

/// Weights per (feature, output), a bias per output, and a bias per class.
///
/// Each output stands for one *kind* of a class (a backchannel, a floor
/// holder and an abandoned fragment are all `other`); a class's score is the
/// log of the summed probabilities of its kinds, plus the class bias tuned
/// for macro-F1. A class that looks like several different things is hard
/// for one linear score, easy for several.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    bits: u32,
    outputs: Vec<Label>,
    weights: Vec<f32>,
    bias: Vec<f32>,
    class_bias: [f32; CLASSES],
}
/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad's base learning rate.
    pub learning_rate: f32,
    /// Seed of the shuffle between epochs: same seed, same model.
    pub seed: u64,
    /// Rare classes are weighted by (n / (classes × n_c))^power, so the loss
    /// leans towards macro-F1 rather than towards the majority class.
    pub class_weight_power: f32,
    /// How many models, each on its own shuffle of the examples, are
    /// averaged into the one returned.
    pub runs: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        // Chosen on a dev split of the training meetings (every 5th held
        // out), never on the validation split.
        TrainConfig {
            epochs: 3,
            learning_rate: 0.03,
            seed: 0x5eed,
            class_weight_power: 0.3,
            runs: 3,
        }
    }
}

impl LinearModel {
    /// An untrained model over `2^bits` features with one output per class.
    pub fn zeros(bits: u32) -> Self {
        Self::with_outputs(bits, Label::ALL.to_vec())
    }

    /// An untrained model over `2^bits` features with the given outputs
    /// (each names the class it is a kind of; at most [`MAX_OUTPUTS`]).
    pub fn with_outputs(bits: u32, mut outputs: Vec<Label>) -> Self {
        outputs.truncate(MAX_OUTPUTS);
        let k = outputs.len();
        LinearModel {
            bits,
            outputs,
            weights: vec![0.0; (1usize << bits) * k],
            bias: vec![0.0; k],
            class_bias: [0.0; CLASSES],
        }
    }

    /// log2 of the feature table size.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The class each output is a kind of.
    pub fn outputs(&self) -> &[Label] {
        &self.outputs
    }

    /// Raw output scores for a feature list, into `out` (one per output).
    fn output_scores(&self, ids: &[u32], out: &mut [f32; MAX_OUTPUTS]) {
        let k = self.outputs.len();
        out[..k].copy_from_slice(&self.bias);
        for &id in ids {
            let at = id as usize * k;
            if let Some(row) = self.weights.get(at..at + k) {
                for (s, w) in out.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    /// Class scores (log-probabilities up to a constant, plus the class
    /// biases) for a feature list.
    pub fn scores(&self, ids: &[u32]) -> [f32; CLASSES] {
        let mut raw = [0.0; MAX_OUTPUTS];
        self.output_scores(ids, &mut raw);
        self.class_scores(&raw)
    }

    /// Class scores from the raw output scores.
    fn class_scores(&self, raw: &[f32; MAX_OUTPUTS]) -> [f32; CLASSES] {
        let k = self.outputs.len();
        let max = raw[..k].iter().copied().fold(f32::MIN, f32::max);
        let mut sums = [0.0f32; CLASSES];
        for (s, label) in raw[..k].iter().zip(&self.outputs) {
            sums[label.index()] += (s - max).exp();
        }
        let mut out = [f32::NEG_INFINITY; CLASSES];
        for ((o, sum), b) in out.iter_mut().zip(sums).zip(self.class_bias) {
            if sum > 0.0 {
                *o = sum.ln() + b;
            }
        }
        out
    }

    /// The class scores (as [`LinearModel::scores`]) and the best single
    /// output (the kind of a class the features look most like; with one
    /// output per class, the class).
    pub fn predict_kind(&self, ids: &[u32]) -> ([f32; CLASSES], usize) {
        let mut raw = [0.0; MAX_OUTPUTS];
        self.output_scores(ids, &mut raw);
        let k = self.outputs.len();
        let mut kind = 0;
        for (i, v) in raw[..k].iter().enumerate() {
            if *v > raw[kind] {
                kind = i;
            }
        }
        (self.class_scores(&raw), kind)
    }

    /// The best class and all scores.
    pub fn predict(&self, ids: &[u32]) -> (Label, [f32; CLASSES]) {
        let s = self.scores(ids);
        (Label::ALL[argmax(&s)], s)
    }

    /// The class biases.
    pub fn bias(&self) -> [f32; CLASSES] {
        self.class_bias
    }

    /// The weight of feature `id` for `label`: the largest over the
    /// label's kinds, the one an explanation would point at.
    pub fn weight(&self, id: u32, label: Label) -> f32 {
        let k = self.outputs.len();
        let row = self.weights.get(id as usize * k..(id as usize + 1) * k);
        row.into_iter()
            .flatten()
            .zip(&self.outputs)
            .filter(|(_, l)| **l == label)
            .map(|(w, _)| *w)
            .fold(None, |m: Option<f32>, w| Some(m.map_or(w, |m| m.max(w))))
            .unwrap_or(0.0)
    }

    /// Serializes the model: a header, the outputs' classes, the biases,
    /// then only the non-zero rows (index and weights), little-endian.
    /// Weights are stored as 16-bit multiples of one scale (the largest
    /// weight / 32767): a step of about 1e-4 changes no decision, and the
    /// file is half the size of `f32`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(self.outputs.len() as u32).to_le_bytes());
        for l in &self.outputs {
            out.push(l.index() as u8);
        }
        for b in self.bias.iter().chain(&self.class_bias) {
            out.extend_from_slice(&b.to_le_bytes());
        }
        let largest = self.weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / 32767.0
        } else {
            1.0
        };
        out.extend_from_slice(&scale.to_le_bytes());
        let k = self.outputs.len();
        let quantize = |w: &f32| (w / scale).round().clamp(-32767.0, 32767.0) as i16;
        let rows: Vec<(usize, Vec<i16>)> = self
            .weights
            .chunks_exact(k)
            .map(|row| row.iter().map(quantize).collect::<Vec<i16>>())
            .enumerate()
            .filter(|(_, row)| row.iter().any(|q| *q != 0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (index, row) in rows {
            out.extend_from_slice(&(index as u32).to_le_bytes());
            for q in row {
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model written by [`LinearModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let (model, used) = Self::read(bytes)?;
        if used != bytes.len() {
            return Err("trailing bytes after the model".into());
        }
        Ok(model)
    }

    /// Reads a model from the start of `bytes`; returns it and the number
    /// of bytes it took (more may follow).
    pub fn read(bytes: &[u8]) -> Result<(Self, usize), String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err("not a colead model file".into());
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(format!("model file version {version}, expected {VERSION}"));
        }
        let bits = r.u32()?;
        if !(8..=24).contains(&bits) {
            return Err(format!("model has 2^{bits} features, expected 2^8 to 2^24"));
        }
        let k = r.u32()? as usize;
        if !(1..=MAX_OUTPUTS).contains(&k) {
            return Err(format!(
                "model has {k} outputs, expected 1 to {MAX_OUTPUTS}"
            ));
        }
        let outputs = r
            .take(k)?
            .iter()
            .map(|&i| {
                Label::ALL
                    .get(usize::from(i))
                    .copied()
                    .ok_or_else(|| format!("output class {i} is not one of the five"))
            })
            .collect::<Result<Vec<Label>, String>>()?;
        let mut model = LinearModel::with_outputs(bits, outputs);
        for b in model.bias.iter_mut().chain(model.class_bias.iter_mut()) {
            *b = r.f32()?;
        }
        let scale = r.f32()?;
        let rows = r.u32()?;
        for _ in 0..rows {
            let index = r.u32()? as usize;
            let row = model
                .weights
                .get_mut(index * k..(index + 1) * k)
                .ok_or_else(|| format!("row {index} outside the table"))?;
            for w in row {
                *w = f32::from(r.i16()?) * scale;
            }
        }
        Ok((model, r.at))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let out = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or("model file is truncated")?;
        self.at += n;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i16(&mut self) -> Result<i16, String> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
}

/// The index of the highest score (the first of equals).
pub fn argmax(s: &[f32; CLASSES]) -> usize {
    let mut best = 0;
    for (i, v) in s.iter().enumerate() {
        if *v > s[best] {
            best = i;
        }
    }
    best
}

/// Class offsets that maximize macro-F1 on held-out examples, by coordinate
/// ascent over a fixed grid (deterministic), with the macro-F1 they reach.
/// Class weights in training move the decision boundaries roughly; this sets
/// them where the held-out data says macro-F1 peaks.
pub fn tuned_offsets(scored: &[([f32; CLASSES], Label)]) -> ([f32; CLASSES], f64) {
    let scores: Vec<([f32; CLASSES], usize)> =
        scored.iter().map(|(s, l)| (*s, l.index())).collect();
    let mut offsets = [0.0f32; CLASSES];
    let mut best = macro_f1(&scores, &offsets);
    for _ in 0..3 {
        for c in 0..CLASSES {
            for step in -20..=20 {
                let mut trial = offsets;
                trial[c] = step as f32 * 0.1;
                let f = macro_f1(&scores, &trial);
                if f > best + 1e-9 {
                    best = f;
                    offsets = trial;
                }
            }
        }
    }
    (offsets, best)
}

fn macro_f1(scores: &[([f32; CLASSES], usize)], offsets: &[f32; CLASSES]) -> f64 {
    let mut tp = [0u32; CLASSES];
    let mut predicted = [0u32; CLASSES];
    let mut gold = [0u32; CLASSES];
    for (s, g) in scores {
        let mut shifted = *s;
        for (x, o) in shifted.iter_mut().zip(offsets) {
            *x += o;
        }
        let p = argmax(&shifted);
        predicted[p] += 1;
        gold[*g] += 1;
        if p == *g {
            tp[p] += 1;
        }
    }
    (0..CLASSES)
        .map(|c| {
            let denominator = f64::from(predicted[c] + gold[c]);
            if denominator == 0.0 {
                0.0
            } else {
                2.0 * f64::from(tp[c]) / denominator
            }
        })
        .sum::<f64>()
        / CLASSES as f64
}

/// Trains a model on `(features, output)` examples with AdaGrad on the
/// class-weighted softmax loss over the outputs; `outputs[k]` is the class
/// output `k` is a kind of. Deterministic for a given config and input order.
pub fn train(
    examples: &[(Vec<u32>, usize)],
    outputs: Vec<Label>,
    bits: u32,
    config: &TrainConfig,
) -> LinearModel {
    // Averaging models trained on different example orders is a cheap
    // ensemble: the model stays linear (mean weights give mean scores) and
    // the order-dependent noise of stochastic training averages out.
    let runs = config.runs.max(1);
    let mut mean = train_one(examples, outputs.clone(), bits, config);
    for run in 1..runs {
        let seed = config.seed.wrapping_add(run as u64 * 7919);
        let m = train_one(
            examples,
            outputs.clone(),
            bits,
            &TrainConfig { seed, ..*config },
        );
        for (a, w) in mean.weights.iter_mut().zip(&m.weights) {
            *a += w;
        }
        for (a, w) in mean.bias.iter_mut().zip(&m.bias) {
            *a += w;
        }
    }
    let n = runs as f32;
    mean.weights.iter_mut().for_each(|w| *w /= n);
    mean.bias.iter_mut().for_each(|w| *w /= n);
    mean
}

fn train_one(
    examples: &[(Vec<u32>, usize)],
    outputs: Vec<Label>,
    bits: u32,
    config: &TrainConfig,
) -> LinearModel {
    let mut model = LinearModel::with_outputs(bits, outputs);
    let k = model.outputs.len();
    let mut sq = vec![1e-6f32; model.weights.len()];
    let mut sq_bias = vec![1e-6f32; k];
    let class_of = |o: usize| model.outputs.get(o).map(|l| l.index());
    let mut counts = [0usize; CLASSES];
    for (_, o) in examples {
        if let Some(c) = class_of(*o) {
            counts[c] += 1;
        }
    }
    let n = examples.len().max(1) as f32;
    let class_weight: Vec<f32> = counts
        .iter()
        .map(|&c| {
            if c == 0 {
                0.0
            } else {
                (n / (CLASSES as f32 * c as f32)).powf(config.class_weight_power)
            }
        })
        .collect();
    let output_weight: Vec<f32> = (0..k)
        .map(|o| class_of(o).map_or(0.0, |c| class_weight[c]))
        .collect();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = config.seed | 1;
    let mut raw = [0.0f32; MAX_OUTPUTS];
    for _ in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        for &e in &order {
            let (ids, gold) = &examples[e];
            let Some(&cw) = output_weight.get(*gold) else {
                continue;
            };
            model.output_scores(ids, &mut raw);
            let p = softmax(&raw[..k]);
            for (o, p) in p.iter().enumerate().take(k) {
                let y = if o == *gold { 1.0 } else { 0.0 };
                let g = (p - y) * cw;
                if g == 0.0 {
                    continue;
                }
                sq_bias[o] += g * g;
                model.bias[o] -= config.learning_rate * g / sq_bias[o].sqrt();
                for &id in ids {
                    let at = id as usize * k + o;
                    if let (Some(w), Some(s)) = (model.weights.get_mut(at), sq.get_mut(at)) {
                        *s += g * g;
                        *w -= config.learning_rate * g / s.sqrt();
                    }
                }
            }
        }
    }
    model
}

fn softmax(s: &[f32]) -> [f32; MAX_OUTPUTS] {
    let max = s.iter().copied().fold(f32::MIN, f32::max);
    let mut e = [0.0; MAX_OUTPUTS];
    let mut sum = 0.0;
    for (e, s) in e.iter_mut().zip(s) {
        *e = (s - max).exp();
        sum += *e;
    }
    e.map(|x| x / sum)
}

/// Fisher–Yates with xorshift64: fixed seed, same order on every machine.
fn shuffle(v: &mut [usize], state: &mut u64) {
    for i in (1..v.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let j = (*state % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outputs: one per class, then a second kind of `other` (index 5).
    fn outputs() -> Vec<Label> {
        let mut o = Label::ALL.to_vec();
        o.push(Label::Other);
        o
    }

    fn toy() -> Vec<(Vec<u32>, usize)> {
        // Feature 1 means question, 2 means position, 3 is noise on all;
        // 4 and 5 are two unlike kinds of `other` (outputs 4 and 5).
        let mut v = Vec::new();
        for _ in 0..50 {
            v.push((vec![1, 3], Label::Question.index()));
            v.push((vec![2, 3], Label::Position.index()));
            v.push((vec![4, 3], Label::Other.index()));
            v.push((vec![5, 3], 5));
        }
        v
    }

    #[test]
    fn learns_a_separable_toy_problem() {
        let m = train(&toy(), outputs(), 8, &TrainConfig::default());
        assert_eq!(m.predict(&[1, 3]).0, Label::Question);
        assert_eq!(m.predict(&[2, 3]).0, Label::Position);
        assert!(m.weight(1, Label::Question) > 0.0);
        assert!(m.weight(1, Label::Position) < 0.0);
    }

    #[test]
    fn both_kinds_of_a_class_predict_the_class() {
        let m = train(&toy(), outputs(), 8, &TrainConfig::default());
        assert_eq!(m.predict(&[4, 3]).0, Label::Other);
        assert_eq!(m.predict(&[5, 3]).0, Label::Other);
        assert_eq!(m.predict_kind(&[4, 3]).1, Label::Other.index());
        assert_eq!(m.predict_kind(&[5, 3]).1, 5);
    }

    #[test]
    fn class_scores_sum_the_probabilities_of_their_kinds() {
        let m = train(&toy(), outputs(), 8, &TrainConfig::default());
        let s = m.scores(&[5, 3]);
        let total: f32 = s.iter().map(|x| x.exp()).sum();
        // Shares of the class scores are the softmax over the six outputs
        // grouped by class: here `other` gets most of it.
        assert!(s[Label::Other.index()].exp() / total > 0.5);
    }

    #[test]
    fn training_is_deterministic() {
        let a = train(&toy(), outputs(), 8, &TrainConfig::default());
        let b = train(&toy(), outputs(), 8, &TrainConfig::default());
        assert_eq!(a, b);
    }

    #[test]
    fn bytes_round_trip_within_the_quantization_step_and_reject_garbage() {
        let m = train(&toy(), outputs(), 8, &TrainConfig::default());
        let bytes = m.to_bytes();
        let read = LinearModel::from_bytes(&bytes).expect("reads back");
        let largest = m.weights.iter().fold(0.0f32, |a, w| a.max(w.abs()));
        for (a, b) in m.weights.iter().zip(&read.weights) {
            assert!((a - b).abs() <= largest / 32767.0, "{a} vs {b}");
        }
        assert_eq!((read.outputs(), read.bias()), (m.outputs(), m.bias()));
        // Written again, the read model gives the same bytes.
        assert_eq!(read.to_bytes(), bytes);
        for ids in [[1, 3], [2, 3], [4, 3], [5, 3]] {
            assert_eq!(read.predict(&ids).0, m.predict(&ids).0);
        }
        assert!(LinearModel::from_bytes(b"nonsense").is_err());
        assert!(LinearModel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(LinearModel::from_bytes(&extra).is_err());
        // A read of the start leaves the rest to the caller.
        assert_eq!(LinearModel::read(&extra).map(|(_, n)| n), Ok(bytes.len()));
    }
}
