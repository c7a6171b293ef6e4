//! Output as the AWS CLI v2 prints it: timestamps rendered per the output shape, `--query`
//! (JMESPath, `query.rs`), and `--output json|text|table|yaml` (`json` here, the others one module
//! each, named after the format).

mod query;
mod table;
mod text;
mod yaml;

pub use query::{check_query, query};
pub use table::{table, table_with_width};
pub use text::text;
pub use yaml::yaml;

use crate::model::{ServiceModel, Shape, ShapeType};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
    Table,
    Yaml,
    YamlStream,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "json" => Format::Json,
            "text" => Format::Text,
            "table" => Format::Table,
            "yaml" => Format::Yaml,
            "yaml-stream" => Format::YamlStream,
            _ => return None,
        })
    }
}

/// Epoch-second numbers in timestamp members become ISO-8601 strings, as the CLI prints them.
pub fn render_timestamps(model: &ServiceModel, shape: &Shape, v: &mut Value) {
    match (shape.kind, v) {
        (ShapeType::Timestamp, v @ Value::Number(_)) => {
            let secs = v.as_f64().unwrap_or(0.0);
            *v = Value::String(ecs_sandbox_engine::clock::iso8601(
                (secs * 1000.0).round() as i64
            ));
        }
        (ShapeType::Structure, Value::Object(map)) => {
            for (k, val) in map.iter_mut() {
                if let Some(ms) = shape.members.get(k).and_then(|m| model.shape(&m.shape)) {
                    render_timestamps(model, ms, val);
                }
            }
        }
        (ShapeType::List, Value::Array(items)) => {
            if let Some(es) = shape.member.as_ref().and_then(|m| model.shape(&m.shape)) {
                for i in items {
                    render_timestamps(model, es, i);
                }
            }
        }
        (ShapeType::Map, Value::Object(map)) => {
            if let Some(vs) = shape.value.as_ref().and_then(|m| model.shape(&m.shape)) {
                for val in map.values_mut() {
                    render_timestamps(model, vs, val);
                }
            }
        }
        _ => {}
    }
}

pub fn render(format: Format, v: &Value, title: &str) -> String {
    match format {
        Format::Json => json(v),
        Format::Text => text(v),
        Format::Table => table(v, title),
        Format::Yaml | Format::YamlStream => yaml(v),
    }
}

/// `json.dumps(indent=4, ensure_ascii=False)` plus a newline.
pub fn json(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return "null\n".into();
    }
    let mut s = String::from_utf8(buf).unwrap_or_default();
    s.push('\n');
    s
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_uses_four_spaces() {
        assert_eq!(
            json(&json!({"a": [1]})),
            "{\n    \"a\": [\n        1\n    ]\n}\n"
        );
    }
}
