//! The group-flow score: one number 0–100 from five parts that are shown
//! beside it, so nobody has to trust a black box. Flow is concurrent
//! leadership first: the concurrency part (how much of the leading and
//! following is done by people who do both) multiplies the mean of the
//! other four (how creative and how shared the talk is), so a meeting where
//! nobody both leads and follows scores 0 however evenly it talks.

use serde::{Deserialize, Serialize};

use super::{round4, round4_opt};

/// Abrasion part: challenges and competing positions per 100 utterances at
/// which it saturates.
pub const ABRASION_REF: f64 = 15.0;
/// Agility part: share of questions answered and position turns taken up at
/// which it saturates.
pub const AGILITY_REF: f64 = 0.4;
/// Resolution part: share of challenges resolved at which it saturates.
pub const RESOLUTION_REF: f64 = 0.5;

/// Agility and resolution parts need at least this many events (questions
/// and position turns; challenges): one challenge resolved is not a 100 %
/// resolution habit.
pub const MIN_EVENTS: u64 = 3;

/// The parts of the flow score, each 0–1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FlowParts {
    /// Share of the lead and follow acts made by judged speakers who both
    /// lead and follow a real share (`concurrent_share`).
    #[serde(serialize_with = "round4")]
    pub concurrency: f64,
    /// `min(1, abrasion / ABRASION_REF)`.
    #[serde(serialize_with = "round4")]
    pub abrasion: f64,
    /// `min(1, agility / AGILITY_REF)`; `null` with fewer than [`MIN_EVENTS`]
    /// questions and position turns.
    #[serde(serialize_with = "round4_opt")]
    pub agility: Option<f64>,
    /// `min(1, resolution / RESOLUTION_REF)`; `null` with fewer than
    /// [`MIN_EVENTS`] challenges.
    #[serde(serialize_with = "round4_opt")]
    pub resolution: Option<f64>,
    /// Participation equality, 1 − Gini of talk.
    #[serde(serialize_with = "round4")]
    pub equality: f64,
}

impl FlowParts {
    /// The parts from the group's figures.
    pub fn new(
        concurrency: f64,
        abrasion: f64,
        agility: Option<f64>,
        resolution: Option<f64>,
        equality: f64,
    ) -> Self {
        FlowParts {
            concurrency,
            abrasion: (abrasion / ABRASION_REF).min(1.0),
            agility: agility.map(|a| (a / AGILITY_REF).min(1.0)),
            resolution: resolution.map(|r| (r / RESOLUTION_REF).min(1.0)),
            equality,
        }
    }

    /// The mean of the parts other than concurrency that exist.
    pub fn others(&self) -> f64 {
        let parts = [
            Some(self.abrasion),
            self.agility,
            self.resolution,
            Some(self.equality),
        ];
        let present: Vec<f64> = parts.into_iter().flatten().collect();
        present.iter().sum::<f64>() / present.len() as f64
    }

    /// 100 × concurrency × the mean of the other parts.
    pub fn score(&self) -> f64 {
        100.0 * self.concurrency * self.others()
    }
}
