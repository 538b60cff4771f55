//! One pass over a meeting: what each utterance contributes.
//!
//! Figures that link two utterances (a position taken up, a question
//! answered, a challenge resolved, a response received) are settled here
//! once, over the whole meeting, and booked on the utterance they are about:
//! uptake on the position's turn, an answer on the question, a resolution on
//! the challenge. Turn-level figures (turns, monologues, concurrent moments,
//! overlaps, participation shifts) are booked on the turn's first utterance.
//! A range of facts then tallies the same way whether it is a window or the
//! whole meeting.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::shifts::Shift;
use super::speaker::Standing;
use super::{GroupScore, SpeakerScore, Tally, OVERLAP_TURNS, RESOLUTION_TURNS, SECONDS_PER_WORD};
use crate::classify::{Classified, Context, Label};
use crate::transcript::{SpeakerId, Transcript};

/// How much timing a transcript carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// No usable times: talk is measured in words.
    None,
    /// Every turn has a start time, not every utterance an end: talk time
    /// is estimated from starts; overlaps cannot be seen.
    Starts,
    /// Every utterance has a start and an end.
    Full,
}

impl Timing {
    /// The timing of a transcript.
    pub fn of(transcript: &Transcript) -> Timing {
        timing(
            transcript,
            &turns(transcript.utterances.iter().map(|u| u.speaker)),
        )
    }
}

/// What one utterance contributes to the tallies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fact {
    pub speaker: SpeakerId,
    pub label: Label,
    /// On a question: it responds to another speaker's point, or another
    /// speaker's next substantive utterance responds to it: it is asked in
    /// an exchange with others, not inside the speaker's own line.
    pub to_other: bool,
    pub words: u64,
    /// Talk time in seconds (0 without times).
    pub seconds: f64,
    /// Start time, or the last known start before it.
    pub at: Option<f64>,
    pub build: bool,
    /// First utterance of a turn: the turn-level fields below are set here.
    pub turn_start: bool,
    pub turn_words: u64,
    pub turn_seconds: f64,
    pub moment: bool,
    pub overlap: bool,
    pub interruption: bool,
    pub shift: Option<Shift>,
    /// First position of a turn: the turn counts as a position turn here.
    pub position_turn: bool,
    /// On a position turn: another speaker conceded, built on it or asked about it.
    pub taken_up: bool,
    /// Utterances from the position to the first uptake.
    pub uptake_delay: u64,
    /// On a question: another speaker answered it.
    pub answered: bool,
    /// Utterances from the question to its first answer.
    pub answer_delay: u64,
    /// Substantive utterances of others that respond to this one.
    pub responses: u64,
    pub competing: bool,
    /// On a challenge: a concession or build followed within a few turns.
    pub resolved: bool,
    /// On a resolved challenge: the concession or build that resolved it.
    pub resolved_by: Option<usize>,
}

impl Fact {
    fn new(speaker: SpeakerId, label: Label, words: u64) -> Self {
        Fact {
            speaker,
            label,
            to_other: false,
            words,
            seconds: 0.0,
            at: None,
            build: false,
            turn_start: false,
            turn_words: 0,
            turn_seconds: 0.0,
            moment: false,
            overlap: false,
            interruption: false,
            shift: None,
            position_turn: false,
            taken_up: false,
            uptake_delay: 0,
            answered: false,
            answer_delay: 0,
            responses: 0,
            competing: false,
            resolved: false,
            resolved_by: None,
        }
    }
}

/// The facts of a meeting, with what the scores need to know about it as a whole.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub facts: Vec<Fact>,
    pub timing: Timing,
    /// Speakers in the transcript's table, silent ones included.
    pub speakers: usize,
}

