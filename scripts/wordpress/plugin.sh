#!/usr/bin/env bash
# Switch the companion must-use plugin on or off for a running test instance (takes effect on the
# next request; no restart). Each instance has its own must-use-plugin folder, RUN_DIR/mu-plugins.
#
#   scripts/wordpress/plugin.sh on|off|status [RUN_DIR]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode="${1:-status}"
RUN_DIR="$(resolve_run_dir "${2:-}")"
set_paths
link="$MU_DIR/newsroom-companion.php"
set_env_flag() {
  [ -f "$ENV_FILE" ] && sed -i "s/^export NEWSROOM_WP_PLUGIN=.*/export NEWSROOM_WP_PLUGIN=$1/" "$ENV_FILE"
  [ -f "$ENV_JSON" ] && sed -i "s/\"NEWSROOM_WP_PLUGIN\": \"[01]\"/\"NEWSROOM_WP_PLUGIN\": \"$1\"/" "$ENV_JSON"
  return 0
}
case "$mode" in
  on) mkdir -p "$MU_DIR"; ln -sfn "$REPO_ROOT/wordpress-plugin/newsroom-companion.php" "$link"; set_env_flag 1 ;;
  off) rm -f "$link"; set_env_flag 0 ;;
  status) ;;
  *) die "usage: plugin.sh on|off|status [RUN_DIR]" ;;
esac
if [ -e "$link" ]; then echo on; else echo off; fi
