//! Clusters: create (idempotent), describe, list, delete with AWS's refusals.

use crate::ecs::ids::{arn, cluster_name, short_id};
use crate::ecs::types::{
    CapacityProviderStrategyItem, Cluster, ClusterStatus, ContainerInstanceStatus, KeyValuePair,
    LaunchType, Setting, Tag, TaskStatus, FARGATE_PROVIDERS,
};
use crate::ecs::{account, services};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::wire::page;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CreateClusterRequest {
    pub cluster_name: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub settings: Vec<Setting>,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UpdateClusterSettingsRequest {
    pub cluster: String,
    #[serde(default)]
    pub settings: Vec<Setting>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PutClusterCapacityProvidersRequest {
    pub cluster: String,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DescribeCapacityProvidersRequest {
    #[serde(default)]
    pub capacity_providers: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DescribeClustersRequest {
    pub clusters: Option<Vec<String>>,
    #[serde(default)]
    pub include: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ClusterRequest {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub cluster: Option<String>,
}

/// What a cluster's description includes: describe-clusters adds tags, settings and statistics only
/// when `--include` asks; the responses of create/update calls carry the tags and settings, not the
/// statistics.
#[derive(Debug, Clone, Copy)]
pub struct ClusterInclude {
    pub tags: bool,
    pub settings: bool,
    pub statistics: bool,
}

impl ClusterInclude {
    pub const CHANGED: ClusterInclude = ClusterInclude {
        tags: true,
        settings: true,
        statistics: false,
    };

    fn asked(include: &[String]) -> ClusterInclude {
        let has = |what: &str| include.iter().any(|i| i == what);
        ClusterInclude {
            tags: has("TAGS"),
            settings: has("SETTINGS"),
            statistics: has("STATISTICS"),
        }
    }
}

impl World {
    /// Capacity providers a cluster may use, and a default strategy made of them.
    fn check_capacity_providers(
        providers: &[String],
        strategy: &[CapacityProviderStrategyItem],
    ) -> AwsResult<()> {
        for p in providers {
            if !FARGATE_PROVIDERS.contains(&p.as_str()) {
                return Err(AwsError::invalid_parameter(format!(
                    "The specified capacity provider '{p}' is not valid: the sandbox has FARGATE and FARGATE_SPOT (Auto Scaling group capacity providers are not simulated yet). (sandbox wording)"
                )));
            }
        }
        for item in strategy {
            if !providers.contains(&item.capacity_provider) {
                return Err(AwsError::invalid_parameter(
                    "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.",
                ));
            }
        }
        Ok(())
    }

    /// A cluster's `settings`: `containerInsights` is the only one, `enabled`, `enhanced` or
    /// `disabled`.
    fn check_cluster_settings(settings: &[Setting]) -> AwsResult<()> {
        for s in settings {
            if s.name != "containerInsights" {
                return Err(AwsError::invalid_parameter(format!(
                    "Invalid cluster setting name: {}",
                    s.name
                )));
            }
            if !["enabled", "disabled", "enhanced"].contains(&s.value.as_str()) {
                return Err(AwsError::invalid_parameter(format!(
                    "Invalid value for containerInsights: {}. Valid values are enabled, disabled and enhanced.",
                    s.value
                )));
            }
        }
        Ok(())
    }

    pub(crate) fn create_cluster_record(
        &mut self,
        name: &str,
        tags: Vec<Tag>,
        settings: Vec<Setting>,
    ) {
        // Unless the request says otherwise, a new cluster follows the account's containerInsights
        // setting.
        let insights = self
            .effective_setting(
                crate::ecs::state::SettingName::ContainerInsights,
                &account::root_arn(),
            )
            .to_string();
        let mut settings_out = vec![Setting {
            name: "containerInsights".into(),
            value: insights,
        }];
        for s in settings {
            if let Some(existing) = settings_out.iter_mut().find(|x| x.name == s.name) {
                existing.value = s.value;
            }
        }
        let cluster = Cluster {
            name: name.into(),
            arn: arn("cluster", name),
            status: ClusterStatus::Active,
            settings: settings_out,
            tags,
            created_at: self.now,
            capacity_providers: vec![],
            default_capacity_provider_strategy: vec![],
        };
        match self.ecs.clusters.iter_mut().find(|c| c.name == name) {
            Some(c) => *c = cluster,
            None => self.ecs.clusters.push(cluster),
        }
    }

    pub(crate) fn active_cluster(&self, cluster: Option<&str>) -> AwsResult<&Cluster> {
        let name = cluster_name(cluster);
        self.ecs
            .clusters
            .iter()
            .find(|c| c.name == name && c.status == ClusterStatus::Active)
            .ok_or_else(AwsError::cluster_not_found)
    }

    pub fn cluster_json(&self, c: &Cluster, include: ClusterInclude) -> serde_json::Value {
        let instances = self
            .ecs
            .container_instances
            .iter()
            .filter(|i| {
                i.cluster == c.name
                    && matches!(
                        i.status,
                        ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining
                    )
            })
            .count();
        let tasks = self.ecs.tasks.iter().filter(|t| t.cluster == c.name);
        let running = tasks
            .clone()
            .filter(|t| t.last_status == TaskStatus::Running)
            .count();
        let pending = tasks
            .filter(|t| {
                matches!(
                    t.last_status,
                    TaskStatus::Pending | TaskStatus::Provisioning
                )
            })
            .count();
        json!({
            "clusterArn": c.arn,
            "clusterName": c.name,
            "status": c.status,
            "registeredContainerInstancesCount": if c.status == ClusterStatus::Active { instances } else { 0 },
            "runningTasksCount": running,
            "pendingTasksCount": pending,
            "activeServicesCount": self.ecs.services.iter().filter(|s| s.cluster == c.name && s.status == services::ServiceStatus::Active).count(),
            "statistics": if include.statistics { self.cluster_statistics(&c.name) } else { vec![] },
            "tags": if include.tags { c.tags.as_slice() } else { &[] },
            "settings": if include.settings { c.settings.as_slice() } else { &[] },
            "capacityProviders": c.capacity_providers,
            "defaultCapacityProviderStrategy": c.default_capacity_provider_strategy,
        })
    }

    /// `--include STATISTICS`: tasks and services counted by launch type.
    fn cluster_statistics(&self, cluster: &str) -> Vec<KeyValuePair> {
        let tasks = |status: TaskStatus, launch: LaunchType| {
            self.ecs
                .tasks
                .iter()
                .filter(|t| t.cluster == cluster && t.launch_type == launch)
                .filter(|t| {
                    t.last_status == status
                        || (status == TaskStatus::Pending
                            && t.last_status == TaskStatus::Provisioning)
                })
                .count()
        };
        let services = |status: services::ServiceStatus, launch: LaunchType| {
            self.ecs
                .services
                .iter()
                .filter(|s| s.cluster == cluster && s.status == status && s.launch_type == launch)
                .count()
        };
        use services::ServiceStatus::{Active, Draining};
        [
            (
                "runningEC2TasksCount",
                tasks(TaskStatus::Running, LaunchType::Ec2),
            ),
            (
                "runningFargateTasksCount",
                tasks(TaskStatus::Running, LaunchType::Fargate),
            ),
            (
                "pendingEC2TasksCount",
                tasks(TaskStatus::Pending, LaunchType::Ec2),
            ),
            (
                "pendingFargateTasksCount",
                tasks(TaskStatus::Pending, LaunchType::Fargate),
            ),
            ("activeEC2ServiceCount", services(Active, LaunchType::Ec2)),
            (
                "activeFargateServiceCount",
                services(Active, LaunchType::Fargate),
            ),
            (
                "drainingEC2ServiceCount",
                services(Draining, LaunchType::Ec2),
            ),
            (
                "drainingFargateServiceCount",
                services(Draining, LaunchType::Fargate),
            ),
        ]
        .into_iter()
        .map(|(name, n)| KeyValuePair {
            name: Some(name.into()),
            value: Some(n.to_string()),
        })
        .collect()
    }

    pub(crate) fn ecs_create_cluster(
        &mut self,
        req: CreateClusterRequest,
    ) -> AwsResult<serde_json::Value> {
        let name = req.cluster_name.unwrap_or_else(|| "default".into());
        if name.is_empty()
            || name.len() > 255
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AwsError::invalid_parameter(
                "Cluster name can have up to 255 characters, including letters (upper and lowercase), numbers, underscores, and hyphens.",
            ));
        }
        Self::check_cluster_settings(&req.settings)?;
        super::tagging::check_tags(&req.tags)?;
        Self::check_capacity_providers(
            &req.capacity_providers,
            &req.default_capacity_provider_strategy,
        )?;
        let existing_active = self
            .ecs
            .clusters
            .iter()
            .any(|c| c.name == name && c.status == ClusterStatus::Active);
        if !existing_active {
            self.create_cluster_record(&name, req.tags, req.settings);
            if let Some(c) = self.ecs.clusters.iter_mut().find(|c| c.name == name) {
                c.capacity_providers = req.capacity_providers;
                c.default_capacity_provider_strategy = req.default_capacity_provider_strategy;
            }
        }
        let c = self.active_cluster(Some(&name))?;
        Ok(json!({ "cluster": self.cluster_json(c, ClusterInclude::CHANGED) }))
    }

    pub(crate) fn ecs_describe_clusters(
        &self,
        req: DescribeClustersRequest,
    ) -> AwsResult<serde_json::Value> {
        let names = req.clusters.unwrap_or_else(|| vec!["default".into()]);
        let mut clusters = vec![];
        let mut failures = vec![];
        for n in names {
            let name = cluster_name(Some(&n));
            match self.ecs.clusters.iter().find(|c| c.name == name) {
                Some(c) => clusters.push(self.cluster_json(c, ClusterInclude::asked(&req.include))),
                None => failures.push(json!({"arn": arn("cluster", &name), "reason": "MISSING"})),
            }
        }
        Ok(json!({ "clusters": clusters, "failures": failures }))
    }

    pub(crate) fn ecs_list_clusters(&self, req: ClusterRequest) -> AwsResult<serde_json::Value> {
        let arns: Vec<&str> = self
            .ecs
            .clusters
            .iter()
            .filter(|c| c.status == ClusterStatus::Active)
            .map(|c| c.arn.as_str())
            .collect();
        let (arns, next) = page(&arns, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(crate::wire::with_next(json!({ "clusterArns": arns }), next))
    }

    pub(crate) fn ecs_delete_cluster(
        &mut self,
        req: ClusterRequest,
    ) -> AwsResult<serde_json::Value> {
        let name = cluster_name(req.cluster.as_deref());
        let cluster = self.active_cluster(Some(&name))?;
        let cname = cluster.name.clone();
        if self.ecs.container_instances.iter().any(|i| {
            i.cluster == cname
                && matches!(
                    i.status,
                    ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining
                )
        }) {
            return Err(AwsError::new(
                ErrorCode::ClusterContainsContainerInstancesException,
                "The Cluster cannot be deleted while Container Instances are active or draining.",
            ));
        }
        if self
            .ecs
            .services
            .iter()
            .any(|s| s.cluster == cname && s.status != services::ServiceStatus::Inactive)
        {
            return Err(AwsError::new(
                ErrorCode::ClusterContainsServicesException,
                "The Cluster cannot be deleted while Services are active.",
            ));
        }
        if self
            .ecs
            .tasks
            .iter()
            .any(|t| t.cluster == cname && t.last_status != TaskStatus::Stopped)
        {
            return Err(AwsError::new(
                ErrorCode::ClusterContainsTasksException,
                "The Cluster cannot be deleted while Tasks are active.",
            ));
        }
        let c = self
            .ecs
            .clusters
            .iter_mut()
            .find(|c| c.name == cname)
            .ok_or_else(AwsError::cluster_not_found)?;
        c.status = ClusterStatus::Inactive;
        let c = c.clone();
        Ok(json!({ "cluster": self.cluster_json(&c, ClusterInclude::CHANGED) }))
    }

    pub(crate) fn ecs_update_cluster_settings(
        &mut self,
        req: UpdateClusterSettingsRequest,
    ) -> AwsResult<serde_json::Value> {
        let name = self.active_cluster(Some(&req.cluster))?.name.clone();
        Self::check_cluster_settings(&req.settings)?;
        let c = self
            .ecs
            .clusters
            .iter_mut()
            .find(|c| c.name == name)
            .ok_or_else(AwsError::cluster_not_found)?;
        for s in req.settings {
            match c.settings.iter_mut().find(|x| x.name == s.name) {
                Some(existing) => existing.value = s.value,
                None => c.settings.push(s),
            }
        }
        let c = c.clone();
        Ok(json!({ "cluster": self.cluster_json(&c, ClusterInclude::CHANGED) }))
    }

    pub(crate) fn ecs_put_cluster_capacity_providers(
        &mut self,
        req: PutClusterCapacityProvidersRequest,
    ) -> AwsResult<serde_json::Value> {
        let name = self.active_cluster(Some(&req.cluster))?.name.clone();
        Self::check_capacity_providers(
            &req.capacity_providers,
            &req.default_capacity_provider_strategy,
        )?;
        let in_use: Vec<String> = self
            .ecs
            .tasks
            .iter()
            .filter(|t| t.cluster == name && t.last_status != TaskStatus::Stopped)
            .filter_map(|t| t.capacity_provider_name.clone())
            .filter(|p| !req.capacity_providers.contains(p))
            .collect();
        if let Some(p) = in_use.first() {
            return Err(AwsError::new(
                ErrorCode::ResourceInUse,
                format!("The capacity provider {p} is in use by tasks of the cluster and cannot be removed. (sandbox wording)"),
            ));
        }
        let c = self
            .ecs
            .clusters
            .iter_mut()
            .find(|c| c.name == name)
            .ok_or_else(AwsError::cluster_not_found)?;
        c.capacity_providers = req.capacity_providers;
        c.default_capacity_provider_strategy = req.default_capacity_provider_strategy;
        let c = c.clone();
        Ok(json!({ "cluster": self.cluster_json(&c, ClusterInclude::CHANGED) }))
    }

    pub(crate) fn ecs_describe_capacity_providers(
        &self,
        req: DescribeCapacityProvidersRequest,
    ) -> AwsResult<serde_json::Value> {
        let wanted: Vec<String> = if req.capacity_providers.is_empty() {
            FARGATE_PROVIDERS.iter().map(|s| s.to_string()).collect()
        } else {
            req.capacity_providers.clone()
        };
        let mut found = vec![];
        let mut failures = vec![];
        for w in wanted {
            let name = short_id(&w).to_string();
            if FARGATE_PROVIDERS.contains(&name.as_str()) {
                found.push(json!({"capacityProviderArn": arn("capacity-provider", &name), "name": name, "status": "ACTIVE", "tags": []}));
            } else {
                failures.push(json!({"arn": if w.starts_with("arn:") { w.clone() } else { arn("capacity-provider", &w) }, "reason": "MISSING"}));
            }
        }
        Ok(json!({ "capacityProviders": found, "failures": failures }))
    }
}
