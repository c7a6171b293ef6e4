//! The service scheduler, step by step, with cases computed by hand from docs/scheduler.md.

use ecs_sandbox_engine::clock::SECOND;
use ecs_sandbox_engine::ecs::{DesiredStatus, TaskStatus};
use ecs_sandbox_engine::{ErrorCode, Service, World};
use serde_json::{json, Value};

fn ecs(w: &mut World, op: &str, body: Value) -> Value {
    w.call(Service::Ecs, op, body)
        .unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn launch(w: &mut World, itype: &str, az: &str, n: u32) -> Vec<String> {
    let subnet = w
        .ec2()
        .subnets()
        .iter()
        .find(|s| s.availability_zone == az)
        .map(|s| s.subnet_id.clone());
    let out = w
        .call(
            Service::Ec2,
            "RunInstances",
            json!({
                "ImageId": "ami-0f161e6034a6262d8", "InstanceType": itype, "MinCount": n, "MaxCount": n, "SubnetId": subnet,
                "IamInstanceProfile": {"Name": "ecsInstanceRole"},
                "UserData": ecs_sandbox_engine::wire::base64_encode(b"echo ECS_CLUSTER=c >> /etc/ecs/ecs.config"),
            }),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    w.advance(30 * SECOND);
    out["Instances"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["InstanceId"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn world(task: Value) -> World {
    let mut w = World::new(21);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "c"}));
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [task]}),
    );
    w
}

fn describe(w: &mut World, name: &str) -> Value {
    ecs(
        w,
        "DescribeServices",
        json!({"cluster": "c", "services": [name]}),
    )["services"][0]
        .clone()
}

fn messages(svc: &Value) -> Vec<String> {
    svc["events"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// (deployment id, lastStatus) of the service's tasks that are still wanted.
fn live(w: &World) -> Vec<(String, TaskStatus)> {
    w.ecs()
        .tasks()
        .iter()
        .filter(|t| t.group == "service:web" && t.desired_status == DesiredStatus::Running)
        .map(|t| (t.started_by.clone().unwrap_or_default(), t.last_status))
        .collect()
}

#[test]
fn the_course_demo_two_tasks_on_port_80_land_on_two_instances_and_reach_steady_state() {
    let mut w = world(
        json!({"name": "webapp", "cpu": 100, "memory": 100, "image": "x", "portMappings": [{"containerPort": 8080, "hostPort": 80}]}),
    );
    launch(&mut w, "t3.medium", "us-east-1a", 1);
    launch(&mut w, "t3.medium", "us-east-1b", 1);
    let created = ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2, "launchType": "EC2"}),
    );
    assert_eq!(
        created["service"]["runningCount"], 0,
        "AWS answers before the scheduler starts tasks"
    );
    assert_eq!(
        created["service"]["deploymentConfiguration"],
        json!({"deploymentCircuitBreaker": {"enable": false, "rollback": false}, "maximumPercent": 200, "minimumHealthyPercent": 100})
    );
    let svc = describe(&mut w, "web");
    assert_eq!(
        (svc["pendingCount"].as_i64(), svc["runningCount"].as_i64()),
        (Some(2), Some(0))
    );
    assert!(messages(&svc)[0].starts_with("(service web) has started 2 tasks: (task "));
    let zones: std::collections::BTreeSet<String> = w
        .ecs()
        .tasks()
        .iter()
        .map(|t| t.availability_zone.clone())
        .collect();
    assert_eq!(zones.len(), 2, "spread across both AZs");
    w.advance(10 * SECOND);
    let svc = describe(&mut w, "web");
    assert_eq!(svc["runningCount"], 2);
    assert_eq!(svc["deployments"][0]["rolloutState"], "COMPLETED");
    let m = messages(&svc);
    assert_eq!(m[0], "(service web) has reached a steady state.");
    assert!(
        m[1].starts_with("(service web) (deployment ecs-svc/")
            && m[1].ends_with(") deployment completed.")
    );
    // Scaling to 3: the host port is taken on both instances.
    ecs(
        &mut w,
        "UpdateService",
        json!({"cluster": "c", "service": "web", "desiredCount": 3}),
    );
    let m = messages(&describe(&mut w, "web"));
    assert!(
        m[0].starts_with(
            "(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance "
        ),
        "{}",
        m[0]
    );
    assert!(
        m[0].ends_with(
            ") is already using a port required by your task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."
        ),
        "{}",
        m[0]
    );
}

