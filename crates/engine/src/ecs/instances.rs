//! Container instances: list (with the cluster query language), describe, deregister, drain.

use crate::clock::iso8601;
use crate::ecs::ids::{arn, short_id};
use crate::ecs::types::{
    ContainerInstance, ContainerInstanceStatus, DesiredStatus, Task, TaskStatus,
};
use crate::error::{AwsError, AwsResult};
use crate::placement::query_language as query;
use crate::wire::page;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListContainerInstancesRequest {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub cluster: Option<String>,
    pub filter: Option<String>,
    pub status: Option<ContainerInstanceStatus>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DescribeContainerInstancesRequest {
    pub cluster: Option<String>,
    #[serde(default)]
    pub container_instances: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterContainerInstanceRequest {
    pub cluster: Option<String>,
    pub container_instance: String,
    pub force: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateContainerInstancesStateRequest {
    pub cluster: Option<String>,
    #[serde(default)]
    pub container_instances: Vec<String>,
    pub status: ContainerInstanceStatus,
}

fn resource(name: &str, value: i64) -> serde_json::Value {
    json!({"name": name, "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": value})
}

fn port_set(name: &str, ports: &[u16]) -> serde_json::Value {
    let list: Vec<String> = ports.iter().map(|p| p.to_string()).collect();
    json!({"name": name, "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0, "integerValue": 0, "stringSetValue": list})
}

impl World {
    pub(crate) fn instance_facts<'a>(
        &'a self,
        ci: &'a ContainerInstance,
    ) -> query::InstanceFacts<'a> {
        let tasks: Vec<&Task> = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                t.container_instance_id.as_deref() == Some(&ci.id)
                    && t.desired_status == DesiredStatus::Running
            })
            .collect();
        query::InstanceFacts {
            agent_connected: ci.agent_connected,
            agent_version: crate::catalogue::AGENT_VERSION,
            ec2_instance_id: &ci.ec2_instance_id,
            registered_at: iso8601(ci.registered_at as i64),
            running_tasks_count: tasks
                .iter()
                .filter(|t| t.last_status == TaskStatus::Running)
                .count() as u64,
            task_groups: tasks.iter().map(|t| t.group.clone()).collect(),
            attribute: Box::new(move |name| {
                ci.attributes
                    .iter()
                    .find(|a| a.name == name)
                    .map(|a| a.value.clone())
            }),
        }
    }

    /// Finds a container instance of a cluster by id or ARN.
    pub(crate) fn container_instance_index(&self, cluster: &str, id_or_arn: &str) -> Option<usize> {
        let id = short_id(id_or_arn);
        self.ecs
            .container_instances
            .iter()
            .position(|c| c.cluster == cluster && c.id == id)
    }

    pub fn container_instance_json(&self, ci: &ContainerInstance) -> serde_json::Value {
        let rem = crate::ecs::placement_facts::remaining(ci, &self.ecs.tasks);
        let on_it = self
            .ecs
            .tasks
            .iter()
            .filter(|t| t.container_instance_id.as_deref() == Some(&ci.id));
        let running = on_it
            .clone()
            .filter(|t| t.last_status == TaskStatus::Running)
            .count();
        let pending = on_it
            .filter(|t| t.last_status == TaskStatus::Pending)
            .count();
        let mut remaining_ports = rem.ports_tcp.clone();
        remaining_ports.sort_unstable();
        remaining_ports.dedup();
        let mut reserved = ci.reserved_ports.clone();
        reserved.sort_unstable();
        let mut v = json!({
            "containerInstanceArn": ci.arn,
            "ec2InstanceId": ci.ec2_instance_id,
            "version": ci.version,
            "versionInfo": {"agentVersion": crate::catalogue::AGENT_VERSION, "agentHash": crate::catalogue::AGENT_HASH, "dockerVersion": crate::catalogue::DOCKER_VERSION},
            "remainingResources": [
                resource("CPU", rem.cpu), resource("MEMORY", rem.memory),
                port_set("PORTS", &remaining_ports), port_set("PORTS_UDP", &rem.ports_udp),
            ],
            "registeredResources": [
                resource("CPU", ci.registered_cpu as i64), resource("MEMORY", ci.registered_memory as i64),
                port_set("PORTS", &reserved), port_set("PORTS_UDP", &[]),
            ],
            "status": ci.status,
            "agentConnected": ci.agent_connected,
            "runningTasksCount": running,
            "pendingTasksCount": pending,
            "attributes": ci.attributes,
            "registeredAt": crate::clock::wire_seconds(ci.registered_at),
            "attachments": [],
            "tags": [],
        });
        if let (Some(reason), Some(o)) = (&ci.status_reason, v.as_object_mut()) {
            o.insert("statusReason".into(), json!(reason));
        }
        v
    }

    pub(crate) fn ecs_list_container_instances(
        &self,
        req: ListContainerInstancesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let expr = match &req.filter {
            Some(f) => Some(query::parse(f).map_err(|e| {
                AwsError::invalid_parameter(format!("The filter expression is invalid: {e}"))
            })?),
            None => None,
        };
        let arns: Vec<&str> = self
            .ecs
            .container_instances
            .iter()
            .filter(|c| c.cluster == cluster)
            .filter(|c| match req.status {
                Some(s) => c.status == s,
                None => matches!(
                    c.status,
                    ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining
                ),
            })
            .filter(|c| {
                expr.as_ref()
                    .is_none_or(|e| query::eval(e, &self.instance_facts(c)))
            })
            .map(|c| c.arn.as_str())
            .collect();
        let (arns, next) = page(&arns, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(crate::wire::with_next(
            json!({ "containerInstanceArns": arns }),
            next,
        ))
    }

    pub(crate) fn ecs_describe_container_instances(
        &self,
        req: DescribeContainerInstancesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        if req.container_instances.is_empty() {
            return Err(AwsError::invalid_parameter(
                "ContainerInstances cannot be empty.",
            ));
        }
        let mut found = vec![];
        let mut failures = vec![];
        for id in &req.container_instances {
            match self.container_instance_index(&cluster, id) {
                Some(i) => {
                    let ci = &self.ecs.container_instances[i];
                    let mut v = self.container_instance_json(ci);
                    if let (true, Some(o)) =
                        (req.include.iter().any(|x| x == "TAGS"), v.as_object_mut())
                    {
                        o.insert("tags".into(), json!(ci.tags));
                    }
                    found.push(v)
                }
                None => {
                    let arn_text = if id.starts_with("arn:") {
                        id.clone()
                    } else {
                        arn("container-instance", &format!("{cluster}/{id}"))
                    };
                    failures.push(json!({"arn": arn_text, "reason": "MISSING"}))
                }
            }
        }
        Ok(json!({ "containerInstances": found, "failures": failures }))
    }

    pub(crate) fn ecs_deregister_container_instance(
        &mut self,
        req: DeregisterContainerInstanceRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let idx = self
            .container_instance_index(&cluster, &req.container_instance)
            .ok_or_else(|| {
                AwsError::invalid_parameter("The referenced container instance was not found.")
            })?;
        let ci_id = self.ecs.container_instances[idx].id.clone();
        let has_tasks = self.ecs.tasks.iter().any(|t| {
            t.container_instance_id.as_deref() == Some(&ci_id)
                && t.last_status != TaskStatus::Stopped
        });
        if has_tasks && !req.force.unwrap_or(false) {
            return Err(AwsError::invalid_parameter(
                "Found running tasks on the instance.",
            ));
        }
        // Forced: the tasks keep running on the host but ECS stops tracking them (they are
        // orphaned).
        let now = self.now;
        for t in self.ecs.tasks.iter_mut().filter(|t| {
            t.container_instance_id.as_deref() == Some(&ci_id)
                && t.last_status != TaskStatus::Stopped
        }) {
            t.desired_status = DesiredStatus::Stopped;
            t.stopped_reason = Some("Container instance deregistration forced by user".into());
            crate::ecs::tasks::lifecycle::finish_stop(t, now);
        }
        let ci = &mut self.ecs.container_instances[idx];
        ci.status = ContainerInstanceStatus::Inactive;
        ci.agent_connected = false;
        ci.version += 1;
        let ci = ci.clone();
        Ok(json!({ "containerInstance": self.container_instance_json(&ci) }))
    }

    pub(crate) fn ecs_update_container_instances_state(
        &mut self,
        req: UpdateContainerInstancesStateRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        if !matches!(
            req.status,
            ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining
        ) {
            return Err(AwsError::invalid_parameter(
                "Container instances status should be one of [ACTIVE, DRAINING]",
            ));
        }
        let mut changed = vec![];
        let mut failures = vec![];
        for id in &req.container_instances {
            match self.container_instance_index(&cluster, id) {
                Some(i) => {
                    let ci = &mut self.ecs.container_instances[i];
                    if matches!(ci.status, ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining) {
                        if ci.status != req.status {
                            ci.status = req.status;
                            ci.version += 1;
                        }
                        changed.push(i);
                    } else {
                        failures.push(json!({"arn": ci.arn, "reason": "INACTIVE"}));
                    }
                }
                None => failures.push(json!({"arn": if id.starts_with("arn:") { id.clone() } else { arn("container-instance", &format!("{cluster}/{id}")) }, "reason": "MISSING"})),
            }
        }
        let out: Vec<_> = changed
            .iter()
            .map(|&i| self.container_instance_json(&self.ecs.container_instances[i]))
            .collect();
        Ok(json!({ "containerInstances": out, "failures": failures }))
    }
}
