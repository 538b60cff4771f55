//! Features for the linear model: the words of the utterance, what the cue
//! rules saw, and the context (who spoke before and after, overlap, timing,
//! what the utterance answers).
//!
//! Features are strings hashed into a fixed table (no vocabulary to store).
//! One routine, [`extract`], writes them to a [`Sink`]: [`Hashed`] for
//! classification, [`Named`] for explanations, so both always agree.

use super::{Context, Label, RuleView};
use crate::transcript::Utterance;

mod closed;

/// log2 of the feature table size.
pub const BITS: u32 = 18;

/// Where extracted features go.
pub trait Sink {
    /// Adds the feature whose name is `prefix`'s parts followed by `parts`,
    /// concatenated.
    fn add_to(&mut self, prefix: &Prefix<'_>, parts: &[&str]);

    /// Adds the feature whose name is the concatenation of `parts`.
    fn add(&mut self, parts: &[&str]) {
        self.add_to(&Prefix::EMPTY, parts);
    }

    /// Adds a word's two features, `w:` and the bigram `bigram` ends with
    /// it, and returns the prefix of the next bigram (`b:`, the word, a
    /// space).
    fn add_word<'p>(&mut self, bigram: &Prefix<'p>, word: &'p str) -> Prefix<'p> {
        self.add_to(&prefix::W, &[word]);
        self.add_to(bigram, &[word]);
        prefix::B.then(&[word, " "])
    }
}

/// Collects hashed feature ids.
pub struct Hashed<'a>(pub &'a mut Vec<u32>);

impl Sink for Hashed<'_> {
    fn add_to(&mut self, prefix: &Prefix<'_>, parts: &[&str]) {
        self.0.push(fold(fnv_parts(prefix.state, parts)));
    }

    /// The three hashes of a word in one pass over its bytes: each byte
    /// of a hash waits on a multiplication, and three independent chains
    /// keep the multiplier busy where one after the other would wait.
    fn add_word<'p>(&mut self, bigram: &Prefix<'p>, word: &'p str) -> Prefix<'p> {
        let [w, b, next] = fnv_three([prefix::W.state, bigram.state, prefix::B.state], word);
        self.0.push(fold(w));
        self.0.push(fold(b));
        prefix::B.then_hashed(&[word, " "], fnv_parts(next, &[" "]))
    }
}

/// Collects feature names with their ids, for explanations.
#[derive(Debug, Default)]
pub struct Named(pub Vec<(String, u32)>);

impl Sink for Named {
    fn add_to(&mut self, prefix: &Prefix<'_>, parts: &[&str]) {
        let name = prefix.name(parts);
        let id = hash(&[&name]);
        self.0.push((name, id));
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
    fn add_to(&mut self, prefix: &Prefix<'_>, parts: &[&str]) {
        if self.wanted.get(self.at).copied().unwrap_or(false) {
            self.names.push((self.at, prefix.name(parts)));
        }
        self.at += 1;
    }
}

/// Most parts a [`Prefix`] holds.
const PREFIX_PARTS: usize = 8;

/// The start of feature names, hashed once: the features that share it
/// (every `w:` word, the pairings of one short reply) go on from its hash
/// state instead of hashing it again. Hashing is byte by byte, so this
/// saves much of the work; the ids are the same (see [`hash`]).
#[derive(Debug, Clone, Copy)]
pub struct Prefix<'a> {
    parts: [&'a str; PREFIX_PARTS],
    len: usize,
    /// FNV-1a state after the parts.
    state: u64,
}

impl Prefix<'static> {
    /// No prefix.
    pub const EMPTY: Prefix<'static> = Prefix::fixed("");

    /// A constant prefix, hashed at compile time.
    pub const fn fixed(text: &'static str) -> Prefix<'static> {
        let mut state = FNV_OFFSET;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            state ^= bytes[i] as u64;
            state = state.wrapping_mul(FNV_PRIME);
            i += 1;
        }
        Prefix {
            parts: [text, "", "", "", "", "", "", ""],
            len: 1,
            state,
        }
    }
}

