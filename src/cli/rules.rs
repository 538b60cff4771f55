//! `colead rules [--rules FILE]... [--verbose] [--format text|json]`

use std::io::Write;

use serde::Serialize;

use crate::classify::{Family, RuleClassifier, RuleSet, WordList};

/// Arguments of `colead rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub rules: super::RulesArgs,
    /// Also show each family's description and patterns, and each list's words.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

/// Output formats of `colead rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    /// Aligned columns.
    Text,
    /// One JSON document.
    Json,
}

/// The JSON document: families in priority order, then word lists.
#[derive(Debug, Serialize)]
struct RulesDoc<'a> {
    families: Vec<FamilyDoc<'a>>,
    lists: Vec<ListDoc<'a>>,
}

#[derive(Debug, Serialize)]
struct FamilyDoc<'a> {
    id: &'a str,
    class: &'a str,
    scope: &'a str,
    pattern_count: usize,
    /// Where the family was defined, then every file that changed it.
    files: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    examples: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patterns: Option<Vec<PatternDoc<'a>>>,
}

#[derive(Debug, Serialize)]
struct PatternDoc<'a> {
    regex: &'a str,
    file: &'a str,
    line: usize,
}

#[derive(Debug, Serialize)]
struct ListDoc<'a> {
    name: &'a str,
    word_count: usize,
    files: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<&'a [String]>,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let set = RuleSet::load(&args.rules.files)?;
    // Compile too, so `colead rules --rules FILE` checks everything the
    // other commands would.
    RuleClassifier::from_rule_set(&set)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        RulesFormat::Text => write_text(&set, args.verbose, &mut out)?,
        RulesFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &doc(&set, args.verbose))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(super::EXIT_OK)
}

fn files(files: &[std::sync::Arc<str>]) -> Vec<&str> {
    files.iter().map(|f| &**f).collect()
}

fn doc(set: &RuleSet, verbose: bool) -> RulesDoc<'_> {
    RulesDoc {
        families: set
            .families()
            .iter()
            .map(|f| family_doc(f, verbose))
            .collect(),
        lists: set
            .word_lists()
            .iter()
            .map(|l| list_doc(l, verbose))
            .collect(),
    }
}

fn family_doc(f: &Family, verbose: bool) -> FamilyDoc<'_> {
    FamilyDoc {
        id: &f.id,
        class: f.label.as_str(),
        scope: f.scope.as_str(),
        pattern_count: f.patterns.len(),
        files: files(&f.files),
        description: verbose.then_some(f.description.as_deref()).flatten(),
        examples: verbose.then_some(f.examples.as_slice()),
        patterns: verbose.then(|| {
            f.patterns
                .iter()
                .map(|p| PatternDoc {
                    regex: &p.regex,
                    file: &p.origin.file,
                    line: p.origin.line,
                })
                .collect()
        }),
    }
}

fn list_doc(l: &WordList, verbose: bool) -> ListDoc<'_> {
    ListDoc {
        name: &l.name,
        word_count: l.words.len(),
        files: files(&l.files),
        description: verbose.then_some(l.description.as_deref()).flatten(),
        words: verbose.then_some(l.words.as_slice()),
    }
}

fn write_text(set: &RuleSet, verbose: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let id_width = set
        .families()
        .iter()
        .map(|f| f.id.len())
        .chain([2])
        .max()
        .unwrap_or(2);
    writeln!(
        out,
        "{:<id_width$}  {:<10}  {:<5}  {:>8}  FROM",
        "ID", "CLASS", "SCOPE", "PATTERNS"
    )?;
    for f in set.families() {
        writeln!(
            out,
            "{:<id_width$}  {:<10}  {:<5}  {:>8}  {}",
            f.id,
            f.label.as_str(),
            f.scope.as_str(),
            f.patterns.len(),
            files(&f.files).join(", ")
        )?;
        if verbose {
            if let Some(d) = &f.description {
                writeln!(out, "    {d}")?;
            }
            for p in &f.patterns {
                writeln!(out, "    {}  {}", p.origin, p.regex)?;
            }
        }
    }
    let name_width = set
        .word_lists()
        .iter()
        .map(|l| l.name.len())
        .chain([4])
        .max()
        .unwrap_or(4);
    writeln!(out)?;
    writeln!(out, "{:<name_width$}  {:>5}  FROM", "LIST", "WORDS")?;
    for l in set.word_lists() {
        writeln!(
            out,
            "{:<name_width$}  {:>5}  {}",
            l.name,
            l.words.len(),
            files(&l.files).join(", ")
        )?;
        if verbose {
            if let Some(d) = &l.description {
                writeln!(out, "    {d}")?;
            }
            writeln!(out, "    {}", l.words.join(" | "))?;
        }
    }
    Ok(())
}
