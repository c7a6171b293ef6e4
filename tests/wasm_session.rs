//! The session logic compiled to WebAssembly and run in headless Chromium: the embedded models
//! load, commands run, hostile input does not panic.
#![cfg(target_arch = "wasm32")]

use ecs_sandbox_web::session::Session;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_the_first_demo_commands_in_wasm() {
    let mut s = Session::default();
    s.submit("aws ecs create-cluster --cluster-name ECSDemo");
    assert!(s.log[0].ok);
    s.submit("aws ecs register-task-defination --family x");
    assert!(!s.log[1].ok);
    assert!(s.log[1].stderr.contains("maybe you meant"));
}

#[wasm_bindgen_test]
fn hostile_input_does_not_panic_in_wasm() {
    let mut s = Session::default();
    s.submit(&"[".repeat(10_000));
    s.submit(&format!(
        "aws ecs run-task --overrides '{}'",
        "{\"a\":".repeat(2000)
    ));
    s.submit("\u{0}\u{1}\u{fffd} aws ecs \u{201c}");
    assert!(s.log.iter().all(|e| !e.ok || e.command.is_empty()));
}

#[wasm_bindgen_test]
fn completion_graph_inspector_and_timeline_work_in_wasm() {
    use ecs_sandbox_web::graph::{Graph, NodeRef};
    let mut s = Session::default();
    s.save_file(
        "userdata.txt",
        "#!/bin/bash\necho ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config\n",
    );
    s.save_file("c.json", r#"[{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80, "hostPort": 80}]}]"#);
    s.submit("aws ecs create-cluster --cluster-name ECSDemo");
    s.submit("aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --iam-instance-profile Name=ecsInstanceRole --user-data file://userdata.txt");
    s.submit("sandbox advance 1m");
    s.submit("aws ecs register-task-definition --family web --container-definitions file://c.json");
    s.submit("aws ecs run-task --cluster ECSDemo --task-definition web --count 2");
    assert!(
        s.log.iter().all(|e| e.ok),
        "{:?}",
        s.log.iter().map(|e| &e.stderr).collect::<Vec<_>>()
    );

    // Completion of live names.
    let (text, _) = s.complete("aws ecs list-tasks --cluster EC");
    assert_eq!(
        text.as_deref(),
        Some("aws ecs list-tasks --cluster ECSDemo ")
    );

    let g = Graph::of(&s.sandbox.world);
    assert_eq!(g.chips().count(), 2);
    let id = g.chips().next().map(|c| c.id.clone()).unwrap_or_default();
    let i = ecs_sandbox_web::inspector::inspect(&s.sandbox.world, &NodeRef::Task(id))
        .expect("the task");
    assert_eq!(i.decision.map(|d| d.rows.len()), Some(2));
    assert!(ecs_sandbox_web::timeline::events(&s.sandbox.world)
        .iter()
        .any(|e| e.text.contains("registered with cluster ECSDemo")));
}

#[wasm_bindgen_test]
fn queries_that_panicked_the_jmespath_crate_are_errors_in_wasm() {
    let mut s = Session::default();
    for q in [
        "clusterArns[-\u{661}]",
        "clusterArns[1::99999999999]",
        &format!("{}clusterArns{}", "(".repeat(3_000), ")".repeat(3_000)),
        &format!("clusterArns{}", ".a".repeat(3_000)),
    ] {
        s.submit(&format!("aws ecs list-clusters --query '{q}'"));
    }
    s.submit(
        "aws events put-rule --name r --schedule-expression \"rate(18446744073709551615 minutes)\"",
    );
    s.submit("sandbox advance 1m");
    assert!(s.log.last().is_some_and(|e| e.ok), "the clock still moves");
}

#[wasm_bindgen_test]
fn the_panic_notice_offers_the_ways_out_without_the_app() {
    ecs_sandbox_web::services::crash::show("index out of bounds <script>x</script>");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let notice = document
        .get_element_by_id("crash")
        .expect("the notice is shown");
    let text = notice.text_content().unwrap_or_default();
    assert!(
        text.contains("index out of bounds <script>x</script>"),
        "shown as text: {text}"
    );
    assert!(notice.query_selector("script").ok().flatten().is_none());
    for id in ["crash-reload", "crash-fresh", "crash-export"] {
        assert!(document.get_element_by_id(id).is_some(), "{id}");
    }
    notice.remove();
}

#[path = "support/command_lines.rs"]
mod command_lines;

/// No panic and no hang in WebAssembly: the generated lines the native run uses, through the
/// page's session. CI runs 3,000; `scripts/fuzz.sh` builds with `ECS_SANDBOX_FUZZ_LINES` set for
/// a long run (read when compiling: a browser test has no environment).
#[wasm_bindgen_test]
fn generated_lines_never_panic_or_hang_in_wasm() {
    let lines: usize = option_env!("ECS_SANDBOX_FUZZ_LINES")
        .and_then(|n| n.parse().ok())
        .unwrap_or(3_000);
    let mut generator = command_lines::Lines::new(1);
    let mut s = Session::default();
    let started = js_sys::Date::now();
    for n in 0..lines {
        if n % 300 == 0 {
            s = Session::with_seed(n as u64);
            s.save_file(
                "u.txt",
                "#!/bin/bash\necho ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config",
            );
            s.submit("aws ecs create-cluster --cluster-name ECSDemo");
        }
        let line = generator.line();
        let t = js_sys::Date::now();
        s.submit(&line);
        assert!(js_sys::Date::now() - t < 5_000.0, "line {n} hung: {line:?}");
    }
    web_sys::console::log_1(
        &format!(
            "{lines} generated lines in {:.1} s, none panicked or hung",
            (js_sys::Date::now() - started) / 1000.0
        )
        .into(),
    );
}
