//! Transcripts as CSV or TSV tables: one row per utterance or segment, with a
//! header naming the columns.
//!
//! ```text
//! ,Speaker,Text,start_ms,end_ms            <- header (an unnamed index column)
//! 0,Ana Souza,I think we should move the release to June.,1000,4500
//! 1,Ben Carter,"Why
//! June?",5000,6200                         <- a quoted cell may span lines
//! ```
//!
//! Tools disagree on everything but the idea, so the delimiter is sniffed from
//! the header line and the columns are found by their usual names.

use std::borrow::Cow;
use std::path::Path;

use super::lines::{Lines, Preview};
use super::text_export::TurnSink;
use super::time::parse_timestamp;
use super::{Parsed, Parser, UNKNOWN_SPEAKER};
use crate::error::{Error, Result};

/// Reads CSV and TSV transcripts with a header row.
///
/// Columns are found by name, ignoring case, spaces and punctuation (`Start
/// Time`, `start_time`); a speaker column and a text column are expected,
/// start and end times are optional, and any other column (an index, a
/// confidence, a label) is ignored. Times may be seconds (`12.5`),
/// milliseconds (see [`in_milliseconds`]), or clock times (`H:MM:SS`,
/// `HH:MM:SS,mmm`, `MM:SS`). Rows without a speaker go to
/// [`UNKNOWN_SPEAKER`]; consecutive rows of one speaker form one turn.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvTable;

/// Header names of each column, most specific first: when a table has both
/// `speaker` and `name`, `speaker` is the speaker. Compared after
/// [`header_key`] (lowercase letters and digits only).
const SPEAKER_COLUMNS: &[&str] = &["speaker", "speakername", "participant", "name"];
const TEXT_COLUMNS: &[&str] = &[
    "text",
    "transcript",
    "utterance",
    "content",
    "message",
    "comment",
];
const START_COLUMNS: &[&str] = &["start", "starttime", "begin", "from", "timestamp"];
const END_COLUMNS: &[&str] = &["end", "endtime", "to"];

/// Unit suffixes a time column's name may carry (`start_ms`, `Start (s)`),
/// after [`header_key`]; longest first so `ms` is not read as `s`.
const UNIT_SUFFIXES: &[(&str, Unit)] = &[
    ("milliseconds", Unit::Milliseconds),
    ("millis", Unit::Milliseconds),
    ("msec", Unit::Milliseconds),
    ("ms", Unit::Milliseconds),
    ("seconds", Unit::Seconds),
    ("secs", Unit::Seconds),
    ("sec", Unit::Seconds),
    ("s", Unit::Seconds),
];

/// Delimiters tried, in the order that wins a tie: tabs and semicolons are
/// rarer inside header names than commas.
const DELIMITERS: &[u8] = b"\t;,";

/// Times of an integer column without a unit in its name are milliseconds
/// when its values advance by at least this much per row on average.
const MS_MEAN_STEP: f64 = 100.0;

/// A single unitless integer time is milliseconds from this value on: more
/// seconds than a day has is no time within a meeting.
const MS_SINGLE_VALUE: f64 = 86_400.0;

/// How often reading resumes after a quote that never closes. Such a quote
/// swallows the rest of the file, so each resumption reads the rest again;
/// after a pathological number of them the rest is taken as it is.
const MAX_RESUMPTIONS: usize = 16;

/// Header cells named in an error, at most.
const MAX_NAMED_COLUMNS: usize = 20;

impl Parser for CsvTable {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn description(&self) -> &'static str {
        "CSV / TSV table with a header: speaker and text columns, optional start/end times"
    }

    /// A header line (the first non-blank line) with a speaker column and a
    /// text column is unmistakable; anything else is not a transcript table.
    fn detect(&self, head: &str) -> u8 {
        let head = head.strip_prefix('\u{feff}').unwrap_or(head);
        let Some((_, line)) = first_text_line(head) else {
            return 0;
        };
        let delimiter = sniff_delimiter(line);
        let mut reader = csv_reader(line, delimiter);
        let mut header = csv::StringRecord::new();
        match reader.read_record(&mut header) {
            Ok(true) => {
                let columns = Columns::find(&header);
                if columns.speaker.is_some() && columns.text.is_some() {
                    90
                } else {
                    0
                }
            }
            _ => 0,
        }
    }

    fn detect_ceiling(&self, _head: &str) -> u8 {
        90
    }

    fn parse(&self, text: &str, path: &Path) -> Result<Parsed> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let Some((_, header_line)) = first_text_line(text) else {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        };
        let delimiter = sniff_delimiter(header_line);
        let text = normalize_newlines(text);
        let mut table = Table::default();
        read_rows(&text, delimiter, path, &mut table)?;
        Ok(table.into_turns())
    }
}

