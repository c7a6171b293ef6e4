//! Security groups and their ingress rules: describe, create, authorize, revoke and delete.

use crate::catalogue;
use crate::ec2::cidr::Cidr;
use crate::ec2::filters::FilterSet;
use crate::ec2::requests::{tag_filter, tags_out, DeleteByIdRequest, DescribeRequest};
use crate::ec2::state::{
    allow_all_egress, InstanceState, IpPermission, IpRange, SecurityGroup, UserIdGroupPair,
};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::wire::strip_nulls;
use crate::world::World;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupRequest {
    pub group_name: String,
    pub description: String,
    pub vpc_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IngressRequest {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    #[serde(default)]
    pub ip_permissions: Vec<IpPermission>,
    pub ip_protocol: Option<String>,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub cidr_ip: Option<String>,
    pub source_security_group_name: Option<String>,
}

pub(crate) fn normalize_protocol(p: &str) -> Option<&'static str> {
    match p.to_ascii_lowercase().as_str() {
        "tcp" | "6" => Some("tcp"),
        "udp" | "17" => Some("udp"),
        "icmp" | "1" => Some("icmp"),
        "icmpv6" | "58" => Some("icmpv6"),
        "-1" | "all" => Some("-1"),
        _ => None,
    }
}

/// EC2 refuses a rule the group already has.
fn check_not_duplicate(group: &SecurityGroup, perms: &[IpPermission]) -> AwsResult<()> {
    for p in perms {
        if group.ingress.iter().any(|q| q == p) {
            let what = p
                .ip_ranges
                .first()
                .map(|r| r.cidr_ip.clone())
                .unwrap_or_else(|| "peer".into());
            return Err(AwsError::new(
                ErrorCode::InvalidPermissionDuplicate,
                format!(
                    "the specified rule \"peer: {what}, {}, from port: {}, to port: {}, ALLOW\" already exists",
                    p.ip_protocol.to_uppercase(),
                    p.from_port.unwrap_or(-1),
                    p.to_port.unwrap_or(-1)
                ),
            ));
        }
    }
    Ok(())
}

impl World {
    pub(crate) fn ec2_describe_security_groups(
        &self,
        req: DescribeRequest,
    ) -> AwsResult<serde_json::Value> {
        for id in &req.ids {
            if !self.ec2.security_groups.iter().any(|g| &g.group_id == id) {
                return Err(AwsError::new(
                    ErrorCode::InvalidGroupNotFound,
                    format!("The security group '{id}' does not exist"),
                ));
            }
        }
        for name in &req.group_names {
            let in_default_vpc = self
                .ec2
                .default_vpc()
                .map(|v| v.vpc_id.clone())
                .unwrap_or_default();
            if !self
                .ec2
                .security_groups
                .iter()
                .any(|g| &g.group_name == name && g.vpc_id == in_default_vpc)
            {
                return Err(AwsError::new(
                    ErrorCode::InvalidGroupNotFound,
                    format!("The security group '{name}' does not exist in default VPC '{in_default_vpc}'"),
                ));
            }
        }
        let filters = FilterSet::new(&req.filters);
        let groups: Vec<_> = self
            .ec2
            .security_groups
            .iter()
            .filter(|g| req.ids.is_empty() || req.ids.contains(&g.group_id))
            .filter(|g| req.group_names.is_empty() || req.group_names.contains(&g.group_name))
            .filter(|g| {
                filters.matches(|name| match name {
                    "group-id" => vec![g.group_id.clone()],
                    "group-name" => vec![g.group_name.clone()],
                    "vpc-id" => vec![g.vpc_id.clone()],
                    "description" => vec![g.description.clone()],
                    "owner-id" => vec![catalogue::ACCOUNT_ID.into()],
                    _ => tag_filter(name, &g.tags),
                })
            })
            .map(|g| {
                strip_nulls(serde_json::json!({
                    "Description": g.description,
                    "GroupName": g.group_name,
                    "IpPermissions": g.ingress,
                    "OwnerId": catalogue::ACCOUNT_ID,
                    "GroupId": g.group_id,
                    "IpPermissionsEgress": g.egress,
                    "VpcId": g.vpc_id,
                    "SecurityGroupArn": format!("arn:aws:ec2:{}:{}:security-group/{}", catalogue::REGION, catalogue::ACCOUNT_ID, g.group_id),
                    "Tags": tags_out(&g.tags),
                }))
            })
            .collect();
        Ok(serde_json::json!({ "SecurityGroups": groups }))
    }

