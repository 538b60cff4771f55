//! Plain text (being written)
use std::path::Path;
use super::{Parsed, Parser};
use crate::error::Result;
pub struct PlainText;
impl Parser for PlainText { fn name(&self) -> &'static str { "plain" } fn parse(&self, _t: &str, _p: &Path) -> Result<Parsed> { todo!() } }
