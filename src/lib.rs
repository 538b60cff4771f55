//! colead: meeting transcripts in, evidence about leading, following and
//! group flow out.
//!
//! The pipeline has one module per stage:
//! [`transcript`] (parse a file into utterances) → [`segment`] (sentence-sized
//! utterances) → [`classify`] (five classes with evidence) → [`score`]
//! (per-speaker and group figures) → [`report`] (terminal, JSON, CSV).
//! [`eval`] measures the classifier against human labels; [`cli`] is the
//! command line on top.

pub mod classify;
pub mod error;
pub mod eval;
pub mod segment;
pub mod transcript;

pub use error::{Error, Result};
