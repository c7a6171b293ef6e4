//! Amazon EC2, as much as ECS needs: the default VPC, subnets, security groups, key pairs, and
//! instances with their lifecycle (pending → running → shutting-down → terminated).

use crate::catalogue::{self, AVAILABILITY_ZONES};
use crate::clock::{Millis, SECOND};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::filters::{Filter, FilterSet};
use crate::wire::strip_nulls;
use crate::world::World;
use serde::{Deserialize, Serialize};

/// How long an instance stays `pending` before it is `running` (a model; real boots take ~10-60 s).
pub const BOOT_TIME: Millis = 20 * SECOND;
/// How long `shutting-down` lasts before `terminated`.
pub const SHUTDOWN_TIME: Millis = 30 * SECOND;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ec2 {
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub security_groups: Vec<SecurityGroup>,
    pub key_pairs: Vec<KeyPair>,
    pub instances: Vec<Instance>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tag {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Value", default)]
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vpc {
    pub vpc_id: String,
    pub cidr: Cidr,
    pub is_default: bool,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Subnet {
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub availability_zone_id: String,
    pub cidr: Cidr,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
    /// Next host offset to hand out (AWS reserves the first four addresses of a subnet).
    pub next_host: u32,
    pub used_ips: u32,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub group_id: String,
    pub group_name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<IpPermission>,
    pub egress: Vec<IpPermission>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyPair {
    pub key_name: String,
    pub key_pair_id: String,
    pub fingerprint: String,
}

/// EC2 instance states with their documented codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
}

impl InstanceState {
    pub fn code(self) -> u32 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
        }
    }
    fn wire(self) -> StateOut {
        StateOut {
            code: self.code(),
            name: self.name(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instance {
    pub instance_id: String,
    pub reservation_id: String,
    pub image_id: String,
    pub instance_type: String,
    pub key_name: Option<String>,
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub private_ip: String,
    pub public_ip: Option<String>,
    pub security_group_ids: Vec<String>,
    pub state: InstanceState,
    pub launch_time: Millis,
    /// When the current state ends (pending → running, shutting-down → terminated).
    pub state_until: Option<Millis>,
    pub state_transition_reason: String,
    pub user_data: Option<String>,
    pub iam_instance_profile_arn: Option<String>,
    pub ami_launch_index: u32,
    pub eni_id: String,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cidr {
    pub base: u32,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let (ip, prefix) = text.split_once('/')?;
        let prefix: u8 = prefix.parse().ok()?;
        if prefix > 32 {
            return None;
        }
        let base = parse_ipv4(ip)?;
        Some(Cidr { base, prefix })
    }
    pub fn size(&self) -> u64 {
        1u64 << (32 - self.prefix as u32)
    }
    pub fn mask(&self) -> u32 {
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - self.prefix as u32)
        }
    }
    pub fn is_network_address(&self) -> bool {
        self.base & !self.mask() == 0
    }
    pub fn contains(&self, other: &Cidr) -> bool {
        other.prefix >= self.prefix && (other.base & self.mask()) == self.base
    }
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }
    pub fn ip(&self, offset: u32) -> String {
        format_ipv4(self.base.wrapping_add(offset))
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", format_ipv4(self.base), self.prefix)
    }
}

pub fn parse_ipv4(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut v = 0u32;
    for p in parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | n;
    }
    Some(v)
}

pub fn format_ipv4(v: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        v >> 24,
        (v >> 16) & 255,
        (v >> 8) & 255,
        v & 255
    )
}

/// `ip-172-31-5-10.ec2.internal` (us-east-1's private DNS form).
pub fn private_dns(ip: &str) -> String {
    format!("ip-{}.ec2.internal", ip.replace('.', "-"))
}

/// `ec2-54-1-2-3.compute-1.amazonaws.com` (us-east-1's public DNS form).
pub fn public_dns(ip: &str) -> String {
    format!("ec2-{}.compute-1.amazonaws.com", ip.replace('.', "-"))
}

