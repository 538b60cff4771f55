//! A multinomial logistic regression over hashed features: small, fast to
//! apply (one table lookup per feature), trained in pure Rust, deterministic.

use std::sync::Arc;

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
    weights: Weights,
    bias: Vec<f32>,
    class_bias: [f32; CLASSES],
}

/// The weight table, row `id` holding one weight per output.
#[derive(Debug, Clone, PartialEq)]
enum Weights {
    /// As training leaves them: row `id` at `id * outputs`.
    Trained(Vec<f32>),
    /// As a model file stores them: 16-bit multiples of one scale. Half
    /// the memory of `f32`s, and prediction is bound by the cache misses of
    /// looking rows up; `f32::from(q) * scale` is the value a `f32` table
    /// read from the file would hold, so every score is the same to the bit.
    /// Row `id` at `id * stride + offset`: two models can share one table
    /// (see [`pair`]).
    Scaled {
        q: Arc<Vec<i16>>,
        scale: f32,
        offset: usize,
        stride: usize,
        /// How many weights from a row's start may be read: the outputs,
        /// then zeros (a paired row's padding to whole lanes).
        lanes: usize,
    },
}

impl Weights {
    /// The 16-bit rows, `k` weights each, in order, with their scale.
    fn scaled_rows(&self, k: usize) -> Option<(f32, impl Iterator<Item = &[i16]>)> {
        match self {
            Weights::Trained(_) => None,
            Weights::Scaled {
                q,
                scale,
                offset,
                stride,
                ..
            } => Some((
                *scale,
                (0..).map_while(move |id: usize| {
                    let at = id * stride + offset;
                    q.get(at..at + k)
                }),
            )),
        }
    }

    /// The weights as `f32`s, to train on (`k` outputs).
    fn trained(&mut self, k: usize) -> &mut Vec<f32> {
        let converted: Option<Vec<f32>> = self
            .scaled_rows(k)
            .map(|(scale, rows)| rows.flatten().map(|&q| f32::from(q) * scale).collect());
        if let Some(w) = converted {
            *self = Weights::Trained(w);
        }
        match self {
            Weights::Trained(w) => w,
            Weights::Scaled { .. } => unreachable!("converted just above"),
        }
    }
}

/// Raw output scores of a model, one per output (see [`LinearModel::raw`]).
pub type Raw = [f32; MAX_OUTPUTS];

/// Puts the rows of two models read from model files (16-bit weights, same
/// table size) side by side in one table, `a`'s then `b`'s, for
/// [`raw_pair`]; returns whether it could. A stacked classifier looks every
/// feature of an utterance up in both models, prediction is bound by the
/// cache misses of those lookups, and so one access fetches both rows.
pub fn pair(a: &mut LinearModel, b: &mut LinearModel) -> bool {
    let (ka, kb) = (a.outputs.len(), b.outputs.len());
    if a.bits != b.bits {
        return false;
    }
    let (Some((sa, ra)), Some((sb, rb))) = (a.weights.scaled_rows(ka), b.weights.scaled_rows(kb))
    else {
        return false;
    };
    // Each row padded to whole cache lines and the table started on a
    // line boundary, so a lookup touches one line, not two: a 40-byte row
    // packed end to end straddles a line boundary more often than not.
    // Each model's part is padded to whole SIMD lanes too (see
    // [`add_scaled`]).
    let (wa, wb) = (ka.next_multiple_of(LANES), kb.next_multiple_of(LANES));
    let stride = (wa + wb).next_multiple_of(ROW_ALIGN);
    let rows = 1usize << a.bits;
    // Zeroed memory comes from the allocator ready-made (fresh pages), so
    // only the weights are written.
    let mut q: Vec<i16> = vec![0; rows * stride + ROW_ALIGN];
    let misaligned = (q.as_ptr() as usize % LINE_BYTES) / std::mem::size_of::<i16>();
    let base = (ROW_ALIGN - misaligned) % ROW_ALIGN;
    let Some(table) = q.get_mut(base..base + rows * stride) else {
        return false;
    };
    let mut filled = 0;
    for ((ra, rb), row) in ra.zip(rb).zip(table.chunks_exact_mut(stride)) {
        let (row_a, row_b) = row.split_at_mut(wa);
        let (Some(to_a), Some(to_b)) = (row_a.get_mut(..ka), row_b.get_mut(..kb)) else {
            return false;
        };
        to_a.copy_from_slice(ra);
        to_b.copy_from_slice(rb);
        filled += 1;
    }
    if filled != rows {
        return false;
    }
    // Shortening never moves the buffer: the alignment holds.
    q.truncate(base + rows * stride);
    let q = Arc::new(q);
    let shared = |scale, offset, lanes| Weights::Scaled {
        q: q.clone(),
        scale,
        offset,
        stride,
        lanes,
    };
    (a.weights, b.weights) = (shared(sa, base, wa), shared(sb, base + wa, wb));
    true
}

