//! What the cue-based formats (WebVTT, SRT) share: timing lines, the walk
//! over cue blocks, markup scanning, speaker prefixes and the merging of
//! consecutive cues into turns.
//!
//! A cue file is a list of blocks separated by blank lines; a cue block is an
//! optional id line, a timing line `start --> end` and text lines. Both
//! formats agree that any line holding `-->` is a timing line, so a cue whose
//! blank line is missing still starts where its timing line is.

use std::iter::Peekable;
use std::path::Path;

use super::lines::{Lines, Preview};
use super::plain::is_name;
use super::{Turn, Warning, UNKNOWN_SPEAKER};
use crate::error::Error;

/// The arrow between the start and end of a timing line.
pub const ARROW: &str = "-->";

/// Most digits in one field of a cue time. Nine keeps every value well
/// inside a `u64` and an exact `f64`; no real cue needs more.
const MAX_FIELD_DIGITS: usize = 9;

/// Most fraction digits of a cue time: both formats write milliseconds, and
/// older Teams exports write fewer digits (`0:0:5.32`).
const MAX_FRACTION_DIGITS: usize = 3;

/// How many chars into a line a speaker prefix's separator is looked for: a
/// long display name with a `(she/her)` suffix. It bounds the work per cue.
const MAX_PREFIX_CHARS: usize = 80;

/// Longest parenthetical after a display name (`(she/her)`, `(Guest)`,
/// `(External)`), in chars.
const MAX_NAME_NOTE_CHARS: usize = 24;

/// Longest e-mail address accepted as a display name, in chars.
const MAX_EMAIL_CHARS: usize = 64;

/// Lines looked at to detect a format.
const DETECT_LINES: usize = 400;

/// When a cue is shown, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CueTime {
    /// Start in seconds.
    pub start: f64,
    /// End in seconds.
    pub end: f64,
}

/// Parses a cue time leniently: `[h:]m:s[.fff]`, where every field is one or
/// more digits (older Teams exports write `0:0:5.320`), the fraction has one
/// to three digits after `.` or `,`, and minutes under hours and seconds are
/// below 60. Anything else, surrounding whitespace included, is `None`.
pub fn parse_cue_time(s: &str) -> Option<f64> {
    // One pass over the bytes: every timing line of a file comes through
    // here, and splitting into fields first cost several times more.
    let bytes = s.as_bytes();
    if let Some(time) = padded_cue_time(bytes) {
        return Some(time);
    }
    let mut fields = [0u64; 3];
    let mut count = 0;
    let mut value = 0u64;
    let mut digits = 0;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'0'..=b'9' if digits < MAX_FIELD_DIGITS => {
                value = value * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b':' if digits > 0 && count < 2 => {
                fields[count] = value;
                count += 1;
                value = 0;
                digits = 0;
            }
            b'.' | b',' => break,
            _ => return None,
        }
        at += 1;
    }
    if digits == 0 || count == 0 {
        return None;
    }
    fields[count] = value;
    let (hours, minutes, seconds) = match count {
        1 => (0, fields[0], fields[1]),
        _ => (fields[0], fields[1], fields[2]),
    };
    if seconds >= 60 || (count == 2 && minutes >= 60) {
        return None;
    }
    let millis = match bytes.get(at + 1..) {
        None => 0,
        // `.5` is 500 ms, `.05` 50 ms.
        Some(f) => fraction_field(f)? * 10u64.pow((MAX_FRACTION_DIGITS - f.len()) as u32),
    };
    // Whole milliseconds divided once give the double nearest to what the
    // file wrote (`9.15` is 9.15, not 9 + 0.15 rounded twice). Nine-digit
    // hours stay below 2^53 ms, so the count is exact.
    let total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
    Some(total as f64 / 1000.0)
}

/// `hh:mm:ss.fff` (or `,fff`), the shape nearly every cue time has, read
/// by position; `None` for any other shape, left to [`parse_cue_time`].
fn padded_cue_time(bytes: &[u8]) -> Option<f64> {
    let &[h1, h2, b':', m1, m2, b':', s1, s2, b'.' | b',', f1, f2, f3] = bytes else {
        return None;
    };
    let digits = [h1, h2, m1, m2, s1, s2, f1, f2, f3];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let [h, m, s, f] =
        [[h1, h2, b'0'], [m1, m2, b'0'], [s1, s2, b'0'], [f1, f2, f3]].map(|[a, b, c]| {
            u64::from(a - b'0') * 100 + u64::from(b - b'0') * 10 + u64::from(c - b'0')
        });
    let (hours, minutes, seconds, millis) = (h / 10, m / 10, s / 10, f);
    if seconds >= 60 || minutes >= 60 {
        return None;
    }
    let total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
    Some(total as f64 / 1000.0)
}

/// The value of `f` when it is 1 to [`MAX_FRACTION_DIGITS`] ASCII digits.
fn fraction_field(f: &[u8]) -> Option<u64> {
    if f.is_empty() || f.len() > MAX_FRACTION_DIGITS || !f.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(f.iter().fold(0, |n, &b| n * 10 + u64::from(b - b'0')))
}

