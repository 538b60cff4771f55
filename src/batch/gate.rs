//! The CI gate: `--fail-if EXPR` conditions over the figures of
//! `meetings.csv` and `speakers.csv`.
//!
//! # Grammar
//!
//! ```text
//! expr   := cond ( ("and" | "&&") cond )*
//! cond   := figure op value
//! figure := name | "speaker." name     a column of meetings.csv / speakers.csv
//! op     := "<" | "<=" | ">" | ">=" | "==" | "=" | "!="
//! value  := number | word | "quoted text"
//! ```
//!
//! Figures are looked up by column name in [`MEETINGS`] and [`SPEAKERS`], so
//! every column is usable and a new column is usable as soon as it exists.
//! Numbers compare as numbers, text columns (`pattern`, `style`, ...) only
//! with `==` and `!=`. A condition on an empty cell (a figure that is absent,
//! such as `leading` for a speaker who said too little) never holds.
//!
//! A meeting breaches an expression when all its meeting conditions hold
//! and, if it has speaker conditions, some speaker meets all of them (each
//! such speaker is reported). Several `--fail-if` flags are alternatives:
//! any one breached fails the run.
//!
//! Conditions are checked on the cells as written (numbers at the tables'
//! fixed precision), so a meeting taken from the cache is judged exactly as
//! a freshly analyzed one.

use std::fmt;

use unicode_width::UnicodeWidthStr;

use crate::report::table::{Column, Kind, MEETINGS, SPEAKERS};

/// A `--fail-if` expression that does not parse: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The expression as given.
    pub expr: String,
    /// 0-based character position of the problem.
    pub at: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for ParseError {
    /// One line naming the character, then the expression with a caret
    /// under it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let before: String = self.expr.chars().take(self.at).collect();
        write!(
            f,
            "invalid --fail-if expression at character {}: {}\n  {}\n  {}^",
            self.at + 1,
            self.message,
            self.expr,
            " ".repeat(before.width())
        )
    }
}

impl std::error::Error for ParseError {}

/// Which table a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `meetings.csv`.
    Meeting,
    /// `speakers.csv` (written `speaker.NAME`).
    Speaker,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }

    fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Op::Lt => ord == Less,
            Op::Le => ord != Greater,
            Op::Gt => ord == Greater,
            Op::Ge => ord != Less,
            Op::Eq => ord == Equal,
            Op::Ne => ord != Equal,
        }
    }
}

/// The right-hand side of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number, for number columns.
    Number(f64),
    /// Text, for text columns.
    Text(String),
}

/// One comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Cond {
    /// Which table.
    pub scope: Scope,
    /// The column's name.
    pub name: &'static str,
    /// The column's position in its table.
    pub column: usize,
    /// The comparison.
    pub op: Op,
    /// What the cell is compared with.
    pub value: Value,
}

impl Cond {
    /// Whether the cell meets the condition; an empty cell never does.
    pub fn holds(&self, cell: &str) -> bool {
        if cell.is_empty() {
            return false;
        }
        match &self.value {
            Value::Number(v) => cell
                .parse::<f64>()
                .is_ok_and(|x| x.partial_cmp(v).is_some_and(|o| self.op.holds(o))),
            Value::Text(v) => self.op.holds(cell.cmp(v.as_str())),
        }
    }
}

/// A parsed `--fail-if` expression: conditions joined by `and`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// The expression as given, for reports.
    pub text: String,
    /// The conditions, in order.
    pub conds: Vec<Cond>,
}

/// One breach: an expression a meeting (or one of its speakers) meets, with
/// the figures that did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// The meeting's path.
    pub path: String,
    /// The expression breached.
    pub expr: String,
    /// The speaker, for expressions with speaker conditions.
    pub speaker: Option<String>,
    /// `(figure, value)` for every condition of the expression.
    pub figures: Vec<(String, String)>,
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.path)?;
        if let Some(s) = &self.speaker {
            write!(f, "speaker {s}: ")?;
        }
        let figures: Vec<String> = self
            .figures
            .iter()
            .map(|(n, v)| format!("{n} = {v}"))
            .collect();
        write!(f, "{} (fail-if {})", figures.join(", "), self.expr)
    }
}

impl Expr {
    /// Parses one expression.
    pub fn parse(text: &str) -> Result<Expr, ParseError> {
        Parser::new(text).expr()
    }

