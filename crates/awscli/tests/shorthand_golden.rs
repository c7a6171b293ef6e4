//! The shorthand parser gives what awscli's ShorthandParser gives (values or the error text), on
//! cases recorded from awscli itself in tests/golden/shorthand.json.

use ecs_sandbox_awscli::shorthand::{self, ShValue};
use serde_json::{json, Value};

fn to_json(v: &ShValue) -> Value {
    match v {
        ShValue::Str(s) => json!(s),
        ShValue::List(l) => Value::Array(l.iter().map(to_json).collect()),
        ShValue::Map(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

#[test]
fn matches_awscli() {
    let text = include_str!("golden/shorthand.json");
    let cases: serde_json::Map<String, Value> = serde_json::from_str(text).expect("golden");
    let mut failures = vec![];
    for (input, want) in &cases {
        let got = match shorthand::parse(input) {
            Ok(pairs) => {
                json!({"ok": Value::Object(pairs.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())})
            }
            Err(e) => json!({"err": e.to_string()}),
        };
        if &got != want {
            failures.push(format!("{input:?}\n  awscli:  {want}\n  sandbox: {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