impl Facts {
    /// Settles every utterance's contribution. `classified` has one entry
    /// per utterance; `advancing` may be shorter (missing entries are `false`).
    pub fn of(transcript: &Transcript, classified: &[Classified], advancing: &[bool]) -> Self {
        let utterances = &transcript.utterances;
        let n = utterances.len().min(classified.len());
        let utterances = &utterances[..n];
        let labels: Vec<Label> = classified[..n].iter().map(|c| c.label).collect();
        let mut facts: Vec<Fact> = utterances
            .iter()
            .zip(&labels)
            .map(|(u, &l)| Fact::new(u.speaker, l, super::word_count(&u.text)))
            .collect();
        let contexts: Vec<Context> = (0..n)
            .map(|i| Context::of(utterances, &labels, i))
            .collect();
        let turns = turns(utterances.iter().map(|u| u.speaker));
        let turn_of = turn_index(&turns, n);

        for (i, c) in classified[..n].iter().enumerate() {
            facts[i].build = c.label == Label::Position
                && &*c.evidence.decided_by.rule == "position.build"
                && contexts[i]
                    .responds_to
                    .as_ref()
                    .is_some_and(|r| r.label == Label::Position);
        }
        let timing = timing(transcript, &turns);
        talk_seconds(transcript, &mut facts, timing);
        links(&mut facts, &contexts, &turns, &turn_of);
        for (f, c) in facts.iter_mut().zip(&contexts) {
            f.to_other = f.label == Label::Question && (c.responds_to.is_some() || f.responses > 0);
        }
        for (t, range) in turns.iter().enumerate() {
            let first = range.start;
            facts[first].turn_start = true;
            let words = facts[range.clone()].iter().map(|f| f.words).sum();
            let seconds = facts[range.clone()].iter().map(|f| f.seconds).sum();
            let moment = is_moment(&facts[range.clone()], advancing_of(advancing, range));
            facts[first].turn_words = words;
            facts[first].turn_seconds = seconds;
            facts[first].moment = moment;
            if t > 0 {
                let prev = &turns[t - 1];
                let target =
                    |r: &Range<usize>| contexts[r.start].responds_to.as_ref().map(|x| x.speaker);
                facts[first].shift = Some(Shift::of(
                    (facts[prev.start].speaker, target(prev)),
                    (facts[first].speaker, target(range)),
                ));
            }
        }
        if timing == Timing::Full {
            overlaps(transcript, &mut facts, &turns);
        }
        Facts {
            facts,
            timing,
            speakers: transcript.speakers.len(),
        }
    }

    /// Number of utterances.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// One tally per speaker over `range`.
    #[cfg(test)]
    pub fn tallies(&self, range: Range<usize>) -> Vec<Tally> {
        let mut tallies = Vec::new();
        self.tally_into(range, &mut tallies);
        tallies
    }

    /// As [`Facts::tallies`], into `tallies` (its old contents go).
    fn tally_into(&self, range: Range<usize>, tallies: &mut Vec<Tally>) {
        tallies.clear();
        tallies.resize(self.speakers, Tally::default());
        for f in &self.facts[range] {
            if let Some(t) = tallies.get_mut(f.speaker) {
                t.add(f);
            }
        }
    }

    /// Seconds from the first start to the last end in `range`, where times exist.
    pub fn duration(&self, range: Range<usize>) -> Option<f64> {
        if self.timing == Timing::None {
            return None;
        }
        let facts = &self.facts[range];
        let start = facts.iter().filter_map(|f| f.at).reduce(f64::min)?;
        let end = facts
            .iter()
            .filter_map(|f| f.at.map(|a| a + f.seconds))
            .reduce(f64::max)?;
        Some((end - start).max(0.0))
    }

    /// Judges the speakers and the group over `range`: the same code for the
    /// whole meeting and for each window.
    pub fn judge(&self, names: &[&str], range: Range<usize>) -> (Vec<SpeakerScore>, GroupScore) {
        let mut stretch = Stretch::default();
        self.stand(names, range.clone(), &mut stretch);
        let Stretch {
            tallies, standings, ..
        } = &stretch;
        let group = GroupScore::of(standings, tallies, self.timing, self.duration(range));
        // Those who said nothing have no leading, no talk and no first
        // utterance: report order puts them after everyone who spoke, by name.
        let mut silent: Vec<Standing> = tallies
            .iter()
            .enumerate()
            .filter(|(_, t)| t.utterances == 0)
            .map(|(id, t)| stretch.standing(names, id, t, self.timing))
            .collect();
        silent.sort_by(|a, b| a.name.cmp(b.name));
        let speakers = standings
            .iter()
            .chain(&silent)
            .map(|s| SpeakerScore::of(s, &tallies[s.id], self.timing))
            .collect();
        (speakers, group)
    }

