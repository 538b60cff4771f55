//! The rule-based classifier: cue families plus a decision procedure that
//! reads them in context.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use regex::{Regex, RegexSet};

use super::context::Context;
use super::lexicon::{regex_error, rules_error, Family, Origin, RuleSet, Scope};
use super::{Classified, Classifier, Cue, Evidence, Label};
use crate::error::Result;
use crate::transcript::Transcript;

/// Families the decision procedure below asks for by id. Rules files may
/// replace or extend their patterns but never remove them.
pub(crate) const REQUIRED_FAMILIES: &[&str] = &[
    "challenge.no",
    "concession.agree-word",
    "other.backchannel",
    "question.mark",
    "challenge.no-because",
    "challenge.disagree",
    "position.build",
    "concession.agree",
    "concession.accept",
];

/// Word lists the classifier itself uses: `backchannel` as the lead-in of
/// `whole` patterns, the other two on their own.
pub(crate) const REQUIRED_LISTS: &[&str] = &[BACKCHANNEL, LEADING_FILLERS, STRONG_AGREE, EXPLICIT];

/// Rule ids the decision procedure gives without a family; no family may
/// take them, or the evidence would be ambiguous.
pub(crate) const STRUCTURAL_RULES: [&str; 3] =
    ["other.empty", "other.fragment", "position.content"];

/// The lead-in of `whole` patterns ("Good. Thank you." is thanks).
const BACKCHANNEL: &str = "backchannel";
/// Set aside before `start` patterns are tried.
const LEADING_FILLERS: &str = "leading-fillers";
/// Agreement words that accept a point even said over the speaker.
const STRONG_AGREE: &str = "strong-agree";
/// Word list: phrasings the model may not overrule (see `rules/builtin.toml`).
const EXPLICIT: &str = "explicit";

/// An abandoned utterance ("so we could --") of at most this many words is
/// a fragment, not a position.
const FRAGMENT_MAX_WORDS: usize = 4;

/// Words are counted up to this many: [`decide`] only asks whether there
/// are none, at most 2, or at most [`FRAGMENT_MAX_WORDS`].
const WORDS_COUNTED: usize = FRAGMENT_MAX_WORDS + 1;

/// How transcripts mark an utterance cut off before it was finished.
const CUT_OFFS: [&str; 4] = ["--", "—", "...", "…"];

/// `text` before the cut-off it ends with, if it ends with one.
fn before_cut_off(text: &str) -> Option<&str> {
    let text = text.trim_end();
    CUT_OFFS.iter().find_map(|mark| text.strip_suffix(mark))
}

/// Whether the raw `text` ends with the markup QMSum and AMI transcripts
/// put where a speaker broke off (`{disfmarker}`), which [`clean`] removes
/// as it removes every annotation.
pub fn ends_with_disfluency_mark(text: &str) -> bool {
    text.trim_end().ends_with("{disfmarker}")
}

fn ends_with_question_mark(text: &str) -> bool {
    text.trim_end().ends_with(['?', '？'])
}

/// Whether `text` ends with a question mark, perhaps cut off after it
/// ("you want me to?--", "is it?…").
pub fn asks(text: &str) -> bool {
    ends_with_question_mark(before_cut_off(text).unwrap_or(text))
}

/// A family compiled for matching.
#[derive(Debug)]
struct Rule {
    family: Family,
    regex: Regex,
}

/// Rule-based classifier over a [`RuleSet`]'s cue families.
///
/// Build it once ([`RuleClassifier::new`], [`RuleClassifier::with_files`])
/// and reuse it: compiling the patterns is the expensive part.
#[derive(Debug)]
pub struct RuleClassifier {
    rules: Vec<Rule>,
    /// Patterns over the text after leading fillers (scope `Start`).
    start_set: RegexSet,
    start_rules: Vec<usize>,
    /// Patterns over the whole normalized text (scope `Whole`). Anchored
    /// at both ends, so the search stops as soon as no pattern can match.
    whole_set: RegexSet,
    whole_rules: Vec<usize>,
    /// Families of scope `End`, each tried alone: anchored at the end, a
    /// single regex searches backwards from there, where a set would scan
    /// the whole text.
    end_rules: Vec<usize>,
    fillers: Regex,
    strong_agree: Regex,
    explicit: Regex,
}

