#!/usr/bin/env bash
# Installs everything the build and the tests need; idempotent (a warm machine skips each step in seconds).
# Versions are pinned for reasons given in docs (toolchain): Trunk 0.21.14 builds with rustc 1.95,
# wasm-bindgen-cli must equal the wasm-bindgen crate (0.2.130), wasm-opt comes from npm binaryen 132.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if ! trunk --version 2>/dev/null | grep -q "0.21.14"; then
  cargo install --locked trunk@0.21.14
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "0.2.130"; then
  cargo install wasm-bindgen-cli@0.2.130
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -d node_modules/lz-string ]; then
  npm ci --no-audit --no-fund
fi
if [ "${1:-}" = "--browser" ] && ! { command -v chromium && command -v chromedriver; } >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi
cargo fetch
