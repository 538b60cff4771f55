//! Reading labeled CSV data: one row per utterance with its gold label.

use std::fs;
use std::path::{Path, PathBuf};

use crate::classify::Label;
use crate::error::{Error, Result};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

/// [`Transcript::format`] of transcripts read from labeled CSV.
pub const FORMAT: &str = "labeled-csv";

/// One meeting of a labeled file: the transcript the classifier sees and the
/// human label of each utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledMeeting {
    /// The `meeting` column's value, or the file stem when the file has no
    /// such column (or leaves it empty).
    pub name: String,
    /// The utterances, one per row, in file order.
    pub transcript: Transcript,
    /// Gold label of each utterance; `gold[i]` belongs to
    /// `transcript.utterances[i]`.
    pub gold: Vec<Label>,
    /// A finer annotation of each utterance, from an optional `tag` (or
    /// `da`) column, e.g. MRDA's dialogue-act tag; empty where absent.
    /// Training uses it to split a class into its kinds (a backchannel and
    /// an abandoned fragment are both `other`, but look nothing alike).
    pub tags: Vec<String>,
}

/// Expands `paths` into the labeled files to read.
///
/// A file is taken as given, whatever its extension, so a user can point at
/// one file explicitly. A directory is searched recursively for `*.csv`,
/// skipping hidden entries (editor and VCS droppings), and its files are
/// sorted by path so results do not depend on directory order. Symlinked
/// files are followed; symlinked directories are not, which rules out cycles.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk_csv(path, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk_csv(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let io_err = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io_err)? {
        let entry = entry.map_err(io_err)?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().map_err(io_err)?;
        if file_type.is_dir() {
            walk_csv(&path, found)?;
        } else if is_csv(&path) && (file_type.is_file() || path.is_file()) {
            found.push(path);
        }
    }
    Ok(())
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"))
}

/// Where each known column sits in a row.
struct Columns {
    speaker: usize,
    text: usize,
    label: usize,
    meeting: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    tag: Option<usize>,
}

impl Columns {
    fn find(headers: &csv::StringRecord, path: &Path) -> Result<Columns> {
        // Headers are matched loosely (trim, any case) because spreadsheets
        // tend to add spaces and capitals; the first of duplicates wins.
        let find = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let required = |name: &'static str| {
            find(name).ok_or_else(|| Error::MissingColumn {
                path: path.to_path_buf(),
                column: name,
            })
        };
        Ok(Columns {
            speaker: required("speaker")?,
            text: required("text")?,
            label: required("label")?,
            meeting: find("meeting"),
            start: find("start"),
            end: find("end"),
            tag: find("tag").or_else(|| find("da")),
        })
    }
}

/// A meeting being filled row by row.
struct Building {
    key: String,
    builder: UtteranceBuilder,
    meeting: LabeledMeeting,
}

