//! The HTML report as a person sees it: every fixture's report opened in a
//! real headless browser (Debian's `chromium`; `.ci/run` installs it), at
//! desktop and phone width, in light and dark mode. Each page must load
//! without a console message, draw one dot per speaker and one timeline
//! cell per window, fit the phone's width, keep its text readable (WCAG
//! contrast), filter the utterances with CSS alone, and give a screenshot
//! that is not blank. Screenshots are kept under the target directory
//! (`html-screenshots/`) for people to look at.
//!
//! Without chromium the tests say so and pass: they check a browser, and a
//! machine without one has nothing to check.

#[path = "support/html.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use colead::classify::Label;
use colead::report::html::{index, report, report_file_name, IndexEntry};
use support::{analyze, report_fixtures};

/// One browser at a time: the machines are shared and small.
static BROWSER: Mutex<()> = Mutex::new(());

/// A browser may take a while to start on a busy machine, but not forever.
const TIMEOUT: Duration = Duration::from_secs(120);

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("COLEAD_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// The browser, or `None` after saying why the test does nothing.
fn browser_or_skip(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        // Written past the test harness's capture, so the skip shows in a
        // plain `cargo test` run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: no chromium on PATH (Debian: apt-get install chromium; or set COLEAD_CHROMIUM); .ci/run installs it"
        );
    }
    found
}

/// A screenshot, decoded.
struct Shot {
    width: u32,
    height: u32,
    /// RGB, row by row.
    rgb: Vec<[u8; 3]>,
}

impl Shot {
    fn decode(path: &Path) -> Shot {
        let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("a frame");
        let channels = info.color_type.samples();
        let rgb = buf[..info.buffer_size()]
            .chunks(channels)
            .map(|p| match channels {
                1 | 2 => [p[0], p[0], p[0]],
                _ => [p[0], p[1], p[2]],
            })
            .collect();
        Shot {
            width: info.width,
            height: info.height,
            rgb,
        }
    }

    fn background(&self) -> [u8; 3] {
        self.rgb[0]
    }

    fn distinct_colours(&self) -> usize {
        let mut all: Vec<[u8; 3]> = self.rgb.clone();
        all.sort();
        all.dedup();
        all.len()
    }

    /// Share of pixels that differ from the background.
    fn ink(&self) -> f64 {
        let bg = self.background();
        self.rgb.iter().filter(|&&p| p != bg).count() as f64 / self.rgb.len() as f64
    }

    /// Pixels within 2 of `colour` in every channel.
    fn pixels_of(&self, colour: [u8; 3]) -> usize {
        self.rgb
            .iter()
            .filter(|p| p.iter().zip(colour).all(|(a, b)| a.abs_diff(b) <= 2))
            .count()
    }
}

/// What the browser made of a page.
struct Page {
    dom: String,
    console: Vec<String>,
    shot: Shot,
    shot_path: PathBuf,
}