/// The raw output scores of `a` and `b` for `ids`, the same values to the
/// bit as `(a.raw(ids), b.raw(ids))`, in one pass over one table when
/// [`pair`] paired them (`None` otherwise). `upcoming`: the ids the next
/// call will look up (the next utterance's features), whose rows are
/// fetched ahead while this call's last rows are added.
pub fn raw_pair(
    a: &LinearModel,
    b: &LinearModel,
    ids: &[u32],
    upcoming: &[u32],
) -> Option<(Raw, Raw)> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `raw_pair_avx2` needs only AVX2, which this CPU has
        // (checked just above; the check is cached after the first call).
        return unsafe { raw_pair_avx2(a, b, ids, upcoming) };
    }
    raw_pair_here(a, b, ids, upcoming)
}

/// [`raw_pair`] compiled for AVX2: each lane group's widening, conversion,
/// multiplication and addition take one instruction each instead of
/// several (measured over QMSum train, with the fixed-width sums of
/// [`FIXED_LANES`]: 591 M -> 312 M instructions). The same operations in
/// the same order, so the same results to the bit; no FMA, which would
/// round differently.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn raw_pair_avx2(
    a: &LinearModel,
    b: &LinearModel,
    ids: &[u32],
    upcoming: &[u32],
) -> Option<(Raw, Raw)> {
    raw_pair_here(a, b, ids, upcoming)
}

/// [`raw_pair`] for whatever the caller is compiled for.
#[inline(always)]
fn raw_pair_here(
    a: &LinearModel,
    b: &LinearModel,
    ids: &[u32],
    upcoming: &[u32],
) -> Option<(Raw, Raw)> {
    let (ka, kb) = (a.outputs.len(), b.outputs.len());
    let (
        Weights::Scaled {
            q,
            scale: sa,
            offset: oa,
            stride,
            ..
        },
        Weights::Scaled {
            q: qb,
            scale: sb,
            offset: ob,
            stride: stride_b,
            ..
        },
    ) = (&a.weights, &b.weights)
    else {
        return None;
    };
    let (wa, wb) = (ka.next_multiple_of(LANES), kb.next_multiple_of(LANES));
    if !Arc::ptr_eq(q, qb) || *ob != oa + wa || *stride < wa + wb || stride_b != stride {
        return None;
    }
    let first_row = *oa;
    let (mut out_a, mut out_b) = ([0.0; MAX_OUTPUTS], [0.0; MAX_OUTPUTS]);
    // Whole lanes: the padding's weights are zero, and so the outputs
    // past `ka` and `kb` stay zero.
    let (oa, ob) = (&mut out_a[..wa], &mut out_b[..wb]);
    oa[..ka].copy_from_slice(&a.bias);
    ob[..kb].copy_from_slice(&b.bias);
    let rows = Rows {
        q,
        stride: *stride,
        first_row,
        scales: (*sa, *sb),
    };
    if let (Ok(oa), Ok(ob)) = (
        <&mut [f32; FIXED_LANES]>::try_from(&mut *oa),
        <&mut [f32; FIXED_LANES]>::try_from(&mut *ob),
    ) {
        let (mut sum_a, mut sum_b) = (*oa, *ob);
        rows.add(ids, upcoming, &mut sum_a, &mut sum_b);
        (*oa, *ob) = (sum_a, sum_b);
    } else {
        rows.add(ids, upcoming, oa, ob);
    }
    Some((out_a, out_b))
}

