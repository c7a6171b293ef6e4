//! describe-services and list-services: a service as ECS shows it.

use crate::ecs::ids::arn;
use crate::ecs::services::state::{
    DeploymentStatus, EcsService, RolloutState, SchedulingStrategy, ServiceStatus,
};
use crate::ecs::types::{DesiredStatus, LaunchType, Task, TaskStatus};
use crate::error::{AwsError, AwsResult};
use crate::wire::page;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListServicesRequest {
    pub cluster: Option<String>,
    pub launch_type: Option<LaunchType>,
    pub scheduling_strategy: Option<SchedulingStrategy>,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DescribeServicesRequest {
    pub cluster: Option<String>,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

impl World {
    pub fn service_json(&self, svc: &EcsService, include_tags: bool) -> serde_json::Value {
        let group = svc.group();
        let mine: Vec<&Task> = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                t.cluster == svc.cluster && t.group == group && t.last_status != TaskStatus::Stopped
            })
            .collect();
        // By last status alone, as the API defines the counts: a task told to stop and still
        // RUNNING is counted until it has stopped (so `wait services-stable` is not early).
        let count = |status: TaskStatus, deployment: Option<&str>| {
            mine.iter()
                .filter(|t| {
                    t.last_status == status
                        && deployment.is_none_or(|d| t.started_by.as_deref() == Some(d))
                })
                .count()
        };
        let deployments: Vec<_> = svc
            .deployments
            .iter()
            .filter(|d| d.status != DeploymentStatus::Inactive)
            .map(|d| {
                let desired = if d.status == DeploymentStatus::Primary {
                    svc.desired_count as usize
                } else {
                    mine.iter().filter(|t| t.started_by.as_deref() == Some(&d.id) && t.desired_status == DesiredStatus::Running).count()
                };
                let reason = match d.rollout_state {
                    RolloutState::InProgress => format!("ECS deployment {} in progress.", d.id),
                    RolloutState::Completed => format!("ECS deployment {} completed.", d.id),
                    RolloutState::Failed => "ECS deployment circuit breaker: tasks failed to start.".to_string(),
                };
                json!({
                    "id": d.id, "status": d.status, "taskDefinition": d.task_definition, "desiredCount": desired,
                    "pendingCount": count(TaskStatus::Pending, Some(&d.id)), "runningCount": count(TaskStatus::Running, Some(&d.id)),
                    "failedTasks": d.failed_tasks, "createdAt": crate::clock::wire_seconds(d.created_at),
                    "updatedAt": crate::clock::wire_seconds(d.updated_at), "launchType": svc.launch_type,
                    "rolloutState": d.rollout_state, "rolloutStateReason": reason,
                })
            })
            .collect();
        let events: Vec<_> =
            svc.events.iter().map(|e| json!({"id": e.id, "createdAt": crate::clock::wire_seconds(e.created_at), "message": e.message})).collect();
        let mut v = json!({
            "serviceArn": svc.arn,
            "serviceName": svc.name,
            "clusterArn": arn("cluster", &svc.cluster),
            "loadBalancers": svc.load_balancers,
            "serviceRegistries": [],
            "status": svc.status,
            "desiredCount": svc.desired_count,
            "runningCount": count(TaskStatus::Running, None),
            "pendingCount": count(TaskStatus::Pending, None),
            "launchType": svc.launch_type,
            "taskDefinition": svc.task_definition,
            "deploymentConfiguration": svc.deployment_configuration,
            "deployments": deployments,
            "events": events,
            "createdAt": crate::clock::wire_seconds(svc.created_at),
            "placementConstraints": svc.placement_constraints,
            "placementStrategy": svc.placement_strategy,
            "schedulingStrategy": svc.scheduling_strategy,
            "deploymentController": {"type": "ECS"},
            "createdBy": format!("arn:aws:iam::{}:root", crate::catalogue::ACCOUNT_ID),
            "enableECSManagedTags": svc.enable_ecs_managed_tags,
            "propagateTags": svc.propagate_tags,
            "enableExecuteCommand": svc.enable_execute_command,
            "availabilityZoneRebalancing": "ENABLED",
        });
        let fargate = svc.launch_type == LaunchType::Fargate;
        if let Some(list) = v["deployments"].as_array_mut() {
            for d in list.iter_mut().filter_map(|d| d.as_object_mut()) {
                if !svc.capacity_provider_strategy.is_empty() {
                    d.remove("launchType");
                    d.insert(
                        "capacityProviderStrategy".into(),
                        json!(svc.capacity_provider_strategy),
                    );
                }
                if fargate {
                    d.insert(
                        "platformVersion".into(),
                        json!(crate::ecs::types::FARGATE_PLATFORM_VERSION),
                    );
                    d.insert("platformFamily".into(), json!("Linux"));
                }
                if let Some(nc) = &svc.network_configuration {
                    d.insert("networkConfiguration".into(), json!(nc));
                }
            }
        }
        if let Some(o) = v.as_object_mut() {
            if !svc.capacity_provider_strategy.is_empty() {
                // With a capacity provider strategy, AWS shows the strategy instead of a launch
                // type.
                o.remove("launchType");
                o.insert(
                    "capacityProviderStrategy".into(),
                    json!(svc.capacity_provider_strategy),
                );
            }
            if fargate {
                o.insert("platformVersion".into(), json!("LATEST"));
                o.insert("platformFamily".into(), json!("Linux"));
            }
            if let Some(nc) = &svc.network_configuration {
                o.insert("networkConfiguration".into(), json!(nc));
            }
            if let Some(g) = svc.health_check_grace_period_seconds {
                o.insert("healthCheckGracePeriodSeconds".into(), json!(g));
            }
            if include_tags {
                o.insert("tags".into(), json!(svc.tags));
            }
        }
        v
    }

    pub(crate) fn ecs_describe_services(
        &self,
        req: DescribeServicesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        if req.services.is_empty() || req.services.len() > 10 {
            return Err(AwsError::invalid_parameter(
                "Services must contain between 1 and 10 items. (sandbox wording)",
            ));
        }
        let include_tags = req.include.iter().any(|i| i == "TAGS");
        let mut services = vec![];
        let mut failures = vec![];
        for s in &req.services {
            match self.service_index(&cluster, s) {
                Some(i) => services.push(self.service_json(&self.ecs.services[i], include_tags)),
                None => {
                    let arn_text = if s.starts_with("arn:") {
                        s.clone()
                    } else {
                        arn("service", &format!("{cluster}/{s}"))
                    };
                    failures.push(json!({"arn": arn_text, "reason": "MISSING"}));
                }
            }
        }
        Ok(json!({ "services": services, "failures": failures }))
    }

    pub(crate) fn ecs_list_services(
        &self,
        req: ListServicesRequest,
    ) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let arns: Vec<&str> = self
            .ecs
            .services
            .iter()
            .filter(|s| s.cluster == cluster && s.status == ServiceStatus::Active)
            .filter(|s| {
                req.scheduling_strategy
                    .is_none_or(|st| st == s.scheduling_strategy)
            })
            .filter(|_| req.launch_type.is_none_or(|l| l == LaunchType::Ec2))
            .map(|s| s.arn.as_str())
            .collect();
        let (arns, next) = page(&arns, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(crate::wire::with_next(json!({ "serviceArns": arns }), next))
    }
}