impl<'a> Prefix<'a> {
    /// This prefix followed by `more`. Prefixes are built by the code
    /// below from a fixed number of parts, so never exceed the room.
    pub fn then<'b>(&self, more: &[&'b str]) -> Prefix<'b>
    where
        'a: 'b,
    {
        self.then_hashed(more, fnv_parts(self.state, more))
    }

    /// [`Prefix::then`] for a caller that has hashed `more` from this
    /// prefix's state already: `state` is that hash.
    fn then_hashed<'b>(&self, more: &[&'b str], state: u64) -> Prefix<'b>
    where
        'a: 'b,
    {
        let mut out = Prefix {
            parts: self.parts,
            len: self.len,
            state,
        };
        for part in more {
            assert!(out.len < PREFIX_PARTS, "feature prefixes have few parts");
            out.parts[out.len] = part;
            out.len += 1;
        }
        out
    }

    /// The name of the feature of this prefix followed by `parts`.
    fn name(&self, parts: &[&str]) -> String {
        let mut name = String::new();
        for part in self.parts.iter().take(self.len).chain(parts) {
            name.push_str(part);
        }
        name
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a from state `h` over the parts, one after the other.
#[inline]
fn fnv_parts(mut h: u64, parts: &[&str]) -> u64 {
    for part in parts {
        for &b in part.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// FNV-1a of `text` from each of three states, in one pass.
#[inline]
fn fnv_three(mut h: [u64; 3], text: &str) -> [u64; 3] {
    for &b in text.as_bytes() {
        for h in &mut h {
            *h ^= u64::from(b);
            *h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// A 64-bit FNV state folded into [`BITS`] bits.
#[inline]
fn fold(h: u64) -> u32 {
    ((h ^ (h >> 32)) & ((1 << BITS) - 1)) as u32
}

/// FNV-1a over the concatenated parts, folded into [`BITS`] bits. It depends
/// only on the concatenation, so a feature's id is a function of its name
/// (`hash(&["w:", "yeah"]) == hash(&["w:yeah"])`), and it is fixed by
/// definition: the model file's weights are keyed by these ids. (Measured
/// against word-at-a-time hashes on real feature names, byte-wise FNV is
/// faster: the names are short.)
pub fn hash(parts: &[&str]) -> u32 {
    fold(fnv_parts(FNV_OFFSET, parts))
}

/// The words of every utterance of a meeting, split once: each
/// utterance's features read its neighbours' too.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Byte ranges of the tokens of every normalized text, one after the
    /// other ...
    spans: Vec<(usize, usize)>,
    /// ... utterance `i`'s from `ends[i - 1]` (0 for the first) to `ends[i]`.
    ends: Vec<usize>,
    /// The [`word_key`] of every token, as `spans`.
    keys: Vec<u64>,
    /// How many whitespace-separated words each original text has.
    counts: Vec<usize>,
    /// Whether each view has a negation among its tokens: read by the
    /// utterance's own features and by those of the utterances after it.
    negated: Vec<bool>,
    /// Whether no text of the meeting has a `.`, `,`, `?` or `!`: speech
    /// recognizers without punctuation give such transcripts, where a
    /// question shows only in its words.
    unpunctuated: bool,
}

impl Words {
    /// The tokens of every view's normalized text and the word counts of
    /// the utterances' texts.
    pub fn of(views: &[RuleView], utterances: &[Utterance]) -> Words {
        let mut words = Words {
            spans: Vec::with_capacity(views.len() * 12),
            ends: Vec::with_capacity(views.len()),
            keys: Vec::with_capacity(views.len() * 12),
            negated: Vec::with_capacity(views.len()),
            unpunctuated: !views
                .iter()
                .any(|v| v.text.contains(['.', ',', '?', '!', '？'])),
            counts: utterances
                .iter()
                .map(|u| crate::segment::words::whitespace_separated(&u.text))
                .collect(),
        };
        for view in views {
            let from = words.spans.len();
            words.spans.extend(TokenSpans::new(&view.text));
            words.ends.push(words.spans.len());
            let spans = words.spans.get(from..).unwrap_or_default();
            let bytes = view.text.as_bytes();
            words.keys.extend(
                spans
                    .iter()
                    .map(|&(s, e)| word_key(bytes.get(s..e).unwrap_or_default())),
            );
            let negated = spans
                .iter()
                .any(|&(s, e)| view.text.get(s..e).is_some_and(is_negation));
            words.negated.push(negated);
        }
        words
    }

    /// Whether view `j` has a negation among its tokens.
    fn negated(&self, j: usize) -> bool {
        self.negated.get(j).copied().unwrap_or(false)
    }

    /// The tokens of view `j` (none past the end); `views` as given to
    /// [`Words::of`].
    fn tokens<'v>(&'v self, views: &'v [RuleView], j: usize) -> Tokens<'v> {
        let text = views.get(j).map_or("", |v| v.text.as_str());
        let from = j
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .copied()
            .unwrap_or(0);
        let to = self.ends.get(j).copied().unwrap_or(from);
        Tokens {
            text,
            spans: self.spans.get(from..to).unwrap_or_default(),
            keys: self.keys.get(from..to).unwrap_or_default(),
        }
    }

    /// How many whitespace-separated words utterance `j`'s text has.
    fn count(&self, j: usize) -> usize {
        self.counts.get(j).copied().unwrap_or(0)
    }
}

/// The tokens of one view, read in place (no list of them is built: every
/// utterance's features read its own and its neighbours').
#[derive(Debug, Clone, Copy)]
struct Tokens<'v> {
    text: &'v str,
    spans: &'v [(usize, usize)],
    /// The [`word_key`] of each token.
    keys: &'v [u64],
}

impl<'v> Tokens<'v> {
    fn len(&self) -> usize {
        self.spans.len()
    }

    fn get(&self, k: usize) -> Option<&'v str> {
        let &(s, e) = self.spans.get(k)?;
        self.text.get(s..e)
    }

    fn first(&self) -> Option<&'v str> {
        self.get(0)
    }

    fn last(&self) -> Option<&'v str> {
        self.get(self.len().checked_sub(1)?)
    }

    fn iter(&self) -> impl Iterator<Item = &'v str> + Clone + 'v {
        let text = self.text;
        self.spans
            .iter()
            .map(move |&(s, e)| text.get(s..e).unwrap_or(""))
    }

    /// Whether one of the tokens is `word`, whose [`word_key`] is `key`.
    fn has(&self, word: &str, key: u64) -> bool {
        self.keys
            .iter()
            .zip(self.spans)
            .any(|(&k, &(s, e))| k == key && self.text.get(s..e) == Some(word))
    }
}

/// A word of more than three bytes as one number: its length and first
/// seven bytes. Words with different keys differ, so most pairs of words
/// are told apart without reading them ([`reuse_bucket`] compares every
/// word of an utterance with every word of the one it answers). Shorter
/// words, never compared, are 0.
fn word_key(word: &[u8]) -> u64 {
    if word.len() <= 3 {
        return 0;
    }
    let mut key = (word.len().min(255) as u64) << 56;
    for (i, &b) in word.iter().take(7).enumerate() {
        key |= u64::from(b) << (8 * i);
    }
    key
}

/// Everything the features of one utterance are read from.
pub struct Input<'a> {
    /// What the cue rules saw and decided, for every utterance of the
    /// meeting (their normalized text is what neighbours' features read).
    pub views: &'a [RuleView],
    /// The words of every view and utterance ([`Words::of`] them).
    pub words: &'a Words,
    /// The meeting.
    pub utterances: &'a [Utterance],
    /// Index of the utterance.
    pub index: usize,
    /// The rules' labels of the utterances before it.
    pub rule_labels: &'a [Label],
    /// Its context.
    pub context: &'a Context,
}

