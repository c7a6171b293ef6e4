//! EventBridge's state: rules with their schedules, targets, and the recent firings.

use crate::clock::Millis;
use crate::ecs::placement_plan::PlacementStrategy;
use crate::ecs::types::{LaunchType, PlacementConstraint};
use crate::events::cron::Schedule;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Events {
    pub(crate) rules: Vec<Rule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleState {
    Enabled,
    Disabled,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    pub arn: String,
    pub schedule_expression: Option<String>,
    pub schedule: Option<Schedule>,
    pub event_pattern: Option<String>,
    pub state: RuleState,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub targets: Vec<Target>,
    /// When the schedule was last (re)started, and when it fires next.
    pub since: Millis,
    pub next_fire: Option<Millis>,
    /// What the last firings did (for learners; EventBridge reports failures as metrics only).
    #[serde(default)]
    pub history: Vec<String>,
}

/// A target, as it crosses the wire (PascalCase, EventBridge style; ECS parameters inside).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    pub id: String,
    pub arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecs_parameters: Option<EcsParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct EcsParameters {
    pub task_definition_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<LaunchType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_strategy: Vec<PlacementStrategy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_execute_command: Option<bool>,
}

/// How many firing notes a rule keeps.
pub(crate) const HISTORY: usize = 20;

/// Read-only views: outside the engine this state changes only through the operations.
impl Events {
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}