    /// The breaches of this expression by one meeting: its row of
    /// `meetings.csv` and its rows of `speakers.csv` (both with `path` first).
    pub fn check(
        &self,
        meeting: &csv::StringRecord,
        speakers: &[csv::StringRecord],
    ) -> Vec<Breach> {
        let cell = |row: &csv::StringRecord, c: &Cond| row.get(c.column).unwrap_or("").to_string();
        let meeting_conds = self.conds.iter().filter(|c| c.scope == Scope::Meeting);
        if !meeting_conds
            .clone()
            .all(|c| c.holds(meeting.get(c.column).unwrap_or("")))
        {
            return Vec::new();
        }
        let path = meeting.get(0).unwrap_or("").to_string();
        let breach = |speaker: Option<&csv::StringRecord>| Breach {
            path: path.clone(),
            expr: self.text.clone(),
            // `speaker` is the second column of speakers.csv.
            speaker: speaker.map(|s| s.get(1).unwrap_or("").to_string()),
            figures: self
                .conds
                .iter()
                .map(|c| match (c.scope, speaker) {
                    (Scope::Meeting, _) => (c.name.to_string(), cell(meeting, c)),
                    (Scope::Speaker, Some(s)) => (format!("speaker.{}", c.name), cell(s, c)),
                    (Scope::Speaker, None) => (format!("speaker.{}", c.name), String::new()),
                })
                .collect(),
        };
        if !self.conds.iter().any(|c| c.scope == Scope::Speaker) {
            return vec![breach(None)];
        }
        speakers
            .iter()
            .filter(|s| {
                self.conds
                    .iter()
                    .filter(|c| c.scope == Scope::Speaker)
                    .all(|c| c.holds(s.get(c.column).unwrap_or("")))
            })
            .map(|s| breach(Some(s)))
            .collect()
    }
}

/// All `--fail-if` expressions of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gate {
    /// The expressions; any one breached fails the run.
    pub exprs: Vec<Expr>,
}

impl Gate {
    /// Parses every expression; the first bad one is the error.
    pub fn parse<S: AsRef<str>>(exprs: &[S]) -> Result<Gate, ParseError> {
        Ok(Gate {
            exprs: exprs
                .iter()
                .map(|e| Expr::parse(e.as_ref()))
                .collect::<Result<_, _>>()?,
        })
    }

    /// Whether there is anything to check.
    pub fn is_empty(&self) -> bool {
        self.exprs.is_empty()
    }

    /// Every breach by one meeting, expression by expression.
    pub fn check(
        &self,
        meeting: &csv::StringRecord,
        speakers: &[csv::StringRecord],
    ) -> Vec<Breach> {
        self.exprs
            .iter()
            .flat_map(|e| e.check(meeting, speakers))
            .collect()
    }
}

