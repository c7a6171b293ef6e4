//! Registering and deregistering targets (instance:port or IP:port).

use crate::elbv2::requests::err;
use crate::elbv2::state::{RegisteredTarget, TargetState, TargetType};
use crate::error::{AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct TargetIn {
    pub id: String,
    pub port: Option<i64>,
    pub availability_zone: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct TargetsRequest {
    pub target_group_arn: String,
    #[serde(default)]
    pub targets: Vec<TargetIn>,
}

impl World {
    pub(crate) fn elb_register_targets(&mut self, req: TargetsRequest) -> AwsResult<Value> {
        let i = self.tg_index(&req.target_group_arn)?;
        let tg = self.elbv2.target_groups[i].clone();
        let vpc = tg.vpc_id.clone().unwrap_or_default();
        for t in &req.targets {
            match tg.target_type {
                TargetType::Instance => {
                    let inst = self.ec2.instance(&t.id).ok_or_else(|| {
                        err(
                            ErrorCode::InvalidTarget,
                            format!("The following targets are not valid instances: '{}'", t.id),
                        )
                    })?;
                    if inst.vpc_id != vpc {
                        return Err(err(ErrorCode::InvalidTarget, format!("The following targets are not in the target group VPC '{vpc}': '{}'", t.id)));
                    }
                    if !matches!(
                        inst.state,
                        crate::ec2::state::InstanceState::Running
                            | crate::ec2::state::InstanceState::Pending
                    ) {
                        return Err(err(
                            ErrorCode::InvalidTarget,
                            format!("The following targets are not in a running state and cannot be registered: '{}'", t.id),
                        ));
                    }
                }
                _ => {
                    let ip = crate::ec2::cidr::parse_ipv4(&t.id).ok_or_else(|| {
                        err(
                            ErrorCode::ValidationError,
                            format!("The IP address '{}' is not a valid IPv4 address", t.id),
                        )
                    })?;
                    let in_vpc = self
                        .ec2
                        .vpcs
                        .iter()
                        .find(|v| v.vpc_id == vpc)
                        .is_some_and(|v| {
                            v.cidr.contains(&crate::ec2::cidr::Cidr {
                                base: ip,
                                prefix: 32,
                            })
                        });
                    if !in_vpc {
                        return Err(err(
                            ErrorCode::InvalidTarget,
                            format!("The IP address '{}' is not within the VPC CIDR of the target group. (sandbox wording)", t.id),
                        ));
                    }
                }
            }
            if let Some(p) = t.port {
                if !(1..=65535).contains(&p) {
                    return Err(err(ErrorCode::ValidationError, format!("1 validation error detected: Value '{p}' at 'targets.1.member.port' failed to satisfy constraint: Member must have value between 1 and 65535")));
                }
            }
        }
        let now = self.now;
        for t in req.targets {
            let port = t.port.map(|p| p as u16).or(tg.port).unwrap_or(80);
            let az = match tg.target_type {
                TargetType::Instance => self
                    .ec2
                    .instance(&t.id)
                    .map(|i| i.availability_zone.clone()),
                _ => t.availability_zone.clone(),
            };
            let group = &mut self.elbv2.target_groups[i];
            match group
                .targets
                .iter_mut()
                .find(|x| x.id == t.id && x.port == port)
            {
                Some(existing) if existing.state == TargetState::Draining => {
                    existing.state = TargetState::Initial;
                    existing.since = now;
                    existing.registered_at = now;
                    existing.drain_until = None;
                }
                Some(_) => {}
                None => group
                    .targets
                    .push(RegisteredTarget::new(t.id, port, az, now)),
            }
        }
        Ok(json!({}))
    }

    pub(crate) fn elb_deregister_targets(&mut self, req: TargetsRequest) -> AwsResult<Value> {
        let i = self.tg_index(&req.target_group_arn)?;
        let now = self.now;
        let delay = self.elbv2.target_groups[i].deregistration_delay;
        let default_port = self.elbv2.target_groups[i].port.unwrap_or(80);
        for t in &req.targets {
            let port = t.port.map(|p| p as u16).unwrap_or(default_port);
            let group = &mut self.elbv2.target_groups[i];
            match group
                .targets
                .iter_mut()
                .find(|x| x.id == t.id && x.port == port)
            {
                Some(x) => {
                    if x.state != TargetState::Draining {
                        x.state = TargetState::Draining;
                        x.since = now;
                        x.drain_until = Some(now + delay * 1000);
                    }
                }
                None => {
                    return Err(err(
                        ErrorCode::InvalidTarget,
                        format!(
                            "The following targets are not registered in target group: '{}'",
                            t.id
                        ),
                    ))
                }
            }
        }
        Ok(json!({}))
    }
}
