//! Services' API: create-service (with ECS's validation), update-service (new deployments, desired
//! count) and delete-service.

use crate::ecs::ids::{arn, short_id};
use crate::ecs::placement_plan::{PlacementPlan, PlacementStrategy};
use crate::ecs::services::state::{
    CircuitBreaker, Deployment, DeploymentConfiguration, DeploymentControllerType,
    DeploymentStatus, EcsService, RolloutState, SchedulingStrategy, ServiceLoadBalancer,
    ServiceStatus,
};
use crate::ecs::types::{
    CapacityProviderStrategyItem, LaunchType, NetworkConfiguration, PlacementConstraint, Tag,
};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::placement::strategies::Strategy;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

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

pub(crate) fn short_task_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The default service placement: balance Availability Zones, then instances (ecs_services.md).
pub(crate) fn default_service_strategies() -> (Vec<Strategy>, &'static str) {
    (
        vec![
            Strategy::Spread("attribute:ecs.availability-zone".into()),
            Strategy::Spread("instanceId".into()),
        ],
        "ECS spreads service tasks across Availability Zones, then across instances",
    )
}

pub(crate) fn deployment_config(
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

fn check_service_name(name: &str) -> AwsResult<()> {
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
    Ok(())
}

/// What a Fargate service cannot have: the DAEMON strategy, placement strategies or constraints.
fn check_fargate_service(
    req: &CreateServiceRequest,
    strategy: SchedulingStrategy,
) -> AwsResult<()> {
    if strategy == SchedulingStrategy::Daemon {
        return Err(AwsError::invalid_parameter("The DAEMON scheduling strategy is not supported with the FARGATE launch type. (sandbox wording)"));
    }
    if !req.placement_strategy.is_empty() || !req.placement_constraints.is_empty() {
        return Err(AwsError::invalid_parameter(
            "Task placement strategies and constraints are not supported with the FARGATE launch type: Fargate spreads tasks across the Availability Zones of the subnets. (sandbox wording)",
        ));
    }
    Ok(())
}

/// The desired count and the default deployment configuration, by scheduling strategy.
fn desired_count_and_defaults(
    req: &CreateServiceRequest,
    strategy: SchedulingStrategy,
) -> AwsResult<(i64, DeploymentConfiguration)> {
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
    Ok((desired, base_config))
}

impl World {
    pub(crate) fn new_deployment_id(&mut self) -> String {
        format!("ecs-svc/{}", self.rng.digits(19))
    }

    pub(crate) fn service_index(&self, cluster: &str, reference: &str) -> Option<usize> {
        let name = short_id(reference);
        // The newest service of that name (an INACTIVE one may share it with a newer one).
        self.ecs
            .services
            .iter()
            .rposition(|s| s.cluster == cluster && s.name == name)
    }

    pub(crate) fn ecs_create_service(
        &mut self,
        req: CreateServiceRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        crate::ecs::tagging::check_tags(&req.tags)?;
        let name = req.service_name.clone();
        check_service_name(&name)?;
        self.check_no_live_service(&cluster, &name)?;
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
        let td = self
            .resolve_task_definition(&td_ref, true)
            .map_err(service_task_definition_error)?
            .clone();
        let launch = self.check_launch(
            &td,
            &cluster,
            req.launch_type,
            req.network_configuration.as_ref(),
            &req.capacity_provider_strategy,
        )?;
        self.validate_load_balancers(&req.load_balancers, &td)?;
        if launch.launch_type == LaunchType::Fargate {
            check_fargate_service(&req, strategy)?;
        }
        let (desired, base_config) = desired_count_and_defaults(&req, strategy)?;
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

    /// A service of that name may be created unless one is ACTIVE or still DRAINING.
    fn check_no_live_service(&self, cluster: &str, name: &str) -> AwsResult<()> {
        if let Some(existing) = self
            .service_index(cluster, name)
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
        Ok(())
    }

    pub(crate) fn active_service_index(&self, cluster: &str, reference: &str) -> AwsResult<usize> {
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
            Some(r) => self
                .resolve_task_definition(r, true)
                .map_err(service_task_definition_error)?
                .clone(),
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
        // docs/scheduler.md#deployments).
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
    pub(crate) fn service_launch(
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
}

/// A service's task definition that does not exist: ECS answers CreateService and UpdateService
/// with its own text (`ClientException: TaskDefinition not found.`), not RunTask's.
fn service_task_definition_error(e: AwsError) -> AwsError {
    if e.message == "Unable to describe task definition." {
        AwsError::client("TaskDefinition not found.")
    } else {
        e
    }
}
