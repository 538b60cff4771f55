//! Segmentation: a turn's text into sentence-sized utterances.
//!
//! Sentence boundaries come from Unicode's rules (UAX #29, via
//! `unicode-segmentation`), so any script works. A short lead-in ("Yes.",
//! "Well.", "Okay, so.") is not a thought of its own: it stays with the
//! sentence after it, because its meaning (agreeing, objecting, taking the
//! floor) is only readable together with what follows.

mod ascii;
pub mod words;

use unicode_segmentation::UnicodeSegmentation;

/// Sentences of at most this many words are lead-ins and join the next one.
pub const LEAD_IN_MAX_WORDS: usize = 2;

/// One utterance cut from a turn, with its share of the turn's time.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Trimmed text of the utterance.
    pub text: String,
    /// Start in seconds, when known.
    pub start: Option<f64>,
    /// End in seconds, when known.
    pub end: Option<f64>,
}

/// Splits a turn into utterances. Times are shared out in proportion to
/// length when the turn has both start and end; with a start only, the first
/// utterance keeps it and the rest get none (no time is invented).
pub fn segment_turn(text: &str, start: Option<f64>, end: Option<f64>) -> Vec<Piece> {
    let mut out = Vec::new();
    for_each_piece(text, start, end, |text, start, end| {
        out.push(Piece {
            text: text.to_string(),
            start,
            end,
        });
    });
    out
}

/// As [`segment_turn`], handing each utterance's trimmed text (a slice of
/// `text`) and times to `f` instead of collecting them: the transcript
/// builder copies each text once, into its utterance.
pub fn for_each_piece(
    text: &str,
    start: Option<f64>,
    end: Option<f64>,
    mut f: impl FnMut(&str, Option<f64>, Option<f64>),
) {
    let total = text.len().max(1) as f64;
    let mut i = 0;
    each_span(text, |from, to| {
        let (s, e) = match (start, end) {
            (Some(s), Some(e)) if e >= s => (
                Some(s + (e - s) * from as f64 / total),
                Some(s + (e - s) * to as f64 / total),
            ),
            (Some(s), _) if i == 0 => (Some(s), end),
            _ => (None, None),
        };
        i += 1;
        // The span is trimmed already (see `each_span`).
        f(&text[from..to], s, e);
    });
}

/// Calls `f` with the byte range of each utterance in `text`, trimmed and
/// with lead-ins merged.
fn each_span(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut pending: Option<(usize, usize)> = None; // a lead-in waiting for its sentence
    each_sentence(text, |offset, sentence| {
        let (lead, trail) = trimmed(sentence);
        if lead == trail {
            return;
        }
        let trimmed = &sentence[lead..trail];
        let begin = offset + lead;
        let from = pending.take().map_or(begin, |(from, _)| from);
        let to = offset + trail;
        if is_lead_in(trimmed) {
            pending = Some((from, to));
        } else {
            f(from, to);
        }
    });
    // A lead-in that ends the turn is an utterance of its own.
    if let Some((from, to)) = pending {
        f(from, to);
    }
}

/// Calls `f` with each sentence and its byte offset (UAX #29), by the fast
/// scan where it applies.
fn each_sentence(text: &str, mut f: impl FnMut(usize, &str)) {
    let mut from = 0;
    let scanned = ascii::each_boundary(text, |to| {
        // Boundaries fall at character starts.
        f(from, &text[from..to]);
        from = to;
    });
    if scanned {
        f(from, &text[from..]);
        return;
    }
    for (offset, sentence) in text.split_sentence_bound_indices() {
        f(offset, sentence);
    }
}

/// `s.trim()`, faster where `s` begins and ends in ASCII (the ASCII
/// characters `char::is_whitespace` takes are tab, LF, VT, FF, CR and space).
pub fn trim(s: &str) -> &str {
    let (lead, trail) = trimmed(s);
    &s[lead..trail]
}

/// Where `s.trim()` starts and ends in `s`. Only a non-ASCII character at
/// either end needs the Unicode whitespace table: then `str::trim` decides.
fn trimmed(s: &str) -> (usize, usize) {
    let bytes = s.as_bytes();
    let space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
    let lead = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
    let trail = bytes
        .iter()
        .rposition(|b| !space(b))
        .map_or(lead, |i| i + 1);
    let ascii_ends = bytes.get(lead).is_none_or(u8::is_ascii)
        && trail
            .checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_none_or(u8::is_ascii);
    if ascii_ends {
        return (lead, trail);
    }
    let start = s.trim_start();
    let lead = s.len() - start.len();
    (lead, lead + start.trim_end().len())
}

fn is_lead_in(sentence: &str) -> bool {
    !sentence.ends_with('?') && words::count(sentence, LEAD_IN_MAX_WORDS + 1) <= LEAD_IN_MAX_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        segment_turn(text, None, None)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn splits_at_sentence_boundaries() {
        assert_eq!(
            texts("We should ship Friday. The tests pass. Any objections?"),
            [
                "We should ship Friday.",
                "The tests pass.",
                "Any objections?"
            ]
        );
    }

    #[test]
    fn comma_lead_in_is_one_sentence() {
        assert_eq!(
            texts("Yes, but that breaks the build."),
            ["Yes, but that breaks the build."]
        );
    }

    #[test]
    fn short_lead_in_joins_the_next_sentence() {
        assert_eq!(
            texts("Yes. But that breaks the build. Okay. Okay. Let's go."),
            ["Yes. But that breaks the build.", "Okay. Okay. Let's go."]
        );
    }

    #[test]
    fn a_lone_short_sentence_is_kept() {
        assert_eq!(texts("Mm-hmm."), ["Mm-hmm."]);
        assert_eq!(texts("I see it. Right."), ["I see it.", "Right."]);
    }

    #[test]
    fn short_question_is_not_a_lead_in() {
        assert_eq!(texts("Really? I thought so."), ["Really?", "I thought so."]);
    }

    #[test]
    fn other_scripts_split_too() {
        assert_eq!(
            texts("我们明天发布。你同意吗？"),
            ["我们明天发布。", "你同意吗？"]
        );
    }

    #[test]
    fn trim_is_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a b ",
            "\t\u{b}x\u{c}\r\n",
            "\u{a0}x\u{a0}",
            " \u{85}",
            "é ",
            " é",
            "\u{2003}\u{2003}",
            " \u{3000}a\u{3000} ",
            "a\u{a0} ",
            "\u{1c}x\u{1f}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn whitespace_only_gives_nothing() {
        assert!(texts("   ").is_empty());
    }

    #[test]
    fn times_are_shared_by_length() {
        // 10 bytes + space + 9 bytes = 20 bytes over 20 seconds.
        let pieces = segment_turn("Ship it now. Test it.", Some(100.0), Some(121.0));
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].start, Some(100.0));
        assert_eq!(pieces[0].end, Some(112.0)); // "Ship it now." ends at byte 12 of 21
        assert_eq!(pieces[1].start, Some(113.0)); // starts at byte 13
        assert_eq!(pieces[1].end, Some(121.0));
    }

    #[test]
    fn start_only_goes_to_the_first_utterance() {
        let pieces = segment_turn("Ship it now. Test it later.", Some(5.0), None);
        assert_eq!(pieces[0].start, Some(5.0));
        assert_eq!(pieces[1].start, None);
    }
}
