#!/usr/bin/env bash
# Run WP-Cron of a test instance once, synchronously, as www-data: every event due now (e.g.
# publishing scheduled posts whose date has passed) has run when this returns.
#
#   scripts/wordpress/cron.sh [RUN_DIR] [--ahead SECONDS]
#
# --ahead N first publishes scheduled posts due within the next N seconds, exactly as WP-Cron would
# when their time comes (wp_publish_post; the post keeps its scheduled date_gmt), so a test need not
# wait out WordPress's 60-second minimum schedule.
#
# The same over HTTP, without root: GET $NEWSROOM_WP_URL/wp-cron.php (also synchronous; returns
# early if another cron run holds the lock).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ahead=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ahead) ahead="${2:?--ahead needs seconds}"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
RUN_DIR="$(resolve_run_dir "${args[0]:-}")"
set_paths
[ -f "$PORT_FILE" ] || die "no instance in $RUN_DIR (start.sh first)"
port="$(cat "$PORT_FILE")"
runuser -u www-data -- env NEWSROOM_WP_PORT="$port" NEWSROOM_WP_CONFIG="$(config_name "$port")" \
  NEWSROOM_CRON_AHEAD="$ahead" php "$WP_SCRIPTS_DIR/php/cron.php"
