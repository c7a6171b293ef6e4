//! `sandbox state`: the world summarised as one JSON document — what lessons' goals are checked
//! against (with `--query`, JMESPath), and a quick look for anyone curious. Its shape is documented
//! in lessons/README.md; it is the sandbox's own view, not an AWS response.

use ecs_sandbox_engine::activity::{Act, Did, Sent};
use ecs_sandbox_engine::clock::iso8601;
use ecs_sandbox_engine::ec2::{Instance, IpPermission, SecurityGroup};
use ecs_sandbox_engine::ecr::Repository;
use ecs_sandbox_engine::ecs::services::{DeploymentStatus, EcsService};
use ecs_sandbox_engine::ecs::types::{DesiredStatus, Task, TaskDefinition, TaskStatus};
use ecs_sandbox_engine::elbv2::{LoadBalancer, TargetGroup, TargetState};
use ecs_sandbox_engine::events::{Rule, RuleState};
use ecs_sandbox_engine::World;
use serde_json::{json, Map, Value};

fn last_part(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// Adds one to `counts[key]`.
fn bump(counts: &mut Map<String, Value>, key: &str) {
    let n = counts.get(key).and_then(Value::as_u64).unwrap_or(0);
    counts.insert(key.to_string(), json!(n + 1));
}

/// The world as one JSON document (its shape is documented in lessons/README.md).
pub fn summary(world: &World) -> Value {
    summary_since(world, 0)
}

/// The world as one JSON document, with only the activity after the mark `since` (what a lesson
/// step sees: what was done since it began).
pub fn summary_since(world: &World, since: u64) -> Value {
    json!({
        "activity": world.activity().since(since).map(act_json).collect::<Vec<_>>(),
        "now": iso8601(world.now() as i64),
        "impairedZones": world.impaired_zones(),
        "clusters": world.ecs().clusters().iter().map(|c| json!({"name": c.name, "status": c.status})).collect::<Vec<_>>(),
        "instances": world.ec2().instances().iter().map(|i| instance_json(world, i)).collect::<Vec<_>>(),
        "securityGroups": world.ec2().security_groups().iter().map(security_group_json).collect::<Vec<_>>(),
        "taskDefinitions": world.ecs().task_definitions().iter().map(task_definition_json).collect::<Vec<_>>(),
        "services": world.ecs().services().iter().map(|s| service_json(world, s)).collect::<Vec<_>>(),
        "tasks": world.ecs().tasks().iter().filter(|t| t.last_status != TaskStatus::Stopped).map(|t| task_json(world, t)).collect::<Vec<_>>(),
        "targetGroups": world.elbv2().target_groups().iter().map(target_group_json).collect::<Vec<_>>(),
        "loadBalancers": world.elbv2().load_balancers().iter().map(|l| load_balancer_json(world, l)).collect::<Vec<_>>(),
        "rules": world.events().rules().iter().map(|r| rule_json(world, r)).collect::<Vec<_>>(),
        "repositories": world.ecr().repositories().iter().map(repository_json).collect::<Vec<_>>(),
        "docker": {
            "images": world.docker().images().iter().flat_map(|i| i.references.iter()).collect::<Vec<_>>(),
            "logins": world.docker().logins(),
        },
    })
}

/// One call made or request sent.
fn act_json(a: &Act) -> Value {
    let at = iso8601(a.at as i64);
    match &a.did {
        Did::Call { call, ok } => json!({"seq": a.seq, "at": at, "call": call, "ok": ok}),
        Did::Request(r) => json!({"seq": a.seq, "at": at, "request": sent_json(r)}),
    }
}

/// A request sent, as lessons' `sent` goals see it.
pub(crate) fn sent_json(r: &Sent) -> Value {
    json!({
        "method": r.method,
        "host": r.host,
        "port": r.port,
        "path": r.path,
        "status": r.status,
        "targetGroup": r.target_group,
        "task": r.task,
    })
}

/// The EC2 instance behind a container instance (by the container instance's id).
fn ec2_instance_of(world: &World, container_instance_id: &str) -> Option<String> {
    world
        .ecs()
        .container_instances()
        .iter()
        .find(|c| c.id == container_instance_id)
        .map(|c| c.ec2_instance_id.clone())
}

/// How the task's instance was chosen: the strategies that ran (`spread(attribute:ecs.availability-zone)`,
/// not the final tie-break), and how many zones held an instance that passed every filter (1: the
/// zone was decided by constraints, not by luck). Null for a task placed without a record.
fn placement_json(world: &World, t: &Task) -> Value {
    let Some(d) = t.decision.as_deref() else {
        return Value::Null;
    };
    let all = world.ecs().container_instances();
    let mut zones: Vec<&str> = d
        .verdicts
        .iter()
        .filter(|v| v.failed.is_none())
        .filter_map(|v| v.instance(all))
        .map(|c| c.availability_zone.as_str())
        .collect();
    zones.sort_unstable();
    zones.dedup();
    let strategies: Vec<&str> = d
        .strategy_steps
        .iter()
        .map(|s| s.strategy.as_str())
        .filter(|s| *s != "tie-break")
        .collect();
    json!({"strategies": strategies, "zonesPossible": zones.len()})
}

/// A task that has not stopped.
fn task_json(world: &World, t: &Task) -> Value {
    let host_ports: Vec<i64> = t
        .containers
        .iter()
        .flat_map(|c| &c.network_bindings)
        .map(|b| b.host_port)
        .collect();
    json!({
        "id": t.id,
        "cluster": last_part(&t.cluster),
        "group": t.group,
        "taskDefinition": last_part(&t.task_definition_arn),
        "status": t.last_status.as_str(),
        "launchType": t.launch_type,
        "zone": t.availability_zone,
        "instance": t.container_instance_id.as_deref().and_then(|c| ec2_instance_of(world, c)),
        "hostPorts": host_ports,
        "privateIp": t.eni.as_ref().map(|e| e.private_ip.as_str()),
        "publicIp": t.eni.as_ref().and_then(|e| e.public_ip.as_deref()),
        "startedBy": t.started_by,
        "placement": placement_json(world, t),
    })
}

/// An EC2 instance, with the cluster its latest container instance joined and its running tasks.
fn instance_json(world: &World, i: &Instance) -> Value {
    let container_instance = world
        .ecs()
        .container_instances()
        .iter()
        .rev()
        .find(|c| c.ec2_instance_id == i.instance_id);
    let running = container_instance.map_or(0, |c| {
        world
            .ecs()
            .tasks()
            .iter()
            .filter(|t| {
                t.container_instance_id.as_deref() == Some(&c.id)
                    && t.last_status == TaskStatus::Running
            })
            .count()
    });
    json!({
        "id": i.instance_id,
        "type": i.instance_type,
        "zone": i.availability_zone,
        "state": i.state.name(),
        "cluster": container_instance.map(|c| last_part(&c.cluster)),
        "status": container_instance.map(|c| c.status.as_str()),
        "runningTasks": running,
    })
}

/// A service: its counts, deployment, placement and where its running tasks are.
fn service_json(world: &World, s: &EcsService) -> Value {
    let group = s.group();
    let mine: Vec<_> = world
        .ecs()
        .tasks()
        .iter()
        .filter(|t| {
            t.group == group && t.cluster == s.cluster && t.desired_status == DesiredStatus::Running
        })
        .collect();
    let is_running = |t: &&&Task| t.last_status == TaskStatus::Running;
    let (mut by_zone, mut by_instance) = (Map::new(), Map::new());
    for t in mine.iter().filter(is_running) {
        bump(&mut by_zone, &t.availability_zone);
        if let Some(i) = t
            .container_instance_id
            .as_deref()
            .and_then(|c| ec2_instance_of(world, c))
        {
            bump(&mut by_instance, &i);
        }
    }
    let primary = s
        .deployments
        .iter()
        .find(|d| d.status == DeploymentStatus::Primary);
    let running = mine.iter().filter(is_running).count();
    json!({
        "name": s.name,
        "cluster": last_part(&s.cluster),
        "status": s.status.as_str(),
        "schedulingStrategy": s.scheduling_strategy,
        "launchType": s.launch_type,
        "desired": s.desired_count,
        "running": running,
        "pending": mine.len() - running,
        "taskDefinition": last_part(&s.task_definition),
        "rolloutState": primary.map(|d| d.rollout_state),
        "deployments": s.deployments.len(),
        "minimumHealthyPercent": s.deployment_configuration.minimum_healthy_percent,
        "maximumPercent": s.deployment_configuration.maximum_percent,
        "placementStrategy": s.placement_strategy,
        "placementConstraints": s.placement_constraints,
        "runningByZone": by_zone,
        "runningByInstance": by_instance,
        "unplaced": s.last_unplaced.is_some(),
    })
}

fn target_group_json(tg: &TargetGroup) -> Value {
    let healthy = tg
        .targets
        .iter()
        .filter(|t| t.state == TargetState::Healthy)
        .count();
    let targets: Vec<Value> = tg
        .targets
        .iter()
        .map(|t| json!({"id": t.id, "port": t.port, "state": t.state.as_str()}))
        .collect();
    json!({
        "name": tg.name,
        "targets": targets,
        "healthy": healthy,
    })
}

/// A rule with its next five firings from now, so a goal can say "weekdays at 09:00" whatever
/// cron says it.
fn rule_json(world: &World, r: &Rule) -> Value {
    let enabled = r.state == RuleState::Enabled;
    let mut next = vec![];
    let mut after = world.now();
    if enabled {
        while let Some(t) = r
            .schedule
            .as_ref()
            .and_then(|s| s.next_after(after, r.since))
            .filter(|_| next.len() < 5)
        {
            next.push(iso8601(t as i64));
            after = t;
        }
    }
    json!({
        "name": r.name,
        "schedule": r.schedule_expression,
        "enabled": enabled,
        "targets": r.targets.len(),
        "nextFirings": next,
    })
}

fn security_group_json(g: &SecurityGroup) -> Value {
    json!({
        "id": g.group_id,
        "name": g.group_name,
        "vpc": g.vpc_id,
        "ingress": g.ingress.iter().flat_map(ingress_lines).collect::<Vec<_>>(),
    })
}

/// One line per rule and source: `tcp 80 from 0.0.0.0/0` (ports as from-to when a range).
fn ingress_lines(p: &IpPermission) -> Vec<String> {
    let ports = match (p.from_port, p.to_port) {
        (Some(a), Some(b)) if a == b => format!(" {a}"),
        (Some(a), Some(b)) => format!(" {a}-{b}"),
        _ => String::new(),
    };
    let proto = if p.ip_protocol == "-1" {
        "all".to_string()
    } else {
        p.ip_protocol.clone()
    };
    p.ip_ranges
        .iter()
        .map(|r| r.cidr_ip.clone())
        .chain(
            p.user_id_group_pairs
                .iter()
                .filter_map(|u| u.group_id.clone()),
        )
        .map(move |from| format!("{proto}{ports} from {from}"))
        .collect()
}

fn task_definition_json(t: &TaskDefinition) -> Value {
    json!({
        "family": t.family,
        "revision": t.revision,
        "status": t.status,
        "networkMode": t.network_mode,
        "requiresCompatibilities": t.requires_compatibilities,
        "cpu": t.cpu,
        "memory": t.memory,
        "images": t.container_definitions.iter().map(|c| c.image.as_deref()).collect::<Vec<_>>(),
    })
}

fn load_balancer_json(world: &World, l: &LoadBalancer) -> Value {
    let listeners: Vec<Value> = world
        .elbv2()
        .listeners()
        .iter()
        .filter(|x| x.load_balancer_arn == l.arn)
        .map(|x| json!({"protocol": x.protocol, "port": x.port, "rules": x.rules.len()}))
        .collect();
    json!({
        "name": l.name,
        "dns": l.dns_name,
        "listeners": listeners,
    })
}

fn repository_json(r: &Repository) -> Value {
    json!({
        "name": r.name,
        "uri": r.uri(),
        "tags": r.images.iter().flat_map(|i| i.tags.iter()).collect::<Vec<_>>(),
        "images": r.images.len(),
    })
}
