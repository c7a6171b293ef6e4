//! Learner hints for service errors: what the learner can do next (shown after AWS's own message).

use ecs_sandbox_engine::{AwsError, ErrorCode, World};
use serde_json::Value;

pub fn for_service_error(world: &World, e: &AwsError, params: &Value) -> Vec<String> {
    let mut hints = vec![];
    match e.code {
        ErrorCode::ClusterNotFoundException => {
            let names: Vec<&str> = world
                .ecs()
                .clusters()
                .iter()
                .filter(|c| c.status == ecs_sandbox_engine::ecs::ClusterStatus::Active)
                .map(|c| c.name.as_str())
                .collect();
            let asked = params
                .get("cluster")
                .and_then(|c| c.as_str())
                .unwrap_or("default");
            match crate::suggest::best_match(asked, names.iter().copied()) {
                Some(b) if b.eq_ignore_ascii_case(asked) => hints.push(format!("did you mean the cluster '{b}'? (names are case-sensitive)")),
                Some(b) => hints.push(format!("did you mean the cluster '{b}'?")),
                None if names.is_empty() => hints.push("no clusters exist yet: create one with `aws ecs create-cluster --cluster-name NAME`.".into()),
                None => hints.push(format!("existing clusters: {}", names.join(", "))),
            }
        }
        ErrorCode::InvalidParameterException
            if e.message == "No Container Instances were found in your cluster." =>
        {
            let asked = params
                .get("cluster")
                .and_then(|c| c.as_str())
                .map(|c| c.rsplit('/').next().unwrap_or(c))
                .unwrap_or("default");
            hints.extend(why_no_instances(world, asked));
        }
        ErrorCode::ClientException if e.message == "Role is not valid" => {
            hints.push("an IAM role ARN looks like arn:aws:iam::123456789012:role/NAME (two colons before the 12-digit account).".into());
        }
        ErrorCode::InvalidParameterException
            if e.message
                .starts_with("Error retrieving subnet information for [") =>
        {
            let bad = e
                .message
                .split('[')
                .nth(1)
                .and_then(|r| r.split(']').next())
                .unwrap_or("");
            if !bad.starts_with("subnet-") {
                hints.push(format!("'{bad}' is not a subnet ID: they start with 'subnet-' followed by 8 or 17 hex digits."));
            }
            let ids: Vec<&str> = world
                .ec2()
                .subnets()
                .iter()
                .map(|s| s.subnet_id.as_str())
                .collect();
            match crate::suggest::best_match(bad, ids.iter().copied()) {
                Some(m) => hints.push(format!("did you mean {m}?")),
                None => hints.push("list the subnets with `aws ec2 describe-subnets --query 'Subnets[].[SubnetId,AvailabilityZone]' --output text`.".into()),
            }
        }
        ErrorCode::InvalidParameterValue if e.message.ends_with(" for InstanceType.") => {
            use ecs_sandbox_engine::catalogue::INSTANCE_TYPES;
            let asked = params
                .get("InstanceType")
                .and_then(|t| t.as_str())
                .unwrap_or("");
            if let Some(m) =
                crate::suggest::best_match(asked, INSTANCE_TYPES.iter().map(|t| t.name))
            {
                hints.push(format!("did you mean '{m}'?"));
            }
            let names: Vec<&str> = INSTANCE_TYPES.iter().map(|t| t.name).collect();
            hints.push(format!(
                "the sandbox simulates these instance types (EC2 itself has hundreds more): {}",
                names.join(", ")
            ));
        }
        ErrorCode::InvalidSubnetIdNotFound | ErrorCode::InvalidGroupNotFound => {
            hints.push("list what exists with `aws ec2 describe-subnets` / `aws ec2 describe-security-groups` (the course's IDs belong to the course author's account).".into());
        }
        ErrorCode::InvalidKeyPairNotFound => {
            hints.push("create it first: `aws ec2 create-key-pair --key-name NAME`.".into())
        }
        // An ARN copied from notes or an earlier run: its ID part is this account's only if it
        // was made the same way. Name the ones that exist, with a way to fetch an ARN.
        ErrorCode::LoadBalancerNotFound => {
            let lbs = world.elbv2().load_balancers().iter();
            hints.push(existing_arns(
                "load balancers",
                "create-load-balancer",
                lbs.map(|l| (l.name.as_str(), l.arn.as_str())),
                "LB=$(aws elbv2 describe-load-balancers --names NAME --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
            ));
        }
        ErrorCode::TargetGroupNotFound => {
            let tgs = world.elbv2().target_groups().iter();
            hints.push(existing_arns(
                "target groups",
                "create-target-group",
                tgs.map(|t| (t.name.as_str(), t.arn.as_str())),
                "TG=$(aws elbv2 describe-target-groups --names NAME --query 'TargetGroups[0].TargetGroupArn' --output text)",
            ));
        }
        _ => {}
    }
    hints
}

/// What exists of a kind named by an ARN that is not found, and how to fetch this account's ARN.
fn existing_arns<'a>(
    kind: &str,
    create: &str,
    named: impl Iterator<Item = (&'a str, &'a str)>,
    fetch: &str,
) -> String {
    let found: Vec<String> = named.map(|(name, arn)| format!("{name} ({arn})")).collect();
    if found.is_empty() {
        format!("no {kind} exist yet: create one with `aws elbv2 {create}`.")
    } else {
        format!(
            "existing {kind}: {}. An ARN from elsewhere differs in its last part; fetch this account's with `{fetch}`.",
            found.join(", ")
        )
    }
}

