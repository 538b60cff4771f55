//! Property tests: arbitrary bytes and mutated fixtures never make any parser
//! or the pipeline panic, and whatever comes out is well-formed.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use colead::classify::RuleClassifier;
use colead::transcript::{decode, formats, parse_as, Transcript};
use proptest::prelude::*;

static CLASSIFIER: LazyLock<RuleClassifier> = LazyLock::new(RuleClassifier::new);

/// Every fixture file, recursively, sorted.
fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut out,
    );
    out.sort();
    out
}

static FIXTURES: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    fixtures()
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
});

/// Runs `bytes` through decoding and every parser, then the whole pipeline
/// with each transcript that parsed; checks what comes out.
fn survives(bytes: &[u8]) {
    let path = Path::new("prop.txt");
    let Ok(decoded) = decode(bytes, path) else {
        return;
    };
    for &parser in formats::all() {
        let _ = parser.detect(&decoded.text);
        if let Ok(t) = parse_as(parser, &decoded.text, path) {
            well_formed(&t);
            let a = colead::analyze(t, &*CLASSIFIER);
            assert_eq!(a.classified.len(), a.transcript.utterances.len());
            for s in &a.scores.speakers {
                for x in [s.leading, s.following, s.concurrency]
                    .into_iter()
                    .flatten()
                {
                    assert!((0.0..=1.0).contains(&x), "score out of range: {x}");
                }
            }
            let eq = a.scores.group.figures.equality;
            assert!((0.0..=1.0).contains(&eq), "equality out of range: {eq}");
        }
    }
}

fn well_formed(t: &Transcript) {
    assert!(
        !t.utterances.is_empty(),
        "parse_as never returns an empty transcript"
    );
    for u in &t.utterances {
        assert!(u.speaker < t.speakers.len());
        assert!(u.line >= 1);
        if let (Some(s), Some(e)) = (u.start, u.end) {
            assert!(s.is_finite() && e.is_finite());
        }
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let n = bytes.len();
    match *edit {
        Edit::Flip(i, b) if n > 0 => bytes[i % n] ^= b,
        Edit::Insert(i, b) => bytes.insert(i % (n + 1), b),
        Edit::Delete(i) if n > 0 => {
            bytes.remove(i % n);
        }
        Edit::Truncate(i) => bytes.truncate(i % (n + 1)),
        _ => {}
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        // Structural bytes are the interesting insertions.
        (
            any::<usize>(),
            prop::sample::select(b"\n\r:,\"{}[]<>-0123456789 \t".to_vec())
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        survives(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,600}") {
        survives(text.as_bytes());
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        prop_assume!(!FIXTURES.is_empty());
        let mut bytes = FIXTURES[which.index(FIXTURES.len())].clone();
        for e in &edits {
            apply(&mut bytes, e);
        }
        survives(&bytes);
    }
}

#[test]
fn every_fixture_survives_every_parser() {
    for bytes in FIXTURES.iter() {
        survives(bytes);
    }
}
