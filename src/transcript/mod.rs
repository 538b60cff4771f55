//! The transcript model and the parsers that build it.
//!
//! A parser reads one file format into [`Turn`]s (a speaker's stretch of text as
//! the file gives it); [`Transcript::from_turns`] segments them into
//! [`Utterance`]s. Everything after this module sees only [`Transcript`], never
//! the file format.

mod csv_table;
mod cue;
pub mod formats;
mod input;
pub mod json;
pub mod lines;
mod meet;
mod otter;
mod plain;
mod srt;
mod teams_text;
#[cfg(test)]
mod test_support;
mod text_export;
mod time;
mod webvtt;

pub use csv_table::CsvTable;
pub use input::{decode, decode_owned, read_source, Decoded, Source};
pub use meet::GoogleMeet;
pub use otter::Otter;
pub use plain::PlainText;
pub use srt::Srt;
pub use teams_text::TeamsText;
pub use time::parse_timestamp;
pub use webvtt::WebVtt;

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::segment::for_each_piece;

/// Index of a speaker in [`Transcript::speakers`].
pub type SpeakerId = usize;

/// One speaker's stretch of text as a file gives it, before segmentation.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// Speaker name as written in the file (trimmed).
    pub speaker: String,
    /// The words spoken; continuation lines are joined with a space.
    pub text: String,
    /// Start time in seconds, when the file gives one.
    pub start: Option<f64>,
    /// End time in seconds, when the file gives one.
    pub end: Option<f64>,
    /// 1-based line of the file where the turn starts.
    pub line: usize,
}

/// A sentence-sized unit of speech: what gets classified.
#[derive(Debug, Clone, PartialEq)]
pub struct Utterance {
    /// Who said it.
    pub speaker: SpeakerId,
    /// The words.
    pub text: String,
    /// Start time in seconds, when known.
    pub start: Option<f64>,
    /// End time in seconds, when known.
    pub end: Option<f64>,
    /// 1-based source line it came from.
    pub line: usize,
    /// Conversational turn: increases each time the speaker changes.
    pub turn: usize,
}

/// A meeting as a list of utterances, the model every stage after parsing uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transcript {
    /// Where it came from (a path, or `-` for stdin).
    pub source: String,
    /// Name of the format it was read from.
    pub format: String,
    /// Speaker names, indexed by [`SpeakerId`], in order of first appearance.
    pub speakers: Vec<String>,
    /// Utterances in speaking order.
    pub utterances: Vec<Utterance>,
    /// Problems the parser worked around (nothing is dropped silently).
    pub warnings: Vec<Warning>,
}

/// Something in the input the parser had to skip or guess about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the source.
    pub line: usize,
    /// What happened, in words.
    pub message: String,
}

/// What a parser returns: the turns and any warnings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// Turns in file order.
    pub turns: Vec<Turn>,
    /// Problems worked around.
    pub warnings: Vec<Warning>,
}

impl Transcript {
    /// An empty transcript for `source` read as `format`.
    pub fn new(source: impl Into<String>, format: impl Into<String>) -> Self {
        Transcript {
            source: source.into(),
            format: format.into(),
            ..Transcript::default()
        }
    }

    /// Segments parsed turns into utterances. Speakers are numbered in order
    /// of first appearance; the turn index advances on each change of speaker,
    /// so consecutive blocks of one speaker form one conversational turn.
    pub fn from_turns(
        source: impl Into<String>,
        format: impl Into<String>,
        turns: &[Turn],
    ) -> Self {
        let mut transcript = Transcript::new(source, format);
        let mut builder = UtteranceBuilder::default();
        for turn in turns {
            if let Some(whole) = transcript.add_turn(&mut builder, turn) {
                whole.text = turn.text.clone();
            }
        }
        transcript
    }

