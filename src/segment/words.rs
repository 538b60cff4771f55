//! Counting words as `unicode-segmentation`'s `unicode_words` gives them
//! (UAX #29 word boundaries, keeping the segments with a letter or digit),
//! with a direct scan for ASCII text.
//!
//! Word counts feed talk shares and the rules' short-reply tests on every
//! utterance; over ASCII the word-boundary classes that matter are few and
//! fixed (letters, digits, `_`, and the `:` `.` `'` `,` `;` that join them),
//! so a scan gives the same count several times faster: one table step a
//! byte through a small state machine (a mark that may join two letters or
//! two digits is held for one byte). Text with any
//! non-ASCII byte goes to `unicode-segmentation`. The property test below
//! checks that both agree on random ASCII text.

use unicode_segmentation::UnicodeSegmentation;

/// How many words `text` has, counting up to `limit` (callers that only
/// ask "at most n?" stop early).
pub fn count(text: &str, limit: usize) -> usize {
    if !text.is_ascii() {
        return text.unicode_words().take(limit).count();
    }
    if limit == 0 {
        return 0;
    }
    // One table step a byte: the state says where in a segment the scan
    // is, and the step says whether a word just ended.
    let mut state = OUTSIDE;
    let mut words = 0;
    for &b in text.as_bytes() {
        let step = STEP[usize::from(state & 7)][usize::from(b)];
        state = step & !ENDS;
        if step & ENDS != 0 {
            words += 1;
            if words == limit {
                return words;
            }
        }
    }
    words
        + usize::from(matches!(
            state,
            LETTER | DIGIT | UNDERSCORE_AFTER | AFTER_MID_LETTER | AFTER_MID_NUM
        ))
}

// Byte kinds, as the word-boundary rules see ASCII.
const OTHER: u8 = 0;
/// ALetter.
const K_LETTER: u8 = 1;
/// Numeric.
const K_DIGIT: u8 = 2;
/// `_` (ExtendNumLet): joins anything word-like on either side.
const K_UNDERSCORE: u8 = 3;
/// `:` (MidLetter): joins two letters (rules WB6/7).
const K_MID_LETTER: u8 = 4;
/// `.` `'` (MidNumLetQ): joins two letters or two digits.
const K_MID_BOTH: u8 = 5;
/// `,` `;` (MidNum): joins two digits (rules WB11/12).
const K_MID_NUM: u8 = 6;

// Scan states. A segment is a word once it has a letter or digit.
/// Between segments.
const OUTSIDE: u8 = 0;
/// In a segment of `_` only, so far.
const UNDERSCORES: u8 = 1;
/// In a word, after a letter.
const LETTER: u8 = 2;
/// In a word, after a digit.
const DIGIT: u8 = 3;
/// In a word, after a `_`.
const UNDERSCORE_AFTER: u8 = 4;
/// After a letter and a mark that joins it to a letter that follows.
const AFTER_MID_LETTER: u8 = 5;
/// After a digit and a mark that joins it to a digit that follows.
const AFTER_MID_NUM: u8 = 6;
/// Flag on a step: the word before this byte ended.
const ENDS: u8 = 8;

/// The byte kinds above of every byte (`OTHER` for non-ASCII, which
/// [`count`] never scans).
const KIND: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        table[c] = if b.is_ascii_alphabetic() {
            K_LETTER
        } else if b.is_ascii_digit() {
            K_DIGIT
        } else {
            match b {
                b'_' => K_UNDERSCORE,
                b':' => K_MID_LETTER,
                b'.' | b'\'' => K_MID_BOTH,
                b',' | b';' => K_MID_NUM,
                _ => OTHER,
            }
        };
        c += 1;
    }
    table
};

/// `NEXT[state][kind]`: the state after a byte of that kind, with
/// [`ENDS`] when a word ended before it. A mark after a letter or digit
/// is held until the next byte shows whether it joins; if not, the word
/// ended at the mark and the byte starts afresh as from `OUTSIDE`.
const NEXT: [[u8; 8]; 8] = {
    const O: u8 = OUTSIDE;
    const U: u8 = UNDERSCORES;
    const L: u8 = LETTER;
    const D: u8 = DIGIT;
    const X: u8 = UNDERSCORE_AFTER;
    const ML: u8 = AFTER_MID_LETTER;
    const MN: u8 = AFTER_MID_NUM;
    const E: u8 = ENDS;
    let mut t = [[OUTSIDE; 8]; 8];
    //        other   letter  digit   _       :       . '     , ;
    t[O as usize] = [O, L, D, U, O, O, O, O];
    t[U as usize] = [O, L, D, U, O, O, O, O];
    t[L as usize] = [O | E, L, D, X, ML, ML, O | E, O];
    t[D as usize] = [O | E, L, D, X, O | E, MN, MN, O];
    t[X as usize] = [O | E, L, D, X, O | E, O | E, O | E, O];
    t[ML as usize] = [O | E, L, D | E, U | E, O | E, O | E, O | E, O];
    t[MN as usize] = [O | E, L | E, D, U | E, O | E, O | E, O | E, O];
    t
};

/// [`NEXT`] indexed by the byte itself: one look-up a byte, not two.
const STEP: [[u8; 256]; 8] = {
    let mut t = [[OUTSIDE; 256]; 8];
    let mut state = 0;
    while state < 8 {
        let mut b = 0;
        while b < 256 {
            t[state][b] = NEXT[state][KIND[b] as usize];
            b += 1;
        }
        state += 1;
    }
    t
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
