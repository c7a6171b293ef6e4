#!/usr/bin/env bash
# Lessons through the native command: every lesson's solution replays (`lesson solve`), and a learner's
# round trip works: start a level, check (not yet), solve it by hand, check (done).
# Usage: tests/course/lessons.sh PATH/TO/ecs-sandbox
set -euo pipefail
LESSONS="$(cd "$(dirname "$0")/../../lessons" && pwd)"
source "$(dirname "$0")/lib.sh" "$1"

for f in "$LESSONS"/*.json; do
  [ "$(basename "$f")" = index.json ] && continue
  "$BIN" lesson solve "$f" >/dev/null || fail "the solution of $f does not reach its goals"
done

out=$("$BIN" lesson start "$LESSONS/dynamic-ports.json")
expect_contains "$out" "wrote container.json for file://"
expect_contains "$out" 'Started "Two web servers, one instance: dynamic host ports"'
[ -f container.json ] || fail "the lesson's file should be written here"
if out=$("$BIN" lesson check); then fail "the goal cannot hold before anything was done"; fi
expect_contains "$out" "✘ 2 webapp tasks run on dynamic host ports"
out=$(aws ecs run-task --cluster ECSDemo --task-definition webapp:1 --count 2 2>&1 || true)
expect_contains "$out" '"reason": "RESOURCE:PORTS"'
sed -i 's/"hostPort":80/"hostPort":0/' container.json
aws ecs register-task-definition --family webapp --network-mode bridge --container-definitions file://container.json >/dev/null
aws ecs run-task --cluster ECSDemo --task-definition webapp:2 --count 2 >/dev/null
"$BIN" sandbox advance 1m >/dev/null
out=$("$BIN" lesson check) || fail "the goal should hold now: $out"
expect_contains "$out" "Done: every goal"
out=$("$BIN" lesson solve /dev/null 2>&1 || true)
expect_contains "$out" "not a valid lesson file"
echo "Lessons: OK"
