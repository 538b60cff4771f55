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
/// the stretches between annotations, and `" "` for each annotation.
/// Callers that transform the text anyway (the rules' normalization) skip
/// building the intermediate string.
pub fn for_each_spoken(text: &str, mut keep: impl FnMut(&str)) {
    let mut first = true;
    for_each_stretch(text, |stretch| {
        if !first {
            keep(" ");
        }
        first = false;
        keep(stretch);
    });
}

/// Calls `f` with each stretch of `text` between annotations, in order:
/// [`spoken`] is these stretches joined by single spaces. Callers that only
/// look at the words (counting them) need not build that string.
pub fn for_each_stretch<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut from = 0; // start of the current stretch
    let mut pos = 0; // where to look for the next bracket
    while let Some(k) = memchr::memchr3(b'{', b'[', b'(', &bytes[pos..]) {
        let open = pos + k;
        // The bracket is ASCII, so `open + 1` is a char boundary.
        let after = &text[open + 1..];
        let close = match bytes[open] {
            b'{' => memchr::memchr(b'}', after.as_bytes()),
            b'[' => memchr::memchr(b']', after.as_bytes()),
            _ => memchr::memchr(b')', after.as_bytes())
                .filter(|&c| c <= MAX_PAREN && is_noise(&after[..c])),
        };
        match close {
            Some(c) => {
                f(&text[from..open]);
                from = open + 1 + c + 1;
                pos = from;
            }
            // Not an annotation (or never closed): the bracket stays text.
            None => pos = open + 1,
        }
    }
    f(&text[from..]);
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
    fn stretches_are_the_text_between_annotations() {
        let stretches = |text| {
            let mut out = Vec::new();
            for_each_stretch(text, |s| out.push(s));
            out
        };
        assert_eq!(
            stretches("so {disfmarker} we [x] go (laughs)"),
            ["so ", " we ", " go ", ""]
        );
        assert_eq!(stretches("{a}(b) (cough)x"), ["", "(b) ", "x"]);
        assert_eq!(stretches("a { b (c"), ["a { b (c"]);
        assert_eq!(stretches(""), [""]);
    }

    #[test]
    fn multibyte_text_around_markup() {
        assert_eq!(spoken("café{gap}thé"), "café thé");
        assert_eq!(spoken("é(🙂"), "é(🙂");
    }
}
