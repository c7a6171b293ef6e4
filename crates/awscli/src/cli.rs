//! The `aws` command (awscli's `clidriver.py`): global options, the service and the operation (or
//! a command a customization adds), the operation's arguments (`argparser.rs`, from the argument
//! table of `arguments.rs` and `customizations/`), then the call, validated like botocore, and the
//! output. Errors follow the AWS CLI v2's layout and exit codes; learner hints follow, marked as the
//! sandbox's.

use crate::argparser::{looks_like_option, parse_args};
use crate::customizations::{self, generatecliskeleton, paginate};
use crate::help::{help_text, operation_help, service_help};
use crate::model::{self, Operation, ServiceModel, Shape};
use crate::output::{self, Format};
use crate::suggest;
use crate::validate;
use crate::{Files, Outcome};
use ecs_sandbox_engine::{Service, World};
use serde_json::Value;

pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// Exit codes of the AWS CLI v2.
pub const EXIT_USAGE: i32 = 252;
pub const EXIT_SERVICE: i32 = 254;
pub const EXIT_OTHER: i32 = 255;

/// Global options: (name, takes a value).
const GLOBAL_OPTIONS: &[(&str, bool)] = &[
    ("--region", true),
    ("--output", true),
    ("--query", true),
    ("--profile", true),
    ("--endpoint-url", true),
    ("--color", true),
    ("--cli-read-timeout", true),
    ("--cli-connect-timeout", true),
    ("--ca-bundle", true),
    ("--cli-binary-format", true),
    ("--no-cli-pager", false),
    ("--cli-auto-prompt", false),
    ("--no-cli-auto-prompt", false),
    ("--debug", false),
    ("--no-verify-ssl", false),
    ("--no-paginate", false),
    ("--no-sign-request", false),
];

/// The global options the sandbox acts on (the others are accepted and ignored).
struct GlobalOptions {
    output: Format,
    query: Option<String>,
}

/// argparse's usage error: the usage, `aws: error: MESSAGE`, then the hints (exit 252).
pub(crate) fn usage_error(msg: &str, hints: &[String]) -> Outcome {
    let mut stderr = format!("{USAGE}\naws: error: {msg}\n");
    push_hints(&mut stderr, hints);
    Outcome {
        stdout: String::new(),
        stderr,
        exit_code: EXIT_USAGE,
    }
}

/// Appends the hints, once each, marked as the sandbox's.
pub(crate) fn push_hints(out: &mut String, hints: &[String]) {
    let mut seen: Vec<&String> = vec![];
    for h in hints {
        if !seen.contains(&h) {
            out.push_str(&format!("[sandbox hint] {h}\n"));
            seen.push(h);
        }
    }
}

/// argparse's "Invalid choice" for a command, operation or option value, with the close matches
/// it suggests (and a hint when it suggests none).
pub(crate) fn invalid_choice(
    what: &str,
    value: &str,
    choices: &[String],
    hints: &[String],
) -> Outcome {
    let mut msg = String::from("Invalid choice, valid choices are:\n\n");
    let lines: Vec<String> = choices
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|c| format!("{c:<40}"))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    msg.push_str(&lines.join("\n"));
    let close = suggest::close_matches(value, choices.iter().map(|s| s.as_str()), 0.8);
    if !close.is_empty() {
        msg.push_str(&format!(
            "\n\nInvalid choice: '{value}', maybe you meant:\n"
        ));
        for c in &close {
            msg.push_str(&format!("\n  * {c}"));
        }
    }
    let mut hints = hints.to_vec();
    if close.is_empty() {
        if let Some(b) = suggest::best_match(value, choices.iter().map(|s| s.as_str())) {
            let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            hints.push(format!(
                "'{value}' is not {article} {what}: did you mean '{b}'?"
            ));
        }
    }
    usage_error(&format!("argument {what}: {msg}"), &hints)
}

/// The operation a command names: its service, the service model, the API name and its model entry.
#[derive(Clone, Copy)]
pub(crate) struct ServiceOperation<'a> {
    pub(crate) service: &'a str,
    pub(crate) model: &'a ServiceModel,
    pub(crate) name: &'a str,
    pub(crate) operation: &'a Operation,
}