#[test]
fn stopped_tasks_are_replaced_and_scale_in_takes_from_the_fullest_zone() {
    let mut w = world(json!({"name": "a", "image": "x", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 2);
    launch(&mut w, "t3.medium", "us-east-1b", 1);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 4}),
    );
    w.advance(10 * SECOND);
    // Four tasks over two AZs: 2 + 2.
    let per_zone = |w: &World, z: &str| {
        w.ecs()
            .tasks()
            .iter()
            .filter(|t| t.desired_status == DesiredStatus::Running && t.availability_zone == z)
            .count()
    };
    assert_eq!(
        (per_zone(&w, "us-east-1a"), per_zone(&w, "us-east-1b")),
        (2, 2)
    );
    let victim = w.ecs().tasks()[0].arn.clone();
    ecs(&mut w, "StopTask", json!({"cluster": "c", "task": victim}));
    assert_eq!(live(&w).len(), 4, "a replacement starts at once");
    w.advance(20 * SECOND);
    assert_eq!(describe(&mut w, "web")["runningCount"], 4);
    // Scale in to 1: tasks go from the AZ with the most, keeping the balance.
    ecs(
        &mut w,
        "UpdateService",
        json!({"cluster": "c", "service": "web", "desiredCount": 2}),
    );
    assert_eq!(
        (per_zone(&w, "us-east-1a"), per_zone(&w, "us-east-1b")),
        (1, 1)
    );
    let stopped = w
        .ecs()
        .tasks()
        .iter()
        .find(|t| {
            t.stopped_reason.as_deref().is_some_and(|r| {
                r.starts_with("Scaling activity initiated by (deployment ecs-svc/")
            })
        })
        .expect("scale-in reason");
    assert_eq!(
        stopped.stop_code.map(|c| format!("{c:?}")),
        Some("ServiceSchedulerInitiated".into())
    );
    assert!(messages(&describe(&mut w, "web"))[0]
        .starts_with("(service web) has stopped 2 running tasks: (task "));
}

#[test]
fn rolling_deployment_100_200_starts_all_new_then_stops_all_old() {
    let mut w = world(json!({"name": "a", "image": "x:1", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 2);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 4}),
    );
    w.advance(10 * SECOND);
    let old = describe(&mut w, "web")["deployments"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "a", "image": "x:2", "memory": 128}]}),
    );
    ecs(
        &mut w,
        "UpdateService",
        json!({"cluster": "c", "service": "web", "taskDefinition": "web"}),
    );
    // desired 4, max 200% → 8 tasks at most: four new start at once; min 100% → no old stops yet.
    let l = live(&w);
    assert_eq!(l.iter().filter(|(d, _)| d == &old).count(), 4);
    assert_eq!(l.iter().filter(|(d, _)| d != &old).count(), 4);
    let svc = describe(&mut w, "web");
    assert_eq!(svc["deployments"].as_array().map(|a| a.len()), Some(2));
    assert_eq!(svc["deployments"][0]["status"], "PRIMARY");
    assert_eq!(svc["deployments"][1]["status"], "ACTIVE");
    // The new tasks run after 10 s but count as healthy only 40 s later (no container health
    // check): until then the old ones stay. Then the old ones stop and their deployment retires.
    w.advance(40 * SECOND);
    assert_eq!(
        live(&w).iter().filter(|(d, _)| d == &old).count(),
        4,
        "old tasks wait for the new ones to be healthy"
    );
    w.advance(20 * SECOND);
    assert!(live(&w)
        .iter()
        .all(|(d, s)| d != &old && *s == TaskStatus::Running));
    w.advance(10 * SECOND);
    let svc = describe(&mut w, "web");
    assert_eq!(svc["deployments"].as_array().map(|a| a.len()), Some(1));
    assert_eq!(svc["runningCount"], 4);
    assert_eq!(
        messages(&svc)[0],
        "(service web) has reached a steady state."
    );
}

