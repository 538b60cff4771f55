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

impl Error {
    /// Stable short name of the kind of problem, as `errors.csv` and
    /// `colead stream` report it (`syntax`, `no_speaker`, `io`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Binary { .. } => "binary",
            Error::InvalidUtf8 { .. } => "invalid_utf8",
            Error::Empty { .. } => "empty",
            Error::NoSpeaker { .. } => "no_speaker",
            Error::NoSpeech { .. } => "no_speech",
            Error::UnknownFormat { .. } => "unknown_format",
            Error::UnknownFormatName { .. } => "unknown_format_name",
            Error::Syntax { .. } => "syntax",
            Error::UnknownLabel { .. } => "unknown_label",
            Error::MissingColumn { .. } => "missing_column",
            Error::Csv { .. } => "csv",
            Error::Rules { .. } => "rules",
        }
    }

    /// The input the problem is in, when it comes from one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Io { path, .. }
            | Error::Binary { path, .. }
            | Error::InvalidUtf8 { path, .. }
            | Error::Empty { path }
            | Error::NoSpeaker { path }
            | Error::NoSpeech { path }
            | Error::UnknownFormat { path, .. }
            | Error::Syntax { path, .. }
            | Error::UnknownLabel { path, .. }
            | Error::MissingColumn { path, .. }
            | Error::Csv { path, .. }
            | Error::Rules { path, .. } => Some(path),
            Error::UnknownFormatName { .. } => None,
        }
    }

    /// The 1-based line the problem is on, when it has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Binary { line, .. }
            | Error::InvalidUtf8 { line, .. }
            | Error::Syntax { line, .. }
            | Error::UnknownLabel { line, .. }
            | Error::Csv { line, .. }
            | Error::Rules { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// What was wrong, without the `path:line: ` the full message starts
    /// with, for tables that give path and line columns of their own.
    pub fn detail(&self) -> String {
        let full = self.to_string();
        let Some(path) = self.path() else {
            return full;
        };
        let prefix = match self.line() {
            Some(line) => format!("{}:{line}: ", path.display()),
            None => format!("{}: ", path.display()),
        };
        match full.strip_prefix(&prefix) {
            Some(rest) => rest.to_string(),
            None => full,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_drops_the_location_the_columns_carry() {
        let e = Error::Syntax {
            path: PathBuf::from("a/b.vtt"),
            line: 7,
            message: "bad cue timing".into(),
        };
        assert_eq!(e.to_string(), "a/b.vtt:7: bad cue timing");
        assert_eq!(e.detail(), "bad cue timing");
        assert_eq!(e.line(), Some(7));
        assert_eq!(e.kind(), "syntax");
        let e = Error::Empty {
            path: PathBuf::from("x.txt"),
        };
        assert_eq!(e.detail(), "empty transcript");
        assert_eq!(e.line(), None);
    }
}
