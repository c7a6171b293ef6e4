//! The one entry point, `World::call`: each service's operations in one table (API name →
//! handler), so what the engine simulates and what it dispatches cannot drift apart. After every
//! successful call the service scheduler reacts to the change.
//!
//! The `operations!` macro turns a table into the list of names (what `Service::simulates` reads)
//! and a `match` over them: a table of function pointers would cost the page ~12 KB gzipped, as
//! every handler then needs the same signature and can no longer be inlined into its arm.

use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::events::state::RuleState;
use crate::request::parse;
use crate::world::{Service, World};
use serde_json::Value;

/// `operations!(NAMES, call_fn, { "ApiName" => |world, body| handler, ... })`: the names as a
/// list, and a function that runs the handler of the one named.
macro_rules! operations {
    ($names:ident, $call:ident, { $($op:literal => |$w:ident, $b:tt| $handler:expr,)* }) => {
        const $names: &[&str] = &[$($op),*];

        fn $call(world: &mut World, operation: &str, body: Value) -> AwsResult<Value> {
            match operation {
                $($op => {
                    let $w = world;
                    let $b = body;
                    $handler
                })*
                _ => Err(not_simulated(operation)),
            }
        }
    };
}

// Amazon ECS.
operations!(ECS, call_ecs, {
    "CreateCluster" => |w, b| w.ecs_create_cluster(parse(b)?),
    "DescribeClusters" => |w, b| w.ecs_describe_clusters(parse(b)?),
    "ListClusters" => |w, b| w.ecs_list_clusters(parse(b)?),
    "DeleteCluster" => |w, b| w.ecs_delete_cluster(parse(b)?),
    "ListContainerInstances" => |w, b| w.ecs_list_container_instances(parse(b)?),
    "DescribeContainerInstances" => |w, b| w.ecs_describe_container_instances(parse(b)?),
    "DeregisterContainerInstance" => |w, b| w.ecs_deregister_container_instance(parse(b)?),
    "UpdateContainerInstancesState" => |w, b| w.ecs_update_container_instances_state(parse(b)?),
    "RegisterTaskDefinition" => |w, b| w.ecs_register_task_definition(parse(b)?),
    "DescribeTaskDefinition" => |w, b| w.ecs_describe_task_definition(parse(b)?),
    "ListTaskDefinitions" => |w, b| w.ecs_list_task_definitions(parse(b)?),
    "ListTaskDefinitionFamilies" => |w, b| w.ecs_list_task_definition_families(parse(b)?),
    "DeregisterTaskDefinition" => |w, b| w.ecs_deregister_task_definition(parse(b)?),
    "RunTask" => |w, b| w.ecs_run_task(parse(b)?),
    "StartTask" => |w, b| w.ecs_start_task(parse(b)?),
    "StopTask" => |w, b| w.ecs_stop_task(parse(b)?),
    "ListTasks" => |w, b| w.ecs_list_tasks(parse(b)?),
    "DescribeTasks" => |w, b| w.ecs_describe_tasks(parse(b)?),
    "ListServices" => |w, b| w.ecs_list_services(parse(b)?),
    "DescribeServices" => |w, b| w.ecs_describe_services(parse(b)?),
    "CreateService" => |w, b| w.ecs_create_service(parse(b)?),
    "PutClusterCapacityProviders" => |w, b| w.ecs_put_cluster_capacity_providers(parse(b)?),
    "DescribeCapacityProviders" => |w, b| w.ecs_describe_capacity_providers(parse(b)?),
    "UpdateService" => |w, b| w.ecs_update_service(parse(b)?),
    "DeleteService" => |w, b| w.ecs_delete_service(parse(b)?),
    "PutAttributes" => |w, b| w.ecs_put_attributes(parse(b)?),
    "DeleteAttributes" => |w, b| w.ecs_delete_attributes(parse(b)?),
    "ListAttributes" => |w, b| w.ecs_list_attributes(parse(b)?),
    "UpdateClusterSettings" => |w, b| w.ecs_update_cluster_settings(parse(b)?),
    "TagResource" => |w, b| w.ecs_tag_resource(parse(b)?),
    "UntagResource" => |w, b| w.ecs_untag_resource(parse(b)?),
    "ListTagsForResource" => |w, b| w.ecs_list_tags_for_resource(parse(b)?),
    "PutAccountSetting" => |w, b| w.ecs_put_account_setting(parse(b)?),
    "PutAccountSettingDefault" => |w, b| w.ecs_put_account_setting_default(parse(b)?),
    "ListAccountSettings" => |w, b| w.ecs_list_account_settings(parse(b)?),
    "DeleteAccountSetting" => |w, b| w.ecs_delete_account_setting(parse(b)?),
    "DeleteTaskDefinitions" => |w, b| w.ecs_delete_task_definitions(parse(b)?),
});

