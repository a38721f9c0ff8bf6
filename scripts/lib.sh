# Shared helpers for the project scripts (sourced, not run).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

stage() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
fail() {
  printf '\n\033[1;31mFAILED: %s\033[0m\n' "$*" >&2
  exit 1
}

# Runs a command as a named stage; on failure says which stage broke.
run_stage() {
  local name="$1"
  shift
  stage "$name"
  local started=$SECONDS
  "$@" || fail "$name (command: $*)"
  note "ok ($((SECONDS - started)) s)"
}

# cargo and tauri-driver live in ~/.cargo/bin, which a non-login shell may not have.
if [ -d "$HOME/.cargo/bin" ]; then
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi
export PATH
