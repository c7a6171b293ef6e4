//! Services (REPLICA, EC2 launch type): create/describe/list/update/delete, and the service
//! scheduler that keeps desiredCount running through the placement engine, replaces stopped tasks,
//! rolls deployments within minimumHealthyPercent/maximumPercent, moves tasks off DRAINING
//! instances, scales in by AWS's rules, and writes the service events word for word.

use super::load_balancing::ServiceLoadBalancer;
use super::network::NetworkConfiguration;
use super::placement_plan::{PlacementPlan, PlacementStrategy};
use super::*;
use crate::clock::{Millis, HOUR};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::placement::{self, Strategy};
use crate::wire::page;
use crate::world::World;
use serde_json::json;

/// At most this many events are kept (and returned), newest first.
pub const MAX_EVENTS: usize = 100;
/// A repeated event message is suppressed for this long (or until its cause is resolved).
pub const EVENT_DEDUPE: Millis = 6 * HOUR;
/// Without a container health check, a task counts toward minimumHealthyPercent 40 s after it is
/// RUNNING (ecs-semantics.md §2.1).
pub const HEALTHY_AFTER: Millis = 40 * crate::clock::SECOND;

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

fn default_launch_type() -> LaunchType {
    LaunchType::Ec2
}

impl EcsService {
    pub fn group(&self) -> String {
        format!("service:{}", self.name)
    }
    fn primary(&self) -> Option<&Deployment> {
        self.deployments
            .iter()
            .find(|d| d.status == DeploymentStatus::Primary)
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CreateServiceRequest {
    pub cluster: Option<String>,
    pub service_name: String,
    pub task_definition: Option<String>,
    pub desired_count: Option<i64>,
    pub launch_type: Option<LaunchType>,
    pub scheduling_strategy: Option<SchedulingStrategy>,
    pub deployment_configuration: Option<DeploymentConfigurationInput>,
    pub deployment_controller: Option<DeploymentControllerInput>,
    #[serde(default)]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default)]
    pub placement_strategy: Vec<PlacementStrategy>,
    #[serde(default)]
    pub load_balancers: Vec<ServiceLoadBalancer>,
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(default)]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub health_check_grace_period_seconds: Option<i64>,
    pub enable_ecs_managed_tags: Option<bool>,
    pub enable_execute_command: Option<bool>,
    pub propagate_tags: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfigurationInput {
    pub deployment_circuit_breaker: Option<CircuitBreaker>,
    pub maximum_percent: Option<i64>,
    pub minimum_healthy_percent: Option<i64>,
}

#[derive(Debug, Deserialize, Clone, Copy)]
pub struct DeploymentControllerInput {
    #[serde(rename = "type")]
    pub kind: DeploymentControllerType,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UpdateServiceRequest {
    pub cluster: Option<String>,
    pub service: String,
    pub task_definition: Option<String>,
    pub desired_count: Option<i64>,
    pub deployment_configuration: Option<DeploymentConfigurationInput>,
    pub force_new_deployment: Option<bool>,
    pub placement_constraints: Option<Vec<PlacementConstraint>>,
    pub placement_strategy: Option<Vec<PlacementStrategy>>,
    pub load_balancers: Option<Vec<ServiceLoadBalancer>>,
    pub network_configuration: Option<NetworkConfiguration>,
    pub health_check_grace_period_seconds: Option<i64>,
    pub enable_execute_command: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeleteServiceRequest {
    pub cluster: Option<String>,
    pub service: String,
    pub force: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListServicesRequest {
    pub cluster: Option<String>,
    pub launch_type: Option<LaunchType>,
    pub scheduling_strategy: Option<SchedulingStrategy>,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DescribeServicesRequest {
    pub cluster: Option<String>,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

fn short_task_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The default service placement: balance Availability Zones, then instances (ecs_services.md).
fn default_service_strategies() -> (Vec<Strategy>, &'static str) {
    (
        vec![
            Strategy::Spread("attribute:ecs.availability-zone".into()),
            Strategy::Spread("instanceId".into()),
        ],
        "ECS spreads service tasks across Availability Zones, then across instances",
    )
}

fn deployment_config(
    input: Option<DeploymentConfigurationInput>,
    base: DeploymentConfiguration,
) -> AwsResult<DeploymentConfiguration> {
    let mut c = base;
    if let Some(i) = input {
        if let Some(m) = i.maximum_percent {
            c.maximum_percent = m;
        }
        if let Some(m) = i.minimum_healthy_percent {
            c.minimum_healthy_percent = m;
        }
        if let Some(cb) = i.deployment_circuit_breaker {
            c.deployment_circuit_breaker = cb;
        }
    }
    if c.maximum_percent < 100 && c.minimum_healthy_percent >= 100 || c.maximum_percent <= 0 {
        return Err(AwsError::invalid_parameter(
            "Invalid maximumPercent: it must be at least 100 when minimumHealthyPercent is 100 or more. (sandbox wording)",
        ));
    }
    if !(0..=100).contains(&c.minimum_healthy_percent) {
        return Err(AwsError::invalid_parameter(
            "minimumHealthyPercent must be between 0 and 100. (sandbox wording)",
        ));
    }
    if c.maximum_percent < c.minimum_healthy_percent {
        return Err(AwsError::invalid_parameter("maximumPercent must be greater than or equal to minimumHealthyPercent. (sandbox wording)"));
    }
    Ok(c)
}

impl World {
    fn new_deployment_id(&mut self) -> String {
        format!("ecs-svc/{}", self.rng.digits(19))
    }

    fn service_index(&self, cluster: &str, reference: &str) -> Option<usize> {
        let name = short_id(reference);
        // The newest service of that name (an INACTIVE one may share it with a newer one).
        self.ecs
            .services
            .iter()
            .rposition(|s| s.cluster == cluster && s.name == name)
    }

    fn push_event(&mut self, idx: usize, message: String) {
        let now = self.now;
        let id = self.rng.uuid();
        let svc = &mut self.ecs.services[idx];
        // Problem reports are not repeated while they persist (ECS suppresses duplicates for 6
        // hours).
        let problem = message.contains(" was unable to ") || message.contains(" is unable to ");
        if problem
            && svc
                .events
                .iter()
                .any(|e| e.message == message && now.saturating_sub(e.created_at) < EVENT_DEDUPE)
        {
            return;
        }
        svc.events.insert(
            0,
            ServiceEvent {
                id,
                created_at: now,
                message,
            },
        );
        svc.events.truncate(MAX_EVENTS);
    }

    /// The service's tasks the scheduler still wants (desired RUNNING).
    fn service_tasks(&self, svc: &EcsService) -> Vec<usize> {
        let group = svc.group();
        (0..self.ecs.tasks.len())
            .filter(|&i| {
                let t = &self.ecs.tasks[i];
                t.cluster == svc.cluster
                    && t.group == group
                    && t.desired_status == DesiredStatus::Running
            })
            .collect()
    }

    pub fn service_json(&self, svc: &EcsService, include_tags: bool) -> serde_json::Value {
        let group = svc.group();
        let mine: Vec<&Task> = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                t.cluster == svc.cluster && t.group == group && t.last_status != TaskStatus::Stopped
            })
            .collect();
        let count = |status: TaskStatus, deployment: Option<&str>| {
            mine.iter()
                .filter(|t| {
                    t.last_status == status
                        && t.desired_status == DesiredStatus::Running
                        && deployment.is_none_or(|d| t.started_by.as_deref() == Some(d))
                })
                .count()
        };
        let deployments: Vec<_> = svc
            .deployments
            .iter()
            .filter(|d| d.status != DeploymentStatus::Inactive)
            .map(|d| {
                let desired = if d.status == DeploymentStatus::Primary {
                    svc.desired_count as usize
                } else {
                    mine.iter().filter(|t| t.started_by.as_deref() == Some(&d.id) && t.desired_status == DesiredStatus::Running).count()
                };
                let reason = match d.rollout_state {
                    RolloutState::InProgress => format!("ECS deployment {} in progress.", d.id),
                    RolloutState::Completed => format!("ECS deployment {} completed.", d.id),
                    RolloutState::Failed => "ECS deployment circuit breaker: tasks failed to start.".to_string(),
                };
                json!({
                    "id": d.id, "status": d.status, "taskDefinition": d.task_definition, "desiredCount": desired,
                    "pendingCount": count(TaskStatus::Pending, Some(&d.id)), "runningCount": count(TaskStatus::Running, Some(&d.id)),
                    "failedTasks": d.failed_tasks, "createdAt": crate::clock::wire_seconds(d.created_at),
                    "updatedAt": crate::clock::wire_seconds(d.updated_at), "launchType": svc.launch_type,
                    "rolloutState": d.rollout_state, "rolloutStateReason": reason,
                })
            })
            .collect();
        let events: Vec<_> =
            svc.events.iter().map(|e| json!({"id": e.id, "createdAt": crate::clock::wire_seconds(e.created_at), "message": e.message})).collect();
        let mut v = json!({
            "serviceArn": svc.arn,
            "serviceName": svc.name,
            "clusterArn": arn("cluster", &svc.cluster),
            "loadBalancers": svc.load_balancers,
            "serviceRegistries": [],
            "status": svc.status,
            "desiredCount": svc.desired_count,
            "runningCount": count(TaskStatus::Running, None),
            "pendingCount": count(TaskStatus::Pending, None),
            "launchType": svc.launch_type,
            "taskDefinition": svc.task_definition,
            "deploymentConfiguration": svc.deployment_configuration,
            "deployments": deployments,
            "events": events,
            "createdAt": crate::clock::wire_seconds(svc.created_at),
            "placementConstraints": svc.placement_constraints,
            "placementStrategy": svc.placement_strategy,
            "schedulingStrategy": svc.scheduling_strategy,
            "deploymentController": {"type": "ECS"},
            "createdBy": format!("arn:aws:iam::{}:root", crate::catalogue::ACCOUNT_ID),
            "enableECSManagedTags": svc.enable_ecs_managed_tags,
            "propagateTags": svc.propagate_tags,
            "enableExecuteCommand": svc.enable_execute_command,
            "availabilityZoneRebalancing": "ENABLED",
        });
        let fargate = svc.launch_type == LaunchType::Fargate;
        if let Some(list) = v["deployments"].as_array_mut() {
            for d in list.iter_mut().filter_map(|d| d.as_object_mut()) {
                if !svc.capacity_provider_strategy.is_empty() {
                    d.remove("launchType");
                    d.insert(
                        "capacityProviderStrategy".into(),
                        json!(svc.capacity_provider_strategy),
                    );
                }
                if fargate {
                    d.insert(
                        "platformVersion".into(),
                        json!(super::network::FARGATE_PLATFORM_VERSION),
                    );
                    d.insert("platformFamily".into(), json!("Linux"));
                }
                if let Some(nc) = &svc.network_configuration {
                    d.insert("networkConfiguration".into(), json!(nc));
                }
            }
        }
        if let Some(o) = v.as_object_mut() {
            if !svc.capacity_provider_strategy.is_empty() {
                // With a capacity provider strategy, AWS shows the strategy instead of a launch
                // type.
                o.remove("launchType");
                o.insert(
                    "capacityProviderStrategy".into(),
                    json!(svc.capacity_provider_strategy),
                );
            }
            if fargate {
                o.insert("platformVersion".into(), json!("LATEST"));
                o.insert("platformFamily".into(), json!("Linux"));
            }
            if let Some(nc) = &svc.network_configuration {
                o.insert("networkConfiguration".into(), json!(nc));
            }
            if let Some(g) = svc.health_check_grace_period_seconds {
                o.insert("healthCheckGracePeriodSeconds".into(), json!(g));
            }
            if include_tags {
                o.insert("tags".into(), json!(svc.tags));
            }
        }
        v
    }

    pub(crate) fn ecs_create_service(
        &mut self,
        req: CreateServiceRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        super::tagging::check_tags(&req.tags)?;
        let name = req.service_name.clone();
        if name.is_empty()
            || name.len() > 255
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AwsError::invalid_parameter(
                "Service name can have up to 255 characters, including letters (upper and lowercase), numbers, underscores, and hyphens. (sandbox wording)",
            ));
        }
        if let Some(existing) = self
            .service_index(&cluster, &name)
            .map(|i| &self.ecs.services[i])
        {
            match existing.status {
                ServiceStatus::Active => {
                    return Err(AwsError::invalid_parameter(
                        "Creation of service was not idempotent.",
                    ))
                }
                ServiceStatus::Draining => {
                    return Err(AwsError::invalid_parameter(
                        "Unable to Start a service that is still Draining.",
                    ))
                }
                ServiceStatus::Inactive => {}
            }
        }
        if let Some(c) = req.deployment_controller {
            if c.kind != DeploymentControllerType::Ecs {
                return Err(Self::not_yet_simulated(
                    "The CODE_DEPLOY and EXTERNAL deployment controllers",
                ));
            }
        }
        let strategy = req
            .scheduling_strategy
            .unwrap_or(SchedulingStrategy::Replica);
        let td_ref = req.task_definition.clone().ok_or_else(|| {
            AwsError::invalid_parameter("TaskDefinition must be specified. (sandbox wording)")
        })?;
        let td = self.resolve_task_definition(&td_ref, true)?.clone();
        let launch = self.check_launch(
            &td,
            &cluster,
            req.launch_type,
            req.network_configuration.as_ref(),
            &req.capacity_provider_strategy,
        )?;
        self.validate_load_balancers(&req.load_balancers, &td)?;
        if launch.launch_type == LaunchType::Fargate {
            if strategy == SchedulingStrategy::Daemon {
                return Err(AwsError::invalid_parameter("The DAEMON scheduling strategy is not supported with the FARGATE launch type. (sandbox wording)"));
            }
            if !req.placement_strategy.is_empty() || !req.placement_constraints.is_empty() {
                return Err(AwsError::invalid_parameter(
                    "Task placement strategies and constraints are not supported with the FARGATE launch type: Fargate spreads tasks across the Availability Zones of the subnets. (sandbox wording)",
                ));
            }
        }
        let (desired, base_config) = match strategy {
            SchedulingStrategy::Replica => {
                let d = req.desired_count.ok_or_else(|| {
                    AwsError::invalid_parameter("desiredCount must be specified for a service that uses the REPLICA scheduling strategy. (sandbox wording)")
                })?;
                (d, DeploymentConfiguration::default())
            }
            SchedulingStrategy::Daemon => {
                if req.desired_count.is_some() {
                    return Err(AwsError::invalid_parameter(
                        "The DAEMON scheduling strategy does not support a desired count; ECS runs one task on each instance. (sandbox wording)",
                    ));
                }
                if !req.placement_strategy.is_empty() {
                    return Err(AwsError::invalid_parameter("The DAEMON scheduling strategy does not support placement strategies. (sandbox wording)"));
                }
                // Daemon defaults: maximumPercent 100, minimumHealthyPercent 0 (the CLI/API's; the
                // console uses 50).
                (
                    0,
                    DeploymentConfiguration {
                        maximum_percent: 100,
                        minimum_healthy_percent: 0,
                        ..DeploymentConfiguration::default()
                    },
                )
            }
        };
        if desired < 0 {
            return Err(AwsError::invalid_parameter(
                "desiredCount must be 0 or more. (sandbox wording)",
            ));
        }
        let config = deployment_config(req.deployment_configuration, base_config)?;
        if strategy == SchedulingStrategy::Daemon && config.maximum_percent != 100 {
            return Err(AwsError::invalid_parameter(
                "The maximumPercent of a DAEMON service must be 100. (sandbox wording)",
            ));
        }
        // Validate the placement parameters now, as AWS does at creation.
        PlacementPlan::new(
            &td,
            &req.placement_strategy,
            &req.placement_constraints,
            format!("service:{name}"),
            default_service_strategies(),
        )?;
        let deployment = Deployment {
            id: self.new_deployment_id(),
            status: DeploymentStatus::Primary,
            task_definition: td.arn.clone(),
            created_at: self.now,
            updated_at: self.now,
            rollout_state: RolloutState::InProgress,
            failed_tasks: 0,
        };
        let svc = EcsService {
            arn: arn("service", &format!("{cluster}/{name}")),
            name,
            cluster,
            status: ServiceStatus::Active,
            desired_count: desired as u32,
            task_definition: td.arn.clone(),
            scheduling_strategy: strategy,
            deployment_configuration: config,
            deployments: vec![deployment],
            events: vec![],
            placement_constraints: req.placement_constraints,
            placement_strategy: req.placement_strategy,
            created_at: self.now,
            health_check_grace_period_seconds: req.health_check_grace_period_seconds,
            enable_ecs_managed_tags: req.enable_ecs_managed_tags.unwrap_or(false),
            enable_execute_command: req.enable_execute_command.unwrap_or(false),
            propagate_tags: req.propagate_tags.unwrap_or_else(|| "NONE".into()),
            tags: req.tags,
            steady: false,
            last_completed: None,
            last_unplaced: None,
            launch_type: launch.launch_type,
            network_configuration: req.network_configuration,
            load_balancers: req.load_balancers,
            capacity_provider_strategy: launch.capacity_strategy.clone(),
        };
        // AWS answers before the scheduler has started anything.
        let out = json!({ "service": self.service_json(&svc, true) });
        self.ecs.services.push(svc);
        self.services_tick();
        Ok(out)
    }

    pub(crate) fn ecs_describe_services(
        &self,
        req: DescribeServicesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        if req.services.is_empty() || req.services.len() > 10 {
            return Err(AwsError::invalid_parameter(
                "Services must contain between 1 and 10 items. (sandbox wording)",
            ));
        }
        let include_tags = req.include.iter().any(|i| i == "TAGS");
        let mut services = vec![];
        let mut failures = vec![];
        for s in &req.services {
            match self.service_index(&cluster, s) {
                Some(i) => services.push(self.service_json(&self.ecs.services[i], include_tags)),
                None => {
                    let arn_text = if s.starts_with("arn:") {
                        s.clone()
                    } else {
                        arn("service", &format!("{cluster}/{s}"))
                    };
                    failures.push(json!({"arn": arn_text, "reason": "MISSING"}));
                }
            }
        }
        Ok(json!({ "services": services, "failures": failures }))
    }

    pub(crate) fn ecs_list_services(
        &self,
        req: ListServicesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let arns: Vec<&str> = self
            .ecs
            .services
            .iter()
            .filter(|s| s.cluster == cluster && s.status == ServiceStatus::Active)
            .filter(|s| {
                req.scheduling_strategy
                    .is_none_or(|st| st == s.scheduling_strategy)
            })
            .filter(|_| req.launch_type.is_none_or(|l| l == LaunchType::Ec2))
            .map(|s| s.arn.as_str())
            .collect();
        let (arns, next) = page(&arns, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(tasks::with_next(json!({ "serviceArns": arns }), next))
    }

    fn active_service_index(&self, cluster: &str, reference: &str) -> AwsResult<usize> {
        let idx = self.service_index(cluster, reference).ok_or_else(|| {
            AwsError::new(ErrorCode::ServiceNotFoundException, "Service not found.")
        })?;
        if self.ecs.services[idx].status != ServiceStatus::Active {
            return Err(AwsError::new(
                ErrorCode::ServiceNotActiveException,
                "Service was not ACTIVE.",
            ));
        }
        Ok(idx)
    }

    pub(crate) fn ecs_update_service(
        &mut self,
        req: UpdateServiceRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let idx = self.active_service_index(&cluster, &req.service)?;
        let current_td = self.ecs.services[idx].task_definition.clone();
        let td = match &req.task_definition {
            Some(r) => self.resolve_task_definition(r, true)?.clone(),
            None => self.resolve_task_definition(&current_td, false)?.clone(),
        };
        let network = req
            .network_configuration
            .clone()
            .or_else(|| self.ecs.services[idx].network_configuration.clone());
        let (lt, cps) = self.service_launch(idx);
        self.check_launch(&td, &cluster, lt, network.as_ref(), &cps)?;
        let load_balancers = req
            .load_balancers
            .clone()
            .unwrap_or_else(|| self.ecs.services[idx].load_balancers.clone());
        self.validate_load_balancers(&load_balancers, &td)?;
        if let Some(d) = req.desired_count {
            if d < 0 {
                return Err(AwsError::invalid_parameter(
                    "desiredCount must be 0 or more. (sandbox wording)",
                ));
            }
            if self.ecs.services[idx].scheduling_strategy == SchedulingStrategy::Daemon {
                return Err(AwsError::invalid_parameter(
                    "The DAEMON scheduling strategy does not support a desired count; ECS runs one task on each instance. (sandbox wording)",
                ));
            }
        }
        let config = deployment_config(
            req.deployment_configuration,
            self.ecs.services[idx].deployment_configuration,
        )?;
        let name = self.ecs.services[idx].name.clone();
        let strategies = req
            .placement_strategy
            .clone()
            .unwrap_or_else(|| self.ecs.services[idx].placement_strategy.clone());
        let constraints = req
            .placement_constraints
            .clone()
            .unwrap_or_else(|| self.ecs.services[idx].placement_constraints.clone());
        PlacementPlan::new(
            &td,
            &strategies,
            &constraints,
            format!("service:{name}"),
            default_service_strategies(),
        )?;
        // A new deployment for a new task definition, a forced one, or new placement rules; a
        // desired-count change alone rescales the PRIMARY deployment (observed behaviour,
        // ecs-semantics.md §2.3).
        let new_deployment = td.arn != current_td
            || req.network_configuration.is_some()
            || req.load_balancers.is_some()
            || req.force_new_deployment.unwrap_or(false)
            || req.placement_strategy.is_some()
            || req.placement_constraints.is_some();
        let id = if new_deployment {
            Some(self.new_deployment_id())
        } else {
            None
        };
        let now = self.now;
        let svc = &mut self.ecs.services[idx];
        if let Some(d) = req.desired_count {
            svc.desired_count = d as u32;
        }
        svc.deployment_configuration = config;
        svc.placement_strategy = strategies;
        svc.placement_constraints = constraints;
        if let Some(g) = req.health_check_grace_period_seconds {
            svc.health_check_grace_period_seconds = Some(g);
        }
        if let Some(e) = req.enable_execute_command {
            svc.enable_execute_command = e;
        }
        svc.network_configuration = network;
        svc.load_balancers = load_balancers;
        if let Some(id) = id {
            for d in &mut svc.deployments {
                if d.status == DeploymentStatus::Primary {
                    d.status = DeploymentStatus::Active;
                    d.updated_at = now;
                }
            }
            svc.deployments.insert(
                0,
                Deployment {
                    id,
                    status: DeploymentStatus::Primary,
                    task_definition: td.arn.clone(),
                    created_at: now,
                    updated_at: now,
                    rollout_state: RolloutState::InProgress,
                    failed_tasks: 0,
                },
            );
            svc.task_definition = td.arn.clone();
        } else if let Some(p) = svc
            .deployments
            .iter_mut()
            .find(|d| d.status == DeploymentStatus::Primary)
        {
            p.updated_at = now;
            if req.desired_count.is_some() {
                p.rollout_state = RolloutState::InProgress;
            }
        }
        svc.steady = false;
        let out = json!({ "service": self.service_json(&self.ecs.services[idx], false) });
        self.services_tick();
        Ok(out)
    }

    pub(crate) fn ecs_delete_service(
        &mut self,
        req: DeleteServiceRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let idx = self.service_index(&cluster, &req.service).ok_or_else(|| {
            AwsError::new(ErrorCode::ServiceNotFoundException, "Service not found.")
        })?;
        if self.ecs.services[idx].status != ServiceStatus::Active {
            return Err(AwsError::new(
                ErrorCode::ServiceNotActiveException,
                "Service was not ACTIVE.",
            ));
        }
        if self.ecs.services[idx].desired_count > 0 && !req.force.unwrap_or(false) {
            return Err(AwsError::invalid_parameter(
                "The service cannot be stopped while it is scaled above 0.",
            ));
        }
        let svc = &mut self.ecs.services[idx];
        svc.status = ServiceStatus::Draining;
        svc.desired_count = 0;
        let out = json!({ "service": self.service_json(&self.ecs.services[idx], false) });
        self.services_tick();
        Ok(out)
    }

    /// A service's launch type or capacity provider strategy, as check_launch takes them.
    fn service_launch(
        &self,
        idx: usize,
    ) -> (Option<LaunchType>, Vec<CapacityProviderStrategyItem>) {
        let svc = &self.ecs.services[idx];
        if svc.capacity_provider_strategy.is_empty() {
            (Some(svc.launch_type), vec![])
        } else {
            (None, svc.capacity_provider_strategy.clone())
        }
    }

    fn not_yet_simulated(what: &str) -> AwsError {
        AwsError::new(ErrorCode::SandboxNotSimulated, format!("{what} is not simulated by this version of the sandbox yet; the request was not applied."))
    }

    /// Whether a service task counts toward minimumHealthyPercent (RUNNING, and 40 s past it: the
    /// sandbox does not model container health checks yet, so every task waits the 40 s).
    fn counts_as_healthy(&self, svc: &EcsService, t: &Task) -> bool {
        if !svc.load_balancers.is_empty() {
            // Behind a load balancer, a task is healthy when its targets are.
            return t.last_status == TaskStatus::Running && self.targets_healthy(t);
        }
        t.last_status == TaskStatus::Running
            && t.started_at.is_some_and(|s| s + HEALTHY_AFTER <= self.now)
    }

    /// When a service task next becomes healthy (the scheduler must look again then).
    pub(crate) fn services_next_event(&self) -> Option<Millis> {
        self.ecs
            .tasks
            .iter()
            .filter(|t| {
                t.group.starts_with("service:")
                    && t.last_status == TaskStatus::Running
                    && t.desired_status == DesiredStatus::Running
            })
            .filter_map(|t| t.started_at.map(|s| s + HEALTHY_AFTER))
            .filter(|at| *at > self.now)
            .min()
    }

    /// Stops a service task as the scheduler does.
    fn scheduler_stop(&mut self, task_index: usize, reason: String) {
        let now = self.now;
        let t = &mut self.ecs.tasks[task_index];
        t.desired_status = DesiredStatus::Stopped;
        t.stop_code = Some(StopCode::ServiceSchedulerInitiated);
        t.stopped_reason = Some(reason);
        t.version += 1;
        if matches!(
            t.last_status,
            TaskStatus::Pending | TaskStatus::Provisioning
        ) {
            tasks::finish_stop(t, now);
        } else {
            t.next_step_at = Some(now);
        }
        let left = self.begin_target_drain(task_index);
        self.draining_note.extend(left);
    }

    /// The load-balancer side of the scheduler: register RUNNING tasks as targets, report the ones
    /// that drained, and replace tasks whose targets fail their health checks.
    fn load_balancer_round(&mut self, idx: usize) {
        let svc = self.ecs.services[idx].clone();
        if svc.load_balancers.is_empty() {
            return;
        }
        for (tg, n) in self.register_service_targets(&svc) {
            self.push_event(
                idx,
                format!(
                    "(service {}) registered {n} targets in (target-group {tg})",
                    svc.name
                ),
            );
        }
        let grace = svc.health_check_grace_period_seconds.unwrap_or(0).max(0) as u64 * 1000;
        let failing: Vec<(usize, String)> = self
            .service_tasks(&svc)
            .into_iter()
            .filter_map(|i| {
                self.failed_target_group(&self.ecs.tasks[i], grace)
                    .map(|tg| (i, tg))
            })
            .collect();
        for (i, tg) in failing {
            let id = self.ecs.tasks[i].id.clone();
            self.scheduler_stop(
                i,
                format!("Task failed ELB health checks in (target-group {tg})"),
            );
            self.push_event(
                idx,
                format!(
                    "(service {}) (task {id}) failed ELB health checks in (target-group {tg}).",
                    svc.name
                ),
            );
        }
        self.report_draining(idx);
    }

    /// Events for the tasks that started draining since the last report.
    fn report_draining(&mut self, idx: usize) {
        let left = std::mem::take(&mut self.draining_note);
        if left.is_empty() {
            return;
        }
        let svc = self.ecs.services[idx].clone();
        let deployment = svc.primary().map(|d| d.id.clone()).unwrap_or_default();
        let mut groups: Vec<(String, usize)> = vec![];
        for tg in &left {
            match groups.iter_mut().find(|(g, _)| g == tg) {
                Some(e) => e.1 += 1,
                None => groups.push((tg.clone(), 1)),
            }
        }
        let tasks = groups.iter().map(|(_, n)| *n).max().unwrap_or(0);
        self.push_event(idx, format!("(service {}, taskSet {deployment}) has begun draining connections on {tasks} tasks.", svc.name));
        for (tg, n) in groups {
            self.push_event(
                idx,
                format!(
                    "(service {}) deregistered {n} targets in (target-group {tg})",
                    svc.name
                ),
            );
        }
    }

    /// The service scheduler: one reconciliation of every service, run whenever the world changes.
    pub(crate) fn services_tick(&mut self) {
        for idx in 0..self.ecs.services.len() {
            match self.ecs.services[idx].status {
                ServiceStatus::Inactive => continue,
                ServiceStatus::Draining => self.drain_service(idx),
                ServiceStatus::Active => match self.ecs.services[idx].scheduling_strategy {
                    SchedulingStrategy::Replica => self.reconcile_replica(idx),
                    SchedulingStrategy::Daemon => self.reconcile_daemon(idx),
                },
            }
            if self.ecs.services[idx].status != ServiceStatus::Inactive {
                self.load_balancer_round(idx);
            } else {
                self.draining_note.clear();
            }
        }
    }

    fn drain_service(&mut self, idx: usize) {
        let svc = self.ecs.services[idx].clone();
        let tasks = self.service_tasks(&svc);
        let deployment = svc.primary().map(|d| d.id.clone()).unwrap_or_default();
        if !tasks.is_empty() {
            let ids: Vec<String> = tasks
                .iter()
                .map(|&i| self.ecs.tasks[i].id.clone())
                .collect();
            for &i in &tasks {
                self.scheduler_stop(
                    i,
                    format!("Scaling activity initiated by (deployment {deployment})"),
                );
            }
            self.push_event(
                idx,
                format!(
                    "(service {}) has stopped {} running tasks: {}.",
                    svc.name,
                    ids.len(),
                    ids.iter()
                        .map(|i| format!("(task {i})"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            );
        }
        let group = svc.group();
        let holding = self.ecs.tasks.iter().any(|t| {
            t.cluster == svc.cluster && t.group == group && t.last_status != TaskStatus::Stopped
        });
        if !holding {
            self.ecs.services[idx].status = ServiceStatus::Inactive;
        }
    }

    /// The deployment circuit breaker: counts tasks of the PRIMARY deployment that failed to start;
    /// at the threshold (half the desired count, at least 3, at most 200) the deployment FAILS and,
    /// with rollback, a new deployment returns to the last completed task definition. Without the
    /// breaker, ECS keeps trying and says it cannot start tasks consistently.
    fn circuit_breaker(&mut self, idx: usize) {
        let svc = self.ecs.services[idx].clone();
        let Some(primary) = svc.primary().cloned() else {
            return;
        };
        let failed = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                t.cluster == svc.cluster
                    && t.group == svc.group()
                    && t.started_by.as_deref() == Some(&primary.id)
                    && t.stop_code == Some(StopCode::TaskFailedToStart)
            })
            .count() as u32;
        if let Some(d) = self.ecs.services[idx]
            .deployments
            .iter_mut()
            .find(|d| d.id == primary.id)
        {
            d.failed_tasks = failed;
        }
        if primary.rollout_state != RolloutState::InProgress || failed == 0 {
            return;
        }
        let threshold = (svc.desired_count.div_ceil(2)).clamp(3, 200);
        let breaker = svc.deployment_configuration.deployment_circuit_breaker;
        if !breaker.enable {
            if failed >= 3 {
                self.push_event(
                    idx,
                    format!(
                        "(service {}) is unable to consistently start tasks successfully.",
                        svc.name
                    ),
                );
            }
            return;
        }
        if failed < threshold {
            return;
        }
        let now = self.now;
        if let Some(d) = self.ecs.services[idx]
            .deployments
            .iter_mut()
            .find(|d| d.id == primary.id)
        {
            d.rollout_state = RolloutState::Failed;
            d.updated_at = now;
        }
        self.push_event(
            idx,
            format!(
                "(service {}) (deployment {}) deployment failed: tasks failed to start.",
                svc.name, primary.id
            ),
        );
        if let (true, Some((old_id, old_td))) = (breaker.rollback, svc.last_completed.clone()) {
            let id = self.new_deployment_id();
            let s = &mut self.ecs.services[idx];
            for d in &mut s.deployments {
                if d.status == DeploymentStatus::Primary {
                    d.status = DeploymentStatus::Active;
                }
            }
            s.deployments.insert(
                0,
                Deployment {
                    id,
                    status: DeploymentStatus::Primary,
                    task_definition: old_td.clone(),
                    created_at: now,
                    updated_at: now,
                    rollout_state: RolloutState::InProgress,
                    failed_tasks: 0,
                },
            );
            s.task_definition = old_td;
            s.steady = false;
            self.push_event(
                idx,
                format!(
                    "(service {}) rolling back to deployment {old_id}.",
                    svc.name
                ),
            );
        }
    }

    fn reconcile_replica(&mut self, idx: usize) {
        self.circuit_breaker(idx);
        let svc = self.ecs.services[idx].clone();
        let Some(primary) = svc.primary().cloned() else {
            return;
        };
        let desired = svc.desired_count as usize;
        let config = svc.deployment_configuration;
        let floor = (desired as i64 * config.minimum_healthy_percent + 99) / 100;
        let ceiling = desired as i64 * config.maximum_percent / 100;
        let on_draining = |w: &World, i: usize| {
            w.ecs.tasks[i]
                .container_instance_id
                .as_ref()
                .and_then(|c| w.ecs.container_instances.iter().find(|ci| &ci.id == c))
                .is_some_and(|ci| ci.status != ContainerInstanceStatus::Active)
        };
        let tasks = self.service_tasks(&svc);
        let (good, to_replace): (Vec<usize>, Vec<usize>) = tasks.iter().partition(|&&i| {
            self.ecs.tasks[i].started_by.as_deref() == Some(&primary.id) && !on_draining(self, i)
        });
        let live = tasks.len() as i64;
        let mut started: Vec<String> = vec![];
        // 1. Start primary tasks while under the desired count and within maximumPercent.
        let need = desired.saturating_sub(good.len()) as i64;
        let room = (ceiling - live).max(0);
        let to_start = need.min(room);
        if need == 0 {
            // Nothing is missing any more (scaled in, capacity added): no task is left unplaced.
            self.ecs.services[idx].last_unplaced = None;
        }
        // A deployment the circuit breaker failed launches nothing more.
        if to_start > 0 && primary.rollout_state != RolloutState::Failed {
            started = self.start_service_tasks(idx, &svc, &primary, to_start);
        }
        if !started.is_empty() {
            let list = started
                .iter()
                .map(|i| format!("(task {i})"))
                .collect::<Vec<_>>()
                .join(" ");
            self.push_event(
                idx,
                format!(
                    "(service {}) has started {} tasks: {list}.",
                    svc.name,
                    started.len()
                ),
            );
            self.ecs.services[idx].steady = false;
        }
        // 2. Stop replaceable tasks (old deployments, DRAINING instances) while
        //    minimumHealthyPercent allows.
        let mut healthy = tasks
            .iter()
            .filter(|&&i| self.counts_as_healthy(&svc, &self.ecs.tasks[i]))
            .count() as i64;
        let mut order = to_replace.clone();
        order.sort_by_key(|&i| {
            (
                self.ecs.tasks[i].last_status == TaskStatus::Running,
                self.ecs.tasks[i].created_at,
            )
        });
        let mut stopped = vec![];
        for i in order {
            let running = self.ecs.tasks[i].last_status == TaskStatus::Running;
            // A running copy may only go while the running ones stay at or above the floor.
            if running && healthy - 1 < floor {
                break;
            }
            if running {
                healthy -= 1;
            }
            stopped.push(self.ecs.tasks[i].id.clone());
            self.scheduler_stop(
                i,
                format!("Scaling activity initiated by (deployment {})", primary.id),
            );
        }
        // 3. Scale in: more primary tasks than desired.
        let good_now: Vec<usize> = good
            .iter()
            .copied()
            .filter(|&i| self.ecs.tasks[i].desired_status == DesiredStatus::Running)
            .collect();
        if good_now.len() > desired {
            let extra = good_now.len() - desired;
            for _ in 0..extra {
                let candidates: Vec<usize> = good_now
                    .iter()
                    .copied()
                    .filter(|&i| self.ecs.tasks[i].desired_status == DesiredStatus::Running)
                    .collect();
                if let Some(i) = self.scale_in_choice(&svc, &candidates) {
                    stopped.push(self.ecs.tasks[i].id.clone());
                    self.scheduler_stop(
                        i,
                        format!("Scaling activity initiated by (deployment {})", primary.id),
                    );
                }
            }
        }
        if !stopped.is_empty() {
            let list = stopped
                .iter()
                .map(|i| format!("(task {i})"))
                .collect::<Vec<_>>()
                .join(" ");
            self.push_event(
                idx,
                format!(
                    "(service {}) has stopped {} running tasks: {list}.",
                    svc.name,
                    stopped.len()
                ),
            );
            self.ecs.services[idx].steady = false;
        }
        // Neither starting nor stopping is possible: the deployment configuration deadlocks.
        if started.is_empty()
            && stopped.is_empty()
            && need > 0
            && room == 0
            && !to_replace.is_empty()
        {
            self.push_event(idx, format!("(service {}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", svc.name));
        }
        // 4. Deployments with no tasks left retire; one deployment at the desired count is steady.
        let now = self.now;
        let svc_now = self.ecs.services[idx].clone();
        let group = svc_now.group();
        let alive = |w: &World, dep: &str| {
            w.ecs.tasks.iter().any(|t| {
                t.cluster == svc_now.cluster
                    && t.group == group
                    && t.started_by.as_deref() == Some(dep)
                    && t.last_status != TaskStatus::Stopped
            })
        };
        let retire: Vec<String> = svc_now
            .deployments
            .iter()
            .filter(|d| d.status == DeploymentStatus::Active && !alive(self, &d.id))
            .map(|d| d.id.clone())
            .collect();
        let running_primary = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                t.cluster == svc_now.cluster
                    && t.group == group
                    && t.desired_status == DesiredStatus::Running
                    && t.last_status == TaskStatus::Running
                    && t.started_by.as_deref() == Some(&primary.id)
            })
            .count();
        let others_alive = svc_now.deployments.iter().any(|d| {
            d.status != DeploymentStatus::Primary
                && d.status != DeploymentStatus::Inactive
                && !retire.contains(&d.id)
        });
        let pending = self.ecs.tasks.iter().any(|t| {
            t.cluster == svc_now.cluster
                && t.group == group
                && t.desired_status == DesiredStatus::Running
                && t.last_status != TaskStatus::Running
        });
        let stopping = self.ecs.tasks.iter().any(|t| {
            t.cluster == svc_now.cluster
                && t.group == group
                && t.desired_status == DesiredStatus::Stopped
                && t.last_status != TaskStatus::Stopped
        });
        // Behind a load balancer, the deployment completes once the new tasks' targets are healthy.
        let targets_ok = svc_now.load_balancers.is_empty()
            || self
                .ecs
                .tasks
                .iter()
                .filter(|t| {
                    t.cluster == svc_now.cluster
                        && t.group == group
                        && t.desired_status == DesiredStatus::Running
                })
                .all(|t| self.targets_healthy(t));
        let steady_now =
            !others_alive && running_primary == desired && !pending && !stopping && targets_ok;
        let mut completed = None;
        {
            let svc = &mut self.ecs.services[idx];
            for d in &mut svc.deployments {
                if retire.contains(&d.id) {
                    d.status = DeploymentStatus::Inactive;
                    d.updated_at = now;
                }
                if d.status == DeploymentStatus::Primary
                    && steady_now
                    && d.rollout_state == RolloutState::InProgress
                {
                    d.rollout_state = RolloutState::Completed;
                    d.updated_at = now;
                    completed = Some(d.id.clone());
                }
            }
            svc.deployments
                .retain(|d| d.status != DeploymentStatus::Inactive);
            if let Some(id) = &completed {
                svc.last_completed = Some((id.clone(), svc.task_definition.clone()));
            }
        }
        if let Some(id) = completed {
            self.push_event(
                idx,
                format!(
                    "(service {}) (deployment {id}) deployment completed.",
                    svc.name
                ),
            );
        }
        if steady_now && !self.ecs.services[idx].steady {
            self.ecs.services[idx].steady = true;
            self.push_event(
                idx,
                format!("(service {}) has reached a steady state.", svc.name),
            );
        }
    }

    /// DAEMON: exactly one task of the PRIMARY deployment on every ACTIVE instance that meets the
    /// constraints and has room; tasks on instances that no longer qualify (DRAINING, gone,
    /// constraint changed) and tasks of older deployments are stopped (minimumHealthyPercent 0 by
    /// default lets the old copy go before the new one starts on the same instance).
    fn reconcile_daemon(&mut self, idx: usize) {
        let svc = self.ecs.services[idx].clone();
        let Some(primary) = svc.primary().cloned() else {
            return;
        };
        let Ok(td) = self
            .resolve_task_definition(&primary.task_definition, false)
            .cloned()
        else {
            return;
        };
        let Ok(plan) = PlacementPlan::new(
            &td,
            &[],
            &svc.placement_constraints,
            svc.group(),
            (vec![], "one task per instance"),
        ) else {
            return;
        };
        let group = svc.group();
        let tasks = self.service_tasks(&svc);
        let active: Vec<ContainerInstance> = self
            .ecs
            .container_instances
            .iter()
            .filter(|c| {
                c.cluster == svc.cluster
                    && c.status == ContainerInstanceStatus::Active
                    && c.agent_connected
            })
            .cloned()
            .collect();
        let eligible: Vec<&ContainerInstance> = active
            .iter()
            .filter(|ci| {
                plan.constraints.iter().all(|c| match c {
                    placement::Constraint::MemberOf { parsed, .. } => {
                        crate::query::eval(parsed, &self.instance_facts(ci))
                    }
                    placement::Constraint::DistinctInstance => true,
                })
            })
            .collect();
        let eligible_ids: Vec<String> = eligible.iter().map(|c| c.id.clone()).collect();
        let mut stopped = vec![];
        for &i in &tasks {
            let t = &self.ecs.tasks[i];
            let on = t.container_instance_id.clone().unwrap_or_default();
            let old = t.started_by.as_deref() != Some(&primary.id);
            if !eligible_ids.contains(&on) || old {
                stopped.push(t.id.clone());
                self.scheduler_stop(
                    i,
                    format!("Scaling activity initiated by (deployment {})", primary.id),
                );
            }
        }
        let meta = tasks::TaskMeta {
            group: Some(group.clone()),
            started_by: Some(primary.id.clone()),
            overrides: None,
            tags: vec![],
            enable_execute_command: svc.enable_execute_command,
        };
        let mut started = vec![];
        for ci in &eligible_ids {
            let busy = self.ecs.tasks.iter().any(|t| {
                t.group == group
                    && t.cluster == svc.cluster
                    && t.container_instance_id.as_ref() == Some(ci)
                    && t.last_status != TaskStatus::Stopped
            });
            if busy {
                continue;
            }
            let (lt, cps) = self.service_launch(idx);
            let network = self
                .check_launch(
                    &td,
                    &svc.cluster,
                    lt,
                    svc.network_configuration.as_ref(),
                    &cps,
                )
                .ok()
                .and_then(|l| l.network);
            match self.place_and_create(
                &svc.cluster,
                &td,
                std::slice::from_ref(ci),
                None,
                &meta,
                network.as_ref(),
            ) {
                Ok(id) => started.push(id),
                Err(decision) => {
                    let closest = decision
                        .verdicts
                        .first()
                        .filter(|v| v.failed.is_some())
                        .and_then(|v| Some((v, v.instance(&self.ecs.container_instances)?)));
                    if let Some((v, ci)) = closest {
                        let text = v
                            .failed
                            .map(|f| f.closest_matching_text())
                            .unwrap_or_default();
                        let event = format!(
                            "(service {}) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance {}) {text} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
                            svc.name, short_task_id(&ci.arn)
                        );
                        self.push_event(idx, event);
                    }
                }
            }
        }
        if !started.is_empty() {
            let list = started
                .iter()
                .map(|i| format!("(task {i})"))
                .collect::<Vec<_>>()
                .join(" ");
            self.push_event(
                idx,
                format!(
                    "(service {}) has started {} tasks: {list}.",
                    svc.name,
                    started.len()
                ),
            );
        }
        if !stopped.is_empty() {
            let list = stopped
                .iter()
                .map(|i| format!("(task {i})"))
                .collect::<Vec<_>>()
                .join(" ");
            self.push_event(
                idx,
                format!(
                    "(service {}) has stopped {} running tasks: {list}.",
                    svc.name,
                    stopped.len()
                ),
            );
        }
        let now = self.now;
        let wanted = eligible_ids.len() as u32;
        let running = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                t.group == group
                    && t.cluster == svc.cluster
                    && t.desired_status == DesiredStatus::Running
                    && t.last_status == TaskStatus::Running
            })
            .count() as u32;
        let settling = self.ecs.tasks.iter().any(|t| {
            t.group == group
                && t.cluster == svc.cluster
                && t.last_status != TaskStatus::Stopped
                && (t.desired_status == DesiredStatus::Stopped
                    || t.last_status != TaskStatus::Running)
        });
        let steady_now = running == wanted && !settling;
        let mut completed = None;
        {
            let s = &mut self.ecs.services[idx];
            s.desired_count = wanted;
            s.deployments.retain(|d| {
                d.status == DeploymentStatus::Primary
                    || tasks.iter().any(|&i| {
                        self.ecs.tasks[i].started_by.as_deref() == Some(&d.id)
                            && self.ecs.tasks[i].last_status != TaskStatus::Stopped
                    })
            });
            if steady_now {
                if let Some(d) = s.deployments.iter_mut().find(|d| {
                    d.status == DeploymentStatus::Primary
                        && d.rollout_state == RolloutState::InProgress
                }) {
                    d.rollout_state = RolloutState::Completed;
                    d.updated_at = now;
                    completed = Some(d.id.clone());
                }
            }
        }
        if let Some(id) = completed {
            self.push_event(
                idx,
                format!(
                    "(service {}) (deployment {id}) deployment completed.",
                    svc.name
                ),
            );
        }
        if steady_now != self.ecs.services[idx].steady {
            self.ecs.services[idx].steady = steady_now;
            if steady_now {
                self.push_event(
                    idx,
                    format!("(service {}) has reached a steady state.", svc.name),
                );
            }
        }
    }

    /// Places up to `n` tasks of the PRIMARY deployment; an unplaceable task ends the round with
    /// AWS's "unable to place a task" event naming the closest matching instance.
    fn start_service_tasks(
        &mut self,
        idx: usize,
        svc: &EcsService,
        primary: &Deployment,
        n: i64,
    ) -> Vec<String> {
        let mut started = vec![];
        let Ok(td) = self
            .resolve_task_definition(&primary.task_definition, false)
            .cloned()
        else {
            return started;
        };
        let (lt, cps) = self.service_launch(idx);
        let launch = match self.check_launch(
            &td,
            &svc.cluster,
            lt,
            svc.network_configuration.as_ref(),
            &cps,
        ) {
            Ok(l) => l,
            Err(e) => {
                self.push_event(
                    idx,
                    format!(
                        "(service {}) was unable to start tasks: {} (sandbox wording)",
                        svc.name, e.message
                    ),
                );
                return started;
            }
        };
        let meta = tasks::TaskMeta {
            group: Some(svc.group()),
            started_by: Some(primary.id.clone()),
            overrides: None,
            tags: vec![],
            enable_execute_command: svc.enable_execute_command,
        };
        if launch.launch_type == LaunchType::Fargate {
            let Some(network) = launch.network else {
                return started;
            };
            for _ in 0..n {
                let provider =
                    self.next_provider(&svc.cluster, &svc.group(), &launch.capacity_strategy);
                match self.launch_fargate(&svc.cluster, &td, &network, &meta, provider) {
                    Ok(id) => started.push(id),
                    Err(e) => {
                        self.push_event(
                            idx,
                            format!(
                                "(service {}) was unable to start a task: {} (sandbox wording)",
                                svc.name, e.message
                            ),
                        );
                        break;
                    }
                }
            }
            return started;
        }
        let Ok(plan) = PlacementPlan::new(
            &td,
            &svc.placement_strategy,
            &svc.placement_constraints,
            svc.group(),
            default_service_strategies(),
        ) else {
            return started;
        };
        let candidates: Vec<String> = self
            .ecs
            .container_instances
            .iter()
            .filter(|c| {
                c.cluster == svc.cluster
                    && matches!(
                        c.status,
                        ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining
                    )
            })
            .map(|c| c.id.clone())
            .collect();
        let unplaced = |tail: &str| {
            format!(
                "(service {}) was unable to place a task because no container instance met all of its requirements. {tail} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
                svc.name
            )
        };
        for _ in 0..n {
            if candidates.is_empty() {
                self.push_event(
                    idx,
                    unplaced("Reason: No Container Instances were found in your cluster."),
                );
                break;
            }
            match self.place_and_create(
                &svc.cluster,
                &td,
                &candidates,
                Some(&plan),
                &meta,
                launch.network.as_ref(),
            ) {
                Ok(id) => {
                    started.push(id);
                    self.ecs.services[idx].last_unplaced = None;
                }
                Err(decision) => {
                    self.ecs.services[idx].last_unplaced = Some(decision.clone());
                    let tail =
                        placement::closest_match(&decision.verdicts, &self.ecs.container_instances)
                            .and_then(|(v, ci)| {
                                v.failed.map(|f| {
                                    (
                                        short_task_id(&ci.arn).to_string(),
                                        f.closest_matching_text(),
                                    )
                                })
                            })
                            .map(|(ci, text)| {
                                format!("The closest matching (container-instance {ci}) {text}")
                            })
                            .unwrap_or_else(|| {
                                "Reason: No Container Instances were found in your cluster.".into()
                            });
                    self.push_event(idx, unplaced(&tail));
                    break;
                }
            }
        }
        started
    }

    /// Which task to stop when scaling in (ecs-semantics.md §2.1): by the service's strategy if it
    /// has one, else from the AZ with the most tasks of the service, then the instance with the
    /// most, then at random.
    fn scale_in_choice(&mut self, svc: &EcsService, candidates: &[usize]) -> Option<usize> {
        if candidates.is_empty() {
            return None;
        }
        let group = svc.group();
        let instance_of = |w: &World, i: usize| {
            w.ecs.tasks[i]
                .container_instance_id
                .clone()
                .unwrap_or_default()
        };
        let zone_of = |w: &World, i: usize| w.ecs.tasks[i].availability_zone.clone();
        let count_on = |w: &World, pred: &dyn Fn(&Task) -> bool| {
            w.ecs
                .tasks
                .iter()
                .filter(|t| {
                    t.group == group
                        && t.cluster == svc.cluster
                        && t.desired_status == DesiredStatus::Running
                        && pred(t)
                })
                .count() as i64
        };
        let binpack = super::placement_plan::typed_strategies(&svc.placement_strategy)
            .ok()
            .and_then(|s| {
                s.into_iter().find_map(|x| match x {
                    Strategy::Binpack(f) => Some(f),
                    _ => None,
                })
            });
        let score = |w: &World, i: usize| -> (i64, i64) {
            match binpack {
                // Binpack: stop the task whose instance will have the most free resources
                // afterwards.
                Some(field) => {
                    let ci = w
                        .ecs
                        .container_instances
                        .iter()
                        .find(|c| Some(&c.id) == w.ecs.tasks[i].container_instance_id.as_ref());
                    let rem = ci.map(|c| placement::remaining(c, &w.ecs.tasks));
                    let free = match field {
                        placement::BinpackField::Cpu => {
                            rem.map(|r| r.cpu + w.ecs.tasks[i].cpu as i64)
                        }
                        placement::BinpackField::Memory => {
                            rem.map(|r| r.memory + w.ecs.tasks[i].memory as i64)
                        }
                    };
                    (free.unwrap_or(0), 0)
                }
                None => {
                    let z = zone_of(w, i);
                    let inst = instance_of(w, i);
                    (
                        count_on(w, &|t: &Task| t.availability_zone == z),
                        count_on(w, &|t: &Task| {
                            t.container_instance_id.as_deref() == Some(&inst)
                        }),
                    )
                }
            }
        };
        let scored: Vec<(usize, (i64, i64))> =
            candidates.iter().map(|&i| (i, score(self, i))).collect();
        let best = scored.iter().map(|(_, s)| *s).max()?;
        let tied: Vec<usize> = scored
            .into_iter()
            .filter(|(_, s)| *s == best)
            .map(|(i, _)| i)
            .collect();
        Some(tied[self.rng.below(tied.len())])
    }
}
