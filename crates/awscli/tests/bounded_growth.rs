//! Long runs stay bounded: stopped tasks are forgotten an hour after they stop (as ECS keeps them
//! describable for at least an hour), and an agent whose cluster does not exist backs off, so
//! days of virtual time of a failing service or a lost agent stay fast and small.

mod common;
use common::Session;

fn world_tasks(s: &Session) -> usize {
    s.sandbox.world.ecs().tasks().len()
}

#[test]
fn a_service_that_keeps_failing_does_not_grow_the_world() {
    let mut s = Session::new();
    s.files.0.insert(
        "u.txt".into(),
        "#!/bin/bash\necho ECS_CLUSTER=demo >> /etc/ecs/ecs.config".into(),
    );
    for c in [
        "aws ecs create-cluster --cluster-name demo",
        "aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --iam-instance-profile Name=ecsInstanceRole --user-data file://u.txt",
        "sandbox advance 2m",
        "aws ecr create-repository --repository-name app",
        // The repository exists, the image was never pushed: every task fails to pull and stops.
        "aws ecs register-task-definition --family bad --container-definitions name=bad,image=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:missing,memory=128",
        "aws ecs create-service --cluster demo --service-name bad --task-definition bad --desired-count 2",
        "sandbox advance 10m",
    ] {
        let o = s.run(c);
        assert_eq!(o.exit_code, 0, "{c}: {}", o.stderr);
    }
    let stopped = s.run("aws ecs list-tasks --cluster demo --desired-status STOPPED --query 'taskArns[0]' --output text");
    let first = stopped
        .stdout
        .trim()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    assert!(
        !first.is_empty() && first != "None",
        "a task failed and stopped: {}",
        stopped.stdout
    );
    // Still describable within the hour…
    let o = s.run(&format!("aws ecs describe-tasks --cluster demo --tasks {first} --query 'tasks[0].lastStatus' --output text"));
    assert_eq!(o.stdout.trim(), "STOPPED");
    s.run("sandbox advance 1h");
    // …and forgotten after it, as a task that does not exist.
    let o = s.run(&format!("aws ecs describe-tasks --cluster demo --tasks {first} --query 'failures[0].reason' --output text"));
    assert_eq!(o.stdout.trim(), "MISSING");
    let after_a_day = {
        s.run("sandbox advance 1d");
        world_tasks(&s)
    };
    s.run("sandbox advance 1d");
    let after_two_days = world_tasks(&s);
    assert!(
        after_two_days <= after_a_day.max(1) * 2 && after_two_days < 2_000,
        "the world stays bounded: {after_a_day} tasks after a day, {after_two_days} after two"
    );
}

#[test]
fn an_agent_whose_cluster_does_not_exist_backs_off() {
    let mut s = Session::new();
    s.files.0.insert(
        "u.txt".into(),
        "#!/bin/bash\necho ECS_CLUSTER=nowhere >> /etc/ecs/ecs.config".into(),
    );
    s.run("aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --iam-instance-profile Name=ecsInstanceRole --user-data file://u.txt");
    let started = std::time::Instant::now();
    s.run("sandbox advance 30d");
    assert!(
        started.elapsed().as_secs() < 10,
        "30 days of retries took {:?}",
        started.elapsed()
    );
    // The cluster created later is still joined, within the longest wait.
    s.run("aws ecs create-cluster --cluster-name nowhere");
    s.run("sandbox advance 10m");
    let o = s.run("aws ecs list-container-instances --cluster nowhere --query 'length(containerInstanceArns)'");
    assert_eq!(o.stdout.trim(), "1", "{}", o.stderr);
}
