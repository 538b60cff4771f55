//! Counting words as `unicode-segmentation`'s `unicode_words` gives them
//! (UAX #29 word boundaries, keeping the segments with a letter or digit),
//! with a direct scan for ASCII text.
//!
//! Word counts feed talk shares and the rules' short-reply tests on every
//! utterance; over ASCII the word-boundary classes that matter are few and
//! fixed (letters, digits, `_`, and the `:` `.` `'` `,` `;` that join them),
//! so a scan gives the same count several times faster. Text with any
//! non-ASCII byte goes to `unicode-segmentation`. The property test below
//! checks that both agree on random ASCII text.

use unicode_segmentation::UnicodeSegmentation;

/// How many words `text` has, counting up to `limit` (callers that only
/// ask "at most n?" stop early).
pub fn count(text: &str, limit: usize) -> usize {
    if !text.is_ascii() {
        return text.unicode_words().take(limit).count();
    }
    let b = text.as_bytes();
    let class = |i: usize| b.get(i).map_or(0, |&c| CLASS[usize::from(c)]);
    let mut words = 0;
    let mut i = 0;
    while i < b.len() && words < limit {
        if class(i) & WORD == 0 {
            i += 1;
            continue;
        }
        // One segment: runs of letters, digits and `_`, joined across one
        // mid character between two letters or two digits.
        let mut alphanumeric = false;
        loop {
            while class(i) & WORD != 0 {
                alphanumeric |= class(i) & ALPHANUMERIC != 0;
                i += 1;
            }
            let (before, mid, after) = (class(i.wrapping_sub(1)), class(i), class(i + 1));
            let both = before & after;
            if (both & LETTER != 0 && mid & MID_LETTER != 0)
                || (both & DIGIT != 0 && mid & MID_NUM != 0)
            {
                i += 1;
            } else {
                break;
            }
        }
        words += usize::from(alphanumeric);
    }
    words
}

/// Letters, digits and `_` (ExtendNumLet): adjacent ones never break.
const WORD: u8 = 1;
/// Letters and digits: a segment with one is a word.
const ALPHANUMERIC: u8 = 2;
const LETTER: u8 = 4;
const DIGIT: u8 = 8;
/// Joins two letters: MidLetter or MidNumLetQ (`:` `.` `'`, rules WB6/7).
const MID_LETTER: u8 = 16;
/// Joins two digits: MidNum or MidNumLetQ (`,` `;` `.` `'`, rules WB11/12).
const MID_NUM: u8 = 32;

/// The classes above of every ASCII byte (0 for the rest).
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        table[c] = if b.is_ascii_alphabetic() {
            WORD | ALPHANUMERIC | LETTER
        } else if b.is_ascii_digit() {
            WORD | ALPHANUMERIC | DIGIT
        } else {
            match b {
                b'_' => WORD,
                b':' => MID_LETTER,
                b'.' | b'\'' => MID_LETTER | MID_NUM,
                b',' | b';' => MID_NUM,
                _ => 0,
            }
        };
        c += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn reference(text: &str) -> usize {
        text.unicode_words().count()
    }

    #[test]
    fn known_cases() {
        for (text, words) in [
            ("we can't go", 3),
            ("e.g. 3.5 or 1,000; a:b", 5),
            ("snake_case __ _x x_ 3_a", 4),
            ("a..b a''b 1,,2 a.1 1.a", 10),
            ("-- ... ?!", 0),
            ("", 0),
            ("don't-stop 'quoted' end.", 4),
        ] {
            assert_eq!(count(text, usize::MAX), words, "{text:?}");
            assert_eq!(reference(text), words, "{text:?}");
        }
        assert_eq!(count("one two three four five six", 4), 4);
        assert_eq!(count("naïve café, two", usize::MAX), 3);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_unicode_segmentation(text in "[aZx09_.'\":;,!? \t\n\r#@-]{0,24}") {
            prop_assert_eq!(count(&text, usize::MAX), reference(&text));
        }

        #[test]
        fn any_ascii_agrees(text in "[\\x00-\\x7f]{0,40}", limit in 0usize..8) {
            prop_assert_eq!(count(&text, usize::MAX), reference(&text));
            prop_assert_eq!(count(&text, limit), reference(&text).min(limit));
        }
    }
}
