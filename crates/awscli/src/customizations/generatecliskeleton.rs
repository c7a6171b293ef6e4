//! `--generate-cli-skeleton [input|output|yaml-input]` (awscli/customizations/generatecliskeleton.py):
//! instead of calling, print a skeleton of the operation's input (JSON or YAML) or output.

use crate::arguments::Argument;
use crate::cli::{usage_error, ServiceOperation};
use crate::convert;
use crate::customizations::CustomArgument;
use crate::output;
use crate::Outcome;
use serde_json::json;

/// The skeleton printed when the option is given without a value.
pub(crate) const DEFAULT: &str = "input";

/// Every operation takes `--generate-cli-skeleton`.
pub(crate) fn add_arguments(table: &mut Vec<Argument>) {
    table.push(Argument::custom(
        "--generate-cli-skeleton",
        CustomArgument::GenerateCliSkeleton,
    ));
}

/// The skeleton `kind` names.
pub(crate) fn generate(operation: ServiceOperation, kind: &str) -> Outcome {
    let ServiceOperation {
        model: m,
        operation: op,
        ..
    } = operation;
    let shape_name = match kind {
        "input" | "yaml-input" => op.input.as_ref(),
        "output" => op.output.as_ref(),
        other => {
            return usage_error(
                &format!("argument --generate-cli-skeleton: invalid choice: '{other}' (choose from 'input', 'output', 'yaml-input')"),
                &[],
            );
        }
    };
    let skel = shape_name
        .and_then(|s| m.shape(s))
        .map(|s| convert::skeleton(m, s, 0))
        .unwrap_or(json!({}));
    Outcome::ok(if kind == "yaml-input" {
        output::yaml(&skel)
    } else {
        output::json(&skel)
    })
}