    /// Tallies the speakers over `range` and judges where each who spoke in
    /// it stands, into `stretch` (its old contents go).
    pub fn stand<'a>(&self, names: &[&'a str], range: Range<usize>, stretch: &mut Stretch<'a>) {
        self.tally_into(range.clone(), &mut stretch.tallies);
        let tallies = &stretch.tallies;
        let first_seen = &mut stretch.first_seen;
        first_seen.clear();
        first_seen.resize(self.speakers, usize::MAX);
        for (i, f) in self.facts[range].iter().enumerate().rev() {
            if let Some(x) = first_seen.get_mut(f.speaker) {
                *x = i;
            }
        }
        stretch.total_talk = tallies.iter().map(|t| t.talk(self.timing)).sum();
        let present = tallies.iter().filter(|t| t.utterances > 0).count();
        let substantive: u64 = tallies.iter().map(Tally::substantive).sum();
        stretch.fair_share = if present > 0 {
            substantive as f64 / present as f64
        } else {
            0.0
        };
        let mut standings = std::mem::take(&mut stretch.standings);
        standings.clear();
        standings.extend(
            tallies
                .iter()
                .enumerate()
                .filter(|(_, t)| t.utterances > 0)
                .map(|(id, t)| stretch.standing(names, id, t, self.timing)),
        );
        // Report order: leading, then talk; ties go to who spoke first, so
        // neither names nor ids decide anything.
        let first_seen = &stretch.first_seen;
        standings.sort_by(|a, b| {
            b.leading
                .unwrap_or(-1.0)
                .total_cmp(&a.leading.unwrap_or(-1.0))
                .then(b.talk_share.total_cmp(&a.talk_share))
                .then(first_seen[a.id].cmp(&first_seen[b.id]))
                .then(a.name.cmp(b.name))
        });
        stretch.standings = standings;
    }
}

/// A stretch of a meeting as [`Facts::stand`] judges it; kept from one
/// timeline window to the next so that windows do not allocate.
#[derive(Debug, Default)]
pub(crate) struct Stretch<'a> {
    /// One tally per speaker, by id.
    pub tallies: Vec<Tally>,
    /// The standing of everyone who said something, in report order.
    /// Those who did not cannot lead, follow or hold the top lead share,
    /// so the group's figures do not miss them.
    pub standings: Vec<Standing<'a>>,
    /// Per speaker: the stretch's first utterance of theirs (report order's tie-break).
    first_seen: Vec<usize>,
    /// Everyone's talk, in the meeting's unit.
    total_talk: f64,
    /// Substantive utterances per speaker who said something.
    fair_share: f64,
}

impl<'a> Stretch<'a> {
    /// The standing of speaker `id`, whose tally over the stretch is `t`.
    fn standing(&self, names: &[&'a str], id: usize, t: &Tally, timing: Timing) -> Standing<'a> {
        let name = names.get(id).copied().unwrap_or("?");
        Standing::of(id, name, t, self.total_talk, timing, self.fair_share)
    }
}

/// The entries of `advancing` for `range`; those past its end are missing
/// (and so `false`).
fn advancing_of<'a>(advancing: &'a [bool], range: &Range<usize>) -> &'a [bool] {
    let end = range.end.min(advancing.len());
    advancing.get(range.start.min(end)..end).unwrap_or(&[])
}

/// Utterance ranges of the turns: a turn ends when the speaker changes.
pub(crate) fn turns(speakers: impl Iterator<Item = SpeakerId>) -> Vec<Range<usize>> {
    let mut turns: Vec<Range<usize>> = Vec::new();
    let mut last = None;
    for (i, s) in speakers.enumerate() {
        match turns.last_mut() {
            Some(t) if last == Some(s) => t.end = i + 1,
            _ => turns.push(i..i + 1),
        }
        last = Some(s);
    }
    turns
}

fn turn_index(turns: &[Range<usize>], n: usize) -> Vec<usize> {
    let mut of = vec![0; n];
    for (t, r) in turns.iter().enumerate() {
        for x in &mut of[r.clone()] {
            *x = t;
        }
    }
    of
}

/// Full when every utterance has a start and an end; Starts when at least
/// every turn's first utterance has a start; None otherwise.
fn timing(transcript: &Transcript, turns: &[Range<usize>]) -> Timing {
    let u = &transcript.utterances;
    if u.is_empty() {
        return Timing::None;
    }
    if u.iter().all(|u| u.start.is_some() && u.end.is_some()) {
        Timing::Full
    } else if turns.iter().all(|r| u[r.start].start.is_some()) {
        Timing::Starts
    } else {
        Timing::None
    }
}

