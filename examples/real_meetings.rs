//! Leading and group patterns on real meetings: the QMSum training split
//! (AMI product-design meetings, ICSI research meetings, committees of the
//! Welsh Parliament and of the Parliament of Canada).
//!
//! ```sh
//! cargo run --release --example real_meetings                      # ../shared/data/qmsum/train
//! cargo run --release --example real_meetings -- DIR --list        # one line per meeting too
//! cargo run --release --example real_meetings -- --show covid_3.json  # one meeting's full report
//! ```
//!
//! Per domain it reports how often the role that formally leads the meeting
//! ranks first in leading (AMI: the Project Manager; committees: the Chair;
//! ICSI has no chair, so the Professor, where one attends, stands in), how
//! often that role has the most lead acts (volume rather than rate), and the
//! distribution of group patterns. These are figures to report, not to tune
//! to; `docs/metrics.md` discusses them. The data is read where it lies and
//! never copied.
//!
//! Names are read as the corpus writes them, with one repair: Canadian
//! Hansard names a member in full on first mention and briefly after
//! ("The Chair (Hon. Anthony Rota (Nipissing—Timiskaming, Lib.))", then
//! "The Chair"), so for those meetings a trailing parenthetical is dropped
//! (an Acting Chair keeps the person's name) and the two spellings count as
//! one speaker.
//!
//! Who chairs a Welsh committee is not written in the speaker names: the
//! chair opens the meeting. When the opener is the clerk calling for a
//! temporary Chair, the chair is whoever speaks after the clerk declares the
//! appointment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use colead::classify::ModelClassifier;
use colead::score::{Pattern, SpeakerScore};
use colead::transcript::{self, Source, Transcript, UtteranceBuilder};
use colead::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Domain {
    Ami,
    Icsi,
    Welsh,
    Canada,
}

impl Domain {
    fn of(file: &str) -> Option<Domain> {
        if file.starts_with("ES") || file.starts_with("IS") || file.starts_with("TS") {
            Some(Domain::Ami)
        } else if file.starts_with('B') {
            Some(Domain::Icsi)
        } else if file.starts_with("education_") {
            Some(Domain::Welsh)
        } else if file.starts_with("covid_") {
            Some(Domain::Canada)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Domain::Ami => "AMI product design",
            Domain::Icsi => "ICSI research",
            Domain::Welsh => "Welsh Parliament committee",
            Domain::Canada => "Parliament of Canada committee",
        }
    }

    fn role(self) -> &'static str {
        match self {
            Domain::Ami => "Project Manager",
            Domain::Icsi => "Professor",
            Domain::Welsh | Domain::Canada => "Chair",
        }
    }
}

/// "The Chair (Hon. A (Riding, Party))" → "The Chair"; "The Acting Chair
/// (Mr. B (Riding, CPC))" → "The Acting Chair (Mr. B)"; "Mr. C (Riding,
/// Party)" → "Mr. C".
fn hansard_name(name: &str) -> String {
    if name.starts_with("The Chair") {
        return "The Chair".into();
    }
    if let Some(rest) = name.strip_prefix("The Acting Chair (") {
        let person = rest
            .split(" (")
            .next()
            .unwrap_or(rest)
            .trim_end_matches(')');
        return format!("The Acting Chair ({person})");
    }
    name.split(" (").next().unwrap_or(name).trim().to_string()
}

/// The transcript with speakers renamed by `canon` (equal names merge).
fn renamed(t: Transcript, canon: impl Fn(&str) -> String) -> Transcript {
    let mut out = Transcript::new(t.source.clone(), t.format.clone());
    out.warnings = t.warnings.clone();
    let mut b = UtteranceBuilder::default();
    for mut u in t.utterances.clone() {
        let name = canon(t.speaker_name(u.speaker));
        u.speaker = b.speaker_id(&mut out.speakers, &name);
        u.turn = b.turn_index(u.speaker);
        out.utterances.push(u);
    }
    out
}

