//! `colead eval PATH...` (being written)
use std::path::PathBuf;
/// Arguments of `colead eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labeled CSV files or directories of them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}
/// Runs the command; returns the exit code.
pub fn run(_args: &Args) -> anyhow::Result<i32> { anyhow::bail!("not yet") }
