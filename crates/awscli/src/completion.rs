//! Tab completion from the service models and the live world: services, operations, options not yet
//! used, enum values, and resource names (clusters, tasks, instances, subnets, files ...).

use crate::arguments::{argument_table, Argument};
use crate::cli::ServiceOperation;
use crate::model::{self, ShapeType};
use crate::Files;
use ecs_sandbox_engine::ecs::services::{EcsService, ServiceStatus};
use ecs_sandbox_engine::ecs::{
    Cluster, ClusterStatus, ContainerInstance, ContainerInstanceStatus, TaskDefinitionStatus,
    TaskStatus,
};
use ecs_sandbox_engine::World;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    /// Byte offset in the input where the word being completed starts (it is replaced).
    pub start: usize,
    /// Candidates for that word, best first.
    pub candidates: Vec<String>,
}

impl Completion {
    /// The longest prefix every candidate shares (what Tab can insert without choosing).
    pub fn common_prefix(&self) -> String {
        let mut iter = self.candidates.iter();
        let Some(first) = iter.next() else {
            return String::new();
        };
        let mut prefix: &str = first;
        for c in iter {
            while !c.starts_with(prefix) {
                let mut end = prefix.len() - 1;
                while !prefix.is_char_boundary(end) {
                    end -= 1;
                }
                prefix = &prefix[..end];
            }
        }
        prefix.to_string()
    }
}

fn filter(prefix: &str, items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = items
        .into_iter()
        .filter(|c| c.starts_with(prefix))
        .collect();
    out.dedup();
    out
}

