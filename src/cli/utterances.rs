//! `colead utterances FILE`

use std::path::PathBuf;

use crate::report::{printer, Format};

/// Arguments of `colead utterances`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: super::InputArgs,
    #[command(flatten)]
    pub rules: super::RulesArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    // No utterance format lists warnings, so they always go to stderr.
    let analysis = super::load_and_analyze(&args.input, &args.rules, false)?;
    let mut out = super::output(args.output.as_ref())?;
    printer(args.format).utterances(&analysis, &mut out)?;
    out.flush()?;
    Ok(super::EXIT_OK)
}
