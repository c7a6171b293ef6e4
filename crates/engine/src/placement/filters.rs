//! The filters, in the documented order: status and agent, attributes, CPU, memory, ports, ENIs,
//! then the constraints; the closest match AWS reports when nothing fits.

use crate::placement::constraints::Constraint;
use crate::placement::decision::{FailReason, InstanceVerdict};
use crate::placement::resources::{Candidate, Requirements};
use crate::protocol::TransportProtocol;

/// Runs the filters over the candidate instances. `member_of` answers a memberOf expression for
/// the instance of that index (asked only of the instances that get that far: its facts cost a
/// look at the instance's tasks).
pub fn evaluate(
    candidates: &[Candidate],
    req: &Requirements,
    constraints: &[Constraint],
    group: &str,
    member_of: &dyn Fn(u32, &crate::placement::query_language::Expr) -> bool,
) -> Vec<InstanceVerdict> {
    candidates
        .iter()
        .map(|ci| {
            let rem = &ci.remaining;
            let has_attr = |name: &str| ci.attribute(name).is_some();
            let failed = if !ci.active {
                Some((FailReason::Inactive, format!("status is {}", ci.status)))
            } else if !ci.agent_connected {
                Some((FailReason::Agent, "agent disconnected".to_string()))
            } else if let Some(missing) = req.required_attributes.iter().find(|a| !has_attr(a)) {
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
            } else if let Some((p, _)) = req
                .static_ports
                .iter()
                .find(|(p, proto)| *proto == TransportProtocol::Udp && rem.ports_udp.contains(p))
            {
                Some((FailReason::PortsUdp, format!("UDP port {p} is in use")))
            } else if let Some(why) = req
                .awsvpc
                .as_ref()
                .and_then(|(zones, vpc)| awsvpc_misfit(ci, zones, vpc))
            {
                Some(why)
            } else {
                constraints.iter().find_map(|c| match c {
                    Constraint::DistinctInstance => (ci.in_group > 0).then(|| {
                        (
                            FailReason::Constraint,
                            format!("distinctInstance: already runs a task of {group}"),
                        )
                    }),
                    Constraint::MemberOf { expression, parsed } => (!member_of(ci.index, parsed))
                        .then(|| {
                            (
                                FailReason::Constraint,
                                format!("memberOf: not a member of ({expression})"),
                            )
                        }),
                })
            };
            InstanceVerdict {
                instance: ci.index,
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
    ci: &Candidate,
    zones: &[String],
    vpc: &str,
) -> Option<(FailReason, String)> {
    let used = ci.enis;
    let in_vpc = ci.attribute("ecs.vpc-id") == Some(Some(vpc));
    if !in_vpc || !zones.iter().any(|z| z == ci.availability_zone) {
        return Some((
            FailReason::Attribute,
            format!(
                "not in the VPC or an Availability Zone of the task's subnets ({})",
                zones.join(", ")
            ),
        ));
    }
    let limit = crate::catalogue::instance_type(ci.instance_type)
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
/// matching"); ties go to the lowest ARN. `all` are the instances the verdicts name by index.
pub fn closest_match<'d, 'w, I>(
    verdicts: &'d [InstanceVerdict],
    all: &'w [I],
    arn: impl Fn(&'w I) -> &'w str,
) -> Option<(&'d InstanceVerdict, &'w I)> {
    verdicts
        .iter()
        .filter(|v| v.failed.is_some())
        .filter_map(|v| Some((v, v.instance(all)?)))
        .max_by_key(|(v, ci)| {
            (
                v.failed.map(|f| f.depth()).unwrap_or(0),
                std::cmp::Reverse(arn(ci)),
            )
        })
}