/// The shipped model's width (10 outputs a model, 16 lanes with padding):
/// sums of a size known when compiling stay in registers.
const FIXED_LANES: usize = 16;

/// The paired table as [`raw_pair`] reads it.
struct Rows<'q> {
    q: &'q [i16],
    stride: usize,
    first_row: usize,
    scales: (f32, f32),
}

impl Rows<'_> {
    /// Adds the rows of `ids` (one model's, at the first scale) to a sum
    /// of [`FIXED_LANES`], with AVX2 where the CPU has it (as
    /// [`raw_pair`]).
    fn add_one(&self, ids: &[u32], sum: &mut [f32; FIXED_LANES]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: `add_one_avx2` needs only AVX2, which this CPU has.
            unsafe { self.add_one_avx2(ids, sum) };
            return;
        }
        self.add_one_here(ids, sum);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn add_one_avx2(&self, ids: &[u32], sum: &mut [f32; FIXED_LANES]) {
        self.add_one_here(ids, sum);
    }

    #[inline(always)]
    fn add_one_here(&self, ids: &[u32], sum: &mut [f32; FIXED_LANES]) {
        for &id in ids {
            let at = id as usize * self.stride + self.first_row;
            if let Some(row) = self.q.get(at..at + FIXED_LANES) {
                add_scaled(sum, row, self.scales.0);
            }
        }
    }

    /// Adds the rows of `ids` to the sums, `sum_a`'s width of each row to
    /// it and the next `sum_b`'s width to `sum_b`.
    #[inline(always)]
    fn add(&self, ids: &[u32], upcoming: &[u32], sum_a: &mut [f32], sum_b: &mut [f32]) {
        let (wa, wb) = (sum_a.len(), sum_b.len());
        // The rows are scattered over megabytes: ask for the row a few
        // features ahead while this one is added (measured: the lookups'
        // share of a batch run fell from 18 % to 11 %).
        let mut ahead = ids.iter().chain(upcoming).skip(PREFETCH_AHEAD);
        for &id in ids {
            if let Some(&next) = ahead.next() {
                let at = next as usize * self.stride + self.first_row;
                prefetch(self.q.as_ptr().wrapping_add(at));
            }
            let at = id as usize * self.stride + self.first_row;
            if let Some(row) = self.q.get(at..at + wa + wb) {
                let (ra, rb) = row.split_at(wa);
                add_scaled(sum_a, ra, self.scales.0);
                add_scaled(sum_b, rb, self.scales.1);
            }
        }
    }
}

/// Bytes in a cache line.
const LINE_BYTES: usize = 64;
/// 16-bit weights in a cache line: [`pair`]'s rows take whole lines.
const ROW_ALIGN: usize = LINE_BYTES / std::mem::size_of::<i16>();

