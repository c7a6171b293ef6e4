//! Placement strategies: binpack (cpu or memory), spread (by a field) and random.

use crate::placement::resources::Candidate;
use serde::{Deserialize, Serialize};

/// A placement strategy, typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Strategy {
    Binpack(BinpackField),
    /// Spread over the values of a field: `instanceId`/`host` or `attribute:NAME`.
    Spread(String),
    Random,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinpackField {
    Cpu,
    Memory,
}

impl std::fmt::Display for Strategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Strategy::Binpack(BinpackField::Cpu) => write!(f, "binpack(cpu)"),
            Strategy::Binpack(BinpackField::Memory) => write!(f, "binpack(memory)"),
            Strategy::Spread(field) => write!(f, "spread({field})"),
            Strategy::Random => write!(f, "random"),
        }
    }
}

/// The value of a spread field on an instance (`None`: the instance lacks the attribute, which the
/// sandbox counts as a value of its own — undocumented behaviour, modelled).
pub(crate) fn field_value(ci: &Candidate, field: &str) -> Option<String> {
    match field {
        "instanceId" | "host" => Some(ci.id.to_string()),
        f => f
            .strip_prefix("attribute:")
            .and_then(|name| ci.attribute(name))
            .map(|value| value.unwrap_or_default().to_string()),
    }
}
