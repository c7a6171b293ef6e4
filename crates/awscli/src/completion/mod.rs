//! Tab completion from the service models and the live world: services, operations, options not yet
//! used, enum values, and resource names (clusters, tasks, instances, subnets, files ...). Which
//! word is being completed is decided here; the values an option can take are `values.rs`.

mod values;

use crate::arguments::{argument_table, Argument};
use crate::cli::ServiceOperation;
use crate::model;
use crate::Files;
use ecs_sandbox_engine::World;
use values::values;

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
        ["explain"] => filter(current, world.ecs().tasks().iter().map(|t| t.id.clone())),
        ["rule"] => filter(
            current,
            world.events().rules().iter().map(|r| r.name.clone()),
        ),
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
