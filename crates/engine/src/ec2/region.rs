//! What the region offers, read from the catalogue: Availability Zones, regions, instance types
//! and images.

use crate::catalogue;
use crate::catalogue::AVAILABILITY_ZONES;
use crate::ec2::filters::FilterSet;
use crate::ec2::requests::DescribeRequest;
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;

impl World {
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
}
