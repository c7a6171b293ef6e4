//! Property tests over random command sequences: no instance is ever over-committed and no host
//! port is bound twice on an instance, whatever the learner does.

use ecs_sandbox_engine::clock::SECOND;
use ecs_sandbox_engine::ecs::TaskStatus;
use ecs_sandbox_engine::{Service, World};
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Step {
    Launch {
        itype: usize,
        count: u32,
        az: usize,
    },
    Register {
        cpu: u32,
        memory: u32,
        host_port: Option<u16>,
        containers: usize,
        awsvpc: bool,
    },
    Run {
        family: usize,
        count: i64,
        strategy: usize,
    },
    Stop {
        task: usize,
    },
    Terminate {
        instance: usize,
    },
    Drain {
        instance: usize,
    },
    Advance {
        secs: u64,
    },
    Service {
        family: usize,
        desired: i64,
        name: usize,
    },
}

const TYPES: &[&str] = &["t2.micro", "t3.small", "t3.medium", "m5.large"];
const AZS: &[&str] = &["us-east-1a", "us-east-1b", "us-east-1c"];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..TYPES.len(), 1u32..3, 0..AZS.len()).prop_map(|(itype, count, az)| Step::Launch {
            itype,
            count,
            az
        }),
        (
            0u32..1200,
            6u32..1500,
            prop::option::of(prop::sample::select(vec![0u16, 80, 8080, 22, 32768])),
            1usize..3,
            any::<bool>()
        )
            .prop_map(
                |(cpu, memory, host_port, containers, awsvpc)| Step::Register {
                    cpu,
                    memory,
                    host_port,
                    containers,
                    awsvpc
                }
            ),
        (0usize..5, 1i64..10, 0usize..6).prop_map(|(family, count, strategy)| Step::Run {
            family,
            count,
            strategy
        }),
        (0usize..50).prop_map(|task| Step::Stop { task }),
        (0usize..10).prop_map(|instance| Step::Terminate { instance }),
        (0usize..10).prop_map(|instance| Step::Drain { instance }),
        (0u64..120).prop_map(|secs| Step::Advance { secs }),
        (0usize..5, 0i64..6, 0usize..3).prop_map(|(family, desired, name)| Step::Service {
            family,
            desired,
            name
        }),
    ]
}

