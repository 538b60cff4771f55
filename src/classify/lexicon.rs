//! The cue rules as data: families of patterns that argue for a class, and
//! the word lists they share.
//!
//! The built-in rules are `rules/builtin.toml`, embedded in the binary. More
//! files in the same format can be merged on top ([`RuleSet::merge_file`])
//! to override, extend or add families and word lists; `docs/rules.md`
//! describes the format. Every file is validated as a whole when it is
//! merged, so a bad file is reported with its line before anything runs.

mod file;
#[cfg(test)]
mod legacy;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use regex::Regex;
use toml::Spanned;

use self::file::{RawFamily, RawFile, RawList, Source};
use super::rules::{REQUIRED_FAMILIES, REQUIRED_LISTS, STRUCTURAL_RULES};
use super::Label;
use crate::error::{Error, Result};

/// The built-in rules file, `rules/builtin.toml`.
pub const BUILTIN_RULES: &str = include_str!("../../rules/builtin.toml");

/// The name the built-in rules go by in origins and messages.
pub const BUILTIN_NAME: &str = "built-in";

/// Where a family's patterns must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// At the start, after leading fillers ("uh", "well", "so", "okay") are set aside.
    Start,
    /// The whole utterance, ignoring punctuation and any backchannel
    /// lead-in ("Good. Thank you." is thanks).
    Whole,
    /// At the end of the utterance.
    End,
}

impl Scope {
    /// Every scope, as the rules file spells them.
    pub const ALL: [Scope; 3] = [Scope::Start, Scope::Whole, Scope::End];

    /// The name used in rules files and listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Start => "start",
            Scope::Whole => "whole",
            Scope::End => "end",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a rule came from: a file (or [`BUILTIN_NAME`]) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as it was named when loaded.
    pub file: Arc<str>,
    /// 1-based line of the entry.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One regex alternative of a family, as written (before `{list}` expansion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern, `{name}` placeholders unexpanded.
    pub regex: String,
    /// Where it was written.
    pub origin: Origin,
}

/// A named list of cue patterns for one class.
#[derive(Debug, Clone)]
pub struct Family {
    /// Stable rule id shown as evidence, `class.name`.
    pub id: Arc<str>,
    /// The class the family argues for.
    pub label: Label,
    /// Where its patterns must match.
    pub scope: Scope,
    /// Regex alternatives; joined with `|`. Empty when a rules file
    /// switched the family off.
    pub patterns: Vec<Pattern>,
    /// What the family is for, in words.
    pub description: Option<String>,
    /// Utterances it is meant to match.
    pub examples: Vec<String>,
    /// Where the family was first defined.
    pub origin: Origin,
    /// Every file that defined or changed it, in load order.
    pub files: Vec<Arc<str>>,
}

impl Family {
    /// Whether the family has patterns to match; one emptied by a rules
    /// file is kept (so it can still be listed) but never fires.
    pub fn is_enabled(&self) -> bool {
        !self.patterns.is_empty()
    }
}

/// Words (regex fragments) that patterns name as `{name}`.
#[derive(Debug, Clone)]
pub struct WordList {
    /// The name used in `{name}` placeholders.
    pub name: String,
    /// The alternatives, in order.
    pub words: Vec<String>,
    /// What the list is for, in words.
    pub description: Option<String>,
    /// Where the list was first defined.
    pub origin: Origin,
    /// Every file that defined or changed it, in load order.
    pub files: Vec<Arc<str>>,
}

impl WordList {
    /// The list as one regex group, `(?:word|word|...)`.
    pub fn alternation(&self) -> String {
        format!("(?:{})", self.words.join("|"))
    }
}

/// The complete rules: families in priority order, and word lists.
///
/// Every rule set starts from the built-in rules ([`RuleSet::builtin`]), so
/// the families and lists the decision procedure relies on are always
/// there; rules files can change their patterns but not remove them.
#[derive(Debug, Clone)]
pub struct RuleSet {
    families: Vec<Family>,
    lists: Vec<WordList>,
}