/// Where the first [`ARROW`] in `line` starts. Every line of a cue file is
/// asked, so this looks for the rare `>` and checks the two bytes before,
/// instead of setting up a substring search per line.
pub fn find_arrow(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'>', bytes)
        .find(|&at| at >= 2 && bytes[at - 2..at] == *b"--")
        .map(|at| at - 2)
}

/// Whether `line` holds [`ARROW`].
pub fn has_arrow(line: &str) -> bool {
    find_arrow(line).is_some()
}

/// Reads a timing line `start --> end`, ignoring what follows the end time:
/// WebVTT cue settings (`align:start`) and SubRip coordinates (`X1:40`) place
/// the text on screen and say nothing about the speech.
pub fn parse_timing(line: &str) -> Option<CueTime> {
    if let Some(time) = padded_timing(line) {
        return Some(time);
    }
    let at = find_arrow(line)?;
    // The arrow is ASCII, so both ends are char boundaries.
    let (left, right) = (line.get(..at)?, line.get(at + ARROW.len()..)?);
    let start = parse_cue_time(left.trim())?;
    // The first whitespace-separated word after the arrow: an all-blank rest
    // gives "", which is no time.
    let right = right.trim_start();
    let end = parse_cue_time(right.get(..word_len(right))?)?;
    Some(CueTime { start, end })
}

/// `hh:mm:ss.fff --> hh:mm:ss.fff`, then the end of the line or whitespace:
/// how nearly every timing line starts, read by position. `None` for any
/// other shape, left to the general reading.
fn padded_timing(line: &str) -> Option<CueTime> {
    const TIME: usize = "00:00:00.000".len();
    const GAP: &[u8] = b" --> ";
    let bytes = line.as_bytes();
    if bytes.get(TIME..TIME + GAP.len())? != GAP {
        return None;
    }
    let end_at = TIME + GAP.len();
    let after = end_at + TIME;
    if !line.get(after..).is_some_and(starts_with_space_or_end) {
        return None;
    }
    let start = padded_cue_time(bytes.get(..TIME)?)?;
    let end = padded_cue_time(bytes.get(end_at..after)?)?;
    Some(CueTime { start, end })
}

/// Whether the start time of a timing line writes its fraction with a comma
/// (SRT) and whether it leaves out the hours (WebVTT only).
fn timing_shape(line: &str) -> Option<(bool, bool)> {
    parse_timing(line)?;
    let left = line.get(..find_arrow(line)?)?.trim();
    Some((left.contains(','), left.matches(':').count() == 1))
}

/// What detection sees in the first lines of a file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Survey {
    /// Readable timing lines.
    pub timings: u32,
    /// Timing lines whose start has a `,` fraction.
    pub comma: u32,
    /// Timing lines whose start has no hours.
    pub hourless: u32,
    /// Timing lines right after a line holding only a number.
    pub numbered: u32,
    /// Whether a WebVTT voice tag (`<v Name>`, `<v.loud Name>`) appears.
    pub voices: bool,
}

/// Looks at the first lines of `head` for the shapes cue formats have.
pub fn survey(head: &str) -> Survey {
    let mut survey = Survey::default();
    let mut previous_is_number = false;
    for line in Lines::new(head).take(DETECT_LINES) {
        let line = line.trim();
        if let Some((comma, hourless)) = timing_shape(line) {
            survey.timings += 1;
            survey.comma += u32::from(comma);
            survey.hourless += u32::from(hourless);
            survey.numbered += u32::from(previous_is_number);
        }
        survey.voices |= line.contains("<v ") || line.contains("<v.");
        previous_is_number = is_number(line);
    }
    survey
}

/// Whether `line` (trimmed) is a cue number: ASCII digits only.
pub fn is_number(line: &str) -> bool {
    !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
}

/// Lines numbered from 1, as [`Warning`] and [`Turn`] count them.
pub struct Numbered<'a> {
    lines: Lines<'a>,
    number: usize,
}

impl<'a> Iterator for Numbered<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let line = self.lines.next()?;
        self.number += 1;
        Some((self.number, line))
    }
}

/// Numbered lines with one line of lookahead, to see a timing line coming.
pub type NumberedLines<'a> = Peekable<Numbered<'a>>;

/// The lines of `text`, numbered from 1, with one line of lookahead.
pub fn numbered_lines(text: &str) -> NumberedLines<'_> {
    Numbered {
        lines: Lines::new(text),
        number: 0,
    }
    .peekable()
}

/// A cue format's own rules, for [`read_cues`].
pub trait CueFormat {
    /// Whether `line` (trimmed, not blank, without `-->`) is the id of the cue
    /// whose timing line follows it. `in_cue` says whether it would otherwise
    /// be text of the cue before.
    fn is_cue_id(&self, line: &str, in_cue: bool) -> bool;
    /// Whether a block starting with `line` (trimmed) holds no speech by the
    /// format's definition (WebVTT `NOTE`) and is skipped without a warning.
    fn is_silent_block(&self, line: &str) -> bool;
    /// A timing line as the format writes it, for messages.
    fn timing_example(&self) -> &'static str;
    /// Turns one cue's text lines (numbered, untrimmed) into turns.
    fn read_cue(&mut self, time: CueTime, lines: &[(usize, &str)], turns: &mut TurnBuilder);
}

