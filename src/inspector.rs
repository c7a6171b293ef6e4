//! What the inspector shows for a selected node: the describe-* command that shows it (and its
//! output, run on a copy of the world so looking changes nothing), its relations, and for a task
//! the placement Decision as a table of instances × filters with the strategy tie-breaks. Pure,
//! tested natively.

use crate::graph::NodeRef;
use ecs_sandbox_awscli::{NoFiles, Sandbox};
use ecs_sandbox_engine::ecs::types::{ContainerInstanceStatus, TaskStatus};
use ecs_sandbox_engine::placement::Decision;
use ecs_sandbox_engine::world::World;

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub ec2_instance_id: String,
    pub zone: String,
    pub remaining: String,
    /// "pass", or the first filter that failed with its detail.
    pub result: String,
    pub passed: bool,
    pub chosen: bool,
    /// Per strategy step: its score for this instance (lower wins) and whether it kept it; ""
    /// when the step did not see it.
    pub scores: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionView {
    pub summary: String,
    /// The table's column headings (an instance placement's, or a Fargate zone choice's).
    pub headings: [&'static str; 4],
    pub rows: Vec<DecisionRow>,
    /// The strategy steps, as the table's score columns (`spread(attribute:ecs.availability-zone)`).
    pub step_headings: Vec<String>,
    /// One line per strategy step: how many candidates it kept, and its note.
    pub steps: Vec<String>,
    /// How many instances each filter turned away (`RESOURCE:MEMORY` × 3), in pipeline order.
    pub causes: Vec<(&'static str, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    pub title: String,
    pub relations: Vec<String>,
    pub command: String,
    pub output: String,
    pub decision: Option<DecisionView>,
}

/// Runs a read-only command on a copy of the world.
fn describe(world: &World, command: &str) -> String {
    let mut copy = Sandbox::new(world.seed());
    copy.world = world.clone();
    let words: Vec<String> = command.split(' ').map(str::to_string).collect();
    let out = copy.run_words(&words, &NoFiles);
    if out.exit_code == 0 {
        out.stdout
    } else {
        out.stderr
    }
}

pub fn inspect(world: &World, node: &NodeRef) -> Option<Inspection> {
    match node {
        NodeRef::Task(id) => task(world, id),
        NodeRef::Instance(ec2_id) => instance(world, ec2_id),
        NodeRef::Service(arn) => service(world, arn),
        NodeRef::LoadBalancer(arn) => load_balancer(world, arn),
        NodeRef::TargetGroup(arn) => target_group(world, arn),
    }
}

/// What a task is, where it runs, and why it was placed there.
fn task(world: &World, id: &str) -> Option<Inspection> {
    let t = world.ecs().tasks().iter().find(|t| t.id == id)?;
    let cluster = t.cluster.rsplit('/').next().unwrap_or(&t.cluster);
    let mut relations = vec![
        format!("cluster {cluster}"),
        format!(
            "task definition {}",
            t.task_definition_arn.rsplit('/').next().unwrap_or("")
        ),
    ];
    relations.push(format!("group {}", t.group));
    if let Some(ci) = world.ecs().host_of(t) {
        relations.push(format!(
            "on {} in {}",
            ci.ec2_instance_id, ci.availability_zone
        ));
    }
    if let Some(e) = &t.eni {
        relations.push(format!(
            "ENI {} {} in {}",
            e.eni_id, e.private_ip, e.subnet_id
        ));
    }
    for (tg, id, port) in &t.lb_targets {
        relations.push(format!(
            "target {id}:{port} of {}",
            tg.split('/').nth(1).unwrap_or(tg)
        ));
    }
    let decision = t
        .decision
        .as_deref()
        .map(|d| decision_view(world, d))
        .or_else(|| t.zone_choice.as_deref().map(zone_choice_view));
    let command = format!("aws ecs describe-tasks --cluster {cluster} --tasks {id}");
    Some(Inspection {
        title: format!("Task {id}"),
        relations,
        output: describe(world, &command),
        command,
        decision,
    })
}

/// An EC2 instance, and its container instance if it joined a cluster (else why not).
fn instance(world: &World, ec2_id: &str) -> Option<Inspection> {
    let inst = world
        .ec2()
        .instances()
        .iter()
        .find(|i| i.instance_id == ec2_id)?;
    let mut relations = vec![format!(
        "{} in {} ({})",
        inst.instance_type, inst.availability_zone, inst.subnet_id
    )];
    let ci = world
        .ecs()
        .container_instances()
        .iter()
        .find(|c| c.ec2_instance_id == ec2_id && c.status != ContainerInstanceStatus::Inactive);
    let command = match ci {
        Some(ci) => {
            let cluster = ci.cluster.rsplit('/').next().unwrap_or(&ci.cluster);
            relations.push(format!(
                "container instance {} of cluster {cluster} ({})",
                ci.id,
                ci.status.as_str()
            ));
            let tasks = world
                .ecs()
                .tasks()
                .iter()
                .filter(|t| {
                    t.container_instance_id.as_deref() == Some(&ci.id)
                        && t.last_status != TaskStatus::Stopped
                })
                .count();
            relations.push(format!("{tasks} task(s) not stopped"));
            format!(
                "aws ecs describe-container-instances --cluster {cluster} --container-instances {}",
                ci.id
            )
        }
        None => {
            relations.push(format!(
                "not registered in a cluster: {}",
                ecs_sandbox_awscli::hints::why_not_in_cluster(world, inst, None)
            ));
            format!("aws ec2 describe-instances --instance-ids {ec2_id}")
        }
    };
    Some(Inspection {
        title: format!("Instance {ec2_id}"),
        relations,
        output: describe(world, &command),
        command,
        decision: None,
    })
}

/// A service: its counts, its load balancers, and why its last task could not be placed.
fn service(world: &World, arn: &str) -> Option<Inspection> {
    let svc = world.ecs().services().iter().find(|s| s.arn == arn)?;
    let cluster = svc.cluster.rsplit('/').next().unwrap_or(&svc.cluster);
    let group = svc.group();
    let count = |st: TaskStatus| {
        world
            .ecs()
            .tasks()
            .iter()
            .filter(|t| t.group == group && t.cluster == svc.cluster && t.last_status == st)
            .count()
    };
    let mut relations = vec![
        format!("cluster {cluster}, {}", svc.status.as_str()),
        format!(
            "task definition {}",
            svc.task_definition
                .rsplit('/')
                .next()
                .unwrap_or(&svc.task_definition)
        ),
        format!(
            "desired {}, running {}, pending {} (its tasks share this colour on the graph)",
            svc.desired_count,
            count(TaskStatus::Running),
            count(TaskStatus::Pending) + count(TaskStatus::Provisioning)
        ),
    ];
    for lb in &svc.load_balancers {
        let tg = lb
            .target_group_arn
            .as_deref()
            .and_then(|a| a.split('/').nth(1))
            .unwrap_or("?");
        relations.push(format!(
            "registers {}:{} in target group {tg}",
            lb.container_name.as_deref().unwrap_or("?"),
            lb.container_port.unwrap_or(0)
        ));
    }
    let decision = svc.last_unplaced.as_deref().map(|d| {
        let mut v = decision_view(world, d);
        v.summary = format!(
            "Its last task could not be placed; {}",
            v.summary.trim_start_matches("Not placed; ")
        );
        v
    });
    let command = format!(
        "aws ecs describe-services --cluster {cluster} --services {}",
        svc.name
    );
    Some(Inspection {
        title: format!("Service {}", svc.name),
        relations,
        output: describe(world, &command),
        command,
        decision,
    })
}

/// A load balancer: its DNS name and zones, and its listeners.
fn load_balancer(world: &World, arn: &str) -> Option<Inspection> {
    let lb = world
        .elbv2()
        .load_balancers()
        .iter()
        .find(|l| l.arn == arn)?;
    let relations = vec![
        format!("DNS name {}", lb.dns_name),
        format!(
            "zones {}",
            lb.zones
                .iter()
                .map(|(z, _)| z.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    let command = format!("aws elbv2 describe-listeners --load-balancer-arn {arn}");
    Some(Inspection {
        title: format!("Load balancer {}", lb.name),
        relations,
        output: describe(world, &command),
        command,
        decision: None,
    })
}

/// A target group: its targets and health check.
fn target_group(world: &World, arn: &str) -> Option<Inspection> {
    let tg = world
        .elbv2()
        .target_groups()
        .iter()
        .find(|t| t.arn == arn)?;
    let relations = vec![format!(
        "{} targets, {} health check {}",
        tg.targets.len(),
        tg.health_check.protocol,
        tg.health_check.path
    )];
    let command = format!("aws elbv2 describe-target-health --target-group-arn {arn}");
    Some(Inspection {
        title: format!("Target group {}", tg.name),
        relations,
        output: describe(world, &command),
        command,
        decision: None,
    })
}

/// The placement Decision as the inspector's table: one row per instance (pass, or the first filter
/// it failed), the strategy steps, and how many instances each filter turned away.
fn decision_view(world: &World, d: &Decision) -> DecisionView {
    let all = world.ecs().container_instances();
    let ec2_id = |v: &ecs_sandbox_engine::placement::InstanceVerdict| {
        v.instance(all)
            .map_or("?", |c| c.ec2_instance_id.as_str())
            .to_string()
    };
    let arn = |v: &ecs_sandbox_engine::placement::InstanceVerdict| {
        v.instance(all).map_or("?", |c| c.arn.as_str())
    };
    let rows = d
        .verdicts
        .iter()
        .enumerate()
        .map(|(index, v)| DecisionRow {
            ec2_instance_id: ec2_id(v),
            zone: v
                .instance(all)
                .map(|c| c.availability_zone.clone())
                .unwrap_or_default(),
            remaining: format!("{} CPU, {} MiB", v.remaining_cpu, v.remaining_memory),
            result: match v.failed {
                None => "pass".into(),
                Some(f) => match &v.detail {
                    Some(d) => format!("{}: {d}", f.as_str()),
                    None => f.as_str().into(),
                },
            },
            passed: v.failed.is_none(),
            chosen: d.chosen.as_deref() == Some(arn(v)),
            scores: d
                .strategy_steps
                .iter()
                .map(|s| step_cell(s, index as u32))
                .collect(),
        })
        .collect();
    let step_headings = d
        .strategy_steps
        .iter()
        .map(|s| s.strategy.clone())
        .collect();
    let steps = d
        .strategy_steps
        .iter()
        .map(|s| {
            let mut line = format!(
                "{}: kept {} of {}",
                s.strategy,
                s.kept_verdicts.len(),
                s.scored.len().max(s.kept_verdicts.len())
            );
            if !s.note.is_empty() {
                line.push_str(&format!(" — {}", s.note));
            }
            line
        })
        .collect();
    let needs = format!(
        "needs {} CPU, {} MiB{}",
        d.cpu,
        d.memory,
        if d.static_ports.is_empty() {
            String::new()
        } else {
            format!(
                ", ports {}",
                d.static_ports
                    .iter()
                    .map(|(p, _)| p.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    let summary = match d
        .chosen
        .as_deref()
        .and_then(|c| all.iter().find(|ci| ci.arn == c))
    {
        Some(ci) => format!(
            "Placed on {} ({}); {needs}.",
            ci.ec2_instance_id, ci.availability_zone
        ),
        None => format!("Not placed; {needs}."),
    };
    let causes = ecs_sandbox_engine::placement::failure_counts(&d.verdicts);
    DecisionView {
        summary,
        headings: ["Instance", "Zone", "Remaining", "Filters"],
        rows,
        step_headings,
        steps,
        causes,
    }
}

/// A strategy step's cell for one instance: its score (lower wins) and ✔ when the step kept it.
fn step_cell(s: &ecs_sandbox_engine::placement::StrategyStep, verdict: u32) -> String {
    let kept = s.kept_verdicts.contains(&verdict);
    let score = s
        .scored
        .iter()
        .find(|(i, _)| *i == verdict)
        .map(|(_, n)| *n);
    match (score, kept) {
        (Some(n), true) => format!("{n} ✔"),
        (Some(n), false) => n.to_string(),
        (None, true) => "✔".into(),
        (None, false) => String::new(),
    }
}

/// A Fargate task's zone choice as the same table: one row per subnet, with the group's tasks in
/// its zone.
fn zone_choice_view(z: &ecs_sandbox_engine::placement::ZoneChoice) -> DecisionView {
    let fewest = z.subnets.iter().map(|(_, _, n)| *n).min().unwrap_or(0);
    let rows = z
        .subnets
        .iter()
        .map(|(subnet, zone, n)| DecisionRow {
            ec2_instance_id: subnet.clone(),
            zone: zone.clone(),
            remaining: format!("{n}"),
            result: if *n == fewest {
                "fewest".into()
            } else {
                "more than another zone".into()
            },
            passed: *n == fewest,
            chosen: *subnet == z.chosen,
            scores: vec![],
        })
        .collect();
    let zone = z
        .subnets
        .iter()
        .find(|(s, ..)| *s == z.chosen)
        .map(|(_, zone, _)| zone.as_str())
        .unwrap_or("?");
    let tie = if z.tied > 1 {
        format!(" ({} zones tied: picked at random)", z.tied)
    } else {
        String::new()
    };
    DecisionView {
        summary: format!(
            "On Fargate there is no instance to choose, only a zone: {} in {zone}{tie}.",
            z.chosen
        ),
        headings: ["Subnet", "Zone", "Tasks of the group", "Spread"],
        rows,
        step_headings: vec![],
        steps: vec![format!(
            "{} (a model).",
            ecs_sandbox_engine::placement::ZoneChoice::MODEL
        )],
        causes: vec![],
    }
}
