//! Services behind an Application Load Balancer: targets follow the tasks, health on the clock,
//! draining, and requests routed by path.

use ecs_sandbox_engine::clock::SECOND;
use ecs_sandbox_engine::ecs::{DesiredStatus, TaskStatus};
use ecs_sandbox_engine::elbv2::routing::Request;
use ecs_sandbox_engine::{ErrorCode, Service, World};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn call(w: &mut World, s: Service, op: &str, body: Value) -> Value {
    w.call(s, op, body).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn subnet(w: &World, az: &str) -> String {
    w.ec2()
        .subnets()
        .iter()
        .find(|s| s.availability_zone == az)
        .map(|s| s.subnet_id.clone())
        .unwrap_or_default()
}

struct Alb {
    dns: String,
    listener: String,
}

/// A cluster, two t3.medium instances (1a, 1b), and an ALB with a listener on 80 whose default
/// action returns a fixed 404.
fn setup() -> (World, Alb) {
    let mut w = World::new(13);
    call(
        &mut w,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    for az in ["us-east-1a", "us-east-1b"] {
        let s = subnet(&w, az);
        call(
            &mut w,
            Service::Ec2,
            "RunInstances",
            json!({"ImageId": "ami-0f161e6034a6262d8", "InstanceType": "t3.medium", "MinCount": 1, "MaxCount": 1, "SubnetId": s,
            "IamInstanceProfile": {"Name": "r"}, "UserData": ecs_sandbox_engine::wire::base64_encode(b"echo ECS_CLUSTER=c >> /etc/ecs/ecs.config")}),
        );
    }
    w.advance(30 * SECOND);
    let (a, b) = (subnet(&w, "us-east-1a"), subnet(&w, "us-east-1b"));
    let sg = call(
        &mut w,
        Service::Ec2,
        "CreateSecurityGroup",
        json!({"GroupName": "alb", "Description": "HTTP from anywhere"}),
    )["GroupId"]
        .clone();
    call(
        &mut w,
        Service::Ec2,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": sg, "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"}),
    );
    let lb = call(
        &mut w,
        Service::Elbv2,
        "CreateLoadBalancer",
        json!({"Name": "web", "Subnets": [a, b], "SecurityGroups": [sg]}),
    )["LoadBalancers"][0]
        .clone();
    let listener = call(
        &mut w,
        Service::Elbv2,
        "CreateListener",
        json!({"LoadBalancerArn": lb["LoadBalancerArn"], "Protocol": "HTTP", "Port": 80,
        "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "MessageBody": "no route"}}]}),
    )["Listeners"][0]["ListenerArn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    w.advance(90 * SECOND);
    (
        w,
        Alb {
            dns: lb["DNSName"].as_str().unwrap_or_default().to_string(),
            listener,
        },
    )
}

fn target_group(w: &mut World, name: &str, port: i64, target_type: &str) -> String {
    let vpc = w.ec2().vpcs()[0].vpc_id.clone();
    call(w, Service::Elbv2, "CreateTargetGroup", json!({"Name": name, "Protocol": "HTTP", "Port": port, "VpcId": vpc, "TargetType": target_type}))
        ["TargetGroups"][0]["TargetGroupArn"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn route_to(w: &mut World, alb: &Alb, tg: &str, priority: i64, path: &str) {
    call(
        w,
        Service::Elbv2,
        "CreateRule",
        json!({"ListenerArn": alb.listener, "Priority": priority, "Conditions": [{"Field": "path-pattern", "Values": [path]}],
        "Actions": [{"Type": "forward", "TargetGroupArn": tg}]}),
    );
}

fn curl(w: &mut World, alb: &Alb, path: &str) -> (u16, Option<String>, Vec<String>) {
    let r = w.route(&Request {
        host: &alb.dns,
        port: 80,
        path,
        query: "",
        method: "GET",
        headers: &[],
        source_ip: "198.51.100.7",
    });
    (r.status, r.task, r.steps)
}

fn health(w: &mut World, tg: &str) -> Vec<(String, i64, String)> {
    call(
        w,
        Service::Elbv2,
        "DescribeTargetHealth",
        json!({"TargetGroupArn": tg}),
    )["TargetHealthDescriptions"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    (
                        d["Target"]["Id"].as_str().unwrap_or_default().to_string(),
                        d["Target"]["Port"].as_i64().unwrap_or(0),
                        d["TargetHealth"]["State"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn messages(w: &mut World, name: &str) -> Vec<String> {
    call(
        w,
        Service::Ecs,
        "DescribeServices",
        json!({"cluster": "c", "services": [name]}),
    )["services"][0]["events"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_bridge_service_of_four_tasks_gets_four_distinct_instance_port_targets() {
    let (mut w, alb) = setup();
    let tg = target_group(&mut w, "web-tg", 80, "instance");
    route_to(&mut w, &alb, &tg, 10, "/*");
    call(
        &mut w,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80, "hostPort": 0}]}]}),
    );
    call(
        &mut w,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 4,
        "loadBalancers": [{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}]}),
    );
    w.advance(10 * SECOND);
    let targets = health(&mut w, &tg);
    let distinct: BTreeSet<(String, i64)> =
        targets.iter().map(|(i, p, _)| (i.clone(), *p)).collect();
    assert_eq!(distinct.len(), 4, "{targets:?}");
    assert!(
        targets
            .iter()
            .all(|(i, p, s)| i.starts_with("i-") && *p >= 32768 && s == "initial"),
        "{targets:?}"
    );
    assert!(messages(&mut w, "web").iter().any(|m| m.starts_with(
        "(service web) registered 4 targets in (target-group arn:aws:elasticloadbalancing:"
    )));
    // 5 health checks × 30 s later, all healthy, and requests go round-robin to the four tasks.
    w.advance(150 * SECOND);
    assert!(health(&mut w, &tg).iter().all(|(_, _, s)| s == "healthy"));
    let mut served = BTreeSet::new();
    for _ in 0..8 {
        let (status, task, steps) = curl(&mut w, &alb, "/index.html");
        assert_eq!(status, 200, "{steps:?}");
        served.insert(task.unwrap_or_default());
    }
    assert_eq!(served.len(), 4);
    let m = messages(&mut w, "web");
    assert_eq!(m[0], "(service web) has reached a steady state.");
}

#[test]
fn scale_in_drains_targets_for_the_deregistration_delay() {
    let (mut w, alb) = setup();
    let tg = target_group(&mut w, "web-tg", 80, "instance");
    route_to(&mut w, &alb, &tg, 10, "/*");
    call(
        &mut w,
        Service::Elbv2,
        "ModifyTargetGroupAttributes",
        json!({"TargetGroupArn": tg, "Attributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "60"}]}),
    );
    call(
        &mut w,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80}]}]}),
    );
    call(
        &mut w,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2,
        "loadBalancers": [{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}]}),
    );
    w.advance(170 * SECOND);
    call(
        &mut w,
        Service::Ecs,
        "UpdateService",
        json!({"cluster": "c", "service": "web", "desiredCount": 1}),
    );
    let states: Vec<String> = health(&mut w, &tg).into_iter().map(|(_, _, s)| s).collect();
    assert_eq!(
        states.iter().filter(|s| *s == "draining").count(),
        1,
        "{states:?}"
    );
    let deactivating = w
        .ecs()
        .tasks()
        .iter()
        .filter(|t| t.last_status == TaskStatus::Deactivating)
        .count();
    assert_eq!(
        deactivating, 1,
        "the task stays up while its connections drain"
    );
    let m = messages(&mut w, "web");
    assert!(
        m.iter()
            .any(|x| x.contains("has begun draining connections on 1 tasks.")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x.starts_with("(service web) deregistered 1 targets in (target-group ")),
        "{m:?}"
    );
    // Draining requests are not sent to the draining target.
    for _ in 0..4 {
        assert_eq!(curl(&mut w, &alb, "/").0, 200);
    }
    w.advance(61 * SECOND);
    assert_eq!(health(&mut w, &tg).len(), 1, "the drained target is gone");
    w.advance(10 * SECOND);
    assert_eq!(
        w.ecs()
            .tasks()
            .iter()
            .filter(|t| t.last_status == TaskStatus::Stopped)
            .count(),
        1
    );
}