// Amazon EC2.
operations!(EC2, call_ec2, {
    "DescribeVpcs" => |w, b| w.ec2_describe_vpcs(parse(b)?),
    "CreateVpc" => |w, b| w.ec2_create_vpc(parse(b)?),
    "DeleteVpc" => |w, b| w.ec2_delete_vpc(parse(b)?),
    "DescribeSubnets" => |w, b| w.ec2_describe_subnets(parse(b)?),
    "CreateSubnet" => |w, b| w.ec2_create_subnet(parse(b)?),
    "DeleteSubnet" => |w, b| w.ec2_delete_subnet(parse(b)?),
    "DescribeSecurityGroups" => |w, b| w.ec2_describe_security_groups(parse(b)?),
    "CreateSecurityGroup" => |w, b| w.ec2_create_security_group(parse(b)?),
    "DeleteSecurityGroup" => |w, b| w.ec2_delete_security_group(parse(b)?),
    "AuthorizeSecurityGroupIngress" => |w, b| w.ec2_authorize_ingress(parse(b)?),
    "RevokeSecurityGroupIngress" => |w, b| w.ec2_revoke_ingress(parse(b)?),
    "DescribeAvailabilityZones" => |w, b| w.ec2_describe_availability_zones(parse(b)?),
    "DescribeRegions" => |w, _| w.ec2_describe_regions(),
    "DescribeInstanceTypes" => |w, b| w.ec2_describe_instance_types(parse(b)?),
    "DescribeImages" => |w, b| w.ec2_describe_images(parse(b)?),
    "DescribeKeyPairs" => |w, b| w.ec2_describe_key_pairs(parse(b)?),
    "CreateKeyPair" => |w, b| w.ec2_create_key_pair(parse(b)?),
    "DeleteKeyPair" => |w, b| w.ec2_delete_key_pair(parse(b)?),
    "RunInstances" => |w, b| w.ec2_run_instances(parse(b)?),
    "DescribeInstances" => |w, b| w.ec2_describe_instances(parse(b)?),
    "TerminateInstances" => |w, b| w.ec2_terminate_instances(parse(b)?),
});

// Elastic Load Balancing v2.
operations!(ELBV2, call_elbv2, {
    "CreateLoadBalancer" => |w, b| w.elb_create_load_balancer(parse(b)?),
    "DescribeLoadBalancers" => |w, b| w.elb_describe_load_balancers(parse(b)?),
    "DeleteLoadBalancer" => |w, b| w.elb_delete_load_balancer(parse(b)?),
    "CreateTargetGroup" => |w, b| w.elb_create_target_group(parse(b)?),
    "DescribeTargetGroups" => |w, b| w.elb_describe_target_groups(parse(b)?),
    "DeleteTargetGroup" => |w, b| w.elb_delete_target_group(parse(b)?),
    "ModifyTargetGroup" => |w, b| w.elb_modify_target_group(parse(b)?),
    "DescribeTargetGroupAttributes" => |w, b| w.elb_describe_tg_attributes(parse(b)?),
    "ModifyTargetGroupAttributes" => |w, b| w.elb_modify_tg_attributes(parse(b)?),
    "CreateListener" => |w, b| w.elb_create_listener(parse(b)?),
    "DescribeListeners" => |w, b| w.elb_describe_listeners(parse(b)?),
    "ModifyListener" => |w, b| w.elb_modify_listener(parse(b)?),
    "DeleteListener" => |w, b| w.elb_delete_listener(parse(b)?),
    "CreateRule" => |w, b| w.elb_create_rule(parse(b)?),
    "DescribeRules" => |w, b| w.elb_describe_rules(parse(b)?),
    "ModifyRule" => |w, b| w.elb_modify_rule(parse(b)?),
    "DeleteRule" => |w, b| w.elb_delete_rule(parse(b)?),
    "SetRulePriorities" => |w, b| w.elb_set_rule_priorities(parse(b)?),
    "RegisterTargets" => |w, b| w.elb_register_targets(parse(b)?),
    "DeregisterTargets" => |w, b| w.elb_deregister_targets(parse(b)?),
    "DescribeTargetHealth" => |w, b| w.elb_describe_target_health(parse(b)?),
});

// Amazon EventBridge.
operations!(EVENTS, call_events, {
    "PutRule" => |w, b| w.events_put_rule(parse(b)?),
    "DescribeRule" => |w, b| w.events_describe_rule(parse(b)?),
    "ListRules" => |w, b| w.events_list_rules(parse(b)?),
    "EnableRule" => |w, b| w.events_set_state(parse(b)?, RuleState::Enabled),
    "DisableRule" => |w, b| w.events_set_state(parse(b)?, RuleState::Disabled),
    "DeleteRule" => |w, b| w.events_delete_rule(parse(b)?),
    "PutTargets" => |w, b| w.events_put_targets(parse(b)?),
    "RemoveTargets" => |w, b| w.events_remove_targets(parse(b)?),
    "ListTargetsByRule" => |w, b| w.events_list_targets(parse(b)?),
});

