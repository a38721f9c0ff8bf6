#!/usr/bin/env bash
# Cold start of the release app to an interactive editor (see tests/bench/startup.py).
# Usage: scripts/bench-startup.sh [RUNS]   (default 10; builds the release app first, ~10 min cold)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
run_stage "Building the UI" npm --prefix ui run build
run_stage "Building the release app" cargo build --release -p newsroom --features custom-protocol
NEWSROOM_APP="$ROOT/target/release/newsroom" "$ROOT/.venv/bin/python" tests/bench/startup.py "${1:-10}"
