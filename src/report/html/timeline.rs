//! The timeline: the meeting as a strip of windows coloured by pattern,
//! the flow score of each under it, and the moments that matter marked
//! above it (a challenge resolved, a long monologue), each linking to its
//! utterances in the list.

use std::fmt::{self, Write};

use super::markup::{coord, esc, num, shorten};
use super::{pattern_class, when};
use crate::report::clock;
use crate::score::{Moment, Pattern, Timeline, WindowScore, WindowUnit};
use crate::transcript::Transcript;

/// The strip is drawn twice: wide for screens and print, narrow for phones
/// (CSS shows one), so its text stays readable at either width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// 800 units wide.
    Wide,
    /// 380 units wide.
    Narrow,
}

impl Shape {
    fn width(self) -> f64 {
        match self {
            Shape::Wide => 800.0,
            Shape::Narrow => 380.0,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Shape::Wide => "wide",
            Shape::Narrow => "narrow",
        }
    }
}
/// Rows, top to bottom: moment marks, the cells, flow-score bars, the axis.
const MARK_TOP: f64 = 2.0;
const CELL_TOP: f64 = 34.0;
const CELL_HEIGHT: f64 = 52.0;
const FLOW_TOP: f64 = CELL_TOP + CELL_HEIGHT + 6.0;
const FLOW_HEIGHT: f64 = 34.0;
const AXIS_Y: f64 = FLOW_TOP + FLOW_HEIGHT + 16.0;
const HEIGHT: f64 = AXIS_Y + 6.0;
/// A run of empty time windows takes this fraction of a cell's width.
const GAP_SLOT: f64 = 0.5;
/// Axis labels closer than this are left out.
const LABEL_SPACING: f64 = 56.0;

/// Where each window and each gap goes on the strip.
struct Layout<'a> {
    /// Width of the whole strip.
    width: f64,
    /// (window, x, width)
    cells: Vec<(&'a WindowScore, f64, f64)>,
    /// (x, width, empty windows)
    gaps: Vec<(f64, f64, usize)>,
}

impl<'a> Layout<'a> {
    fn new(timeline: &'a Timeline, width: f64) -> Self {
        let mut slots = 0.0;
        let mut next = 0;
        for w in &timeline.windows {
            if w.index > next {
                slots += GAP_SLOT;
            }
            slots += 1.0;
            next = w.index + 1;
        }
        let unit = if slots > 0.0 { width / slots } else { width };
        let (mut cells, mut gaps) = (Vec::new(), Vec::new());
        let mut x = 0.0;
        let mut next = 0;
        for w in &timeline.windows {
            if w.index > next {
                gaps.push((x, unit * GAP_SLOT, w.index - next));
                x += unit * GAP_SLOT;
            }
            cells.push((w, x, unit));
            x += unit;
            next = w.index + 1;
        }
        Layout { width, cells, gaps }
    }

    /// The x of utterance `i`'s start (or its end, with `end`): by its time
    /// within its window where both are known, else by its place among the
    /// window's utterances.
    fn x_at(&self, transcript: &Transcript, i: usize, end: bool) -> Option<f64> {
        let (w, x, width) = self
            .cells
            .iter()
            .find(|(w, _, _)| w.first_utterance <= i && i <= w.last_utterance)?;
        let u = transcript.utterances.get(i)?;
        let at = if end { u.end.or(u.start) } else { u.start };
        let by_time = match (w.start_seconds, w.end_seconds, at) {
            (Some(s), Some(e), Some(t)) if e > s => Some((t - s) / (e - s)),
            _ => None,
        };
        let n = (w.last_utterance + 1 - w.first_utterance) as f64;
        let by_place = (i - w.first_utterance) as f64 + if end { 1.0 } else { 0.0 };
        let frac = by_time.unwrap_or(by_place / n).clamp(0.0, 1.0);
        Some(x + frac * width)
    }
}

/// "0:05–2:27", or "utterances 1–50".
pub fn window_range(w: &WindowScore, unit: WindowUnit) -> String {
    match (unit, w.start_seconds, w.end_seconds) {
        (WindowUnit::Seconds, Some(s), Some(e)) => format!("{}–{}", clock(s), clock(e)),
        _ => format!(
            "utterances {}–{}",
            w.first_utterance + 1,
            w.last_utterance + 1
        ),
    }
}

fn window_title(w: &WindowScore, unit: WindowUnit) -> String {
    let who = if !w.concurrent_leaders.is_empty() {
        format!(
            "; leading and following: {}",
            w.concurrent_leaders.join(", ")
        )
    } else if let Some(top) = &w.top_leader {
        format!("; most leading: {top}")
    } else {
        String::new()
    };
    format!(
        "{}: {} (confidence {}), flow score {}, {} utterances{who}",
        window_range(w, unit),
        w.pattern,
        num(w.confidence, 2),
        num(w.flow_score, 0),
        w.utterances
    )
}

