//! Output as the AWS CLI v2 prints it: timestamps rendered per the output shape, `--query`
//! (JMESPath), and `--output json|text|table|yaml`.

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
            *v = Value::String(ecs_sandbox_engine::clock::iso8601((secs * 1000.0).round() as i64));
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

/// Applies a JMESPath expression. The error text follows the CLI's "Bad value for --query".
pub fn query(expr: &str, data: &Value) -> Result<Value, String> {
    let compiled = jmespath::compile(expr).map_err(|e| format!("Bad value for --query {expr}: {e}"))?;
    let var = jmespath::Variable::from_json(&data.to_string()).map_err(|e| format!("Bad value for --query {expr}: {e}"))?;
    let result = compiled.search(var).map_err(|e| format!("Bad value for --query {expr}: {e}"))?;
    serde_json::to_value(&*result).map_err(|e| e.to_string())
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

/// The CLI's text format (awscli/formatter.py + text.py): tab-separated scalars, one line per object.
pub fn text(v: &Value) -> String {
    let mut out = String::new();
    text_item(v, None, None, &mut out);
    out
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

fn text_item(v: &Value, id: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    match v {
        Value::Object(map) => {
            let (scalars, non_scalars): (Vec<String>, Vec<(String, &Value)>) = match scalar_keys {
                None => {
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort();
                    let mut s = vec![];
                    let mut n = vec![];
                    for k in keys {
                        let val = &map[k];
                        if is_scalar(val) {
                            s.push(scalar_text(val));
                        } else {
                            n.push((k.clone(), val));
                        }
                    }
                    (s, n)
                }
                Some(keys) => {
                    let s = keys.iter().map(|k| map.get(k).map(scalar_text).unwrap_or_default()).collect();
                    let mut rest: Vec<&String> = map.keys().filter(|k| !keys.contains(k)).collect();
                    rest.sort();
                    (s, rest.into_iter().map(|k| (k.clone(), &map[k])).collect())
                }
            };
            if !scalars.is_empty() {
                let mut line = scalars;
                if let Some(i) = id {
                    line.insert(0, i.to_uppercase());
                }
                out.push_str(&line.join("\t"));
                out.push('\n');
            }
            for (k, val) in non_scalars {
                text_item(val, Some(&k), None, out);
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                return;
            }
            if items.iter().any(|i| i.is_object()) {
                let mut keys: Vec<String> = items
                    .iter()
                    .filter_map(|i| i.as_object())
                    .flat_map(|m| m.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.clone()))
                    .collect();
                keys.sort();
                keys.dedup();
                for i in items {
                    text_item(i, id, Some(&keys), out);
                }
            } else if items.iter().any(|i| i.is_array()) {
                let scalars: Vec<&Value> = items.iter().filter(|i| is_scalar(i)).collect();
                if !scalars.is_empty() {
                    scalar_list(&scalars, id, out);
                }
                for i in items.iter().filter(|i| !is_scalar(i)) {
                    text_item(i, id, None, out);
                }
            } else {
                scalar_list(&items.iter().collect::<Vec<_>>(), id, out);
            }
        }
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn scalar_list(items: &[&Value], id: Option<&str>, out: &mut String) {
    match id {
        Some(i) => {
            for v in items {
                out.push_str(&format!("{}\t{}\n", i.to_uppercase(), scalar_text(v)));
            }
        }
        None => {
            out.push_str(&items.iter().map(|v| scalar_text(v)).collect::<Vec<_>>().join("\t"));
            out.push('\n');
        }
    }
}

/// A readable table in the spirit of `--output table`: a titled box per object, nested sections for
/// lists and sub-objects, list-of-objects as rows with a header.
pub fn table(v: &Value, title: &str) -> String {
    let mut rows: Vec<TableRow> = vec![];
    table_section(v, title, 0, &mut rows);
    let width = rows.iter().map(|r| r.min_width()).max().unwrap_or(10).max(title.len() + 4);
    let mut out = String::new();
    for r in rows {
        r.render(width, &mut out);
    }
    out
}

enum TableRow {
    Rule(usize),
    Title(usize, String),
    Cells(usize, Vec<String>),
}

impl TableRow {
    fn min_width(&self) -> usize {
        match self {
            TableRow::Rule(_) => 0,
            TableRow::Title(d, t) => t.chars().count() + 4 + d * 2,
            TableRow::Cells(d, cells) => cells.iter().map(|c| c.chars().count() + 3).sum::<usize>() + 1 + d * 2,
        }
    }
    fn render(&self, width: usize, out: &mut String) {
        match self {
            TableRow::Rule(d) => {
                let inner = width - d * 2;
                out.push_str(&format!("{}+{}+{}\n", "|".repeat(*d).chars().collect::<String>() + &" ".repeat(0), "-".repeat(inner.saturating_sub(2)), "|".repeat(*d)));
            }
            TableRow::Title(d, t) => {
                let inner = width - d * 2 - 2;
                let pad = inner.saturating_sub(t.chars().count());
                out.push_str(&format!("{}|{}{}{}|{}\n", "|".repeat(*d), " ".repeat(pad / 2), t, " ".repeat(pad - pad / 2), "|".repeat(*d)));
            }
            TableRow::Cells(d, cells) => {
                let inner = width - d * 2 - 1;
                let n = cells.len().max(1);
                let each = inner / n;
                let mut line = "|".repeat(*d);
                line.push('|');
                for (i, c) in cells.iter().enumerate() {
                    let w = if i == n - 1 { inner - each * (n - 1) } else { each };
                    let content = format!(" {c}");
                    let pad = w.saturating_sub(content.chars().count() + 1);
                    line.push_str(&content);
                    line.push_str(&" ".repeat(pad));
                    line.push('|');
                }
                line.push_str(&"|".repeat(*d));
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
}

fn table_section(v: &Value, title: &str, depth: usize, rows: &mut Vec<TableRow>) {
    rows.push(TableRow::Rule(depth));
    rows.push(TableRow::Title(depth, title.to_string()));
    rows.push(TableRow::Rule(depth));
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter().filter(|(_, v)| is_scalar(v)) {
                rows.push(TableRow::Cells(depth, vec![k.clone(), scalar_text(val)]));
            }
            for (k, val) in map.iter().filter(|(_, v)| !is_scalar(v)) {
                table_section(val, k, depth + 1, rows);
            }
        }
        Value::Array(items) => {
            let keys: Vec<String> = {
                let mut ks: Vec<String> = items.iter().filter_map(|i| i.as_object()).flat_map(|m| m.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.clone())).collect();
                ks.sort();
                ks.dedup();
                ks
            };
            if !keys.is_empty() {
                rows.push(TableRow::Cells(depth, keys.clone()));
                rows.push(TableRow::Rule(depth));
            }
            for i in items {
                match i {
                    Value::Object(m) => {
                        if !keys.is_empty() {
                            rows.push(TableRow::Cells(depth, keys.iter().map(|k| m.get(k).map(scalar_text).unwrap_or_default()).collect()));
                        }
                        for (k, val) in m.iter().filter(|(_, v)| !is_scalar(v)) {
                            table_section(val, k, depth + 1, rows);
                        }
                    }
                    other if is_scalar(other) => rows.push(TableRow::Cells(depth, vec![scalar_text(other)])),
                    other => table_section(other, title, depth + 1, rows),
                }
            }
        }
        scalar => rows.push(TableRow::Cells(depth, vec![scalar_text(scalar)])),
    }
    rows.push(TableRow::Rule(depth));
}

/// Block-style YAML as the CLI prints it.
pub fn yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml_value(v, 0, &mut out, false);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let needs_quotes = s.is_empty()
                || s.starts_with(|c: char| "!&*-:?{}[],#|>@`\"' %".contains(c))
                || s.contains(": ")
                || s.contains(" #")
                || s.ends_with(':')
                || s.ends_with(' ')
                || ["true", "false", "yes", "no", "null", "on", "off", "~"].contains(&s.to_ascii_lowercase().as_str())
                || s.parse::<f64>().is_ok()
                || s.contains('\n');
            if needs_quotes {
                format!("'{}'", s.replace('\'', "''"))
            } else {
                s.clone()
            }
        }
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn yaml_value(v: &Value, indent: usize, out: &mut String, _inline: bool) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(map) if map.is_empty() => out.push_str("{}\n"),
        Value::Array(items) if items.is_empty() => out.push_str("[]\n"),
        Value::Object(map) => {
            for (k, val) in map {
                match val {
                    Value::Object(m) if !m.is_empty() => {
                        out.push_str(&format!("{pad}{k}:\n"));
                        yaml_value(val, indent + 2, out, false);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}{k}:\n"));
                        yaml_value(val, indent, out, false);
                    }
                    Value::Object(_) => out.push_str(&format!("{pad}{k}: {{}}\n")),
                    Value::Array(_) => out.push_str(&format!("{pad}{k}: []\n")),
                    s => out.push_str(&format!("{pad}{k}: {}\n", yaml_scalar(s))),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        let mut sub = String::new();
                        yaml_value(item, indent + 2, &mut sub, false);
                        let first = sub.trim_start_matches(' ');
                        out.push_str(&format!("{pad}- {first}"));
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}-\n"));
                        yaml_value(item, indent + 2, out, false);
                    }
                    s => out.push_str(&format!("{pad}- {}\n", match s {
                        Value::Object(_) => "{}".into(),
                        Value::Array(_) => "[]".into(),
                        s => yaml_scalar(s),
                    })),
                }
            }
        }
        s => out.push_str(&format!("{pad}{}\n", yaml_scalar(s))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_format_matches_the_cli() {
        let v = json!({"taskArns": ["a", "b"]});
        assert_eq!(text(&v), "TASKARNS\ta\nTASKARNS\tb\n");
        let v = json!({"Subnets": [{"SubnetId": "s-1", "AvailabilityZone": "us-east-1a", "Tags": []}]});
        assert_eq!(text(&v), "SUBNETS\tus-east-1a\ts-1\n");
        assert_eq!(text(&json!("subnet-1")), "subnet-1\n");
        assert_eq!(text(&json!(["a", "b"])), "a\tb\n");
    }

    #[test]
    fn json_uses_four_spaces() {
        assert_eq!(json(&json!({"a": [1]})), "{\n    \"a\": [\n        1\n    ]\n}\n");
    }

    #[test]
    fn yaml_is_block_style() {
        assert_eq!(yaml(&json!({"cluster": {"clusterName": "demo", "tags": []}})), "cluster:\n  clusterName: demo\n  tags: []\n");
    }

    #[test]
    fn query_runs_jmespath() {
        let v = json!({"Subnets": [{"SubnetId": "a"}, {"SubnetId": "b"}]});
        assert_eq!(query("Subnets[0].SubnetId", &v).unwrap(), json!("a"));
        assert!(query("Subnets[", &v).unwrap_err().starts_with("Bad value for --query"));
    }
}
