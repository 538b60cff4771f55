//! Features for the linear model: the words of the utterance, what the cue
//! rules saw, and the context (who spoke before and after, overlap, timing,
//! what the utterance answers).
//!
//! Features are strings hashed into a fixed table (no vocabulary to store).
//! One routine, [`extract`], writes them to a [`Sink`]: [`Hashed`] for
//! classification, [`Named`] for explanations, so both always agree.

use super::{Context, Label, RuleView};
use crate::transcript::Utterance;

/// log2 of the feature table size.
pub const BITS: u32 = 18;

/// Where extracted features go.
pub trait Sink {
    /// Adds the feature whose name is the concatenation of `parts`.
    fn add(&mut self, parts: &[&str]);
}

/// Collects hashed feature ids.
pub struct Hashed<'a>(pub &'a mut Vec<u32>);

impl Sink for Hashed<'_> {
    fn add(&mut self, parts: &[&str]) {
        self.0.push(hash(parts));
    }
}

/// Collects feature names with their ids, for explanations.
#[derive(Debug, Default)]
pub struct Named(pub Vec<(String, u32)>);

impl Sink for Named {
    fn add(&mut self, parts: &[&str]) {
        self.0.push((parts.concat(), hash(parts)));
    }
}

/// Collects the names of chosen features only, by their position in the
/// order features are added: an explanation names a few of an utterance's
/// features, and building every name would cost more than finding them.
#[derive(Debug)]
pub struct Picked<'a> {
    /// `wanted[i]`: whether to name the `i`-th feature added.
    pub wanted: &'a [bool],
    /// How many features were added so far.
    pub at: usize,
    /// The position and name of each wanted feature.
    pub names: Vec<(usize, String)>,
}

impl<'a> Picked<'a> {
    /// Names the features at the positions where `wanted` is true.
    pub fn new(wanted: &'a [bool]) -> Self {
        Picked {
            wanted,
            at: 0,
            names: Vec::new(),
        }
    }
}

impl Sink for Picked<'_> {
    fn add(&mut self, parts: &[&str]) {
        if self.wanted.get(self.at).copied().unwrap_or(false) {
            self.names.push((self.at, parts.concat()));
        }
        self.at += 1;
    }
}

/// FNV-1a over the concatenated parts, folded into [`BITS`] bits. It depends
/// only on the concatenation, so a feature's id is a function of its name
/// (`hash(&["w:", "yeah"]) == hash(&["w:yeah"])`), and it is fixed by
/// definition: the model file's weights are keyed by these ids. (Measured
/// against word-at-a-time hashes on real feature names, byte-wise FNV is
/// faster: the names are short.)
pub fn hash(parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    ((h ^ (h >> 32)) & ((1 << BITS) - 1)) as u32
}

/// Everything the features of one utterance are read from.
pub struct Input<'a> {
    /// What the cue rules saw and decided, for every utterance of the
    /// meeting (their normalized text is what neighbours' features read).
    pub views: &'a [RuleView],
    /// The meeting.
    pub utterances: &'a [Utterance],
    /// Index of the utterance.
    pub index: usize,
    /// The rules' labels of the utterances before it.
    pub rule_labels: &'a [Label],
    /// Its context.
    pub context: &'a Context,
}