/// What the rules saw of one utterance, and what they decided.
#[derive(Debug, Clone)]
pub struct RuleView {
    /// Normalized text: lower case, straight quotes, annotations removed.
    pub text: String,
    /// Byte offset in `text` after leading fillers and agreement words.
    pub core_start: usize,
    /// Whether the utterance was abandoned: it ends in a cut-off (`--`,
    /// `—`, `...`, `…`, a final `{disfmarker}`) with no question mark
    /// before it (a question cut off after its mark was asked).
    pub abandoned: bool,
    /// Ids of every family that fired, in priority order.
    pub fired: Vec<Arc<str>>,
    /// The rules' label and evidence.
    pub classified: Classified,
}

/// One family that matched an utterance. The words it matched are looked
/// up only for the cues that end up in the evidence ([`Hits::matched`]).
#[derive(Debug, Clone, Copy)]
struct Hit<'r> {
    /// Index in [`RuleClassifier::rules`].
    rule: usize,
    family: &'r Family,
}

/// Every family that matched an utterance, in priority order, with what
/// it takes to find the words each matched.
struct Hits<'r, 'n> {
    rules: &'r [Rule],
    norm: &'n Normalized,
    list: Vec<Hit<'r>>,
}

/// The utterance as the rules see it.
struct Normalized {
    /// Lower case, straight quotes, markup like `{vocalsound}` removed.
    text: String,
    /// Byte offset in `text` after leading fillers.
    core_start: usize,
    /// Its words, counted up to [`WORDS_COUNTED`]: the decision asks no more.
    words: usize,
    abandoned: bool,
}

impl Default for RuleClassifier {
    fn default() -> Self {
        Self::new()
    }
}

impl RuleClassifier {
    /// Compiles the built-in rules (`rules/builtin.toml`).
    pub fn new() -> Self {
        Self::from_rule_set(&RuleSet::builtin()).expect("built-in rules compile")
    }

    /// Compiles the built-in rules with the rules files `paths` merged on
    /// top, in order ([`RuleSet::load`]).
    pub fn with_files<P: AsRef<Path>>(paths: &[P]) -> Result<Self> {
        Self::from_rule_set(&RuleSet::load(paths)?)
    }

    /// Compiles `set`'s enabled families. Merging has checked each pattern;
    /// what can still fail here (a regex over the size limit) is reported
    /// at the family's last pattern.
    pub fn from_rule_set(set: &RuleSet) -> Result<Self> {
        let families: Vec<&Family> = set.families().iter().filter(|f| f.is_enabled()).collect();
        let mut rules = Vec::with_capacity(families.len());
        let (mut start_pats, mut start_rules) = (Vec::new(), Vec::new());
        let (mut whole_pats, mut whole_rules) = (Vec::new(), Vec::new());
        let mut end_rules = Vec::new();
        for (i, family) in families.iter().enumerate() {
            let anchored = anchored(set, family);
            let regex = Regex::new(&anchored).map_err(|e| {
                compile_error(
                    family.patterns.last().map_or(&family.origin, |p| &p.origin),
                    &format!("family `{}`: {}", family.id, regex_error(&e)),
                )
            })?;
            match family.scope {
                Scope::Start => {
                    start_pats.push(anchored);
                    start_rules.push(i);
                }
                Scope::Whole => {
                    whole_pats.push(anchored);
                    whole_rules.push(i);
                }
                Scope::End => end_rules.push(i),
            }
            rules.push(Rule {
                family: (*family).clone(),
                regex,
            });
        }
        // Each family compiled alone; together they can still exceed the
        // size limit, and the scope's last family is the likeliest culprit
        // (the built-in ones come first).
        let regex_set = |pats: &[String], idx: &[usize]| {
            RegexSet::new(pats).map_err(|e| {
                let origin = idx
                    .last()
                    .and_then(|&i| families.get(i))
                    .map_or_else(builtin_origin, |f| f.origin.clone());
                compile_error(
                    &origin,
                    &format!("the rules together do not compile: {}", regex_error(&e)),
                )
            })
        };
        let start_set = regex_set(&start_pats, &start_rules)?;
        let whole_set = regex_set(&whole_pats, &whole_rules)?;
        let (fillers, strong) = fillers_and_strong(set)?;
        let list_regex = |name: &str, regex: &str| {
            Regex::new(regex).map_err(|e| {
                let origin = set
                    .word_list(name)
                    .map_or_else(builtin_origin, |l| l.origin.clone());
                compile_error(&origin, &format!("word list `{name}`: {}", regex_error(&e)))
            })
        };
        Ok(RuleClassifier {
            rules,
            start_set,
            start_rules,
            whole_set,
            whole_rules,
            end_rules,
            fillers: list_regex(LEADING_FILLERS, &fillers)?,
            strong_agree: list_regex(STRONG_AGREE, &strong)?,
            explicit: list_regex(EXPLICIT, &explicit_regex(set)?)?,
        })
    }

