//! (being written)
pub struct Context;
