//! How the account differs from a lesson's goal (the world its reference solution reaches), in a
//! learner's words: "us-east-1b: web:1 running — now 0, goal 4". Counted by what a learner looks
//! at — tasks running per zone and task definition, instances per zone, services' running counts,
//! healthy targets — not by IDs, which differ between any two correct solutions.

use ecs_sandbox_engine::ec2::InstanceState;
use ecs_sandbox_engine::ecs::types::TaskStatus;
use ecs_sandbox_engine::elbv2::TargetState;
use ecs_sandbox_engine::World;
use std::collections::BTreeMap;

fn last_part(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// What is counted, by what it is called.
fn counts(world: &World) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut add = |key: String| *out.entry(key).or_insert(0) += 1;
    for t in world.ecs().tasks() {
        if t.last_status == TaskStatus::Running {
            let zone = &t.availability_zone;
            add(format!(
                "{zone}: {} tasks running",
                last_part(&t.task_definition_arn)
            ));
        }
    }
    for i in world.ec2().instances() {
        if i.state == InstanceState::Running {
            add(format!(
                "{}: {} instances running",
                i.availability_zone, i.instance_type
            ));
        }
    }
    for s in world.ecs().services() {
        let running = world
            .ecs()
            .tasks()
            .iter()
            .filter(|t| {
                t.group == format!("service:{}", s.name) && t.last_status == TaskStatus::Running
            })
            .count();
        let key = format!("service {}: tasks running", s.name);
        out.insert(key, running);
    }
    for tg in world.elbv2().target_groups() {
        let healthy = tg
            .targets
            .iter()
            .filter(|t| t.state == TargetState::Healthy)
            .count();
        out.insert(
            format!("target group {}: healthy targets", tg.name),
            healthy,
        );
    }
    out
}

/// The differences, one line each (empty: the account looks like the goal).
pub fn differences(now: &World, goal: &World) -> Vec<String> {
    let (now, goal) = (counts(now), counts(goal));
    let mut keys: Vec<&String> = now.keys().chain(goal.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (n, g) = (
                now.get(k).copied().unwrap_or(0),
                goal.get(k).copied().unwrap_or(0),
            );
            (n != g).then(|| format!("{k} — now {n}, goal {g}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sandbox_awscli::lesson::{world_after, Lesson};

    #[test]
    fn the_binpack_goal_differs_by_the_packed_tasks_until_they_run() {
        let lesson = Lesson::parse(include_str!("../lessons/binpack.json")).expect("lesson");
        let goal = world_after(&lesson, &lesson.solution()).expect("goal");
        let start = world_after(&lesson, &[]).expect("start");
        let diff = differences(&start, &goal);
        assert_eq!(diff.len(), 1, "{diff:?}");
        assert!(
            diff[0].ends_with("web:1 tasks running — now 0, goal 4"),
            "{diff:?}"
        );
        assert!(differences(&goal, &goal).is_empty());
    }
}
