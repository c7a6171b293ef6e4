//! Custom attributes on container instances (put/delete/list-attributes), the input of memberOf
//! constraints and `attribute:` spread fields.

use crate::attribute::Attribute;
use crate::ecs::types::ContainerInstanceStatus;
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::wire::page;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AttributesRequest {
    pub cluster: Option<String>,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListAttributesRequest {
    pub cluster: Option<String>,
    pub target_type: Option<String>,
    pub attribute_name: Option<String>,
    pub attribute_value: Option<String>,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 128
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/\\.".contains(c))
}

fn valid_value(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 128
        && v == v.trim()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/\\.@: ".contains(c))
}

impl World {
    /// Resolves each attribute's target to a container instance index of the cluster.
    fn attribute_targets(&self, cluster: &str, attributes: &[Attribute]) -> AwsResult<Vec<usize>> {
        if attributes.is_empty() || attributes.len() > 10 {
            return Err(AwsError::invalid_parameter(
                "Attributes must contain between 1 and 10 items. (sandbox wording)",
            ));
        }
        attributes
            .iter()
            .map(|a| {
                if a.target_type.as_deref().is_some_and(|t| t != "container-instance") {
                    return Err(AwsError::invalid_parameter("targetType must be container-instance."));
                }
                let target = a.target_id.as_deref().ok_or_else(|| {
                    AwsError::invalid_parameter("targetId is required: the container instance ID or ARN the attribute applies to. (sandbox wording)")
                })?;
                self.container_instance_index(cluster, target)
                    .ok_or_else(|| AwsError::new(ErrorCode::TargetNotFoundException, format!("Could not find {target}. (sandbox wording)")))
            })
            .collect()
    }

    pub(crate) fn ecs_put_attributes(
        &mut self,
        req: AttributesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let targets = self.attribute_targets(&cluster, &req.attributes)?;
        for a in &req.attributes {
            if !valid_name(&a.name) {
                return Err(AwsError::invalid_parameter(format!(
                    "Attribute name '{}' is invalid: up to 128 letters, numbers, hyphens, underscores, slashes, back slashes and periods. (sandbox wording)",
                    a.name
                )));
            }
            if a.name.starts_with("ecs.") || a.name.starts_with("com.amazonaws.ecs.") {
                return Err(AwsError::invalid_parameter(format!("Attribute name '{}' is reserved for attributes ECS sets itself. (sandbox wording)", a.name)));
            }
            if let Some(v) = &a.value {
                if !valid_value(v) {
                    return Err(AwsError::invalid_parameter(format!(
                        "Attribute value '{v}' is invalid: up to 128 letters, numbers, hyphens, underscores, periods, at signs, slashes, colons and inner spaces. (sandbox wording)"
                    )));
                }
            }
        }
        let mut out = vec![];
        for (a, idx) in req.attributes.iter().zip(targets) {
            let ci = &mut self.ecs.container_instances[idx];
            let stored = Attribute::new(&a.name, a.value.as_deref());
            match ci.attributes.iter_mut().find(|x| x.name == a.name) {
                Some(existing) => *existing = stored,
                None => ci.attributes.push(stored),
            }
            ci.version += 1;
            out.push(json!({"name": a.name, "value": a.value, "targetType": "container-instance", "targetId": ci.arn}));
        }
        Ok(crate::wire::strip_nulls(json!({ "attributes": out })))
    }

    pub(crate) fn ecs_delete_attributes(
        &mut self,
        req: AttributesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let targets = self.attribute_targets(&cluster, &req.attributes)?;
        let mut out = vec![];
        for (a, idx) in req.attributes.iter().zip(targets) {
            let ci = &mut self.ecs.container_instances[idx];
            if a.name.starts_with("ecs.") || a.name.starts_with("com.amazonaws.ecs.") {
                return Err(AwsError::invalid_parameter(format!(
                    "Attribute '{}' is set by ECS and cannot be deleted. (sandbox wording)",
                    a.name
                )));
            }
            ci.attributes.retain(|x| x.name != a.name);
            ci.version += 1;
            out.push(
                json!({"name": a.name, "targetType": "container-instance", "targetId": ci.arn}),
            );
        }
        Ok(json!({ "attributes": out }))
    }

    pub(crate) fn ecs_list_attributes(
        &self,
        req: ListAttributesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        if req.target_type.as_deref() != Some("container-instance") {
            return Err(AwsError::invalid_parameter(
                "targetType must be container-instance.",
            ));
        }
        if req.attribute_value.is_some() && req.attribute_name.is_none() {
            return Err(AwsError::invalid_parameter(
                "attributeName must be given with attributeValue. (sandbox wording)",
            ));
        }
        let mut all = vec![];
        for ci in self
            .ecs
            .container_instances
            .iter()
            .filter(|c| c.cluster == cluster && c.status != ContainerInstanceStatus::Inactive)
        {
            for a in &ci.attributes {
                if req.attribute_name.as_ref().is_some_and(|n| n != &a.name)
                    || req
                        .attribute_value
                        .as_ref()
                        .is_some_and(|v| Some(v) != a.value.as_ref())
                {
                    continue;
                }
                all.push(crate::wire::strip_nulls(json!({"name": a.name, "value": a.value, "targetType": "container-instance", "targetId": ci.arn})));
            }
        }
        let (page_items, next) = page(&all, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(crate::wire::with_next(
            json!({ "attributes": page_items }),
            next,
        ))
    }
}
