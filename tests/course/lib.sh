# Shared set-up for the course scripts: a scratch directory with its own world, `aws` through the native
# command, and two assertions. Sourced with the path of ecs-sandbox as $1.
set -euo pipefail
BIN="$1"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export ECS_SANDBOX_STATE="$WORK/state.json"
aws() { "$BIN" aws "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_contains() { grep -qF -- "$2" <<<"$1" || fail "expected to see '$2' in:\n$1"; }
