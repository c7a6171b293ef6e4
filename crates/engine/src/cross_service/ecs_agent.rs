//! The ECS container agent on an instance: reads `ECS_CLUSTER` from user data and registers the
//! instance with its cluster once it has booted.

use crate::attribute::Attribute;
use crate::catalogue;
use crate::clock::{Millis, SECOND};
use crate::ecs::ids::arn;
use crate::ecs::state::PendingAgent;
use crate::ecs::types::{
    ClusterStatus, ContainerInstance, ContainerInstanceStatus, DesiredStatus, TaskStatus,
};
use crate::wire::base64_decode;
use crate::world::World;

/// How soon an agent whose cluster does not exist first retries registration; each failure
/// doubles the wait, up to `MAX_RETRY_INTERVAL` (the sandbox's model of the agent's backoff).
pub const RETRY_INTERVAL: Millis = 30 * SECOND;
pub const MAX_RETRY_INTERVAL: Millis = 10 * 60 * SECOND;

/// The cluster named by `ECS_CLUSTER=` in user data (plain text or base64, as the CLI sends it
/// base64).
pub fn cluster_from_user_data(user_data: Option<&str>) -> String {
    let mut text = user_data.map(str::to_string).unwrap_or_default();
    // The wire carries base64; a user may also have base64-encoded it themselves (then it is
    // encoded twice).
    for _ in 0..2 {
        match base64_decode(text.trim()) {
            Some(decoded) if !text.contains("ECS_CLUSTER") => text = decoded,
            _ => break,
        }
    }
    let mut cluster = None;
    for line in text.lines() {
        if let Some(pos) = line.find("ECS_CLUSTER=") {
            let rest = &line[pos + "ECS_CLUSTER=".len()..];
            let value: String = rest
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '\'' && *c != '>')
                .collect();
            if !value.is_empty() {
                cluster = Some(value);
            }
        }
    }
    cluster.unwrap_or_else(|| "default".into())
}

impl World {
    /// An instance finished booting: if its AMI runs the ECS agent and it has an instance profile,
    /// the agent starts and tries to register.
    pub(crate) fn agent_boot(&mut self, instance_id: &str) {
        let Some(inst) = self.ec2.instance(instance_id) else {
            return;
        };
        let ecs_ami = catalogue::image(&inst.image_id).is_some_and(|i| i.ecs_optimized);
        if !ecs_ami || inst.iam_instance_profile_arn.is_none() {
            // No agent, or an agent without credentials: the instance never joins (a classic
            // mistake).
            return;
        }
        let cluster = cluster_from_user_data(inst.user_data.as_deref());
        self.ecs.pending_agents.push(PendingAgent {
            ec2_instance_id: instance_id.into(),
            cluster,
            next_attempt: self.now,
            failed_attempts: 0,
        });
        self.agents_tick();
    }

    pub(crate) fn agents_tick(&mut self) {
        let now = self.now;
        let due: Vec<PendingAgent> = self
            .ecs
            .pending_agents
            .iter()
            .filter(|a| a.next_attempt <= now)
            .cloned()
            .collect();
        for agent in due {
            let exists = self
                .ecs
                .clusters
                .iter()
                .any(|c| c.name == agent.cluster && c.status == ClusterStatus::Active);
            if !exists && agent.cluster == "default" {
                // The agent creates the default cluster itself when it is missing.
                self.create_cluster_record("default", vec![], vec![]);
            }
            let exists = self
                .ecs
                .clusters
                .iter()
                .any(|c| c.name == agent.cluster && c.status == ClusterStatus::Active);
            let running = self
                .ec2
                .instance(&agent.ec2_instance_id)
                .is_some_and(|i| i.state == crate::ec2::state::InstanceState::Running);
            if !running {
                self.ecs
                    .pending_agents
                    .retain(|a| a.ec2_instance_id != agent.ec2_instance_id);
            } else if exists {
                self.ecs
                    .pending_agents
                    .retain(|a| a.ec2_instance_id != agent.ec2_instance_id);
                self.register_container_instance(&agent.ec2_instance_id, &agent.cluster);
            } else if let Some(a) = self
                .ecs
                .pending_agents
                .iter_mut()
                .find(|a| a.ec2_instance_id == agent.ec2_instance_id)
            {
                let wait = RETRY_INTERVAL
                    .saturating_mul(1 << a.failed_attempts.min(10))
                    .min(MAX_RETRY_INTERVAL);
                a.failed_attempts = a.failed_attempts.saturating_add(1);
                a.next_attempt = now + wait;
            }
        }
    }

