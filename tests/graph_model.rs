//! The graph model and the inspector, from commands typed into a page session: what a learner sees
//! on the picture (instances in their zones, bars, ports, tasks, targets and edges) and why a task
//! is where it is.
#![cfg(not(target_arch = "wasm32"))]

use ecs_sandbox_web::graph::{Graph, NodeRef};
use ecs_sandbox_web::inspector::inspect;
use ecs_sandbox_web::session::Session;
use ecs_sandbox_web::timeline::{self, Kind};

fn run(s: &mut Session, line: &str) -> String {
    s.submit(line);
    let e = s.visible_log().last().expect("output").clone();
    assert!(e.ok, "{line}\n{}", e.stderr);
    e.stdout.trim().to_string()
}

/// Two t3.medium instances in us-east-1a and us-east-1b, registered in ECSDemo, and a task
/// definition with a static host port 80.
fn cluster_in_two_zones() -> Session {
    let mut s = Session::with_seed(3);
    s.save_file(
        "userdata.txt",
        "#!/bin/bash\necho ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config\n",
    );
    s.save_file(
        "container.json",
        r#"[{"name": "webapp", "cpu": 100, "memory": 100, "image": "nginx", "portMappings": [{"containerPort": 8080, "hostPort": 80}], "essential": true}]"#,
    );
    run(&mut s, "aws ecs create-cluster --cluster-name ECSDemo");
    for zone in ["us-east-1a", "us-east-1b"] {
        let subnet = run(&mut s, &format!("aws ec2 describe-subnets --filters Name=availability-zone,Values={zone} --query Subnets[0].SubnetId --output text"));
        run(&mut s, &format!("aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --subnet-id {subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt"));
    }
    run(&mut s, "sandbox advance 2m");
    run(&mut s, "aws ecs register-task-definition --family webapp --container-definitions file://container.json");
    s
}

#[test]
fn instances_appear_in_their_zone_with_bars_ports_and_tasks() {
    let mut s = cluster_in_two_zones();
    let empty = Graph::of(&s.sandbox.world);
    let zones: Vec<&str> = empty.lanes.iter().map(|l| l.zone.as_str()).collect();
    // The busy zones are lanes; the four with nothing in them share one narrow stub after them.
    assert_eq!(zones, ["us-east-1a", "us-east-1b"]);
    assert_eq!(empty.lanes[0].instances.len(), 1);
    assert_eq!(empty.lanes[1].instances.len(), 1);
    let stub = empty.empty_zones.as_ref().expect("the empty zones' stub");
    assert_eq!(stub.summary(), "us-east-1c, 1d, 1e, 1f: empty");
    assert!(
        stub.rect.w * 1.5 < empty.lanes[0].rect.w
            && stub.rect.x >= empty.lanes[1].rect.x + empty.lanes[1].rect.w,
        "narrow, after the lanes: {:?}",
        stub.rect
    );
    assert!(
        empty.width < 3.0 * ecs_sandbox_web::graph::LANE_W,
        "{}",
        empty.width
    );
    let fresh = Graph::of(&Session::with_seed(3).sandbox.world);
    assert!(
        fresh.lanes.is_empty(),
        "with nothing anywhere, there is only the stub"
    );
    assert_eq!(
        fresh.empty_zones.map(|e| e.zones.len()),
        Some(6),
        "every zone in it"
    );
    let inst = &empty.lanes[0].instances[0];
    assert_eq!(
        inst.cluster.as_ref().map(|(c, s)| (c.as_str(), *s)),
        Some(("ECSDemo", "ACTIVE"))
    );
    assert_eq!((inst.cpu, inst.memory.0), ((0, 2048), 0));
    assert!(
        inst.ports.contains(&22),
        "the agent's reserved ports show: {:?}",
        inst.ports
    );

    run(
        &mut s,
        "aws ecs run-task --cluster ECSDemo --task-definition webapp --count 2",
    );
    let g = Graph::of(&s.sandbox.world);
    for lane in &g.lanes[..2] {
        let i = &lane.instances[0];
        assert_eq!(
            i.tasks.len(),
            1,
            "one task per instance: port 80 is taken on the other"
        );
        assert_eq!(i.cpu.0, 100);
        assert_eq!(i.memory.0, 100);
        assert!(i.ports.contains(&80));
        assert!(i.tasks[0].label.starts_with("webapp:1 "));
        // The chip sits inside its instance's box.
        let (c, b) = (&i.tasks[0].rect, &i.rect);
        assert!(
            c.x >= b.x && c.y >= b.y && c.x + c.w <= b.x + b.w && c.y + c.h <= b.y + b.h,
            "{c:?} inside {b:?}"
        );
    }
    let words = g.describe().join("\n");
    assert!(words.contains("us-east-1a: instance i-"), "{words}");
    assert!(
        words.contains("in cluster ECSDemo (ACTIVE); CPU 100/2048, memory 100/"),
        "{words}"
    );

    // Stopped tasks fade, then leave the picture.
    let id = g.lanes[0].instances[0].tasks[0].id.clone();
    run(
        &mut s,
        &format!("aws ecs stop-task --cluster ECSDemo --task {id}"),
    );
    run(&mut s, "sandbox advance 1m");
    let chip = Graph::of(&s.sandbox.world)
        .chips()
        .find(|c| c.id == id)
        .map(|c| c.status.as_str());
    assert_eq!(chip, Some("STOPPED"));
    run(&mut s, "sandbox advance 5m");
    assert!(Graph::of(&s.sandbox.world).chips().all(|c| c.id != id));
}

