//! What a task needs (CPU, memory, ports, ENIs) and what a candidate instance offers: its facts and
//! what it has left (computed from the tasks on it by the caller, never stored, so it cannot
//! drift).

use crate::attribute::Attribute;
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

/// What is left on an instance given the tasks that hold resources on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Remaining {
    pub cpu: i64,
    pub memory: i64,
    pub ports_tcp: Vec<u16>,
    pub ports_udp: Vec<u16>,
    pub dynamic_in_use: Vec<u16>,
}

/// What placement knows of one container instance: its facts, taken from ECS's state by the caller
/// (`ecs/placement_facts.rs`), so that placement itself knows no ECS type.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// Its index in the world's container instances (what a verdict names).
    pub index: u32,
    pub id: &'a str,
    pub arn: &'a str,
    /// Whether it is ACTIVE, and its status as ECS spells it.
    pub active: bool,
    pub status: &'static str,
    pub agent_connected: bool,
    pub availability_zone: &'a str,
    pub instance_type: &'a str,
    pub attributes: &'a [Attribute],
    /// What the tasks holding resources on it leave.
    pub remaining: Remaining,
    /// Tasks of the group being placed (distinctInstance, spread).
    pub in_group: usize,
    /// Tasks with their own ENI (awsvpc).
    pub enis: usize,
}

impl Candidate<'_> {
    /// The value of an attribute: None when the instance lacks it, `Some(None)` when it has no
    /// value.
    pub fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_deref())
    }
}