/// Why a cluster has no container instances, instance by instance (the classic ECS set-up
/// mistakes).
fn why_no_instances(world: &World, cluster: &str) -> Vec<String> {
    use ecs_sandbox_engine::ec2::InstanceState;
    let mut hints: Vec<String> = world
        .ec2()
        .instances()
        .iter()
        .filter(|i| matches!(i.state, InstanceState::Pending | InstanceState::Running))
        .map(|i| why_not_in_cluster(world, i, Some(cluster)))
        .collect();
    if hints.is_empty() {
        hints.push(format!(
            "no EC2 instances are running: launch some from an ECS-optimized AMI with an instance profile and user data `echo ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config`."
        ));
    }
    hints
}

/// Where an instance's ECS agent stands with `cluster` (None: the cluster its user data names).
pub fn why_not_in_cluster(
    world: &World,
    i: &ecs_sandbox_engine::ec2::Instance,
    cluster: Option<&str>,
) -> String {
    use ecs_sandbox_engine::ec2::InstanceState;
    let id = &i.instance_id;
    let joined = world.ecs().container_instances().iter().find(|c| {
        &c.ec2_instance_id == id
            && c.status != ecs_sandbox_engine::ecs::ContainerInstanceStatus::Inactive
    });
    let wants = ecs_sandbox_engine::cross_service::ecs_agent::cluster_from_user_data(
        i.user_data.as_deref(),
    );
    let cluster = cluster.unwrap_or(&wants);
    let ecs_ami =
        ecs_sandbox_engine::catalogue::image(&i.image_id).is_some_and(|im| im.ecs_optimized);
    if i.state == InstanceState::Pending {
        format!("{id} is still booting (pending): try `aws ec2 wait instance-running --instance-ids {id}`")
    } else if i.state != InstanceState::Running {
        format!("{id} is {}", i.state.name())
    } else if !ecs_ami {
        format!("{id} runs {}, which has no ECS agent: launch an ECS-optimized AMI (see `aws ec2 describe-images`)", i.image_id)
    } else if i.iam_instance_profile_arn.is_none() {
        format!("{id} has no instance profile, so its ECS agent cannot register: launch with --iam-instance-profile Name=ecsInstanceRole")
    } else if let Some(ci) = joined {
        format!(
            "{id} joined the cluster '{}' (ECS_CLUSTER in its user data), not '{cluster}'",
            ci.cluster.rsplit('/').next().unwrap_or(&ci.cluster)
        )
    } else if !world
        .ecs()
        .clusters()
        .iter()
        .any(|c| c.name == wants && c.status == ecs_sandbox_engine::ecs::ClusterStatus::Active)
    {
        format!("{id}'s user data names the cluster '{wants}', which does not exist yet; its agent keeps retrying")
    } else if wants != cluster {
        format!("{id}'s user data names the cluster '{wants}', not '{cluster}'")
    } else {
        format!("{id}'s agent is registering with '{cluster}': try `sandbox advance 30s`")
    }
}

/// Why a waiter gave up: what the learner would otherwise dig out of describe-services or
/// describe-tasks.
pub fn for_waiter_timeout(world: &World, waiter: &str, params: &Value) -> Vec<String> {
    use ecs_sandbox_engine::ecs::{services::ServiceStatus, TaskStatus};
    let cluster = params
        .get("cluster")
        .and_then(|c| c.as_str())
        .map(|c| c.rsplit('/').next().unwrap_or(c))
        .unwrap_or("default");
    let names = |key: &str| -> Vec<String> {
        params
            .get(key)
            .and_then(|v| v.as_array())
            .map(|l| {
                l.iter()
                    .filter_map(|x| x.as_str())
                    .map(|s| s.rsplit('/').next().unwrap_or(s).to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut hints = vec![];
    match waiter {
        "ServicesStable" => {
            for name in names("services") {
                let Some(svc) = world.ecs().services().iter().rev().find(|s| {
                    s.name == name && s.cluster == cluster && s.status != ServiceStatus::Inactive
                }) else {
                    continue;
                };
                let running = world
                    .ecs()
                    .tasks()
                    .iter()
                    .filter(|t| t.group == svc.group() && t.last_status == TaskStatus::Running)
                    .count();
                let latest = svc
                    .events
                    .first()
                    .map(|e| format!(" Its latest event: {}", e.message))
                    .unwrap_or_default();
                hints.push(format!(
                    "service {name} has {running} running of {} desired.{latest}",
                    svc.desired_count
                ));
                if svc
                    .events
                    .first()
                    .is_some_and(|e| e.message.contains("No Container Instances were found"))
                {
                    hints.extend(why_no_instances(world, cluster));
                } else if svc.last_unplaced.is_some() {
                    hints.push(format!(
                        "`sandbox explain {name}` shows why each instance turned the task away."
                    ));
                }
            }
        }
        "TasksRunning" | "TasksStopped" => {
            for id in names("tasks") {
                if let Some(t) = world.ecs().tasks().iter().find(|t| t.id == id) {
                    let reason = t
                        .stopped_reason
                        .as_deref()
                        .map(|r| format!(" (stopped: {r})"))
                        .unwrap_or_default();
                    hints.push(format!("task {id} is {}{reason}", t.last_status.as_str()));
                }
            }
        }
        _ => {}
    }
    hints
}
