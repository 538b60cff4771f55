//! `colead train LABELED... -o MODEL`

use std::path::PathBuf;

use anyhow::Context as _;

use crate::classify::linear::TrainConfig;
use crate::classify::model;
use crate::eval::{collect_files, read_labeled};

/// Arguments of `colead train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labeled CSV files (as for `eval`) or directories of them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    pub epochs: usize,
    /// Seed of the example order: the same seed gives the same model.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    pub seed: u64,
    /// AdaGrad's base learning rate.
    #[arg(long, default_value_t = TrainConfig::default().learning_rate)]
    pub learning_rate: f32,
    /// Weight rare classes by (n / (5 n_c))^POWER: 0 for none, 1 for fully balanced.
    #[arg(long, value_name = "POWER", default_value_t = TrainConfig::default().class_weight_power)]
    pub class_weight_power: f32,
    /// Average this many models, each trained on its own order of the examples.
    #[arg(long, default_value_t = TrainConfig::default().runs)]
    pub runs: usize,
    /// Cross-fitting folds: the second model learns from first-pass labels,
    /// and the class biases are tuned for macro-F1, on meetings each fold's
    /// model did not see (0 or 1: in-sample labels, no tuning).
    #[arg(long, value_name = "K", default_value_t = 4)]
    pub folds: usize,
    #[command(flatten)]
    pub rules: super::RulesArgs,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let rules = args.rules.rules()?;
    let mut meetings = Vec::new();
    for file in collect_files(&args.paths)? {
        meetings.extend(read_labeled(&file)?);
    }
    if meetings.is_empty() {
        anyhow::bail!("no labeled meetings found in the paths given");
    }
    let config = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        learning_rate: args.learning_rate,
        class_weight_power: args.class_weight_power,
        runs: args.runs,
    };
    let model = model::train(&rules, &meetings, &config, args.folds);
    std::fs::write(&args.output, model.to_bytes())
        .with_context(|| format!("{}: cannot write", args.output.display()))?;
    let utterances: usize = meetings.iter().map(|m| m.gold.len()).sum();
    eprintln!(
        "trained on {} meetings, {utterances} utterances; wrote {}",
        meetings.len(),
        args.output.display()
    );
    Ok(super::EXIT_OK)
}
