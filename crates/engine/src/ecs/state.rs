//! ECS's state: everything the account holds (clusters, container instances, task definitions,
//! tasks, services), agents still waiting for their cluster, and account settings.

use crate::clock::Millis;
use crate::ecs::types::{Cluster, ContainerInstance, Task, TaskDefinition};
use crate::error::{AwsError, AwsResult};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ecs {
    pub(crate) clusters: Vec<Cluster>,
    pub(crate) container_instances: Vec<ContainerInstance>,
    pub(crate) task_definitions: Vec<TaskDefinition>,
    /// Last revision handed out per family (revisions never go back, even after deregistration).
    pub(crate) last_revision: std::collections::BTreeMap<String, u32>,
    pub(crate) tasks: Vec<Task>,
    #[serde(default)]
    pub(crate) services: Vec<crate::ecs::services::state::EcsService>,
    /// Agents on booted instances that have not registered yet (e.g. their cluster does not exist).
    pub(crate) pending_agents: Vec<crate::ecs::state::PendingAgent>,
    /// Account settings put for a principal (the root user's are the account's defaults).
    #[serde(default)]
    pub(crate) account_settings: Vec<crate::ecs::state::AccountSetting>,
    /// The last run-task or start-task that left tasks unplaced, per cluster (the page shows it on
    /// the cluster; a later call that places every task clears it).
    #[serde(default)]
    pub(crate) unplaced_runs: Vec<UnplacedRun>,
}

/// A run-task or start-task that could not place some of its tasks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UnplacedRun {
    pub at: Millis,
    /// The cluster's name.
    pub cluster: String,
    /// `family:revision`.
    pub task_definition: String,
    pub requested: usize,
    pub unplaced: usize,
    /// Why, for the last task that could not be placed: instances turned away, by cause.
    pub causes: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingAgent {
    pub ec2_instance_id: String,
    pub cluster: String,
    pub next_attempt: Millis,
    /// Registrations that failed so far (the wait doubles with each).
    #[serde(default)]
    pub failed_attempts: u32,
}

/// An account setting's name (botocore's `SettingName`, plus `dualStackIPv6`, which the API
/// documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SettingName {
    #[serde(rename = "serviceLongArnFormat")]
    ServiceLongArnFormat,
    #[serde(rename = "taskLongArnFormat")]
    TaskLongArnFormat,
    #[serde(rename = "containerInstanceLongArnFormat")]
    ContainerInstanceLongArnFormat,
    #[serde(rename = "awsvpcTrunking")]
    AwsvpcTrunking,
    #[serde(rename = "containerInsights")]
    ContainerInsights,
    #[serde(rename = "dualStackIPv6")]
    DualStackIpv6,
    #[serde(rename = "fargateFIPSMode")]
    FargateFipsMode,
    #[serde(rename = "tagResourceAuthorization")]
    TagResourceAuthorization,
    #[serde(rename = "fargateTaskRetirementWaitPeriod")]
    FargateTaskRetirementWaitPeriod,
    #[serde(rename = "guardDutyActivate")]
    GuardDutyActivate,
    #[serde(rename = "defaultLogDriverMode")]
    DefaultLogDriverMode,
    #[serde(rename = "fargateEventWindows")]
    FargateEventWindows,
}

