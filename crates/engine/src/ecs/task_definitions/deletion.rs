//! deregister-task-definition and delete-task-definitions (DELETE_IN_PROGRESS until nothing uses
//! the revision).

use crate::ecs::task_definitions::describe::TaskDefinitionRequest;
use crate::ecs::types::{TaskDefinitionStatus, TaskStatus};
use crate::error::{AwsError, AwsResult};
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeleteTaskDefinitionsRequest {
    #[serde(default)]
    pub task_definitions: Vec<String>,
}

impl World {
    pub(crate) fn ecs_deregister_task_definition(
        &mut self,
        req: TaskDefinitionRequest,
    ) -> AwsResult<serde_json::Value> {
        if !req.task_definition.contains(':')
            || req
                .task_definition
                .split(':')
                .next_back()
                .is_some_and(|r| r.parse::<u32>().is_err())
        {
            return Err(AwsError::client(
                "The specified task definition does not contain a revision. Specify the full ARN or family:revision. (sandbox wording)",
            ));
        }
        let arn_ = self
            .resolve_task_definition(&req.task_definition, false)?
            .arn
            .clone();
        let now = self.now;
        let td = self
            .ecs
            .task_definitions
            .iter_mut()
            .find(|t| t.arn == arn_)
            .ok_or_else(|| AwsError::client("Unable to describe task definition."))?;
        if td.status == TaskDefinitionStatus::Active {
            td.status = TaskDefinitionStatus::Inactive;
            td.deregistered_at = Some(now);
        }
        let td = td.clone();
        Ok(json!({ "taskDefinition": self.task_definition_json(&td) }))
    }

    /// delete-task-definitions: INACTIVE revisions move to DELETE_IN_PROGRESS (ACTIVE ones must be
    /// deregistered first); each is gone once no task or service uses it any more.
    pub(crate) fn ecs_delete_task_definitions(
        &mut self,
        req: DeleteTaskDefinitionsRequest,
    ) -> AwsResult<serde_json::Value> {
        if req.task_definitions.is_empty() || req.task_definitions.len() > 10 {
            return Err(AwsError::invalid_parameter(
                "Specify between 1 and 10 task definitions. (sandbox wording)",
            ));
        }
        let now = self.now;
        let (mut deleted, mut failures) = (vec![], vec![]);
        for reference in &req.task_definitions {
            let has_revision = reference
                .rsplit_once(':')
                .is_some_and(|(_, r)| r.parse::<u32>().is_ok());
            let found = if has_revision {
                self.resolve_task_definition(reference, false)
                    .ok()
                    .map(|t| t.arn.clone())
            } else {
                None
            };
            let Some(found) = found else {
                failures.push(json!({"arn": reference, "reason": "TASK_DEFINITION_NOT_FOUND", "detail": "The task definition was not found: give family:revision or its ARN. (sandbox wording)"}));
                continue;
            };
            let Some(td) = self
                .ecs
                .task_definitions
                .iter_mut()
                .find(|t| t.arn == found)
            else {
                continue;
            };
            match td.status {
                TaskDefinitionStatus::Active => failures.push(json!({
                    "arn": td.arn,
                    "reason": "TASK_DEFINITION_IS_ACTIVE",
                    "detail": "The task definition is ACTIVE: deregister it (aws ecs deregister-task-definition) before deleting it. (sandbox wording)",
                })),
                TaskDefinitionStatus::Inactive | TaskDefinitionStatus::DeleteInProgress => {
                    td.status = TaskDefinitionStatus::DeleteInProgress;
                    td.delete_requested_at.get_or_insert(now);
                    let td = td.clone();
                    deleted.push(self.task_definition_json(&td));
                }
            }
        }
        Ok(json!({ "taskDefinitions": deleted, "failures": failures }))
    }

    /// Deletes the DELETE_IN_PROGRESS revisions nothing uses any more: no task that has not
    /// stopped, no service deployment, no revision a circuit breaker could roll back to.
    pub(crate) fn task_definitions_tick(&mut self) {
        if !self
            .ecs
            .task_definitions
            .iter()
            .any(|t| t.status == TaskDefinitionStatus::DeleteInProgress)
        {
            return;
        }
        let mut in_use: Vec<&str> = self
            .ecs
            .tasks
            .iter()
            .filter(|t| t.last_status != TaskStatus::Stopped)
            .map(|t| t.task_definition_arn.as_str())
            .collect();
        for svc in self
            .ecs
            .services
            .iter()
            .filter(|s| s.status != crate::ecs::services::state::ServiceStatus::Inactive)
        {
            in_use.push(&svc.task_definition);
            in_use.extend(svc.deployments.iter().map(|d| d.task_definition.as_str()));
            in_use.extend(svc.last_completed.iter().map(|(_, td)| td.as_str()));
        }
        let gone: Vec<String> = self
            .ecs
            .task_definitions
            .iter()
            .filter(|t| {
                t.status == TaskDefinitionStatus::DeleteInProgress
                    && !in_use.contains(&t.arn.as_str())
            })
            .map(|t| t.arn.clone())
            .collect();
        self.ecs.task_definitions.retain(|t| !gone.contains(&t.arn));
    }
}
