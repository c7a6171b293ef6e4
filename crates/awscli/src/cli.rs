//! The `aws` command: global options, service and operation choice, the operation's arguments
//! (argparse-like, from the model), customizations the real CLI adds, then the call and the output.
//! Errors follow the AWS CLI v2's layout and exit codes; learner hints follow, marked as the
//! sandbox's.

use crate::argument_hints::{json_hints, option_hint, value_hints};
use crate::arguments::{argument_table, ArgumentKind};
use crate::convert::{self, ParamError};
use crate::help::{help_text, operation_help, service_help};
use crate::model::{self, Operation, ServiceModel, Shape, ShapeType};
use crate::output::{self, Format};
use crate::suggest;
use crate::validate;
use crate::{Files, Outcome};
use ecs_sandbox_engine::{Service, World};
use serde_json::{json, Map, Value};

pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// Exit codes of the AWS CLI v2.
pub const EXIT_USAGE: i32 = 252;
pub const EXIT_SERVICE: i32 = 254;
pub const EXIT_OTHER: i32 = 255;

/// Global options: (name, takes a value).
const GLOBALS: &[(&str, bool)] = &[
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

struct Globals {
    output: Format,
    query: Option<String>,
}

fn usage_error(msg: &str, hints: &[String]) -> Outcome {
    let mut stderr = format!("{USAGE}\naws: error: {msg}\n");
    push_hints(&mut stderr, hints);
    Outcome {
        stdout: String::new(),
        stderr,
        exit_code: EXIT_USAGE,
    }
}

fn push_hints(out: &mut String, hints: &[String]) {
    let mut seen: Vec<&String> = vec![];
    for h in hints {
        if !seen.contains(&h) {
            out.push_str(&format!("[sandbox hint] {h}\n"));
            seen.push(h);
        }
    }
}

fn invalid_choice(what: &str, value: &str, choices: &[String], hints: &[String]) -> Outcome {
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
pub(crate) struct Op<'a> {
    pub(crate) service: &'a str,
    pub(crate) model: &'a ServiceModel,
    pub(crate) name: &'a str,
    pub(crate) op: &'a Operation,
}

fn m_ref(service: &str) -> Option<&'static ServiceModel> {
    model::model(service)
}

/// The shape of member `member` of the structure `shape_name`.
fn model_shape_member(
    m: Option<&'static ServiceModel>,
    shape_name: &str,
    member: &str,
) -> Option<&'static Shape> {
    let m = m?;
    m.shape(shape_name)?
        .members
        .get(member)
        .and_then(|r| m.shape(&r.shape))
}

