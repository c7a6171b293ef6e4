//! Client-side parameter validation, as botocore does it (required, unknown, types, min length and
//! value), with botocore's exact wording. Each unknown member also gets a learner's "did you mean".

use crate::model::{ServiceModel, Shape, ShapeType};
use crate::suggest;
use serde_json::Value;

pub struct Report {
    pub errors: Vec<String>,
    pub hints: Vec<String>,
}

fn py_type(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "<class 'str'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
        Value::Null => "<class 'NoneType'>",
    }
}

/// Python's str() of a value, as botocore prints it in messages.
pub fn py_repr(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_quoted).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("'{k}': {}", py_quoted(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Number(n) => n.to_string(),
    }
}

fn py_quoted(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        other => py_repr(other),
    }
}

pub fn validate(model: &ServiceModel, shape: &Shape, value: &Value) -> Report {
    let mut r = Report {
        errors: vec![],
        hints: vec![],
    };
    walk(model, shape, value, "", &mut r);
    r
}

fn name_of(path: &str) -> &str {
    if path.is_empty() {
        "input"
    } else {
        path
    }
}

fn walk(model: &ServiceModel, shape: &Shape, value: &Value, path: &str, r: &mut Report) {
    match shape.kind {
        ShapeType::Structure => walk_structure(model, shape, value, path, r),
        ShapeType::List => walk_list(model, shape, value, path, r),
        ShapeType::Map => walk_map(model, shape, value, path, r),
        ShapeType::String => check_string(shape, value, path, r),
        ShapeType::Integer | ShapeType::Long => check_integer(shape, value, path, r),
        ShapeType::Double | ShapeType::Float => check_type(
            value.is_number(),
            "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
            value,
            path,
            r,
        ),
        ShapeType::Boolean => check_type(value.is_boolean(), "<class 'bool'>", value, path, r),
        ShapeType::Timestamp => check_type(
            value.is_string() || value.is_number(),
            "<class 'datetime.datetime'>, <class 'str'>",
            value,
            path,
            r,
        ),
        ShapeType::Blob => check_type(
            value.is_string(),
            "<class 'bytes'>, <class 'bytearray'>, file-like object",
            value,
            path,
            r,
        ),
    }
}

/// botocore's message for a value of the wrong type.
fn invalid_type(path: &str, value: &Value, valid_types: &str) -> String {
    format!(
        "Invalid type for parameter {}, value: {}, type: {}, valid types: {valid_types}",
        name_of(path),
        py_repr(value),
        py_type(value)
    )
}

/// botocore's message for a list or string shorter than the shape's minimum.
fn invalid_length(path: &str, length: usize, min: f64) -> String {
    format!(
        "Invalid length for parameter {}, value: {}, valid min length: {}",
        name_of(path),
        length,
        min as i64
    )
}

/// The path of a structure's member (`Parent.Member`, or `Member` at the top).
fn member_path(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_string()
    } else {
        format!("{path}.{member}")
    }
}

/// A type-only check: the error when the value does not fit.
fn check_type(fits: bool, valid_types: &str, value: &Value, path: &str, r: &mut Report) {
    if !fits {
        r.errors.push(invalid_type(path, value, valid_types));
    }
}

/// A structure: required members present, no unknown member (with a "did you mean"), then each
/// member.
fn walk_structure(model: &ServiceModel, shape: &Shape, value: &Value, path: &str, r: &mut Report) {
    let Value::Object(map) = value else {
        r.errors.push(invalid_type(path, value, "<class 'dict'>"));
        return;
    };
    for req in &shape.required {
        if !map.contains_key(req) {
            r.errors.push(format!(
                "Missing required parameter in {}: \"{}\"",
                name_of(path),
                req
            ));
        }
    }
    for (k, v) in map {
        match shape.members.get(k) {
            None => unknown_member(shape, k, path, r),
            Some(m) => {
                if let Some(ms) = model.shape(&m.shape) {
                    walk(model, ms, v, &member_path(path, k), r);
                }
            }
        }
    }
}

fn unknown_member(shape: &Shape, member: &str, path: &str, r: &mut Report) {
    let names: Vec<&str> = shape.members.keys().map(|s| s.as_str()).collect();
    r.errors.push(format!(
        "Unknown parameter in {}: \"{}\", must be one of: {}",
        name_of(path),
        member,
        names.join(", ")
    ));
    if let Some(m) = suggest::best_match(member, names.iter().copied()) {
        r.hints.push(format!(
            "\"{member}\" in {}: did you mean \"{m}\"? (member names are case-sensitive)",
            name_of(path)
        ));
    }
}

