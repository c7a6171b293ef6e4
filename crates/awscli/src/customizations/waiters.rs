//! `aws SERVICE wait WAITER ...` (awscli/customizations/waiters.py, which adds the `wait` command to
//! every service with waiters): polls the waiter's operation, advancing the virtual clock by its
//! delay between attempts, and judges each response with the waiter's acceptors (JMESPath), as
//! botocore's waiter does.

use crate::argparser::parse_args;
use crate::cli::{
    invalid_choice, push_hints, usage_error, Cli, Failure, ServiceOperation, EXIT_OTHER,
};
use crate::model::{Acceptor, ServiceModel, Waiter};
use crate::output;
use crate::validate;
use crate::Outcome;
use serde_json::Value;

/// The command this customization adds (to services that have waiters).
pub(crate) const COMMAND: &str = "wait";

/// The commands it adds to a service's command table.
pub(crate) fn commands(model: &ServiceModel) -> Option<&'static str> {
    (!model.waiters.is_empty()).then_some(COMMAND)
}

impl Cli<'_> {
    /// `aws SERVICE wait WAITER ...`.
    pub(crate) fn wait(
        &mut self,
        service: &str,
        model: &ServiceModel,
        words: &[String],
    ) -> Outcome {
        let (waiter_name, waiter) = match choose_waiter(model, words) {
            Ok(chosen) => chosen,
            Err(outcome) => return outcome,
        };
        let Some((op_name, op)) = model.operations.get_key_value(&waiter.operation) else {
            return Outcome::error("\nThis waiter's operation is not simulated.\n", EXIT_OTHER);
        };
        let operation = ServiceOperation {
            service,
            model,
            name: op_name,
            operation: op,
        };
        let params = match parse_args(operation, &words[1..], self.files) {
            Ok(parsed) => parsed.params,
            Err(o) => return o,
        };
        let mut last_matched: Option<&Acceptor> = None;
        for attempt in 1..=waiter.max_attempts {
            let result = self.invoke(operation, params.clone());
            let matched = matching_acceptor(&waiter.acceptors, &result);
            if let Some(outcome) = self.finished(&waiter_name, &params, matched, &result) {
                return outcome;
            }
            if matched.is_some() {
                last_matched = matched;
            }
            if attempt < waiter.max_attempts {
                self.world.advance(waiter.delay * 1000);
            }
        }
        let reason = match last_matched {
            Some(acc) => format!(
                "Max attempts exceeded. Previously accepted state: {}",
                explanation(acc)
            ),
            None => "Max attempts exceeded".to_string(),
        };
        let mut stderr = format!("\nWaiter {waiter_name} failed: {reason}\n");
        push_hints(
            &mut stderr,
            &crate::hints::for_waiter_timeout(self.world, &waiter_name, &params),
        );
        Outcome::error(&stderr, EXIT_OTHER)
    }

    /// What one attempt's matched acceptor (or its error) ends the wait with, if it does.
    fn finished(
        &self,
        waiter_name: &str,
        params: &Value,
        matched: Option<&Acceptor>,
        result: &Result<Value, Failure>,
    ) -> Option<Outcome> {
        match (matched, result) {
            (Some(acc), _) if acc.state == "success" => Some(Outcome::ok(String::new())),
            (Some(acc), _) if acc.state == "failure" => {
                let mut stderr = format!("\nWaiter {waiter_name} failed: Waiter encountered a terminal failure state: {}\n", explanation(acc));
                push_hints(
                    &mut stderr,
                    &crate::hints::for_waiter_timeout(self.world, waiter_name, params),
                );
                Some(Outcome::error(&stderr, EXIT_OTHER))
            }
            (None, Err(f)) => match &f.service_error {
                // botocore: WaiterError "An error occurred (Code): Message".
                Some((code, message)) => {
                    let hints: String = f
                        .outcome
                        .stderr
                        .lines()
                        .filter(|l| l.starts_with("[sandbox hint]"))
                        .map(|l| format!("{l}\n"))
                        .collect();
                    Some(Outcome::error(&format!("\nWaiter {waiter_name} failed: An error occurred ({code}): {message}\n{hints}"), EXIT_OTHER))
                }
                // Not a service error (the parameters were invalid): as the operation would report
                // it.
                None => Some(f.outcome.clone()),
            },
            _ => None,
        }
    }
}

/// The waiter the first word names (by its CLI name), with its API name.
fn choose_waiter<'m>(
    model: &'m ServiceModel,
    words: &[String],
) -> Result<(String, &'m Waiter), Outcome> {
    let mut names: Vec<(String, &Waiter)> = model
        .waiters
        .iter()
        .map(|(n, w)| (crate::model::cli_name(n), w))
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let choices: Vec<String> = names.iter().map(|(n, _)| n.clone()).collect();
    let Some(which) = words.first() else {
        return Err(usage_error(
            "the following arguments are required: waiter_name",
            &[],
        ));
    };
    let Some((_, waiter)) = names.iter().find(|(n, _)| n == which) else {
        return Err(invalid_choice("waiter_name", which, &choices, &[]));
    };
    let waiter_name = model
        .waiters
        .iter()
        .find(|(_, w)| std::ptr::eq(*w, *waiter))
        .map(|(n, _)| n.clone())
        .unwrap_or_default();
    Ok((waiter_name, waiter))
}

/// The first acceptor that matches an attempt's response or error.
fn matching_acceptor<'w>(
    acceptors: &'w [Acceptor],
    result: &Result<Value, Failure>,
) -> Option<&'w Acceptor> {
    acceptors
        .iter()
        .find(|acc| match (result, acc.matcher.as_str()) {
            (Err(f), "error") => match (&acc.expected, &f.service_error) {
                (Value::Bool(b), Some(_)) => *b,
                (Value::Bool(b), None) => !*b,
                (Value::String(s), Some((code, _))) => s == code,
                _ => false,
            },
            (Ok(resp), "path") => acc
                .argument
                .as_ref()
                .and_then(|a| output::query(a, resp).ok())
                .is_some_and(|v| v == acc.expected),
            (Ok(resp), "pathAll") => acc
                .argument
                .as_ref()
                .and_then(|a| output::query(a, resp).ok())
                .is_some_and(|v| {
                    v.as_array()
                        .is_some_and(|l| !l.is_empty() && l.iter().all(|x| *x == acc.expected))
                }),
            (Ok(resp), "pathAny") => acc
                .argument
                .as_ref()
                .and_then(|a| output::query(a, resp).ok())
                .is_some_and(|v| v.as_array().is_some_and(|l| l.contains(&acc.expected))),
            _ => false,
        })
}

/// botocore's Acceptor.explanation.
fn explanation(acc: &Acceptor) -> String {
    let arg = acc.argument.clone().unwrap_or_default();
    let expected = validate::py_repr(&acc.expected);
    match acc.matcher.as_str() {
        "path" => format!("For expression \"{arg}\" we matched expected path: \"{expected}\""),
        "pathAll" => {
            format!("For expression \"{arg}\" all members matched expected path: \"{expected}\"")
        }
        "pathAny" => format!(
            "For expression \"{arg}\" we matched expected path: \"{expected}\" at least once"
        ),
        "status" => format!("Matched expected HTTP status code: {expected}"),
        "error" => format!("Matched expected service error code: {expected}"),
        other => format!("No explanation for unknown waiter type: \"{other}\""),
    }
}