    /// Whether normalized text (as in [`RuleView::text`]) opens with an
    /// explicit phrasing from the `explicit` word list.
    pub fn is_explicit(&self, normalized: &str) -> bool {
        self.explicit.is_match(normalized)
    }

    /// The families in use, in priority order.
    pub fn families(&self) -> impl Iterator<Item = &Family> {
        self.rules.iter().map(|r| &r.family)
    }

    /// Classifies one utterance in its context. `name` turns a speaker id
    /// into a name for the evidence text.
    pub fn classify_one(
        &self,
        text: &str,
        ctx: &Context,
        name: &dyn Fn(usize) -> String,
    ) -> Classified {
        self.view(text, ctx, name).classified
    }

    /// Classifies one utterance and also returns what the rules saw: the
    /// normalized text and every family that fired (features for a model).
    pub fn view(&self, text: &str, ctx: &Context, name: &dyn Fn(usize) -> String) -> RuleView {
        let norm = self.normalize(text);
        let hits = self.hits(&norm);
        let (label, decided, why) = decide(&norm, &hits, ctx, &self.strong_agree, name);
        let decided_id = decided.rule();
        let runner_up = hits
            .list
            .iter()
            .find(|h| h.family.label != label && *h.family.id != *decided_id)
            .map(|h| hits.cue(h));
        let decided_by = match decided {
            Decided::Hit(h) => hits.cue(&h),
            // Structural rules argue for the label they give.
            structural => cue(label, structural.id(), ""),
        };
        let fired = hits.list.iter().map(|h| h.family.id.clone()).collect();
        RuleView {
            fired,
            core_start: norm.core_start,
            abandoned: norm.abandoned,
            text: norm.text,
            classified: Classified {
                label,
                evidence: Evidence {
                    decided_by,
                    runner_up,
                    context: why,
                },
            },
        }
    }

    fn normalize(&self, raw: &str) -> Normalized {
        let text = clean(raw);
        let core_start = self.fillers.find(&text).map_or(0, |m| m.end());
        let words = crate::segment::words::count(&text, WORDS_COUNTED);
        // A question cut off after its question mark was asked: in the
        // labeled meetings 713 of 732 such utterances are questions.
        let before = before_cut_off(&text)
            .or_else(|| ends_with_disfluency_mark(raw).then_some(text.as_str()));
        let abandoned = before.is_some_and(|t| !ends_with_question_mark(t));
        Normalized {
            text,
            core_start,
            words,
            abandoned,
        }
    }

    /// Every family that matches, in priority order.
    fn hits<'n>(&self, norm: &'n Normalized) -> Hits<'_, 'n> {
        let core = &norm.text[norm.core_start..];
        let text = norm.text.trim();
        let hit = |rule: usize| Hit {
            rule,
            family: &self.rules[rule].family,
        };
        let mut list = Vec::new();
        // Most utterances match no pattern of a set: asking whether any
        // does stops at the first match and allocates nothing, where
        // listing the matches does both.
        if self.start_set.is_match(core) {
            let matches = self.start_set.matches(core);
            list.extend(matches.iter().map(|k| hit(self.start_rules[k])));
        }
        if self.whole_set.is_match(text) {
            let matches = self.whole_set.matches(text);
            list.extend(matches.iter().map(|k| hit(self.whole_rules[k])));
        }
        for &i in &self.end_rules {
            if self.rules[i].regex.is_match(text) {
                list.push(hit(i));
            }
        }
        list.sort_unstable_by_key(|h| h.rule);
        Hits {
            rules: &self.rules,
            norm,
            list,
        }
    }
}

