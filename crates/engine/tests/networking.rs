//! Network modes and Fargate: awsvpc ENIs with their limits, lifecycles, and Fargate tasks spread
//! over their subnets' zones.

use ecs_sandbox_engine::clock::SECOND;
use ecs_sandbox_engine::ecs::TaskStatus;
use ecs_sandbox_engine::{ErrorCode, Service, World};
use serde_json::{json, Value};

fn ecs(w: &mut World, op: &str, body: Value) -> Value {
    w.call(Service::Ecs, op, body)
        .unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn subnet(w: &World, az: &str) -> String {
    w.ec2()
        .subnets()
        .iter()
        .find(|s| s.availability_zone == az)
        .map(|s| s.subnet_id.clone())
        .unwrap_or_default()
}

fn world() -> World {
    let mut w = World::new(11);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "c"}));
    w
}

fn launch(w: &mut World, itype: &str, az: &str) {
    let s = subnet(w, az);
    w.call(
        Service::Ec2,
        "RunInstances",
        json!({"ImageId": "ami-0f161e6034a6262d8", "InstanceType": itype, "MinCount": 1, "MaxCount": 1, "SubnetId": s,
        "IamInstanceProfile": {"Name": "r"}, "UserData": ecs_sandbox_engine::wire::base64_encode(b"echo ECS_CLUSTER=c >> /etc/ecs/ecs.config")}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    w.advance(30 * SECOND);
}

#[test]
fn awsvpc_on_t3_medium_the_third_task_has_no_eni() {
    let mut w = world();
    launch(&mut w, "t3.medium", "us-east-1a");
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "vpc", "networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 80}]}]}),
    );
    let net = json!({"awsvpcConfiguration": {"subnets": [subnet(&w, "us-east-1a")]}});
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "vpc", "count": 3, "networkConfiguration": net}),
    );
    assert_eq!(out["tasks"].as_array().map(|a| a.len()), Some(2));
    assert_eq!(out["failures"][0]["reason"], "RESOURCE:ENI");
    let t = &out["tasks"][0];
    assert_eq!(t["lastStatus"], "PROVISIONING");
    assert_eq!(t["attachments"][0]["type"], "ElasticNetworkInterface");
    assert_eq!(t["attachments"][0]["status"], "PRECREATED");
    let ip = t["containers"][0]["networkInterfaces"][0]["privateIpv4Address"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(ip.starts_with("172.31."), "{ip}");
    assert_eq!(t["containers"][0]["networkBindings"], json!([]));
    // Both task IPs differ from each other and from the instance's.
    let ip2 =
        out["tasks"][1]["containers"][0]["networkInterfaces"][0]["privateIpv4Address"].clone();
    assert_ne!(json!(ip.clone()), ip2);
    assert!(!w.ec2().instances().iter().any(|i| i.private_ip == ip));
    // PROVISIONING → PENDING → RUNNING; stopping goes through DEPROVISIONING.
    let arn = t["taskArn"].clone();
    w.advance(5 * SECOND);
    assert_eq!(
        ecs(
            &mut w,
            "DescribeTasks",
            json!({"cluster": "c", "tasks": [arn.clone()]})
        )["tasks"][0]["lastStatus"],
        "PENDING"
    );
    w.advance(10 * SECOND);
    let t = ecs(
        &mut w,
        "DescribeTasks",
        json!({"cluster": "c", "tasks": [arn.clone()]}),
    )["tasks"][0]
        .clone();
    assert_eq!(
        (
            t["lastStatus"].as_str(),
            t["attachments"][0]["status"].as_str()
        ),
        (Some("RUNNING"), Some("ATTACHED"))
    );
    ecs(
        &mut w,
        "StopTask",
        json!({"cluster": "c", "task": arn.clone()}),
    );
    w.advance(6 * SECOND);
    assert_eq!(
        ecs(
            &mut w,
            "DescribeTasks",
            json!({"cluster": "c", "tasks": [arn.clone()]})
        )["tasks"][0]["lastStatus"],
        "DEPROVISIONING"
    );
    w.advance(5 * SECOND);
    let t = ecs(
        &mut w,
        "DescribeTasks",
        json!({"cluster": "c", "tasks": [arn]}),
    )["tasks"][0]
        .clone();
    assert_eq!(
        (
            t["lastStatus"].as_str(),
            t["attachments"][0]["status"].as_str()
        ),
        (Some("STOPPED"), Some("DELETED"))
    );
    // The freed ENI takes a new task.
    let net = json!({"awsvpcConfiguration": {"subnets": [subnet(&w, "us-east-1a")]}});
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "vpc", "networkConfiguration": net}),
    );
    assert_eq!(out["tasks"].as_array().map(|a| a.len()), Some(1));
}

