#!/usr/bin/env bash
# Kill a test instance abruptly (SIGKILL, no clean shutdown) — for "WordPress died mid-sync" tests.
# `scripts/wordpress/start.sh RUN_DIR` brings it back (stale pid files and sockets are handled).
#
#   scripts/wordpress/kill.sh [RUN_DIR] [apache|db|all]      (default: apache — the web server dies,
#                                                            requests get connection refused)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR="$(resolve_run_dir "${1:-}")"
what="${2:-apache}"
set_paths
kill_tree() {  # kill_tree PIDFILE COMMAND: that process and its direct children (Apache's workers)
  local pid children p
  pid_alive "$1" "$2" || return 0
  pid="$(cat "$1")"
  # Freeze the parent first so it cannot spawn a worker between listing and killing.
  kill -STOP "$pid" 2>/dev/null || true
  # Children from /proc (procps may be missing on a minimal system).
  children="$(grep -l "^PPid:[[:space:]]*$pid\$" /proc/[0-9]*/status 2>/dev/null | cut -d/ -f3 || true)"
  # shellcheck disable=SC2086
  kill -9 "$pid" $children 2>/dev/null || true
  # Return only once they are gone (the listening socket closed), so a test can rely on it.
  for _ in $(seq 1 50); do
    local alive=0
    for p in $pid $children; do [ -d "/proc/$p" ] && [ "$(cut -d' ' -f3 "/proc/$p/stat" 2>/dev/null)" != Z ] && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  log "some processes of $1 are still there after 5 s"
}
case "$what" in
  apache) kill_tree "$HTTPD_PID" apache2 ;;
  db) kill_tree "$DB_PID" mariadbd ;;
  all) kill_tree "$HTTPD_PID" apache2; kill_tree "$DB_PID" mariadbd ;;
  *) die "usage: kill.sh [RUN_DIR] [apache|db|all]" ;;
esac
log "killed $what of $RUN_DIR"