/// The speaker(s) holding the domain's leading role.
fn role_holders(domain: Domain, t: &Transcript) -> Vec<String> {
    match domain {
        Domain::Ami => vec!["Project Manager".into()],
        Domain::Icsi => t
            .speakers
            .iter()
            .filter(|s| s.starts_with("Professor"))
            .cloned()
            .collect(),
        Domain::Canada => vec!["The Chair".into()],
        Domain::Welsh => welsh_chair(t).into_iter().collect(),
    }
}

/// The opener, or after a clerk's call for a temporary Chair, the first
/// speaker after the declaration of the appointment.
fn welsh_chair(t: &Transcript) -> Option<String> {
    let u = &t.utterances;
    let first = u.first()?;
    let opening: String = u
        .iter()
        .take_while(|x| x.turn == first.turn)
        .map(|x| x.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if !opening.contains("temporary Chair") {
        return Some(t.speaker_name(first.speaker).to_string());
    }
    let declared = u.iter().position(|x| x.text.contains("appointed"))?;
    let turn = u[declared].turn;
    u[declared..]
        .iter()
        .find(|x| x.turn > turn)
        .map(|x| t.speaker_name(x.speaker).to_string())
}

#[derive(Default)]
struct Stats {
    meetings: usize,
    with_role: usize,
    role_first: usize,
    role_tied_first: usize,
    role_most_acts: usize,
    role_judged: usize,
    role_ranks: Vec<usize>,
    patterns: BTreeMap<&'static str, usize>,
    styles: BTreeMap<&'static str, usize>,
    flow_score: f64,
    confidence: f64,
    equality: f64,
    flow_windows: usize,
    windows: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let list = args.iter().any(|a| a == "--list");
    // `--show FILE`: the full text report of one meeting, names repaired.
    let show = args
        .iter()
        .position(|a| a == "--show")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let dir = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--show"))
        .map(|(_, a)| a)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/qmsum/train")
        });
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "{}: not found; nothing to report (the data is not part of the project)",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let classifier = ModelClassifier::builtin();
    let mut stats: BTreeMap<Domain, Stats> = BTreeMap::new();
    for path in &files {
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default();
        let Some(domain) = Domain::of(file) else {
            eprintln!("{file}: domain unknown, skipped");
            continue;
        };
        let t = match transcript::load(&Source::Path(path.clone())) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let t = if domain == Domain::Canada {
            renamed(t, hansard_name)
        } else {
            t
        };
        let holders = role_holders(domain, &t);
        let a: Analysis = colead::analyze(t, &classifier);
        let s = stats.entry(domain).or_default();
        record(s, &a, &holders);
        if list {
            print_line(file, domain, &a, &holders);
        }
        if show.as_deref() == Some(file) {
            use colead::report::Printer;
            let mut out = std::io::stdout().lock();
            if let Err(e) = colead::report::Text.analysis(&a, &mut out) {
                eprintln!("{file}: {e}");
            }
            println!();
        }
    }
    if list {
        println!();
    }
    report(&stats);
}

fn record(s: &mut Stats, a: &Analysis, holders: &[String]) {
    let g = &a.scores.group;
    s.meetings += 1;
    *s.patterns.entry(g.pattern.as_str()).or_default() += 1;
    s.flow_score += g.figures.flow_score;
    s.confidence += g.confidence;
    s.equality += g.figures.equality;
    let tl = &a.scores.timeline;
    s.windows += tl.windows.len();
    s.flow_windows += tl.flow_windows;
    let speakers = &a.scores.speakers;
    for sp in speakers {
        *s.styles.entry(sp.style.as_str()).or_default() += 1;
    }
    let is_holder = |sp: &SpeakerScore| holders.contains(&sp.name);
    if holders.is_empty() || !speakers.iter().any(is_holder) {
        return;
    }
    s.with_role += 1;
    let Some(rank) = speakers.iter().position(is_holder) else {
        return;
    };
    s.role_ranks.push(rank + 1);
    let top = speakers.first().and_then(|x| x.leading);
    let holder = &speakers[rank];
    if holder.leading.is_some() {
        s.role_judged += 1;
    }
    if rank == 0 && holder.leading.is_some() {
        s.role_first += 1;
    }
    if holder.leading.is_some() && holder.leading == top {
        s.role_tied_first += 1;
    }
    if g.figures.top_leader.as_deref() == Some(holder.name.as_str()) {
        s.role_most_acts += 1;
    }
}

