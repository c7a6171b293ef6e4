//! Placement strategies and constraints on RunTask, cases computed by hand from docs/placement.md
//! §1.

use ecs_sandbox_engine::clock::SECOND;
use ecs_sandbox_engine::{ErrorCode, Service, World};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn ecs(w: &mut World, op: &str, body: Value) -> Value {
    w.call(Service::Ecs, op, body)
        .unwrap_or_else(|e| panic!("{op}: {e}"))
}

/// Launches one instance of `itype` into `az` for cluster `c`; returns its EC2 id.
fn launch(w: &mut World, itype: &str, az: &str) -> String {
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
                "ImageId": "ami-0f161e6034a6262d8", "InstanceType": itype, "MinCount": 1, "MaxCount": 1, "SubnetId": subnet,
                "IamInstanceProfile": {"Name": "ecsInstanceRole"},
                "UserData": ecs_sandbox_engine::wire::base64_encode(b"echo ECS_CLUSTER=c >> /etc/ecs/ecs.config"),
            }),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    w.advance(30 * SECOND);
    out["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn world() -> World {
    let mut w = World::new(5);
    ecs(&mut w, "CreateCluster", json!({"clusterName": "c"}));
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "app", "containerDefinitions": [{"name": "a", "image": "nginx", "cpu": 256, "memory": 512}]}),
    );
    w
}

/// EC2 instance id of each task placed by a RunTask answer.
fn hosts(w: &World, out: &Value) -> Vec<String> {
    out["tasks"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| {
                    let ci = t["containerInstanceArn"].as_str().unwrap_or_default();
                    w.ecs()
                        .container_instances()
                        .iter()
                        .find(|c| c.arn == ci)
                        .map(|c| c.ec2_instance_id.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn count(hosts: &[String]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for h in hosts {
        *m.entry(h.clone()).or_insert(0) += 1;
    }
    m
}

#[test]
fn binpack_memory_fills_the_instance_with_least_memory_left() {
    // t3.small registers 1940 MiB, t3.medium 3900: binpack memory puts 512 MiB tasks on the small
    // one until it cannot take more (3 × 512 = 1536; a 4th leaves 404 < 512), then on the medium.
    let mut w = world();
    let small = launch(&mut w, "t3.small", "us-east-1a");
    let medium = launch(&mut w, "t3.medium", "us-east-1a");
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app", "count": 5, "placementStrategy": [{"type": "binpack", "field": "memory"}]}),
    );
    let h = hosts(&w, &out);
    assert_eq!(h[..3], [small.clone(), small.clone(), small.clone()]);
    assert_eq!(h[3..], [medium.clone(), medium.clone()]);
}

#[test]
fn binpack_cpu_uses_remaining_cpu_units() {
    // t3.medium: 2048 units; m5.xlarge: 4096. Binpack cpu prefers the medium until it is full (8 ×
    // 256).
    let mut w = world();
    let medium = launch(&mut w, "t3.medium", "us-east-1b");
    launch(&mut w, "m5.xlarge", "us-east-1b");
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app", "count": 7, "placementStrategy": [{"type": "binpack", "field": "cpu"}]}),
    );
    assert_eq!(count(&hosts(&w, &out)).get(&medium), Some(&7));
}

#[test]
fn spread_by_zone_then_instance_balances() {
    // Two instances in 1a, one in 1b: spread by AZ sends 6 tasks 3/3 across the zones; the chained
    // spread by instanceId splits the 1a share 2/1... then evens out.
    let mut w = world();
    let a1 = launch(&mut w, "t3.medium", "us-east-1a");
    let a2 = launch(&mut w, "t3.medium", "us-east-1a");
    let b1 = launch(&mut w, "t3.medium", "us-east-1b");
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app", "count": 6, "placementStrategy": [
        {"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "spread", "field": "instanceId"}]}),
    );
    let c = count(&hosts(&w, &out));
    assert_eq!(c.get(&b1), Some(&3), "{c:?}");
    let mut zone_a = [
        c.get(&a1).copied().unwrap_or(0),
        c.get(&a2).copied().unwrap_or(0),
    ];
    zone_a.sort();
    assert_eq!(zone_a, [1, 2], "{c:?}");
}

#[test]
fn spread_then_binpack_chains_as_tie_breaks() {
    // Spread by AZ first; within the chosen AZ binpack memory picks the fuller instance.
    let mut w = world();
    let a_small = launch(&mut w, "t3.small", "us-east-1a");
    launch(&mut w, "t3.large", "us-east-1a");
    let b = launch(&mut w, "t3.medium", "us-east-1b");
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app", "count": 2, "placementStrategy": [
        {"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "memory"}]}),
    );
    let c = count(&hosts(&w, &out));
    assert_eq!(c.get(&b), Some(&1), "{c:?}");
    assert_eq!(c.get(&a_small), Some(&1), "{c:?}");
}

#[test]
fn member_of_and_distinct_instance() {
    let mut w = world();
    let t2 = launch(&mut w, "t2.micro", "us-east-1a");
    launch(&mut w, "t3.medium", "us-east-1a");
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app", "count": 1,
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t2.*"}]}),
    );
    assert_eq!(hosts(&w, &out), vec![t2.clone()]);
    // distinctInstance: two tasks, two instances; a third has nowhere to go. (A small task: the
    // t2.micro's 983 MiB cannot take a second 512 MiB one.)
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "small", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64}]}),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "small", "count": 3, "group": "uniq",
        "placementConstraints": [{"type": "distinctInstance"}]}),
    );
    let h = hosts(&w, &out);
    assert_eq!(h.len(), 2);
    assert_ne!(h[0], h[1]);
    assert_eq!(out["failures"][0]["reason"], "ATTRIBUTE");
    // No instance matches: a failure, not an exception.
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app",
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type == m5.large"}]}),
    );
    assert_eq!(out["tasks"], json!([]));
    assert_eq!(out["failures"][0]["reason"], "ATTRIBUTE");
}

