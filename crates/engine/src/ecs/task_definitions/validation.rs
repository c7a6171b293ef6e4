//! The checks AWS makes when a task definition is registered, in its words (CPU and memory sizes,
//! Fargate's rules, names, role ARNs, port mappings...).

use crate::attribute::Attribute;
use crate::ecs::ids::arn;
use crate::ecs::task_definitions::register::RegisterTaskDefinitionRequest;
use crate::ecs::types::{
    Compatibility, ContainerDefinition, NetworkMode, PortMapping, TaskDefinition,
    TaskDefinitionStatus,
};
use crate::error::{AwsError, AwsResult};
use crate::protocol::TransportProtocol;
use crate::world::World;

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

pub(crate) fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub(crate) fn valid_role_arn(arn: &str) -> bool {
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
    pub(crate) fn validate_task_definition(
        &mut self,
        req: RegisterTaskDefinitionRequest,
    ) -> AwsResult<TaskDefinition> {
        check_family_and_roles(&req)?;
        check_container_count(&req)?;
        let mode = req.network_mode;
        let fargate = req
            .requires_compatibilities
            .contains(&Compatibility::Fargate);
        let (cpu_units, memory_mib) = task_size(&req, fargate)?;
        let mut names: Vec<String> = vec![];
        let mut containers = req.container_definitions.clone();
        for c in &mut containers {
            check_container(c, mode, memory_mib, &mut names)?;
        }
        check_essential_and_memory(&containers, memory_mib)?;
        if fargate {
            check_fargate(mode, cpu_units, memory_mib)?;
        }
        crate::ecs::placement_plan::typed_constraints(&req.placement_constraints, true)
            .map_err(|e| AwsError::client(e.message))?;
        let requires = required_attributes(&req, &containers);
        let compatibilities = compatibilities(mode, cpu_units, memory_mib);
        let revision = self
            .ecs
            .last_revision
            .get(&req.family)
            .copied()
            .unwrap_or(0)
            + 1;
        crate::ecs::tagging::check_tags(&req.tags)?;
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
}

fn check_family_and_roles(req: &RegisterTaskDefinitionRequest) -> AwsResult<()> {
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
    Ok(())
}

fn check_container_count(req: &RegisterTaskDefinitionRequest) -> AwsResult<()> {
    let n = req.container_definitions.len();
    if n == 0 {
        return Err(AwsError::client("Container list cannot be empty."));
    }
    if n > 10 {
        return Err(AwsError::client(
            "Too many containers. A task definition can have at most 10 containers.",
        ));
    }
    Ok(())
}

/// The task-level CPU units and memory (MiB), parsed as the course writes them ("1 vCPU", "2GB").
fn task_size(
    req: &RegisterTaskDefinitionRequest,
    fargate: bool,
) -> AwsResult<(Option<u32>, Option<u32>)> {
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
    Ok((cpu_units, memory_mib))
}

/// One container definition's checks, in AWS's order; fills in the defaults AWS fills in (host
/// ports, protocol, essential).
fn check_container(
    c: &mut ContainerDefinition,
    mode: Option<NetworkMode>,
    memory_mib: Option<u32>,
    names: &mut Vec<String>,
) -> AwsResult<()> {
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
            return Err(AwsError::client(format!(
                "Invalid setting for container '{name}'. The memory limit must be at least 6 MiB."
            )));
        }
    }
    if c.cpu < 0 {
        return Err(AwsError::client(format!(
            "Invalid setting for container '{name}'. 'cpu' must not be negative."
        )));
    }
    for pm in &mut c.port_mappings {
        check_port_mapping(pm, mode, &name)?;
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
    Ok(())
}

/// A port mapping's checks for the network mode; host ports are filled in as AWS does.
fn check_port_mapping(
    pm: &mut PortMapping,
    mode: Option<NetworkMode>,
    name: &str,
) -> AwsResult<()> {
    let cp = pm.container_port.unwrap_or(0);
    if !(0..=65535).contains(&cp) || pm.host_port.is_some_and(|h| !(0..=65535).contains(&h)) {
        return Err(AwsError::client(format!(
            "Invalid port mapping for container '{name}': ports must be between 0 and 65535."
        )));
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
            return Err(AwsError::client(
                "Port mappings are not supported when networkMode=none. (sandbox wording)",
            ));
        }
        _ => {
            pm.host_port.get_or_insert(0);
        }
    }
    pm.protocol.get_or_insert(TransportProtocol::Tcp);
    Ok(())
}

fn check_essential_and_memory(
    containers: &[ContainerDefinition],
    memory_mib: Option<u32>,
) -> AwsResult<()> {
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
    Ok(())
}

fn fargate_size_ok(cpu: Option<u32>, mem: Option<u32>) -> bool {
    match (cpu, mem) {
        (Some(c), Some(m)) => fargate_memory_options(c).contains(&m),
        _ => false,
    }
}

fn check_fargate(
    mode: Option<NetworkMode>,
    cpu_units: Option<u32>,
    memory_mib: Option<u32>,
) -> AwsResult<()> {
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
    Ok(())
}

/// The attributes an instance must have to run the task (`requiresAttributes`), sorted.
fn required_attributes(
    req: &RegisterTaskDefinitionRequest,
    containers: &[ContainerDefinition],
) -> Vec<Attribute> {
    let mut requires: Vec<Attribute> = vec![];
    let mut need = |name: &str| {
        if !requires.iter().any(|a| a.name == name) {
            requires.push(Attribute::new(name, None));
        }
    };
    for c in containers {
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
    if req.network_mode == Some(NetworkMode::Awsvpc) {
        need("ecs.capability.task-eni");
    }
    need("com.amazonaws.ecs.capability.docker-remote-api.1.18");
    requires.sort();
    requires
}

fn compatibilities(
    mode: Option<NetworkMode>,
    cpu_units: Option<u32>,
    memory_mib: Option<u32>,
) -> Vec<Compatibility> {
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
    compatibilities
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