/// Reads one labeled CSV file into meetings.
///
/// The file needs a header with `speaker`, `text` and `label`; `meeting`,
/// `start` and `end` are optional and any other column is ignored. Rows are
/// taken in file order, one utterance each, without re-sorting or
/// segmenting: the gold labels belong to exactly these units, and reordering
/// by time would interleave overlapping speech differently from the
/// annotators. A new meeting starts whenever the `meeting` value changes.
///
/// Errors name the file and, for row problems, the 1-based line where the
/// row starts (the header is line 1): an unknown label, a non-numeric time,
/// an empty speaker, or malformed CSV.
pub fn read_labeled(path: &Path) -> Result<Vec<LabeledMeeting>> {
    let bytes = fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = normalize_newlines(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    let csv_err = |source: csv::Error, fallback: usize| Error::Csv {
        path: path.to_path_buf(),
        line: source.position().map_or(fallback, |p| p.line() as usize),
        source,
    };

    let headers = reader.headers().map_err(|e| csv_err(e, 1))?.clone();
    let columns = Columns::find(&headers, path)?;
    let source = path.display().to_string();
    let stem = path
        .file_stem()
        .map_or_else(|| source.clone(), |s| s.to_string_lossy().into_owned());

    let mut meetings = Vec::new();
    let mut current: Option<Building> = None;
    let mut record = csv::StringRecord::new();
    loop {
        let fallback = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_err(e, fallback)),
        }
        // Record positions count physical lines, so a quoted field spanning
        // several lines does not shift the numbers of later rows.
        let line = record.position().map_or(fallback, |p| {
            // The csv crate skips blank lines but reports the position where
            // the skipping began; count them to land on the row's own line.
            let at = p.byte() as usize;
            let blank = bytes
                .get(at..)
                .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'\n').count());
            p.line() as usize + blank
        });
        let field = |i: usize| record.get(i).unwrap_or("");
        let syntax = |message: String| Error::Syntax {
            path: path.to_path_buf(),
            line,
            message,
        };

        let raw_label = field(columns.label);
        let label: Label = raw_label.parse().map_err(|_| Error::UnknownLabel {
            path: path.to_path_buf(),
            line,
            label: raw_label.to_string(),
        })?;
        let speaker = field(columns.speaker).trim();
        if speaker.is_empty() {
            // Turn-taking is half of what colead measures; a row without a
            // speaker cannot be placed in the conversation.
            return Err(syntax("empty speaker".to_string()));
        }
        let start = parse_time(columns.start.map(field), "start").map_err(syntax)?;
        let end = parse_time(columns.end.map(field), "end").map_err(syntax)?;
        let key = columns.meeting.map_or("", |i| field(i).trim());

        if current.as_ref().map(|b| b.key.as_str()) != Some(key) {
            meetings.extend(current.take().map(|b| b.meeting));
        }
        let building = current.get_or_insert_with(|| Building {
            key: key.to_string(),
            builder: UtteranceBuilder::default(),
            meeting: LabeledMeeting {
                name: if key.is_empty() { &stem } else { key }.to_string(),
                transcript: Transcript::new(source.clone(), FORMAT),
                gold: Vec::new(),
                tags: Vec::new(),
            },
        });
        let transcript = &mut building.meeting.transcript;
        let speaker = building
            .builder
            .speaker_id(&mut transcript.speakers, speaker);
        let turn = building.builder.turn_index(speaker);
        transcript.utterances.push(Utterance {
            speaker,
            text: field(columns.text).trim().to_string(),
            start,
            end,
            line,
            turn,
        });
        building.meeting.gold.push(label);
        building
            .meeting
            .tags
            .push(columns.tag.map_or("", field).trim().to_string());
    }
    meetings.extend(current.map(|b| b.meeting));
    Ok(meetings)
}