/// Opens `url` at `width` × `height`, light or dark, and returns the DOM
/// after load, the console messages and the screenshot.
fn open(browser: &Path, url: &str, width: u32, height: u32, dark: bool, name: &str) -> Page {
    let _one_at_a_time = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let profile = tempfile::tempdir().expect("temp dir");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let shot_path = shots.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&shot_path);
    let err_path = profile.path().join("stderr.txt");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .arg(format!(
            "--blink-settings=preferredColorScheme={}",
            if dark { 0 } else { 1 }
        ))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", shot_path.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", browser.display()));
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: the browser did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let dom = reader.join().expect("reader").expect("DOM as UTF-8");
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(
        status.success(),
        "{name}: browser failed: {status}\n{stderr}"
    );
    // Chromium logs what a page writes to its console, errors included
    // (a failed load, a script error), as `INFO:CONSOLE` lines.
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    assert!(
        shot_path.is_file(),
        "{name}: no screenshot written\n{stderr}"
    );
    Page {
        dom,
        console,
        shot: Shot::decode(&shot_path),
        shot_path,
    }
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A script added at the end of a report's body: it measures
/// the page as laid out, works the filters as a person would (checking
/// radio buttons), and writes what it found into an attribute of `<html>`
/// for the DOM dump. The report itself has no script.
const PROBE: &str = r#"<script>
(function () {
  function shown(el) { return getComputedStyle(el).display !== "none" && el.getClientRects().length > 0; }
  function count(sel) { return Array.prototype.filter.call(document.querySelectorAll(sel), shown).length; }
  var de = document.documentElement, r = {};
  r.scrollWidth = de.scrollWidth;
  r.clientWidth = de.clientWidth;
  r.dots = count("svg.chart circle.dot");
  r.wide = count("svg.timeline.wide");
  r.narrow = count("svg.timeline.narrow");
  var strip = Array.prototype.filter.call(document.querySelectorAll("svg.timeline"), shown)[0];
  r.cells = strip ? Array.prototype.filter.call(strip.querySelectorAll("rect.cell"), function (c) {
    var b = c.getBoundingClientRect(); return b.width > 0 && b.height > 0;
  }).length : -1;
  var chart = document.querySelector("svg.chart").getBoundingClientRect();
  r.chartWidth = chart.width;
  r.fg = getComputedStyle(document.body).color;
  r.bg = getComputedStyle(document.body).backgroundColor;
  r.muted = getComputedStyle(document.querySelector(".source")).color;
  r.all = count("li.u");
  document.getElementById("fs-1").checked = true;
  r.speaker1 = count("li.u");
  document.getElementById("fc-question").checked = true;
  r.speaker1Questions = count("li.u");
  document.getElementById("fs-all").checked = true;
  r.questions = count("li.u");
  document.getElementById("fc-all").checked = true;
  r.restored = count("li.u");
  var host = window.parent !== window ? window.parent.document.documentElement : de;
  host.setAttribute("data-probe", JSON.stringify(r));
})();
</script>
"#;

/// The report with the probe, framed at exactly `width` × `height` CSS
/// pixels: a headless window is never narrower than 500 pixels, but a frame
/// is, and media queries inside it see its width, as on a phone. The frame
/// shares the page's origin (`srcdoc`), so the probe can report upwards.
fn framed_with_probe(html: &str, (width, height): (u32, u32)) -> String {
    let inner = html.replacen("</body>", &format!("{PROBE}</body>"), 1);
    let attr = inner.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>html,body{{margin:0;padding:0;overflow:hidden}}iframe{{border:0;display:block}}</style></head>\n<body><iframe width=\"{width}\" height=\"{height}\" srcdoc=\"{attr}\"></iframe></body></html>\n"
    )
}

/// The probe's findings from the DOM dump.
fn probe(dom: &str, name: &str) -> serde_json::Value {
    let start = dom
        .find("data-probe=\"")
        .unwrap_or_else(|| panic!("{name}: the probe did not run"))
        + "data-probe=\"".len();
    let end = dom[start..].find('"').expect("end of attribute") + start;
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}: {json}"))
}

fn int(v: &serde_json::Value, key: &str) -> i64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}")) as i64
}

/// `rgb(r, g, b)` as numbers.
fn rgb(css: &str) -> [f64; 3] {
    let inner = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')');
    let v: Vec<f64> = inner
        .split(',')
        .map(|x| x.trim().parse().expect("a number"))
        .collect();
    [v[0], v[1], v[2]]
}