/// Parsed once: every classifier built in a process starts from it.
static BUILTIN: LazyLock<RuleSet> = LazyLock::new(|| {
    let mut set = RuleSet {
        families: Vec::new(),
        lists: Vec::new(),
    };
    // The file is part of the program and a test loads it, so a failure here
    // is a bug in the build, not bad input.
    if let Err(e) = set.merge_str(Path::new(BUILTIN_NAME), BUILTIN_RULES) {
        panic!("the built-in rules are invalid: {e}");
    }
    if let Some(missing) = set.missing_required() {
        panic!("the built-in rules lack {missing}");
    }
    set
});

/// `{name}` in a pattern; names start with a letter, so `{2,3}` is a repetition.
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{([a-z][a-z0-9_-]*)\}").expect("placeholder regex is valid"));

impl RuleSet {
    /// The built-in rules (`rules/builtin.toml`).
    pub fn builtin() -> RuleSet {
        BUILTIN.clone()
    }

    /// The built-in rules with `paths` merged on top, in order.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<RuleSet> {
        let mut set = RuleSet::builtin();
        for path in paths {
            set.merge_file(path.as_ref())?;
        }
        Ok(set)
    }

    /// Reads a rules file and merges it ([`RuleSet::merge_str`]).
    pub fn merge_file(&mut self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.merge_str(path, &text)
    }

    /// Merges the rules in `text`, read from `path` (named in origins and
    /// errors). A family or list with a known id or name overrides it; a new
    /// one is added. On error the set is left as it was.
    pub fn merge_str(&mut self, path: &Path, text: &str) -> Result<()> {
        let src = Source {
            path,
            text,
            file: Arc::from(path.display().to_string()),
        };
        let raw: RawFile = src.parse()?;
        src.check_duplicates(&raw)?;
        // Work on a copy so a file that fails half way changes nothing.
        let mut next = self.clone();
        // Lists first: a family may name a list defined further down the file.
        for list in &raw.list {
            next.merge_list(&src, list)?;
        }
        for family in &raw.family {
            next.merge_family(&src, family)?;
        }
        *self = next;
        Ok(())
    }

    /// The families in priority order, switched-off ones included.
    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// The family with this id.
    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| &*f.id == id)
    }

    /// The word lists, in the order they were defined.
    pub fn word_lists(&self) -> &[WordList] {
        &self.lists
    }

    /// The word list with this name.
    pub fn word_list(&self, name: &str) -> Option<&WordList> {
        self.lists.iter().find(|l| l.name == name)
    }

    /// `pattern` with every `{name}` replaced by its word list's alternation.
    /// A name with no list is left as written (merging rejects those).
    pub fn expand(&self, pattern: &str) -> String {
        PLACEHOLDER
            .replace_all(pattern, |c: &regex::Captures<'_>| {
                match self.word_list(&c[1]) {
                    Some(list) => list.alternation(),
                    None => c[0].to_string(),
                }
            })
            .into_owned()
    }

    /// The first required family or list that is missing, in words.
    fn missing_required(&self) -> Option<String> {
        let family = REQUIRED_FAMILIES
            .iter()
            .find(|id| self.family(id).is_none())
            .map(|id| format!("family `{id}`"));
        family.or_else(|| {
            REQUIRED_LISTS
                .iter()
                .find(|name| self.word_list(name).is_none())
                .map(|name| format!("word list `{name}`"))
        })
    }

    fn merge_list(&mut self, src: &Source<'_>, entry: &Spanned<RawList>) -> Result<()> {
        let raw = entry.get_ref();
        let name = raw.name.get_ref();
        let at_name = src.line(&raw.name);
        if !is_name(name) {
            return Err(src.error(
                at_name,
                format!("word list name `{name}` must be lower-case letters, digits, `-` or `_`, starting with a letter"),
            ));
        }
        let extend = src.mode(raw.mode.as_ref())?;
        let words = match &raw.words {
            Some(words) => Some(src.words(name, words)?),
            None => None,
        };
        let existing = self.lists.iter().position(|l| l.name == *name);
        let Some(i) = existing else {
            if let Some(mode) = raw.mode.as_ref().filter(|_| extend) {
                return Err(src.error(src.line(mode), format!("no word list `{name}` to extend")));
            }
            let words = match words {
                Some(w) if !w.is_empty() => w,
                _ => {
                    return Err(src.error(
                        src.line(entry),
                        format!("new word list `{name}` needs at least one word"),
                    ))
                }
            };
            self.lists.push(WordList {
                name: name.clone(),
                words,
                description: raw.description.clone(),
                origin: src.origin(src.line(entry)),
                files: vec![src.file.clone()],
            });
            return Ok(());
        };
        let list = &mut self.lists[i];
        if let Some(words) = words {
            if extend {
                list.words.extend(words);
            } else if words.is_empty() {
                let at = raw.words.as_ref().map_or(at_name, |w| src.line(w));
                return Err(src.error(
                    at,
                    format!(
                        "word list `{name}` cannot be emptied: an empty list would match anything"
                    ),
                ));
            } else {
                list.words = words;
            }
        }
        if raw.description.is_some() {
            list.description.clone_from(&raw.description);
        }
        touch(&mut list.files, &src.file);
        Ok(())
    }

    fn merge_family(&mut self, src: &Source<'_>, entry: &Spanned<RawFamily>) -> Result<()> {
        let raw = entry.get_ref();
        let id = raw.id.get_ref();
        let at_entry = src.line(entry);
        let at_id = src.line(&raw.id);
        let existing = self.families.iter().position(|f| *f.id == **id);
        let extend = src.mode(raw.mode.as_ref())?;
        // A misspelt id in an extension is the likely mistake: say so
        // before asking for the class and scope a new family would need.
        if let (Some(mode), true, None) = (&raw.mode, extend, existing) {
            return Err(src.error(src.line(mode), format!("no family `{id}` to extend")));
        }
        let class = match &raw.class {
            Some(c) => Some(src.class(c)?),
            None => None,
        };
        let label = match (class, existing) {
            (Some(label), _) => label,
            (None, Some(i)) => self.families[i].label,
            (None, None) => {
                return Err(src.error(
                    at_entry,
                    format!("new family `{id}` needs a class (position, question, concession, challenge or other)"),
                ))
            }
        };
        check_id(id, label).map_err(|m| src.error(at_id, m))?;
        let scope = match &raw.scope {
            Some(s) => Some((src.scope(s)?, src.line(s))),
            None => None,
        };
        let patterns = match &raw.patterns {
            Some(p) => Some(self.patterns(src, id, p)?),
            None => None,
        };
        let before = match &raw.before {
            Some(b) => Some(self.before(src, id, b)?),
            None => None,
        };

        let Some(i) = existing else {
            if STRUCTURAL_RULES.contains(&id.as_str()) {
                return Err(src.error(
                    at_id,
                    format!("`{id}` is reserved for the decision procedure; choose another id"),
                ));
            }
            let Some((scope, _)) = scope else {
                return Err(src.error(
                    at_entry,
                    format!("new family `{id}` needs a scope (start, whole or end)"),
                ));
            };
            let patterns = match patterns {
                Some(p) if !p.is_empty() => p,
                _ => {
                    let at = raw.patterns.as_ref().map_or(at_entry, |p| src.line(p));
                    return Err(
                        src.error(at, format!("new family `{id}` needs at least one pattern"))
                    );
                }
            };
            let family = Family {
                id: Arc::from(id.as_str()),
                label,
                scope,
                patterns,
                description: raw.description.clone(),
                examples: raw.examples.clone().unwrap_or_default(),
                origin: src.origin(at_entry),
                files: vec![src.file.clone()],
            };
            // New families go last, so every family already there keeps
            // priority over them unless `before` asks otherwise (and the
            // built-in file keeps its own order).
            let at = before.unwrap_or(self.families.len());
            self.families.insert(at, family);
            return Ok(());
        };

        let family = &mut self.families[i];
        if let Some((scope, at)) = scope.filter(|(s, _)| *s != family.scope) {
            return Err(src.error(
                at,
                format!(
                    "`{id}` has scope `{}`; an override can change its patterns, not its scope (add a new family for `{scope}`)",
                    family.scope
                ),
            ));
        }
        if let Some(patterns) = patterns {
            if extend {
                family.patterns.extend(patterns);
            } else if patterns.is_empty() && REQUIRED_FAMILIES.contains(&id.as_str()) {
                let at = raw.patterns.as_ref().map_or(at_entry, |p| src.line(p));
                return Err(src.error(
                    at,
                    format!("`{id}` is used by the decision procedure: its patterns can be replaced but not removed"),
                ));
            } else {
                family.patterns = patterns;
            }
        }
        if raw.description.is_some() {
            family.description.clone_from(&raw.description);
        }
        if let Some(examples) = &raw.examples {
            if extend {
                family.examples.extend(examples.iter().cloned());
            } else {
                family.examples.clone_from(examples);
            }
        }
        touch(&mut family.files, &src.file);
        if let Some(mut at) = before {
            let family = self.families.remove(i);
            if at > i {
                at -= 1;
            }
            self.families.insert(at, family);
        }
        Ok(())
    }

    /// Checks a family's patterns: every `{name}` names a list and every
    /// pattern compiles on its own, so errors point at the pattern's line.
    fn patterns(
        &self,
        src: &Source<'_>,
        id: &str,
        patterns: &Spanned<Vec<Spanned<String>>>,
    ) -> Result<Vec<Pattern>> {
        let mut out = Vec::with_capacity(patterns.get_ref().len());
        for p in patterns.get_ref() {
            let at = src.line(p);
            let regex = p.get_ref();
            if regex.is_empty() {
                return Err(src.error(
                    at,
                    format!("empty pattern in family `{id}`: it would match anything"),
                ));
            }
            if let Some(c) = PLACEHOLDER
                .captures_iter(regex)
                .find(|c| self.word_list(&c[1]).is_none())
            {
                return Err(src.error(
                    at,
                    format!("pattern of family `{id}` names no word list: `{}`", &c[0]),
                ));
            }
            if let Err(e) = check_syntax(&format!("(?:{})", self.expand(regex))) {
                return Err(src.error(
                    at,
                    format!("invalid regex in family `{id}`: `{regex}`: {}", e),
                ));
            }
            out.push(Pattern {
                regex: regex.clone(),
                origin: src.origin(at),
            });
        }
        Ok(out)
    }

    /// The index `before = "<id>"` names, checked.
    fn before(&self, src: &Source<'_>, id: &str, before: &Spanned<String>) -> Result<usize> {
        let at = src.line(before);
        let target = before.get_ref();
        if target == id {
            return Err(src.error(at, format!("family `{id}` cannot go before itself")));
        }
        self.families
            .iter()
            .position(|f| *f.id == **target)
            .ok_or_else(|| src.error(at, format!("`before` names no family: `{target}`")))
    }
}

