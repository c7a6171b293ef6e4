//! What several EC2 operations share: the describe request with its filters, tag specifications
//! and ID checks.

use crate::ec2::filters::Filter;
use crate::ec2::state::Tag;
use crate::error::{AwsError, AwsResult, ErrorCode};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRequest {
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(
        default,
        alias = "VpcIds",
        alias = "SubnetIds",
        alias = "GroupIds",
        alias = "InstanceIds",
        alias = "KeyNames",
        alias = "ImageIds",
        alias = "ZoneNames",
        alias = "RegionNames"
    )]
    pub ids: Vec<String>,
    #[serde(default)]
    pub group_names: Vec<String>,
    #[serde(default)]
    pub instance_types: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteByIdRequest {
    pub vpc_id: Option<String>,
    pub subnet_id: Option<String>,
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub key_name: Option<String>,
    pub key_pair_id: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct TagSpecification {
    pub resource_type: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

pub(crate) fn check_id(id: &str, prefix: &str, code: ErrorCode, what: &str) -> AwsResult<()> {
    let rest = id.strip_prefix(prefix).unwrap_or("");
    let ok = (rest.len() == 8 || rest.len() == 17) && rest.bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(AwsError::new(code, format!("Invalid id: \"{id}\"{what}")))
    }
}

pub(crate) fn tags_out(tags: &[Tag]) -> Option<&[Tag]> {
    if tags.is_empty() {
        None
    } else {
        Some(tags)
    }
}

pub(crate) fn tag_filter(name: &str, tags: &[Tag]) -> Vec<String> {
    if let Some(key) = name.strip_prefix("tag:") {
        tags.iter()
            .filter(|t| t.key == key)
            .map(|t| t.value.clone())
            .collect()
    } else if name == "tag-key" {
        tags.iter().map(|t| t.key.clone()).collect()
    } else if name == "tag-value" {
        tags.iter().map(|t| t.value.clone()).collect()
    } else {
        vec![]
    }
}
