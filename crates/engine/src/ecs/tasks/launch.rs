//! Launching tasks: on EC2 through the placement engine, on Fargate into a zone of its subnets,
//! with the capacity provider next in line; the image pull's errors.

use crate::ecs::ids::arn;
use crate::ecs::placement_facts;
use crate::ecs::placement_plan::PlacementPlan;
use crate::ecs::tasks::lifecycle::{ENI_TIME, START_TIME};
use crate::ecs::types::{
    CapacityProviderStrategyItem, Container, ContainerInstance, ContainerInstanceStatus,
    DesiredStatus, LaunchType, NetworkBinding, NetworkMode, Tag, Task, TaskDefinition, TaskEni,
    TaskNetwork, TaskStatus,
};
use crate::error::AwsResult;
use crate::placement;
use crate::placement::decision::Decision;
use crate::placement::pipeline::StrategyInput;
use crate::placement::strategies::Strategy;
use crate::protocol::TransportProtocol;
use crate::world::World;
use serde_json::json;

/// Everything needed to create a task once its place is decided.
pub(crate) struct NewTask<'a> {
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

impl World {
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
        let mut req = placement_facts::requirements(td);
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
        let candidates = placement_facts::candidates(&instances, &self.ecs.tasks, &group);
        let member_of = |index: u32, e: &crate::placement::query_language::Expr| {
            self.ecs
                .container_instances
                .get(index as usize)
                .is_some_and(|ci| {
                    crate::placement::query_language::eval(e, &self.instance_facts(ci))
                })
        };
        let verdicts = placement::evaluate(&candidates, &req, constraints, &group, &member_of);
        let (chosen, steps) = match plan {
            Some(p) => {
                let spreads = p
                    .strategies
                    .iter()
                    .any(|s| matches!(s, Strategy::Spread(_)));
                let active: Vec<(u32, &ContainerInstance)> = (0u32..)
                    .zip(&self.ecs.container_instances)
                    .filter(|(_, c)| {
                        spreads
                            && c.cluster == cluster
                            && c.status == ContainerInstanceStatus::Active
                    })
                    .collect();
                let population = placement_facts::candidates(&active, &self.ecs.tasks, &group);
                let mut rng = self.rng.clone();
                let input = StrategyInput {
                    verdicts: &verdicts,
                    candidates: &candidates,
                    population: &population,
                    group: &group,
                    strategies: &p.strategies,
                    strategies_are_default: p.default_label.as_deref(),
                };
                let out = placement::choose(&input, &mut rng);
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
        crate::ecs::network::choose_provider(strategy, &counts)
    }

    /// Creates a task (PENDING, or PROVISIONING while its ENI is set up); returns its id and the
    /// instance's next dynamic-port cursor.
    pub(crate) fn create_task(&mut self, spec: NewTask) -> (String, u16) {
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
        let mut rem = instance.map(|ci| placement_facts::remaining(ci, &self.ecs.tasks));
        for c in &td.container_definitions {
            let mut bindings = vec![];
            let mut dynamic = vec![];
            if let (Some(_), Some(rem), NetworkMode::Bridge | NetworkMode::Host) =
                (instance, rem.as_mut(), mode)
            {
                for pm in &c.port_mappings {
                    let container_port = pm.container_port.unwrap_or(0);
                    let protocol = pm.protocol.unwrap_or(TransportProtocol::Tcp);
                    let host_port = match (mode, pm.host_port.unwrap_or(0)) {
                        (NetworkMode::Bridge, 0) => {
                            let port =
                                placement_facts::next_dynamic_port(cursor, rem, &[]).unwrap_or(0);
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
}
