//! A multinomial logistic regression over hashed features: small, fast to
//! apply (one table lookup per feature), trained in pure Rust, deterministic.

use super::Label;

/// Number of classes.
pub const CLASSES: usize = 5;

const MAGIC: &[u8; 8] = b"COLEADLM";
const VERSION: u32 = 1;

/// Weights per (feature, class), plus a bias per class.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    bits: u32,
    weights: Vec<f32>,
    bias: [f32; CLASSES],
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
        }
    }
}

impl LinearModel {
    /// An untrained model over `2^bits` features.
    pub fn zeros(bits: u32) -> Self {
        LinearModel {
            bits,
            weights: vec![0.0; (1usize << bits) * CLASSES],
            bias: [0.0; CLASSES],
        }
    }

    /// log2 of the feature table size.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Class scores (log-odds up to a constant) for a feature list.
    pub fn scores(&self, ids: &[u32]) -> [f32; CLASSES] {
        let mut s = self.bias;
        for &id in ids {
            let at = id as usize * CLASSES;
            if let Some(row) = self.weights.get(at..at + CLASSES) {
                for (s, w) in s.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
        s
    }

    /// The best class and all scores.
    pub fn predict(&self, ids: &[u32]) -> (Label, [f32; CLASSES]) {
        let s = self.scores(ids);
        (Label::ALL[argmax(&s)], s)
    }

    /// The class biases.
    pub fn bias(&self) -> [f32; CLASSES] {
        self.bias
    }

    /// Adds `after - before` to the biases (moves a tuning found on another
    /// model of the same features onto this one).
    pub fn shift_bias(&mut self, after: [f32; CLASSES], before: [f32; CLASSES]) {
        for ((b, a), o) in self.bias.iter_mut().zip(after).zip(before) {
            *b += a - o;
        }
    }

    /// The weight of feature `id` for `label`.
    pub fn weight(&self, id: u32, label: Label) -> f32 {
        self.weights
            .get(id as usize * CLASSES + label.index())
            .copied()
            .unwrap_or(0.0)
    }

    /// Serializes the model: a header, the biases, then only the non-zero
    /// rows (index and weights), little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        for b in self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        let rows: Vec<(usize, &[f32])> = self
            .weights
            .chunks_exact(CLASSES)
            .enumerate()
            .filter(|(_, row)| row.iter().any(|w| *w != 0.0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (index, row) in rows {
            out.extend_from_slice(&(index as u32).to_le_bytes());
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model written by [`LinearModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
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
        let mut model = LinearModel::zeros(bits);
        for b in model.bias.iter_mut() {
            *b = r.f32()?;
        }
        let rows = r.u32()?;
        for _ in 0..rows {
            let index = r.u32()? as usize;
            let row = model
                .weights
                .get_mut(index * CLASSES..(index + 1) * CLASSES)
                .ok_or_else(|| format!("row {index} outside the table"))?;
            for w in row {
                *w = r.f32()?;
            }
        }
        if r.at != bytes.len() {
            return Err("trailing bytes after the model".into());
        }
        Ok(model)
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
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
}

fn argmax(s: &[f32; CLASSES]) -> usize {
    let mut best = 0;
    for (i, v) in s.iter().enumerate() {
        if *v > s[best] {
            best = i;
        }
    }
    best
}

/// Shifts the class biases to maximize macro-F1 on held-out examples, by
/// coordinate ascent over a fixed grid (deterministic). Class weights in
/// training move the decision boundaries roughly; this sets them where the
/// held-out data says macro-F1 peaks.
pub fn tune_bias(model: &mut LinearModel, held_out: &[(Vec<u32>, Label)]) {
    let scores: Vec<([f32; CLASSES], usize)> = held_out
        .iter()
        .map(|(ids, l)| (model.scores(ids), l.index()))
        .collect();
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
    for (b, o) in model.bias.iter_mut().zip(offsets) {
        *b += o;
    }
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

/// Trains a model on `(features, gold label)` examples with AdaGrad on the
/// class-weighted softmax loss. Deterministic for a given config and input order.
pub fn train(examples: &[(Vec<u32>, Label)], bits: u32, config: &TrainConfig) -> LinearModel {
    let mut model = LinearModel::zeros(bits);
    let mut sq = vec![1e-6f32; model.weights.len()];
    let mut sq_bias = [1e-6f32; CLASSES];
    let mut counts = [0usize; CLASSES];
    for (_, l) in examples {
        counts[l.index()] += 1;
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
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = config.seed | 1;
    for _ in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        for &k in &order {
            let (ids, gold) = &examples[k];
            let scores = model.scores(ids);
            let p = softmax(&scores);
            let cw = class_weight[gold.index()];
            for c in 0..CLASSES {
                let y = if c == gold.index() { 1.0 } else { 0.0 };
                let g = (p[c] - y) * cw;
                if g == 0.0 {
                    continue;
                }
                sq_bias[c] += g * g;
                model.bias[c] -= config.learning_rate * g / sq_bias[c].sqrt();
                for &id in ids {
                    let at = id as usize * CLASSES + c;
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

fn softmax(s: &[f32; CLASSES]) -> [f32; CLASSES] {
    let max = s.iter().copied().fold(f32::MIN, f32::max);
    let mut e = [0.0; CLASSES];
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

    fn toy() -> Vec<(Vec<u32>, Label)> {
        // Feature 1 means question, 2 means position, 3 is noise on both.
        let mut v = Vec::new();
        for _ in 0..50 {
            v.push((vec![1, 3], Label::Question));
            v.push((vec![2, 3], Label::Position));
        }
        v
    }

    #[test]
    fn learns_a_separable_toy_problem() {
        let m = train(&toy(), 8, &TrainConfig::default());
        assert_eq!(m.predict(&[1, 3]).0, Label::Question);
        assert_eq!(m.predict(&[2, 3]).0, Label::Position);
        assert!(m.weight(1, Label::Question) > 0.0);
        assert!(m.weight(1, Label::Position) < 0.0);
    }

    #[test]
    fn training_is_deterministic() {
        let a = train(&toy(), 8, &TrainConfig::default());
        let b = train(&toy(), 8, &TrainConfig::default());
        assert_eq!(a, b);
    }

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let m = train(&toy(), 8, &TrainConfig::default());
        assert_eq!(LinearModel::from_bytes(&m.to_bytes()), Ok(m.clone()));
        assert!(LinearModel::from_bytes(b"nonsense").is_err());
        let bytes = m.to_bytes();
        assert!(LinearModel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(LinearModel::from_bytes(&extra).is_err());
    }
}