/// What [`read_cues`] found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Turns in file order.
    pub turns: Vec<Turn>,
    /// Problems worked around, in file order.
    pub warnings: Vec<Warning>,
    /// Cues whose timing line was read.
    pub cues: usize,
    /// The line number and text of the first unreadable timing line, for
    /// the error when no cue could be read at all.
    pub first_broken: Option<(usize, String)>,
}

/// Where [`read_cues`] is between lines.
enum State {
    /// After a blank line: the next line starts a block.
    Between,
    /// Inside a cue whose timing line was read.
    InCue(CueTime),
    /// Inside a block that is skipped (already warned about, or silent).
    Skipping,
}

/// Reads the cue blocks of `lines` with `format`'s rules.
///
/// A cue with an unreadable timing line is skipped with a warning, and so is
/// text outside any cue; the rest of the file is kept.
pub fn read_cues(lines: &mut NumberedLines<'_>, format: &mut impl CueFormat) -> Scan {
    let mut scan = Scan::default();
    let mut turns = TurnBuilder::default();
    let mut state = State::Between;
    // Reused for every cue, so reading a cue allocates nothing per line.
    let mut cue_lines: Vec<(usize, &str)> = Vec::new();

    while let Some((number, raw)) = lines.next() {
        let line = raw.trim();
        let is_timing = has_arrow(line);
        let is_id = !is_timing
            && !line.is_empty()
            && lines.peek().is_some_and(|(_, next)| has_arrow(next))
            && format.is_cue_id(line, matches!(state, State::InCue(_)));
        if line.is_empty() || is_timing || is_id {
            if let State::InCue(time) = state {
                format.read_cue(time, &cue_lines, &mut turns);
                cue_lines.clear();
            }
        }
        state = if line.is_empty() {
            State::Between
        } else if is_timing {
            match parse_timing(line) {
                Some(time) => {
                    scan.cues += 1;
                    State::InCue(time)
                }
                None => {
                    scan.warnings.push(Warning {
                        line: number,
                        message: format!(
                            "cue skipped: cannot read the timing line \"{}\" (expected \
                             `start --> end`, like `{}`)",
                            Preview(line),
                            format.timing_example()
                        ),
                    });
                    scan.first_broken
                        .get_or_insert_with(|| (number, Preview(line).to_string()));
                    State::Skipping
                }
            }
        } else if is_id {
            // The id belongs to the cue that follows; nothing to keep.
            State::Skipping
        } else {
            match state {
                State::InCue(time) => {
                    cue_lines.push((number, raw));
                    State::InCue(time)
                }
                State::Skipping => State::Skipping,
                State::Between => {
                    if !format.is_silent_block(line) {
                        scan.warnings.push(Warning {
                            line: number,
                            message: format!(
                                "text outside any cue skipped (no timing line like `{}` \
                                 before it): \"{}\"",
                                format.timing_example(),
                                Preview(line)
                            ),
                        });
                    }
                    State::Skipping
                }
            }
        };
    }
    if let State::InCue(time) = state {
        format.read_cue(time, &cue_lines, &mut turns);
    }
    scan.turns = turns.turns;
    scan
}

/// The error for a file in which no cue could be read: the first broken
/// timing line if there was one, else the first text outside a cue, else
/// (a header and nothing else) an empty transcript.
pub fn no_cue_error(path: &Path, scan: &Scan, format: &impl CueFormat) -> Error {
    let example = format.timing_example();
    if let Some((line, text)) = &scan.first_broken {
        return Error::Syntax {
            path: path.to_path_buf(),
            line: *line,
            message: format!(
                "cannot read the timing line \"{text}\" (expected `start --> end`, like \
                 `{example}`), and no other cue is readable"
            ),
        };
    }
    match scan.warnings.first() {
        Some(w) => Error::Syntax {
            path: path.to_path_buf(),
            line: w.line,
            message: format!("no cue found: expected a timing line like `{example}`"),
        },
        None => Error::Empty {
            path: path.to_path_buf(),
        },
    }
}

/// Collects pieces of speech into turns, merging consecutive pieces of one
/// speaker (a turn spread over many short cues) into one turn.
#[derive(Debug, Default)]
pub struct TurnBuilder {
    turns: Vec<Turn>,
}

impl TurnBuilder {
    /// Adds what `speaker` said in a cue shown at `time`, starting at `line`.
    /// Empty text adds nothing.
    pub fn push(&mut self, speaker: &str, text: &str, time: CueTime, line: usize) {
        if text.is_empty() {
            return;
        }
        if let Some(last) = self.turns.last_mut() {
            if last.speaker == speaker {
                // One growth for the space and the text, not one each.
                last.text.reserve(1 + text.len());
                last.text.push(' ');
                last.text.push_str(text);
                last.end = Some(time.end);
                return;
            }
        }
        self.turns.push(Turn {
            speaker: speaker.to_string(),
            text: text.to_string(),
            start: Some(time.start),
            end: Some(time.end),
            line,
        });
    }
}