impl<'r> Hits<'r, '_> {
    /// The words `hit` matched, trimmed. A `whole` pattern is anchored at
    /// both ends of the trimmed text, so it matched all of it; the others
    /// are searched again, in the text their scope sees.
    fn matched(&self, hit: &Hit<'_>) -> &str {
        let text = self.norm.text.trim();
        let haystack = match hit.family.scope {
            Scope::Whole => return text,
            Scope::Start => &self.norm.text[self.norm.core_start..],
            Scope::End => text,
        };
        self.rules[hit.rule]
            .regex
            .find(haystack)
            .map_or("", |m| m.as_str().trim())
    }

    /// The first hit of family `id`.
    fn get(&self, id: &str) -> Option<Hit<'r>> {
        self.list.iter().find(|h| &*h.family.id == id).copied()
    }

    /// The first hit for `label`.
    fn first_of(&self, label: Label) -> Option<Hit<'r>> {
        self.list.iter().find(|h| h.family.label == label).copied()
    }

    fn cue(&self, hit: &Hit<'_>) -> Cue {
        cue(hit.family.label, hit.family.id.clone(), self.matched(hit))
    }
}

impl Classifier for RuleClassifier {
    fn classify(&self, transcript: &Transcript) -> Vec<Classified> {
        let mut out: Vec<Classified> = Vec::with_capacity(transcript.utterances.len());
        let mut labels: Vec<Label> = Vec::with_capacity(transcript.utterances.len());
        let name = |id: usize| transcript.speaker_name(id).to_string();
        for (i, u) in transcript.utterances.iter().enumerate() {
            let ctx = Context::of(&transcript.utterances, &labels, i);
            let c = self.classify_one(&u.text, &ctx, &name);
            labels.push(c.label);
            out.push(c);
        }
        out
    }
}

/// Lower case, straight apostrophes and quotes, annotations removed, spaces collapsed.
fn clean(text: &str) -> String {
    let mut out = Cleaner {
        out: String::with_capacity(text.len()),
        space: false,
    };
    crate::annotation::for_each_spoken(text, |piece| {
        if piece.is_ascii() {
            out.push_ascii(piece);
        } else {
            out.push_any(piece);
        }
    });
    out.out
}

/// [`clean`]'s output so far, and whether whitespace is pending: runs of
/// whitespace become one space, none at either end.
struct Cleaner {
    out: String,
    space: bool,
}

impl Cleaner {
    /// Any text, a char at a time.
    fn push_any(&mut self, piece: &str) {
        for ch in piece.chars() {
            if ch.is_whitespace() {
                self.space = !self.out.is_empty();
                continue;
            }
            self.pending_space();
            match ch {
                '\u{2019}' | '\u{2018}' | '`' => self.out.push('\''),
                '\u{201C}' | '\u{201D}' => self.out.push('"'),
                c => self.out.extend(c.to_lowercase()),
            }
        }
    }

    /// ASCII text, the common case: the same result as
    /// [`Cleaner::push_any`] without the Unicode tables. Whitespace at
    /// either end sets the pending space; a body with single spaces only
    /// and no backtick is copied whole and lower-cased in place, anything
    /// else goes a byte at a time.
    fn push_ascii(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let Some(start) = bytes.iter().position(|&b| !is_space(b)) else {
            if !bytes.is_empty() {
                self.space = !self.out.is_empty();
            }
            return;
        };
        if start > 0 {
            self.space = !self.out.is_empty();
        }
        let end = bytes
            .iter()
            .rposition(|&b| !is_space(b))
            .map_or(start, |p| p + 1);
        // ASCII, so every byte offset is a char boundary.
        let body = &piece[start..end];
        if needs_bytewise(body.as_bytes()) {
            self.push_bytewise(body);
        } else {
            self.pending_space();
            let from = self.out.len();
            self.out.push_str(body);
            self.out[from..].make_ascii_lowercase();
        }
        if end < bytes.len() {
            self.space = !self.out.is_empty();
        }
    }

    /// ASCII text a byte at a time.
    fn push_bytewise(&mut self, piece: &str) {
        for b in piece.bytes() {
            if is_space(b) {
                self.space = !self.out.is_empty();
                continue;
            }
            self.pending_space();
            let c = if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            };
            self.out.push(char::from(c));
        }
    }

    fn pending_space(&mut self) {
        if self.space {
            self.out.push(' ');
            self.space = false;
        }
    }
}

