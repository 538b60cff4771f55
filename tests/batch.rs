//! `colead batch` and `colead stream` end to end: the tables read back with
//! the csv crate, exit codes, bad files in the middle of an archive,
//! determinism across --jobs, the manifest cache, and the stream protocol.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use colead::batch::stream::Reply;
use colead::report::table;
use colead::report::AnalysisDoc;

fn colead() -> Command {
    Command::cargo_bin("colead").expect("binary builds")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A small meeting whose figures are worked out by hand below.
const SHIP: &str = "[00:00:00] Ann: We should ship on Friday.\n\
[00:00:10] Bob: Why Friday?\n\
[00:00:20] Ann: Because the client demo is Monday.\n";

/// A CSV table as header + rows of (column → cell).
fn read_table(path: &Path) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("RFC 4180 row");
            assert_eq!(rec.len(), header.len(), "every row has every column");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

/// Runs `colead batch ARGS`; (exit code, stdout, stderr).
fn batch(args: &[&str]) -> (i32, String, String) {
    let out = colead().arg("batch").args(args).output().expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

#[test]
fn tables_have_the_documented_columns_and_hand_worked_figures() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("ship.txt"), SHIP).unwrap();
    let out = dir.path().join("out");
    let (code, stdout, stderr) = batch(&[
        s(&input),
        "--out",
        s(&out),
        "--utterances",
        "--classifier",
        "rules",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "tables go to --out, not stdout");
    assert!(
        !stderr.contains('\x1b'),
        "no progress bar or colour off a terminal"
    );

    let (header, meetings) = read_table(&out.join("meetings.csv"));
    assert_eq!(header, table::header(table::MEETINGS));
    assert_eq!(meetings.len(), 1);
    let m = &meetings[0];
    let path = input.join("ship.txt");
    assert_eq!(m["path"], path.display().to_string());
    assert_eq!(m["format"], "plain");
    assert_eq!(m["has_times"], "true");
    // Starts 0, 10 and 20 s and no ends: 20 s from first start to last.
    assert_eq!(m["duration"], "20.0000");
    assert_eq!(m["speakers"], "2");
    // Nobody has the 5 utterances it takes to be judged.
    assert_eq!(m["judged_speakers"], "0");
    assert_eq!(m["utterances"], "3");
    // Ann 5 + 6 words, Bob 2.
    assert_eq!(m["words"], "13");
    // Gini of [2, 11]: ((2·1−3)·2 + (2·2−3)·11) / (2·13) = 9/26; 1 − 9/26 = 0.6538.
    assert_eq!(m["equality"], "0.6538");
    // The rules: "we should" a proposal, "?" a question, a plain statement a position.
    assert_eq!(m["positions"], "2");
    assert_eq!(m["questions"], "1");
    assert_eq!(m["lead_rate"], "0.6667");
    assert_eq!(m["follow_rate"], "0.3333");
    assert_eq!(m["top_leader"], "Ann");
    assert_eq!(m["top_lead_share"], "1.0000");
    assert_eq!(m["second_lead_share"], "0.0000");
    // Ann holds every lead act, more than 60 % and twice the next speaker's.
    assert_eq!(m["pattern"], "hierarchy");

    let (header, speakers) = read_table(&out.join("speakers.csv"));
    assert_eq!(header, table::header(table::SPEAKERS));
    assert_eq!(speakers.len(), 2);
    // Unjudged speakers are ordered by talk share.
    assert_eq!(speakers[0]["speaker"], "Ann");
    assert_eq!(speakers[0]["id"], "0");
    assert_eq!(speakers[0]["words"], "11");
    assert_eq!(speakers[0]["talk_share"], "0.8462"); // 11/13
    assert_eq!(
        speakers[0]["leading"], "",
        "absent below the evidence floor"
    );
    assert_eq!(speakers[0]["style"], "insufficient_evidence");
    assert_eq!(speakers[1]["speaker"], "Bob");
    assert_eq!(speakers[1]["talk_share"], "0.1538"); // 2/13
    assert_eq!(speakers[1]["questions"], "1");

    let (header, utterances) = read_table(&out.join("utterances.csv"));
    assert_eq!(header, table::header(table::UTTERANCES));
    assert_eq!(utterances.len(), 3);
    assert_eq!(utterances[1]["speaker"], "Bob");
    assert_eq!(utterances[1]["start"], "10.0000");
    assert_eq!(utterances[1]["end"], "");
    assert_eq!(utterances[1]["label"], "question");
    assert_eq!(utterances[1]["text"], "Why Friday?");

    let (header, errors) = read_table(&out.join("errors.csv"));
    assert_eq!(header, table::ERRORS);
    assert!(errors.is_empty());
    // Only the tables and the manifest: no temporary file left behind.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "errors.csv",
            "manifest.json",
            "meetings.csv",
            "speakers.csv",
            "utterances.csv"
        ]
    );
}

