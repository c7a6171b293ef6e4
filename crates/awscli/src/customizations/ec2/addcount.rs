//! `ec2 run-instances --count min[:max]` (awscli/customizations/ec2/addcount.py): replaces
//! `--min-count` and `--max-count`; both default to 1.

use crate::arguments::Argument;
use crate::cli::{ServiceOperation, EXIT_OTHER};
use crate::customizations::CustomArgument;
use crate::Outcome;
use serde_json::{json, Map, Value};

fn applies(operation: ServiceOperation) -> bool {
    (operation.service, operation.name) == ("ec2", "RunInstances")
}

/// `--count` instead of `--min-count` / `--max-count`.
pub(crate) fn add_arguments(operation: ServiceOperation, table: &mut Vec<Argument>) {
    if applies(operation) {
        table.retain(|s| s.cli_name != "--min-count" && s.cli_name != "--max-count");
        table.push(Argument::custom("--count", CustomArgument::Count));
    }
}

/// `N` is MinCount = MaxCount = N; `MIN:MAX` sets each.
pub(crate) fn add_to_params(text: &str, params: &mut Map<String, Value>) -> Result<(), Outcome> {
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    match (a.trim().parse::<i64>(), b.trim().parse::<i64>()) {
        (Ok(a), Ok(b)) => {
            params.insert("MinCount".into(), json!(a));
            params.insert("MaxCount".into(), json!(b));
            Ok(())
        }
        _ => Err(Outcome::error(
            "\ncount parameter should be of form min[:max] (e.g. 1 or 1:10)\n",
            EXIT_OTHER,
        )),
    }
}

/// One instance when `--count` is not given.
pub(crate) fn set_default_count(operation: ServiceOperation, params: &mut Map<String, Value>) {
    if applies(operation) {
        params.entry("MinCount").or_insert(json!(1));
        params.entry("MaxCount").or_insert(json!(1));
    }
}
