//! Engine behaviour through its wire boundary (operation name + JSON body), cases computed by hand
//! from docs/ (lifecycles.md, placement.md, networking.md, task-definitions.md).

use ecs_sandbox_engine::clock::SECOND;
use ecs_sandbox_engine::{ErrorCode, Service, World};
use serde_json::{json, Value};

fn ecs(w: &mut World, op: &str, body: Value) -> Value {
    w.call(Service::Ecs, op, body)
        .unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn ec2(w: &mut World, op: &str, body: Value) -> Value {
    w.call(Service::Ec2, op, body)
        .unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn user_data(cluster: &str) -> String {
    // The CLI base64-encodes user data, as botocore does.
    ecs_sandbox_engine::wire::base64_encode(
        format!("#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n").as_bytes(),
    )
}

/// Launches `n` instances of `itype` into the cluster's user data and waits for them to boot.
fn launch(w: &mut World, cluster: &str, itype: &str, n: u32, az: &str) -> Vec<String> {
    let subnet = ec2(
        w,
        "DescribeSubnets",
        json!({"Filters": [{"Name": "availability-zone", "Values": [az]}]}),
    )["Subnets"][0]["SubnetId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let out = ec2(
        w,
        "RunInstances",
        json!({
            "ImageId": "ami-0f161e6034a6262d8", "InstanceType": itype, "MinCount": n, "MaxCount": n, "SubnetId": subnet,
            "IamInstanceProfile": {"Name": "ecsInstanceRole"}, "UserData": user_data(cluster)
        }),
    );
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

fn register(w: &mut World, family: &str, containers: Value) -> String {
    ecs(
        w,
        "RegisterTaskDefinition",
        json!({"family": family, "containerDefinitions": containers}),
    )["taskDefinition"]["taskDefinitionArn"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn cluster_with(itype: &str, n: u32) -> World {
    let mut w = World::new(1);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "demo"}));
    launch(&mut w, "demo", itype, n, "us-east-1a");
    w
}

#[test]
fn agent_joins_the_cluster_from_user_data_with_the_instance_types_resources() {
    let w = cluster_with("t3.medium", 2);
    let mut w = w;
    let arns = ecs(&mut w, "ListContainerInstances", json!({"cluster": "demo"}))
        ["containerInstanceArns"]
        .clone();
    assert_eq!(arns.as_array().map(|a| a.len()), Some(2));
    let d = ecs(
        &mut w,
        "DescribeContainerInstances",
        json!({"cluster": "demo", "containerInstances": arns}),
    );
    let ci = &d["containerInstances"][0];
    assert_eq!(ci["registeredResources"][0]["integerValue"], 2048);
    assert_eq!(ci["registeredResources"][1]["integerValue"], 3900);
    assert_eq!(
        ci["registeredResources"][2]["stringSetValue"],
        json!(["22", "2375", "2376", "51678", "51679"])
    );
    assert!(ci["attributes"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .any(|a| a["name"] == "ecs.instance-type" && a["value"] == "t3.medium"));
}

#[test]
fn an_instance_without_profile_or_ecs_ami_never_joins() {
    let mut w = World::new(2);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "demo"}));
    ec2(
        &mut w,
        "RunInstances",
        json!({"ImageId": "ami-0f161e6034a6262d8", "InstanceType": "t3.small", "MinCount": 1, "MaxCount": 1, "UserData": user_data("demo")}),
    );
    ec2(
        &mut w,
        "RunInstances",
        json!({"ImageId": "ami-0a1b2c3d4e5f60718", "InstanceType": "t3.small", "MinCount": 1, "MaxCount": 1,
        "IamInstanceProfile": {"Name": "ecsInstanceRole"}, "UserData": user_data("demo")}),
    );
    w.advance(120 * SECOND);
    assert_eq!(
        ecs(&mut w, "ListContainerInstances", json!({"cluster": "demo"}))["containerInstanceArns"],
        json!([])
    );
}

#[test]
fn an_agent_waits_for_its_cluster_and_default_is_created_for_it() {
    let mut w = World::new(3);
    launch(&mut w, "later", "t3.small", 1, "us-east-1b");
    let e = w
        .call(
            Service::Ecs,
            "ListContainerInstances",
            json!({"cluster": "later"}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ClusterNotFoundException);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "later"}));
    w.advance(30 * SECOND);
    assert_eq!(
        ecs(
            &mut w,
            "ListContainerInstances",
            json!({"cluster": "later"})
        )["containerInstanceArns"]
            .as_array()
            .map(|a| a.len()),
        Some(1)
    );
    // No ECS_CLUSTER: the agent joins `default`, creating it.
    ec2(
        &mut w,
        "RunInstances",
        json!({"ImageId": "ami-0f161e6034a6262d8", "InstanceType": "t3.small", "MinCount": 1, "MaxCount": 1, "IamInstanceProfile": {"Name": "r"}}),
    );
    w.advance(30 * SECOND);
    assert_eq!(
        ecs(&mut w, "ListContainerInstances", json!({}))["containerInstanceArns"]
            .as_array()
            .map(|a| a.len()),
        Some(1)
    );
}

