//! The ELBv2 API: load balancers, target groups, listeners, rules, target registration.

use super::*;
use crate::catalogue::{ACCOUNT_ID, REGION};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;
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

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRequest {
    #[serde(default)]
    pub load_balancer_arns: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub target_group_arns: Vec<String>,
    pub load_balancer_arn: Option<String>,
    #[serde(default)]
    pub listener_arns: Vec<String>,
    pub listener_arn: Option<String>,
    #[serde(default)]
    pub rule_arns: Vec<String>,
    pub target_group_arn: Option<String>,
    pub rule_arn: Option<String>,
}

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

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ActionIn {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub target_group_arn: Option<String>,
    pub forward_config: Option<ForwardConfigIn>,
    pub fixed_response_config: Option<FixedResponseIn>,
    pub redirect_config: Option<RedirectIn>,
    pub order: Option<i64>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ForwardConfigIn {
    #[serde(default)]
    pub target_groups: Vec<WeightedTg>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct WeightedTg {
    pub target_group_arn: Option<String>,
    pub weight: Option<i64>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct FixedResponseIn {
    pub status_code: Option<String>,
    pub content_type: Option<String>,
    pub message_body: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectIn {
    pub status_code: Option<String>,
    pub protocol: Option<String>,
    pub host: Option<String>,
    pub port: Option<String>,
    pub path: Option<String>,
    pub query: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerRequest {
    pub load_balancer_arn: Option<String>,
    pub listener_arn: Option<String>,
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub default_actions: Option<Vec<ActionIn>>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ConditionIn {
    pub field: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
    pub path_pattern_config: Option<ValuesIn>,
    pub host_header_config: Option<ValuesIn>,
    pub http_request_method_config: Option<ValuesIn>,
    pub source_ip_config: Option<ValuesIn>,
    pub http_header_config: Option<HttpHeaderIn>,
    pub query_string_config: Option<QueryStringIn>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ValuesIn {
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct HttpHeaderIn {
    pub http_header_name: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct QueryStringIn {
    #[serde(default)]
    pub values: Vec<KeyValueIn>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValueIn {
    pub key: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct RuleRequest {
    pub listener_arn: Option<String>,
    pub rule_arn: Option<String>,
    pub priority: Option<i64>,
    pub conditions: Option<Vec<ConditionIn>>,
    pub actions: Option<Vec<ActionIn>>,
    #[serde(default)]
    pub rule_priorities: Vec<PriorityPair>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct PriorityPair {
    pub rule_arn: Option<String>,
    pub priority: Option<i64>,
}

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

fn err(code: ErrorCode, msg: impl Into<String>) -> AwsError {
    AwsError::new(code, msg)
}

fn elb_arn(rest: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT_ID}:{rest}")
}

fn valid_elb_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 32
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !n.starts_with('-')
        && !n.ends_with('-')
}

pub fn action_json(a: &Action) -> Value {
    let mut v = match &a.kind {
        ActionKind::Forward(groups) => {
            let mut v = json!({
                "Type": "forward",
                "ForwardConfig": {
                    "TargetGroups": groups.iter().map(|(arn, w)| json!({"TargetGroupArn": arn, "Weight": w})).collect::<Vec<_>>(),
                    "TargetGroupStickinessConfig": {"Enabled": false}
                }
            });
            if groups.len() == 1 {
                v["TargetGroupArn"] = json!(groups[0].0);
            }
            v
        }
        ActionKind::FixedResponse {
            status,
            content_type,
            body,
        } => crate::wire::strip_nulls(json!({
            "Type": "fixed-response",
            "FixedResponseConfig": {"StatusCode": status, "ContentType": content_type, "MessageBody": body}
        })),
        ActionKind::Redirect {
            status,
            protocol,
            host,
            port,
            path,
            query,
        } => json!({
            "Type": "redirect",
            "RedirectConfig": {
                "Protocol": protocol.clone().unwrap_or_else(|| "#{protocol}".into()),
                "Port": port.clone().unwrap_or_else(|| "#{port}".into()),
                "Host": host.clone().unwrap_or_else(|| "#{host}".into()),
                "Path": path.clone().unwrap_or_else(|| "/#{path}".into()),
                "Query": query.clone().unwrap_or_else(|| "#{query}".into()),
                "StatusCode": status,
            }
        }),
    };
    if let (Some(o), Some(order)) = (v.as_object_mut(), a.order) {
        o.insert("Order".into(), json!(order));
    }
    v
}

pub fn condition_json(c: &ConditionKind) -> Value {
    match c {
        ConditionKind::PathPattern(v) => {
            json!({"Field": "path-pattern", "Values": v, "PathPatternConfig": {"Values": v}})
        }
        ConditionKind::HostHeader(v) => {
            json!({"Field": "host-header", "Values": v, "HostHeaderConfig": {"Values": v}})
        }
        ConditionKind::HttpHeader(name, v) => {
            json!({"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": name, "Values": v}})
        }
        ConditionKind::Method(v) => {
            json!({"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": v}})
        }
        ConditionKind::QueryString(v) => {
            json!({"Field": "query-string", "QueryStringConfig": {"Values": v.iter().map(|(k, val)| crate::wire::strip_nulls(json!({"Key": k, "Value": val}))).collect::<Vec<_>>()}})
        }
        ConditionKind::SourceIp(v) => {
            json!({"Field": "source-ip", "SourceIpConfig": {"Values": v}})
        }
    }
}

impl World {
    fn lb_index(&self, arn: &str) -> AwsResult<usize> {
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

    fn listener_index(&self, arn: &str) -> AwsResult<usize> {
        self.elbv2
            .listeners
            .iter()
            .position(|l| l.arn == arn)
            .ok_or_else(|| {
                err(
                    ErrorCode::ListenerNotFound,
                    "One or more listeners not found",
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

    fn lb_json(&self, lb: &LoadBalancer) -> Value {
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
        let vpc_id = vpc.unwrap_or_default();
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

    fn tg_json(&self, tg: &TargetGroup) -> Value {
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

    fn tg_attributes(tg: &TargetGroup) -> Value {
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

    /// Typed actions; forward targets must exist and be usable by this load balancer.
    fn parse_actions(&self, actions: &[ActionIn], lb_arn: &str) -> AwsResult<Vec<Action>> {
        if actions.is_empty() {
            return Err(err(
                ErrorCode::ValidationError,
                "At least one action must be specified. (sandbox wording)",
            ));
        }
        let mut out = vec![];
        for a in actions {
            let kind = match a.kind.as_deref() {
                Some("forward") => {
                    let mut groups: Vec<(String, i64)> = vec![];
                    if let Some(arn) = &a.target_group_arn {
                        groups.push((arn.clone(), 1));
                    }
                    if let Some(fc) = &a.forward_config {
                        for g in &fc.target_groups {
                            if let Some(arn) = &g.target_group_arn {
                                if !groups.iter().any(|(x, _)| x == arn) {
                                    groups.push((arn.clone(), g.weight.unwrap_or(1)));
                                }
                            }
                        }
                    }
                    if groups.is_empty() {
                        return Err(err(ErrorCode::ValidationError, "A target group ARN must be specified for a forward action. (sandbox wording)"));
                    }
                    for (g, _) in &groups {
                        let tg = &self.elbv2.target_groups[self.tg_index(g)?];
                        let lbs = self.load_balancers_of(g);
                        if lbs.iter().any(|l| l != lb_arn) {
                            return Err(err(ErrorCode::TargetGroupAssociationLimit, format!("The following target groups cannot be associated with more than one load balancer: {g}")));
                        }
                        let lb = &self.elbv2.load_balancers[self.lb_index(lb_arn)?];
                        if tg.vpc_id.as_deref() != Some(lb.vpc_id.as_str()) {
                            return Err(err(ErrorCode::InvalidConfigurationRequest, format!("The target group '{g}' is not in the load balancer's VPC. (sandbox wording)")));
                        }
                    }
                    ActionKind::Forward(groups)
                }
                Some("fixed-response") => {
                    let c = a.fixed_response_config.clone().unwrap_or_default();
                    let status = c.status_code.ok_or_else(|| err(ErrorCode::ValidationError, "A status code must be specified for a fixed-response action. (sandbox wording)"))?;
                    if !(status.len() == 3 && (status.starts_with('2') || status.starts_with('4') || status.starts_with('5')) && status.chars().all(|c| c.is_ascii_digit())) {
                        return Err(err(ErrorCode::ValidationError, format!("Fixed-response status code '{status}' must be 2XX, 4XX or 5XX. (sandbox wording)")));
                    }
                    ActionKind::FixedResponse { status, content_type: c.content_type, body: c.message_body }
                }
                Some("redirect") => {
                    let c = a.redirect_config.clone().unwrap_or_default();
                    let status = c.status_code.ok_or_else(|| err(ErrorCode::ValidationError, "A status code (HTTP_301 or HTTP_302) must be specified for a redirect action. (sandbox wording)"))?;
                    ActionKind::Redirect { status, protocol: c.protocol, host: c.host, port: c.port, path: c.path, query: c.query }
                }
                Some(k) if k.starts_with("authenticate") || k == "jwt-validation" => return Err(Self::not_yet(&format!("The {k} action"))),
                Some(other) => return Err(err(ErrorCode::ValidationError, format!("Action type '{other}' must be one of 'forward, redirect, fixed-response, authenticate-oidc, authenticate-cognito, jwt-validation'. (sandbox wording)"))),
                None => return Err(err(ErrorCode::ValidationError, "An action type must be specified. (sandbox wording)")),
            };
            out.push(Action {
                kind,
                order: a.order,
            });
        }
        Ok(out)
    }

    fn listener_json(l: &Listener) -> Value {
        json!({
            "ListenerArn": l.arn,
            "LoadBalancerArn": l.load_balancer_arn,
            "Port": l.port,
            "Protocol": l.protocol,
            "DefaultActions": l.default_actions.iter().map(action_json).collect::<Vec<_>>(),
        })
    }

    pub(crate) fn elb_create_listener(&mut self, req: ListenerRequest) -> AwsResult<Value> {
        let lb_arn = req.load_balancer_arn.clone().unwrap_or_default();
        let lb_i = self.lb_index(&lb_arn)?;
        let protocol = req.protocol.clone().unwrap_or_else(|| "HTTP".into());
        if protocol == "HTTPS" {
            return Err(Self::not_yet("An HTTPS listener (certificates)"));
        }
        if protocol != "HTTP" {
            return Err(err(
                ErrorCode::ValidationError,
                format!("Listener protocol '{protocol}' must be one of 'HTTPS, HTTP' for an Application Load Balancer. (sandbox wording)"),
            ));
        }
        let port = req.port.unwrap_or(80);
        if !(1..=65535).contains(&port) {
            return Err(err(
                ErrorCode::ValidationError,
                format!("1 validation error detected: Value '{port}' at 'port' failed to satisfy constraint: Member must have value between 1 and 65535"),
            ));
        }
        let actions = self.parse_actions(req.default_actions.as_deref().unwrap_or(&[]), &lb_arn)?;
        if let Some(existing) = self
            .elbv2
            .listeners
            .iter()
            .find(|l| l.load_balancer_arn == lb_arn && l.port == port as u16)
        {
            if existing.default_actions == actions {
                return Ok(json!({ "Listeners": [Self::listener_json(existing)] }));
            }
            return Err(err(
                ErrorCode::DuplicateListener,
                "A listener already exists on this port for this load balancer",
            ));
        }
        let lb = &self.elbv2.load_balancers[lb_i];
        let lb_tail = lb
            .arn
            .split("loadbalancer/")
            .nth(1)
            .unwrap_or("")
            .to_string();
        let lid = self.rng.hex(16);
        let arn = elb_arn(&format!("listener/{lb_tail}/{lid}"));
        let default_rule_arn = elb_arn(&format!(
            "listener-rule/{lb_tail}/{lid}/{}",
            self.rng.hex(16)
        ));
        let l = Listener {
            arn,
            load_balancer_arn: lb_arn,
            port: port as u16,
            protocol,
            default_actions: actions,
            default_rule_arn,
            rules: vec![],
        };
        let out = json!({ "Listeners": [Self::listener_json(&l)] });
        self.elbv2.listeners.push(l);
        Ok(out)
    }

    pub(crate) fn elb_describe_listeners(&self, req: DescribeRequest) -> AwsResult<Value> {
        if req.load_balancer_arn.is_none() && req.listener_arns.is_empty() {
            return Err(err(
                ErrorCode::ValidationError,
                "You must specify either listener ARNs or a load balancer ARN",
            ));
        }
        if let Some(lb) = &req.load_balancer_arn {
            self.lb_index(lb)?;
        }
        for a in &req.listener_arns {
            self.listener_index(a)?;
        }
        let ls: Vec<Value> = self
            .elbv2
            .listeners
            .iter()
            .filter(|l| {
                req.load_balancer_arn
                    .as_ref()
                    .is_none_or(|lb| &l.load_balancer_arn == lb)
            })
            .filter(|l| req.listener_arns.is_empty() || req.listener_arns.contains(&l.arn))
            .map(Self::listener_json)
            .collect();
        Ok(json!({ "Listeners": ls }))
    }

    pub(crate) fn elb_modify_listener(&mut self, req: ListenerRequest) -> AwsResult<Value> {
        let i = self.listener_index(&req.listener_arn.clone().unwrap_or_default())?;
        let lb = self.elbv2.listeners[i].load_balancer_arn.clone();
        if let Some(actions) = &req.default_actions {
            let parsed = self.parse_actions(actions, &lb)?;
            self.elbv2.listeners[i].default_actions = parsed;
        }
        if let Some(p) = req.port {
            if self
                .elbv2
                .listeners
                .iter()
                .enumerate()
                .any(|(j, l)| j != i && l.load_balancer_arn == lb && l.port == p as u16)
            {
                return Err(err(
                    ErrorCode::DuplicateListener,
                    "A listener already exists on this port for this load balancer",
                ));
            }
            self.elbv2.listeners[i].port = p as u16;
        }
        Ok(json!({ "Listeners": [Self::listener_json(&self.elbv2.listeners[i])] }))
    }

    pub(crate) fn elb_delete_listener(&mut self, req: DescribeRequest) -> AwsResult<Value> {
        let i = self.listener_index(&req.listener_arn.unwrap_or_default())?;
        self.elbv2.listeners.remove(i);
        Ok(json!({}))
    }

    fn parse_conditions(conditions: &[ConditionIn]) -> AwsResult<Vec<ConditionKind>> {
        let mut out = vec![];
        let mut seen: Vec<String> = vec![];
        for c in conditions {
            let field = c.field.clone().ok_or_else(|| {
                err(
                    ErrorCode::ValidationError,
                    "A condition field must be specified. (sandbox wording)",
                )
            })?;
            let values = |cfg: &Option<ValuesIn>| {
                if c.values.is_empty() {
                    cfg.as_ref().map(|v| v.values.clone()).unwrap_or_default()
                } else {
                    c.values.clone()
                }
            };
            let kind = match field.as_str() {
                "path-pattern" => {
                    let v = values(&c.path_pattern_config);
                    if let Some(long) = v.iter().find(|p| p.len() > 128) {
                        return Err(err(ErrorCode::ValidationError, format!("The path pattern '{long}' is longer than 128 characters. (sandbox wording)")));
                    }
                    ConditionKind::PathPattern(v)
                }
                "host-header" => ConditionKind::HostHeader(values(&c.host_header_config)),
                "http-request-method" => ConditionKind::Method(values(&c.http_request_method_config)),
                "source-ip" => ConditionKind::SourceIp(values(&c.source_ip_config)),
                "http-header" => {
                    let h = c.http_header_config.clone().unwrap_or_default();
                    ConditionKind::HttpHeader(h.http_header_name.unwrap_or_default(), h.values)
                }
                "query-string" => ConditionKind::QueryString(
                    c.query_string_config.clone().unwrap_or_default().values.into_iter().map(|kv| (kv.key, kv.value.unwrap_or_default())).collect(),
                ),
                other => {
                    return Err(err(
                        ErrorCode::ValidationError,
                        format!(
                            "Condition field '{other}' must be one of '[http-header, http-request-method, host-header, path-pattern, query-string, source-ip]'"
                        ),
                    ))
                }
            };
            let empty = match &kind {
                ConditionKind::PathPattern(v)
                | ConditionKind::HostHeader(v)
                | ConditionKind::Method(v)
                | ConditionKind::SourceIp(v)
                | ConditionKind::HttpHeader(_, v) => v.is_empty(),
                ConditionKind::QueryString(v) => v.is_empty(),
            };
            if empty {
                return Err(err(
                    ErrorCode::ValidationError,
                    format!(
                        "A condition '{field}' must have at least one value. (sandbox wording)"
                    ),
                ));
            }
            if field != "http-header" && field != "query-string" {
                if seen.contains(&field) {
                    return Err(err(
                        ErrorCode::ValidationError,
                        format!("A rule can only have one '{field}' condition"),
                    ));
                }
                seen.push(field);
            }
            out.push(kind);
        }
        if out.is_empty() {
            return Err(err(
                ErrorCode::ValidationError,
                "A rule must have at least one condition. (sandbox wording)",
            ));
        }
        Ok(out)
    }

    fn listener_rule_json(r: &ListenerRule) -> Value {
        json!({
            "RuleArn": r.arn,
            "Priority": r.priority.to_string(),
            "Conditions": r.conditions.iter().map(condition_json).collect::<Vec<_>>(),
            "Actions": r.actions.iter().map(action_json).collect::<Vec<_>>(),
            "IsDefault": false,
        })
    }

    pub(crate) fn elb_create_rule(&mut self, req: RuleRequest) -> AwsResult<Value> {
        let li = self.listener_index(&req.listener_arn.clone().unwrap_or_default())?;
        let priority = req.priority.unwrap_or(0);
        if !(1..=50000).contains(&priority) {
            return Err(err(
                ErrorCode::ValidationError,
                format!(
                    "1 validation error detected: Value '{priority}' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000"
                ),
            ));
        }
        let conditions = Self::parse_conditions(req.conditions.as_deref().unwrap_or(&[]))?;
        let lb = self.elbv2.listeners[li].load_balancer_arn.clone();
        let actions = self.parse_actions(req.actions.as_deref().unwrap_or(&[]), &lb)?;
        if self.elbv2.listeners[li]
            .rules
            .iter()
            .any(|r| r.priority == priority as u32)
        {
            return Err(err(
                ErrorCode::PriorityInUse,
                format!("Priority '{priority}' is currently in use"),
            ));
        }
        let tail = self.elbv2.listeners[li]
            .arn
            .split("listener/")
            .nth(1)
            .unwrap_or("")
            .to_string();
        let rule = ListenerRule {
            arn: elb_arn(&format!("listener-rule/{tail}/{}", self.rng.hex(16))),
            priority: priority as u32,
            conditions,
            actions,
        };
        let out = json!({ "Rules": [Self::listener_rule_json(&rule)] });
        let l = &mut self.elbv2.listeners[li];
        l.rules.push(rule);
        l.rules.sort_by_key(|r| r.priority);
        Ok(out)
    }

    fn find_rule(&self, arn: &str) -> AwsResult<(usize, Option<usize>)> {
        for (li, l) in self.elbv2.listeners.iter().enumerate() {
            if l.default_rule_arn == arn {
                return Ok((li, None));
            }
            if let Some(ri) = l.rules.iter().position(|r| r.arn == arn) {
                return Ok((li, Some(ri)));
            }
        }
        Err(err(ErrorCode::RuleNotFound, "One or more rules not found"))
    }

    pub(crate) fn elb_describe_rules(&self, req: DescribeRequest) -> AwsResult<Value> {
        let mut out = vec![];
        if let Some(la) = &req.listener_arn {
            let l = &self.elbv2.listeners[self.listener_index(la)?];
            out.extend(l.rules.iter().map(Self::listener_rule_json));
            out.push(json!({"RuleArn": l.default_rule_arn, "Priority": "default", "Conditions": [], "Actions": l.default_actions.iter().map(action_json).collect::<Vec<_>>(), "IsDefault": true}));
        } else if !req.rule_arns.is_empty() {
            for a in &req.rule_arns {
                let (li, ri) = self.find_rule(a)?;
                let l = &self.elbv2.listeners[li];
                out.push(match ri {
                    Some(ri) => Self::listener_rule_json(&l.rules[ri]),
                    None => json!({"RuleArn": l.default_rule_arn, "Priority": "default", "Conditions": [], "Actions": l.default_actions.iter().map(action_json).collect::<Vec<_>>(), "IsDefault": true}),
                });
            }
        } else {
            return Err(err(
                ErrorCode::ValidationError,
                "You must specify either listener ARN or rule ARNs",
            ));
        }
        Ok(json!({ "Rules": out }))
    }

    pub(crate) fn elb_modify_rule(&mut self, req: RuleRequest) -> AwsResult<Value> {
        let (li, ri) = self.find_rule(&req.rule_arn.clone().unwrap_or_default())?;
        let lb = self.elbv2.listeners[li].load_balancer_arn.clone();
        let actions = match &req.actions {
            Some(a) => Some(self.parse_actions(a, &lb)?),
            None => None,
        };
        let conditions = match &req.conditions {
            Some(c) => Some(Self::parse_conditions(c)?),
            None => None,
        };
        let Some(ri) = ri else {
            if let Some(a) = actions {
                self.elbv2.listeners[li].default_actions = a;
            }
            return self.elb_describe_rules(DescribeRequest {
                rule_arns: vec![req.rule_arn.unwrap_or_default()],
                ..Default::default()
            });
        };
        let rule = &mut self.elbv2.listeners[li].rules[ri];
        if let Some(a) = actions {
            rule.actions = a;
        }
        if let Some(c) = conditions {
            rule.conditions = c;
        }
        Ok(json!({ "Rules": [Self::listener_rule_json(rule)] }))
    }

    pub(crate) fn elb_delete_rule(&mut self, req: RuleRequest) -> AwsResult<Value> {
        let (li, ri) = self.find_rule(&req.rule_arn.unwrap_or_default())?;
        let Some(ri) = ri else {
            return Err(err(
                ErrorCode::InvalidConfigurationRequest,
                "A default rule cannot be deleted. (sandbox wording)",
            ));
        };
        self.elbv2.listeners[li].rules.remove(ri);
        Ok(json!({}))
    }

    pub(crate) fn elb_set_rule_priorities(&mut self, req: RuleRequest) -> AwsResult<Value> {
        let mut changed = vec![];
        for p in &req.rule_priorities {
            let arn = p.rule_arn.clone().unwrap_or_default();
            let (li, ri) = self.find_rule(&arn)?;
            let ri = ri.ok_or_else(|| {
                err(
                    ErrorCode::InvalidConfigurationRequest,
                    "The priority of a default rule cannot be changed. (sandbox wording)",
                )
            })?;
            let priority = p.priority.unwrap_or(0);
            if !(1..=50000).contains(&priority) {
                return Err(err(ErrorCode::ValidationError, format!("1 validation error detected: Value '{priority}' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000")));
            }
            changed.push((li, ri, priority as u32));
        }
        for &(li, ri, priority) in &changed {
            let clash = self.elbv2.listeners[li]
                .rules
                .iter()
                .enumerate()
                .any(|(j, r)| {
                    j != ri
                        && r.priority == priority
                        && !changed.iter().any(|&(l2, r2, _)| l2 == li && r2 == j)
                });
            if clash {
                return Err(err(
                    ErrorCode::PriorityInUse,
                    format!("Priority '{priority}' is currently in use"),
                ));
            }
        }
        let mut out = vec![];
        for (li, ri, priority) in changed {
            self.elbv2.listeners[li].rules[ri].priority = priority;
            out.push(Self::listener_rule_json(
                &self.elbv2.listeners[li].rules[ri],
            ));
        }
        for l in &mut self.elbv2.listeners {
            l.rules.sort_by_key(|r| r.priority);
        }
        Ok(json!({ "Rules": out }))
    }

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
