//! JSON transcripts written by speech-to-text services and data sets.
//!
//! Each format has its own [`Parser`](super::Parser); they share how a
//! document is read:
//!
//! - The top level is deserialized into small typed structs whose large parts
//!   (the segment arrays, a whole-transcript string) are [`RawValue`]s
//!   borrowed from the input: nothing is copied until it is needed, and parts
//!   a file has but the parser does not use are never copied at all.
//! - Arrays of records are then read one element at a time ([`Doc::each`]):
//!   each element is deserialized on its own, so memory holds the turns built
//!   so far plus one record, never the whole document; a malformed record
//!   (a string where a number belongs) is skipped with a warning and the rest
//!   is kept; and the element's position in the input gives its line number.
//!   Text without escapes is borrowed from the input until a turn copies it.
//!   The price is reading each byte up to three times (validating the
//!   document, splitting the array, reading the element): still linear.
//! - [`Pieces`] merges consecutive records of one speaker into a [`Turn`] and
//!   sums up what it had to guess (missing speakers, unreadable times, empty
//!   records) in one warning each rather than one per record.
//!
//! A file that is not valid JSON, or whose top level lacks the format's
//! arrays, is an [`Error::Syntax`] naming the line and the format expected.

mod array;
mod assemblyai;
mod aws;
mod deepgram;
mod flat;
mod one_pass;
mod qmsum;
mod rev;
mod whisper;
mod whisperx;

#[cfg(test)]
mod tests;

pub use array::JsonArray;
pub use assemblyai::AssemblyAi;
pub use aws::AwsTranscribe;
pub use deepgram::Deepgram;
pub use qmsum::Qmsum;
pub use rev::Rev;
pub use whisper::Whisper;
pub use whisperx::WhisperX;

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::time::parse_timestamp;
use super::{Parsed, Turn, Warning, UNKNOWN_SPEAKER};
use crate::error::{Error, Result};
use crate::segment::trim;

/// A JSON document being read: the text, where it came from, what format it
/// is read as, and the warnings so far.
pub(super) struct Doc<'a> {
    text: &'a str,
    path: &'a Path,
    /// The format expected, for error messages: `a WhisperX transcript (...)`.
    expected: &'static str,
    lines: LineCounter<'a>,
    /// Records skipped because they could not be read.
    skipped: Vec<Warning>,
    /// Everything else worth telling.
    notes: Vec<Warning>,
}

impl<'a> Doc<'a> {
    /// Starts reading `text`; a blank text is [`Error::Empty`].
    pub fn new(text: &'a str, path: &'a Path, expected: &'static str) -> Result<Self> {
        // The input layer removes a BOM; text from elsewhere may still have one.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(Doc {
            text,
            path,
            expected,
            lines: LineCounter::new(text),
            skipped: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// Deserializes the whole document.
    pub fn root<T: Deserialize<'a>>(&mut self) -> Result<T> {
        let text = self.text;
        serde_json::from_str(text).map_err(|err| self.syntax(text, &err))
    }

