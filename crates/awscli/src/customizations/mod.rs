//! The AWS CLI's customizations: the commands and options it adds to what the service models give,
//! one file each, named as in the AWS CLI's source (`awscli/customizations/`). This file only lists
//! them and wires them into the argument table, the request and the command table.

pub(crate) mod cliinput;
pub(crate) mod ec2;
pub(crate) mod ecr;
pub(crate) mod generatecliskeleton;
pub(crate) mod paginate;
pub(crate) mod waiters;

use crate::arguments::Argument;
use crate::cli::{Cli, ServiceOperation};
use crate::model::ServiceModel;
use crate::{Files, Outcome};
use ec2::{addcount, runinstances, secgroupsimplify};
use serde_json::{Map, Value};

/// An option a customization adds, by the file that handles it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CustomArgument {
    /// `ec2 run-instances --count` (ec2/addcount.rs).
    Count,
    /// `ec2 run-instances --[no-]associate-public-ip-address` (ec2/runinstances.rs).
    AssociatePublicIpAddress(bool),
    /// `--protocol`, `--port`, `--cidr`, `--source-group` (ec2/secgroupsimplify.rs).
    SimplifiedRule(secgroupsimplify::RuleOption),
    /// `--cli-input-json` (cliinput.rs).
    CliInputJson,
    /// `--generate-cli-skeleton` (generatecliskeleton.rs).
    GenerateCliSkeleton,
    /// `--starting-token`, `--page-size`, `--max-items` (paginate.rs).
    Paging(paginate::PagingOption),
}

impl CustomArgument {
    /// For a flag (`--x` / `--no-x`): the value it gives.
    pub(crate) fn flag(self) -> Option<bool> {
        match self {
            CustomArgument::AssociatePublicIpAddress(value) => Some(value),
            _ => None,
        }
    }

    /// For an option whose value may be left out: the value it takes then.
    pub(crate) fn value_when_omitted(self) -> Option<&'static str> {
        match self {
            CustomArgument::GenerateCliSkeleton => Some(generatecliskeleton::DEFAULT),
            _ => None,
        }
    }

    /// Whether giving it lifts the model's required arguments (awscli's
    /// `OverrideRequiredArgsArgument`).
    pub(crate) fn overrides_required_args(self) -> bool {
        matches!(
            self,
            CustomArgument::CliInputJson | CustomArgument::GenerateCliSkeleton
        )
    }
}

/// The options the customizations add to an operation's argument table, in the CLI's order.
pub(crate) fn add_arguments(operation: ServiceOperation, table: &mut Vec<Argument>) {
    addcount::add_arguments(operation, table);
    runinstances::add_arguments(operation, table);
    secgroupsimplify::add_arguments(operation, table);
    paginate::add_arguments(operation, table);
    cliinput::add_arguments(table);
    generatecliskeleton::add_arguments(table);
}

/// What the customizations' options left for after the arguments: their last touches to the
/// request, and the paging.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    pub(crate) associate_public_ip_address: Option<bool>,
    pub(crate) simplified_rule: secgroupsimplify::SimplifiedRule,
    pub(crate) paging: paginate::Paging,
}

/// One customization option's value, into the request or kept for later.
pub(crate) fn add_to_params(
    argument: CustomArgument,
    values: &[String],
    params: &mut Map<String, Value>,
    gathered: &mut Gathered,
    files: &dyn Files,
    hints: &[String],
) -> Result<(), Outcome> {
    match argument {
        CustomArgument::Count => addcount::add_to_params(&values[0], params)?,
        CustomArgument::AssociatePublicIpAddress(value) => {
            gathered.associate_public_ip_address = Some(value)
        }
        CustomArgument::SimplifiedRule(option) => {
            secgroupsimplify::add_to_params(option, &values[0], &mut gathered.simplified_rule)
        }
        CustomArgument::CliInputJson => cliinput::add_to_params(&values[0], params, files, hints)?,
        CustomArgument::GenerateCliSkeleton => {}
        CustomArgument::Paging(option) => {
            paginate::add_to_params(option, &values[0], &mut gathered.paging)?
        }
    }
    Ok(())
}

/// The customizations' last touches to the request, once every argument is in.
pub(crate) fn before_parameter_build(
    operation: ServiceOperation,
    params: &mut Map<String, Value>,
    gathered: &Gathered,
) -> Result<(), Outcome> {
    addcount::set_default_count(operation, params);
    runinstances::fix_args(operation, params, gathered.associate_public_ip_address)?;
    secgroupsimplify::build_ip_permissions(params, &gathered.simplified_rule)
}

/// The commands the customizations add to a service's command table, beside its operations.
pub(crate) fn commands(service: &str, model: &ServiceModel) -> Vec<&'static str> {
    [ecr::commands(service), waiters::commands(model)]
        .into_iter()
        .flatten()
        .collect()
}

/// Runs `aws SERVICE COMMAND ...` when a customization owns COMMAND.
pub(crate) fn run_command(
    cli: &mut Cli,
    service: &str,
    model: &ServiceModel,
    command: &str,
    words: &[String],
) -> Option<Outcome> {
    match command {
        // Dispatched for every service (one without waiters has no waiter to name).
        waiters::COMMAND => Some(cli.wait(service, model, words)),
        ecr::GET_LOGIN_PASSWORD if service == "ecr" => Some(cli.ecr_get_login_password(words)),
        _ => None,
    }
}