    pub(crate) fn ec2_create_security_group(
        &mut self,
        req: CreateSecurityGroupRequest,
    ) -> AwsResult<serde_json::Value> {
        let vpc_id = match req.vpc_id {
            Some(id) => {
                if !self.ec2.vpcs.iter().any(|v| v.vpc_id == id) {
                    return Err(AwsError::new(
                        ErrorCode::InvalidVpcIdNotFound,
                        format!("The vpc ID '{id}' does not exist"),
                    ));
                }
                id
            }
            None => self
                .ec2
                .default_vpc()
                .map(|v| v.vpc_id.clone())
                .ok_or_else(|| {
                    AwsError::new(ErrorCode::MissingParameter, "No default VPC for this user")
                })?,
        };
        if req.group_name.starts_with("sg-") {
            return Err(AwsError::new(
                ErrorCode::InvalidParameterValue,
                "Group names may not be in the format sg-*.",
            ));
        }
        if req.group_name.eq_ignore_ascii_case("default") {
            return Err(AwsError::new(
                ErrorCode::InvalidParameterValue,
                "Cannot use reserved security group name: default",
            ));
        }
        if self
            .ec2
            .security_groups
            .iter()
            .any(|g| g.group_name == req.group_name && g.vpc_id == vpc_id)
        {
            return Err(AwsError::new(
                ErrorCode::InvalidGroupDuplicate,
                format!(
                    "The security group '{}' already exists for VPC '{}'",
                    req.group_name, vpc_id
                ),
            ));
        }
        let group_id = format!("sg-{}", self.rng.hex(17));
        self.ec2.security_groups.push(SecurityGroup {
            group_id: group_id.clone(),
            group_name: req.group_name,
            description: req.description,
            vpc_id,
            ingress: vec![],
            egress: vec![allow_all_egress()],
            tags: vec![],
        });
        Ok(serde_json::json!({
            "GroupId": group_id,
            "SecurityGroupArn": format!("arn:aws:ec2:{}:{}:security-group/{}", catalogue::REGION, catalogue::ACCOUNT_ID, group_id),
        }))
    }

