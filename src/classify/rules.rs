//! (being written)
use super::*;
pub struct RuleClassifier;
impl Classifier for RuleClassifier { fn classify(&self, _t: &Transcript) -> Vec<Classified> { todo!() } }