    /// Deserializes the whole document, which must be an object. (serde
    /// would also read an array as a struct's fields in order, which only
    /// confuses the error message.)
    pub fn object<T: Deserialize<'a>>(&mut self) -> Result<T> {
        let start = self.text.trim_start();
        if start.starts_with('[') {
            let line = self.lines.line_of(start);
            return Err(self.error(line, "the top level is an array, not an object"));
        }
        self.root()
    }

    /// Deserializes one part of the document, kept raw until now.
    pub fn part<T: Deserialize<'a>>(&mut self, raw: &'a RawValue) -> Result<T> {
        serde_json::from_str(raw.get()).map_err(|err| self.syntax(raw.get(), &err))
    }

    /// Calls `f` with the line and value of each element of the array `raw`,
    /// in order. An element that does not deserialize as `T` is skipped with
    /// a warning naming it `what`; `raw` not being an array is an error.
    pub fn each<T, F>(&mut self, raw: &'a RawValue, what: &'static str, f: F) -> Result<()>
    where
        T: Deserialize<'a>,
        F: FnMut(usize, T),
    {
        let visitor = EachElement {
            lines: &mut self.lines,
            skipped: &mut self.skipped,
            what,
            f,
            marker: PhantomData,
        };
        let mut de = serde_json::Deserializer::from_str(raw.get());
        match de.deserialize_seq(visitor) {
            Ok(()) => Ok(()),
            Err(err) => Err(self.syntax(raw.get(), &err)),
        }
    }

    /// As [`Doc::each`], over elements the top level already split (see
    /// [`Elements`]): the array is read once, not once to check the
    /// document and again to split it.
    pub fn each_of<T, F>(
        &mut self,
        elements: &Elements<'a, impl Plural>,
        what: &'static str,
        mut f: F,
    ) where
        T: Deserialize<'a>,
        F: FnMut(usize, T),
    {
        for &raw in &elements.raws {
            read_element(&mut self.lines, &mut self.skipped, what, raw, &mut f);
        }
    }

    /// Reads the document's records in one pass when nothing in it needs
    /// the careful way (see [`one_pass`]): calls `f` with the line and value
    /// of each element of the top-level object's array `key` (of the top
    /// level itself when `key` is `None`). Returns `false` when the document
    /// is to be read the careful way ([`Doc::object`], [`Doc::each_of`]),
    /// which then finds and words what is wrong; `f` may have seen records
    /// by then, so the caller starts over.
    pub fn one_pass<T, F>(&mut self, key: Option<&str>, mut f: F) -> bool
    where
        T: Deserialize<'a>,
        F: FnMut(usize, T),
    {
        let lines = &mut self.lines;
        one_pass::each_record(self.text, key, |at, value| f(lines.line_at(at), value))
    }

    /// The line where `raw` starts.
    pub fn line_of(&mut self, raw: &RawValue) -> usize {
        self.lines.line_of(raw.get())
    }

    /// An error at `line` saying what the document lacks.
    pub fn error(&self, line: usize, detail: &str) -> Error {
        Error::Syntax {
            path: self.path.to_path_buf(),
            line,
            message: format!("not {}: {detail}", self.expected),
        }
    }

    /// Adds a warning.
    pub fn warn(&mut self, line: usize, message: String) {
        self.notes.push(Warning { line, message });
    }

    /// The parse result: `pieces`' turns and every warning in line order.
    ///
    /// Nothing usable is an error: the first skipped record's problem when
    /// records were skipped (that is why nothing is left), else
    /// [`Error::NoSpeech`].
    pub fn finish(self, pieces: Pieces) -> Result<Parsed> {
        let Doc {
            path,
            skipped,
            mut notes,
            ..
        } = self;
        let turns = pieces.finish(&mut notes);
        if turns.is_empty() {
            return Err(match skipped.into_iter().next() {
                Some(first) => Error::Syntax {
                    path: path.to_path_buf(),
                    line: first.line,
                    message: format!("nothing could be read: {}", first.message),
                },
                None => Error::NoSpeech {
                    path: path.to_path_buf(),
                },
            });
        }
        let mut warnings = skipped;
        warnings.append(&mut notes);
        warnings.sort_by_key(|w| w.line);
        Ok(Parsed { turns, warnings })
    }

    /// `err`, raised reading `part` of the text, as an error naming the line
    /// and the format expected.
    fn syntax(&mut self, part: &str, err: &serde_json::Error) -> Error {
        let detail = if err.is_eof() {
            "the JSON ends before it is complete (a truncated file?)".to_string()
        } else {
            describe(err)
        };
        Error::Syntax {
            path: self.path.to_path_buf(),
            line: self.lines.line_of_error(part, err),
            message: format!("not {}: {detail}", self.expected),
        }
    }
}

/// Reads an array element by element for [`Doc::each`].
struct EachElement<'d, 'a, T, F> {
    lines: &'d mut LineCounter<'a>,
    skipped: &'d mut Vec<Warning>,
    what: &'static str,
    f: F,
    marker: PhantomData<fn() -> T>,
}

impl<'a, T, F> Visitor<'a> for EachElement<'_, 'a, T, F>
where
    T: Deserialize<'a>,
    F: FnMut(usize, T),
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array of {}", plural(self.what))
    }

    fn visit_seq<A: SeqAccess<'a>>(mut self, mut seq: A) -> Result<(), A::Error> {
        // Taking the element raw first is what gives its position; reading it
        // on its own is what lets a bad element be skipped alone.
        while let Some(raw) = seq.next_element::<&'a RawValue>()? {
            read_element(self.lines, self.skipped, self.what, raw, &mut self.f);
        }
        Ok(())
    }
}

