//! What several ELBv2 operations share: the describe request, errors, ARNs.

use crate::catalogue::{ACCOUNT_ID, REGION};
use crate::error::{AwsError, ErrorCode};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRequest {
    #[serde(default)]
    pub load_balancer_arns: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub target_group_arns: Vec<String>,
    pub load_balancer_arn: Option<String>,
    #[serde(default)]
    pub listener_arns: Vec<String>,
    pub listener_arn: Option<String>,
    #[serde(default)]
    pub rule_arns: Vec<String>,
    pub target_group_arn: Option<String>,
    pub rule_arn: Option<String>,
}

pub(crate) fn err(code: ErrorCode, msg: impl Into<String>) -> AwsError {
    AwsError::new(code, msg)
}

pub(crate) fn elb_arn(rest: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT_ID}:{rest}")
}
