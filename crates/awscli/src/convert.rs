//! Turns command-line values into the request's JSON, guided by the model shape: JSON text,
//! shorthand, scalars and space-separated lists, as the AWS CLI's argprocess does.

use crate::model::{ServiceModel, Shape, ShapeType};
use crate::shorthand::{self, ShValue};
use serde_json::{json, Map, Value};

/// Converts a shorthand tree to JSON following the shape (scalars coerced, single values listed).
pub fn shorthand_to_json(
    model: &ServiceModel,
    shape: &Shape,
    v: &ShValue,
) -> Result<Value, String> {
    match (shape.kind, v) {
        (ShapeType::Structure, ShValue::Map(pairs)) => {
            let mut out = Map::new();
            for (k, val) in pairs {
                let member_shape = shape.members.get(k).and_then(|m| model.shape(&m.shape));
                let converted = match member_shape {
                    Some(ms) => shorthand_to_json(model, ms, val)?,
                    // Unknown keys are kept so parameter validation can name them.
                    None => plain(val),
                };
                out.insert(k.clone(), converted);
            }
            Ok(Value::Object(out))
        }
        (ShapeType::Map, ShValue::Map(pairs)) => {
            let vs = shape.value.as_ref().and_then(|m| model.shape(&m.shape));
            let mut out = Map::new();
            for (k, val) in pairs {
                out.insert(
                    k.clone(),
                    match vs {
                        Some(s) => shorthand_to_json(model, s, val)?,
                        None => plain(val),
                    },
                );
            }
            Ok(Value::Object(out))
        }
        (ShapeType::List, ShValue::List(items)) => {
            let es = shape.member.as_ref().and_then(|m| model.shape(&m.shape));
            items
                .iter()
                .map(|i| es.map_or(Ok(plain(i)), |s| shorthand_to_json(model, s, i)))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        (ShapeType::List, single) => {
            let es = shape.member.as_ref().and_then(|m| model.shape(&m.shape));
            Ok(Value::Array(vec![es.map_or(Ok(plain(single)), |s| {
                shorthand_to_json(model, s, single)
            })?]))
        }
        (_, ShValue::Str(s)) => scalar(shape.kind, s),
        (_, other) => Ok(plain(other)),
    }
}

/// A shorthand value without a shape (kept as strings).
fn plain(v: &ShValue) -> Value {
    match v {
        ShValue::Str(s) => Value::String(s.clone()),
        ShValue::List(l) => Value::Array(l.iter().map(plain).collect()),
        ShValue::Map(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), plain(v))).collect()),
    }
}

/// A scalar from text, converted as the CLI does (Python's int()/float(); "true"/"false" for
/// booleans). The error is Python's ValueError text, which the CLI prints as is.
pub fn scalar(kind: ShapeType, text: &str) -> Result<Value, String> {
    match kind {
        ShapeType::Integer | ShapeType::Long => {
            let t = text.trim().replace('_', "");
            t.strip_prefix('+')
                .unwrap_or(&t)
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("invalid literal for int() with base 10: '{text}'"))
        }
        ShapeType::Double | ShapeType::Float => {
            ecs_sandbox_engine::number::parse_decimal(text.trim())
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| format!("could not convert string to float: '{text}'"))
        }
        ShapeType::Boolean => Ok(Value::Bool(text.trim().eq_ignore_ascii_case("true"))),
        _ => Ok(json!(text)),
    }
}

/// Error text for a value that is neither valid JSON nor shorthand.
pub enum ParamError {
    Json {
        message: String,
        received: String,
    },
    Shorthand(shorthand::ShorthandError),
    /// A value Python could not convert (printed bare, as the CLI prints a ValueError).
    Value(String),
}

fn json_error(e: &serde_json::Error, text: &str) -> ParamError {
    // Python's wording, as the CLI prints it; serde's only when Python would have accepted the text
    // (NaN, numbers or nesting beyond serde's limits).
    let message = crate::pyjson::error(text).unwrap_or_else(|| format!("{e}"));
    ParamError::Json {
        message: format!("Invalid JSON: {message}"),
        received: text.into(),
    }
}

/// Parses JSON the way the CLI does: text starting with `{`/`[` (or any text for JSON-only values).
pub fn parse_json(text: &str) -> Result<Value, ParamError> {
    serde_json::from_str::<Value>(text).map_err(|e| json_error(&e, text))
}

/// One complex (structure/map/list-of-structure) value from one command-line word.
pub fn complex_value(model: &ServiceModel, shape: &Shape, text: &str) -> Result<Value, ParamError> {
    let t = text.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        return parse_json(text);
    }
    match shape.kind {
        ShapeType::Structure | ShapeType::Map => {
            let tree = shorthand::parse(text).map_err(ParamError::Shorthand)?;
            shorthand_to_json(model, shape, &ShValue::Map(tree)).map_err(ParamError::Value)
        }
        ShapeType::List => {
            let es = shape.member.as_ref().and_then(|m| model.shape(&m.shape));
            match es {
                Some(es) if matches!(es.kind, ShapeType::Structure | ShapeType::Map) => {
                    let tree = shorthand::parse(text).map_err(ParamError::Shorthand)?;
                    shorthand_to_json(model, es, &ShValue::Map(tree)).map_err(ParamError::Value)
                }
                Some(es) => scalar(es.kind, text).map_err(ParamError::Value),
                None => Ok(json!(text)),
            }
        }
        k => scalar(k, text).map_err(ParamError::Value),
    }
}

/// The `--generate-cli-skeleton` placeholder for a shape (as the CLI v2's ArgumentGenerator).
pub fn skeleton(model: &ServiceModel, shape: &Shape, depth: usize) -> Value {
    if depth > 8 {
        return json!({});
    }
    match shape.kind {
        ShapeType::Structure => {
            let mut out = Map::new();
            for (name, m) in &shape.members {
                if let Some(s) = model.shape(&m.shape) {
                    out.insert(name.clone(), skeleton(model, s, depth + 1));
                }
            }
            Value::Object(out)
        }
        ShapeType::List => match shape.member.as_ref().and_then(|m| model.shape(&m.shape)) {
            Some(s) => json!([skeleton(model, s, depth + 1)]),
            None => json!([]),
        },
        ShapeType::Map => match shape.value.as_ref().and_then(|m| model.shape(&m.shape)) {
            Some(s) => json!({"KeyName": skeleton(model, s, depth + 1)}),
            None => json!({}),
        },
        ShapeType::String => json!(shape.enum_values.first().cloned().unwrap_or_default()),
        ShapeType::Integer | ShapeType::Long => json!(0),
        ShapeType::Double | ShapeType::Float => json!(0.0),
        ShapeType::Boolean => json!(true),
        ShapeType::Timestamp => json!("1970-01-01T00:00:00"),
        ShapeType::Blob => json!(null),
    }
}
