//! Turns command-line values into the request's JSON, guided by the model shape: JSON text,
//! shorthand, scalars and space-separated lists, as the AWS CLI's argprocess does.

use crate::model::{ServiceModel, Shape, ShapeType};
use crate::shorthand::{self, ShValue};
use serde_json::{json, Map, Value};

/// Converts a shorthand tree to JSON following the shape (scalars coerced, single values listed).
pub fn shorthand_to_json(model: &ServiceModel, shape: &Shape, v: &ShValue) -> Result<Value, String> {
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
                out.insert(k.clone(), match vs {
                    Some(s) => shorthand_to_json(model, s, val)?,
                    None => plain(val),
                });
            }
            Ok(Value::Object(out))
        }
        (ShapeType::List, ShValue::List(items)) => {
            let es = shape.member.as_ref().and_then(|m| model.shape(&m.shape));
            items.iter().map(|i| es.map_or(Ok(plain(i)), |s| shorthand_to_json(model, s, i))).collect::<Result<Vec<_>, _>>().map(Value::Array)
        }
        (ShapeType::List, single) => {
            let es = shape.member.as_ref().and_then(|m| model.shape(&m.shape));
            Ok(Value::Array(vec![es.map_or(Ok(plain(single)), |s| shorthand_to_json(model, s, single))?]))
        }
        (_, ShValue::Str(s)) => Ok(scalar(shape.kind, s)),
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

/// A scalar from text: numbers and booleans are converted when they parse (validation reports the rest).
pub fn scalar(kind: ShapeType, text: &str) -> Value {
    match kind {
        ShapeType::Integer | ShapeType::Long => text.trim().parse::<i64>().map(Value::from).unwrap_or_else(|_| json!(text)),
        ShapeType::Double | ShapeType::Float => text.trim().parse::<f64>().ok().and_then(|f| serde_json::Number::from_f64(f)).map(Value::Number).unwrap_or_else(|| json!(text)),
        ShapeType::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => json!(text),
        },
        _ => json!(text),
    }
}

/// Error text for a value that is neither valid JSON nor shorthand.
pub enum ParamError {
    Json { message: String, received: String },
    Shorthand(shorthand::ShorthandError),
    Other(String),
}

fn json_error(e: &serde_json::Error, text: &str) -> ParamError {
    // Python's json error wording: "Expecting value: line 1 column 1 (char 0)".
    let (line, col) = (e.line(), e.column());
    let char_index = text.split('\n').take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum::<usize>() + col.saturating_sub(1);
    let what = match e.classify() {
        serde_json::error::Category::Eof => "Expecting value",
        _ if e.to_string().contains("key must be a string") => "Expecting property name enclosed in double quotes",
        _ if e.to_string().contains("trailing comma") => "Expecting value",
        _ if e.to_string().contains("expected `,` or `}`") => "Expecting ',' delimiter",
        _ if e.to_string().contains("expected `,` or `]`") => "Expecting ',' delimiter",
        _ if e.to_string().contains("expected `:`") => "Expecting ':' delimiter",
        _ => "Expecting value",
    };
    ParamError::Json { message: format!("Invalid JSON: {what}: line {line} column {col} (char {char_index})"), received: text.into() }
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
            shorthand_to_json(model, shape, &ShValue::Map(tree)).map_err(ParamError::Other)
        }
        ShapeType::List => {
            let es = shape.member.as_ref().and_then(|m| model.shape(&m.shape));
            match es {
                Some(es) if matches!(es.kind, ShapeType::Structure | ShapeType::Map) => {
                    let tree = shorthand::parse(text).map_err(ParamError::Shorthand)?;
                    shorthand_to_json(model, es, &ShValue::Map(tree)).map_err(ParamError::Other)
                }
                Some(es) => Ok(scalar(es.kind, text)),
                None => Ok(json!(text)),
            }
        }
        k => Ok(scalar(k, text)),
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