fn print_line(file: &str, domain: Domain, a: &Analysis, holders: &[String]) {
    let g = &a.scores.group;
    let first = a.scores.speakers.first().map_or("-", |s| s.name.as_str());
    let rank = a
        .scores
        .speakers
        .iter()
        .position(|s| holders.contains(&s.name))
        .map_or("-".to_string(), |r| (r + 1).to_string());
    let f = &g.figures;
    println!(
        "{file:<18} {:<6} {:<10} conf {:.2} flow {:>3.0} lead {:.2} follow {:.2} top {:.2}/{:.2} leaders {} concurrent {} ({:.2}) strip {:<12} first {first:<40} {} rank {rank}",
        match domain {
            Domain::Ami => "AMI",
            Domain::Icsi => "ICSI",
            Domain::Welsh => "Welsh",
            Domain::Canada => "Canada",
        },
        g.pattern.as_str(),
        g.confidence,
        f.flow_score,
        f.lead_rate,
        f.follow_rate,
        f.top_lead_share.unwrap_or(0.0),
        f.second_lead_share.unwrap_or(0.0),
        f.leaders,
        f.concurrent,
        f.concurrent_share,
        colead::report::strip(&a.scores.timeline),
        domain.role(),
    );
}

fn report(stats: &BTreeMap<Domain, Stats>) {
    for (domain, s) in stats {
        let n = s.meetings.max(1) as f64;
        let pct = |k: usize, of: usize| {
            if of == 0 {
                "–".to_string()
            } else {
                format!("{k}/{of} ({:.0}%)", 100.0 * k as f64 / of as f64)
            }
        };
        println!("{} — {} meetings", domain.name(), s.meetings);
        println!(
            "  {} ranks first in leading: {} of meetings where present; tied for first: {}; judged: {}",
            domain.role(),
            pct(s.role_first, s.with_role),
            pct(s.role_tied_first, s.with_role),
            pct(s.role_judged, s.with_role),
        );
        let mut ranks = s.role_ranks.clone();
        ranks.sort_unstable();
        println!(
            "  {} has the most lead acts: {}; median rank in leading {}",
            domain.role(),
            pct(s.role_most_acts, s.with_role),
            ranks
                .get(ranks.len() / 2)
                .map_or("–".into(), |r| r.to_string())
        );
        let patterns: Vec<String> = Pattern::ALL
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.as_str(),
                    s.patterns.get(p.as_str()).copied().unwrap_or(0)
                )
            })
            .collect();
        println!("  patterns: {}", patterns.join(" · "));
        let styles: Vec<String> = s.styles.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("  speaker styles: {}", styles.join(" · "));
        println!(
            "  mean flow score {:.1} · mean confidence {:.2} · mean equality {:.2} · windows in flow {}",
            s.flow_score / n,
            s.confidence / n,
            s.equality / n,
            pct(s.flow_windows, s.windows)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hansard_names() {
        assert_eq!(
            hansard_name("The Chair (Hon. Anthony Rota (NipissingTimiskaming, Lib.))"),
            "The Chair"
        );
        assert_eq!(
            hansard_name("The Acting Chair (Mr. Bruce Stanton (Simcoe North, CPC))"),
            "The Acting Chair (Mr. Bruce Stanton)"
        );
        assert_eq!(
            hansard_name("The Acting Chair (Mr. Bruce Stanton)"),
            "The Acting Chair (Mr. Bruce Stanton)"
        );
        assert_eq!(
            hansard_name("Mr. Todd Doherty (Cariboo, CPC)"),
            "Mr. Todd Doherty"
        );
        assert_eq!(
            hansard_name("Right Hon. Justin Trudeau"),
            "Right Hon. Justin Trudeau"
        );
    }
}
