//! Tasks: run-task, start-task, stop-task, list-tasks, describe-tasks and the task lifecycle
//! (PENDING → RUNNING → STOPPING → STOPPED on the virtual clock).

use super::placement_plan::{self, PlacementPlan};
use crate::clock::{Millis, SECOND};
use crate::ecs::ids::{arn, short_id};
use crate::ecs::types::{
    AttachmentStatus, CapacityProviderStrategyItem, Container, ContainerInstance,
    ContainerInstanceStatus, DesiredStatus, LaunchType, NetworkBinding, NetworkConfiguration,
    NetworkMode, PlacementConstraint, StopCode, Tag, Task, TaskDefinition, TaskEni, TaskNetwork,
    TaskStatus,
};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::placement;
use crate::placement::decision::Decision;
use crate::placement::resources::Requirements;
use crate::placement::strategies::Strategy;
use crate::protocol::TransportProtocol;
use crate::wire::page;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

/// Image pull and container start, PENDING → RUNNING (a model).
pub const START_TIME: Millis = 10 * SECOND;
/// SIGTERM to exit, RUNNING → STOPPED via STOPPING (a model; the SIGKILL timeout is 30 s).
pub const STOP_TIME: Millis = 5 * SECOND;
/// Creating and attaching (or detaching and deleting) a task's ENI: PROVISIONING / DEPROVISIONING
/// (a model).
pub const ENI_TIME: Millis = 5 * SECOND;

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

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct StopTaskRequest {
    pub cluster: Option<String>,
    pub task: String,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListTasksRequest {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub cluster: Option<String>,
    pub container_instance: Option<String>,
    pub family: Option<String>,
    pub started_by: Option<String>,
    pub service_name: Option<String>,
    pub desired_status: Option<DesiredStatus>,
    pub launch_type: Option<LaunchType>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DescribeTasksRequest {
    pub cluster: Option<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

/// Why an image reference cannot be pulled (Docker's reference grammar: lowercase repository path,
/// optional registry and tag), e.g. the course's `<image-from-ecr>` placeholder left in a file.
pub fn image_pull_error(image: &str) -> Option<String> {
    let fail = |why: &str| {
        Some(format!(
            "CannotPullContainerError: invalid reference format: {why} (image \"{image}\")"
        ))
    };
    if image.is_empty()
        || image
            .chars()
            .any(|c| c.is_whitespace() || "<>\"'{}|\\^`".contains(c))
    {
        return fail("the image name contains characters an image reference cannot have");
    }
    let name = image.split('@').next().unwrap_or(image);
    // The tag is after the last ':' that follows the last '/'.
    let (repo, tag) = match name.rfind(':') {
        Some(i) if !name[i..].contains('/') => (&name[..i], Some(&name[i + 1..])),
        _ => (name, None),
    };
    if let Some(tag) = tag {
        if tag.is_empty()
            || tag.len() > 128
            || !tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        {
            return fail("the tag is not valid");
        }
    }
    let mut parts: Vec<&str> = repo.split('/').collect();
    // A first component with a '.' or ':' (or localhost) is a registry host and may have capitals.
    if parts.len() > 1
        && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost")
    {
        parts.remove(0);
    }
    for p in parts {
        if p.is_empty() || p.chars().any(|c| c.is_ascii_uppercase()) {
            return fail("repository name must be lowercase");
        }
        if !p
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
            || p.starts_with(['.', '_', '-'])
            || p.ends_with(['.', '_', '-'])
        {
            return fail("the repository name is not valid");
        }
    }
    None
}

/// Moves a task whose desired status is STOPPED to STOPPED now (no grace period).
pub(crate) fn finish_stop(t: &mut Task, now: Millis) {
    if let Some(eni) = &mut t.eni {
        eni.status = AttachmentStatus::Deleted;
    }
    t.desired_status = DesiredStatus::Stopped;
    t.stopping_at.get_or_insert(now);
    t.execution_stopped_at = Some(now);
    t.stopped_at = Some(now);
    t.last_status = TaskStatus::Stopped;
    t.next_step_at = None;
    t.version += 1;
    for c in &mut t.containers {
        if c.last_status == TaskStatus::Running {
            c.exit_code.get_or_insert(137);
        }
        c.last_status = TaskStatus::Stopped;
    }
}

/// Adds `nextToken` when there is another page.
pub(crate) fn with_next(mut v: serde_json::Value, next: Option<String>) -> serde_json::Value {
    if let (Some(t), Some(o)) = (next, v.as_object_mut()) {
        o.insert("nextToken".into(), json!(t));
    }
    v
}

fn opt_time(t: Option<Millis>) -> serde_json::Value {
    t.map(|t| json!(crate::clock::wire_seconds(t)))
        .unwrap_or(serde_json::Value::Null)
}

impl World {
    pub fn task_json(&self, t: &Task, include_tags: bool) -> serde_json::Value {
        let ci_arn = t
            .container_instance_id
            .as_ref()
            .and_then(|id| self.ecs.container_instances.iter().find(|c| &c.id == id))
            .map(|c| c.arn.clone());
        let containers: Vec<_> = t
            .containers
            .iter()
            .map(|c| {
                crate::wire::strip_nulls(json!({
                    "containerArn": arn("container", &format!("{}/{}/{}", t.cluster, t.id, c.uuid)),
                    "taskArn": t.arn,
                    "name": c.name,
                    "image": c.image,
                    "lastStatus": c.last_status.as_str(),
                    "exitCode": c.exit_code,
                    "reason": c.reason,
                    "networkBindings": c.network_bindings,
                    "networkInterfaces": t.eni.as_ref().map(|e| json!([{"attachmentId": e.attachment_id, "privateIpv4Address": e.private_ip}])).unwrap_or_else(|| json!([])),
                    "healthStatus": "UNKNOWN",
                    "cpu": c.cpu.to_string(),
                    "memory": c.memory.map(|m| m.to_string()),
                    "memoryReservation": c.memory_reservation.map(|m| m.to_string()),
                }))
            })
            .collect();
        let ci_attrs = json!([{"name": "ecs.cpu-architecture", "value": "x86_64"}]);
        let attachments = match &t.eni {
            None => json!([]),
            Some(e) => {
                let mut details = vec![
                    json!({"name": "subnetId", "value": e.subnet_id}),
                    json!({"name": "networkInterfaceId", "value": e.eni_id}),
                    json!({"name": "macAddress", "value": e.mac}),
                    json!({"name": "privateDnsName", "value": crate::ec2::cidr::private_dns(&e.private_ip)}),
                    json!({"name": "privateIPv4Address", "value": e.private_ip}),
                ];
                if let Some(p) = &e.public_ip {
                    details.push(json!({"name": "publicIPv4Address", "value": p}));
                }
                json!([{"id": e.attachment_id, "type": "ElasticNetworkInterface", "status": e.status, "details": details}])
            }
        };
        let fargate = t.launch_type == LaunchType::Fargate;
        crate::wire::strip_nulls(json!({
            "attachments": attachments,
            "platformVersion": t.platform_version,
            "capacityProviderName": t.capacity_provider_name,
            "platformFamily": if fargate { Some("Linux") } else { None },
            "ephemeralStorage": if fargate { Some(json!({"sizeInGiB": 20})) } else { None },
            "attributes": ci_attrs,
            "availabilityZone": t.availability_zone,
            "clusterArn": arn("cluster", &t.cluster),
            "connectivity": if t.last_status == TaskStatus::Running { Some("CONNECTED") } else { None },
            "connectivityAt": if t.last_status == TaskStatus::Running { opt_time(t.started_at) } else { serde_json::Value::Null },
            "containerInstanceArn": ci_arn,
            "containers": containers,
            "cpu": t.task_cpu.clone().unwrap_or_else(|| t.cpu.to_string()),
            "createdAt": crate::clock::wire_seconds(t.created_at),
            "desiredStatus": t.desired_status,
            "enableExecuteCommand": t.enable_execute_command,
            "executionStoppedAt": opt_time(t.execution_stopped_at),
            "group": t.group,
            "healthStatus": "UNKNOWN",
            "lastStatus": t.last_status.as_str(),
            "launchType": t.launch_type,
            "memory": t.task_memory.clone().unwrap_or_else(|| t.memory.to_string()),
            "overrides": t.overrides,
            "pullStartedAt": opt_time(t.pull_started_at),
            "pullStoppedAt": opt_time(t.pull_stopped_at),
            "startedAt": opt_time(t.started_at),
            "startedBy": t.started_by,
            "stopCode": t.stop_code,
            "stoppedAt": opt_time(t.stopped_at),
            "stoppedReason": t.stopped_reason,
            "stoppingAt": opt_time(t.stopping_at),
            "tags": if include_tags { json!(t.tags) } else { json!([]) },
            "taskArn": t.arn,
            "taskDefinitionArn": t.task_definition_arn,
            "version": t.version,
        }))
    }

    /// Rejects what the sandbox does not simulate yet, rather than ignoring it silently.
    pub(crate) fn not_yet(what: &str) -> AwsError {
        AwsError::new(ErrorCode::SandboxNotSimulated, format!("{what} is not simulated by this version of the sandbox yet; the request was not applied."))
    }

    /// Places one task on one of `candidate_ids` and creates it PENDING; on failure, the Decision
    /// says why. `plan` None (start-task): the first instance that passes the filters.
    pub(crate) fn place_and_create(
        &mut self,
        cluster: &str,
        td: &TaskDefinition,
        candidate_ids: &[String],
        plan: Option<&PlacementPlan>,
        meta: &TaskMeta,
        network: Option<&TaskNetwork>,
    ) -> Result<String, Box<Decision>> {
        let mut req = Requirements::of(td);
        req.awsvpc = network.map(|n| (n.zones(), n.vpc_id.clone()));
        let group = meta
            .group
            .clone()
            .unwrap_or_else(|| format!("family:{}", td.family));
        let instances: Vec<(u32, &ContainerInstance)> = (0u32..)
            .zip(&self.ecs.container_instances)
            .filter(|(_, c)| c.cluster == cluster && candidate_ids.contains(&c.id))
            .collect();
        let no_constraints = vec![];
        let constraints = plan.map(|p| &p.constraints).unwrap_or(&no_constraints);
        let member_of = |ci: &ContainerInstance, e: &crate::placement::query_language::Expr| {
            crate::placement::query_language::eval(e, &self.instance_facts(ci))
        };
        let verdicts = placement::evaluate(
            &instances,
            &self.ecs.tasks,
            &req,
            constraints,
            &group,
            &member_of,
        );
        let (chosen, steps) = match plan {
            Some(p) => {
                let active: Vec<&ContainerInstance> = self
                    .ecs
                    .container_instances
                    .iter()
                    .filter(|c| c.cluster == cluster && c.status == ContainerInstanceStatus::Active)
                    .collect();
                let mut rng = self.rng.clone();
                let out = placement::choose(
                    &verdicts,
                    &self.ecs.container_instances,
                    &active,
                    &self.ecs.tasks,
                    &group,
                    &p.strategies,
                    p.default_label.as_deref(),
                    &mut rng,
                );
                self.rng = rng;
                out
            }
            None => (
                verdicts
                    .iter()
                    .find(|v| v.failed.is_none())
                    .and_then(|v| v.instance(&self.ecs.container_instances))
                    .map(|c| c.arn.clone()),
                vec![],
            ),
        };
        let decision = Decision {
            at: self.now,
            task_definition_arn: td.arn.clone(),
            cpu: req.cpu,
            memory: req.memory,
            static_ports: req.static_ports.clone(),
            verdicts,
            strategy_steps: steps,
            chosen: chosen.clone(),
            group: group.clone(),
        };
        let Some(chosen_arn) = chosen else {
            return Err(Box::new(decision));
        };
        let ci_index = self
            .ecs
            .container_instances
            .iter()
            .position(|c| c.arn == chosen_arn)
            .unwrap_or(0);
        let ci = self.ecs.container_instances[ci_index].clone();
        // awsvpc: the ENI comes from the first of the task's subnets in the instance's zone.
        let eni = match network {
            Some(n) => {
                let subnet = n
                    .subnets
                    .iter()
                    .find(|(_, az)| *az == ci.availability_zone)
                    .map(|(s, _)| s.clone())
                    .unwrap_or_default();
                match self.create_task_eni(&subnet, false, &n.security_groups) {
                    Ok(e) => Some(e),
                    Err(_) => return Err(Box::new(decision)),
                }
            }
            None => None,
        };
        let spec = NewTask {
            cluster,
            td,
            instance: Some(&ci),
            availability_zone: ci.availability_zone.clone(),
            launch_type: LaunchType::Ec2,
            eni,
            group,
            meta,
            cpu: req.cpu,
            memory: req.memory,
            decision: Some(decision),
        };
        let (id, cursor) = self.create_task(spec);
        self.ecs.container_instances[ci_index].next_dynamic_port = cursor;
        Ok(id)
    }

    /// Launches a task on Fargate: no instance; the ENI goes to the subnet whose Availability Zone
    /// has the fewest tasks of the group (Fargate spreads across the zones of the given subnets).
    pub(crate) fn launch_fargate(
        &mut self,
        cluster: &str,
        td: &TaskDefinition,
        network: &TaskNetwork,
        meta: &TaskMeta,
        provider: Option<String>,
    ) -> AwsResult<String> {
        let group = meta
            .group
            .clone()
            .unwrap_or_else(|| format!("family:{}", td.family));
        let count_in = |w: &World, az: &str| {
            w.ecs
                .tasks
                .iter()
                .filter(|t| {
                    t.cluster == cluster
                        && t.group == group
                        && t.holds_resources()
                        && t.availability_zone == az
                })
                .count()
        };
        let counted: Vec<(String, String, u32)> = network
            .subnets
            .iter()
            .map(|(s, az)| (s.clone(), az.clone(), count_in(self, az) as u32))
            .collect();
        let best = counted.iter().map(|(_, _, n)| *n).min().unwrap_or(0);
        let tied: Vec<&(String, String, u32)> =
            counted.iter().filter(|(_, _, n)| *n == best).collect();
        let (subnet, az, _) = tied[self
            .rng
            .below(tied.len().max(1))
            .min(tied.len().saturating_sub(1))]
        .clone();
        let choice = crate::placement::decision::ZoneChoice {
            subnets: counted.clone(),
            chosen: subnet.clone(),
            group: group.clone(),
            tied: tied.len() as u32,
        };
        let eni =
            self.create_task_eni(&subnet, network.assign_public_ip, &network.security_groups)?;
        let (cpu, memory) = (td.cpu_reservation(), td.memory_reservation());
        let spec = NewTask {
            cluster,
            td,
            instance: None,
            availability_zone: az,
            launch_type: LaunchType::Fargate,
            eni: Some(eni),
            group,
            meta,
            cpu,
            memory,
            decision: None,
        };
        let id = self.create_task(spec).0;
        if let Some(t) = self.ecs.tasks.iter_mut().find(|t| t.id == id) {
            t.capacity_provider_name = provider;
            t.zone_choice = Some(Box::new(choice));
        }
        Ok(id)
    }

    /// The provider of a strategy that takes the next task of a group (None: no strategy).
    pub(crate) fn next_provider(
        &self,
        cluster: &str,
        group: &str,
        strategy: &[CapacityProviderStrategyItem],
    ) -> Option<String> {
        if strategy.is_empty() {
            return None;
        }
        let counts = |p: &str| {
            self.ecs
                .tasks
                .iter()
                .filter(|t| {
                    t.cluster == cluster
                        && t.group == group
                        && t.holds_resources()
                        && t.capacity_provider_name.as_deref() == Some(p)
                })
                .count()
        };
        super::network::choose_provider(strategy, &counts)
    }

    /// Creates a task (PENDING, or PROVISIONING while its ENI is set up); returns its id and the
    /// instance's next dynamic-port cursor.
    fn create_task(&mut self, spec: NewTask) -> (String, u16) {
        let NewTask {
            cluster,
            td,
            instance,
            availability_zone,
            launch_type,
            eni,
            group,
            meta,
            cpu,
            memory,
            decision,
        } = spec;
        let mode = td.effective_network_mode();
        let id = self.rng.hex(32);
        let mut containers = vec![];
        let mut cursor = instance
            .map(|ci| ci.next_dynamic_port)
            .unwrap_or(crate::catalogue::DYNAMIC_PORT_MIN);
        let mut rem = instance.map(|ci| placement::remaining(ci, &self.ecs.tasks));
        for c in &td.container_definitions {
            let mut bindings = vec![];
            let mut dynamic = vec![];
            if let (Some(ci), Some(rem), NetworkMode::Bridge | NetworkMode::Host) =
                (instance, rem.as_mut(), mode)
            {
                for pm in &c.port_mappings {
                    let container_port = pm.container_port.unwrap_or(0);
                    let protocol = pm.protocol.unwrap_or(TransportProtocol::Tcp);
                    let host_port = match (mode, pm.host_port.unwrap_or(0)) {
                        (NetworkMode::Bridge, 0) => {
                            let mut probe = ci.clone();
                            probe.next_dynamic_port = cursor;
                            let port = placement::next_dynamic_port(&probe, rem, &[]).unwrap_or(0);
                            rem.dynamic_in_use.push(port);
                            dynamic.push(port);
                            cursor = port.saturating_add(1);
                            port as i64
                        }
                        (NetworkMode::Host, 0) => container_port,
                        (_, p) => p,
                    };
                    bindings.push(NetworkBinding {
                        bind_i_p: "0.0.0.0".into(),
                        container_port,
                        host_port,
                        protocol,
                    });
                }
            }
            containers.push(Container {
                uuid: self.rng.uuid(),
                name: c.name.clone().unwrap_or_default(),
                image: c.image.clone().unwrap_or_default(),
                last_status: TaskStatus::Pending,
                exit_code: None,
                reason: None,
                network_bindings: bindings,
                dynamic_host_ports: dynamic,
                cpu: c.cpu,
                memory: c.memory,
                memory_reservation: c.memory_reservation,
                essential: c.essential.unwrap_or(true),
            });
        }
        let overrides = meta.overrides.clone().unwrap_or_else(|| {
            json!({"containerOverrides": td.container_definitions.iter().map(|c| json!({"name": c.name})).collect::<Vec<_>>(), "inferenceAcceleratorOverrides": []})
        });
        let provisioning = eni.is_some();
        self.ecs.tasks.push(Task {
            arn: arn("task", &format!("{cluster}/{id}")),
            id: id.clone(),
            cluster: cluster.into(),
            task_definition_arn: td.arn.clone(),
            container_instance_id: instance.map(|ci| ci.id.clone()),
            availability_zone,
            group,
            started_by: meta.started_by.clone(),
            launch_type,
            last_status: if provisioning {
                TaskStatus::Provisioning
            } else {
                TaskStatus::Pending
            },
            desired_status: DesiredStatus::Running,
            containers,
            cpu,
            memory,
            task_cpu: td.cpu.clone(),
            task_memory: td.memory.clone(),
            created_at: self.now,
            pull_started_at: None,
            pull_stopped_at: None,
            started_at: None,
            stopping_at: None,
            execution_stopped_at: None,
            stopped_at: None,
            stop_code: None,
            stopped_reason: None,
            version: 1,
            next_step_at: Some(self.now + if provisioning { ENI_TIME } else { START_TIME }),
            overrides,
            tags: meta.tags.clone(),
            enable_execute_command: meta.enable_execute_command,
            decision: decision.map(std::rc::Rc::new),
            eni,
            platform_version: (launch_type == LaunchType::Fargate)
                .then(|| crate::ecs::types::FARGATE_PLATFORM_VERSION.to_string()),
            lb_targets: vec![],
            capacity_provider_name: None,
            zone_choice: None,
        });
        (id, cursor)
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
        super::tagging::check_tags(&req.tags)?;
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
                    failures.push(failure_json(&decision, &self.ecs.container_instances))
                }
            }
        }
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
        super::tagging::check_tags(&req.tags)?;
        let meta = TaskMeta {
            group: req.group.clone(),
            started_by: req.started_by.clone(),
            overrides: req.overrides.clone(),
            tags: req.tags.clone(),
            enable_execute_command: false,
        };
        let mut ids = vec![];
        let mut failures = vec![];
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
                            failures.push(failure_json(&decision, &self.ecs.container_instances))
                        }
                    }
                }
            }
        }
        let tasks: Vec<_> = ids
            .iter()
            .filter_map(|id| self.ecs.tasks.iter().find(|t| &t.id == id))
            .map(|t| self.task_json(t, true))
            .collect();
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }

    fn task_index(&self, cluster: &str, reference: &str) -> Option<usize> {
        let id = short_id(reference);
        self.ecs
            .tasks
            .iter()
            .position(|t| t.cluster == cluster && t.id == id)
    }

    pub(crate) fn ecs_stop_task(&mut self, req: StopTaskRequest) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let idx = self
            .task_index(&cluster, &req.task)
            .ok_or_else(|| AwsError::invalid_parameter("The referenced task was not found."))?;
        let now = self.now;
        let t = &mut self.ecs.tasks[idx];
        if t.desired_status != DesiredStatus::Stopped {
            t.desired_status = DesiredStatus::Stopped;
            t.stop_code = Some(StopCode::UserInitiated);
            t.stopped_reason = Some(
                req.reason
                    .clone()
                    .unwrap_or_else(|| "Task stopped by user".into()),
            );
            t.version += 1;
            if t.last_status == TaskStatus::Pending {
                finish_stop(t, now);
            } else {
                t.next_step_at = Some(now);
            }
            self.begin_target_drain(idx);
        }
        let t = self.ecs.tasks[idx].clone();
        Ok(json!({ "task": self.task_json(&t, false) }))
    }

    pub(crate) fn ecs_list_tasks(&self, req: ListTasksRequest) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let service_group = match &req.service_name {
            Some(name) => {
                if !self
                    .ecs
                    .services
                    .iter()
                    .any(|s| s.cluster == cluster && s.name == *name)
                {
                    return Err(AwsError::new(
                        ErrorCode::ServiceNotFoundException,
                        "Service not found.",
                    ));
                }
                Some(format!("service:{name}"))
            }
            None => None,
        };
        let ci_filter = match &req.container_instance {
            Some(r) => Some(
                self.container_instance_index(&cluster, r)
                    .map(|i| self.ecs.container_instances[i].id.clone())
                    .ok_or_else(|| {
                        AwsError::invalid_parameter(
                            "The referenced container instance was not found.",
                        )
                    })?,
            ),
            None => None,
        };
        let desired = req.desired_status.unwrap_or(DesiredStatus::Running);
        let arns: Vec<&str> = self
            .ecs
            .tasks
            .iter()
            .filter(|t| t.cluster == cluster && t.desired_status == desired)
            .filter(|t| {
                ci_filter
                    .as_ref()
                    .is_none_or(|c| t.container_instance_id.as_ref() == Some(c))
            })
            .filter(|t| {
                req.family.as_ref().is_none_or(|f| {
                    t.task_definition_arn
                        .rsplit_once('/')
                        .map(|(_, r)| r.split(':').next() == Some(f.as_str()))
                        .unwrap_or(false)
                })
            })
            .filter(|t| {
                req.started_by
                    .as_ref()
                    .is_none_or(|s| t.started_by.as_ref() == Some(s))
            })
            .filter(|t| service_group.as_ref().is_none_or(|g| &t.group == g))
            .filter(|t| req.launch_type.is_none_or(|l| t.launch_type == l))
            .map(|t| t.arn.as_str())
            .collect();
        let (arns, next) = page(&arns, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(with_next(json!({ "taskArns": arns }), next))
    }

    pub(crate) fn ecs_describe_tasks(
        &self,
        req: DescribeTasksRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        if req.tasks.is_empty() {
            return Err(AwsError::invalid_parameter("Tasks cannot be empty."));
        }
        if req.tasks.len() > 100 {
            return Err(AwsError::invalid_parameter(
                "Tasks cannot contain more than 100 items.",
            ));
        }
        let include_tags = req.include.iter().any(|i| i == "TAGS");
        let mut tasks = vec![];
        let mut failures = vec![];
        for r in &req.tasks {
            match self.task_index(&cluster, r) {
                Some(i) => tasks.push(self.task_json(&self.ecs.tasks[i], include_tags)),
                None => {
                    failures.push(json!({"arn": if r.starts_with("arn:") { r.clone() } else { arn("task", &format!("{cluster}/{r}")) }, "reason": "MISSING"}))
                }
            }
        }
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }

    /// Moves tasks along their lifecycle up to `self.now`.
    pub(crate) fn tasks_tick(&mut self) {
        let now = self.now;
        let ecr = &self.ecr;
        let pull_error = |image: &str| image_pull_error(image).or_else(|| ecr.pull_error(image));
        for t in &mut self.ecs.tasks {
            let Some(at) = t.next_step_at else { continue };
            if at > now {
                continue;
            }
            match (t.last_status, t.desired_status) {
                (TaskStatus::Provisioning, DesiredStatus::Running) => {
                    // The ENI is attached: the task can pull its images.
                    if let Some(eni) = &mut t.eni {
                        eni.status = AttachmentStatus::Attached;
                    }
                    t.last_status = TaskStatus::Pending;
                    t.version += 1;
                    t.next_step_at = Some(at + START_TIME);
                }
                (TaskStatus::Provisioning, DesiredStatus::Stopped) => finish_stop(t, at),
                (TaskStatus::Pending, DesiredStatus::Running)
                    if t.containers.iter().any(|c| pull_error(&c.image).is_some()) =>
                {
                    // The image cannot be pulled: the task never starts.
                    t.pull_started_at = Some(t.created_at + SECOND);
                    let mut reason = String::new();
                    for c in &mut t.containers {
                        if let Some(e) = pull_error(&c.image) {
                            c.reason = Some(e.clone());
                            if reason.is_empty() {
                                reason = e;
                            }
                        }
                    }
                    t.stop_code = Some(StopCode::TaskFailedToStart);
                    t.stopped_reason = Some(reason);
                    finish_stop(t, at);
                }
                (TaskStatus::Pending, DesiredStatus::Running) => {
                    t.pull_started_at = Some(t.created_at + SECOND);
                    t.pull_stopped_at = Some(at.saturating_sub(SECOND).max(t.created_at + SECOND));
                    t.started_at = Some(at);
                    t.last_status = TaskStatus::Running;
                    for c in &mut t.containers {
                        c.last_status = TaskStatus::Running;
                    }
                    t.version += 1;
                    t.next_step_at = None;
                }
                (TaskStatus::Deactivating, _) => {
                    // Connections have drained: the containers get SIGTERM.
                    t.last_status = TaskStatus::Stopping;
                    t.stopping_at = Some(at);
                    t.version += 1;
                    t.next_step_at = Some(at + STOP_TIME);
                }
                (TaskStatus::Running, DesiredStatus::Stopped) => {
                    t.last_status = TaskStatus::Stopping;
                    t.stopping_at = Some(at);
                    t.version += 1;
                    t.next_step_at = Some(at + STOP_TIME);
                }
                (TaskStatus::Stopping, _) => {
                    for c in &mut t.containers {
                        c.exit_code = Some(0);
                        c.last_status = TaskStatus::Stopped;
                    }
                    if t.eni.is_some() {
                        // The containers have exited; the ENI is detached and deleted next.
                        t.last_status = TaskStatus::Deprovisioning;
                        t.execution_stopped_at = Some(at);
                        if let Some(eni) = &mut t.eni {
                            eni.status = AttachmentStatus::Detached;
                        }
                        t.version += 1;
                        t.next_step_at = Some(at + ENI_TIME);
                    } else {
                        finish_stop(t, at);
                    }
                }
                (TaskStatus::Deprovisioning, _) => {
                    let stopped_exec = t.execution_stopped_at;
                    finish_stop(t, at);
                    t.execution_stopped_at = stopped_exec.or(Some(at));
                }
                _ => t.next_step_at = None,
            }
        }
    }

    pub(crate) fn tasks_next_event(&self) -> Option<Millis> {
        self.ecs.tasks.iter().filter_map(|t| t.next_step_at).min()
    }
}

