//! A service's state: its deployments, deployment configuration, circuit breaker and events.

use crate::clock::Millis;
use crate::ecs::placement_plan::PlacementStrategy;
use crate::ecs::types::{
    CapacityProviderStrategyItem, LaunchType, NetworkConfiguration, PlacementConstraint, Tag,
};
use crate::placement;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ServiceStatus {
    Active,
    Draining,
    Inactive,
}

impl ServiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Active => "ACTIVE",
            ServiceStatus::Draining => "DRAINING",
            ServiceStatus::Inactive => "INACTIVE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SchedulingStrategy {
    Replica,
    Daemon,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeploymentStatus {
    Primary,
    Active,
    Inactive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RolloutState {
    InProgress,
    Completed,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeploymentControllerType {
    #[serde(rename = "ECS")]
    Ecs,
    #[serde(rename = "CODE_DEPLOY")]
    CodeDeploy,
    #[serde(rename = "EXTERNAL")]
    External,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfiguration {
    pub deployment_circuit_breaker: CircuitBreaker,
    pub maximum_percent: i64,
    pub minimum_healthy_percent: i64,
}

impl Default for DeploymentConfiguration {
    fn default() -> Self {
        DeploymentConfiguration {
            deployment_circuit_breaker: CircuitBreaker::default(),
            maximum_percent: 200,
            minimum_healthy_percent: 100,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deployment {
    pub id: String,
    pub status: DeploymentStatus,
    pub task_definition: String,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub rollout_state: RolloutState,
    pub failed_tasks: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: Millis,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EcsService {
    pub name: String,
    pub arn: String,
    pub cluster: String,
    pub status: ServiceStatus,
    pub desired_count: u32,
    pub task_definition: String,
    pub scheduling_strategy: SchedulingStrategy,
    pub deployment_configuration: DeploymentConfiguration,
    pub deployments: Vec<Deployment>,
    pub events: Vec<ServiceEvent>,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub placement_strategy: Vec<PlacementStrategy>,
    pub created_at: Millis,
    pub health_check_grace_period_seconds: Option<i64>,
    pub enable_ecs_managed_tags: bool,
    pub enable_execute_command: bool,
    pub propagate_tags: String,
    pub tags: Vec<Tag>,
    /// Whether the last reconciliation found the service steady (for the steady-state event).
    pub steady: bool,
    /// The last deployment that completed: (id, task definition), where a circuit breaker rolls
    /// back to.
    #[serde(default)]
    pub last_completed: Option<(String, String)>,
    /// The last placement that found no instance, for `sandbox explain SERVICE` (cleared when one
    /// succeeds).
    #[serde(default)]
    #[serde(deserialize_with = "placement::lenient")]
    pub last_unplaced: Option<Box<placement::Decision>>,
    #[serde(default = "default_launch_type")]
    pub launch_type: LaunchType,
    #[serde(default)]
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(default)]
    pub load_balancers: Vec<ServiceLoadBalancer>,
    #[serde(default)]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

pub(crate) fn default_launch_type() -> LaunchType {
    LaunchType::Ec2
}

impl EcsService {
    pub fn group(&self) -> String {
        format!("service:{}", self.name)
    }
    pub(crate) fn primary(&self) -> Option<&Deployment> {
        self.deployments
            .iter()
            .find(|d| d.status == DeploymentStatus::Primary)
    }
}

/// `loadBalancers` of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLoadBalancer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i64>,
}

pub const MAX_TARGET_GROUPS: usize = 5;
