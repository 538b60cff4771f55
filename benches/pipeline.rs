//! Throughput of each stage, side by side in one run: parse + segment,
//! classify, score, the re-reading of concessions that go on to advance a
//! position, and the whole pipeline, on a long meeting made by
//! repeating a fixture; plus classification alone over the MRDA train split
//! when `../shared/data` is present.
//!
//! Run: `cargo bench --bench pipeline` (figures are utterances per second).

use std::hint::black_box;
use std::path::Path;

use colead::classify::{Classifier, ModelClassifier, RuleClassifier};
use colead::{analyze, score, transcript};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const REPEAT: usize = 200;

fn long_meeting() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let one = std::fs::read_to_string(root.join("fixtures/flow-seed-story.txt")).expect("fixture");
    one.repeat(REPEAT)
}

fn stages(c: &mut Criterion) {
    let text = long_meeting();
    let path = Path::new("bench.txt");
    let classifier = ModelClassifier::builtin();
    let t = transcript::parse_text(&text, path).expect("parses");
    let labels = classifier.classify(&t);
    let n = t.utterances.len() as u64;

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Elements(n));
    g.bench_function("parse+segment", |b| {
        b.iter(|| transcript::parse_text(black_box(&text), path).expect("parses"))
    });
    g.bench_function("classify", |b| {
        b.iter(|| classifier.classify(black_box(&t)))
    });
    g.bench_function("score", |b| {
        b.iter(|| score::score(black_box(&t), black_box(&labels)))
    });
    g.bench_function("concessions that advance", |b| {
        b.iter(|| colead::analysis::advancing(black_box(&t), black_box(&labels), &classifier))
    });
    g.bench_function("whole pipeline", |b| {
        b.iter(|| {
            let t = transcript::parse_text(black_box(&text), path).expect("parses");
            analyze(t, &classifier)
        })
    });
    g.finish();
}

fn mrda(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mrda/train");
    if !dir.is_dir() {
        eprintln!("skipping the MRDA benchmark: {} not found", dir.display());
        return;
    }
    let files = colead::eval::collect_files(&[dir]).expect("lists files");
    let meetings: Vec<_> = files
        .iter()
        .flat_map(|f| colead::eval::read_labeled(f).expect("reads"))
        .collect();
    let n: usize = meetings.iter().map(|m| m.transcript.utterances.len()).sum();
    let rules = RuleClassifier::new();
    let model = ModelClassifier::builtin();
    // As batch runs it when no output shows evidence.
    let labels_only = ModelClassifier::builtin().without_explanations();

    let mut g = c.benchmark_group("mrda-train");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("read+parse", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| colead::eval::read_labeled(f).expect("reads").len())
                .sum::<usize>()
        })
    });
    for (name, classifier) in [
        ("classify (rules)", &rules as &dyn Classifier),
        ("classify (rules + model)", &model),
        ("classify (rules + model, no explanations)", &labels_only),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                meetings
                    .iter()
                    .map(|m| classifier.classify(&m.transcript).len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, mrda);
criterion_main!(benches);
