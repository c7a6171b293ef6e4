//! The sandbox's own commands: explain, dry-run, clock, AZ outage, rules.

mod common;
use common::Session;

#[test]
fn explain_a_task_and_an_unplaceable_service() {
    let mut s = Session::new();
    s.ec2_demo_cluster();
    s.ok("aws ecs register-task-definition --family python-app --network-mode bridge --container-definitions file://container.json");
    let task = s.value(
        "aws ecs run-task --cluster ECSDemo --task-definition python-app --placement-strategy type=binpack,field=memory --query tasks[0].taskArn --output text",
    );
    let out = s.ok(&format!("sandbox explain {task}"));
    assert!(
        out.contains("needs 100 CPU units, 100 MiB, host ports 80/tcp."),
        "{out}"
    );
    assert!(
        out.contains("binpack(memory): kept the instance(s) with the least remaining MiB"),
        "{out}"
    );
    assert!(out.contains("passed every filter"), "{out}");
    s.ok("aws ecs create-service --cluster ECSDemo --service-name web --task-definition python-app --desired-count 3");
    let out = s.ok("sandbox explain web");
    assert!(
        out.contains("Filtered out: RESOURCE:PORTS on 2 of 2 instance(s)"),
        "{out}"
    );
    assert!(out.contains("Chosen: none"), "{out}");
    assert_ne!(s.run("sandbox explain nothing").exit_code, 0);
}