pub(crate) fn looks_like_option(tok: &str) -> bool {
    if !tok.starts_with('-') || tok.len() < 2 {
        return false;
    }
    let rest = &tok[1..];
    // argparse treats negative numbers (`^-\d+$|^-\d*\.\d+$`) and words with spaces as values.
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let negative_number = digits(rest)
        || rest
            .split_once('.')
            .is_some_and(|(a, b)| (a.is_empty() || digits(a)) && digits(b));
    if negative_number || tok.contains(' ') {
        return false;
    }
    true
}

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
        // Global options may appear anywhere.
        let mut rest = vec![];
        let mut globals = Globals {
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
            if let Some((g, takes)) = GLOBALS.iter().find(|(g, _)| *g == name) {
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
                            return usage_error(
                                &format!("argument {g}: expected one argument"),
                                &[],
                            )
                        }
                    }
                } else {
                    None
                };
                match (*g, value) {
                    ("--output", Some(v)) => match Format::parse(&v) {
                        Some(f) => globals.output = f,
                        None => {
                            let choices: Vec<String> =
                                ["json", "text", "table", "yaml", "yaml-stream"]
                                    .iter()
                                    .map(|s| s.to_string())
                                    .collect();
                            return invalid_choice("--output", &v, &choices, &[]);
                        }
                    },
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
        if let Some((r, from)) = region {
            if r != ecs_sandbox_engine::catalogue::REGION {
                let given = if from == "--region" {
                    format!("--region {r}")
                } else {
                    format!("{from}={r}")
                };
                return Outcome::error(&format!("\nThe sandbox simulates one region, us-east-1; {given} is not available.\n"), EXIT_OTHER);
            }
        }
        let Some(service) = rest.first().cloned() else {
            return usage_error("the following arguments are required: command", &[]);
        };
        if service == "help" {
            return Outcome::ok(help_text());
        }
        let mut all: Vec<String> = model::SIMULATED_SERVICES
            .iter()
            .chain(model::OTHER_AWS_SERVICES)
            .map(|s| s.to_string())
            .collect();
        all.sort();
        if !all.contains(&service) {
            return invalid_choice("command", &service, &all, &[]);
        }
        let Some(m) = model::model(&service) else {
            return Outcome::error(
                &format!(
                    "\nThe sandbox does not simulate 'aws {service}' yet. It simulates: {}.\n",
                    model::SIMULATED_SERVICES.join(", ")
                ),
                EXIT_OTHER,
            );
        };
        let Some(op_cli) = rest.get(1).cloned() else {
            return usage_error("the following arguments are required: operation", &[]);
        };
        if op_cli == "wait" {
            return self.wait(&service, m, &rest[2..], &globals);
        }
        if op_cli == "help" {
            return Outcome::ok(service_help(&service, m));
        }
        if service == "ecr" && op_cli == "get-login-password" {
            return self.ecr_get_login_password(&rest[2..]);
        }
        let op = m.operation_by_cli_name(&op_cli);
        let Some((op_name, op)) = op else {
            let mut choices: Vec<String> = m
                .all_operation_names
                .iter()
                .map(|n| model::cli_name(n))
                .collect();
            choices.extend(m.operations.values().map(|o| o.cli_name.clone()));
            // The CLI's own commands beside the API's (customizations).
            if service == "ecr" {
                choices.push("get-login-password".into());
            }
            if !m.waiters.is_empty() {
                choices.push("wait".into());
            }
            choices.sort();
            choices.dedup();
            if choices.contains(&op_cli) {
                return Outcome::error(
                    &format!(
                        "\nThe sandbox does not simulate 'aws {service} {op_cli}' (it is a real operation). Simulated {service} operations: {}.\n",
                        m.operations.values().map(|o| o.cli_name.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                    EXIT_OTHER,
                );
            }
            return invalid_choice("operation", &op_cli, &choices, &[]);
        };
        let op_name = op_name.clone();
        if rest.len() == 3 && rest[2] == "help" {
            return Outcome::ok(operation_help(Op {
                service: &service,
                model: m,
                name: &op_name,
                op,
            }));
        }
        self.operation(
            Op {
                service: &service,
                model: m,
                name: &op_name,
                op,
            },
            &rest[2..],
            &globals,
        )
    }

    /// `aws ecr get-login-password` (a CLI customization over GetAuthorizationToken): the password
    /// alone, for `docker login --username AWS --password-stdin`.
    fn ecr_get_login_password(&mut self, words: &[String]) -> Outcome {
        if let Some(w) = words.first() {
            return usage_error(
                &format!("Unknown options: {}", words.join(", ")),
                &[format!("get-login-password takes no options (besides global ones such as --region); got {w}")],
            );
        }
        match self.world.call(ecs_sandbox_engine::Service::Ecr, "GetAuthorizationToken", serde_json::json!({})) {
            // The token is base64 of `AWS:PASSWORD`; the engine keeps the password it just issued.
            Ok(_) => Outcome::ok(format!("{}\n", self.world.ecr.last_password().unwrap_or_default())),
            Err(e) => Outcome::error(
                &format!("\nAn error occurred ({}) when calling the GetAuthorizationToken operation: {}\n", e.code.as_str(), e.message),
                EXIT_SERVICE,
            ),
        }
    }

    fn parse_args(
        &self,
        o: Op,
        words: &[String],
    ) -> Result<(Value, Option<String>, Paging), Outcome> {
        let Op {
            service,
            model: m,
            name: op_name,
            op,
        } = o;
        let specs = argument_table(o);
        let known: Vec<&str> = specs.iter().map(|s| s.cli_name.as_str()).collect();
        let mut values: Vec<(usize, Vec<String>)> = vec![];
        let mut unknown: Vec<String> = vec![];
        let mut hints: Vec<String> = value_hints(words, &specs);
        // argparse stops at the first error; a learner wants every misspelled option named at once.
        for (j, w) in words.iter().enumerate() {
            if !looks_like_option(w) {
                continue;
            }
            let name = w.split('=').next().unwrap_or(w);
            let resolves = known.contains(&name)
                || (name.starts_with("--")
                    && known.iter().filter(|k| k.starts_with(name)).count() == 1);
            if !resolves {
                if let Some(h) = option_hint(w, words.get(j + 1).map(|s| s.as_str()), &known) {
                    hints.push(h);
                }
            }
        }
        let mut i = 0;
        while i < words.len() {
            let tok = &words[i];
            if !looks_like_option(tok) {
                // A word left over after a one-value option: probably a value with a space in it.
                if let Some((last_idx, last_vals)) = values.last() {
                    let spec = &specs[*last_idx];
                    if spec.kind == ArgumentKind::Scalar
                        && last_vals.len() == 1
                        && words.get(i.wrapping_sub(1)) == last_vals.first()
                        && !last_vals[0].contains("--")
                    {
                        let joined = format!("{} {tok}", last_vals[0]);
                        let enums = spec
                            .member
                            .as_ref()
                            .and_then(|m| {
                                op.input
                                    .as_ref()
                                    .and_then(|i| model_shape_member(m_ref(service), i, m))
                            })
                            .map(|s| s.allowed_values().to_vec())
                            .unwrap_or_default();
                        match suggest::best_match(
                            &joined.replace(' ', "-"),
                            enums.iter().map(|s| s.as_str()),
                        ) {
                            Some(e) => hints.push(format!(
                                "{} takes one value: did you mean '{e}' instead of '{joined}'?",
                                spec.cli_name
                            )),
                            None => hints.push(format!(
                                "{} takes one value; to pass '{joined}' put it in quotes.",
                                spec.cli_name
                            )),
                        }
                    }
                }
                unknown.push(tok.clone());
                i += 1;
                continue;
            }
            let (name, inline) = match tok.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (tok.clone(), None),
            };
            let idx = match specs.iter().position(|s| s.cli_name == name) {
                Some(i) => Some(i),
                None if name.starts_with("--") => {
                    let prefixed: Vec<usize> = specs
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| s.cli_name.starts_with(&name))
                        .map(|(i, _)| i)
                        .collect();
                    match prefixed.len() {
                        1 => Some(prefixed[0]),
                        0 => None,
                        _ => {
                            let names: Vec<&str> = prefixed
                                .iter()
                                .map(|&i| specs[i].cli_name.as_str())
                                .collect();
                            return Err(usage_error(
                                &format!(
                                    "ambiguous option: {name} could match {}",
                                    names.join(", ")
                                ),
                                &hints,
                            ));
                        }
                    }
                }
                None => None,
            };
            let Some(idx) = idx else {
                unknown.push(tok.clone());
                i += 1;
                continue;
            };
            let spec = &specs[idx];
            let original = tok.clone();
            if !spec.kind.takes_value() {
                if inline.is_some() {
                    return Err(usage_error(
                        &format!(
                            "argument {}: ignored explicit argument '{}'",
                            spec.cli_name,
                            inline.unwrap_or_default()
                        ),
                        &hints,
                    ));
                }
                values.push((idx, vec![]));
                i += 1;
                continue;
            }
            let mut taken = vec![];
            if let Some(v) = inline {
                taken.push(v);
                i += 1;
            } else {
                i += 1;
                let many = matches!(spec.kind, ArgumentKind::List);
                while i < words.len() && !looks_like_option(&words[i]) {
                    taken.push(words[i].clone());
                    i += 1;
                    if !many {
                        break;
                    }
                }
                if taken.is_empty() && spec.kind == ArgumentKind::GenerateSkeleton {
                    taken.push("input".into());
                }
                if taken.is_empty() && !many {
                    if let Some(next) = words.get(i) {
                        if let Some(h) = option_hint(&original, Some(next), &known) {
                            hints.push(h);
                        }
                        hints.push(format!("'{}' is followed by '{next}', which looks like an option, not a value.", spec.cli_name));
                    }
                    let n = if many {
                        "expected at least one argument"
                    } else {
                        "expected one argument"
                    };
                    return Err(usage_error(
                        &format!("argument {}: {n}", spec.cli_name),
                        &hints,
                    ));
                }
            }
            values.retain(|(j, _)| {
                specs[*j].member != spec.member || spec.member.is_none() && *j != idx
            });
            values.push((idx, taken));
        }
        let skeleton = values
            .iter()
            .find(|(i, _)| specs[*i].kind == ArgumentKind::GenerateSkeleton)
            .map(|(_, v)| v[0].clone());
        let has_input_json = values
            .iter()
            .any(|(i, _)| specs[*i].kind == ArgumentKind::CliInputJson);
        if skeleton.is_none() && !has_input_json {
            let missing: Vec<&str> = specs
                .iter()
                .enumerate()
                .filter(|(i, s)| {
                    s.required
                        && !values.iter().any(|(j, _)| {
                            j == i || specs[*j].member == s.member && s.member.is_some()
                        })
                })
                .map(|(_, s)| s.cli_name.as_str())
                .collect();
            if !missing.is_empty() {
                for u in &unknown {
                    if let Some(b) = suggest::best_match(u, missing.iter().copied()) {
                        let h = format!("unknown option '{u}': did you mean '{b}'?");
                        if !hints.iter().any(|x| x.contains(&format!("'{u}'"))) {
                            hints.push(h);
                        }
                    }
                }
                return Err(usage_error(
                    &format!(
                        "the following arguments are required: {}",
                        missing.join(", ")
                    ),
                    &hints,
                ));
            }
        }
        if !unknown.is_empty() {
            let mut stderr = format!("{USAGE}\nUnknown options: {}\n", unknown.join(", "));
            push_hints(&mut stderr, &hints);
            return Err(Outcome {
                stdout: String::new(),
                stderr,
                exit_code: EXIT_USAGE,
            });
        }
        // Build the request.
        let input_shape = op.input.as_ref().and_then(|i| m.shape(i));
        let mut params = Map::new();
        let mut sg = (
            None::<String>,
            None::<String>,
            None::<String>,
            None::<String>,
        );
        let mut nic_public: Option<bool> = None;
        let mut paging = Paging::default();
        for (idx, vals) in &values {
            let spec = &specs[*idx];
            let param_err = |e: ParamError| match e {
                ParamError::Value(v) => Outcome::error(&format!("\n{v}\n"), EXIT_OTHER),
                e => {
                    let mut h = hints.clone();
                    let d = render_param_error(e, &mut h);
                    usage_or_param_error(&spec.cli_name, d, &h)
                }
            };
            let load = |v: &str| -> Result<String, Outcome> { self.load_param(&spec.cli_name, v) };
            match &spec.kind {
                ArgumentKind::Bool(b) => {
                    params.insert(spec.member.clone().unwrap_or_default(), json!(b));
                }
                ArgumentKind::Scalar => {
                    let member = spec.member.clone().unwrap_or_default();
                    let text = load(&vals[0])?;
                    let kind = input_shape
                        .and_then(|s| s.members.get(&member))
                        .and_then(|r| m.shape(&r.shape))
                        .map(|s| s.kind)
                        .unwrap_or(ShapeType::String);
                    let mut v = convert::scalar(kind, &text)
                        .map_err(|e| Outcome::error(&format!("\n{e}\n"), EXIT_OTHER))?;
                    if member == "UserData" && service == "ec2" {
                        // botocore base64-encodes RunInstances user data for you.
                        v = json!(ecs_sandbox_engine::ecs::agent::base64_encode(
                            text.as_bytes()
                        ));
                    }
                    params.insert(member, v);
                }
                ArgumentKind::Complex | ArgumentKind::List => {
                    let member = spec.member.clone().unwrap_or_default();
                    let Some(shape) = input_shape
                        .and_then(|s| s.members.get(&member))
                        .and_then(|r| m.shape(&r.shape))
                    else {
                        continue;
                    };
                    let mut loaded = vec![];
                    for v in vals {
                        loaded.push(load(v)?);
                    }
                    let value = if spec.kind == ArgumentKind::Complex {
                        convert::complex_value(m, shape, &loaded.join(" ")).map_err(param_err)?
                    } else if loaded.len() == 1 && loaded[0].trim_start().starts_with('[') {
                        convert::parse_json(&loaded[0]).map_err(param_err)?
                    } else {
                        let mut items = vec![];
                        for v in &loaded {
                            items.push(convert::complex_value(m, shape, v).map_err(param_err)?);
                        }
                        Value::Array(items)
                    };
                    params.insert(member, value);
                }
                ArgumentKind::Count => {
                    let text = &vals[0];
                    let (a, b) = text.split_once(':').unwrap_or((text, text));
                    match (a.trim().parse::<i64>(), b.trim().parse::<i64>()) {
                        (Ok(a), Ok(b)) => {
                            params.insert("MinCount".into(), json!(a));
                            params.insert("MaxCount".into(), json!(b));
                        }
                        _ => {
                            return Err(Outcome::error(
                                "\ncount parameter should be of form min[:max] (e.g. 1 or 1:10)\n",
                                EXIT_OTHER,
                            ))
                        }
                    }
                }
                ArgumentKind::AssociatePublicIp(b) => nic_public = Some(*b),
                ArgumentKind::SgProtocol => sg.0 = Some(vals[0].clone()),
                ArgumentKind::SgPort => sg.1 = Some(vals[0].clone()),
                ArgumentKind::SgCidr => sg.2 = Some(vals[0].clone()),
                ArgumentKind::SgSourceGroup => sg.3 = Some(vals[0].clone()),
                ArgumentKind::CliInputJson => {
                    let text = load(&vals[0])?;
                    let base = convert::parse_json(&text).map_err(|e| {
                        let mut h = hints.clone();
                        let d = render_param_error(e, &mut h);
                        usage_or_param_error("--cli-input-json", d, &h)
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
                }
                ArgumentKind::GenerateSkeleton => {}
                ArgumentKind::StartingToken => paging.starting_token = Some(vals[0].clone()),
                ArgumentKind::PageSize | ArgumentKind::MaxItems => {
                    let n = convert::scalar(ShapeType::Integer, &vals[0])
                        .map_err(|e| Outcome::error(&format!("\n{e}\n"), EXIT_OTHER))?;
                    let n = n.as_i64().unwrap_or(0);
                    if spec.kind == ArgumentKind::PageSize {
                        paging.page_size = Some(n);
                    } else {
                        paging.max_items = Some(n);
                    }
                }
            }
        }
        if service == "ec2" && op_name == "RunInstances" {
            params.entry("MinCount").or_insert(json!(1));
            params.entry("MaxCount").or_insert(json!(1));
            if let Some(public) = nic_public {
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
        }
        if sg.0.is_some() || sg.1.is_some() || sg.2.is_some() || sg.3.is_some() {
            if params.contains_key("IpPermissions") {
                return Err(Outcome::error(
                    "\nThe --protocol, --port, --cidr and --source-group options cannot be used together with --ip-permissions.\n",
                    EXIT_OTHER,
                ));
            }
            let proto = sg.0.clone().unwrap_or_default();
            params.insert(
                "IpProtocol".into(),
                json!(if proto == "all" {
                    "-1".to_string()
                } else {
                    proto
                }),
            );
            if let Some(port) = &sg.1 {
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
            if let Some(c) = &sg.2 {
                params.insert("CidrIp".into(), json!(c));
            }
            if let Some(g) = &sg.3 {
                params.insert("SourceSecurityGroupName".into(), json!(g));
            }
        }
        Ok((Value::Object(params), skeleton, paging))
    }

    /// `file://` and `fileb://` values are read from the files (real ones natively, virtual ones in
    /// the app).
    fn load_param(&self, cli: &str, v: &str) -> Result<String, Outcome> {
        for prefix in ["file://", "fileb://"] {
            if let Some(path) = v.strip_prefix(prefix) {
                return self
                    .files
                    .read(path)
                    .map_err(|e| Outcome::error(&format!("\nError parsing parameter '{cli}': Unable to load paramfile {v}: {e}\n"), EXIT_USAGE));
            }
        }
        Ok(v.to_string())
    }

    fn operation(&mut self, o: Op, words: &[String], g: &Globals) -> Outcome {
        let Op { model: m, op, .. } = o;
        let (params, skeleton, paging) = match self.parse_args(o, words) {
            Ok(p) => p,
            Err(o) => return o,
        };
        if let Some(kind) = skeleton {
            let shape_name = match kind.as_str() {
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
            return Outcome::ok(if kind == "yaml-input" {
                output::yaml(&skel)
            } else {
                output::json(&skel)
            });
        }
        self.call(o, params, paging, g)
    }

    /// Validates, calls the engine and formats the response.
    fn call(&mut self, o: Op, params: Value, paging: Paging, g: &Globals) -> Outcome {
        let Op {
            model: m,
            name: op_name,
            op,
            ..
        } = o;
        let result = match &op.paginator {
            Some(p)
                if !p
                    .input_token
                    .all()
                    .iter()
                    .chain(
                        p.limit_key
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .iter(),
                    )
                    .any(|t| params.get(*t).is_some()) =>
            {
                self.paginate(o, params, p, &paging)
            }
            _ => self.invoke(o, params),
        };
        match result {
            Err(f) => f.outcome,
            Ok(mut response) => {
                if let Some(shape) = op.output.as_ref().and_then(|s| m.shape(s)) {
                    output::render_timestamps(m, shape, &mut response);
                }
                let shown = match &g.query {
                    Some(q) => match output::query(q, &response) {
                        Ok(v) => v,
                        Err(e) => return Outcome::error(&format!("\n{e}\n"), EXIT_OTHER),
                    },
                    None => response,
                };
                if op.output.is_none()
                    || (shown.as_object().is_some_and(|o| o.is_empty()) && g.query.is_none())
                {
                    return Outcome::ok(String::new());
                }
                Outcome::ok(output::render(g.output, &shown, op_name))
            }
        }
    }

    /// The request as the service sees it: client validation, service validation, the engine.
    fn invoke(&mut self, o: Op, params: Value) -> Result<Value, Failure> {
        let Op {
            service,
            model: m,
            name: op_name,
            op,
        } = o;
        let input = op.input.as_ref().and_then(|i| m.shape(i));
        if let Some(shape) = input {
            let report = validate::validate(m, shape, &params);
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
            if let Some((msg, hints)) = validate::service_enum_check(m, shape, &params) {
                let code = match service {
                    "ec2" => "InvalidParameterValue",
                    "elbv2" => "ValidationError",
                    "events" => "ValidationException",
                    _ => "InvalidParameterException",
                };
                let mut stderr = format!(
                    "\nAn error occurred ({code}) when calling the {op_name} operation: {msg}\n"
                );
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
        }
        let Some(svc) = Service::from_cli_name(service) else {
            return Err(Failure {
                outcome: Outcome::error("\nUnknown service.\n", EXIT_OTHER),
                service_error: None,
            });
        };
        let result = self.world.call(svc, op_name, params.clone());
        if let (Ok(resp), Some(sink), Some(shape)) = (
            &result,
            self.shape_violations.as_deref_mut(),
            op.output.as_ref().and_then(|o| m.shape(o)),
        ) {
            sink.extend(
                validate::check_output(m, shape, resp)
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

    /// The CLI's automatic pagination: follow the output token, merge the result lists, then apply
    /// `--starting-token` / `--max-items` (the NextToken it prints is the CLI's own token format).
    fn paginate(
        &mut self,
        o: Op,
        params: Value,
        p: &model::Paginator,
        paging: &Paging,
    ) -> Result<Value, Failure> {
        let usage = |msg: String| Failure {
            outcome: Outcome::error(&format!("\n{msg}\n"), EXIT_OTHER),
            service_error: None,
        };
        let mut skip = 0usize;
        let mut request = params.clone();
        if let Some(token) = &paging.starting_token {
            let decoded = ecs_sandbox_engine::ecs::agent::base64_decode(token)
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .ok_or_else(|| usage(format!("Bad starting token: {token}")))?;
            skip = decoded
                .get("boto_truncate_amount")
                .and_then(|v| v.as_u64())
                .unwrap_or(0) as usize;
            for t in p.input_token.all() {
                if let Some(v) = decoded.get(t) {
                    request[t] = v.clone();
                }
            }
        }
        if let (Some(size), Some(limit)) = (paging.page_size, &p.limit_key) {
            request[limit.as_str()] = json!(size);
        }
        let results = p.result_key.all();
        let mut merged: Option<Value> = None;
        for _ in 0..1000 {
            let page = self.invoke(o, request.clone())?;
            let next: Vec<(String, Value)> = p
                .output_token
                .all()
                .iter()
                .filter_map(|t| {
                    page.get(*t)
                        .filter(|v| !v.is_null())
                        .map(|v| (t.to_string(), v.clone()))
                })
                .collect();
            match merged.as_mut() {
                None => merged = Some(page),
                Some(acc) => {
                    for r in &results {
                        if let (Some(Value::Array(more)), Some(Value::Array(all))) =
                            (page.get(*r).cloned(), acc.get_mut(*r))
                        {
                            all.extend(more);
                        }
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            for (t, v) in next {
                request[t.as_str()] = v;
            }
        }
        let mut out = merged.unwrap_or_else(|| json!({}));
        if let Some(o) = out.as_object_mut() {
            for t in p.output_token.all() {
                o.remove(t);
            }
        }
        let mut truncated = false;
        for r in &results {
            if let Some(Value::Array(items)) = out.get_mut(*r) {
                let rest: Vec<Value> = items.drain(..).skip(skip).collect();
                *items = rest;
                if let Some(max) = paging.max_items {
                    if items.len() > max.max(0) as usize {
                        items.truncate(max.max(0) as usize);
                        truncated = true;
                    }
                }
            }
        }
        if truncated {
            let amount = skip + paging.max_items.unwrap_or(0).max(0) as usize;
            let token = json!({"boto_truncate_amount": amount});
            out["NextToken"] = json!(ecs_sandbox_engine::ecs::agent::base64_encode(
                token.to_string().as_bytes()
            ));
        }
        Ok(out)
    }

    /// `aws SERVICE wait WAITER ...`: polls the waiter's operation, advancing the virtual clock by
    /// its delay between attempts, and judges each response with the waiter's acceptors (JMESPath).
    fn wait(&mut self, service: &str, m: &ServiceModel, words: &[String], _g: &Globals) -> Outcome {
        let mut names: Vec<(String, &model::Waiter)> = m
            .waiters
            .iter()
            .map(|(n, w)| (model::cli_name(n), w))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let choices: Vec<String> = names.iter().map(|(n, _)| n.clone()).collect();
        let Some(which) = words.first() else {
            return usage_error("the following arguments are required: waiter_name", &[]);
        };
        let Some((_, waiter)) = names.iter().find(|(n, _)| n == which) else {
            return invalid_choice("waiter_name", which, &choices, &[]);
        };
        let waiter_name = m
            .waiters
            .iter()
            .find(|(_, w)| std::ptr::eq(*w, *waiter))
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let Some((op_name, op)) = m.operations.get_key_value(&waiter.operation) else {
            return Outcome::error("\nThis waiter's operation is not simulated.\n", EXIT_OTHER);
        };
        let (params, _, _) = match self.parse_args(
            Op {
                service,
                model: m,
                name: op_name,
                op,
            },
            &words[1..],
        ) {
            Ok(p) => p,
            Err(o) => return o,
        };
        let mut last_matched: Option<&model::Acceptor> = None;
        for attempt in 1..=waiter.max_attempts {
            let result = self.invoke(
                Op {
                    service,
                    model: m,
                    name: op_name,
                    op,
                },
                params.clone(),
            );
            let mut matched = None;
            for acc in &waiter.acceptors {
                let hit = match (&result, acc.matcher.as_str()) {
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
                            v.as_array().is_some_and(|l| {
                                !l.is_empty() && l.iter().all(|x| *x == acc.expected)
                            })
                        }),
                    (Ok(resp), "pathAny") => acc
                        .argument
                        .as_ref()
                        .and_then(|a| output::query(a, resp).ok())
                        .is_some_and(|v| v.as_array().is_some_and(|l| l.contains(&acc.expected))),
                    _ => false,
                };
                if hit {
                    matched = Some(acc);
                    break;
                }
            }
            match (matched, &result) {
                (Some(acc), _) if acc.state == "success" => return Outcome::ok(String::new()),
                (Some(acc), _) if acc.state == "failure" => {
                    let mut stderr = format!("\nWaiter {waiter_name} failed: Waiter encountered a terminal failure state: {}\n", explanation(acc));
                    push_hints(
                        &mut stderr,
                        &crate::hints::for_waiter_timeout(self.world, &waiter_name, &params),
                    );
                    return Outcome::error(&stderr, EXIT_OTHER);
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
                        return Outcome::error(&format!("\nWaiter {waiter_name} failed: An error occurred ({code}): {message}\n{hints}"), EXIT_OTHER);
                    }
                    // Not a service error (the parameters were invalid): as the operation would
                    // report it.
                    None => return f.outcome.clone(),
                },
                _ => {}
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
}

/// `--starting-token`, `--page-size`, `--max-items`.
#[derive(Debug, Default, Clone)]
struct Paging {
    starting_token: Option<String>,
    page_size: Option<i64>,
    max_items: Option<i64>,
}

/// botocore's Acceptor.explanation.
fn explanation(acc: &model::Acceptor) -> String {
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

/// Why a request did not produce a response.
struct Failure {
    /// What the CLI prints.
    outcome: Outcome,
    /// (code, message) when the service itself refused the request.
    service_error: Option<(String, String)>,
}

fn render_param_error(e: ParamError, hints: &mut Vec<String>) -> String {
    match e {
        ParamError::Json { message, received } => {
            hints.extend(json_hints(&received, &message));
            format!("{message}\nJSON received: {received}")
        }
        ParamError::Shorthand(s) => {
            if s.actual() == Some("EOF")
                && s.expected() == Some("=")
                && s.input.contains('-')
                && !s.input.contains('=')
            {
                if let Some((k, v)) = s.input.split_once('-') {
                    hints.push(format!("shorthand is Key=value: did you mean '{k}={v}'?"));
                }
            }
            if s.actual() == Some(" ") || s.input.contains(", ") {
                hints.push("shorthand values cannot have a space after a comma; quote the whole value or remove the space.".into());
            }
            s.to_string()
        }
        ParamError::Value(v) => v,
    }
}

fn usage_or_param_error(cli: &str, detail: String, hints: &[String]) -> Outcome {
    let mut stderr = format!("\nError parsing parameter '{cli}': {detail}\n");
    push_hints(&mut stderr, hints);
    Outcome::error(&stderr, EXIT_USAGE)
}

pub fn op_shape<'m>(m: &'m ServiceModel, op: &Operation) -> Option<&'m Shape> {
    op.input.as_ref().and_then(|i| m.shape(i))
}
