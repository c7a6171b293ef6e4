//! Target health on the virtual clock: a registered target is `initial` until the health checks
//! have run `HealthyThresholdCount` (or `UnhealthyThresholdCount`) intervals, then `healthy` or
//! `unhealthy`; it changes state again after that many checks say otherwise; deregistered targets
//! drain for the deregistration delay. A target "answers" when a RUNNING task listens on it (the
//! sandbox's model: the application answers 200 on the health-check path; security groups are not
//! simulated yet).

use crate::clock::Millis;
use crate::ecs::types::{DesiredStatus, NetworkMode, TaskStatus};
use crate::elbv2::state::{LbState, RegisteredTarget, TargetGroup, TargetState, TargetType};
use crate::error::AwsResult;
use crate::world::World;
use serde_json::{json, Value};

impl World {
    /// The task serving `target` of a target group, if one is running there.
    pub fn task_behind(
        &self,
        tg: &TargetGroup,
        target: &RegisteredTarget,
    ) -> Option<&crate::ecs::types::Task> {
        let port = match tg.health_check.port.parse::<u16>() {
            Ok(p) => p,
            Err(_) => target.port,
        };
        self.ecs.tasks.iter().find(|t| {
            if t.last_status != TaskStatus::Running || t.desired_status != DesiredStatus::Running {
                return false;
            }
            match tg.target_type {
                TargetType::Instance => {
                    let on_instance = self
                        .ecs
                        .host_of(t)
                        .is_some_and(|ci| ci.ec2_instance_id == target.id);
                    on_instance
                        && t.containers.iter().any(|c| {
                            c.network_bindings
                                .iter()
                                .any(|b| b.host_port == port as i64)
                        })
                }
                _ => {
                    let ip_matches = t.eni.as_ref().is_some_and(|e| e.private_ip == target.id);
                    let td = self
                        .ecs
                        .task_definitions
                        .iter()
                        .find(|d| d.arn == t.task_definition_arn);
                    ip_matches
                        && td.is_some_and(|d| {
                            d.effective_network_mode() == NetworkMode::Awsvpc
                                && d.container_definitions.iter().any(|c| {
                                    c.port_mappings
                                        .iter()
                                        .any(|pm| pm.container_port == Some(port as i64))
                                })
                        })
                }
            }
        })
    }

    fn target_answers(&self, tg: &TargetGroup, target: &RegisteredTarget) -> bool {
        if tg.target_type == TargetType::Instance {
            let running = self
                .ec2
                .instance(&target.id)
                .is_some_and(|i| i.state == crate::ec2::state::InstanceState::Running);
            if !running {
                return false;
            }
        }
        self.task_behind(tg, target).is_some()
    }

    /// When a target's state would next change if nothing else does.
    fn target_due(tg: &TargetGroup, t: &RegisteredTarget, answers: bool) -> Option<Millis> {
        let hc = &tg.health_check;
        let interval = hc.interval * 1000;
        match t.state {
            TargetState::Draining => t.drain_until,
            TargetState::Initial => Some(
                t.since
                    + interval
                        * if answers {
                            hc.healthy_threshold
                        } else {
                            hc.unhealthy_threshold
                        },
            ),
            TargetState::Healthy if !answers => Some(t.since + interval * hc.unhealthy_threshold),
            TargetState::Unhealthy if answers => Some(t.since + interval * hc.healthy_threshold),
            _ => None,
        }
    }

    /// Moves target health along; `since` of a steady state is reset whenever the target's answer
    /// agrees with it, so a flip needs a full threshold of checks.
    pub(crate) fn elb_tick(&mut self) {
        let now = self.now;
        for lb in &mut self.elbv2.load_balancers {
            if lb.state == LbState::Provisioning && lb.active_at <= now {
                lb.state = LbState::Active;
            }
        }
        for gi in 0..self.elbv2.target_groups.len() {
            let tg = self.elbv2.target_groups[gi].clone();
            let in_use = !self.load_balancers_of(&tg.arn).is_empty();
            let mut updated = tg.targets.clone();
            for t in &mut updated {
                let answers = self.target_answers(&tg, t);
                match t.state {
                    TargetState::Healthy if answers => t.since = now,
                    TargetState::Unhealthy if !answers => t.since = now,
                    _ => {}
                }
                if !in_use && t.state != TargetState::Draining {
                    t.since = now;
                    continue;
                }
                if let Some(due) = Self::target_due(&tg, t, answers) {
                    if due <= now {
                        t.state = match t.state {
                            TargetState::Draining => TargetState::Draining,
                            _ if answers => TargetState::Healthy,
                            _ => TargetState::Unhealthy,
                        };
                        t.since = now;
                    }
                }
            }
            updated.retain(|t| {
                !(t.state == TargetState::Draining && t.drain_until.is_some_and(|d| d <= now))
            });
            self.elbv2.target_groups[gi].targets = updated;
        }
    }

