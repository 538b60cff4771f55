#![no_main]
//! Fuzz target: the csv parsers and the pipeline behind them.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run(data, &["csv"]));
