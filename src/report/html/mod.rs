//! The HTML report: one self-contained page per meeting (inline CSS and
//! SVG, no JavaScript, nothing fetched), for the people who were in the
//! meeting rather than for spreadsheets.
//!
//! Top down: the verdict (pattern, flow score with its parts, the sentence
//! that decided it); the leading × following chart; the timeline with the
//! moments that matter; a card per speaker; every utterance with its class
//! and evidence, filterable by speaker and class with CSS alone.
//!
//! Every piece of transcript text (names, utterances, paths, cues) is
//! escaped with [`markup::esc`]; nothing from the transcript reaches CSS or
//! an attribute other than through it, and class names are built from ids.
//! The output is deterministic: the same analysis gives the same bytes.
//!
//! [`index`] builds the overview page `colead batch --html` links every
//! meeting's report from.

mod chart;
mod index;
pub mod markup;
mod speakers;
mod timeline;
mod utterances;

pub use index::{index, report_file_name, IndexEntry, IndexFailure};

use std::fmt::{self, Write as _};
use std::io::{self, Write};

use self::markup::{capitalize, esc, num, open_section, plural, score};
use super::{clock, Printer};
use crate::analysis::Analysis;
use crate::score::{
    moments, GroupScore, Pattern, TalkUnit, WindowUnit, ABRASION_REF, HIGH, MIN_EVENTS,
};
use crate::transcript::Transcript;

/// The style sheet, shared by the report and the index page.
const CSS: &str = include_str!("report.css");

/// Writes the HTML report.
pub struct Html;

impl Printer for Html {
    fn analysis(&self, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(report(analysis).as_bytes())
    }

    /// A page with the utterance list alone (filters included).
    fn utterances(&self, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(utterance_page(analysis).as_bytes())
    }
}

/// The full report for one meeting, as one HTML document.
pub fn report(a: &Analysis) -> String {
    let mut out = String::with_capacity(64 * 1024 + a.transcript.utterances.len() * 600);
    write_report(&mut out, a).expect("writing to a String cannot fail");
    out
}

/// The utterance list alone, as one HTML document.
pub fn utterance_page(a: &Analysis) -> String {
    let mut out = String::new();
    write_utterance_page(&mut out, a).expect("writing to a String cannot fail");
    out
}

/// The CSS class that colours a pattern.
pub(crate) fn pattern_class(p: Pattern) -> &'static str {
    match p {
        Pattern::Flow => "p-flow",
        Pattern::Hierarchy => "p-hierarchy",
        Pattern::Chaos => "p-chaos",
        Pattern::Stagnation => "p-stagnation",
    }
}

/// What a pattern means, in one sentence.
pub(crate) fn pattern_meaning(p: Pattern) -> &'static str {
    match p {
        Pattern::Flow => "Several people lead and follow at once.",
        Pattern::Hierarchy => "One person, or a few, carry the leading; the others follow.",
        Pattern::Chaos => "Many lead, few follow: a contest of positions.",
        Pattern::Stagnation => "Nobody takes the initiative: few proposals, nothing to decide.",
    }
}

/// When utterance `i` was said: its start time, else its line.
pub(crate) fn when(t: &Transcript, i: usize) -> String {
    match t.utterances.get(i) {
        Some(u) => u.start.map_or_else(|| format!("line {}", u.line), clock),
        None => "?".to_string(),
    }
}