/// Feature names' constant starts.
mod prefix {
    use super::Prefix;
    pub const W: Prefix = Prefix::fixed("w:");
    pub const B: Prefix = Prefix::fixed("b:");
    pub const F1: Prefix = Prefix::fixed("f1:");
    pub const F2: Prefix = Prefix::fixed("f2:");
    pub const L1: Prefix = Prefix::fixed("l1:");
    pub const C1: Prefix = Prefix::fixed("c1:");
    pub const LEN: Prefix = Prefix::fixed("len:");
    pub const MARK_Q: Prefix = Prefix::fixed("mark:?");
    pub const ABANDONED: Prefix = Prefix::fixed("abandoned");
    pub const FIRED: Prefix = Prefix::fixed("fired:");
    pub const RULE: Prefix = Prefix::fixed("rule:");
    pub const RULE_BY: Prefix = Prefix::fixed("rule-by:");
    pub const BEFORE: Prefix = Prefix::fixed("before:");
    pub const AFTER: Prefix = Prefix::fixed("after:");
    pub const BEFORE_LABEL: Prefix = Prefix::fixed("before-label:");
    pub const OTHER_KEEPS_GOING: Prefix = Prefix::fixed("other-keeps-going");
    pub const OVERLAP: Prefix = Prefix::fixed("overlap");
    pub const RESPONDS: Prefix = Prefix::fixed("responds:");
    pub const ANSWERS_QUESTION: Prefix = Prefix::fixed("answers-question");
    pub const GAP: Prefix = Prefix::fixed("gap:");
    pub const DURATION: Prefix = Prefix::fixed("duration:");
    pub const TIMING: Prefix = Prefix::fixed("timing:");
    pub const PREV_OTHER: Prefix = Prefix::fixed("prev-other:");
    pub const NEGATION: Prefix = Prefix::fixed("negation:");
    pub const REUSE: Prefix = Prefix::fixed("reuse:");
    pub const PREV_OTHER_LEN: Prefix = Prefix::fixed("prev-other-len:");
    pub const PREV_OTHER_END: Prefix = Prefix::fixed("prev-other-end:");
    pub const NEXT_SAME_F1: Prefix = Prefix::fixed("next-same-f1:");
    pub const NEXT_F1: Prefix = Prefix::fixed("next-f1:");
    pub const NEXT_LEN: Prefix = Prefix::fixed("next-len:");
    pub const PREV_LAST: Prefix = Prefix::fixed("prev-last:");
    pub const SHORT: Prefix = Prefix::fixed("short:");
    pub const SHORT_AFTER_WORD: Prefix = Prefix::fixed("short-after-word:");
    pub const FIRST: Prefix = Prefix::fixed("first:");
    pub const NB: Prefix = Prefix::fixed("nb");
    pub const NBK: Prefix = Prefix::fixed("nbk");
    pub const NP_F1: Prefix = Prefix::fixed("np|f1:");
    pub const NP_F2: Prefix = Prefix::fixed("np|f2:");
    pub const NP_L1: Prefix = Prefix::fixed("np|l1:");
    pub const NP_FIRED: Prefix = Prefix::fixed("np|fired:");
    pub const NP_RULE_BY: Prefix = Prefix::fixed("np|rule-by:");
}

