//! The PySpark example (examples/pyspark_batch.py) pipes a folder through
//! `colead stream` in Spark's local mode and must agree with `colead batch`.
//! Runs when `pyspark` and Java are installed; skipped with a message
//! otherwise (CI does not install Spark: it is large and slow to start).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

fn works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// path → (pattern, utterances, equality) from a CSV with those columns.
fn by_path(csv_text: &str) -> HashMap<String, (String, String, String)> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header = r.headers().expect("header").clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (path, pattern, utterances, equality) = (
        col("path"),
        col("pattern"),
        col("utterances"),
        col("equality"),
    );
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            (
                rec[path].to_string(),
                (
                    rec[pattern].to_string(),
                    rec[utterances].to_string(),
                    rec[equality].to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn pyspark_example_agrees_with_batch() {
    if !works("python3", &["-c", "import pyspark"]) {
        eprintln!("skipped: pyspark is not installed (pip install pyspark)");
        return;
    }
    if !works("java", &["-version"]) {
        eprintln!("skipped: Spark needs Java, and `java -version` failed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = root.join("fixtures/same-meeting");
    let colead = assert_cmd::cargo::cargo_bin("colead");
    let spark = Command::new("python3")
        .arg(root.join("examples/pyspark_batch.py"))
        .arg(&folder)
        .arg("--colead")
        .arg(&colead)
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&spark.stderr);
    assert!(spark.status.success(), "the example failed:\n{stderr}");
    let spark = by_path(&String::from_utf8(spark.stdout).expect("UTF-8"));

    let batch = Command::new(&colead)
        .arg("batch")
        .arg(&folder)
        .arg("-q")
        .output()
        .expect("colead runs");
    assert!(batch.status.success());
    let batch = by_path(&String::from_utf8(batch.stdout).expect("UTF-8"));

    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(batch.len(), files);
    assert_eq!(spark.len(), files, "one row per file");
    for (path, figures) in &batch {
        // Spark names files by absolute path; batch as given (also absolute here).
        assert_eq!(spark.get(path), Some(figures), "{path}");
    }
}
