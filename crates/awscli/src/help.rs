//! `help` (and `sandbox help`): everything a learner can type, in one page; and the CLI's own
//! help pages: `aws help`, `aws SERVICE help`, `aws SERVICE OPERATION help`.

use crate::arguments::{argument_table, ArgumentKind};
use crate::cli::ServiceOperation;
use crate::model::{self, ServiceModel, ShapeType};

/// The overview printed by `help`. The operations and options of each service come from its model
/// (`aws ecs help`, `aws ecs run-task help`), so they are not repeated here.
pub const OVERVIEW: &str = "\
ECS Sandbox: a simulated AWS account (123456789012, us-east-1) for learning Amazon ECS. Nothing talks to AWS.

The AWS CLI, as `aws SERVICE OPERATION [options]` (`aws SERVICE help` lists the operations, `aws SERVICE OPERATION help` the options):
  aws ecs      clusters, container instances, task definitions, tasks, services, attributes, capacity providers
  aws ec2      VPCs, subnets, security groups, key pairs, instances (an ECS-optimized AMI joins the cluster its user data names)
  aws elbv2    load balancers, target groups, listeners, rules, target health
  aws events   scheduled rules (cron, rate) whose targets run ECS tasks
  aws ecr      repositories, images, get-login-password
  Options of every command: --output json|text|table|yaml, --query JMESPATH, --cli-input-json, --generate-cli-skeleton, --region

Beside the CLI:
  docker build|tag|images|login|push       a model of pushing an image to ECR
  curl [-X METHOD] [-H 'Name: value'] URL  a request through a load balancer, or straight to an instance or a task, hop by hop
  sandbox advance DURATION                 moves the virtual clock (30s, 5m, 1h30m); `aws ecs wait ...` moves it too
  sandbox now                              the virtual time
  sandbox state [--query JMESPATH]         a summary of the whole account
  sandbox explain TASK|SERVICE             why the placement engine put a task where it is, or could not place one
  sandbox dry-run COMMAND                  where a command's tasks would go, without running it
  sandbox rule NAME                        an EventBridge rule's next firing and what it started
  sandbox cost                             the hourly cost of the EC2 instances vs the same tasks on Fargate
  sandbox az-down ZONE | az-up ZONE        takes an Availability Zone down (a what-if) and brings it back
  sandbox adopt-id OLD NEW                 renames a resource ID, so a course's own IDs work verbatim

A little shell: NAME=value (or export NAME=value, unset NAME), $NAME and ${NAME}, $(command), echo; ; and && between commands.
  The CLI reads AWS_DEFAULT_OUTPUT (json, text, table, yaml) and AWS_REGION / AWS_DEFAULT_REGION from it.
In the web page also: clear, undo, reset (and the buttons); Tab completes, Up/Down walk the history, Ctrl+R searches it.
Natively: ecs-sandbox run SCRIPT runs a script, ecs-sandbox reset starts again.
";

pub(crate) fn help_text() -> String {
    let mut s = String::from("AWS CLI (ECS sandbox)\n\nSimulated services:\n");
    for svc in model::SIMULATED_SERVICES {
        s.push_str(&format!("  aws {svc} help\n"));
    }
    s.push_str("\nSandbox commands:\n  sandbox advance DURATION   move the virtual clock (e.g. 30s, 5m)\n  sandbox now                show the virtual time\n  sandbox explain TASK       why a task was placed where it was\n  curl http://ALB-DNS/path     send a request through a load balancer and see its path\n  sandbox dry-run COMMAND    run a command on a copy of the world: where would the tasks go?\n  sandbox cost               what the instances cost per hour versus the same tasks on Fargate\n  sandbox rule NAME          when a scheduled rule fires next and what its firings did\n  sandbox az-down ZONE       take an Availability Zone down (what-if); az-up brings it back\n");
    s
}

/// `aws SERVICE OPERATION help`: the synopsis and parameters from the model (the real CLI's man
/// page text is not bundled; the parameters, types and allowed values are the same).
pub(crate) fn operation_help(o: ServiceOperation) -> String {
    let ServiceOperation {
        service,
        model: m,
        name: op_name,
        operation: op,
    } = o;
    let table = argument_table(o);
    let input = op.input.as_ref().and_then(|i| m.shape(i));
    let mut s = format!("NAME\n       {}\n\n", op.cli_name);
    if !crate::simulated(service, op_name) {
        s.push_str("       (The sandbox parses and validates this operation but does not simulate it yet.)\n\n");
    }
    s.push_str(&format!("SYNOPSIS\n            {}\n", op.cli_name));
    for argument in &table {
        if argument.kind.flag() == Some(false) {
            continue;
        }
        let value = match argument.kind.flag() {
            Some(_) => {
                let neg = argument.cli_name.replacen("--", "--no-", 1);
                s.push_str(&format!(
                    "          {}{} | {}{}\n",
                    if argument.required { "" } else { "[" },
                    argument.cli_name,
                    neg,
                    if argument.required { "" } else { "]" }
                ));
                continue;
            }
            _ => " <value>",
        };
        if argument.required {
            s.push_str(&format!("          {}{value}\n", argument.cli_name));
        } else {
            s.push_str(&format!("          [{}{value}]\n", argument.cli_name));
        }
    }
    s.push_str("\nOPTIONS\n");
    for argument in &table {
        let Some(member) = &argument.member else {
            continue;
        };
        if matches!(argument.kind, ArgumentKind::Bool(false)) {
            continue;
        }
        let shape = input
            .and_then(|i| i.members.get(member))
            .and_then(|r| m.shape(&r.shape));
        let kind = shape
            .map(|s| format!("{:?}", s.kind).to_lowercase())
            .unwrap_or_default();
        s.push_str(&format!(
            "       {} ({kind}){}\n",
            argument.cli_name,
            if argument.required { " [required]" } else { "" }
        ));
        if let Some(sh) = shape {
            if !sh.allowed_values().is_empty() {
                s.push_str(&format!(
                    "          Possible values: {}\n",
                    sh.allowed_values().join(", ")
                ));
            }
            let element = sh.member.as_ref().and_then(|e| m.shape(&e.shape));
            let structure = match sh.kind {
                ShapeType::Structure => Some(sh),
                ShapeType::List => element.filter(|e| e.kind == ShapeType::Structure),
                _ => None,
            };
            if let Some(st) = structure {
                let keys: Vec<String> = st
                    .members
                    .iter()
                    .map(|(k, r)| {
                        let t = m
                            .shape(&r.shape)
                            .map(|x| format!("{:?}", x.kind).to_lowercase())
                            .unwrap_or_default();
                        format!("{k}={t}")
                    })
                    .collect();
                s.push_str(&format!("          Shorthand: {}\n", keys.join(",")));
            }
        }
    }
    s
}

pub(crate) fn service_help(service: &str, m: &ServiceModel) -> String {
    let mut s = format!("aws {service}: operations the sandbox simulates\n\n");
    let mut names: Vec<&str> = m
        .operations
        .iter()
        .filter(|(n, _)| crate::simulated(service, n))
        .map(|(_, o)| o.cli_name.as_str())
        .collect();
    names.sort_unstable();
    for n in names {
        s.push_str(&format!("  {n}\n"));
    }
    if !m.waiters.is_empty() {
        s.push_str("  wait\n");
    }
    s
}
