#!/usr/bin/env bash
# The WordPress sites the test suites use, in one command.
#
#   scripts/wordpress/test-env.sh up     start (or reuse) both sites, write target/wordpress/test.env
#   scripts/wordpress/test-env.sh down   stop both
#
# Sites: with the companion plugin at http://127.0.0.1:8089 (run dir target/wordpress) and stock
# WordPress (plugin off) at http://127.0.0.1:8090 (run dir target/wordpress-stock).
# NEWSROOM_WP_PORT_BASE=N moves them to N and N+1, so two checkouts on one machine can each run
# their own pair.
# test.env holds `export` lines: everything from target/wordpress/env (NEWSROOM_WP_URL,
# NEWSROOM_WP_{ADMIN,EDITOR,JOURNALIST,JOURNALIST2}_{USER,PASSWORD}, NEWSROOM_WP_RUN_DIR,
# NEWSROOM_WP_PORT, NEWSROOM_WP_PLUGIN=1), the same for the stock site with the prefix
# NEWSROOM_WP_STOCK_ (e.g. NEWSROOM_WP_STOCK_URL, NEWSROOM_WP_STOCK_EDITOR_PASSWORD), and
# NEWSROOM_WP_STOCK_ENV (path of the stock site's env.json).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT_BASE="${NEWSROOM_WP_PORT_BASE:-8089}"
MAIN="$REPO_ROOT/target/wordpress"
STOCK="$REPO_ROOT/target/wordpress-stock"
case "${1:-}" in
  up)
    NEWSROOM_WP_PLUGIN=1 "$WP_SCRIPTS_DIR/start.sh" "$MAIN" "$PORT_BASE"
    NEWSROOM_WP_PLUGIN=0 "$WP_SCRIPTS_DIR/start.sh" "$STOCK" "$((PORT_BASE + 1))"
    {
      cat "$MAIN/env"
      sed 's/^export NEWSROOM_WP_/export NEWSROOM_WP_STOCK_/' "$STOCK/env"
      echo "export NEWSROOM_WP_STOCK_ENV=$STOCK/env.json"
    } >"$MAIN/test.env"
    log "sites up; source $MAIN/test.env"
    ;;
  down)
    "$WP_SCRIPTS_DIR/stop.sh" "$MAIN"
    "$WP_SCRIPTS_DIR/stop.sh" "$STOCK"
    ;;
  *) die "usage: test-env.sh up|down" ;;
esac
