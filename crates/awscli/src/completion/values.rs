//! What Tab offers for an option's value: names and ARNs of what exists in the world (by the
//! option's name), the catalogue's AMIs, types and zones, the enum values of the option's shape, and
//! file names when nothing else fits.

use crate::model::{self, ShapeType};
use crate::Files;
use ecs_sandbox_engine::ecs::services::{EcsService, ServiceStatus};
use ecs_sandbox_engine::ecs::{
    Cluster, ClusterStatus, ContainerInstance, ContainerInstanceStatus, TaskDefinitionStatus,
    TaskStatus,
};
use ecs_sandbox_engine::World;

/// What to offer for the value of `option` of `service op`: names of what exists, then the enum
/// values of the option's shape; file names when neither gives anything.
pub(super) fn values(
    world: &World,
    service: &str,
    op_name: &str,
    option: &str,
    words: &[&str],
    files: &dyn Files,
) -> Vec<String> {
    let cluster = cluster_named(words);
    let mut out: Vec<String> = ecs_names(world, service, op_name, option, &cluster)
        .or_else(|| ec2_names(world, option))
        .or_else(|| catalogue_names(option))
        .or_else(|| other_names(world, service, option))
        .unwrap_or_default();
    out.extend(enum_values(service, op_name, option));
    if out.is_empty() {
        // Free-form values (JSON documents, user data ...) usually come from files.
        out.extend(files.names().into_iter().map(|f| format!("file://{f}")));
    }
    out
}

/// The cluster the words name with `--cluster` (`default` when they do not).
fn cluster_named(words: &[&str]) -> String {
    words
        .windows(2)
        .find(|w| w[0] == "--cluster")
        .map(|w| ecs_sandbox_engine::ecs::cluster_name(Some(w[1])))
        .unwrap_or_else(|| "default".into())
}

fn is_active_cluster(cluster: &Cluster) -> bool {
    cluster.status == ClusterStatus::Active
}

fn is_live_service(service: &EcsService) -> bool {
    service.status != ServiceStatus::Inactive
}

fn is_live_container_instance(container_instance: &ContainerInstance) -> bool {
    container_instance.status != ContainerInstanceStatus::Inactive
}

/// ECS resources by name or ARN (tasks and container instances of the `--cluster` given).
fn ecs_names(
    world: &World,
    service: &str,
    op_name: &str,
    option: &str,
    cluster: &str,
) -> Option<Vec<String>> {
    let ecs = world.ecs();
    Some(match option {
        "--cluster" | "--clusters" => ecs
            .clusters()
            .iter()
            .filter(|c| is_active_cluster(c))
            .map(|c| c.name.clone())
            .collect(),
        "--task" | "--tasks" => ecs
            .tasks()
            .iter()
            .filter(|t| t.cluster == cluster)
            .map(|t| t.arn.clone())
            .collect(),
        "--container-instance" | "--container-instances" => ecs
            .container_instances()
            .iter()
            .filter(|c| c.cluster == cluster && is_live_container_instance(c))
            .map(|c| c.arn.clone())
            .collect(),
        "--task-definition" | "--family-prefix" | "--family" => task_definition_names(world),
        "--service" | "--services" | "--service-name"
            if service == "ecs" && op_name != "CreateService" =>
        {
            ecs.services()
                .iter()
                .filter(|s| s.cluster == cluster && is_live_service(s))
                .map(|s| s.name.clone())
                .collect()
        }
        "--resource-arn" if service == "ecs" => taggable_ecs_arns(world),
        _ => return None,
    })
}

/// The active families (sorted, once each), then every `family:revision`.
fn task_definition_names(world: &World) -> Vec<String> {
    let definitions = world.ecs().task_definitions();
    let mut names: Vec<String> = definitions
        .iter()
        .filter(|t| t.status == TaskDefinitionStatus::Active)
        .map(|t| t.family.clone())
        .collect();
    names.sort();
    names.dedup();
    names.extend(
        definitions
            .iter()
            .map(|t| format!("{}:{}", t.family, t.revision)),
    );
    names
}

/// What can be tagged: long ARNs nobody wants to type.
fn taggable_ecs_arns(world: &World) -> Vec<String> {
    let ecs = world.ecs();
    let clusters = ecs
        .clusters()
        .iter()
        .filter(|c| is_active_cluster(c))
        .map(|c| c.arn.clone());
    let services = ecs
        .services()
        .iter()
        .filter(|s| is_live_service(s))
        .map(|s| s.arn.clone());
    let tasks = ecs
        .tasks()
        .iter()
        .filter(|t| t.last_status != TaskStatus::Stopped)
        .map(|t| t.arn.clone());
    let definitions = ecs.task_definitions().iter().map(|t| t.arn.clone());
    let instances = ecs
        .container_instances()
        .iter()
        .filter(|c| is_live_container_instance(c))
        .map(|c| c.arn.clone());
    clusters
        .chain(services)
        .chain(tasks)
        .chain(definitions)
        .chain(instances)
        .collect()
}