fn apply(w: &mut World, s: &Step, families: &mut Vec<String>) {
    match s {
        Step::Launch { itype, count, az } => {
            let subnet = w
                .ec2()
                .subnets()
                .iter()
                .find(|x| x.availability_zone == AZS[*az])
                .map(|x| x.subnet_id.clone());
            let _ = w.call(
                Service::Ec2,
                "RunInstances",
                json!({
                    "ImageId": "ami-0f161e6034a6262d8", "InstanceType": TYPES[*itype], "MinCount": count, "MaxCount": count,
                    "SubnetId": subnet, "IamInstanceProfile": {"Name": "ecsInstanceRole"},
                    "UserData": ecs_sandbox_engine::wire::base64_encode(b"echo ECS_CLUSTER=p >> /etc/ecs/ecs.config"),
                }),
            );
        }
        Step::Register {
            cpu,
            memory,
            host_port,
            containers,
            awsvpc,
        } => {
            let family = format!("f{}", families.len());
            let defs: Vec<_> = (0..*containers)
                .map(|i| {
                    let mut c = json!({"name": format!("c{i}"), "image": "nginx", "cpu": cpu, "memory": memory});
                    if let Some(p) = host_port {
                        c["portMappings"] = json!([{"containerPort": 80 + i as u16, "hostPort": if *p == 0 { 0 } else { p + i as u16 }}]);
                    }
                    c
                })
                .collect();
            let mut body = json!({"family": family, "containerDefinitions": defs});
            if *awsvpc {
                body["networkMode"] = json!("awsvpc");
                // awsvpc ports: host port equals container port.
                for c in body["containerDefinitions"]
                    .as_array_mut()
                    .into_iter()
                    .flatten()
                {
                    if let Some(pm) = c.get_mut("portMappings").and_then(|p| p.get_mut(0)) {
                        pm["hostPort"] = pm["containerPort"].clone();
                    }
                }
            }
            if w.call(Service::Ecs, "RegisterTaskDefinition", body).is_ok() {
                families.push(family);
            }
        }
        Step::Run {
            family,
            count,
            strategy,
        } => {
            let strategies = [
                json!([]),
                json!([{"type": "binpack", "field": "memory"}]),
                json!([{"type": "binpack", "field": "cpu"}]),
                json!([{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "spread", "field": "instanceId"}]),
                json!([{"type": "spread", "field": "instanceId"}, {"type": "binpack", "field": "memory"}]),
                json!([{"type": "random"}]),
            ];
            if let Some(f) = families.get(family % families.len().max(1)) {
                let subnets: Vec<String> = w
                    .ec2()
                    .subnets()
                    .iter()
                    .take(3)
                    .map(|s| s.subnet_id.clone())
                    .collect();
                let mut body = json!({"cluster": "p", "taskDefinition": f, "count": count, "placementStrategy": strategies[*strategy % strategies.len()]});
                if w.ecs().task_definitions().iter().any(|t| {
                    &t.family == f
                        && t.network_mode == Some(ecs_sandbox_engine::ecs::NetworkMode::Awsvpc)
                }) {
                    body["networkConfiguration"] =
                        json!({"awsvpcConfiguration": {"subnets": subnets}});
                }
                let _ = w.call(Service::Ecs, "RunTask", body);
            }
        }
        Step::Stop { task } => {
            if !w.ecs().tasks().is_empty() {
                let arn = w.ecs().tasks()[task % w.ecs().tasks().len()].arn.clone();
                let _ = w.call(
                    Service::Ecs,
                    "StopTask",
                    json!({"cluster": "p", "task": arn}),
                );
            }
        }
        Step::Terminate { instance } => {
            if !w.ec2().instances().is_empty() {
                let id = w.ec2().instances()[instance % w.ec2().instances().len()]
                    .instance_id
                    .clone();
                let _ = w.call(
                    Service::Ec2,
                    "TerminateInstances",
                    json!({"InstanceIds": [id]}),
                );
            }
        }
        Step::Drain { instance } => {
            if !w.ecs().container_instances().is_empty() {
                let arn = w.ecs().container_instances()
                    [instance % w.ecs().container_instances().len()]
                .arn
                .clone();
                let _ = w.call(
                    Service::Ecs,
                    "UpdateContainerInstancesState",
                    json!({"cluster": "p", "containerInstances": [arn], "status": "DRAINING"}),
                );
            }
        }
        Step::Advance { secs } => w.advance(secs * SECOND),
        Step::Service {
            family,
            desired,
            name,
        } => {
            if let Some(f) = families.get(family % families.len().max(1)) {
                let name = format!("s{name}");
                if w.call(Service::Ecs, "UpdateService", json!({"cluster": "p", "service": name, "desiredCount": desired, "taskDefinition": f})).is_err() {
                    let _ = w.call(Service::Ecs, "CreateService", json!({"cluster": "p", "serviceName": name, "taskDefinition": f, "desiredCount": desired}));
                }
            }
        }
    }
}