/// One `aws` command against the world.
pub struct Cli<'a> {
    pub world: &'a mut World,
    pub files: &'a dyn Files,
    /// When set, every response is checked against its output shape and violations are collected
    /// here.
    pub shape_violations: Option<&'a mut Vec<String>>,
    /// Environment variables (`AWS_DEFAULT_OUTPUT`, `AWS_REGION`, `AWS_DEFAULT_REGION`), as the CLI
    /// reads them.
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

impl<'a> Cli<'a> {
    /// Runs `aws ...` (argv without the leading `aws`).
    pub fn run(&mut self, argv: &[String]) -> Outcome {
        let (globals, rest) = match self.global_options(argv) {
            Ok(split) => split,
            Err(outcome) => return outcome,
        };
        let Some(service) = rest.first() else {
            return usage_error("the following arguments are required: command", &[]);
        };
        if service == "help" {
            return Outcome::ok(help_text());
        }
        let model = match choose_service(service) {
            Ok(model) => model,
            Err(outcome) => return outcome,
        };
        let Some(command) = rest.get(1) else {
            return usage_error("the following arguments are required: operation", &[]);
        };
        if command == "help" {
            return Outcome::ok(service_help(service, model));
        }
        if let Some(outcome) =
            customizations::run_command(self, service, model, command, &rest[2..])
        {
            return outcome;
        }
        let (op_name, op) = match choose_operation(service, model, command) {
            Ok(chosen) => chosen,
            Err(outcome) => return outcome,
        };
        let operation = ServiceOperation {
            service,
            model,
            name: op_name,
            operation: op,
        };
        if rest.len() == 3 && rest[2] == "help" {
            return Outcome::ok(operation_help(operation));
        }
        self.operation(operation, &rest[2..], &globals)
    }

