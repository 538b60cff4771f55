//! colead: meeting transcripts in, evidence about leading, following and
//! group flow out.
//!
//! The pipeline has one module per stage:
//! [`transcript`] (parse a file into utterances) → [`segment`] (sentence-sized
//! utterances) → [`classify`] (five classes with evidence) → [`score`]
//! (per-speaker and group figures) → [`report`] (terminal, JSON, CSV).
//! [`eval`] measures the classifier against human labels; [`cli`] is the
//! command line on top.

pub mod analysis;
pub mod annotation;
pub mod batch;
pub mod classify;
pub mod cli;
pub mod error;
pub mod eval;
pub mod report;
pub mod score;
pub mod segment;
pub mod transcript;

pub use analysis::{analyze, analyze_with, Analysis};
pub use error::{Error, Result};
