//! Counting words as `unicode-segmentation`'s `unicode_words` gives them
//! (UAX #29 word boundaries, keeping the segments with a letter or digit),
//! with a direct scan for ASCII text.
//!
//! Word counts feed talk shares and the rules' short-reply tests on every
//! utterance; over ASCII the word-boundary classes that matter are few and
//! fixed (letters, digits, `_`, and the `:` `.` `'` `,` `;` that join them),
//! so a scan gives the same count several times faster. The property tests
//! below check that the scans and `unicode-segmentation` agree on random
//! text.
//!
//! Two scans:
//! - [`count_by_words`], the common case, reads eight bytes at a time: a
//!   word starts at a letter or digit unless the byte before joins it to
//!   what came earlier (a letter or digit, or a mark between two letters or
//!   two digits), and each of those tests is a bit per byte of a `u64`.
//!   Nothing waits on the byte before, so the bytes go through several at
//!   a clock. It covers ASCII text without `_`.
//! - [`count_by_chars`] steps a small state machine a character at a time
//!   (a mark that may join two letters or two digits is held for one
//!   character). A run of `_` joins everything around it, which the
//!   eight-byte scan cannot see from one byte back, so text with `_` goes
//!   here, and so does text with the few non-ASCII characters transcripts
//!   commonly hold (accented letters, curly quotes, dashes). Text with any
//!   other character goes to `unicode-segmentation`, which costs some
//!   thirty times as much.

use unicode_segmentation::UnicodeSegmentation;

/// How many words `text` has, counting up to `limit` (callers that only
/// ask "at most n?" stop early).
pub fn count(text: &str, limit: usize) -> usize {
    count_by_words(text.as_bytes(), limit)
        .or_else(|| count_by_chars(text, limit))
        .unwrap_or_else(|| text.unicode_words().take(limit).count())
}