/// The ASCII bytes `char::is_whitespace` takes: vertical tab and form
/// feed too, unlike `u8::is_ascii_whitespace`.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

/// Whether ASCII text has what copying it whole would get wrong: a
/// backtick, whitespace other than a space, or two spaces in a row. Folds
/// rather than stopping early, so the compiler can check many bytes at once.
fn needs_bytewise(b: &[u8]) -> bool {
    let odd = b.iter().fold(false, |acc, &c| {
        acc | (c.wrapping_sub(b'\t') < 5) | (c == b'`')
    });
    let next = b.get(1..).unwrap_or_default();
    let doubled = b
        .iter()
        .zip(next)
        .fold(false, |acc, (&x, &y)| acc | ((x == b' ') & (y == b' ')));
    odd | doubled
}

/// A family's patterns as one regex anchored for its scope, word lists expanded.
pub(crate) fn anchored(set: &RuleSet, family: &Family) -> String {
    let joined: Vec<&str> = family.patterns.iter().map(|p| p.regex.as_str()).collect();
    let body = set.expand(&joined.join("|"));
    match family.scope {
        Scope::Start => format!(r"^(?:{body})(?:\b|$)"),
        Scope::Whole => {
            let lead = set.expand(&format!("{{{BACKCHANNEL}}}"));
            format!(r"^(?:{lead}[\s,.!;:-]+)*(?:{body})[\s\p{{P}}]*$")
        }
        Scope::End => format!("(?:{body})"),
    }
}

/// The leading-filler and strong-agreement regexes built from their lists.
pub(crate) fn fillers_and_strong(set: &RuleSet) -> Result<(String, String)> {
    let list = |name: &str| {
        set.word_list(name).map(|l| l.alternation()).ok_or_else(|| {
            compile_error(&builtin_origin(), &format!("word list `{name}` is missing"))
        })
    };
    Ok((
        format!(r"^(?:{}\b[\s,.!;:-]*)+", list(LEADING_FILLERS)?),
        format!(r"^{}\b", list(STRONG_AGREE)?),
    ))
}

/// The `explicit` list, after an optional lead-in ("well,", "no,", "yeah,").
fn explicit_regex(set: &RuleSet) -> Result<String> {
    let list = set
        .word_list(EXPLICIT)
        .map(|l| l.alternation())
        .ok_or_else(|| {
            compile_error(
                &builtin_origin(),
                &format!("word list `{EXPLICIT}` is missing"),
            )
        })?;
    Ok(format!(
        r"^(?:(?:uh|um|well|oh|no|yeah|yes|okay|ok)[\s,.!]+)*{list}"
    ))
}

fn builtin_origin() -> Origin {
    Origin {
        file: Arc::from(super::lexicon::BUILTIN_NAME),
        line: 1,
    }
}

fn compile_error(origin: &Origin, message: &str) -> crate::Error {
    rules_error(&*origin.file, origin.line, message.to_string())
}

fn cue(label: Label, rule: Arc<str>, matched: &str) -> Cue {
    Cue {
        label,
        rule,
        matched: matched.to_string(),
    }
}

/// What decided an utterance's label: a family that matched, or one of
/// the [`STRUCTURAL_RULES`].
#[derive(Debug, Clone, Copy)]
enum Decided<'r> {
    Hit(Hit<'r>),
    /// No words at all.
    Empty,
    /// Abandoned after a few words.
    Fragment,
    /// Nothing else applied: content is a position.
    Content,
}

impl Decided<'_> {
    /// The rule id shown as evidence.
    fn rule(&self) -> &str {
        match self {
            Decided::Hit(h) => &h.family.id,
            Decided::Empty => "other.empty",
            Decided::Fragment => "other.fragment",
            Decided::Content => "position.content",
        }
    }

    /// [`Decided::rule`] as a cue holds it; the structural ids are made
    /// once, not for every utterance they decide.
    fn id(&self) -> Arc<str> {
        static STRUCTURAL: LazyLock<[Arc<str>; 3]> =
            LazyLock::new(|| STRUCTURAL_RULES.map(Arc::from));
        match self {
            Decided::Hit(h) => h.family.id.clone(),
            Decided::Empty => STRUCTURAL[0].clone(),
            Decided::Fragment => STRUCTURAL[1].clone(),
            Decided::Content => STRUCTURAL[2].clone(),
        }
    }
}

