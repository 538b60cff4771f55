#![no_main]
//! Fuzz target: the whisper, aws, assemblyai, deepgram, rev, json-array, qmsum parsers and the pipeline behind them.

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run(data, &["whisper", "aws", "assemblyai", "deepgram", "rev", "json-array", "qmsum"]));
