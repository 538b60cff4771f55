//! Reading a source into text. (being written)
use crate::error::Result;
use std::path::{Path, PathBuf};
/// Where a transcript comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    Path(PathBuf),
}
impl Source {
    pub fn path(&self) -> &Path {
        match self {
            Source::Stdin => Path::new("-"),
            Source::Path(p) => p,
        }
    }
}
pub fn read_source(_s: &Source) -> Result<String> {
    todo!()
}
