//! Instances: run (with AWS's validation), describe, terminate, and their lifecycle on the
//! virtual clock (pending → running → shutting-down → terminated).

use crate::catalogue;
use crate::clock::Millis;
use crate::ec2::cidr::{private_dns, public_dns};
use crate::ec2::filters::FilterSet;
use crate::ec2::requests::{check_id, tag_filter, tags_out, DescribeRequest, TagSpecification};
use crate::ec2::state::{
    subnet_not_found, Instance, InstanceState, Subnet, BOOT_TIME, SHUTDOWN_TIME,
};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::wire::strip_nulls;
use crate::world::World;
use serde::Deserialize;

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

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceIdsRequest {
    #[serde(default)]
    pub instance_ids: Vec<String>,
}

/// The image and instance type to launch, checked in EC2's words.
fn image_and_type(
    req: &RunInstancesRequest,
) -> AwsResult<(&'static catalogue::Image, &'static catalogue::InstanceType)> {
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
    Ok((image, itype))
}

/// The instance profile's ARN (by ARN or by name).
fn instance_profile_arn(req: &RunInstancesRequest) -> Option<String> {
    match &req.iam_instance_profile {
        None => None,
        Some(p) => match (&p.arn, &p.name) {
            (Some(arn), _) => Some(arn.clone()),
            (None, Some(name)) => Some(format!(
                "arn:aws:iam::{}:instance-profile/{name}",
                catalogue::ACCOUNT_ID
            )),
            (None, None) => None,
        },
    }
}

impl World {
    pub(crate) fn ec2_run_instances(
        &mut self,
        req: RunInstancesRequest,
    ) -> AwsResult<serde_json::Value> {
        let (image, itype) = image_and_type(&req)?;
        self.check_counts_and_key_pair(&req)?;
        let nic = req.network_interfaces.first();
        let subnet = self.launch_subnet(&req)?;
        if self.impaired_zones.contains(&subnet.availability_zone) {
            return Err(AwsError::new(
                ErrorCode::InsufficientInstanceCapacity,
                format!(
                    "We currently do not have sufficient {} capacity in the Availability Zone you requested ({}). (sandbox: the zone is down; `sandbox az-up {}` brings it back)",
                    itype.name, subnet.availability_zone, subnet.availability_zone
                ),
            ));
        }
        let groups = self.launch_security_groups(&req, &subnet)?;
        let public = nic
            .and_then(|n| n.associate_public_ip_address)
            .unwrap_or(subnet.map_public_ip_on_launch);
        let profile_arn = instance_profile_arn(&req);
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

    fn check_counts_and_key_pair(&self, req: &RunInstancesRequest) -> AwsResult<()> {
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
        Ok(())
    }

    /// The subnet to launch into: an explicit interface's (the CLI's --associate-public-ip-address
    /// builds one), the request's, or the default subnet of a default AZ.
    fn launch_subnet(&mut self, req: &RunInstancesRequest) -> AwsResult<Subnet> {
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
        Ok(subnet)
    }

    /// The instance's security groups (by id or name, in the subnet's VPC), or the VPC's default.
    fn launch_security_groups(
        &self,
        req: &RunInstancesRequest,
        subnet: &Subnet,
    ) -> AwsResult<Vec<String>> {
        let nic = req.network_interfaces.first();
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
        Ok(groups)
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