/// A character of the expression with its position (in characters).
struct Parser<'a> {
    text: &'a str,
    chars: Vec<char>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            chars: text.chars().collect(),
            pos: 0,
        }
    }

    fn error(&self, at: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            expr: self.text.to_string(),
            at,
            message: message.into(),
        }
    }

    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn is_word_char(c: char) -> bool {
        c.is_alphanumeric() || c == '_' || c == '.' || c == '-' || c == '+'
    }

    /// A run of word characters (letters, digits, `_`, `.`, `-`, `+`).
    fn word(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(Self::is_word_char) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn expr(mut self) -> Result<Expr, ParseError> {
        let mut conds = vec![self.cond()?];
        loop {
            self.skip_space();
            let Some(c) = self.peek() else { break };
            let at = self.pos;
            if c == '&' && self.chars.get(self.pos + 1) == Some(&'&') {
                self.pos += 2;
            } else if self.word() == "and" {
            } else {
                return Err(self.error(at, "expected `and` or the end of the expression"));
            }
            conds.push(self.cond()?);
        }
        Ok(Expr {
            text: self.text.trim().to_string(),
            conds,
        })
    }

    fn cond(&mut self) -> Result<Cond, ParseError> {
        self.skip_space();
        let at = self.pos;
        let figure = self.word();
        if figure.is_empty() {
            return Err(self.error(
                at,
                "expected a figure such as `equality` or `speaker.talk_share`",
            ));
        }
        let (scope, name) = match figure.strip_prefix("speaker.") {
            Some(name) => (Scope::Speaker, name),
            None => (Scope::Meeting, figure.as_str()),
        };
        let found = match scope {
            Scope::Meeting => Column::find(MEETINGS, name).map(|(i, c)| (i, c.name, c.kind)),
            Scope::Speaker => Column::find(SPEAKERS, name).map(|(i, c)| (i, c.name, c.kind)),
        };
        let Some((column, name, kind)) = found else {
            let (what, names) = match scope {
                Scope::Meeting => ("meeting figure", crate::report::table::header(MEETINGS)),
                Scope::Speaker => ("speaker figure", crate::report::table::header(SPEAKERS)),
            };
            let hint = if scope == Scope::Meeting && Column::find(SPEAKERS, name).is_some() {
                format!(" (a speaker figure is written `speaker.{name}`)")
            } else {
                format!(" (known: {})", names.join(", "))
            };
            return Err(self.error(at, format!("unknown {what} `{name}`{hint}")));
        };
        self.skip_space();
        let op_at = self.pos;
        let op = self.op()?;
        if kind == Kind::Text && !matches!(op, Op::Eq | Op::Ne) {
            return Err(self.error(
                op_at,
                format!(
                    "`{name}` is text: compare it with == or !=, not {}",
                    op.as_str()
                ),
            ));
        }
        self.skip_space();
        let value_at = self.pos;
        let value = self.value()?;
        let value = match (kind, value) {
            (Kind::Number, text) => match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Value::Number(x),
                _ => {
                    return Err(self.error(
                        value_at,
                        format!("expected a number to compare `{name}` with, found `{text}`"),
                    ))
                }
            },
            (Kind::Text, text) => Value::Text(text),
        };
        Ok(Cond {
            scope,
            name,
            column,
            op,
            value,
        })
    }

    fn op(&mut self) -> Result<Op, ParseError> {
        let at = self.pos;
        let next = self.chars.get(self.pos + 1).copied();
        let (op, len) = match (self.peek(), next) {
            (Some('<'), Some('=')) => (Op::Le, 2),
            (Some('>'), Some('=')) => (Op::Ge, 2),
            (Some('='), Some('=')) => (Op::Eq, 2),
            (Some('!'), Some('=')) => (Op::Ne, 2),
            (Some('<'), _) => (Op::Lt, 1),
            (Some('>'), _) => (Op::Gt, 1),
            (Some('='), _) => (Op::Eq, 1),
            _ => return Err(self.error(at, "expected a comparison: <, <=, >, >=, == or !=")),
        };
        self.pos += len;
        Ok(op)
    }

    /// A word or a double-quoted string (`\"` inside for a quote).
    fn value(&mut self) -> Result<String, ParseError> {
        let at = self.pos;
        if self.peek() != Some('"') {
            let word = self.word();
            if word.is_empty() {
                return Err(self.error(at, "expected a value after the comparison"));
            }
            return Ok(word);
        }
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error(at, "unclosed quote")),
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') if self.chars.get(self.pos + 1) == Some(&'"') => {
                    out.push('"');
                    self.pos += 2;
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(expr: &str) -> ParseError {
        Expr::parse(expr).expect_err("should not parse")
    }

    fn meeting_row(pairs: &[(&str, &str)]) -> csv::StringRecord {
        let mut row = csv::StringRecord::new();
        for c in MEETINGS {
            row.push_field(pairs.iter().find(|p| p.0 == c.name).map_or("", |p| p.1));
        }
        row
    }

    fn speaker_row(pairs: &[(&str, &str)]) -> csv::StringRecord {
        let mut row = csv::StringRecord::new();
        for c in SPEAKERS {
            row.push_field(pairs.iter().find(|p| p.0 == c.name).map_or("", |p| p.1));
        }
        row
    }

    #[test]
    fn parses_meeting_and_speaker_figures() {
        let e = Expr::parse("equality < 0.5").unwrap();
        assert_eq!(e.conds.len(), 1);
        assert_eq!(e.conds[0].scope, Scope::Meeting);
        assert_eq!(e.conds[0].name, "equality");
        assert_eq!(e.conds[0].op, Op::Lt);
        assert_eq!(e.conds[0].value, Value::Number(0.5));
        let e = Expr::parse("  speaker.talk_share>=.6 && pattern == \"flow\"").unwrap();
        assert_eq!(e.text, "speaker.talk_share>=.6 && pattern == \"flow\"");
        assert_eq!(e.conds[0].scope, Scope::Speaker);
        assert_eq!(e.conds[0].op, Op::Ge);
        assert_eq!(e.conds[0].value, Value::Number(0.6));
        assert_eq!(e.conds[1].value, Value::Text("flow".into()));
        let e = Expr::parse("pattern = chaos and speakers != 2").unwrap();
        assert_eq!(e.conds[0].op, Op::Eq);
        assert_eq!(e.conds[1].op, Op::Ne);
        assert_eq!(e.conds[1].value, Value::Number(2.0));
    }

    #[test]
    fn errors_point_at_the_character() {
        // "flow_scor" starts at character 0.
        let e = err("flow_scor < 40");
        assert_eq!(e.at, 0);
        assert!(e.message.contains("unknown meeting figure `flow_scor`"));
        // "abc" starts after "equality < ": 11 characters.
        let e = err("equality < abc");
        assert_eq!(e.at, 11);
        assert!(e.message.contains("expected a number"), "{}", e.message);
        // The operator is at 9 in "equality ~ 3".
        assert_eq!(err("equality ~ 3").at, 9);
        // Text compared with < : the operator (at 8) is the problem.
        let e = err("pattern < flow");
        assert_eq!(e.at, 8);
        assert!(e.message.contains("is text"));
        // A speaker figure without its prefix gets a hint.
        let e = err("talk_share > 0.6");
        assert!(e.message.contains("speaker.talk_share"), "{}", e.message);
        assert!(err("speaker.pattern == flow")
            .message
            .contains("speaker figure"));
        // Missing value: position right after the operator and the space.
        assert_eq!(err("equality < ").at, 11);
        // Junk after a condition: at the junk.
        assert_eq!(err("equality < 1 or x").at, 13);
        assert_eq!(err("pattern == \"flow").at, 11);
        assert_eq!(err("").at, 0);
    }

    #[test]
    fn the_message_shows_a_caret_under_the_character() {
        let shown = err("equality < abc").to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].contains("character 12"));
        assert_eq!(lines[1], "  equality < abc");
        assert_eq!(lines[2], format!("  {}^", " ".repeat(11)));
    }

    #[test]
    fn meeting_conditions_compare_cells_as_numbers() {
        let e = Expr::parse("equality < 0.5").unwrap();
        let low = meeting_row(&[("path", "a.txt"), ("equality", "0.4000")]);
        let high = meeting_row(&[("path", "b.txt"), ("equality", "0.5000")]);
        let breaches = e.check(&low, &[]);
        assert_eq!(breaches.len(), 1);
        assert_eq!(breaches[0].path, "a.txt");
        assert_eq!(
            breaches[0].figures,
            vec![("equality".to_string(), "0.4000".to_string())]
        );
        assert_eq!(
            breaches[0].to_string(),
            "a.txt: equality = 0.4000 (fail-if equality < 0.5)"
        );
        assert!(e.check(&high, &[]).is_empty(), "0.5 is not below 0.5");
        // Numbers, not strings: "10" > "9".
        let e = Expr::parse("utterances > 9").unwrap();
        assert_eq!(e.check(&meeting_row(&[("utterances", "10")]), &[]).len(), 1);
    }

    #[test]
    fn empty_cells_never_breach() {
        let e = Expr::parse("top_lead_share < 0.5").unwrap();
        assert!(e
            .check(&meeting_row(&[("top_lead_share", "")]), &[])
            .is_empty());
        let e = Expr::parse("top_lead_share != 0.5").unwrap();
        assert!(e
            .check(&meeting_row(&[("top_lead_share", "")]), &[])
            .is_empty());
    }

    #[test]
    fn speaker_conditions_report_each_speaker_that_meets_them() {
        let e = Expr::parse("speaker.talk_share > 0.6 and pattern == hierarchy").unwrap();
        let meeting = meeting_row(&[("path", "m.vtt"), ("pattern", "hierarchy")]);
        let ann = speaker_row(&[
            ("path", "m.vtt"),
            ("speaker", "Ann"),
            ("talk_share", "0.7000"),
        ]);
        let bob = speaker_row(&[
            ("path", "m.vtt"),
            ("speaker", "Bob"),
            ("talk_share", "0.3000"),
        ]);
        let breaches = e.check(&meeting, &[ann.clone(), bob.clone()]);
        assert_eq!(breaches.len(), 1);
        assert_eq!(breaches[0].speaker.as_deref(), Some("Ann"));
        assert_eq!(
            breaches[0].figures,
            vec![
                ("speaker.talk_share".to_string(), "0.7000".to_string()),
                ("pattern".to_string(), "hierarchy".to_string())
            ]
        );
        // The meeting condition fails: no breach, whatever the speakers.
        let flow = meeting_row(&[("path", "m.vtt"), ("pattern", "flow")]);
        assert!(e.check(&flow, &[ann, bob]).is_empty());
    }

    #[test]
    fn a_gate_is_any_of_its_expressions() {
        let gate = Gate::parse(&["equality < 0.5", "pattern == chaos"]).unwrap();
        let row = meeting_row(&[("pattern", "chaos"), ("equality", "0.9000")]);
        assert_eq!(gate.check(&row, &[]).len(), 1);
        let row = meeting_row(&[("pattern", "chaos"), ("equality", "0.1000")]);
        assert_eq!(gate.check(&row, &[]).len(), 2);
        assert!(Gate::parse(&["equality < 0.5", "bogus > 1"]).is_err());
    }
}
