//! Rules: put (with a cron or rate schedule), describe, list, enable, disable, delete.

use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::events::cron::Schedule;
use crate::events::state::{Rule, RuleState, Target};
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct PutRuleRequest {
    pub name: String,
    pub schedule_expression: Option<String>,
    pub event_pattern: Option<String>,
    pub state: Option<String>,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub event_bus_name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct NameRequest {
    pub name: Option<String>,
    pub rule: Option<String>,
    pub name_prefix: Option<String>,
    pub event_bus_name: Option<String>,
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
    pub force: Option<bool>,
}

pub(crate) fn not_found(name: &str) -> AwsError {
    AwsError::new(
        ErrorCode::ResourceNotFoundException,
        format!("Rule {name} does not exist on EventBus default."),
    )
}

impl World {
    pub(crate) fn rule_index(&self, name: &str) -> AwsResult<usize> {
        self.events
            .rules
            .iter()
            .position(|r| r.name == name)
            .ok_or_else(|| not_found(name))
    }

    pub(crate) fn check_bus(bus: &Option<String>) -> AwsResult<()> {
        match bus.as_deref() {
            None | Some("default") => Ok(()),
            Some(b) if b.ends_with(":event-bus/default") => Ok(()),
            Some(b) => Err(AwsError::new(
                ErrorCode::ResourceNotFoundException,
                format!("Event bus {b} does not exist."),
            )),
        }
    }

    pub(crate) fn events_put_rule(&mut self, req: PutRuleRequest) -> AwsResult<serde_json::Value> {
        Self::check_bus(&req.event_bus_name)?;
        if req.name.is_empty()
            || req.name.len() > 64
            || !req
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            return Err(AwsError::new(
                ErrorCode::ValidationException,
                format!("1 validation error detected: Value '{}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+", req.name),
            ));
        }
        let schedule = match &req.schedule_expression {
            Some(e) => Some(Schedule::parse(e).map_err(|why| {
                AwsError::new(
                    ErrorCode::ValidationException,
                    format!(
                        "Parameter ScheduleExpression is not valid. (sandbox: {})",
                        why.0
                    ),
                )
            })?),
            None => None,
        };
        if schedule.is_none() && req.event_pattern.is_none() {
            return Err(AwsError::new(
                ErrorCode::ValidationException,
                "Parameter(s) ScheduleExpression or EventPattern must be specified.",
            ));
        }
        let state = match req.state.as_deref() {
            None | Some("ENABLED") => RuleState::Enabled,
            Some("DISABLED") => RuleState::Disabled,
            Some(other) => return Err(AwsError::new(ErrorCode::ValidationException, format!("1 validation error detected: Value '{other}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"))),
        };
        let now = self.now;
        let arn = format!(
            "arn:aws:events:{}:{}:rule/{}",
            self.region, self.account_id, req.name
        );
        let next_fire = match (&schedule, state) {
            (Some(s), RuleState::Enabled) => s.next_after(now, now),
            _ => None,
        };
        let targets = self
            .events
            .rules
            .iter()
            .find(|r| r.name == req.name)
            .map(|r| r.targets.clone())
            .unwrap_or_default();
        let rule = Rule {
            name: req.name.clone(),
            arn: arn.clone(),
            schedule_expression: req.schedule_expression,
            schedule,
            event_pattern: req.event_pattern,
            state,
            description: req.description,
            role_arn: req.role_arn,
            targets,
            since: now,
            next_fire,
            history: vec![],
        };
        match self.events.rules.iter_mut().find(|r| r.name == req.name) {
            Some(r) => *r = rule,
            None => self.events.rules.push(rule),
        }
        Ok(json!({ "RuleArn": arn }))
    }

    fn rule_json(r: &Rule, describe: bool) -> serde_json::Value {
        let mut v =
            json!({"Name": r.name, "Arn": r.arn, "State": r.state, "EventBusName": "default"});
        if let Some(o) = v.as_object_mut() {
            if let Some(e) = &r.schedule_expression {
                o.insert("ScheduleExpression".into(), json!(e));
            }
            if let Some(p) = &r.event_pattern {
                o.insert("EventPattern".into(), json!(p));
            }
            if let Some(d) = &r.description {
                o.insert("Description".into(), json!(d));
            }
            if let Some(role) = &r.role_arn {
                o.insert("RoleArn".into(), json!(role));
            }
            if describe {
                o.insert("CreatedBy".into(), json!(crate::catalogue::ACCOUNT_ID));
            }
        }
        v
    }

    pub(crate) fn events_describe_rule(&self, req: NameRequest) -> AwsResult<serde_json::Value> {
        Self::check_bus(&req.event_bus_name)?;
        let name = req.name.unwrap_or_default();
        Ok(Self::rule_json(
            &self.events.rules[self.rule_index(&name)?],
            true,
        ))
    }

    pub(crate) fn events_list_rules(&self, req: NameRequest) -> AwsResult<serde_json::Value> {
        Self::check_bus(&req.event_bus_name)?;
        let mut rules: Vec<&Rule> = self
            .events
            .rules
            .iter()
            .filter(|r| {
                req.name_prefix
                    .as_ref()
                    .is_none_or(|p| r.name.starts_with(p.as_str()))
            })
            .collect();
        rules.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(
            json!({ "Rules": rules.into_iter().map(|r| Self::rule_json(r, false)).collect::<Vec<_>>() }),
        )
    }

    pub(crate) fn events_set_state(
        &mut self,
        req: NameRequest,
        state: RuleState,
    ) -> AwsResult<serde_json::Value> {
        Self::check_bus(&req.event_bus_name)?;
        let idx = self.rule_index(&req.name.unwrap_or_default())?;
        let now = self.now;
        let r = &mut self.events.rules[idx];
        if r.state != state {
            r.state = state;
            r.since = now;
            r.next_fire = match (&r.schedule, state) {
                (Some(s), RuleState::Enabled) => s.next_after(now, now),
                _ => None,
            };
        }
        Ok(json!({}))
    }

    pub(crate) fn events_delete_rule(&mut self, req: NameRequest) -> AwsResult<serde_json::Value> {
        Self::check_bus(&req.event_bus_name)?;
        let name = req.name.unwrap_or_default();
        let Ok(idx) = self.rule_index(&name) else {
            // Deleting a rule that does not exist succeeds (the API is idempotent).
            return Ok(json!({}));
        };
        if !self.events.rules[idx].targets.is_empty() && !req.force.unwrap_or(false) {
            return Err(AwsError::new(
                ErrorCode::ValidationException,
                "Rule can't be deleted since it has targets.",
            ));
        }
        self.events.rules.remove(idx);
        Ok(json!({}))
    }
}
