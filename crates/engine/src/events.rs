//! Amazon EventBridge scheduled rules with ECS targets: put-rule, put-targets, list/describe,
//! enable/disable, remove-targets, delete-rule; each firing on the virtual clock runs the target's
//! task like RunTask.

use crate::clock::Millis;
use crate::cron::Schedule;
use crate::ecs::placement_plan::PlacementStrategy;
use crate::ecs::types::{LaunchType, PlacementConstraint};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Events {
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleState {
    Enabled,
    Disabled,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    pub arn: String,
    pub schedule_expression: Option<String>,
    pub schedule: Option<Schedule>,
    pub event_pattern: Option<String>,
    pub state: RuleState,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub targets: Vec<Target>,
    /// When the schedule was last (re)started, and when it fires next.
    pub since: Millis,
    pub next_fire: Option<Millis>,
    /// What the last firings did (for learners; EventBridge reports failures as metrics only).
    #[serde(default)]
    pub history: Vec<String>,
}

/// A target, as it crosses the wire (PascalCase, EventBridge style; ECS parameters inside).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    pub id: String,
    pub arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecs_parameters: Option<EcsParameters>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct EcsParameters {
    pub task_definition_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<LaunchType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_strategy: Vec<PlacementStrategy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_execute_command: Option<bool>,
}

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

/// How many firing notes a rule keeps.
const HISTORY: usize = 20;

fn not_found(name: &str) -> AwsError {
    AwsError::new(
        ErrorCode::ResourceNotFoundException,
        format!("Rule {name} does not exist on EventBus default."),
    )
}

impl World {
    fn rule_index(&self, name: &str) -> AwsResult<usize> {
        self.events
            .rules
            .iter()
            .position(|r| r.name == name)
            .ok_or_else(|| not_found(name))
    }

    fn check_bus(bus: &Option<String>) -> AwsResult<()> {
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

    pub(crate) fn events_put_targets(&mut self, req: NameRequest) -> AwsResult<serde_json::Value> {
        Self::check_bus(&req.event_bus_name)?;
        let name = req.rule.unwrap_or_default();
        let idx = self.rule_index(&name)?;
        let mut failed = vec![];
        for t in req.targets {
            if let Some(p) = &t.ecs_parameters {
                if !t.arn.starts_with("arn:aws:ecs:") || !t.arn.contains(":cluster/") {
                    failed.push(json!({"TargetId": t.id, "ErrorCode": "ValidationException", "ErrorMessage": "An ECS target's Arn must be the ARN of an ECS cluster. (sandbox wording)"}));
                    continue;
                }
                if p.task_count.is_some_and(|c| !(1..=10).contains(&c)) {
                    failed.push(
                        json!({"TargetId": t.id, "ErrorCode": "ValidationException", "ErrorMessage": "TaskCount must be between 1 and 10. (sandbox wording)"}),
                    );
                    continue;
                }
            }
            let rule = &mut self.events.rules[idx];
            match rule.targets.iter_mut().find(|x| x.id == t.id) {
                Some(existing) => *existing = t,
                None => rule.targets.push(t),
            }
        }
        Ok(json!({ "FailedEntryCount": failed.len(), "FailedEntries": failed }))
    }

    pub(crate) fn events_remove_targets(
        &mut self,
        req: NameRequest,
    ) -> AwsResult<serde_json::Value> {
        Self::check_bus(&req.event_bus_name)?;
        let idx = self.rule_index(&req.rule.unwrap_or_default())?;
        let rule = &mut self.events.rules[idx];
        let mut failed = vec![];
        for id in &req.ids {
            if !rule.targets.iter().any(|t| &t.id == id) {
                failed.push(json!({"TargetId": id, "ErrorCode": "ResourceNotFoundException", "ErrorMessage": format!("Target {id} does not exist on rule {}. (sandbox wording)", rule.name)}));
            }
        }
        rule.targets.retain(|t| !req.ids.contains(&t.id));
        Ok(json!({ "FailedEntryCount": failed.len(), "FailedEntries": failed }))
    }

    pub(crate) fn events_list_targets(&self, req: NameRequest) -> AwsResult<serde_json::Value> {
        Self::check_bus(&req.event_bus_name)?;
        let idx = self.rule_index(&req.rule.unwrap_or_default())?;
        Ok(json!({ "Targets": self.events.rules[idx].targets }))
    }

    pub(crate) fn events_next_event(&self) -> Option<Millis> {
        self.events
            .rules
            .iter()
            .filter(|r| r.state == RuleState::Enabled)
            .filter_map(|r| r.next_fire)
            .min()
    }

    /// Fires the rules that are due: each ECS target runs its task like RunTask.
    pub(crate) fn events_tick(&mut self) {
        let now = self.now;
        for idx in 0..self.events.rules.len() {
            while let Some(at) = self.events.rules[idx]
                .next_fire
                .filter(|t| *t <= now && self.events.rules[idx].state == RuleState::Enabled)
            {
                let rule = self.events.rules[idx].clone();
                for t in &rule.targets {
                    let note = match &t.ecs_parameters {
                        Some(p) => {
                            let body = json!({
                                "cluster": t.arn,
                                "taskDefinition": p.task_definition_arn,
                                "count": p.task_count.unwrap_or(1),
                                "launchType": p.launch_type,
                                "networkConfiguration": p.network_configuration,
                                "group": p.group,
                                "placementConstraints": p.placement_constraints,
                                "placementStrategy": p.placement_strategy,
                                "startedBy": format!("events-rule/{}", rule.name),
                            });
                            let body = crate::wire::strip_nulls(body);
                            match self.call(crate::world::Service::Ecs, "RunTask", body) {
                                Ok(out) => {
                                    let started =
                                        out["tasks"].as_array().map(|a| a.len()).unwrap_or(0);
                                    let failures =
                                        out["failures"].as_array().map(|a| a.len()).unwrap_or(0);
                                    format!(
                                        "{}: target {} started {started} task(s){}",
                                        crate::clock::iso8601(at as i64),
                                        t.id,
                                        if failures > 0 {
                                            format!(", {failures} could not be placed")
                                        } else {
                                            String::new()
                                        }
                                    )
                                }
                                Err(e) => format!(
                                    "{}: target {} failed: {}",
                                    crate::clock::iso8601(at as i64),
                                    t.id,
                                    e
                                ),
                            }
                        }
                        None => format!(
                            "{}: target {} is not an ECS target; the sandbox only runs ECS targets",
                            crate::clock::iso8601(at as i64),
                            t.id
                        ),
                    };
                    let r = &mut self.events.rules[idx];
                    r.history.insert(0, note);
                    r.history.truncate(HISTORY);
                }
                let r = &mut self.events.rules[idx];
                r.next_fire = r.schedule.as_ref().and_then(|s| s.next_after(at, r.since));
            }
        }
    }
}
