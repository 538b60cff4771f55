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
    if memchr::memchr3(b'{', b'[', b'(', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for_each_spoken(text, |piece| out.push_str(piece));
    Cow::Owned(out)
}

/// Calls `keep` with the pieces of `text` that [`spoken`] keeps, in order:
/// the text between annotations, and `" "` for each annotation. Callers
/// that transform the text anyway (the rules' normalization) skip building
/// the intermediate string.
pub fn for_each_spoken(text: &str, mut keep: impl FnMut(&str)) {
    let mut rest = text;
    // Brackets are ASCII, so every offset found below is a char boundary.
    while let Some(open) = memchr::memchr3(b'{', b'[', b'(', rest.as_bytes()) {
        let (before, bracket, after) = (&rest[..open], rest.as_bytes()[open], &rest[open + 1..]);
        let close = match bracket {
            b'{' => memchr::memchr(b'}', after.as_bytes()),
            b'[' => memchr::memchr(b']', after.as_bytes()),
            _ => memchr::memchr(b')', after.as_bytes())
                .filter(|&c| c <= MAX_PAREN && is_noise(&after[..c])),
        };
        match close {
            Some(c) => {
                keep(before);
                keep(" ");
                rest = &after[c + 1..];
            }
            None => {
                // Not an annotation (or never closed): keep the bracket as text.
                keep(&rest[..=open]);
                rest = after;
            }
        }
    }
    keep(rest);
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