/// Writes the features of one utterance to `sink`.
pub fn extract(input: &Input<'_>, sink: &mut dyn Sink) {
    let Some(view) = input.views.get(input.index) else {
        return;
    };
    // Normalized (lower-cased, markup removed) text of utterance `j`.
    let text = |j: usize| input.views.get(j).map_or("", |v| v.text.as_str());
    let tokens: Vec<&str> = tokens(&view.text).collect();
    let first = tokens.first().copied().unwrap_or("<none>");
    let core = tokens_from(&view.text, view.core_start)
        .next()
        .unwrap_or("<none>");

    // The words.
    let mut prev = "<s>";
    for &t in &tokens {
        sink.add(&["w:", t]);
        sink.add(&["b:", prev, " ", t]);
        prev = t;
    }
    sink.add(&["b:", prev, " </s>"]);
    sink.add(&["f1:", first]);
    if let [a, b, ..] = tokens[..] {
        sink.add(&["f2:", a, " ", b]);
    }
    sink.add(&["l1:", tokens.last().copied().unwrap_or("<none>")]);
    sink.add(&["c1:", core]);
    let len = length_bucket(tokens.len());
    sink.add(&["len:", len]);
    if view.text.trim_end().ends_with(['?', '？']) {
        sink.add(&["mark:?"]);
    }
    if view.abandoned {
        sink.add(&["abandoned"]);
    }

    // What the rules saw.
    let rule_label = view.classified.label.as_str();
    for family in &view.fired {
        sink.add(&["fired:", family]);
    }
    sink.add(&["rule:", rule_label]);
    sink.add(&["rule-by:", &view.classified.evidence.decided_by.rule]);

    // The context.
    let ctx = input.context;
    let this = input.utterances.get(input.index);
    let before = input
        .index
        .checked_sub(1)
        .and_then(|j| input.utterances.get(j));
    let after = input.utterances.get(input.index + 1);
    let same = |o: Option<&Utterance>| match (o, this) {
        (Some(o), Some(t)) if o.speaker == t.speaker => "same",
        (Some(_), _) => "other",
        _ => "none",
    };
    let (before_rel, after_rel) = (same(before), same(after));
    sink.add(&["before:", before_rel]);
    sink.add(&["after:", after_rel]);
    let before_label = input
        .index
        .checked_sub(1)
        .and_then(|j| input.rule_labels.get(j))
        .map_or("none", |l| l.as_str());
    sink.add(&["before-label:", before_rel, " ", before_label]);
    if ctx.other_keeps_going {
        sink.add(&["other-keeps-going"]);
    }
    if ctx.overlaps_other {
        sink.add(&["overlap"]);
    }
    let responds = ctx
        .responds_to
        .as_ref()
        .map_or("none", |r| r.label.as_str());
    sink.add(&["responds:", responds]);
    if ctx.answers_question() {
        sink.add(&["answers-question"]);
    }
    if let (Some(t), Some(b)) = (this, before) {
        if let (Some(start), Some(end)) = (t.start, b.end) {
            sink.add(&["gap:", gap_bucket(start - end)]);
        }
    }
    if let Some((s, e)) = this.and_then(|t| t.start.zip(t.end)) {
        sink.add(&["duration:", duration_bucket(e - s)]);
    }

    // Timing against the other speakers: a backchannel is said inside
    // someone else's utterance; an acceptance comes after it ends.
    let timing = this.and_then(|t| other_timing(input.utterances, input.index, t));
    if let Some(timing) = timing {
        sink.add(&["timing:", timing]);
    }

    // What came before from someone else.
    let prev_other = (0..input.index).rev().take(4).find_map(|j| {
        let o = input.utterances.get(j)?;
        (Some(o.speaker) != this.map(|t| t.speaker)).then_some(j)
    });
    // Their words, split once for the features below.
    let theirs = prev_other.and_then(|j| Some((input.utterances.get(j)?, text(j))));
    let their_tokens: Option<Vec<&str>> = theirs.map(|(_, lower)| self::tokens(lower).collect());
    if let Some(j) = prev_other {
        let label = input.rule_labels.get(j).map_or("none", |l| l.as_str());
        sink.add(&["prev-other:", label]);
        if let (Some((o, _)), Some(their_tokens)) = (&theirs, &their_tokens) {
            // Contradiction shows as a flip of negation; repair and
            // elaboration as reuse of the other's words.
            let neg = |ts: &[&str]| ts.iter().any(|t| is_negation(t));
            sink.add(&[
                "negation:",
                if neg(&tokens) { "this" } else { "-" },
                "/",
                if neg(their_tokens) { "theirs" } else { "-" },
            ]);
            sink.add(&["reuse:", reuse_bucket(&tokens, their_tokens)]);
            let n = o.text.split_whitespace().count();
            sink.add(&["prev-other-len:", length_bucket(n)]);
            let t = o.text.trim_end();
            let end = if t.ends_with('?') {
                "?"
            } else if t.ends_with("--") || t.ends_with('-') {
                "--"
            } else {
                "."
            };
            sink.add(&["prev-other-end:", end]);
        }
    }

    // What the same speaker says next: an accepting "yeah" is often
    // followed by the speaker's own point; a backchannel is not.
    let next_first = self::tokens(text(input.index + 1))
        .next()
        .unwrap_or("<none>");
    if let (Some(_), "same") = (after, after_rel) {
        sink.add(&["next-same-f1:", next_first]);
    }

    if let Some(a) = after {
        sink.add(&["next-f1:", after_rel, " ", next_first]);
        sink.add(&[
            "next-len:",
            after_rel,
            " ",
            length_bucket(a.text.split_whitespace().count()),
        ]);
    }
    if let Some(j) = input.index.checked_sub(1) {
        let last = self::tokens(text(j)).last().unwrap_or("<none>");
        sink.add(&["prev-last:", before_rel, " ", last]);
    }

    // Short replies: their words mean little without context, so pair them.
    if tokens.len() <= 3 {
        let said = tokens.join(" ");
        sink.add(&["short:", &said, " | responds:", responds]);
        sink.add(&["short:", &said, " | after:", after_rel]);
        sink.add(&["short:", &said, " | before:", before_rel]);
        if ctx.overlaps_other {
            sink.add(&["short:", &said, " | overlap"]);
        }
        if ctx.other_keeps_going {
            sink.add(&["short:", &said, " | other-keeps-going"]);
        }
        if let Some(timing) = timing {
            sink.add(&["short:", &said, " | timing:", timing]);
        }
        let prev_label = prev_other
            .and_then(|j| input.rule_labels.get(j))
            .map_or("none", |l| l.as_str());
        sink.add(&["short:", &said, " | prev-other:", prev_label]);
        if let Some((s, e)) = this.and_then(|t| t.start.zip(t.end)) {
            sink.add(&["short:", &said, " | duration:", duration_bucket(e - s)]);
        }
        // Whether a short "yeah" accepts depends on what it answers: an
        // opinion or proposal is accepted, narration gets a continuer.
        for w in their_tokens.iter().flatten() {
            sink.add(&["short-after-word:", w]);
        }
    }
    sink.add(&["f1:", first, " | responds:", responds]);
    sink.add(&["rule:", rule_label, " | responds:", responds]);
    sink.add(&["rule:", rule_label, " | len:", len]);
}

