//! What the page does per learner action, measured natively (`cargo bench --bench page_model`): a
//! command with the EC2 demo loaded, a command and the graph at the scale the page must stay usable
//! at (200 instances, 2,000 tasks), a lesson's goal check, opening a lesson and reopening a saved
//! session (which replays its log). The browser figures in the README come from
//! `scripts/bench.mjs`; these find which part got slower. Each routine returns the session it
//! changed, so dropping it is not timed.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ecs_sandbox_awscli::lesson::{world_after, Lesson};
use ecs_sandbox_web::graph::{Graph, NodeRef};
use ecs_sandbox_web::inspector::inspect;
use ecs_sandbox_web::session::Session;

fn lesson_text(id: &str) -> String {
    let path = format!("{}/lessons/{id}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The EC2 walkthrough, done: two instances, a service of two tasks.
fn ec2_demo_done() -> Session {
    let text = lesson_text("ec2-demo");
    let mut s = Session::default();
    s.start_lesson(&text).expect("the lesson opens");
    let lesson = Lesson::parse(&text).expect("a lesson");
    for step in &lesson.steps {
        for f in &step.files {
            s.save_file(&f.name, &f.body);
        }
        for c in step.solution() {
            s.submit(c);
        }
        // On to the next step, as the learner's "Next step →" does.
        s.next_step();
    }
    let failed: Vec<_> = s
        .log
        .iter()
        .filter(|e| !e.ok)
        .map(|e| (e.command.clone(), e.stderr.clone()))
        .collect();
    assert!(
        s.lesson.as_ref().is_some_and(|l| l.done()),
        "the walkthrough's solution finishes it: {failed:?}"
    );
    s
}

/// 200 m5.large instances over five zones running 2,000 small tasks.
fn at_scale() -> Session {
    let mut s = Session::with_seed(9);
    s.save_file(
        "userdata.txt",
        "#!/bin/bash\necho ECS_CLUSTER=big >> /etc/ecs/ecs.config\n",
    );
    s.save_file(
        "tiny.json",
        r#"[{"name": "w", "image": "nginx", "cpu": 10, "memory": 32}]"#,
    );
    s.submit("aws ecs create-cluster --cluster-name big");
    for zone in [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
        "us-east-1d",
        "us-east-1e",
    ] {
        s.submit(&format!("aws ec2 describe-subnets --filters Name=availability-zone,Values={zone} --query Subnets[0].SubnetId --output text"));
        let subnet = s
            .log
            .last()
            .map(|e| e.stdout.trim().to_string())
            .unwrap_or_default();
        for _ in 0..2 {
            s.submit(&format!("aws ec2 run-instances --count 20 --image-id ami-0f161e6034a6262d8 --instance-type m5.large --subnet-id {subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt --query Instances[0].InstanceId"));
        }
    }
    s.submit("sandbox advance 1m");
    s.submit("aws ecs register-task-definition --family tiny --container-definitions file://tiny.json --query taskDefinition.revision");
    for _ in 0..199 {
        s.submit("aws ecs run-task --cluster big --task-definition tiny --count 10 --query length(tasks)");
    }
    assert_eq!(
        s.sandbox.world.ecs().tasks().len(),
        1990,
        "the scale set-up placed its tasks"
    );
    s
}

/// Times `change` on a fresh copy of `session` each iteration; the copy is made and dropped
/// untimed.
fn bench_change(c: &mut Criterion, name: &str, session: &Session, change: impl Fn(&mut Session)) {
    c.bench_function(name, |b| {
        b.iter_batched(
            || session.clone(),
            |mut s| {
                change(&mut s);
                s
            },
            BatchSize::LargeInput,
        )
    });
}

fn commands(c: &mut Criterion) {
    let demo = ec2_demo_done();
    bench_change(
        c,
        "command: describe-services with the EC2 demo loaded (lesson checked)",
        &demo,
        |s| s.submit("aws ecs describe-services --cluster ECSDemo --services ECSService"),
    );
    let big = at_scale();
    bench_change(
        c,
        "command: run-task --count 10 on 200 instances holding 1,990 tasks",
        &big,
        |s| {
            s.submit("aws ecs run-task --cluster big --task-definition tiny --count 10 --placement-strategy type=binpack,field=memory")
        },
    );
    bench_change(
        c,
        "command: create-service of 10 tasks (spread over zones, then instances) on 200 instances",
        &big,
        |s| {
            s.submit("aws ecs create-service --cluster big --service-name spread --task-definition tiny --desired-count 10")
        },
    );
    bench_change(c, "clock: advance 1 minute with 2,000 tasks", &big, |s| {
        s.advance_clock(60_000)
    });
    c.bench_function("graph: the picture of 200 instances and 2,000 tasks", |b| {
        b.iter(|| Graph::of(&big.sandbox.world))
    });
    let task = NodeRef::Task(big.sandbox.world.ecs().tasks()[0].id.clone());
    c.bench_function(
        "inspector: a task among 2,000 (describe-tasks and its placement decision)",
        |b| b.iter(|| inspect(&big.sandbox.world, &task).expect("the task")),
    );
}

fn lessons(c: &mut Criterion) {
    let cats = lesson_text("cats-demo");
    let lesson = Lesson::parse(&cats).expect("a lesson");
    let world = world_after(&lesson, &lesson.solution()).expect("the set-up runs");
    c.bench_function("lesson: check every goal of the cats walkthrough", |b| {
        b.iter(|| lesson.progress(&world))
    });
    let ec2 = lesson_text("ec2-demo");
    c.bench_function(
        "lesson: open the EC2 walkthrough (set-up and goal picture)",
        |b| b.iter(|| Session::default().start_lesson(&ec2).expect("opens")),
    );
    let saved = ec2_demo_done().to_document();
    c.bench_function(
        "reload: reopen the saved EC2 demo session (replays its log)",
        |b| b.iter(|| Session::from_document(&saved).expect("reads")),
    );
}

criterion_group!(benches, commands, lessons);
criterion_main!(benches);
