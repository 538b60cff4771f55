//! Features whose every part comes from a short fixed list (a length
//! bucket, a label, who spoke before): their names, and so their ids, are
//! hashed once, when compiling, instead of for every utterance. About a
//! fifth of the bytes [`super::extract`] hashed were such parts.
//!
//! Each table holds one [`Prefix`] per value (or pair of values), the
//! whole name hashed; a feature is added as that prefix with no more
//! parts, so its id and name are those of the name spelled out.

use super::{prefix, Prefix};
use crate::classify::Label;

impl Prefix<'static> {
    /// This prefix followed by `more`, hashed when compiling.
    const fn then_fixed(self, more: &'static str) -> Prefix<'static> {
        let mut state = self.state;
        let bytes = more.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            state ^= bytes[i] as u64;
            state = state.wrapping_mul(super::FNV_PRIME);
            i += 1;
        }
        let mut parts = self.parts;
        parts[self.len] = more;
        Prefix {
            parts,
            len: self.len + 1,
            state,
        }
    }
}

/// `head` followed by each of `values`.
const fn each<const N: usize>(
    head: Prefix<'static>,
    values: [&'static str; N],
) -> [Prefix<'static>; N] {
    let mut out = [head; N];
    let mut i = 0;
    while i < N {
        out[i] = head.then_fixed(values[i]);
        i += 1;
    }
    out
}

/// `head`, each of `firsts`, `mid`, each of `seconds`.
const fn pairs<const A: usize, const B: usize>(
    head: Prefix<'static>,
    firsts: [&'static str; A],
    mid: &'static str,
    seconds: [&'static str; B],
) -> [[Prefix<'static>; B]; A] {
    let mut out = [[head; B]; A];
    let mut a = 0;
    while a < A {
        let with_mid = head.then_fixed(firsts[a]).then_fixed(mid);
        out[a] = each(with_mid, seconds);
        a += 1;
    }
    out
}

/// The labels in [`Label::ALL`] order, then "none" ([`label_or_none`]).
pub(super) const LABELS: [&str; 6] = [
    "position",
    "question",
    "concession",
    "challenge",
    "other",
    "none",
];

/// Index in [`LABELS`].
pub(super) fn label_or_none(label: Option<Label>) -> usize {
    label.map_or(Label::ALL.len(), Label::index)
}

/// Who spoke a neighbouring utterance: the same speaker, another, or
/// nobody (no utterance there).
pub(super) const RELS: [&str; 3] = ["same", "other", "none"];
pub(super) const SAME: usize = 0;
pub(super) const OTHER: usize = 1;
pub(super) const NONE: usize = 2;

/// Word-count buckets ([`length`]).
pub(super) const LENGTHS: [&str; 8] = ["0", "1", "2", "3", "4-5", "6-9", "10-19", "20+"];

/// Index in [`LENGTHS`] of `n` words.
pub(super) fn length(n: usize) -> usize {
    match n {
        0..=3 => n,
        4..=5 => 4,
        6..=9 => 5,
        10..=19 => 6,
        _ => 7,
    }
}

/// Buckets of the pause before an utterance, in seconds ([`gap`]).
pub(super) const GAPS: [&str; 6] = ["<-1", "-1..-0.1", "0", "0.1..0.5", "0.5..1.5", ">1.5"];

/// Index in [`GAPS`].
pub(super) fn gap(gap: f64) -> usize {
    match gap {
        g if g < -1.0 => 0,
        g if g < -0.1 => 1,
        g if g < 0.1 => 2,
        g if g < 0.5 => 3,
        g if g < 1.5 => 4,
        _ => 5,
    }
}

/// Buckets of an utterance's duration, in seconds ([`duration`]).
pub(super) const DURATIONS: [&str; 5] = ["<0.3", "0.3..0.6", "0.6..1.2", "1.2..3", ">3"];

/// Index in [`DURATIONS`].
pub(super) fn duration(d: f64) -> usize {
    match d {
        d if d < 0.3 => 0,
        d if d < 0.6 => 1,
        d if d < 1.2 => 2,
        d if d < 3.0 => 3,
        _ => 4,
    }
}

/// Where an utterance starts against the other speakers' talk
/// ([`super::other_timing`]).
pub(super) const TIMINGS: [&str; 6] = [
    "inside",
    "starts-inside",
    "right-after",
    "after",
    "after-pause",
    "no-other",
];

/// Share of an utterance's longer words the other speaker just used
/// ([`super::reuse_bucket`]).
pub(super) const REUSES: [&str; 6] = ["none", "0", "<25%", "<50%", "<100%", "all"];

/// How the other speaker's last utterance ended: a question, cut off, or
/// otherwise.
pub(super) const ENDS: [&str; 3] = ["?", "--", "."];

use prefix::*;

pub(super) const LEN_OF: [Prefix<'static>; 8] = each(LEN, LENGTHS);
pub(super) const RULE_OF: [Prefix<'static>; 6] = each(RULE, LABELS);
pub(super) const RULE_RESPONDS: [[Prefix<'static>; 6]; 6] =
    pairs(RULE, LABELS, " | responds:", LABELS);
pub(super) const RULE_LEN: [[Prefix<'static>; 8]; 6] = pairs(RULE, LABELS, " | len:", LENGTHS);
pub(super) const BEFORE_OF: [Prefix<'static>; 3] = each(BEFORE, RELS);
pub(super) const AFTER_OF: [Prefix<'static>; 3] = each(AFTER, RELS);
pub(super) const BEFORE_LABEL_OF: [[Prefix<'static>; 6]; 3] =
    pairs(BEFORE_LABEL, RELS, " ", LABELS);
pub(super) const RESPONDS_OF: [Prefix<'static>; 6] = each(RESPONDS, LABELS);
pub(super) const GAP_OF: [Prefix<'static>; 6] = each(GAP, GAPS);
pub(super) const DURATION_OF: [Prefix<'static>; 5] = each(DURATION, DURATIONS);
pub(super) const TIMING_OF: [Prefix<'static>; 6] = each(TIMING, TIMINGS);
pub(super) const PREV_OTHER_OF: [Prefix<'static>; 6] = each(PREV_OTHER, LABELS);
/// By whether this utterance, then theirs, has a negation.
pub(super) const NEGATION_OF: [[Prefix<'static>; 2]; 2] =
    pairs(NEGATION, ["-", "this"], "/", ["-", "theirs"]);
pub(super) const REUSE_OF: [Prefix<'static>; 6] = each(REUSE, REUSES);
pub(super) const PREV_OTHER_LEN_OF: [Prefix<'static>; 8] = each(PREV_OTHER_LEN, LENGTHS);
pub(super) const PREV_OTHER_END_OF: [Prefix<'static>; 3] = each(PREV_OTHER_END, ENDS);
pub(super) const NEXT_LEN_OF: [[Prefix<'static>; 8]; 3] = pairs(NEXT_LEN, RELS, " ", LENGTHS);
/// Prefixes only: the next utterance's first word follows.
pub(super) const NEXT_F1_OF: [Prefix<'static>; 3] = each_then(NEXT_F1, RELS, " ");
/// Prefixes only: the last word of the utterance before follows.
pub(super) const PREV_LAST_OF: [Prefix<'static>; 3] = each_then(PREV_LAST, RELS, " ");

/// `head` followed by each of `values` and `tail`.
const fn each_then<const N: usize>(
    head: Prefix<'static>,
    values: [&'static str; N],
    tail: &'static str,
) -> [Prefix<'static>; N] {
    let mut out = each(head, values);
    let mut i = 0;
    while i < N {
        out[i] = out[i].then_fixed(tail);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{hash, Hashed, Named, Sink};
    use super::*;

    /// Every prefix of every table, with the name it stands for.
    fn all() -> Vec<Prefix<'static>> {
        let mut out = Vec::new();
        out.extend(LEN_OF);
        out.extend(RULE_OF);
        out.extend(RULE_RESPONDS.into_iter().flatten());
        out.extend(RULE_LEN.into_iter().flatten());
        out.extend(BEFORE_OF);
        out.extend(AFTER_OF);
        out.extend(BEFORE_LABEL_OF.into_iter().flatten());
        out.extend(RESPONDS_OF);
        out.extend(GAP_OF);
        out.extend(DURATION_OF);
        out.extend(TIMING_OF);
        out.extend(PREV_OTHER_OF);
        out.extend(NEGATION_OF.into_iter().flatten());
        out.extend(REUSE_OF);
        out.extend(PREV_OTHER_LEN_OF);
        out.extend(PREV_OTHER_END_OF);
        out.extend(NEXT_LEN_OF.into_iter().flatten());
        out.extend(NEXT_F1_OF);
        out.extend(PREV_LAST_OF);
        out
    }

    #[test]
    fn tables_hash_like_their_names_spelled_out() {
        for p in all() {
            let mut named = Named::default();
            named.add_to(&p, &[]);
            let mut ids = Vec::new();
            Hashed(&mut ids).add_to(&p, &[]);
            let (name, id) = &named.0[0];
            assert_eq!(ids, [hash(&[name])], "{name}");
            assert_eq!(*id, hash(&[name]), "{name}");
        }
    }

    #[test]
    fn tables_spell_the_names_the_features_had() {
        let name = |p: &Prefix<'static>| {
            let mut named = Named::default();
            named.add_to(p, &[]);
            named.0.remove(0).0
        };
        assert_eq!(
            name(&RULE_RESPONDS[Label::Challenge.index()][5]),
            "rule:challenge | responds:none"
        );
        assert_eq!(
            name(&RULE_LEN[Label::Other.index()][length(12)]),
            "rule:other | len:10-19"
        );
        assert_eq!(
            name(&BEFORE_LABEL_OF[OTHER][Label::Question.index()]),
            "before-label:other question"
        );
        assert_eq!(name(&NEGATION_OF[1][0]), "negation:this/-");
        assert_eq!(name(&NEGATION_OF[0][1]), "negation:-/theirs");
        assert_eq!(name(&NEXT_LEN_OF[SAME][length(5)]), "next-len:same 4-5");
        assert_eq!(name(&NEXT_F1_OF[NONE]), "next-f1:none ");
        assert_eq!(name(&PREV_OTHER_END_OF[1]), "prev-other-end:--");
        assert_eq!(name(&REUSE_OF[5]), "reuse:all");
        assert_eq!(name(&GAP_OF[gap(-0.5)]), "gap:-1..-0.1");
        assert_eq!(name(&DURATION_OF[duration(0.3)]), "duration:0.3..0.6");
    }

    #[test]
    fn labels_are_in_label_order() {
        for label in Label::ALL {
            assert_eq!(LABELS[label_or_none(Some(label))], label.as_str());
        }
        assert_eq!(LABELS[label_or_none(None)], "none");
    }

    #[test]
    fn buckets_are_those_of_their_bounds() {
        let lengths: Vec<&str> = [0, 1, 2, 3, 4, 5, 6, 9, 10, 19, 20, 500]
            .map(|n| LENGTHS[length(n)])
            .to_vec();
        assert_eq!(
            lengths,
            ["0", "1", "2", "3", "4-5", "4-5", "6-9", "6-9", "10-19", "10-19", "20+", "20+"]
        );
        let gaps = [-2.0, -1.0, -0.1, 0.0, 0.1, 0.5, 1.5, f64::NAN].map(|g| GAPS[gap(g)]);
        assert_eq!(
            gaps,
            ["<-1", "-1..-0.1", "0", "0", "0.1..0.5", "0.5..1.5", ">1.5", ">1.5"]
        );
        let durations = [0.0, 0.3, 0.6, 1.2, 3.0].map(|d| DURATIONS[duration(d)]);
        assert_eq!(durations, ["<0.3", "0.3..0.6", "0.6..1.2", "1.2..3", ">3"]);
    }
}
