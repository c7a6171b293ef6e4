//! The CLI's paging: automatic pagination over the service's nextToken, `--max-items` with the
//! CLI's NextToken, `--starting-token`, and raw pages when the user passes `--max-results` /
//! `--next-token`.

mod common;
use common::Session;
use serde_json::Value;

#[test]
fn max_items_and_starting_token() {
    let mut s = Session::new();
    s.ec2_demo_cluster();
    s.ok(
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    s.ok("aws ecs run-task --cluster ECSDemo --task-definition web --count 5");
    let all: Value =
        serde_json::from_str(&s.ok("aws ecs list-tasks --cluster ECSDemo --page-size 2"))
            .expect("json");
    assert_eq!(
        all["taskArns"].as_array().map(|a| a.len()),
        Some(5),
        "auto-pagination merges every page"
    );
    assert!(all.get("nextToken").is_none());

    let first: Value =
        serde_json::from_str(&s.ok("aws ecs list-tasks --cluster ECSDemo --max-items 3"))
            .expect("json");
    assert_eq!(first["taskArns"].as_array().map(|a| a.len()), Some(3));
    let token = first["NextToken"].as_str().expect("NextToken").to_string();
    let rest: Value = serde_json::from_str(&s.ok(&format!(
        "aws ecs list-tasks --cluster ECSDemo --starting-token {token}"
    )))
    .expect("json");
    assert_eq!(rest["taskArns"].as_array().map(|a| a.len()), Some(2));
    assert!(rest.get("NextToken").is_none());

    let raw: Value =
        serde_json::from_str(&s.ok("aws ecs list-tasks --cluster ECSDemo --max-results 2"))
            .expect("json");
    assert_eq!(raw["taskArns"].as_array().map(|a| a.len()), Some(2));
    let next = raw["nextToken"]
        .as_str()
        .expect("service nextToken")
        .to_string();
    let raw2: Value = serde_json::from_str(&s.ok(&format!(
        "aws ecs list-tasks --cluster ECSDemo --max-results 2 --next-token {next}"
    )))
    .expect("json");
    assert_eq!(raw2["taskArns"].as_array().map(|a| a.len()), Some(2));
    assert_ne!(raw["taskArns"], raw2["taskArns"]);
    s.assert_shapes_clean();
}
