//! Measuring a classifier against human labels: the library side of
//! `colead eval PATH...`.
//!
//! [`collect_files`] and [`read_labeled`] turn labeled CSV files into
//! [`LabeledMeeting`]s, [`evaluate`] runs a [`Classifier`] over them into a
//! [`Confusion`] matrix, and [`EvalReport`] renders the figures as text or
//! JSON.

mod labeled;
mod metrics;
mod report;
pub mod restyle;

pub use labeled::{collect_files, read_labeled, LabeledMeeting, FORMAT};
pub use metrics::Confusion;
pub use report::{ClassReport, ConfusionReport, EvalReport};

use crate::classify::{Classified, Classifier, Label};

/// Classifies every meeting and counts gold against predicted labels.
///
/// Each meeting is classified as a whole, in order, because the classifier
/// looks at neighbouring utterances (who spoke before, whether a question is
/// being answered); feeding it utterance by utterance would measure something
/// other than what the analyzer does. Meetings are independent, so callers
/// that want parallelism can evaluate slices and merge with `+=`.
///
/// A classifier must return one label per utterance. Should one break that
/// contract, only the utterances that received a label are counted, so
/// [`Confusion::total`] falls short of the utterance count rather than
/// inventing predictions.
pub fn evaluate(classifier: &dyn Classifier, meetings: &[LabeledMeeting]) -> Confusion {
    evaluate_each(classifier, meetings, |_| {})
}

/// One labeled utterance as the classifier saw it, for listing errors.
#[derive(Debug, Clone, Copy)]
pub struct Judged<'a> {
    /// The meeting it belongs to.
    pub meeting: &'a LabeledMeeting,
    /// Its index in the meeting's transcript.
    pub index: usize,
    /// The human label.
    pub gold: Label,
    /// The classifier's label and evidence.
    pub predicted: &'a Classified,
}

/// As [`evaluate`], calling `each` for every utterance (in order) with the
/// gold label and the prediction, so callers can list the errors.
pub fn evaluate_each(
    classifier: &dyn Classifier,
    meetings: &[LabeledMeeting],
    mut each: impl FnMut(Judged<'_>),
) -> Confusion {
    let mut confusion = Confusion::default();
    for meeting in meetings {
        let predicted = classifier.classify(&meeting.transcript);
        debug_assert_eq!(
            predicted.len(),
            meeting.gold.len(),
            "classifier returned a label count different from the utterance count for {}",
            meeting.name
        );
        for (index, (gold, classified)) in meeting.gold.iter().zip(&predicted).enumerate() {
            confusion.add(*gold, classified.label);
            each(Judged {
                meeting,
                index,
                gold: *gold,
                predicted: classified,
            });
        }
    }
    confusion
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Classified, Cue, Evidence, Label};
    use crate::transcript::{Transcript, Utterance};

    /// Predicts `position` for everything: the majority-class baseline.
    struct AlwaysPosition;

    impl Classifier for AlwaysPosition {
        fn classify(&self, transcript: &Transcript) -> Vec<Classified> {
            transcript
                .utterances
                .iter()
                .map(|_| Classified {
                    label: Label::Position,
                    evidence: Evidence {
                        decided_by: Cue {
                            label: Label::Position,
                            rule: "test.always".into(),
                            matched: String::new(),
                        },
                        runner_up: None,
                        context: None,
                    },
                })
                .collect()
        }
    }

    fn meeting(name: &str, gold: &[Label]) -> LabeledMeeting {
        let mut transcript = Transcript::new("test.csv", FORMAT);
        transcript.speakers.push("a".to_string());
        for (i, _) in gold.iter().enumerate() {
            transcript.utterances.push(Utterance {
                speaker: 0,
                text: format!("u{i}"),
                start: None,
                end: None,
                line: i + 2,
                turn: 0,
            });
        }
        LabeledMeeting {
            name: name.to_string(),
            transcript,
            gold: gold.to_vec(),
            tags: vec![String::new(); gold.len()],
        }
    }

    #[test]
    fn evaluate_counts_every_utterance_of_every_meeting() {
        use Label::*;
        let meetings = [
            meeting("m1", &[Position, Question, Other]),
            meeting("m2", &[Position, Concession]),
            meeting("empty", &[]),
        ];
        let confusion = evaluate(&AlwaysPosition, &meetings);
        // Everything lands in the `position` column; each gold row holds its
        // support: position 2, question 1, concession 1, other 1.
        assert_eq!(confusion.total(), 5);
        assert_eq!(confusion.count(Position, Position), 2);
        assert_eq!(confusion.count(Question, Position), 1);
        assert_eq!(confusion.count(Concession, Position), 1);
        assert_eq!(confusion.count(Other, Position), 1);
        assert_eq!(confusion.count(Challenge, Position), 0);
        for gold in Label::ALL {
            for predicted in Label::ALL.into_iter().filter(|&p| p != Position) {
                assert_eq!(confusion.count(gold, predicted), 0);
            }
        }
        // 2 of 5 right.
        assert!((confusion.accuracy() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn evaluate_merges_like_one_pass() {
        use Label::*;
        let meetings = [
            meeting("m1", &[Position, Question]),
            meeting("m2", &[Challenge, Other, Other]),
        ];
        let whole = evaluate(&AlwaysPosition, &meetings);
        let mut merged = evaluate(&AlwaysPosition, &meetings[..1]);
        merged += evaluate(&AlwaysPosition, &meetings[1..]);
        assert_eq!(whole, merged);
    }
}
