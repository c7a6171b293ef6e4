//! The placement engine: candidates → filters → strategies → choice, with a record of every step
//! (the `Decision`) so the CLI and the app can explain why a task landed where it did.
//!
//! Filters run in the documented order (status and agent, attributes, CPU, memory, ports, then the
//! placement constraints); strategies then narrow the candidates in list order, each breaking the
//! ties the previous one left. That lexicographic chaining is the sandbox's model of undocumented
//! behaviour (ecs-semantics.md §1.2) and is labelled so wherever it is shown.

use crate::catalogue::{DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN};
use crate::clock::Millis;
use crate::ecs::{
    ContainerInstance, ContainerInstanceStatus, NetworkMode, Task, TaskDefinition,
    TransportProtocol,
};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why an instance could not take a task, in AWS's `failures[].reason` vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub enum FailReason {
    Inactive,
    Agent,
    Cpu,
    Memory,
    Ports,
    PortsUdp,
    Attribute,
    /// A placement constraint (memberOf / distinctInstance) excluded the instance.
    Constraint,
    /// No free ENI for an awsvpc task.
    Eni,
}

impl FailReason {
    /// The `reason` string of a RunTask failure.
    pub fn as_str(self) -> &'static str {
        match self {
            FailReason::Inactive => "INACTIVE",
            FailReason::Agent => "AGENT",
            FailReason::Cpu => "RESOURCE:CPU",
            FailReason::Memory => "RESOURCE:MEMORY",
            FailReason::Ports => "RESOURCE:PORTS",
            FailReason::PortsUdp => "RESOURCE:PORTS_UDP",
            FailReason::Attribute | FailReason::Constraint => "ATTRIBUTE",
            FailReason::Eni => "RESOURCE:ENI",
        }
    }

    /// The tail of the service event "The closest matching (container-instance X) ...".
    pub fn closest_matching_text(self) -> &'static str {
        match self {
            FailReason::Inactive => "is not in the ACTIVE state.",
            FailReason::Agent => "encountered error \"AGENT\".",
            FailReason::Cpu => "has insufficient CPU units available.",
            FailReason::Memory => "has insufficient memory available.",
            FailReason::Ports | FailReason::PortsUdp => {
                "is already using a port required by your task."
            }
            FailReason::Attribute | FailReason::Constraint => {
                "is missing an attribute required by your task."
            }
            FailReason::Eni => "encountered error \"RESOURCE:ENI\".",
        }
    }

    /// The filters in pipeline order (the order `depth` gives).
    pub const PIPELINE: [FailReason; 9] = [
        FailReason::Inactive,
        FailReason::Agent,
        FailReason::Attribute,
        FailReason::Cpu,
        FailReason::Memory,
        FailReason::Ports,
        FailReason::PortsUdp,
        FailReason::Eni,
        FailReason::Constraint,
    ];

    /// How far through the pipeline an instance got before failing (for "closest matching").
    fn depth(self) -> u8 {
        match self {
            FailReason::Inactive => 0,
            FailReason::Agent => 1,
            FailReason::Attribute => 2,
            FailReason::Cpu => 3,
            FailReason::Memory => 4,
            FailReason::Ports | FailReason::PortsUdp => 5,
            FailReason::Eni => 6,
            FailReason::Constraint => 7,
        }
    }
}

