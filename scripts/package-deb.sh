#!/usr/bin/env bash
# Builds a release Debian package of Newsroom with the tauri CLI (from ui/node_modules).
# Takes ~10 min on 2 cores. The .deb lands in target/release/bundle/deb/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
# Run from the repository root, where tauri.conf.json and the desktop package are; the
# CLI runs the UI build itself (beforeBuildCommand).
run_stage "tauri build --bundles deb" ui/node_modules/.bin/tauri build --bundles deb
ls -l target/release/bundle/deb/*.deb