/// The first line with something on it, and its 1-based number.
fn first_text_line(text: &str) -> Option<(usize, &str)> {
    Lines::new(text)
        .enumerate()
        .find(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| (index + 1, line))
}

/// The delimiter of `header`: whichever of tab, semicolon and comma occurs
/// most often outside quotes.
fn sniff_delimiter(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for b in header.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            if let Some(at) = DELIMITERS.iter().position(|&d| d == b) {
                counts[at] += 1;
            }
        }
    }
    let mut best = 2; // comma when nothing is found
    for at in 0..DELIMITERS.len() {
        let ties = counts[at] == counts[best] && counts[at] > 0 && at < best;
        if counts[at] > counts[best] || ties {
            best = at;
        }
    }
    DELIMITERS[best]
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// Turns CRLF and lone CR into LF.
///
/// The csv crate counts lines by `\n` only and reports each record of a CRLF
/// file one line early (BurntSushi/rust-csv#395), and knows nothing of lone
/// CRs; after this its line numbers agree with [`Lines`]. The same is done in
/// `eval::labeled` for labeled files.
fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\r') {
        out.push_str(&rest[..at]);
        out.push('\n');
        // CR and LF are one byte each, so these cuts are char boundaries.
        rest = &rest[at + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The unit a time column's name gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Seconds,
    Milliseconds,
    /// The name says nothing; see [`in_milliseconds`].
    Unstated,
}

/// A time column: where it is and what its name says of its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TimeColumn {
    index: usize,
    unit: Unit,
}

/// Where the known columns sit.
#[derive(Debug, Default, PartialEq, Eq)]
struct Columns {
    speaker: Option<usize>,
    text: Option<usize>,
    start: Option<TimeColumn>,
    end: Option<TimeColumn>,
    /// Cells in the header.
    width: usize,
}

impl Columns {
    fn find(header: &csv::StringRecord) -> Columns {
        let keys: Vec<String> = header.iter().map(header_key).collect();
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|name| keys.iter().position(|key| key == name))
        };
        let find_time = |names: &[&str]| {
            names.iter().find_map(|name| {
                keys.iter().enumerate().find_map(|(index, key)| {
                    time_unit(key, name).map(|unit| TimeColumn { index, unit })
                })
            })
        };
        Columns {
            speaker: find(SPEAKER_COLUMNS),
            text: find(TEXT_COLUMNS),
            start: find_time(START_COLUMNS),
            end: find_time(END_COLUMNS),
            width: header.len(),
        }
    }
}

/// A header cell reduced to what names it: lowercase letters and digits.
/// `Start Time (ms)`, `start_time_ms` and `StartTimeMs` all give
/// `starttimems`; an empty cell (a pandas index column) gives `""`, which
/// names nothing.
fn header_key(cell: &str) -> String {
    cell.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The unit of a column whose key is `name`, or `name` with a unit suffix.
fn time_unit(key: &str, name: &str) -> Option<Unit> {
    if key == name {
        return Some(Unit::Unstated);
    }
    let suffix = key.strip_prefix(name)?;
    UNIT_SUFFIXES
        .iter()
        .find(|(s, _)| *s == suffix)
        .map(|&(_, unit)| unit)
}

/// A time cell as read, before the column's unit is decided.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RawTime {
    Missing,
    /// A clock time, in seconds.
    Clock(f64),
    /// A number in the column's unit.
    Number {
        value: f64,
        integer: bool,
    },
}

impl RawTime {
    /// Seconds, given whether the column holds milliseconds.
    fn seconds(self, milliseconds: bool) -> Option<f64> {
        match self {
            RawTime::Missing => None,
            RawTime::Clock(seconds) => Some(seconds),
            RawTime::Number { value, .. } if milliseconds => Some(value / 1000.0),
            RawTime::Number { value, .. } => Some(value),
        }
    }
}

