#!/usr/bin/env bash
# Launches Newsroom on the default database (~/.local/share/newsroom), installing and
# building what is missing first. Extra arguments go to the app, e.g.
#   scripts/run.sh --data-dir /tmp/newsroom-demo
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
run_stage "Building the UI" npm --prefix ui run build
run_stage "Building the app" cargo build -p newsroom
stage "Starting Newsroom"
exec "$ROOT/target/debug/newsroom" "$@"