#[test]
fn rolling_deployment_50_100_replaces_half_at_a_time() {
    let mut w = world(json!({"name": "a", "image": "x:1", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 2);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 4,
        "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 100}}),
    );
    w.advance(50 * SECOND); // running for 40 s: healthy
    let old = describe(&mut w, "web")["deployments"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    ecs(
        &mut w,
        "UpdateService",
        json!({"cluster": "c", "service": "web", "forceNewDeployment": true}),
    );
    // ceiling 4, floor 2: nothing can start until two old tasks stop; they stop at once.
    let l = live(&w);
    assert_eq!(l.iter().filter(|(d, _)| d == &old).count(), 2, "{l:?}");
    w.advance(6 * SECOND);
    // Two old ones have stopped: two new ones start.
    let l = live(&w);
    assert_eq!(
        (
            l.iter().filter(|(d, _)| d == &old).count(),
            l.iter().filter(|(d, _)| d != &old).count()
        ),
        (2, 2),
        "{l:?}"
    );
    w.advance(60 * SECOND);
    let svc = describe(&mut w, "web");
    assert_eq!(
        (
            svc["runningCount"].as_i64(),
            svc["deployments"].as_array().map(|a| a.len())
        ),
        (Some(4), Some(1))
    );
}

#[test]
fn a_configuration_that_can_neither_start_nor_stop_is_reported() {
    let mut w = world(json!({"name": "a", "image": "x:1", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 1);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2,
        "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 100}}),
    );
    w.advance(10 * SECOND);
    ecs(
        &mut w,
        "UpdateService",
        json!({"cluster": "c", "service": "web", "forceNewDeployment": true}),
    );
    assert_eq!(messages(&describe(&mut w, "web"))[0], "(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.");
}

#[test]
fn draining_moves_service_tasks_and_leaves_standalone_ones() {
    let mut w = world(json!({"name": "a", "image": "x", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 1);
    launch(&mut w, "t3.medium", "us-east-1b", 1);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2}),
    );
    let standalone = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "web", "count": 2}),
    );
    w.advance(10 * SECOND);
    let target = w.ecs().container_instances()[0].clone();
    ecs(
        &mut w,
        "UpdateContainerInstancesState",
        json!({"cluster": "c", "containerInstances": [target.arn.clone()], "status": "DRAINING"}),
    );
    // The replacement starts at once; the drained copy stops once the replacement is healthy (40 s
    // after it runs), keeping minimumHealthyPercent 100.
    w.advance(30 * SECOND);
    assert_eq!(
        w.ecs()
            .tasks()
            .iter()
            .filter(|t| t.group == "service:web" && t.desired_status == DesiredStatus::Running)
            .count(),
        3
    );
    w.advance(30 * SECOND);
    let on_target: Vec<_> = w
        .ecs()
        .tasks()
        .iter()
        .filter(|t| {
            t.container_instance_id.as_ref() == Some(&target.id)
                && t.desired_status == DesiredStatus::Running
        })
        .collect();
    assert!(
        on_target.iter().all(|t| t.group.starts_with("family:")),
        "only standalone tasks remain on the draining instance"
    );
    assert_eq!(describe(&mut w, "web")["runningCount"], 2);
    let standalone_arns: Vec<&str> = standalone["tasks"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["taskArn"].as_str()).collect())
        .unwrap_or_default();
    assert!(w
        .ecs()
        .tasks()
        .iter()
        .filter(|t| standalone_arns.contains(&t.arn.as_str()))
        .all(|t| t.last_status == TaskStatus::Running));
}

#[test]
fn delete_service_rules_and_cluster_refusal() {
    let mut w = world(json!({"name": "a", "image": "x", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 1);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1}),
    );
    w.advance(10 * SECOND);
    let e = w.call(Service::Ecs, "CreateService", json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1})).unwrap_err();
    assert_eq!(e.message, "Creation of service was not idempotent.");
    let e = w
        .call(
            Service::Ecs,
            "DeleteService",
            json!({"cluster": "c", "service": "web"}),
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "The service cannot be stopped while it is scaled above 0."
    );
    let e = w
        .call(Service::Ecs, "DeleteCluster", json!({"cluster": "c"}))
        .unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::ClusterContainsContainerInstancesException
    );
    let out = ecs(
        &mut w,
        "DeleteService",
        json!({"cluster": "c", "service": "web", "force": true}),
    );
    assert_eq!(out["service"]["status"], "DRAINING");
    assert_eq!(
        ecs(&mut w, "ListServices", json!({"cluster": "c"}))["serviceArns"],
        json!([])
    );
    let e = w.call(Service::Ecs, "CreateService", json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1})).unwrap_err();
    assert_eq!(
        e.message,
        "Unable to Start a service that is still Draining."
    );
    w.advance(30 * SECOND);
    assert_eq!(describe(&mut w, "web")["status"], "INACTIVE");
    let e = w
        .call(
            Service::Ecs,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "desiredCount": 2}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ServiceNotActiveException);
    // A new service of the same name can be created once the old one is INACTIVE.
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1}),
    );
    assert_eq!(describe(&mut w, "web")["status"], "ACTIVE");
}

