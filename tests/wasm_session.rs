//! The session logic compiled to WebAssembly and run in headless Chromium: the embedded models load,
//! commands run, hostile input does not panic.
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
    s.submit(&format!("aws ecs run-task --overrides '{}'", "{\"a\":".repeat(2000)));
    s.submit("\u{0}\u{1}\u{fffd} aws ecs \u{201c}");
    assert!(s.log.iter().all(|e| !e.ok || e.command.is_empty()));
}