    /// As [`Transcript::from_turns`], taking the turns: a turn that is one
    /// utterance whole (most are) gives it its text without a copy.
    pub fn from_owned_turns(
        source: impl Into<String>,
        format: impl Into<String>,
        turns: Vec<Turn>,
    ) -> Self {
        let mut transcript = Transcript::new(source, format);
        let mut builder = UtteranceBuilder::default();
        for turn in turns {
            if let Some(whole) = transcript.add_turn(&mut builder, &turn) {
                whole.text = turn.text;
            }
        }
        transcript
    }

    /// Appends `turn`'s utterances. When one utterance is the whole text it
    /// is left without text and returned, for the caller to move the text in
    /// or copy it.
    fn add_turn(&mut self, builder: &mut UtteranceBuilder, turn: &Turn) -> Option<&mut Utterance> {
        let speaker = builder.speaker_id(&mut self.speakers, &turn.speaker);
        let turn_index = builder.turn_index(speaker);
        let mut whole = None;
        for_each_piece(&turn.text, turn.start, turn.end, |text, start, end| {
            // A piece as long as the text is all of it (pieces are slices).
            let text = if text.len() == turn.text.len() {
                whole = Some(self.utterances.len());
                String::new()
            } else {
                text.to_string()
            };
            self.utterances.push(Utterance {
                speaker,
                text,
                start,
                end,
                line: turn.line,
                turn: turn_index,
            });
        });
        whole.and_then(|i| self.utterances.get_mut(i))
    }

    /// Name of a speaker; `?` for an id outside the table.
    pub fn speaker_name(&self, id: SpeakerId) -> &str {
        self.speakers.get(id).map_or("?", String::as_str)
    }

    /// Whether any utterance carries times.
    pub fn has_times(&self) -> bool {
        self.utterances.iter().any(|u| u.start.is_some())
    }
}

/// Interns speaker names and counts conversational turns while utterances are
/// appended in order. Shared by the transcript builder and labeled-data readers.
#[derive(Debug, Default)]
pub struct UtteranceBuilder {
    ids: HashMap<String, SpeakerId>,
    last: Option<(SpeakerId, usize)>,
}

impl UtteranceBuilder {
    /// The id of `name`, adding it to `speakers` on first sight.
    pub fn speaker_id(&mut self, speakers: &mut Vec<String>, name: &str) -> SpeakerId {
        // A meeting has a handful of speakers: comparing names is cheaper than
        // hashing one. `speakers` holds the map's names in id order.
        if speakers.len() <= FEW_SPEAKERS {
            if let Some(id) = speakers.iter().position(|s| s == name) {
                return id;
            }
        } else if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = speakers.len();
        speakers.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    /// The turn index for the next utterance of `speaker`.
    pub fn turn_index(&mut self, speaker: SpeakerId) -> usize {
        let turn = match self.last {
            Some((last, turn)) if last == speaker => turn,
            Some((_, turn)) => turn + 1,
            None => 0,
        };
        self.last = Some((speaker, turn));
        turn
    }
}

/// Up to this many speakers, [`UtteranceBuilder::speaker_id`] looks a name
/// up by comparing it with each.
const FEW_SPEAKERS: usize = 8;

/// Name given to speech a format does not attribute to anyone (a Zoom cue
/// without a name, a whisper transcript). Explicit, never a guess.
pub const UNKNOWN_SPEAKER: &str = "Unknown speaker";

/// A file format reader: text in, turns out.
///
/// Implementations never panic on any input; malformed input is an
/// [`Error`](crate::Error) naming the source and line, or, where the rest of
/// the file is still good, a [`Warning`] for each part skipped.
pub trait Parser: Sync {
    /// Short stable name, as shown in reports and taken by `--input-format`
    /// (`plain`, `webvtt`, ...).
    fn name(&self) -> &'static str;
    /// One line for `colead formats`.
    fn description(&self) -> &'static str;
    /// How sure the parser is that `head` (the first part of a file) is its
    /// format: 0 not at all; 1–49 it could be; 50–89 its structure is there;
    /// 90–100 its unmistakable signature is there (`WEBVTT`, format-specific
    /// JSON keys). The highest score wins detection.
    fn detect(&self, head: &str) -> u8;
    /// The most [`detect`](Parser::detect) can give for `head`, found
    /// cheaply: detection skips a parser whose ceiling cannot beat the best
    /// score so far, so a JSON file is not surveyed for subtitle cues.
    /// Never below what `detect` gives; 100 (the default) is always safe.
    fn detect_ceiling(&self, _head: &str) -> u8 {
        100
    }
    /// Reads `text` (already decoded, BOM removed) from `path` into turns.
    fn parse(&self, text: &str, path: &Path) -> Result<Parsed>;
}

/// Reads and parses `source` with the format found in it and segments the
/// result into a [`Transcript`].
pub fn load(source: &Source) -> Result<Transcript> {
    load_with(source, &LoadOptions::default())
}

/// How to read a transcript.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Read as this format instead of detecting it.
    pub format: Option<&'static dyn Parser>,
    /// Make the first warning an error.
    pub strict: bool,
}