/// How many instances each filter turned away, in pipeline order, by AWS's reason:
/// `[("RESOURCE:MEMORY", 2)]`.
pub fn failure_counts(verdicts: &[InstanceVerdict]) -> Vec<(&'static str, usize)> {
    let mut out: Vec<(&'static str, usize)> = vec![];
    for r in FailReason::PIPELINE {
        let n = verdicts.iter().filter(|v| v.failed == Some(r)).count();
        if n == 0 {
            continue;
        }
        match out.iter_mut().find(|(s, _)| *s == r.as_str()) {
            Some(e) => e.1 += n,
            None => out.push((r.as_str(), n)),
        }
    }
    out
}

/// What one instance did in the pipeline. The instance is named by its index in the world's
/// container instances (a list that only grows), so that a decision costs a few numbers per
/// instance rather than three strings: at 200 instances and 2,000 tasks that is 400,000 verdicts.
/// Saved as a row `[instance, cpu, memory, reason, detail]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(from = "VerdictRow", into = "VerdictRow")]
pub struct InstanceVerdict {
    pub instance: u32,
    pub remaining_cpu: u32,
    pub remaining_memory: u32,
    /// None: passed every filter.
    pub failed: Option<FailReason>,
    pub detail: Option<String>,
}

type VerdictRow = (u32, u32, u32, Option<FailReason>, Option<String>);

impl From<VerdictRow> for InstanceVerdict {
    fn from((instance, remaining_cpu, remaining_memory, failed, detail): VerdictRow) -> Self {
        InstanceVerdict {
            instance,
            remaining_cpu,
            remaining_memory,
            failed,
            detail,
        }
    }
}

impl From<InstanceVerdict> for VerdictRow {
    fn from(v: InstanceVerdict) -> Self {
        (
            v.instance,
            v.remaining_cpu,
            v.remaining_memory,
            v.failed,
            v.detail,
        )
    }
}

impl InstanceVerdict {
    /// The container instance this verdict is about, among the world's
    /// (`world.ecs.container_instances`).
    pub fn instance<'w>(&self, all: &'w [ContainerInstance]) -> Option<&'w ContainerInstance> {
        all.get(self.instance as usize)
    }
}

/// How a Fargate task's zone was chosen: each of its subnets with the tasks of the group already
/// running in that subnet's zone; the fewest wins, ties at random (the sandbox's model of "Fargate
/// spreads tasks across the Availability Zones of the subnets").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ZoneChoice {
    /// (subnet, zone, tasks of the group in that zone).
    pub subnets: Vec<(String, String, u32)>,
    pub chosen: String,
    pub group: String,
    /// How many subnets tied for the fewest.
    pub tied: u32,
}

impl ZoneChoice {
    /// The model, in words, for the explanation's last line.
    pub const MODEL: &'static str =
        "Fargate spreads a group's tasks across the Availability Zones of the task's subnets; the sandbox's model: the zone with the fewest tasks of the group wins, ties at random";
}

/// Reads a decision saved by an older version (which named instances by strings) as none, so that
/// an old state file still loads; the placements it recorded are simply not explained.
pub fn lenient<'de, D: serde::Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(v).ok())
}

/// One strategy step: which candidates it kept. Candidates are named by their index in the
/// decision's `verdicts` (an ARN per candidate per step per task would be most of a large cluster's
/// memory).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StrategyStep {
    pub strategy: String,
    /// (verdict index, score) for every candidate the step saw; lower is better.
    #[serde(default)]
    pub scored: Vec<(u32, i64)>,
    /// The verdict indexes of the candidates the step kept.
    #[serde(default)]
    pub kept_verdicts: Vec<u32>,
    /// Says when the step is the sandbox's model of undocumented behaviour.
    pub note: String,
}

/// The record of one placement.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Decision {
    pub at: Millis,
    pub task_definition_arn: String,
    pub cpu: u32,
    pub memory: u32,
    pub static_ports: Vec<(u16, TransportProtocol)>,
    pub verdicts: Vec<InstanceVerdict>,
    pub strategy_steps: Vec<StrategyStep>,
    pub chosen: Option<String>,
    /// The task group the strategies counted (`family:web`, `service:web`).
    #[serde(default)]
    pub group: String,
}

