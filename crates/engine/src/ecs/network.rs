//! Task networking: `networkConfiguration` validation, awsvpc ENIs (one per task, with a private IP
//! from a subnet of the instance's AZ, limited by the instance type's ENIs), and the launch
//! decision (EC2 or Fargate) shared by RunTask and services.

use crate::ecs::types::{
    AssignPublicIp, AttachmentStatus, CapacityProviderStrategyItem, Compatibility, LaunchType,
    NetworkConfiguration, NetworkMode, TaskDefinition, TaskEni, TaskNetwork,
};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;

/// How a task is launched, after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    pub launch_type: LaunchType,
    pub network: Option<TaskNetwork>,
    /// The capacity provider strategy in force (the request's, or the cluster's default), if any.
    pub capacity_strategy: Vec<CapacityProviderStrategyItem>,
}

/// Which provider of a strategy takes the next task, given how many live tasks each already has:
/// each provider's `base` first (in order), then the one furthest below its share by weight.
pub fn choose_provider(
    strategy: &[CapacityProviderStrategyItem],
    counts: &dyn Fn(&str) -> usize,
) -> Option<String> {
    for item in strategy {
        if (counts(&item.capacity_provider) as i64) < item.base {
            return Some(item.capacity_provider.clone());
        }
    }
    strategy
        .iter()
        .filter(|i| i.weight > 0)
        .min_by(|a, b| {
            let ra = counts(&a.capacity_provider) as f64 / a.weight as f64;
            let rb = counts(&b.capacity_provider) as f64 / b.weight as f64;
            ra.partial_cmp(&rb).unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|i| i.capacity_provider.clone())
}

impl World {
    /// Validates the launch type and network configuration against the task definition, as RunTask
    /// and CreateService do.
    pub(crate) fn check_launch(
        &self,
        td: &TaskDefinition,
        cluster: &str,
        launch_type: Option<LaunchType>,
        network: Option<&NetworkConfiguration>,
        strategy: &[CapacityProviderStrategyItem],
    ) -> AwsResult<Launch> {
        if launch_type.is_some() && !strategy.is_empty() {
            return Err(AwsError::invalid_parameter(
                "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
            ));
        }
        // No launch type and no strategy: the cluster's default strategy, else EC2.
        let cluster_record = self.ecs.clusters.iter().find(|c| c.name == cluster);
        let capacity_strategy: Vec<CapacityProviderStrategyItem> =
            match (launch_type, strategy.is_empty()) {
                (None, true) => cluster_record
                    .map(|c| c.default_capacity_provider_strategy.clone())
                    .unwrap_or_default(),
                _ => strategy.to_vec(),
            };
        if !capacity_strategy.is_empty() {
            let associated = cluster_record
                .map(|c| c.capacity_providers.clone())
                .unwrap_or_default();
            if capacity_strategy
                .iter()
                .any(|i| !associated.contains(&i.capacity_provider))
            {
                return Err(AwsError::invalid_parameter(
                    "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.",
                ));
            }
            if capacity_strategy.iter().all(|i| i.weight <= 0)
                && capacity_strategy.iter().all(|i| i.base <= 0)
            {
                return Err(AwsError::invalid_parameter(
                    "At least one capacity provider in the strategy must have a weight greater than zero. (sandbox wording)",
                ));
            }
        }
        let launch_type = if capacity_strategy.is_empty() {
            launch_type.unwrap_or(LaunchType::Ec2)
        } else {
            LaunchType::Fargate
        };
        match launch_type {
            LaunchType::Fargate if !td.compatibilities.contains(&Compatibility::Fargate) => {
                return Err(AwsError::invalid_parameter(
                    "Task definition does not support launch_type FARGATE.",
                ));
            }
            LaunchType::External | LaunchType::ManagedInstances => {
                return Err(Self::not_yet("That launch type"))
            }
            _ => {}
        }
        let mode = td.effective_network_mode();
        let network = match (mode, network) {
            (NetworkMode::Awsvpc, None) => {
                return Err(AwsError::invalid_parameter("Network Configuration must be provided when networkMode 'awsvpc' is specified."));
            }
            (NetworkMode::Awsvpc, Some(nc)) => Some(self.resolve_network(nc, launch_type)?),
            (_, Some(_)) => {
                return Err(AwsError::invalid_parameter("Network Configuration is not valid for the given networkMode of this task definition."));
            }
            (_, None) => None,
        };
        Ok(Launch {
            launch_type,
            network,
            capacity_strategy,
        })
    }

    fn resolve_network(
        &self,
        nc: &NetworkConfiguration,
        launch_type: LaunchType,
    ) -> AwsResult<TaskNetwork> {
        let cfg = nc.awsvpc_configuration.as_ref().ok_or_else(|| {
            AwsError::invalid_parameter(
                "Network Configuration must contain awsvpcConfiguration. (sandbox wording)",
            )
        })?;
        if cfg.subnets.is_empty() {
            return Err(AwsError::invalid_parameter("subnets can not be empty."));
        }
        if cfg.subnets.len() > 16 {
            return Err(AwsError::invalid_parameter(
                "subnets can have at most 16 items.",
            ));
        }
        if cfg.security_groups.len() > 5 {
            return Err(AwsError::invalid_parameter(
                "securityGroups can have at most 5 items.",
            ));
        }
        if launch_type == LaunchType::Ec2 && cfg.assign_public_ip == Some(AssignPublicIp::Enabled) {
            return Err(AwsError::invalid_parameter(
                "Assign public IP is not supported for this launch type.",
            ));
        }
        let mut subnets = vec![];
        let mut vpc: Option<String> = None;
        for id in &cfg.subnets {
            let s = self.ec2.subnet(id).ok_or_else(|| {
                AwsError::invalid_parameter(format!(
                    "Error retrieving subnet information for [{id}]: The subnet ID '{id}' does not exist (ErrorCode: InvalidSubnetID.NotFound)"
                ))
            })?;
            if vpc.as_ref().is_some_and(|v| v != &s.vpc_id) {
                return Err(AwsError::invalid_parameter(
                    "Subnets must all belong to the same VPC. (sandbox wording)",
                ));
            }
            vpc = Some(s.vpc_id.clone());
            if !subnets.iter().any(|(x, _): &(String, String)| x == id) {
                subnets.push((id.clone(), s.availability_zone.clone()));
            }
        }
        let vpc_id = vpc.unwrap_or_default();
        let mut groups = cfg.security_groups.clone();
        for g in &groups {
            match self.ec2.security_groups.iter().find(|x| &x.group_id == g) {
                None => {
                    return Err(AwsError::invalid_parameter(format!(
                        "Error retrieving security group information for [{g}]: The security group '{g}' does not exist (ErrorCode: InvalidGroup.NotFound)"
                    )))
                }
                Some(sg) if sg.vpc_id != vpc_id => {
                    return Err(AwsError::invalid_parameter(format!("Security group {g} and the subnets belong to different VPCs. (sandbox wording)")))
                }
                Some(_) => {}
            }
        }
        if groups.is_empty() {
            // The VPC's default security group, as ECS uses when none is given.
            if let Some(sg) = self
                .ec2
                .security_groups
                .iter()
                .find(|g| g.vpc_id == vpc_id && g.group_name == "default")
            {
                groups.push(sg.group_id.clone());
            }
        }
        Ok(TaskNetwork {
            subnets,
            vpc_id,
            security_groups: groups,
            assign_public_ip: cfg.assign_public_ip == Some(AssignPublicIp::Enabled),
        })
    }

    /// Creates the ENI of an awsvpc task in `subnet_id`.
    pub(crate) fn create_task_eni(
        &mut self,
        subnet_id: &str,
        public: bool,
        security_groups: &[String],
    ) -> AwsResult<TaskEni> {
        let private_ip = self
            .ec2
            .allocate_ip(subnet_id)
            .map_err(|e| AwsError::new(ErrorCode::InvalidParameterException, e.message))?;
        let public_ip = public.then(|| {
            format!(
                "{}.{}.{}.{}",
                [3, 18, 34, 44, 52, 54][self.rng.below(6)],
                self.rng.below(256),
                self.rng.below(256),
                1 + self.rng.below(254)
            )
        });
        let h = self.rng.hex(12);
        Ok(TaskEni {
            attachment_id: self.rng.uuid(),
            eni_id: format!("eni-{}", self.rng.hex(17)),
            subnet_id: subnet_id.into(),
            private_ip,
            public_ip,
            mac: format!(
                "{}:{}:{}:{}:{}:{}",
                &h[0..2],
                &h[2..4],
                &h[4..6],
                &h[6..8],
                &h[8..10],
                &h[10..12]
            ),
            status: AttachmentStatus::Precreated,
            security_groups: security_groups.to_vec(),
        })
    }
}
