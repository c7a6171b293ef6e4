//! `ec2 run-instances --[no-]associate-public-ip-address` (awscli/customizations/ec2/runinstances.py):
//! a scalar option for the first network interface's public IP; with it, `--subnet-id` and
//! `--security-group-ids` move into that interface, as RunInstances requires.

use crate::arguments::Argument;
use crate::cli::{ServiceOperation, EXIT_OTHER};
use crate::customizations::CustomArgument;
use crate::Outcome;
use serde_json::{json, Map, Value};

fn applies(operation: ServiceOperation) -> bool {
    (operation.service, operation.name) == ("ec2", "RunInstances")
}

/// `--associate-public-ip-address` and `--no-associate-public-ip-address`.
pub(crate) fn add_arguments(operation: ServiceOperation, table: &mut Vec<Argument>) {
    if applies(operation) {
        table.push(Argument::custom(
            "--associate-public-ip-address",
            CustomArgument::AssociatePublicIpAddress(true),
        ));
        table.push(Argument::custom(
            "--no-associate-public-ip-address",
            CustomArgument::AssociatePublicIpAddress(false),
        ));
    }
}

/// Builds the network interface the option asks for (it cannot be mixed with
/// `--network-interfaces`).
pub(crate) fn fix_args(
    operation: ServiceOperation,
    params: &mut Map<String, Value>,
    associate_public_ip_address: Option<bool>,
) -> Result<(), Outcome> {
    if !applies(operation) {
        return Ok(());
    }
    if let Some(public) = associate_public_ip_address {
        if params.contains_key("NetworkInterfaces") {
            return Err(Outcome::error("\nMixing the --network-interfaces option with the simple, scalar options is not supported.\n", EXIT_OTHER));
        }
        let mut nic = Map::new();
        nic.insert("DeviceIndex".into(), json!(0));
        nic.insert("AssociatePublicIpAddress".into(), json!(public));
        if let Some(s) = params.remove("SubnetId") {
            nic.insert("SubnetId".into(), s);
        }
        if let Some(g) = params.remove("SecurityGroupIds") {
            nic.insert("Groups".into(), g);
        }
        params.insert("NetworkInterfaces".into(), json!([nic]));
    }
    Ok(())
}
