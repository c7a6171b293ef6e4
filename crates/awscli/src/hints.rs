//! Learner hints for service errors: what the learner can do next (shown after AWS's own message).

use ecs_sandbox_engine::{AwsError, ErrorCode, World};
use serde_json::Value;

pub fn for_service_error(world: &World, e: &AwsError, params: &Value) -> Vec<String> {
    let mut hints = vec![];
    match e.code {
        ErrorCode::ClusterNotFoundException => {
            let names: Vec<&str> = world
                .ecs
                .clusters
                .iter()
                .filter(|c| c.status == ecs_sandbox_engine::ecs::ClusterStatus::Active)
                .map(|c| c.name.as_str())
                .collect();
            let asked = params.get("cluster").and_then(|c| c.as_str()).unwrap_or("default");
            match crate::suggest::best_match(asked, names.iter().copied()) {
                Some(b) if b.eq_ignore_ascii_case(asked) => hints.push(format!("did you mean the cluster '{b}'? (names are case-sensitive)")),
                Some(b) => hints.push(format!("did you mean the cluster '{b}'?")),
                None if names.is_empty() => hints.push("no clusters exist yet: create one with `aws ecs create-cluster --cluster-name NAME`.".into()),
                None => hints.push(format!("existing clusters: {}", names.join(", "))),
            }
        }
        ErrorCode::InvalidParameterException if e.message == "No Container Instances were found in your cluster." => {
            let booting = world.ec2.instances.iter().any(|i| i.state == ecs_sandbox_engine::ec2::InstanceState::Pending)
                || !world.ecs.pending_agents.is_empty();
            if booting {
                hints.push("instances are still booting or their agents have not registered yet: try `aws ec2 wait instance-running --instance-ids ...` or `sandbox advance 30s`.".into());
            } else {
                hints.push("launch instances from an ECS-optimized AMI with an instance profile and user data `echo ECS_CLUSTER=NAME >> /etc/ecs/ecs.config`.".into());
            }
        }
        ErrorCode::ClientException if e.message == "Role is not valid" => {
            hints.push("an IAM role ARN looks like arn:aws:iam::123456789012:role/NAME (two colons before the 12-digit account).".into());
        }
        ErrorCode::InvalidSubnetIdNotFound | ErrorCode::InvalidGroupNotFound => {
            hints.push("list what exists with `aws ec2 describe-subnets` / `aws ec2 describe-security-groups` (the course's IDs belong to the course author's account).".into());
        }
        ErrorCode::InvalidKeyPairNotFound => hints.push("create it first: `aws ec2 create-key-pair --key-name NAME`.".into()),
        _ => {}
    }
    hints
}