/// The text of one piece of speech as it is built char by char: whitespace
/// runs (line breaks included) become one space, and there is none at
/// either end.
#[derive(Debug, Default)]
pub struct Words {
    text: String,
    gap: bool,
    line: usize,
    first_line_len: Option<usize>,
}

impl Words {
    /// Adds `c`, read on `line`.
    pub fn push(&mut self, c: char, line: usize) {
        if c.is_whitespace() {
            self.gap = !self.text.is_empty();
            return;
        }
        if self.text.is_empty() {
            self.line = line;
        } else if self.gap {
            self.text.push(' ');
        }
        self.gap = false;
        self.text.push(c);
    }

    /// Adds each char of `s`, read on `line`, as [`Words::push`] would.
    pub fn push_str(&mut self, s: &str, line: usize) {
        // Runs that need no collapsing (words with single spaces between
        // them) are copied whole: most lines are one such run.
        let mut rest = s;
        loop {
            let trimmed = rest.trim_start();
            if trimmed.len() < rest.len() {
                self.gap = !self.text.is_empty();
            }
            let run = collapsed_run_len(trimmed);
            if run == 0 {
                return;
            }
            let (head, tail) = trimmed.split_at(run);
            if self.text.is_empty() {
                self.line = line;
            } else if self.gap {
                self.text.push(' ');
            }
            self.gap = false;
            self.text.push_str(head);
            rest = tail;
        }
    }

    /// Marks the end of a source line: the next text is a new word.
    pub fn end_line(&mut self) {
        if !self.text.is_empty() {
            self.gap = true;
            self.first_line_len.get_or_insert(self.text.len());
        }
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text from the first source line that had any.
    pub fn first_line(&self) -> &str {
        let len = self.first_line_len.unwrap_or(self.text.len());
        self.text.get(..len).unwrap_or(&self.text)
    }

    /// The line the text starts on (0 while there is none).
    pub fn line(&self) -> usize {
        self.line
    }

    /// Empties the buffer for the next piece, keeping its memory.
    pub fn clear(&mut self) {
        self.text.clear();
        self.gap = false;
        self.line = 0;
        self.first_line_len = None;
    }
}

/// A speaker prefix at the start of `line`: `Name: `, `[Name]: ` or a
/// bracketed speaker label `[SPEAKER_00] `. Returns the name and the byte
/// offset in `line` where the speech starts.
///
/// Names follow the plain-text rules loosely: a display name may end in a
/// short parenthetical (`Ana Souza (she/her)`) or be an e-mail address, as
/// meeting tools show them. A bracket without a colon is a speaker only when
/// it holds a speaker label, so `[laughter] ha` stays speech.
pub fn speaker_prefix(line: &str) -> Option<(&str, usize)> {
    if line.starts_with('[') {
        return bracketed_speaker(line);
    }
    let bytes = line.as_bytes();
    // Only the separators are looked at: `:` and the lead byte of `：`
    // (0xEF never continues a char, so every hit is a char boundary).
    for at in memchr::memchr2_iter(b':', FULLWIDTH_COLON_LEAD, bytes) {
        // Fewer bytes than the limit are fewer chars; past it, count them.
        if at >= MAX_PREFIX_CHARS && char_count(&bytes[..at]) >= MAX_PREFIX_CHARS {
            return None;
        }
        let after = if bytes[at] == b':' {
            let after = at + 1;
            if !line.get(after..).is_some_and(starts_with_space_or_end) {
                continue;
            }
            after
        } else if line.get(at..).is_some_and(|rest| rest.starts_with('：')) {
            at + '：'.len_utf8()
        } else {
            continue;
        };
        let name = trim_name(line.get(..at)?);
        return is_display_name(name).then_some((name, after));
    }
    None
}

/// The first byte of `：` (U+FF1A) in UTF-8.
const FULLWIDTH_COLON_LEAD: u8 = 0xEF;

/// Chars in valid UTF-8 `bytes`: the bytes that do not continue a char.
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// Whether `c`, an ASCII byte, is whitespace to [`char::is_whitespace`]
/// (which, unlike [`u8::is_ascii_whitespace`], counts the vertical tab).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whether `s` is empty or starts with whitespace.
fn starts_with_space_or_end(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() => is_ascii_space(b),
        Some(_) => s.chars().next().is_some_and(char::is_whitespace),
    }
}

/// Bytes at the start of `s` before its first whitespace.
pub fn word_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if is_ascii_space(b) {
                return at;
            }
            at += 1;
        } else {
            match s.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if !c.is_whitespace() => at += c.len_utf8(),
                _ => return at,
            }
        }
    }
    at
}