/// What to offer for the value of `option` of `service op`: names of what exists, then the enum
/// values of the option's shape; file names when neither gives anything.
fn values(
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
    let ecs = &world.ecs;
    Some(match option {
        "--cluster" | "--clusters" => ecs
            .clusters
            .iter()
            .filter(|c| is_active_cluster(c))
            .map(|c| c.name.clone())
            .collect(),
        "--task" | "--tasks" => ecs
            .tasks
            .iter()
            .filter(|t| t.cluster == cluster)
            .map(|t| t.arn.clone())
            .collect(),
        "--container-instance" | "--container-instances" => ecs
            .container_instances
            .iter()
            .filter(|c| c.cluster == cluster && is_live_container_instance(c))
            .map(|c| c.arn.clone())
            .collect(),
        "--task-definition" | "--family-prefix" | "--family" => task_definition_names(world),
        "--service" | "--services" | "--service-name"
            if service == "ecs" && op_name != "CreateService" =>
        {
            ecs.services
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
    let definitions = &world.ecs.task_definitions;
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
    let ecs = &world.ecs;
    let clusters = ecs
        .clusters
        .iter()
        .filter(|c| is_active_cluster(c))
        .map(|c| c.arn.clone());
    let services = ecs
        .services
        .iter()
        .filter(|s| is_live_service(s))
        .map(|s| s.arn.clone());
    let tasks = ecs
        .tasks
        .iter()
        .filter(|t| t.last_status != TaskStatus::Stopped)
        .map(|t| t.arn.clone());
    let definitions = ecs.task_definitions.iter().map(|t| t.arn.clone());
    let instances = ecs
        .container_instances
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
    let ec2 = &world.ec2;
    Some(match option {
        "--instance-ids" | "--instance-id" => ec2
            .instances
            .iter()
            .map(|i| i.instance_id.clone())
            .collect(),
        "--subnet-id" | "--subnet-ids" | "--subnets" => {
            ec2.subnets.iter().map(|s| s.subnet_id.clone()).collect()
        }
        "--security-group-ids" | "--group-id" | "--group-ids" | "--security-groups" => ec2
            .security_groups
            .iter()
            .map(|g| g.group_id.clone())
            .collect(),
        "--group-name" | "--group-names" => ec2
            .security_groups
            .iter()
            .map(|g| g.group_name.clone())
            .collect(),
        "--vpc-id" | "--vpc-ids" => ec2.vpcs.iter().map(|v| v.vpc_id.clone()).collect(),
        "--key-name" | "--key-names" => ec2.key_pairs.iter().map(|k| k.key_name.clone()).collect(),
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
    let elbv2 = &world.elbv2;
    Some(match option {
        "--name" | "--rule" | "--name-prefix" if service == "events" => {
            world.events.rules.iter().map(|r| r.name.clone()).collect()
        }
        "--load-balancer-arn" | "--load-balancer-arns" => {
            elbv2.load_balancers.iter().map(|l| l.arn.clone()).collect()
        }
        "--target-group-arn" | "--target-group-arns" => {
            elbv2.target_groups.iter().map(|t| t.arn.clone()).collect()
        }
        "--listener-arn" | "--listener-arns" => {
            elbv2.listeners.iter().map(|l| l.arn.clone()).collect()
        }
        "--rule-arn" | "--rule-arns" => elbv2
            .listeners
            .iter()
            .flat_map(|l| &l.rules)
            .map(|r| r.arn.clone())
            .collect(),
        "--repository-name" | "--repository-names" => world
            .ecr
            .repositories
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

/// The line being completed: its words before the cursor and the word under it.
struct Line<'a> {
    /// The words already finished.
    done: Vec<&'a str>,
    /// The word being typed ("" after a space).
    current: &'a str,
    /// Every word of the line, the current one included.
    words: Vec<&'a str>,
}

/// Only the last command of the text matters.
fn last_line(before_cursor: &str) -> Line<'_> {
    let line_start = before_cursor.rfind(['\n', ';']).map(|i| i + 1).unwrap_or(0);
    let line = &before_cursor[line_start..];
    let ends_with_space = line.ends_with(char::is_whitespace);
    let words: Vec<&str> = line.split_whitespace().collect();
    let (done, current) = match words.split_last() {
        Some((last, before)) if !ends_with_space => (before.to_vec(), *last),
        _ => (words.clone(), ""),
    };
    Line {
        done,
        current,
        words,
    }
}

pub fn complete(world: &World, before_cursor: &str, files: &dyn Files) -> Completion {
    let line = last_line(before_cursor);
    let current = line.current;
    let start = before_cursor.len() - current.len();
    let candidates = match line.done[..] {
        [] => filter(
            current,
            ["aws", "sandbox", "curl", "docker", "echo", "export", "help"]
                .iter()
                .map(|s| s.to_string()),
        ),
        ["sandbox", ref rest @ ..] => sandbox_candidates(world, rest, current),
        ["aws"] => filter(
            current,
            model::SIMULATED_SERVICES.iter().map(|s| s.to_string()),
        ),
        ["aws", service] => service_commands(service, current),
        ["aws", service, "wait"] => match model::model(service) {
            None => vec![],
            Some(m) => filter(current, m.waiters.keys().map(|w| model::cli_name(w))),
        },
        ["aws", service, op_cli, ref rest @ ..] => {
            let Some(m) = model::model(service) else {
                return Completion::default();
            };
            let Some((op_name, op)) = m.operation_by_cli_name(op_cli) else {
                return Completion::default();
            };
            let operation = ServiceOperation {
                service,
                model: m,
                name: op_name,
                operation: op,
            };
            option_or_value_candidates(world, operation, rest, &line, files)
        }
        _ => vec![],
    };
    Completion { start, candidates }
}

/// After `sandbox`: its commands, then zones, tasks or rules.
fn sandbox_candidates(world: &World, rest: &[&str], current: &str) -> Vec<String> {
    match rest {
        [] => filter(
            current,
            [
                "advance", "now", "state", "explain", "dry-run", "rule", "cost", "az-down",
                "az-up", "adopt-id", "help",
            ]
            .iter()
            .map(|s| s.to_string()),
        ),
        ["az-down" | "az-up"] => filter(
            current,
            ecs_sandbox_engine::catalogue::AVAILABILITY_ZONES
                .iter()
                .map(|(z, _)| z.to_string()),
        ),
        ["explain"] => filter(current, world.ecs.tasks.iter().map(|t| t.id.clone())),
        ["rule"] => filter(current, world.events.rules.iter().map(|r| r.name.clone())),
        _ => vec![],
    }
}

/// After `aws SERVICE`: its operations (the simulated ones first), `wait` and the customizations'
/// commands.
fn service_commands(service: &str, current: &str) -> Vec<String> {
    let Some(m) = model::model(service) else {
        return vec![];
    };
    let mut ops: Vec<(bool, String)> = m
        .operations
        .iter()
        .map(|(n, o)| (!crate::simulated(service, n), o.cli_name.clone()))
        .collect();
    ops.sort();
    let mut names: Vec<String> = ops.into_iter().map(|(_, n)| n).collect();
    if !m.waiters.is_empty() {
        names.push("wait".into());
    }
    if service == "ecr" {
        names.push("get-login-password".into());
    }
    filter(current, names)
}

/// After `aws SERVICE OPERATION ...`: the values of the option just typed when it takes one,
/// otherwise the options not yet used.
fn option_or_value_candidates(
    world: &World,
    operation: ServiceOperation,
    rest: &[&str],
    line: &Line,
    files: &dyn Files,
) -> Vec<String> {
    let current = line.current;
    match rest.last().copied() {
        Some(previous)
            if previous.starts_with("--")
                && option_takes_value(operation, previous)
                && !current.starts_with("--") =>
        {
            let values = values(
                world,
                operation.service,
                operation.name,
                previous,
                &line.words,
                files,
            );
            filter(current, values)
        }
        _ => filter(current, unused_options(operation, rest)),
    }
}

/// Whether `option` of the operation is followed by a value, by its argument table (not a flag,
/// nor an option whose value may be left out, as `--generate-cli-skeleton`'s).
fn option_takes_value(operation: ServiceOperation, option: &str) -> bool {
    argument_table(operation).iter().any(|argument| {
        argument.cli_name == option
            && argument.kind.takes_value()
            && argument.kind.value_when_omitted().is_none()
    }) || ["--output", "--query", "--region"].contains(&option)
}

/// The operation's options not in `rest` yet, from its argument table: the model's (sorted), then
/// the customizations' (in the CLI's order), then `--output` and `--query`.
fn unused_options(operation: ServiceOperation, rest: &[&str]) -> Vec<String> {
    let used: Vec<&str> = rest
        .iter()
        .filter(|w| w.starts_with("--"))
        .copied()
        .collect();
    let (model_options, custom_options): (Vec<Argument>, Vec<Argument>) = argument_table(operation)
        .into_iter()
        .filter(|argument| !used.contains(&argument.cli_name.as_str()))
        .partition(|argument| argument.member.is_some());
    // Sorted as names (a sort of `String`s is linked anyway; one of `Argument`s would add code).
    let mut options: Vec<String> = model_options.into_iter().map(|a| a.cli_name).collect();
    options.sort();
    options.extend(custom_options.into_iter().map(|a| a.cli_name));
    options.extend(["--output", "--query"].iter().map(|s| s.to_string()));
    options
}

#[cfg(test)]
mod tests {
    use crate::{MemoryFiles, Sandbox};

    fn names(s: &Sandbox, line: &str, files: &MemoryFiles) -> Vec<String> {
        s.complete(line, files).candidates
    }

    #[test]
    fn commands_and_shell_variables() {
        let mut s = Sandbox::new(1);
        let files = MemoryFiles::default();
        assert_eq!(names(&s, "d", &files), vec!["docker"]);
        assert_eq!(names(&s, "sandbox s", &files), vec!["state"]);
        s.run_text("CLUSTER=ECSDemo\nCOUNT=2\nTG=$(echo tg)", &files);
        assert_eq!(
            names(&s, "aws ecs list-tasks --cluster $C", &files),
            vec!["$CLUSTER", "$COUNT"]
        );
        let c = s.complete("echo \"${T", &files);
        assert_eq!((c.start, c.candidates), (6, vec!["$TG".to_string()]));
        assert_eq!(
            names(&s, "aws ecs list-tasks --cluster ", &files),
            Vec::<String>::new(),
            "no cluster exists, no $ typed"
        );
    }

    #[test]
    fn services_operations_options_and_values() {
        let mut s = Sandbox::new(1);
        let mut files = MemoryFiles::default();
        files.0.insert("container.json".into(), "[]".into());
        s.run_text("aws ecs create-cluster --cluster-name ECSDemo", &files);
        assert_eq!(names(&s, "a", &files), vec!["aws"]);
        assert_eq!(
            names(&s, "aws e", &files),
            vec!["ec2", "ecr", "ecs", "elbv2", "events"]
        );
        assert!(names(&s, "aws ecs register-task-def", &files)
            .contains(&"register-task-definition".to_string()));
        assert_eq!(
            names(&s, "aws ecr get-l", &files),
            vec!["get-login-password"]
        );
        assert_eq!(
            names(&s, "aws ecs list-tasks --clu", &files),
            vec!["--cluster"]
        );
        assert_eq!(
            names(&s, "aws ecs list-tasks --cluster ", &files)[0],
            "ECSDemo"
        );
        assert_eq!(
            names(&s, "aws ecs list-tasks --desired-status ", &files),
            vec!["RUNNING", "PENDING", "STOPPED"]
        );
        assert_eq!(
            names(
                &s,
                "aws ecs register-task-definition --container-definitions f",
                &files
            ),
            vec!["file://container.json"]
        );
        assert_eq!(
            names(&s, "aws ecs wait ", &files),
            vec![
                "services-inactive",
                "services-stable",
                "tasks-running",
                "tasks-stopped"
            ]
        );
        let c = s.complete("aws ecs list-tasks --cluster EC", &files);
        assert_eq!((c.start, c.common_prefix()), (29, "ECSDemo".to_string()));
        // Options already given are not offered again.
        assert!(
            !names(&s, "aws ecs list-tasks --cluster ECSDemo --", &files)
                .contains(&"--cluster".to_string())
        );
        assert!(names(&s, "aws nope x ", &files).is_empty());
    }

    #[test]
    fn long_arns_and_names_of_what_exists() {
        let mut s = Sandbox::new(1);
        let files = MemoryFiles::default();
        s.run_text("aws ecs create-cluster --cluster-name ECSDemo", &files);
        s.run_text("aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=64", &files);
        s.run_text("aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 0", &files);
        s.run_text(
            "aws ecr create-repository --repository-name penguin",
            &files,
        );
        let arns = names(&s, "aws ecs tag-resource --resource-arn ", &files);
        assert_eq!(
            arns,
            [
                "arn:aws:ecs:us-east-1:123456789012:cluster/ECSDemo",
                "arn:aws:ecs:us-east-1:123456789012:service/ECSDemo/web",
                "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"
            ]
        );
        assert_eq!(
            names(
                &s,
                "aws ecs describe-services --cluster ECSDemo --services ",
                &files
            ),
            ["web"]
        );
        assert!(
            names(
                &s,
                "aws ecs create-service --cluster ECSDemo --service-name ",
                &files
            )
            .is_empty(),
            "a new name is the learner's"
        );
        assert_eq!(
            names(&s, "aws ecr describe-images --repository-name p", &files),
            ["penguin"]
        );
    }

    #[test]
    fn the_customizations_options_come_from_the_argument_table() {
        let s = Sandbox::new(1);
        let files = MemoryFiles::default();
        assert_eq!(
            names(&s, "aws ec2 run-instances --no-a", &files),
            ["--no-associate-public-ip-address"]
        );
        let run_instances = names(&s, "aws ec2 run-instances --", &files);
        for option in ["--count", "--associate-public-ip-address"] {
            assert!(run_instances.contains(&option.to_string()), "{option}");
        }
        for replaced in ["--min-count", "--max-count"] {
            assert!(!run_instances.contains(&replaced.to_string()), "{replaced}");
        }
        let ingress = names(&s, "aws ec2 authorize-security-group-ingress --", &files);
        for option in ["--protocol", "--port", "--cidr", "--source-group"] {
            assert!(ingress.contains(&option.to_string()), "{option}");
        }
        assert!(
            names(
                &s,
                "aws ec2 revoke-security-group-ingress --protocol tcp --",
                &files
            )
            .contains(&"--port".to_string()),
            "revoke has them too"
        );
        assert!(
            names(
                &s,
                "aws ec2 authorize-security-group-ingress --protocol ",
                &files
            )
            .is_empty(),
            "--protocol takes a value: no options after it"
        );
    }
}
