//! Shared by the HTML report tests: the fixtures, analysed as `colead
//! analyze` analyses them, and a strict check that a page's tags balance.

#![allow(dead_code)] // each test file uses its own part of this

use std::path::{Path, PathBuf};

use colead::classify::{ModelClassifier, RuleClassifier};
use colead::score::{Options, Window};
use colead::transcript::{load, Source};
use colead::Analysis;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The reports a person would open: the pattern fixtures (`fixtures/*.txt`,
/// times at the start of each turn, or none), the timed meeting
/// (`fixtures/timed/`, start and end times), and the flow story cut into
/// 30-second windows so its timeline has several cells.
pub fn report_fixtures() -> Vec<(String, PathBuf, Option<Window>)> {
    let mut out: Vec<(String, PathBuf, Option<Window>)> = Vec::new();
    let mut txt: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    txt.sort();
    for p in txt {
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        out.push((name, p, None));
    }
    out.push((
        "release-planning".into(),
        root().join("fixtures/timed/release-planning.vtt"),
        None,
    ));
    out.push((
        "flow-seed-story-30s".into(),
        root().join("fixtures/flow-seed-story.txt"),
        Some(Window::seconds(30.0)),
    ));
    out
}

/// Analyses a file with the default classifier (rules and the built-in
/// model), as the command line does.
pub fn analyze(path: &Path, window: Option<Window>) -> Analysis {
    let transcript = load(&Source::Path(path.to_path_buf()))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let classifier = ModelClassifier::with_builtin_model(RuleClassifier::new());
    colead::analyze_with(transcript, &classifier, &Options { window })
}

/// Elements that never have an end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// Checks that every tag of `html` is closed, in order, that attribute
/// values are quoted, that `<style>` and `<script>` hold no `</`, and that
/// the document is one `<html>` element after the doctype. SVG elements may
/// close themselves (`<rect/>`); HTML elements may not. Returns the element
/// names in document order, for counting.
pub fn check_tags(html: &str) -> Result<Vec<String>, String> {
    let body = html
        .strip_prefix("<!DOCTYPE html>\n")
        .ok_or("the page does not start with <!DOCTYPE html>")?;
    let mut stack: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut in_svg = 0usize;
    let mut rest = body;
    let mut offset = html.len() - body.len();
    while let Some(lt) = rest.find('<') {
        let at = offset + lt;
        let tag_text = &rest[lt..];
        let gt = tag_text
            .find('>')
            .ok_or_else(|| format!("byte {at}: '<' without '>'"))?;
        let inner = &tag_text[1..gt];
        if inner.starts_with("!--") {
            return Err(format!("byte {at}: comments are not expected"));
        }
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(i) => (true, i),
            None => (false, inner),
        };
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if name.is_empty() {
            return Err(format!(
                "byte {at}: '<' that starts no tag (unescaped text?)"
            ));
        }
        check_attributes(&inner[name.len()..]).map_err(|e| format!("byte {at} <{name}>: {e}"))?;
        let mut advance = lt + gt + 1;
        if closing {
            let open = stack
                .pop()
                .ok_or_else(|| format!("byte {at}: </{name}> closes nothing"))?;
            if open != name {
                return Err(format!("byte {at}: </{name}> closes <{open}>"));
            }
            if name == "svg" {
                in_svg -= 1;
            }
        } else {
            seen.push(name.clone());
            if self_closing {
                if in_svg == 0 {
                    return Err(format!("byte {at}: <{name}/> outside SVG"));
                }
            } else if !VOID.contains(&name.as_str()) {
                if name == "svg" {
                    in_svg += 1;
                }
                if name == "style" || name == "script" {
                    // Raw text up to the end tag, which must be the first `</`.
                    let after = &rest[advance..];
                    let end = after
                        .find("</")
                        .ok_or_else(|| format!("byte {at}: <{name}> never closed"))?;
                    if !after[end..].starts_with(&format!("</{name}>")) {
                        return Err(format!("byte {at}: '</' inside <{name}>"));
                    }
                    advance += end;
                }
                stack.push(name);
            }
        }
        offset += advance;
        rest = &rest[advance..];
    }
    if !stack.is_empty() {
        return Err(format!("never closed: {stack:?}"));
    }
    if seen.first().map(String::as_str) != Some("html") {
        return Err("the document element is not <html>".into());
    }
    if rest.trim() != "" {
        return Err(format!("text after </html>: {rest:?}"));
    }
    Ok(seen)
}

/// Attributes: `name="value"`, `name='value'` or a bare `name`, with no `<`
/// inside values.
fn check_attributes(mut s: &str) -> Result<(), String> {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(());
        }
        let name_len = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let name = &s[..name_len];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-:_".contains(c))
        {
            return Err(format!("bad attribute name in {s:?}"));
        }
        s = &s[name_len..];
        if let Some(v) = s.strip_prefix('=') {
            let quote = v.chars().next().ok_or("attribute without a value")?;
            if quote != '"' && quote != '\'' {
                return Err(format!("unquoted value for {name}"));
            }
            let end = v[1..]
                .find(quote)
                .ok_or_else(|| format!("unclosed value for {name}"))?;
            if v[1..1 + end].contains('<') {
                return Err(format!("'<' in the value of {name}"));
            }
            s = &v[end + 2..];
        }
    }
}

/// How often `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The text between the first `<svg class="{class}` and its `</svg>`.
pub fn svg<'a>(html: &'a str, class: &str) -> &'a str {
    let start = html
        .find(&format!("<svg class=\"{class}"))
        .unwrap_or_else(|| panic!("no <svg class=\"{class}\">"));
    let end = html[start..]
        .find("</svg>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The values of attribute `name` in order of appearance.
pub fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let v = &html[i + key.len()..];
            v.find('"').map(|e| &v[..e])
        })
        .collect()
}
