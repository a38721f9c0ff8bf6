#!/usr/bin/env bash
# The release app in its real window (see tests/bench/window.py): start-up on a fresh and a
# 100,000-article database from the app's own marks, keystroke -> editor echo and -> preview
# latency at 10,000 and 50,000 words, and memory (RSS and PSS).
# Usage: scripts/bench-window.sh [RUNS]   (default 10; builds the release app first)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
run_stage "Building the UI" npm --prefix ui run build
run_stage "Building the release app" cargo build --release -p newsroom --features custom-protocol
NEWSROOM_APP="$ROOT/target/release/newsroom" "$ROOT/.venv/bin/python" tests/bench/window.py "${1:-10}"
