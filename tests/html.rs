//! The HTML report without a browser: structure of the page and its SVG,
//! valid markup, escaping of untrusted text, determinism, the moments that
//! matter worked by hand, and the batch index page.
//! (`tests/html_browser.rs` opens the same pages in a real browser.)

#[path = "support/html.rs"]
mod support;

use assert_cmd::Command;
use colead::classify::RuleClassifier;
use colead::report::html::{index, report, report_file_name, IndexEntry, IndexFailure};
use colead::score::{moments, Moment, Pattern, Window};
use colead::transcript::parse_text;
use support::{analyze, attr_values, check_tags, count, report_fixtures, root, svg};

#[test]
fn every_fixture_report_is_balanced_markup_with_one_dot_per_speaker_and_one_cell_per_window() {
    for (name, path, window) in report_fixtures() {
        let a = analyze(&path, window);
        let html = report(&a);
        let tags = check_tags(&html).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(tags.contains(&"svg".to_string()), "{name}");

        let chart = svg(&html, "chart");
        assert_eq!(
            count(chart, "<circle class=\"dot "),
            a.scores.speakers.len(),
            "{name}: one dot per speaker"
        );
        let mut ids: Vec<usize> = attr_values(chart, "data-speaker")
            .iter()
            .map(|v| v.parse().expect("id"))
            .collect();
        ids.sort();
        let expected: Vec<usize> = (0..a.transcript.speakers.len()).collect();
        assert_eq!(ids, expected, "{name}: every speaker id once");
        let unjudged = a.scores.speakers.iter().filter(|s| !s.judged()).count();
        assert_eq!(
            count(chart, "class=\"dot st-unjudged\""),
            unjudged,
            "{name}: speakers below the floor are hollow"
        );

        let windows = &a.scores.timeline.windows;
        let moments = moments(&a.transcript, &a.classified);
        for shape in ["timeline wide", "timeline narrow"] {
            let strip = svg(&html, shape);
            assert_eq!(
                count(strip, "<rect class=\"cell "),
                windows.len(),
                "{name} {shape}: one cell per window"
            );
            let order: Vec<&str> = attr_values(strip, "data-window");
            let indices: Vec<String> = windows.iter().map(|w| w.index.to_string()).collect();
            assert_eq!(order, indices, "{name} {shape}: windows in order");
            assert_eq!(
                count(strip, "<rect class=\"flowbar\""),
                windows.len(),
                "{name} {shape}: a flow bar per window"
            );
            for w in windows {
                assert!(
                    strip.contains(&format!(
                        "<rect class=\"cell p-{}\" data-window=\"{}\"",
                        w.pattern, w.index
                    )),
                    "{name} {shape}: window {} coloured as {}",
                    w.index,
                    w.pattern
                );
            }
            assert_eq!(
                count(strip, "class=\"moment "),
                moments.len(),
                "{name} {shape}: a mark per moment"
            );
        }
        assert_eq!(
            count(&html, "<li id=\"u"),
            a.transcript.utterances.len(),
            "{name}: every utterance listed"
        );
        assert_eq!(
            count(&html, "<details>"),
            a.transcript.utterances.len(),
            "{name}: evidence for each"
        );
        // Verdict first: the pattern heading comes before every chart.
        let verdict = html.find("id=\"verdict\"").expect("verdict");
        assert!(verdict < html.find("<svg").expect("svg"), "{name}");
        assert!(html.contains(&format!(
            "<section id=\"verdict\" class=\"verdict p-{}\"",
            a.scores.group.pattern
        )));
    }
}

#[test]
fn the_report_is_self_contained_and_needs_no_javascript() {
    for (name, path, window) in report_fixtures() {
        let html = report(&analyze(&path, window));
        for needle in [
            "<script", "http://", "https://", " src=", "url(", "@import", "<link",
        ] {
            assert!(!html.contains(needle), "{name}: {needle}");
        }
        assert!(html.contains("<style>"), "{name}: CSS inline");
        assert!(
            html.contains("@media (prefers-color-scheme: dark)"),
            "{name}: dark mode"
        );
        assert!(html.contains("@media print"), "{name}: prints");
        assert!(
            html.contains(
                r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
            ),
            "{name}: phone width"
        );
    }
}

#[test]
fn the_same_meeting_gives_the_same_bytes() {
    for (name, path, window) in report_fixtures() {
        let first = report(&analyze(&path, window));
        let second = report(&analyze(&path, window));
        assert!(first == second, "{name}: two runs differ");
    }
}

