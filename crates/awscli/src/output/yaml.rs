//! `--output yaml` (and `yaml-stream`, printed the same).

use serde_json::Value;

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
                || ["true", "false", "yes", "no", "null", "on", "off", "~"]
                    .contains(&s.to_ascii_lowercase().as_str())
                || ecs_sandbox_engine::number::parse_decimal(s).is_some()
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
                    s => out.push_str(&format!(
                        "{pad}- {}\n",
                        match s {
                            Value::Object(_) => "{}".into(),
                            Value::Array(_) => "[]".into(),
                            s => yaml_scalar(s),
                        }
                    )),
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
    fn yaml_is_block_style() {
        assert_eq!(
            yaml(&json!({"cluster": {"clusterName": "demo", "tags": []}})),
            "cluster:\n  clusterName: demo\n  tags: []\n"
        );
    }
}