/// Reads a time cell: empty, a clock time, or a non-negative number (with
/// `.` or, as European spreadsheets write, `,` before the fraction).
fn parse_time_cell(cell: &str) -> Option<RawTime> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Some(RawTime::Missing);
    }
    if cell.contains(':') {
        return parse_timestamp(cell).map(RawTime::Clock);
    }
    let number: Cow<str> = if cell.contains(',') && !cell.contains('.') {
        Cow::Owned(cell.replacen(',', ".", 1))
    } else {
        Cow::Borrowed(cell)
    };
    let dots = number.bytes().filter(|&b| b == b'.').count();
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    if dots > 1 || digits == 0 || digits + dots != number.len() {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    value.is_finite().then_some(RawTime::Number {
        value,
        integer: dots == 0,
    })
}

/// Whether a time column holds milliseconds.
///
/// A name with a unit decides (`start_ms`, `End (s)`). Otherwise a column
/// with any fraction (`12.5`) is seconds, and an all-integer column is
/// milliseconds when its values advance by [`MS_MEAN_STEP`] or more per row
/// on average, i.e. (largest − smallest) / (values − 1) ≥ 100: rows 100
/// seconds apart would be a very sparse transcript, rows 100 milliseconds
/// apart shorter than a word. A lone value is milliseconds from
/// [`MS_SINGLE_VALUE`] on.
fn in_milliseconds(unit: Unit, times: impl Iterator<Item = RawTime>) -> bool {
    match unit {
        Unit::Seconds => return false,
        Unit::Milliseconds => return true,
        Unit::Unstated => {}
    }
    let (mut count, mut min, mut max) = (0u64, f64::INFINITY, 0f64);
    for time in times {
        if let RawTime::Number { value, integer } = time {
            if !integer {
                return false;
            }
            count += 1;
            min = min.min(value);
            max = max.max(value);
        }
    }
    match count {
        0 => false,
        1 => max >= MS_SINGLE_VALUE,
        n => (max - min) / (n - 1) as f64 >= MS_MEAN_STEP,
    }
}

/// A row that passed the checks.
#[derive(Debug)]
struct Row {
    speaker: String,
    text: String,
    start: RawTime,
    end: RawTime,
    line: usize,
}

/// What reading the file collects.
#[derive(Debug, Default)]
struct Table {
    columns: Option<Columns>,
    rows: Vec<Row>,
    warnings: Vec<(usize, String)>,
}

impl Table {
    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push((line, message));
    }

    /// Takes one record: the header if none was read yet, else a row.
    fn record(&mut self, record: &csv::StringRecord, line: usize, path: &Path) -> Result<()> {
        if record.iter().all(|cell| cell.trim().is_empty()) {
            // Spreadsheets pad tables with empty rows; nothing is lost.
            return Ok(());
        }
        let Some(columns) = &self.columns else {
            let columns = Columns::find(record);
            if columns.text.is_none() {
                return Err(Error::Syntax {
                    path: path.to_path_buf(),
                    line,
                    message: missing_text_message(record),
                });
            }
            self.columns = Some(columns);
            return Ok(());
        };
        let text_index = columns.text.unwrap_or_default();
        let overflow = record
            .iter()
            .skip(columns.width)
            .any(|cell| !cell.trim().is_empty());
        if overflow || record.len() <= text_index {
            let (cells, width) = (record.len(), columns.width);
            self.warn(
                line,
                format!(
                    "row has {cells} cells but the header has {width}; row skipped \
                     (an unquoted delimiter in the text?)"
                ),
            );
            return Ok(());
        }
        let cell = |index: Option<usize>| index.and_then(|i| record.get(i)).unwrap_or("");
        let speaker = match cell(columns.speaker).trim() {
            "" => UNKNOWN_SPEAKER.to_string(),
            name => name.to_string(),
        };
        // Line breaks inside a quoted cell are layout, not speech.
        let text = cell(columns.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let (start_column, end_column) = (columns.start, columns.end);
        let start = self.time(cell(start_column.map(|c| c.index)), "start", line);
        let end = self.time(cell(end_column.map(|c| c.index)), "end", line);
        self.rows.push(Row {
            speaker,
            text,
            start,
            end,
            line,
        });
        Ok(())
    }

    /// Reads a time cell; a bad one is left out with a warning, and the row
    /// is kept: its words matter more than its time.
    fn time(&mut self, cell: &str, which: &str, line: usize) -> RawTime {
        parse_time_cell(cell).unwrap_or_else(|| {
            self.warn(
                line,
                format!(
                    "{which} time \"{}\" is not a time (seconds, milliseconds, h:mm:ss or \
                     mm:ss); left out",
                    Preview(cell.trim())
                ),
            );
            RawTime::Missing
        })
    }

    /// The rows as turns, with each time column's unit decided.
    fn into_turns(self) -> Parsed {
        let Some(columns) = self.columns else {
            return Parsed::default();
        };
        let unit = |column: Option<TimeColumn>| column.map_or(Unit::Unstated, |c| c.unit);
        let start_ms = in_milliseconds(unit(columns.start), self.rows.iter().map(|r| r.start));
        let end_ms = in_milliseconds(unit(columns.end), self.rows.iter().map(|r| r.end));
        let mut sink = TurnSink::new("row");
        for (line, message) in self.warnings {
            sink.warn(line, message);
        }
        for row in self.rows {
            sink.begin(
                &row.speaker,
                row.start.seconds(start_ms),
                row.end.seconds(end_ms),
                row.line,
            );
            if !row.text.is_empty() {
                sink.append(&row.text);
            }
        }
        sink.finish()
    }
}

