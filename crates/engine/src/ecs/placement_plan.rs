//! From a request's `placementStrategy` / `placementConstraints` (and the task definition's
//! constraints) to a typed placement plan, with the limits AWS enforces.

use crate::ecs::types::{PlacementConstraint, PlacementConstraintType, TaskDefinition};
use crate::error::{AwsError, AwsResult};
use crate::placement::constraints::Constraint;
use crate::placement::strategies::{BinpackField, Strategy};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlacementStrategyType {
    Random,
    Spread,
    Binpack,
}

/// `placementStrategy` items as they cross the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacementStrategy {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlacementStrategyType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// How to place the tasks of one request (or one service).
#[derive(Debug, Clone)]
pub struct PlacementPlan {
    pub strategies: Vec<Strategy>,
    pub constraints: Vec<Constraint>,
    /// The task group spread and distinctInstance count over.
    pub group: String,
    /// Set when the strategies are the scheduler's default rather than the user's.
    pub default_label: Option<String>,
}

pub const MAX_STRATEGIES: usize = 5;
pub const MAX_CONSTRAINTS: usize = 10;

pub fn typed_strategies(wire: &[PlacementStrategy]) -> AwsResult<Vec<Strategy>> {
    if wire.len() > MAX_STRATEGIES {
        return Err(AwsError::invalid_parameter(format!(
            "You can specify a maximum of {MAX_STRATEGIES} placement strategies; {} were given. (sandbox wording)",
            wire.len()
        )));
    }
    wire.iter()
        .map(|s| match (s.kind, s.field.as_deref()) {
            (None, _) => Err(AwsError::invalid_parameter("A placement strategy must have a type: random, spread or binpack. (sandbox wording)")),
            (Some(PlacementStrategyType::Random), _) => Ok(Strategy::Random),
            (Some(PlacementStrategyType::Binpack), Some(f)) if f.eq_ignore_ascii_case("cpu") => Ok(Strategy::Binpack(BinpackField::Cpu)),
            (Some(PlacementStrategyType::Binpack), Some(f)) if f.eq_ignore_ascii_case("memory") => Ok(Strategy::Binpack(BinpackField::Memory)),
            (Some(PlacementStrategyType::Binpack), f) => Err(AwsError::invalid_parameter(format!(
                "The binpack placement strategy needs field cpu or memory{}. (sandbox wording)",
                f.map(|f| format!(", not '{f}'")).unwrap_or_default()
            ))),
            (Some(PlacementStrategyType::Spread), Some(f))
                if f == "instanceId" || f == "host" || f.strip_prefix("attribute:").is_some_and(|a| !a.is_empty()) =>
            {
                Ok(Strategy::Spread(f.to_string()))
            }
            (Some(PlacementStrategyType::Spread), f) => Err(AwsError::invalid_parameter(format!(
                "The spread placement strategy needs field instanceId, host or attribute:NAME{}. (sandbox wording)",
                f.map(|f| format!(", not '{f}'")).unwrap_or_default()
            ))),
        })
        .collect()
}

/// Typed constraints; `in_task_definition` refuses distinctInstance, as AWS does there.
pub fn typed_constraints(
    wire: &[PlacementConstraint],
    in_task_definition: bool,
) -> AwsResult<Vec<Constraint>> {
    wire.iter()
        .map(|c| match c.kind {
            Some(PlacementConstraintType::DistinctInstance) if in_task_definition => {
                Err(AwsError::client("The distinctInstance placement constraint is not supported in task definitions. Use memberOf. (sandbox wording)"))
            }
            Some(PlacementConstraintType::DistinctInstance) if c.expression.as_deref().is_some_and(|e| !e.is_empty()) => {
                Err(AwsError::invalid_parameter("You can't specify an expression if the constraint type is distinctInstance."))
            }
            Some(PlacementConstraintType::DistinctInstance) => Ok(Constraint::DistinctInstance),
            Some(PlacementConstraintType::MemberOf) => {
                let expression = c.expression.clone().unwrap_or_default();
                if expression.trim().is_empty() {
                    return Err(AwsError::invalid_parameter("The memberOf placement constraint needs an expression. (sandbox wording)"));
                }
                let parsed = crate::placement::query_language::parse(&expression)
                    .map_err(|e| AwsError::invalid_parameter(format!("Invalid placement constraint expression '{expression}': {e}. (sandbox wording)")))?;
                Ok(Constraint::MemberOf { expression, parsed })
            }
            None => Err(AwsError::invalid_parameter("A placement constraint must have a type: memberOf or distinctInstance. (sandbox wording)")),
        })
        .collect()
}

impl PlacementPlan {
    /// The task definition's constraints plus the request's, at most 10 in all.
    pub fn new(
        td: &TaskDefinition,
        strategies: &[PlacementStrategy],
        constraints: &[PlacementConstraint],
        group: String,
        default: (Vec<Strategy>, &str),
    ) -> AwsResult<PlacementPlan> {
        if td.placement_constraints.len() + constraints.len() > MAX_CONSTRAINTS {
            return Err(AwsError::invalid_parameter(format!(
                "A task can have at most {MAX_CONSTRAINTS} placement constraints in total (task definition and request); this one has {}. (sandbox wording)",
                td.placement_constraints.len() + constraints.len()
            )));
        }
        let mut all = typed_constraints(&td.placement_constraints, true)?;
        all.extend(typed_constraints(constraints, false)?);
        let typed = typed_strategies(strategies)?;
        let (strategies, default_label) = if typed.is_empty() {
            (default.0, Some(default.1.to_string()))
        } else {
            (typed, None)
        };
        Ok(PlacementPlan {
            strategies,
            constraints: all,
            group,
            default_label,
        })
    }
}
