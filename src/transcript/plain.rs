//! Plain text (being written)
use super::{Parsed, Parser};
use crate::error::Result;
use std::path::Path;
pub struct PlainText;
impl Parser for PlainText {
    fn name(&self) -> &'static str {
        "plain"
    }
    fn parse(&self, _t: &str, _p: &Path) -> Result<Parsed> {
        todo!()
    }
}
