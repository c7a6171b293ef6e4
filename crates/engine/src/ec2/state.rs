//! EC2's state: VPCs, subnets, security groups, key pairs and instances, with the default VPC
//! every account starts with.

use crate::catalogue;
use crate::catalogue::AVAILABILITY_ZONES;
use crate::clock::{Millis, SECOND};
use crate::ec2::cidr::Cidr;
use crate::error::{AwsError, AwsResult, ErrorCode};
use serde::{Deserialize, Serialize};

/// How long an instance stays `pending` before it is `running` (a model; real boots take ~10-60 s;
/// docs/lifecycles.md#timings).
pub const BOOT_TIME: Millis = 20 * SECOND;

/// How long `shutting-down` lasts before `terminated`.
pub const SHUTDOWN_TIME: Millis = 30 * SECOND;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ec2 {
    pub(crate) vpcs: Vec<Vpc>,
    pub(crate) subnets: Vec<Subnet>,
    pub(crate) security_groups: Vec<SecurityGroup>,
    pub(crate) key_pairs: Vec<KeyPair>,
    pub(crate) instances: Vec<Instance>,
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
    pub(crate) fn wire(self) -> StateOut {
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
pub(crate) struct StateOut {
    code: u32,
    name: &'static str,
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

pub(crate) fn default_security_group(rng: &mut crate::rng::Rng, vpc_id: &str) -> SecurityGroup {
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

pub(crate) fn allow_all_egress() -> IpPermission {
    IpPermission {
        ip_protocol: "-1".into(),
        ip_ranges: vec![IpRange {
            cidr_ip: "0.0.0.0/0".into(),
            description: None,
        }],
        ..Default::default()
    }
}

pub(crate) fn subnet_not_found(id: &str) -> AwsError {
    AwsError::new(
        ErrorCode::InvalidSubnetIdNotFound,
        format!("The subnet ID '{id}' does not exist"),
    )
}

/// Read-only views: outside the engine this state changes only through the operations.
impl Ec2 {
    pub fn vpcs(&self) -> &[Vpc] {
        &self.vpcs
    }

    pub fn subnets(&self) -> &[Subnet] {
        &self.subnets
    }

    pub fn security_groups(&self) -> &[SecurityGroup] {
        &self.security_groups
    }

    pub fn key_pairs(&self) -> &[KeyPair] {
        &self.key_pairs
    }

    pub fn instances(&self) -> &[Instance] {
        &self.instances
    }
}