/// Writes the features of one utterance to `sink`.
pub fn extract<S: Sink + ?Sized>(input: &Input<'_>, sink: &mut S) {
    use prefix::*;
    let Some(view) = input.views.get(input.index) else {
        return;
    };
    let words = input.words;
    let tokens = words.tokens(input.views, input.index);
    let first = tokens.first().unwrap_or("<none>");
    let core = if view.core_start == 0 {
        first
    } else {
        tokens_from(&view.text, view.core_start)
            .next()
            .unwrap_or("<none>")
    };

    // The words.
    let mut bigram = B.then(&["<s>", " "]);
    for t in tokens.iter() {
        bigram = sink.add_word(&bigram, t);
    }
    sink.add_to(&bigram, &["</s>"]);
    let f1 = F1.then(&[first]);
    sink.add_to(&f1, &[]);
    if let (Some(a), Some(b)) = (tokens.get(0), tokens.get(1)) {
        sink.add_to(&F2, &[a, " ", b]);
    }
    sink.add_to(&L1, &[tokens.last().unwrap_or("<none>")]);
    sink.add_to(&C1, &[core]);
    let len = closed::length(tokens.len());
    sink.add_to(&closed::LEN_OF[len], &[]);
    if super::rules::asks(&view.text) {
        sink.add_to(&MARK_Q, &[]);
    }
    if view.abandoned {
        sink.add_to(&ABANDONED, &[]);
    }

    // What the rules saw.
    let rule_label = view.classified.label.index();
    for family in &view.fired {
        sink.add_to(&FIRED, &[family]);
    }
    sink.add_to(&closed::RULE_OF[rule_label], &[]);
    sink.add_to(&RULE_BY, &[&view.classified.evidence.decided_by.rule]);

    // Without punctuation the words must do what a question mark did: the
    // opening words and the rules' reading get weights of their own.
    if words.unpunctuated {
        sink.add_to(&NP_F1, &[first]);
        if let (Some(a), Some(b)) = (tokens.get(0), tokens.get(1)) {
            sink.add_to(&NP_F2, &[a, " ", b]);
        }
        sink.add_to(&NP_L1, &[tokens.last().unwrap_or("<none>")]);
        for family in &view.fired {
            sink.add_to(&NP_FIRED, &[family]);
        }
        sink.add_to(&NP_RULE_BY, &[&view.classified.evidence.decided_by.rule]);
    }

    // The context.
    let ctx = input.context;
    let this = input.utterances.get(input.index);
    let before = input
        .index
        .checked_sub(1)
        .and_then(|j| input.utterances.get(j));
    let after = input.utterances.get(input.index + 1);
    let same = |o: Option<&Utterance>| match (o, this) {
        (Some(o), Some(t)) if o.speaker == t.speaker => closed::SAME,
        (Some(_), _) => closed::OTHER,
        _ => closed::NONE,
    };
    let (before_rel, after_rel) = (same(before), same(after));
    sink.add_to(&closed::BEFORE_OF[before_rel], &[]);
    sink.add_to(&closed::AFTER_OF[after_rel], &[]);
    let before_label = input
        .index
        .checked_sub(1)
        .and_then(|j| input.rule_labels.get(j))
        .copied();
    sink.add_to(
        &closed::BEFORE_LABEL_OF[before_rel][closed::label_or_none(before_label)],
        &[],
    );
    if ctx.other_keeps_going {
        sink.add_to(&OTHER_KEEPS_GOING, &[]);
    }
    if ctx.overlaps_other {
        sink.add_to(&OVERLAP, &[]);
    }
    let responds = closed::label_or_none(ctx.responds_to.as_ref().map(|r| r.label));
    sink.add_to(&closed::RESPONDS_OF[responds], &[]);
    if ctx.answers_question() {
        sink.add_to(&ANSWERS_QUESTION, &[]);
    }
    if let (Some(t), Some(b)) = (this, before) {
        if let (Some(start), Some(end)) = (t.start, b.end) {
            sink.add_to(&closed::GAP_OF[closed::gap(start - end)], &[]);
        }
    }
    let duration = this
        .and_then(|t| t.start.zip(t.end))
        .map(|(s, e)| closed::duration(e - s));
    if let Some(d) = duration {
        sink.add_to(&closed::DURATION_OF[d], &[]);
    }

    // Timing against the other speakers: a backchannel is said inside
    // someone else's utterance; an acceptance comes after it ends.
    let timing = this.and_then(|t| other_timing(input.utterances, input.index, t));
    if let Some(timing) = timing {
        sink.add_to(&closed::TIMING_OF[timing], &[]);
    }

    // What came before from someone else.
    let prev_other = (0..input.index).rev().take(4).find_map(|j| {
        let o = input.utterances.get(j)?;
        (Some(o.speaker) != this.map(|t| t.speaker)).then_some(j)
    });
    // Their words, split once for the features below.
    let theirs = prev_other.and_then(|j| Some((input.utterances.get(j)?, j)));
    let their_tokens = theirs.map(|(_, j)| words.tokens(input.views, j));
    if let Some(j) = prev_other {
        let label = closed::label_or_none(input.rule_labels.get(j).copied());
        sink.add_to(&closed::PREV_OTHER_OF[label], &[]);
        if let (Some((o, j)), Some(their_tokens)) = (&theirs, &their_tokens) {
            // Contradiction shows as a flip of negation; repair and
            // elaboration as reuse of the other's words.
            let negated = [words.negated(input.index), words.negated(*j)].map(usize::from);
            sink.add_to(&closed::NEGATION_OF[negated[0]][negated[1]], &[]);
            sink.add_to(&closed::REUSE_OF[reuse_bucket(tokens, *their_tokens)], &[]);
            let their_len = closed::length(words.count(*j));
            sink.add_to(&closed::PREV_OTHER_LEN_OF[their_len], &[]);
            let t = o.text.trim_end();
            let end = if super::rules::asks(t) {
                0
            } else if t.ends_with("--")
                || t.ends_with('-')
                || super::rules::ends_with_disfluency_mark(t)
            {
                1
            } else {
                2
            };
            sink.add_to(&closed::PREV_OTHER_END_OF[end], &[]);
        }
    }

    // What the same speaker says next: an accepting "yeah" is often
    // followed by the speaker's own point; a backchannel is not.
    let next_first = words
        .tokens(input.views, input.index + 1)
        .first()
        .unwrap_or("<none>");
    if let (Some(_), closed::SAME) = (after, after_rel) {
        sink.add_to(&NEXT_SAME_F1, &[next_first]);
    }

    if after.is_some() {
        sink.add_to(&closed::NEXT_F1_OF[after_rel], &[next_first]);
        let n = closed::length(words.count(input.index + 1));
        sink.add_to(&closed::NEXT_LEN_OF[after_rel][n], &[]);
    }
    if let Some(j) = input.index.checked_sub(1) {
        let last = words.tokens(input.views, j).last().unwrap_or("<none>");
        sink.add_to(&closed::PREV_LAST_OF[before_rel], &[last]);
    }

    // Short replies: their words mean little without context, so pair them.
    if tokens.len() <= 3 {
        // "short:" and the words, space-separated.
        let mut short: Prefix<'_> = SHORT;
        for (k, t) in tokens.iter().enumerate() {
            short = if k == 0 {
                short.then(&[t])
            } else {
                short.then(&[" ", t])
            };
        }
        sink.add_to(&short, &[" | responds:", closed::LABELS[responds]]);
        sink.add_to(&short, &[" | after:", closed::RELS[after_rel]]);
        sink.add_to(&short, &[" | before:", closed::RELS[before_rel]]);
        if ctx.overlaps_other {
            sink.add_to(&short, &[" | overlap"]);
        }
        if ctx.other_keeps_going {
            sink.add_to(&short, &[" | other-keeps-going"]);
        }
        if let Some(timing) = timing {
            sink.add_to(&short, &[" | timing:", closed::TIMINGS[timing]]);
        }
        let prev_label = prev_other.and_then(|j| input.rule_labels.get(j)).copied();
        let prev_label = closed::LABELS[closed::label_or_none(prev_label)];
        sink.add_to(&short, &[" | prev-other:", prev_label]);
        if let Some(d) = duration {
            sink.add_to(&short, &[" | duration:", closed::DURATIONS[d]]);
        }
        // Whether a short "yeah" accepts depends on what it answers: an
        // opinion or proposal is accepted, narration gets a continuer.
        for w in their_tokens.iter().flat_map(Tokens::iter) {
            sink.add_to(&SHORT_AFTER_WORD, &[w]);
        }
    }
    sink.add_to(&f1, &[" | responds:", closed::LABELS[responds]]);
    sink.add_to(&closed::RULE_RESPONDS[rule_label][responds], &[]);
    sink.add_to(&closed::RULE_LEN[rule_label][len], &[]);
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
pub fn neighbours<S: Sink + ?Sized>(
    utterances: &[Utterance],
    first: &[Guess],
    index: usize,
    sink: &mut S,
) {
    neighbour_keys(utterances, first, index, |key| key.name(sink));
}

/// [`neighbours`] into `out` as ids, looked up in `table` instead of
/// hashed: the same ids in the same order.
pub fn neighbour_ids(
    table: &NeighbourIds,
    utterances: &[Utterance],
    first: &[Guess],
    index: usize,
    out: &mut Vec<u32>,
) {
    neighbour_keys(utterances, first, index, |key| out.push(table.id(key)));
}

/// The places around an utterance whose guesses are features, with their
/// names.
const SLOTS: [(isize, &str); 4] = [(-2, "-2"), (-1, "-1"), (1, "+1"), (2, "+2")];

/// One of [`neighbours`]' features, before it is named: the guesses are a
/// few small numbers, so every such feature's id can be worked out once
/// ([`NeighbourIds`]) instead of hashing its name for every utterance.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NeighbourKey {
    /// The first model's own guess.
    First { own: Option<Label> },
    /// The guess at `SLOTS[slot]`, by the same speaker or not.
    Guess {
        slot: usize,
        same: bool,
        label: Label,
    },
    /// The same, paired with the own guess.
    WithOwn {
        slot: usize,
        same: bool,
        label: Label,
        own: Option<Label>,
    },
    /// The kinds (best outputs) of the guess and the own guess.
    Kinds {
        slot: usize,
        same: bool,
        kind: usize,
        own: Option<usize>,
    },
    /// No utterance at `SLOTS[slot]`.
    Missing { slot: usize },
}

