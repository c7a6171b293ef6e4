//! No panic and no hang natively: generated command lines (`tests/support/command_lines.rs`, the
//! same generator the WebAssembly run uses) through the tokenizer, the shell, the CLI and the
//! engine, each line within a time limit. CI runs 20,000 lines; `scripts/fuzz.sh` a million
//! (`ECS_SANDBOX_FUZZ_LINES`).

#[path = "../../../tests/support/command_lines.rs"]
mod command_lines;

use ecs_sandbox_awscli::{MemoryFiles, Sandbox};
use std::time::{Duration, Instant};

/// A line taking longer than this is a hang (the slowest legitimate ones take milliseconds).
const HANG: Duration = Duration::from_secs(5);
/// A fresh account this often, so the world stays the size a learner's does.
const FRESH_EVERY: usize = 300;

#[test]
fn generated_lines_never_panic_or_hang() {
    let lines: usize = std::env::var("ECS_SANDBOX_FUZZ_LINES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let seed: u64 = std::env::var("ECS_SANDBOX_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let mut files = MemoryFiles::default();
    files.0.insert(
        "u.txt".into(),
        "#!/bin/bash\necho ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config".into(),
    );
    let mut generator = command_lines::Lines::new(seed);
    let mut sandbox = Sandbox::new(seed);
    let started = Instant::now();
    for n in 0..lines {
        if n % FRESH_EVERY == 0 {
            sandbox = Sandbox::new(seed.wrapping_add(n as u64));
            sandbox.run_text("aws ecs create-cluster --cluster-name ECSDemo", &files);
        }
        let line = generator.line();
        let t = Instant::now();
        sandbox.run_text(&line, &files);
        assert!(
            t.elapsed() < HANG,
            "line {n} (seed {seed}) took {:?}: {line:?}",
            t.elapsed()
        );
    }
    eprintln!(
        "{lines} generated lines (seed {seed}) in {:.1} s, none panicked or hung",
        started.elapsed().as_secs_f64()
    );
}
