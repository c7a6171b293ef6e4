//! The filters, in the documented order: status and agent, attributes, CPU, memory, ports, ENIs,
//! then the constraints; the closest match AWS reports when nothing fits; dynamic host ports.

use crate::catalogue::{DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN};
use crate::ecs::types::{ContainerInstance, ContainerInstanceStatus, Task};
use crate::placement::constraints::Constraint;
use crate::placement::decision::{FailReason, InstanceVerdict};
use crate::placement::resources::{tally, Remaining, Requirements};
use crate::protocol::TransportProtocol;

/// Runs the filters over every instance of the cluster.
pub fn evaluate(
    instances: &[(u32, &ContainerInstance)],
    tasks: &[Task],
    req: &Requirements,
    constraints: &[Constraint],
    group: &str,
    member_of: &dyn Fn(&ContainerInstance, &crate::placement::query_language::Expr) -> bool,
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
pub(crate) fn awsvpc_misfit(
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
