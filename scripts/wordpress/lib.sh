# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts
# Shared helpers for the WordPress test-backend scripts (sourced, not run).
#
# One "instance" = one RUN_DIR: a private MariaDB (data dir + socket inside RUN_DIR, no TCP) and an
# own Apache (Listen 127.0.0.1:PORT) serving Debian's WordPress from /usr/share/wordpress. Several
# instances can run side by side (e.g. one with the companion plugin and one stock) because each
# Apache sets WORDPRESS_CONFIG, which makes Debian's wp-config.php load
# /etc/wordpress/config-newsroom-PORT.php instead of the Host-header based file, and each config
# points WordPress at its own database and its own must-use-plugin folder.

set -euo pipefail
# Every failure says where it happened: a bare `set -e` exit would end a script with no message
# (it once did, on a machine where the packages had never been installed).
trap 'rc=$?; printf "[wordpress] ERROR: %s failed (exit %s) at %s:%s: %s\n" "$(basename "$0")" "$rc" "$(basename "${BASH_SOURCE[0]}")" "$LINENO" "$BASH_COMMAND" >&2' ERR
set -E

WP_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$WP_SCRIPTS_DIR/../.." && pwd)"
WP_CORE_DIR=/usr/share/wordpress
WP_CONTENT_DIR=/var/lib/wordpress/wp-content
WP_DEFAULT_PORT=8089
WP_PACKAGES=(wordpress wordpress-theme-twentytwentythree apache2 libapache2-mod-php php-mysql
  php-mbstring php-xml php-curl mariadb-server mariadb-client php-cli curl)

log() { printf '[wordpress] %s\n' "$*" >&2; }
die() { printf '[wordpress] ERROR: %s\n' "$*" >&2; exit 1; }

# resolve_run_dir [RUN_DIR] -> absolute path (created), default target/wordpress in the repo.
resolve_run_dir() {
  local dir="${1:-${NEWSROOM_WP_RUN_DIR:-$REPO_ROOT/target/wordpress}}"
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# Paths derived from RUN_DIR (call after RUN_DIR is set).
set_paths() {
  DB_DIR="$RUN_DIR/mysql"
  DB_DATA="$DB_DIR/data"
  DB_CNF="$DB_DIR/my.cnf"
  DB_PID="$DB_DIR/mariadbd.pid"
  DB_LOG="$DB_DIR/error.log"
  DB_SOCK="$DB_DIR/mysqld.sock"
  # A unix socket path is limited to ~107 bytes; a deep CI checkout could exceed it, so fall back to
  # a short per-run-dir path under /run.
  if [ "${#DB_SOCK}" -gt 100 ]; then
    local h
    h="$(printf '%s' "$RUN_DIR" | md5sum | cut -c1-12)"
    mkdir -p /run/newsroom-wp
    DB_SOCK="/run/newsroom-wp/$h.sock"
  fi
  HTTPD_DIR="$RUN_DIR/apache"
  HTTPD_CONF="$HTTPD_DIR/httpd.conf"
  HTTPD_PID="$HTTPD_DIR/httpd.pid"
  MU_DIR="$RUN_DIR/mu-plugins"
  CREDS_JSON="$RUN_DIR/credentials.json"
  ENV_FILE="$RUN_DIR/env"
  ENV_JSON="$RUN_DIR/env.json"
  PORT_FILE="$RUN_DIR/port"
}

# The port an existing instance was started with, else the argument/default.
instance_port() {
  if [ -n "${1:-}" ]; then echo "$1"
  elif [ -f "$PORT_FILE" ]; then cat "$PORT_FILE"
  else echo "${NEWSROOM_WP_PORT:-$WP_DEFAULT_PORT}"
  fi
}

config_name() { echo "newsroom-$1"; }
config_file() { echo "/etc/wordpress/config-newsroom-$1.php"; }

# pid_alive PIDFILE [COMMAND] — the pid file names a live process (running COMMAND, when given:
# after a reboot or a kill -9 the number may belong to an unrelated process that must not be touched).
pid_alive() {
  local pid
  [ -f "$1" ] || return 1
  pid="$(cat "$1" 2>/dev/null)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ -z "${2:-}" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

db_ping() { mariadb-admin --no-defaults --socket="$DB_SOCK" -uroot ping >/dev/null 2>&1; }

# db_sql "SQL" — run as the DB root user over the instance socket (unix-socket auth).
db_sql() { mariadb --no-defaults --socket="$DB_SOCK" -uroot -N -B wordpress -e "$1"; }

# Run a PHP helper as www-data with the instance's config selected (no Host header on the CLI, so
# the helpers set HTTP_HOST and WORDPRESS_CONFIG themselves from these variables).
run_php() {
  local port="$1"; shift
  runuser -u www-data -- env NEWSROOM_WP_PORT="$port" NEWSROOM_WP_CONFIG="$(config_name "$port")" \
    php "$@"
}
