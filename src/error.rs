//! Typed errors of the library. Every variant that comes from an input names
//! the input (`path`, `-` for stdin) and, where it applies, the 1-based line.

use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong between reading a transcript and writing a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The input contains NUL bytes, so it is not a text transcript.
    #[error("{path}:{line}: not a text file (NUL byte found)")]
    Binary { path: PathBuf, line: usize },
    /// The input is not valid UTF-8.
    #[error("{path}:{line}: not valid UTF-8 text (save the transcript as UTF-8)")]
    InvalidUtf8 { path: PathBuf, line: usize },
    /// The input holds nothing but whitespace.
    #[error("{path}: empty transcript")]
    Empty { path: PathBuf },
    /// No line looked like a speaker's turn.
    #[error("{path}: no speaker line found (expected lines like `Name: text` or `[00:01:02] Name: text`)")]
    NoSpeaker { path: PathBuf },
    /// Speaker lines were found, but none of them carries any words.
    #[error("{path}: no speech found (speaker lines carry no text)")]
    NoSpeech { path: PathBuf },
    /// No format recognized the content.
    #[error("{path}: not a transcript colead can read: no speaker line found (expected lines like `Name: text`) and no other format recognized (tried {tried})")]
    UnknownFormat { path: PathBuf, tried: String },
    /// `--input-format` named no known format.
    #[error("unknown input format `{name}` (run `colead formats` for the list)")]
    UnknownFormatName { name: String },
    /// A line did not have the shape the format requires.
    #[error("{path}:{line}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A labeled file carried a label outside the five classes.
    #[error("{path}:{line}: unknown label `{label}` (expected position, question, concession, challenge or other)")]
    UnknownLabel {
        path: PathBuf,
        line: usize,
        label: String,
    },
    /// A labeled file lacks a required column.
    #[error("{path}: missing column `{column}` in the header")]
    MissingColumn { path: PathBuf, column: &'static str },
    /// A CSV file could not be read.
    #[error("{path}:{line}: {source}")]
    Csv {
        path: PathBuf,
        line: usize,
        #[source]
        source: csv::Error,
    },
    /// A rules file (`--rules`) is invalid: bad TOML, an unknown key, class
    /// or scope, a bad regex, a missing word list, ...
    #[error("{path}:{line}: {message}")]
    Rules {
        path: PathBuf,
        line: usize,
        message: String,
    },
}
