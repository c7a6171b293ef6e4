//! Amazon ECS: clusters, container instances (the agent), task definitions and tasks.

pub mod account;
pub mod agent;
pub mod attributes;
pub mod clusters;
pub mod instances;
pub mod load_balancing;
pub mod network;
pub mod placement_plan;
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

/// One page of a list operation: `maxResults` items after the position in `nextToken`.
/// Tokens are opaque to callers (here: the offset, encoded).
pub fn page<T: Clone>(
    items: &[T],
    max_results: Option<i64>,
    next_token: Option<&str>,
    limit: i64,
) -> crate::AwsResult<(Vec<T>, Option<String>)> {
    let start = match next_token {
        None => 0,
        Some(t) => agent::base64_decode(t)
            .and_then(|d| {
                d.strip_prefix("offset:")
                    .and_then(|n| n.parse::<usize>().ok())
            })
            .ok_or_else(|| crate::AwsError::invalid_parameter("Invalid nextToken"))?,
    };
    if let Some(m) = max_results {
        if m < 1 || m > limit {
            return Err(crate::AwsError::invalid_parameter(format!(
                "maxResults must be between 1 and {limit}."
            )));
        }
    }
    let n = max_results.unwrap_or(limit) as usize;
    let page: Vec<T> = items.iter().skip(start).take(n).cloned().collect();
    let next = (start + n < items.len())
        .then(|| agent::base64_encode(format!("offset:{}", start + n).as_bytes()));
    Ok((page, next))
}