/// Whether `name` is a valid word list name (as placeholders spell them).
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A family id is `class.name`: evidence shows the id alone, so its class
/// must be readable from it.
fn check_id(id: &str, label: Label) -> std::result::Result<(), String> {
    let class = label.as_str();
    let Some(rest) = id.strip_prefix(class).and_then(|r| r.strip_prefix('.')) else {
        return Err(format!(
            "family id `{id}` must start with its class: `{class}.`"
        ));
    };
    let valid = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "family id `{id}`: after `{class}.` use lower-case letters, digits, `-`, `_` or `.`"
        ))
    }
}

/// Records that `file` changed a rule, once per file.
fn touch(files: &mut Vec<Arc<str>>, file: &Arc<str>) {
    if files.last() != Some(file) {
        files.push(file.clone());
    }
}

/// Whether `pattern` is a valid regex, as `Regex::new` reads it, without
/// compiling it: a rules file's patterns are all compiled later, together
/// (where a pattern over the size limit is caught), and compiling each
/// one here as well was a quarter of the start-up. The error is the
/// message, as [`regex_error`] words it.
pub(crate) fn check_syntax(pattern: &str) -> std::result::Result<(), String> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map(drop)
        .map_err(|e| regex_error(&e))
}

/// The regex crate's message without its multi-line caret diagram, so the
/// error stays on one line (a syntax error's text has the same form).
pub(crate) fn regex_error(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    text.lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .map_or_else(
            || text.split_whitespace().collect::<Vec<_>>().join(" "),
            str::to_string,
        )
}

/// The error for a rules file at a line.
pub(crate) fn rules_error(path: impl Into<PathBuf>, line: usize, message: String) -> Error {
    Error::Rules {
        path: path.into(),
        line,
        message,
    }
}

/// The first id or name that occurs twice in `items`, with both lines.
fn first_duplicate<'a>(
    items: impl Iterator<Item = (&'a str, usize)>,
) -> Option<(&'a str, usize, usize)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (name, line) in items {
        if let Some(&first) = seen.get(name) {
            return Some((name, first, line));
        }
        seen.insert(name, line);
    }
    None
}