#[test]
fn run_task_without_instances_is_an_exception() {
    let mut w = World::new(4);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "demo"}));
    register(
        &mut w,
        "web",
        json!([{"name": "web", "image": "nginx", "memory": 128}]),
    );
    let e = w
        .call(
            Service::Ecs,
            "RunTask",
            json!({"cluster": "demo", "taskDefinition": "web"}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
    assert_eq!(
        e.message,
        "No Container Instances were found in your cluster."
    );
}

#[test]
fn memory_runs_out_with_the_closest_instance_named() {
    // t3.small registers 1940 MiB: three 600 MiB tasks fit (1800), the fourth does not.
    let mut w = cluster_with("t3.small", 1);
    register(
        &mut w,
        "big",
        json!([{"name": "app", "image": "nginx", "memory": 600}]),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "big", "count": 4}),
    );
    assert_eq!(out["tasks"].as_array().map(|a| a.len()), Some(3));
    assert_eq!(out["failures"][0]["reason"], "RESOURCE:MEMORY");
    assert!(out["failures"][0]["arn"]
        .as_str()
        .unwrap_or("")
        .contains(":container-instance/demo/"));
}

#[test]
fn cpu_runs_out_before_memory_when_it_is_short() {
    let mut w = cluster_with("t3.small", 1);
    register(
        &mut w,
        "cpu",
        json!([{"name": "app", "image": "nginx", "cpu": 1500, "memory": 100}]),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "cpu", "count": 2}),
    );
    assert_eq!(out["tasks"].as_array().map(|a| a.len()), Some(1));
    assert_eq!(out["failures"][0]["reason"], "RESOURCE:CPU");
}

#[test]
fn static_host_ports_once_per_instance_and_reserved_ports_refused() {
    let mut w = cluster_with("t3.medium", 2);
    register(
        &mut w,
        "p80",
        json!([{"name": "app", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 8080, "hostPort": 80}]}]),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "p80", "count": 3}),
    );
    assert_eq!(out["tasks"].as_array().map(|a| a.len()), Some(2));
    assert_eq!(out["failures"][0]["reason"], "RESOURCE:PORTS");
    let ci: Vec<&str> = out["tasks"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| t["containerInstanceArn"].as_str().unwrap_or(""))
                .collect()
        })
        .unwrap_or_default();
    assert_ne!(ci[0], ci[1], "the two tasks must be on different instances");
    register(
        &mut w,
        "ssh",
        json!([{"name": "app", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 22, "hostPort": 22}]}]),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "ssh"}),
    );
    assert_eq!(out["failures"][0]["reason"], "RESOURCE:PORTS");
}

#[test]
fn dynamic_ports_are_distinct_on_an_instance_and_not_listed_as_used() {
    let mut w = cluster_with("t3.medium", 1);
    register(
        &mut w,
        "dyn",
        json!([{"name": "web", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 80}]}]),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "dyn", "count": 5}),
    );
    let mut ports: Vec<i64> = out["tasks"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| {
                    t["containers"][0]["networkBindings"][0]["hostPort"]
                        .as_i64()
                        .unwrap_or(0)
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ports, vec![32768, 32769, 32770, 32771, 32772]);
    ports.dedup();
    assert_eq!(ports.len(), 5);
    let ci = out["tasks"][0]["containerInstanceArn"].clone();
    let d = ecs(
        &mut w,
        "DescribeContainerInstances",
        json!({"cluster": "demo", "containerInstances": [ci]}),
    );
    assert_eq!(
        d["containerInstances"][0]["remainingResources"][2]["stringSetValue"],
        json!(["22", "2375", "2376", "51678", "51679"])
    );
    assert_eq!(
        d["containerInstances"][0]["remainingResources"][1]["integerValue"],
        3900 - 5 * 64
    );
}

