//! Task definitions: registration with AWS's validation, revisions, describe, list, deregister.

use crate::ecs::ids::arn;
use crate::ecs::types::{
    Attribute, Compatibility, ContainerDefinition, NetworkMode, PlacementConstraint, Tag,
    TaskDefinition, TaskDefinitionStatus, TaskStatus,
};
use crate::ecs::{services, tasks};
use crate::error::{AwsError, AwsResult};
use crate::protocol::TransportProtocol;
use crate::wire::page;
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

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionRequest {
    pub task_definition: String,
    #[serde(default)]
    pub include: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeleteTaskDefinitionsRequest {
    #[serde(default)]
    pub task_definitions: Vec<String>,
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

/// Fargate task sizes: CPU units → allowed memory (MiB).
pub fn fargate_memory_options(cpu: u32) -> Vec<u32> {
    match cpu {
        256 => vec![512, 1024, 2048],
        512 => (1..=4).map(|g| g * 1024).collect(),
        1024 => (2..=8).map(|g| g * 1024).collect(),
        2048 => (4..=16).map(|g| g * 1024).collect(),
        4096 => (8..=30).map(|g| g * 1024).collect(),
        8192 => (16..=60).step_by(4).map(|g| g * 1024).collect(),
        16384 => (32..=120).step_by(8).map(|g| g * 1024).collect(),
        _ => vec![],
    }
}

/// Task-level CPU: `1024`, `1 vCPU`, `0.5 vcpu` → units.
pub fn parse_task_cpu(text: &str) -> Option<u32> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    let lower = t.to_ascii_lowercase();
    let num = lower.strip_suffix("vcpu")?.trim_end();
    let v = crate::number::parse_decimal(num)?;
    let units = v * 1024.0;
    (units.fract() == 0.0 && units > 0.0 && units < 1e7).then_some(units as u32)
}

/// Task-level memory: `1024`, `1GB`, `1 GB` → MiB.
pub fn parse_task_memory(text: &str) -> Option<u32> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    let lower = t.to_ascii_lowercase();
    let num = lower.strip_suffix("gb")?.trim_end();
    let v = crate::number::parse_decimal(num)?;
    let mib = v * 1024.0;
    (mib.fract() == 0.0 && mib > 0.0 && mib < 1e8).then_some(mib as u32)
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn valid_role_arn(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:aws:iam::") else {
        return false;
    };
    let Some((account, role)) = rest.split_once(':') else {
        return false;
    };
    account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && role.strip_prefix("role/").is_some_and(|r| !r.is_empty())
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

    fn validate_task_definition(
        &mut self,
        req: RegisterTaskDefinitionRequest,
    ) -> AwsResult<TaskDefinition> {
        if !valid_name(&req.family) {
            return Err(AwsError::client("Family must be up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores."));
        }
        for arn in req
            .task_role_arn
            .iter()
            .chain(req.execution_role_arn.iter())
        {
            if !valid_role_arn(arn) {
                return Err(AwsError::client("Role is not valid"));
            }
        }
        let n = req.container_definitions.len();
        if n == 0 {
            return Err(AwsError::client("Container list cannot be empty."));
        }
        if n > 10 {
            return Err(AwsError::client(
                "Too many containers. A task definition can have at most 10 containers.",
            ));
        }
        let mode = req.network_mode;
        let fargate = req
            .requires_compatibilities
            .contains(&Compatibility::Fargate);
        let cpu_units = match &req.cpu {
            None => None,
            Some(c) => Some(parse_task_cpu(c).filter(|u| (128..=196_608).contains(u) || fargate).ok_or_else(|| {
                AwsError::client("Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.")
            })?),
        };
        let memory_mib = match &req.memory {
            None => None,
            Some(m) => Some(parse_task_memory(m).filter(|m| *m >= 6).ok_or_else(|| {
                AwsError::client("Invalid 'memory' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.")
            })?),
        };
        let mut names: Vec<String> = vec![];
        let mut containers = req.container_definitions.clone();
        for c in &mut containers {
            let name = c.name.clone().unwrap_or_default();
            if name.is_empty() {
                return Err(AwsError::client(
                    "Container.name should not be null or empty.",
                ));
            }
            if !valid_name(&name) {
                return Err(AwsError::client(format!(
                    "Container name '{name}' is invalid: up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed. (sandbox wording)"
                )));
            }
            if c.image.as_deref().unwrap_or("").trim().is_empty() {
                return Err(AwsError::client(
                    "Container.image should not be null or empty.",
                ));
            }
            if memory_mib.is_none() && c.memory.is_none() && c.memory_reservation.is_none() {
                return Err(AwsError::client(format!(
                    "Invalid setting for container '{name}'. At least one of 'memory' or 'memoryReservation' must be specified."
                )));
            }
            if let (Some(m), Some(r)) = (c.memory, c.memory_reservation) {
                if m < r {
                    return Err(AwsError::client(format!(
                        "Invalid setting for container '{name}'. 'memory' must be greater than or equal to 'memoryReservation'. (sandbox wording)"
                    )));
                }
            }
            for m in c.memory.iter().chain(c.memory_reservation.iter()) {
                if *m < 6 {
                    return Err(AwsError::client(format!("Invalid setting for container '{name}'. The memory limit must be at least 6 MiB.")));
                }
            }
            if c.cpu < 0 {
                return Err(AwsError::client(format!(
                    "Invalid setting for container '{name}'. 'cpu' must not be negative."
                )));
            }
            for pm in &mut c.port_mappings {
                let cp = pm.container_port.unwrap_or(0);
                if !(0..=65535).contains(&cp)
                    || pm.host_port.is_some_and(|h| !(0..=65535).contains(&h))
                {
                    return Err(AwsError::client(format!("Invalid port mapping for container '{name}': ports must be between 0 and 65535.")));
                }
                match mode {
                    Some(NetworkMode::Awsvpc) | Some(NetworkMode::Host) => {
                        if pm.host_port.is_some_and(|h| h != cp) {
                            let m = mode.map(|m| m.as_str()).unwrap_or("bridge");
                            return Err(AwsError::client(format!("When networkMode={m}, the host ports and container ports in port mappings must match.")));
                        }
                        pm.host_port = Some(cp);
                    }
                    Some(NetworkMode::None) => {
                        return Err(AwsError::client("Port mappings are not supported when networkMode=none. (sandbox wording)"));
                    }
                    _ => {
                        pm.host_port.get_or_insert(0);
                    }
                }
                pm.protocol.get_or_insert(TransportProtocol::Tcp);
            }
            if !c.links.is_empty() && mode.is_some_and(|m| m != NetworkMode::Bridge) {
                return Err(AwsError::client(
                    "Links are not supported when networkMode is not bridge. (sandbox wording)",
                ));
            }
            if c.hostname.is_some() && mode == Some(NetworkMode::Awsvpc) {
                return Err(AwsError::client(
                    "hostname is not supported when networkMode=awsvpc. (sandbox wording)",
                ));
            }
            if names.contains(&name) {
                return Err(AwsError::client(format!(
                    "Duplicate container name '{name}': container names must be unique within a task definition. (sandbox wording)"
                )));
            }
            names.push(name);
            c.essential.get_or_insert(true);
        }
        if !containers.iter().any(|c| c.essential == Some(true)) {
            return Err(AwsError::client(
                "A task definition must have at least one essential container. (sandbox wording)",
            ));
        }
        if let Some(mem) = memory_mib {
            let sum: i64 = containers
                .iter()
                .map(|c| c.memory_reservation.or(c.memory).unwrap_or(0))
                .sum();
            if sum > mem as i64 {
                return Err(AwsError::client(format!(
                    "The sum of the container memory reservations ({sum} MiB) exceeds the task memory ({mem} MiB). (sandbox wording)"
                )));
            }
        }
        let fargate_size_ok = |cpu: Option<u32>, mem: Option<u32>| match (cpu, mem) {
            (Some(c), Some(m)) => fargate_memory_options(c).contains(&m),
            _ => false,
        };
        if fargate {
            if mode != Some(NetworkMode::Awsvpc) {
                return Err(AwsError::client(
                    "Fargate only supports network mode 'awsvpc'.",
                ));
            }
            if cpu_units.is_none() {
                return Err(AwsError::client(
                    "Fargate requires that 'cpu' be defined at the task level.",
                ));
            }
            if memory_mib.is_none() {
                return Err(AwsError::client(
                    "Fargate requires that 'memory' be defined at the task level.",
                ));
            }
            if !fargate_size_ok(cpu_units, memory_mib) {
                return Err(AwsError::client(
                    "No Fargate configuration exists for given values.",
                ));
            }
        }
        super::placement_plan::typed_constraints(&req.placement_constraints, true)
            .map_err(|e| AwsError::client(e.message))?;
        let mut requires: Vec<Attribute> = vec![];
        let mut need = |name: &str| {
            if !requires.iter().any(|a| a.name == name) {
                requires.push(Attribute::new(name, None));
            }
        };
        for c in &containers {
            let image = c.image.as_deref().unwrap_or("");
            if image.contains(".dkr.ecr.") {
                need(if req.execution_role_arn.is_some() {
                    "ecs.capability.execution-role-ecr-pull"
                } else {
                    "com.amazonaws.ecs.capability.ecr-auth"
                });
            }
            if c.other.contains_key("healthCheck") {
                need("ecs.capability.container-health-check");
            }
            if c.other
                .get("logConfiguration")
                .and_then(|l| l.get("logDriver"))
                .and_then(|d| d.as_str())
                == Some("awslogs")
            {
                need("com.amazonaws.ecs.capability.logging-driver.awslogs");
                if req.execution_role_arn.is_some() {
                    need("ecs.capability.execution-role-awslogs");
                }
            }
        }
        if req.task_role_arn.is_some() {
            need("com.amazonaws.ecs.capability.task-iam-role");
        }
        if mode == Some(NetworkMode::Awsvpc) {
            need("ecs.capability.task-eni");
        }
        need("com.amazonaws.ecs.capability.docker-remote-api.1.18");
        requires.sort();
        // As AWS lists them: ["EXTERNAL", "EC2"] for a plain definition (ECS Anywhere has no
        // awsvpc), ["EC2", "FARGATE"] for an awsvpc one with a valid Fargate size.
        let mut compatibilities = vec![];
        if mode != Some(NetworkMode::Awsvpc) {
            compatibilities.push(Compatibility::External);
        }
        compatibilities.push(Compatibility::Ec2);
        if mode == Some(NetworkMode::Awsvpc) && fargate_size_ok(cpu_units, memory_mib) {
            compatibilities.push(Compatibility::Fargate);
        }
        let revision = self
            .ecs
            .last_revision
            .get(&req.family)
            .copied()
            .unwrap_or(0)
            + 1;
        super::tagging::check_tags(&req.tags)?;
        let mut other = req.other.clone();
        other.remove("tags");
        Ok(TaskDefinition {
            arn: arn("task-definition", &format!("{}:{revision}", req.family)),
            family: req.family,
            revision,
            status: TaskDefinitionStatus::Active,
            container_definitions: containers,
            network_mode: mode,
            task_role_arn: req.task_role_arn,
            execution_role_arn: req.execution_role_arn,
            cpu: cpu_units.map(|c| c.to_string()),
            memory: memory_mib.map(|m| m.to_string()),
            requires_compatibilities: req.requires_compatibilities,
            compatibilities,
            placement_constraints: req.placement_constraints,
            requires_attributes: requires,
            volumes: req.volumes,
            registered_at: self.now,
            deregistered_at: None,
            delete_requested_at: None,
            other,
            tags: req.tags,
        })
    }

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
        Ok(tasks::with_next(
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
        Ok(tasks::with_next(json!({ "families": families }), next))
    }

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
}

impl World {
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
            .filter(|s| s.status != services::ServiceStatus::Inactive)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_sizes_as_the_course_writes_them() {
        assert_eq!(parse_task_cpu("512"), Some(512));
        assert_eq!(parse_task_cpu("1 vCPU"), Some(1024));
        assert_eq!(parse_task_cpu("0.5 vCPU"), Some(512));
        assert_eq!(parse_task_cpu(".5vCPU"), Some(512));
        assert_eq!(parse_task_cpu("lots"), None);
        assert_eq!(parse_task_memory("1GB"), Some(1024));
        assert_eq!(parse_task_memory("1 GB"), Some(1024));
        assert_eq!(parse_task_memory("2048"), Some(2048));
        assert_eq!(parse_task_memory("1TB"), None);
        assert!(fargate_memory_options(512).contains(&1024));
        assert!(!fargate_memory_options(256).contains(&4096));
    }
}