/// Reads one array element as `T` and gives it to `f` with its line, or
/// notes it skipped.
fn read_element<'a, T, F>(
    lines: &mut LineCounter<'a>,
    skipped: &mut Vec<Warning>,
    what: &'static str,
    raw: &'a RawValue,
    f: &mut F,
) where
    T: Deserialize<'a>,
    F: FnMut(usize, T),
{
    let element = raw.get();
    let line = lines.line_of(element);
    match serde_json::from_str::<T>(element) {
        Ok(value) => f(line, value),
        Err(err) => skipped.push(Warning {
            line: lines.line_of_error(element, &err),
            message: format!("{what} skipped: {}", describe(&err)),
        }),
    }
}

/// The plural of what an array holds, for "expected an array of ..." errors.
pub(super) trait Plural {
    /// E.g. `entries`.
    const PLURAL: &'static str;
}

/// Arrays of entries (QMSum's `meeting_transcripts`, a JSON array of turns).
pub(super) struct Entries;

impl Plural for Entries {
    const PLURAL: &'static str = "entries";
}

/// A top-level array field split into its elements, still raw, while the
/// document is read: [`Doc::each_of`] then reads each. A value that is not
/// an array is a syntax error saying "expected an array of" `N::PLURAL`,
/// as [`Doc::each`] says it.
pub(super) struct Elements<'a, N> {
    raws: Vec<&'a RawValue>,
    marker: PhantomData<N>,
}

impl<'de: 'a, 'a, N: Plural> Deserialize<'de> for Elements<'a, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ElementsVisitor(PhantomData))
    }
}

struct ElementsVisitor<'a, N>(PhantomData<(&'a (), N)>);

impl<'de: 'a, 'a, N: Plural> Visitor<'de> for ElementsVisitor<'a, N> {
    type Value = Elements<'a, N>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array of {}", N::PLURAL)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut raws = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(raw) = seq.next_element::<&'a RawValue>()? {
            raws.push(raw);
        }
        Ok(Elements {
            raws,
            marker: PhantomData,
        })
    }
}

/// What serde_json says went wrong, without its `at line L column C`: the
/// line it counts is relative to the part read, so callers give their own.
fn describe(err: &serde_json::Error) -> String {
    let text = err.to_string();
    if err.line() == 0 {
        return text;
    }
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Line numbers of positions in a text, counted the way
/// [`Lines`](super::lines::Lines) splits lines (LF, CRLF or a lone CR).
///
/// Positions are asked for in increasing order (records are read in file
/// order), so the counter resumes where it stopped and the whole file is
/// counted once.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line where `part`, a slice of the text, starts; 1 for a string
    /// from elsewhere.
    fn line_of(&mut self, part: &str) -> usize {
        let offset = self.offset_of(part).unwrap_or(0);
        self.line_at(offset)
    }

    /// The line where `err`, raised reading `part`, happened.
    fn line_of_error(&mut self, part: &str, err: &serde_json::Error) -> usize {
        let base = self.offset_of(part).unwrap_or(0);
        self.line_at(base.saturating_add(error_offset(part, err)))
    }

    /// Where `part` starts in the text, when it is a slice of it.
    fn offset_of(&self, part: &str) -> Option<usize> {
        let offset = (part.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        (offset <= self.text.len()).then_some(offset)
    }

    /// The line of byte `offset`.
    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            // Only error paths go back; counting again from the top is rare.
            self.offset = 0;
            self.line = 1;
        }
        let bytes = self.text.as_bytes();
        let span = bytes.get(self.offset..offset).unwrap_or_default();
        // LFs are found with memchr (spans between records are short and
        // hold few lines); lone CRs are rare and counted only where there is
        // a CR at all.
        self.line += memchr::memchr_iter(b'\n', span).count();
        if memchr::memchr(b'\r', span).is_some() {
            let next = |i: usize| bytes.get(self.offset + i + 1).copied();
            self.line += span
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\r' && next(i) != Some(b'\n'))
                .count();
        }
        self.offset = offset;
        self.line
    }
}

/// The byte offset in `part` where serde_json saw `err`: it reports a line
/// counted in LF only and a byte column within that line.
fn error_offset(part: &str, err: &serde_json::Error) -> usize {
    let line = err.line();
    if line <= 1 {
        return err.column().min(part.len());
    }
    let line_start = part
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .nth(line - 2)
        .map_or(part.len(), |(i, _)| i + 1);
    line_start.saturating_add(err.column()).min(part.len())
}

/// A time as a JSON file writes it: seconds (`1.5`), a number of some other
/// unit (AssemblyAI's milliseconds), a numeric string (AWS's `"1.54"`) or a
/// clock string (`"00:01:02.5"`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Time {
    /// A number, in the format's unit.
    Number(f64),
    /// A clock string, already in seconds.
    Clock(f64),
    /// Present but not a time (`"soon"`, `-1`, `true`).
    Unreadable,
}