#[test]
fn the_inspector_explains_a_placement_instance_by_instance() {
    let mut s = cluster_in_two_zones();
    run(
        &mut s,
        "aws ecs run-task --cluster ECSDemo --task-definition webapp",
    );
    let g = Graph::of(&s.sandbox.world);
    let first = g.chips().next().expect("a task").id.clone();
    run(
        &mut s,
        "aws ecs run-task --cluster ECSDemo --task-definition webapp",
    );
    let second = Graph::of(&s.sandbox.world)
        .chips()
        .map(|c| c.id.clone())
        .find(|id| *id != first)
        .expect("a second task");

    let i = inspect(&s.sandbox.world, &NodeRef::Task(second.clone())).expect("the task");
    assert_eq!(
        i.command,
        format!("aws ecs describe-tasks --cluster ECSDemo --tasks {second}")
    );
    assert!(
        i.output.contains(&format!(
            "\"taskArn\": \"arn:aws:ecs:us-east-1:123456789012:task/ECSDemo/{second}\""
        )),
        "{}",
        i.output
    );
    let d = i.decision.expect("a decision");
    assert_eq!(d.rows.len(), 2);
    // The first task's instance has port 80 taken: that row fails on RESOURCE:PORTS; the other is
    // chosen.
    let failed: Vec<_> = d.rows.iter().filter(|r| !r.passed).collect();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0].result.starts_with("RESOURCE:PORTS"),
        "{}",
        failed[0].result
    );
    assert!(d.rows.iter().any(|r| r.passed && r.chosen));
    assert!(d.summary.starts_with("Placed on i-"), "{}", d.summary);
    assert!(
        d.summary.contains("needs 100 CPU, 100 MiB, ports 80"),
        "{}",
        d.summary
    );

    // Looking changes nothing.
    let before = serde_json::to_string(&s.sandbox.world).unwrap();
    inspect(
        &s.sandbox.world,
        &NodeRef::Instance(s.sandbox.world.ec2().instances()[0].instance_id.clone()),
    )
    .expect("the instance");
    assert_eq!(before, serde_json::to_string(&s.sandbox.world).unwrap());
    assert!(inspect(&s.sandbox.world, &NodeRef::Task("nope".into())).is_none());
}

