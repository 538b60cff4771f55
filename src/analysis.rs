//! The whole pipeline for one transcript: classify, then score.

use crate::classify::{Classified, Classifier};
use crate::score::{score, Scores};
use crate::transcript::Transcript;

/// Everything colead knows about one meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The parsed, segmented transcript.
    pub transcript: Transcript,
    /// One label with evidence per utterance, in order.
    pub classified: Vec<Classified>,
    /// Per-speaker and group figures.
    pub scores: Scores,
}

/// Classifies and scores a transcript.
pub fn analyze(transcript: Transcript, classifier: &dyn Classifier) -> Analysis {
    let classified = classifier.classify(&transcript);
    let scores = score(&transcript, &classified);
    Analysis {
        transcript,
        classified,
        scores,
    }
}
