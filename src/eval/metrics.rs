//! Confusion matrix and the figures derived from it.

use std::iter::Sum;
use std::ops::AddAssign;

use crate::classify::Label;

const N: usize = Label::ALL.len();

/// Counts of (gold, predicted) label pairs: row = gold, column = predicted,
/// both indexed by [`Label::index`].
///
/// Matrices of separate meetings or files merge with `+=` (or [`Sum`]), so
/// evaluation can be split up in any way and combined afterwards with the
/// same result.
///
/// Every ratio is 0 when its denominator is 0 (a class never predicted, never
/// present, or an empty matrix), so reports never carry NaN.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confusion {
    counts: [[u64; N]; N],
}

impl Confusion {
    /// An empty matrix.
    pub fn new() -> Self {
        Confusion::default()
    }

    /// A matrix with the given counts, `rows[gold][predicted]`.
    pub fn from_rows(rows: [[u64; N]; N]) -> Self {
        Confusion { counts: rows }
    }

    /// Counts one utterance.
    pub fn add(&mut self, gold: Label, predicted: Label) {
        self.counts[gold.index()][predicted.index()] += 1;
    }

    /// How many utterances of class `gold` were predicted as `predicted`.
    pub fn count(&self, gold: Label, predicted: Label) -> u64 {
        self.counts[gold.index()][predicted.index()]
    }

    /// The counts, `rows()[gold][predicted]`.
    pub fn rows(&self) -> &[[u64; N]; N] {
        &self.counts
    }

    /// Number of utterances counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Number of utterances whose prediction matches the gold label.
    pub fn correct(&self) -> u64 {
        (0..N).map(|i| self.counts[i][i]).sum()
    }

    /// Share of utterances predicted correctly.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct(), self.total())
    }

    /// Number of utterances whose gold label is `label` (its row sum).
    pub fn support(&self, label: Label) -> u64 {
        self.counts[label.index()].iter().sum()
    }

    /// Number of utterances predicted as `label` (its column sum).
    pub fn predicted(&self, label: Label) -> u64 {
        let j = label.index();
        self.counts.iter().map(|row| row[j]).sum()
    }

    /// Of the utterances predicted as `label`, the share that truly are.
    pub fn precision(&self, label: Label) -> f64 {
        ratio(self.hits(label), self.predicted(label))
    }

    /// Of the utterances that truly are `label`, the share predicted so.
    pub fn recall(&self, label: Label) -> f64 {
        ratio(self.hits(label), self.support(label))
    }

    /// Harmonic mean of precision and recall for `label`.
    pub fn f1(&self, label: Label) -> f64 {
        // 2PR/(P+R) written over counts: one division, and 0 falls out
        // naturally when the class is neither present nor predicted.
        ratio(
            2 * self.hits(label),
            self.support(label) + self.predicted(label),
        )
    }

    /// Unweighted mean of F1 over all five classes, including classes absent
    /// from the data (which score 0): the classes are unbalanced, and the
    /// rare ones are the ones that matter.
    pub fn macro_f1(&self) -> f64 {
        Label::ALL.iter().map(|&l| self.f1(l)).sum::<f64>() / N as f64
    }

    fn hits(&self, label: Label) -> u64 {
        self.counts[label.index()][label.index()]
    }
}

fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl AddAssign<&Confusion> for Confusion {
    fn add_assign(&mut self, other: &Confusion) {
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (cell, other_cell) in row.iter_mut().zip(other_row) {
                *cell += other_cell;
            }
        }
    }
}

impl AddAssign for Confusion {
    fn add_assign(&mut self, other: Confusion) {
        *self += &other;
    }
}

impl Sum for Confusion {
    fn sum<I: Iterator<Item = Confusion>>(iter: I) -> Self {
        iter.fold(Confusion::default(), |mut acc, c| {
            acc += c;
            acc
        })
    }
}