    pub(crate) fn find_group_index(
        &self,
        id: Option<&str>,
        name: Option<&str>,
    ) -> AwsResult<usize> {
        match (id, name) {
            (Some(id), _) => self
                .ec2
                .security_groups
                .iter()
                .position(|g| g.group_id == id)
                .ok_or_else(|| {
                    AwsError::new(
                        ErrorCode::InvalidGroupNotFound,
                        format!("The security group '{id}' does not exist"),
                    )
                }),
            (None, Some(name)) => {
                let vpc = self
                    .ec2
                    .default_vpc()
                    .map(|v| v.vpc_id.clone())
                    .unwrap_or_default();
                self.ec2
                    .security_groups
                    .iter()
                    .position(|g| g.group_name == name && g.vpc_id == vpc)
                    .ok_or_else(|| {
                        AwsError::new(
                            ErrorCode::InvalidGroupNotFound,
                            format!(
                                "The security group '{name}' does not exist in default VPC '{vpc}'"
                            ),
                        )
                    })
            }
            (None, None) => Err(AwsError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter groupId or groupName",
            )),
        }
    }

    pub(crate) fn ec2_authorize_ingress(
        &mut self,
        req: IngressRequest,
    ) -> AwsResult<serde_json::Value> {
        let idx = self.find_group_index(req.group_id.as_deref(), req.group_name.as_deref())?;
        let mut perms = self.requested_permissions(&req)?;
        if perms.is_empty() {
            return Err(AwsError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter ipPermissions",
            ));
        }
        for p in &mut perms {
            self.check_permission(p)?;
        }
        check_not_duplicate(&self.ec2.security_groups[idx], &perms)?;
        let group_id = self.ec2.security_groups[idx].group_id.clone();
        let rules = self.security_group_rules(&group_id, &perms);
        self.ec2.security_groups[idx].ingress.extend(perms);
        Ok(serde_json::json!({ "Return": true, "SecurityGroupRules": rules }))
    }

    /// The request's permissions: `IpPermissions`, plus the one the older top-level parameters
    /// (`IpProtocol`, ports, `CidrIp`, a source group's name) describe.
    fn requested_permissions(&self, req: &IngressRequest) -> AwsResult<Vec<IpPermission>> {
        let mut perms = req.ip_permissions.clone();
        if let Some(proto) = &req.ip_protocol {
            let mut p = IpPermission {
                ip_protocol: proto.clone(),
                from_port: req.from_port,
                to_port: req.to_port,
                ..Default::default()
            };
            if let Some(cidr) = &req.cidr_ip {
                p.ip_ranges.push(IpRange {
                    cidr_ip: cidr.clone(),
                    description: None,
                });
            }
            if let Some(src) = &req.source_security_group_name {
                let src_idx = self.find_group_index(None, Some(src))?;
                p.user_id_group_pairs.push(UserIdGroupPair {
                    group_id: Some(self.ec2.security_groups[src_idx].group_id.clone()),
                    user_id: Some(catalogue::ACCOUNT_ID.into()),
                    description: None,
                });
            }
            perms.push(p);
        }
        Ok(perms)
    }

    /// One permission's checks in EC2's words; normalizes its protocol and fills in owners.
    fn check_permission(&self, p: &mut IpPermission) -> AwsResult<()> {
        let proto = normalize_protocol(&p.ip_protocol).ok_or_else(|| {
            AwsError::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Invalid value '{}' for IP protocol. Unknown protocol.",
                    p.ip_protocol
                ),
            )
        })?;
        p.ip_protocol = proto.to_string();
        if proto == "-1" {
            p.from_port = None;
            p.to_port = None;
        } else if proto == "tcp" || proto == "udp" {
            let (from, to) = (p.from_port.unwrap_or(-1), p.to_port.unwrap_or(-1));
            if !(0..=65535).contains(&from) || !(0..=65535).contains(&to) || from > to {
                return Err(AwsError::new(
                    ErrorCode::InvalidParameterValue,
                    "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.".to_string(),
                ));
            }
        }
        for r in &p.ip_ranges {
            if Cidr::parse(&r.cidr_ip).is_none() {
                return Err(AwsError::new(
                    ErrorCode::InvalidParameterValue,
                    format!("CIDR block {} is malformed", r.cidr_ip),
                ));
            }
        }
        for pair in &mut p.user_id_group_pairs {
            if let Some(gid) = &pair.group_id {
                if !self.ec2.security_groups.iter().any(|g| &g.group_id == gid) {
                    return Err(AwsError::new(
                        ErrorCode::InvalidGroupNotFound,
                        format!("The security group '{gid}' does not exist"),
                    ));
                }
                pair.user_id
                    .get_or_insert_with(|| catalogue::ACCOUNT_ID.into());
            }
        }
        Ok(())
    }

    /// The security group rules the response lists, one per range or group pair, with new IDs.
    fn security_group_rules(
        &mut self,
        group_id: &str,
        perms: &[IpPermission],
    ) -> Vec<serde_json::Value> {
        let mut rules = vec![];
        for p in perms {
            for r in &p.ip_ranges {
                rules.push(strip_nulls(serde_json::json!({
                    "SecurityGroupRuleId": format!("sgr-{}", self.rng.hex(17)),
                    "GroupId": group_id,
                    "GroupOwnerId": catalogue::ACCOUNT_ID,
                    "IsEgress": false,
                    "IpProtocol": p.ip_protocol,
                    "FromPort": p.from_port.unwrap_or(-1),
                    "ToPort": p.to_port.unwrap_or(-1),
                    "CidrIpv4": r.cidr_ip,
                    "Description": r.description,
                })));
            }
            for pair in &p.user_id_group_pairs {
                rules.push(serde_json::json!({
                    "SecurityGroupRuleId": format!("sgr-{}", self.rng.hex(17)),
                    "GroupId": group_id,
                    "GroupOwnerId": catalogue::ACCOUNT_ID,
                    "IsEgress": false,
                    "IpProtocol": p.ip_protocol,
                    "FromPort": p.from_port.unwrap_or(-1),
                    "ToPort": p.to_port.unwrap_or(-1),
                    "ReferencedGroupInfo": {"GroupId": pair.group_id, "UserId": catalogue::ACCOUNT_ID},
                }));
            }
        }
        rules
    }

    pub(crate) fn ec2_revoke_ingress(
        &mut self,
        req: IngressRequest,
    ) -> AwsResult<serde_json::Value> {
        let idx = self.find_group_index(req.group_id.as_deref(), req.group_name.as_deref())?;
        let mut perms = req.ip_permissions.clone();
        if let Some(proto) = &req.ip_protocol {
            perms.push(IpPermission {
                ip_protocol: proto.clone(),
                from_port: req.from_port,
                to_port: req.to_port,
                ip_ranges: req
                    .cidr_ip
                    .iter()
                    .map(|c| IpRange {
                        cidr_ip: c.clone(),
                        description: None,
                    })
                    .collect(),
                ..Default::default()
            });
        }
        let group = &mut self.ec2.security_groups[idx];
        let before = group.ingress.len();
        for p in &perms {
            let mut p = p.clone();
            p.ip_protocol = normalize_protocol(&p.ip_protocol)
                .unwrap_or("?")
                .to_string();
            group.ingress.retain(|q| {
                !(q.ip_protocol == p.ip_protocol
                    && q.from_port == p.from_port
                    && q.to_port == p.to_port
                    && q.ip_ranges
                        .iter()
                        .map(|r| &r.cidr_ip)
                        .eq(p.ip_ranges.iter().map(|r| &r.cidr_ip)))
            });
        }
        if group.ingress.len() == before {
            return Err(AwsError::new(
                ErrorCode::InvalidParameterValue,
                "The specified rule does not exist in this security group.",
            ));
        }
        Ok(serde_json::json!({ "Return": true }))
    }

    pub(crate) fn ec2_delete_security_group(
        &mut self,
        req: DeleteByIdRequest,
    ) -> AwsResult<serde_json::Value> {
        let idx = self.find_group_index(req.group_id.as_deref(), req.group_name.as_deref())?;
        let group = &self.ec2.security_groups[idx];
        if group.group_name == "default" {
            return Err(AwsError::new(
                ErrorCode::Unsupported,
                "You cannot delete the default security group",
            ));
        }
        if self.ec2.instances.iter().any(|i| {
            i.state != InstanceState::Terminated && i.security_group_ids.contains(&group.group_id)
        }) {
            return Err(AwsError::new(
                ErrorCode::DependencyViolation,
                format!("resource {} has a dependent object", group.group_id),
            ));
        }
        let id = group.group_id.clone();
        self.ec2.security_groups.remove(idx);
        Ok(serde_json::json!({ "Return": true, "GroupId": id }))
    }
}
