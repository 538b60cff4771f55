//! The index page of a batch run: every meeting with its pattern, flow
//! score and key figures, a link to its report, and the files that failed.
//! The table sorts by any column with a few lines of JavaScript (progressive
//! enhancement: without it the rows stay in the order given, by path); a
//! `#sort=flow_score` or `#sort=-flow_score` fragment sorts on load, so a
//! sorted view can be bookmarked.
//!
//! `colead batch --html` is expected to call it like this, after writing
//! each meeting's [`report`](super::report) to
//! `OUT/reports/` + [`report_file_name`]:
//!
//! ```
//! use colead::report::html::{index, report_file_name, IndexEntry, IndexFailure};
//! # let analyses: Vec<(String, colead::Analysis)> = Vec::new();
//! let entries: Vec<IndexEntry> = analyses
//!     .iter()
//!     .map(|(path, a)| IndexEntry::new(path, format!("reports/{}", report_file_name(path)), a))
//!     .collect();
//! let failures = vec![IndexFailure { path: "bad.vtt".into(), message: "line 3: no cue timing".into() }];
//! let page = index(&entries, &failures); // write to OUT/index.html
//! assert!(page.contains("bad.vtt"));
//! ```

use std::fmt::{self, Write};

use super::markup::{esc, num, open_section, percent, plural, score};
use super::{head, pattern_class};
use crate::analysis::Analysis;
use crate::report::clock;
use crate::score::Pattern;

/// One meeting on the index page: what the overview shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The transcript's path as the run names it; shown, and the default order.
    pub path: String,
    /// Link to the meeting's report, relative to the index page
    /// (`reports/standup.txt-1f2e3d4c.html`). Characters outside
    /// `A-Z a-z 0-9 - . _ ~ /` are percent-encoded when written, so a link
    /// can never turn into a `javascript:` URL or leave its attribute.
    pub report: String,
    /// The format the transcript was read as.
    pub format: String,
    /// The group pattern.
    pub pattern: Pattern,
    /// Confidence in the pattern, 0.5–1.
    pub confidence: f64,
    /// Group flow 0–100.
    pub flow_score: f64,
    /// Utterances.
    pub utterances: u64,
    /// Speakers who said anything.
    pub speakers: usize,
    /// Length in seconds, where times exist.
    pub duration_seconds: Option<f64>,
    /// Creative abrasion per 100 utterances.
    pub abrasion: f64,
    /// Creative agility 0–1, when there was something to answer or take up.
    pub agility: Option<f64>,
    /// Creative resolution 0–1, when there were challenges.
    pub resolution: Option<f64>,
    /// Participation equality, 1 − Gini of talk.
    pub equality: f64,
    /// Timeline windows in flow.
    pub flow_windows: usize,
    /// Timeline windows.
    pub windows: usize,
    /// The speaker with the most lead acts.
    pub top_leader: Option<String>,
    /// Speakers who both lead and follow, in report order.
    pub concurrent_leaders: Vec<String>,
}

impl IndexEntry {
    /// The entry for an analysed meeting whose report is at `report`
    /// (relative to the index page).
    pub fn new(path: impl Into<String>, report: impl Into<String>, a: &Analysis) -> Self {
        let g = &a.scores.group;
        let f = &g.figures;
        IndexEntry {
            path: path.into(),
            report: report.into(),
            format: a.transcript.format.clone(),
            pattern: g.pattern,
            confidence: g.confidence,
            flow_score: f.flow_score,
            utterances: f.utterances,
            speakers: f.speakers,
            duration_seconds: f.duration_seconds,
            abrasion: f.abrasion,
            agility: f.agility,
            resolution: f.resolution,
            equality: f.equality,
            flow_windows: a.scores.timeline.flow_windows,
            windows: a.scores.timeline.windows.len(),
            top_leader: f.top_leader.clone(),
            concurrent_leaders: a
                .scores
                .speakers
                .iter()
                .filter(|s| s.leads() && s.follows())
                .map(|s| s.name.clone())
                .collect(),
        }
    }
}

/// A file the run could not analyse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFailure {
    /// Its path.
    pub path: String,
    /// What was wrong, with the line where it applies.
    pub message: String,
}