#[test]
fn the_command_writes_the_report_to_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report.html");
    let run = |out: &std::path::Path| {
        Command::cargo_bin("colead")
            .expect("binary")
            .current_dir(root())
            .args([
                "analyze",
                "fixtures/flow-seed-story.txt",
                "--format",
                "html",
                "-o",
            ])
            .arg(out)
            .assert()
            .success()
            .stdout("");
    };
    run(&out);
    let html = std::fs::read_to_string(&out).expect("written");
    check_tags(&html).expect("balanced");
    // The command and the library agree byte for byte.
    // (Tests run in the package root, so the relative path names the same file.)
    let a = analyze(std::path::Path::new("fixtures/flow-seed-story.txt"), None);
    assert!(html == report(&a));
    let again = dir.path().join("again.html");
    run(&again);
    assert_eq!(std::fs::read(&out).ok(), std::fs::read(&again).ok());
    // Verdict of the flow story, as the README tells it.
    assert!(html.contains("Flow</h1>"));
    assert!(html.contains(
        "2 of 2 judged speakers both lead and follow a real share (Priya Nair, Maria Santos) and make 90% of the leading and following."
    ));
}

#[test]
fn untrusted_transcript_text_is_escaped() {
    // A JSON array (as an export tool or an attacker would write it):
    // markup in names, text and the file name.
    let hostile = r#"[
        {"speaker": "<img src=x onerror=alert(1)>", "text": "I think we should </textarea><script>alert(\"x\")</script> & ship it."},
        {"speaker": "Bob \"Quotes\" O'Neil", "text": "No, that's wrong <b>bold</b> & you know it."},
        {"speaker": "<img src=x onerror=alert(1)>", "text": "What if we wait?"}
    ]"#;
    let t = parse_text(hostile, std::path::Path::new("<evil>.json")).expect("parses");
    assert!(
        t.speakers.iter().any(|s| s.contains("<img")),
        "{:?}",
        t.speakers
    );
    let a = colead::analyze(t, &RuleClassifier::new());
    let html = report(&a);
    check_tags(&html).expect("balanced despite the markup in the transcript");
    for bad in [
        "<img",
        "<script",
        "<b>",
        "</textarea>",
        "\"Quotes\"",
        "<evil>",
    ] {
        assert!(!html.contains(bad), "{bad} reached the page");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains(
        "&lt;/textarea&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ship it."
    ));
    assert!(html.contains("Bob &quot;Quotes&quot; O&#39;Neil"));
    assert!(html.contains("&lt;evil&gt;.json"));
}

/// The timed meeting was written to go hierarchy → chaos → flow, one
/// 5-minute window each; its moments are worked out from the cue times.
#[test]
fn timed_meeting_story_and_its_moments_by_hand() {
    let a = analyze(&root().join("fixtures/timed/release-planning.vtt"), None);
    let patterns: Vec<Pattern> = a
        .scores
        .timeline
        .windows
        .iter()
        .map(|w| w.pattern)
        .collect();
    assert_eq!(
        patterns,
        [Pattern::Hierarchy, Pattern::Chaos, Pattern::Flow]
    );
    let m = moments(&a.transcript, &a.classified);
    let t = &a.transcript;
    let grace = t
        .speakers
        .iter()
        .position(|s| s == "Grace Liu")
        .expect("Grace");
    // Grace's opening: cues 1–13, her words 7 + 24 + 24 + 15 + 20 + 17 + 17
    // + 25 + 13 = 162, from 0:04.000 to the end of cue 13 at 1:26.400, with
    // four backchannels (Okay, Mm-hmm, Mm-hmm, Okay) from the others.
    let Moment::Monologue {
        speaker,
        first,
        last,
        words,
        seconds,
        backchannels,
    } = m[0].clone()
    else {
        panic!("first moment: {:?}", m[0]);
    };
    assert_eq!(speaker, grace);
    assert_eq!(first, 0);
    assert_eq!(
        t.utterances[last].text,
        "Now I want to hear where you see risks."
    );
    assert_eq!(words, 162);
    assert!((seconds.expect("timed") - 82.4).abs() < 1e-6, "{seconds:?}");
    assert_eq!(backchannels, 4);
    // At 11:07 Maya doubts five partners; at 11:14.5 Sam concedes.
    let resolved: Vec<&Moment> = m
        .iter()
        .filter(|x| matches!(x, Moment::Resolved { .. }))
        .collect();
    assert_eq!(resolved.len(), 1, "{m:?}");
    let Moment::Resolved {
        challenge,
        by,
        conceded,
    } = *resolved[0]
    else {
        unreachable!()
    };
    assert!(t.utterances[challenge]
        .text
        .starts_with("I don't think five is realistic"));
    assert!(t.utterances[by]
        .text
        .starts_with("You're right, five is too many."));
    assert!(conceded);
    assert_eq!(m.len(), 2, "{m:?}");
    // The report lists both, linking to where they start.
    let html = report(&a);
    assert!(html.contains("0:04–1:26: Grace Liu held the floor for 1:22 (162 words); the others only backchannelled (4 times)"));
    assert!(html.contains(&format!(
        "<a href=\"#u{challenge}\"><strong>Challenge resolved</strong></a>"
    )));
    assert!(html.contains("<a href=\"#u0\"><strong>Long monologue</strong></a>"));
}

