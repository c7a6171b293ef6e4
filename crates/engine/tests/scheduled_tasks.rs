//! EventBridge scheduled tasks: rules fire on the virtual clock and run their ECS targets.

use ecs_sandbox_engine::clock::{MINUTE, SECOND};
use ecs_sandbox_engine::{ErrorCode, Service, World};
use serde_json::{json, Value};

fn call(w: &mut World, s: Service, op: &str, body: Value) -> Value {
    w.call(s, op, body).unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn world() -> World {
    let mut w = World::new(3);
    call(
        &mut w,
        Service::Ecs,
        "CreateCluster",
        json!({"clusterName": "c"}),
    );
    call(
        &mut w,
        Service::Ec2,
        "RunInstances",
        json!({"ImageId": "ami-0f161e6034a6262d8", "InstanceType": "t3.medium", "MinCount": 1, "MaxCount": 1,
        "IamInstanceProfile": {"Name": "r"}, "UserData": ecs_sandbox_engine::wire::base64_encode(b"echo ECS_CLUSTER=c >> /etc/ecs/ecs.config")}),
    );
    w.advance(30 * SECOND);
    call(
        &mut w,
        Service::Ecs,
        "RegisterTaskDefinition",
        json!({"family": "report", "containerDefinitions": [{"name": "r", "image": "busybox", "memory": 32}]}),
    );
    w
}

fn started(w: &World) -> usize {
    w.ecs()
        .tasks()
        .iter()
        .filter(|t| t.started_by.as_deref() == Some("events-rule/business-hours"))
        .count()
}

#[test]
fn a_cron_rule_during_business_hours_runs_its_task_on_schedule() {
    // The world starts on Monday 2026-01-05 at 09:00:30 UTC (after the instance booted).
    let mut w = world();
    let arn = call(
        &mut w,
        Service::Events,
        "PutRule",
        json!({"Name": "business-hours", "ScheduleExpression": "cron(0 9-17 ? * MON-FRI *)"}),
    );
    assert_eq!(
        arn["RuleArn"],
        "arn:aws:events:us-east-1:123456789012:rule/business-hours"
    );
    let out = call(
        &mut w,
        Service::Events,
        "PutTargets",
        json!({"Rule": "business-hours", "Targets": [{"Id": "1",
        "Arn": "arn:aws:ecs:us-east-1:123456789012:cluster/c", "RoleArn": "arn:aws:iam::123456789012:role/ecsEventsRole",
        "EcsParameters": {"TaskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/report:1", "TaskCount": 2}}]}),
    );
    assert_eq!(out["FailedEntryCount"], 0);
    assert_eq!(started(&w), 0);
    w.advance(60 * MINUTE); // 10:00:30: the 10:00 firing ran
    assert_eq!(started(&w), 2);
    w.advance(8 * 60 * MINUTE); // 18:00:30: 11:00 … 17:00 fired (7 more), 18:00 did not
    assert_eq!(started(&w), 16);
    w.advance(4 * 24 * 60 * MINUTE); // to Friday 18:00:30: four more days of 9 firings
    assert_eq!(started(&w), 16 + 4 * 9 * 2);
    w.advance(2 * 24 * 60 * MINUTE); // the weekend: nothing
    assert_eq!(started(&w), 16 + 4 * 9 * 2);
    call(
        &mut w,
        Service::Events,
        "DisableRule",
        json!({"Name": "business-hours"}),
    );
    w.advance(24 * 60 * MINUTE);
    assert_eq!(started(&w), 16 + 4 * 9 * 2);
    let d = call(
        &mut w,
        Service::Events,
        "DescribeRule",
        json!({"Name": "business-hours"}),
    );
    assert_eq!(d["State"], "DISABLED");
}

#[test]
fn rate_rules_and_rule_lifecycle() {
    let mut w = world();
    call(
        &mut w,
        Service::Events,
        "PutRule",
        json!({"Name": "every5", "ScheduleExpression": "rate(5 minutes)"}),
    );
    call(
        &mut w,
        Service::Events,
        "PutTargets",
        json!({"Rule": "every5", "Targets": [{"Id": "t",
        "Arn": "arn:aws:ecs:us-east-1:123456789012:cluster/c", "EcsParameters": {"TaskDefinitionArn": "report"}}]}),
    );
    w.advance(16 * MINUTE);
    assert_eq!(
        w.ecs()
            .tasks()
            .iter()
            .filter(|t| t.started_by.as_deref() == Some("events-rule/every5"))
            .count(),
        3
    );
    let e = w
        .call(Service::Events, "DeleteRule", json!({"Name": "every5"}))
        .unwrap_err();
    assert_eq!(e.message, "Rule can't be deleted since it has targets.");
    call(
        &mut w,
        Service::Events,
        "RemoveTargets",
        json!({"Rule": "every5", "Ids": ["t"]}),
    );
    call(
        &mut w,
        Service::Events,
        "DeleteRule",
        json!({"Name": "every5"}),
    );
    assert_eq!(
        call(&mut w, Service::Events, "ListRules", json!({}))["Rules"],
        json!([])
    );
    let e = w
        .call(Service::Events, "DescribeRule", json!({"Name": "every5"}))
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            ErrorCode::ResourceNotFoundException,
            "Rule every5 does not exist on EventBus default."
        )
    );
}

#[test]
fn invalid_schedules_are_refused_with_the_reason() {
    let mut w = world();
    let e = w
        .call(
            Service::Events,
            "PutRule",
            json!({"Name": "bad", "ScheduleExpression": "cron(0 9 * * * *)"}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ValidationException);
    assert!(
        e.message
            .starts_with("Parameter ScheduleExpression is not valid."),
        "{}",
        e.message
    );
    assert!(e.message.contains("'?'"), "{}", e.message);
    let e = w
        .call(Service::Events, "PutRule", json!({"Name": "none"}))
        .unwrap_err();
    assert_eq!(
        e.message,
        "Parameter(s) ScheduleExpression or EventPattern must be specified."
    );
}