/// A RunTask/StartTask `failures` entry: the closest matching instance and why it did not fit.
fn failure_json(d: &Decision, instances: &[ContainerInstance]) -> serde_json::Value {
    let closest = placement::closest_match(&d.verdicts, instances);
    json!({
        "arn": closest.map(|(_, ci)| ci.arn.clone()),
        "reason": closest.and_then(|(v, _)| v.failed).map(|f| f.as_str()).unwrap_or("RESOURCE:CPU"),
    })
}

/// Everything needed to create a task once its place is decided.
struct NewTask<'a> {
    cluster: &'a str,
    td: &'a TaskDefinition,
    instance: Option<&'a ContainerInstance>,
    availability_zone: String,
    launch_type: LaunchType,
    eni: Option<TaskEni>,
    group: String,
    meta: &'a TaskMeta,
    cpu: u32,
    memory: u32,
    decision: Option<Decision>,
}

/// Who started a task and how, shared by run-task and start-task.
pub(crate) struct TaskMeta {
    pub group: Option<String>,
    pub started_by: Option<String>,
    pub overrides: Option<serde_json::Value>,
    pub tags: Vec<Tag>,
    pub enable_execute_command: bool,
}

#[cfg(test)]
mod tests {
    use super::image_pull_error;

    #[test]
    fn image_references() {
        for ok in [
            "nginx",
            "nginx:1.27",
            "library/nginx:latest",
            "832211724292.dkr.ecr.us-east-1.amazonaws.com/pythonwebapp:latest",
            "localhost:5000/a/b",
            "public.ecr.aws/docker/library/busybox@sha256:abc",
            "my_app-2.web",
        ] {
            assert_eq!(image_pull_error(ok), None, "{ok}");
        }
        for bad in [
            "<image-from-ecr>",
            "PythonWebApp",
            "nginx:",
            "a b",
            "",
            "repo/Name:1",
            "nginx:lat est",
        ] {
            assert!(image_pull_error(bad).is_some(), "{bad}");
        }
    }
}
