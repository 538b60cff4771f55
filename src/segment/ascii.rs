//! UAX #29 sentence boundaries by a direct scan, for ASCII text and text
//! whose other characters are a few common ones.
//!
//! `unicode-segmentation` implements the rules for all of Unicode and runs at
//! about 30 MB/s; over ASCII the rules' character classes are few and fixed,
//! so a direct scan gives the same boundaries many times faster. A few
//! non-ASCII characters that real transcripts use (no-break space, dashes,
//! curly quotes, accented Latin letters) have plain classes too and are
//! scanned the same way, per character; text with any other character goes
//! to `unicode-segmentation`. The property tests below check that both agree
//! on random text.

/// The Sentence_Break class of a character (UAX #29, table 4): the classes
/// the scanned characters have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

/// [`class`] of every byte; bytes above ASCII are [`Class::Other`] (the
/// scan is only used on ASCII text, this keeps the lookup total).
const CLASSES: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = class_of(b as u8);
        b += 1;
    }
    table
};

const fn class_of(b: u8) -> Class {
    match b {
        b'\r' => Class::Cr,
        b'\n' => Class::Lf,
        b'\t' | 0x0B | 0x0C | b' ' => Class::Sp,
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Numeric,
        b'.' => Class::ATerm,
        b'!' | b'?' => Class::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::Close,
        b',' | b'-' | b':' | b';' => Class::SContinue,
        _ => Class::Other,
    }
}

#[inline]
fn class(b: u8) -> Class {
    CLASSES[usize::from(b)]
}

/// Byte offsets where a new sentence starts, after offset 0 and before the
/// end, or `None` when `text` has a character the scan does not know.
#[cfg(test)]
pub fn boundaries(text: &str) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    each_boundary(text, |b| out.push(b)).then_some(out)
}

/// Calls `f` with each offset [`boundaries`] gives, in order, without
/// collecting them, and returns `true`; or, when `text` has a character the
/// scan does not know, calls nothing and returns `false`.
pub fn each_boundary(text: &str, mut f: impl FnMut(usize)) -> bool {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        // Terminators are searched for with memchr; line breaks are rare in
        // a turn, so where the next one is gets remembered.
        let n = bytes.len();
        let mut line_break: Option<usize> = None;
        let next = |i: usize| {
            let stop = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(n, |k| i + k);
            let brk = match line_break {
                Some(b) if b >= i => b,
                _ => {
                    let b = memchr::memchr2(b'\r', b'\n', &bytes[i..]).map_or(n, |k| i + k);
                    line_break = Some(b);
                    b
                }
            };
            stop.min(brk)
        };
        scan(n, |i| bytes.get(i).map(|&b| class(b)), next, f);
        return true;
    }
    // Per character: its class and where it starts.
    let mut classes = Vec::with_capacity(text.len());
    let mut starts = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let Some(class) = char_class(c) else {
            return false;
        };
        classes.push(class);
        starts.push(at);
    }
    let n = classes.len();
    let at = |i: usize| classes.get(i).copied();
    let next = |mut i: usize| {
        while i < n && !may_end(at(i)) {
            i += 1;
        }
        i
    };
    scan(n, at, next, |i| {
        f(starts.get(i).copied().unwrap_or(text.len()))
    });
    true
}

/// The class of a character the scan knows, `None` for the rest.
fn char_class(c: char) -> Option<Class> {
    if c.is_ascii() {
        return Some(class(c as u8));
    }
    match c {
        '\u{a0}' => Some(Class::Sp),
        '\u{2013}' | '\u{2014}' => Some(Class::SContinue),
        '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' => Some(Class::Close),
        '\u{a3}' | '\u{20ac}' | '\u{2026}' | '\u{b0}' | '\u{d7}' | '\u{f7}' => Some(Class::Other),
        // Latin-1 and Latin Extended-A letters: case is all that matters.
        '\u{c0}'..='\u{17f}' if c.is_lowercase() => Some(Class::Lower),
        '\u{c0}'..='\u{17f}' if c.is_uppercase() => Some(Class::Upper),
        _ => None,
    }
}

