//! Invalid JSON is explained with Python's json messages, as the AWS CLI prints them (cases
//! recorded from CPython in tests/golden/json_errors.json).

use ecs_sandbox_awscli::pyjson;

#[test]
fn matches_python() {
    let cases: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("golden/json_errors.json")).expect("golden");
    let mut failures = vec![];
    for (input, want) in &cases {
        let got = pyjson::error(input);
        if got.as_deref() != want.as_str() {
            failures.push(format!("{input:?}\n  python:  {want}\n  sandbox: {got:?}"));
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
