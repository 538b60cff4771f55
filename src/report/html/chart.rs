//! The leading × following chart: one dot per speaker, its area the
//! speaker's share of talk, the plane cut into the four styles at the same
//! threshold the scores use ([`HIGH`]). Speakers with too little evidence
//! have no scores; they sit in a row under the chart, so every speaker is
//! a dot and talk share is visible for all.

use std::fmt::{self, Write};

use super::markup::{coord, esc, percent, score, shorten};
use crate::score::{SpeakerScore, Style, HIGH, MIN_UTTERANCES};

/// The whole drawing's width in SVG units; it scales to the page.
const WIDTH: f64 = 440.0;
/// Plot area: margins around the unit square.
const LEFT: f64 = 56.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 40.0;
const SIDE: f64 = WIDTH - LEFT - RIGHT;
/// Bottom of the plot area.
const BOTTOM: f64 = TOP + SIDE;
/// Height of the chart without the row of unjudged speakers.
const CHART_HEIGHT: f64 = BOTTOM + 46.0;
/// A speaker with all the talk gets this radius; area scales with share.
const MAX_RADIUS: f64 = 34.0;
/// Nobody is drawn smaller than this, so a silent speaker is still a dot.
const MIN_RADIUS: f64 = 4.0;
/// Labels: font size and an estimate of a character's width, for placing
/// them without a text-measuring engine.
const FONT: f64 = 13.0;
const CHAR_WIDTH: f64 = 7.2;
/// Names longer than this are cut in labels (the tooltip has them whole).
const LABEL_CHARS: usize = 22;

/// Radius of a dot whose area is proportional to `share`.
pub fn radius(share: f64) -> f64 {
    (MAX_RADIUS * share.clamp(0.0, 1.0).sqrt()).max(MIN_RADIUS)
}

fn x_of(leading: f64) -> f64 {
    LEFT + leading.clamp(0.0, 1.0) * SIDE
}

fn y_of(following: f64) -> f64 {
    TOP + (1.0 - following.clamp(0.0, 1.0)) * SIDE
}

/// The CSS class of a style, for its colour.
pub fn style_class(style: Style) -> &'static str {
    match style {
        Style::ConcurrentLeader => "st-concurrent",
        Style::Directive => "st-directive",
        Style::Supporter => "st-supporter",
        Style::Quiet => "st-quiet",
        Style::InsufficientEvidence => "st-unjudged",
    }
}

