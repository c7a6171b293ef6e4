//! Services behind load balancers: validation of `loadBalancers`, registering each RUNNING task as
//! a target (instance id + host port for bridge/host, task IP + container port for awsvpc),
//! draining on stop (the task stays DEACTIVATING for the deregistration delay), and target health
//! as task health.

use crate::clock::Millis;
use crate::ecs::services::state::{ServiceLoadBalancer, MAX_TARGET_GROUPS};
use crate::ecs::types::{DesiredStatus, NetworkMode, Task, TaskDefinition, TaskStatus};
use crate::elbv2::state::{TargetGroup, TargetState, TargetType};
use crate::error::{AwsError, AwsResult};
use crate::world::World;
use serde_json::json;

impl World {
    /// Checks a service's load balancers against the task definition, as CreateService does.
    pub(crate) fn validate_load_balancers(
        &self,
        lbs: &[ServiceLoadBalancer],
        td: &TaskDefinition,
    ) -> AwsResult<()> {
        if lbs.len() > MAX_TARGET_GROUPS {
            return Err(AwsError::invalid_parameter(format!(
                "A service can have at most {MAX_TARGET_GROUPS} target groups. (sandbox wording)"
            )));
        }
        for lb in lbs {
            if lb.load_balancer_name.is_some() && lb.target_group_arn.is_none() {
                return Err(Self::not_yet("Classic Load Balancers"));
            }
            let arn = lb.target_group_arn.clone().unwrap_or_default();
            let Some(tg) = self.elbv2.target_groups.iter().find(|t| t.arn == arn) else {
                return Err(AwsError::invalid_parameter(
                    "Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.",
                ));
            };
            if self.load_balancers_of(&arn).is_empty() {
                return Err(AwsError::invalid_parameter(format!("The target group with targetGroupArn {arn} does not have an associated load balancer.")));
            }
            let name = lb.container_name.clone().ok_or_else(|| {
                AwsError::invalid_parameter(
                    "containerName must be specified for each load balancer. (sandbox wording)",
                )
            })?;
            let port = lb.container_port.ok_or_else(|| {
                AwsError::invalid_parameter(
                    "containerPort must be specified for each load balancer. (sandbox wording)",
                )
            })?;
            let Some(c) = td
                .container_definitions
                .iter()
                .find(|c| c.name.as_deref() == Some(name.as_str()))
            else {
                return Err(AwsError::invalid_parameter(format!(
                    "The container {name} does not exist in the task definition. (sandbox wording)"
                )));
            };
            if !c
                .port_mappings
                .iter()
                .any(|pm| pm.container_port == Some(port))
            {
                return Err(AwsError::invalid_parameter(format!(
                    "The container {name} did not have a container port {port} defined."
                )));
            }
            let mode = td.effective_network_mode();
            let incompatible = match (tg.target_type, mode) {
                (TargetType::Instance, NetworkMode::Awsvpc) => Some(("instance", "awsvpc")),
                (TargetType::Ip, NetworkMode::Bridge) => Some(("ip", "bridge")),
                (TargetType::Ip, NetworkMode::Host) => Some(("ip", "host")),
                _ => None,
            };
            if let Some((t, m)) = incompatible {
                return Err(AwsError::invalid_parameter(format!(
                    "The provided target group {arn} has target type {t}, which is incompatible with the {m} network mode specified in the task definition."
                )));
            }
        }
        Ok(())
    }

    /// The target a task is for one of its service's load balancers.
    fn target_of(
        &self,
        t: &Task,
        lb: &ServiceLoadBalancer,
        tg: &TargetGroup,
    ) -> Option<(String, u16)> {
        let port = lb.container_port? as u16;
        match tg.target_type {
            TargetType::Ip => t.eni.as_ref().map(|e| (e.private_ip.clone(), port)),
            _ => {
                let ci = self.ecs.host_of(t)?;
                let c = t
                    .containers
                    .iter()
                    .find(|c| Some(&c.name) == lb.container_name.as_ref())?;
                let b = c
                    .network_bindings
                    .iter()
                    .find(|b| b.container_port == port as i64)?;
                Some((ci.ec2_instance_id.clone(), b.host_port as u16))
            }
        }
    }