impl std::fmt::Debug for dyn Parser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// As [`load`], with options.
pub fn load_with(source: &Source, options: &LoadOptions) -> Result<Transcript> {
    load_decoded(read_source(source)?, source.path(), options)
}

/// As [`load_with`], for text already read and decoded (by [`decode_owned`],
/// say, from bytes the caller also hashes); `path` names it in messages.
pub fn load_decoded(decoded: Decoded, path: &Path, options: &LoadOptions) -> Result<Transcript> {
    let parser = match options.format {
        Some(p) => p,
        None => formats::detect(&decoded.text, path)?,
    };
    let mut transcript = parse_as(parser, &decoded.text, path)?;
    // Decoding happened first, so its warnings come first.
    transcript.warnings.splice(0..0, decoded.warnings);
    if options.strict {
        if let Some(w) = transcript.warnings.first() {
            return Err(Error::Syntax {
                path: path.to_path_buf(),
                line: w.line,
                message: format!("{} (--strict makes warnings errors)", w.message),
            });
        }
    }
    Ok(transcript)
}

/// Parses already-read text; the format is detected from the content.
pub fn parse_text(text: &str, path: &Path) -> Result<Transcript> {
    parse_as(formats::detect(text, path)?, text, path)
}

/// Parses already-read text as `parser`'s format and segments it.
pub fn parse_as(parser: &dyn Parser, text: &str, path: &Path) -> Result<Transcript> {
    let Parsed { turns, warnings } = parser.parse(text, path)?;
    let mut transcript =
        Transcript::from_owned_turns(path.display().to_string(), parser.name(), turns);
    transcript.warnings = warnings;
    if transcript.utterances.is_empty() {
        return Err(Error::NoSpeech {
            path: path.to_path_buf(),
        });
    }
    Ok(transcript)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(speaker: &str, text: &str) -> Turn {
        Turn {
            speaker: speaker.into(),
            text: text.into(),
            start: Some(1.0),
            end: Some(3.0),
            line: 7,
        }
    }

    #[test]
    fn speakers_are_numbered_by_first_appearance_however_many() {
        let mut builder = UtteranceBuilder::default();
        let mut speakers = Vec::new();
        let names: Vec<String> = (0..20).map(|i| format!("S{i}")).collect();
        for round in 0..3 {
            for (i, name) in names.iter().enumerate().rev() {
                let first = names.len() - 1 - i;
                let id = builder.speaker_id(&mut speakers, name);
                assert_eq!(id, first, "{name} in round {round}");
            }
        }
        assert_eq!(speakers.len(), names.len());
    }

    #[test]
    fn owned_and_borrowed_turns_give_the_same_transcript() {
        let turns = vec![
            turn("A", "One whole sentence."),
            turn("B", "Two. Sentences here, split in two."),
            turn("A", "Yes. Okay."),
        ];
        let borrowed = Transcript::from_turns("x", "plain", &turns);
        let owned = Transcript::from_owned_turns("x", "plain", turns);
        assert_eq!(owned, borrowed);
        assert_eq!(owned.utterances[0].text, "One whole sentence.");
    }
}