    /// The global options (they may appear anywhere, after the environment's defaults) and the
    /// words left: the service, the command and its arguments.
    fn global_options(&self, argv: &[String]) -> Result<(GlobalOptions, Vec<String>), Outcome> {
        let mut rest = vec![];
        let mut globals = GlobalOptions {
            output: Format::Json,
            query: None,
        };
        let mut i = 0;
        // The environment first; options override it.
        let mut region = ["AWS_REGION", "AWS_DEFAULT_REGION"]
            .iter()
            .find_map(|v| (self.env)(v).filter(|r| !r.is_empty()).map(|r| (r, *v)));
        let mut argv: Vec<String> = argv.to_vec();
        if let Some(o) = (self.env)("AWS_DEFAULT_OUTPUT").filter(|o| !o.is_empty()) {
            argv.splice(0..0, ["--output".to_string(), o]);
        }
        while i < argv.len() {
            let tok = &argv[i];
            let (name, inline) = match tok.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (tok.as_str(), None),
            };
            if let Some((g, takes)) = GLOBAL_OPTIONS.iter().find(|(g, _)| *g == name) {
                let value = if *takes {
                    match inline
                        .or_else(|| argv.get(i + 1).filter(|v| !looks_like_option(v)).cloned())
                    {
                        Some(v) => {
                            if !tok.contains('=') {
                                i += 1;
                            }
                            Some(v)
                        }
                        None => {
                            return Err(usage_error(
                                &format!("argument {g}: expected one argument"),
                                &[],
                            ))
                        }
                    }
                } else {
                    None
                };
                match (*g, value) {
                    ("--output", Some(v)) => globals.output = output_format(&v)?,
                    ("--query", Some(v)) => globals.query = Some(v),
                    ("--region", Some(v)) => region = Some((v, "--region")),
                    _ => {}
                }
                i += 1;
                continue;
            }
            rest.push(tok.clone());
            i += 1;
        }
        check_region(region)?;
        Ok((globals, rest))
    }

    /// Parses the operation's arguments, then calls it (or prints the skeleton asked for).
    fn operation(
        &mut self,
        operation: ServiceOperation,
        words: &[String],
        globals: &GlobalOptions,
    ) -> Outcome {
        let parsed = match parse_args(operation, words, self.files) {
            Ok(parsed) => parsed,
            Err(outcome) => return outcome,
        };
        if let Some(kind) = parsed.skeleton {
            return generatecliskeleton::generate(operation, &kind);
        }
        self.call(operation, parsed.params, parsed.paging, globals)
    }

    /// Calls the operation (every page of it, when the CLI pages) and formats the response.
    fn call(
        &mut self,
        operation: ServiceOperation,
        params: Value,
        paging: paginate::Paging,
        globals: &GlobalOptions,
    ) -> Outcome {
        let ServiceOperation {
            model,
            name: op_name,
            operation: op,
            ..
        } = operation;
        let result = match paginate::paginator_to_use(op, &params) {
            Some(paginator) => self.paginate(operation, params, paginator, &paging),
            None => self.invoke(operation, params),
        };
        match result {
            Err(failure) => failure.outcome,
            Ok(mut response) => {
                if let Some(shape) = op.output.as_ref().and_then(|s| model.shape(s)) {
                    output::render_timestamps(model, shape, &mut response);
                }
                let shown = match &globals.query {
                    Some(q) => match output::query(q, &response) {
                        Ok(v) => v,
                        Err(e) => return Outcome::error(&format!("\n{e}\n"), EXIT_OTHER),
                    },
                    None => response,
                };
                if op.output.is_none()
                    || (shown.as_object().is_some_and(|o| o.is_empty()) && globals.query.is_none())
                {
                    return Outcome::ok(String::new());
                }
                Outcome::ok(output::render(globals.output, &shown, op_name))
            }
        }
    }

    /// The request as the service sees it: client validation, service validation, the engine.
    pub(crate) fn invoke(
        &mut self,
        operation: ServiceOperation,
        params: Value,
    ) -> Result<Value, Failure> {
        let ServiceOperation {
            service,
            model,
            name: op_name,
            operation: op,
        } = operation;
        validate_request(operation, &params)?;
        let Some(engine_service) = Service::from_cli_name(service) else {
            return Err(Failure {
                outcome: Outcome::error("\nUnknown service.\n", EXIT_OTHER),
                service_error: None,
            });
        };
        let result = self.world.call(engine_service, op_name, params.clone());
        if let (Ok(resp), Some(sink), Some(shape)) = (
            &result,
            self.shape_violations.as_deref_mut(),
            op.output.as_ref().and_then(|o| model.shape(o)),
        ) {
            sink.extend(
                validate::check_output(model, shape, resp)
                    .into_iter()
                    .map(|v| format!("{service} {op_name}: {v}")),
            );
        }
        result.map_err(|e| {
            let mut stderr = format!(
                "\nAn error occurred ({}) when calling the {op_name} operation: {}\n",
                e.code.as_str(),
                e.message
            );
            push_hints(
                &mut stderr,
                &crate::hints::for_service_error(self.world, &e, &params),
            );
            Failure {
                outcome: Outcome {
                    stdout: String::new(),
                    stderr,
                    exit_code: EXIT_SERVICE,
                },
                service_error: Some((e.code.as_str().to_string(), e.message.clone())),
            }
        })
    }
}

/// botocore's parameter validation, then the check of enum values the service itself makes (in
/// its own error's words).
fn validate_request(operation: ServiceOperation, params: &Value) -> Result<(), Failure> {
    let ServiceOperation {
        service,
        model,
        name: op_name,
        operation: op,
    } = operation;
    let Some(shape) = op.input.as_ref().and_then(|i| model.shape(i)) else {
        return Ok(());
    };
    let report = validate::validate(model, shape, params);
    if !report.errors.is_empty() {
        let mut stderr = format!(
            "\nParameter validation failed:\n{}\n",
            report.errors.join("\n")
        );
        push_hints(&mut stderr, &report.hints);
        return Err(Failure {
            outcome: Outcome {
                stdout: String::new(),
                stderr,
                exit_code: EXIT_USAGE,
            },
            service_error: None,
        });
    }
    if let Some((msg, hints)) = validate::service_enum_check(model, shape, params) {
        let code = match service {
            "ec2" => "InvalidParameterValue",
            "elbv2" => "ValidationError",
            "events" => "ValidationException",
            _ => "InvalidParameterException",
        };
        let mut stderr =
            format!("\nAn error occurred ({code}) when calling the {op_name} operation: {msg}\n");
        push_hints(&mut stderr, &hints);
        return Err(Failure {
            outcome: Outcome {
                stdout: String::new(),
                stderr,
                exit_code: EXIT_SERVICE,
            },
            service_error: Some((code.to_string(), msg)),
        });
    }
    Ok(())
}