/// The document head: title, viewport, the style sheet plus `extra_css`.
pub(crate) fn head(out: &mut String, title: &str, extra_css: &str) -> fmt::Result {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en">"#)?;
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(out, r#"<meta name="color-scheme" content="light dark">"#)?;
    writeln!(
        out,
        r#"<meta name="generator" content="colead {}">"#,
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "<title>{}</title>", esc(title))?;
    writeln!(out, "<style>\n{CSS}{extra_css}</style>")?;
    writeln!(out, "</head>")
}

fn file_name(source: &str) -> &str {
    source.rsplit(['/', '\\']).next().unwrap_or(source)
}

fn write_report(out: &mut String, a: &Analysis) -> fmt::Result {
    let t = &a.transcript;
    let g = &a.scores.group;
    let moments = moments(t, &a.classified);
    let mut css = String::new();
    utterances::filter_css(&mut css, t.speakers.len())?;
    head(
        out,
        &format!(
            "{} · {} · colead",
            capitalize(g.pattern.as_str()),
            file_name(&t.source)
        ),
        &css,
    )?;
    writeln!(out, r#"<body><div class="page">"#)?;
    header(out, a, true)?;
    writeln!(out, "<main>")?;
    verdict(out, a)?;

    open_section(out, "who", "Who leads, who follows", None)?;
    writeln!(out, r#"<div class="chart-grid"><figure>"#)?;
    chart::write(out, &a.scores.speakers)?;
    writeln!(
        out,
        "<figcaption class=\"small\">Each dot is a speaker; its area is their share of talk. The dashed lines are at {}: the score from which leading or following counts as high.</figcaption></figure>",
        num(HIGH, 1)
    )?;
    style_key(out, a)?;
    writeln!(out, "</div></section>")?;

    open_section(out, "timeline", "Timeline", None)?;
    timeline_summary(out, a)?;
    writeln!(out, r#"<div class="strip-box">"#)?;
    for shape in [timeline::Shape::Wide, timeline::Shape::Narrow] {
        timeline::write(out, &a.scores.timeline, t, &moments, shape)?;
    }
    writeln!(out, "</div>")?;
    timeline::legend(out)?;
    moment_list(out, t, &moments)?;
    writeln!(out, "</section>")?;

    open_section(
        out,
        "speakers",
        "Speakers",
        Some("Highest leading first. Bars for positions, questions, concessions and challenges share one scale across speakers."),
    )?;
    speakers::write(out, &a.scores.speakers)?;
    writeln!(out, "</section>")?;

    open_section(
        out,
        "utterances",
        "Utterances",
        Some("Each utterance with its class; open “why” for the cue that decided it. Choose a speaker or a class to show only those."),
    )?;
    utterances::write(out, a, &moments)?;
    writeln!(out, "</section>")?;
    warnings(out, t)?;
    writeln!(out, "</main>")?;
    footer(out, a)?;
    writeln!(out, "</div></body>\n</html>")
}

fn write_utterance_page(out: &mut String, a: &Analysis) -> fmt::Result {
    let t = &a.transcript;
    let moments = moments(t, &a.classified);
    let mut css = String::new();
    utterances::filter_css(&mut css, t.speakers.len())?;
    head(
        out,
        &format!("Utterances · {} · colead", file_name(&t.source)),
        &css,
    )?;
    writeln!(out, r#"<body><div class="page">"#)?;
    header(out, a, false)?;
    writeln!(
        out,
        r#"<main><section id="utterances" aria-labelledby="utterances-h"><h1 id="utterances-h">Utterances</h1>"#
    )?;
    utterances::write(out, a, &moments)?;
    writeln!(out, "</section>")?;
    warnings(out, t)?;
    writeln!(out, "</main>")?;
    footer(out, a)?;
    writeln!(out, "</div></body>\n</html>")
}

fn header(out: &mut String, a: &Analysis, toc: bool) -> fmt::Result {
    let t = &a.transcript;
    let f = &a.scores.group.figures;
    let duration = f
        .duration_seconds
        .map(|d| format!(" · {} long", clock(d)))
        .unwrap_or_default();
    writeln!(
        out,
        r#"<header class="top"><p class="brand">colead · meeting report</p><p class="source"><span class="path">{}</span> · {} · {} utterances · {} speakers{duration}</p>"#,
        esc(&t.source),
        esc(&t.format),
        f.utterances,
        f.speakers
    )?;
    if !toc {
        return writeln!(out, "</header>");
    }
    writeln!(
        out,
        r##"<nav aria-label="Sections"><ul class="toc"><li><a href="#verdict">Verdict</a></li><li><a href="#who">Who leads, who follows</a></li><li><a href="#timeline">Timeline</a></li><li><a href="#speakers">Speakers</a></li><li><a href="#utterances">Utterances</a></li></ul></nav></header>"##
    )
}

/// The verdict first: pattern, why, confidence, the flow score and its parts.
fn verdict(out: &mut String, a: &Analysis) -> fmt::Result {
    let g = &a.scores.group;
    let f = &g.figures;
    let p = &f.flow_parts;
    writeln!(
        out,
        r#"<section id="verdict" class="verdict {}" aria-labelledby="verdict-h">"#,
        pattern_class(g.pattern)
    )?;
    writeln!(out, r#"<div class="verdict-head">"#)?;
    writeln!(out, r#"<p class="kicker">Group pattern</p>"#)?;
    writeln!(
        out,
        r#"<h1 id="verdict-h"><span class="badge {}" aria-hidden="true">{}</span>{}</h1>"#,
        pattern_class(g.pattern),
        g.pattern.letter(),
        capitalize(g.pattern.as_str())
    )?;
    writeln!(
        out,
        r#"<p class="define">{}</p>"#,
        pattern_meaning(g.pattern)
    )?;
    writeln!(
        out,
        r#"<p class="why"><strong>Why:</strong> {}</p>"#,
        esc(&why(g))
    )?;
    let closest = g
        .closest_call
        .as_ref()
        .map(|c| format!(" Closest call: {}.", esc(c)))
        .unwrap_or_default();
    writeln!(
        out,
        r#"<p class="small">Confidence {} (0.5: could go either way; 1: clear).{closest}</p>"#,
        num(g.confidence, 2)
    )?;
    writeln!(out, "</div>")?;
    writeln!(
        out,
        r#"<div class="score-box"><p class="big"><span class="n">{score}</span><span class="of">/100</span></p><p class="small">group flow score</p><div class="meter" role="img" aria-label="flow score {score} of 100"><span style="width:{}%"></span></div></div>"#,
        num(f.flow_score.clamp(0.0, 100.0), 1),
        score = num(f.flow_score, 0)
    )?;
    writeln!(out, r#"<div class="parts-box">"#)?;
    writeln!(
        out,
        r#"<p class="formula">Flow score = 100 × <strong>concurrency</strong> × the mean of the other parts that exist:</p>"#
    )?;
    writeln!(
        out,
        r#"<table class="parts"><caption class="vh">The parts of the flow score, each 0 to 1</caption>"#
    )?;
    let talk = match f.talk_unit {
        TalkUnit::Seconds => "talk time",
        TalkUnit::Words => "words",
    };
    let rows: [(&str, Option<f64>, String); 5] = [
        (
            "concurrency",
            Some(p.concurrency),
            match f.concurrent {
                0 => "nobody both leads and follows a real share".to_string(),
                n => format!(
                    "{}% of the leading and following is done by the {} who both lead and follow",
                    num(100.0 * p.concurrency, 0),
                    plural(n as u64, "speaker")
                ),
            },
        ),
        (
            "abrasion",
            Some(p.abrasion),
            format!(
                "{} challenges and competing positions per 100 utterances (full at {})",
                num(f.abrasion, 1),
                num(ABRASION_REF, 0)
            ),
        ),
        (
            "agility",
            p.agility,
            match p.agility {
                Some(_) => format!(
                    "{} of {} answered, {} of {} taken up",
                    f.questions_answered,
                    plural(f.counts.question, "question"),
                    f.taken_up,
                    plural(f.position_turns, "proposal")
                ),
                None => format!("left out: fewer than {MIN_EVENTS} questions and proposals"),
            },
        ),
        (
            "resolution",
            p.resolution,
            match p.resolution {
                Some(_) => format!(
                    "{} of {} met by a concession or a building idea",
                    f.challenges_resolved,
                    plural(f.counts.challenge, "challenge")
                ),
                None => format!(
                    "left out: {}, fewer than {MIN_EVENTS}",
                    plural(f.counts.challenge, "challenge")
                ),
            },
        ),
        (
            "equality",
            Some(p.equality),
            format!("how evenly {talk} is shared (1 − Gini)"),
        ),
    ];
    for (name, value, hint) in rows {
        let bar = value.map_or_else(String::new, |v| {
            format!(
                r#"<span class="bar part" style="width:{}%"></span>"#,
                num(v.clamp(0.0, 1.0) * 100.0, 1)
            )
        });
        writeln!(
            out,
            r#"<tr><th scope="row">{}</th><td class="fig">{}</td><td class="barcell">{bar}</td><td class="hint">{}</td></tr>"#,
            capitalize(name),
            score(value),
            esc(&hint)
        )?;
    }
    writeln!(out, "</table>")?;
    let mut facts = vec![
        plural(f.utterances, "utterance"),
        plural(f.speakers as u64, "speaker"),
    ];
    if let Some(d) = f.duration_seconds {
        facts.push(format!("{} long", clock(d)));
    }
    facts.push(in_flow(a));
    facts.push(format!(
        "{} · {} · {} · {}",
        plural(f.counts.position, "position"),
        plural(f.counts.question, "question"),
        plural(f.counts.concession, "concession"),
        plural(f.counts.challenge, "challenge")
    ));
    writeln!(out, r#"<ul class="keyfacts">"#)?;
    for fact in facts {
        writeln!(out, "<li>{}</li>", esc(&fact))?;
    }
    writeln!(out, "</ul></div></section>")
}

/// The sentence that decided the verdict, as one sentence.
fn why(g: &GroupScore) -> String {
    let mut s = capitalize(&g.reasons.join("; "));
    if s.is_empty() {
        s = "nothing was said".to_string();
    }
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// "in flow for 2:22 of 2:22" or "in flow for 25 of 25 utterances".
fn in_flow(a: &Analysis) -> String {
    let tl = &a.scores.timeline;
    let windows = tl.windows.len();
    match (
        tl.flow_seconds,
        tl.window.unit,
        tl.windows.first(),
        tl.windows.last(),
    ) {
        (Some(s), WindowUnit::Seconds, Some(first), Some(last)) => format!(
            "in flow for {} of {} ({} of {windows} windows)",
            clock(s),
            clock(last.end_seconds.unwrap_or(0.0) - first.start_seconds.unwrap_or(0.0)),
            tl.flow_windows
        ),
        _ => format!(
            "in flow for {} of {} utterances ({} of {windows} windows)",
            tl.flow_utterances, a.scores.group.figures.utterances, tl.flow_windows
        ),
    }
}

/// Beside the chart: what the four styles mean, and who is in which.
fn style_key(out: &mut String, a: &Analysis) -> fmt::Result {
    use crate::score::Style;
    writeln!(
        out,
        r#"<div class="howto"><h3>Styles</h3><ul class="styles">"#
    )?;
    let meaning = |s: Style| match s {
        Style::ConcurrentLeader => "leads and follows: holds positions and stays open",
        Style::Directive => "leads a real share, follows less",
        Style::Supporter => "follows a real share, leads less",
        Style::Quiet => "less than a real share of either",
        Style::InsufficientEvidence => "said too little to judge",
    };
    for style in [
        Style::ConcurrentLeader,
        Style::Directive,
        Style::Supporter,
        Style::Quiet,
        Style::InsufficientEvidence,
    ] {
        let who: Vec<&str> = a
            .scores
            .speakers
            .iter()
            .filter(|s| s.style == style)
            .map(|s| s.name.as_str())
            .collect();
        if who.is_empty() && style == Style::InsufficientEvidence {
            continue;
        }
        let who = if who.is_empty() {
            "nobody".to_string()
        } else {
            who.join(", ")
        };
        writeln!(
            out,
            r#"<li><span class="dotkey {}" aria-hidden="true"></span><strong>{}</strong> — {}: {}</li>"#,
            chart::style_class(style),
            capitalize(style.describe()),
            meaning(style),
            esc(&who)
        )?;
    }
    writeln!(out, "</ul>")?;
    writeln!(
        out,
        r#"<p class="small">Leading counts positions, challenges and proposals others took up; following counts questions put to others, concessions and building on others. Each is measured against a fair share of the meeting, what an equal participant in a typical meeting would do: 0.5 is half of it (a real share), ⅔ all of it, 0.8 twice.</p></div>"#
    )
}

fn timeline_summary(out: &mut String, a: &Analysis) -> fmt::Result {
    let tl = &a.scores.timeline;
    writeln!(
        out,
        r#"<p>The meeting in {} windows, each judged like the whole meeting: {}.</p>"#,
        tl.window,
        esc(&in_flow(a))
    )?;
    if tl.windows.len() == 1 {
        let hint = match tl.window.unit {
            WindowUnit::Seconds => "--window 30s",
            WindowUnit::Utterances => "--window 10",
        };
        writeln!(
            out,
            r#"<p class="small">This meeting fits in one window; <code>{hint}</code> cuts it finer.</p>"#
        )?;
    }
    Ok(())
}

fn moment_list(out: &mut String, t: &Transcript, moments: &[crate::score::Moment]) -> fmt::Result {
    writeln!(out, "<h3>Moments that matter</h3>")?;
    if moments.is_empty() {
        return writeln!(
            out,
            r#"<p class="small">No challenge was resolved by a concession or a building idea, and nobody held the floor for long.</p>"#
        );
    }
    writeln!(out, r#"<ul class="moments">"#)?;
    for (k, m) in moments.iter().enumerate() {
        if k == MOMENTS_SHOWN {
            // A long meeting has many: the rest a click away.
            writeln!(
                out,
                r#"</ul><details class="more"><summary>{} more</summary><ul class="moments">"#,
                moments.len() - MOMENTS_SHOWN
            )?;
        }
        let kind = match m {
            crate::score::Moment::Resolved { .. } => "Challenge resolved",
            crate::score::Moment::Monologue { .. } => "Long monologue",
        };
        writeln!(
            out,
            r##"<li><a href="#u{}"><strong>{kind}</strong></a> — {}</li>"##,
            m.first(),
            esc(&timeline::moment_sentence(m, t))
        )?;
    }
    writeln!(out, "</ul>")?;
    if moments.len() > MOMENTS_SHOWN {
        writeln!(out, "</details>")?;
    }
    Ok(())
}

/// Moments listed before the rest are folded away.
const MOMENTS_SHOWN: usize = 10;

fn warnings(out: &mut String, t: &Transcript) -> fmt::Result {
    if t.warnings.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        r#"<section id="warnings" aria-labelledby="warnings-h"><h2 id="warnings-h">Input warnings</h2><ul class="warnings">"#
    )?;
    for w in &t.warnings {
        writeln!(out, "<li>line {}: {}</li>", w.line, esc(&w.message))?;
    }
    writeln!(out, "</ul></section>")
}

fn footer(out: &mut String, a: &Analysis) -> fmt::Result {
    let t = &a.transcript;
    writeln!(
        out,
        r#"<footer><p>Made by colead {} from {} (read as {}). Every figure's formula and threshold is in docs/metrics.md of colead; the talk share of each speaker is {}.</p></footer>"#,
        env!("CARGO_PKG_VERSION"),
        esc(&t.source),
        esc(&t.format),
        match a.scores.group.figures.talk_unit {
            TalkUnit::Seconds => "measured in seconds",
            TalkUnit::Words => "measured in words (the transcript has no times)",
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_from_paths() {
        assert_eq!(file_name("fixtures/a.txt"), "a.txt");
        assert_eq!(file_name(r"C:\m\b.vtt"), "b.vtt");
        assert_eq!(file_name("-"), "-");
    }
}
