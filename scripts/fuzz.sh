#!/usr/bin/env bash
# The long no-panic / no-hang run (issue 13): a million generated command lines natively (release
# build, debug assertions on, so an overflow is a panic) and in WebAssembly in headless Chromium.
# The tests run a CI-sized share of the same lines. Usage: scripts/fuzz.sh [LINES] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
LINES="${1:-1000000}"
SEED="${2:-1}"
echo "== natively: $LINES lines, seed $SEED"
CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true \
  ECS_SANDBOX_FUZZ_LINES="$LINES" ECS_SANDBOX_FUZZ_SEED="$SEED" \
  cargo test --release -q -p ecs-sandbox-awscli --test generated_lines -- --nocapture
echo "== WebAssembly in headless Chromium: $LINES lines"
ECS_SANDBOX_FUZZ_LINES="$LINES" CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
  WASM_BINDGEN_TEST_TIMEOUT=7200 \
  cargo test --release --target wasm32-unknown-unknown -p ecs-sandbox-web --test wasm_session \
  generated_lines -- --nocapture
