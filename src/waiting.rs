//! What in the account waits on the virtual clock: tasks between states, instances booting, agents
//! about to join, load balancers provisioning, targets in their first health checks or draining.
//! The clock stands still until the learner moves it, so the page says so when something waits
//! ("⏸ Clock paused — 4 tasks PENDING").

use ecs_sandbox_engine::ec2::InstanceState;
use ecs_sandbox_engine::ecs::types::{DesiredStatus, TaskStatus};
use ecs_sandbox_engine::elbv2::{LbState, TargetState};
use ecs_sandbox_engine::World;
use std::collections::BTreeMap;

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// What waits on the clock, in words, most telling first (empty when nothing does).
pub fn waiting(world: &World) -> Vec<String> {
    let mut out = Vec::new();
    // Tasks that have not reached the status they are heading for, by their status now.
    let mut tasks: BTreeMap<TaskStatus, usize> = BTreeMap::new();
    for t in world.ecs().tasks() {
        let settled = match t.desired_status {
            DesiredStatus::Running => t.last_status == TaskStatus::Running,
            _ => t.last_status == TaskStatus::Stopped,
        };
        if !settled {
            *tasks.entry(t.last_status).or_default() += 1;
        }
    }
    for (status, n) in tasks {
        out.push(format!("{} {}", plural(n, "task"), status.as_str()));
    }
    let booting = world
        .ec2()
        .instances()
        .iter()
        .filter(|i| {
            matches!(
                i.state,
                InstanceState::Pending | InstanceState::ShuttingDown
            )
        })
        .count();
    if booting > 0 {
        out.push(format!(
            "{} starting or stopping",
            plural(booting, "instance")
        ));
    }
    let joining = world.ecs().pending_agents().len();
    if joining > 0 {
        out.push(format!(
            "{} about to join a cluster",
            plural(joining, "ECS agent")
        ));
    }
    let elbv2 = world.elbv2();
    let provisioning = elbv2
        .load_balancers()
        .iter()
        .filter(|l| l.state == LbState::Provisioning)
        .count();
    if provisioning > 0 {
        out.push(format!(
            "{} provisioning",
            plural(provisioning, "load balancer")
        ));
    }
    let (mut initial, mut draining) = (0, 0);
    for t in elbv2.target_groups().iter().flat_map(|g| &g.targets) {
        match t.state {
            TargetState::Initial => initial += 1,
            TargetState::Draining => draining += 1,
            _ => {}
        }
    }
    if initial > 0 {
        out.push(format!(
            "{} in initial health checks",
            plural(initial, "target")
        ));
    }
    if draining > 0 {
        out.push(format!("{} draining", plural(draining, "target")));
    }
    out
}

/// The virtual time as a clock reads it (`09:02:15`) and how long since the account opened
/// (`+2 m 15 s`).
pub fn clock_face(now: u64) -> (String, String) {
    let iso = ecs_sandbox_engine::clock::iso8601(now as i64);
    let time = iso.get(11..19).unwrap_or(&iso).to_string();
    let secs = now.saturating_sub(ecs_sandbox_engine::clock::EPOCH_START) / 1000;
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let since = match (d, h, m) {
        (0, 0, 0) => format!("+{s} s"),
        (0, 0, _) => format!("+{m} m {s} s"),
        (0, _, _) => format!("+{h} h {m} m"),
        _ => format!("+{d} d {h} h"),
    };
    (time, since)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sandbox_engine::clock::{EPOCH_START, HOUR, MINUTE, SECOND};

    #[test]
    fn the_clock_reads_like_a_clock() {
        assert_eq!(clock_face(EPOCH_START), ("09:00:00".into(), "+0 s".into()));
        let t = EPOCH_START + 2 * MINUTE + 15 * SECOND;
        assert_eq!(clock_face(t), ("09:02:15".into(), "+2 m 15 s".into()));
        assert_eq!(clock_face(EPOCH_START + 26 * HOUR).1, "+1 d 2 h");
        assert_eq!(clock_face(0).1, "+0 s", "a time before the account opened");
    }

    #[test]
    fn a_fresh_account_waits_on_nothing() {
        assert!(waiting(&World::new(42)).is_empty());
    }
}