/// The first model's guess for one utterance: its class, and the output
/// (kind of a class, e.g. a suggestion rather than any position) that
/// scored highest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guess {
    /// The class.
    pub label: Label,
    /// The index of the best output of the first model.
    pub kind: usize,
}

/// Decimal names of output indices, so feature names need no allocation.
const KIND_NAMES: [&str; 64] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32",
    "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47", "48",
    "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63",
];

/// The second model's extra features: the first model's guesses for the
/// utterances around `index`, with whether each is the same speaker. A
/// "yeah" the other speaker talks straight over is a backchannel; one
/// after a suggestion, or followed by the speaker's own point, accepts.
pub fn neighbours(utterances: &[Utterance], first: &[Guess], index: usize, sink: &mut dyn Sink) {
    let Some(this) = utterances.get(index) else {
        return;
    };
    let at = |d: isize| {
        let j = index.checked_add_signed(d)?;
        let rel = if utterances.get(j)?.speaker == this.speaker {
            "same"
        } else {
            "other"
        };
        Some((rel, *first.get(j)?))
    };
    let kind = |g: Guess| KIND_NAMES.get(g.kind).copied().unwrap_or("?");
    let own = first.get(index).copied();
    let own_label = own.map_or("none", |g| g.label.as_str());
    let own_kind = own.map_or("none", kind);
    sink.add(&["first:", own_label]);
    for (d, name) in [(-2, "-2"), (-1, "-1"), (1, "+1"), (2, "+2")] {
        match at(d) {
            Some((rel, g)) => {
                let label = g.label.as_str();
                sink.add(&["nb", name, ":", rel, " ", label]);
                sink.add(&["nb", name, ":", rel, " ", label, " | first:", own_label]);
                if d == -1 || d == 1 {
                    sink.add(&["nbk", name, ":", rel, " ", kind(g), " | kind:", own_kind]);
                }
            }
            None => {
                sink.add(&["nb", name, ":none"]);
            }
        }
    }
}

/// Where this utterance starts relative to the nearest other speakers'
/// talk: inside it, right after it, or after a pause.
fn other_timing(utterances: &[Utterance], index: usize, this: &Utterance) -> Option<&'static str> {
    let start = this.start?;
    let end = this.end?;
    let mut nearest_end = f64::NEG_INFINITY;
    let from = index.saturating_sub(6);
    let to = (index + 6).min(utterances.len());
    for o in utterances
        .get(from..to)?
        .iter()
        .filter(|o| o.speaker != this.speaker)
    {
        let (Some(s), Some(e)) = (o.start, o.end) else {
            continue;
        };
        if s <= start && e >= end {
            return Some("inside");
        }
        if s < start && e > start {
            return Some("starts-inside");
        }
        if e <= start {
            nearest_end = nearest_end.max(e);
        }
    }
    Some(match start - nearest_end {
        g if g < 0.3 => "right-after",
        g if g < 1.5 => "after",
        g if g.is_finite() => "after-pause",
        _ => "no-other",
    })
}