type Decision<'r> = (Label, Decided<'r>, Option<String>);

/// The decision procedure. Cue families propose; context decides between
/// them. Read top to bottom: the first case that applies wins.
fn decide<'r>(
    norm: &Normalized,
    hits: &Hits<'r, '_>,
    ctx: &Context,
    strong: &Regex,
    name: &dyn Fn(usize) -> String,
) -> Decision<'r> {
    let hit = |id: &str| hits.get(id);
    let first_of = |label: Label| hits.first_of(label);
    let from = Decided::Hit;
    let answering_question = ctx.answers_question();
    // A point to accept or oppose: someone else's position, challenge or concession.
    let to_point = ctx.responds_to.is_some() && !answering_question;
    // Speakers are named only in the reason given.
    let says = |what: &str| {
        ctx.responds_to
            .as_ref()
            .map(|r| format!("{what} {}", name(r.speaker)))
    };
    let answers = || {
        ctx.question
            .as_ref()
            .map(|q| format!("answers a question from {}", name(q.speaker)))
    };

    if norm.words == 0 {
        return (Label::Other, Decided::Empty, None);
    }
    if norm.abandoned && norm.words <= FRAGMENT_MAX_WORDS {
        return (
            Label::Other,
            Decided::Fragment,
            Some("abandoned before it was finished".into()),
        );
    }

    // A rising "right?" or "okay?" asks; the one-word-reply rules are for statements.
    if let (Some(h), true) = (hit("question.mark"), norm.words <= 2) {
        return (Label::Question, from(h), None);
    }

    // One-word replies: their class is all context.
    if let Some(h) = hit("challenge.no") {
        return if answering_question {
            (Label::Position, from(h), answers())
        } else if to_point {
            (Label::Challenge, from(h), says("rejects a point from"))
        } else {
            (
                Label::Other,
                from(h),
                Some("no point from another speaker to reject".into()),
            )
        };
    }
    if let Some(h) = hit("concession.agree-word") {
        let strong = strong.is_match(hits.matched(&h));
        return if answering_question {
            (Label::Position, from(h), answers())
        } else if to_point && (strong || !(ctx.overlaps_other || ctx.other_keeps_going)) {
            (Label::Concession, from(h), says("accepts a point from"))
        } else if ctx.overlaps_other || ctx.other_keeps_going {
            (
                Label::Other,
                from(h),
                Some("backchannel: the other speaker keeps talking".into()),
            )
        } else {
            (
                Label::Other,
                from(h),
                Some("no point from another speaker to accept".into()),
            )
        };
    }
    if let Some(h) = hit("other.backchannel") {
        return (Label::Other, from(h), None);
    }

    let challenge = first_of(Label::Challenge);
    if let Some(h) = challenge {
        // "No, it failed" or "I don't think so" answering a question is an answer.
        if answering_question
            && matches!(&*h.family.id, "challenge.no-because" | "challenge.disagree")
        {
            return (Label::Position, from(h), answers());
        }
        if ctx.responds_to.is_some() {
            return (Label::Challenge, from(h), says("opposes a point from"));
        }
    }
    if let Some(h) = first_of(Label::Concession) {
        if ctx.responds_to.is_some() {
            return (Label::Concession, from(h), says("accepts a point from"));
        }
    }
    if let Some(h) = first_of(Label::Question) {
        return (Label::Question, from(h), None);
    }
    if let Some(h) = first_of(Label::Other) {
        return (Label::Other, from(h), None);
    }
    if let Some(h) = first_of(Label::Position) {
        let why = (&*h.family.id == "position.build" && to_point)
            .then(|| says("builds on a point from"))
            .flatten();
        return (Label::Position, from(h), why);
    }
    let why = (challenge.is_some()
        || hit("concession.agree").is_some()
        || hit("concession.accept").is_some())
    .then(|| "no point from another speaker to answer".to_string());
    (Label::Position, Decided::Content, why)
}

#[cfg(test)]
mod tests;
