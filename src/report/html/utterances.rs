//! The utterance list: every utterance with its class colour-coded and its
//! evidence a click away (`<details>`), filtered by speaker or class
//! without JavaScript: hidden radio buttons sit before the list, and CSS
//! rules generated per speaker hide the rows that do not match the checked
//! ones (`#fs-2:checked ~ ol .u:not(.s2)`).

use std::fmt::{self, Write};

use super::markup::esc;
use super::timeline::moment_sentence;
use crate::analysis::Analysis;
use crate::classify::{Cue, Label};
use crate::score::Moment;

/// The CSS rules for the filters: a hidden row per unchecked choice, the
/// checked label highlighted, the focused one outlined.
pub fn filter_css(out: &mut String, speakers: usize) -> fmt::Result {
    let mut ids: Vec<(String, String)> = (0..speakers)
        .map(|i| (format!("fs-{i}"), format!("s{i}")))
        .collect();
    ids.extend(
        Label::ALL
            .iter()
            .map(|l| (format!("fc-{}", l.as_str()), format!("c-{}", l.as_str()))),
    );
    for (input, class) in &ids {
        writeln!(out, "#{input}:checked~ol .u:not(.{class}){{display:none}}")?;
    }
    ids.push(("fs-all".to_string(), String::new()));
    ids.push(("fc-all".to_string(), String::new()));
    let checked: Vec<String> = ids
        .iter()
        .map(|(i, _)| format!("#{i}:checked~.filters [for={i}]"))
        .collect();
    writeln!(
        out,
        "{}{{background:var(--fg);color:var(--bg);border-color:var(--fg)}}",
        checked.join(",")
    )?;
    let focused: Vec<String> = ids
        .iter()
        .map(|(i, _)| format!("#{i}:focus-visible~.filters [for={i}]"))
        .collect();
    writeln!(
        out,
        "{}{{outline:3px solid var(--focus);outline-offset:2px}}",
        focused.join(",")
    )
}

fn cue_words(c: &Cue) -> String {
    if c.matched.is_empty() {
        format!("rule {}", c.rule)
    } else {
        format!("rule {} matched “{}”", c.rule, c.matched)
    }
}

/// Writes the filters and the list.
pub fn write(out: &mut String, a: &Analysis, moments: &[Moment]) -> fmt::Result {
    let t = &a.transcript;
    writeln!(out, r#"<div class="filterable">"#)?;
    let radio = |out: &mut String, name: &str, id: &str, checked: bool| {
        writeln!(
            out,
            r#"<input class="vh" type="radio" name="{name}" id="{id}"{}>"#,
            if checked { " checked" } else { "" }
        )
    };
    radio(out, "fs", "fs-all", true)?;
    for i in 0..t.speakers.len() {
        radio(out, "fs", &format!("fs-{i}"), false)?;
    }
    radio(out, "fc", "fc-all", true)?;
    for l in Label::ALL {
        radio(out, "fc", &format!("fc-{}", l.as_str()), false)?;
    }
    writeln!(out, r#"<div class="filters">"#)?;
    writeln!(
        out,
        r#"<fieldset><legend>Speaker</legend><label for="fs-all">everyone</label>"#
    )?;
    for (i, name) in t.speakers.iter().enumerate() {
        writeln!(out, r#"<label for="fs-{i}">{}</label>"#, esc(name))?;
    }
    writeln!(out, "</fieldset>")?;
    writeln!(
        out,
        r#"<fieldset><legend>Class</legend><label for="fc-all">all</label>"#
    )?;
    for l in Label::ALL {
        writeln!(
            out,
            r#"<label for="fc-{l}"><span class="chip c-{l}" aria-hidden="true"></span>{l}</label>"#,
            l = l.as_str()
        )?;
    }
    writeln!(out, "</fieldset>")?;
    writeln!(out, "</div>")?;
    // Moments noted on the utterances they start and end at.
    let mut notes: Vec<Vec<String>> = vec![Vec::new(); t.utterances.len()];
    for m in moments {
        let (first, last) = (m.first(), m.last());
        let (a_note, b_note) = match m {
            Moment::Resolved { conceded, .. } => (
                "challenge, resolved below".to_string(),
                if *conceded {
                    "concedes to the challenge above"
                } else {
                    "builds past the challenge above"
                }
                .to_string(),
            ),
            Moment::Monologue { .. } => (
                "a long monologue starts".to_string(),
                "the long monologue ends".to_string(),
            ),
        };
        let title = moment_sentence(m, t);
        if let Some(n) = notes.get_mut(first) {
            n.push(format!(
                r#"<span class="note {}" title="{}">{}</span>"#,
                kind_class(m),
                esc(&title),
                a_note
            ));
        }
        if last != first {
            if let Some(n) = notes.get_mut(last) {
                n.push(format!(
                    r##"<a class="note {}" href="#u{first}" title="{}">{}</a>"##,
                    kind_class(m),
                    esc(&title),
                    b_note
                ));
            }
        }
    }
    writeln!(out, r#"<ol class="ulist">"#)?;
    for (i, (u, c)) in t.utterances.iter().zip(&a.classified).enumerate() {
        let label = c.label.as_str();
        let time = u
            .start
            .map(|s| format!(r#"<span class="time">{}</span>"#, crate::report::clock(s)))
            .unwrap_or_default();
        writeln!(out, r#"<li id="u{i}" class="u s{} c-{label}">"#, u.speaker)?;
        writeln!(
            out,
            r#"<div class="meta">{time}<span class="line">line {}</span><span class="who">{}</span><span class="cls c-{label}" title="{}">{label}</span>{}</div>"#,
            u.line,
            esc(t.speaker_name(u.speaker)),
            esc(&cue_words(&c.evidence.decided_by)),
            notes.get(i).map(|n| n.join("")).unwrap_or_default()
        )?;
        writeln!(out, r#"<p class="text">{}</p>"#, esc(&u.text))?;
        let e = &c.evidence;
        writeln!(
            out,
            r#"<details><summary>why {label}</summary><ul class="evidence"><li>decided by {}</li>"#,
            esc(&cue_words(&e.decided_by))
        )?;
        if let Some(r) = &e.runner_up {
            writeln!(
                out,
                "<li>runner-up: {} ({})</li>",
                r.label,
                esc(&cue_words(r))
            )?;
        }
        if let Some(ctx) = &e.context {
            writeln!(out, "<li>context: {}</li>", esc(ctx))?;
        }
        writeln!(out, "</ul></details>")?;
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ol>")?;
    writeln!(out, "</div>")
}

fn kind_class(m: &Moment) -> &'static str {
    match m {
        Moment::Resolved { .. } => "resolved",
        Moment::Monologue { .. } => "monologue",
    }
}
