//! The reference rates of `docs/metrics.md`, from human labels: the MRDA
//! training split (51 ICSI meetings with a gold class on every utterance).
//!
//! ```sh
//! cargo run --release --example mrda_reference               # ../shared/data/mrda/train
//! cargo run --release --example mrda_reference -- DIR
//! ```
//!
//! The meetings are scored with their gold labels (the classifier plays no
//! part, except that a gold position counts as a build when the built-in
//! rules read it as one: gold labels do not mark builds), by the same code
//! as any analysis, so the rates below are exactly the figures the scores
//! are measured against: lead acts, follow acts and taken-up position turns
//! per substantive utterance, pooled over all meetings, with the spread
//! between meetings. It then shows what the reference rates make of these
//! meetings (speakers' ratios to a fair share, styles, patterns) as a check
//! that ordinary meetings sit in the middle of the scales, not at an end.
//! The data is read where it lies and never copied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use colead::classify::{Classified, Classifier, Cue, Evidence, RuleClassifier};
use colead::eval::{collect_files, read_labeled};
use colead::score::{self, Options, Pattern};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mrda/train"));
    if !dir.exists() {
        println!(
            "{}: not found; nothing to report (the data is not part of the project)",
            dir.display()
        );
        return;
    }
    let files = match collect_files(&[dir]) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let rules = RuleClassifier::new();
    let mut pooled = Pooled::default();
    let mut per_meeting: Vec<[f64; 4]> = Vec::new();
    let mut lead_ratios = Vec::new();
    let mut follow_ratios = Vec::new();
    let mut styles: BTreeMap<&str, usize> = BTreeMap::new();
    let mut patterns: BTreeMap<&str, usize> = BTreeMap::new();
    let mut window_patterns: BTreeMap<&str, usize> = BTreeMap::new();
    let mut concurrent_per_meeting = Vec::new();
    let mut top_shares = Vec::new();
    for path in &files {
        let meetings = match read_labeled(path) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        for m in meetings {
            let by_rules = rules.classify(&m.transcript);
            let gold: Vec<Classified> = m
                .gold
                .iter()
                .zip(&by_rules)
                .map(|(&label, r)| {
                    if r.label == label {
                        r.clone()
                    } else {
                        Classified {
                            label,
                            evidence: Evidence {
                                decided_by: Cue {
                                    label,
                                    rule: "gold".into(),
                                    matched: String::new(),
                                },
                                runner_up: None,
                                context: None,
                            },
                        }
                    }
                })
                .collect();
            let s = score::score_with(&m.transcript, &gold, &[], &Options::default());
            let f = &s.group.figures;
            pooled.add(f);
            let sub = f.substantive.max(1) as f64;
            per_meeting.push([
                f.lead_acts as f64 / sub,
                f.follow_acts as f64 / sub,
                f.taken_up as f64 / sub,
                f.taken_up as f64 / f.position_turns.max(1) as f64,
            ]);
            for sp in &s.speakers {
                *styles.entry(sp.style.as_str()).or_default() += 1;
                if let (Some(l), Some(fo)) = (sp.lead_ratio, sp.follow_ratio) {
                    lead_ratios.push(l);
                    follow_ratios.push(fo);
                }
            }
            *patterns.entry(s.group.pattern.as_str()).or_default() += 1;
            for w in &s.timeline.windows {
                *window_patterns.entry(w.pattern.as_str()).or_default() += 1;
            }
            concurrent_per_meeting.push(f.concurrent as f64);
            top_shares.push(f.top_lead_share.unwrap_or(0.0));
        }
    }
    pooled.report(per_meeting.len());
    let column = |k: usize| per_meeting.iter().map(|r| r[k]).collect::<Vec<_>>();
    println!("per meeting (lower quartile / median / upper quartile / highest):");
    for (k, name) in [
        "lead acts per substantive utterance",
        "follow acts per substantive utterance",
        "taken-up position turns per substantive utterance",
        "share of position turns taken up",
    ]
    .iter()
    .enumerate()
    {
        println!("  {name}: {}", quartiles(column(k)));
    }
    println!(
        "  top speaker's share of lead acts: {}",
        quartiles(top_shares)
    );
    println!(
        "  judged speakers both leading and following: {}",
        quartiles(concurrent_per_meeting)
    );
    println!("judged speakers' lead and follow ratios (1 = a typical participant's):");
    println!("  lead ratio: {}", quartiles(lead_ratios));
    println!("  follow ratio: {}", quartiles(follow_ratios));
    let list = |m: &BTreeMap<&str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    println!("speaker styles: {}", list(&styles));
    let in_order = |m: &BTreeMap<&str, usize>| {
        Pattern::ALL
            .iter()
            .map(|p| format!("{p} {}", m.get(p.as_str()).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    println!("meeting patterns: {}", in_order(&patterns));
    println!("window patterns: {}", in_order(&window_patterns));
}

/// Counts summed over all meetings.
#[derive(Default)]
struct Pooled {
    utterances: u64,
    substantive: u64,
    lead_acts: u64,
    questions: u64,
    questions_to_others: u64,
    concessions: u64,
    builds: u64,
    follow_acts: u64,
    position_turns: u64,
    taken_up: u64,
}

impl Pooled {
    fn add(&mut self, f: &score::GroupFigures) {
        self.utterances += f.utterances;
        self.substantive += f.substantive;
        self.lead_acts += f.lead_acts;
        self.questions += f.counts.question;
        self.questions_to_others += f.questions_to_others;
        self.concessions += f.counts.concession;
        self.builds += f.builds;
        self.follow_acts += f.follow_acts;
        self.position_turns += f.position_turns;
        self.taken_up += f.taken_up;
    }

    fn report(&self, meetings: usize) {
        let sub = self.substantive.max(1) as f64;
        let per = |x: u64| format!("{x} ({:.3} per substantive utterance)", x as f64 / sub);
        println!(
            "{meetings} meetings, {} utterances, {} substantive",
            self.utterances, self.substantive
        );
        println!(
            "lead acts (positions + challenges): {}",
            per(self.lead_acts)
        );
        println!(
            "questions {}, of which to others {}; concessions {}; builds {}",
            per(self.questions),
            per(self.questions_to_others),
            per(self.concessions),
            per(self.builds)
        );
        println!(
            "follow acts (questions to others + concessions + builds): {}",
            per(self.follow_acts)
        );
        println!(
            "position turns {}; taken up {} ({:.3} of position turns)",
            per(self.position_turns),
            per(self.taken_up),
            self.taken_up as f64 / self.position_turns.max(1) as f64
        );
    }
}

/// "q1 / median / q3 / max" of `xs`, nearest rank.
fn quartiles(mut xs: Vec<f64>) -> String {
    if xs.is_empty() {
        return "–".into();
    }
    xs.sort_by(f64::total_cmp);
    let at = |p: f64| xs[((xs.len() - 1) as f64 * p).round() as usize];
    format!(
        "{:.3} / {:.3} / {:.3} / {:.3}",
        at(0.25),
        at(0.5),
        at(0.75),
        at(1.0)
    )
}