/// A file name for a meeting's report: the transcript's file name with
/// anything but `A-Z a-z 0-9 - . _` replaced by `_`, a hash of the whole
/// path (FNV-1a, 32 bits) so that `a/x.txt` and `b/x.txt` differ, and
/// `.html`. Deterministic, safe on every file system.
pub fn report_file_name(path: &str) -> String {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let mut clean: String = base
        .chars()
        .take(80)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() || clean.starts_with('.') {
        clean.insert(0, '_');
    }
    let mut hash: u32 = 0x811c_9dc5;
    for b in path.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{clean}-{hash:08x}.html")
}

/// Percent-encodes a relative link: only unreserved characters and `/` stay.
fn href(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for b in link.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The sorting script: a progressive enhancement, the table reads without it.
const SORT_JS: &str = r#"(function () {
  var table = document.getElementById("meetings");
  if (!table || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  function value(row, col) { return row.cells[col].getAttribute("data-v"); }
  function sortBy(col, desc) {
    var numeric = heads[col].getAttribute("data-type") === "num";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, col), y = value(b, col), c;
      if (x === "" || y === "") {
        c = (x === "") - (y === "");
        return c || a.getAttribute("data-i") - b.getAttribute("data-i");
      }
      c = numeric ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : x > y ? 1 : 0);
      if (desc) c = -c;
      return c || a.getAttribute("data-i") - b.getAttribute("data-i");
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    heads[col].setAttribute("aria-sort", desc ? "descending" : "ascending");
  }
  var byKey = {};
  Array.prototype.forEach.call(heads, function (th, col) {
    var key = th.getAttribute("data-key");
    if (!key) return;
    byKey[key] = col;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var desc = th.getAttribute("aria-sort") === "ascending" ||
        (!th.getAttribute("aria-sort") && th.getAttribute("data-type") === "num");
      sortBy(col, desc);
    });
  });
  var m = /sort=(-?)([a-z_]+)/.exec(location.hash);
  if (m && byKey.hasOwnProperty(m[2])) sortBy(byKey[m[2]], m[1] === "-");
  document.documentElement.classList.add("sortable");
})();"#;

/// Extra style for the index page.
const INDEX_CSS: &str = r#".page { max-width: 1400px; }
table.meetings { border-collapse: collapse; width: 100%; font-size: .95rem; }
table.meetings th, table.meetings td { padding: .35rem .5rem; border-bottom: 1px solid var(--line); text-align: right; vertical-align: middle; white-space: nowrap; }
table.meetings th { font-weight: 600; position: sticky; top: 0; background: var(--bg); }
table.meetings .l { text-align: left; }
table.meetings td.l { white-space: normal; overflow-wrap: anywhere; min-width: 9rem; }
table.meetings td.l:first-child { min-width: 15rem; }
table.meetings th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline dotted; }
table.meetings th[aria-sort=ascending] button::after { content: " ▲"; }
table.meetings th[aria-sort=descending] button::after { content: " ▼"; }
.sorthint { display: none; }
.sortable .sorthint { display: block; }
.flowcell { display: inline-flex; align-items: center; gap: .4rem; }
.flowcell .bar { width: 4rem; background: var(--line); }
.flowcell .bar span { display: block; height: 100%; background: var(--fg); border-radius: 3px; }
.counts { display: flex; flex-wrap: wrap; gap: .4rem 1.4rem; list-style: none; padding: 0; }
.counts li { display: flex; align-items: center; gap: .4rem; }
.strip { display: flex; height: 1.2rem; border-radius: 4px; overflow: hidden; margin: .4rem 0 1rem; }
.strip span { display: block; height: 100%; }
"#;

/// The index page: a summary of the patterns, then one row per meeting in
/// the order given (batch gives them by path), then the failures.
pub fn index(entries: &[IndexEntry], failures: &[IndexFailure]) -> String {
    let mut out = String::with_capacity(16 * 1024 + entries.len() * 1024);
    write_index(&mut out, entries, failures).expect("writing to a String cannot fail");
    out
}

