#!/usr/bin/env bash
# Start (or reuse) a local WordPress test backend.
#
#   scripts/wordpress/start.sh [RUN_DIR] [PORT]
#
#   RUN_DIR  default target/wordpress in the repo (git-ignored); PORT default 8089.
#   NEWSROOM_WP_PLUGIN=0   start without the companion must-use plugin (a stock WordPress); the
#                          default 1 installs wordpress-plugin/newsroom-companion.php. Toggle a
#                          running instance with scripts/wordpress/plugin.sh on|off [RUN_DIR].
#   NEWSROOM_WP_CRON=page  let page hits spawn WP-Cron as on a real site; the default (off) makes
#                          cron run only when a test asks (scripts/wordpress/cron.sh or GET /wp-cron.php).
#
# Idempotent and fast when the instance is already up: it is detected and reused. Stale pid files
# and sockets from a killed run are cleaned up. Needs root (installs packages when missing, runs the
# servers, writes /etc/wordpress/config-newsroom-PORT.php). No systemd needed.
#
# Writes RUN_DIR/env (shell `export` lines) and RUN_DIR/env.json with the same keys:
#   NEWSROOM_WP_URL, NEWSROOM_WP_{ADMIN,EDITOR,JOURNALIST,JOURNALIST2}_{USER,PASSWORD},
#   NEWSROOM_WP_RUN_DIR, NEWSROOM_WP_PORT, NEWSROOM_WP_PLUGIN (1|0).
# The *_PASSWORD values are Application Passwords (HTTP Basic "user:password").
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" = 0 ] || die "must run as root"
RUN_DIR="$(resolve_run_dir "${1:-}")"
set_paths
PORT="$(instance_port "${2:-}")"
URL="http://127.0.0.1:$PORT"
WANT_PLUGIN="${NEWSROOM_WP_PLUGIN:-1}"
REUSED=0
T0=$EPOCHREALTIME

