//! Tags on ECS resources: tag-resource, untag-resource, list-tags-for-resource, by ARN. Clusters,
//! services, tasks, task definitions and container instances carry tags (as in AWS, where capacity
//! providers do too; the sandbox's FARGATE providers are AWS-managed and cannot be tagged).

use crate::catalogue::{ACCOUNT_ID, REGION};
use crate::ecs::services;
use crate::ecs::types::{ClusterStatus, Tag, FARGATE_PROVIDERS};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TagResourceRequest {
    pub resource_arn: String,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UntagResourceRequest {
    pub resource_arn: String,
    #[serde(default)]
    pub tag_keys: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListTagsForResourceRequest {
    pub resource_arn: String,
}

/// Tags per resource (ECS quota, not adjustable).
const MAX_TAGS: usize = 50;

fn not_found() -> AwsError {
    AwsError::new(
        ErrorCode::ResourceNotFoundException,
        "The specified resource could not be found. (sandbox wording)",
    )
}

/// Checks tags as ECS does on every resource: keys 1–128 characters, values up to 256, no `aws:`
/// prefix.
pub(crate) fn check_tags(tags: &[Tag]) -> AwsResult<()> {
    for t in tags {
        if t.key.is_empty() || t.key.chars().count() > 128 || t.value.chars().count() > 256 {
            return Err(AwsError::invalid_parameter(format!(
                "Invalid tag '{}': a key has 1 to 128 characters and a value up to 256. (sandbox wording)",
                t.key
            )));
        }
        if t.key.to_ascii_lowercase().starts_with("aws:") {
            return Err(AwsError::invalid_parameter(format!(
                "Invalid tag key '{}': keys that begin with aws: are reserved for use by AWS. (sandbox wording)",
                t.key
            )));
        }
    }
    Ok(())
}

impl World {
    /// The tags of the resource an ECS ARN names.
    fn tags_of(&mut self, resource_arn: &str) -> AwsResult<&mut Vec<Tag>> {
        let prefix = format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:");
        let Some(resource) = resource_arn.strip_prefix(&prefix) else {
            return Err(AwsError::invalid_parameter(format!(
                "Invalid resource ARN '{resource_arn}': expected arn:aws:ecs:{REGION}:{ACCOUNT_ID}:RESOURCE-TYPE/... (sandbox wording)"
            )));
        };
        let (kind, path) = resource.split_once('/').unwrap_or((resource, ""));
        let parts: Vec<&str> = path.split('/').collect();
        match (kind, parts.as_slice()) {
            ("cluster", [name]) => self
                .ecs
                .clusters
                .iter_mut()
                .find(|c| c.name == *name && c.status == ClusterStatus::Active)
                .map(|c| &mut c.tags)
                .ok_or_else(AwsError::cluster_not_found),
            // A short service ARN (no cluster in it) cannot be tagged; AWS asks for the long
            // format.
            ("service", [_]) => Err(AwsError::invalid_parameter("Long arn format must be used for tagging operations")),
            ("service", [cluster, name]) => {
                if !self.ecs.clusters.iter().any(|c| c.name == *cluster && c.status == ClusterStatus::Active) {
                    return Err(AwsError::cluster_not_found());
                }
                self.ecs
                    .services
                    .iter_mut()
                    .find(|s| s.cluster == *cluster && s.name == *name && s.status != services::ServiceStatus::Inactive)
                    .map(|s| &mut s.tags)
                    .ok_or_else(not_found)
            }
            ("task", [cluster, id]) => self.ecs.tasks.iter_mut().find(|t| t.cluster == *cluster && t.id == *id).map(|t| &mut t.tags).ok_or_else(not_found),
            ("container-instance", [cluster, id]) => {
                self.ecs.container_instances.iter_mut().find(|c| c.cluster == *cluster && c.id == *id).map(|c| &mut c.tags).ok_or_else(not_found)
            }
            ("task-definition", [family_revision]) => self
                .ecs
                .task_definitions
                .iter_mut()
                .find(|t| format!("{}:{}", t.family, t.revision) == *family_revision)
                .map(|t| &mut t.tags)
                .ok_or_else(not_found),
            ("capacity-provider", [name]) if FARGATE_PROVIDERS.contains(name) => {
                Err(AwsError::invalid_parameter(format!("The capacity provider {name} is managed by AWS and cannot be tagged. (sandbox wording)")))
            }
            _ => Err(not_found()),
        }
    }

    pub(crate) fn ecs_tag_resource(
        &mut self,
        req: TagResourceRequest,
    ) -> AwsResult<serde_json::Value> {
        check_tags(&req.tags)?;
        let tags = self.tags_of(&req.resource_arn)?;
        let mut merged = tags.clone();
        for t in req.tags {
            match merged.iter_mut().find(|x| x.key == t.key) {
                Some(existing) => existing.value = t.value,
                None => merged.push(t),
            }
        }
        if merged.len() > MAX_TAGS {
            return Err(AwsError::new(
                ErrorCode::LimitExceededException,
                format!("A resource can have at most {MAX_TAGS} tags; this request would give it {}. (sandbox wording)", merged.len()),
            ));
        }
        *tags = merged;
        Ok(json!({}))
    }

    pub(crate) fn ecs_untag_resource(
        &mut self,
        req: UntagResourceRequest,
    ) -> AwsResult<serde_json::Value> {
        let tags = self.tags_of(&req.resource_arn)?;
        tags.retain(|t| !req.tag_keys.contains(&t.key));
        Ok(json!({}))
    }

    pub(crate) fn ecs_list_tags_for_resource(
        &mut self,
        req: ListTagsForResourceRequest,
    ) -> AwsResult<serde_json::Value> {
        let tags = self.tags_of(&req.resource_arn)?;
        Ok(json!({ "tags": tags }))
    }
}