/// Talk seconds per utterance, and the start each utterance is placed at.
fn talk_seconds(transcript: &Transcript, facts: &mut [Fact], timing: Timing) {
    let u = &transcript.utterances;
    match timing {
        Timing::None => {}
        Timing::Full => {
            for (f, u) in facts.iter_mut().zip(u) {
                if let (Some(s), Some(e)) = (u.start, u.end) {
                    f.at = Some(s);
                    f.seconds = (e - s).max(0.0);
                }
            }
        }
        Timing::Starts => {
            // A timed utterance and the untimed ones after it (the rest of a
            // turn) form a block that lasts until the next start, capped at
            // SECONDS_PER_WORD per word; the block's time is booked on its
            // first utterance.
            let timed: Vec<usize> = (0..facts.len()).filter(|&i| u[i].start.is_some()).collect();
            for (k, &i) in timed.iter().enumerate() {
                let next = timed.get(k + 1).copied().unwrap_or(facts.len());
                let words: u64 = facts[i..next].iter().map(|f| f.words).sum();
                let cap = words as f64 * SECONDS_PER_WORD;
                let start = u[i].start.unwrap_or(0.0);
                let gap = timed
                    .get(k + 1)
                    .and_then(|&j| u[j].start)
                    .map(|s| s - start)
                    .filter(|g| *g >= 0.0);
                facts[i].seconds = gap.map_or(cap, |g| g.min(cap));
                for f in &mut facts[i..next] {
                    f.at = Some(start);
                }
            }
        }
    }
}

/// Links between utterances: uptake, answers, responses, competing
/// positions, resolved challenges.
fn links(facts: &mut [Fact], contexts: &[Context], turns: &[Range<usize>], turn_of: &[usize]) {
    let n = facts.len();
    // First position of each turn: where the turn's uptake is booked.
    let mut first_position: Vec<Option<usize>> = vec![None; turns.len()];
    for (t, r) in turns.iter().enumerate() {
        first_position[t] = r.clone().find(|&i| facts[i].label == Label::Position);
        if let Some(p) = first_position[t] {
            facts[p].position_turn = true;
        }
    }
    for j in 0..n {
        let label = facts[j].label;
        let ctx = &contexts[j];
        if label != Label::Other {
            if let Some(r) = &ctx.responds_to {
                facts[r.index].responses += 1;
            }
        }
        if let Some(r) = ctx
            .responds_to
            .as_ref()
            .filter(|r| r.label == Label::Position)
        {
            let uptake = matches!(label, Label::Concession | Label::Question) || facts[j].build;
            if uptake {
                if let Some(p) = first_position[turn_of[r.index]] {
                    if !facts[p].taken_up {
                        facts[p].taken_up = true;
                        facts[p].uptake_delay = (j - r.index) as u64;
                    }
                }
            }
            facts[j].competing =
                label == Label::Position && !facts[j].build && ctx.question.is_none();
        }
        if matches!(
            label,
            Label::Position | Label::Concession | Label::Challenge
        ) {
            if let Some(q) = &ctx.question {
                if !facts[q.index].answered {
                    facts[q.index].answered = true;
                    facts[q.index].answer_delay = (j - q.index) as u64;
                }
            }
        }
    }
    // The nearest resolving act (a concession or a build) at or after each index.
    let mut next_resolving = vec![None; n + 1];
    for i in (0..n).rev() {
        let resolving = facts[i].label == Label::Concession || facts[i].build;
        next_resolving[i] = if resolving {
            Some(i)
        } else {
            next_resolving[i + 1]
        };
    }
    for i in 0..n {
        if facts[i].label != Label::Challenge {
            continue;
        }
        let t = turn_of[i];
        let Some(after) = turns.get(t + 1) else {
            continue;
        };
        facts[i].resolved_by =
            next_resolving[after.start].filter(|&j| turn_of[j] <= t + RESOLUTION_TURNS);
        facts[i].resolved = facts[i].resolved_by.is_some();
    }
}

/// A turn is a concurrent moment when it both concedes and advances a
/// position (a concession and a position in one turn, or a concession that
/// goes on to advance one), or when it puts a position forward and hands
/// the floor over with a question to others (the question is the turn's
/// last substantive utterance, and another speaker responds to it).
fn is_moment(turn: &[Fact], advancing: &[bool]) -> bool {
    let has = |l: Label| turn.iter().any(|f| f.label == l);
    if has(Label::Concession) && has(Label::Position) {
        return true;
    }
    if turn
        .iter()
        .zip(advancing)
        .any(|(f, &a)| a && f.label == Label::Concession)
    {
        return true;
    }
    let last_substantive = turn.iter().rposition(|f| f.label != Label::Other);
    let first_position = turn.iter().position(|f| f.label == Label::Position);
    match (first_position, last_substantive) {
        (Some(p), Some(q)) => p < q && turn[q].label == Label::Question && turn[q].to_other,
        _ => false,
    }
}