#[test]
fn awsvpc_needs_an_instance_in_a_subnet_zone() {
    let mut w = world();
    launch(&mut w, "m5.large", "us-east-1a");
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "vpc", "networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64}]}),
    );
    let net = json!({"awsvpcConfiguration": {"subnets": [subnet(&w, "us-east-1b")]}});
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "vpc", "networkConfiguration": net}),
    );
    assert_eq!(out["failures"][0]["reason"], "ATTRIBUTE");
}

#[test]
fn network_configuration_rules() {
    let mut w = world();
    launch(&mut w, "t3.medium", "us-east-1a");
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "vpc", "networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64}]}),
    );
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "bridge", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64}]}),
    );
    let cases = [
        (json!({"cluster": "c", "taskDefinition": "vpc"}), "Network Configuration must be provided when networkMode 'awsvpc' is specified."),
        (json!({"cluster": "c", "taskDefinition": "bridge", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet(&w, "us-east-1a")]}}}),
         "Network Configuration is not valid for the given networkMode of this task definition."),
        (json!({"cluster": "c", "taskDefinition": "vpc", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["sebnet-pe2ab9fd49e193459"]}}}),
         "Error retrieving subnet information for [sebnet-pe2ab9fd49e193459]: The subnet ID 'sebnet-pe2ab9fd49e193459' does not exist (ErrorCode: InvalidSubnetID.NotFound)"),
        (json!({"cluster": "c", "taskDefinition": "vpc", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet(&w, "us-east-1a")], "assignPublicIp": "ENABLED"}}}),
         "Assign public IP is not supported for this launch type."),
        (json!({"cluster": "c", "taskDefinition": "bridge", "launchType": "FARGATE"}), "Task definition does not support launch_type FARGATE."),
    ];
    for (body, message) in cases {
        let e = w.call(Service::Ecs, "RunTask", body.clone()).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::InvalidParameterException, message),
            "{body}"
        );
    }
}

fn fargate_td(w: &mut World) {
    ecs(
        w,
        "RegisterTaskDefinition",
        json!({"family": "python-web-app", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
        "cpu": ".5vCPU", "memory": "1GB",
        "containerDefinitions": [{"name": "webapp", "image": "nginx", "portMappings": [{"protocol": "tcp", "containerPort": 8080, "hostPort": 8080}]}]}),
    );
}