/// Calls `f` with the keys of [`neighbours`]' features, in order.
fn neighbour_keys(
    utterances: &[Utterance],
    first: &[Guess],
    index: usize,
    mut f: impl FnMut(NeighbourKey),
) {
    let Some(this) = utterances.get(index) else {
        return;
    };
    let at = |d: isize| {
        let j = index.checked_add_signed(d)?;
        let same = utterances.get(j)?.speaker == this.speaker;
        Some((same, *first.get(j)?))
    };
    let own = first.get(index).copied();
    f(NeighbourKey::First {
        own: own.map(|g| g.label),
    });
    for (slot, &(d, _)) in SLOTS.iter().enumerate() {
        let Some((same, g)) = at(d) else {
            f(NeighbourKey::Missing { slot });
            continue;
        };
        let label = g.label;
        f(NeighbourKey::Guess { slot, same, label });
        let own_label = own.map(|g| g.label);
        f(NeighbourKey::WithOwn {
            slot,
            same,
            label,
            own: own_label,
        });
        if d == -1 || d == 1 {
            let (kind, own) = (g.kind, own.map(|g| g.kind));
            f(NeighbourKey::Kinds {
                slot,
                same,
                kind,
                own,
            });
        }
    }
}

impl NeighbourKey {
    /// Writes the feature to `sink` under its name.
    fn name<S: Sink + ?Sized>(self, sink: &mut S) {
        let rel = |same| if same { "same" } else { "other" };
        let label = |l: Option<Label>| l.map_or("none", Label::as_str);
        let kind =
            |k: Option<usize>| k.map_or("none", |k| KIND_NAMES.get(k).copied().unwrap_or("?"));
        let slot = |s: usize| SLOTS.get(s).map_or("?", |&(_, name)| name);
        match self {
            NeighbourKey::First { own } => sink.add_to(&prefix::FIRST, &[label(own)]),
            NeighbourKey::Guess {
                slot: s,
                same,
                label: l,
            } => {
                sink.add_to(&prefix::NB, &[slot(s), ":", rel(same), " ", l.as_str()]);
            }
            NeighbourKey::WithOwn {
                slot: s,
                same,
                label: l,
                own,
            } => {
                let nb = prefix::NB.then(&[slot(s), ":", rel(same), " ", l.as_str()]);
                sink.add_to(&nb, &[" | first:", label(own)]);
            }
            NeighbourKey::Kinds {
                slot: s,
                same,
                kind: k,
                own,
            } => {
                let parts = [
                    slot(s),
                    ":",
                    rel(same),
                    " ",
                    kind(Some(k)),
                    " | kind:",
                    kind(own),
                ];
                sink.add_to(&prefix::NBK, &parts);
            }
            NeighbourKey::Missing { slot: s } => sink.add_to(&prefix::NB, &[slot(s), ":none"]),
        }
    }
}

/// The ids of every [`neighbours`] feature a model with `kinds` outputs
/// can give, worked out once.
#[derive(Debug, Clone)]
pub struct NeighbourIds {
    kinds: usize,
    ids: Vec<u32>,
}

impl NeighbourIds {
    /// The table for a first model with `kinds` outputs.
    pub fn new(kinds: usize) -> Self {
        let kinds = kinds.min(KIND_NAMES.len());
        let mut table = NeighbourIds {
            kinds,
            ids: Vec::new(),
        };
        let labels = || Label::ALL.into_iter().map(Some).chain([None]);
        let mut keys = Vec::new();
        keys.extend(labels().map(|own| NeighbourKey::First { own }));
        for slot in 0..SLOTS.len() {
            keys.push(NeighbourKey::Missing { slot });
            for same in [false, true] {
                for label in Label::ALL {
                    keys.push(NeighbourKey::Guess { slot, same, label });
                    keys.extend(labels().map(|own| NeighbourKey::WithOwn {
                        slot,
                        same,
                        label,
                        own,
                    }));
                }
                for kind in 0..kinds {
                    let owns = (0..kinds).map(Some).chain([None]);
                    keys.extend(owns.map(|own| NeighbourKey::Kinds {
                        slot,
                        same,
                        kind,
                        own,
                    }));
                }
            }
        }
        let size = keys.iter().filter_map(|&key| table.index(key)).max();
        table.ids = vec![0; size.map_or(0, |last| last + 1)];
        for key in keys {
            if let Some(at) = table.index(key) {
                let mut id = Vec::with_capacity(1);
                key.name(&mut Hashed(&mut id));
                if let (Some(slot), Some(&id)) = (table.ids.get_mut(at), id.first()) {
                    *slot = id;
                }
            }
        }
        table
    }

    /// Where `key`'s id is kept, if the table has it.
    fn index(&self, key: NeighbourKey) -> Option<usize> {
        let k = self.kinds;
        let label = |l: Option<Label>| l.map_or(Label::ALL.len(), Label::index);
        let owns = Label::ALL.len() + 1;
        let guesses = SLOTS.len() * 2 * Label::ALL.len();
        let (first, guess, with_own, missing) =
            (0, owns, owns + guesses, owns + guesses * (1 + owns));
        let kinds_at = missing + SLOTS.len();
        let place =
            |slot: usize, same: bool| (slot < SLOTS.len()).then_some(slot * 2 + usize::from(same));
        Some(match key {
            NeighbourKey::First { own } => first + label(own),
            NeighbourKey::Guess {
                slot,
                same,
                label: l,
            } => guess + place(slot, same)? * Label::ALL.len() + l.index(),
            NeighbourKey::WithOwn {
                slot,
                same,
                label: l,
                own,
            } => with_own + (place(slot, same)? * Label::ALL.len() + l.index()) * owns + label(own),
            NeighbourKey::Missing { slot } => missing + (slot < SLOTS.len()).then_some(slot)?,
            NeighbourKey::Kinds {
                slot,
                same,
                kind,
                own,
            } => {
                let own = own.map_or(Some(k), |o| (o < k).then_some(o))?;
                let kind = (kind < k).then_some(kind)?;
                kinds_at + (place(slot, same)? * k + kind) * (k + 1) + own
            }
        })
    }