#[test]
fn no_instances_is_an_event_not_an_error() {
    let mut w = world(json!({"name": "a", "image": "x", "memory": 128}));
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1}),
    );
    let m = messages(&describe(&mut w, "web"));
    assert_eq!(m, vec!["(service web) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.".to_string()]);
    // The same message is not repeated while the cause persists.
    w.advance(60 * SECOND);
    assert_eq!(messages(&describe(&mut w, "web")).len(), 1);
    // Capacity arrives: the scheduler places the task.
    launch(&mut w, "t3.medium", "us-east-1c", 1);
    w.advance(10 * SECOND);
    assert_eq!(describe(&mut w, "web")["runningCount"], 1);
}

#[test]
fn terminating_an_instance_moves_its_service_tasks() {
    let mut w = world(json!({"name": "a", "image": "x", "memory": 128}));
    let a = launch(&mut w, "t3.medium", "us-east-1a", 1);
    launch(&mut w, "t3.medium", "us-east-1b", 1);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2}),
    );
    w.advance(10 * SECOND);
    w.call(
        Service::Ec2,
        "TerminateInstances",
        json!({"InstanceIds": a}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    w.advance(20 * SECOND);
    let svc = describe(&mut w, "web");
    assert_eq!(svc["runningCount"], 2);
    assert!(w
        .ecs()
        .tasks()
        .iter()
        .filter(|t| t.last_status == TaskStatus::Running)
        .all(|t| t.availability_zone == "us-east-1b"));
}

#[test]
fn daemon_runs_one_task_per_eligible_instance_and_follows_the_fleet() {
    let mut w = world(json!({"name": "agent", "image": "datadog", "memory": 64}));
    launch(&mut w, "t3.medium", "us-east-1a", 2);
    let e = w
        .call(
            Service::Ecs,
            "CreateService",
            json!({"cluster": "c", "serviceName": "logs", "taskDefinition": "web", "schedulingStrategy": "DAEMON", "desiredCount": 2}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
    let created = ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "logs", "taskDefinition": "web", "schedulingStrategy": "DAEMON"}),
    );
    assert_eq!(
        created["service"]["deploymentConfiguration"]["maximumPercent"],
        100
    );
    assert_eq!(
        created["service"]["deploymentConfiguration"]["minimumHealthyPercent"],
        0
    );
    w.advance(10 * SECOND);
    let running = |w: &World| {
        w.ecs()
            .tasks()
            .iter()
            .filter(|t| t.group == "service:logs" && t.desired_status == DesiredStatus::Running)
            .count()
    };
    assert_eq!(running(&w), 2);
    let svc = ecs(
        &mut w,
        "DescribeServices",
        json!({"cluster": "c", "services": ["logs"]}),
    )["services"][0]
        .clone();
    assert_eq!(
        (
            svc["desiredCount"].as_i64(),
            svc["runningCount"].as_i64(),
            svc["schedulingStrategy"].as_str()
        ),
        (Some(2), Some(2), Some("DAEMON"))
    );
    // A new instance gets a task; a draining one loses its task.
    launch(&mut w, "t3.medium", "us-east-1b", 1);
    assert_eq!(running(&w), 3);
    let drained = w.ecs().container_instances()[0].clone();
    ecs(
        &mut w,
        "UpdateContainerInstancesState",
        json!({"cluster": "c", "containerInstances": [drained.arn], "status": "DRAINING"}),
    );
    w.advance(10 * SECOND);
    assert_eq!(running(&w), 2);
    assert!(!w.ecs().tasks().iter().any(|t| t.group == "service:logs"
        && t.desired_status == DesiredStatus::Running
        && t.container_instance_id.as_ref() == Some(&drained.id)));
    let svc = ecs(
        &mut w,
        "DescribeServices",
        json!({"cluster": "c", "services": ["logs"]}),
    )["services"][0]
        .clone();
    assert_eq!(
        (svc["desiredCount"].as_i64(), svc["runningCount"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        messages(&svc)[0],
        "(service logs) has reached a steady state."
    );
}

#[test]
fn daemon_respects_member_of() {
    let mut w = world(json!({"name": "agent", "image": "datadog", "memory": 64}));
    launch(&mut w, "t3.medium", "us-east-1a", 1);
    launch(&mut w, "t2.micro", "us-east-1b", 2);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "logs", "taskDefinition": "web", "schedulingStrategy": "DAEMON",
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type == t2.micro"}]}),
    );
    let on: Vec<String> = w
        .ecs()
        .tasks()
        .iter()
        .filter_map(|t| t.container_instance_id.clone())
        .collect();
    assert_eq!(on.len(), 2);
    assert!(on.iter().all(|c| w
        .ecs()
        .container_instances()
        .iter()
        .any(|ci| &ci.id == c && ci.instance_type == "t2.micro")));
}

#[test]
fn surviving_an_availability_zone_outage() {
    let mut w = world(json!({"name": "a", "image": "x", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 2);
    launch(&mut w, "t3.medium", "us-east-1b", 2);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 4}),
    );
    w.advance(10 * SECOND);
    let (instances, lost) = w.az_down("us-east-1a").expect("zone");
    assert_eq!((instances, lost), (2, 2));
    // The scheduler replaces the lost tasks in the zone that is still up.
    w.advance(10 * SECOND);
    let svc = describe(&mut w, "web");
    assert_eq!(svc["runningCount"], 4);
    assert!(w
        .ecs()
        .tasks()
        .iter()
        .filter(|t| t.last_status == TaskStatus::Running)
        .all(|t| t.availability_zone == "us-east-1b"));
    // The zone refuses new instances and shows as impaired.
    let subnet = w
        .ec2()
        .subnets()
        .iter()
        .find(|s| s.availability_zone == "us-east-1a")
        .map(|s| s.subnet_id.clone());
    let e = w
        .call(
            Service::Ec2,
            "RunInstances",
            json!({"ImageId": "ami-0f161e6034a6262d8", "InstanceType": "t3.small", "MinCount": 1, "MaxCount": 1, "SubnetId": subnet}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InsufficientInstanceCapacity);
    let zones = w
        .call(
            Service::Ec2,
            "DescribeAvailabilityZones",
            json!({"ZoneNames": ["us-east-1a"]}),
        )
        .unwrap_or_default();
    assert_eq!(zones["AvailabilityZones"][0]["State"], "impaired");
    assert_eq!(w.az_up("us-east-1a"), Ok(2));
    // Standalone tasks can use the zone again.
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "web", "count": 4, "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}]}),
    );
    assert!(out["tasks"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .any(|t| t["availabilityZone"] == "us-east-1a"));
}

#[test]
fn a_bad_image_trips_the_circuit_breaker_and_rolls_back() {
    let mut w = world(json!({"name": "a", "image": "nginx:1.27", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 2);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2,
        "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}}),
    );
    w.advance(10 * SECOND);
    let good_td = describe(&mut w, "web")["taskDefinition"].clone();
    // The course's placeholder image left in the file: every task fails to pull.
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "a", "image": "<image-from-ecr>", "memory": 128}]}),
    );
    ecs(
        &mut w,
        "UpdateService",
        json!({"cluster": "c", "service": "web", "taskDefinition": "web:2"}),
    );
    w.advance(60 * SECOND);
    let failed = w
        .ecs()
        .tasks()
        .iter()
        .find(|t| {
            t.stop_code
                .is_some_and(|c| format!("{c:?}") == "TaskFailedToStart")
        })
        .expect("a failed task");
    assert!(failed
        .stopped_reason
        .as_deref()
        .unwrap_or("")
        .starts_with("CannotPullContainerError: invalid reference format"));
    let svc = describe(&mut w, "web");
    let m = messages(&svc);
    assert!(
        m.iter()
            .any(|x| x.ends_with("deployment failed: tasks failed to start.")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x.starts_with("(service web) rolling back to deployment ecs-svc/")),
        "{m:?}"
    );
    w.advance(60 * SECOND);
    let svc = describe(&mut w, "web");
    assert_eq!(svc["taskDefinition"], good_td);
    assert_eq!(svc["runningCount"], 2);
    assert_eq!(svc["deployments"].as_array().map(|a| a.len()), Some(1));
}

#[test]
fn without_the_breaker_ecs_keeps_trying() {
    let mut w = world(json!({"name": "a", "image": "Bad/Image", "memory": 128}));
    launch(&mut w, "t3.medium", "us-east-1a", 1);
    ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1}),
    );
    w.advance(60 * SECOND);
    let svc = describe(&mut w, "web");
    assert!(messages(&svc).contains(
        &"(service web) is unable to consistently start tasks successfully.".to_string()
    ));
    assert_eq!(svc["deployments"][0]["rolloutState"], "IN_PROGRESS");
    assert!(svc["deployments"][0]["failedTasks"].as_i64().unwrap_or(0) >= 3);
}