#[test]
fn fargate_tasks_spread_over_the_subnets_zones_without_instances() {
    let mut w = world();
    fargate_td(&mut w);
    let net = json!({"awsvpcConfiguration": {"subnets": [subnet(&w, "us-east-1a"), subnet(&w, "us-east-1b")], "assignPublicIp": "ENABLED"}});
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "python-web-app", "launchType": "FARGATE", "count": 4, "networkConfiguration": net}),
    );
    let tasks = out["tasks"].as_array().cloned().unwrap_or_default();
    assert_eq!(tasks.len(), 4);
    let in_a = tasks
        .iter()
        .filter(|t| t["availabilityZone"] == "us-east-1a")
        .count();
    assert_eq!(in_a, 2);
    for t in &tasks {
        assert_eq!(t["launchType"], "FARGATE");
        assert_eq!(t["lastStatus"], "PROVISIONING");
        assert_eq!(t["platformVersion"], "1.4.0");
        assert_eq!(
            (t["cpu"].as_str(), t["memory"].as_str()),
            (Some("512"), Some("1024"))
        );
        assert!(t.get("containerInstanceArn").is_none());
        let details = t["attachments"][0]["details"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            details.iter().any(|d| d["name"] == "publicIPv4Address"),
            "assignPublicIp ENABLED gives a public IP"
        );
    }
    let e = w
        .call(
            Service::Ecs,
            "RunTask",
            json!({"cluster": "c", "taskDefinition": "python-web-app", "launchType": "FARGATE", "networkConfiguration": net,
        "placementStrategy": [{"type": "binpack", "field": "memory"}]}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
    w.advance(20 * SECOND);
    assert!(w
        .ecs()
        .tasks()
        .iter()
        .all(|t| t.last_status == TaskStatus::Running));
}

#[test]
fn a_fargate_service_of_two_tasks_in_two_zones() {
    let mut w = world();
    fargate_td(&mut w);
    let sg = w.ec2().security_groups()[0].group_id.clone();
    let (a, b) = (subnet(&w, "us-east-1a"), subnet(&w, "us-east-1b"));
    let created = ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "FargateDemoService2", "taskDefinition": "python-web-app", "desiredCount": 2,
        "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [a, b], "securityGroups": [sg], "assignPublicIp": "ENABLED"}}}),
    );
    assert_eq!(created["service"]["launchType"], "FARGATE");
    assert_eq!(created["service"]["platformVersion"], "LATEST");
    w.advance(20 * SECOND);
    let svc = ecs(
        &mut w,
        "DescribeServices",
        json!({"cluster": "c", "services": ["FargateDemoService2"]}),
    )["services"][0]
        .clone();
    assert_eq!(svc["runningCount"], 2);
    let zones: std::collections::BTreeSet<&str> = w
        .ecs()
        .tasks()
        .iter()
        .map(|t| t.availability_zone.as_str())
        .collect();
    assert_eq!(zones.len(), 2);
    assert_eq!(svc["deployments"][0]["platformVersion"], "1.4.0");
    let e = w
        .call(
            Service::Ecs,
            "CreateService",
            json!({"cluster": "c", "serviceName": "d", "taskDefinition": "python-web-app", "launchType": "FARGATE", "schedulingStrategy": "DAEMON",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": [a]}}}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
}

#[test]
fn capacity_provider_strategies_on_fargate() {
    let mut w = world();
    fargate_td(&mut w);
    let net = json!({"awsvpcConfiguration": {"subnets": [subnet(&w, "us-east-1a"), subnet(&w, "us-east-1b")]}});
    let strategy = json!([{"capacityProvider": "FARGATE", "base": 1, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 3}]);
    // The cluster must have the providers first.
    let e = w
        .call(
            Service::Ecs,
            "RunTask",
            json!({"cluster": "c", "taskDefinition": "python-web-app", "count": 1, "capacityProviderStrategy": strategy, "networkConfiguration": net}),
        )
        .unwrap_err();
    assert!(
        e.message.starts_with("The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster."),
        "{}",
        e.message
    );
    ecs(
        &mut w,
        "PutClusterCapacityProviders",
        json!({"cluster": "c", "capacityProviders": ["FARGATE", "FARGATE_SPOT"], "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]}),
    );
    let e = w.call(Service::Ecs, "RunTask", json!({"cluster": "c", "taskDefinition": "python-web-app", "launchType": "FARGATE", "capacityProviderStrategy": strategy, "networkConfiguration": net})).unwrap_err();
    assert_eq!(e.message, "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
    // Base 1 on FARGATE, then 1:3 by weight (the exact split is the sandbox's model).
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "python-web-app", "count": 8, "capacityProviderStrategy": strategy, "networkConfiguration": net}),
    );
    let providers: Vec<&str> = out["tasks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t["capacityProviderName"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(providers.iter().filter(|p| **p == "FARGATE").count(), 2);
    assert_eq!(
        providers.iter().filter(|p| **p == "FARGATE_SPOT").count(),
        6
    );
    assert_eq!(out["tasks"][0]["launchType"], "FARGATE");
    // No launch type and no strategy: the cluster's default strategy.
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "python-web-app", "networkConfiguration": net}),
    );
    assert_eq!(out["tasks"][0]["capacityProviderName"], "FARGATE");
    let svc = ecs(
        &mut w,
        "CreateService",
        json!({"cluster": "c", "serviceName": "spot", "taskDefinition": "python-web-app", "desiredCount": 2,
        "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}], "networkConfiguration": net}),
    )["service"]
        .clone();
    assert!(svc.get("launchType").is_none());
    assert_eq!(
        svc["capacityProviderStrategy"][0]["capacityProvider"],
        "FARGATE_SPOT"
    );
    let d = ecs(
        &mut w,
        "DescribeCapacityProviders",
        json!({"capacityProviders": ["FARGATE", "nope"]}),
    );
    assert_eq!(
        d["capacityProviders"][0]["capacityProviderArn"],
        "arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE"
    );
    assert_eq!(d["failures"][0]["reason"], "MISSING");
}