    /// The id of `key`'s feature: from the table, or hashed for a key the
    /// table has no room for.
    fn id(&self, key: NeighbourKey) -> u32 {
        if let Some(&id) = self.index(key).and_then(|at| self.ids.get(at)) {
            return id;
        }
        let mut id = Vec::with_capacity(1);
        key.name(&mut Hashed(&mut id));
        id.first().copied().unwrap_or(0)
    }
}

/// Where this utterance starts relative to the nearest other speakers'
/// talk: inside it, right after it, or after a pause (index in
/// [`closed::TIMINGS`]).
fn other_timing(utterances: &[Utterance], index: usize, this: &Utterance) -> Option<usize> {
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
            return Some(0);
        }
        if s < start && e > start {
            return Some(1);
        }
        if e <= start {
            nearest_end = nearest_end.max(e);
        }
    }
    Some(match start - nearest_end {
        g if g < 0.3 => 2,
        g if g < 1.5 => 3,
        g if g.is_finite() => 4,
        _ => 5,
    })
}

fn is_negation(token: &str) -> bool {
    // Every word of the list starts with `n`: most tokens are settled by
    // their first byte.
    (token.starts_with('n')
        && matches!(
            token,
            "no" | "not" | "never" | "nothing" | "none" | "nope" | "nobody" | "neither" | "nor"
        ))
        || token.ends_with("n't")
}

/// Share of this utterance's longer words that the other speaker just used
/// (index in [`closed::REUSES`]).
fn reuse_bucket(ours: Tokens<'_>, theirs: Tokens<'_>) -> usize {
    // At most 3 bytes is at most 3 chars: most words are settled by length.
    let is_content = |t: &str| t.len() > 3 && t.chars().nth(3).is_some();
    let (mut content, mut reused) = (0, 0);
    for (t, &key) in ours.iter().zip(ours.keys) {
        if is_content(t) {
            content += 1;
            reused += usize::from(theirs.has(t, key));
        }
    }
    if content == 0 {
        return 0;
    }
    match reused * 4 / content {
        0 if reused == 0 => 1,
        0 => 2,
        1 => 3,
        2 | 3 => 4,
        _ => 5,
    }
}

/// Words: letters, digits and apostrophes; `?` is a token of its own.
#[cfg(test)]
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    tokens_from(text, 0)
}

/// The tokens of `text` from byte `from` on.
fn tokens_from(text: &str, from: usize) -> impl Iterator<Item = &str> {
    let text = text.get(from..).unwrap_or("");
    TokenSpans::new(text).map(|(s, e)| text.get(s..e).unwrap_or(""))
}

/// The byte ranges of the tokens of a text. A piece is a run of letters,
/// digits, apostrophes, hyphens and question marks; its word is the piece
/// without apostrophes and hyphens around it and without its final `?`s,
/// kept unless empty or holding a `?`; a final `?` (perhaps followed by a
/// cut-off, "to?--") is a token of its own, after the word. ASCII is read
/// byte by byte, the rest char by char.
struct TokenSpans<'t> {
    text: &'t str,
    /// Where the next piece is looked for.
    at: usize,
    /// The range of a `?` still to give, after the word before it.
    mark: Option<(usize, usize)>,
}

/// What a byte says about the char it starts or continues.
const OUT: u8 = 0;
/// An ASCII byte of a piece.
const IN: u8 = 1;
/// A byte of a non-ASCII char: the char decides.
const WIDE: u8 = 2;

/// [`OUT`], [`IN`] or [`WIDE`] for every byte (see [`TokenSpans`]).
const PIECE_BYTE: [u8; 256] = {
    let mut table = [WIDE; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let inside = c.is_ascii_alphanumeric() || matches!(c, b'\'' | b'?' | b'-');
        table[b] = if inside { IN } else { OUT };
        b += 1;
    }
    table
};

impl<'t> TokenSpans<'t> {
    fn new(text: &'t str) -> Self {
        TokenSpans {
            text,
            at: 0,
            mark: None,
        }
    }

    /// Whether the char starting at byte `i` belongs to a piece, and its length.
    fn class(&self, i: usize) -> Option<(bool, usize)> {
        let b = *self.text.as_bytes().get(i)?;
        match PIECE_BYTE[usize::from(b)] {
            WIDE => {
                let c = self.text.get(i..)?.chars().next()?;
                Some((c.is_alphanumeric(), c.len_utf8()))
            }
            kind => Some((kind == IN, 1)),
        }
    }

    /// Where the run of bytes of kind `kind` from `i` ends: ASCII is
    /// skipped in a tight loop, a non-ASCII char is asked.
    fn run_end(&self, mut i: usize, kind: u8) -> usize {
        let bytes = self.text.as_bytes();
        loop {
            while i < bytes.len() && PIECE_BYTE[usize::from(bytes[i])] == kind {
                i += 1;
            }
            match self.class(i) {
                Some((inside, n)) if inside == (kind == IN) && n > 1 => i += n,
                _ => return i,
            }
        }
    }

    /// The next piece.
    fn piece(&mut self) -> Option<(usize, usize)> {
        let start = self.run_end(self.at, OUT);
        if start >= self.text.len() {
            self.at = start;
            return None;
        }
        let end = self.run_end(start, IN);
        self.at = end;
        Some((start, end))
    }
}