#[test]
fn task_lifecycle_on_the_virtual_clock() {
    let mut w = cluster_with("t3.medium", 1);
    register(
        &mut w,
        "web",
        json!([{"name": "web", "image": "nginx", "memory": 64}]),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "web", "startedBy": "me"}),
    );
    let arn = out["tasks"][0]["taskArn"].clone();
    assert_eq!(out["tasks"][0]["lastStatus"], "PENDING");
    assert_eq!(out["tasks"][0]["desiredStatus"], "RUNNING");
    assert_eq!(out["tasks"][0]["group"], "family:web");
    w.advance(10 * SECOND);
    let t = &ecs(
        &mut w,
        "DescribeTasks",
        json!({"cluster": "demo", "tasks": [arn.clone()]}),
    )["tasks"][0];
    assert_eq!(t["lastStatus"], "RUNNING");
    assert_eq!(t["connectivity"], "CONNECTED");
    let stop = ecs(
        &mut w,
        "StopTask",
        json!({"cluster": "demo", "task": arn.clone()}),
    );
    assert_eq!(stop["task"]["desiredStatus"], "STOPPED");
    assert_eq!(stop["task"]["lastStatus"], "RUNNING");
    w.advance(2 * SECOND);
    assert_eq!(
        ecs(
            &mut w,
            "DescribeTasks",
            json!({"cluster": "demo", "tasks": [arn.clone()]})
        )["tasks"][0]["lastStatus"],
        "STOPPING"
    );
    w.advance(10 * SECOND);
    let t = ecs(
        &mut w,
        "DescribeTasks",
        json!({"cluster": "demo", "tasks": [arn.clone()]}),
    )["tasks"][0]
        .clone();
    assert_eq!(t["lastStatus"], "STOPPED");
    assert_eq!(t["stopCode"], "UserInitiated");
    assert_eq!(t["stoppedReason"], "Task stopped by user");
    assert_eq!(
        ecs(&mut w, "ListTasks", json!({"cluster": "demo"}))["taskArns"],
        json!([])
    );
    assert_eq!(
        ecs(
            &mut w,
            "ListTasks",
            json!({"cluster": "demo", "desiredStatus": "STOPPED"})
        )["taskArns"],
        json!([arn])
    );
}

#[test]
fn terminating_an_instance_stops_its_tasks_and_deregisters_it() {
    let mut w = World::new(9);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "demo"}));
    let ids = launch(&mut w, "demo", "t3.medium", 1, "us-east-1a");
    register(
        &mut w,
        "web",
        json!([{"name": "web", "image": "nginx", "memory": 64}]),
    );
    let arn = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "web"}),
    )["tasks"][0]["taskArn"]
        .clone();
    let e = w
        .call(Service::Ecs, "DeleteCluster", json!({"cluster": "demo"}))
        .unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::ClusterContainsContainerInstancesException
    );
    ec2(&mut w, "TerminateInstances", json!({"InstanceIds": ids}));
    let t = ecs(
        &mut w,
        "DescribeTasks",
        json!({"cluster": "demo", "tasks": [arn]}),
    )["tasks"][0]
        .clone();
    assert_eq!(t["lastStatus"], "STOPPED");
    assert_eq!(
        t["stoppedReason"],
        format!("Host EC2 (instance {}) stopped/terminated.", ids[0])
    );
    assert_eq!(
        ecs(&mut w, "ListContainerInstances", json!({"cluster": "demo"}))["containerInstanceArns"],
        json!([])
    );
    w.advance(60 * SECOND);
    assert_eq!(
        ec2(&mut w, "DescribeInstances", json!({"InstanceIds": ids}))["Reservations"][0]
            ["Instances"][0]["State"]["Name"],
        "terminated"
    );
    assert_eq!(
        ecs(&mut w, "DeleteCluster", json!({"cluster": "demo"}))["cluster"]["status"],
        "INACTIVE"
    );
}