/// A label's box, to keep labels from overlapping.
#[derive(Clone, Copy)]
struct Box2 {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Box2 {
    fn overlaps(&self, o: &Box2) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Where a name goes beside a dot: to the right, or to the left near the
/// right edge, moved up or down until it clears the labels already placed.
fn place_label(cx: f64, cy: f64, r: f64, text: &str, placed: &[Box2]) -> (f64, f64, bool) {
    let w = text.chars().count() as f64 * CHAR_WIDTH;
    let right = cx + r + 4.0 + w <= WIDTH - 2.0;
    let x = if right { cx + r + 4.0 } else { cx - r - 4.0 };
    let (x0, x1) = if right { (x, x + w) } else { (x - w, x) };
    for dy in [0.0, 15.0, -15.0, 30.0, -30.0, 45.0, -45.0, 60.0, -60.0] {
        let y = cy + FONT * 0.35 + dy;
        let b = Box2 {
            x0,
            x1,
            y0: y - FONT,
            y1: y + 3.0,
        };
        if !placed.iter().any(|p| p.overlaps(&b)) {
            return (x, y, right);
        }
    }
    (x, cy + FONT * 0.35, right)
}

fn tooltip(s: &SpeakerScore) -> String {
    if s.judged() {
        format!(
            "{}: {}; leading {}, following {}, {} of talk, {} utterances",
            s.name,
            s.style.describe(),
            score(s.leading),
            score(s.following),
            percent(s.talk_share),
            s.utterances
        )
    } else {
        format!(
            "{}: too little to judge ({} utterances, fewer than {MIN_UTTERANCES}); {} of talk",
            s.name,
            s.utterances,
            percent(s.talk_share)
        )
    }
}

/// Writes the chart as an inline SVG.
pub fn write(out: &mut String, speakers: &[SpeakerScore]) -> fmt::Result {
    let judged: Vec<&SpeakerScore> = speakers.iter().filter(|s| s.judged()).collect();
    let unjudged: Vec<&SpeakerScore> = speakers.iter().filter(|s| !s.judged()).collect();
    let (row, row_height) = unjudged_layout(&unjudged);
    let height = CHART_HEIGHT + row_height;
    writeln!(
        out,
        r#"<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title chart-desc">"#,
        coord(WIDTH),
        coord(height)
    )?;
    writeln!(
        out,
        r#"<title id="chart-title">Leading and following, one dot per speaker; dot area is share of talk</title>"#
    )?;
    let desc: Vec<String> = speakers.iter().map(tooltip).collect();
    writeln!(
        out,
        r#"<desc id="chart-desc">{}</desc>"#,
        esc(&desc.join(". "))
    )?;
    frame(out)?;
    // Largest dots first, so small ones stay visible on top.
    let mut order: Vec<&SpeakerScore> = judged.clone();
    order.sort_by(|a, b| b.talk_share.total_cmp(&a.talk_share));
    let mut labels: Vec<(f64, f64, bool, &SpeakerScore)> = Vec::new();
    let mut placed: Vec<Box2> = Vec::new();
    // Labels are placed in report order: the leaders get the best spots.
    for s in &judged {
        let (cx, cy) = (
            x_of(s.leading.unwrap_or(0.0)),
            y_of(s.following.unwrap_or(0.0)),
        );
        let name = shorten(&s.name, LABEL_CHARS);
        let (x, y, right) = place_label(cx, cy, radius(s.talk_share), &name, &placed);
        let w = name.chars().count() as f64 * CHAR_WIDTH;
        placed.push(Box2 {
            x0: if right { x } else { x - w },
            x1: if right { x + w } else { x },
            y0: y - FONT,
            y1: y + 3.0,
        });
        labels.push((x, y, right, s));
    }
    writeln!(out, r#"<g class="dots">"#)?;
    for s in &order {
        writeln!(
            out,
            r#"<circle class="dot {}" data-speaker="{}" cx="{}" cy="{}" r="{}"><title>{}</title></circle>"#,
            style_class(s.style),
            s.id,
            coord(x_of(s.leading.unwrap_or(0.0))),
            coord(y_of(s.following.unwrap_or(0.0))),
            coord(radius(s.talk_share)),
            esc(&tooltip(s))
        )?;
    }
    for (x, y, right, s) in &labels {
        writeln!(
            out,
            r#"<text class="name" x="{}" y="{}"{}>{}</text>"#,
            coord(*x),
            coord(*y),
            if *right { "" } else { r#" text-anchor="end""# },
            esc(&shorten(&s.name, LABEL_CHARS))
        )?;
    }
    writeln!(out, "</g>")?;
    if !unjudged.is_empty() {
        writeln!(out, r#"<g class="unjudged">"#)?;
        writeln!(
            out,
            r#"<text class="note" x="{}" y="{}">Too little to judge (fewer than {MIN_UTTERANCES} utterances):</text>"#,
            coord(LEFT - 40.0),
            coord(CHART_HEIGHT + 4.0)
        )?;
        for (s, cx, cy) in &row {
            let r = radius(s.talk_share);
            writeln!(
                out,
                r#"<circle class="dot st-unjudged" data-speaker="{}" cx="{}" cy="{}" r="{}"><title>{}</title></circle>"#,
                s.id,
                coord(*cx),
                coord(*cy),
                coord(r),
                esc(&tooltip(s))
            )?;
            writeln!(
                out,
                r#"<text class="name" x="{}" y="{}">{}</text>"#,
                coord(cx + r + 4.0),
                coord(cy + FONT * 0.35),
                esc(&shorten(&s.name, LABEL_CHARS))
            )?;
        }
        writeln!(out, "</g>")?;
    }
    writeln!(out, "</svg>")
}

/// Unjudged speakers in rows under the chart: (speaker, cx, cy) and the
/// height the rows take.
fn unjudged_layout<'a>(unjudged: &[&'a SpeakerScore]) -> (Vec<(&'a SpeakerScore, f64, f64)>, f64) {
    if unjudged.is_empty() {
        return (Vec::new(), 0.0);
    }
    let mut out = Vec::new();
    let start_x = LEFT - 40.0;
    let mut x = start_x;
    let mut row_top = CHART_HEIGHT + 14.0;
    let mut row_max = 0.0f64;
    let mut row_items: Vec<(usize, f64)> = Vec::new(); // (index in out, radius)
    for s in unjudged {
        let r = radius(s.talk_share);
        let w = 2.0 * r + 4.0 + shorten(&s.name, LABEL_CHARS).chars().count() as f64 * CHAR_WIDTH;
        if x > start_x && x + w > WIDTH - 4.0 {
            // Close the row: centre its dots on its tallest one.
            for &(i, _) in &row_items {
                let (s, cx, _): (&SpeakerScore, f64, f64) = out[i];
                out[i] = (s, cx, row_top + row_max.max(FONT / 2.0));
            }
            row_top += 2.0 * row_max.max(FONT / 2.0) + 8.0;
            x = start_x;
            row_max = 0.0;
            row_items.clear();
        }
        row_items.push((out.len(), r));
        out.push((*s, x + r, 0.0));
        row_max = row_max.max(r);
        x += w + 16.0;
    }
    for &(i, _) in &row_items {
        let (s, cx, _) = out[i];
        out[i] = (s, cx, row_top + row_max.max(FONT / 2.0));
    }
    let bottom = row_top + 2.0 * row_max.max(FONT / 2.0) + 8.0;
    (out, bottom - CHART_HEIGHT)
}

/// Axes, the threshold lines and the four quadrants with their names.
fn frame(out: &mut String) -> fmt::Result {
    let mid_x = x_of(HIGH);
    let mid_y = y_of(HIGH);
    let (l, r, t, b) = (coord(LEFT), coord(LEFT + SIDE), coord(TOP), coord(BOTTOM));
    writeln!(out, r#"<g class="frame">"#)?;
    // The concurrent-leader quadrant is the one a team wants people in.
    writeln!(
        out,
        r#"<rect class="q-goal" x="{}" y="{t}" width="{}" height="{}"/>"#,
        coord(mid_x),
        coord(LEFT + SIDE - mid_x),
        coord(mid_y - TOP)
    )?;
    writeln!(
        out,
        r#"<rect class="plot" x="{l}" y="{t}" width="{}" height="{}"/>"#,
        coord(SIDE),
        coord(SIDE)
    )?;
    writeln!(
        out,
        r#"<line class="threshold" x1="{}" y1="{t}" x2="{}" y2="{b}"/>"#,
        coord(mid_x),
        coord(mid_x)
    )?;
    writeln!(
        out,
        r#"<line class="threshold" x1="{l}" y1="{}" x2="{r}" y2="{}"/>"#,
        coord(mid_y),
        coord(mid_y)
    )?;
    let quadrants = [
        (LEFT + 6.0, TOP + 16.0, "start", Style::Supporter),
        (
            LEFT + SIDE - 6.0,
            TOP + 16.0,
            "end",
            Style::ConcurrentLeader,
        ),
        (LEFT + 6.0, BOTTOM - 8.0, "start", Style::Quiet),
        (LEFT + SIDE - 6.0, BOTTOM - 8.0, "end", Style::Directive),
    ];
    for (x, y, anchor, style) in quadrants {
        writeln!(
            out,
            r#"<text class="quadrant" x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
            coord(x),
            coord(y),
            style.describe()
        )?;
    }
    for (v, label) in [(0.0, "0"), (HIGH, "0.5"), (1.0, "1")] {
        writeln!(
            out,
            r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{label}</text>"#,
            coord(x_of(v)),
            coord(BOTTOM + 16.0)
        )?;
        writeln!(
            out,
            r#"<text class="tick" x="{}" y="{}" text-anchor="end">{label}</text>"#,
            coord(LEFT - 6.0),
            coord(y_of(v) + 4.0)
        )?;
    }
    writeln!(
        out,
        r#"<text class="axis" x="{}" y="{}" text-anchor="middle">leading (conviction) →</text>"#,
        coord(LEFT + SIDE / 2.0),
        coord(BOTTOM + 36.0)
    )?;
    writeln!(
        out,
        r#"<text class="axis" transform="translate(18 {}) rotate(-90)" text-anchor="middle">following (curiosity) →</text>"#,
        coord(TOP + SIDE / 2.0)
    )?;
    writeln!(out, "</g>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_area_is_proportional_to_talk_share() {
        // Area ∝ r²: a quarter of the talk has half the full radius.
        assert!((radius(1.0) - MAX_RADIUS).abs() < 1e-12);
        assert!((radius(0.25) - MAX_RADIUS / 2.0).abs() < 1e-12);
        assert_eq!(radius(0.0), MIN_RADIUS, "a silent speaker is still a dot");
    }

    #[test]
    fn scores_map_into_the_plot() {
        assert_eq!(x_of(0.0), LEFT);
        assert_eq!(x_of(1.0), LEFT + SIDE);
        assert_eq!(y_of(1.0), TOP, "high following is at the top");
        assert_eq!(y_of(0.0), BOTTOM);
        assert_eq!(x_of(2.0), LEFT + SIDE, "clamped");
    }

    #[test]
    fn labels_move_out_of_each_others_way() {
        let first = place_label(200.0, 200.0, 10.0, "Ana", &[]);
        let b = Box2 {
            x0: first.0,
            x1: first.0 + 3.0 * CHAR_WIDTH,
            y0: first.1 - FONT,
            y1: first.1 + 3.0,
        };
        let second = place_label(200.0, 200.0, 10.0, "Ben", &[b]);
        assert_eq!(second.0, first.0);
        assert!((second.1 - first.1).abs() >= FONT, "{first:?} {second:?}");
        // Near the right edge the label goes to the left of the dot.
        let (_, _, right) = place_label(WIDTH - 20.0, 100.0, 10.0, "Long name here", &[]);
        assert!(!right);
    }
}