impl Iterator for TokenSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        if let Some(mark) = self.mark.take() {
            return Some(mark);
        }
        loop {
            let (start, end) = self.piece()?;
            let bytes = self.text.as_bytes();
            // Apostrophes, hyphens and question marks are ASCII: trimming
            // them byte by byte keeps to char boundaries.
            let trim = |b: &u8| matches!(b, b'\'' | b'-');
            let (mut s, mut e) = (start, end);
            while s < e && bytes.get(s).is_some_and(trim) {
                s += 1;
            }
            while e > s && bytes.get(e - 1).is_some_and(trim) {
                e -= 1;
            }
            // The last of the final question marks, which a cut-off may
            // follow ("you want me to?--").
            let mut mark = None;
            while e > s && bytes.get(e - 1) == Some(&b'?') {
                mark = mark.or(Some((e - 1, e)));
                e -= 1;
            }
            while e > s && bytes.get(e - 1).is_some_and(trim) {
                e -= 1;
            }
            let word = bytes.get(s..e).unwrap_or_default();
            if !word.is_empty() && !word.contains(&b'?') {
                self.mark = mark;
                return Some((s, e));
            }
            if mark.is_some() {
                return mark;
            }
        }
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
        // The same pieces whether the text is all ASCII or not: quotes and
        // dashes trimmed, "well??" one mark, a mark kept before a cut-off.
        let t: Vec<&str> = tokens("'so'-- well?? we're done? -").collect();
        assert_eq!(t, ["so", "well", "?", "we're", "done", "?"]);
        let t: Vec<&str> = tokens("'so'-- well?? we're done? - é").collect();
        assert_eq!(t, ["so", "well", "?", "we're", "done", "?", "é"]);
        let t: Vec<&str> = tokens("you want me to?-- what?' a?b").collect();
        assert_eq!(t, ["you", "want", "me", "to", "?", "what", "?"]);
    }

    /// The table's ids are the hashed names, feature for feature, for
    /// every guess at every place, speaker pattern and edge of a meeting,
    /// including kinds past the table (hashed on the spot).
    #[test]
    fn neighbour_ids_from_the_table_are_the_hashed_ones() {
        let kinds = 4;
        let table = NeighbourIds::new(kinds);
        let speakers = [0, 1, 1, 0, 2, 0];
        let utterances: Vec<_> = speakers
            .iter()
            .enumerate()
            .map(|(i, &s)| utterance(s, "yeah", i + 1))
            .collect();
        let mut checked = 0;
        for label in Label::ALL {
            for kind in 0..=kinds {
                for shift in 0..speakers.len() {
                    let first: Vec<Guess> = (0..speakers.len())
                        .map(|j| Guess {
                            label: Label::ALL[(j + label.index() + shift) % 5],
                            kind: (j * 7 + kind + shift) % (kinds + 1),
                        })
                        .collect();
                    for index in 0..=speakers.len() {
                        let mut hashed = Vec::new();
                        neighbours(&utterances, &first, index, &mut Hashed(&mut hashed));
                        let mut looked_up = Vec::new();
                        neighbour_ids(&table, &utterances, &first, index, &mut looked_up);
                        assert_eq!(looked_up, hashed, "utterance {index}");
                        checked += hashed.len();
                    }
                }
            }
        }
        assert!(checked > 1000);
        // The last guess was cut off: only its own features (none past the end).
        let first = [Guess {
            label: Label::Other,
            kind: 1,
        }];
        let mut looked_up = Vec::new();
        neighbour_ids(&table, &utterances, &first, 0, &mut looked_up);
        let mut named = Named::default();
        neighbours(&utterances, &first, 0, &mut named);
        let names: Vec<&str> = named.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "first:other",
                "nb-2:none",
                "nb-1:none",
                "nb+1:none",
                "nb+2:none"
            ]
        );
        assert_eq!(
            looked_up,
            named.0.iter().map(|&(_, id)| id).collect::<Vec<_>>()
        );
    }

    /// An untimed utterance on its own line, a turn of its own.
    fn utterance(speaker: usize, text: &str, line: usize) -> crate::transcript::Utterance {
        crate::transcript::Utterance {
            speaker,
            text: text.to_string(),
            start: None,
            end: None,
            line,
            turn: line - 1,
        }
    }

    /// Every feature name of `reply`, said by a second speaker after `before`.
    fn reply_features(before: &str, reply: &str) -> Vec<String> {
        use crate::classify::RuleClassifier;
        let utterances = [utterance(0, before, 1), utterance(1, reply, 2)];
        let rules = RuleClassifier::new();
        let name = |_| "Ann".to_string();
        let first = rules.view(before, &Context::default(), &name);
        let rule_labels = [first.classified.label];
        let context = Context::of(&utterances, &rule_labels, 1);
        let views = [first, rules.view(reply, &context, &name)];
        let words = Words::of(&views, &utterances);
        let input = Input {
            views: &views,
            words: &words,
            utterances: &utterances,
            index: 1,
            rule_labels: &rule_labels,
            context: &context,
        };
        let mut named = Named::default();
        extract(&input, &mut named);
        for (name, id) in &named.0 {
            assert_eq!(*id, hash(&[name]), "{name}");
        }
        // The ids the classifier uses (hashed from shared prefixes) are
        // the hashes of these names.
        let mut ids = Vec::new();
        extract(&input, &mut Hashed(&mut ids));
        let by_name: Vec<u32> = named.0.iter().map(|(_, id)| *id).collect();
        assert_eq!(ids, by_name);
        named.0.into_iter().map(|(n, _)| n).collect()
    }

    /// Only a meeting with no punctuation at all gets the `np|` features.
    #[test]
    fn unpunctuated_meetings_weigh_their_opening_words_apart() {
        let names = reply_features("lets ship on friday", "do you want to wait");
        let has = |name: &str| names.iter().any(|n| n == name);
        for name in [
            "np|f1:do",
            "np|f2:do you",
            "np|l1:wait",
            "np|fired:question.inversion",
        ] {
            assert!(has(name), "{name} in {names:?}");
        }
        let names = reply_features("lets ship on friday.", "do you want to wait");
        assert!(!names.iter().any(|n| n.starts_with("np|")), "{names:?}");
    }

    /// The whole feature list of one reply, worked out by hand: the model
    /// file's weights are keyed by these names, so they must not drift
    /// (rule ids included, wherever the rules are loaded from).
    #[test]
    fn feature_names_of_a_reply_are_stable() {
        let names = reply_features("I think we should ship on Friday.", "Yeah, good point.");
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
    }

    /// A question cut off after its mark keeps its last word and its mark,
    /// and is not read as abandoned; so is the point a reply answers.
    #[test]
    fn a_question_cut_off_after_its_mark_reads_as_asked() {
        let names = reply_features("Let's ship on Friday.", "you want me to?--");
        let has = |name: &str| names.iter().any(|n| n == name);
        for name in ["w:to", "b:to ?", "l1:?", "mark:?", "fired:question.mark"] {
            assert!(has(name), "{name} in {names:?}");
        }
        assert!(!has("abandoned"), "{names:?}");
        let names = reply_features("is it?--", "no.");
        assert!(names.iter().any(|n| n == "prev-other-end:?"), "{names:?}");
        let names = reply_features("so we could --", "no.");
        assert!(names.iter().any(|n| n == "prev-other-end:--"), "{names:?}");
    }

    /// The tokenizer as first written, on `split` and `trim_matches`: the
    /// byte-wise one must split every text the same way.
    fn tokens_reference(text: &str) -> Vec<&str> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '?' || c == '-'))
            .flat_map(|w| {
                let w = w.trim_matches(['\'', '-']);
                let word = w.trim_end_matches('?');
                let mark = (word.len() < w.len()).then_some("?");
                let word = word.trim_matches(['\'', '-']);
                [
                    Some(word).filter(|w| !w.is_empty() && !w.contains('?')),
                    mark,
                ]
            })
            .flatten()
            .collect()
    }

    /// The reuse bucket of `ours` after `theirs`, by name.
    fn reuse(ours: &str, theirs: &str) -> &'static str {
        let spans = |t: &str| TokenSpans::new(t).collect::<Vec<_>>();
        let keys = |t: &str, spans: &[(usize, usize)]| -> Vec<u64> {
            spans
                .iter()
                .map(|&(s, e)| word_key(&t.as_bytes()[s..e]))
                .collect()
        };
        let (a, b) = (spans(ours), spans(theirs));
        let (ka, kb) = (keys(ours, &a), keys(theirs, &b));
        let tokens = |text, spans, keys| Tokens { text, spans, keys };
        closed::REUSES[reuse_bucket(tokens(ours, &a, &ka), tokens(theirs, &b, &kb))]
    }

    #[test]
    fn reuse_counts_the_longer_words_the_other_speaker_used() {
        // Longer words of ours: should, merge, branch, today; two reused.
        assert_eq!(
            reuse("we should merge the branch today", "merge the branch"),
            "<100%"
        );
        assert_eq!(reuse("yes it is", "is it?"), "none");
        assert_eq!(reuse("we should merge", "no"), "0");
        // One of five: 4 / 5 rounds down to the first quarter.
        assert_eq!(reuse("alpha bravo delta gamma omega", "omega"), "<25%");
        assert_eq!(reuse("merge branch", "branch merge now"), "all");
        // Same length and first four bytes, other words; a word and its
        // longer form; four chars in five bytes against three in four.
        assert_eq!(reuse("branch merge", "branes merged"), "0");
        // Same length and first seven bytes: told apart by the whole word.
        assert_eq!(reuse("understand", "we understood"), "0");
        assert_eq!(reuse("understand it", "i understand"), "all");
        assert_eq!(reuse("café", "café"), "all");
        assert_eq!(reuse("año", "año"), "none");
    }

    #[test]
    fn tokens_of_odd_pieces() {
        for (text, expected) in [
            ("what?? -- '?' a?b ?", &["what", "?", "?", "?"][..]),
            (
                "'tis rock-'n'-roll, isn't it?",
                &["tis", "rock-'n'-roll", "isn't", "it", "?"],
            ),
            (
                "--x-- ¿qué? naïve café",
                &["x", "qué", "?", "naïve", "café"],
            ),
            ("", &[]),
        ] {
            let t: Vec<&str> = tokens(text).collect();
            assert_eq!(t, expected, "{text}");
            assert_eq!(t, tokens_reference(text), "{text}");
        }
        let t: Vec<&str> = tokens_from("um-hmm yes", 3).collect();
        assert_eq!(t, ["hmm", "yes"]);
    }

    /// Names of three parts, hashed from a prefix of the first one or two
    /// and the rest: the id of the whole name.
    #[test]
    fn prefixes_hash_like_the_whole_name() {
        const P: Prefix = Prefix::fixed("short:");
        let mut ids = Vec::new();
        let mut sink = Hashed(&mut ids);
        sink.add_to(&P, &["yeah", " | after:", "none"]);
        sink.add_to(&P.then(&["yeah"]), &[" | after:", "none"]);
        sink.add_to(&P.then(&["yeah", " | after:"]).then(&["none"]), &[]);
        sink.add_to(&Prefix::EMPTY, &["short:yeah | after:none"]);
        assert_eq!(ids, [hash(&["short:yeah | after:none"]); 4]);
        let mut named = Named::default();
        named.add_to(&P.then(&["yeah"]), &[" | after:", "none"]);
        assert_eq!(named.0[0].0, "short:yeah | after:none");
    }

    /// The second model's features, worked out by hand for the middle of
    /// three utterances: Ann proposes (position), Bo says "yeah" (first
    /// model: other, kind 5), Ann carries on (position).
    #[test]
    fn neighbour_features_name_the_first_guesses_around() {
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
        let mut ids = Vec::new();
        neighbours(&utterances, &first, 1, &mut Hashed(&mut ids));
        let by_name: Vec<u32> = names.iter().map(|n| hash(&[n])).collect();
        assert_eq!(ids, by_name);
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
        fn tokens_split_as_the_reference(text in "[a-z A-Z0-9'?,.\\-é我？\u{300}]{0,40}", from in 0usize..12) {
            let t: Vec<&str> = tokens(&text).collect();
            proptest::prop_assert_eq!(t, tokens_reference(&text));
            if text.is_char_boundary(from.min(text.len())) {
                let rest = &text[from.min(text.len())..];
                let t: Vec<&str> = tokens_from(&text, from.min(text.len())).collect();
                proptest::prop_assert_eq!(t, tokens_reference(rest));
            }
        }

        #[test]
        fn prefix_then_hashes_like_the_name(a in "\\PC{0,12}", b in "\\PC{0,12}", c in "\\PC{0,12}") {
            let mut ids = Vec::new();
            Hashed(&mut ids).add_to(&Prefix::EMPTY.then(&[&a]).then(&[&b]), &[&c]);
            proptest::prop_assert_eq!(ids, vec![hash(&[&format!("{a}{b}{c}")])]);
        }

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
