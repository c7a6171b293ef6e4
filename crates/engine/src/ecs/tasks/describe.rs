//! describe-tasks and list-tasks: a task as ECS shows it.

use crate::clock::Millis;
use crate::ecs::ids::arn;
use crate::ecs::types::{DesiredStatus, LaunchType, Task, TaskStatus};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::wire::{page, with_next};
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListTasksRequest {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub cluster: Option<String>,
    pub container_instance: Option<String>,
    pub family: Option<String>,
    pub started_by: Option<String>,
    pub service_name: Option<String>,
    pub desired_status: Option<DesiredStatus>,
    pub launch_type: Option<LaunchType>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DescribeTasksRequest {
    pub cluster: Option<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

pub(crate) fn opt_time(t: Option<Millis>) -> serde_json::Value {
    t.map(|t| json!(crate::clock::wire_seconds(t)))
        .unwrap_or(serde_json::Value::Null)
}

impl World {
    pub fn task_json(&self, t: &Task, include_tags: bool) -> serde_json::Value {
        let ci_arn = self.ecs.host_of(t).map(|c| c.arn.clone());
        let containers: Vec<_> = t
            .containers
            .iter()
            .map(|c| {
                crate::wire::strip_nulls(json!({
                    "containerArn": arn("container", &format!("{}/{}/{}", t.cluster, t.id, c.uuid)),
                    "taskArn": t.arn,
                    "name": c.name,
                    "image": c.image,
                    "lastStatus": c.last_status.as_str(),
                    "exitCode": c.exit_code,
                    "reason": c.reason,
                    "networkBindings": c.network_bindings,
                    "networkInterfaces": t.eni.as_ref().map(|e| json!([{"attachmentId": e.attachment_id, "privateIpv4Address": e.private_ip}])).unwrap_or_else(|| json!([])),
                    "healthStatus": "UNKNOWN",
                    "cpu": c.cpu.to_string(),
                    "memory": c.memory.map(|m| m.to_string()),
                    "memoryReservation": c.memory_reservation.map(|m| m.to_string()),
                }))
            })
            .collect();
        let ci_attrs = json!([{"name": "ecs.cpu-architecture", "value": "x86_64"}]);
        let attachments = match &t.eni {
            None => json!([]),
            Some(e) => {
                let mut details = vec![
                    json!({"name": "subnetId", "value": e.subnet_id}),
                    json!({"name": "networkInterfaceId", "value": e.eni_id}),
                    json!({"name": "macAddress", "value": e.mac}),
                    json!({"name": "privateDnsName", "value": crate::ec2::cidr::private_dns(&e.private_ip)}),
                    json!({"name": "privateIPv4Address", "value": e.private_ip}),
                ];
                if let Some(p) = &e.public_ip {
                    details.push(json!({"name": "publicIPv4Address", "value": p}));
                }
                json!([{"id": e.attachment_id, "type": "ElasticNetworkInterface", "status": e.status, "details": details}])
            }
        };
        let fargate = t.launch_type == LaunchType::Fargate;
        crate::wire::strip_nulls(json!({
            "attachments": attachments,
            "platformVersion": t.platform_version,
            "capacityProviderName": t.capacity_provider_name,
            "platformFamily": if fargate { Some("Linux") } else { None },
            "ephemeralStorage": if fargate { Some(json!({"sizeInGiB": 20})) } else { None },
            "attributes": ci_attrs,
            "availabilityZone": t.availability_zone,
            "clusterArn": arn("cluster", &t.cluster),
            "connectivity": if t.last_status == TaskStatus::Running { Some("CONNECTED") } else { None },
            "connectivityAt": if t.last_status == TaskStatus::Running { opt_time(t.started_at) } else { serde_json::Value::Null },
            "containerInstanceArn": ci_arn,
            "containers": containers,
            "cpu": t.task_cpu.clone().unwrap_or_else(|| t.cpu.to_string()),
            "createdAt": crate::clock::wire_seconds(t.created_at),
            "desiredStatus": t.desired_status,
            "enableExecuteCommand": t.enable_execute_command,
            "executionStoppedAt": opt_time(t.execution_stopped_at),
            "group": t.group,
            "healthStatus": "UNKNOWN",
            "lastStatus": t.last_status.as_str(),
            "launchType": t.launch_type,
            "memory": t.task_memory.clone().unwrap_or_else(|| t.memory.to_string()),
            "overrides": t.overrides,
            "pullStartedAt": opt_time(t.pull_started_at),
            "pullStoppedAt": opt_time(t.pull_stopped_at),
            "startedAt": opt_time(t.started_at),
            "startedBy": t.started_by,
            "stopCode": t.stop_code,
            "stoppedAt": opt_time(t.stopped_at),
            "stoppedReason": t.stopped_reason,
            "stoppingAt": opt_time(t.stopping_at),
            "tags": if include_tags { json!(t.tags) } else { json!([]) },
            "taskArn": t.arn,
            "taskDefinitionArn": t.task_definition_arn,
            "version": t.version,
        }))
    }

    pub(crate) fn ecs_list_tasks(&self, req: ListTasksRequest) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let service_group = match &req.service_name {
            Some(name) => {
                if !self
                    .ecs
                    .services
                    .iter()
                    .any(|s| s.cluster == cluster && s.name == *name)
                {
                    return Err(AwsError::new(
                        ErrorCode::ServiceNotFoundException,
                        "Service not found.",
                    ));
                }
                Some(format!("service:{name}"))
            }
            None => None,
        };
        let ci_filter = match &req.container_instance {
            Some(r) => Some(
                self.container_instance_index(&cluster, r)
                    .map(|i| self.ecs.container_instances[i].id.clone())
                    .ok_or_else(|| {
                        AwsError::invalid_parameter(
                            "The referenced container instance was not found.",
                        )
                    })?,
            ),
            None => None,
        };
        let desired = req.desired_status.unwrap_or(DesiredStatus::Running);
        let arns: Vec<&str> = self
            .ecs
            .tasks
            .iter()
            .filter(|t| t.cluster == cluster && t.desired_status == desired)
            .filter(|t| {
                ci_filter
                    .as_ref()
                    .is_none_or(|c| t.container_instance_id.as_ref() == Some(c))
            })
            .filter(|t| {
                req.family.as_ref().is_none_or(|f| {
                    t.task_definition_arn
                        .rsplit_once('/')
                        .map(|(_, r)| r.split(':').next() == Some(f.as_str()))
                        .unwrap_or(false)
                })
            })
            .filter(|t| {
                req.started_by
                    .as_ref()
                    .is_none_or(|s| t.started_by.as_ref() == Some(s))
            })
            .filter(|t| service_group.as_ref().is_none_or(|g| &t.group == g))
            .filter(|t| req.launch_type.is_none_or(|l| t.launch_type == l))
            .map(|t| t.arn.as_str())
            .collect();
        let (arns, next) = page(&arns, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(with_next(json!({ "taskArns": arns }), next))
    }

    pub(crate) fn ecs_describe_tasks(
        &self,
        req: DescribeTasksRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        if req.tasks.is_empty() {
            return Err(AwsError::invalid_parameter("Tasks cannot be empty."));
        }
        if req.tasks.len() > 100 {
            return Err(AwsError::invalid_parameter(
                "Tasks cannot contain more than 100 items.",
            ));
        }
        let include_tags = req.include.iter().any(|i| i == "TAGS");
        let mut tasks = vec![];
        let mut failures = vec![];
        for r in &req.tasks {
            match self.task_index(&cluster, r) {
                Some(i) => tasks.push(self.task_json(&self.ecs.tasks[i], include_tags)),
                None => {
                    failures.push(json!({"arn": if r.starts_with("arn:") { r.clone() } else { arn("task", &format!("{cluster}/{r}")) }, "reason": "MISSING"}))
                }
            }
        }
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }
}
