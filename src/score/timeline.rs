//! The meeting in windows, each judged by the same code as the whole
//! meeting, so users see where flow was reached and where it was lost.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::facts::{Facts, Stretch, Timing};
use super::pattern::{verdict, Pattern};
use super::GroupFigures;
use super::{round4, round4_opt};

/// Default window where times exist: 5 minutes.
pub const DEFAULT_WINDOW_SECONDS: f64 = 300.0;
/// Default window without times: 50 utterances.
pub const DEFAULT_WINDOW_UTTERANCES: usize = 50;

/// What a window is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowUnit {
    /// Seconds of meeting time.
    Seconds,
    /// Utterances.
    Utterances,
}

/// The size of a timeline window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Seconds or utterances.
    pub unit: WindowUnit,
    /// How many.
    pub size: f64,
}

impl Window {
    /// A window of `seconds` of meeting time.
    pub fn seconds(seconds: f64) -> Self {
        Window {
            unit: WindowUnit::Seconds,
            size: seconds,
        }
    }

    /// A window of `n` utterances.
    pub fn utterances(n: usize) -> Self {
        Window {
            unit: WindowUnit::Utterances,
            size: n as f64,
        }
    }

    /// 5 minutes where times exist, else 50 utterances.
    pub fn default_for(timing: Timing) -> Self {
        match timing {
            Timing::None => Window::utterances(DEFAULT_WINDOW_UTTERANCES),
            _ => Window::seconds(DEFAULT_WINDOW_SECONDS),
        }
    }

    /// Whether the window needs times.
    pub fn needs_times(&self) -> bool {
        self.unit == WindowUnit::Seconds
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            WindowUnit::Utterances => write!(f, "{}-utterance", self.size),
            WindowUnit::Seconds if self.size % 60.0 == 0.0 => {
                write!(f, "{}-minute", self.size / 60.0)
            }
            WindowUnit::Seconds => write!(f, "{}-second", self.size),
        }
    }
}

/// `--window`: `5m`, `90s`, `1h` (meeting time) or `50`, `50u` (utterances).
impl FromStr for Window {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || {
            format!(
                "bad window {s:?}: give minutes (5m), seconds (90s), hours (1h) or utterances (50)"
            )
        };
        let (number, unit) = match s.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
            Some((i, _)) => (&s[..i], &s[i..]),
            None => (s, "u"),
        };
        let x: f64 = number.trim().parse().map_err(|_| bad())?;
        if !(x.is_finite() && x > 0.0) {
            return Err(bad());
        }
        match unit {
            "s" | "sec" => Ok(Window::seconds(x)),
            "m" | "min" => Ok(Window::seconds(x * 60.0)),
            "h" => Ok(Window::seconds(x * 3600.0)),
            "u" if x.fract() == 0.0 => Ok(Window::utterances(x as usize)),
            _ => Err(bad()),
        }
    }
}

/// One window and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowScore {
    /// Window number from the start (time windows without speech are skipped,
    /// so numbers can jump).
    pub index: usize,
    /// Index of its first utterance.
    pub first_utterance: usize,
    /// Index of its last utterance.
    pub last_utterance: usize,
    /// Where it starts, in seconds; `null` without times.
    #[serde(serialize_with = "round4_opt")]
    pub start_seconds: Option<f64>,
    /// Where it ends, in seconds; `null` without times.
    #[serde(serialize_with = "round4_opt")]
    pub end_seconds: Option<f64>,
    /// Utterances in it.
    pub utterances: u64,
    /// Its pattern.
    pub pattern: Pattern,
    /// Confidence in the pattern, 0.5–1.
    #[serde(serialize_with = "round4")]
    pub confidence: f64,
    /// Group flow 0–100.
    #[serde(serialize_with = "round4")]
    pub flow_score: f64,
    /// Lead acts per substantive utterance.
    #[serde(serialize_with = "round4")]
    pub lead_rate: f64,
    /// Follow acts per substantive utterance.
    #[serde(serialize_with = "round4")]
    pub follow_rate: f64,
    /// Challenges and competing positions per 100 utterances.
    #[serde(serialize_with = "round4")]
    pub abrasion: f64,
    /// Questions answered and position turns taken up, as a share.
    #[serde(serialize_with = "round4_opt")]
    pub agility: Option<f64>,
    /// Challenges resolved, as a share.
    #[serde(serialize_with = "round4_opt")]
    pub resolution: Option<f64>,
    /// 1 − Gini of talk.
    #[serde(serialize_with = "round4")]
    pub equality: f64,
    /// Judged speakers who lead.
    pub leaders: usize,
    /// Judged speakers who lead and follow.
    pub concurrent: usize,
    /// The speaker with the most lead acts.
    pub top_leader: Option<String>,
    /// Names of the speakers who lead and follow, in report order.
    pub concurrent_leaders: Vec<String>,
}

/// The meeting in windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The window size used.
    pub window: Window,
    /// Windows with speech, in order.
    pub windows: Vec<WindowScore>,
    /// Windows whose pattern is flow.
    pub flow_windows: usize,
    /// Their length in seconds; `null` without times.
    #[serde(serialize_with = "round4_opt")]
    pub flow_seconds: Option<f64>,
    /// Utterances in them.
    pub flow_utterances: u64,
}