/// `--output FORMAT`.
fn output_format(value: &str) -> Result<Format, Outcome> {
    Format::parse(value).ok_or_else(|| {
        let choices: Vec<String> = ["json", "text", "table", "yaml", "yaml-stream"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        invalid_choice("--output", value, &choices, &[])
    })
}

/// The sandbox has one region: any other (from `--region` or the environment) is refused.
fn check_region(region: Option<(String, &str)>) -> Result<(), Outcome> {
    if let Some((r, from)) = region {
        if r != ecs_sandbox_engine::catalogue::REGION {
            let given = if from == "--region" {
                format!("--region {r}")
            } else {
                format!("{from}={r}")
            };
            return Err(Outcome::error(
                &format!(
                    "\nThe sandbox simulates one region, us-east-1; {given} is not available.\n"
                ),
                EXIT_OTHER,
            ));
        }
    }
    Ok(())
}

/// The model of the service a command names (the CLI's service names, simulated or not).
fn choose_service(service: &str) -> Result<&'static ServiceModel, Outcome> {
    let mut all: Vec<String> = model::SIMULATED_SERVICES
        .iter()
        .chain(model::OTHER_AWS_SERVICES)
        .map(|s| s.to_string())
        .collect();
    all.sort();
    if !all.iter().any(|s| s == service) {
        return Err(invalid_choice("command", service, &all, &[]));
    }
    model::model(service).ok_or_else(|| {
        Outcome::error(
            &format!(
                "\nThe sandbox does not simulate 'aws {service}' yet. It simulates: {}.\n",
                model::SIMULATED_SERVICES.join(", ")
            ),
            EXIT_OTHER,
        )
    })
}

/// The operation a command names: its API name and model entry. Unknown names get argparse's
/// invalid choice (with the customizations' commands among the choices); real operations the
/// sandbox's model leaves out are named as such.
fn choose_operation<'m>(
    service: &str,
    model: &'m ServiceModel,
    command: &str,
) -> Result<(&'m str, &'m Operation), Outcome> {
    if let Some((op_name, op)) = model.operation_by_cli_name(command) {
        return Ok((op_name.as_str(), op));
    }
    let mut choices: Vec<String> = model
        .all_operation_names
        .iter()
        .map(|n| crate::model::cli_name(n))
        .collect();
    choices.extend(model.operations.values().map(|o| o.cli_name.clone()));
    // The CLI's own commands beside the API's (customizations).
    choices.extend(
        customizations::commands(service, model)
            .into_iter()
            .map(String::from),
    );
    choices.sort();
    choices.dedup();
    if choices.iter().any(|c| c == command) {
        return Err(Outcome::error(
            &format!(
                "\nThe sandbox does not simulate 'aws {service} {command}' (it is a real operation). Simulated {service} operations: {}.\n",
                model.operations.values().map(|o| o.cli_name.as_str()).collect::<Vec<_>>().join(", ")
            ),
            EXIT_OTHER,
        ));
    }
    Err(invalid_choice("operation", command, &choices, &[]))
}

/// Why a request did not produce a response.
pub(crate) struct Failure {
    /// What the CLI prints.
    pub(crate) outcome: Outcome,
    /// (code, message) when the service itself refused the request.
    pub(crate) service_error: Option<(String, String)>,
}

/// The input shape of an operation.
pub fn op_shape<'m>(m: &'m ServiceModel, op: &Operation) -> Option<&'m Shape> {
    op.input.as_ref().and_then(|i| m.shape(i))
}
