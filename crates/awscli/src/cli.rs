//! The `aws` command: global options, service and operation choice, the operation's arguments
//! (argparse-like, from the model), customizations the real CLI adds, then the call and the output.
//! Errors follow the AWS CLI v2's layout and exit codes; learner hints follow, marked as the
//! sandbox's.

use crate::argument_hints::{json_hints, option_hint, value_hints};
use crate::arguments::{argument_table, ArgumentKind};
use crate::convert::{self, ParamError};
use crate::customizations::{self, paginate};
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

struct GlobalOptions {
    output: Format,
    query: Option<String>,
}

pub(crate) fn usage_error(msg: &str, hints: &[String]) -> Outcome {
    let mut stderr = format!("{USAGE}\naws: error: {msg}\n");
    push_hints(&mut stderr, hints);
    Outcome {
        stdout: String::new(),
        stderr,
        exit_code: EXIT_USAGE,
    }
}

pub(crate) fn push_hints(out: &mut String, hints: &[String]) {
    let mut seen: Vec<&String> = vec![];
    for h in hints {
        if !seen.contains(&h) {
            out.push_str(&format!("[sandbox hint] {h}\n"));
            seen.push(h);
        }
    }
}

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

    pub(crate) fn parse_args(
        &self,
        o: ServiceOperation,
        words: &[String],
    ) -> Result<(Value, Option<String>, paginate::Paging), Outcome> {
        let ServiceOperation {
            service,
            model: m,
            name: op_name,
            operation: op,
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
        let mut paging = paginate::Paging::default();
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

    fn operation(&mut self, o: ServiceOperation, words: &[String], g: &GlobalOptions) -> Outcome {
        let ServiceOperation {
            model: m,
            operation: op,
            ..
        } = o;
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
    fn call(
        &mut self,
        o: ServiceOperation,
        params: Value,
        paging: paginate::Paging,
        g: &GlobalOptions,
    ) -> Outcome {
        let ServiceOperation {
            model: m,
            name: op_name,
            operation: op,
            ..
        } = o;
        let result = match paginate::paginator_to_use(op, &params) {
            Some(p) => self.paginate(o, params, p, &paging),
            None => self.invoke(o, params),
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
    pub(crate) fn invoke(&mut self, o: ServiceOperation, params: Value) -> Result<Value, Failure> {
        let ServiceOperation {
            service,
            model: m,
            name: op_name,
            operation: op,
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
    m: &'m ServiceModel,
    op_cli: &str,
) -> Result<(&'m str, &'m Operation), Outcome> {
    if let Some((op_name, op)) = m.operation_by_cli_name(op_cli) {
        return Ok((op_name.as_str(), op));
    }
    let mut choices: Vec<String> = m
        .all_operation_names
        .iter()
        .map(|n| model::cli_name(n))
        .collect();
    choices.extend(m.operations.values().map(|o| o.cli_name.clone()));
    // The CLI's own commands beside the API's (customizations).
    choices.extend(
        customizations::commands(service, m)
            .into_iter()
            .map(String::from),
    );
    choices.sort();
    choices.dedup();
    if choices.iter().any(|c| c == op_cli) {
        return Err(Outcome::error(
            &format!(
                "\nThe sandbox does not simulate 'aws {service} {op_cli}' (it is a real operation). Simulated {service} operations: {}.\n",
                m.operations.values().map(|o| o.cli_name.as_str()).collect::<Vec<_>>().join(", ")
            ),
            EXIT_OTHER,
        ));
    }
    Err(invalid_choice("operation", op_cli, &choices, &[]))
}

/// Why a request did not produce a response.
pub(crate) struct Failure {
    /// What the CLI prints.
    pub(crate) outcome: Outcome,
    /// (code, message) when the service itself refused the request.
    pub(crate) service_error: Option<(String, String)>,
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