/// Calls `f` with every eight bytes of `bytes` as a little-endian `u64`,
/// the last ones padded with `pad`, until `f` says stop (returns false).
#[inline]
fn each_eight(bytes: &[u8], pad: u8, mut f: impl FnMut(u64) -> bool) {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in chunks.by_ref() {
        let mut eight = [pad; 8];
        eight.copy_from_slice(chunk);
        if !f(u64::from_le_bytes(eight)) {
            return;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut eight = [pad; 8];
        if let Some(t) = eight.get_mut(..rest.len()) {
            t.copy_from_slice(rest);
        }
        f(u64::from_le_bytes(eight));
    }
}

/// How many of the bytes of a mask (high bits only) are set: the bits
/// moved to the bottom of each byte are summed into the top byte by one
/// multiplication (at most 8, so no byte overflows). Cheaper than
/// `count_ones` where the target has no population count instruction.
#[inline]
fn bytes_set(mask: u64) -> usize {
    (((mask >> 7).wrapping_mul(ONES)) >> 56) as usize
}

/// How many runs of non-whitespace `text` has, as
/// `text.split_whitespace().count()` gives it; ASCII text is read eight
/// bytes at a time like [`count_by_words`], the rest goes to
/// `split_whitespace`.
pub fn whitespace_separated(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // The tail is padded with spaces, and the text starts after one.
    let mut spaces_before = HIGH;
    let mut runs = 0;
    each_eight(text.as_bytes(), b' ', |word| {
        // `char::is_whitespace` over ASCII: tab, line feed, vertical tab,
        // form feed, carriage return and space (`u8::is_ascii_whitespace`
        // leaves out the vertical tab).
        let spaces = within(word, b'\t', b'\r') | equal(word, b' ');
        let after_space = (spaces << 8) | (spaces_before >> 56);
        runs += bytes_set(!spaces & after_space & HIGH);
        spaces_before = spaces;
        true
    });
    runs
}

/// Each byte's high bit set, as the masks below hold their answers.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Each byte 1.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The bytes of `word` (each below 0x80) equal to `b`, as high bits.
#[inline]
fn equal(word: u64, b: u8) -> u64 {
    let x = word ^ (ONES * u64::from(b));
    // A 7-bit byte plus 0x7f reaches the high bit exactly when it is not 0,
    // and no sum carries into the next byte.
    !(x + ONES * 0x7f) & HIGH
}

/// The bytes of `word` (each below 0x80) in `lo..=hi`, as high bits.
#[inline]
fn within(word: u64, lo: u8, hi: u8) -> u64 {
    // As in `equal`: `b + (0x80 - lo)` has its high bit when `b >= lo`,
    // `b + (0x7f - hi)` when `b > hi`.
    let at_least = word + ONES * u64::from(0x80 - lo);
    let above = word + ONES * u64::from(0x7f - hi);
    at_least & !above & HIGH
}

/// The eight-byte scan; `None` when the text has a `_` or a non-ASCII
/// byte (see the module notes).
fn count_by_words(bytes: &[u8], limit: usize) -> Option<usize> {
    let mut words = 0;
    let mut other = false;
    // The masks of the word before, for the bytes just before this one.
    let (mut letters_before, mut digits_before, mut marks_before) = (0u64, 0u64, [0u64; 2]);
    // The zero bytes padding the tail are no letter, digit or mark.
    each_eight(bytes, 0, |word| {
        if word & HIGH != 0 || equal(word, b'_') != 0 {
            other = true;
            return false;
        }
        let letters = within(word | (ONES * 0x20), b'a', b'z');
        let digits = within(word, b'0', b'9');
        // Marks that join two letters (`:` `.` `'`) and two digits
        // (`.` `'` `,` `;`).
        let both = equal(word, b'.') | equal(word, b'\'');
        let join_letters = equal(word, b':') | both;
        let join_digits = equal(word, b',') | equal(word, b';') | both;
        // Byte k's bits moved to byte k + 1 (k + 2), the word before's last
        // bytes coming in at the bottom (little-endian: byte 0 is lowest).
        let back1 = |now: u64, before: u64| (now << 8) | (before >> 56);
        let back2 = |now: u64, before: u64| (now << 16) | (before >> 48);
        let alnum = letters | digits;
        let joined_by_mark =
            (back1(join_letters, marks_before[0]) & back2(letters, letters_before) & letters)
                | (back1(join_digits, marks_before[1]) & back2(digits, digits_before) & digits);
        let continued = back1(alnum, letters_before | digits_before) | joined_by_mark;
        words += bytes_set(alnum & !continued);
        (letters_before, digits_before) = (letters, digits);
        marks_before = [join_letters, join_digits];
        words < limit
    });
    (!other).then_some(words.min(limit))
}

/// The state machine, a step a character: the state says where in a
/// segment the scan is, and the step says whether a word just ended. For
/// text whose every character has a plain word-boundary class (see
/// [`kind_of`]); `None` at the first that has not, for
/// `unicode-segmentation` to count.
fn count_by_chars(text: &str, limit: usize) -> Option<usize> {
    if limit == 0 {
        return Some(0);
    }
    let mut state = OUTSIDE;
    let mut words = 0;
    for c in text.chars() {
        let step = NEXT[usize::from(state & 7)][usize::from(kind_of(c)?)];
        state = step & !ENDS;
        if step & ENDS != 0 {
            words += 1;
            if words == limit {
                return Some(words);
            }
        }
    }
    Some(
        words
            + usize::from(matches!(
                state,
                LETTER | DIGIT | UNDERSCORE_AFTER | AFTER_MID_LETTER | AFTER_MID_NUM
            )),
    )
}

/// The kind of `c` for [`NEXT`]: ASCII, and the non-ASCII characters that
/// real transcripts use whose Word_Break class (UAX #29) is plain: accented
/// Latin letters are letters (ALetter), curly single quotes join like `'`
/// (MidNumLet), and dashes, curly double quotes, the ellipsis and the
/// no-break space are nothing (Other). `None` for any other character.
fn kind_of(c: char) -> Option<u8> {
    match c {
        '\0'..='\x7f' => KIND.get(c as usize).copied(),
        '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{24f}' => Some(K_LETTER),
        '\u{2018}' | '\u{2019}' => Some(K_MID_BOTH),
        '\u{a0}' | '\u{2013}' | '\u{2014}' | '\u{201c}' | '\u{201d}' | '\u{2026}' => Some(OTHER),
        _ => None,
    }
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

/// The byte kinds above of every ASCII byte (the rest are left to
/// [`kind_of`]).
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
        assert_eq!(count("don’t stop — “quoted” café…", usize::MAX), 4);
        // Joins across the eight-byte boundary: "1,5" at bytes 6 to 8,
        // "it's" at 14 to 17.
        assert_eq!(count_by_words(b"about 1,5 and it's", usize::MAX), Some(4));
        assert_eq!(count_by_words(b"snake_case", usize::MAX), None);
    }

    /// Every non-ASCII character the character scan knows, alone and
    /// between letters and digits, against unicode-segmentation.
    #[test]
    fn every_known_character_agrees() {
        let known = (0x80..0x3000)
            .filter_map(char::from_u32)
            .filter(|&c| kind_of(c).is_some());
        let mut checked = 0;
        for c in known {
            for text in [
                format!("{c}"),
                format!("a{c}b"),
                format!("1{c}2"),
                format!("a {c} 1"),
            ] {
                assert_eq!(
                    count_by_chars(&text, usize::MAX),
                    Some(reference(&text)),
                    "{text:?}"
                );
            }
            checked += 1;
        }
        assert_eq!(
            checked,
            (0xd6 - 0xc0 + 1) + (0xf6 - 0xd8 + 1) + (0x24f - 0xf8 + 1) + 2 + 6
        );
    }

    #[test]
    fn whitespace_runs_count_as_split_whitespace_does() {
        // Worked by hand: runs of non-space between spaces, tabs, line
        // breaks, and the vertical tab that `is_ascii_whitespace` misses.
        assert_eq!(whitespace_separated(""), 0);
        assert_eq!(whitespace_separated(" \t\r\n"), 0);
        assert_eq!(whitespace_separated("ok"), 1);
        assert_eq!(
            whitespace_separated("  so -- we\tship\x0Bit, \x0C right? "),
            6
        );
        // Runs across the eight-byte boundary, and a text of whole chunks.
        assert_eq!(whitespace_separated("exactly8 and sixteen bytes"), 4);
        assert_eq!(whitespace_separated("one two three..."), 3);
        // A no-break space separates words too (the non-ASCII path).
        assert_eq!(whitespace_separated("fair\u{A0}point n\u{E4}chste"), 3);
        for text in ["a b", " a\x0Bb ", "x\u{2003}y z", "--", "a\x1Fb"] {
            assert_eq!(
                whitespace_separated(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn whitespace_runs_agree(text in "[a \t\n\r\x0b\x0c\x1f!-]{0,40}") {
            prop_assert_eq!(whitespace_separated(&text), text.split_whitespace().count());
        }

        // Text with the non-ASCII characters the character scan knows, and
        // one it does not (`·`, which joins letters: left to
        // unicode-segmentation).
        #[test]
        fn common_non_ascii_agrees(
            text in "[aé9_.'’‘:;, \u{a0}–—“”…ÀÖØöøɏ·-]{0,24}",
            limit in 0usize..8,
        ) {
            prop_assert_eq!(count(&text, usize::MAX), reference(&text));
            prop_assert_eq!(count(&text, limit), reference(&text).min(limit));
        }

        #[test]
        fn agrees_with_unicode_segmentation(text in "[aZx09_.'\":;,!? \t\n\r#@-]{0,24}") {
            prop_assert_eq!(count(&text, usize::MAX), reference(&text));
        }

        #[test]
        fn any_ascii_agrees(text in "[\\x00-\\x7f]{0,40}", limit in 0usize..8) {
            prop_assert_eq!(count(&text, usize::MAX), reference(&text));
            prop_assert_eq!(count(&text, limit), reference(&text).min(limit));
        }

        // Both scans on their own, across eight-byte boundaries: marks,
        // letters and digits crowded together so that joins straddle them.
        #[test]
        fn eight_byte_scan_agrees(text in "[aZx09.':;, \n-]{0,40}", limit in 0usize..8) {
            prop_assert_eq!(count_by_words(text.as_bytes(), usize::MAX), Some(reference(&text)));
            prop_assert_eq!(
                count_by_words(text.as_bytes(), limit),
                Some(reference(&text).min(limit))
            );
        }

        #[test]
        fn state_machine_agrees(text in "[\\x00-\\x7f]{0,40}", limit in 0usize..8) {
            prop_assert_eq!(count_by_chars(&text, usize::MAX), Some(reference(&text)));
            prop_assert_eq!(count_by_chars(&text, limit), Some(reference(&text).min(limit)));
        }
    }
}
