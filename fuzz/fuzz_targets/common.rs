// Shared by the fuzz targets: bytes through decoding, the family's parsers,
// and the whole pipeline for whatever parses.

use std::path::Path;
use std::sync::LazyLock;

use colead::classify::RuleClassifier;
use colead::transcript::{decode, formats, parse_as};

static CLASSIFIER: LazyLock<RuleClassifier> = LazyLock::new(RuleClassifier::new);

pub fn run(data: &[u8], family: &[&str]) {
    let path = Path::new("fuzz");
    let Ok(decoded) = decode(data, path) else { return };
    let _ = formats::detect(&decoded.text, path);
    for &parser in formats::all() {
        if !family.iter().any(|f| parser.name().starts_with(f)) {
            continue;
        }
        let _ = parser.detect(&decoded.text);
        if let Ok(t) = parse_as(parser, &decoded.text, path) {
            let a = colead::analyze(t, &*CLASSIFIER);
            assert_eq!(a.classified.len(), a.transcript.utterances.len());
        }
    }
}
