//! `colead formats`

use std::io::Write;

use crate::transcript::formats;

/// Arguments of `colead formats` (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints each format's name and description, in detection order.
pub fn run(_args: &Args) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    let width = formats::all()
        .iter()
        .map(|p| p.name().len())
        .max()
        .unwrap_or(0);
    for parser in formats::all() {
        writeln!(out, "{:<width$}  {}", parser.name(), parser.description())?;
    }
    out.flush()?;
    Ok(super::EXIT_OK)
}
