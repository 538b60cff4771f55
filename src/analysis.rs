//! The whole pipeline for one transcript: classify, then score.

use crate::classify::{Classified, Classifier, Label};
use crate::score::{score_with, Options, Scores};
use crate::transcript::{Transcript, Utterance};

/// Everything colead knows about one meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The parsed, segmented transcript.
    pub transcript: Transcript,
    /// One label with evidence per utterance, in order.
    pub classified: Vec<Classified>,
    /// Per-speaker, group and timeline figures.
    pub scores: Scores,
}

/// Classifies and scores a transcript with the default options.
pub fn analyze(transcript: Transcript, classifier: &dyn Classifier) -> Analysis {
    analyze_with(transcript, classifier, &Options::default())
}

/// Classifies and scores a transcript.
pub fn analyze_with(
    transcript: Transcript,
    classifier: &dyn Classifier,
    options: &Options,
) -> Analysis {
    let classified = classifier.classify(&transcript);
    let advancing = advancing(&transcript, &classified, classifier);
    let scores = score_with(&transcript, &classified, &advancing, options);
    Analysis {
        transcript,
        classified,
        scores,
    }
}

/// Fewest words after a concession's cue that can advance a position.
const ADVANCE_MIN_WORDS: usize = 2;

/// For each utterance: a concession that goes on to put forward a position
/// of its own ("You're right, and then we should ..."). The classifier gives
/// one label per utterance, so the words after the concession's cue are
/// classified again, as a reply to the point the concession accepted, by
/// the same classifier (and so in any language its rules cover). They
/// advance a position when they are a position with a named cue (a
/// proposal or a build), not merely the default "anything else is a
/// position": "You're right, I hadn't seen it that way" accepts and adds
/// nothing new.
pub fn advancing(
    transcript: &Transcript,
    classified: &[Classified],
    classifier: &dyn Classifier,
) -> Vec<bool> {
    let labels: Vec<Label> = classified.iter().map(|c| c.label).collect();
    let u = &transcript.utterances;
    classified
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if c.label != Label::Concession {
                return false;
            }
            let Some(rest) = after_cue(&u[i].text, &c.evidence.decided_by.matched) else {
                return false;
            };
            let point = crate::classify::Context::of(u, &labels[..i], i).responds_to;
            let mut mini = Transcript::new(transcript.source.clone(), transcript.format.clone());
            mini.speakers = vec!["them".into(), "speaker".into()];
            if let Some(p) = point {
                mini.utterances.push(Utterance {
                    speaker: 0,
                    text: u[p.index].text.clone(),
                    start: None,
                    end: None,
                    line: 0,
                    turn: 0,
                });
            }
            let turn = mini.utterances.len();
            mini.utterances.push(Utterance {
                speaker: 1,
                text: rest.to_string(),
                start: None,
                end: None,
                line: 0,
                turn,
            });
            classifier.classify(&mini).last().is_some_and(|r| {
                r.label == Label::Position
                    && matches!(
                        &*r.evidence.decided_by.rule,
                        "position.proposal" | "position.build"
                    )
            })
        })
        .collect()
}

/// The text after `cue` (matched case-insensitively, typographic apostrophes
/// read as straight ones) and the punctuation after it, when enough words follow.
fn after_cue<'a>(text: &'a str, cue: &str) -> Option<&'a str> {
    if cue.is_empty() {
        return None;
    }
    // Normalized text with a map back to byte offsets of the original.
    let mut norm = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (at, ch) in text.char_indices() {
        let ch = if ch == '\u{2019}' { '\'' } else { ch };
        for lower in ch.to_lowercase() {
            let before = norm.len();
            norm.push(lower);
            origin.extend(std::iter::repeat_n(at, norm.len() - before));
        }
    }
    origin.push(text.len());
    let found = norm.find(cue)?;
    let end = origin[found + cue.len()];
    let rest = text[end..].trim_start_matches(|c: char| !c.is_alphanumeric());
    (crate::segment::words::count(rest, ADVANCE_MIN_WORDS) >= ADVANCE_MIN_WORDS).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_after_the_cue() {
        assert_eq!(
            after_cue("You're right, and then we should wait.", "you're right"),
            Some("and then we should wait.")
        );
        assert_eq!(
            after_cue("You\u{2019}re RIGHT. We should wait.", "you're right"),
            Some("We should wait.")
        );
        assert_eq!(after_cue("That makes sense.", "that makes sense"), None);
        assert_eq!(after_cue("Good idea, thanks.", "good idea"), None);
        assert_eq!(after_cue("Okay then.", ""), None);
        assert_eq!(after_cue("Sure thing.", "absent"), None);
    }
}
