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
        f(text[from..to].trim(), s, e);
    });
}

/// Calls `f` with the byte range of each utterance in `text`, trimmed and
/// with lead-ins merged.
fn each_span(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut pending: Option<(usize, usize)> = None; // a lead-in waiting for its sentence
    each_sentence(text, |offset, sentence| {
        let trimmed = sentence.trim();
        if trimmed.is_empty() {
            return;
        }
        let begin = offset + (sentence.len() - sentence.trim_start().len());
        let from = pending.take().map_or(begin, |(from, _)| from);
        let to = begin + trimmed.len();
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
