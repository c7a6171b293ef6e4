//! `--output text`.

use super::{is_scalar, scalar_text};
use serde_json::Value;

/// The CLI's text format (awscli/formatter.py + text.py): tab-separated scalars, one line per
/// object.
pub fn text(v: &Value) -> String {
    let mut out = String::new();
    text_item(v, None, None, &mut out);
    out
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
                    let s = keys
                        .iter()
                        .map(|k| map.get(k).map(scalar_text).unwrap_or_default())
                        .collect();
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
                    .flat_map(|m| {
                        m.iter()
                            .filter(|(_, v)| is_scalar(v))
                            .map(|(k, _)| k.clone())
                    })
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
            out.push_str(
                &items
                    .iter()
                    .map(|v| scalar_text(v))
                    .collect::<Vec<_>>()
                    .join("\t"),
            );
            out.push('\n');
        }
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
        let v =
            json!({"Subnets": [{"SubnetId": "s-1", "AvailabilityZone": "us-east-1a", "Tags": []}]});
        assert_eq!(text(&v), "SUBNETS\tus-east-1a\ts-1\n");
        assert_eq!(text(&json!("subnet-1")), "subnet-1\n");
        assert_eq!(text(&json!(["a", "b"])), "a\tb\n");
    }
}
