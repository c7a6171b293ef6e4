#!/usr/bin/env bash
# Builds the app and serves it at http://127.0.0.1:8080/ (installs the toolchain on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