impl Decision {
    /// The verdict a strategy step names by index.
    pub fn verdict(&self, index: u32) -> Option<&InstanceVerdict> {
        self.verdicts.get(index as usize)
    }
}

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
    fn take(&mut self, t: &Task) {
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
struct Tally {
    remaining: Remaining,
    /// Tasks of the group being placed (distinctInstance, spread).
    in_group: usize,
    /// Tasks with their own ENI (awsvpc).
    enis: usize,
}

fn tally(instances: &[&ContainerInstance], tasks: &[Task], group: &str) -> Vec<Tally> {
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

/// Runs the filters over every instance of the cluster.
pub fn evaluate(
    instances: &[(u32, &ContainerInstance)],
    tasks: &[Task],
    req: &Requirements,
    constraints: &[Constraint],
    group: &str,
    member_of: &dyn Fn(&ContainerInstance, &crate::query::Expr) -> bool,
) -> Vec<InstanceVerdict> {
    let refs: Vec<&ContainerInstance> = instances.iter().map(|(_, ci)| *ci).collect();
    let tallies = tally(&refs, tasks, group);
    instances
        .iter()
        .zip(tallies)
        .map(|(&(index, ci), tally)| {
            let rem = tally.remaining;
            let has_attr = |name: &str| ci.attributes.iter().any(|a| a.name == name);
            let failed =
                if ci.status != ContainerInstanceStatus::Active {
                    Some((
                        FailReason::Inactive,
                        format!("status is {}", ci.status.as_str()),
                    ))
                } else if !ci.agent_connected {
                    Some((FailReason::Agent, "agent disconnected".to_string()))
                } else if let Some(missing) = req.required_attributes.iter().find(|a| !has_attr(a))
                {
                    Some((
                        FailReason::Attribute,
                        format!("missing attribute {missing}"),
                    ))
                } else if rem.cpu < req.cpu as i64 {
                    Some((
                        FailReason::Cpu,
                        format!("needs {} CPU units, {} remaining", req.cpu, rem.cpu),
                    ))
                } else if rem.memory < req.memory as i64 {
                    Some((
                        FailReason::Memory,
                        format!("needs {} MiB, {} remaining", req.memory, rem.memory),
                    ))
                } else if let Some((p, _)) = req.static_ports.iter().find(|(p, proto)| {
                    *proto == TransportProtocol::Tcp
                        && (rem.ports_tcp.contains(p) || rem.dynamic_in_use.contains(p))
                }) {
                    Some((
                        FailReason::Ports,
                        format!("TCP port {p} is in use or reserved"),
                    ))
                } else if let Some((p, _)) = req.static_ports.iter().find(|(p, proto)| {
                    *proto == TransportProtocol::Udp && rem.ports_udp.contains(p)
                }) {
                    Some((FailReason::PortsUdp, format!("UDP port {p} is in use")))
                } else if let Some(why) = req
                    .awsvpc
                    .as_ref()
                    .and_then(|(zones, vpc)| awsvpc_misfit(ci, tally.enis, zones, vpc))
                {
                    Some(why)
                } else {
                    constraints.iter().find_map(|c| match c {
                        Constraint::DistinctInstance => (tally.in_group > 0).then(|| {
                            (
                                FailReason::Constraint,
                                format!("distinctInstance: already runs a task of {group}"),
                            )
                        }),
                        Constraint::MemberOf { expression, parsed } => (!member_of(ci, parsed))
                            .then(|| {
                                (
                                    FailReason::Constraint,
                                    format!("memberOf: not a member of ({expression})"),
                                )
                            }),
                    })
                };
            InstanceVerdict {
                instance: index,
                remaining_cpu: rem.cpu.max(0) as u32,
                remaining_memory: rem.memory.max(0) as u32,
                failed: failed.as_ref().map(|(r, _)| *r),
                detail: failed.map(|(_, d)| d),
            }
        })
        .collect()
}

/// Why an instance cannot host an awsvpc task: outside the subnets' zones or VPC, or out of ENIs.
fn awsvpc_misfit(
    ci: &ContainerInstance,
    used: usize,
    zones: &[String],
    vpc: &str,
) -> Option<(FailReason, String)> {
    let in_vpc = ci
        .attributes
        .iter()
        .any(|a| a.name == "ecs.vpc-id" && a.value.as_deref() == Some(vpc));
    if !in_vpc || !zones.contains(&ci.availability_zone) {
        return Some((
            FailReason::Attribute,
            format!(
                "not in the VPC or an Availability Zone of the task's subnets ({})",
                zones.join(", ")
            ),
        ));
    }
    let limit = crate::catalogue::instance_type(&ci.instance_type)
        .map(|t| t.max_enis.saturating_sub(1))
        .unwrap_or(0) as usize;
    (used >= limit).then(|| {
        (
            FailReason::Eni,
            format!(
                "{used} of {limit} task ENIs in use ({} has {} ENIs, one is the instance's own)",
                ci.instance_type,
                limit + 1
            ),
        )
    })
}

/// The instance that got furthest through the filters: AWS names it in failures ("closest
/// matching").
pub fn closest_match<'d, 'w>(
    verdicts: &'d [InstanceVerdict],
    all: &'w [ContainerInstance],
) -> Option<(&'d InstanceVerdict, &'w ContainerInstance)> {
    verdicts
        .iter()
        .filter(|v| v.failed.is_some())
        .filter_map(|v| Some((v, v.instance(all)?)))
        .max_by_key(|(v, ci)| {
            (
                v.failed.map(|f| f.depth()).unwrap_or(0),
                std::cmp::Reverse(ci.arn.as_str()),
            )
        })
}

/// A placement strategy, typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Strategy {
    Binpack(BinpackField),
    /// Spread over the values of a field: `instanceId`/`host` or `attribute:NAME`.
    Spread(String),
    Random,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinpackField {
    Cpu,
    Memory,
}

impl std::fmt::Display for Strategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Strategy::Binpack(BinpackField::Cpu) => write!(f, "binpack(cpu)"),
            Strategy::Binpack(BinpackField::Memory) => write!(f, "binpack(memory)"),
            Strategy::Spread(field) => write!(f, "spread({field})"),
            Strategy::Random => write!(f, "random"),
        }
    }
}