/// Writes the timeline SVG.
pub fn write(
    out: &mut String,
    timeline: &Timeline,
    transcript: &Transcript,
    moments: &[Moment],
    shape: Shape,
) -> fmt::Result {
    let layout = Layout::new(timeline, shape.width());
    let unit = timeline.window.unit;
    let name = shape.name();
    writeln!(
        out,
        r#"<svg class="timeline {name}" viewBox="0 0 {} {}" role="img" aria-labelledby="timeline-title-{name} timeline-desc-{name}">"#,
        coord(layout.width),
        coord(HEIGHT)
    )?;
    writeln!(
        out,
        r#"<title id="timeline-title-{name}">The meeting in {} windows, coloured by pattern, with the flow score of each</title>"#,
        timeline.window
    )?;
    let desc: Vec<String> = timeline
        .windows
        .iter()
        .map(|w| window_title(w, unit))
        .collect();
    writeln!(
        out,
        r#"<desc id="timeline-desc-{name}">{}</desc>"#,
        esc(&desc.join(". "))
    )?;
    writeln!(out, r#"<g class="cells">"#)?;
    for (w, x, width) in &layout.cells {
        let title = esc(&window_title(w, unit)).into_owned();
        writeln!(
            out,
            r#"<rect class="cell {}" data-window="{}" x="{}" y="{}" width="{}" height="{}"><title>{title}</title></rect>"#,
            pattern_class(w.pattern),
            w.index,
            coord(*x),
            coord(CELL_TOP),
            coord(*width),
            coord(CELL_HEIGHT)
        )?;
        let label = if *width >= 96.0 {
            Some(w.pattern.as_str().to_string())
        } else if *width >= 16.0 {
            Some(w.pattern.letter().to_string())
        } else {
            None
        };
        if let Some(label) = label {
            writeln!(
                out,
                r#"<text class="cell-label {}" x="{}" y="{}" text-anchor="middle">{label}</text>"#,
                pattern_class(w.pattern),
                coord(x + width / 2.0),
                coord(CELL_TOP + CELL_HEIGHT / 2.0 + 5.0)
            )?;
        }
    }
    for (x, width, empty) in &layout.gaps {
        writeln!(
            out,
            r#"<g class="gap"><title>no speech for {empty} windows</title><rect x="{}" y="{}" width="{}" height="{}"/><text x="{}" y="{}" text-anchor="middle">…</text></g>"#,
            coord(*x),
            coord(CELL_TOP),
            coord(*width),
            coord(CELL_HEIGHT),
            coord(x + width / 2.0),
            coord(CELL_TOP + CELL_HEIGHT / 2.0 + 5.0)
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, r#"<g class="flow">"#)?;
    writeln!(
        out,
        r#"<line class="baseline" x1="0" y1="{y}" x2="{}" y2="{y}"/>"#,
        coord(layout.width),
        y = coord(FLOW_TOP + FLOW_HEIGHT)
    )?;
    for (w, x, width) in &layout.cells {
        let h = (w.flow_score / 100.0).clamp(0.0, 1.0) * FLOW_HEIGHT;
        let inset = (width * 0.15).min(12.0);
        writeln!(
            out,
            r#"<rect class="flowbar" x="{}" y="{}" width="{}" height="{}"><title>{}: flow score {}</title></rect>"#,
            coord(x + inset),
            coord(FLOW_TOP + FLOW_HEIGHT - h),
            coord((width - 2.0 * inset).max(1.0)),
            coord(h),
            esc(&window_range(w, unit)),
            num(w.flow_score, 0)
        )?;
        if *width >= 44.0 {
            // The figure itself, inside the bar when it is tall enough.
            let inside = h >= 18.0;
            writeln!(
                out,
                r#"<text class="flownum{}" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                if inside { " in" } else { "" },
                coord(x + width / 2.0),
                coord(if inside {
                    FLOW_TOP + FLOW_HEIGHT - h + 15.0
                } else {
                    FLOW_TOP + FLOW_HEIGHT - h - 3.0
                }),
                num(w.flow_score, 0)
            )?;
        }
    }
    writeln!(out, "</g>")?;
    axis(out, &layout, unit)?;
    marks(out, &layout, transcript, moments)?;
    writeln!(out, "</svg>")
}

/// Start labels under the cells, thinned so they do not collide, and the
/// end of the meeting at the right.
fn axis(out: &mut String, layout: &Layout, unit: WindowUnit) -> fmt::Result {
    writeln!(out, r#"<g class="ticks">"#)?;
    let end_label = layout.cells.last().map(|(w, _, _)| match unit {
        WindowUnit::Seconds => w.end_seconds.map_or_else(String::new, clock),
        WindowUnit::Utterances => (w.last_utterance + 1).to_string(),
    });
    let mut last_x = f64::NEG_INFINITY;
    for (w, x, _) in &layout.cells {
        if *x - last_x < LABEL_SPACING || *x > layout.width - 1.5 * LABEL_SPACING {
            continue;
        }
        let label = match unit {
            WindowUnit::Seconds => w.start_seconds.map_or_else(String::new, clock),
            WindowUnit::Utterances => (w.first_utterance + 1).to_string(),
        };
        writeln!(
            out,
            r#"<text class="tick" x="{}" y="{}">{label}</text>"#,
            coord(*x + 2.0),
            coord(AXIS_Y)
        )?;
        last_x = *x;
    }
    if let Some(label) = end_label {
        writeln!(
            out,
            r#"<text class="tick" x="{}" y="{}" text-anchor="end">{label}</text>"#,
            coord(layout.width - 2.0),
            coord(AXIS_Y)
        )?;
    }
    writeln!(out, "</g>")
}

/// The moments above the strip, each a link to its first utterance.
fn marks(
    out: &mut String,
    layout: &Layout,
    transcript: &Transcript,
    moments: &[Moment],
) -> fmt::Result {
    writeln!(out, r#"<g class="marks">"#)?;
    for m in moments {
        let (Some(x0), Some(x1)) = (
            layout.x_at(transcript, m.first(), false),
            layout.x_at(transcript, m.last(), true),
        ) else {
            continue;
        };
        let title = esc(&moment_sentence(m, transcript)).into_owned();
        match m {
            Moment::Resolved { .. } => {
                // A line from the challenge to the answer, and a triangle
                // pointing down at the answer.
                let tip = layout
                    .x_at(transcript, m.last(), false)
                    .unwrap_or(x1)
                    .max(x0);
                writeln!(
                    out,
                    r##"<a href="#u{}" class="moment resolved" tabindex="-1"><title>{title}</title><line x1="{}" y1="{y}" x2="{}" y2="{y}"/><path d="M{} {} l6 -10 h-12 z"/></a>"##,
                    m.first(),
                    coord(x0),
                    coord(tip),
                    coord(tip),
                    coord(MARK_TOP + 28.0),
                    y = coord(MARK_TOP + 12.0),
                )?;
            }
            Moment::Monologue { .. } => {
                writeln!(
                    out,
                    r##"<a href="#u{}" class="moment monologue" tabindex="-1"><title>{title}</title><rect x="{}" y="{}" width="{}" height="8" rx="2"/></a>"##,
                    m.first(),
                    coord(x0),
                    coord(MARK_TOP + 20.0),
                    coord((x1 - x0).max(6.0))
                )?;
            }
        }
    }
    writeln!(out, "</g>")
}

/// One sentence for a moment, for the list and the tooltip.
pub fn moment_sentence(m: &Moment, t: &Transcript) -> String {
    let name = |i: usize| {
        t.utterances
            .get(i)
            .map_or("?", |u| t.speaker_name(u.speaker))
            .to_string()
    };
    let quote = |i: usize| {
        t.utterances
            .get(i)
            .map_or_else(String::new, |u| format!("“{}”", shorten(u.text.trim(), 90)))
    };
    match *m {
        Moment::Resolved {
            challenge,
            by,
            conceded,
        } => format!(
            "{}: {} challenged {}; {} answered with {} at {}: {}",
            when(t, challenge),
            name(challenge),
            quote(challenge),
            name(by),
            if conceded {
                "a concession"
            } else {
                "an idea that builds on it"
            },
            when(t, by),
            quote(by)
        ),
        Moment::Monologue {
            speaker,
            first,
            last,
            words,
            seconds,
            backchannels,
        } => {
            let long = match seconds {
                Some(s) => format!("{} ({words} words)", clock(s)),
                None => format!("{words} words"),
            };
            let others = match backchannels {
                0 => "nobody else spoke".to_string(),
                1 => "the others only backchannelled once".to_string(),
                n => format!("the others only backchannelled ({n} times)"),
            };
            let start = t.utterances.get(first).and_then(|u| u.start);
            let span = match (start, seconds) {
                (Some(s), Some(d)) => format!("{}–{}", clock(s), clock(s + d)),
                _ => format!("{}–{}", when(t, first), when(t, last)),
            };
            format!(
                "{span}: {} held the floor for {long}; {others}",
                t.speaker_name(speaker)
            )
        }
    }
}

/// The legend under the strip: the patterns and the marks.
pub fn legend(out: &mut String) -> fmt::Result {
    writeln!(out, r#"<ul class="legend" aria-label="Legend">"#)?;
    for p in Pattern::ALL {
        writeln!(
            out,
            r#"<li><span class="swatch {}" aria-hidden="true">{}</span>{}</li>"#,
            pattern_class(p),
            p.letter(),
            p.as_str()
        )?;
    }
    writeln!(
        out,
        r#"<li><span class="mark-key resolved" aria-hidden="true">▼</span>challenge resolved</li>"#
    )?;
    writeln!(
        out,
        r#"<li><span class="mark-key monologue" aria-hidden="true"></span>long monologue</li>"#
    )?;
    writeln!(
        out,
        r#"<li><span class="mark-key flowbar" aria-hidden="true"></span>flow score (bar height, 0–100)</li>"#
    )?;
    writeln!(out, "</ul>")
}