#[test]
fn task_definition_validation_messages() {
    let mut w = World::new(5);
    let cases = [
        (
            json!({"family": "a", "containerDefinitions": [{"name": "x", "image": "i"}]}),
            "Invalid setting for container 'x'. At least one of 'memory' or 'memoryReservation' must be specified.",
        ),
        (
            json!({"family": "a", "networkMode": "awsvpc", "containerDefinitions": [{"name": "x", "image": "i", "memory": 64, "portMappings": [{"containerPort": 80, "hostPort": 8080}]}]}),
            "When networkMode=awsvpc, the host ports and container ports in port mappings must match.",
        ),
        (
            json!({"family": "a", "requiresCompatibilities": ["FARGATE"], "networkMode": "bridge", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "x", "image": "i"}]}),
            "Fargate only supports network mode 'awsvpc'.",
        ),
        (
            json!({"family": "a", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "memory": "512", "containerDefinitions": [{"name": "x", "image": "i"}]}),
            "Fargate requires that 'cpu' be defined at the task level.",
        ),
        (
            json!({"family": "a", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "4096", "containerDefinitions": [{"name": "x", "image": "i"}]}),
            "No Fargate configuration exists for given values.",
        ),
        (
            json!({"family": "a", "cpu": "lots", "memory": "512", "containerDefinitions": [{"name": "x", "image": "i"}]}),
            "Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
        ),
        (
            json!({"family": "a", "taskRoleArn": "arn:aws:iam:8332211724792:role/PythonECSTask", "containerDefinitions": [{"name": "x", "image": "i", "memory": 64}]}),
            "Role is not valid",
        ),
        (json!({"family": "a", "containerDefinitions": [{"name": "x", "memory": 64}]}), "Container.image should not be null or empty."),
    ];
    for (body, message) in cases {
        let e = w
            .call(Service::Ecs, "RegisterTaskDefinition", body.clone())
            .unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::ClientException, message),
            "{body}"
        );
    }
    // A valid Fargate size written the course's way.
    let ok = ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "py", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
        "cpu": "0.5 vCPU", "memory": "1GB", "containerDefinitions": [{"name": "webapp", "image": "i", "portMappings": [{"containerPort": 8080}]}]}),
    );
    let td = &ok["taskDefinition"];
    assert_eq!(
        (td["cpu"].as_str(), td["memory"].as_str()),
        (Some("512"), Some("1024"))
    );
    assert_eq!(td["compatibilities"], json!(["EC2", "FARGATE"]));
    assert_eq!(
        td["containerDefinitions"][0]["portMappings"][0],
        json!({"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"})
    );
}

#[test]
fn revisions_count_up_even_after_deregistration_and_inactive_ones_cannot_run() {
    let mut w = cluster_with("t3.medium", 1);
    let c = json!([{"name": "web", "image": "nginx", "memory": 64}]);
    assert!(register(&mut w, "web", c.clone()).ends_with("web:1"));
    assert_eq!(
        ecs(
            &mut w,
            "DescribeTaskDefinition",
            json!({"taskDefinition": "web"})
        )["taskDefinition"]["compatibilities"],
        json!(["EXTERNAL", "EC2"])
    );
    assert!(register(&mut w, "web", c.clone()).ends_with("web:2"));
    ecs(
        &mut w,
        "DeregisterTaskDefinition",
        json!({"taskDefinition": "web:2"}),
    );
    assert!(register(&mut w, "web", c.clone()).ends_with("web:3"));
    let e = w
        .call(
            Service::Ecs,
            "RunTask",
            json!({"cluster": "demo", "taskDefinition": "web:2"}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
    assert_eq!(
        ecs(
            &mut w,
            "DescribeTaskDefinition",
            json!({"taskDefinition": "web:2"})
        )["taskDefinition"]["status"],
        "INACTIVE"
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "demo", "taskDefinition": "web"}),
    );
    assert!(out["tasks"][0]["taskDefinitionArn"]
        .as_str()
        .unwrap_or("")
        .ends_with("web:3"));
}

#[test]
fn the_same_calls_give_the_same_world() {
    let run = || {
        let mut w = cluster_with("t3.medium", 2);
        register(
            &mut w,
            "web",
            json!([{"name": "web", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 80}]}]),
        );
        ecs(
            &mut w,
            "RunTask",
            json!({"cluster": "demo", "taskDefinition": "web", "count": 7}),
        );
        w.advance(SECOND * 42);
        serde_json::to_string(&w).unwrap_or_default()
    };
    assert_eq!(run(), run());
}

#[test]
fn container_instance_filter_uses_the_cluster_query_language() {
    let mut w = World::new(11);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "demo"}));
    launch(&mut w, "demo", "t3.medium", 1, "us-east-1a");
    launch(&mut w, "demo", "t2.micro", 2, "us-east-1b");
    let n = |w: &mut World, f: &str| {
        ecs(
            w,
            "ListContainerInstances",
            json!({"cluster": "demo", "filter": f}),
        )["containerInstanceArns"]
            .as_array()
            .map(|a| a.len())
            .unwrap_or(0)
    };
    assert_eq!(n(&mut w, "attribute:ecs.instance-type == t2.micro"), 2);
    assert_eq!(n(&mut w, "attribute:ecs.instance-type =~ t3.*"), 1);
    assert_eq!(
        n(
            &mut w,
            "attribute:ecs.availability-zone in [us-east-1a, us-east-1c]"
        ),
        1
    );
    assert_eq!(
        n(
            &mut w,
            "not(attribute:ecs.availability-zone == us-east-1a) and agentConnected == true"
        ),
        2
    );
    let e = w
        .call(
            Service::Ecs,
            "ListContainerInstances",
            json!({"cluster": "demo", "filter": "attribute:ecs.instance-type =="}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
}