/// WCAG 2 contrast ratio of two sRGB colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let ch = |x: f64| {
            let x = x / 255.0;
            if x <= 0.03928 {
                x / 12.92
            } else {
                ((x + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn contrast_by_the_wcag_formula() {
    // Black on white is 21:1; equal colours 1:1; #767676 on white is the
    // well-known 4.54:1.
    assert!((contrast([0.0; 3], [255.0; 3]) - 21.0).abs() < 1e-9);
    assert!((contrast([9.0; 3], [9.0; 3]) - 1.0).abs() < 1e-9);
    assert!((contrast([118.0; 3], [255.0; 3]) - 4.54).abs() < 0.01);
}

/// The colour of each pattern, as the style sheet sets it.
fn pattern_rgb(p: colead::score::Pattern) -> [u8; 3] {
    use colead::score::Pattern::*;
    match p {
        Flow => [0x00, 0x9e, 0x73],
        Hierarchy => [0x00, 0x72, 0xb2],
        Chaos => [0xd5, 0x5e, 0x00],
        Stagnation => [0xf0, 0xe4, 0x42],
    }
}

struct Expect {
    speakers: usize,
    windows: usize,
    utterances: usize,
    speaker1: usize,
    speaker1_questions: usize,
    questions: usize,
    pattern: colead::score::Pattern,
}

fn expect_for(a: &colead::Analysis) -> Expect {
    let u = &a.transcript.utterances;
    let of = |speaker: Option<usize>, label: Option<Label>| {
        u.iter()
            .zip(&a.classified)
            .filter(|(u, c)| {
                speaker.is_none_or(|s| u.speaker == s) && label.is_none_or(|l| c.label == l)
            })
            .count()
    };
    Expect {
        speakers: a.scores.speakers.len(),
        windows: a.scores.timeline.windows.len(),
        utterances: u.len(),
        speaker1: of(Some(1), None),
        speaker1_questions: of(Some(1), Some(Label::Question)),
        questions: of(None, Some(Label::Question)),
        pattern: a.scores.group.pattern,
    }
}

/// Everything checked of one report at one size and colour scheme.
fn check_report(browser: &Path, name: &str, html: &str, e: &Expect, size: (u32, u32), dark: bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("{name}.html"));
    std::fs::write(&path, framed_with_probe(html, size)).expect("write report");
    let page = open(browser, &file_url(&path), size.0, size.1, dark, name);
    assert!(
        page.console.is_empty(),
        "{name}: console messages: {:?}",
        page.console
    );
    let p = probe(&page.dom, name);
    // The charts have what they should, as laid out by the browser.
    assert_eq!(
        int(&p, "dots"),
        e.speakers as i64,
        "{name}: one dot per speaker"
    );
    assert_eq!(
        int(&p, "cells"),
        e.windows as i64,
        "{name}: one cell per window"
    );
    let phone = size.0 < 520;
    assert_eq!(
        (int(&p, "wide"), int(&p, "narrow")),
        if phone { (0, 1) } else { (1, 0) },
        "{name}: the strip drawn for this width"
    );
    // Laid out at the width asked for (less a scrollbar, if one shows) ...
    let client = int(&p, "clientWidth");
    assert!(
        client <= size.0 as i64 && client >= size.0 as i64 - 20,
        "{name}: laid out {client} wide: {p}"
    );
    // ... and nothing wider than that.
    assert!(
        int(&p, "scrollWidth") <= int(&p, "clientWidth"),
        "{name}: page scrolls sideways: {p}"
    );
    assert!(
        p["chartWidth"].as_f64().unwrap_or(0.0) > 250.0,
        "{name}: chart too small: {p}"
    );
    // Readable text (WCAG AA: 4.5:1; body text AAA: 7:1).
    let (fg, bg, muted) = (
        rgb(p["fg"].as_str().expect("fg")),
        rgb(p["bg"].as_str().expect("bg")),
        rgb(p["muted"].as_str().expect("muted")),
    );
    assert!(contrast(fg, bg) >= 7.0, "{name}: body text contrast {p}");
    assert!(
        contrast(muted, bg) >= 4.5,
        "{name}: muted text contrast {p}"
    );
    let luma = |c: [f64; 3]| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    if dark {
        assert!(
            luma(bg) < 40.0,
            "{name}: dark mode has a dark background: {p}"
        );
    } else {
        assert!(luma(bg) > 240.0, "{name}: light background: {p}");
    }
    // The filters work with CSS alone.
    assert_eq!(int(&p, "all"), e.utterances as i64, "{name}");
    assert_eq!(
        int(&p, "speaker1"),
        e.speaker1 as i64,
        "{name}: speaker filter"
    );
    assert_eq!(
        int(&p, "speaker1Questions"),
        e.speaker1_questions as i64,
        "{name}: speaker and class filters together"
    );
    assert_eq!(
        int(&p, "questions"),
        e.questions as i64,
        "{name}: class filter"
    );
    assert_eq!(int(&p, "restored"), e.utterances as i64, "{name}");
    // The screenshot is the page, not a blank.
    let s = &page.shot;
    assert_eq!((s.width, s.height), size, "{name}: screenshot size");
    assert!(
        s.distinct_colours() >= 32,
        "{name}: {} colours in {}",
        s.distinct_colours(),
        page.shot_path.display()
    );
    assert!(
        s.ink() > 0.03,
        "{name}: nearly blank ({:.3}) {}",
        s.ink(),
        page.shot_path.display()
    );
    let bg_px = s.background();
    let bg_luma =
        0.2126 * f64::from(bg_px[0]) + 0.7152 * f64::from(bg_px[1]) + 0.0722 * f64::from(bg_px[2]);
    assert_eq!(
        bg_luma < 128.0,
        dark,
        "{name}: screenshot background {bg_px:?}"
    );
    // The verdict's colour is on screen (its badge and border).
    assert!(
        s.pixels_of(pattern_rgb(e.pattern)) > 200,
        "{name}: the {} colour is missing from {}",
        e.pattern,
        page.shot_path.display()
    );
}

#[test]
fn every_fixture_report_in_a_desktop_browser() {
    let Some(browser) = browser_or_skip("every_fixture_report_in_a_desktop_browser") else {
        return;
    };
    for (name, path, window) in report_fixtures() {
        let a = analyze(&path, window);
        check_report(
            &browser,
            &name,
            &report(&a),
            &expect_for(&a),
            (1280, 1800),
            false,
        );
    }
}

#[test]
fn reports_at_phone_width_and_in_dark_mode() {
    let Some(browser) = browser_or_skip("reports_at_phone_width_and_in_dark_mode") else {
        return;
    };
    let root = support::root();
    let timed = analyze(&root.join("fixtures/timed/release-planning.vtt"), None);
    let flow = analyze(&root.join("fixtures/flow-seed-story.txt"), None);
    let (t, f) = (report(&timed), report(&flow));
    check_report(
        &browser,
        "release-planning-phone",
        &t,
        &expect_for(&timed),
        (390, 1600),
        false,
    );
    check_report(
        &browser,
        "release-planning-phone-dark",
        &t,
        &expect_for(&timed),
        (390, 1600),
        true,
    );
    check_report(
        &browser,
        "flow-seed-story-dark",
        &f,
        &expect_for(&flow),
        (1280, 1800),
        true,
    );
}

/// The batch index page: its script sorts the table on load when the URL
/// asks (`#sort=-flow_score`), without a console message.
#[test]
fn index_page_sorts_in_the_browser() {
    let Some(browser) = browser_or_skip("index_page_sorts_in_the_browser") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut entries = Vec::new();
    for (name, path, window) in report_fixtures() {
        let a = analyze(&path, window);
        let shown = format!("fixtures/{name}");
        let file = report_file_name(&shown);
        std::fs::create_dir_all(dir.path().join("reports")).expect("dir");
        std::fs::write(dir.path().join("reports").join(&file), report(&a)).expect("write");
        entries.push(IndexEntry::new(shown, format!("reports/{file}"), &a));
    }
    let page_path = dir.path().join("index.html");
    std::fs::write(&page_path, index(&entries, &[])).expect("write index");
    let url = format!("{}#sort=-flow_score", file_url(&page_path));
    let page = open(&browser, &url, 1280, 900, false, "index-sorted");
    assert!(page.console.is_empty(), "console: {:?}", page.console);
    // Rows in descending flow score, ties in the order given.
    let mut expected: Vec<usize> = (0..entries.len()).collect();
    expected.sort_by(|&a, &b| {
        entries[b]
            .flow_score
            .total_cmp(&entries[a].flow_score)
            .then(a.cmp(&b))
    });
    let body = &page.dom[page.dom.find("<tbody>").expect("tbody")..];
    let order: Vec<usize> = support::attr_values(body, "data-i")
        .iter()
        .map(|v| v.parse().expect("index"))
        .collect();
    assert_eq!(order, expected);
    assert!(page
        .dom
        .contains(r#"data-key="flow_score" data-type="num" aria-sort="descending"><button type="button">Flow score</button>"#));
    assert!(page.shot.ink() > 0.03, "blank index page");
    // Every report the index links to exists beside it.
    for e in &entries {
        assert!(dir.path().join(&e.report).is_file(), "{}", e.report);
    }
}
