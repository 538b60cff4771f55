//! Classification of utterances into the five classes, with evidence.
//!
//! The built-in classifier is rule based ([`RuleClassifier`]): cue lists
//! compiled once into one regex per cue family, and a small decision procedure
//! that looks at who spoke before, whether the utterance answers a question,
//! and whether the other speaker kept talking (a backchannel). The cue
//! families are data ([`RuleSet`]): `rules/builtin.toml`, plus any rules
//! files a team adds for its jargon or another language.

mod context;
pub mod features;
mod lexicon;
pub mod linear;
pub mod model;
mod rules;

pub use context::Context;
pub use lexicon::{Family, Origin, Pattern, RuleSet, Scope, WordList, BUILTIN_NAME, BUILTIN_RULES};
pub use model::ModelClassifier;
pub use rules::{RuleClassifier, RuleView};

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::transcript::Transcript;

/// The five classes every utterance falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Puts forward a view, proposal, claim or content.
    Position,
    /// Asks for information, opinion or clarification.
    Question,
    /// Accepts or yields to another speaker's point.
    Concession,
    /// Opposes, rejects or qualifies another speaker's point.
    Challenge,
    /// Backchannel, filler, floor-holding, greeting, thanks, procedure.
    Other,
}

impl Label {
    /// All labels in report order.
    pub const ALL: [Label; 5] = [
        Label::Position,
        Label::Question,
        Label::Concession,
        Label::Challenge,
        Label::Other,
    ];

    /// Stable lower-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Position => "position",
            Label::Question => "question",
            Label::Concession => "concession",
            Label::Challenge => "challenge",
            Label::Other => "other",
        }
    }

    /// Position of the label in [`Label::ALL`], for counting arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a string that names no label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLabel(pub String);

impl FromStr for Label {
    type Err = UnknownLabel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownLabel(s.to_string()))
    }
}

/// One cue that fired: which rule, and the words it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// The class the cue argues for.
    pub label: Label,
    /// Stable rule id, e.g. `concession.agree` or `question.mark`: shared
    /// with the rule it names, so labeling an utterance copies no id.
    pub rule: Arc<str>,
    /// The matched words (lower case), empty for structural rules.
    pub matched: String,
}

/// Why an utterance got its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The cue that decided.
    pub decided_by: Cue,
    /// The strongest cue for another class, if any fired.
    pub runner_up: Option<Cue>,
    /// Context that changed the outcome, in words (e.g. "answers a question from Ann").
    pub context: Option<String>,
}

/// A label with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classified {
    /// The class.
    pub label: Label,
    /// Why.
    pub evidence: Evidence,
}

/// Anything that labels the utterances of a transcript, in order.
pub trait Classifier: Sync {
    /// Labels every utterance of `transcript`; the result has one entry per
    /// utterance, in the same order.
    fn classify(&self, transcript: &Transcript) -> Vec<Classified>;
}