/// Henrik's plan: start-only times, so his floor runs from 0:02 to the end
/// of "Overtime ... rosters now." at 0:58, which lasts 13 words × 0.6 s =
/// 7.8 s (before Ana's "Sure." at 1:06 accepts): 63.8 s, over the minute
/// though only 93 words.
#[test]
fn hierarchy_monologue_by_the_seconds_rule() {
    let a = analyze(&root().join("fixtures/hierarchy-monologue.txt"), None);
    let m = moments(&a.transcript, &a.classified);
    let Some(Moment::Monologue {
        first,
        words,
        seconds,
        ..
    }) = m.first().cloned()
    else {
        panic!("{m:?}");
    };
    assert_eq!(first, 0);
    assert!(words < colead::score::MONOLOGUE_WORDS);
    assert!((seconds.expect("timed") - 63.8).abs() < 1e-6, "{seconds:?}");
}

/// The flow story's turning point: Priya's "Yes, but a broken login ..."
/// (1:31) answered by Maria's "You're right, I hadn't seen it that way
/// before." (1:45).
#[test]
fn flow_story_marks_the_concession() {
    let a = analyze(&root().join("fixtures/flow-seed-story.txt"), None);
    let m = moments(&a.transcript, &a.classified);
    let t = &a.transcript;
    let found = m.iter().any(|x| match *x {
        Moment::Resolved {
            challenge,
            by,
            conceded,
        } => {
            t.utterances[challenge]
                .text
                .starts_with("Yes, but a broken login")
                && t.utterances[by].text == "You're right, I hadn't seen it that way before."
                && conceded
        }
        _ => false,
    });
    assert!(found, "{m:?}");
    assert_eq!(
        m.iter()
            .filter(|x| matches!(x, Moment::Resolved { .. }))
            .count() as u64,
        a.scores.group.figures.challenges_resolved,
        "the same rule as the resolution figure"
    );
}

#[test]
fn resolved_moments_are_the_resolution_figure() {
    for (name, path, window) in report_fixtures() {
        let a = analyze(&path, window);
        let m = moments(&a.transcript, &a.classified);
        let resolved = m
            .iter()
            .filter(|x| matches!(x, Moment::Resolved { .. }))
            .count() as u64;
        assert_eq!(
            resolved, a.scores.group.figures.challenges_resolved,
            "{name}"
        );
        // In meeting order.
        let firsts: Vec<usize> = m.iter().map(Moment::first).collect();
        let mut sorted = firsts.clone();
        sorted.sort();
        assert_eq!(firsts, sorted, "{name}");
    }
}

#[test]
fn the_filters_have_one_rule_per_speaker_and_class() {
    let a = analyze(&root().join("fixtures/flow-seed-story.txt"), None);
    let html = report(&a);
    for i in 0..a.transcript.speakers.len() {
        assert!(html.contains(&format!("#fs-{i}:checked~ol .u:not(.s{i}){{display:none}}")));
        assert!(html.contains(&format!(
            r#"<input class="vh" type="radio" name="fs" id="fs-{i}">"#
        )));
    }
    for l in ["position", "question", "concession", "challenge", "other"] {
        assert!(html.contains(&format!(
            "#fc-{l}:checked~ol .u:not(.c-{l}){{display:none}}"
        )));
    }
    // Each utterance carries the classes the rules select on.
    for (i, (u, c)) in a
        .transcript
        .utterances
        .iter()
        .zip(&a.classified)
        .enumerate()
    {
        assert!(html.contains(&format!(
            r#"<li id="u{i}" class="u s{} c-{}">"#,
            u.speaker, c.label
        )));
    }
}

fn index_entries() -> Vec<IndexEntry> {
    report_fixtures()
        .into_iter()
        .filter(|(_, _, w)| w.is_none())
        .map(|(name, path, _)| {
            let a = analyze(&path, None);
            let shown = format!("fixtures/{name}");
            let link = format!("reports/{}", report_file_name(&shown));
            IndexEntry::new(shown, link, &a)
        })
        .collect()
}

