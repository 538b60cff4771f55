//! The TOML shape of a rules file, and turning its byte spans into the
//! line numbers errors report.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::{check_syntax, first_duplicate, rules_error, Origin, Scope};
use crate::classify::Label;
use crate::error::{Error, Result};

/// A rules file as written. Unknown keys are errors, so a misspelt key
/// (`pattern` for `patterns`) is caught instead of silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[serde(default)]
    pub family: Vec<Spanned<RawFamily>>,
    #[serde(default)]
    pub list: Vec<Spanned<RawList>>,
}

/// A `[[family]]` entry. Everything but the id is optional here: what an
/// override may leave out, a new family must have, and that is checked
/// with the set it merges into.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFamily {
    pub id: Spanned<String>,
    pub class: Option<Spanned<String>>,
    pub scope: Option<Spanned<String>>,
    pub mode: Option<Spanned<String>>,
    pub before: Option<Spanned<String>>,
    pub description: Option<String>,
    pub examples: Option<Vec<String>>,
    pub patterns: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A `[[list]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawList {
    pub name: Spanned<String>,
    pub mode: Option<Spanned<String>>,
    pub description: Option<String>,
    pub words: Option<Spanned<Vec<Spanned<String>>>>,
}

/// One file being merged: its name and text, for lines and errors.
pub(super) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// The name recorded in origins.
    pub file: Arc<str>,
}

impl Source<'_> {
    pub fn parse(&self) -> Result<RawFile> {
        toml::from_str(self.text).map_err(|e| {
            let line = e.span().map_or(1, |s| self.line_at(s.start));
            // toml's messages are one line, but say so explicitly: the CLI
            // promises one line per error.
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            self.error(line, message)
        })
    }

    /// 1-based line of a byte offset.
    fn line_at(&self, offset: usize) -> usize {
        self.text
            .get(..offset)
            .map_or(1, |before| before.matches('\n').count() + 1)
    }

    /// 1-based line where a value (or a `[[table]]` header) starts.
    pub fn line<T>(&self, value: &Spanned<T>) -> usize {
        self.line_at(value.span().start)
    }

    pub fn error(&self, line: usize, message: String) -> Error {
        rules_error(self.path, line, message)
    }

    pub fn origin(&self, line: usize) -> Origin {
        Origin {
            file: self.file.clone(),
            line,
        }
    }

    /// `mode`: whether the entry extends (true) or replaces (false, the default).
    pub fn mode(&self, mode: Option<&Spanned<String>>) -> Result<bool> {
        match mode.map(|m| (m.get_ref().as_str(), m)) {
            None | Some(("replace", _)) => Ok(false),
            Some(("extend", _)) => Ok(true),
            Some((other, m)) => Err(self.error(
                self.line(m),
                format!("unknown mode `{other}` (expected replace or extend)"),
            )),
        }
    }

    pub fn class(&self, class: &Spanned<String>) -> Result<Label> {
        let name = class.get_ref();
        Label::ALL
            .into_iter()
            .find(|l| l.as_str() == name)
            .ok_or_else(|| {
                self.error(
                    self.line(class),
                    format!("unknown class `{name}` (expected position, question, concession, challenge or other)"),
                )
            })
    }

    pub fn scope(&self, scope: &Spanned<String>) -> Result<Scope> {
        let name = scope.get_ref();
        Scope::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .ok_or_else(|| {
                self.error(
                    self.line(scope),
                    format!("unknown scope `{name}` (expected start, whole or end)"),
                )
            })
    }

    /// A list's words, each checked to compile on its own.
    pub fn words(&self, list: &str, words: &Spanned<Vec<Spanned<String>>>) -> Result<Vec<String>> {
        let mut out = Vec::with_capacity(words.get_ref().len());
        for w in words.get_ref() {
            let word = w.get_ref();
            if word.is_empty() {
                return Err(self.error(
                    self.line(w),
                    format!("empty word in word list `{list}`: it would match anything"),
                ));
            }
            if let Err(e) = check_syntax(&format!("(?:{word})")) {
                return Err(self.error(
                    self.line(w),
                    format!("invalid regex in word list `{list}`: `{word}`: {}", e),
                ));
            }
            out.push(word.clone());
        }
        Ok(out)
    }

    /// One file defines each family and list at most once: a second entry
    /// is almost always a copy-paste slip, and which should win is unclear.
    pub fn check_duplicates(&self, raw: &RawFile) -> Result<()> {
        let ids = raw.family.iter().map(|f| {
            (
                f.get_ref().id.get_ref().as_str(),
                self.line(&f.get_ref().id),
            )
        });
        if let Some((id, first, line)) = first_duplicate(ids) {
            return Err(self.error(
                line,
                format!("duplicate family `{id}` (first defined at line {first})"),
            ));
        }
        let names = raw.list.iter().map(|l| {
            let name = &l.get_ref().name;
            (name.get_ref().as_str(), self.line(name))
        });
        if let Some((name, first, line)) = first_duplicate(names) {
            return Err(self.error(
                line,
                format!("duplicate word list `{name}` (first defined at line {first})"),
            ));
        }
        Ok(())
    }
}
