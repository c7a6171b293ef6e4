//! The ECS side of placement: what a task definition needs, what each container instance has left
//! (computed from the tasks holding resources on it, in one pass over the tasks), and each
//! instance's facts as the placement engine takes them (`placement::resources::Candidate`).

use crate::catalogue::{DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN};
use crate::ecs::types::{
    ContainerInstance, ContainerInstanceStatus, NetworkMode, Task, TaskDefinition,
};
use crate::placement::resources::{Candidate, Remaining, Requirements};
use crate::protocol::TransportProtocol;

/// What a task of this definition needs from an instance.
pub fn requirements(td: &TaskDefinition) -> Requirements {
    let mode = td.effective_network_mode();
    let mut static_ports = vec![];
    for c in &td.container_definitions {
        for pm in &c.port_mappings {
            let proto = pm.protocol.unwrap_or(TransportProtocol::Tcp);
            let host = match mode {
                NetworkMode::Bridge => pm.host_port.unwrap_or(0),
                NetworkMode::Host => pm.host_port.or(pm.container_port).unwrap_or(0),
                // awsvpc ports live on the task's own ENI; none has no ports.
                NetworkMode::Awsvpc | NetworkMode::None => 0,
            };
            if host > 0 {
                static_ports.push((host as u16, proto));
            }
        }
    }
    Requirements {
        cpu: td.cpu_reservation(),
        memory: td.memory_reservation(),
        static_ports,
        required_attributes: td
            .requires_attributes
            .iter()
            .map(|a| a.name.clone())
            .collect(),
        awsvpc: None,
    }
}

/// What is left on an instance given the tasks that hold resources on it.
pub fn remaining(ci: &ContainerInstance, tasks: &[Task]) -> Remaining {
    let mut r = registered(ci);
    for t in tasks
        .iter()
        .filter(|t| t.container_instance_id.as_deref() == Some(&ci.id) && t.holds_resources())
    {
        take(&mut r, t);
    }
    r
}

/// An instance with nothing on it: what it registered, less its reserved ports.
fn registered(ci: &ContainerInstance) -> Remaining {
    Remaining {
        cpu: ci.registered_cpu as i64,
        memory: ci.registered_memory as i64,
        ports_tcp: ci.reserved_ports.clone(),
        ports_udp: vec![],
        dynamic_in_use: vec![],
    }
}

/// Takes what a task holding resources uses.
fn take(rem: &mut Remaining, t: &Task) {
    rem.cpu -= t.cpu as i64;
    rem.memory -= t.memory as i64;
    for c in &t.containers {
        for b in &c.network_bindings {
            let port = b.host_port as u16;
            if c.dynamic_host_ports.contains(&port) {
                rem.dynamic_in_use.push(port);
            } else if b.protocol == TransportProtocol::Udp {
                rem.ports_udp.push(port);
            } else {
                rem.ports_tcp.push(port);
            }
        }
    }
}

/// What the tasks holding resources take from each of some instances, counted in one pass over the
/// tasks (the pipeline looks at every instance for every task placed: a scan of all tasks per
/// instance would make a run-task on a large cluster quadratic).
pub(crate) struct Tally {
    pub(crate) remaining: Remaining,
    /// Tasks of the group being placed (distinctInstance, spread).
    pub(crate) in_group: usize,
    /// Tasks with their own ENI (awsvpc).
    pub(crate) enis: usize,
}

pub(crate) fn tally(instances: &[&ContainerInstance], tasks: &[Task], group: &str) -> Vec<Tally> {
    // Only looked up, never iterated, so its order cannot leak into the world. Built by inserts: a
    // collect would sort, and every sort or map instantiation costs the page KBs (the page links
    // hashbrown anyway).
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, ci) in instances.iter().enumerate() {
        at.insert(ci.id.as_str(), i);
    }
    let mut out: Vec<Tally> = instances
        .iter()
        .map(|ci| Tally {
            remaining: registered(ci),
            in_group: 0,
            enis: 0,
        })
        .collect();
    for t in tasks.iter().filter(|t| t.holds_resources()) {
        let Some(&i) = t.container_instance_id.as_deref().and_then(|id| at.get(id)) else {
            continue;
        };
        let entry = &mut out[i];
        take(&mut entry.remaining, t);
        entry.in_group += usize::from(t.group == group);
        entry.enis += usize::from(t.eni.is_some());
    }
    out
}

/// The facts of some container instances (named with their index among the world's) as placement
/// takes them, with what the tasks leave on each and how many of `group` run there.
pub fn candidates<'a>(
    instances: &[(u32, &'a ContainerInstance)],
    tasks: &[Task],
    group: &str,
) -> Vec<Candidate<'a>> {
    let refs: Vec<&ContainerInstance> = instances.iter().map(|(_, ci)| *ci).collect();
    instances
        .iter()
        .zip(tally(&refs, tasks, group))
        .map(|(&(index, ci), tally)| Candidate {
            index,
            id: &ci.id,
            arn: &ci.arn,
            active: ci.status == ContainerInstanceStatus::Active,
            status: ci.status.as_str(),
            agent_connected: ci.agent_connected,
            availability_zone: &ci.availability_zone,
            instance_type: &ci.instance_type,
            attributes: &ci.attributes,
            remaining: tally.remaining,
            in_group: tally.in_group,
            enis: tally.enis,
        })
        .collect()
}

/// The next free dynamic host port on an instance, searching upward from its cursor and wrapping.
pub fn next_dynamic_port(cursor: u16, rem: &Remaining, also_taken: &[u16]) -> Option<u16> {
    let span = (DYNAMIC_PORT_MAX - DYNAMIC_PORT_MIN + 1) as u32;
    let start = cursor.clamp(DYNAMIC_PORT_MIN, DYNAMIC_PORT_MAX);
    (0..span)
        .map(|i| DYNAMIC_PORT_MIN + (((start - DYNAMIC_PORT_MIN) as u32 + i) % span) as u16)
        .find(|p| {
            !rem.dynamic_in_use.contains(p) && !rem.ports_tcp.contains(p) && !also_taken.contains(p)
        })
}
