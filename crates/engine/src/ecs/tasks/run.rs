//! run-task and start-task: the request's checks, then a launch per task; `failures` when nothing
//! fits.

use crate::ecs::placement_plan;
use crate::ecs::placement_plan::PlacementPlan;
use crate::ecs::tasks::launch::TaskMeta;
use crate::ecs::types::{
    CapacityProviderStrategyItem, ContainerInstance, ContainerInstanceStatus, LaunchType,
    NetworkConfiguration, PlacementConstraint, Tag, TaskDefinition,
};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::placement;
use crate::placement::decision::Decision;
use crate::placement::strategies::Strategy;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RunTaskRequest {
    pub cluster: Option<String>,
    pub task_definition: String,
    pub count: Option<i64>,
    pub launch_type: Option<LaunchType>,
    pub started_by: Option<String>,
    pub group: Option<String>,
    pub overrides: Option<serde_json::Value>,
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(default)]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default)]
    pub placement_strategy: Vec<placement_plan::PlacementStrategy>,
    #[serde(default)]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub enable_execute_command: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct StartTaskRequest {
    pub cluster: Option<String>,
    pub task_definition: String,
    #[serde(default)]
    pub container_instances: Vec<String>,
    pub started_by: Option<String>,
    pub group: Option<String>,
    pub overrides: Option<serde_json::Value>,
    pub network_configuration: Option<NetworkConfiguration>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A RunTask/StartTask `failures` entry: the closest matching instance and why it did not fit.
pub(crate) fn failure_json(d: &Decision, instances: &[ContainerInstance]) -> serde_json::Value {
    let closest = placement::closest_match(&d.verdicts, instances, |c| c.arn.as_str());
    json!({
        "arn": closest.map(|(_, ci)| ci.arn.clone()),
        "reason": closest.and_then(|(v, _)| v.failed).map(|f| f.as_str()).unwrap_or("RESOURCE:CPU"),
    })
}

/// Each container override must name a container of the task definition (ECS's text).
fn check_overrides(td: &TaskDefinition, overrides: Option<&serde_json::Value>) -> AwsResult<()> {
    let names = overrides
        .and_then(|o| o.get("containerOverrides"))
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("name").and_then(|n| n.as_str()));
    for name in names {
        if !td
            .container_definitions
            .iter()
            .any(|c| c.name.as_deref() == Some(name))
        {
            return Err(AwsError::invalid_parameter(format!(
                "Override for container named {name} is not a container in the TaskDefinition."
            )));
        }
    }
    Ok(())
}

impl World {
    /// Rejects what the sandbox does not simulate yet, rather than ignoring it silently.
    /// Keeps (or clears) the cluster's record of a run that left tasks unplaced.
    fn note_unplaced(
        &mut self,
        cluster: &str,
        task_definition: &str,
        requested: usize,
        unplaced: usize,
        last_failed: Option<&Decision>,
    ) {
        self.ecs.unplaced_runs.retain(|u| u.cluster != cluster);
        if unplaced == 0 {
            return;
        }
        let causes = last_failed
            .map(|d| crate::placement::failure_counts(&d.verdicts))
            .unwrap_or_default()
            .into_iter()
            .map(|(c, n)| (c.to_string(), n))
            .collect();
        self.ecs.unplaced_runs.push(crate::ecs::state::UnplacedRun {
            at: self.now,
            cluster: cluster.to_string(),
            task_definition: task_definition.to_string(),
            requested,
            unplaced,
            causes,
        });
    }

    pub(crate) fn not_yet(what: &str) -> AwsError {
        AwsError::new(ErrorCode::SandboxNotSimulated, format!("{what} is not simulated by this version of the sandbox yet; the request was not applied."))
    }

