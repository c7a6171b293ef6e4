//! ELBv2's state: load balancers, target groups with their registered targets and health, and
//! listeners with their rules; the path the last request took.

use crate::clock::Millis;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Elbv2 {
    pub(crate) load_balancers: Vec<LoadBalancer>,
    pub(crate) target_groups: Vec<TargetGroup>,
    pub(crate) listeners: Vec<Listener>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LbState {
    Provisioning,
    Active,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadBalancer {
    pub name: String,
    pub arn: String,
    pub dns_name: String,
    pub internal: bool,
    pub lb_type: String,
    /// (zone, subnet)
    pub zones: Vec<(String, String)>,
    pub vpc_id: String,
    pub security_groups: Vec<String>,
    pub ip_address_type: String,
    pub state: LbState,
    pub active_at: Millis,
    pub created_at: Millis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetType {
    Instance,
    Ip,
    Lambda,
    Alb,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthCheck {
    pub protocol: String,
    /// `traffic-port` or a number.
    pub port: String,
    pub path: String,
    pub interval: u64,
    pub timeout: u64,
    pub healthy_threshold: u64,
    pub unhealthy_threshold: u64,
    pub matcher: String,
    pub enabled: bool,
}

/// Where a registered target is in its health life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetState {
    /// Registered; health checks start (state `initial`).
    Initial,
    Healthy,
    Unhealthy,
    /// Deregistered; connections drain until the deregistration delay ends.
    Draining,
}

impl TargetState {
    /// The `TargetHealth.State` describe-target-health reports.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::Initial => "initial",
            TargetState::Healthy => "healthy",
            TargetState::Unhealthy => "unhealthy",
            TargetState::Draining => "draining",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisteredTarget {
    pub id: String,
    pub port: u16,
    pub availability_zone: Option<String>,
    pub state: TargetState,
    pub registered_at: Millis,
    /// When the state last changed (health checks count from here).
    pub since: Millis,
    /// Draining ends at this time.
    pub drain_until: Option<Millis>,
}

impl RegisteredTarget {
    /// A target just registered: health checks start (`initial`).
    pub fn new(id: String, port: u16, availability_zone: Option<String>, now: Millis) -> Self {
        RegisteredTarget {
            id,
            port,
            availability_zone,
            state: TargetState::Initial,
            registered_at: now,
            since: now,
            drain_until: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetGroup {
    pub name: String,
    pub arn: String,
    pub protocol: Option<String>,
    pub port: Option<u16>,
    pub vpc_id: Option<String>,
    pub target_type: TargetType,
    pub health_check: HealthCheck,
    pub deregistration_delay: u64,
    pub targets: Vec<RegisteredTarget>,
    /// Round-robin position for routing.
    pub next_target: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ActionKind {
    Forward(Vec<(String, i64)>),
    FixedResponse {
        status: String,
        content_type: Option<String>,
        body: Option<String>,
    },
    Redirect {
        status: String,
        protocol: Option<String>,
        host: Option<String>,
        port: Option<String>,
        path: Option<String>,
        query: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub kind: ActionKind,
    pub order: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ConditionKind {
    PathPattern(Vec<String>),
    HostHeader(Vec<String>),
    HttpHeader(String, Vec<String>),
    Method(Vec<String>),
    QueryString(Vec<(Option<String>, String)>),
    SourceIp(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListenerRule {
    pub arn: String,
    pub priority: u32,
    pub conditions: Vec<ConditionKind>,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Listener {
    pub arn: String,
    pub load_balancer_arn: String,
    pub port: u16,
    pub protocol: String,
    pub default_actions: Vec<Action>,
    pub default_rule_arn: String,
    pub rules: Vec<ListenerRule>,
}

/// The path the last request through a load balancer took, for the app to highlight.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPath {
    pub load_balancer: String,
    pub target_group: Option<String>,
    pub task: Option<String>,
}

/// Read-only views: outside the engine this state changes only through the operations.
impl Elbv2 {
    pub fn load_balancers(&self) -> &[LoadBalancer] {
        &self.load_balancers
    }

    pub fn target_groups(&self) -> &[TargetGroup] {
        &self.target_groups
    }

    pub fn listeners(&self) -> &[Listener] {
        &self.listeners
    }
}
