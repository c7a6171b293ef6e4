//! The ECS world state, typed. Enums serialize with AWS's spelling.

use crate::clock::Millis;
use crate::placement::decision::Decision;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// Kept at their old paths for the other crates.
pub use crate::attribute::Attribute;
pub use crate::protocol::TransportProtocol;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClusterStatus {
    Active,
    Provisioning,
    Deprovisioning,
    Failed,
    Inactive,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Setting {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cluster {
    pub name: String,
    pub arn: String,
    pub status: ClusterStatus,
    pub settings: Vec<Setting>,
    pub tags: Vec<Tag>,
    pub created_at: Millis,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

/// One entry of a capacity provider strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: String,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub base: i64,
}

/// The capacity providers every account has (Auto Scaling group providers are not simulated yet).
pub const FARGATE_PROVIDERS: &[&str] = &["FARGATE", "FARGATE_SPOT"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContainerInstanceStatus {
    Registering,
    RegistrationFailed,
    Active,
    Draining,
    Deregistering,
    Inactive,
}

impl ContainerInstanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Registering => "REGISTERING",
            Self::RegistrationFailed => "REGISTRATION_FAILED",
            Self::Active => "ACTIVE",
            Self::Draining => "DRAINING",
            Self::Deregistering => "DEREGISTERING",
            Self::Inactive => "INACTIVE",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContainerInstance {
    /// 32 lowercase hex digits.
    pub id: String,
    pub arn: String,
    pub cluster: String,
    pub ec2_instance_id: String,
    pub status: ContainerInstanceStatus,
    pub agent_connected: bool,
    pub registered_cpu: u32,
    pub registered_memory: u32,
    pub reserved_ports: Vec<u16>,
    pub attributes: Vec<Attribute>,
    pub registered_at: Millis,
    pub version: u64,
    pub availability_zone: String,
    pub instance_type: String,
    /// Where the next dynamic host port search starts (ports are not reused while in use).
    pub next_dynamic_port: u16,
    pub status_reason: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkMode {
    Bridge,
    Host,
    Awsvpc,
    None,
}

impl NetworkMode {
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkMode::Bridge => "bridge",
            NetworkMode::Host => "host",
            NetworkMode::Awsvpc => "awsvpc",
            NetworkMode::None => "none",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compatibility {
    Ec2,
    Fargate,
    External,
    ManagedInstances,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskDefinitionStatus {
    Active,
    Inactive,
    DeleteInProgress,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<TransportProtocol>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_port_range: Option<String>,
}

/// A container definition. The members the simulation reasons about are typed; every other member
/// the user sent is kept verbatim in `other` so describe-task-definition echoes it back.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default)]
    pub cpu: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<i64>,
    #[serde(default)]
    pub port_mappings: Vec<PortMapping>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub essential: Option<bool>,
    #[serde(default)]
    pub environment: Vec<KeyValuePair>,
    #[serde(default)]
    pub mount_points: Vec<serde_json::Value>,
    #[serde(default)]
    pub volumes_from: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KeyValuePair {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlacementConstraintType {
    #[serde(rename = "distinctInstance")]
    DistinctInstance,
    #[serde(rename = "memberOf")]
    MemberOf,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlacementConstraint {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlacementConstraintType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskDefinition {
    pub family: String,
    pub revision: u32,
    pub arn: String,
    pub status: TaskDefinitionStatus,
    pub container_definitions: Vec<ContainerDefinition>,
    /// None: not given (EC2 then defaults to bridge; the response omits it).
    pub network_mode: Option<NetworkMode>,
    pub task_role_arn: Option<String>,
    pub execution_role_arn: Option<String>,
    /// Normalized CPU units / MiB as strings, as AWS returns them.
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub requires_compatibilities: Vec<Compatibility>,
    pub compatibilities: Vec<Compatibility>,
    pub placement_constraints: Vec<PlacementConstraint>,
    pub requires_attributes: Vec<Attribute>,
    pub volumes: Vec<serde_json::Value>,
    pub registered_at: Millis,
    pub deregistered_at: Option<Millis>,
    /// When delete-task-definitions was asked for it (DELETE_IN_PROGRESS).
    #[serde(default)]
    pub delete_requested_at: Option<Millis>,
    pub other: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl TaskDefinition {
    pub fn effective_network_mode(&self) -> NetworkMode {
        self.network_mode.unwrap_or(NetworkMode::Bridge)
    }

    /// CPU units the task reserves on an instance.
    pub fn cpu_reservation(&self) -> u32 {
        match self.cpu.as_deref().and_then(|c| c.parse::<u32>().ok()) {
            Some(c) => c,
            None => self
                .container_definitions
                .iter()
                .map(|c| c.cpu.max(0) as u32)
                .sum(),
        }
    }

    /// MiB the task reserves on an instance.
    pub fn memory_reservation(&self) -> u32 {
        match self.memory.as_deref().and_then(|c| c.parse::<u32>().ok()) {
            Some(m) => m,
            None => self
                .container_definitions
                .iter()
                .map(|c| c.memory_reservation.or(c.memory).unwrap_or(0).max(0) as u32)
                .sum(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskStatus {
    Provisioning,
    Pending,
    Activating,
    Running,
    Deactivating,
    Stopping,
    Deprovisioning,
    Stopped,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provisioning => "PROVISIONING",
            Self::Pending => "PENDING",
            Self::Activating => "ACTIVATING",
            Self::Running => "RUNNING",
            Self::Deactivating => "DEACTIVATING",
            Self::Stopping => "STOPPING",
            Self::Deprovisioning => "DEPROVISIONING",
            Self::Stopped => "STOPPED",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DesiredStatus {
    Running,
    Pending,
    Stopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LaunchType {
    Ec2,
    Fargate,
    External,
    ManagedInstances,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopCode {
    TaskFailedToStart,
    EssentialContainerExited,
    UserInitiated,
    ServiceSchedulerInitiated,
    SpotInterruption,
    TerminationNotice,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NetworkBinding {
    pub bind_i_p: String,
    pub container_port: i64,
    pub host_port: i64,
    pub protocol: TransportProtocol,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Container {
    pub uuid: String,
    pub name: String,
    pub image: String,
    pub last_status: TaskStatus,
    pub exit_code: Option<i64>,
    pub reason: Option<String>,
    pub network_bindings: Vec<NetworkBinding>,
    /// Host ports of `network_bindings` that were assigned dynamically (not listed in
    /// remainingResources).
    pub dynamic_host_ports: Vec<u16>,
    pub cpu: i64,
    pub memory: Option<i64>,
    pub memory_reservation: Option<i64>,
    pub essential: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub arn: String,
    pub cluster: String,
    pub task_definition_arn: String,
    pub container_instance_id: Option<String>,
    pub availability_zone: String,
    pub group: String,
    pub started_by: Option<String>,
    pub launch_type: LaunchType,
    pub last_status: TaskStatus,
    pub desired_status: DesiredStatus,
    pub containers: Vec<Container>,
    pub cpu: u32,
    pub memory: u32,
    pub task_cpu: Option<String>,
    pub task_memory: Option<String>,
    pub created_at: Millis,
    pub pull_started_at: Option<Millis>,
    pub pull_stopped_at: Option<Millis>,
    pub started_at: Option<Millis>,
    pub stopping_at: Option<Millis>,
    pub execution_stopped_at: Option<Millis>,
    pub stopped_at: Option<Millis>,
    pub stop_code: Option<StopCode>,
    pub stopped_reason: Option<String>,
    pub version: u64,
    /// When the task takes its next lifecycle step.
    pub next_step_at: Option<Millis>,
    pub overrides: serde_json::Value,
    pub tags: Vec<Tag>,
    pub enable_execute_command: bool,
    /// Shared, not copied, when the world is cloned (dry runs, the inspector): at scale the
    /// decisions are most of the world's size.
    #[serde(default, deserialize_with = "crate::placement::decision::lenient")]
    pub decision: Option<std::rc::Rc<Decision>>,
    /// The task's ENI (awsvpc network mode and Fargate).
    #[serde(default)]
    pub eni: Option<crate::ecs::types::TaskEni>,
    /// Fargate platform version (None on EC2).
    #[serde(default)]
    pub platform_version: Option<String>,
    /// Load balancer targets the task is registered as: (target group ARN, id, port).
    #[serde(default)]
    pub lb_targets: Vec<TaskTarget>,
    /// The capacity provider that launched the task (FARGATE, FARGATE_SPOT), when one did.
    #[serde(default)]
    pub capacity_provider_name: Option<String>,
    /// For a Fargate task, how its zone was chosen (the instance placement's counterpart).
    #[serde(default)]
    pub zone_choice: Option<Box<crate::placement::decision::ZoneChoice>>,
}

impl Task {
    /// A task holds its instance's resources until it has stopped.
    pub fn holds_resources(&self) -> bool {
        self.last_status != TaskStatus::Stopped
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsVpcConfiguration {
    #[serde(default)]
    pub subnets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign_public_ip: Option<AssignPublicIp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: Option<AwsVpcConfiguration>,
}

/// A validated awsvpc configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskNetwork {
    /// (subnet id, availability zone), in the order given.
    pub subnets: Vec<(String, String)>,
    pub vpc_id: String,
    pub security_groups: Vec<String>,
    pub assign_public_ip: bool,
}

impl TaskNetwork {
    pub fn zones(&self) -> Vec<String> {
        let mut z: Vec<String> = self.subnets.iter().map(|(_, az)| az.clone()).collect();
        z.dedup();
        z
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AttachmentStatus {
    Precreated,
    Attached,
    Detached,
    Deleted,
}

/// A task's elastic network interface (awsvpc).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskEni {
    pub attachment_id: String,
    pub eni_id: String,
    pub subnet_id: String,
    pub private_ip: String,
    pub public_ip: Option<String>,
    pub mac: String,
    pub status: AttachmentStatus,
    /// The security groups of the ENI (the network configuration's, or the VPC default).
    #[serde(default)]
    pub security_groups: Vec<String>,
}

/// Fargate platform version the sandbox runs (LATEST for Linux).
pub const FARGATE_PLATFORM_VERSION: &str = "1.4.0";

/// A target a task is registered as: (target group ARN, target id, port).
pub type TaskTarget = (String, String, u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AssignPublicIp {
    Enabled,
    Disabled,
}