#[test]
fn index_page_lists_every_meeting_and_failure() {
    let entries = index_entries();
    let failures = vec![IndexFailure {
        path: "archive/<broken>.vtt".into(),
        message: "line 3: expected a cue timing".into(),
    }];
    let page = index(&entries, &failures);
    check_tags(&page).expect("balanced");
    assert_eq!(count(&page, "<tr data-i="), entries.len());
    for e in &entries {
        assert!(
            page.contains(&format!("<a href=\"{}\">{}</a>", e.report, e.path)),
            "{}",
            e.path
        );
    }
    // Patterns of the five meetings: chaos, flow, hierarchy, stagnation, and
    // the timed one (flow).
    assert!(page.contains("flow: 2 (40%)"), "{page}");
    assert!(page.contains("hierarchy: 1 (20%)"));
    assert!(page.contains("chaos: 1 (20%)"));
    assert!(page.contains("stagnation: 1 (20%)"));
    assert!(page.contains("archive/&lt;broken&gt;.vtt</strong>: line 3: expected a cue timing"));
    assert!(page.contains("1 could not be read"));
    // Sortable: every column has a key and every cell a value to sort by.
    let keys = attr_values(&page, "data-key");
    assert_eq!(keys.len(), 13);
    assert_eq!(count(&page, "<td"), 13 * entries.len());
    assert_eq!(count(&page, " data-v=\""), 13 * entries.len());
    assert_eq!(index(&entries, &failures), page, "deterministic");
}

#[test]
fn index_links_cannot_escape_their_attribute() {
    let a = analyze(&root().join("fixtures/flow-seed-story.txt"), None);
    let e = IndexEntry::new("a\"b.txt", "javascript:alert(1)//\"><script>", &a);
    let page = index(&[e], &[]);
    check_tags(&page).expect("balanced");
    assert!(page
        .contains(r#"<a href="javascript%3Aalert%281%29//%22%3E%3Cscript%3E">a&quot;b.txt</a>"#));
    assert_eq!(count(&page, "<script"), 1, "only the sorting script");
}

#[test]
fn windows_other_than_the_default_are_drawn_too() {
    let a = analyze(
        &root().join("fixtures/stagnation-agreeable.txt"),
        Some(Window::utterances(5)),
    );
    // 24 utterances in windows of 5: 5 windows, the last of 4.
    assert_eq!(a.scores.timeline.windows.len(), 5);
    let html = report(&a);
    assert_eq!(count(svg(&html, "timeline wide"), "<rect class=\"cell "), 5);
    assert!(html.contains("utterances 21–24"));
}

#[test]
fn utterance_page_alone() {
    let a = analyze(&root().join("fixtures/flow-seed-story.txt"), None);
    let page = colead::report::html::utterance_page(&a);
    check_tags(&page).expect("balanced");
    assert_eq!(count(&page, "<li id=\"u"), a.transcript.utterances.len());
    assert!(!page.contains("<svg") && !page.contains("<script"));
    assert!(
        !page.contains("href=\"#verdict\""),
        "no links to sections it lacks"
    );
}

/// Real meetings (QMSum, when `../shared/data` is there): long, many
/// speakers, no times. Every 20th of them renders as balanced markup with a
/// dot per speaker and a cell per window.
#[test]
fn real_meetings_render() {
    let dir = root().join("../shared/data/qmsum/train");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files.iter().step_by(20) {
        let a = analyze(path, None);
        let html = report(&a);
        check_tags(&html).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            count(svg(&html, "chart"), "<circle class=\"dot "),
            a.scores.speakers.len()
        );
        assert_eq!(
            count(svg(&html, "timeline wide"), "<rect class=\"cell "),
            a.scores.timeline.windows.len()
        );
    }
}

/// The checker the tests above rely on catches what it should.
#[test]
fn the_tag_checker_rejects_broken_pages() {
    let page = |body: &str| format!("<!DOCTYPE html>\n<html><body>{body}</body></html>\n");
    assert!(check_tags(&page(
        "<p class=\"a\">x</p><input checked><svg><rect/></svg>"
    ))
    .is_ok());
    for bad in [
        "<div>",                  // never closed
        "<p></div>",              // closed by the wrong tag
        "<p class=a>x</p>",       // unquoted attribute
        "<div/>",                 // self-closing HTML element
        "a < b",                  // unescaped text
        "<style>a</p></style>",   // end tag inside raw text
        "<p title=\"<b>\">x</p>", // markup inside a value
    ] {
        assert!(check_tags(&page(bad)).is_err(), "{bad}");
    }
    assert!(check_tags("<html></html>").is_err(), "no doctype");
}