/// A placement constraint, typed (memberOf keeps its parsed expression).
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    DistinctInstance,
    MemberOf {
        expression: String,
        parsed: crate::query::Expr,
    },
}

/// The value of a spread field on an instance (`None`: the instance lacks the attribute, which the
/// sandbox counts as a value of its own — undocumented behaviour, modelled).
fn field_value(ci: &ContainerInstance, field: &str) -> Option<String> {
    match field {
        "instanceId" | "host" => Some(ci.id.clone()),
        f => f
            .strip_prefix("attribute:")
            .and_then(|name| ci.attributes.iter().find(|a| a.name == name))
            .map(|a| a.value.clone().unwrap_or_default()),
    }
}

/// Applies the strategies in order to the instances that passed every filter, then picks at random
/// among the remaining ties. `all_instances` are every ACTIVE instance of the cluster (spread
/// counts tasks over all instances sharing a value, not only the candidates).
#[allow(clippy::too_many_arguments)]
pub fn choose(
    verdicts: &[InstanceVerdict],
    world_instances: &[ContainerInstance],
    all_instances: &[&ContainerInstance],
    tasks: &[Task],
    group: &str,
    strategies: &[Strategy],
    strategies_are_default: Option<&str>,
    rng: &mut Rng,
) -> (Option<String>, Vec<StrategyStep>) {
    // Candidates by their index in `verdicts`.
    let mut candidates: Vec<u32> = (0..verdicts.len() as u32)
        .filter(|&i| verdicts[i as usize].failed.is_none())
        .collect();
    if candidates.is_empty() {
        return (None, vec![]);
    }
    let instance_of = |i: u32| {
        verdicts
            .get(i as usize)
            .and_then(|v| v.instance(world_instances))
    };
    let arn_of = |i: u32| instance_of(i).map(|c| c.arn.clone()).unwrap_or_default();
    // Spread counts the group's tasks per field value over every ACTIVE instance.
    let in_group: Vec<usize> = if strategies.iter().any(|s| matches!(s, Strategy::Spread(_))) {
        tally(all_instances, tasks, group)
            .iter()
            .map(|t| t.in_group)
            .collect()
    } else {
        vec![]
    };
    let mut steps = vec![];
    for strategy in strategies {
        let scored: Vec<(u32, i64)> = match strategy {
            Strategy::Random => {
                let pick = candidates[rng.below(candidates.len())];
                steps.push(StrategyStep {
                    strategy: strategy.to_string(),
                    scored: vec![],
                    kept_verdicts: vec![pick],
                    note: format!("picked at random among {} candidate(s)", candidates.len()),
                });
                return (Some(arn_of(pick)), steps);
            }
            Strategy::Binpack(field) => candidates
                .iter()
                .map(|&i| {
                    let v = &verdicts[i as usize];
                    (
                        i,
                        if *field == BinpackField::Cpu {
                            v.remaining_cpu
                        } else {
                            v.remaining_memory
                        } as i64,
                    )
                })
                .collect(),
            Strategy::Spread(field) => {
                let mut per_value: BTreeMap<Option<String>, usize> = BTreeMap::new();
                for (ci, n) in all_instances.iter().zip(&in_group) {
                    *per_value.entry(field_value(ci, field)).or_default() += n;
                }
                candidates
                    .iter()
                    .map(|&i| {
                        let value = instance_of(i).and_then(|ci| field_value(ci, field));
                        (i, per_value.get(&value).copied().unwrap_or(0) as i64)
                    })
                    .collect()
            }
        };
        let best = scored.iter().map(|(_, s)| *s).min().unwrap_or(0);
        candidates = scored
            .iter()
            .filter(|(_, s)| *s == best)
            .map(|(i, _)| *i)
            .collect();
        let what = match strategy {
            Strategy::Binpack(_) => format!(
                "kept the instance(s) with the least remaining {} ({best})",
                if matches!(strategy, Strategy::Binpack(BinpackField::Cpu)) {
                    "CPU units"
                } else {
                    "MiB"
                }
            ),
            Strategy::Spread(field) => format!(
                "kept the instance(s) whose {field} value has the fewest tasks of {group} ({best})"
            ),
            Strategy::Random => String::new(),
        };
        steps.push(StrategyStep {
            strategy: strategy.to_string(),
            scored,
            kept_verdicts: candidates.clone(),
            note: what,
        });
    }
    let pick = candidates[rng.below(candidates.len())];
    let mut note = if candidates.len() > 1 {
        format!("{} tied; picked one at random", candidates.len())
    } else {
        "one candidate left".to_string()
    };
    if let Some(default) = strategies_are_default {
        note.push_str(&format!(" (no strategy was given: {default})"));
    }
    if strategies.len() > 1 {
        note.push_str(" — chaining strategies as successive tie-breaks is the sandbox's model; AWS does not document the exact rule");
    }
    steps.push(StrategyStep {
        strategy: "tie-break".into(),
        scored: vec![],
        kept_verdicts: vec![pick],
        note,
    });
    (Some(arn_of(pick)), steps)
}

/// The next free dynamic host port on an instance, searching upward from its cursor and wrapping.
pub fn next_dynamic_port(
    ci: &ContainerInstance,
    rem: &Remaining,
    also_taken: &[u16],
) -> Option<u16> {
    let span = (DYNAMIC_PORT_MAX - DYNAMIC_PORT_MIN + 1) as u32;
    let start = ci
        .next_dynamic_port
        .clamp(DYNAMIC_PORT_MIN, DYNAMIC_PORT_MAX);
    (0..span)
        .map(|i| DYNAMIC_PORT_MIN + (((start - DYNAMIC_PORT_MIN) as u32 + i) % span) as u16)
        .find(|p| {
            !rem.dynamic_in_use.contains(p) && !rem.ports_tcp.contains(p) && !also_taken.contains(p)
        })
}