#[test]
fn path_based_routing_to_three_services() {
    let (mut w, alb) = setup();
    let mut tgs = vec![];
    for (i, name) in ["users", "topics", "messages"].iter().enumerate() {
        let tg = target_group(&mut w, name, 8080, "instance");
        route_to(
            &mut w,
            &alb,
            &tg,
            10 * (i as i64 + 1),
            &format!("/api/{name}*"),
        );
        call(
            &mut w,
            Service::Ecs,
            "RegisterTaskDefinition",
            json!({"family": name, "containerDefinitions": [{"name": "app", "image": format!("chat/{name}"), "memory": 128, "portMappings": [{"containerPort": 8080}]}]}),
        );
        call(
            &mut w,
            Service::Ecs,
            "CreateService",
            json!({"cluster": "c", "serviceName": name, "taskDefinition": name, "desiredCount": 2,
            "loadBalancers": [{"targetGroupArn": tg, "containerName": "app", "containerPort": 8080}]}),
        );
        tgs.push(tg);
    }
    w.advance(170 * SECOND);
    for name in ["users", "topics", "messages"] {
        let (status, task, steps) = curl(&mut w, &alb, &format!("/api/{name}/42"));
        assert_eq!(status, 200, "{steps:?}");
        let t = w
            .ecs()
            .tasks()
            .iter()
            .find(|t| Some(&t.id) == task.as_ref())
            .expect("task");
        assert_eq!(t.group, format!("service:{name}"), "{steps:?}");
    }
    let (status, _, steps) = curl(&mut w, &alb, "/api/orders");
    assert_eq!(status, 404, "{steps:?}");
    assert!(steps.iter().any(|s| s.contains("does not match")));
}