impl SettingName {
    /// In alphabetical order of their names, the order list-account-settings prints them in.
    pub const ALL: [SettingName; 12] = [
        SettingName::AwsvpcTrunking,
        SettingName::ContainerInsights,
        SettingName::ContainerInstanceLongArnFormat,
        SettingName::DefaultLogDriverMode,
        SettingName::DualStackIpv6,
        SettingName::FargateEventWindows,
        SettingName::FargateFipsMode,
        SettingName::FargateTaskRetirementWaitPeriod,
        SettingName::GuardDutyActivate,
        SettingName::ServiceLongArnFormat,
        SettingName::TagResourceAuthorization,
        SettingName::TaskLongArnFormat,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SettingName::ServiceLongArnFormat => "serviceLongArnFormat",
            SettingName::TaskLongArnFormat => "taskLongArnFormat",
            SettingName::ContainerInstanceLongArnFormat => "containerInstanceLongArnFormat",
            SettingName::AwsvpcTrunking => "awsvpcTrunking",
            SettingName::ContainerInsights => "containerInsights",
            SettingName::DualStackIpv6 => "dualStackIPv6",
            SettingName::FargateFipsMode => "fargateFIPSMode",
            SettingName::TagResourceAuthorization => "tagResourceAuthorization",
            SettingName::FargateTaskRetirementWaitPeriod => "fargateTaskRetirementWaitPeriod",
            SettingName::GuardDutyActivate => "guardDutyActivate",
            SettingName::DefaultLogDriverMode => "defaultLogDriverMode",
            SettingName::FargateEventWindows => "fargateEventWindows",
        }
    }

    pub(crate) fn parse(name: &str) -> AwsResult<SettingName> {
        SettingName::ALL
            .into_iter()
            .find(|n| n.as_str() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = SettingName::ALL.iter().map(|n| n.as_str()).collect();
                AwsError::invalid_parameter(format!(
                    "Invalid setting name '{name}'. Valid names: {}. (sandbox wording)",
                    names.join(", ")
                ))
            })
    }

    /// The values the setting takes; the first is what an account has when nothing was set (the
    /// defaults of a new account today: long ARNs on, tag authorization on, non-blocking logs since
    /// June 2025).
    pub(crate) fn values(self) -> &'static [&'static str] {
        match self {
            SettingName::ServiceLongArnFormat
            | SettingName::TaskLongArnFormat
            | SettingName::ContainerInstanceLongArnFormat => &["enabled", "disabled"],
            SettingName::ContainerInsights => &["disabled", "enabled", "enhanced"],
            SettingName::AwsvpcTrunking
            | SettingName::DualStackIpv6
            | SettingName::FargateFipsMode
            | SettingName::FargateEventWindows => &["disabled", "enabled"],
            SettingName::TagResourceAuthorization => &["on", "off"],
            SettingName::GuardDutyActivate => &["off", "on"],
            SettingName::FargateTaskRetirementWaitPeriod => &["7", "0", "14"],
            SettingName::DefaultLogDriverMode => &["non-blocking", "blocking"],
        }
    }

    pub(crate) fn default_value(self) -> &'static str {
        self.values()[0]
    }
}

/// One setting someone put, for one principal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSetting {
    pub name: SettingName,
    pub value: String,
    pub principal_arn: String,
}

impl Ecs {
    /// The container instance a task was placed on (None on Fargate, or before placement).
    pub fn host_of(&self, task: &Task) -> Option<&ContainerInstance> {
        let id = task.container_instance_id.as_ref()?;
        self.container_instances.iter().find(|c| &c.id == id)
    }

    /// The container instance an EC2 instance's agent registered, if it did.
    pub fn container_instance_on(&self, ec2_instance_id: &str) -> Option<&ContainerInstance> {
        self.container_instances
            .iter()
            .find(|c| c.ec2_instance_id == ec2_instance_id)
    }
}

/// Read-only views: outside the engine this state changes only through the operations.
impl Ecs {
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    pub fn container_instances(&self) -> &[ContainerInstance] {
        &self.container_instances
    }

    pub fn task_definitions(&self) -> &[TaskDefinition] {
        &self.task_definitions
    }

    pub fn last_revision(&self) -> &std::collections::BTreeMap<String, u32> {
        &self.last_revision
    }

    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// The last run-task or start-task per cluster that left tasks unplaced.
    pub fn unplaced_runs(&self) -> &[UnplacedRun] {
        &self.unplaced_runs
    }

    pub fn services(&self) -> &[crate::ecs::services::state::EcsService] {
        &self.services
    }

    pub fn pending_agents(&self) -> &[crate::ecs::state::PendingAgent] {
        &self.pending_agents
    }

    pub fn account_settings(&self) -> &[crate::ecs::state::AccountSetting] {
        &self.account_settings
    }
}
