//! Target groups: create, describe, modify (health checks), delete, and their attributes.

use crate::elbv2::load_balancers::valid_elb_name;
use crate::elbv2::requests::{elb_arn, err, DescribeRequest};
use crate::elbv2::state::{HealthCheck, TargetGroup, TargetType};
use crate::error::{AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTargetGroupRequest {
    pub name: String,
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub vpc_id: Option<String>,
    pub target_type: Option<TargetType>,
    #[serde(flatten)]
    pub health: HealthCheckSettings,
}

/// The health-check members CreateTargetGroup and ModifyTargetGroup share.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckSettings {
    pub health_check_protocol: Option<String>,
    pub health_check_port: Option<String>,
    pub health_check_path: Option<String>,
    pub health_check_enabled: Option<bool>,
    pub health_check_interval_seconds: Option<i64>,
    pub health_check_timeout_seconds: Option<i64>,
    pub healthy_threshold_count: Option<i64>,
    pub unhealthy_threshold_count: Option<i64>,
    pub matcher: Option<MatcherIn>,
}

impl HealthCheckSettings {
    /// Applies the given settings, within the ranges ELB allows.
    fn apply(self, hc: &mut HealthCheck) {
        if let Some(v) = self.health_check_protocol {
            hc.protocol = v;
        }
        if let Some(v) = self.health_check_port {
            hc.port = v;
        }
        if let Some(v) = self.health_check_path {
            hc.path = v;
        }
        if let Some(v) = self.health_check_enabled {
            hc.enabled = v;
        }
        if let Some(v) = self.health_check_interval_seconds {
            hc.interval = v.clamp(5, 300) as u64;
        }
        if let Some(v) = self.health_check_timeout_seconds {
            hc.timeout = v.clamp(2, 120) as u64;
        }
        if let Some(v) = self.healthy_threshold_count {
            hc.healthy_threshold = v.clamp(2, 10) as u64;
        }
        if let Some(v) = self.unhealthy_threshold_count {
            hc.unhealthy_threshold = v.clamp(2, 10) as u64;
        }
        if let Some(m) = self.matcher.and_then(|m| m.http_code) {
            hc.matcher = m;
        }
    }
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct MatcherIn {
    pub http_code: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyTargetGroupRequest {
    pub target_group_arn: String,
    #[serde(flatten)]
    pub health: HealthCheckSettings,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct TgAttributesRequest {
    pub target_group_arn: String,
    #[serde(default)]
    pub attributes: Vec<AttributeIn>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeIn {
    pub key: Option<String>,
    pub value: Option<String>,
}

impl World {
    pub(crate) fn tg_index(&self, arn: &str) -> AwsResult<usize> {
        self.elbv2
            .target_groups
            .iter()
            .position(|t| t.arn == arn)
            .ok_or_else(|| {
                err(
                    ErrorCode::TargetGroupNotFound,
                    format!("Target groups '{arn}' not found"),
                )
            })
    }

    pub(crate) fn tg_json(&self, tg: &TargetGroup) -> Value {
        let hc = &tg.health_check;
        crate::wire::strip_nulls(json!({
            "TargetGroupArn": tg.arn,
            "TargetGroupName": tg.name,
            "Protocol": tg.protocol,
            "Port": tg.port,
            "VpcId": tg.vpc_id,
            "HealthCheckProtocol": hc.protocol,
            "HealthCheckPort": hc.port,
            "HealthCheckEnabled": hc.enabled,
            "HealthCheckIntervalSeconds": hc.interval,
            "HealthCheckTimeoutSeconds": hc.timeout,
            "HealthyThresholdCount": hc.healthy_threshold,
            "UnhealthyThresholdCount": hc.unhealthy_threshold,
            "HealthCheckPath": hc.path,
            "Matcher": {"HttpCode": hc.matcher},
            "LoadBalancerArns": self.load_balancers_of(&tg.arn),
            "TargetType": tg.target_type,
            "ProtocolVersion": "HTTP1",
            "IpAddressType": "ipv4",
        }))
    }

    pub(crate) fn elb_create_target_group(
        &mut self,
        mut req: CreateTargetGroupRequest,
    ) -> AwsResult<Value> {
        if !valid_elb_name(&req.name) {
            return Err(err(ErrorCode::ValidationError, format!("Target group name '{}' cannot be longer than '32' characters, must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen. (sandbox wording)", req.name)));
        }
        let target_type = req.target_type.unwrap_or(TargetType::Instance);
        if matches!(target_type, TargetType::Lambda | TargetType::Alb) {
            return Err(Self::not_yet("Lambda and ALB target groups"));
        }
        let protocol = req
            .protocol
            .clone()
            .ok_or_else(|| err(ErrorCode::ValidationError, "A protocol must be specified"))?;
        if !["HTTP", "HTTPS"].contains(&protocol.as_str()) {
            return Err(Self::not_yet(&format!(
                "A {protocol} target group (the sandbox has Application Load Balancers)"
            )));
        }
        let port = req
            .port
            .ok_or_else(|| err(ErrorCode::ValidationError, "A port must be specified"))?;
        if !(1..=65535).contains(&port) {
            return Err(err(
                ErrorCode::ValidationError,
                format!("1 validation error detected: Value '{port}' at 'port' failed to satisfy constraint: Member must have value between 1 and 65535"),
            ));
        }
        let vpc_id = req
            .vpc_id
            .clone()
            .ok_or_else(|| err(ErrorCode::ValidationError, "A VPC ID must be specified"))?;
        if !self.ec2.vpcs.iter().any(|v| v.vpc_id == vpc_id) {
            return Err(err(
                ErrorCode::ValidationError,
                format!("The VPC ID '{vpc_id}' is not found"),
            ));
        }
        // The defaults of an HTTP target group, then what was given.
        let mut hc = HealthCheck {
            protocol: protocol.clone(),
            port: "traffic-port".into(),
            path: "/".into(),
            interval: 30,
            timeout: 5,
            healthy_threshold: 5,
            unhealthy_threshold: 2,
            matcher: "200".into(),
            enabled: true,
        };
        std::mem::take(&mut req.health).apply(&mut hc);
        if let Some(existing) = self.elbv2.target_groups.iter().find(|t| t.name == req.name) {
            if existing.port == Some(port as u16)
                && existing.protocol.as_deref() == Some(protocol.as_str())
                && existing.vpc_id.as_deref() == Some(vpc_id.as_str())
                && existing.target_type == target_type
            {
                return Ok(json!({ "TargetGroups": [self.tg_json(existing)] }));
            }
            return Err(err(
                ErrorCode::DuplicateTargetGroupName,
                "A target group with the same name '".to_string()
                    + &req.name
                    + "' exists, but with different settings",
            ));
        }
        let tg = TargetGroup {
            arn: elb_arn(&format!("targetgroup/{}/{}", req.name, self.rng.hex(16))),
            name: req.name,
            protocol: Some(protocol),
            port: Some(port as u16),
            vpc_id: Some(vpc_id),
            target_type,
            health_check: hc,
            deregistration_delay: 300,
            targets: vec![],
            next_target: 0,
        };
        let out = json!({ "TargetGroups": [self.tg_json(&tg)] });
        self.elbv2.target_groups.push(tg);
        Ok(out)
    }

    pub(crate) fn elb_describe_target_groups(&self, req: DescribeRequest) -> AwsResult<Value> {
        for a in &req.target_group_arns {
            self.tg_index(a)?;
        }
        if let Some(lb) = &req.load_balancer_arn {
            self.lb_index(lb)?;
        }
        for n in &req.names {
            if !self.elbv2.target_groups.iter().any(|t| &t.name == n) {
                return Err(err(
                    ErrorCode::TargetGroupNotFound,
                    format!("Target groups '[{n}]' not found"),
                ));
            }
        }
        let tgs: Vec<Value> = self
            .elbv2
            .target_groups
            .iter()
            .filter(|t| req.target_group_arns.is_empty() || req.target_group_arns.contains(&t.arn))
            .filter(|t| req.names.is_empty() || req.names.contains(&t.name))
            .filter(|t| {
                req.load_balancer_arn
                    .as_ref()
                    .is_none_or(|lb| self.load_balancers_of(&t.arn).contains(lb))
            })
            .map(|t| self.tg_json(t))
            .collect();
        Ok(json!({ "TargetGroups": tgs }))
    }

    pub(crate) fn elb_delete_target_group(&mut self, req: DescribeRequest) -> AwsResult<Value> {
        let arn = req.target_group_arn.unwrap_or_default();
        let Ok(i) = self.tg_index(&arn) else {
            return Ok(json!({}));
        };
        if !self.load_balancers_of(&arn).is_empty() {
            return Err(err(
                ErrorCode::ResourceInUse,
                format!("Target group '{arn}' is currently in use by a listener or a rule"),
            ));
        }
        self.elbv2.target_groups.remove(i);
        Ok(json!({}))
    }

    pub(crate) fn elb_modify_target_group(
        &mut self,
        req: ModifyTargetGroupRequest,
    ) -> AwsResult<Value> {
        let i = self.tg_index(&req.target_group_arn)?;
        req.health
            .apply(&mut self.elbv2.target_groups[i].health_check);
        let tg = self.elbv2.target_groups[i].clone();
        Ok(json!({ "TargetGroups": [self.tg_json(&tg)] }))
    }

    pub(crate) fn tg_attributes(tg: &TargetGroup) -> Value {
        json!({ "Attributes": [
            {"Key": "deregistration_delay.timeout_seconds", "Value": tg.deregistration_delay.to_string()},
            {"Key": "stickiness.enabled", "Value": "false"},
            {"Key": "stickiness.type", "Value": "lb_cookie"},
            {"Key": "load_balancing.algorithm.type", "Value": "round_robin"},
            {"Key": "slow_start.duration_seconds", "Value": "0"},
        ]})
    }

    pub(crate) fn elb_describe_tg_attributes(&self, req: TgAttributesRequest) -> AwsResult<Value> {
        Ok(Self::tg_attributes(
            &self.elbv2.target_groups[self.tg_index(&req.target_group_arn)?],
        ))
    }

    pub(crate) fn elb_modify_tg_attributes(
        &mut self,
        req: TgAttributesRequest,
    ) -> AwsResult<Value> {
        let i = self.tg_index(&req.target_group_arn)?;
        for a in &req.attributes {
            match (a.key.as_deref(), a.value.as_deref()) {
                (Some("deregistration_delay.timeout_seconds"), Some(v)) => {
                    let n: u64 = v.parse().ok().filter(|n| *n <= 3600).ok_or_else(|| {
                        err(
                            ErrorCode::InvalidConfigurationRequest,
                            format!("'{v}' must be an integer between 0 and 3600 for deregistration_delay.timeout_seconds. (sandbox wording)"),
                        )
                    })?;
                    self.elbv2.target_groups[i].deregistration_delay = n;
                }
                (Some(k), _)
                    if [
                        "stickiness.enabled",
                        "stickiness.type",
                        "load_balancing.algorithm.type",
                        "slow_start.duration_seconds",
                    ]
                    .contains(&k) => {}
                (Some(k), _) => {
                    return Err(err(
                        ErrorCode::InvalidConfigurationRequest,
                        format!("Target group attribute key '{k}' is not recognized"),
                    ))
                }
                (None, _) => {
                    return Err(err(
                        ErrorCode::ValidationError,
                        "An attribute key must be specified. (sandbox wording)",
                    ))
                }
            }
        }
        Ok(Self::tg_attributes(&self.elbv2.target_groups[i]))
    }
}
