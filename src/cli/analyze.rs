//! `colead analyze FILE`

use std::path::PathBuf;

use crate::report::{printer, Format};
use crate::score::{Options, Window};

/// Arguments of `colead analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: super::InputArgs,
    #[command(flatten)]
    pub rules: super::RulesArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Timeline window: meeting time (`5m`, `90s`, `1h`; needs a transcript
    /// with times) or utterances (`50`). Default: 5m where times exist, else 50.
    #[arg(long, value_name = "SIZE")]
    pub window: Option<Window>,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let options = Options {
        window: args.window,
    };
    let analysis = super::load_and_analyze_with(
        &args.input,
        &args.rules,
        matches!(args.format, Format::Text | Format::Html),
        &options,
    )?;
    let mut out = super::output(args.output.as_ref())?;
    printer(args.format).analysis(&analysis, &mut out)?;
    out.flush()?;
    Ok(super::EXIT_OK)
}