ensure_packages() {
  local missing=() installed p
  # One dpkg-query for all packages (a call per package costs ~30 ms each on a warm start).
  # dpkg-query exits 1 when it has never heard of a package (a fresh machine): that is an
  # answer ("not installed"), not a failure, so its status must not end the script.
  installed="$( (dpkg-query -W -f='${Package} ${Status}\n' "${WP_PACKAGES[@]}" 2>/dev/null || true) | awk '/install ok installed/ {print $1}')"
  for p in "${WP_PACKAGES[@]}"; do
    grep -qx "$p" <<<"$installed" || missing+=("$p")
  done
  [ "${#missing[@]}" = 0 ] && return 0
  log "installing packages: ${missing[*]}"
  # Keep package scripts from starting the system-wide apache2/mariadb (we run our own).
  local own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed; the Debian package lists could not be fetched"
  apt-get install -y -qq --no-install-recommends "${WP_PACKAGES[@]}" >/dev/null \
    || die "apt-get install failed for: ${missing[*]}"
  [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

start_db() {
  mkdir -p "$DB_DIR"
  if pid_alive "$DB_PID" mariadbd && db_ping; then
    log "MariaDB already running (pid $(cat "$DB_PID"))"
    return 0
  fi
  # Whatever is left from a killed run (pid file, socket) is stale now.
  if pid_alive "$DB_PID" mariadbd; then kill "$(cat "$DB_PID")" 2>/dev/null || true; sleep 1; fi
  rm -f "$DB_PID" "$DB_SOCK" "$DB_SOCK.lock"
  cat >"$DB_CNF" <<EOF
[mariadbd]
user = root
datadir = $DB_DATA
socket = $DB_SOCK
pid-file = $DB_PID
log-error = $DB_LOG
skip-networking
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
innodb_buffer_pool_size = 128M
# A throwaway test database: durability on power loss does not matter, latency does.
innodb_flush_log_at_trx_commit = 2
sync_binlog = 0
EOF
  if [ ! -d "$DB_DATA/mysql" ]; then
    log "initialising MariaDB data dir"
    rm -rf "$DB_DATA"
    # A machine without /etc/hosts (a fresh container or chroot) cannot resolve its own host
    # name, and the installer then stops ("Neither host … nor 'localhost' could be looked
    # up"). This server never needs names (skip-networking: socket only, users @localhost),
    # so --force (go on without the lookup) with --skip-name-resolve is safe here.
    mariadb-install-db --defaults-file="$DB_CNF" --auth-root-authentication-method=socket \
      --skip-name-resolve --force --skip-test-db >"$DB_DIR/install.log" 2>&1 || { cat "$DB_DIR/install.log" >&2; die "mariadb-install-db failed"; }
  fi
  # Own session and no inherited stdio: a caller that captures our output (or kills our process
  # group on a timeout) must not wait for or take down the server.
  setsid /usr/sbin/mariadbd --defaults-file="$DB_CNF" </dev/null >/dev/null 2>&1 &
  disown

  for _ in $(seq 1 150); do
    db_ping && break
    sleep 0.1
  done
  db_ping || { tail -20 "$DB_LOG" >&2; die "MariaDB did not come up"; }
  mariadb --no-defaults --socket="$DB_SOCK" -uroot -e "
    CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY 'wordpress';
    GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';"
  log "MariaDB up (socket $DB_SOCK)"
}

write_wp_config() {
  local cfg salts cron_line
  cfg="$(config_file "$PORT")"
  if [ "${NEWSROOM_WP_CRON:-off}" = page ]; then cron_line="define('DISABLE_WP_CRON', false);"
  else cron_line="define('DISABLE_WP_CRON', true);"; fi
  # Salts only need to be stable for the life of the instance; keep them across restarts so
  # cookies/nonces stay valid.
  if [ ! -f "$RUN_DIR/salts.php" ]; then
    salts=""
    for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      salts+="define('$k', '$(head -c 48 /dev/urandom | base64 -w0 | tr -d '/+=')');"$'\n'
    done
    printf '%s' "$salts" >"$RUN_DIR/salts.php"
  fi
  mkdir -p "$MU_DIR"
  cat >"$cfg.tmp" <<EOF
<?php
// Written by scripts/wordpress/start.sh for the test instance in $RUN_DIR — do not edit.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', 'wordpress');
define('DB_HOST', 'localhost:$DB_SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
// Application Passwords over plain http need a 'local' environment.
define('WP_ENVIRONMENT_TYPE', 'local');
// No internet here: WordPress must not try to reach out (loopback stays allowed).
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
// Cron runs only when a test asks for it (scripts/wordpress/cron.sh, GET /wp-cron.php), so that
// "scheduled -> published" happens at a moment the test controls.
$cron_line
// Per-instance must-use plugins: lets a plugin-on and a stock instance run side by side.
define('WPMU_PLUGIN_DIR', '$MU_DIR');
define('WPMU_PLUGIN_URL', '$URL/wp-content/mu-plugins');
$(cat "$RUN_DIR/salts.php")
EOF
  mv "$cfg.tmp" "$cfg"
  chmod 644 "$cfg"
}

set_plugin() {
  if [ "$WANT_PLUGIN" = 1 ]; then
    [ -f "$REPO_ROOT/wordpress-plugin/newsroom-companion.php" ] || die "wordpress-plugin/newsroom-companion.php is missing"
    ln -sfn "$REPO_ROOT/wordpress-plugin/newsroom-companion.php" "$MU_DIR/newsroom-companion.php"
  else
    rm -f "$MU_DIR/newsroom-companion.php"
  fi
}

http_up() { curl -s -o /dev/null --max-time 5 "$URL/wp-includes/images/blank.gif"; }

start_httpd() {
  mkdir -p "$HTTPD_DIR"
  if pid_alive "$HTTPD_PID" apache2 && http_up; then
    log "Apache already running (pid $(cat "$HTTPD_PID"))"
    return 0
  fi
  if pid_alive "$HTTPD_PID" apache2; then kill "$(cat "$HTTPD_PID")" 2>/dev/null || true; sleep 1; fi
  rm -f "$HTTPD_PID"
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
    die "port $PORT is taken by something that is not this instance's Apache"
  fi
  local mods=/usr/lib/apache2/modules
  cat >"$HTTPD_CONF" <<EOF
# Written by scripts/wordpress/start.sh — a self-contained Apache for one test instance.
ServerRoot /etc/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile $HTTPD_PID
DefaultRuntimeDir $HTTPD_DIR
Mutex file:$HTTPD_DIR default
ErrorLog $HTTPD_DIR/error.log
LogLevel warn
User www-data
Group www-data
LoadModule mpm_prefork_module $mods/mod_mpm_prefork.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule mime_module $mods/mod_mime.so
LoadModule dir_module $mods/mod_dir.so
LoadModule alias_module $mods/mod_alias.so
LoadModule rewrite_module $mods/mod_rewrite.so
LoadModule env_module $mods/mod_env.so
LoadModule php_module $mods/libphp8.2.so
# Two cores: a handful of PHP workers saturate them; more only adds memory.
StartServers 4
MinSpareServers 2
MaxSpareServers 8
MaxRequestWorkers 16
MaxConnectionsPerChild 0
KeepAlive On
KeepAliveTimeout 15
MaxKeepAliveRequests 0
Timeout 60
TypesConfig /etc/mime.types
LogFormat "%h %t \"%r\" %>s %b %D" timed
CustomLog $HTTPD_DIR/access.log timed
<FilesMatch ".+\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
DirectoryIndex index.php index.html
# Debian's wp-config.php loads /etc/wordpress/config-\$WORDPRESS_CONFIG.php when this is set.
SetEnv WORDPRESS_CONFIG $(config_name "$PORT")
DocumentRoot $WP_CORE_DIR
Alias /wp-content $WP_CONTENT_DIR
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory $WP_CORE_DIR>
  Options FollowSymLinks
  AllowOverride None
  Require all granted
  # WordPress's own permalink rules (what its .htaccess would hold).
  RewriteEngine On
  RewriteBase /
  RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
  RewriteRule ^index\.php$ - [L]
  RewriteCond %{REQUEST_FILENAME} !-f
  RewriteCond %{REQUEST_FILENAME} !-d
  RewriteRule . /index.php [L]
</Directory>
<Directory $WP_CONTENT_DIR>
  Options FollowSymLinks
  AllowOverride None
  Require all granted
</Directory>
EOF
  setsid /usr/sbin/apache2 -f "$HTTPD_CONF" -k start </dev/null >"$HTTPD_DIR/start.log" 2>&1 ||
    { cat "$HTTPD_DIR/start.log" >&2; tail -20 "$HTTPD_DIR/error.log" >&2 || true; die "Apache failed to start"; }

  for _ in $(seq 1 100); do
    http_up && break
    sleep 0.1
  done
  http_up || { tail -20 "$HTTPD_DIR/error.log" >&2; die "Apache did not answer on $URL"; }
  log "Apache up on $URL"
}

install_wp() {
  local installed
  installed="$(db_sql "SELECT option_value FROM wp_options WHERE option_name='siteurl'" 2>/dev/null || true)"
  if [ -n "$installed" ] && [ -s "$CREDS_JSON" ] && creds_work; then
    log "WordPress already installed; reusing accounts in $CREDS_JSON"
    REUSED=1
    return 0
  fi
  log "installing WordPress and accounts"
  local out errors="$RUN_DIR/install.err"
  # Its output is the accounts' JSON; what PHP said on failure is shown, not swallowed.
  out="$(run_php "$PORT" "$WP_SCRIPTS_DIR/php/install.php" 2>"$errors")" || {
    printf '%s\n' "$out" | tail -20 >&2
    tail -20 "$errors" >&2
    die "install.php failed (what it said is above)"
  }
  printf '%s\n' "$out" >"$CREDS_JSON.tmp"
  chmod 600 "$CREDS_JSON.tmp"
  mv "$CREDS_JSON.tmp" "$CREDS_JSON"
}

# shellcheck disable=SC2016  # PHP code, not shell
cred() { php -r '$c = json_decode(file_get_contents($argv[1]), true); echo $c[$argv[2]][$argv[3]] ?? "";' "$CREDS_JSON" "$1" "$2"; }

# The editor's Application Password authenticates (a public GET would answer 200 even with bad
# credentials, so ask for users/me in edit context).
creds_work() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -u "editor1:$(cred editor1 app_password)" \
    "$URL/wp-json/wp/v2/users/me?context=edit" 2>/dev/null || true)"
  [ "$code" = 200 ]
}

write_env() {
  php "$WP_SCRIPTS_DIR/php/write-env.php" "$CREDS_JSON" "$ENV_FILE" "$ENV_JSON" "$URL" "$RUN_DIR" "$PORT" "$WANT_PLUGIN"
}

# WordPress runs as www-data (Apache's PHP and the install scripts): it must reach the run
# directory and scripts/wordpress/php. A checkout in a home others may not enter (/root is 0700,
# and so are new homes on Debian 12) stopped WordPress at "install.php failed". Such a parent is
# opened to www-data alone, to pass through (an ACL entry, execute only: it can neither list
# nor read the directory), and the log says so.
web_server_reads() { runuser -u www-data -- test -r "$WP_SCRIPTS_DIR/php/bootstrap.php" && runuser -u www-data -- test -r "$RUN_DIR"; }

let_web_server_through() {
  web_server_reads && return 0
  if ! command -v setfacl >/dev/null; then
    log "installing acl (to let www-data pass through this checkout's parent directories)"
    # The package lists may never have been fetched (every WordPress package was there).
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends acl >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends acl >/dev/null; } \
      || die "apt-get install failed for: acl"
  fi
  local path dir
  for path in "$WP_SCRIPTS_DIR" "$RUN_DIR"; do
    dir="/"
    local part
    IFS=/ read -ra parts <<<"${path#/}"
    for part in "${parts[@]}"; do
      dir="${dir%/}/$part"
      [ -d "$dir" ] || break
      if ! runuser -u www-data -- test -x "$dir"; then
        setfacl -m u:www-data:x "$dir" || die "could not let www-data pass through $dir"
        log "let www-data pass through $dir (ACL u:www-data:--x), so WordPress can read this checkout"
      fi
    done
  done
  web_server_reads || die "the web server's user (www-data) cannot read $WP_SCRIPTS_DIR or $RUN_DIR.
  WordPress runs as www-data and reads the run directory and scripts/wordpress/php from this
  checkout. Put the checkout where other users may enter (for example under /srv or /opt)."
}

ensure_packages
let_web_server_through
echo "$PORT" >"$PORT_FILE"
start_db
write_wp_config
set_plugin
start_httpd
install_wp
write_env
[ "$REUSED" = 1 ] || creds_work || die "the editor's Application Password is rejected by $URL"
log "ready in $(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s: $URL (plugin=$WANT_PLUGIN); env in $ENV_FILE"