// ---------------------------------------------------------------------------------------------
// Wire shapes (member names as in the EC2 model).

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    pub ip_protocol: String,
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    #[serde(default)]
    pub ipv6_ranges: Vec<Ipv6Range>,
    #[serde(default)]
    pub prefix_list_ids: Vec<PrefixListId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    #[serde(default)]
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Range {
    pub cidr_ipv6: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListId {
    pub prefix_list_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserIdGroupPair {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct StateOut {
    code: u32,
    name: &'static str,
}

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
pub struct CreateVpcRequest {
    pub cidr_block: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetRequest {
    pub vpc_id: String,
    pub cidr_block: Option<String>,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
}

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

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyPairRequest {
    pub key_name: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct RunInstancesRequest {
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    pub key_name: Option<String>,
    pub min_count: i64,
    pub max_count: i64,
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    pub user_data: Option<String>,
    pub iam_instance_profile: Option<IamInstanceProfileSpec>,
    #[serde(default)]
    pub network_interfaces: Vec<NetworkInterfaceSpec>,
    pub placement: Option<PlacementSpec>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfileSpec {
    pub arn: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInterfaceSpec {
    pub device_index: Option<i64>,
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    pub associate_public_ip_address: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct PlacementSpec {
    pub availability_zone: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct TagSpecification {
    pub resource_type: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceIdsRequest {
    #[serde(default)]
    pub instance_ids: Vec<String>,
}

// ---------------------------------------------------------------------------------------------

impl Ec2 {
    /// The default VPC (172.31.0.0/16), a default /20 subnet per AZ, and the default security
    /// group.
    pub fn with_defaults(world_rng: &mut crate::rng::Rng) -> Ec2 {
        let mut ec2 = Ec2::default();
        let vpc_id = format!("vpc-{}", world_rng.hex(17));
        let vpc_cidr = Cidr::parse("172.31.0.0/16").expect("literal");
        ec2.vpcs.push(Vpc {
            vpc_id: vpc_id.clone(),
            cidr: vpc_cidr,
            is_default: true,
            tags: vec![],
        });
        for (i, (az, az_id)) in AVAILABILITY_ZONES.iter().enumerate() {
            ec2.subnets.push(Subnet {
                subnet_id: format!("subnet-{}", world_rng.hex(17)),
                vpc_id: vpc_id.clone(),
                availability_zone: az.to_string(),
                availability_zone_id: az_id.to_string(),
                cidr: Cidr {
                    base: vpc_cidr.base + (i as u32) * 4096,
                    prefix: 20,
                },
                default_for_az: true,
                map_public_ip_on_launch: true,
                next_host: 4,
                used_ips: 0,
                tags: vec![],
            });
        }
        ec2.security_groups
            .push(default_security_group(world_rng, &vpc_id));
        ec2
    }

    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.instance_id == id)
    }

    pub fn subnet(&self, id: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.subnet_id == id)
    }

    pub fn default_vpc(&self) -> Option<&Vpc> {
        self.vpcs.iter().find(|v| v.is_default)
    }

    /// Hands out the next free private address of a subnet.
    pub fn allocate_ip(&mut self, subnet_id: &str) -> AwsResult<String> {
        let subnet = self
            .subnets
            .iter_mut()
            .find(|s| s.subnet_id == subnet_id)
            .ok_or_else(|| subnet_not_found(subnet_id))?;
        // The last address is the broadcast address and is reserved too.
        if subnet.next_host as u64 >= subnet.cidr.size() - 1 {
            return Err(AwsError::new(
                ErrorCode::InvalidParameterValue,
                format!("There are not enough free addresses in subnet '{subnet_id}' to satisfy the requested number of instances."),
            ));
        }
        let ip = subnet.cidr.ip(subnet.next_host);
        subnet.next_host += 1;
        subnet.used_ips += 1;
        Ok(ip)
    }
}

fn default_security_group(rng: &mut crate::rng::Rng, vpc_id: &str) -> SecurityGroup {
    let group_id = format!("sg-{}", rng.hex(17));
    SecurityGroup {
        ingress: vec![IpPermission {
            ip_protocol: "-1".into(),
            user_id_group_pairs: vec![UserIdGroupPair {
                group_id: Some(group_id.clone()),
                user_id: Some(catalogue::ACCOUNT_ID.into()),
                description: None,
            }],
            ..Default::default()
        }],
        egress: vec![allow_all_egress()],
        group_id,
        group_name: "default".into(),
        description: if vpc_id.is_empty() {
            "default group".into()
        } else {
            "default VPC security group".into()
        },
        vpc_id: vpc_id.into(),
        tags: vec![],
    }
}

fn allow_all_egress() -> IpPermission {
    IpPermission {
        ip_protocol: "-1".into(),
        ip_ranges: vec![IpRange {
            cidr_ip: "0.0.0.0/0".into(),
            description: None,
        }],
        ..Default::default()
    }
}

fn subnet_not_found(id: &str) -> AwsError {
    AwsError::new(
        ErrorCode::InvalidSubnetIdNotFound,
        format!("The subnet ID '{id}' does not exist"),
    )
}

fn check_id(id: &str, prefix: &str, code: ErrorCode, what: &str) -> AwsResult<()> {
    let rest = id.strip_prefix(prefix).unwrap_or("");
    let ok = (rest.len() == 8 || rest.len() == 17) && rest.bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(AwsError::new(code, format!("Invalid id: \"{id}\"{what}")))
    }
}

fn tags_out(tags: &[Tag]) -> Option<&[Tag]> {
    if tags.is_empty() {
        None
    } else {
        Some(tags)
    }
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

    fn subnet_json(&self, s: &Subnet) -> serde_json::Value {
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

    fn find_group_index(&self, id: Option<&str>, name: Option<&str>) -> AwsResult<usize> {
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
        if perms.is_empty() {
            return Err(AwsError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter ipPermissions",
            ));
        }
        let mut rules = vec![];
        for p in &mut perms {
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
        }
        let group = &self.ec2.security_groups[idx];
        for p in &perms {
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
        let group_id = group.group_id.clone();
        for p in &perms {
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
        self.ec2.security_groups[idx].ingress.extend(perms);
        Ok(serde_json::json!({ "Return": true, "SecurityGroupRules": rules }))
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

    pub(crate) fn ec2_describe_availability_zones(
        &self,
        req: DescribeRequest,
    ) -> AwsResult<serde_json::Value> {
        let filters = FilterSet::new(&req.filters);
        let zones: Vec<_> = AVAILABILITY_ZONES
            .iter()
            .filter(|(n, _)| req.ids.is_empty() || req.ids.iter().any(|i| i == n))
            .filter(|(n, id)| {
                filters.matches(|f| match f {
                    "zone-name" => vec![n.to_string()],
                    "zone-id" => vec![id.to_string()],
                    "state" => vec!["available".into()],
                    "region-name" => vec![catalogue::REGION.into()],
                    _ => vec![],
                })
            })
            .map(|(n, id)| {
                let state = if self.impaired_zones.iter().any(|z| z == n) { "impaired" } else { "available" };
                serde_json::json!({
                    "State": state, "OptInStatus": "opt-in-not-required", "Messages": [],
                    "RegionName": catalogue::REGION, "ZoneName": n, "ZoneId": id,
                    "GroupName": catalogue::REGION, "NetworkBorderGroup": catalogue::REGION, "ZoneType": "availability-zone",
                })
            })
            .collect();
        Ok(serde_json::json!({ "AvailabilityZones": zones }))
    }

    pub(crate) fn ec2_describe_regions(&self) -> AwsResult<serde_json::Value> {
        Ok(serde_json::json!({ "Regions": [{
            "Endpoint": "ec2.us-east-1.amazonaws.com", "RegionName": catalogue::REGION, "OptInStatus": "opt-in-not-required"
        }]}))
    }

    pub(crate) fn ec2_describe_instance_types(
        &self,
        req: DescribeRequest,
    ) -> AwsResult<serde_json::Value> {
        for t in &req.instance_types {
            if catalogue::instance_type(t).is_none() {
                return Err(AwsError::new(
                    ErrorCode::InvalidParameterValue,
                    format!("The following supplied instance types do not exist: [{t}]"),
                ));
            }
        }
        let types: Vec<_> = catalogue::INSTANCE_TYPES
            .iter()
            .filter(|t| req.instance_types.is_empty() || req.instance_types.iter().any(|n| n == t.name))
            .map(|t| {
                serde_json::json!({
                    "InstanceType": t.name, "CurrentGeneration": true, "FreeTierEligible": t.name == "t2.micro" || t.name == "t3.micro",
                    "SupportedUsageClasses": ["on-demand", "spot"], "SupportedRootDeviceTypes": ["ebs"],
                    "SupportedVirtualizationTypes": ["hvm"], "BareMetal": false, "Hypervisor": "nitro",
                    "ProcessorInfo": {"SupportedArchitectures": [t.arch]},
                    "VCpuInfo": {"DefaultVCpus": t.vcpus},
                    "MemoryInfo": {"SizeInMiB": t.memory_mib},
                    "NetworkInfo": {"MaximumNetworkInterfaces": t.max_enis, "MaximumNetworkCards": 1, "DefaultNetworkCardIndex": 0, "Ipv6Supported": true, "EnaSupport": "required"},
                })
            })
            .collect();
        Ok(serde_json::json!({ "InstanceTypes": types }))
    }

    pub(crate) fn ec2_describe_images(&self, req: DescribeRequest) -> AwsResult<serde_json::Value> {
        for id in &req.ids {
            if catalogue::image(id).is_none() {
                return Err(AwsError::new(
                    ErrorCode::InvalidAmiIdNotFound,
                    format!("The image id '[{id}]' does not exist"),
                ));
            }
        }
        let filters = FilterSet::new(&req.filters);
        let images: Vec<_> = catalogue::IMAGES
            .iter()
            .filter(|i| req.ids.is_empty() || req.ids.iter().any(|x| x == i.image_id))
            .filter(|i| {
                filters.matches(|f| match f {
                    "image-id" => vec![i.image_id.into()],
                    "name" => vec![i.name.into()],
                    "architecture" => vec![i.architecture.into()],
                    "state" => vec!["available".into()],
                    _ => vec![],
                })
            })
            .map(|i| {
                serde_json::json!({
                    "Architecture": i.architecture, "ImageId": i.image_id, "Name": i.name, "Description": i.description,
                    "ImageLocation": format!("amazon/{}", i.name), "ImageType": "machine", "Public": true,
                    "OwnerId": "591542846629", "ImageOwnerAlias": "amazon", "State": "available",
                    "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs", "VirtualizationType": "hvm",
                    "Hypervisor": "xen", "EnaSupport": true, "PlatformDetails": "Linux/UNIX", "UsageOperation": "RunInstances",
                })
            })
            .collect();
        Ok(serde_json::json!({ "Images": images }))
    }

    pub(crate) fn ec2_describe_key_pairs(
        &self,
        req: DescribeRequest,
    ) -> AwsResult<serde_json::Value> {
        for name in &req.ids {
            if !self.ec2.key_pairs.iter().any(|k| &k.key_name == name) {
                return Err(AwsError::new(
                    ErrorCode::InvalidKeyPairNotFound,
                    format!("The key pair '{name}' does not exist"),
                ));
            }
        }
        let pairs: Vec<_> = self
            .ec2
            .key_pairs
            .iter()
            .filter(|k| req.ids.is_empty() || req.ids.contains(&k.key_name))
            .map(|k| serde_json::json!({"KeyPairId": k.key_pair_id, "KeyFingerprint": k.fingerprint, "KeyName": k.key_name, "KeyType": "rsa", "Tags": []}))
            .collect();
        Ok(serde_json::json!({ "KeyPairs": pairs }))
    }

    pub(crate) fn ec2_create_key_pair(
        &mut self,
        req: CreateKeyPairRequest,
    ) -> AwsResult<serde_json::Value> {
        if self
            .ec2
            .key_pairs
            .iter()
            .any(|k| k.key_name == req.key_name)
        {
            return Err(AwsError::new(
                ErrorCode::InvalidKeyPairDuplicate,
                "The keypair already exists".to_string(),
            ));
        }
        let fp = self.rng.hex(40);
        let fingerprint = fp
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap_or("00"))
            .collect::<Vec<_>>()
            .join(":");
        let key = KeyPair {
            key_name: req.key_name.clone(),
            key_pair_id: format!("key-{}", self.rng.hex(17)),
            fingerprint,
        };
        let material = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nSANDBOX-KEY-{}\n(simulated key material: not a real key)\n-----END RSA PRIVATE KEY-----",
            self.rng.hex(32)
        );
        let out = serde_json::json!({"KeyFingerprint": key.fingerprint, "KeyMaterial": material, "KeyName": key.key_name, "KeyPairId": key.key_pair_id});
        self.ec2.key_pairs.push(key);
        Ok(out)
    }

    pub(crate) fn ec2_delete_key_pair(
        &mut self,
        req: DeleteByIdRequest,
    ) -> AwsResult<serde_json::Value> {
        let before = self.ec2.key_pairs.len();
        self.ec2.key_pairs.retain(|k| {
            Some(&k.key_name) != req.key_name.as_ref()
                && Some(&k.key_pair_id) != req.key_pair_id.as_ref()
        });
        Ok(
            serde_json::json!({ "Return": true, "KeyPairId": if before != self.ec2.key_pairs.len() { req.key_pair_id } else { None } }),
        )
    }

    pub(crate) fn ec2_run_instances(
        &mut self,
        req: RunInstancesRequest,
    ) -> AwsResult<serde_json::Value> {
        let image_id = req.image_id.clone().ok_or_else(|| {
            AwsError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter ImageId",
            )
        })?;
        if !image_id.starts_with("ami-") {
            return Err(AwsError::new(
                ErrorCode::InvalidAmiIdMalformed,
                format!("Invalid id: \"{image_id}\" (expecting \"ami-...\")"),
            ));
        }
        let image = catalogue::image(&image_id).ok_or_else(|| {
            AwsError::new(
                ErrorCode::InvalidAmiIdNotFound,
                format!("The image id '[{image_id}]' does not exist"),
            )
        })?;
        let type_name = req
            .instance_type
            .clone()
            .unwrap_or_else(|| "m1.small".into());
        // EC2's wording; the CLI's hint names the types the sandbox simulates.
        let itype = catalogue::instance_type(&type_name).ok_or_else(|| {
            AwsError::new(
                ErrorCode::InvalidParameterValue,
                format!("Invalid value '{type_name}' for InstanceType."),
            )
        })?;
        if req.min_count < 1 || req.max_count < req.min_count {
            return Err(AwsError::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Invalid value '{}' for minCount. Must be between 1 and maxCount",
                    req.min_count
                ),
            ));
        }
        if req.max_count > 20 {
            return Err(AwsError::new(
                ErrorCode::InvalidParameterValue,
                "The sandbox launches at most 20 instances per call (the default On-Demand vCPU limit would be hit first anyway).",
            ));
        }
        if let Some(key) = &req.key_name {
            if !self.ec2.key_pairs.iter().any(|k| &k.key_name == key) {
                return Err(AwsError::new(
                    ErrorCode::InvalidKeyPairNotFound,
                    format!("The key pair '{key}' does not exist"),
                ));
            }
        }
        // The network: an explicit interface (the CLI's --associate-public-ip-address builds one),
        // a subnet, or the default subnet of a default AZ.
        let nic = req.network_interfaces.first();
        let subnet_id = nic
            .and_then(|n| n.subnet_id.clone())
            .or(req.subnet_id.clone());
        let subnet = match &subnet_id {
            Some(id) => {
                check_id(id, "subnet-", ErrorCode::InvalidSubnetIdMalformed, "")
                    .map_err(|_| subnet_not_found(id))?;
                self.ec2
                    .subnet(id)
                    .cloned()
                    .ok_or_else(|| subnet_not_found(id))?
            }
            None => {
                let az = req
                    .placement
                    .as_ref()
                    .and_then(|p| p.availability_zone.clone());
                let vpc = self
                    .ec2
                    .default_vpc()
                    .map(|v| v.vpc_id.clone())
                    .ok_or_else(|| {
                        AwsError::new(
                            ErrorCode::MissingParameter,
                            "No subnets found for the default VPC. Please specify a subnet.",
                        )
                    })?;
                let candidates: Vec<Subnet> = self
                    .ec2
                    .subnets
                    .iter()
                    .filter(|s| {
                        s.vpc_id == vpc
                            && s.default_for_az
                            && az.as_ref().is_none_or(|a| &s.availability_zone == a)
                    })
                    .cloned()
                    .collect();
                if candidates.is_empty() {
                    return Err(AwsError::new(
                        ErrorCode::MissingParameter,
                        "No default subnet for availability zone: null.",
                    ));
                }
                candidates[self.rng.below(candidates.len())].clone()
            }
        };
        if self.impaired_zones.contains(&subnet.availability_zone) {
            return Err(AwsError::new(
                ErrorCode::InsufficientInstanceCapacity,
                format!(
                    "We currently do not have sufficient {} capacity in the Availability Zone you requested ({}). (sandbox: the zone is down; `sandbox az-up {}` brings it back)",
                    itype.name, subnet.availability_zone, subnet.availability_zone
                ),
            ));
        }
        let mut groups: Vec<String> = nic.map(|n| n.groups.clone()).unwrap_or_default();
        groups.extend(req.security_group_ids.iter().cloned());
        for name in &req.security_groups {
            let idx = self.find_group_index(None, Some(name))?;
            groups.push(self.ec2.security_groups[idx].group_id.clone());
        }
        for g in &groups {
            match self.ec2.security_groups.iter().find(|sg| &sg.group_id == g) {
                None => {
                    return Err(AwsError::new(
                        ErrorCode::InvalidGroupNotFound,
                        format!(
                            "The security group '{g}' does not exist in VPC '{}'",
                            subnet.vpc_id
                        ),
                    ))
                }
                Some(sg) if sg.vpc_id != subnet.vpc_id => {
                    return Err(AwsError::new(
                        ErrorCode::InvalidParameter,
                        format!(
                            "Security group {g} and subnet {} belong to different networks.",
                            subnet.subnet_id
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        if groups.is_empty() {
            if let Some(sg) = self
                .ec2
                .security_groups
                .iter()
                .find(|g| g.vpc_id == subnet.vpc_id && g.group_name == "default")
            {
                groups.push(sg.group_id.clone());
            }
        }
        let public = nic
            .and_then(|n| n.associate_public_ip_address)
            .unwrap_or(subnet.map_public_ip_on_launch);
        let profile_arn = match &req.iam_instance_profile {
            None => None,
            Some(p) => match (&p.arn, &p.name) {
                (Some(arn), _) => Some(arn.clone()),
                (None, Some(name)) => Some(format!(
                    "arn:aws:iam::{}:instance-profile/{name}",
                    catalogue::ACCOUNT_ID
                )),
                (None, None) => None,
            },
        };
        let user_data = req.user_data.clone();
        let reservation_id = format!("r-{}", self.rng.hex(17));
        let mut tags = vec![];
        for spec in &req.tag_specifications {
            if spec.resource_type.as_deref().unwrap_or("instance") == "instance" {
                tags.extend(spec.tags.iter().cloned());
            }
        }
        let mut ids = vec![];
        for n in 0..req.max_count {
            let private_ip = self.ec2.allocate_ip(&subnet.subnet_id)?;
            let public_ip = public.then(|| {
                format!(
                    "{}.{}.{}.{}",
                    [3, 18, 34, 44, 52, 54][self.rng.below(6)],
                    self.rng.below(256),
                    self.rng.below(256),
                    1 + self.rng.below(254)
                )
            });
            let id = format!("i-{}", self.rng.hex(17));
            self.ec2.instances.push(Instance {
                instance_id: id.clone(),
                reservation_id: reservation_id.clone(),
                image_id: image.image_id.into(),
                instance_type: itype.name.into(),
                key_name: req.key_name.clone(),
                subnet_id: subnet.subnet_id.clone(),
                vpc_id: subnet.vpc_id.clone(),
                availability_zone: subnet.availability_zone.clone(),
                private_ip,
                public_ip,
                security_group_ids: groups.clone(),
                state: InstanceState::Pending,
                launch_time: self.now,
                state_until: Some(self.now + BOOT_TIME),
                state_transition_reason: String::new(),
                user_data: user_data.clone(),
                iam_instance_profile_arn: profile_arn.clone(),
                ami_launch_index: n as u32,
                eni_id: format!("eni-{}", self.rng.hex(17)),
                tags: tags.clone(),
            });
            ids.push(id);
        }
        let instances: Vec<_> = ids
            .iter()
            .filter_map(|id| self.ec2.instance(id))
            .map(|i| self.instance_json(i))
            .collect();
        Ok(serde_json::json!({
            "Groups": [],
            "Instances": instances,
            "OwnerId": catalogue::ACCOUNT_ID,
            "ReservationId": reservation_id,
        }))
    }

    pub fn instance_json(&self, i: &Instance) -> serde_json::Value {
        let itype = catalogue::instance_type(&i.instance_type);
        let groups: Vec<_> = i
            .security_group_ids
            .iter()
            .map(|g| {
                let name = self
                    .ec2
                    .security_groups
                    .iter()
                    .find(|s| &s.group_id == g)
                    .map(|s| s.group_name.clone())
                    .unwrap_or_default();
                serde_json::json!({"GroupName": name, "GroupId": g})
            })
            .collect();
        let terminated = i.state == InstanceState::Terminated;
        let public_ip = if terminated {
            None
        } else {
            i.public_ip.clone()
        };
        let private_dns = private_dns(&i.private_ip);
        let public_dns = public_ip.as_deref().map(public_dns).unwrap_or_default();
        let nics = if terminated {
            serde_json::json!([])
        } else {
            serde_json::json!([strip_nulls(serde_json::json!({
                "Association": public_ip.as_ref().map(|ip| serde_json::json!({"IpOwnerId": "amazon", "PublicDnsName": public_dns, "PublicIp": ip})),
                "Attachment": {"AttachTime": crate::clock::wire_seconds(i.launch_time), "AttachmentId": format!("eni-attach-{}", &i.eni_id[4..]), "DeleteOnTermination": true, "DeviceIndex": 0, "Status": "attached", "NetworkCardIndex": 0},
                "Description": "",
                "Groups": groups,
                "Ipv6Addresses": [],
                "MacAddress": format!("0a:{}:{}:{}:{}:{}", &i.eni_id[4..6], &i.eni_id[6..8], &i.eni_id[8..10], &i.eni_id[10..12], &i.eni_id[12..14]),
                "NetworkInterfaceId": i.eni_id,
                "OwnerId": catalogue::ACCOUNT_ID,
                "PrivateDnsName": private_dns,
                "PrivateIpAddress": i.private_ip,
                "PrivateIpAddresses": [strip_nulls(serde_json::json!({
                    "Association": public_ip.as_ref().map(|ip| serde_json::json!({"IpOwnerId": "amazon", "PublicDnsName": public_dns, "PublicIp": ip})),
                    "Primary": true, "PrivateDnsName": private_dns, "PrivateIpAddress": i.private_ip
                }))],
                "SourceDestCheck": true,
                "Status": "in-use",
                "SubnetId": i.subnet_id,
                "VpcId": i.vpc_id,
                "InterfaceType": "interface",
            }))])
        };
        strip_nulls(serde_json::json!({
            "AmiLaunchIndex": i.ami_launch_index,
            "ImageId": i.image_id,
            "InstanceId": i.instance_id,
            "InstanceType": i.instance_type,
            "KeyName": i.key_name,
            "LaunchTime": crate::clock::wire_seconds(i.launch_time),
            "Monitoring": {"State": "disabled"},
            "Placement": {"AvailabilityZone": i.availability_zone, "GroupName": "", "Tenancy": "default"},
            "PrivateDnsName": if terminated { String::new() } else { private_dns.clone() },
            "PrivateIpAddress": if terminated { None } else { Some(i.private_ip.clone()) },
            "ProductCodes": [],
            "PublicDnsName": public_dns,
            "PublicIpAddress": public_ip,
            "State": i.state.wire(),
            "StateTransitionReason": i.state_transition_reason,
            "SubnetId": if terminated { None } else { Some(i.subnet_id.clone()) },
            "VpcId": if terminated { None } else { Some(i.vpc_id.clone()) },
            "Architecture": itype.map(|t| t.arch).unwrap_or("x86_64"),
            "BlockDeviceMappings": [],
            "ClientToken": "",
            "EbsOptimized": false,
            "EnaSupport": true,
            "Hypervisor": "xen",
            "IamInstanceProfile": i.iam_instance_profile_arn.as_ref().map(|arn| serde_json::json!({"Arn": arn, "Id": format!("AIPA{}", i.instance_id[2..].to_uppercase())})),
            "NetworkInterfaces": nics,
            "RootDeviceName": "/dev/xvda",
            "RootDeviceType": "ebs",
            "SecurityGroups": groups,
            "SourceDestCheck": true,
            "Tags": tags_out(&i.tags),
            "VirtualizationType": "hvm",
            "CpuOptions": {"CoreCount": itype.map(|t| t.vcpus.div_ceil(2).max(1)).unwrap_or(1), "ThreadsPerCore": if itype.map(|t| t.vcpus).unwrap_or(1) > 1 { 2 } else { 1 }},
            "PlatformDetails": "Linux/UNIX",
            "UsageOperation": "RunInstances",
        }))
    }

    pub(crate) fn ec2_describe_instances(
        &self,
        req: DescribeRequest,
    ) -> AwsResult<serde_json::Value> {
        for id in &req.ids {
            check_id(id, "i-", ErrorCode::InvalidInstanceIdMalformed, "")?;
        }
        let missing: Vec<&String> = req
            .ids
            .iter()
            .filter(|id| self.ec2.instance(id).is_none())
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("', '");
            let noun = if missing.len() == 1 { "ID" } else { "IDs" };
            let verb = if missing.len() == 1 { "does" } else { "do" };
            return Err(AwsError::new(
                ErrorCode::InvalidInstanceIdNotFound,
                format!("The instance {noun} '{list}' {verb} not exist"),
            ));
        }
        let filters = FilterSet::new(&req.filters);
        let mut reservations: Vec<(String, Vec<serde_json::Value>)> = vec![];
        for i in &self.ec2.instances {
            if !req.ids.is_empty() && !req.ids.contains(&i.instance_id) {
                continue;
            }
            let ok = filters.matches(|name| match name {
                "instance-id" => vec![i.instance_id.clone()],
                "instance-state-name" => vec![i.state.name().into()],
                "instance-state-code" => vec![i.state.code().to_string()],
                "instance-type" => vec![i.instance_type.clone()],
                "image-id" => vec![i.image_id.clone()],
                "subnet-id" => vec![i.subnet_id.clone()],
                "vpc-id" => vec![i.vpc_id.clone()],
                "availability-zone" => vec![i.availability_zone.clone()],
                "private-ip-address" => vec![i.private_ip.clone()],
                "ip-address" => i.public_ip.iter().cloned().collect(),
                "key-name" => i.key_name.iter().cloned().collect(),
                "reservation-id" => vec![i.reservation_id.clone()],
                "instance.group-id" | "group-id" => i.security_group_ids.clone(),
                _ => tag_filter(name, &i.tags),
            });
            if !ok {
                continue;
            }
            let json = self.instance_json(i);
            match reservations
                .iter_mut()
                .find(|(r, _)| r == &i.reservation_id)
            {
                Some((_, list)) => list.push(json),
                None => reservations.push((i.reservation_id.clone(), vec![json])),
            }
        }
        let reservations: Vec<_> = reservations
            .into_iter()
            .map(|(r, list)| serde_json::json!({"Groups": [], "Instances": list, "OwnerId": catalogue::ACCOUNT_ID, "ReservationId": r}))
            .collect();
        Ok(serde_json::json!({ "Reservations": reservations }))
    }

    pub(crate) fn ec2_terminate_instances(
        &mut self,
        req: InstanceIdsRequest,
    ) -> AwsResult<serde_json::Value> {
        let ids = req.instance_ids;
        self.ec2_describe_instances(DescribeRequest {
            ids: ids.clone(),
            ..Default::default()
        })?;
        let mut out = vec![];
        for id in ids {
            let now = self.now;
            let Some(i) = self.ec2.instances.iter_mut().find(|i| i.instance_id == id) else {
                continue;
            };
            let previous = i.state;
            if matches!(i.state, InstanceState::Pending | InstanceState::Running) {
                i.state = InstanceState::ShuttingDown;
                i.state_until = Some(now + SHUTDOWN_TIME);
                i.state_transition_reason = format!(
                    "User initiated ({})",
                    crate::clock::iso8601(now as i64)
                        .replace('T', " ")
                        .split('.')
                        .next()
                        .unwrap_or("")
                        .to_string()
                        + " GMT"
                );
            }
            let current = i.state;
            out.push(serde_json::json!({"InstanceId": id, "CurrentState": current.wire(), "PreviousState": previous.wire()}));
            if previous == InstanceState::Running || previous == InstanceState::Pending {
                self.on_instance_stopping(&id);
            }
        }
        Ok(serde_json::json!({ "TerminatingInstances": out }))
    }

    /// Moves instances along their lifecycle up to `self.now`.
    pub(crate) fn ec2_tick(&mut self) -> Vec<String> {
        let now = self.now;
        let mut booted = vec![];
        for i in &mut self.ec2.instances {
            if let Some(until) = i.state_until {
                if until <= now {
                    match i.state {
                        InstanceState::Pending => {
                            i.state = InstanceState::Running;
                            i.state_until = None;
                            booted.push(i.instance_id.clone());
                        }
                        InstanceState::ShuttingDown => {
                            i.state = InstanceState::Terminated;
                            i.state_until = None;
                        }
                        _ => i.state_until = None,
                    }
                }
            }
        }
        booted
    }

    pub(crate) fn ec2_next_event(&self) -> Option<Millis> {
        self.ec2
            .instances
            .iter()
            .filter_map(|i| i.state_until)
            .min()
    }
}

fn normalize_protocol(p: &str) -> Option<&'static str> {
    match p.to_ascii_lowercase().as_str() {
        "tcp" | "6" => Some("tcp"),
        "udp" | "17" => Some("udp"),
        "icmp" | "1" => Some("icmp"),
        "icmpv6" | "58" => Some("icmpv6"),
        "-1" | "all" => Some("-1"),
        _ => None,
    }
}

fn tag_filter(name: &str, tags: &[Tag]) -> Vec<String> {
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

impl World {
    /// Gives a VPC, subnet or security group the ID a course uses (`vpc-024994381ad361013`), so the
    /// course's commands run verbatim. A set-up step for prepared worlds: only before anything runs
    /// in the account (no instances, load balancers or tasks refer to the old ID yet).
    pub fn adopt_id(&mut self, old: &str, new: &str) -> Result<(), String> {
        let prefix = old.split('-').next().unwrap_or("");
        let well_formed = |id: &str| {
            id.split_once('-').is_some_and(|(p, hex)| {
                p == prefix
                    && (8..=17).contains(&hex.len())
                    && hex
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            })
        };
        if !matches!(prefix, "vpc" | "subnet" | "sg") {
            return Err(format!(
                "only VPC, subnet and security group IDs can be adopted, not '{old}'"
            ));
        }
        if !well_formed(new) {
            return Err(format!(
                "'{new}' is not a {prefix} ID ({prefix}- and 8 to 17 lowercase hex digits)"
            ));
        }
        let e = &self.ec2;
        let exists = |id: &str| {
            e.vpcs.iter().any(|v| v.vpc_id == id)
                || e.subnets.iter().any(|s| s.subnet_id == id)
                || e.security_groups.iter().any(|g| g.group_id == id)
        };
        if !exists(old) {
            return Err(format!("there is no {old}"));
        }
        if exists(new) {
            return Err(format!("{new} is already taken"));
        }
        if !self.ec2.instances.is_empty()
            || !self.elbv2.load_balancers.is_empty()
            || !self.ecs.tasks.is_empty()
        {
            return Err(
                "IDs can only be adopted before anything runs in the account (a set-up step)"
                    .into(),
            );
        }
        let swap = |id: &mut String| {
            if id == old {
                *id = new.to_string();
            }
        };
        for v in &mut self.ec2.vpcs {
            swap(&mut v.vpc_id);
        }
        for s in &mut self.ec2.subnets {
            swap(&mut s.subnet_id);
            swap(&mut s.vpc_id);
        }
        for g in &mut self.ec2.security_groups {
            swap(&mut g.group_id);
            swap(&mut g.vpc_id);
            for p in g.ingress.iter_mut().chain(g.egress.iter_mut()) {
                for pair in &mut p.user_id_group_pairs {
                    if let Some(id) = pair.group_id.as_mut() {
                        swap(id);
                    }
                }
            }
        }
        Ok(())
    }
}
