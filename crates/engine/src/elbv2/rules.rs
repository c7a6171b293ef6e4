//! Listener rules: create, describe, modify, delete, and their priorities.

use crate::elbv2::actions::{action_json, condition_json, ActionIn, ConditionIn};
use crate::elbv2::requests::{elb_arn, err, DescribeRequest};
use crate::elbv2::state::ListenerRule;
use crate::error::{AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

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

impl World {
    pub(crate) fn listener_rule_json(r: &ListenerRule) -> Value {
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

    pub(crate) fn find_rule(&self, arn: &str) -> AwsResult<(usize, Option<usize>)> {
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
}