#[test]
fn the_fargate_demo_behind_an_ip_target_group() {
    let (mut w, alb) = setup();
    let tg = target_group(&mut w, "FargateTargetGroup", 8080, "ip");
    call(
        &mut w,
        Service::Elbv2,
        "ModifyListener",
        json!({"ListenerArn": alb.listener, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}),
    );
    call(
        &mut w,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "python-web-app", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": ".5vCPU", "memory": "1GB",
        "containerDefinitions": [{"name": "webapp", "image": "nginx", "portMappings": [{"protocol": "tcp", "containerPort": 8080, "hostPort": 8080}]}]}),
    );
    let (a, b) = (subnet(&w, "us-east-1a"), subnet(&w, "us-east-1b"));
    call(
        &mut w,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "c", "serviceName": "FargateDemoService2", "taskDefinition": "python-web-app", "desiredCount": 2, "launchType": "FARGATE",
        "loadBalancers": [{"targetGroupArn": tg, "containerName": "webapp", "containerPort": 8080}],
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": [a, b], "assignPublicIp": "ENABLED"}}}),
    );
    w.advance(200 * SECOND);
    let targets = health(&mut w, &tg);
    assert_eq!(targets.len(), 2);
    assert!(
        targets
            .iter()
            .all(|(ip, port, state)| ip.starts_with("172.31.")
                && *port == 8080
                && state == "healthy"),
        "{targets:?}"
    );
    let (status, _, steps) = curl(&mut w, &alb, "/");
    assert_eq!(status, 200, "{steps:?}");
    assert!(
        steps
            .last()
            .is_some_and(|s| s.ends_with("container webapp:8080")),
        "{steps:?}"
    );
}

#[test]
fn load_balancer_validation_messages() {
    let (mut w, alb) = setup();
    let lonely = target_group(&mut w, "lonely", 80, "instance");
    let tg = target_group(&mut w, "used", 80, "instance");
    route_to(&mut w, &alb, &tg, 10, "/*");
    call(
        &mut w,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80}]}]}),
    );
    call(
        &mut w,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "vpc", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80}]}]}),
    );
    let a = subnet(&w, "us-east-1a");
    let cases = [
        (
            json!({"taskDefinition": "web", "loadBalancers": [{"targetGroupArn": lonely, "containerName": "web", "containerPort": 80}]}),
            format!("The target group with targetGroupArn {lonely} does not have an associated load balancer."),
        ),
        (
            json!({"taskDefinition": "web", "loadBalancers": [{"targetGroupArn": tg, "containerName": "web", "containerPort": 8080}]}),
            "The container web did not have a container port 8080 defined.".to_string(),
        ),
        (
            json!({"taskDefinition": "vpc", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [a]}}, "loadBalancers": [{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}]}),
            format!(
                "The provided target group {tg} has target type instance, which is incompatible with the awsvpc network mode specified in the task definition."
            ),
        ),
    ];
    for (mut body, message) in cases {
        body["cluster"] = json!("c");
        body["serviceName"] = json!("s");
        body["desiredCount"] = json!(1);
        let e = w.call(Service::Ecs, "CreateService", body).unwrap_err();
        assert_eq!(
            (e.code, e.message),
            (ErrorCode::InvalidParameterException, message)
        );
    }
}