/// Bytes at the start of `s` (which starts with non-whitespace) that
/// collapsing whitespace leaves as they are: non-whitespace chars, with
/// single spaces between them.
fn collapsed_run_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut at = plain_ascii_len(bytes);
    // Go on from the space before, if any, so the run never ends on one.
    if at > 0 && bytes.get(at - 1) == Some(&b' ') {
        at -= 1;
    }
    loop {
        at += word_len(s.get(at..).unwrap_or_default());
        // A space is kept when a non-whitespace ASCII byte follows it; other
        // cases (runs, tabs, non-ASCII) are left to the caller's slow path.
        match bytes.get(at..at + 2) {
            Some(&[b' ', next]) if next.is_ascii() && !is_ascii_space(next) => at += 1,
            _ => return at,
        }
    }
}

/// Bytes at the start of `bytes` in whole eight-byte blocks of printable
/// ASCII and spaces, no two spaces in a row: the bulk of most lines, checked
/// a block at a time. What follows is for the byte-wise check.
fn plain_ascii_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = ONES * 0x80;
    const LOWS: u64 = ONES * 0x7F;
    let mut at = 0;
    let mut after_space = false;
    for block in bytes.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(block);
        let x = u64::from_le_bytes(word);
        // Some byte is non-ASCII or below the space (controls, tab, line
        // breaks): the byte-wise check decides.
        if x & HIGHS != 0 || (x.wrapping_sub(ONES * 0x20) & !x & HIGHS) != 0 {
            break;
        }
        // The high bit of every space byte, exactly (no carry between bytes).
        let y = x ^ (ONES * b' ' as u64);
        let spaces = !(((y & LOWS) + LOWS) | y | LOWS);
        if spaces & (spaces >> 8) != 0 || (after_space && spaces & 0x80 != 0) {
            break;
        }
        after_space = block[7] == b' ';
        at += 8;
    }
    at
}

/// `[Name]: ` or `[SPEAKER_00] ` at the start of `line`.
fn bracketed_speaker(line: &str) -> Option<(&str, usize)> {
    let close = line
        .char_indices()
        .take(MAX_PREFIX_CHARS)
        .find(|&(_, c)| c == ']')?
        .0;
    // `[` and `]` are one byte each, so these are char boundaries.
    let name = trim_name(&line[1..close]);
    let after = close + 1;
    let rest = &line[after..];
    if rest.starts_with(':') {
        return is_display_name(name).then_some((name, after + 1));
    }
    let spaced = rest.chars().next().is_none_or(char::is_whitespace);
    (spaced && is_speaker_label(name)).then_some((name, after))
}

/// Whether `name` is written like a speaker label from diarization or
/// captioning: `SPEAKER_00`, `Speaker 1`, `speaker-b`.
pub fn is_speaker_label(name: &str) -> bool {
    let Some(head) = name.get(..7) else {
        return false;
    };
    if !head.eq_ignore_ascii_case("speaker") {
        return false;
    }
    let rest = &name[7..];
    // `Speaker12` needs digits; after a separator a letter will do
    // (`SPEAKER_A`), but `Speakers` is a word.
    let (id, digits_only) = match rest.strip_prefix(['_', ' ', '-']) {
        Some(id) => (id, false),
        None => (rest, true),
    };
    (1..=4).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (!digits_only && b.is_ascii_alphabetic()))
}

/// Whether `name` (trimmed) reads as a meeting tool's display name.
fn is_display_name(name: &str) -> bool {
    if is_name(name) {
        return true;
    }
    if let Some(base) = name.strip_suffix(')') {
        if let Some((base, note)) = base.rsplit_once(" (") {
            return is_name(base.trim_end())
                && note.chars().count() <= MAX_NAME_NOTE_CHARS
                && !note.contains(['(', ')']);
        }
    }
    is_email(name)
}

