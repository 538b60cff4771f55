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

/// Scores 0 and 1 sit this far inside the frame, so dots at the extremes
/// (a speaker who never follows sits on 0) are not cut by it.
const PAD: f64 = 20.0;

fn x_of(leading: f64) -> f64 {
    LEFT + PAD + leading.clamp(0.0, 1.0) * (SIDE - 2.0 * PAD)
}

fn y_of(following: f64) -> f64 {
    TOP + PAD + (1.0 - following.clamp(0.0, 1.0)) * (SIDE - 2.0 * PAD)
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
#[derive(Debug, Clone, Copy)]
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

/// How a label hangs from its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "",
            Anchor::Middle => r#" text-anchor="middle""#,
            Anchor::End => r#" text-anchor="end""#,
        }
    }
}

/// A label's place: baseline point, anchor, and the box it covers.
#[derive(Debug, Clone, Copy)]
struct Placed {
    x: f64,
    y: f64,
    anchor: Anchor,
    area: Box2,
}

/// The box a dot covers.
fn dot_box(cx: f64, cy: f64, r: f64) -> Box2 {
    Box2 {
        x0: cx - r,
        x1: cx + r,
        y0: cy - r,
        y1: cy + r,
    }
}

/// Where a name goes beside its dot: right, left, above or below it, then
/// further up or down, taking the first place that stays in the drawing
/// and clears the labels already placed and the other dots; failing that,
/// the first that clears the labels; failing that, to the right.
fn place_label(cx: f64, cy: f64, r: f64, text: &str, labels: &[Box2], dots: &[Box2]) -> Placed {
    let w = text.chars().count() as f64 * CHAR_WIDTH;
    let at = |x: f64, y: f64, anchor: Anchor| {
        let x0 = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        };
        Placed {
            x,
            y,
            anchor,
            area: Box2 {
                x0,
                x1: x0 + w,
                y0: y - FONT,
                y1: y + 3.0,
            },
        }
    };
    let mid = cy + FONT * 0.35;
    let mut candidates = vec![
        at(cx + r + 4.0, mid, Anchor::Start),
        at(cx - r - 4.0, mid, Anchor::End),
        at(cx, cy - r - 5.0, Anchor::Middle),
        at(cx, cy + r + FONT + 2.0, Anchor::Middle),
    ];
    for dy in [15.0, -15.0, 30.0, -30.0, 45.0, -45.0] {
        candidates.push(at(cx + r + 4.0, mid + dy, Anchor::Start));
        candidates.push(at(cx - r - 4.0, mid + dy, Anchor::End));
    }
    let inside = |p: &Placed| p.area.x0 >= 2.0 && p.area.x1 <= WIDTH - 2.0 && p.area.y0 >= 0.0;
    let clear = |p: &Placed, others: &[Box2]| !others.iter().any(|o| o.overlaps(&p.area));
    candidates
        .iter()
        .find(|p| inside(p) && clear(p, labels) && clear(p, dots))
        .or_else(|| candidates.iter().find(|p| inside(p) && clear(p, labels)))
        .or_else(|| candidates.iter().find(|p| inside(p)))
        .copied()
        .unwrap_or(candidates[0])
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
    let centre = |s: &SpeakerScore| {
        (
            x_of(s.leading.unwrap_or(0.0)),
            y_of(s.following.unwrap_or(0.0)),
        )
    };
    // Speakers at the same spot (equal counts give equal scores, so it
    // happens) share one label, "Omar, Lena", or one dot would hide the
    // other unnamed.
    let mut groups: Vec<(f64, f64, f64, Vec<&SpeakerScore>)> = Vec::new();
    for s in &judged {
        let (cx, cy) = centre(s);
        match groups
            .iter_mut()
            .find(|g| (g.0 - cx).abs() < 1.0 && (g.1 - cy).abs() < 1.0)
        {
            Some(g) => {
                g.2 = g.2.max(radius(s.talk_share));
                g.3.push(s);
            }
            None => groups.push((cx, cy, radius(s.talk_share), vec![s])),
        }
    }
    let mut labels: Vec<(Placed, String)> = Vec::new();
    let mut placed: Vec<Box2> = Vec::new();
    // Labels are placed in report order: the leaders get the best spots.
    for (cx, cy, r, members) in &groups {
        let mut others: Vec<Box2> = groups
            .iter()
            .filter(|g| g.0 != *cx || g.1 != *cy)
            .map(|g| dot_box(g.0, g.1, g.2))
            .collect();
        others.extend(quadrant_labels().map(|(at, y, style)| {
            let w = style.describe().chars().count() as f64 * CHAR_WIDTH * 0.95;
            Box2 {
                x0: x_of(at) - w / 2.0,
                x1: x_of(at) + w / 2.0,
                y0: y - FONT,
                y1: y + 3.0,
            }
        }));
        let names: Vec<String> = members
            .iter()
            .map(|m| shorten(&m.name, LABEL_CHARS).into_owned())
            .collect();
        let name = shorten(&names.join(", "), 2 * LABEL_CHARS).into_owned();
        let p = place_label(*cx, *cy, *r, &name, &placed, &others);
        placed.push(p.area);
        labels.push((p, name));
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
    for (p, name) in &labels {
        writeln!(
            out,
            r#"<text class="name" x="{}" y="{}"{}>{}</text>"#,
            coord(p.x),
            coord(p.y),
            p.anchor.attr(),
            esc(name)
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

/// The quadrants' names: (score their middle is at, baseline, style).
fn quadrant_labels() -> [(f64, f64, Style); 4] {
    [
        (0.25, TOP - 8.0, Style::Supporter),
        (0.75, TOP - 8.0, Style::ConcurrentLeader),
        (0.25, BOTTOM + 16.0, Style::Quiet),
        (0.75, BOTTOM + 16.0, Style::Directive),
    ]
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
    // Quadrant names outside the frame, centred on their half, where no
    // dot can hide them: the top ones above it, the bottom ones in the tick row.
    for (at, y, style) in quadrant_labels() {
        writeln!(
            out,
            r#"<text class="quadrant" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            coord(x_of(at)),
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
        assert_eq!(x_of(0.0), LEFT + PAD);
        assert_eq!(x_of(1.0), LEFT + SIDE - PAD);
        assert_eq!(
            x_of(0.5),
            LEFT + SIDE / 2.0,
            "the threshold halves the frame"
        );
        assert_eq!(y_of(1.0), TOP + PAD, "high following is at the top");
        assert_eq!(y_of(0.0), BOTTOM - PAD);
        assert_eq!(x_of(2.0), x_of(1.0), "clamped");
    }

    #[test]
    fn labels_move_out_of_each_others_way() {
        let first = place_label(200.0, 200.0, 10.0, "Ana", &[], &[]);
        assert_eq!(
            first.anchor,
            Anchor::Start,
            "to the right when there is room"
        );
        assert_eq!(first.x, 214.0);
        let second = place_label(200.0, 200.0, 10.0, "Ben", &[first.area], &[]);
        assert!(!second.area.overlaps(&first.area), "{first:?} {second:?}");
        // A dot to the right pushes the label to the left.
        let dot = dot_box(230.0, 200.0, 12.0);
        let third = place_label(200.0, 200.0, 10.0, "Cy", &[], &[dot]);
        assert_eq!(third.anchor, Anchor::End);
        // Near the right edge the label goes to the left of the dot.
        let edge = place_label(WIDTH - 20.0, 100.0, 10.0, "Long name here", &[], &[]);
        assert_ne!(edge.anchor, Anchor::Start);
        assert!(edge.area.x1 <= WIDTH);
    }
}
