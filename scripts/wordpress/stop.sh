#!/usr/bin/env bash
# Stop a WordPress test instance started by start.sh: Apache first (no new DB work), then MariaDB
# with a clean shutdown. Leaves the data dir and accounts in place so the next start is fast.
#
#   scripts/wordpress/stop.sh [RUN_DIR]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR="$(resolve_run_dir "${1:-}")"
set_paths

# wait_gone PID SECONDS — true once the process has exited.
wait_gone() {
  local pid="$1"
  for _ in $(seq 1 $(( $2 * 10 ))); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

if pid_alive "$HTTPD_PID" apache2; then
  pid="$(cat "$HTTPD_PID")"
  if [ -f "$HTTPD_CONF" ]; then /usr/sbin/apache2 -f "$HTTPD_CONF" -k stop 2>/dev/null || kill "$pid"; else kill "$pid"; fi
  wait_gone "$pid" 10 || { log "Apache did not stop in 10 s; killing"; kill -9 "$pid" 2>/dev/null || true; }
  log "Apache stopped"
fi
rm -f "$HTTPD_PID"

if pid_alive "$DB_PID" mariadbd; then
  pid="$(cat "$DB_PID")"
  mariadb-admin --no-defaults --socket="$DB_SOCK" -uroot shutdown 2>/dev/null || kill "$pid" 2>/dev/null || true
  wait_gone "$pid" 30 || { log "MariaDB did not stop in 30 s; killing"; kill -9 "$pid" 2>/dev/null || true; }
  log "MariaDB stopped"
fi
rm -f "$DB_PID" "$DB_SOCK"
