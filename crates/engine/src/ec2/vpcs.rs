//! VPCs: describe, create and delete.

use crate::catalogue;
use crate::ec2::cidr::Cidr;
use crate::ec2::filters::FilterSet;
use crate::ec2::requests::{tag_filter, tags_out, DeleteByIdRequest, DescribeRequest};
use crate::ec2::state::{default_security_group, Vpc};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::wire::strip_nulls;
use crate::world::World;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcRequest {
    pub cidr_block: Option<String>,
}

impl World {
    pub(crate) fn ec2_describe_vpcs(&self, req: DescribeRequest) -> AwsResult<serde_json::Value> {
        for id in &req.ids {
            if !self.ec2.vpcs.iter().any(|v| &v.vpc_id == id) {
                return Err(AwsError::new(
                    ErrorCode::InvalidVpcIdNotFound,
                    format!("The vpc ID '{id}' does not exist"),
                ));
            }
        }
        let filters = FilterSet::new(&req.filters);
        let vpcs: Vec<_> = self
            .ec2
            .vpcs
            .iter()
            .filter(|v| req.ids.is_empty() || req.ids.contains(&v.vpc_id))
            .filter(|v| {
                filters.matches(|name| match name {
                    "vpc-id" => vec![v.vpc_id.clone()],
                    "cidr" | "cidr-block" | "cidrBlock" => vec![v.cidr.to_string()],
                    "is-default" | "isDefault" => vec![v.is_default.to_string()],
                    "state" => vec!["available".into()],
                    "owner-id" => vec![catalogue::ACCOUNT_ID.into()],
                    _ => tag_filter(name, &v.tags),
                })
            })
            .map(|v| {
                serde_json::json!({
                    "CidrBlock": v.cidr.to_string(),
                    "DhcpOptionsId": "dopt-0c5f2d3e1a9b87654",
                    "State": "available",
                    "VpcId": v.vpc_id,
                    "OwnerId": catalogue::ACCOUNT_ID,
                    "InstanceTenancy": "default",
                    "CidrBlockAssociationSet": [{
                        "AssociationId": format!("vpc-cidr-assoc-{}", &v.vpc_id[4..]),
                        "CidrBlock": v.cidr.to_string(),
                        "CidrBlockState": {"State": "associated"}
                    }],
                    "IsDefault": v.is_default,
                    "Tags": tags_out(&v.tags),
                })
            })
            .collect();
        Ok(strip_nulls(serde_json::json!({ "Vpcs": vpcs })))
    }

    pub(crate) fn ec2_create_vpc(&mut self, req: CreateVpcRequest) -> AwsResult<serde_json::Value> {
        let text = req.cidr_block.ok_or_else(|| {
            AwsError::new(
                ErrorCode::MissingParameter,
                "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.",
            )
        })?;
        let cidr = Cidr::parse(&text).filter(|c| c.is_network_address()).ok_or_else(|| {
            AwsError::new(ErrorCode::InvalidParameterValue, format!("Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block."))
        })?;
        if !(16..=28).contains(&cidr.prefix) {
            return Err(AwsError::new(
                ErrorCode::InvalidVpcRange,
                format!("The CIDR '{text}' is invalid."),
            ));
        }
        let vpc_id = format!("vpc-{}", self.rng.hex(17));
        self.ec2.vpcs.push(Vpc {
            vpc_id: vpc_id.clone(),
            cidr,
            is_default: false,
            tags: vec![],
        });
        let mut sg = default_security_group(&mut self.rng, &vpc_id);
        sg.description = "default VPC security group".into();
        self.ec2.security_groups.push(sg);
        let mut out = self.ec2_describe_vpcs(DescribeRequest {
            ids: vec![vpc_id],
            ..Default::default()
        })?;
        let vpc = out["Vpcs"][0].take();
        let mut vpc = vpc;
        vpc["State"] = "pending".into();
        Ok(serde_json::json!({ "Vpc": vpc }))
    }

    pub(crate) fn ec2_delete_vpc(
        &mut self,
        req: DeleteByIdRequest,
    ) -> AwsResult<serde_json::Value> {
        let id = req.vpc_id.unwrap_or_default();
        let idx = self
            .ec2
            .vpcs
            .iter()
            .position(|v| v.vpc_id == id)
            .ok_or_else(|| {
                AwsError::new(
                    ErrorCode::InvalidVpcIdNotFound,
                    format!("The vpc ID '{id}' does not exist"),
                )
            })?;
        if self.ec2.subnets.iter().any(|s| s.vpc_id == id)
            || self
                .ec2
                .security_groups
                .iter()
                .any(|g| g.vpc_id == id && g.group_name != "default")
        {
            return Err(AwsError::new(
                ErrorCode::DependencyViolation,
                format!("The vpc '{id}' has dependencies and cannot be deleted."),
            ));
        }
        self.ec2.vpcs.remove(idx);
        self.ec2.security_groups.retain(|g| g.vpc_id != id);
        Ok(serde_json::json!({}))
    }
}