    pub(crate) fn ecs_run_task(&mut self, req: RunTaskRequest) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let count = req.count.unwrap_or(1);
        if !(1..=10).contains(&count) {
            return Err(AwsError::invalid_parameter(
                "Count must be between 1 and 10.",
            ));
        }
        let td = self
            .resolve_task_definition(&req.task_definition, true)?
            .clone();
        let launch = self.check_launch(
            &td,
            &cluster,
            req.launch_type,
            req.network_configuration.as_ref(),
            &req.capacity_provider_strategy,
        )?;
        if let Some(g) = &req.group {
            if g.len() > 255 {
                return Err(AwsError::invalid_parameter(
                    "Group name must be 255 characters or fewer.",
                ));
            }
        }
        crate::ecs::tagging::check_tags(&req.tags)?;
        check_overrides(&td, req.overrides.as_ref())?;
        let meta = TaskMeta {
            group: req.group.clone(),
            started_by: req.started_by.clone(),
            overrides: req.overrides.clone(),
            tags: req.tags.clone(),
            enable_execute_command: req.enable_execute_command.unwrap_or(false),
        };
        if launch.launch_type == LaunchType::Fargate {
            if !req.placement_strategy.is_empty() || !req.placement_constraints.is_empty() {
                return Err(AwsError::invalid_parameter(
                    "Task placement strategies and constraints are not supported with the FARGATE launch type: Fargate spreads tasks across the Availability Zones of the subnets. (sandbox wording)",
                ));
            }
            let network = launch
                .network
                .clone()
                .ok_or_else(|| AwsError::invalid_parameter("Network Configuration must be provided when networkMode 'awsvpc' is specified."))?;
            let group = meta
                .group
                .clone()
                .unwrap_or_else(|| format!("family:{}", td.family));
            let mut ids = vec![];
            for _ in 0..count {
                let provider = self.next_provider(&cluster, &group, &launch.capacity_strategy);
                ids.push(self.launch_fargate(&cluster, &td, &network, &meta, provider)?);
            }
            let tasks: Vec<_> = ids
                .iter()
                .filter_map(|id| self.ecs.tasks.iter().find(|t| &t.id == id))
                .map(|t| self.task_json(t, true))
                .collect();
            return Ok(json!({ "tasks": tasks, "failures": [] }));
        }
        let registered: Vec<String> = self
            .ecs
            .container_instances
            .iter()
            .filter(|c| {
                c.cluster == cluster
                    && matches!(
                        c.status,
                        ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining
                    )
            })
            .map(|c| c.id.clone())
            .collect();
        if registered.is_empty() {
            return Err(AwsError::invalid_parameter(
                "No Container Instances were found in your cluster.",
            ));
        }
        let group = req
            .group
            .clone()
            .unwrap_or_else(|| format!("family:{}", td.family));
        let plan = PlacementPlan::new(
            &td,
            &req.placement_strategy,
            &req.placement_constraints,
            group,
            (vec![Strategy::Random], "RunTask places tasks at random"),
        )?;
        let mut ids = vec![];
        let mut failures = vec![];
        let mut last_failed = None;
        for _ in 0..count {
            match self.place_and_create(
                &cluster,
                &td,
                &registered,
                Some(&plan),
                &meta,
                launch.network.as_ref(),
            ) {
                Ok(id) => ids.push(id),
                Err(decision) => {
                    failures.push(failure_json(&decision, &self.ecs.container_instances));
                    last_failed = Some(decision);
                }
            }
        }
        let task_definition = format!("{}:{}", td.family, td.revision);
        self.note_unplaced(
            &cluster,
            &task_definition,
            count as usize,
            failures.len(),
            last_failed.as_deref(),
        );
        let tasks: Vec<_> = ids
            .iter()
            .filter_map(|id| self.ecs.tasks.iter().find(|t| &t.id == id))
            .map(|t| self.task_json(t, true))
            .collect();
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }

    pub(crate) fn ecs_start_task(&mut self, req: StartTaskRequest) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        if req.container_instances.is_empty() || req.container_instances.len() > 10 {
            return Err(AwsError::invalid_parameter(
                "Container instances must contain between 1 and 10 items.",
            ));
        }
        let td = self
            .resolve_task_definition(&req.task_definition, true)?
            .clone();
        let launch = self.check_launch(
            &td,
            &cluster,
            Some(LaunchType::Ec2),
            req.network_configuration.as_ref(),
            &[],
        )?;
        crate::ecs::tagging::check_tags(&req.tags)?;
        check_overrides(&td, req.overrides.as_ref())?;
        let meta = TaskMeta {
            group: req.group.clone(),
            started_by: req.started_by.clone(),
            overrides: req.overrides.clone(),
            tags: req.tags.clone(),
            enable_execute_command: false,
        };
        let mut ids = vec![];
        let mut failures = vec![];
        let mut last_failed = None;
        for reference in &req.container_instances {
            match self.container_instance_index(&cluster, reference) {
                None => failures.push(json!({"arn": reference, "reason": "MISSING"})),
                Some(i) => {
                    let ci_id = self.ecs.container_instances[i].id.clone();
                    match self.place_and_create(
                        &cluster,
                        &td,
                        &[ci_id],
                        None,
                        &meta,
                        launch.network.as_ref(),
                    ) {
                        Ok(id) => ids.push(id),
                        Err(decision) => {
                            failures.push(failure_json(&decision, &self.ecs.container_instances));
                            last_failed = Some(decision);
                        }
                    }
                }
            }
        }
        let task_definition = format!("{}:{}", td.family, td.revision);
        let requested = req.container_instances.len();
        self.note_unplaced(
            &cluster,
            &task_definition,
            requested,
            failures.len(),
            last_failed.as_deref(),
        );
        let tasks: Vec<_> = ids
            .iter()
            .filter_map(|id| self.ecs.tasks.iter().find(|t| &t.id == id))
            .map(|t| self.task_json(t, true))
            .collect();
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }
}