/// EC2 resources by id or name.
fn ec2_names(world: &World, option: &str) -> Option<Vec<String>> {
    let ec2 = world.ec2();
    Some(match option {
        "--instance-ids" | "--instance-id" => ec2
            .instances()
            .iter()
            .map(|i| i.instance_id.clone())
            .collect(),
        "--subnet-id" | "--subnet-ids" | "--subnets" => {
            ec2.subnets().iter().map(|s| s.subnet_id.clone()).collect()
        }
        "--security-group-ids" | "--group-id" | "--group-ids" | "--security-groups" => ec2
            .security_groups()
            .iter()
            .map(|g| g.group_id.clone())
            .collect(),
        "--group-name" | "--group-names" => ec2
            .security_groups()
            .iter()
            .map(|g| g.group_name.clone())
            .collect(),
        "--vpc-id" | "--vpc-ids" => ec2.vpcs().iter().map(|v| v.vpc_id.clone()).collect(),
        "--key-name" | "--key-names" => {
            ec2.key_pairs().iter().map(|k| k.key_name.clone()).collect()
        }
        _ => return None,
    })
}

/// What the sandbox's catalogue offers (AMIs, instance types, zones, the region) and the output
/// formats.
fn catalogue_names(option: &str) -> Option<Vec<String>> {
    use ecs_sandbox_engine::catalogue;
    Some(match option {
        "--image-id" | "--image-ids" => catalogue::IMAGES
            .iter()
            .map(|i| i.image_id.to_string())
            .collect(),
        "--instance-type" | "--instance-types" => catalogue::INSTANCE_TYPES
            .iter()
            .map(|t| t.name.to_string())
            .collect(),
        "--availability-zone" => catalogue::AVAILABILITY_ZONES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect(),
        "--output" => ["json", "text", "table", "yaml"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        "--region" => vec![catalogue::REGION.to_string()],
        _ => return None,
    })
}

/// EventBridge rules, ELBv2 load balancers, target groups, listeners and rules, ECR repositories.
fn other_names(world: &World, service: &str, option: &str) -> Option<Vec<String>> {
    let elbv2 = world.elbv2();
    Some(match option {
        "--name" | "--rule" | "--name-prefix" if service == "events" => world
            .events()
            .rules()
            .iter()
            .map(|r| r.name.clone())
            .collect(),
        "--load-balancer-arn" | "--load-balancer-arns" => elbv2
            .load_balancers()
            .iter()
            .map(|l| l.arn.clone())
            .collect(),
        "--target-group-arn" | "--target-group-arns" => elbv2
            .target_groups()
            .iter()
            .map(|t| t.arn.clone())
            .collect(),
        "--listener-arn" | "--listener-arns" => {
            elbv2.listeners().iter().map(|l| l.arn.clone()).collect()
        }
        "--rule-arn" | "--rule-arns" => elbv2
            .listeners()
            .iter()
            .flat_map(|l| &l.rules)
            .map(|r| r.arn.clone())
            .collect(),
        "--repository-name" | "--repository-names" => world
            .ecr()
            .repositories()
            .iter()
            .map(|r| r.name.clone())
            .collect(),
        _ => return None,
    })
}

/// The enum values of the option's shape (of its elements, for a list).
fn enum_values(service: &str, op_name: &str, option: &str) -> Vec<String> {
    let Some(m) = model::model(service) else {
        return vec![];
    };
    let Some(op) = m.operations.get(op_name) else {
        return vec![];
    };
    let input = op.input.as_ref().and_then(|i| m.shape(i));
    let member = op
        .args
        .iter()
        .find(|(_, cli)| format!("--{cli}") == option)
        .map(|(member, _)| member);
    let (Some(input), Some(member)) = (input, member) else {
        return vec![];
    };
    let mut shape = input.members.get(member).and_then(|r| m.shape(&r.shape));
    if let Some(s) = shape.filter(|s| s.kind == ShapeType::List) {
        shape = s.member.as_ref().and_then(|e| m.shape(&e.shape));
    }
    shape
        .map(|s| s.allowed_values().to_vec())
        .unwrap_or_default()
}