#[test]
fn targets_are_exactly_the_running_service_tasks() {
    let (mut w, alb) = setup();
    let tg = target_group(&mut w, "web-tg", 80, "instance");
    route_to(&mut w, &alb, &tg, 10, "/*");
    call(
        &mut w,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 80}]}]}),
    );
    call(
        &mut w,
        Service::Ecs,
        "CreateService",
        json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 3,
        "loadBalancers": [{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}]}),
    );
    for (desired, wait) in [(5, 40), (2, 20), (6, 400), (1, 10), (4, 500)] {
        call(
            &mut w,
            Service::Ecs,
            "UpdateService",
            json!({"cluster": "c", "service": "web", "desiredCount": desired}),
        );
        w.advance(wait * SECOND);
        let running: BTreeSet<(String, i64)> = w
            .ecs()
            .tasks()
            .iter()
            .filter(|t| {
                t.last_status == TaskStatus::Running && t.desired_status == DesiredStatus::Running
            })
            .map(|t| {
                let ci = w
                    .ecs()
                    .container_instances()
                    .iter()
                    .find(|c| Some(&c.id) == t.container_instance_id.as_ref())
                    .map(|c| c.ec2_instance_id.clone())
                    .unwrap_or_default();
                (ci, t.containers[0].network_bindings[0].host_port)
            })
            .collect();
        let registered: BTreeSet<(String, i64)> = health(&mut w, &tg)
            .into_iter()
            .filter(|(_, _, s)| s != "draining")
            .map(|(i, p, _)| (i, p))
            .collect();
        assert_eq!(running, registered, "desired {desired}");
    }
}

#[test]
fn the_load_balancer_security_group_must_let_the_client_in() {
    let (mut w, alb) = setup();
    let sg = w.elbv2().load_balancers()[0].security_groups[0].clone();
    let http_from_anywhere = json!({"GroupId": sg, "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"});
    call(
        &mut w,
        Service::Ec2,
        "RevokeSecurityGroupIngress",
        http_from_anywhere.clone(),
    );
    let (status, _, steps) = curl(&mut w, &alb, "/");
    assert_eq!(status, 0);
    assert!(
        steps
            .last()
            .is_some_and(|s| s.contains("no inbound rule") && s.contains("times out")),
        "{steps:?}"
    );
    call(
        &mut w,
        Service::Ec2,
        "AuthorizeSecurityGroupIngress",
        http_from_anywhere,
    );
    assert_eq!(curl(&mut w, &alb, "/").0, 404);
}

mod property {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Step {
        Scale(i64),
        Advance(u64),
        StopOne(usize),
        Drain(usize),
        Activate(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0i64..7).prop_map(Step::Scale),
            (1u64..400).prop_map(Step::Advance),
            (0usize..10).prop_map(Step::StopOne),
            (0usize..2).prop_map(Step::Drain),
            (0usize..2).prop_map(Step::Activate),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

        /// Once the scheduler has settled, the target group holds exactly the service's running
        /// tasks (draining ones aside), whatever the learner did.
        #[test]
        fn targets_are_the_running_tasks_and_nothing_else(steps in prop::collection::vec(step(), 1..12)) {
            let (mut w, alb) = setup();
            let tg = target_group(&mut w, "web-tg", 80, "instance");
            route_to(&mut w, &alb, &tg, 10, "/*");
            call(&mut w, Service::Ecs, "RegisterTaskDefinition", json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 80}]}]}));
            call(&mut w, Service::Ecs, "CreateService", json!({"cluster": "c", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2,
                "loadBalancers": [{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}]}));
            for s in &steps {
                match s {
                    Step::Scale(n) => { call(&mut w, Service::Ecs, "UpdateService", json!({"cluster": "c", "service": "web", "desiredCount": n})); }
                    Step::Advance(secs) => w.advance(secs * SECOND),
                    Step::StopOne(i) => {
                        let running: Vec<String> = w.ecs().tasks().iter().filter(|t| t.desired_status == DesiredStatus::Running).map(|t| t.arn.clone()).collect();
                        if !running.is_empty() {
                            call(&mut w, Service::Ecs, "StopTask", json!({"cluster": "c", "task": running[i % running.len()]}));
                        }
                    }
                    Step::Drain(i) | Step::Activate(i) => {
                        let arn = w.ecs().container_instances()[*i].arn.clone();
                        let status = if matches!(s, Step::Drain(_)) { "DRAINING" } else { "ACTIVE" };
                        call(&mut w, Service::Ecs, "UpdateContainerInstancesState", json!({"cluster": "c", "containerInstances": [arn], "status": status}));
                    }
                }
            }
            // Let everything settle (deregistration delay 300 s, health checks 150 s).
            w.advance(900 * SECOND);
            let running: BTreeSet<(String, i64)> = w.ecs().tasks().iter()
                .filter(|t| t.last_status == TaskStatus::Running && t.desired_status == DesiredStatus::Running)
                .map(|t| {
                    let ci = w.ecs().container_instances().iter().find(|c| Some(&c.id) == t.container_instance_id.as_ref()).map(|c| c.ec2_instance_id.clone()).unwrap_or_default();
                    (ci, t.containers[0].network_bindings[0].host_port)
                })
                .collect();
            let registered: BTreeSet<(String, i64)> = health(&mut w, &tg).into_iter().filter(|(_, _, s)| s != "draining").map(|(i, p, _)| (i, p)).collect();
            prop_assert_eq!(running, registered);
        }
    }
}
