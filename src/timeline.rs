//! The events timeline: what happened in the account, newest first, derived from the world's
//! records — service events (word for word as describe-services shows them), task placements and
//! stops, container instances registering, and load balancer targets registering (with their health
//! now).

use ecs_sandbox_engine::ecs::types::TaskStatus;
use ecs_sandbox_engine::world::World;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Service,
    Task,
    Instance,
    Target,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Service, Kind::Task, Kind::Instance, Kind::Target];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Task => "task",
            Kind::Instance => "instance",
            Kind::Target => "target",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: u64,
    pub kind: Kind,
    pub text: String,
}

/// Every event, newest first (ties keep a stable order so the list does not jump between renders).
pub fn events(world: &World) -> Vec<Event> {
    let mut out = vec![];
    for svc in world.ecs().services() {
        for e in &svc.events {
            out.push(Event {
                at: e.created_at,
                kind: Kind::Service,
                text: e.message.clone(),
            });
        }
    }
    for t in world.ecs().tasks() {
        let td = t.task_definition_arn.rsplit('/').next().unwrap_or("");
        let short = &t.id[..t.id.len().min(8)];
        let host = world
            .ecs()
            .host_of(t)
            .map(|ci| format!("{} ({})", ci.ec2_instance_id, ci.availability_zone))
            .unwrap_or_else(|| format!("Fargate ({})", t.availability_zone));
        out.push(Event {
            at: t.created_at,
            kind: Kind::Task,
            text: format!("task {short} of {td} ({}) placed on {host}", t.group),
        });
        if let Some(at) = t.started_at {
            out.push(Event {
                at,
                kind: Kind::Task,
                text: format!("task {short} of {td} is RUNNING"),
            });
        }
        if let (TaskStatus::Stopped, Some(at)) = (t.last_status, t.stopped_at) {
            let why = t.stopped_reason.as_deref().unwrap_or("stopped");
            out.push(Event {
                at,
                kind: Kind::Task,
                text: format!("task {short} of {td} STOPPED: {why}"),
            });
        }
    }
    for ci in world.ecs().container_instances() {
        let cluster = ci.cluster.rsplit('/').next().unwrap_or(&ci.cluster);
        out.push(Event {
            at: ci.registered_at,
            kind: Kind::Instance,
            text: format!(
                "{} ({}, {}) registered with cluster {cluster}",
                ci.ec2_instance_id, ci.instance_type, ci.availability_zone
            ),
        });
    }
    for tg in world.elbv2().target_groups() {
        for t in &tg.targets {
            out.push(Event {
                at: t.registered_at,
                kind: Kind::Target,
                text: format!(
                    "target {}:{} registered in {} (now {})",
                    t.id,
                    t.port,
                    tg.name,
                    crate::graph::target_state_label(t.state)
                ),
            });
        }
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.at));
    out
}

/// The events a learner asked for: of the kinds switched on, containing `filter` (any case).
pub fn filtered(events: &[Event], kinds: &[Kind], filter: &str) -> Vec<Event> {
    let needle = filter.trim().to_lowercase();
    events
        .iter()
        .filter(|e| {
            kinds.contains(&e.kind)
                && (needle.is_empty() || e.text.to_lowercase().contains(&needle))
        })
        .cloned()
        .collect()
}
