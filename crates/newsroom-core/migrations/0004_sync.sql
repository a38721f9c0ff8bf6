-- Sync with the publishing backend: accounts, outbox, remote mirror (issue 5).
-- Instants are milliseconds since the Unix epoch, UTC. Passwords are never stored here:
-- they live in the OS secret store (or an encrypted file), named by `secret_ref`.

-- The one site account of this app (a newsroom has one site).
CREATE TABLE sync_account (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    site_url      TEXT NOT NULL,
    login         TEXT NOT NULL,
    wp_user_id    INTEGER NOT NULL,
    display_name  TEXT NOT NULL,
    wp_roles      TEXT NOT NULL,              -- JSON array, as the site reported them
    role          TEXT NOT NULL,              -- the profile role it maps to
    secret_store  TEXT NOT NULL CHECK (secret_store IN ('keyring', 'file')),
    plugin_version TEXT,                      -- NULL: a stock WordPress without the companion plugin
    verified_at   INTEGER NOT NULL
) STRICT;

-- What must still reach the server, one row per article: edits coalesce into the row, which
-- remembers the first and the last change it stands for. Written by the change-log hook in
-- the same transaction as the edit, so a crash can never lose a pending change.
CREATE TABLE sync_outbox (
    article_id      TEXT PRIMARY KEY,
    first_seq       INTEGER NOT NULL,        -- order of sending: oldest pending change first
    last_seq        INTEGER NOT NULL,        -- a push covering up to here may clear the row
    enqueued_at     INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    failure         TEXT,                    -- why the last attempt failed, for the user
    failure_kind    TEXT CHECK (failure_kind IN ('retryable', 'permanent')),
    -- A create whose answer never arrived: the post may exist, so look it up before creating.
    uncertain_create INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX sync_outbox_order ON sync_outbox (first_seq);

-- The last-synced copy of each article (the base of three-way merges), in local terms (what
-- the article held) and in remote terms (what the server held), so a field the server
-- rewrites on save (a de-duplicated slug, filtered HTML) is not mistaken for a new edit.
CREATE TABLE sync_mirror (
    article_id      TEXT PRIMARY KEY,
    remote_id       INTEGER NOT NULL UNIQUE,
    remote_uuid     TEXT,
    base_headline   TEXT NOT NULL,
    base_dek        TEXT NOT NULL,
    base_body       TEXT NOT NULL,
    base_slug       TEXT NOT NULL,
    base_status     TEXT NOT NULL,
    base_publish_at INTEGER,
    base_tags       TEXT NOT NULL,           -- JSON array of tag names
    remote_title    TEXT NOT NULL,
    remote_excerpt  TEXT NOT NULL,
    remote_content  TEXT NOT NULL,           -- HTML as the server stores it (content.raw)
    remote_markdown TEXT,                    -- meta.newsroom_markdown, where the plugin keeps it
    remote_slug     TEXT NOT NULL,
    remote_status   TEXT NOT NULL,
    remote_date_gmt TEXT,
    remote_tags     TEXT NOT NULL,           -- JSON array of term ids
    remote_workflow TEXT,                    -- meta.newsroom_workflow (approved, changes_requested)
    remote_modified_gmt TEXT,
    remote_rev      TEXT,                    -- the plugin's revision counter / ETag
    synced_at       INTEGER NOT NULL
) STRICT;

-- Both versions of whatever the two sides changed differently; nothing is dropped until the
-- user resolves it, and the row stays afterwards as a record.
CREATE TABLE sync_conflicts (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT NOT NULL,
    field        TEXT NOT NULL,
    base_value   TEXT NOT NULL,
    local_value  TEXT NOT NULL,
    remote_value TEXT NOT NULL,
    detected_at  INTEGER NOT NULL,
    resolved_at  INTEGER,
    resolution   TEXT CHECK (resolution IN ('local', 'remote', 'edited')),
    resolved_value TEXT
) STRICT;

CREATE INDEX sync_conflicts_open ON sync_conflicts (article_id) WHERE resolved_at IS NULL;

-- Site tags already seen, by folded name, so tag matching needs no search per push.
CREATE TABLE sync_terms (
    term_id  INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    folded   TEXT NOT NULL
) STRICT;

CREATE INDEX sync_terms_folded ON sync_terms (folded);

-- Pull cursors, the last sync time, the last error: small named values.
CREATE TABLE sync_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