/// Turns CRLF and lone CR into LF.
///
/// The csv crate counts lines by `\n` only and, with CRLF endings, reports
/// each record one line early (BurntSushi/rust-csv#395); spreadsheet exports
/// are CRLF, so without this every error would point at the wrong row.
/// Line breaks inside quoted text become `\n` too, which is what a transcript
/// wants anyway.
fn normalize_newlines(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.contains(&b'\r') {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().copied().peekable();
    while let Some(b) = iter.next() {
        if b == b'\r' {
            out.push(b'\n');
            iter.next_if_eq(&b'\n');
        } else {
            out.push(b);
        }
    }
    out
}

/// Seconds from an optional time cell; empty means unknown.
fn parse_time(cell: Option<&str>, column: &str) -> std::result::Result<Option<f64>, String> {
    let cell = cell.unwrap_or("").trim();
    if cell.is_empty() {
        return Ok(None);
    }
    // `f64::from_str` also accepts `inf` and `NaN`, which are no times.
    match cell.parse::<f64>() {
        Ok(t) if t.is_finite() => Ok(Some(t)),
        _ => Err(format!("{column} time `{cell}` is not a number of seconds")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::io::Write;

    fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
        let path = dir.join(name);
        let mut f = File::create(&path).expect("create test file");
        f.write_all(content.as_bytes()).expect("write test file");
        path
    }

    #[test]
    fn reads_two_meetings_with_quotes_and_empty_times() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Line 1 header; line 2 and 3 rows; the row on line 4 has a quoted
        // text with a comma and a newline, so it ends on line 5; the next
        // rows are on lines 6 and 7.
        let path = write(
            dir.path(),
            "two.csv",
            "meeting,id,start,end,speaker,text,label,da\n\
             A,1,1.5,2.0,ann,we should ship.,position,s\n\
             A,2,,,bob,why?,question,qw\n\
             A,3,3,4.25,bob,\"well, maybe\nnot yet\",challenge,ar\n\
             B,4,,,cy,yeah.,other,b\n\
             B,5,10,,ann,agreed.,concession,aa\n",
        );
        let meetings = read_labeled(&path).expect("read");
        assert_eq!(meetings.len(), 2);

        let a = &meetings[0];
        assert_eq!(a.name, "A");
        assert_eq!(a.transcript.source, path.display().to_string());
        assert_eq!(a.transcript.format, "labeled-csv");
        assert_eq!(a.transcript.speakers, ["ann", "bob"]);
        assert_eq!(a.gold, [Label::Position, Label::Question, Label::Challenge]);
        let u = &a.transcript.utterances;
        assert_eq!(u.len(), 3);
        assert_eq!((u[0].start, u[0].end), (Some(1.5), Some(2.0)));
        assert_eq!((u[1].start, u[1].end), (None, None));
        assert_eq!((u[2].start, u[2].end), (Some(3.0), Some(4.25)));
        assert_eq!(u[2].text, "well, maybe\nnot yet");
        assert_eq!(u.iter().map(|u| u.line).collect::<Vec<_>>(), [2, 3, 4]);
        // ann, then bob twice: bob's two rows are one turn.
        assert_eq!(u.iter().map(|u| u.speaker).collect::<Vec<_>>(), [0, 1, 1]);
        assert_eq!(u.iter().map(|u| u.turn).collect::<Vec<_>>(), [0, 1, 1]);

        // Speaker ids and turns restart with each meeting.
        let b = &meetings[1];
        assert_eq!(b.name, "B");
        assert_eq!(b.transcript.speakers, ["cy", "ann"]);
        assert_eq!(b.gold, [Label::Other, Label::Concession]);
        let u = &b.transcript.utterances;
        assert_eq!(u.iter().map(|u| u.line).collect::<Vec<_>>(), [6, 7]);
        assert_eq!(u.iter().map(|u| u.speaker).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(u.iter().map(|u| u.turn).collect::<Vec<_>>(), [0, 1]);
        assert_eq!((u[1].start, u[1].end), (Some(10.0), None));
    }

    #[test]
    fn without_meeting_column_the_file_is_one_meeting_named_after_its_stem() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "standup.csv",
            "Label , Speaker,Text\nposition,ann,hello\nother,bob,hm\n",
        );
        let meetings = read_labeled(&path).expect("read");
        assert_eq!(meetings.len(), 1);
        assert_eq!(meetings[0].name, "standup");
        assert_eq!(meetings[0].gold, [Label::Position, Label::Other]);
        assert!(!meetings[0].transcript.has_times());
    }

    #[test]
    fn spreadsheet_exports_with_bom_and_crlf_read_alike() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "excel.csv",
            "\u{feff}speaker,text,label\r\nann,hi,other\r\nbob,\"a\r\nb\",question\r\ncy,c,other\r\n",
        );
        let meetings = read_labeled(&path).expect("read");
        let u = &meetings[0].transcript.utterances;
        assert_eq!(meetings[0].transcript.speakers, ["ann", "bob", "cy"]);
        assert_eq!(u.iter().map(|u| u.line).collect::<Vec<_>>(), [2, 3, 5]);
        assert_eq!(u[1].text, "a\nb");
    }

    #[test]
    fn newlines_are_normalized_to_lf() {
        assert_eq!(
            normalize_newlines(b"a\r\nb\rc\n\r\n".to_vec()),
            b"a\nb\nc\n\n"
        );
        assert_eq!(normalize_newlines(b"plain\n".to_vec()), b"plain\n");
    }

    #[test]
    fn a_meeting_value_that_returns_starts_a_new_meeting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "m.csv",
            "meeting,speaker,text,label\nA,x,a,other\nB,x,b,other\nA,x,c,other\n",
        );
        let names: Vec<_> = read_labeled(&path)
            .expect("read")
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names, ["A", "B", "A"]);
    }

    #[test]
    fn header_only_file_has_no_meetings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "h.csv", "speaker,text,label\n");
        assert!(read_labeled(&path).expect("read").is_empty());
    }

    #[test]
    fn rows_after_blank_lines_keep_their_own_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blank.csv");
        std::fs::write(&path, "speaker,text,label\nA,hi,other\n\n\nB,yo,other\n").unwrap();
        let meetings = read_labeled(&path).unwrap();
        let lines: Vec<usize> = meetings[0]
            .transcript
            .utterances
            .iter()
            .map(|u| u.line)
            .collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn unknown_label_names_file_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "bad.csv",
            "speaker,text,label\nann,\"two\nlines\",position\nbob,no,rejection\n",
        );
        let err = read_labeled(&path).expect_err("unknown label");
        match &err {
            Error::UnknownLabel {
                path: p,
                line,
                label,
            } => {
                assert_eq!(p, &path);
                assert_eq!(*line, 4);
                assert_eq!(label, "rejection");
            }
            other => panic!("expected UnknownLabel, got {other:?}"),
        }
        let message = err.to_string();
        assert!(message.contains("bad.csv:4:"), "{message}");
        assert!(message.contains("rejection"), "{message}");
    }

    #[test]
    fn missing_column_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "nolabel.csv", "speaker,text,da\nann,hi,b\n");
        match read_labeled(&path) {
            Err(Error::MissingColumn { path: p, column }) => {
                assert_eq!(p, path);
                assert_eq!(column, "label");
            }
            other => panic!("expected MissingColumn, got {other:?}"),
        }
        let empty = write(dir.path(), "empty.csv", "");
        assert!(matches!(
            read_labeled(&empty),
            Err(Error::MissingColumn {
                column: "speaker",
                ..
            })
        ));
    }

    #[test]
    fn bad_time_and_empty_speaker_are_syntax_errors_with_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (content, want) in [
            (
                "speaker,text,label,start\nann,hi,other,1\nann,x,other,1:00\n",
                "1:00",
            ),
            ("speaker,text,label,end\nann,hi,other,NaN\n", "NaN"),
            (
                "speaker,text,label\nann,hi,other\n  ,x,other\n",
                "empty speaker",
            ),
        ] {
            let path = write(dir.path(), "t.csv", content);
            let expected_line = content.lines().count();
            match read_labeled(&path) {
                Err(Error::Syntax { line, message, .. }) => {
                    assert_eq!(line, expected_line, "{content:?}");
                    assert!(message.contains(want), "{message}");
                }
                other => panic!("expected Syntax for {content:?}, got {other:?}"),
            }
        }
    }

    #[test]
    fn malformed_csv_is_a_csv_error_with_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "ragged.csv",
            "speaker,text,label\nann,hi,other\nbob,too,many,fields\n",
        );
        match read_labeled(&path) {
            Err(Error::Csv { line, .. }) => assert_eq!(line, 3),
            other => panic!("expected Csv, got {other:?}"),
        }
        let missing = dir.path().join("absent.csv");
        assert!(matches!(read_labeled(&missing), Err(Error::Io { .. })));
    }

    #[test]
    fn collect_files_recurses_sorts_and_skips_hidden() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::create_dir_all(root.join("sub")).expect("mkdir");
        fs::create_dir_all(root.join(".git")).expect("mkdir");
        let row = "speaker,text,label\n";
        write(root, "b.csv", row);
        write(root, "a.CSV", row);
        write(root, "notes.txt", row);
        write(root, ".hidden.csv", row);
        write(&root.join("sub"), "c.csv", row);
        write(&root.join(".git"), "d.csv", row);
        let explicit = write(root, "given.txt", row);

        let files = collect_files(&[explicit.clone(), root.to_path_buf()]).expect("collect");
        assert_eq!(
            files,
            [
                explicit,
                root.join("a.CSV"),
                root.join("b.csv"),
                root.join("sub").join("c.csv"),
            ]
        );
        assert!(matches!(
            collect_files(&[root.join("nope")]),
            Err(Error::Io { .. })
        ));
    }

    /// The reference split, when the shared data sits beside the checkout.
    #[test]
    fn reads_the_mrda_validation_split() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mrda/val");
        if !dir.is_dir() {
            eprintln!("skipping: {} not found", dir.display());
            return;
        }
        let files = collect_files(&[dir]).expect("collect");
        assert_eq!(files.len(), 12);
        let mut meetings = Vec::new();
        for file in &files {
            meetings.extend(read_labeled(file).expect("read"));
        }
        assert_eq!(meetings.len(), 12);
        let utterances: usize = meetings.iter().map(|m| m.transcript.utterances.len()).sum();
        let gold: usize = meetings.iter().map(|m| m.gold.len()).sum();
        assert_eq!(utterances, 16_623);
        assert_eq!(gold, utterances);
        assert!(meetings.iter().all(|m| m.transcript.has_times()));
        // Class counts as tallied by Python's csv module, an independent reader.
        let mut per_class = [0usize; 5];
        for label in meetings.iter().flat_map(|m| &m.gold) {
            per_class[label.index()] += 1;
        }
        assert_eq!(per_class, [8330, 1387, 951, 304, 5651]);
    }
}
