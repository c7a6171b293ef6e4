//! Targets: put (ECS tasks with EcsParameters), remove, list by rule.

use crate::error::AwsResult;
use crate::events::rules::NameRequest;
use crate::world::World;
use serde_json::json;

impl World {
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
}
