//! describe-task-definition, list-task-definitions, list-task-definition-families, and how a
//! `family[:revision]` or ARN resolves.

use crate::ecs::types::{TaskDefinition, TaskDefinitionStatus};
use crate::error::{AwsError, AwsResult};
use crate::wire::page;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionRequest {
    pub task_definition: String,
    #[serde(default)]
    pub include: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionsRequest {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub family_prefix: Option<String>,
    pub status: Option<TaskDefinitionStatus>,
    pub sort: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListFamiliesRequest {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub family_prefix: Option<String>,
    pub status: Option<String>,
}

impl World {
    pub fn task_definition_json(&self, td: &TaskDefinition) -> serde_json::Value {
        let mut v = json!({
            "taskDefinitionArn": td.arn,
            "containerDefinitions": td.container_definitions,
            "family": td.family,
            "revision": td.revision,
            "volumes": td.volumes,
            "status": td.status,
            "requiresAttributes": td.requires_attributes,
            "placementConstraints": td.placement_constraints,
            "compatibilities": td.compatibilities,
            "registeredAt": crate::clock::wire_seconds(td.registered_at),
            "registeredBy": format!("arn:aws:iam::{}:root", crate::catalogue::ACCOUNT_ID),
        });
        if let Some(o) = v.as_object_mut() {
            let mut put = |k: &str, val: serde_json::Value| {
                o.insert(k.into(), val);
            };
            if let Some(r) = &td.task_role_arn {
                put("taskRoleArn", json!(r));
            }
            if let Some(r) = &td.execution_role_arn {
                put("executionRoleArn", json!(r));
            }
            if let Some(m) = td.network_mode {
                put("networkMode", json!(m));
            }
            if !td.requires_compatibilities.is_empty() {
                put(
                    "requiresCompatibilities",
                    json!(td.requires_compatibilities),
                );
            }
            if let Some(c) = &td.cpu {
                put("cpu", json!(c));
            }
            if let Some(m) = &td.memory {
                put("memory", json!(m));
            }
            if let Some(d) = td.deregistered_at {
                put("deregisteredAt", json!(crate::clock::wire_seconds(d)));
            }
            if let Some(d) = td.delete_requested_at {
                put("deleteRequestedAt", json!(crate::clock::wire_seconds(d)));
            }
            for (k, val) in &td.other {
                o.entry(k.clone()).or_insert_with(|| val.clone());
            }
        }
        v
    }

    /// Resolves `family`, `family:revision` or an ARN. `for_use`: only ACTIVE revisions may start
    /// tasks.
    pub(crate) fn resolve_task_definition(
        &self,
        reference: &str,
        for_use: bool,
    ) -> AwsResult<&TaskDefinition> {
        let text = if reference.starts_with("arn:") {
            reference
                .split_once("task-definition/")
                .map(|(_, r)| r)
                .unwrap_or("")
        } else {
            reference
        };
        let (family, revision) = match text.split_once(':') {
            Some((f, r)) => {
                let rev: u32 = r.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    AwsError::invalid_parameter(format!("Invalid revision number. Number: {r}"))
                })?;
                (f, Some(rev))
            }
            None => (text, None),
        };
        let found = match revision {
            Some(rev) => self
                .ecs
                .task_definitions
                .iter()
                .find(|t| t.family == family && t.revision == rev),
            None => self
                .ecs
                .task_definitions
                .iter()
                .filter(|t| t.family == family && t.status == TaskDefinitionStatus::Active)
                .max_by_key(|t| t.revision),
        };
        match found {
            Some(td) if for_use && td.status != TaskDefinitionStatus::Active => Err(
                AwsError::invalid_parameter("TaskDefinition is inactive".to_string()),
            ),
            Some(td) => Ok(td),
            None if for_use => Err(AwsError::invalid_parameter(
                "Unable to describe task definition.",
            )),
            None => Err(AwsError::client("Unable to describe task definition.")),
        }
    }

    pub(crate) fn ecs_describe_task_definition(
        &self,
        req: TaskDefinitionRequest,
    ) -> AwsResult<serde_json::Value> {
        let td = self.resolve_task_definition(&req.task_definition, false)?;
        let tags = if req.include.iter().any(|i| i == "TAGS") {
            json!(td.tags)
        } else {
            json!([])
        };
        Ok(json!({ "taskDefinition": self.task_definition_json(td), "tags": tags }))
    }

    pub(crate) fn ecs_list_task_definitions(
        &self,
        req: ListTaskDefinitionsRequest,
    ) -> AwsResult<serde_json::Value> {
        let status = req.status.unwrap_or(TaskDefinitionStatus::Active);
        let mut tds: Vec<&TaskDefinition> = self
            .ecs
            .task_definitions
            .iter()
            .filter(|t| t.status == status)
            .filter(|t| req.family_prefix.as_ref().is_none_or(|p| &t.family == p))
            .collect();
        tds.sort_by(|a, b| (a.family.as_str(), a.revision).cmp(&(b.family.as_str(), b.revision)));
        if req.sort.as_deref() == Some("DESC") {
            tds.reverse();
        }
        let arns: Vec<&str> = tds.iter().map(|t| t.arn.as_str()).collect();
        let (arns, next) = page(&arns, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(crate::wire::with_next(
            json!({ "taskDefinitionArns": arns }),
            next,
        ))
    }

    pub(crate) fn ecs_list_task_definition_families(
        &self,
        req: ListFamiliesRequest,
    ) -> AwsResult<serde_json::Value> {
        let mut families: Vec<&str> = self
            .ecs
            .task_definitions
            .iter()
            .filter(|t| match req.status.as_deref() {
                Some("ALL") => true,
                Some("INACTIVE") => !self
                    .ecs
                    .task_definitions
                    .iter()
                    .any(|o| o.family == t.family && o.status == TaskDefinitionStatus::Active),
                _ => t.status == TaskDefinitionStatus::Active,
            })
            .filter(|t| {
                req.family_prefix
                    .as_ref()
                    .is_none_or(|p| t.family.starts_with(p.as_str()))
            })
            .map(|t| t.family.as_str())
            .collect();
        families.sort_unstable();
        families.dedup();
        let (families, next) = page(&families, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(crate::wire::with_next(
            json!({ "families": families }),
            next,
        ))
    }
}
