//! ECS's ARNs and the names and IDs inside them.

use crate::catalogue::{ACCOUNT_ID, REGION};

pub fn arn(kind: &str, rest: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:{kind}/{rest}")
}

/// The last path segment of an ARN (or the text itself if it is not an ARN).
pub fn short_id(id_or_arn: &str) -> &str {
    if id_or_arn.starts_with("arn:") {
        id_or_arn.rsplit('/').next().unwrap_or(id_or_arn)
    } else {
        id_or_arn
    }
}

/// The cluster name in `--cluster` (name or ARN; absent means `default`).
pub fn cluster_name(cluster: Option<&str>) -> String {
    match cluster {
        None => "default".into(),
        Some(c) if c.starts_with("arn:") => c.rsplit(['/']).next().unwrap_or(c).to_string(),
        Some(c) => c.to_string(),
    }
}