#[test]
fn task_definition_constraints_merge_with_the_request() {
    let mut w = world();
    launch(&mut w, "t2.micro", "us-east-1a");
    let medium = launch(&mut w, "t3.medium", "us-east-1b");
    ecs(
        &mut w,
        "RegisterTaskDefinition",
        json!({"family": "t3only", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64}],
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}]}),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "t3only", "count": 3}),
    );
    assert_eq!(
        hosts(&w, &out),
        vec![medium.clone(), medium.clone(), medium]
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "t3only",
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.availability-zone == us-east-1a"}]}),
    );
    assert_eq!(out["tasks"], json!([]), "t3 in 1a does not exist");
}

#[test]
fn limits_and_bad_strategies_are_refused() {
    let mut w = world();
    launch(&mut w, "t3.medium", "us-east-1a");
    let bad = [
        json!([{"type": "binpack", "field": "disk"}]),
        json!([{"type": "spread"}]),
        json!([{"type": "random"}, {"type": "random"}, {"type": "random"}, {"type": "random"}, {"type": "random"}, {"type": "random"}]),
    ];
    for strategy in bad {
        let e = w
            .call(
                Service::Ecs,
                "RunTask",
                json!({"cluster": "c", "taskDefinition": "app", "placementStrategy": strategy}),
            )
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameterException, "{strategy}");
    }
    let e = w
        .call(
            Service::Ecs,
            "RunTask",
            json!({"cluster": "c", "taskDefinition": "app", "placementConstraints": [{"type": "distinctInstance", "expression": "x"}]}),
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "You can't specify an expression if the constraint type is distinctInstance."
    );
    let e = w
        .call(
            Service::Ecs,
            "RunTask",
            json!({"cluster": "c", "taskDefinition": "app", "placementConstraints": [{"type": "memberOf", "expression": "attribute:x =="}]}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
    let eleven: Vec<Value> = (0..11)
        .map(|_| json!({"type": "memberOf", "expression": "agentConnected == true"}))
        .collect();
    let e = w
        .call(
            Service::Ecs,
            "RunTask",
            json!({"cluster": "c", "taskDefinition": "app", "placementConstraints": eleven}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
}

#[test]
fn the_decision_records_every_step() {
    let mut w = world();
    launch(&mut w, "t3.small", "us-east-1a");
    launch(&mut w, "t3.medium", "us-east-1b");
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app", "placementStrategy": [{"type": "binpack", "field": "memory"}]}),
    );
    let arn = out["tasks"][0]["taskArn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (_, decision) = w.task_decision(&arn).expect("task");
    let d = decision.expect("decision");
    assert_eq!(d.verdicts.len(), 2);
    assert!(d.verdicts.iter().all(|v| v.failed.is_none()));
    assert_eq!(d.strategy_steps[0].strategy, "binpack(memory)");
    let mut scores: Vec<i64> = d.strategy_steps[0].scored.iter().map(|(_, s)| *s).collect();
    scores.sort();
    assert_eq!(scores, vec![1940, 3900]);
    assert_eq!(d.group, "family:app");
}

#[test]
fn custom_attributes_drive_member_of_and_spread() {
    let mut w = world();
    let a = launch(&mut w, "t3.medium", "us-east-1a");
    let b = launch(&mut w, "t3.medium", "us-east-1b");
    let arn_of = |w: &World, id: &str| {
        w.ecs()
            .container_instances()
            .iter()
            .find(|c| c.ec2_instance_id == id)
            .map(|c| c.arn.clone())
            .unwrap_or_default()
    };
    let (arn_a, arn_b) = (arn_of(&w, &a), arn_of(&w, &b));
    ecs(
        &mut w,
        "PutAttributes",
        json!({"cluster": "c", "attributes": [
        {"name": "stack", "value": "prod", "targetType": "container-instance", "targetId": arn_a},
        {"name": "stack", "value": "dev", "targetId": arn_b}]}),
    );
    let listed = ecs(
        &mut w,
        "ListAttributes",
        json!({"cluster": "c", "targetType": "container-instance", "attributeName": "stack", "attributeValue": "prod"}),
    );
    assert_eq!(
        listed["attributes"],
        json!([{"name": "stack", "value": "prod", "targetType": "container-instance", "targetId": arn_a}])
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app", "count": 2,
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:stack == prod"}]}),
    );
    assert_eq!(hosts(&w, &out), vec![a.clone(), a.clone()]);
    ecs(
        &mut w,
        "DeleteAttributes",
        json!({"cluster": "c", "attributes": [{"name": "stack", "targetId": arn_a}]}),
    );
    let out = ecs(
        &mut w,
        "RunTask",
        json!({"cluster": "c", "taskDefinition": "app",
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:stack exists"}]}),
    );
    assert_eq!(hosts(&w, &out), vec![b.clone()]);
    let e = w
        .call(Service::Ecs, "PutAttributes", json!({"cluster": "c", "attributes": [{"name": "ecs.instance-type", "value": "x", "targetId": arn_b}]}))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterException);
    let e = w.call(Service::Ecs, "PutAttributes", json!({"cluster": "c", "attributes": [{"name": "stack", "value": "x", "targetId": "nope"}]})).unwrap_err();
    assert_eq!(e.code, ErrorCode::TargetNotFoundException);
}