fn is_negation(token: &str) -> bool {
    matches!(
        token,
        "no" | "not" | "never" | "nothing" | "none" | "nope" | "nobody" | "neither" | "nor"
    ) || token.ends_with("n't")
}

/// Share of this utterance's longer words that the other speaker just used.
fn reuse_bucket(ours: &[&str], theirs: &[&str]) -> &'static str {
    let content: Vec<&&str> = ours.iter().filter(|t| t.chars().count() > 3).collect();
    if content.is_empty() {
        return "none";
    }
    let reused = content.iter().filter(|t| theirs.contains(t)).count();
    match reused * 4 / content.len() {
        0 if reused == 0 => "0",
        0 => "<25%",
        1 => "<50%",
        2 | 3 => "<100%",
        _ => "all",
    }
}

/// Words: letters, digits and apostrophes; `?` is a token of its own.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    tokens_from(text, 0)
}

fn tokens_from(text: &str, from: usize) -> impl Iterator<Item = &str> {
    text.get(from..)
        .unwrap_or("")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '?' || c == '-'))
        .flat_map(|w| {
            let (word, mark) = match w.strip_suffix('?') {
                Some(word) => (word.trim_matches(['\'', '-']), Some("?")),
                None => (w.trim_matches(['\'', '-']), None),
            };
            [
                Some(word).filter(|w| !w.is_empty() && !w.contains('?')),
                mark,
            ]
        })
        .flatten()
}

fn length_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4-5",
        6..=9 => "6-9",
        10..=19 => "10-19",
        _ => "20+",
    }
}

fn gap_bucket(gap: f64) -> &'static str {
    match gap {
        g if g < -1.0 => "<-1",
        g if g < -0.1 => "-1..-0.1",
        g if g < 0.1 => "0",
        g if g < 0.5 => "0.1..0.5",
        g if g < 1.5 => "0.5..1.5",
        _ => ">1.5",
    }
}

