//! Subnets: describe, create (inside the VPC's CIDR, without overlap) and delete.

use crate::catalogue;
use crate::catalogue::AVAILABILITY_ZONES;
use crate::ec2::cidr::Cidr;
use crate::ec2::filters::FilterSet;
use crate::ec2::requests::{tag_filter, tags_out, DeleteByIdRequest, DescribeRequest};
use crate::ec2::state::{subnet_not_found, InstanceState, Subnet};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::wire::strip_nulls;
use crate::world::World;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetRequest {
    pub vpc_id: String,
    pub cidr_block: Option<String>,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
}

impl World {
    pub(crate) fn ec2_describe_subnets(
        &self,
        req: DescribeRequest,
    ) -> AwsResult<serde_json::Value> {
        for id in &req.ids {
            if self.ec2.subnet(id).is_none() {
                return Err(subnet_not_found(id));
            }
        }
        let filters = FilterSet::new(&req.filters);
        let subnets: Vec<_> = self
            .ec2
            .subnets
            .iter()
            .filter(|s| req.ids.is_empty() || req.ids.contains(&s.subnet_id))
            .filter(|s| {
                filters.matches(|name| match name {
                    "subnet-id" => vec![s.subnet_id.clone()],
                    "vpc-id" => vec![s.vpc_id.clone()],
                    "availability-zone" | "availabilityZone" => vec![s.availability_zone.clone()],
                    "availability-zone-id" => vec![s.availability_zone_id.clone()],
                    "cidr-block" | "cidr" | "cidrBlock" => vec![s.cidr.to_string()],
                    "default-for-az" | "defaultForAz" => vec![s.default_for_az.to_string()],
                    "map-public-ip-on-launch" => vec![s.map_public_ip_on_launch.to_string()],
                    "state" => vec!["available".into()],
                    "owner-id" => vec![catalogue::ACCOUNT_ID.into()],
                    _ => tag_filter(name, &s.tags),
                })
            })
            .map(|s| self.subnet_json(s))
            .collect();
        Ok(serde_json::json!({ "Subnets": subnets }))
    }

    pub(crate) fn subnet_json(&self, s: &Subnet) -> serde_json::Value {
        let available = s
            .cidr
            .size()
            .saturating_sub(5)
            .saturating_sub(s.used_ips as u64);
        strip_nulls(serde_json::json!({
            "AvailabilityZone": s.availability_zone,
            "AvailabilityZoneId": s.availability_zone_id,
            "AvailableIpAddressCount": available,
            "CidrBlock": s.cidr.to_string(),
            "DefaultForAz": s.default_for_az,
            "MapPublicIpOnLaunch": s.map_public_ip_on_launch,
            "State": "available",
            "SubnetId": s.subnet_id,
            "VpcId": s.vpc_id,
            "OwnerId": catalogue::ACCOUNT_ID,
            "AssignIpv6AddressOnCreation": false,
            "Ipv6CidrBlockAssociationSet": [],
            "SubnetArn": format!("arn:aws:ec2:{}:{}:subnet/{}", catalogue::REGION, catalogue::ACCOUNT_ID, s.subnet_id),
            "Tags": tags_out(&s.tags),
        }))
    }

    pub(crate) fn ec2_create_subnet(
        &mut self,
        req: CreateSubnetRequest,
    ) -> AwsResult<serde_json::Value> {
        let vpc = self
            .ec2
            .vpcs
            .iter()
            .find(|v| v.vpc_id == req.vpc_id)
            .ok_or_else(|| {
                AwsError::new(
                    ErrorCode::InvalidVpcIdNotFound,
                    format!("The vpc ID '{}' does not exist", req.vpc_id),
                )
            })?
            .clone();
        let text = req.cidr_block.ok_or_else(|| {
            AwsError::new(
                ErrorCode::MissingParameter,
                "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.",
            )
        })?;
        let cidr = Cidr::parse(&text).filter(|c| c.is_network_address()).ok_or_else(|| {
            AwsError::new(ErrorCode::InvalidParameterValue, format!("Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block."))
        })?;
        if !vpc.cidr.contains(&cidr) || !(16..=28).contains(&cidr.prefix) {
            return Err(AwsError::new(
                ErrorCode::InvalidSubnetRange,
                format!("The CIDR '{text}' is invalid."),
            ));
        }
        if self
            .ec2
            .subnets
            .iter()
            .any(|s| s.vpc_id == vpc.vpc_id && s.cidr.overlaps(&cidr))
        {
            return Err(AwsError::new(
                ErrorCode::InvalidSubnetConflict,
                format!("The CIDR '{text}' conflicts with another subnet"),
            ));
        }
        let (az, az_id) = match (&req.availability_zone, &req.availability_zone_id) {
            (Some(name), _) => AVAILABILITY_ZONES.iter().find(|(n, _)| n == name).copied().ok_or_else(|| {
                AwsError::new(ErrorCode::InvalidParameterValue, format!("Value ({name}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {}.", AVAILABILITY_ZONES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")))
            })?,
            (None, Some(id)) => AVAILABILITY_ZONES.iter().find(|(_, i)| i == id).copied().ok_or_else(|| {
                AwsError::new(ErrorCode::InvalidParameterValue, format!("Value ({id}) for parameter availabilityZoneId is invalid."))
            })?,
            (None, None) => AVAILABILITY_ZONES[self.rng.below(AVAILABILITY_ZONES.len())],
        };
        let subnet = Subnet {
            subnet_id: format!("subnet-{}", self.rng.hex(17)),
            vpc_id: vpc.vpc_id.clone(),
            availability_zone: az.into(),
            availability_zone_id: az_id.into(),
            cidr,
            default_for_az: false,
            map_public_ip_on_launch: false,
            next_host: 4,
            used_ips: 0,
            tags: vec![],
        };
        let out = self.subnet_json(&subnet);
        self.ec2.subnets.push(subnet);
        Ok(serde_json::json!({ "Subnet": out }))
    }

    pub(crate) fn ec2_delete_subnet(
        &mut self,
        req: DeleteByIdRequest,
    ) -> AwsResult<serde_json::Value> {
        let id = req.subnet_id.unwrap_or_default();
        let idx = self
            .ec2
            .subnets
            .iter()
            .position(|s| s.subnet_id == id)
            .ok_or_else(|| subnet_not_found(&id))?;
        if self
            .ec2
            .instances
            .iter()
            .any(|i| i.state != InstanceState::Terminated && i.subnet_id == id)
        {
            return Err(AwsError::new(
                ErrorCode::DependencyViolation,
                format!("The subnet '{id}' has dependencies and cannot be deleted."),
            ));
        }
        self.ec2.subnets.remove(idx);
        Ok(serde_json::json!({}))
    }
}
