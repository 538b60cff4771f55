//! UAX #29 sentence boundaries for ASCII text.
//!
//! `unicode-segmentation` implements the rules for all of Unicode and runs at
//! about 30 MB/s; over ASCII the rules' character classes are few and fixed,
//! so a direct scan gives the same boundaries many times faster. Text with any
//! non-ASCII byte goes to `unicode-segmentation`. The property test below
//! checks that both agree on random ASCII text.

/// The Sentence_Break class of an ASCII byte (UAX #29, table 4).
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

fn class(b: u8) -> Class {
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

/// Byte offsets where a new sentence starts, after offset 0 and before the
/// end. `text` must be ASCII.
pub fn boundaries(text: &[u8]) -> Vec<usize> {
    let at = |i: usize| text.get(i).copied().map(class);
    let mut out = Vec::new();
    // Only terminators and line breaks can end a sentence: jump from one
    // to the next (memchr), remembering where the next of each kind is.
    let next = |from: usize, find: &dyn Fn(&[u8]) -> Option<usize>| {
        text.get(from..)
            .and_then(find)
            .map_or(text.len(), |n| from + n)
    };
    let terms = |t: &[u8]| memchr::memchr3(b'.', b'!', b'?', t);
    let breaks = |t: &[u8]| memchr::memchr2(b'\r', b'\n', t);
    let (mut term, mut line) = (next(0, &terms), next(0, &breaks));
    let mut i = 0;
    while i < text.len() {
        if term < i {
            term = next(i, &terms);
        }
        if line < i {
            line = next(i, &breaks);
        }
        i = term.min(line);
        let Some(&b) = text.get(i) else {
            break;
        };
        match class(b) {
            // SB3, SB4: break after a paragraph separator (CR LF is one).
            Class::Cr | Class::Lf => {
                i += if at(i) == Some(Class::Cr) && at(i + 1) == Some(Class::Lf) {
                    2
                } else {
                    1
                };
                out.push(i);
            }
            Class::ATerm | Class::STerm => {
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
                        out.push(k);
                        i = k;
                    }
                    // SB8a: ", " or another terminator continues the sentence.
                    Some(Class::SContinue | Class::ATerm | Class::STerm) => i = k,
                    // SB8: after ".", a lower-case letter ahead (past
                    // anything but letters, separators and terminators) continues it.
                    Some(_) if aterm && lower_ahead(text, k) => i = k,
                    Some(_) => {
                        out.push(k);
                        i = k;
                    }
                    None => i = k,
                }
            }
            _ => i += 1,
        }
    }
    out.retain(|&b| b < text.len());
    out
}

/// SB8's look-ahead: skipping everything that is not a letter, separator or
/// terminator, is the next character lower case?
fn lower_ahead(text: &[u8], from: usize) -> bool {
    text[from..].iter().map(|&b| class(b)).find(|c| {
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
            assert_eq!(boundaries(text.as_bytes()), reference(text), "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_unicode_segmentation(text in "[aZx09.!?\"'()\\[\\]{} \t\n\r,:;#-]{0,24}") {
            prop_assert_eq!(boundaries(text.as_bytes()), reference(&text));
        }
    }
}
