//! An operation's parsed arguments into its request (awscli's `argprocess.py`, with
//! `paramfile.py`'s `file://`): each value converted by its member's shape (scalars, shorthand,
//! JSON), the customizations' options handed to them, then their last touches to the request.

use crate::argument_hints::json_hints;
use crate::arguments::{Argument, ArgumentKind};
use crate::cli::{push_hints, ServiceOperation, EXIT_OTHER, EXIT_USAGE};
use crate::convert::{self, ParamError};
use crate::customizations::{self, paginate::Paging, Gathered};
use crate::model::ShapeType;
use crate::{Files, Outcome};
use serde_json::{json, Map, Value};

/// The request from the words each argument took (in the order given), and the paging options.
pub(crate) fn build_request(
    operation: ServiceOperation,
    table: &[Argument],
    values: &[(usize, Vec<String>)],
    hints: &[String],
    files: &dyn Files,
) -> Result<(Value, Paging), Outcome> {
    let mut params = Map::new();
    let mut gathered = Gathered::default();
    for (index, words) in values {
        let argument = &table[*index];
        match &argument.kind {
            ArgumentKind::Bool(b) => {
                params.insert(argument.member.clone().unwrap_or_default(), json!(b));
            }
            ArgumentKind::Scalar => {
                let (member, value) = scalar_param(operation, argument, &words[0], files)?;
                params.insert(member, value);
            }
            ArgumentKind::Complex | ArgumentKind::List => {
                if let Some((member, value)) =
                    structured_param(operation, argument, words, hints, files)?
                {
                    params.insert(member, value);
                }
            }
            ArgumentKind::Custom(custom) => customizations::add_to_params(
                *custom,
                words,
                &mut params,
                &mut gathered,
                files,
                hints,
            )?,
        }
    }
    customizations::before_parameter_build(operation, &mut params, &gathered)?;
    Ok((Value::Object(params), gathered.paging))
}

/// A scalar member's value, converted by its shape's type.
fn scalar_param(
    operation: ServiceOperation,
    argument: &Argument,
    word: &str,
    files: &dyn Files,
) -> Result<(String, Value), Outcome> {
    let ServiceOperation {
        service,
        model: m,
        operation: op,
        ..
    } = operation;
    let input_shape = op.input.as_ref().and_then(|i| m.shape(i));
    let member = argument.member.clone().unwrap_or_default();
    let text = load_param(files, &argument.cli_name, word)?;
    let kind = input_shape
        .and_then(|s| s.members.get(&member))
        .and_then(|r| m.shape(&r.shape))
        .map(|s| s.kind)
        .unwrap_or(ShapeType::String);
    let mut v = convert::scalar(kind, &text)
        .map_err(|e| Outcome::error(&format!("\n{e}\n"), EXIT_OTHER))?;
    if member == "UserData" && service == "ec2" {
        // botocore base64-encodes RunInstances user data for you.
        v = json!(ecs_sandbox_engine::wire::base64_encode(text.as_bytes()));
    }
    Ok((member, v))
}

/// A structure, map or list member's value, from shorthand or JSON (a list: one item per word, or
/// one JSON list). None when the member's shape is not in the model.
fn structured_param(
    operation: ServiceOperation,
    argument: &Argument,
    words: &[String],
    hints: &[String],
    files: &dyn Files,
) -> Result<Option<(String, Value)>, Outcome> {
    let ServiceOperation {
        model: m,
        operation: op,
        ..
    } = operation;
    let input_shape = op.input.as_ref().and_then(|i| m.shape(i));
    let member = argument.member.clone().unwrap_or_default();
    let Some(shape) = input_shape
        .and_then(|s| s.members.get(&member))
        .and_then(|r| m.shape(&r.shape))
    else {
        return Ok(None);
    };
    let param_err = |e: ParamError| param_error(&argument.cli_name, e, hints);
    let mut loaded = vec![];
    for v in words {
        loaded.push(load_param(files, &argument.cli_name, v)?);
    }
    let value = if argument.kind == ArgumentKind::Complex {
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
    Ok(Some((member, value)))
}

/// What the CLI prints for a value it could not convert.
fn param_error(cli_name: &str, e: ParamError, hints: &[String]) -> Outcome {
    match e {
        ParamError::Value(v) => Outcome::error(&format!("\n{v}\n"), EXIT_OTHER),
        e => {
            let mut h = hints.to_vec();
            let d = render_param_error(e, &mut h);
            usage_or_param_error(cli_name, d, &h)
        }
    }
}

/// `file://` and `fileb://` values are read from the files (real ones natively, virtual ones in
/// the app).
pub(crate) fn load_param(files: &dyn Files, cli: &str, v: &str) -> Result<String, Outcome> {
    for prefix in ["file://", "fileb://"] {
        if let Some(path) = v.strip_prefix(prefix) {
            return files.read(path).map_err(|e| {
                Outcome::error(
                    &format!(
                        "\nError parsing parameter '{cli}': Unable to load paramfile {v}: {e}\n"
                    ),
                    EXIT_USAGE,
                )
            });
        }
    }
    Ok(v.to_string())
}

/// The detail of a conversion error, and the hints it suggests.
pub(crate) fn render_param_error(e: ParamError, hints: &mut Vec<String>) -> String {
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

/// The CLI's "Error parsing parameter" with the hints.
pub(crate) fn usage_or_param_error(cli: &str, detail: String, hints: &[String]) -> Outcome {
    let mut stderr = format!("\nError parsing parameter '{cli}': {detail}\n");
    push_hints(&mut stderr, hints);
    Outcome::error(&stderr, EXIT_USAGE)
}
