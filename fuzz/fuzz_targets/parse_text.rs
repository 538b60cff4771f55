#![no_main]
//! Fuzz target: the plain, otter, google-meet, teams-text parsers and the pipeline behind them.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run(data, &["plain", "otter", "google-meet", "teams-text"]));