fn write_index(out: &mut String, entries: &[IndexEntry], failures: &[IndexFailure]) -> fmt::Result {
    head(out, "Meetings · colead", INDEX_CSS)?;
    writeln!(out, r#"<body><div class="page">"#)?;
    writeln!(
        out,
        r#"<header class="top"><p class="brand">colead · meeting overview</p><p class="source">{} analysed{}</p></header>"#,
        plural(entries.len() as u64, "meeting"),
        if failures.is_empty() {
            String::new()
        } else {
            format!(" · {} could not be read", failures.len())
        }
    )?;
    writeln!(out, "<main>")?;
    summary(out, entries)?;
    open_section(out, "all", "Every meeting", None)?;
    writeln!(
        out,
        r#"<p class="small sorthint">Choose a column heading to sort by it; choose it again to reverse.</p>"#
    )?;
    table(out, entries)?;
    writeln!(out, "</section>")?;
    if !failures.is_empty() {
        writeln!(
            out,
            r#"<section id="failures" aria-labelledby="failures-h"><h2 id="failures-h">Files that could not be read</h2><ul class="warnings">"#
        )?;
        for f in failures {
            writeln!(
                out,
                "<li><strong>{}</strong>: {}</li>",
                esc(&f.path),
                esc(&f.message)
            )?;
        }
        writeln!(out, "</ul></section>")?;
    }
    writeln!(out, "</main>")?;
    writeln!(
        out,
        r#"<footer><p>Made by colead {}. Every figure's formula and threshold is in docs/metrics.md of colead.</p></footer>"#,
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "</div>\n<script>\n{SORT_JS}\n</script>")?;
    writeln!(out, "</body>\n</html>")
}

/// Pattern counts as a strip and a list, and the mean flow score.
fn summary(out: &mut String, entries: &[IndexEntry]) -> fmt::Result {
    writeln!(
        out,
        r#"<section id="summary" aria-labelledby="summary-h"><h1 id="summary-h">Patterns</h1>"#
    )?;
    if entries.is_empty() {
        return writeln!(out, "<p>No meeting was analysed.</p></section>");
    }
    let n = entries.len() as f64;
    let counts: Vec<(Pattern, usize)> = Pattern::ALL
        .iter()
        .map(|&p| (p, entries.iter().filter(|e| e.pattern == p).count()))
        .collect();
    writeln!(out, r#"<div class="strip" aria-hidden="true">"#)?;
    for (p, c) in counts.iter().filter(|(_, c)| *c > 0) {
        writeln!(
            out,
            r#"<span class="{}" style="width:{}%"></span>"#,
            pattern_class(*p),
            num(*c as f64 / n * 100.0, 2)
        )?;
    }
    writeln!(out, "</div>")?;
    writeln!(out, r#"<ul class="counts">"#)?;
    for (p, c) in &counts {
        writeln!(
            out,
            r#"<li><span class="swatch {}" aria-hidden="true">{}</span>{}: {c} ({})</li>"#,
            pattern_class(*p),
            p.letter(),
            p.as_str(),
            percent(*c as f64 / n)
        )?;
    }
    writeln!(out, "</ul>")?;
    let mean = entries.iter().map(|e| e.flow_score).sum::<f64>() / n;
    writeln!(
        out,
        "<p>Mean flow score {} of 100.</p></section>",
        num(mean, 0)
    )
}

/// A cell with a sort value: `v` is what the script compares.
fn cell(out: &mut String, v: &str, shown: &str, left: bool) -> fmt::Result {
    writeln!(
        out,
        r#"<td{} data-v="{}">{}</td>"#,
        if left { r#" class="l""# } else { "" },
        esc(v),
        shown
    )
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| num(x, 4))
}

fn table(out: &mut String, entries: &[IndexEntry]) -> fmt::Result {
    writeln!(
        out,
        r#"<div class="scroll"><table class="meetings" id="meetings"><caption class="vh">Every meeting with its pattern and figures</caption>"#
    )?;
    let columns = [
        ("path", "text", "Meeting"),
        ("pattern", "text", "Pattern"),
        ("flow_score", "num", "Flow score"),
        ("confidence", "num", "Confidence"),
        ("flow_windows", "num", "In flow"),
        ("utterances", "num", "Utterances"),
        ("speakers", "num", "Speakers"),
        ("duration", "num", "Length"),
        ("abrasion", "num", "Abrasion"),
        ("agility", "num", "Agility"),
        ("resolution", "num", "Resolution"),
        ("equality", "num", "Equality"),
        ("leaders", "text", "Leading and following"),
    ];
    write!(out, "<thead><tr>")?;
    for (i, (key, kind, label)) in columns.iter().enumerate() {
        let left = i < 2 || *key == "leaders";
        write!(
            out,
            r#"<th scope="col" data-key="{key}" data-type="{kind}"{}>{label}</th>"#,
            if left { r#" class="l""# } else { "" }
        )?;
    }
    writeln!(out, "</tr></thead>")?;
    writeln!(out, "<tbody>")?;
    for (i, e) in entries.iter().enumerate() {
        writeln!(out, r#"<tr data-i="{i}">"#)?;
        cell(
            out,
            &e.path,
            &format!(
                r#"<a href="{}">{}</a> <span class="small">{}</span>"#,
                esc(&href(&e.report)),
                esc(&e.path),
                esc(&e.format)
            ),
            true,
        )?;
        cell(
            out,
            e.pattern.as_str(),
            &format!(
                r#"<span class="swatch {}" aria-hidden="true">{}</span> {}"#,
                pattern_class(e.pattern),
                e.pattern.letter(),
                e.pattern.as_str()
            ),
            true,
        )?;
        cell(
            out,
            &num(e.flow_score, 4),
            &format!(
                r#"<span class="flowcell">{}<span class="bar"><span style="width:{}%"></span></span></span>"#,
                num(e.flow_score, 0),
                num(e.flow_score.clamp(0.0, 100.0), 1)
            ),
            false,
        )?;
        cell(out, &num(e.confidence, 4), &num(e.confidence, 2), false)?;
        let share = if e.windows > 0 {
            e.flow_windows as f64 / e.windows as f64
        } else {
            0.0
        };
        cell(
            out,
            &num(share, 4),
            &format!("{} of {}", e.flow_windows, e.windows),
            false,
        )?;
        cell(
            out,
            &e.utterances.to_string(),
            &e.utterances.to_string(),
            false,
        )?;
        cell(out, &e.speakers.to_string(), &e.speakers.to_string(), false)?;
        cell(
            out,
            &opt(e.duration_seconds),
            &e.duration_seconds.map_or_else(|| "–".to_string(), clock),
            false,
        )?;
        cell(out, &num(e.abrasion, 4), &num(e.abrasion, 1), false)?;
        cell(out, &opt(e.agility), &score(e.agility), false)?;
        cell(out, &opt(e.resolution), &score(e.resolution), false)?;
        cell(out, &num(e.equality, 4), &num(e.equality, 2), false)?;
        let who = if e.concurrent_leaders.is_empty() {
            e.top_leader
                .as_ref()
                .map(|t| format!("most leading: {t}"))
                .unwrap_or_default()
        } else {
            e.concurrent_leaders.join(", ")
        };
        cell(out, &who, &esc(&who), true)?;
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_are_safe_and_distinct() {
        assert_eq!(
            report_file_name("fixtures/flow-seed-story.txt"),
            format!(
                "flow-seed-story.txt-{:08x}.html",
                fnv("fixtures/flow-seed-story.txt")
            )
        );
        let a = report_file_name("a/x y.txt");
        let b = report_file_name("b/x y.txt");
        assert!(a.starts_with("x_y.txt-") && b.starts_with("x_y.txt-"));
        assert_ne!(a, b, "the hash of the whole path tells them apart");
        assert!(report_file_name("../../etc/.passwd").starts_with("_.passwd-"));
        assert!(report_file_name("").starts_with('_'));
    }

    /// FNV-1a worked by the definition: offset basis, xor, multiply by the prime.
    fn fnv(s: &str) -> u32 {
        s.bytes().fold(2_166_136_261u32, |h, b| {
            (h ^ b as u32).wrapping_mul(16_777_619)
        })
    }

    #[test]
    fn links_are_percent_encoded() {
        assert_eq!(href("reports/a b.html"), "reports/a%20b.html");
        assert_eq!(href("javascript:alert(1)"), "javascript%3Aalert%281%29");
        assert_eq!(href(r#""><x"#), "%22%3E%3Cx");
    }
}