    /// Registers the service's RUNNING tasks that are not targets yet; returns (target group,
    /// count).
    pub(crate) fn register_service_targets(
        &mut self,
        svc: &crate::ecs::services::state::EcsService,
    ) -> Vec<(String, usize)> {
        let mut registered: Vec<(String, usize)> = vec![];
        let group = svc.group();
        for lb in &svc.load_balancers {
            let Some(tg_arn) = lb.target_group_arn.clone() else {
                continue;
            };
            let Some(gi) = self
                .elbv2
                .target_groups
                .iter()
                .position(|t| t.arn == tg_arn)
            else {
                continue;
            };
            let tg = self.elbv2.target_groups[gi].clone();
            let mut n = 0;
            for ti in 0..self.ecs.tasks.len() {
                let t = &self.ecs.tasks[ti];
                if t.cluster != svc.cluster
                    || t.group != group
                    || t.last_status != TaskStatus::Running
                    || t.desired_status != DesiredStatus::Running
                {
                    continue;
                }
                if t.lb_targets.iter().any(|(g, _, _)| *g == tg_arn) {
                    continue;
                }
                let Some((id, port)) = self.target_of(t, lb, &tg) else {
                    continue;
                };
                let az = Some(t.availability_zone.clone());
                let now = self.now;
                let group_ref = &mut self.elbv2.target_groups[gi];
                group_ref
                    .targets
                    .retain(|x| !(x.id == id && x.port == port));
                group_ref
                    .targets
                    .push(crate::elbv2::state::RegisteredTarget::new(
                        id.clone(),
                        port,
                        az,
                        now,
                    ));
                self.ecs.tasks[ti]
                    .lb_targets
                    .push((tg_arn.clone(), id, port));
                n += 1;
            }
            if n > 0 {
                registered.push((tg_arn, n));
            }
        }
        registered
    }

    /// A stopping task leaves its target groups: its targets drain for the deregistration delay
    /// while the task stays DEACTIVATING. Returns the target groups it left.
    pub(crate) fn begin_target_drain(&mut self, task_index: usize) -> Vec<String> {
        let targets = std::mem::take(&mut self.ecs.tasks[task_index].lb_targets);
        if targets.is_empty() {
            return vec![];
        }
        let now = self.now;
        let mut longest = 0;
        let mut left = vec![];
        for (tg_arn, id, port) in &targets {
            if let Some(tg) = self
                .elbv2
                .target_groups
                .iter_mut()
                .find(|t| &t.arn == tg_arn)
            {
                longest = longest.max(tg.deregistration_delay * 1000);
                if let Some(x) = tg
                    .targets
                    .iter_mut()
                    .find(|x| &x.id == id && x.port == *port)
                {
                    x.state = TargetState::Draining;
                    x.since = now;
                    x.drain_until = Some(now + tg.deregistration_delay * 1000);
                }
                left.push(tg_arn.clone());
            }
        }
        let t = &mut self.ecs.tasks[task_index];
        if t.last_status == TaskStatus::Running {
            t.last_status = TaskStatus::Deactivating;
            t.version += 1;
            t.next_step_at = Some(now + longest);
        }
        left
    }

    /// Whether all of a task's targets are healthy (a task behind a load balancer is healthy only
    /// then).
    pub(crate) fn targets_healthy(&self, t: &Task) -> bool {
        !t.lb_targets.is_empty()
            && t.lb_targets.iter().all(|(tg_arn, id, port)| {
                self.elbv2
                    .target_groups
                    .iter()
                    .find(|g| &g.arn == tg_arn)
                    .is_some_and(|tg| {
                        tg.targets
                            .iter()
                            .find(|x| &x.id == id && x.port == *port)
                            .is_some_and(|x| self.target_health(tg, x).0 == "healthy")
                    })
            })
    }

    /// A task whose target went unhealthy after the grace period: the scheduler replaces it.
    pub(crate) fn failed_target_group(&self, t: &Task, grace_ms: Millis) -> Option<String> {
        if t.started_at.is_none_or(|s| s + grace_ms > self.now) {
            return None;
        }
        t.lb_targets.iter().find_map(|(tg_arn, id, port)| {
            let tg = self.elbv2.target_groups.iter().find(|g| &g.arn == tg_arn)?;
            let x = tg.targets.iter().find(|x| &x.id == id && x.port == *port)?;
            (self.target_health(tg, x).0 == "unhealthy").then(|| tg_arn.clone())
        })
    }

    pub fn service_load_balancers_json(lbs: &[ServiceLoadBalancer]) -> serde_json::Value {
        json!(lbs)
    }
}