/// The error text for a header without a text column.
fn missing_text_message(header: &csv::StringRecord) -> String {
    let mut found: Vec<String> = header
        .iter()
        .take(MAX_NAMED_COLUMNS)
        .map(|cell| format!("`{}`", Preview(cell.trim())))
        .collect();
    if header.len() > MAX_NAMED_COLUMNS {
        found.push("…".to_string());
    }
    format!(
        "no text column in the header (found {}); expected a column named one of: {} \
         (any case, spaces and underscores ignored)",
        found.join(", "),
        TEXT_COLUMNS.join(", ")
    )
}

/// Reads every record of `text` into `table`.
///
/// A quote that opens a cell and never closes makes the csv crate read the
/// rest of the file as that one cell. That is a malformed row like any other:
/// it is reported and skipped up to the line where the quote opened, and
/// reading resumes on the next line. (A quote that closes further down, on a
/// later row's quoted cell, cannot be told from a cell spanning lines.)
fn read_rows(text: &str, delimiter: u8, path: &Path, table: &mut Table) -> Result<()> {
    let mut offset = 0;
    let mut lines_before = 0;
    let mut resumptions = 0;
    'pass: loop {
        let slice = text.get(offset..).unwrap_or_default();
        let mut reader = csv_reader(slice, delimiter);
        let mut record = csv::StringRecord::new();
        loop {
            let before = reader.position().clone();
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break 'pass,
                Err(error) => {
                    // Input is valid UTF-8 and rows may vary in length, so
                    // this is not expected; still, report it and go on.
                    let line = error.position().map_or(before.line(), |p| p.line());
                    table.warn(
                        to_usize(line) + lines_before,
                        format!("unreadable row skipped: {error}"),
                    );
                    if reader.position().byte() <= before.byte() {
                        break 'pass;
                    }
                    continue;
                }
            }
            let position = record.position().cloned().unwrap_or(before);
            // A record's position is where the reader started looking for
            // it, so blank lines before it (which the crate skips) count as
            // its start; step over them.
            let blank = slice
                .get(to_usize(position.byte())..)
                .map_or(0, |rest| rest.bytes().take_while(|&b| b == b'\n').count());
            let line = to_usize(position.line()) + lines_before + blank;
            let record_start = to_usize(position.byte()) + blank;
            let at_end = to_usize(reader.position().byte()) >= slice.len();
            let unclosed = if at_end && resumptions < MAX_RESUMPTIONS {
                slice
                    .get(record_start..)
                    .and_then(|rest| unclosed_quote(rest, delimiter))
            } else {
                None
            };
            let Some(quote) = unclosed else {
                table.record(&record, line, path)?;
                continue;
            };
            // `quote` is a byte offset into the record's text.
            let rest = slice.get(record_start..).unwrap_or_default();
            let before_quote = rest.get(..quote).unwrap_or_default();
            let quote_line = line + before_quote.matches('\n').count();
            let place = if quote_line == line {
                "in this row".to_string()
            } else {
                format!("on line {quote_line}")
            };
            table.warn(
                line,
                format!(
                    "a quote opened {place} is never closed; the row was skipped and reading \
                     resumed on the line after the quote"
                ),
            );
            let Some(newline) = rest.get(quote..).and_then(|r| r.find('\n')) else {
                break 'pass;
            };
            offset += record_start + quote + newline + 1;
            lines_before = quote_line;
            resumptions += 1;
            continue 'pass;
        }
    }
    if table.columns.is_none() {
        return Err(Error::Syntax {
            path: path.to_path_buf(),
            line: 1,
            message: "no header row found (expected column names such as speaker,text)".to_string(),
        });
    }
    Ok(())
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Where the quote opens that leaves the CSV record starting `text` inside a
/// quoted cell at the end of `text`, if one does. Quotes are read as the
/// csv crate reads them: a quote opens a quoted cell only at the start of a
/// cell, `""` inside one is a literal quote, and a lone quote closes it.
///
/// By the same rules, every quote after the unclosed one comes in `""`
/// pairs, which never leave a cell open; so reading resumed after its line
/// does not run into another one (the [`MAX_RESUMPTIONS`] bound is a guard).
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let mut open_at = None;
    let mut cell_start = true;
    let mut bytes = text.bytes().enumerate().peekable();
    while let Some((at, b)) = bytes.next() {
        if open_at.is_some() {
            if b == b'"' && bytes.next_if(|&(_, next)| next == b'"').is_none() {
                open_at = None;
            }
        } else if b == b'"' && cell_start {
            open_at = Some(at);
            cell_start = false;
        } else {
            cell_start = b == delimiter || b == b'\n';
        }
    }
    open_at
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{
        all_times, assert_never_panics, fixture, other_fixtures, same_meeting_turns, turn,
        SAME_MEETING_NAMES,
    };
    use super::super::{PlainText, Turn, Warning};
    use super::*;

    fn parse(text: &str) -> Parsed {
        CsvTable.parse(text, Path::new("t.csv")).unwrap()
    }

    fn turns(text: &str) -> Vec<Turn> {
        parse(text).turns
    }

    fn untimed(speaker: &str, text: &str, line: usize) -> Turn {
        turn(speaker, text, None, None, line)
    }

    const MINE: &[&str] = &[
        "formats/csv-comma.csv",
        "formats/csv-semicolon.csv",
        "formats/csv-tab.tsv",
        "same-meeting/meeting.csv.csv",
    ];

    #[test]
    fn comma_fixture_with_index_column_quoted_newline_and_milliseconds() {
        let parsed = parse(&fixture("formats/csv-comma.csv"));
        assert_eq!(
            parsed.turns,
            [
                turn(
                    "Ana Souza",
                    "Let's review the launch plan. First, the dates.",
                    Some(0.5),
                    Some(7.25),
                    2
                ),
                // Quoted cell over three lines; the next row is on line 6.
                turn(
                    "Ben Carter",
                    "I have a concern, though: the \"beta\" group is small.",
                    Some(8.0),
                    Some(12.0),
                    4
                ),
                turn(UNKNOWN_SPEAKER, "[crosstalk]", Some(12.1), Some(12.9), 7),
                turn(
                    "Chloé Martin",
                    "Small but loyal.",
                    Some(13.0),
                    Some(15.5),
                    8
                ),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 9,
                message: "row for \"Ana Souza\" has no text; skipped".into()
            }]
        );
    }

    #[test]
    fn semicolon_fixture_with_clock_times_and_decimal_commas() {
        let parsed = parse(&fixture("formats/csv-semicolon.csv"));
        assert_eq!(
            parsed.turns,
            [
                turn("Ana Souza", "Bom dia a todos.", Some(1.5), Some(3.25), 2),
                turn(
                    "Ben Carter",
                    "Morning; coffee first.",
                    Some(62.0),
                    Some(3723.5),
                    3
                ),
                // The start is not a time: warned, row kept without it.
                turn("Chloé Martin", "Agreed.", None, Some(3730.0), 5),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [
                Warning {
                    line: 4,
                    message: "row has 5 cells but the header has 4; row skipped (an unquoted \
                              delimiter in the text?)"
                        .into()
                },
                Warning {
                    line: 5,
                    message: "start time \"soon\" is not a time (seconds, milliseconds, \
                              h:mm:ss or mm:ss); left out"
                        .into()
                },
            ]
        );
    }

    #[test]
    fn tab_fixture_with_synonym_headers() {
        let parsed = parse(&fixture("formats/csv-tab.tsv"));
        assert_eq!(
            parsed.turns,
            [
                turn("Ana Souza", "Where are we on hiring?", Some(5.0), None, 2),
                // Two rows of Ben: one turn, start of the first.
                turn(
                    "Ben Carter",
                    "Two offers out. One accepted.",
                    Some(9.0),
                    None,
                    3
                ),
                turn("Chloé Martin", "Great news.", Some(75.0), None, 5),
            ]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn same_meeting() {
        let parsed = parse(&fixture("same-meeting/meeting.csv.csv"));
        let lines = [2, 3, 4, 5, 6, 7, 8, 9];
        assert_eq!(
            parsed.turns,
            same_meeting_turns(SAME_MEETING_NAMES, all_times, lines)
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn header_synonyms() {
        for (header, expected) in [
            ("speaker,text", (Some(0), Some(1), None, None)),
            ("Speaker Name,Utterance", (Some(0), Some(1), None, None)),
            (
                "SPEAKER_NAME,MESSAGE,Begin,To",
                (Some(0), Some(1), Some(2), Some(3)),
            ),
            (
                " participant , content ,from,end_time",
                (Some(0), Some(1), Some(2), Some(3)),
            ),
            (
                "name,transcript,timestamp",
                (Some(0), Some(1), Some(2), None),
            ),
            (
                "Start Time,End Time,Name,Comment",
                (Some(2), Some(3), Some(0), Some(1)),
            ),
            // `speaker` wins over `name` wherever it is.
            ("name,text,speaker", (Some(2), Some(1), None, None)),
            (",id,confidence", (None, None, None, None)),
        ] {
            let columns = Columns::find(&csv::StringRecord::from(
                header.split(',').collect::<Vec<_>>(),
            ));
            assert_eq!(
                (
                    columns.speaker,
                    columns.text,
                    columns.start.map(|c| c.index),
                    columns.end.map(|c| c.index)
                ),
                expected,
                "{header}"
            );
        }
    }

    #[test]
    fn units_from_header_names() {
        for (name, role, unit) in [
            ("start", "start", Some(Unit::Unstated)),
            ("startms", "start", Some(Unit::Milliseconds)),
            ("starttimems", "starttime", Some(Unit::Milliseconds)),
            ("starts", "start", Some(Unit::Seconds)),
            ("endseconds", "end", Some(Unit::Seconds)),
            ("startx", "start", None),
            ("restart", "start", None),
        ] {
            assert_eq!(time_unit(name, role), unit, "{name}");
        }
        assert_eq!(header_key("Start Time (ms)"), "starttimems");
        assert_eq!(header_key("start_time_ms"), "starttimems");
        assert_eq!(header_key(""), "");
        let columns = Columns::find(&csv::StringRecord::from(vec![
            "speaker",
            "text",
            "Start (ms)",
            "end_s",
        ]));
        assert_eq!(
            columns.start,
            Some(TimeColumn {
                index: 2,
                unit: Unit::Milliseconds
            })
        );
        assert_eq!(
            columns.end,
            Some(TimeColumn {
                index: 3,
                unit: Unit::Seconds
            })
        );
    }

    #[test]
    fn time_cells() {
        let n = |value, integer| Some(RawTime::Number { value, integer });
        assert_eq!(parse_time_cell(""), Some(RawTime::Missing));
        assert_eq!(parse_time_cell(" 12.5 "), n(12.5, false));
        assert_eq!(parse_time_cell("12,5"), n(12.5, false));
        assert_eq!(parse_time_cell("1500"), n(1500.0, true));
        assert_eq!(parse_time_cell("0:07"), Some(RawTime::Clock(7.0)));
        assert_eq!(parse_time_cell("12:34"), Some(RawTime::Clock(754.0)));
        assert_eq!(parse_time_cell("1:02:03"), Some(RawTime::Clock(3723.0)));
        assert_eq!(parse_time_cell("00:01:02,250"), Some(RawTime::Clock(62.25)));
        for bad in [
            "-1", "1.2.3", "1,2,3", "1,2.3", "abc", "inf", "NaN", "1e5", ".", ",", "1:2", "12 s",
        ] {
            assert_eq!(parse_time_cell(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn milliseconds_rule() {
        let ints = |values: &[f64]| {
            values
                .iter()
                .map(|&value| RawTime::Number {
                    value,
                    integer: true,
                })
                .collect::<Vec<_>>()
        };
        let ms = |unit, times: Vec<RawTime>| in_milliseconds(unit, times.into_iter());
        // Header units decide.
        assert!(ms(Unit::Milliseconds, ints(&[1.0, 2.0])));
        assert!(!ms(Unit::Seconds, ints(&[1000.0, 900_000.0])));
        // Steps of 1.5 s on average: milliseconds. (4500 - 0) / 3 = 1500.
        assert!(ms(Unit::Unstated, ints(&[0.0, 1500.0, 3000.0, 4500.0])));
        // Steps of 99 on average: seconds. (198 - 0) / 2 = 99.
        assert!(!ms(Unit::Unstated, ints(&[0.0, 150.0, 198.0])));
        // Exactly 100 per row: milliseconds.
        assert!(ms(Unit::Unstated, ints(&[0.0, 100.0])));
        // A fraction anywhere: seconds.
        let mut mixed = ints(&[0.0, 5000.0]);
        mixed.push(RawTime::Number {
            value: 12.5,
            integer: false,
        });
        assert!(!ms(Unit::Unstated, mixed));
        // Clock times and gaps do not count.
        let mut sparse = ints(&[1000.0, 3000.0]);
        sparse.push(RawTime::Clock(5.0));
        sparse.push(RawTime::Missing);
        assert!(ms(Unit::Unstated, sparse));
        // One value: milliseconds only past a day of seconds.
        assert!(!ms(Unit::Unstated, ints(&[86_399.0])));
        assert!(ms(Unit::Unstated, ints(&[86_400.0])));
        assert!(!ms(Unit::Unstated, Vec::new()));
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("speaker,text,start"), b',');
        assert_eq!(sniff_delimiter("speaker;text;start"), b';');
        assert_eq!(sniff_delimiter("speaker\ttext\tstart"), b'\t');
        // Quoted delimiters do not count.
        assert_eq!(sniff_delimiter("\"a;b;c\",speaker,text"), b',');
        assert_eq!(sniff_delimiter("\"Speaker, Name\";Text"), b';');
        // Ties: tab, then semicolon, then comma.
        assert_eq!(sniff_delimiter("a,b;c"), b';');
        assert_eq!(sniff_delimiter("a;b\tc"), b'\t');
        assert_eq!(sniff_delimiter("speaker"), b',');
    }

    #[test]
    fn quoted_cells_and_crlf_keep_line_numbers() {
        let text = "speaker,text\r\nAna,\"one\r\ntwo\"\r\n\r\nBen,three\rCy,four\r\n";
        assert_eq!(
            turns(text),
            [
                untimed("Ana", "one two", 2),
                untimed("Ben", "three", 5),
                untimed("Cy", "four", 6),
            ]
        );
    }

    #[test]
    fn blank_lines_and_empty_rows() {
        let text = "\n  \n\t\nspeaker,text\n\n,\nAna,hi\n , \nBen,yo\n";
        let parsed = parse(text);
        assert_eq!(
            parsed.turns,
            [untimed("Ana", "hi", 7), untimed("Ben", "yo", 9)]
        );
        assert_eq!(parsed.warnings, []);
    }

    #[test]
    fn short_and_long_rows() {
        let text = "speaker,text,start\nAna,hi\nBen\nCy,a,1,extra\nDi,b,2,,\n";
        let parsed = parse(text);
        assert_eq!(
            parsed.turns,
            [untimed("Ana", "hi", 2), turn("Di", "b", Some(2.0), None, 5)]
        );
        let lines: Vec<usize> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [3, 4]);
        assert!(parsed.warnings[0]
            .message
            .starts_with("row has 1 cells but the header has 3"));
    }

    #[test]
    fn without_a_speaker_column_rows_are_unknown() {
        assert_eq!(
            turns("text,start\nhello,1\nagain,2\n"),
            [turn(UNKNOWN_SPEAKER, "hello again", Some(1.0), None, 2)]
        );
    }

    #[test]
    fn a_quote_that_never_closes_skips_its_row_only() {
        let text = "speaker,text\nAna,one\nBen,\"two\nCy,three\nDi,\"\"\"four\"\"\"\n";
        // Di's quoted cell would close Ben's quote: that cannot be told from
        // a cell spanning lines.
        assert_eq!(parse(text).turns.len(), 2);

        let text = "speaker,text\nAna,one\nBen,\"two\nCy,three\nDi,\"\"four\n";
        let parsed = parse(text);
        assert_eq!(
            parsed.turns,
            [
                untimed("Ana", "one", 2),
                untimed("Cy", "three", 4),
                untimed("Di", "four", 5),
            ]
        );
        assert_eq!(
            parsed.warnings,
            [Warning {
                line: 3,
                message: "a quote opened in this row is never closed; the row was skipped and \
                          reading resumed on the line after the quote"
                    .into()
            }]
        );
        // On the last line there is nothing to resume.
        let parsed = parse("speaker,text\nAna,one\nBen,\"two");
        assert_eq!(parsed.turns, [untimed("Ana", "one", 2)]);
        assert_eq!(parsed.warnings[0].line, 3);
    }

    #[test]
    fn an_unclosed_quote_after_a_multiline_cell_skips_the_whole_row() {
        let text = "speaker,text,note\nAna,\"one\nmore\",\"open\nBen,two,x\n";
        let parsed = parse(text);
        assert_eq!(parsed.turns, [untimed("Ben", "two", 4)]);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, 2);
        assert!(
            parsed.warnings[0]
                .message
                .starts_with("a quote opened on line 3 is never closed"),
            "{}",
            parsed.warnings[0].message
        );
    }

    #[test]
    fn quote_scanner() {
        assert_eq!(unclosed_quote("a,\"b\nc\",d\n", b','), None);
        assert_eq!(unclosed_quote("a,\"b\nc,d\n", b','), Some(2));
        assert_eq!(unclosed_quote("a,b\"c\n", b','), None);
        assert_eq!(unclosed_quote("a,\"b\"\"c\n", b','), Some(2));
        assert_eq!(unclosed_quote("\"\"\"\",\"x", b','), Some(5));
        assert_eq!(unclosed_quote("a;\"b\";c", b';'), None);
        assert_eq!(unclosed_quote("", b','), None);
    }

    #[test]
    fn missing_text_column_is_a_syntax_error_on_the_header_line() {
        match CsvTable.parse("\n,Speaker,Words,Start\nA,b,c,1\n", Path::new("t.csv")) {
            Err(Error::Syntax { line, message, .. }) => {
                assert_eq!(line, 2);
                assert_eq!(
                    message,
                    "no text column in the header (found ``, `Speaker`, `Words`, `Start`); \
                     expected a column named one of: text, transcript, utterance, content, \
                     message, comment (any case, spaces and underscores ignored)"
                );
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
        assert!(matches!(
            CsvTable.parse(" \n\u{feff}", Path::new("t.csv")),
            Err(Error::Syntax { .. } | Error::Empty { .. })
        ));
        assert!(matches!(
            CsvTable.parse("\u{feff}\n\n", Path::new("t.csv")),
            Err(Error::Empty { .. })
        ));
    }

    #[test]
    fn header_only_has_no_turns() {
        assert_eq!(parse("speaker,text\n"), Parsed::default());
    }

    #[test]
    fn bom_is_ignored() {
        assert_eq!(
            turns("\u{feff}Speaker,Text\nAna,hi\n"),
            [untimed("Ana", "hi", 2)]
        );
        assert_eq!(CsvTable.detect("\u{feff}Speaker,Text\nAna,hi\n"), 90);
    }

    #[test]
    fn newline_normalization() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n\r\n"), "a\nb\nc\n\n");
        assert!(matches!(normalize_newlines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn detection() {
        for name in MINE {
            let text = fixture(name);
            let detected = super::super::formats::detect(&text, Path::new(name));
            assert_eq!(detected.map(|p| p.name()).ok(), Some("csv"), "{name}");
            assert_eq!(CsvTable.detect(&text), 90, "{name}");
            assert!(PlainText.detect(&text) < 90, "{name}");
        }
        assert_eq!(CsvTable.detect("text,start\nhello,1\n"), 0);
        assert_eq!(CsvTable.detect("Speaker: Text\n"), 0);
        assert_eq!(CsvTable.detect(""), 0);
        for (name, text) in other_fixtures(MINE) {
            let expected = if name == "labeled-sample.csv" { 90 } else { 0 };
            assert_eq!(CsvTable.detect(&text), expected, "{name}");
        }
    }

    #[test]
    fn never_panics() {
        for name in MINE {
            assert_never_panics(&CsvTable, &fixture(name));
        }
    }
}