impl Timeline {
    /// Cuts the meeting into windows and judges each. A time window on a
    /// transcript without times falls back to the default utterance window.
    pub(crate) fn new(facts: &Facts, names: &[&str], window: Window) -> Self {
        let window = if window.needs_times() && facts.timing == Timing::None {
            Window::default_for(Timing::None)
        } else {
            window
        };
        let mut stretch = Stretch::default();
        let windows: Vec<WindowScore> = cut(facts, window)
            .into_iter()
            .map(|(index, range, bounds)| {
                // The group's figures and pattern as for the whole meeting,
                // without the per-speaker reports and the reasons in words,
                // which a window does not show.
                facts.stand(names, range.clone(), &mut stretch);
                let standings = &stretch.standings;
                let (f, judged) = GroupFigures::of(
                    standings,
                    &stretch.tallies,
                    facts.timing,
                    facts.duration(range.clone()),
                );
                let (pattern, confidence) = verdict(&f, &judged);
                WindowScore {
                    index,
                    first_utterance: range.start,
                    last_utterance: range.end - 1,
                    start_seconds: bounds.map(|b| b.0),
                    end_seconds: bounds.map(|b| b.1),
                    utterances: f.utterances,
                    pattern,
                    confidence,
                    flow_score: f.flow_score,
                    lead_rate: f.lead_rate,
                    follow_rate: f.follow_rate,
                    abrasion: f.abrasion,
                    agility: f.agility,
                    resolution: f.resolution,
                    equality: f.equality,
                    leaders: f.leaders,
                    concurrent: f.concurrent,
                    concurrent_leaders: standings
                        .iter()
                        .filter(|s| s.leads() && s.follows())
                        .map(|s| s.name.to_string())
                        .collect(),
                    top_leader: f.top_leader,
                }
            })
            .collect();
        let flow: Vec<&WindowScore> = windows
            .iter()
            .filter(|w| w.pattern == Pattern::Flow)
            .collect();
        let flow_seconds = (facts.timing != Timing::None).then(|| {
            super::sum(
                flow.iter()
                    .filter_map(|w| Some(w.end_seconds? - w.start_seconds?)),
            )
        });
        Timeline {
            window,
            flow_windows: flow.len(),
            flow_seconds,
            flow_utterances: flow.iter().map(|w| w.utterances).sum(),
            windows,
        }
    }
}

type Cut = (usize, std::ops::Range<usize>, Option<(f64, f64)>);

/// The windows: (number, utterance range, (start, end) seconds where times exist).
fn cut(facts: &Facts, window: Window) -> Vec<Cut> {
    let n = facts.len();
    let mut out: Vec<Cut> = Vec::new();
    if n == 0 {
        return out;
    }
    match window.unit {
        WindowUnit::Utterances => {
            let size = (window.size as usize).max(1);
            for (k, start) in (0..n).step_by(size).enumerate() {
                let range = start..(start + size).min(n);
                let bounds = facts
                    .duration(range.clone())
                    .zip(facts.facts[range.start].at)
                    .map(|(d, s)| (s, s + d));
                out.push((k, range, bounds));
            }
        }
        WindowUnit::Seconds => {
            let size = window.size;
            let t0 = facts.facts.iter().find_map(|f| f.at).unwrap_or(0.0);
            let meeting_end = t0 + facts.duration(0..n).unwrap_or(0.0);
            // Window numbers never go back: an utterance that starts before
            // the one ahead of it stays in the current window.
            let mut current = 0usize;
            for (i, f) in facts.facts.iter().enumerate() {
                let k =
                    f.at.map_or(current, |a| (((a - t0) / size).floor().max(0.0)) as usize);
                current = current.max(k);
                match out.last_mut() {
                    Some(last) if last.0 == current => last.1.end = i + 1,
                    _ => {
                        let start = t0 + current as f64 * size;
                        let end = (start + size).min(meeting_end.max(start));
                        out.push((current, i..i + 1, Some((start, end))));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_specs() {
        assert_eq!("5m".parse::<Window>(), Ok(Window::seconds(300.0)));
        assert_eq!("90s".parse::<Window>(), Ok(Window::seconds(90.0)));
        assert_eq!("1h".parse::<Window>(), Ok(Window::seconds(3600.0)));
        assert_eq!("2.5m".parse::<Window>(), Ok(Window::seconds(150.0)));
        assert_eq!("50".parse::<Window>(), Ok(Window::utterances(50)));
        assert_eq!("50u".parse::<Window>(), Ok(Window::utterances(50)));
        for bad in ["", "0", "-5m", "5x", "m", "2.5", "nanm"] {
            assert!(bad.parse::<Window>().is_err(), "{bad:?}");
        }
        assert_eq!(Window::seconds(300.0).to_string(), "5-minute");
        assert_eq!(Window::utterances(50).to_string(), "50-utterance");
    }
}