    fn register_container_instance(&mut self, ec2_instance_id: &str, cluster: &str) {
        let Some(inst) = self.ec2.instance(ec2_instance_id).cloned() else {
            return;
        };
        let Some(itype) = catalogue::instance_type(&inst.instance_type) else {
            return;
        };
        let id = self.rng.hex(32);
        let image = catalogue::image(&inst.image_id);
        let mut attributes = vec![
            Attribute::new("ecs.ami-id", Some(&inst.image_id)),
            Attribute::new("ecs.availability-zone", Some(&inst.availability_zone)),
            Attribute::new("ecs.instance-type", Some(&inst.instance_type)),
            Attribute::new("ecs.os-type", Some("linux")),
            Attribute::new("ecs.os-family", Some("LINUX")),
            Attribute::new(
                "ecs.cpu-architecture",
                Some(image.map(|i| i.architecture).unwrap_or("x86_64")),
            ),
            Attribute::new("ecs.vpc-id", Some(&inst.vpc_id)),
            Attribute::new("ecs.subnet-id", Some(&inst.subnet_id)),
        ];
        attributes.extend(
            catalogue::AGENT_CAPABILITIES
                .iter()
                .map(|c| Attribute::new(c, None)),
        );
        self.ecs.container_instances.push(ContainerInstance {
            arn: arn("container-instance", &format!("{cluster}/{id}")),
            id,
            cluster: cluster.into(),
            ec2_instance_id: ec2_instance_id.into(),
            status: ContainerInstanceStatus::Active,
            agent_connected: true,
            registered_cpu: itype.cpu_units(),
            registered_memory: itype.registered_memory_mib,
            reserved_ports: catalogue::RESERVED_PORTS.to_vec(),
            attributes,
            registered_at: self.now,
            version: 1,
            availability_zone: inst.availability_zone.clone(),
            instance_type: inst.instance_type.clone(),
            next_dynamic_port: catalogue::DYNAMIC_PORT_MIN,
            status_reason: None,
            tags: vec![],
        });
    }

    /// The EC2 instance is shutting down: ECS deregisters it and its tasks stop.
    pub(crate) fn on_instance_stopping(&mut self, ec2_instance_id: &str) {
        self.ecs
            .pending_agents
            .retain(|a| a.ec2_instance_id != ec2_instance_id);
        let now = self.now;
        let mut gone = vec![];
        for ci in self
            .ecs
            .container_instances
            .iter_mut()
            .filter(|c| c.ec2_instance_id == ec2_instance_id)
        {
            if ci.status != ContainerInstanceStatus::Inactive {
                ci.status = ContainerInstanceStatus::Inactive;
                ci.agent_connected = false;
                ci.version += 1;
                gone.push(ci.id.clone());
            }
        }
        let reason = format!("Host EC2 (instance {ec2_instance_id}) stopped/terminated.");
        for t in self.ecs.tasks.iter_mut() {
            if t.container_instance_id
                .as_ref()
                .is_some_and(|c| gone.contains(c))
                && t.last_status != TaskStatus::Stopped
            {
                t.desired_status = DesiredStatus::Stopped;
                t.stopped_reason = Some(reason.clone());
                crate::ecs::tasks::lifecycle::finish_stop(t, now);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::base64_encode;

    #[test]
    fn user_data_forms() {
        let script = "#!/bin/bash\necho ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config\n";
        assert_eq!(cluster_from_user_data(Some(script)), "ECSDemo");
        let once = base64_encode(script.as_bytes());
        assert_eq!(cluster_from_user_data(Some(&once)), "ECSDemo");
        let twice = base64_encode(once.as_bytes());
        assert_eq!(cluster_from_user_data(Some(&twice)), "ECSDemo");
        assert_eq!(
            cluster_from_user_data(Some("echo 'ECS_CLUSTER=\"web\"' >> /etc/ecs/ecs.config")),
            "web"
        );
        assert_eq!(cluster_from_user_data(None), "default");
    }
}
