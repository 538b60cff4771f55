//! Per-speaker cards: style, scores, and bars for talk share and the four
//! acts (positions, questions, concessions, challenges). Count bars share
//! one scale across all cards, so speakers compare at a glance.

use std::fmt::{self, Write};

use super::chart::style_class;
use super::markup::{esc, num, percent, plural, score};
use crate::report::clock;
use crate::score::{SpeakerScore, MIN_UTTERANCES};

/// The acts a card shows bars for, with their CSS class and label.
const ACTS: [(&str, &str); 4] = [
    ("c-position", "positions"),
    ("c-question", "questions"),
    ("c-concession", "concessions"),
    ("c-challenge", "challenges"),
];

fn acts(s: &SpeakerScore) -> [u64; 4] {
    [s.positions, s.questions, s.concessions, s.challenges]
}

/// A bar `value / max` wide with its figure beside it.
fn bar_row(out: &mut String, label: &str, class: &str, frac: f64, figure: &str) -> fmt::Result {
    writeln!(
        out,
        r#"<tr><th scope="row">{label}</th><td class="barcell"><span class="bar {class}" style="width:{}%"></span></td><td class="fig">{figure}</td></tr>"#,
        num(frac.clamp(0.0, 1.0) * 100.0, 1)
    )
}

/// Writes one card per speaker, in report order.
pub fn write(out: &mut String, speakers: &[SpeakerScore]) -> fmt::Result {
    let max = speakers.iter().flat_map(acts).max().unwrap_or(0).max(1) as f64;
    writeln!(out, r#"<div class="cards">"#)?;
    for s in speakers {
        writeln!(
            out,
            r#"<article class="speaker" id="speaker-{}" data-speaker="{}">"#,
            s.id, s.id
        )?;
        writeln!(out, "<h3>{}</h3>", esc(&s.name))?;
        let scores = if s.judged() {
            format!(
                "leading {} · following {} · both {}",
                score(s.leading),
                score(s.following),
                score(s.concurrency)
            )
        } else {
            format!("fewer than {MIN_UTTERANCES} utterances")
        };
        writeln!(
            out,
            r#"<p class="style"><span class="dotkey {}" aria-hidden="true"></span><strong>{}</strong> · {scores}</p>"#,
            style_class(s.style),
            s.style.describe()
        )?;
        writeln!(
            out,
            r#"<table class="bars"><caption class="vh">{} in figures</caption>"#,
            esc(&s.name)
        )?;
        bar_row(
            out,
            "talk share",
            "talk",
            s.talk_share,
            &percent(s.talk_share),
        )?;
        for ((class, label), n) in ACTS.iter().zip(acts(s)) {
            bar_row(out, label, class, n as f64 / max, &n.to_string())?;
        }
        writeln!(out, "</table>")?;
        let talk = s
            .talk_seconds
            .map_or_else(|| format!("{} words", s.words), clock);
        let longest = s
            .longest_monologue_seconds
            .map_or_else(|| format!("{} words", s.longest_monologue_words), clock);
        let uptake = s
            .uptake
            .map(|u| format!(" · uptake {}", percent(u)))
            .unwrap_or_default();
        let interrupts = match (s.interruptions, s.overlaps) {
            (Some(_), Some(0)) => " · no overlaps".to_string(),
            (Some(i), Some(o)) => format!(" · {} ({} interrupting)", plural(o, "overlap"), i),
            _ => String::new(),
        };
        writeln!(
            out,
            r#"<p class="small">talk {talk} · {} in {} · longest turn {longest}{uptake} · {}{interrupts}</p>"#,
            plural(s.utterances, "utterance"),
            plural(s.turns, "turn"),
            plural(s.concurrent_moments, "concurrent moment")
        )?;
        writeln!(out, "</article>")?;
    }
    writeln!(out, "</div>")
}
