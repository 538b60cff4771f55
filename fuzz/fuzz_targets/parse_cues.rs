#![no_main]
//! Fuzz target: the webvtt, srt parsers and the pipeline behind them.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run(data, &["webvtt", "srt"]));
