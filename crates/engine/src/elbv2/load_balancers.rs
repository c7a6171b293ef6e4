//! Load balancers: create (subnets in distinct zones, security groups), describe, delete; they
//! become active on the clock.

use crate::catalogue::REGION;
use crate::clock::Millis;
use crate::elbv2::requests::{elb_arn, err, DescribeRequest};
use crate::elbv2::state::{ActionKind, LbState, LoadBalancer};
use crate::error::{AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

/// A load balancer is `provisioning` for this long (a model; AWS takes a few minutes).
pub const PROVISIONING_TIME: Millis = 90 * crate::clock::SECOND;

/// The hosted zone of us-east-1 Application Load Balancers.
pub const CANONICAL_HOSTED_ZONE_ID: &str = "Z35SXDOTRQ7X7K";

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLoadBalancerRequest {
    pub name: String,
    #[serde(default)]
    pub subnets: Vec<String>,
    #[serde(default)]
    pub subnet_mappings: Vec<SubnetMapping>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    pub scheme: Option<String>,
    #[serde(rename = "Type")]
    pub lb_type: Option<String>,
    pub ip_address_type: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetMapping {
    pub subnet_id: Option<String>,
}

pub(crate) fn valid_elb_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 32
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !n.starts_with('-')
        && !n.ends_with('-')
}

impl World {
    pub(crate) fn lb_index(&self, arn: &str) -> AwsResult<usize> {
        self.elbv2
            .load_balancers
            .iter()
            .position(|l| l.arn == arn)
            .ok_or_else(|| {
                err(
                    ErrorCode::LoadBalancerNotFound,
                    format!("Load balancer '{arn}' not found"),
                )
            })
    }

    /// The load balancers whose listeners or rules forward to a target group.
    pub fn load_balancers_of(&self, tg_arn: &str) -> Vec<String> {
        let mut out = vec![];
        for l in &self.elbv2.listeners {
            let uses = l
                .default_actions
                .iter()
                .chain(l.rules.iter().flat_map(|r| r.actions.iter()))
                .any(|a| match &a.kind {
                    ActionKind::Forward(groups) => groups.iter().any(|(g, _)| g == tg_arn),
                    _ => false,
                });
            if uses && !out.contains(&l.load_balancer_arn) {
                out.push(l.load_balancer_arn.clone());
            }
        }
        out
    }

    pub(crate) fn lb_json(&self, lb: &LoadBalancer) -> Value {
        json!({
            "LoadBalancerArn": lb.arn,
            "DNSName": lb.dns_name,
            "CanonicalHostedZoneId": CANONICAL_HOSTED_ZONE_ID,
            "CreatedTime": crate::clock::wire_seconds(lb.created_at),
            "LoadBalancerName": lb.name,
            "Scheme": if lb.internal { "internal" } else { "internet-facing" },
            "VpcId": lb.vpc_id,
            "State": {"Code": lb.state},
            "Type": lb.lb_type,
            "AvailabilityZones": lb.zones.iter().map(|(z, s)| json!({"ZoneName": z, "SubnetId": s, "LoadBalancerAddresses": []})).collect::<Vec<_>>(),
            "SecurityGroups": lb.security_groups,
            "IpAddressType": lb.ip_address_type,
        })
    }

    pub(crate) fn elb_create_load_balancer(
        &mut self,
        req: CreateLoadBalancerRequest,
    ) -> AwsResult<Value> {
        if !valid_elb_name(&req.name) || req.name.starts_with("internal-") {
            return Err(err(
                ErrorCode::ValidationError,
                format!("LoadBalancer name '{}' cannot be longer than '32' characters, must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen or begin with 'internal-'. (sandbox wording)", req.name),
            ));
        }
        let lb_type = req.lb_type.clone().unwrap_or_else(|| "application".into());
        if lb_type != "application" {
            return Err(Self::not_yet(&format!(
                "A load balancer of type '{lb_type}'"
            )));
        }
        let (zones, vpc_id) = self.load_balancer_zones(&req)?;
        let groups = self.load_balancer_security_groups(&req, &vpc_id)?;
        let internal = match req.scheme.as_deref() {
            None | Some("internet-facing") => false,
            Some("internal") => true,
            Some(other) => return Err(err(ErrorCode::ValidationError, format!("1 validation error detected: Value '{other}' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]"))),
        };
        if let Some(existing) = self
            .elbv2
            .load_balancers
            .iter()
            .find(|l| l.name == req.name)
        {
            let same = existing.zones == zones && existing.internal == internal;
            if same {
                return Ok(json!({ "LoadBalancers": [self.lb_json(existing)] }));
            }
            return Err(err(
                ErrorCode::DuplicateLoadBalancerName,
                format!(
                    "A load balancer with the same name '{}' exists, but with different settings",
                    req.name
                ),
            ));
        }
        let id = self.rng.hex(16);
        let digits = self.rng.digits(10);
        let dns_name = format!(
            "{}{}-{digits}.{REGION}.elb.amazonaws.com",
            if internal { "internal-" } else { "" },
            req.name
        );
        let lb = LoadBalancer {
            arn: elb_arn(&format!("loadbalancer/app/{}/{id}", req.name)),
            name: req.name,
            dns_name,
            internal,
            lb_type,
            zones,
            vpc_id,
            security_groups: groups,
            ip_address_type: req.ip_address_type.unwrap_or_else(|| "ipv4".into()),
            state: LbState::Provisioning,
            active_at: self.now + PROVISIONING_TIME,
            created_at: self.now,
        };
        let out = json!({ "LoadBalancers": [self.lb_json(&lb)] });
        self.elbv2.load_balancers.push(lb);
        Ok(out)
    }

    /// The load balancer's (zone, subnet) pairs and its VPC: subnets of one VPC, one per zone, in
    /// at least two zones.
    fn load_balancer_zones(
        &self,
        req: &CreateLoadBalancerRequest,
    ) -> AwsResult<(Vec<(String, String)>, String)> {
        let mut subnet_ids: Vec<String> = req.subnets.clone();
        subnet_ids.extend(
            req.subnet_mappings
                .iter()
                .filter_map(|m| m.subnet_id.clone()),
        );
        let mut zones: Vec<(String, String)> = vec![];
        let mut vpc: Option<String> = None;
        for id in &subnet_ids {
            let s = self.ec2.subnet(id).ok_or_else(|| {
                err(
                    ErrorCode::SubnetNotFound,
                    format!("The subnet ID '{id}' is not valid"),
                )
            })?;
            if vpc.as_ref().is_some_and(|v| v != &s.vpc_id) {
                return Err(err(
                    ErrorCode::InvalidConfigurationRequest,
                    "All subnets must belong to the same VPC. (sandbox wording)",
                ));
            }
            vpc = Some(s.vpc_id.clone());
            if zones.iter().any(|(z, _)| *z == s.availability_zone) {
                return Err(err(
                    ErrorCode::InvalidConfigurationRequest,
                    format!("You cannot specify multiple subnets in the same Availability Zone ({}). (sandbox wording)", s.availability_zone),
                ));
            }
            zones.push((s.availability_zone.clone(), id.clone()));
        }
        if zones.len() < 2 {
            return Err(err(
                ErrorCode::ValidationError,
                "At least two subnets in two different Availability Zones must be specified",
            ));
        }
        Ok((zones, vpc.unwrap_or_default()))
    }

    /// The requested security groups (in the VPC), or the VPC's default group.
    fn load_balancer_security_groups(
        &self,
        req: &CreateLoadBalancerRequest,
        vpc_id: &str,
    ) -> AwsResult<Vec<String>> {
        let mut groups = req.security_groups.clone();
        for g in &groups {
            if !self
                .ec2
                .security_groups
                .iter()
                .any(|x| &x.group_id == g && x.vpc_id == vpc_id)
            {
                return Err(err(
                    ErrorCode::InvalidSecurityGroup,
                    format!("One or more security groups are invalid ('{g}'). (sandbox wording)"),
                ));
            }
        }
        if groups.is_empty() {
            if let Some(sg) = self
                .ec2
                .security_groups
                .iter()
                .find(|g| g.vpc_id == vpc_id && g.group_name == "default")
            {
                groups.push(sg.group_id.clone());
            }
        }
        Ok(groups)
    }

    pub(crate) fn elb_describe_load_balancers(&self, req: DescribeRequest) -> AwsResult<Value> {
        for a in &req.load_balancer_arns {
            self.lb_index(a)?;
        }
        for n in &req.names {
            if !self.elbv2.load_balancers.iter().any(|l| &l.name == n) {
                return Err(err(
                    ErrorCode::LoadBalancerNotFound,
                    format!("Load balancers '[{n}]' not found"),
                ));
            }
        }
        let lbs: Vec<Value> = self
            .elbv2
            .load_balancers
            .iter()
            .filter(|l| {
                (req.load_balancer_arns.is_empty() && req.names.is_empty())
                    || req.load_balancer_arns.contains(&l.arn)
                    || req.names.contains(&l.name)
            })
            .map(|l| self.lb_json(l))
            .collect();
        Ok(json!({ "LoadBalancers": lbs }))
    }

    pub(crate) fn elb_delete_load_balancer(&mut self, req: DescribeRequest) -> AwsResult<Value> {
        let arn = req.load_balancer_arn.unwrap_or_default();
        if let Ok(i) = self.lb_index(&arn) {
            self.elbv2.load_balancers.remove(i);
            self.elbv2.listeners.retain(|l| l.load_balancer_arn != arn);
        }
        Ok(json!({}))
    }
}