#[test]
fn explain_a_service_counts_its_own_cluster_only() {
    let mut s = Session::new();
    s.ec2_demo_cluster();
    s.ok(
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    s.ok("aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 2");
    s.ok("sandbox advance 1m");
    s.ok("aws ecs create-cluster --cluster-name Other");
    s.ok("aws ecs create-service --cluster Other --service-name web --task-definition web --desired-count 0");
    let out = s.ok("sandbox explain web");
    assert!(out.contains("0 running of 0 desired"), "{out}");
}

#[test]
fn dry_run_changes_nothing() {
    let mut s = Session::new();
    s.ec2_demo_cluster();
    s.ok(
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    let o =
        s.run("sandbox dry-run aws ecs run-task --cluster ECSDemo --task-definition web --count 3");
    assert_eq!(o.exit_code, 0);
    assert_eq!(
        o.stderr
            .matches("a task of family:web would start on i-")
            .count(),
        3,
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("nothing was changed"));
    assert_eq!(
        s.value("aws ecs list-tasks --cluster ECSDemo --query length(taskArns)"),
        "0"
    );
}

#[test]
fn outage_and_clock_commands() {
    let mut s = Session::new();
    s.ec2_demo_cluster();
    assert!(s.ok("sandbox now").starts_with("2026-01-05T09:0"));
    assert!(s
        .ok("sandbox az-down us-east-1a")
        .starts_with("us-east-1a is down"));
    assert_eq!(s.value("aws ec2 describe-availability-zones --zone-names us-east-1a --query AvailabilityZones[0].State --output text"), "impaired");
    assert_ne!(s.run("sandbox az-down us-east-1a").exit_code, 0);
    assert!(s
        .ok("sandbox az-up us-east-1a")
        .contains("2 container instance(s) reconnected"));
    assert_ne!(s.run("sandbox az-down mars-1a").exit_code, 0);
    assert_ne!(s.run("sandbox advance forever").exit_code, 0);
}

#[test]
fn cost_compares_instances_with_fargate() {
    let mut s = Session::new();
    s.ec2_demo_cluster();
    s.ok(
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    s.ok("aws ecs run-task --cluster ECSDemo --task-definition web --count 2");
    s.ok("sandbox advance 20s");
    let out = s.ok("sandbox cost");
    assert!(out.contains("t3.medium   $0.0416/hour"), "{out}");
    assert!(out.contains("total $0.0832/hour"), "{out}");
    // 256 MiB → the smallest Fargate size, 0.25 vCPU + 0.5 GB: 0.01012 + 0.0022225 per hour each.
    assert!(
        out.contains("total $0.0247/hour on Fargate (of which $0.0000/hour already runs there)"),
        "{out}"
    );
    assert!(out.contains("list prices"), "{out}");
}

#[test]
fn help_names_every_command_and_each_one_exists() {
    let mut s = Session::new();
    let help = s.ok("help");
    assert_eq!(
        s.ok("sandbox help"),
        help,
        "`sandbox help` is the same page"
    );
    // Every sandbox command of the usage line is explained, and every one explained is a real
    // command.
    let usage = s.run("sandbox").stderr;
    let listed: Vec<&str> = usage
        .trim_start_matches("usage: sandbox ")
        .split(" | ")
        .filter_map(|c| c.split_whitespace().next())
        .collect();
    assert!(listed.len() >= 9, "{usage}");
    for c in listed.iter().filter(|c| **c != "help") {
        assert!(
            help.contains(&format!("sandbox {c}")) || help.contains(&format!("| {c}")),
            "help does not explain `sandbox {c}`:\n{help}"
        );
    }
    for line in help
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("sandbox "))
    {
        let name = line.split_whitespace().next().unwrap_or_default();
        let o = s.run(&format!("sandbox {name}"));
        assert!(
            !o.stderr
                .starts_with("usage: sandbox advance DURATION | now"),
            "`sandbox {name}` is not a command: {}",
            o.stderr
        );
    }
    for service in ["ecs", "ec2", "elbv2", "events", "ecr"] {
        assert!(
            help.contains(&format!("aws {service} ")),
            "{service} missing from help"
        );
        assert_eq!(s.run(&format!("aws {service} help")).exit_code, 0);
    }
    let typo = s.run("hepl");
    assert!(
        typo.stderr.contains("Did you mean 'help'?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn a_waiter_that_gives_up_says_why() {
    let mut s = Session::new();
    s.ok("aws ecs create-cluster --cluster-name ECSDemo");
    // The classic mistake: no instance profile, so the agent never registers.
    let id = s.value("aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --user-data file://userdata.txt --query Instances[0].InstanceId --output text");
    s.ok(
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    s.ok("aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 2");
    let o = s.run("aws ecs wait services-stable --cluster ECSDemo --services web");
    assert_eq!(o.exit_code, 255);
    assert!(
        o.stderr
            .starts_with("\nWaiter ServicesStable failed: Max attempts exceeded\n"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("[sandbox hint] service web has 0 running of 2 desired. Its latest event: (service web) was unable to place a task"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains(&format!("[sandbox hint] {id} has no instance profile")),
        "{}",
        o.stderr
    );
    // A task that stops while the learner waits for it to run: its stopped reason.
    let mut s = Session::new();
    s.ec2_demo_cluster();
    s.ok(
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    let task = s.value("aws ecs run-task --cluster ECSDemo --task-definition web --query tasks[0].taskArn --output text");
    s.ok(&format!(
        "aws ecs stop-task --cluster ECSDemo --task {task} --reason 'changed my mind'"
    ));
    let o = s.run(&format!(
        "aws ecs wait tasks-running --cluster ECSDemo --tasks {task}"
    ));
    assert!(
        o.stderr
            .contains("Waiter TasksRunning failed: Waiter encountered a terminal failure state"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("(stopped: changed my mind)"),
        "{}",
        o.stderr
    );
}

#[test]
fn explain_a_fargate_task_names_its_zone_choice() {
    let mut s = Session::new();
    s.ok("aws ecs create-cluster --cluster-name f");
    s.ok("aws ecs register-task-definition --family web --network-mode awsvpc --requires-compatibilities FARGATE --cpu 256 --memory 512 --container-definitions '[{\"name\":\"web\",\"image\":\"nginx\"}]'");
    let a = s.value("aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a --query Subnets[0].SubnetId --output text");
    let b = s.value("aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1b --query Subnets[0].SubnetId --output text");
    let net = format!("awsvpcConfiguration={{subnets=[{a},{b}]}}");
    s.ok(&format!("aws ecs run-task --cluster f --launch-type FARGATE --task-definition web --network-configuration {net}"));
    let second = s.value(&format!(
        "aws ecs run-task --cluster f --launch-type FARGATE --task-definition web --network-configuration {net} --query tasks[0].taskArn --output text"
    ));
    let out = s.ok(&format!("sandbox explain {second}"));
    assert!(
        out.contains("runs on Fargate: there is no instance to choose, only a zone."),
        "{out}"
    );
    // The first task took one zone, so the second goes to the other: one row with 1 task, the
    // chosen with 0.
    assert!(
        out.lines()
            .any(|l| l.contains("    1") && !l.contains("chosen")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.contains("    0  chosen")), "{out}");
    assert!(out.contains("(a model)"), "{out}");
}