/// A list: its minimum length, then each item (`path[i]`).
fn walk_list(model: &ServiceModel, shape: &Shape, value: &Value, path: &str, r: &mut Report) {
    let Value::Array(items) = value else {
        r.errors
            .push(invalid_type(path, value, "<class 'list'>, <class 'tuple'>"));
        return;
    };
    if let Some(min) = shape.min {
        if (items.len() as f64) < min {
            r.errors.push(invalid_length(path, items.len(), min));
        }
    }
    if let Some(es) = shape.member.as_ref().and_then(|m| model.shape(&m.shape)) {
        for (i, item) in items.iter().enumerate() {
            walk(model, es, item, &format!("{path}[{i}]"), r);
        }
    }
}

/// A map: each value (`path.key`).
fn walk_map(model: &ServiceModel, shape: &Shape, value: &Value, path: &str, r: &mut Report) {
    let Value::Object(map) = value else {
        r.errors.push(invalid_type(path, value, "<class 'dict'>"));
        return;
    };
    if let Some(vs) = shape.value.as_ref().and_then(|m| model.shape(&m.shape)) {
        for (k, v) in map {
            walk(model, vs, v, &format!("{path}.{k}"), r);
        }
    }
}

/// A string, and its minimum length in characters.
fn check_string(shape: &Shape, value: &Value, path: &str, r: &mut Report) {
    let Value::String(s) = value else {
        r.errors.push(invalid_type(path, value, "<class 'str'>"));
        return;
    };
    if let Some(min) = shape.min {
        let length = s.chars().count();
        if (length as f64) < min {
            r.errors.push(invalid_length(path, length, min));
        }
    }
}

/// An integer, and its minimum value.
fn check_integer(shape: &Shape, value: &Value, path: &str, r: &mut Report) {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            if let (Some(min), Some(v)) = (shape.min, n.as_i64()) {
                if (v as f64) < min {
                    r.errors.push(format!(
                        "Invalid value for parameter {}, value: {}, valid min value: {}",
                        name_of(path),
                        v,
                        min as i64
                    ));
                }
            }
        }
        other => r.errors.push(invalid_type(path, other, "<class 'int'>")),
    }
}

