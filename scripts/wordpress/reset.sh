#!/usr/bin/env bash
# Empty a running test instance between test groups: all posts (any type/status, incl. trash and
# revisions), their meta and comments, all tags/categories except "Uncategorized", and the companion
# plugin's change feed. Users and Application Passwords stay, so RUN_DIR/env remains valid.
#
#   scripts/wordpress/reset.sh [RUN_DIR]
#
# Plain SQL over the instance socket (~50 ms). DELETE rather than TRUNCATE keeps AUTO_INCREMENT
# counters, so post ids and change-feed cursors never repeat across groups: an app database that
# survives a reset cannot mistake a new post for an old one.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR="$(resolve_run_dir "${1:-}")"
set_paths
db_ping || die "MariaDB of $RUN_DIR is not running (start.sh first)"

feed_table="$(db_sql "SHOW TABLES LIKE 'wp_newsroom_changes'")"
db_sql "
  DELETE FROM wp_commentmeta; DELETE FROM wp_comments;
  DELETE FROM wp_postmeta; DELETE FROM wp_posts;
  DELETE FROM wp_term_relationships;
  DELETE FROM wp_termmeta WHERE term_id <> 1;
  DELETE FROM wp_term_taxonomy WHERE term_id <> 1;
  DELETE FROM wp_terms WHERE term_id <> 1;
  UPDATE wp_term_taxonomy SET count = 0;
  DELETE FROM wp_options WHERE option_name LIKE '\\_transient\\_%' OR option_name LIKE '\\_site\\_transient\\_%';
  ${feed_table:+DELETE FROM wp_newsroom_changes;}"
log "reset $RUN_DIR: posts, terms and change feed emptied; users kept"