#[test]
fn quoting_is_rfc_4180() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.txt");
    std::fs::write(&file, "Ann: Well, \"maybe\", we go.\nBob, Jr: ok\n").unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = batch(&[s(&file), "--out", s(&out), "--utterances"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(out.join("utterances.csv")).unwrap();
    assert!(
        text.contains(r#","Well, ""maybe"", we go.""#),
        "commas and quotes are quoted and doubled: {text}"
    );
    let (_, rows) = read_table(&out.join("utterances.csv"));
    assert_eq!(rows[0]["text"], "Well, \"maybe\", we go.");
}

/// An archive with bad files between good ones.
fn archive_with_bad_files(root: &Path) {
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::write(root.join("a.txt"), SHIP).unwrap();
    // A NUL byte on line 2: not a text file.
    std::fs::write(root.join("b/bad.txt"), b"Ann: hi\nBob: \x00oops\n").unwrap();
    std::fs::write(root.join("b/empty.txt"), "  \n").unwrap();
    std::fs::copy(
        fixtures().join("formats/webvtt-zoom.vtt"),
        root.join("b/zoom.vtt"),
    )
    .unwrap();
    std::fs::write(root.join("c.txt"), SHIP).unwrap();
}

#[test]
fn bad_files_in_the_middle_are_listed_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    archive_with_bad_files(&root);
    let out = dir.path().join("out");
    let (code, _, stderr) = batch(&[s(&root), "--out", s(&out), "-j", "2"]);
    assert_eq!(code, 2, "errors exit 2: {stderr}");
    let (_, meetings) = read_table(&out.join("meetings.csv"));
    let r = root.display();
    let paths: Vec<&str> = meetings.iter().map(|m| m["path"].as_str()).collect();
    assert_eq!(
        paths,
        [
            format!("{r}/a.txt"),
            format!("{r}/b/zoom.vtt"),
            format!("{r}/c.txt")
        ]
    );
    assert_eq!(meetings[1]["format"], "webvtt");
    let (_, errors) = read_table(&out.join("errors.csv"));
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["path"], format!("{r}/b/bad.txt"));
    assert_eq!(errors[0]["line"], "2");
    assert_eq!(errors[0]["kind"], "binary");
    assert!(errors[0]["message"].contains("NUL"), "{:?}", errors[0]);
    assert_eq!(errors[1]["path"], format!("{r}/b/empty.txt"));
    assert_eq!(errors[1]["line"], "");
    assert_eq!(errors[1]["kind"], "empty");
    // Reported on stderr, one line each, and counted in the summary.
    assert!(stderr.contains(&format!("colead: {r}/b/bad.txt:2: not a text file")));
    assert!(
        stderr.contains("3 meetings (0 from the cache), 2 errors"),
        "{stderr}"
    );

    let (code, _, _) = batch(&[s(&root), "--out", s(&out), "--allow-errors"]);
    assert_eq!(code, 0, "--allow-errors: errors do not fail the run");
    let (code, _, _) = batch(&[
        s(&root),
        "--out",
        s(&out),
        "--allow-errors",
        "--fail-if",
        "utterances > 2",
    ]);
    assert_eq!(code, 1, "a breach still does");
    let (code, _, _) = batch(&[s(&root), "--out", s(&out), "--fail-if", "utterances > 2"]);
    assert_eq!(code, 2, "errors win over breaches");
}