/// What the service itself rejects before doing anything: enum values outside the model's set, in
/// the AWS request-validation wording ("1 validation error detected: ..."), or EC2's own ("Invalid
/// value 'x' for InstanceTenancy."). Returns (message, hints).
pub fn service_enum_check(
    model: &ServiceModel,
    shape: &Shape,
    value: &Value,
) -> Option<(String, Vec<String>)> {
    let mut found = vec![];
    enum_walk(model, shape, value, "", &mut found);
    if found.is_empty() {
        return None;
    }
    if model.metadata.protocol == "ec2" {
        let (path, v, allowed) = &found[0];
        let name = path
            .rsplit('.')
            .find(|p| *p != "member" && !p.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(path);
        let hint = suggest::best_match(v, allowed.iter().map(|s| s.as_str()))
            .map(|m| format!("{name}: did you mean '{m}' instead of '{v}'?"));
        return Some((
            format!("Invalid value '{v}' for {name}."),
            hint.into_iter().collect(),
        ));
    }
    let n = found.len();
    let parts: Vec<String> = found
        .iter()
        .map(|(path, v, allowed)| format!("Value '{v}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{}]", allowed.join(", ")))
        .collect();
    let hints = found
        .iter()
        .filter_map(|(path, v, allowed)| {
            suggest::best_match(v, allowed.iter().map(|s| s.as_str()))
                .map(|m| format!("{path}: did you mean '{m}' instead of '{v}'?"))
        })
        .collect();
    Some((
        format!(
            "{n} validation error{} detected: {}",
            if n == 1 { "" } else { "s" },
            parts.join("; ")
        ),
        hints,
    ))
}

fn enum_walk(
    model: &ServiceModel,
    shape: &Shape,
    value: &Value,
    path: &str,
    out: &mut Vec<(String, String, Vec<String>)>,
) {
    match (shape.kind, value) {
        (ShapeType::String, Value::String(s))
            if !shape.allowed_values().is_empty() && !shape.allowed_values().contains(s) =>
        {
            out.push((path.to_string(), s.clone(), shape.allowed_values().to_vec()));
        }
        (ShapeType::Structure, Value::Object(map)) => {
            for (k, v) in map {
                if let Some(ms) = shape.members.get(k).and_then(|m| model.shape(&m.shape)) {
                    enum_walk(model, ms, v, &member_path(path, k), out);
                }
            }
        }
        (ShapeType::List, Value::Array(items)) => {
            if let Some(es) = shape.member.as_ref().and_then(|m| model.shape(&m.shape)) {
                for (i, item) in items.iter().enumerate() {
                    enum_walk(model, es, item, &format!("{path}.{}.member", i + 1), out);
                }
            }
        }
        _ => {}
    }
}

/// Checks a service response against the operation's output shape: member names, JSON types and
/// enum values. Returns every violation with its path (empty: the response is well-formed).
pub fn check_output(model: &ServiceModel, shape: &Shape, value: &Value) -> Vec<String> {
    let mut out = vec![];
    output_walk(model, shape, value, "", &mut out);
    out
}

fn output_walk(
    model: &ServiceModel,
    shape: &Shape,
    value: &Value,
    path: &str,
    out: &mut Vec<String>,
) {
    let at = if path.is_empty() { "response" } else { path };
    match (shape.kind, value) {
        (_, Value::Null) => out.push(format!("{at}: null (AWS omits absent members)")),
        (ShapeType::Structure, Value::Object(map)) => {
            for (k, v) in map {
                match shape.members.get(k).and_then(|m| model.shape(&m.shape)) {
                    Some(ms) => output_walk(
                        model,
                        ms,
                        v,
                        &if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        },
                        out,
                    ),
                    None => out.push(format!("{at}: unknown member \"{k}\"")),
                }
            }
        }
        (ShapeType::List, Value::Array(items)) => {
            if let Some(es) = shape.member.as_ref().and_then(|m| model.shape(&m.shape)) {
                for (i, item) in items.iter().enumerate() {
                    output_walk(model, es, item, &format!("{path}[{i}]"), out);
                }
            }
        }
        (ShapeType::Map, Value::Object(map)) => {
            if let Some(vs) = shape.value.as_ref().and_then(|m| model.shape(&m.shape)) {
                for (k, v) in map {
                    output_walk(model, vs, v, &format!("{path}.{k}"), out);
                }
            }
        }
        (ShapeType::String, Value::String(s)) => {
            if !shape.allowed_values().is_empty() && !shape.allowed_values().contains(s) {
                out.push(format!(
                    "{at}: \"{s}\" is not one of {:?}",
                    shape.allowed_values()
                ));
            }
        }
        (ShapeType::Integer | ShapeType::Long, Value::Number(n)) if n.is_i64() || n.is_u64() => {}
        (ShapeType::Double | ShapeType::Float, Value::Number(_)) => {}
        (ShapeType::Boolean, Value::Bool(_)) => {}
        (ShapeType::Timestamp, Value::Number(_)) => {}
        (ShapeType::Blob, Value::String(_)) => {}
        (kind, v) => out.push(format!("{at}: {} where the model has {kind:?}", py_type(v))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::model;
    use serde_json::json;

    fn shape(service: &str, name: &str) -> (&'static ServiceModel, &'static Shape) {
        let m = model(service).expect("model");
        (m, m.shape(name).expect("shape"))
    }

    #[test]
    fn output_check_catches_wrong_names_types_and_enums() {
        let (m, s) = shape("ecs", "DescribeClustersResponse");
        assert!(check_output(
            m,
            s,
            &json!({"clusters": [{"clusterName": "a", "status": "ACTIVE"}], "failures": []})
        )
        .is_empty());
        let bad = check_output(
            m,
            s,
            &json!({"clusters": [{"ClusterName": "a", "registeredContainerInstancesCount": "1"}]}),
        );
        assert_eq!(bad.len(), 2, "{bad:?}");
        let (m, s) = shape("ecs", "DescribeTasksResponse");
        let bad = check_output(m, s, &json!({"tasks": [{"launchType": "EC3"}]}));
        assert_eq!(bad.len(), 1, "{bad:?}");
    }

    #[test]
    fn input_validation_uses_botocores_words() {
        let (m, s) = shape("ecs", "RegisterTaskDefinitionRequest");
        let r = validate(
            m,
            s,
            &json!({"family": "x", "containerDefinitions": [{"name": "a", "portmapping": []}]}),
        );
        assert_eq!(r.errors.len(), 1);
        assert!(r.errors[0].starts_with(
            "Unknown parameter in containerDefinitions[0]: \"portmapping\", must be one of: "
        ));
        assert!(r.hints[0].contains("portMappings"));
        let r = validate(m, s, &json!({"containerDefinitions": []}));
        assert_eq!(
            r.errors,
            vec!["Missing required parameter in input: \"family\"".to_string()]
        );
        let (m, s) = shape("ecs", "RunTaskRequest");
        let r = validate(m, s, &json!({"taskDefinition": "x", "count": "two"}));
        assert_eq!(r.errors, vec!["Invalid type for parameter count, value: two, type: <class 'str'>, valid types: <class 'int'>".to_string()]);
    }
}
