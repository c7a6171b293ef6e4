//! `ec2 authorize-security-group-ingress` / `revoke-security-group-ingress` with `--protocol`,
//! `--port`, `--cidr` and `--source-group` (awscli/customizations/ec2/secgroupsimplify.py): one
//! rule as scalar options instead of `--ip-permissions`. (`--group-owner` is not simulated.)

use crate::arguments::Argument;
use crate::cli::{ServiceOperation, EXIT_OTHER};
use crate::customizations::CustomArgument;
use crate::Outcome;
use serde_json::{json, Map, Value};

/// One of the rule's options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RuleOption {
    Protocol,
    Port,
    Cidr,
    SourceGroup,
}

/// The rule the options describe.
#[derive(Debug, Default)]
pub(crate) struct SimplifiedRule {
    protocol: Option<String>,
    port: Option<String>,
    cidr: Option<String>,
    source_group: Option<String>,
}

/// The four options, on the two operations.
pub(crate) fn add_arguments(operation: ServiceOperation, table: &mut Vec<Argument>) {
    if let ("ec2", "AuthorizeSecurityGroupIngress" | "RevokeSecurityGroupIngress") =
        (operation.service, operation.name)
    {
        for (cli_name, option) in [
            ("--protocol", RuleOption::Protocol),
            ("--port", RuleOption::Port),
            ("--cidr", RuleOption::Cidr),
            ("--source-group", RuleOption::SourceGroup),
        ] {
            table.push(Argument::custom(
                cli_name,
                CustomArgument::SimplifiedRule(option),
            ));
        }
    }
}

/// Keeps an option's value for `build_ip_permissions`.
pub(crate) fn add_to_params(option: RuleOption, value: &str, rule: &mut SimplifiedRule) {
    let slot = match option {
        RuleOption::Protocol => &mut rule.protocol,
        RuleOption::Port => &mut rule.port,
        RuleOption::Cidr => &mut rule.cidr,
        RuleOption::SourceGroup => &mut rule.source_group,
    };
    *slot = Some(value.to_string());
}

/// The rule's parameters (`all` is protocol -1, `FROM[-TO]` the ports); not with
/// `--ip-permissions`.
pub(crate) fn build_ip_permissions(
    params: &mut Map<String, Value>,
    rule: &SimplifiedRule,
) -> Result<(), Outcome> {
    if rule.protocol.is_none()
        && rule.port.is_none()
        && rule.cidr.is_none()
        && rule.source_group.is_none()
    {
        return Ok(());
    }
    if params.contains_key("IpPermissions") {
        return Err(Outcome::error(
            "\nThe --protocol, --port, --cidr and --source-group options cannot be used together with --ip-permissions.\n",
            EXIT_OTHER,
        ));
    }
    let proto = rule.protocol.clone().unwrap_or_default();
    params.insert(
        "IpProtocol".into(),
        json!(if proto == "all" {
            "-1".to_string()
        } else {
            proto
        }),
    );
    if let Some(port) = &rule.port {
        let (a, b) = port.split_once('-').unwrap_or((port, port));
        match (a.parse::<i64>(), b.parse::<i64>()) {
            (Ok(a), Ok(b)) => {
                params.insert("FromPort".into(), json!(a));
                params.insert("ToPort".into(), json!(b));
            }
            _ => {
                return Err(Outcome::error(
                    &format!("\nport parameter should be of the form <from[-to]> (e.g., 22 or 22-25), got: {port}\n"),
                    EXIT_OTHER,
                ))
            }
        }
    }
    if let Some(c) = &rule.cidr {
        params.insert("CidrIp".into(), json!(c));
    }
    match &rule.source_group {
        // An ID: the CLI sends it as the group ID of the permission's group pair (the top-level
        // parameters only name a source group by name).
        Some(g) if g.starts_with("sg-") => {
            let mut permission = Map::new();
            for key in ["IpProtocol", "FromPort", "ToPort"] {
                if let Some(v) = params.remove(key) {
                    permission.insert(key.into(), v);
                }
            }
            if let Some(c) = params.remove("CidrIp") {
                permission.insert("IpRanges".into(), json!([{ "CidrIp": c }]));
            }
            permission.insert("UserIdGroupPairs".into(), json!([{ "GroupId": g }]));
            params.insert("IpPermissions".into(), json!([permission]));
        }
        Some(g) => {
            params.insert("SourceSecurityGroupName".into(), json!(g));
        }
        None => {}
    }
    Ok(())
}