#[test]
fn load_balancer_targets_are_drawn_to_their_tasks() {
    let mut s = cluster_in_two_zones();
    s.save_file("dynamic.json", r#"[{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80}]}]"#);
    run(
        &mut s,
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    let vpc = run(
        &mut s,
        "aws ec2 describe-vpcs --query Vpcs[0].VpcId --output text",
    );
    let subnets =
        run(&mut s, "aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a,us-east-1b --query Subnets[].SubnetId --output text");
    let lb = run(
        &mut s,
        &format!(
            "aws elbv2 create-load-balancer --name web --subnets {} --query LoadBalancers[0].LoadBalancerArn --output text",
            subnets.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
    );
    let tg = run(
        &mut s,
        &format!("aws elbv2 create-target-group --name web-tg --protocol HTTP --port 80 --vpc-id {vpc} --query TargetGroups[0].TargetGroupArn --output text"),
    );
    run(&mut s, &format!("aws elbv2 create-listener --load-balancer-arn {lb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"));
    run(&mut s, &format!("aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 4 --load-balancers targetGroupArn={tg},containerName=web,containerPort=80"));
    run(&mut s, "sandbox advance 3m");

    let g = Graph::of(&s.sandbox.world);
    assert_eq!(g.load_balancers.len(), 1);
    assert_eq!(g.load_balancers[0].routes, ["HTTP:80 default → web-tg"]);
    assert_eq!(g.target_groups[0].targets.len(), 4);
    assert!(
        g.target_groups[0]
            .targets
            .iter()
            .all(|t| t.task.is_some() && t.label.starts_with("i-")),
        "{:?}",
        g.target_groups[0].targets
    );
    let to_tasks: Vec<_> = g.edges.iter().filter_map(|e| e.task.clone()).collect();
    assert_eq!(to_tasks.len(), 4);
    // Every edge ends on the chip of its task.
    for e in g.edges.iter().filter(|e| e.task.is_some()) {
        let chip = g
            .chips()
            .find(|c| Some(&c.id) == e.task.as_ref())
            .expect("the chip");
        assert_eq!(e.to, (chip.rect.x, chip.rect.y + chip.rect.h / 2.0));
    }
    // Edges run in the gaps: no segment before the last (into the chip) crosses a box.
    let boxes: Vec<&ecs_sandbox_web::graph::Rect> = g
        .services
        .iter()
        .map(|s| &s.rect)
        .chain(g.target_groups.iter().map(|t| &t.rect))
        .chain(g.lanes.iter().flat_map(|l| &l.instances).map(|i| &i.rect))
        .collect();
    for e in &g.edges {
        let corners: Vec<(f64, f64)> = std::iter::once(e.from)
            .chain(e.via.iter().copied())
            .chain([e.to])
            .collect();
        let segments = corners.windows(2).count();
        for (n, w) in corners.windows(2).enumerate().take(segments - 1).skip(1) {
            let (a, b) = (w[0], w[1]);
            assert!(
                a.0 == b.0 || a.1 == b.1,
                "square corners: {a:?} {b:?} (segment {n})"
            );
            for r in &boxes {
                let crosses = a.0.min(b.0) < r.x + r.w
                    && a.0.max(b.0) > r.x
                    && a.1.min(b.1) < r.y + r.h
                    && a.1.max(b.1) > r.y;
                assert!(!crosses, "{a:?} → {b:?} crosses {r:?}");
            }
        }
    }
    let words = g.describe().join("\n");
    assert!(words.contains("Target group web-tg: i-"), "{words}");
    assert!(words.contains(" healthy"), "{words}");
    let events = timeline::events(&s.sandbox.world);
    assert_eq!(
        events
            .iter()
            .filter(
                |e| e.kind == Kind::Target && e.text.contains("registered in web-tg (now healthy)")
            )
            .count(),
        4
    );
    // A curl through the load balancer lights up its path: LB → target group → the task that
    // answered.
    assert!(g.chips().all(|c| !c.answered) && g.edges.iter().all(|e| !e.on_path));
    let sg = run(&mut s, "aws ec2 describe-security-groups --group-names default --query SecurityGroups[0].GroupId --output text");
    run(&mut s, &format!("aws ec2 authorize-security-group-ingress --group-id {sg} --protocol tcp --port 80 --cidr 0.0.0.0/0"));
    let dns = run(&mut s, "aws elbv2 describe-load-balancers --names web --query LoadBalancers[0].DNSName --output text");
    let answer = run(&mut s, &format!("curl http://{dns}/"));
    let g = Graph::of(&s.sandbox.world);
    let answered: Vec<_> = g.chips().filter(|c| c.answered).collect();
    assert_eq!(answered.len(), 1);
    assert!(
        answer.contains(&format!("task {}", answered[0].id)),
        "{answer}"
    );
    let lit: Vec<_> = g.edges.iter().filter(|e| e.on_path).collect();
    assert_eq!(lit.len(), 2, "LB → TG and TG → the task");
    assert_eq!(lit[1].task.as_ref(), Some(&answered[0].id));
    assert!(g.load_balancers[0].on_path);
    // Undo replays the session without the curl: nothing is lit.
    s.undo();
    assert!(Graph::of(&s.sandbox.world).chips().all(|c| !c.answered));

    let i = inspect(&s.sandbox.world, &NodeRef::TargetGroup(tg.clone())).expect("tg");
    assert!(i.output.contains("\"State\": \"healthy\""), "{}", i.output);
}

#[test]
fn a_large_cluster_is_summarised_not_drawn_box_by_box() {
    let mut s = Session::with_seed(5);
    s.save_file(
        "userdata.txt",
        "#!/bin/bash\necho ECS_CLUSTER=big >> /etc/ecs/ecs.config\n",
    );
    run(&mut s, "aws ecs create-cluster --cluster-name big");
    let subnet = run(&mut s, "aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a --query Subnets[0].SubnetId --output text");
    run(&mut s, &format!("aws ec2 run-instances --count 15 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --subnet-id {subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt"));
    run(&mut s, &format!("aws ec2 run-instances --count 15 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --subnet-id {subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt"));
    run(&mut s, "sandbox advance 2m");
    let g = Graph::of(&s.sandbox.world);
    assert_eq!(
        g.lanes[0].instances.len(),
        ecs_sandbox_web::graph::MAX_INSTANCES_PER_LANE
    );
    assert_eq!(
        g.lanes[0].hidden_instances,
        30 - ecs_sandbox_web::graph::MAX_INSTANCES_PER_LANE
    );
    assert!(g
        .describe()
        .iter()
        .any(|l| l == "us-east-1a: 18 more instances"));
}

#[test]
fn the_timeline_tells_what_happened_newest_first_and_filters() {
    let mut s = cluster_in_two_zones();
    run(&mut s, "aws ecs create-service --cluster ECSDemo --service-name web --task-definition webapp --desired-count 2");
    run(&mut s, "sandbox advance 2m");
    let all = timeline::events(&s.sandbox.world);
    assert!(all.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
    let texts: Vec<&str> = all.iter().map(|e| e.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("(service web) has reached a steady state.")),
        "{texts:#?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("registered with cluster ECSDemo")),
        "{texts:#?}"
    );
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("of webapp:1 is RUNNING"))
            .count(),
        2
    );
    // Placements say where, in which zone.
    assert!(
        texts
            .iter()
            .any(|t| t.contains("(service:web) placed on i-") && t.contains("(us-east-1a)")),
        "{texts:#?}"
    );

    let services = timeline::filtered(&all, &[Kind::Service], "");
    assert!(!services.is_empty() && services.iter().all(|e| e.kind == Kind::Service));
    let in_b = timeline::filtered(&all, &Kind::ALL, "US-EAST-1B");
    assert!(!in_b.is_empty() && in_b.iter().all(|e| e.text.contains("us-east-1b")));
    assert!(timeline::filtered(&all, &[], "").is_empty());
}

#[test]
fn two_hundred_instances_and_two_thousand_tasks_stay_readable() {
    let mut s = Session::with_seed(9);
    s.save_file(
        "userdata.txt",
        "#!/bin/bash\necho ECS_CLUSTER=big >> /etc/ecs/ecs.config\n",
    );
    s.save_file(
        "tiny.json",
        r#"[{"name": "w", "image": "nginx", "cpu": 10, "memory": 32}]"#,
    );
    run(&mut s, "aws ecs create-cluster --cluster-name big");
    for zone in [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
        "us-east-1d",
        "us-east-1e",
    ] {
        let subnet = run(&mut s, &format!("aws ec2 describe-subnets --filters Name=availability-zone,Values={zone} --query Subnets[0].SubnetId --output text"));
        for _ in 0..2 {
            run(&mut s, &format!("aws ec2 run-instances --count 20 --image-id ami-0f161e6034a6262d8 --instance-type m5.large --subnet-id {subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt --query Instances[0].InstanceId"));
        }
    }
    run(&mut s, "sandbox advance 1m");
    run(&mut s, "aws ecs register-task-definition --family tiny --container-definitions file://tiny.json --query taskDefinition.revision");
    for _ in 0..200 {
        run(&mut s, "aws ecs run-task --cluster big --task-definition tiny --count 10 --query length(tasks)");
    }
    let g = Graph::of(&s.sandbox.world);
    let drawn_instances: usize = g.lanes.iter().map(|l| l.instances.len()).sum();
    let hidden_instances: usize = g.lanes.iter().map(|l| l.hidden_instances).sum();
    assert_eq!(drawn_instances + hidden_instances, 200);
    assert!(drawn_instances <= 5 * ecs_sandbox_web::graph::MAX_INSTANCES_PER_LANE);
    let drawn_tasks = g.chips().count();
    let hidden_tasks: usize = g
        .lanes
        .iter()
        .flat_map(|l| &l.instances)
        .map(|i| i.hidden_tasks)
        .sum();
    assert!(drawn_tasks <= drawn_instances * ecs_sandbox_web::graph::MAX_TASKS_PER_BOX);
    assert_eq!(s.sandbox.world.ecs().tasks().len(), 2000);
    // What is drawn plus what is summarised on drawn instances accounts for every task on them.
    let on_drawn: usize = g
        .lanes
        .iter()
        .flat_map(|l| &l.instances)
        .map(|i| i.tasks.len() + i.hidden_tasks)
        .sum();
    assert_eq!(drawn_tasks + hidden_tasks, on_drawn);
    assert!(g.describe().iter().any(|l| l.ends_with("more instances")));
}

#[test]
fn services_are_boxes_with_counts_and_unplaced_causes_the_inspector_groups() {
    let mut s = cluster_in_two_zones();
    // Port 80 is static: a third task has nowhere to go (both instances hold one).
    run(&mut s, "aws ecs create-service --cluster ECSDemo --service-name web --task-definition webapp --desired-count 3");
    run(&mut s, "sandbox advance 1m");
    let g = Graph::of(&s.sandbox.world);
    assert_eq!(g.services.len(), 1);
    let svc = &g.services[0];
    assert_eq!(
        (svc.name.as_str(), svc.cluster.as_str(), svc.group.as_str()),
        ("web", "ECSDemo", "service:web")
    );
    assert_eq!((svc.desired, svc.running), (3, 2));
    assert_eq!(svc.unplaced.as_deref(), Some("unplaced: RESOURCE:PORTS ×2"));
    // The band sits between the load balancers (none here) and the lanes.
    assert!(svc.rect.y + svc.rect.h < g.lanes[0].rect.y);
    assert!(g.describe().iter().any(|l| l == "Service web in cluster ECSDemo: desired 3, running 2, pending 0; unplaced: RESOURCE:PORTS ×2"));

    let i = inspect(&s.sandbox.world, &NodeRef::Service(svc.arn.clone())).expect("the service");
    assert_eq!(i.title, "Service web");
    assert!(i
        .command
        .starts_with("aws ecs describe-services --cluster ECSDemo --services web"));
    assert!(i.output.contains("\"runningCount\": 2"), "{}", i.output);
    let d = i.decision.expect("the unplaced task's decision");
    assert_eq!(d.causes, vec![("RESOURCE:PORTS", 2)]);
    assert!(
        d.summary
            .starts_with("Its last task could not be placed; needs 100 CPU, 100 MiB, ports 80"),
        "{}",
        d.summary
    );
    assert!(d
        .rows
        .iter()
        .all(|r| !r.passed && r.result.starts_with("RESOURCE:PORTS")));

    // Scaled to what fits, nothing is left unplaced.
    run(
        &mut s,
        "aws ecs update-service --cluster ECSDemo --service web --desired-count 2",
    );
    run(&mut s, "sandbox advance 1m");
    let g = Graph::of(&s.sandbox.world);
    assert_eq!(
        (
            g.services[0].desired,
            g.services[0].running,
            g.services[0].unplaced.as_deref()
        ),
        (2, 2, None)
    );
    assert!(
        inspect(&s.sandbox.world, &NodeRef::Service(svc.arn.clone()))
            .expect("the service")
            .decision
            .is_none()
    );
}

#[test]
fn a_service_in_a_cluster_without_instances_says_so() {
    let mut s = Session::with_seed(3);
    run(&mut s, "aws ecs create-cluster --cluster-name ECSDemo");
    // Launched without an instance profile: the agent never registers.
    run(
        &mut s,
        "aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --user-data 'echo ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config'",
    );
    run(&mut s, "aws ecs register-task-definition --family web --container-definitions '[{\"name\":\"web\",\"image\":\"nginx\",\"memory\":256}]'");
    run(&mut s, "aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 2");
    run(&mut s, "sandbox advance 1m");
    let g = Graph::of(&s.sandbox.world);
    assert_eq!(
        g.services[0].unplaced.as_deref(),
        Some("unplaced: 0 container instances")
    );
    let lane = g
        .lanes
        .iter()
        .find(|l| !l.instances.is_empty())
        .expect("the instance is on the graph");
    assert_eq!(lane.instances[0].cluster, None, "in no cluster");
    let seen = inspect(
        &s.sandbox.world,
        &NodeRef::Instance(lane.instances[0].ec2_instance_id.clone()),
    )
    .expect("inspectable");
    assert!(
        seen.relations
            .iter()
            .any(|r| r.starts_with("not registered in a cluster: i-")
                && r.contains("has no instance profile")),
        "{:?}",
        seen.relations
    );
}

#[test]
fn the_busiest_zone_comes_first_and_a_zone_that_is_down_says_so() {
    let mut s = cluster_in_two_zones();
    let subnet = run(&mut s, "aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1f --query Subnets[0].SubnetId --output text");
    run(&mut s, &format!("aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --subnet-id {subnet} --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt"));
    run(&mut s, "sandbox advance 2m");
    let g = Graph::of(&s.sandbox.world);
    let zones: Vec<&str> = g.lanes.iter().map(|l| l.zone.as_str()).collect();
    assert_eq!(
        zones,
        ["us-east-1f", "us-east-1a", "us-east-1b"],
        "most first, ties by name"
    );
    assert_eq!((g.lanes[0].instance_count, g.lanes[0].task_count), (2, 0));

    // A zone taken down stays on the picture, as down, even with nothing left in it.
    run(&mut s, "sandbox az-down us-east-1c");
    run(&mut s, "sandbox az-down us-east-1a");
    let g = Graph::of(&s.sandbox.world);
    let down: Vec<&str> = g
        .lanes
        .iter()
        .filter(|l| l.down)
        .map(|l| l.zone.as_str())
        .collect();
    assert_eq!(down, ["us-east-1a", "us-east-1c"]);
    let c = g
        .lanes
        .iter()
        .find(|l| l.zone == "us-east-1c")
        .expect("the empty zone that is down");
    assert!(c.instances.is_empty());
    assert_eq!(
        g.empty_zones.as_ref().map(|e| e.summary()).as_deref(),
        Some("us-east-1d, 1e: empty")
    );
    let a = g.lanes.iter().find(|l| l.zone == "us-east-1a").expect("1a");
    assert!(
        !a.instances[0].agent_connected,
        "its instance's agent is cut off"
    );
    let words = g.describe().join("\n");
    assert!(
        words.contains("us-east-1a: down (sandbox az-down)"),
        "{words}"
    );
    assert!(words.contains("(ACTIVE, agent disconnected)"), "{words}");
}

#[test]
fn names_are_abbreviated_keeping_what_tells_them_apart() {
    use ecs_sandbox_web::graph::{abbreviate, wrap, TaskChip};
    assert_eq!(abbreviate("FargateDemoService2", 12), "Fargat…vice2");
    assert_eq!(abbreviate("short", 12), "short");
    assert_eq!(abbreviate("anything", 0), "…");
    assert_eq!(abbreviate("ünïcødé-nämes", 6).chars().count(), 6);
    let chip = TaskChip {
        id: "9f87c0321234".into(),
        label: "FargateDemoTaskDefinition:3 9f87c032".into(),
        instance: None,
        group: "family:x".into(),
        status: ecs_sandbox_engine::ecs::types::TaskStatus::Running,
        answered: false,
        rect: ecs_sandbox_web::graph::Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        },
    };
    let short = chip.short_label(24);
    assert!(
        short.ends_with(":3 9f87c032") && short.chars().count() <= 24,
        "{short}"
    );
    assert_eq!(chip.short_label(40), chip.label);
    assert_eq!(
        chip.full_name(),
        "task FargateDemoTaskDefinition:3 9f87c032 (9f87c0321234) RUNNING on Fargate"
    );
    use ecs_sandbox_web::graph::ports_line;
    assert_eq!(
        ports_line(&[22, 2375, 2376, 51678, 51679], 21),
        "ports 22 2375 2376 +2"
    );
    assert_eq!(ports_line(&[22, 80], 21), "ports 22 80");
    assert_eq!(ports_line(&[], 21), "no host ports");
    assert_eq!(ports_line(&[51678, 51679], 8), "ports +2");
    assert_eq!(
        wrap("unplaced: RESOURCE:PORTS ×2", 16),
        ["unplaced:", "RESOURCE:PORTS", "×2"]
    );
}