fn check(w: &World) -> Result<(), String> {
    for ci in w.ecs().container_instances() {
        let holding: Vec<_> = w
            .ecs()
            .tasks()
            .iter()
            .filter(|t| t.container_instance_id.as_deref() == Some(&ci.id) && t.holds_resources())
            .collect();
        let cpu: u32 = holding.iter().map(|t| t.cpu).sum();
        let mem: u32 = holding.iter().map(|t| t.memory).sum();
        if cpu > ci.registered_cpu || mem > ci.registered_memory {
            return Err(format!(
                "instance {} over-committed: cpu {cpu}/{}, memory {mem}/{}",
                ci.id, ci.registered_cpu, ci.registered_memory
            ));
        }
        let mut ports: BTreeMap<(i64, String), usize> = BTreeMap::new();
        for t in &holding {
            for c in &t.containers {
                for b in &c.network_bindings {
                    *ports
                        .entry((b.host_port, b.protocol.as_str().to_string()))
                        .or_default() += 1;
                    if ci.reserved_ports.contains(&(b.host_port as u16)) {
                        return Err(format!("reserved port {} bound on {}", b.host_port, ci.id));
                    }
                }
            }
        }
        let enis = holding.iter().filter(|t| t.eni.is_some()).count() as u32;
        let limit = ecs_sandbox_engine::catalogue::instance_type(&ci.instance_type)
            .map(|t| t.max_enis - 1)
            .unwrap_or(0);
        if enis > limit {
            return Err(format!(
                "{enis} task ENIs on {} ({} allows {limit})",
                ci.id, ci.instance_type
            ));
        }
        if let Some(((p, _), n)) = ports.iter().find(|(_, n)| **n > 1) {
            return Err(format!("host port {p} bound {n} times on {}", ci.id));
        }
    }
    for t in w.ecs().tasks() {
        if t.last_status == TaskStatus::Running && t.started_at.is_none() {
            return Err(format!("task {} RUNNING without startedAt", t.id));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn no_overcommit_and_no_port_clash(steps in prop::collection::vec(step(), 1..40)) {
        let mut w = World::new(99);
        w.call(Service::Ecs, "CreateCluster", json!({"clusterName": "p"})).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut families = vec![];
        for s in &steps {
            apply(&mut w, s, &mut families);
            check(&w).map_err(|e| TestCaseError::fail(format!("after {s:?}: {e}")))?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, .. ProptestConfig::default() })]

    /// With capacity to spare, every service reaches its desired count and a steady state.
    #[test]
    fn services_converge_when_capacity_allows(
        services in prop::collection::vec((1i64..6, 16u32..256, prop::option::of(prop::sample::select(vec![0u16, 8080]))), 1..4),
        updates in prop::collection::vec((0usize..4, 0i64..6), 0..6),
    ) {
        let mut w = World::new(7);
        w.call(Service::Ecs, "CreateCluster", json!({"clusterName": "p"})).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut families = vec![];
        for az in 0..3 {
            apply(&mut w, &Step::Launch { itype: 3, count: 2, az }, &mut families);
        }
        w.advance(30 * SECOND);
        for (i, (desired, memory, port)) in services.iter().enumerate() {
            let mut c = json!({"name": "c", "image": "nginx", "memory": memory});
            // One static host port per instance: only one service may use it, so capacity allows (6
            // instances).
            if let Some(p) = port.filter(|_| i == 0) {
                c["portMappings"] = json!([{"containerPort": 80, "hostPort": p}]);
            }
            w.call(Service::Ecs, "RegisterTaskDefinition", json!({"family": format!("f{i}"), "containerDefinitions": [c]})).map_err(|e| TestCaseError::fail(e.to_string()))?;
            w.call(Service::Ecs, "CreateService", json!({"cluster": "p", "serviceName": format!("s{i}"), "taskDefinition": format!("f{i}"), "desiredCount": desired})).map_err(|e| TestCaseError::fail(e.to_string()))?;
            check(&w).map_err(TestCaseError::fail)?;
        }
        for (which, desired) in &updates {
            let name = format!("s{}", which % services.len());
            w.call(Service::Ecs, "UpdateService", json!({"cluster": "p", "service": name, "desiredCount": desired})).map_err(|e| TestCaseError::fail(e.to_string()))?;
            w.advance(7 * SECOND);
            check(&w).map_err(TestCaseError::fail)?;
        }
        w.advance(120 * SECOND);
        for s in w.ecs().services() {
            let running = w.ecs().tasks().iter().filter(|t| t.group == s.group() && t.desired_status == ecs_sandbox_engine::ecs::DesiredStatus::Running && t.last_status == TaskStatus::Running).count();
            prop_assert_eq!(running as u32, s.desired_count, "service {} did not converge", s.name);
            prop_assert!(s.steady, "service {} is not steady", s.name);
        }
    }
}