fn duration_bucket(d: f64) -> &'static str {
    match d {
        d if d < 0.3 => "<0.3",
        d if d < 0.6 => "0.3..0.6",
        d if d < 1.2 => "0.6..1.2",
        d if d < 3.0 => "1.2..3",
        _ => ">3",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_words_and_question_marks() {
        let t: Vec<&str> = tokens("yeah, i'm not sure -- is it?").collect();
        assert_eq!(t, ["yeah", "i'm", "not", "sure", "is", "it", "?"]);
        let t: Vec<&str> = tokens("mm-hmm. 我们？").collect();
        assert_eq!(t, ["mm-hmm", "我们"]);
    }

    /// The whole feature list of one reply, worked out by hand: the model
    /// file's weights are keyed by these names, so they must not drift
    /// (rule ids included, wherever the rules are loaded from).
    #[test]
    fn feature_names_of_a_reply_are_stable() {
        use crate::classify::RuleClassifier;
        use crate::transcript::Utterance;
        let utterance = |speaker, text: &str, line| Utterance {
            speaker,
            text: text.to_string(),
            start: None,
            end: None,
            line,
            turn: line - 1,
        };
        let utterances = [
            utterance(0, "I think we should ship on Friday.", 1),
            utterance(1, "Yeah, good point.", 2),
        ];
        let rule_labels = [Label::Position];
        let rules = RuleClassifier::new();
        let name = |_| "Ann".to_string();
        let context = Context::of(&utterances, &rule_labels, 1);
        let views = [
            rules.view(&utterances[0].text, &Context::default(), &name),
            rules.view(&utterances[1].text, &context, &name),
        ];
        let input = Input {
            views: &views,
            utterances: &utterances,
            index: 1,
            rule_labels: &rule_labels,
            context: &context,
        };
        let mut named = Named::default();
        extract(&input, &mut named);
        let names: Vec<&str> = named.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "w:yeah",
                "b:<s> yeah",
                "w:good",
                "b:yeah good",
                "w:point",
                "b:good point",
                "b:point </s>",
                "f1:yeah",
                "f2:yeah good",
                "l1:point",
                "c1:good",
                "len:3",
                "fired:concession.agree",
                "rule:concession",
                "rule-by:concession.agree",
                "before:other",
                "after:none",
                "before-label:other position",
                "responds:position",
                "prev-other:position",
                // Neither says no; none of "yeah good point" is Ann's.
                "negation:-/-",
                "reuse:0",
                "prev-other-len:6-9",
                "prev-other-end:.",
                // The utterance just before ends in "friday"; nothing follows.
                "prev-last:other friday",
                "short:yeah good point | responds:position",
                "short:yeah good point | after:none",
                "short:yeah good point | before:other",
                "short:yeah good point | prev-other:position",
                // The words the reply answers, one feature each.
                "short-after-word:i",
                "short-after-word:think",
                "short-after-word:we",
                "short-after-word:should",
                "short-after-word:ship",
                "short-after-word:on",
                "short-after-word:friday",
                "f1:yeah | responds:position",
                "rule:concession | responds:position",
                "rule:concession | len:3",
            ]
        );
        for (name, id) in &named.0 {
            assert_eq!(*id, hash(&[name]), "{name}");
        }
    }

    /// The second model's features, worked out by hand for the middle of
    /// three utterances: Ann proposes (position), Bo says "yeah" (first
    /// model: other, kind 5), Ann carries on (position).
    #[test]
    fn neighbour_features_name_the_first_guesses_around() {
        use crate::transcript::Utterance;
        let utterance = |speaker, text: &str, line| Utterance {
            speaker,
            text: text.to_string(),
            start: None,
            end: None,
            line,
            turn: line - 1,
        };
        let utterances = [
            utterance(0, "we should ship", 1),
            utterance(1, "yeah", 2),
            utterance(0, "on friday", 3),
        ];
        let guess = |label, kind| Guess { label, kind };
        let first = [
            guess(Label::Position, 0),
            guess(Label::Other, 5),
            guess(Label::Position, 0),
        ];
        let mut named = Named::default();
        neighbours(&utterances, &first, 1, &mut named);
        let names: Vec<&str> = named.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "first:other",
                "nb-2:none",
                "nb-1:other position",
                "nb-1:other position | first:other",
                "nbk-1:other 0 | kind:5",
                "nb+1:other position",
                "nb+1:other position | first:other",
                "nbk+1:other 0 | kind:5",
                "nb+2:none",
            ]
        );
    }

    #[test]
    fn picked_names_only_the_wanted_positions() {
        let mut picked = Picked::new(&[false, true, false, true]);
        for parts in [
            &["w:", "a"][..],
            &["w:", "b"],
            &["b:", "a b"],
            &["len:", "2"],
            &["x"],
        ] {
            picked.add(parts);
        }
        assert_eq!(picked.at, 5);
        assert_eq!(
            picked.names,
            [(1, "w:b".to_string()), (3, "len:2".to_string())]
        );
    }

    #[test]
    fn hash_depends_on_the_name_only_and_is_in_range() {
        // The model file depends on these ids: a name always gets the same
        // id, however extraction splits it into parts.
        assert_eq!(hash(&["w:", "yeah"]), hash(&["w:yeah"]));
        assert_eq!(
            hash(&["short-after-", "word:", "friday"]),
            hash(&["short-after-word:friday"])
        );
        assert_eq!(
            hash(&["", "abc", "", "defghijklmnop"]),
            hash(&["abcdefghijklmnop"])
        );
        assert!(hash(&["anything"]) < (1 << BITS));
        assert_ne!(hash(&["w:yeah"]), hash(&["w:yes"]));
        // Differing only past the first 8-byte word, and only in length.
        assert_ne!(
            hash(&["short-after-word:friday"]),
            hash(&["short-after-word:fridays"])
        );
        assert_ne!(hash(&["a"]), hash(&["a\0"]));
    }

    proptest::proptest! {
        #[test]
        fn any_split_of_a_name_hashes_like_the_name(name in "\\PC{0,40}", cuts in proptest::collection::vec(0usize..41, 0..4)) {
            let mut bounds: Vec<usize> = cuts.into_iter().filter(|&c| name.is_char_boundary(c.min(name.len()))).map(|c| c.min(name.len())).collect();
            bounds.sort_unstable();
            let mut parts = Vec::new();
            let mut from = 0;
            for b in bounds {
                parts.push(&name[from..b]);
                from = b;
            }
            parts.push(&name[from..]);
            proptest::prop_assert_eq!(hash(&parts), hash(&[name.as_str()]));
        }
    }
}
