//! Transcriber and corpus annotations: `{vocalsound}`, `[laughter]`,
//! `(inaudible)`. They are kept in the text outputs show, and ignored where
//! what was *said* matters: classification and word counts.

use std::borrow::Cow;

/// Words that open a parenthesized annotation. Parentheses also hold real
/// speech ("(the old one)"), so only these are taken as annotation; braces and
/// square brackets are always annotation.
const PAREN_NOISE: &[&str] = &[
    "inaudible",
    "unintelligible",
    "indistinct",
    "crosstalk",
    "cross talk",
    "overlapping",
    "laugh",
    "chuckl",
    "cough",
    "sigh",
    "sneez",
    "applause",
    "music",
    "silence",
    "pause",
    "noise",
    "background",
    "static",
    "beep",
    "phone",
    "foreign",
    "speaking foreign",
    "no audio",
    "audio",
    "silent",
    "clears throat",
    "clearing throat",
    "typing",
];

/// The longest parenthesized annotation looked for, in bytes.
const MAX_PAREN: usize = 40;

/// `text` with annotations removed (each replaced by a space so words on
/// either side stay apart). Borrows when there is nothing to remove.
pub fn spoken(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(|b| matches!(b, b'{' | b'[' | b'(')) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['{', '[', '(']) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = match rest.as_bytes()[open] {
            b'{' => after.find('}'),
            b'[' => after.find(']'),
            _ => after
                .find(')')
                .filter(|&c| c <= MAX_PAREN && is_noise(&after[..c])),
        };
        match close {
            Some(c) => {
                out.push(' ');
                rest = &after[c + 1..];
            }
            None => {
                // Not an annotation (or never closed): keep the bracket as text.
                out.push_str(&rest[open..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn is_noise(inside: &str) -> bool {
    let inside = inside.trim().to_lowercase();
    PAREN_NOISE.iter().any(|n| inside.starts_with(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_and_brackets_are_removed() {
        assert_eq!(spoken("so {disfmarker} we {vocalsound} go"), "so   we   go");
        assert_eq!(spoken("[laughter] okay [inaudible 00:01:02]"), "  okay  ");
    }

    #[test]
    fn parentheses_only_when_they_hold_noise() {
        assert_eq!(spoken("yes (laughs) sure"), "yes   sure");
        assert_eq!(spoken("it's (Inaudible) fine"), "it's   fine");
        assert_eq!(
            spoken("take (the old one) instead"),
            "take (the old one) instead"
        );
    }

    #[test]
    fn unclosed_brackets_stay_text() {
        assert_eq!(spoken("a { b"), "a { b");
        assert_eq!(spoken("a (b"), "a (b");
        assert_eq!(spoken("x [y"), "x [y");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(spoken("no markup here"), Cow::Borrowed(_)));
    }

    #[test]
    fn multibyte_text_around_markup() {
        assert_eq!(spoken("café{gap}thé"), "café thé");
        assert_eq!(spoken("é(🙂"), "é(🙂");
    }
}
