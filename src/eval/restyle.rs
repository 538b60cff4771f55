//! Labeled meetings rewritten as other transcripts write them, to measure
//! whether a classifier leans on its training corpus' own habits: MRDA's
//! text is all lower case, marks a cut-off with `--` and names speakers by
//! id (`eval --restyle`).

use super::LabeledMeeting;

/// How to rewrite a meeting's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    /// As people write transcripts: sentence case, "I", a comma after an
    /// opening "yeah" or "so", "..." for a cut-off, speakers by name.
    Written,
    /// As speech recognizers without punctuation give it: no `. , ; : ! ?`,
    /// no cut-off marks.
    Unpunctuated,
}

/// Rewrites every utterance (and, for [`Style::Written`], every speaker
/// name) of `meeting`; gold labels stay as they are.
pub fn restyle(meeting: &mut LabeledMeeting, style: Style) {
    let t = &mut meeting.transcript;
    if style == Style::Written {
        for (k, name) in t.speakers.iter_mut().enumerate() {
            *name = format!("Speaker {}", k + 1);
        }
    }
    for u in &mut t.utterances {
        u.text = match style {
            Style::Written => written(&u.text),
            Style::Unpunctuated => unpunctuated(&u.text),
        };
    }
}

/// Openers written with a comma after them.
const OPENERS: [&str; 8] = ["yeah", "yes", "okay", "well", "so", "right", "um", "uh"];

/// "yeah i think so --" as "Yeah, I think so ...".
pub fn written(text: &str) -> String {
    let text = text.replace("--", "...");
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len() + 2);
    for (k, &word) in words.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let mut chars = word.chars();
        let capital = k == 0 || word == "i" || word.starts_with("i'");
        match chars.next() {
            Some(c) if capital => out.extend(c.to_uppercase().chain(chars)),
            _ => out.push_str(word),
        }
        if k == 0 && words.len() > 1 && OPENERS.contains(&word) {
            out.push(',');
        }
    }
    out
}

/// "so, is it?--" as "so is it".
pub fn unpunctuated(text: &str) -> String {
    let spaced: String = text
        .replace("--", " ")
        .chars()
        .map(|c| match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '…' | '—' => ' ',
            c => c,
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_style_capitalizes_and_punctuates_as_people_write() {
        assert_eq!(
            written("yeah i think i'm done --"),
            "Yeah, I think I'm done ..."
        );
        assert_eq!(written("is it?--"), "Is it?...");
        assert_eq!(written("okay."), "Okay.");
        assert_eq!(written("in it i'd say"), "In it I'd say");
        assert_eq!(written(""), "");
    }

    #[test]
    fn unpunctuated_style_drops_marks_and_cut_offs() {
        assert_eq!(unpunctuated("so, is it?--"), "so is it");
        assert_eq!(
            unpunctuated("well -- mm-hmm... ok; fine!"),
            "well mm-hmm ok fine"
        );
        assert_eq!(unpunctuated("i don't know…"), "i don't know");
        assert_eq!(unpunctuated("?"), "");
    }
}
