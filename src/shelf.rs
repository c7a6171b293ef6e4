//! The shelf beside the graph: what the account holds that has no place among the zones — the
//! clusters (with their instances and services), the task definitions (family:revision, network
//! mode, ports) and the ECR repositories (the tags pushed). Registering a task definition or
//! pushing an image changes the picture here. Pure, so it is tested natively.

use ecs_sandbox_engine::ecs::services::ServiceStatus;
use ecs_sandbox_engine::ecs::types::{ContainerInstanceStatus, TaskDefinitionStatus};
use ecs_sandbox_engine::World;

/// One thing on the shelf: what it says, and the longer line its tooltip gives.
#[derive(Debug, Clone, PartialEq)]
pub struct ShelfItem {
    pub label: String,
    pub detail: String,
    /// Something gone wrong to show on it: a run-task that left tasks unplaced.
    pub warning: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shelf {
    pub clusters: Vec<ShelfItem>,
    pub task_definitions: Vec<ShelfItem>,
    pub repositories: Vec<ShelfItem>,
}

/// At most this many of each kind (the newest task definitions): the shelf stays one line or two.
const MAX_ITEMS: usize = 8;

fn last_part(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// "run-task web:1: 2 of 4 not placed (RESOURCE:MEMORY ×3)".
fn unplaced_line(u: &ecs_sandbox_engine::ecs::state::UnplacedRun) -> String {
    let causes: Vec<String> = u
        .causes
        .iter()
        .map(|(cause, n)| format!("{cause} ×{n}"))
        .collect();
    let why = if causes.is_empty() {
        "no container instance".to_string()
    } else {
        causes.join(", ")
    };
    format!(
        "run-task {}: {} of {} not placed ({why})",
        u.task_definition, u.unplaced, u.requested
    )
}

pub fn shelf(world: &World) -> Shelf {
    let ecs = world.ecs();
    let clusters = ecs
        .clusters()
        .iter()
        .take(MAX_ITEMS)
        .map(|c| {
            let instances = ecs
                .container_instances()
                .iter()
                .filter(|ci| last_part(&ci.cluster) == c.name)
                .filter(|ci| ci.status != ContainerInstanceStatus::Inactive)
                .count();
            let services = ecs
                .services()
                .iter()
                .filter(|s| last_part(&s.cluster) == c.name && s.status != ServiceStatus::Inactive)
                .count();
            let status = serde_json::to_value(c.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let warning = ecs
                .unplaced_runs()
                .iter()
                .find(|u| u.cluster == c.name)
                .map(unplaced_line);
            ShelfItem {
                label: format!(
                    "{} · {} · {}",
                    c.name,
                    count(instances, "instance"),
                    count(services, "service")
                ),
                detail: format!("cluster {} ({status}): {}", c.name, c.arn),
                warning,
            }
        })
        .collect();
    let active: Vec<_> = ecs
        .task_definitions()
        .iter()
        .filter(|t| t.status == TaskDefinitionStatus::Active)
        .collect();
    let task_definitions = active
        .iter()
        .rev()
        .take(MAX_ITEMS)
        .rev()
        .map(|t| {
            let mode = t.network_mode.map_or("bridge", |m| m.as_str());
            let ports: Vec<String> = t
                .container_definitions
                .iter()
                .flat_map(|c| &c.port_mappings)
                .filter_map(|p| {
                    let container = p.container_port?;
                    Some(match p.host_port {
                        // Bridge mode without a host port: one from the dynamic range per task.
                        Some(0) | None if mode == "bridge" => format!("dynamic→{container}"),
                        Some(h) if h != container => format!("{h}→{container}"),
                        _ => container.to_string(),
                    })
                })
                .collect();
            let images: Vec<&str> = t
                .container_definitions
                .iter()
                .filter_map(|c| c.image.as_deref())
                .collect();
            let mut label = format!("{}:{} · {mode}", t.family, t.revision);
            if !ports.is_empty() {
                label.push_str(&format!(" · {}", ports.join(", ")));
            }
            ShelfItem {
                warning: None,
                label,
                detail: format!(
                    "task definition {}:{} — images {}",
                    t.family,
                    t.revision,
                    images.join(", ")
                ),
            }
        })
        .collect();
    let repositories = world
        .ecr()
        .repositories()
        .iter()
        .take(MAX_ITEMS)
        .map(|r| {
            let tags: Vec<&str> = r
                .images
                .iter()
                .flat_map(|i| i.tags.iter().map(String::as_str))
                .collect();
            ShelfItem {
                warning: None,
                label: if tags.is_empty() {
                    format!("{} · empty", r.name)
                } else {
                    format!("{} ← {}", r.name, tags.join(", "))
                },
                detail: format!(
                    "ECR repository {} ({})",
                    r.uri(),
                    count(r.images.len(), "image")
                ),
            }
        })
        .collect();
    Shelf {
        clusters,
        task_definitions,
        repositories,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sandbox_awscli::{MemoryFiles, Sandbox};

    #[test]
    fn a_registration_and_a_push_show_on_the_shelf() {
        let mut s = Sandbox::new(1);
        let files = MemoryFiles::default();
        for c in [
            "aws ecs create-cluster --cluster-name demo",
            "aws ecs register-task-definition --family web --network-mode bridge --container-definitions name=web,image=nginx,memory=128,portMappings=[{containerPort=8080,hostPort=80}]",
            "aws ecs register-task-definition --family web --network-mode bridge --container-definitions name=web,image=nginx,memory=128,portMappings=[{containerPort=8080,hostPort=0}]",
            "aws ecr create-repository --repository-name app",
        ] {
            let out = s.run_text(c, &files);
            assert!(out.iter().all(|r| r.outcome.exit_code == 0), "{c}: {out:?}");
        }
        let shelf = shelf(&s.world);
        assert_eq!(shelf.clusters[0].label, "demo · 0 instances · 0 services");
        let labels: Vec<&str> = shelf
            .task_definitions
            .iter()
            .map(|t| t.label.as_str())
            .collect();
        assert_eq!(
            labels,
            ["web:1 · bridge · 80→8080", "web:2 · bridge · dynamic→8080"]
        );
        assert_eq!(shelf.repositories[0].label, "app · empty");
    }

    #[test]
    fn a_run_task_that_places_nothing_shows_on_its_cluster_until_one_places_everything() {
        let mut s = Sandbox::new(1);
        let mut files = MemoryFiles::default();
        files.0.insert(
            "u.txt".into(),
            "#!/bin/bash\necho ECS_CLUSTER=demo >> /etc/ecs/ecs.config".into(),
        );
        for c in [
            "aws ecs create-cluster --cluster-name demo",
            "aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.micro --iam-instance-profile Name=ecsInstanceRole --user-data file://u.txt",
            "sandbox advance 2m",
            "aws ecs register-task-definition --family big --container-definitions name=big,image=nginx,memory=4000",
            "aws ecs register-task-definition --family small --container-definitions name=small,image=nginx,memory=64",
            "aws ecs run-task --cluster demo --task-definition big --count 2",
        ] {
            s.run_text(c, &files);
        }
        let warning = shelf(&s.world).clusters[0].warning.clone();
        assert_eq!(
            warning.as_deref(),
            Some("run-task big:1: 2 of 2 not placed (RESOURCE:MEMORY ×1)")
        );
        s.run_text("aws ecs list-tasks --cluster demo", &files);
        assert!(
            shelf(&s.world).clusters[0].warning.is_some(),
            "a look changes nothing"
        );
        s.run_text(
            "aws ecs run-task --cluster demo --task-definition small",
            &files,
        );
        assert_eq!(
            shelf(&s.world).clusters[0].warning,
            None,
            "every task placed"
        );
    }
}