#[test]
fn fail_if_breaches_exit_1_and_name_the_meeting_and_figures() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ship.txt");
    std::fs::write(&file, SHIP).unwrap();
    let f = s(&file);
    // Clean: 0.
    let (code, _, stderr) = batch(&[f, "-q", "--fail-if", "equality < 0.5"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "--quiet: no summary: {stderr}");
    // Equality 0.6538 < 0.7: breach.
    let (code, _, stderr) = batch(&[f, "-q", "--fail-if", "equality < 0.7"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!("colead: fail-if breached: {f}: equality = 0.6538 (fail-if equality < 0.7)\n")
    );
    // Ann's talk share 0.8462 > 0.6: the speaker is named.
    let (code, _, stderr) = batch(&[
        f,
        "-q",
        "--fail-if",
        "pattern == flow",
        "--fail-if",
        "speaker.talk_share > 0.6",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!(
            "colead: fail-if breached: {f}: speaker Ann: speaker.talk_share = 0.8462 (fail-if speaker.talk_share > 0.6)\n"
        )
    );
    // Conditions joined by `and` must all hold.
    let (code, _, _) = batch(&[
        f,
        "-q",
        "--fail-if",
        "speaker.talk_share > 0.6 and pattern == flow",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn an_invalid_expression_points_at_the_character() {
    let (code, stdout, stderr) = batch(&["fixtures/formats", "--fail-if", "equality < abc"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "nothing is analyzed");
    assert_eq!(
        stderr,
        "colead: invalid --fail-if expression at character 12: expected a number to compare `equality` with, found `abc`\n  equality < abc\n             ^\n"
    );
    let (code, _, stderr) = batch(&["fixtures/formats", "--fail-if", "flow_scor < 40"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("character 1: unknown meeting figure `flow_scor`"),
        "{stderr}"
    );
    let (code, _, stderr) = batch(&["fixtures/formats", "--fail-if", "speaker.talk_share >> 1"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("character 21"), "{stderr}");
}

#[test]
fn bytes_are_identical_whatever_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let tables = [
        "meetings.csv",
        "speakers.csv",
        "utterances.csv",
        "errors.csv",
    ];
    let mut runs = Vec::new();
    for jobs in ["1", "2", "5"] {
        let out = dir.path().join(format!("out{jobs}"));
        let (code, _, stderr) = batch(&[
            "fixtures",
            "--out",
            s(&out),
            "--utterances",
            "--jobs",
            jobs,
            "--allow-errors",
        ]);
        assert_eq!(code, 0, "{stderr}");
        let bytes: Vec<Vec<u8>> = tables
            .iter()
            .map(|t| std::fs::read(out.join(t)).unwrap())
            .collect();
        let (_, jsonl, _) = batch(&["fixtures", "--format", "jsonl", "-j", jobs, "-q"]);
        runs.push((bytes, jsonl));
    }
    assert!(runs[0].0[0].len() > 1000, "the fixtures make a real table");
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
    // Rows are sorted by path.
    let (_, meetings) = read_table(&dir.path().join("out1/meetings.csv"));
    let paths: Vec<&str> = meetings.iter().map(|m| m["path"].as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
    assert_eq!(paths, sorted);
}

/// Without utterance rows the model's labels name no features (less work);
/// every figure in the tables must stay as it is with them.
#[test]
fn tables_are_the_same_with_or_without_utterance_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (with, without) = (dir.path().join("with"), dir.path().join("without"));
    for (out, extra) in [(&with, Some("--utterances")), (&without, None)] {
        let mut args = vec!["fixtures", "--out", s(out), "--allow-errors", "-q"];
        args.extend(extra);
        let (code, _, stderr) = batch(&args);
        assert_eq!(code, 0, "{stderr}");
    }
    for table in ["meetings.csv", "speakers.csv", "errors.csv"] {
        let read = |d: &Path| std::fs::read(d.join(table)).unwrap();
        assert_eq!(read(&with), read(&without), "{table}");
    }
    // The fixtures hold labels the model decides, with named features.
    let (_, rows) = read_table(&with.join("utterances.csv"));
    assert!(rows
        .iter()
        .any(|r| r["rule"] == "model" && r["cue"].contains("; ")));
}

#[test]
fn jsonl_is_one_analysis_per_meeting_in_path_order() {
    let (code, stdout, stderr) = batch(&["fixtures/same-meeting", "--format", "jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    let docs: Vec<AnalysisDoc> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("colead.analysis/3"))
        .collect();
    let files = std::fs::read_dir(fixtures().join("same-meeting"))
        .unwrap()
        .count();
    assert_eq!(docs.len(), files);
    assert!(docs.windows(2).all(|w| w[0].source < w[1].source));
    assert!(docs.iter().all(|d| d.utterances.is_empty()));
    let (_, stdout, _) = batch(&[
        "fixtures/same-meeting/meeting.plain.txt",
        "--format",
        "jsonl",
        "--utterances",
    ]);
    let doc: AnalysisDoc = serde_json::from_str(stdout.trim_end()).unwrap();
    assert!(!doc.utterances.is_empty());
}

#[test]
fn without_out_the_meetings_table_goes_to_stdout() {
    let (code, stdout, _) = batch(&["fixtures/same-meeting/meeting.plain.txt", "-q"]);
    assert_eq!(code, 0);
    let mut r = csv::Reader::from_reader(stdout.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        table::header(table::MEETINGS)
    );
    assert_eq!(r.records().count(), 1);
    let (code, _, stderr) = batch(&["fixtures/formats", "--utterances"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--out DIR"), "{stderr}");
}

#[test]
fn the_manifest_skips_unchanged_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    archive_with_bad_files(&root);
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec![s(&root), "--out", s(&out), "--utterances", "--allow-errors"];
        args.extend_from_slice(extra);
        let (code, _, stderr) = batch(&args);
        assert_eq!(code, 0, "{stderr}");
        let tables: Vec<Vec<u8>> = [
            "meetings.csv",
            "speakers.csv",
            "utterances.csv",
            "errors.csv",
        ]
        .iter()
        .map(|t| std::fs::read(out.join(t)).unwrap())
        .collect();
        (stderr, tables)
    };
    let (first, tables) = run(&[]);
    assert!(
        first.contains("3 meetings (0 from the cache), 2 errors"),
        "{first}"
    );
    // Nothing changed: every good file from the cache (bad ones are tried
    // again), and the same bytes.
    let (second, again) = run(&[]);
    assert!(
        second.contains("3 meetings (3 from the cache), 2 errors"),
        "{second}"
    );
    assert_eq!(again, tables);

    // Touched but unchanged: the hash says it is the same.
    let c = root.join("c.txt");
    let file = std::fs::File::options().write(true).open(&c).unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(file);
    let (third, _) = run(&[]);
    assert!(third.contains("3 meetings (3 from the cache)"), "{third}");

    // Changed, and a new file: analyzed; the rest from the cache.
    std::fs::write(&c, "Cy: We go.\nDi: Fine, we go.\n").unwrap();
    std::fs::write(root.join("b/new.txt"), SHIP).unwrap();
    let (fourth, tables) = run(&[]);
    assert!(fourth.contains("4 meetings (2 from the cache)"), "{fourth}");
    let (_, meetings) = read_table(&out.join("meetings.csv"));
    let c_row = meetings
        .iter()
        .find(|m| m["path"] == c.display().to_string())
        .unwrap();
    assert_eq!(c_row["utterances"], "2", "the new content is analyzed");

    // The cached run wrote what a full run writes.
    let (full, fresh) = run(&["--no-cache"]);
    assert!(full.contains("4 meetings (0 from the cache)"), "{full}");
    assert_eq!(fresh, tables);

    // Other options (here the classifier) void the cache.
    let (rules, _) = run(&["--classifier", "rules"]);
    assert!(rules.contains("(0 from the cache)"), "{rules}");

    // A table changed behind the manifest's back voids it too.
    let (_, _) = run(&[]);
    std::fs::write(out.join("speakers.csv"), "path\n").unwrap();
    let (edited, repaired) = run(&[]);
    assert!(edited.contains("(0 from the cache)"), "{edited}");
    assert_eq!(repaired, fresh);
}

#[test]
fn leftovers_of_an_interrupted_run_are_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join(".meetings.csv.x1y2z3"), "path\nhalf").unwrap();
    let (code, _, _) = batch(&["fixtures/same-meeting", "-q", "--out", s(&out)]);
    assert_eq!(code, 0);
    assert!(!out.join(".meetings.csv.x1y2z3").exists());
}

#[test]
fn include_exclude_and_hidden_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("old")).unwrap();
    std::fs::write(root.join("a.txt"), SHIP).unwrap();
    std::fs::write(root.join(".draft.txt"), SHIP).unwrap();
    std::fs::write(root.join("old/b.txt"), SHIP).unwrap();
    std::fs::copy(fixtures().join("formats/srt-basic.srt"), root.join("c.srt")).unwrap();
    let paths = |extra: &[&str]| {
        let mut args = vec![s(root), "-q"];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = batch(&args);
        assert_eq!(code, 0, "{stderr}");
        let mut r = csv::Reader::from_reader(stdout.as_bytes());
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                Path::new(&rec[0])
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&[]), ["a.txt", "c.srt", "old/b.txt"]);
    assert_eq!(paths(&["--include", "*.txt"]), ["a.txt", "old/b.txt"]);
    assert_eq!(paths(&["--exclude", "old"]), ["a.txt", "c.srt"]);
    assert_eq!(
        paths(&["--include", "*.txt", "--exclude", "old/**"]),
        ["a.txt"]
    );
}

#[test]
fn stream_answers_every_line_in_order_past_a_bad_one() {
    let good = serde_json::json!({"id": "m1", "content": SHIP}).to_string();
    let path = fixtures().join("flow-seed-story.txt");
    let by_path = serde_json::json!({"id": 3, "path": path}).to_string();
    let input = format!(
        "{good}\n{{\"id\": 2, \"content\": \n{by_path}\n{{\"id\": \"x\", \"content\": \"\"}}\n"
    );
    let out = colead()
        .args(["stream", "--classifier", "rules"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let replies: Vec<Reply> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("reply schema"))
        .collect();
    assert_eq!(replies.len(), 4, "one reply per input line");
    assert_eq!(replies[0].id, serde_json::json!("m1"));
    assert!(replies[0].ok);
    let a = replies[0].analysis.as_ref().unwrap();
    assert_eq!(a.source, "m1");
    assert_eq!(a.group.figures.utterances, 3);
    assert_eq!(a.group.pattern.as_str(), "hierarchy");
    // The cut-off line: not JSON, so no id to echo.
    assert!(!replies[1].ok);
    assert_eq!(replies[1].id, serde_json::Value::Null);
    let e = replies[1].error.as_ref().unwrap();
    assert_eq!(e.kind, "request");
    assert!(e.message.starts_with("input line 2:"), "{}", e.message);
    // By path, after the bad line.
    assert_eq!(replies[2].id, serde_json::json!(3));
    assert_eq!(
        replies[2].analysis.as_ref().unwrap().source,
        path.display().to_string()
    );
    // An empty transcript: an error reply carrying its id.
    assert_eq!(replies[3].id, serde_json::json!("x"));
    assert_eq!(replies[3].error.as_ref().unwrap().kind, "empty");
}

#[test]
fn stream_replies_as_each_line_arrives() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("colead"))
        .args(["stream", "--classifier", "rules"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for id in 0..3 {
        // The input stays open: a reply must come without waiting for EOF.
        writeln!(stdin, "{}", serde_json::json!({"id": id, "content": SHIP})).unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let reply: Reply = serde_json::from_str(&line).unwrap();
        assert_eq!(reply.id, serde_json::json!(id));
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// The markdown table documenting a table's columns, as docs/output.md has it.
fn column_docs<F>(columns: &[table::Column<F>]) -> String {
    let mut md = String::from("| column | kind | meaning |\n| --- | --- | --- |\n");
    for c in columns {
        let kind = match c.kind {
            table::Kind::Text => "text",
            table::Kind::Number => "number",
        };
        md.push_str(&format!("| `{}` | {kind} | {} |\n", c.name, c.about));
    }
    md
}

#[test]
fn every_column_is_documented() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/output.md"))
            .expect("docs/output.md");
    let mut missing = String::new();
    for (name, md) in [
        ("meetings.csv", column_docs(table::MEETINGS)),
        ("speakers.csv", column_docs(table::SPEAKERS)),
        ("utterances.csv", column_docs(table::UTTERANCES)),
    ] {
        if !docs.contains(&md) {
            missing.push_str(&format!("\n### {name}\n\n{md}"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/output.md should list the columns as:{missing}"
    );
}

#[test]
fn the_output_folder_is_not_read_as_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ship.txt"), SHIP).unwrap();
    let out = dir.path().join("report");
    for _ in 0..2 {
        let (code, _, stderr) = batch(&[s(dir.path()), "--out", s(&out)]);
        assert_eq!(code, 0, "{stderr}");
        let (_, meetings) = read_table(&out.join("meetings.csv"));
        assert_eq!(meetings.len(), 1, "only ship.txt, never report/*.csv");
    }
}

#[test]
fn an_empty_archive_writes_empty_tables_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = batch(&[s(dir.path()), "--include", "*.vtt", "--out", s(&out), "-q"]);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        "colead: warning: no files found under the paths given\n"
    );
    let (header, rows) = read_table(&out.join("meetings.csv"));
    assert_eq!(header, table::header(table::MEETINGS));
    assert!(rows.is_empty());
}

#[test]
fn html_writes_a_report_per_meeting_and_an_index_linking_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    archive_with_bad_files(&root);
    let out = dir.path().join("out");
    let (code, _, stderr) = batch(&[s(&root), "--out", s(&out), "--html", "--allow-errors"]);
    assert_eq!(code, 0, "{stderr}");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index page");
    let r = root.display();
    // Three readable meetings, each with its own page, linked from the index.
    let mut pages: Vec<String> = std::fs::read_dir(out.join("reports"))
        .expect("reports folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 3, "{pages:?}");
    for (path, page) in [
        (
            format!("{r}/a.txt"),
            colead::report::html::report_file_name(&format!("{r}/a.txt")),
        ),
        (
            format!("{r}/b/zoom.vtt"),
            colead::report::html::report_file_name(&format!("{r}/b/zoom.vtt")),
        ),
        (
            format!("{r}/c.txt"),
            colead::report::html::report_file_name(&format!("{r}/c.txt")),
        ),
    ] {
        assert!(pages.contains(&page), "{page} in {pages:?}");
        assert!(
            index.contains(&format!("reports/{page}")),
            "index links {path}"
        );
        let html = std::fs::read_to_string(out.join("reports").join(&page)).expect("page");
        assert!(html.starts_with("<!DOCTYPE html>"), "{page}");
    }
    // a.txt and c.txt hold the same meeting under different paths: distinct pages.
    assert_ne!(pages[0], pages[1]);
    // The two bad files are listed on the index, with the line where known.
    assert!(
        index.contains("bad.txt") && index.contains("line 2:"),
        "{index}"
    );
    assert!(index.contains("empty.txt"));
    // No temporary files left behind.
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with('.')));
    // --html needs a folder to write into.
    let (code, _, stderr) = batch(&[s(&root), "--html"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--out"), "{stderr}");
}
