//! Across formats: detection from content, the same meeting in every format,
//! and the real QMSum meetings.

use std::path::{Path, PathBuf};

use colead::classify::{Label, RuleClassifier};
use colead::transcript::{decode, formats, parse_text, Transcript};
use colead::{analyze, Analysis};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn load(path: &Path) -> Transcript {
    let bytes = std::fs::read(path).expect("readable");
    let decoded = decode(&bytes, path).expect("decodes");
    parse_text(&decoded.text, path).unwrap_or_else(|e| panic!("{e}"))
}

/// The format a fixture is written in, from its name: `fixtures/formats/`
/// files start with the format name (`webvtt-zoom.vtt`), `same-meeting/`
/// files carry it in the middle (`meeting.webvtt.vtt`).
fn intended_format(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("utf-8 name");
    if let Some(rest) = name.strip_prefix("meeting.") {
        return rest.split('.').next().expect("format part").to_string();
    }
    formats::all()
        .iter()
        .map(|p| p.name())
        .filter(|f| name.starts_with(f))
        .max_by_key(|f| f.len())
        .unwrap_or_else(|| panic!("{name} names no format"))
        .to_string()
}

#[test]
fn detection_picks_the_intended_format_for_every_fixture() {
    let mut checked = 0;
    for dir in ["fixtures/formats", "fixtures/same-meeting"] {
        for path in files_in(&root().join(dir)) {
            let bytes = std::fs::read(&path).expect("readable");
            let text = decode(&bytes, &path).expect("decodes").text;
            // Content only: the path given to detection has no extension.
            let detected = formats::detect(&text, Path::new("transcript")).expect("detected");
            assert_eq!(
                detected.name(),
                intended_format(&path),
                "{}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
}

#[test]
fn detection_ignores_a_misleading_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = root().join("fixtures/same-meeting/meeting.plain.txt");
    let renamed = dir.path().join("meeting.vtt");
    std::fs::copy(src, &renamed).expect("copy");
    assert_eq!(load(&renamed).format, "plain");
}

/// What must not depend on the format: the words, who said them (up to
/// naming), the labels, and every figure that is not about time.
fn signature(a: &Analysis) -> (Vec<(usize, String, Label)>, String, Vec<String>) {
    let t = &a.transcript;
    let said = t
        .utterances
        .iter()
        .zip(&a.classified)
        .map(|(u, c)| (u.speaker, u.text.clone(), c.label))
        .collect();
    let mut speakers: Vec<_> = a.scores.speakers.clone();
    speakers.sort_by_key(|s| s.id);
    // Not talk share: it is in seconds where a format carries times, and
    // each file carries the times its format can.
    let figures = speakers
        .iter()
        .map(|s| {
            format!(
                "{} {} {:?} {:?} {:?} {}",
                s.utterances,
                s.words,
                s.leading,
                s.following,
                s.concurrency,
                s.style.as_str(),
            )
        })
        .collect();
    (said, format!("{:?}", a.scores.group.pattern), figures)
}

#[test]
fn the_same_meeting_reads_the_same_in_every_format() {
    let dir = root().join("fixtures/same-meeting");
    let classifier = RuleClassifier::new();
    let reference = analyze(load(&dir.join("meeting.plain.txt")), &classifier);
    let expected = signature(&reference);
    assert_eq!(reference.transcript.utterances.len(), 8);
    let mut formats_seen = Vec::new();
    for path in files_in(&dir) {
        let a = analyze(load(&path), &classifier);
        assert_eq!(signature(&a), expected, "{}", path.display());
        assert_eq!(a.transcript.speakers.len(), 3, "{}", path.display());
        formats_seen.push(a.transcript.format.clone());
    }
    formats_seen.sort();
    // Every format writes it, but whisper, which has no speakers to tell apart.
    let mut every_format: Vec<String> = formats::all()
        .iter()
        .map(|p| p.name().to_string())
        .filter(|n| n != "whisper")
        .collect();
    every_format.sort();
    assert_eq!(
        formats_seen, every_format,
        "one same-meeting file per format"
    );
}

#[test]
fn every_qmsum_meeting_parses_and_analyzes() {
    let dir = root().join("../shared/data/qmsum/train");
    if !dir.is_dir() {
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let classifier = RuleClassifier::new();
    let files = files_in(&dir);
    assert_eq!(files.len(), 162);
    for path in files {
        let t = load(&path);
        assert_eq!(t.format, "qmsum", "{}", path.display());
        let a = analyze(t, &classifier);
        assert!(a.transcript.utterances.len() > 10, "{}", path.display());
        assert!(a.transcript.speakers.len() >= 2, "{}", path.display());
    }
}
