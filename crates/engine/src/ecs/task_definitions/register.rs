//! register-task-definition: validated, then the family's next revision.

use crate::ecs::types::{
    Compatibility, ContainerDefinition, NetworkMode, PlacementConstraint, Tag,
};
use crate::error::AwsResult;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RegisterTaskDefinitionRequest {
    pub family: String,
    #[serde(default)]
    pub container_definitions: Vec<ContainerDefinition>,
    pub network_mode: Option<NetworkMode>,
    pub task_role_arn: Option<String>,
    pub execution_role_arn: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    #[serde(default)]
    pub requires_compatibilities: Vec<Compatibility>,
    #[serde(default)]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default)]
    pub volumes: Vec<serde_json::Value>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

impl World {
    pub(crate) fn ecs_register_task_definition(
        &mut self,
        req: RegisterTaskDefinitionRequest,
    ) -> AwsResult<serde_json::Value> {
        let td = self.validate_task_definition(req)?;
        let out = json!({ "taskDefinition": self.task_definition_json(&td), "tags": td.tags });
        self.ecs
            .last_revision
            .insert(td.family.clone(), td.revision);
        self.ecs.task_definitions.push(td);
        Ok(out)
    }
}
