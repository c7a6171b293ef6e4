//! The placement record (`Decision`): each instance's verdict in the filters, each strategy step's
//! kept candidates, the choice, and AWS's failure reasons; for Fargate, why the zone.

use crate::clock::Millis;
use crate::protocol::TransportProtocol;
use serde::{Deserialize, Serialize};

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
    pub(crate) fn depth(self) -> u8 {
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

pub(crate) type VerdictRow = (u32, u32, u32, Option<FailReason>, Option<String>);

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

impl InstanceVerdict {
    /// The container instance this verdict is about, among the world's
    /// (`world.ecs.container_instances`; generic so the record needs no ECS type).
    pub fn instance<'w, I>(&self, all: &'w [I]) -> Option<&'w I> {
        all.get(self.instance as usize)
    }
}
