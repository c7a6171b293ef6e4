//! The clock's answer does not depend on how it is moved: one long advance, the same time in any
//! split of steps, and a waiter that moves the clock until the service is stable give the same
//! world, byte for byte (the learner's activity record aside: a waiter's describes are calls).

mod common;
use common::Session;
use proptest::prelude::*;

fn session_after(setup: &[&str], steps: &[String]) -> Session {
    let mut s = Session::new();
    s.files.0.insert(
        "u.txt".into(),
        "#!/bin/bash\necho ECS_CLUSTER=demo >> /etc/ecs/ecs.config".into(),
    );
    for c in setup {
        s.run(c);
    }
    for c in steps {
        s.run(c);
    }
    s
}

/// The world as JSON, without the activity record (what was looked at is not the world).
fn world_of(s: &Session) -> String {
    let mut v = serde_json::to_value(&s.sandbox.world).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("activity");
    }
    v.to_string()
}

fn world_after(setup: &[&str], steps: &[&str]) -> String {
    let steps: Vec<String> = steps.iter().map(|s| s.to_string()).collect();
    world_of(&session_after(setup, &steps))
}

use common::ROLLING_BEHIND_AN_ALB;

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_split_of_twenty_minutes_gives_the_same_world(cuts in prop::collection::vec(1u64..1_200, 0..12)) {
        // Twenty minutes cut at the given seconds, in order.
        let mut at: Vec<u64> = cuts;
        at.sort_unstable();
        at.dedup();
        let mut steps = vec![];
        let mut last = 0;
        for t in at.into_iter().chain([1_200]) {
            if t > last {
                steps.push(format!("sandbox advance {}s", t - last));
                last = t;
            }
        }
        let once = world_after(ROLLING_BEHIND_AN_ALB, &["sandbox advance 20m"]);
        let split = world_of(&session_after(ROLLING_BEHIND_AN_ALB, &steps));
        prop_assert!(once == split, "split {:?} differs", steps);
    }
}

#[test]
fn a_waiter_moves_the_clock_as_an_advance_does() {
    let mut waited = session_after(ROLLING_BEHIND_AN_ALB, &[]);
    let start = waited.sandbox.world.now();
    let o = waited.run("aws ecs wait services-stable --cluster demo --services web");
    assert_eq!(o.exit_code, 0, "{}", o.stderr);
    let elapsed_ms = waited.sandbox.world.now() - start;
    assert!(elapsed_ms > 0, "the deployment took time");
    let advanced = session_after(
        ROLLING_BEHIND_AN_ALB,
        &[format!("sandbox advance {}s", elapsed_ms / 1000)],
    );
    assert_eq!(elapsed_ms % 1000, 0, "the waiter polls on whole seconds");
    assert!(
        world_of(&waited) == world_of(&advanced),
        "a waiter and an advance of the same time differ"
    );
}

#[test]
fn a_rolling_deployment_behind_an_alb_ends_the_same_however_the_clock_moves() {
    let once = world_after(ROLLING_BEHIND_AN_ALB, &["sandbox advance 15m"]);
    let steps: Vec<&str> = std::iter::repeat_n("sandbox advance 30s", 30).collect();
    let many = world_after(ROLLING_BEHIND_AN_ALB, &steps);
    assert!(once == many, "one 15 m advance and thirty of 30 s differ");
    // And the deployment did happen in that time: the old tasks replaced behind the ALB.
    let mut s = session_after(ROLLING_BEHIND_AN_ALB, &["sandbox advance 15m".to_string()]);
    let o = s.run("aws ecs describe-services --cluster demo --services web --query 'services[0].deployments[0].[taskDefinition,rolloutState]' --output text");
    assert!(
        o.stdout.contains("web:2") && o.stdout.contains("COMPLETED"),
        "{}",
        o.stdout
    );
}

#[test]
fn tasks_told_to_stop_count_as_running_until_they_have_stopped() {
    let setup = [
        "aws ecs create-cluster --cluster-name demo",
        "aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.large --iam-instance-profile Name=ecsInstanceRole --user-data file://u.txt",
        "sandbox advance 1m",
        "aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=128",
        "aws ecs create-service --cluster demo --service-name web --task-definition web --desired-count 2",
        "sandbox advance 2m",
        "aws ecs update-service --cluster demo --service web --desired-count 1",
    ];
    let mut s = session_after(&setup, &[]);
    let counts = |s: &mut Session| {
        let o = s.run("aws ecs describe-services --cluster demo --services web --query 'services[0].[desiredCount,runningCount]' --output text");
        o.stdout
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // runningCount is the tasks whose last status is RUNNING: the one told to stop, too.
    assert_eq!(counts(&mut s), ["1", "2"]);
    let o = s.run("aws ecs wait services-stable --cluster demo --services web");
    assert_eq!(o.exit_code, 0, "{}", o.stderr);
    assert_eq!(counts(&mut s), ["1", "1"], "stable once it has stopped");
}
