#!/usr/bin/env bash
# Everything CI checks, in order, failing fast: formatting, lints, the domain crates'
# tests, generated UI types current, UI type check and unit tests, then the app built
# once and driven end to end under Xvfb (after a local WordPress is up, which the sync
# tests and one window test use).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

# A clone that is built once gains nothing from incremental compilation but gigabytes of
# disk (3 GB in a cold run); CI builds without it.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
# Stop 21's CI run died mid-build with the disk full; say up front how much there is, and
# refuse to start a cold build that cannot finish.
stage "Disk space for the build"
needed_gb=8 # what a cold run writes to target/, measured (BENCHMARKS.md, "CI footprint")
mkdir -p "$ROOT/target"
free_gb=$(($(df -Pk "$ROOT/target" | awk 'NR == 2 { print $4 }') / 1024 / 1024))
note "$free_gb GB free beside target/ (a cold run writes about $needed_gb GB)"
if [ ! -d "$ROOT/target/debug" ] && [ "$free_gb" -lt "$needed_gb" ]; then
  fail "only $free_gb GB free on the disk holding target/; a cold build needs about $needed_gb GB"
fi

# A fresh clone has nothing beside it: no test, script or build file may read ../shared.
stage "Nothing reads outside the checkout (../shared)"
outside="$(git grep -n -E '\.\./([.][.]/)*shared/' -- ':!*.md' || true)"
[ -z "$outside" ] || { printf '%s\n' "$outside"; fail "these files read ../shared; copy what they need into tests/fixtures"; }
note "ok"

run_stage "Formatting (cargo fmt --check)" cargo fmt --all --check
# The desktop crate embeds ui/dist at compile time, so the UI is built before clippy.
run_stage "Building the UI" npm --prefix ui run build
run_stage "Lints (cargo clippy -D warnings)" cargo clippy --workspace --all-targets -- -D warnings
# One cargo invocation builds every domain test binary, the fuzz smoke's and the WordPress
# suites' below included. Cargo settles features per invocation and turns on a package's
# dev-dependencies only when it builds that package's tests, so a second selection (say
# `cargo test -p newsroom-sync --test wordpress`) rebuilt about eighty crates with other
# features (serde, syn, tokio, reqwest, html5ever…): minutes of a cold CI run, twice.
# The fuzz smoke runs every fuzz target on fixed seeds plus every known hostile input,
# each call time-boxed.
domain_crates=(-p newsroom-text -p newsroom-core -p newsroom-search -p newsroom-sync -p newsroom-fuzz)
run_stage "Domain tests and fuzz smoke (stable, seeded)" cargo test "${domain_crates[@]}"
run_stage "Desktop shell unit tests" cargo test -p newsroom --lib

# ts-rs writes the types (domain crates and the shell); the shell's tests also write the
# typed command table ui/src/lib/ipc/commands.ts from the #[tauri::command] signatures.
stage "Generated UI types and command table are current (ui/src/lib/bindings, ui/src/lib/ipc/commands.ts)"
changed="$(git status --porcelain -- ui/src/lib/bindings ui/src/lib/ipc/commands.ts)"
if [ -n "$changed" ]; then
  printf '%s\n' "$changed"
  fail "generated UI files differ from what 'cargo test -p newsroom-core -p newsroom --lib' writes; commit the regenerated files"
fi
note "ok"

run_stage "UI type check" npm --prefix ui run typecheck
run_stage "UI unit tests" npm --prefix ui test

# Runs one test binary of the domain build, by package and target name (newsroom-sync
# wordpress), from its package's directory as `cargo test` does, so no stage resolves
# features anew. Two packages may have targets of one name (images).
domain_test() {
  local package="$1" target="$2" found bin dir
  shift 2
  found="$(cargo test "${domain_crates[@]}" --no-run --message-format=json 2>/dev/null |
    python3 -c '
import json, os, sys
package, name = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    msg = json.loads(line)
    target = msg.get("target", {})
    if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
            and target.get("name") == name and "test" in target.get("kind", []) \
            and os.path.basename(os.path.dirname(msg["manifest_path"])) == package:
        print(msg["executable"] + "\t" + os.path.dirname(msg["manifest_path"]))
' "$package" "$target")"
  if [ -z "$found" ] || [ "$(printf '%s\n' "$found" | wc -l)" -ne 1 ]; then
    echo "not exactly one test binary $package/$target in the domain build: $found" >&2
    return 1
  fi
  bin="${found%%$'\t'*}"
  dir="${found#*$'\t'}"
  (cd "$dir" && CARGO_MANIFEST_DIR="$dir" "$bin" "$@")
}

# --- WordPress integration -----------------------------------------------------------------
# A real WordPress (Debian's package, Apache + mod_php, MariaDB) on 127.0.0.1: the plugin
# site on :8089 and a stock site on :8090 (or NEWSROOM_WP_PORT_BASE and the port after it).
# Stopped again whatever the outcome.
wp_base="${NEWSROOM_WP_PORT_BASE:-8089}"
run_stage "WordPress up (plugin :$wp_base, stock :$((wp_base + 1)))" "$ROOT/scripts/wordpress/test-env.sh" up
trap '"$ROOT/scripts/wordpress/test-env.sh" down >/dev/null 2>&1 || true' EXIT
# Sites reused from an earlier run keep its posts; the window tests find their articles in
# the list's first page, so every run starts from empty sites, as a fresh clone does.
run_stage "WordPress sites emptied" bash -c '"$1/scripts/wordpress/reset.sh" "$1/target/wordpress" &&
  "$1/scripts/wordpress/reset.sh" "$1/target/wordpress-stock"' _ "$ROOT"
# shellcheck disable=SC1091
source "$ROOT/target/wordpress/test.env"
# The window tests come after WordPress is up: one of them connects the app to the site.
run_stage "Building the app (debug, serves ui/dist)" cargo build -p newsroom
run_stage "End-to-end tests (tauri-driver + WebKitWebDriver under Xvfb)" \
  "$ROOT/.venv/bin/python" -m pytest tests/e2e -v -p no:cacheprovider
run_stage "WordPress plugin, stock site and fault proxy" \
  "$ROOT/.venv/bin/python" -m pytest tests/wordpress -v -p no:cacheprovider
run_stage "Sync against WordPress" domain_test newsroom-sync wordpress --ignored --test-threads=1
# Seeded random steps by two apps, the site and a hostile colleague through fault proxies;
# replay a failure with SIM_SEED=… SIM_STEPS=… (see crates/newsroom-sync/tests/sync_sim.rs).
run_stage "Sync simulation (short profile)" domain_test newsroom-sync sync_sim --ignored --nocapture
run_stage "The desk across machines against WordPress" \
  domain_test newsroom-sync desk --ignored --test-threads=1
run_stage "Images to and from WordPress" \
  domain_test newsroom-sync images --ignored --test-threads=1
# --- end WordPress integration -------------------------------------------------------------

note "target/ holds $(du -sh "$ROOT/target" | cut -f1) after the run"
stage "All checks passed"