// Amazon ECR.
operations!(ECR, call_ecr, {
    "CreateRepository" => |w, b| w.ecr_create_repository(parse(b)?),
    "DescribeRepositories" => |w, b| w.ecr_describe_repositories(parse(b)?),
    "DeleteRepository" => |w, b| w.ecr_delete_repository(parse(b)?),
    "GetAuthorizationToken" => |w, _| w.ecr_get_authorization_token(),
    "DescribeImages" => |w, b| w.ecr_describe_images(parse(b)?),
    "ListImages" => |w, b| w.ecr_list_images(parse(b)?),
    "BatchDeleteImage" => |w, b| w.ecr_batch_delete_image(parse(b)?),
});

impl Service {
    /// The API names of the operations the engine simulates for this service.
    fn operations(self) -> &'static [&'static str] {
        match self {
            Service::Ecs => ECS,
            Service::Ec2 => EC2,
            Service::Elbv2 => ELBV2,
            Service::Events => EVENTS,
            Service::Ecr => ECR,
        }
    }

    /// Whether the engine simulates this operation (others answer SandboxNotSimulated).
    pub fn simulates(self, operation: &str) -> bool {
        self.operations().contains(&operation)
    }
}

impl World {
    /// Calls an operation (its API name, e.g. `RunTask`) with the JSON body AWS would receive.
    pub fn call(&mut self, service: Service, operation: &str, body: Value) -> AwsResult<Value> {
        let out = self.call_unrecorded(service, operation, body);
        let call = format!("{}:{operation}", service.action_prefix());
        let ok = out.is_ok();
        self.activity
            .record(self.now, crate::activity::Did::Call { call, ok });
        out
    }

    /// A call made by the account itself (a rule's target), not by the learner: the same, but
    /// left out of the activity record.
    pub(crate) fn call_unrecorded(
        &mut self,
        service: Service,
        operation: &str,
        body: Value,
    ) -> AwsResult<Value> {
        refuse_unsimulated(service, operation, &body)?;
        let out = match service {
            Service::Ecs => call_ecs(self, operation, body),
            Service::Ec2 => call_ec2(self, operation, body),
            Service::Elbv2 => call_elbv2(self, operation, body),
            Service::Events => call_events(self, operation, body),
            Service::Ecr => call_ecr(self, operation, body),
        };
        // The service scheduler reacts to every change at once (a stopped task, a drained
        // instance).
        if out.is_ok() {
            self.services_tick();
        }
        out
    }
}

/// Request members an operation accepts in AWS that the sandbox does not simulate yet, with what
/// they are: refused when given (not empty), so nothing is accepted and then silently ignored.
const UNSIMULATED_MEMBERS: &[(Service, &[&str], &str, &str)] = &[
    (
        Service::Ecs,
        &["CreateService", "UpdateService"],
        "serviceRegistries",
        "service discovery (Cloud Map registries)",
    ),
    (
        Service::Ecs,
        &["CreateService", "UpdateService"],
        "serviceConnectConfiguration",
        "Service Connect",
    ),
    (
        Service::Ecs,
        &["CreateService", "UpdateService", "RunTask", "StartTask"],
        "volumeConfigurations",
        "EBS volumes configured at launch",
    ),
    (
        Service::Ec2,
        &["RunInstances"],
        "InstanceMarketOptions",
        "Spot instances (instance market options)",
    ),
];

fn refuse_unsimulated(service: Service, operation: &str, body: &Value) -> AwsResult<()> {
    let given = |v: &Value| match v {
        Value::Null => false,
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    };
    for (s, ops, member, what) in UNSIMULATED_MEMBERS {
        if *s == service && ops.contains(&operation) && body.get(*member).is_some_and(given) {
            return Err(AwsError::new(
                ErrorCode::SandboxNotSimulated,
                format!("{member}: {what} is not simulated by this version of the sandbox yet; the request was not applied."),
            ));
        }
    }
    Ok(())
}

fn not_simulated(op: &str) -> AwsError {
    AwsError::new(
        ErrorCode::SandboxNotSimulated,
        format!("The sandbox does not simulate the {op} operation yet."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_of_simulated_operations_match_the_dispatch() {
        for service in [
            Service::Ecs,
            Service::Ec2,
            Service::Events,
            Service::Elbv2,
            Service::Ecr,
        ] {
            for op in service.operations() {
                let mut w = World::new(0);
                if let Err(e) = w.call(service, op, serde_json::json!({})) {
                    assert!(
                        !e.message.contains("does not simulate"),
                        "{op} is listed but not dispatched"
                    );
                }
            }
            let mut w = World::new(0);
            let e = w
                .call(service, "NoSuchOperation", serde_json::json!({}))
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::SandboxNotSimulated);
        }
    }
}