impl<'a> Sum<&'a Confusion> for Confusion {
    fn sum<I: Iterator<Item = &'a Confusion>>(iter: I) -> Self {
        iter.fold(Confusion::default(), |mut acc, c| {
            acc += c;
            acc
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Label::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Rows gold, columns predicted, in the order P Q Cn Ch O.
    ///
    /// ```text
    ///          P  Q Cn Ch  O | support
    ///   P      5  1  0  0  2 |  8
    ///   Q      0  3  0  0  1 |  4
    ///   Cn     1  0  2  0  1 |  4
    ///   Ch     2  0  0  0  0 |  2
    ///   O      0  0  0  0  0 |  0
    ///   pred   8  4  2  0  4 | 18
    /// ```
    ///
    /// correct = 5+3+2 = 10, accuracy = 10/18 = 5/9
    /// P:  precision 5/8, recall 5/8, F1 5/8
    /// Q:  precision 3/4, recall 3/4, F1 3/4
    /// Cn: precision 2/2 = 1, recall 2/4 = 1/2, F1 = 2·1·½/(1+½) = 2/3
    /// Ch: never predicted → precision 0; recall 0/2 = 0; F1 0
    /// O:  predicted 4 times, never right → precision 0; no support →
    ///     recall 0; F1 0
    /// macro-F1 = (5/8 + 3/4 + 2/3 + 0 + 0)/5 = (49/24)/5 = 49/120
    fn sample() -> Confusion {
        Confusion::from_rows([
            [5, 1, 0, 0, 2],
            [0, 3, 0, 0, 1],
            [1, 0, 2, 0, 1],
            [2, 0, 0, 0, 0],
            [0, 0, 0, 0, 0],
        ])
    }

    #[test]
    fn figures_of_a_hand_made_matrix() {
        let c = sample();
        assert_eq!(c.total(), 18);
        assert_eq!(c.correct(), 10);
        assert!(close(c.accuracy(), 5.0 / 9.0));

        let support: Vec<u64> = Label::ALL.iter().map(|&l| c.support(l)).collect();
        assert_eq!(support, [8, 4, 4, 2, 0]);
        let predicted: Vec<u64> = Label::ALL.iter().map(|&l| c.predicted(l)).collect();
        assert_eq!(predicted, [8, 4, 2, 0, 4]);

        let expected = [
            (Position, 5.0 / 8.0, 5.0 / 8.0, 5.0 / 8.0),
            (Question, 0.75, 0.75, 0.75),
            (Concession, 1.0, 0.5, 2.0 / 3.0),
            (Challenge, 0.0, 0.0, 0.0),
            (Other, 0.0, 0.0, 0.0),
        ];
        for (label, p, r, f) in expected {
            assert!(close(c.precision(label), p), "{label} precision");
            assert!(close(c.recall(label), r), "{label} recall");
            assert!(close(c.f1(label), f), "{label} f1");
        }
        assert!(close(c.macro_f1(), 49.0 / 120.0));
    }

    #[test]
    fn empty_matrix_has_zero_figures_not_nan() {
        let c = Confusion::new();
        assert_eq!(c.total(), 0);
        assert_eq!(c.accuracy(), 0.0);
        assert_eq!(c.macro_f1(), 0.0);
        for l in Label::ALL {
            assert_eq!(c.precision(l), 0.0);
            assert_eq!(c.recall(l), 0.0);
            assert_eq!(c.f1(l), 0.0);
        }
    }

    #[test]
    fn add_assign_equals_adding_all_pairs_to_one_matrix() {
        let pairs = [
            (Position, Position),
            (Position, Other),
            (Question, Question),
            (Challenge, Position),
            (Concession, Concession),
            (Other, Other),
            (Other, Question),
            (Position, Position),
        ];
        let mut whole = Confusion::new();
        for &(g, p) in &pairs {
            whole.add(g, p);
        }
        let (left, right) = pairs.split_at(3);
        let mut a = Confusion::new();
        left.iter().for_each(|&(g, p)| a.add(g, p));
        let mut b = Confusion::new();
        right.iter().for_each(|&(g, p)| b.add(g, p));

        let mut merged = a.clone();
        merged += &b;
        assert_eq!(merged, whole);
        let mut merged_owned = b.clone();
        merged_owned += a.clone();
        assert_eq!(merged_owned, whole);
        assert_eq!([a.clone(), b.clone()].into_iter().sum::<Confusion>(), whole);
        assert_eq!([&a, &b].into_iter().sum::<Confusion>(), whole);
        assert_eq!(whole.count(Position, Position), 2);
        assert_eq!(whole.total(), pairs.len() as u64);
    }
}