/// Marks turns that start while another speaker's turn is under way
/// (overlaps), and those after which that speaker stopped first and the new
/// turn says something substantive (interruptions). Needs end times.
fn overlaps(transcript: &Transcript, facts: &mut [Fact], turns: &[Range<usize>]) {
    let u = &transcript.utterances;
    let span = |r: &Range<usize>| {
        let start = u[r.start].start.unwrap_or(0.0);
        let end = u[r.clone()]
            .iter()
            .filter_map(|x| x.end)
            .fold(start, f64::max);
        (start, end)
    };
    let spans: Vec<(f64, f64)> = turns.iter().map(span).collect();
    for (t, r) in turns.iter().enumerate() {
        let (start, end) = spans[t];
        let speaker = facts[r.start].speaker;
        let over = (t.saturating_sub(OVERLAP_TURNS)..t).rev().find(|&p| {
            facts[turns[p].start].speaker != speaker && spans[p].0 < start && start < spans[p].1
        });
        if let Some(p) = over {
            let substantive = facts[r.clone()].iter().any(|f| f.label != Label::Other);
            facts[r.start].overlap = true;
            facts[r.start].interruption = substantive && spans[p].1 < end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Classifier, RuleClassifier};

    const STORY: &str = include_str!("../../fixtures/flow-seed-story.txt");

    fn facts() -> Facts {
        let t = crate::transcript::parse_text(STORY, std::path::Path::new("story.txt"))
            .expect("parses");
        let c = RuleClassifier::new().classify(&t);
        Facts::of(&t, &c, &[])
    }

    /// Tallies of two halves, merged with `+=`, are the tally of the whole:
    /// the property windows and the whole meeting rely on.
    #[test]
    fn tallies_of_parts_merge_into_the_whole() {
        let f = facts();
        assert_eq!(f.timing, Timing::Starts);
        let whole = f.tallies(0..f.len());
        for k in 0..=f.len() {
            let mut merged = f.tallies(0..k);
            for (m, t) in merged.iter_mut().zip(f.tallies(k..f.len())) {
                *m += t;
            }
            for (m, w) in merged.iter().zip(&whole) {
                assert!((m.talk_seconds - w.talk_seconds).abs() < 1e-9);
                let (mut m, mut w) = (*m, *w);
                m.talk_seconds = 0.0;
                w.talk_seconds = 0.0;
                assert_eq!(m, w, "split at {k}");
            }
        }
    }

    #[test]
    fn start_only_talk_runs_to_the_next_start_capped_by_words() {
        let f = facts();
        // "Good morning everyone." at 0:05, next start 0:09: 3 words cap
        // 1.8 s < 4 s.
        assert!((f.facts[0].seconds - 3.0 * SECONDS_PER_WORD).abs() < 1e-9);
        // Tom's "Okay." at 0:31, next at 0:34: capped at 0.6 s.
        let okay = f
            .facts
            .iter()
            .position(|x| x.at == Some(31.0))
            .expect("0:31");
        assert!((f.facts[okay].seconds - 0.6).abs() < 1e-9);
    }

    #[test]
    fn turns_split_on_speaker_change() {
        assert_eq!(turns([0, 0, 1, 0, 0, 0].into_iter()), [0..2, 2..3, 3..6]);
        assert!(turns(std::iter::empty()).is_empty());
    }
}

#[cfg(test)]
mod moment_tests {
    use super::*;

    /// A turn of these labels; its questions are questions to others.
    fn turn(labels: &[Label]) -> Vec<Fact> {
        labels
            .iter()
            .map(|&l| {
                let mut f = Fact::new(0, l, 3);
                f.to_other = l == Label::Question;
                f
            })
            .collect()
    }

    #[test]
    fn concurrent_moments() {
        use Label::*;
        let no = [false; 4];
        assert!(is_moment(&turn(&[Concession, Position]), &no));
        assert!(
            is_moment(&turn(&[Position, Concession]), &no),
            "either order"
        );
        assert!(is_moment(&turn(&[Position, Question]), &no));
        assert!(
            is_moment(&turn(&[Position, Question, Other]), &no),
            "a trailing backchannel still hands over"
        );
        assert!(
            !is_moment(&turn(&[Position, Question, Position]), &no),
            "the question does not close the turn"
        );
        assert!(!is_moment(&turn(&[Question, Position]), &no));
        let mut unanswered = turn(&[Position, Question]);
        unanswered[1].to_other = false;
        assert!(
            !is_moment(&unanswered, &no),
            "nobody responds: the floor was not handed over"
        );
        assert!(!is_moment(&turn(&[Concession]), &no));
        assert!(
            is_moment(&turn(&[Concession]), &[true]),
            "advances in one utterance"
        );
        assert!(
            !is_moment(&turn(&[Question]), &[true]),
            "only a concession advances"
        );
    }
}
