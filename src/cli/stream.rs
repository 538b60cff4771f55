//! `colead stream`: JSON Lines in on stdin, one reply line per input line
//! on stdout, in order, flushed as each is written (schema:
//! [`crate::batch::stream`]).

use std::io::{self, BufRead, Write};

use crate::batch::stream::{reply, StreamSettings};

/// Arguments of `colead stream`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Treat warnings (skipped lines, a fallback encoding) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Fill in the `utterances` of each analysis (empty otherwise).
    #[arg(long)]
    pub utterances: bool,
    #[command(flatten)]
    pub rules: super::RulesArgs,
}

/// Runs the command; returns the exit code. A bad line is answered with an
/// error reply, so the exit code is 0 unless the streams themselves fail.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let classifier = args.rules.classifier()?;
    let settings = StreamSettings {
        classifier: classifier.as_ref(),
        strict: args.strict,
        utterances: args.utterances,
    };
    let mut input = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        serde_json::to_writer(&mut out, &reply(text, number, &settings))?;
        out.write_all(b"\n")?;
        // The engine waits for each reply before it sends more.
        out.flush()?;
    }
    Ok(super::EXIT_OK)
}
