//! Amazon ECS: clusters, container instances (the agent), task definitions and tasks.

pub mod account;
pub mod agent;
pub mod attributes;
pub mod clusters;
pub mod instances;
pub mod load_balancing;
pub mod network;
pub mod placement_plan;
pub mod scheduler;
pub mod services;
pub mod tagging;
pub mod task_definitions;
pub mod tasks;
pub mod types;

pub use types::*;

use crate::catalogue::{ACCOUNT_ID, REGION};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ecs {
    pub clusters: Vec<Cluster>,
    pub container_instances: Vec<ContainerInstance>,
    pub task_definitions: Vec<TaskDefinition>,
    /// Last revision handed out per family (revisions never go back, even after deregistration).
    pub last_revision: std::collections::BTreeMap<String, u32>,
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub services: Vec<services::EcsService>,
    /// Agents on booted instances that have not registered yet (e.g. their cluster does not exist).
    pub pending_agents: Vec<agent::PendingAgent>,
    /// Account settings put for a principal (the root user's are the account's defaults).
    #[serde(default)]
    pub account_settings: Vec<account::AccountSetting>,
}

pub fn arn(kind: &str, rest: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:{kind}/{rest}")
}

/// The last path segment of an ARN (or the text itself if it is not an ARN).
pub fn short_id(id_or_arn: &str) -> &str {
    if id_or_arn.starts_with("arn:") {
        id_or_arn.rsplit('/').next().unwrap_or(id_or_arn)
    } else {
        id_or_arn
    }
}

/// The cluster name in `--cluster` (name or ARN; absent means `default`).
pub fn cluster_name(cluster: Option<&str>) -> String {
    match cluster {
        None => "default".into(),
        Some(c) if c.starts_with("arn:") => c.rsplit(['/']).next().unwrap_or(c).to_string(),
        Some(c) => c.to_string(),
    }
}