/// The scan over `n` characters, `at(i)` giving the class of the `i`th and
/// `next(i)` the first at or after `i` that [`may_end`] a sentence (or `n`);
/// `f(i)` is called with the index of each character a sentence starts at.
fn scan(
    n: usize,
    at: impl Fn(usize) -> Option<Class>,
    mut next: impl FnMut(usize) -> usize,
    mut f: impl FnMut(usize),
) {
    let mut push = |b: usize| {
        if b < n {
            f(b);
        }
    };
    let mut i = 0;
    while i < n {
        // Most characters are letters and spaces: skip to the next one that
        // could end a sentence.
        i = next(i);
        if i >= n {
            break;
        }
        match at(i) {
            // SB3, SB4: break after a paragraph separator (CR LF is one).
            Some(Class::Cr | Class::Lf) => {
                i += if at(i) == Some(Class::Cr) && at(i + 1) == Some(Class::Lf) {
                    2
                } else {
                    1
                };
                push(i);
            }
            Some(Class::ATerm | Class::STerm) => {
                let aterm = at(i) == Some(Class::ATerm);
                let next = at(i + 1);
                // SB6: "3.5"; SB7: "U.S."
                if aterm && next == Some(Class::Numeric) {
                    i += 1;
                    continue;
                }
                let prev = i.checked_sub(1).and_then(&at);
                if aterm
                    && matches!(prev, Some(Class::Upper | Class::Lower))
                    && next == Some(Class::Upper)
                {
                    i += 1;
                    continue;
                }
                // SATerm Close* Sp* ...
                let mut k = i + 1;
                while at(k) == Some(Class::Close) {
                    k += 1;
                }
                while at(k) == Some(Class::Sp) {
                    k += 1;
                }
                match at(k) {
                    // SB9–SB11: the separator belongs to this sentence.
                    Some(Class::Cr) | Some(Class::Lf) => {
                        k += if at(k) == Some(Class::Cr) && at(k + 1) == Some(Class::Lf) {
                            2
                        } else {
                            1
                        };
                        push(k);
                        i = k;
                    }
                    // SB8a: ", " or another terminator continues the sentence.
                    Some(Class::SContinue | Class::ATerm | Class::STerm) => i = k,
                    // SB8: after ".", a lower-case letter ahead (past
                    // anything but letters, separators and terminators) continues it.
                    Some(_) if aterm && lower_ahead(n, &at, k) => i = k,
                    Some(_) => {
                        push(k);
                        i = k;
                    }
                    None => i = k,
                }
            }
            _ => i += 1,
        }
    }
}

/// Whether a sentence can end at a character of class `c`: a terminator
/// or a paragraph separator.
#[inline]
fn may_end(c: Option<Class>) -> bool {
    matches!(c, Some(Class::Cr | Class::Lf | Class::ATerm | Class::STerm))
}

/// SB8's look-ahead: skipping everything that is not a letter, separator or
/// terminator, is the next character lower case?
fn lower_ahead(n: usize, at: impl Fn(usize) -> Option<Class>, from: usize) -> bool {
    (from..n).filter_map(at).find(|c| {
        matches!(
            c,
            Class::Upper | Class::Lower | Class::Cr | Class::Lf | Class::ATerm | Class::STerm
        )
    }) == Some(Class::Lower)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use super::*;

    fn reference(text: &str) -> Vec<usize> {
        text.split_sentence_bound_indices()
            .map(|(i, _)| i)
            .filter(|&i| i > 0)
            .collect()
    }

    #[test]
    fn known_cases() {
        for text in [
            "We ship Friday. The tests pass. Any objections?",
            "Mr. Smith went to the U.S. in 3.5 days.",
            "He said \"stop.\" Then left.",
            "wait... what? no!! fine.",
            "e.g. this stays. So (this) goes.",
            "Line one\nLine two\r\nLine three\rEnd",
            "Done.\n\nNext.",
            "Really?! Yes.",
            "end. , continued",
        ] {
            assert_eq!(boundaries(text), Some(reference(text)), "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_unicode_segmentation(text in "[aZx09.!?\"'()\\[\\]{} \t\n\r,:;#-]{0,24}") {
            prop_assert_eq!(boundaries(&text), Some(reference(&text)));
        }

        #[test]
        fn known_non_ascii_agrees(text in "[aZ0.!? \n,\u{a0}\u{2013}\u{2014}\u{2018}\u{2019}\u{201c}\u{201d}\u{a3}\u{20ac}\u{2026}\u{b0}\u{d7}\u{f7}àÉßÿĀāĸŉŷſ]{0,24}") {
            prop_assert_eq!(boundaries(&text), Some(reference(&text)));
        }

        #[test]
        fn every_known_letter_agrees(c in "[\u{c0}-\u{17f}]", tail in "[aZ. ]{0,6}") {
            // Each Latin letter after a full stop and before one, where case decides.
            let text = format!("a. {c}{tail}. {c}. U.{c}");
            if let Some(found) = boundaries(&text) {
                prop_assert_eq!(found, reference(&text));
            }
        }
    }
}
