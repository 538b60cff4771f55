//! Parse speed on large files, one per format family: WebVTT, JSON
//! (WhisperX), CSV and plain text, each ≥ 100 MB, generated in memory.
//! Prints MB/s for parsing alone and for parsing plus segmentation (best of
//! 3 runs), and the process's peak resident memory at the end.
//!
//! Run: `cargo bench --bench formats` (set `COLEAD_BENCH_MB` for another size,
//! `COLEAD_BENCH_FORMATS=webvtt,csv` for some formats only).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use colead::transcript::{formats, parse_as};

const LINES: [(&str, &str); 4] = [
    (
        "Ana Souza",
        "I think we should move the release to June, the beta feedback will be in by then.",
    ),
    (
        "Ben Carter",
        "Why June? We promised the docs team a May date and they planned around it.",
    ),
    ("Chloé Martin", "Okay."),
    (
        "Ana Souza",
        "Good idea, let's do that. I'll email marketing today.",
    ),
];

fn clock(t: f64) -> String {
    let ms = (t * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Builds a file of at least `bytes` by repeating records made by `record`.
fn build(
    bytes: usize,
    head: &str,
    tail: &str,
    record: impl Fn(&mut String, usize, f64, &str, &str),
) -> String {
    let mut out = String::with_capacity(bytes + 1024);
    out.push_str(head);
    let mut i = 0;
    while out.len() < bytes {
        let (who, text) = LINES[i % LINES.len()];
        // Times wrap within a day, as in a day's worth of meetings: a
        // `[hh:mm:ss]` stamp has two hour digits.
        record(&mut out, i, (i as f64 * 4.0) % 86_400.0, who, text);
        i += 1;
    }
    out.push_str(tail);
    out
}

fn vtt(bytes: usize) -> String {
    build(bytes, "WEBVTT\n\n", "", |o, i, t, who, text| {
        let _ = write!(
            o,
            "{}\n{} --> {}\n{who}: {text}\n\n",
            i + 1,
            clock(t),
            clock(t + 3.5)
        );
    })
}

fn whisperx(bytes: usize) -> String {
    let mut s = build(bytes, "{\"segments\": [\n", "", |o, i, t, who, text| {
        let sep = if i == 0 { "" } else { ",\n" };
        let _ = write!(o, "{sep}{{\"start\": {t:.3}, \"end\": {:.3}, \"text\": \" {text}\", \"speaker\": \"{who}\"}}", t + 3.5);
    });
    s.push_str("\n]}\n");
    s
}

fn csv(bytes: usize) -> String {
    build(
        bytes,
        "speaker,start,end,text\n",
        "",
        |o, _, t, who, text| {
            let _ = writeln!(o, "{who},{t:.3},{:.3},\"{text}\"", t + 3.5);
        },
    )
}

fn plain(bytes: usize) -> String {
    build(bytes, "", "", |o, _, t, who, text| {
        let _ = writeln!(o, "[{}] {who}: {text}", &clock(t)[..8]);
    })
}

fn best_of_3(f: impl Fn() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..3 {
        let start = Instant::now();
        n = f();
        best = best.min(start.elapsed().as_secs_f64());
    }
    (best, n)
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not used here.
    let mb: usize = std::env::var("COLEAD_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let bytes = mb * 1024 * 1024;
    let path = Path::new("bench");
    println!(
        "{:<10} {:>8} {:>12} {:>14} {:>12}",
        "format", "MB", "parse MB/s", "+segment MB/s", "utterances"
    );
    let only = std::env::var("COLEAD_BENCH_FORMATS").unwrap_or_default();
    type Builder = fn(usize) -> String;
    let builders: [(&str, Builder); 4] = [
        ("webvtt", vtt),
        ("whisperx", whisperx),
        ("csv", csv),
        ("plain", plain),
    ];
    for (name, build) in builders {
        if !only.is_empty() && !only.split(',').any(|f| f == name) {
            continue;
        }
        let Some(parser) = formats::by_name(name) else {
            println!("{name:<10} (no such format in this build)");
            continue;
        };
        let text = build(bytes);
        let size = text.len() as f64 / (1024.0 * 1024.0);
        let (parse, _) = best_of_3(|| parser.parse(&text, path).map_or(0, |p| p.turns.len()));
        let (whole, n) =
            best_of_3(|| parse_as(parser, &text, path).map_or(0, |t| t.utterances.len()));
        println!(
            "{name:<10} {size:>8.1} {:>12.1} {:>14.1} {n:>12}",
            size / parse,
            size / whole
        );
    }
    if let Some(rss) = peak_rss_mb() {
        println!("peak RSS {rss:.0} MB (includes the generated inputs, which stay in memory one at a time)");
    }
}
