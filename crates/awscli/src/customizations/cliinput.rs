//! `--cli-input-json` (awscli/customizations/cliinput.py, the AWS CLI v2's home of
//! `--cli-input-json`): the request's parameters as one JSON object (inline or `file://`); the
//! options given on the command line win over its keys.

use crate::argprocess::{load_param, render_param_error, usage_or_param_error};
use crate::arguments::Argument;
use crate::cli::EXIT_USAGE;
use crate::convert;
use crate::customizations::CustomArgument;
use crate::{Files, Outcome};
use serde_json::{Map, Value};

const CLI_NAME: &str = "--cli-input-json";

/// Every operation takes `--cli-input-json`.
pub(crate) fn add_arguments(table: &mut Vec<Argument>) {
    table.push(Argument::custom(CLI_NAME, CustomArgument::CliInputJson));
}

/// The object's keys join the request, where the command line did not set them.
pub(crate) fn add_to_params(
    value: &str,
    params: &mut Map<String, Value>,
    files: &dyn Files,
    hints: &[String],
) -> Result<(), Outcome> {
    let text = load_param(files, CLI_NAME, value)?;
    let base = convert::parse_json(&text).map_err(|e| {
        let mut h = hints.to_vec();
        let d = render_param_error(e, &mut h);
        usage_or_param_error(CLI_NAME, d, &h)
    })?;
    let Value::Object(base) = base else {
        return Err(Outcome::error(
            "\nInvalid JSON: --cli-input-json must be a JSON object\n",
            EXIT_USAGE,
        ));
    };
    for (k, v) in base {
        params.entry(k).or_insert(v);
    }
    Ok(())
}
