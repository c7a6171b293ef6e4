//! The AWS CLI's customizations: what it adds to the commands and arguments the service models
//! give, one file each, named as in the AWS CLI's source (`awscli/customizations/`).

pub(crate) mod ecr;
pub(crate) mod paginate;
pub(crate) mod waiters;

use crate::cli::Cli;
use crate::model::ServiceModel;
use crate::Outcome;

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