impl Time {
    /// Reads a time from a string: a non-negative decimal number or an
    /// `[h:]mm:ss[.fff]` clock.
    fn from_text(s: &str) -> Time {
        let s = s.trim();
        if let Ok(n) = s.parse::<f64>() {
            return Time::from_number(n);
        }
        parse_timestamp(s).map_or(Time::Unreadable, Time::Clock)
    }

    fn from_number(n: f64) -> Time {
        if n.is_finite() && n >= 0.0 {
            Time::Number(n)
        } else {
            Time::Unreadable
        }
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimeVisitor)
    }
}

/// Accepts anything, so that a bad time costs the time, not the record.
struct TimeVisitor;

impl<'de> Visitor<'de> for TimeVisitor {
    type Value = Time;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a time")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Time, E> {
        Ok(Time::from_number(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Time, E> {
        Ok(Time::from_number(v as f64))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Time, E> {
        Ok(Time::from_number(v as f64))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Time, E> {
        Ok(Time::from_text(v))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Time, E> {
        Ok(Time::Unreadable)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Time, E> {
        Ok(Time::Unreadable)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Time, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Time::Unreadable)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Time, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Time::Unreadable)
    }
}

/// A speaker as a JSON file writes it: a name or label (`"SPEAKER_00"`,
/// `"A"`, `"spk_0"`) kept as written, or a number (Deepgram, Rev), named
/// `Speaker N`. Borrowed from the input when it has no escapes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Label<'a>(pub Cow<'a, str>);

impl Label<'_> {
    /// The name, trimmed; `None` when blank.
    pub fn name(&self) -> Option<&str> {
        Some(trim(&self.0)).filter(|s| !s.is_empty())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Label<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LabelVisitor(PhantomData))
    }
}

struct LabelVisitor<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for LabelVisitor<'a> {
    type Value = Label<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a speaker name or number")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Label<'a>, E> {
        Ok(Label(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Label<'a>, E> {
        Ok(Label(Cow::Owned(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Label<'a>, E> {
        Ok(Label(Cow::Owned(format!("Speaker {v}"))))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Label<'a>, E> {
        Ok(Label(Cow::Owned(format!("Speaker {v}"))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Label<'a>, E> {
        Ok(Label(Cow::Owned(format!("Speaker {v}"))))
    }
}

/// Records turned into turns: consecutive records of one speaker merge into
/// one [`Turn`] (text joined with a space, start of the first, end of the
/// last, line of the first); different speakers never merge.
pub(super) struct Pieces {
    /// What a record is called in warnings (`segment`, `utterance`).
    what: &'static str,
    /// Units of the format's numeric times in a second (1000 for
    /// milliseconds); dividing by it keeps `4500` ms exactly `4.5`.
    per_second: f64,
    turns: Vec<Turn>,
    records: usize,
    unlabeled: Tally,
    empty: Tally,
    bad_times: Tally,
}

/// How often something happened, and its first line.
#[derive(Default)]
struct Tally {
    count: usize,
    first_line: usize,
}

impl Tally {
    fn add(&mut self, line: usize) {
        if self.count == 0 {
            self.first_line = line;
        }
        self.count += 1;
    }
}

impl Pieces {
    /// Collects records called `what`, with times in seconds.
    pub fn new(what: &'static str) -> Self {
        Pieces {
            what,
            per_second: 1.0,
            turns: Vec::new(),
            records: 0,
            unlabeled: Tally::default(),
            empty: Tally::default(),
            bad_times: Tally::default(),
        }
    }

    /// Numeric times count `per_second` to the second (1000 for
    /// milliseconds).
    pub fn per_second(mut self, per_second: f64) -> Self {
        self.per_second = per_second;
        self
    }

    /// Adds a record. A missing or blank speaker is [`UNKNOWN_SPEAKER`] (the
    /// count is reported); a record without text is skipped (counted too).
    pub fn push(
        &mut self,
        speaker: Option<&str>,
        text: &str,
        start: Option<Time>,
        end: Option<Time>,
        line: usize,
    ) {
        self.records += 1;
        let text = trim(text);
        if text.is_empty() {
            self.empty.add(line);
            return;
        }
        let speaker = match speaker.map(trim).filter(|s| !s.is_empty()) {
            Some(name) => name,
            None => {
                self.unlabeled.add(line);
                UNKNOWN_SPEAKER
            }
        };
        let start = self.seconds(start, line);
        let end = self.seconds(end, line);
        match self.turns.last_mut() {
            Some(last) if last.speaker == speaker => {
                last.text.push(' ');
                last.text.push_str(text);
                last.end = end.or(last.end);
            }
            _ => self.turns.push(Turn {
                speaker: speaker.to_string(),
                text: text.to_string(),
                start,
                end,
                line,
            }),
        }
    }

    /// Appends `text` to the last turn without a space (punctuation that
    /// follows a word). With no turn yet there is nothing to attach it to.
    pub fn attach(&mut self, text: &str) {
        if let Some(last) = self.turns.last_mut() {
            last.text.push_str(trim(text));
        }
    }

    /// Records pushed that named a speaker.
    pub fn labeled(&self) -> usize {
        self.records - self.empty.count - self.unlabeled.count
    }

    /// Whether any turn was made.
    pub fn is_empty(&self) -> bool {
        self.turns.is_empty()
    }

    fn seconds(&mut self, time: Option<Time>, line: usize) -> Option<f64> {
        match time? {
            Time::Number(n) => Some(n / self.per_second).filter(|s| s.is_finite()),
            Time::Clock(s) => Some(s),
            Time::Unreadable => {
                self.bad_times.add(line);
                None
            }
        }
    }

    /// The turns, with a warning for each kind of guess made.
    fn finish(self, warnings: &mut Vec<Warning>) -> Vec<Turn> {
        let what = self.what;
        if self.unlabeled.count > 0 {
            warnings.push(Warning {
                line: self.unlabeled.first_line,
                message: format!(
                    "{} of {} had no speaker label; their text is attributed to \"{UNKNOWN_SPEAKER}\"",
                    self.unlabeled.count,
                    count_of(self.records, what),
                ),
            });
        }
        if self.empty.count > 0 {
            warnings.push(Warning {
                line: self.empty.first_line,
                message: format!("{} with no text skipped", count_of(self.empty.count, what)),
            });
        }
        if self.bad_times.count > 0 {
            warnings.push(Warning {
                line: self.bad_times.first_line,
                message: format!(
                    "{} not a number of seconds or a timestamp; left out, the text is kept",
                    count_of(self.bad_times.count, "time was"),
                ),
            });
        }
        self.turns
    }
}

/// `1 segment`, `3 segments`; `what` may carry a verb (`time was` → `times
/// were`).
fn count_of(n: usize, what: &str) -> String {
    if n == 1 {
        return format!("1 {what}");
    }
    match what.strip_suffix(" was") {
        Some(noun) => format!("{n} {} were", plural(noun)),
        None => format!("{n} {}", plural(what)),
    }
}

/// The plural of the English nouns used here (`entry` → `entries`).
fn plural(noun: &str) -> String {
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{noun}s"),
    }
}

/// The start of a file, for detection: what keys it has and how it opens.
pub(super) struct Sniff<'h> {
    head: &'h str,
}

impl<'h> Sniff<'h> {
    pub fn new(head: &'h str) -> Self {
        let head = head.strip_prefix('\u{feff}').unwrap_or(head).trim_start();
        Sniff { head }
    }

    /// Whether the file is a JSON object.
    pub fn is_object(&self) -> bool {
        self.head.starts_with('{')
    }

    /// `max` when the file is a JSON object, else 0: the ceiling
    /// ([`Parser::detect_ceiling`](super::Parser::detect_ceiling)) of a
    /// format whose detection needs an object and gives at most `max`.
    pub fn ceiling_if_object(&self, max: u8) -> u8 {
        if self.is_object() {
            max
        } else {
            0
        }
    }

    /// Whether the file is a JSON array whose first element is an object.
    pub fn is_array_of_objects(&self) -> bool {
        self.head
            .strip_prefix('[')
            .is_some_and(|rest| rest.trim_start().starts_with('{'))
    }

    /// Whether `"key":` occurs: the quoted name followed by a colon, so a
    /// value or text that mentions the word does not count.
    pub fn has(&self, key: &str) -> bool {
        let head = self.head;
        // memchr's SIMD search: detection asks for many keys, most absent,
        // each a scan of the whole head.
        memchr::memmem::find_iter(head.as_bytes(), key).any(|at| {
            let opened = head.as_bytes()[..at].ends_with(b"\"");
            let rest = head.get(at + key.len()..).unwrap_or("");
            opened
                && rest
                    .strip_prefix('"')
                    .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    }

    /// Whether any of `keys` occurs.
    pub fn has_any(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.has(k))
    }
}
