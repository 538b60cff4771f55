//! Small helpers every part of the HTML report uses: escaping untrusted
//! text, and numbers written the same way everywhere.

use std::borrow::Cow;

/// Escapes text for HTML element content and double- or single-quoted
/// attribute values. Transcript text is untrusted: every name, utterance,
/// path and cue that reaches the page goes through here. NUL, which HTML
/// does not allow, becomes U+FFFD; other control characters but tab and
/// newline become a space, so the page stays valid.
pub fn esc(s: &str) -> Cow<'_, str> {
    let needs = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'') || (c.is_control() && c != '\n' && c != '\t')
    };
    if !s.contains(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{FFFD}'),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `x` with `digits` decimals; never `-0`.
pub fn num(x: f64, digits: usize) -> String {
    // Adding 0.0 turns -0.0 into 0.0; a value that rounds to zero is zero.
    let s = format!("{:.*}", digits, x + 0.0);
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s,
    }
}

/// A 0–1 score with two decimals, or an en dash when absent.
pub fn score(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| num(x, 2))
}

/// A share 0–1 as a whole percentage.
pub fn percent(x: f64) -> String {
    format!("{}%", num(x * 100.0, 0))
}

/// A coordinate for SVG: one decimal, trailing `.0` dropped.
pub fn coord(x: f64) -> String {
    let s = num(x, 1);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The first `max` characters of `s`, with `…` when cut.
pub fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    if s.chars().count() <= max {
        Cow::Borrowed(s)
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        Cow::Owned(out)
    }
}

/// `n thing` or `n things`, for English nouns with a plain plural.
pub fn plural(n: u64, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// `s` with its first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Opens a report section with its heading (`id` names the section, and
/// `id-h` the heading that labels it) and, if given, a one-line hint under
/// the heading.
pub fn open_section(
    out: &mut String,
    id: &str,
    heading: &str,
    hint: Option<&str>,
) -> std::fmt::Result {
    use std::fmt::Write as _;
    writeln!(
        out,
        r#"<section id="{id}" aria-labelledby="{id}-h"><h2 id="{id}-h">{heading}</h2>"#
    )?;
    if let Some(hint) = hint {
        writeln!(out, r#"<p class="small">{hint}</p>"#)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert!(matches!(esc("plain words"), Cow::Borrowed(_)));
        assert_eq!(esc("a\0b\u{7}c\nd"), "a\u{FFFD}b c\nd");
    }

    #[test]
    fn numbers_never_show_minus_zero() {
        assert_eq!(num(-0.0, 0), "0");
        assert_eq!(num(-0.004, 2), "0.00");
        assert_eq!(num(-0.5, 1), "-0.5");
        assert_eq!(num(72.6, 0), "73");
        assert_eq!(score(None), "–");
        assert_eq!(score(Some(0.987)), "0.99");
        assert_eq!(percent(0.424), "42%");
        assert_eq!(coord(12.0), "12");
        assert_eq!(coord(12.26), "12.3");
    }

    #[test]
    fn shortens_by_characters() {
        assert_eq!(shorten("Chloé Martin", 20), "Chloé Martin");
        assert_eq!(shorten("Chloé Martin", 6), "Chloé…");
        assert_eq!(capitalize("flow"), "Flow");
        assert_eq!(plural(1, "challenge"), "1 challenge");
        assert_eq!(plural(0, "challenge"), "0 challenges");
        assert_eq!(capitalize(""), "");
    }
}