/// Asks for the cache line at `at` to be loaded; no effect where the
/// target has no prefetch instruction.
#[inline]
fn prefetch(at: *const i16) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it reads nothing into the
    // program and never faults, whatever the address.
    #[allow(unused_unsafe)]
    unsafe {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// How many features ahead [`raw_pair`] asks for a row.
const PREFETCH_AHEAD: usize = 8;

/// Adds row `row` of 16-bit weights times `scale` to `out`, weight by
/// weight. Each output's sum is the same sequence of `f32` operations
/// whatever the grouping, so the results are the same to the bit; groups
/// of [`LANES`] compile to SIMD instructions.
#[inline(always)]
fn add_scaled(out: &mut [f32], row: &[i16], scale: f32) {
    debug_assert_eq!(out.len(), row.len(), "one output per weight");
    let add = |(s, &q): (&mut f32, &i16)| *s += f32::from(q) * scale;
    let (mut outs, mut rows) = (out.chunks_exact_mut(LANES), row.chunks_exact(LANES));
    for (o, r) in (&mut outs).zip(&mut rows) {
        o.iter_mut().zip(r).for_each(add);
    }
    let (o, r) = (outs.into_remainder(), rows.remainder());
    o.iter_mut().zip(r).for_each(add);
}

/// Weights added at once by [`add_scaled`].
const LANES: usize = 8;

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
            weights: Weights::Trained(vec![0.0; (1usize << bits) * k]),
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
        self.add_outputs(ids, &mut out[..k]);
    }

    /// Adds the rows of `ids` to raw output scores `out` (one per output).
    fn add_outputs(&self, ids: &[u32], out: &mut [f32]) {
        let k = self.outputs.len();
        match &self.weights {
            Weights::Trained(weights) => {
                for &id in ids {
                    let at = id as usize * k;
                    if let Some(row) = weights.get(at..at + k) {
                        for (s, w) in out.iter_mut().zip(row) {
                            *s += w;
                        }
                    }
                }
            }
            Weights::Scaled {
                q,
                scale,
                offset,
                stride,
                lanes,
            } => {
                let rows = Rows {
                    q,
                    stride: *stride,
                    first_row: *offset,
                    scales: (*scale, 0.0),
                };
                // A paired row of the shipped width, summed in registers
                // (the lanes past the outputs add zeros).
                let n = out.len();
                if *lanes == FIXED_LANES && n <= FIXED_LANES {
                    let mut sum = [0.0f32; FIXED_LANES];
                    sum[..n].copy_from_slice(out);
                    rows.add_one(ids, &mut sum);
                    out.copy_from_slice(&sum[..n]);
                    return;
                }
                for &id in ids {
                    let at = id as usize * stride + offset;
                    if let Some(row) = q.get(at..at + k) {
                        add_scaled(out, row, *scale);
                    }
                }
            }
        }
    }

    /// Raw output scores for a feature list (the biases plus each feature's
    /// row; one per output, the rest zero), for [`LinearModel::add_raw`]
    /// and the `*_raw` predictions.
    pub fn raw(&self, ids: &[u32]) -> Raw {
        let mut raw = [0.0; MAX_OUTPUTS];
        self.output_scores(ids, &mut raw);
        raw
    }

    /// Adds more features' rows to raw output scores: `add_raw(b, raw(a))`
    /// is `raw(a ++ b)`, to the bit.
    pub fn add_raw(&self, ids: &[u32], raw: &mut Raw) {
        let k = self.outputs.len();
        self.add_outputs(ids, &mut raw[..k]);
    }

    /// Class scores (as [`LinearModel::scores`]) from raw output scores.
    pub fn scores_raw(&self, raw: &Raw) -> [f32; CLASSES] {
        self.class_scores(raw)
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
        self.predict_kind_raw(&raw)
    }

    /// [`LinearModel::predict_kind`] from raw output scores.
    pub fn predict_kind_raw(&self, raw: &[f32; MAX_OUTPUTS]) -> ([f32; CLASSES], usize) {
        let k = self.outputs.len();
        let mut kind = 0;
        for (i, v) in raw[..k].iter().enumerate() {
            if *v > raw[kind] {
                kind = i;
            }
        }
        (self.class_scores(raw), kind)
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
        let [w] = self.weights_for(id, [label]);
        w
    }

    /// [`LinearModel::weight`] of feature `id` for each of `labels`, in
    /// one pass over its row.
    pub fn weights_for<const N: usize>(&self, id: u32, labels: [Label; N]) -> [f32; N] {
        let by_class = self.class_weights(id);
        labels.map(|label| by_class[label.index()])
    }

    /// [`LinearModel::weight`] of feature `id` for every class (0 for a
    /// class without outputs), its row read once.
    fn class_weights(&self, id: u32) -> [f32; CLASSES] {
        let mut best = [f32::NEG_INFINITY; CLASSES];
        let take = |(output, w): (&Label, f32)| {
            let b = &mut best[output.index()];
            *b = b.max(w);
        };
        let (k, at) = (self.outputs.len(), id as usize);
        match &self.weights {
            Weights::Trained(w) => {
                if let Some(row) = w.get(at * k..at * k + k) {
                    self.outputs.iter().zip(row.iter().copied()).for_each(take);
                }
            }
            Weights::Scaled {
                q,
                scale,
                offset,
                stride,
                ..
            } => {
                let from = at * stride + offset;
                if let Some(row) = q.get(from..from + k) {
                    let row = row.iter().map(|&q| f32::from(q) * scale);
                    self.outputs.iter().zip(row).for_each(take);
                }
            }
        }
        // Weights are finite: only a class without outputs stays at -inf.
        best.map(|w| if w == f32::NEG_INFINITY { 0.0 } else { w })
    }

    /// Serializes the model: a header, the outputs' classes, the biases,
    /// then only the non-zero rows (index and weights), little-endian.
    /// Weights are stored as 16-bit multiples of one scale (the largest
    /// weight / 32767): a step of about 1e-4 changes no decision, and the
    /// file is half the size of `f32`s. A model read from a file is written
    /// with the scale and the 16-bit weights it was read with.
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
        let k = self.outputs.len();
        let (scale, quantized): (f32, Vec<i16>) = match &self.weights {
            Weights::Scaled { .. } => {
                let (scale, rows) = self.weights.scaled_rows(k).unzip();
                (
                    scale.unwrap_or(1.0),
                    rows.into_iter().flatten().flatten().copied().collect(),
                )
            }
            Weights::Trained(weights) => {
                let largest = weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
                let scale = if largest > 0.0 {
                    largest / 32767.0
                } else {
                    1.0
                };
                let quantize = |w: &f32| (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                (scale, weights.iter().map(quantize).collect())
            }
        };
        out.extend_from_slice(&scale.to_le_bytes());
        let rows: Vec<(usize, &[i16])> = quantized
            .chunks_exact(k)
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
        let mut bias = vec![0.0; k];
        let mut class_bias = [0.0; CLASSES];
        for b in bias.iter_mut().chain(class_bias.iter_mut()) {
            *b = r.f32()?;
        }
        let scale = r.f32()?;
        let rows = r.u32()?;
        let mut q = vec![0i16; (1usize << bits) * k];
        for _ in 0..rows {
            let index = r.u32()? as usize;
            let row = q
                .get_mut(index * k..(index + 1) * k)
                .ok_or_else(|| format!("row {index} outside the table"))?;
            for (w, b) in row.iter_mut().zip(r.take(2 * k)?.chunks_exact(2)) {
                *w = i16::from_le_bytes([b[0], b[1]]);
            }
        }
        let model = LinearModel {
            bits,
            outputs,
            weights: Weights::Scaled {
                q: Arc::new(q),
                scale,
                offset: 0,
                stride: k,
                lanes: k,
            },
            bias,
            class_bias,
        };
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
        let mut m = train_one(
            examples,
            outputs.clone(),
            bits,
            &TrainConfig { seed, ..*config },
        );
        let k = outputs.len();
        for (a, w) in mean
            .weights
            .trained(k)
            .iter_mut()
            .zip(m.weights.trained(k).iter())
        {
            *a += w;
        }
        for (a, w) in mean.bias.iter_mut().zip(&m.bias) {
            *a += w;
        }
    }
    let n = runs as f32;
    let k = mean.outputs.len();
    mean.weights.trained(k).iter_mut().for_each(|w| *w /= n);
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
    let mut sq = vec![1e-6f32; k << bits];
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
            let weights = model.weights.trained(k);
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
                    if let (Some(w), Some(s)) = (weights.get_mut(at), sq.get_mut(at)) {
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

    /// Two models read from files, paired into one table, score exactly as
    /// they do alone (same bits), and write the same bytes.
    #[test]
    fn paired_models_score_as_alone_to_the_bit() {
        let config = TrainConfig::default();
        let a = train(&toy(), outputs(), 8, &config);
        let b = train(
            &toy(),
            Label::ALL.to_vec(),
            8,
            &TrainConfig { seed: 7, ..config },
        );
        // Trained models hold f32 weights: nothing to pair.
        let (mut ta, mut tb) = (a.clone(), b.clone());
        assert!(!pair(&mut ta, &mut tb));
        assert_eq!(raw_pair(&ta, &tb, &[1, 3], &[]), None);

        let read = |m: &LinearModel| LinearModel::from_bytes(&m.to_bytes()).expect("reads");
        let (a, b) = (read(&a), read(&b));
        let (mut pa, mut pb) = (a.clone(), b.clone());
        assert!(pair(&mut pa, &mut pb));
        // Every row of the shared table starts a cache line.
        let Weights::Scaled {
            q, offset, stride, ..
        } = &pa.weights
        else {
            panic!("paired models keep 16-bit weights");
        };
        assert_eq!((q.as_ptr() as usize + offset * 2) % 64, 0);
        assert_eq!(*stride, 32, "6 + 5 outputs padded to one 64-byte line");
        for ids in [&[][..], &[1, 3], &[2, 3], &[4, 3, 3], &[5, 3, 255, 0]] {
            let (ra, rb) = raw_pair(&pa, &pb, ids, &[7, 2]).expect("paired");
            let bits = |r: &Raw| r.map(f32::to_bits);
            assert_eq!(bits(&ra), bits(&a.raw(ids)));
            assert_eq!(bits(&rb), bits(&b.raw(ids)));
            assert_eq!(bits(&pb.raw(ids)), bits(&b.raw(ids)));
            assert_eq!(pa.predict_kind(ids), a.predict_kind(ids));
        }
        for id in 0..8 {
            for label in Label::ALL {
                assert_eq!(
                    pb.weight(id, label).to_bits(),
                    b.weight(id, label).to_bits()
                );
            }
        }
        assert_eq!((pa.to_bytes(), pb.to_bytes()), (a.to_bytes(), b.to_bytes()));
        // Each model is still its own: the pair is not mixed up with another.
        assert_eq!(raw_pair(&pb, &pa, &[1], &[]), None);
        assert_eq!(raw_pair(&a, &pb, &[1], &[]), None);
    }

    /// The shipped model's width (10 outputs each, 16 with padding) takes
    /// its own path through [`raw_pair`]: the same bits there too.
    #[test]
    fn paired_models_of_the_shipped_width_score_as_alone_to_the_bit() {
        let config = TrainConfig::default();
        let ten = [Label::ALL, Label::ALL].concat();
        let read = |m: &LinearModel| LinearModel::from_bytes(&m.to_bytes()).expect("reads");
        let a = read(&train(&toy(), ten.clone(), 8, &config));
        let b = read(&train(&toy(), ten, 8, &TrainConfig { seed: 7, ..config }));
        let (mut pa, mut pb) = (a.clone(), b.clone());
        assert!(pair(&mut pa, &mut pb));
        for ids in [&[][..], &[1, 3], &[4, 3, 3], &[5, 3, 255, 0], &[2; 40]] {
            let (ra, rb) = raw_pair(&pa, &pb, ids, &[7, 2]).expect("paired");
            let bits = |r: &Raw| r.map(f32::to_bits);
            assert_eq!(bits(&ra), bits(&a.raw(ids)));
            assert_eq!(bits(&rb), bits(&b.raw(ids)));
            // Each paired model alone reads its 16 lanes, padding included.
            assert_eq!(bits(&pa.raw(ids)), bits(&a.raw(ids)));
            assert_eq!(bits(&pb.raw(ids)), bits(&b.raw(ids)));
            let mut more = pb.raw(&[1]);
            pb.add_raw(ids, &mut more);
            assert_eq!(bits(&more), bits(&b.raw(&[&[1], ids].concat())));
        }
    }

    #[test]
    fn bytes_round_trip_within_the_quantization_step_and_reject_garbage() {
        let m = train(&toy(), outputs(), 8, &TrainConfig::default());
        let bytes = m.to_bytes();
        let read = LinearModel::from_bytes(&bytes).expect("reads back");
        let mut m = m;
        let k = m.outputs.len();
        let largest = m
            .weights
            .trained(k)
            .iter()
            .fold(0.0f32, |a, w| a.max(w.abs()));
        for (a, b) in m
            .weights
            .trained(k)
            .iter()
            .zip(read.weights.clone().trained(k).iter())
        {
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