    pub(crate) fn elb_next_event(&self) -> Option<Millis> {
        let mut next: Option<Millis> = self
            .elbv2
            .load_balancers
            .iter()
            .filter(|l| l.state == LbState::Provisioning)
            .map(|l| l.active_at)
            .min();
        for tg in &self.elbv2.target_groups {
            let in_use = !self.load_balancers_of(&tg.arn).is_empty();
            for t in &tg.targets {
                if !in_use && t.state != TargetState::Draining {
                    continue;
                }
                if let Some(due) =
                    Self::target_due(tg, t, self.target_answers(tg, t)).filter(|d| *d > self.now)
                {
                    next = Some(next.map_or(due, |n| n.min(due)));
                }
            }
        }
        next
    }

    /// `TargetHealth` as describe-target-health shows it.
    pub fn target_health(
        &self,
        tg: &TargetGroup,
        t: &RegisteredTarget,
    ) -> (&'static str, Option<(&'static str, &'static str)>) {
        if t.state == TargetState::Draining {
            return (
                "draining",
                Some((
                    "Target.DeregistrationInProgress",
                    "Target deregistration is in progress",
                )),
            );
        }
        if tg.target_type == TargetType::Instance {
            let state = self.ec2.instance(&t.id).map(|i| i.state);
            if !matches!(state, Some(crate::ec2::state::InstanceState::Running)) {
                return (
                    "unused",
                    Some(("Target.InvalidState", "Target is in the stopped state")),
                );
            }
        }
        if self.load_balancers_of(&tg.arn).is_empty() {
            return (
                "unused",
                Some((
                    "Target.NotInUse",
                    "Target group is not configured to receive traffic from the load balancer",
                )),
            );
        }
        if !tg.health_check.enabled {
            return (
                "unavailable",
                Some(("Target.HealthCheckDisabled", "Health checks disabled")),
            );
        }
        match t.state {
            TargetState::Initial if self.now < t.registered_at + 10_000 => (
                "initial",
                Some((
                    "Elb.RegistrationInProgress",
                    "Target registration is in progress",
                )),
            ),
            TargetState::Initial => (
                "initial",
                Some((
                    "Elb.InitialHealthChecking",
                    "Initial health checks in progress",
                )),
            ),
            TargetState::Healthy => ("healthy", None),
            TargetState::Unhealthy => ("unhealthy", Some(("Target.Timeout", "Request timed out"))),
            TargetState::Draining => (
                "draining",
                Some((
                    "Target.DeregistrationInProgress",
                    "Target deregistration is in progress",
                )),
            ),
        }
    }

    pub(crate) fn elb_describe_target_health(
        &self,
        req: crate::elbv2::targets::TargetsRequest,
    ) -> AwsResult<Value> {
        let tg = &self.elbv2.target_groups[self.tg_index(&req.target_group_arn)?];
        let mut out = vec![];
        let wanted: Vec<&crate::elbv2::targets::TargetIn> = req.targets.iter().collect();
        for t in &tg.targets {
            if !wanted.is_empty()
                && !wanted
                    .iter()
                    .any(|w| w.id == t.id && w.port.is_none_or(|p| p as u16 == t.port))
            {
                continue;
            }
            let (state, reason) = self.target_health(tg, t);
            let mut health = json!({"State": state});
            if let Some((r, d)) = reason {
                health["Reason"] = json!(r);
                health["Description"] = json!(d);
            }
            let mut target = json!({"Id": t.id, "Port": t.port});
            if let Some(az) = &t.availability_zone {
                target["AvailabilityZone"] = json!(az);
            }
            let hc_port = if tg.health_check.port == "traffic-port" {
                t.port.to_string()
            } else {
                tg.health_check.port.clone()
            };
            out.push(json!({"Target": target, "HealthCheckPort": hc_port, "TargetHealth": health}));
        }
        // Targets asked for but not registered.
        for w in wanted {
            if !tg.targets.iter().any(|t| t.id == w.id) {
                out.push(json!({
                    "Target": {"Id": w.id, "Port": w.port.unwrap_or(tg.port.unwrap_or(80) as i64)},
                    "TargetHealth": {"State": "unused", "Reason": "Target.NotRegistered", "Description": "Target is not registered to the target group"}
                }));
            }
        }
        Ok(json!({ "TargetHealthDescriptions": out }))
    }
}
