-- Articles, their revisions, and the change log every edit writes in its own transaction.
-- Instants are milliseconds since the Unix epoch, UTC.

CREATE TABLE articles (
    id          TEXT PRIMARY KEY,            -- UUIDv7, text form
    headline    TEXT NOT NULL DEFAULT '',
    dek         TEXT NOT NULL DEFAULT '',
    byline      TEXT NOT NULL DEFAULT '',
    slug        TEXT NOT NULL DEFAULT '',
    headline_key TEXT NOT NULL DEFAULT '', -- fold_for_match(headline), for the list filter
    body        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft',
    word_count  INTEGER NOT NULL DEFAULT 0,
    -- Bumped by every save; a save names the version it started from, so a stale editor
    -- can never overwrite a newer text silently.
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    trashed_at  INTEGER
) STRICT;

-- The article list: live or trashed, newest first. headline_key rides along so the
-- count and the filter read this index instead of every article's body.
CREATE INDEX articles_by_update ON articles (trashed_at, updated_at DESC, id DESC, headline_key);

CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('autosave', 'manual', 'restore', 'import', 'created', 'remote')),
    created_at  INTEGER NOT NULL,
    -- An autosave revision grows while the author keeps typing; updated_at says when it
    -- last did, so a pause can start a new one.
    updated_at  INTEGER NOT NULL,
    headline    TEXT NOT NULL,
    dek         TEXT NOT NULL,
    byline      TEXT NOT NULL,
    slug        TEXT NOT NULL,
    body        TEXT NOT NULL,
    restored_from INTEGER REFERENCES revisions (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX revisions_by_article ON revisions (article_id, id DESC);

-- Every change to an article, in commit order. Consumers (the search index, sync) keep
-- their own cursor into it, so nothing that committed can be missed.
CREATE TABLE article_changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    changed_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
