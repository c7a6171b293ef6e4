#!/usr/bin/env bash
# Runs every test: native unit/integration/property tests, the course script through the native
# command, the release web build with its size budget, and the end-to-end test in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -q -- -D warnings

echo "== native tests"
cargo test --workspace

echo "== WebAssembly tests in headless Chromium"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" cargo test --target wasm32-unknown-unknown -p ecs-sandbox-web --test wasm_session

echo "== course scripts and lessons through ecs-sandbox (seeds 000/003 and 001, typos corrected)"
cargo build -q -p ecs-sandbox-awscli --bin ecs-sandbox
BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/ecs-sandbox"
tests/course/ec2-demo.sh "$BIN"
tests/course/fargate-demo.sh "$BIN"
tests/course/lessons.sh "$BIN"

echo "== web build (as GitHub Pages serves it, from a sub-path)"
trunk build --release --public-url /ecs-sandbox/
touch dist/.nojekyll
node tests/e2e/size-budget.mjs

echo "== end-to-end in headless Chromium"
node --test tests/e2e/
