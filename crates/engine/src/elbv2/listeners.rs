//! Listeners: create, describe, modify, delete.

use crate::elbv2::actions::{action_json, ActionIn};
use crate::elbv2::requests::{elb_arn, err, DescribeRequest};
use crate::elbv2::state::Listener;
use crate::error::{AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerRequest {
    pub load_balancer_arn: Option<String>,
    pub listener_arn: Option<String>,
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub default_actions: Option<Vec<ActionIn>>,
}

impl World {
    pub(crate) fn listener_index(&self, arn: &str) -> AwsResult<usize> {
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

    pub(crate) fn listener_json(l: &Listener) -> Value {
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
}
