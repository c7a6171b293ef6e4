//! What a task needs (CPU, memory, ports, ENIs) and what each instance has left, computed from the
//! tasks on it (never stored, so it cannot drift).

use crate::ecs::types::{ContainerInstance, NetworkMode, Task, TaskDefinition};
use crate::protocol::TransportProtocol;

/// What a task needs from an instance.
#[derive(Debug, Clone)]
pub struct Requirements {
    pub cpu: u32,
    pub memory: u32,
    pub static_ports: Vec<(u16, TransportProtocol)>,
    pub required_attributes: Vec<String>,
    /// awsvpc: the Availability Zones of the task's subnets and their VPC (the instance must be in
    /// one of those zones, in that VPC, and have a free ENI).
    pub awsvpc: Option<(Vec<String>, String)>,
}

impl Requirements {
    pub fn of(td: &TaskDefinition) -> Self {
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
}

/// What is left on an instance given the tasks that hold resources on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Remaining {
    pub cpu: i64,
    pub memory: i64,
    pub ports_tcp: Vec<u16>,
    pub ports_udp: Vec<u16>,
    pub dynamic_in_use: Vec<u16>,
}

pub fn remaining(ci: &ContainerInstance, tasks: &[Task]) -> Remaining {
    let mut r = Remaining::registered(ci);
    for t in tasks
        .iter()
        .filter(|t| t.container_instance_id.as_deref() == Some(&ci.id) && t.holds_resources())
    {
        r.take(t);
    }
    r
}

impl Remaining {
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
    pub(crate) fn take(&mut self, t: &Task) {
        self.cpu -= t.cpu as i64;
        self.memory -= t.memory as i64;
        for c in &t.containers {
            for b in &c.network_bindings {
                let port = b.host_port as u16;
                if c.dynamic_host_ports.contains(&port) {
                    self.dynamic_in_use.push(port);
                } else if b.protocol == TransportProtocol::Udp {
                    self.ports_udp.push(port);
                } else {
                    self.ports_tcp.push(port);
                }
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
            remaining: Remaining::registered(ci),
            in_group: 0,
            enis: 0,
        })
        .collect();
    for t in tasks.iter().filter(|t| t.holds_resources()) {
        let Some(&i) = t.container_instance_id.as_deref().and_then(|id| at.get(id)) else {
            continue;
        };
        let entry = &mut out[i];
        entry.remaining.take(t);
        entry.in_group += usize::from(t.group == group);
        entry.enis += usize::from(t.eni.is_some());
    }
    out
}
