//! The line protocol of `colead stream`: one JSON request per input line,
//! one JSON reply per output line, in the same order. It is the contract of
//! Spark's `RDD.pipe`, Hadoop Streaming and similar engines.
//!
//! # Schema
//!
//! A request ([`Request`]) is a JSON object with an `id` (any JSON value,
//! echoed back; optional), an optional `format` (a name `colead formats`
//! lists; detected from the content when absent), and either `content`
//! (the text of a transcript file) or `path` (a file colead reads itself).
//! Other fields are ignored.
//!
//! A reply ([`Reply`]) is `{"id": ..., "ok": true, "analysis": {...}}`, the
//! analysis being the `colead.analysis/3` document of `analyze --format
//! json` (with `utterances` empty unless `--utterances` is given), or
//! `{"id": ..., "ok": false, "error": {"kind": ..., "line": ..., "message":
//! ...}}` for a line that could not be analyzed: bad JSON (`id` is then
//! `null`, kind `request`), no transcript in it, or a transcript colead
//! cannot read (the kinds of `errors.csv`, with the line in the
//! transcript).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::classify::Classifier;
use crate::report::AnalysisDoc;
use crate::transcript::{decode_owned, load_decoded, load_with, LoadOptions, Source};

/// One input line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Echoed in the reply; `null` when absent.
    #[serde(default)]
    pub id: serde_json::Value,
    /// Read the transcript as this format instead of detecting it.
    #[serde(default)]
    pub format: Option<String>,
    /// The transcript's text.
    #[serde(default)]
    pub content: Option<String>,
    /// Or a file to read it from.
    #[serde(default)]
    pub path: Option<PathBuf>,
}

/// What went wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDoc {
    /// `request` for a line that is not a usable request; otherwise the
    /// kind of `errors.csv` (`syntax`, `no_speaker`, `io`, ...).
    pub kind: String,
    /// The line in the transcript, when the problem has one.
    pub line: Option<usize>,
    /// What was wrong, in words.
    pub message: String,
}

/// One output line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The request's `id`.
    pub id: serde_json::Value,
    /// Whether there is an analysis.
    pub ok: bool,
    /// The analysis, when `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<AnalysisDoc>,
    /// The problem, when not `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDoc>,
}

impl Reply {
    fn failed(id: serde_json::Value, kind: &str, line: Option<usize>, message: String) -> Self {
        Reply {
            id,
            ok: false,
            analysis: None,
            error: Some(ErrorDoc {
                kind: kind.into(),
                line,
                message,
            }),
        }
    }
}

/// How to analyze every line.
pub struct StreamSettings<'a> {
    /// The classifier.
    pub classifier: &'a dyn Classifier,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Fill in the utterances of each analysis.
    pub utterances: bool,
}

/// The reply to input line `number` (1-based, for messages). Never panics
/// on any input: a panic while analyzing becomes an error reply.
pub fn reply(line: &[u8], number: usize, settings: &StreamSettings<'_>) -> Reply {
    let request: Request = match serde_json::from_slice(line) {
        Ok(r) => r,
        Err(e) => {
            return Reply::failed(
                serde_json::Value::Null,
                "request",
                None,
                format!("input line {number}: not a JSON request object: {e}"),
            )
        }
    };
    let id = request.id.clone();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze(request, number, settings)
    })) {
        Ok(r) => r,
        Err(_) => Reply::failed(
            id,
            "panic",
            None,
            format!("input line {number}: colead failed on this transcript (please report it)"),
        ),
    }
}

fn analyze(request: Request, number: usize, settings: &StreamSettings<'_>) -> Reply {
    let Request {
        id,
        format,
        content,
        path,
    } = request;
    let format = match format.as_deref() {
        None => None,
        Some(name) => match crate::transcript::formats::by_name(name) {
            Some(p) => Some(p),
            None => {
                let e = crate::Error::UnknownFormatName {
                    name: name.to_string(),
                };
                return Reply::failed(id, "request", None, e.to_string());
            }
        },
    };
    let options = LoadOptions {
        format,
        strict: settings.strict,
    };
    // Messages and `source` name the transcript by its path, else its id.
    let name = match (&path, &id) {
        (Some(p), _) => p.display().to_string(),
        (None, serde_json::Value::String(s)) => s.clone(),
        (None, serde_json::Value::Null) => format!("line {number}"),
        (None, other) => other.to_string(),
    };
    let loaded = match (content, path) {
        (Some(text), None) => decode_owned(text.into_bytes(), Path::new(&name))
            .and_then(|d| load_decoded(d, Path::new(&name), &options)),
        (None, Some(p)) => load_with(&Source::Path(p), &options),
        (Some(_), Some(_)) => {
            return Reply::failed(
                id,
                "request",
                None,
                format!("input line {number}: give `content` or `path`, not both"),
            )
        }
        (None, None) => {
            return Reply::failed(
                id,
                "request",
                None,
                format!("input line {number}: no `content` or `path` to analyze"),
            )
        }
    };
    match loaded {
        Ok(transcript) => {
            let analysis = crate::analyze(transcript, settings.classifier);
            let mut doc = AnalysisDoc::new(&analysis);
            if !settings.utterances {
                doc.utterances.clear();
            }
            Reply {
                id,
                ok: true,
                analysis: Some(doc),
                error: None,
            }
        }
        Err(e) => Reply::failed(id, e.kind(), e.line(), e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::RuleClassifier;

    fn settings(c: &RuleClassifier) -> StreamSettings<'_> {
        StreamSettings {
            classifier: c,
            strict: false,
            utterances: false,
        }
    }

    #[test]
    fn content_is_analyzed_and_the_id_echoed() {
        let c = RuleClassifier::new();
        let r = reply(
            br#"{"id": 7, "content": "Ann: We should ship on Friday.\nBob: Why Friday?\n"}"#,
            1,
            &settings(&c),
        );
        assert!(r.ok, "{r:?}");
        assert_eq!(r.id, serde_json::json!(7));
        let a = r.analysis.expect("analysis");
        assert_eq!(a.source, "7");
        assert_eq!(a.format, "plain");
        assert_eq!(a.speakers.len(), 2);
        assert!(a.utterances.is_empty(), "utterances only on request");
    }

    #[test]
    fn bad_lines_become_error_replies() {
        let c = RuleClassifier::new();
        let r = reply(b"{not json", 3, &settings(&c));
        assert!(!r.ok);
        assert_eq!(r.id, serde_json::Value::Null);
        let e = r.error.expect("error");
        assert_eq!(e.kind, "request");
        assert!(e.message.starts_with("input line 3:"), "{}", e.message);

        let r = reply(br#"{"id": "a"}"#, 4, &settings(&c));
        assert_eq!(r.id, serde_json::json!("a"));
        assert_eq!(r.error.expect("error").kind, "request");

        let r = reply(
            br#"{"id": "b", "content": "just words, no speaker"}"#,
            5,
            &settings(&c),
        );
        assert!(!r.ok);
        assert_eq!(r.error.expect("error").kind, "unknown_format");

        let r = reply(
            br#"{"id": "c", "format": "nope", "content": "A: hi"}"#,
            6,
            &settings(&c),
        );
        assert!(r
            .error
            .expect("error")
            .message
            .contains("unknown input format"));
    }
}