/// A single token with an `@` between other chars.
fn is_email(name: &str) -> bool {
    name.chars().count() <= MAX_EMAIL_CHARS
        && !name.contains(|c: char| c.is_whitespace() || c == ':')
        && name
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// Trims whitespace and the invisible direction marks (`&lrm;`, `&rlm;`)
/// that captioning tools put around names.
pub fn trim_name(name: &str) -> &str {
    name.trim_matches(is_name_edge)
}

/// Whether `c` is trimmed off the ends of a name: whitespace or a direction
/// mark.
pub fn is_name_edge(c: char) -> bool {
    c.is_whitespace() || c == '\u{200e}' || c == '\u{200f}'
}

/// The name to give a piece of speech: its own, or [`UNKNOWN_SPEAKER`].
pub fn speaker_or_unknown(name: &str) -> &str {
    if name.is_empty() {
        UNKNOWN_SPEAKER
    } else {
        name
    }
}

/// Finds a closing byte (`>` of a tag, `}` of a style block) on one line,
/// remembering what it found so that a line full of openers is still read in
/// linear time: every byte is looked at once.
#[derive(Debug)]
pub struct Closer {
    byte: u8,
    found: Option<usize>,
    exhausted: bool,
}

impl Closer {
    /// A finder for `byte`, which must be ASCII.
    pub fn new(byte: u8) -> Self {
        Closer {
            byte,
            found: None,
            exhausted: false,
        }
    }

    /// The first position at or after `from` in `line` holding the byte.
    pub fn find(&mut self, line: &str, from: usize) -> Option<usize> {
        if let Some(at) = self.found.filter(|&at| at >= from) {
            return Some(at);
        }
        if self.exhausted {
            return None;
        }
        let at = line
            .as_bytes()
            .get(from..)?
            .iter()
            .position(|&b| b == self.byte)
            .map(|p| from + p);
        self.found = at;
        self.exhausted = at.is_none();
        at
    }
}

/// The tag starting at byte `at` of `line` (which holds `<` there), as the
/// text between `<` and `>` and the position after the `>`. A tag starts
/// with a letter, `/`, or (when `digits` is set, for WebVTT timestamps) a
/// digit, and ends on the same line; any other `<` is text (`x < y`).
pub fn tag_at<'a>(
    line: &'a str,
    at: usize,
    digits: bool,
    closer: &mut Closer,
) -> Option<(&'a str, usize)> {
    let first = *line.as_bytes().get(at + 1)?;
    if !(first.is_ascii_alphabetic() || first == b'/' || (digits && first.is_ascii_digit())) {
        return None;
    }
    let close = closer.find(line, at + 1)?;
    // `<` and `>` are ASCII, so both ends are char boundaries.
    Some((line.get(at + 1..close)?, close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_times_padded_and_unpadded() {
        assert_eq!(parse_cue_time("00:00:01.000"), Some(1.0));
        assert_eq!(parse_cue_time("01:02:03.456"), Some(3723.456));
        assert_eq!(parse_cue_time("00:00:01,250"), Some(1.25));
        assert_eq!(parse_cue_time("02:03.500"), Some(123.5)); // 2*60 + 3.5
        assert_eq!(parse_cue_time("0:0:0.0"), Some(0.0));
        assert_eq!(parse_cue_time("0:0:5.320"), Some(5.32));
        assert_eq!(parse_cue_time("0:0:9.15"), Some(9.15));
        assert_eq!(parse_cue_time("0:1:2.5"), Some(62.5));
        assert_eq!(parse_cue_time("123:00:00.000"), Some(442_800.0)); // 123*3600
        assert_eq!(parse_cue_time("75:00.000"), Some(4500.0));
        assert_eq!(parse_cue_time("00:00:07"), Some(7.0));
    }

    #[test]
    fn bad_cue_times() {
        for bad in [
            "",
            "1",
            "1.000",
            ":00.000",
            "00::00.000",
            "00:60.000",
            "00:60:00.000",
            "00:00:00.0000",
            "00:00:00.",
            "00:00:00.x00",
            "00:00:10.x00",
            "1:2:3:4.000",
            " 00:00:01.000",
            "00:00:01.000 ",
            "0a:00:01.000",
            "-1:00.000",
            "1234567890:00.000",
            "００:０１.０００",
            "00:00.5.5",
        ] {
            assert_eq!(parse_cue_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn timing_lines() {
        let t = |start, end| Some(CueTime { start, end });
        assert_eq!(parse_timing("00:00:01.000 --> 00:00:02.500"), t(1.0, 2.5));
        assert_eq!(parse_timing("00:00:01,000-->00:00:02,500"), t(1.0, 2.5));
        assert_eq!(
            parse_timing("00:01.000 --> 00:04.000 align:start line:0 position:10%"),
            t(1.0, 4.0)
        );
        assert_eq!(
            parse_timing("00:00:03,500 --> 00:00:05,000 X1:100 X2:600 Y1:50 Y2:80"),
            t(3.5, 5.0)
        );
        assert_eq!(parse_timing("0:0:0.0 --> 0:0:5.320"), t(0.0, 5.32));
        assert_eq!(parse_timing("00:00:01.000\t-->\t00:00:02.000"), t(1.0, 2.0));
        for bad in [
            "00:00:01.000 -->",
            "--> 00:00:01.000",
            "00:00:01.000 --> soon",
            "00:00:10.x00 --> 00:00:12.000",
            "from 00:00:01.000 --> 00:00:02.000",
            "00:00:01.000 -> 00:00:02.000",
            "00:00:01.000 --> 00:00:02.000x",
        ] {
            assert_eq!(parse_timing(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn speaker_prefixes() {
        let name = |line| speaker_prefix(line).map(|(n, at): (&str, usize)| (n, &line[at..]));
        assert_eq!(name("Ana Souza: hi"), Some(("Ana Souza", " hi")));
        assert_eq!(name("Ana Souza:"), Some(("Ana Souza", "")));
        assert_eq!(
            name("Ana Souza (she/her): hi"),
            Some(("Ana Souza (she/her)", " hi"))
        );
        assert_eq!(
            name("Dev Patel (Guest): hi"),
            Some(("Dev Patel (Guest)", " hi"))
        );
        assert_eq!(
            name("ana.souza@example.com: hi"),
            Some(("ana.souza@example.com", " hi"))
        );
        assert_eq!(name("[SPEAKER_00]: hi"), Some(("SPEAKER_00", " hi")));
        assert_eq!(name("[SPEAKER_01] hi"), Some(("SPEAKER_01", " hi")));
        assert_eq!(name("[Speaker 2] hi"), Some(("Speaker 2", " hi")));
        assert_eq!(name("[Ana Souza]: hi"), Some(("Ana Souza", " hi")));
        assert_eq!(name("王小明：你好"), Some(("王小明", "你好")));
        assert_eq!(name("\u{200e}Ana: hi"), Some(("Ana", " hi")));
        for prose in [
            "[laughter] ha",
            "[Ana Souza] hi",
            "[SPEAKER_00]hi",
            "Note: the build is red",
            "The plan is simple: we ship",
            "at 10:30 we ship",
            "Ana Souza (a very long note that goes on and on): hi",
            "Ana (x (y)): hi",
            "@ana: hi",
            "[unclosed: hi",
            "",
            ":",
        ] {
            assert_eq!(name(prose), None, "{prose:?}");
        }
    }

    #[test]
    fn speaker_labels() {
        for label in [
            "SPEAKER_00",
            "Speaker 1",
            "speaker-b",
            "SPEAKER_A",
            "Speaker12",
        ] {
            assert!(is_speaker_label(label), "{label:?}");
        }
        for other in [
            "Speaker",
            "Speaker_",
            "Speakers",
            "speaker 12345",
            "laughter",
            "Spéaker 1",
        ] {
            assert!(!is_speaker_label(other), "{other:?}");
        }
    }

    #[test]
    fn words_collapse_whitespace() {
        let mut w = Words::default();
        w.push_str("  Hello \t there", 3);
        w.end_line();
        w.end_line();
        w.push_str("\u{a0}friend  ", 5);
        assert_eq!(w.text(), "Hello there friend");
        assert_eq!(w.first_line(), "Hello there");
        assert_eq!(w.line(), 3);
        w.clear();
        w.end_line();
        w.push_str(" x", 9);
        assert_eq!((w.text(), w.line(), w.first_line()), ("x", 9, "x"));
    }

    #[test]
    fn turn_builder_merges_one_speaker() {
        let mut b = TurnBuilder::default();
        let t = |start, end| CueTime { start, end };
        b.push("A", "one", t(0.0, 1.0), 3);
        b.push("A", "two", t(1.0, 2.0), 6);
        b.push("A", "", t(2.0, 3.0), 8);
        b.push("B", "three", t(3.0, 4.0), 9);
        b.push("A", "four", t(4.0, 5.0), 12);
        let got: Vec<_> = b
            .turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.text.as_str(), t.start, t.end, t.line))
            .collect();
        assert_eq!(
            got,
            [
                ("A", "one two", Some(0.0), Some(2.0), 3),
                ("B", "three", Some(3.0), Some(4.0), 9),
                ("A", "four", Some(4.0), Some(5.0), 12),
            ]
        );
    }

    #[test]
    fn tags_need_a_name_and_a_close_on_the_line() {
        fn tag(line: &str, at: usize) -> Option<(&str, usize)> {
            tag_at(line, at, true, &mut Closer::new(b'>'))
        }
        assert_eq!(tag("<i>x", 0), Some(("i", 3)));
        assert_eq!(tag("a </v>", 2), Some(("/v", 6)));
        assert_eq!(tag("<00:00:01.000>x", 0), Some(("00:00:01.000", 14)));
        assert_eq!(tag_at("<0>", 0, false, &mut Closer::new(b'>')), None);
        assert_eq!(tag("x < y > z", 2), None);
        assert_eq!(tag("<i", 0), None);
        assert_eq!(tag("<", 0), None);
        assert_eq!(tag("é<", 2), None);
    }

    #[test]
    fn closer_reuses_what_it_found() {
        let line = "<<<<a>";
        let mut closer = Closer::new(b'>');
        for from in 1..=5 {
            assert_eq!(closer.find(line, from), Some(5));
        }
        assert_eq!(closer.find(line, 6), None);
        assert_eq!(closer.find(line, 60), None);
    }

    /// The fast paths above against the plain definitions they replace.
    mod same_as_plain {
        use super::super::*;
        use proptest::prelude::*;

        fn plain_field(s: &str, max: usize) -> Option<u64> {
            if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some(s.bytes().fold(0, |n, b| n * 10 + u64::from(b - b'0')))
        }

        fn plain_cue_time(s: &str) -> Option<f64> {
            let (clock, fraction) = match s.find(['.', ',']) {
                Some(i) => (&s[..i], Some(&s[i + 1..])),
                None => (s, None),
            };
            let fields: Vec<&str> = clock.split(':').collect();
            if !(2..=3).contains(&fields.len()) {
                return None;
            }
            let mut values = Vec::new();
            for f in &fields {
                values.push(plain_field(f, MAX_FIELD_DIGITS)?);
            }
            let (h, m, sec) = match values[..] {
                [m, s] => (0, m, s),
                [h, m, s] => (h, m, s),
                _ => return None,
            };
            if sec >= 60 || (fields.len() == 3 && m >= 60) {
                return None;
            }
            let millis = match fraction {
                None => 0,
                Some(f) => {
                    plain_field(f, MAX_FRACTION_DIGITS)?
                        * 10u64.pow((MAX_FRACTION_DIGITS - f.len()) as u32)
                }
            };
            Some((((h * 60 + m) * 60 + sec) * 1000 + millis) as f64 / 1000.0)
        }

        fn plain_timing(line: &str) -> Option<CueTime> {
            let (left, right) = line.split_once(ARROW)?;
            let start = plain_cue_time(left.trim())?;
            let end = plain_cue_time(right.split_whitespace().next()?)?;
            Some(CueTime { start, end })
        }

        fn plain_speaker_prefix(line: &str) -> Option<(&str, usize)> {
            if line.starts_with('[') {
                return bracketed_speaker(line);
            }
            for (i, c) in line.char_indices().take(MAX_PREFIX_CHARS) {
                let after = i + c.len_utf8();
                let separates = match c {
                    '：' => true,
                    ':' => line[after..].chars().next().is_none_or(char::is_whitespace),
                    _ => false,
                };
                if separates {
                    let name = trim_name(&line[..i]);
                    return is_display_name(name).then_some((name, after));
                }
            }
            None
        }

        /// Chars that take each branch: ASCII and Unicode whitespace (the
        /// vertical tab and U+0085 included), separators, markup, letters.
        const TEXT: &str = "[ a-cA-C0-9:：.,_@()\\[\\]<>{}&;\\-\t\n\r\x0b\x0c\u{85}\u{a0}\u{3000}\u{200e}éß王]{0,100}";
        const TIMING: &str = "[0-9:.,\\- >\t\u{a0}\u{3000}a]{0,40}";

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            #[test]
            fn cue_times(s in TIMING) {
                prop_assert_eq!(parse_cue_time(&s), plain_cue_time(&s));
            }

            #[test]
            fn timings(s in TIMING) {
                prop_assert_eq!(parse_timing(&s), plain_timing(&s));
                prop_assert_eq!(has_arrow(&s), s.contains(ARROW));
            }

            #[test]
            fn well_formed_timings(
                a in 0u32..100, b in 0u32..70, c in 0u32..70, f in "[.,][0-9]{0,4}",
                gap in "[ \t\u{a0}]{0,2}", rest in "[ a-z:0-9]{0,12}",
            ) {
                let line = format!("{a:02}:{b:02}:{c:02}{f}{gap}-->{gap}00:{b}.{a}{rest}");
                prop_assert_eq!(parse_timing(&line), plain_timing(&line));
                let padded = format!("{a:02}:{b:02}:{c:02}{f} --> {c:02}:{a:02}:{b:02}{f}{gap}{rest}");
                prop_assert_eq!(parse_timing(&padded), plain_timing(&padded));
            }

            #[test]
            fn speaker_prefixes(s in TEXT, name in "[A-Z][a-z]{0,8}( [A-Z][a-z]{0,8}){0,2}") {
                prop_assert_eq!(speaker_prefix(&s), plain_speaker_prefix(&s));
                let line = format!("{name}:{s}");
                prop_assert_eq!(speaker_prefix(&line), plain_speaker_prefix(&line));
                let long = format!("{}{name}: {s}", "é".repeat(70));
                prop_assert_eq!(speaker_prefix(&long), plain_speaker_prefix(&long));
            }

            #[test]
            fn words(pieces in proptest::collection::vec(TEXT, 0..4)) {
                let (mut fast, mut plain) = (Words::default(), Words::default());
                for (line, piece) in pieces.iter().enumerate() {
                    fast.push_str(piece, line + 1);
                    for c in piece.chars() {
                        plain.push(c, line + 1);
                    }
                    fast.end_line();
                    plain.end_line();
                }
                prop_assert_eq!(fast.text(), plain.text());
                prop_assert_eq!(fast.first_line(), plain.first_line());
                prop_assert_eq!(fast.line(), plain.line());
            }

            #[test]
            fn mostly_plain_runs(s in "[a-c  .,]{0,40}[ \\t\u{a0}é]?[a-c  ]{0,30}") {
                let (mut fast, mut plain) = (Words::default(), Words::default());
                let s = format!("x{s}");
                fast.push_str(&s, 1);
                for c in s.chars() {
                    plain.push(c, 1);
                }
                prop_assert_eq!(fast.text(), plain.text());
            }

            #[test]
            fn word_lengths(s in TEXT) {
                prop_assert_eq!(word_len(&s), s.find(char::is_whitespace).unwrap_or(s.len()));
            }
        }

        #[test]
        fn ascii_space_is_char_whitespace() {
            for b in 0..=127u8 {
                assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b}");
            }
        }
    }
}
