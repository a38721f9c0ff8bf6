-- Workflow: profiles, transitions, notes, assignment; tags (issue 3).
-- Instants are milliseconds since the Unix epoch, UTC.

-- Who uses this machine, in which role. The sync migration (0004) may add columns that
-- link a profile to a backend account.
CREATE TABLE profiles (
    id          TEXT PRIMARY KEY,            -- UUIDv7, text form
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('journalist', 'editor')),
    created_at  INTEGER NOT NULL
) STRICT;

-- The profile that created an article ("My drafts") and the one it is assigned to.
-- Plain text ids, not foreign keys: an article pulled from the backend may name a
-- colleague whose profile does not exist on this machine.
ALTER TABLE articles ADD COLUMN owner_id TEXT;
ALTER TABLE articles ADD COLUMN assignee_id TEXT;

-- The views (review queue, approved, published…) filter live articles by state and sort
-- by last change; "My drafts" adds the owner; the trash is its own small range.
CREATE INDEX articles_live_by_status ON articles (status, updated_at DESC, id DESC) WHERE trashed_at IS NULL;
CREATE INDEX articles_live_by_owner ON articles (owner_id, status, updated_at DESC) WHERE trashed_at IS NULL;
CREATE INDEX articles_live_by_assignee ON articles (assignee_id, status) WHERE trashed_at IS NULL AND assignee_id IS NOT NULL;
CREATE INDEX articles_trashed ON articles (trashed_at DESC) WHERE trashed_at IS NOT NULL;

-- Every workflow transition: who, when, from, to, and the note that went with it.
-- The actor's name and role are copied so the history survives a deleted profile.
CREATE TABLE article_transitions (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor_id    TEXT,                        -- NULL for the scheduler
    actor_name  TEXT NOT NULL,
    actor_role  TEXT NOT NULL CHECK (actor_role IN ('journalist', 'editor', 'scheduler')),
    note        TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
) STRICT;

CREATE INDEX article_transitions_by_article ON article_transitions (article_id, id);

-- The editorial thread of an article, separate from its text. A note written with a
-- transition (why it was sent back) points at it.
CREATE TABLE article_notes (
    id            INTEGER PRIMARY KEY,
    article_id    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id     TEXT,
    author_name   TEXT NOT NULL,
    body          TEXT NOT NULL,
    transition_id INTEGER REFERENCES article_transitions (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX article_notes_by_article ON article_notes (article_id, id);

-- Tags. `key` is fold_for_match(name): «Барыс» and «барыс» share it, so only one of them
-- can exist. Counts are kept up to date by the triggers below, so autocomplete and the
-- tag cloud never scan article_tags, whichever code path changed an article.
CREATE TABLE tags (
    id              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so an undone merge gets its ids back
    name            TEXT NOT NULL,
    key             TEXT NOT NULL UNIQUE,
    is_flag         INTEGER NOT NULL DEFAULT 0 CHECK (is_flag IN (0, 1)),
    use_count       INTEGER NOT NULL DEFAULT 0,  -- live (not trashed) articles
    published_count INTEGER NOT NULL DEFAULT 0,  -- live published articles
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

CREATE INDEX tags_by_use ON tags (use_count DESC, key);
CREATE INDEX tags_by_published ON tags (published_count DESC, key);

-- Every word of every tag key, so «бар» finds «ХК Барыс» with an index range scan.
CREATE TABLE tag_words (
    word    TEXT NOT NULL,
    tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (word, tag_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX tag_words_by_tag ON tag_words (tag_id);

CREATE TABLE article_tags (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,  -- the order the editor gave the tags
    PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TRIGGER article_tags_count_insert AFTER INSERT ON article_tags
BEGIN
    UPDATE tags SET
        use_count = use_count
            + (SELECT count(*) FROM articles WHERE id = NEW.article_id AND trashed_at IS NULL),
        published_count = published_count
            + (SELECT count(*) FROM articles WHERE id = NEW.article_id AND trashed_at IS NULL AND status = 'published')
    WHERE id = NEW.tag_id;
END;

CREATE TRIGGER article_tags_count_delete AFTER DELETE ON article_tags
BEGIN
    UPDATE tags SET
        use_count = use_count
            - (SELECT count(*) FROM articles WHERE id = OLD.article_id AND trashed_at IS NULL),
        published_count = published_count
            - (SELECT count(*) FROM articles WHERE id = OLD.article_id AND trashed_at IS NULL AND status = 'published')
    WHERE id = OLD.tag_id;
END;

CREATE TRIGGER articles_tag_counts AFTER UPDATE OF status, trashed_at ON articles
WHEN (OLD.trashed_at IS NULL) != (NEW.trashed_at IS NULL)
  OR (OLD.status = 'published' AND OLD.trashed_at IS NULL) != (NEW.status = 'published' AND NEW.trashed_at IS NULL)
BEGIN
    UPDATE tags SET
        use_count = use_count + ((NEW.trashed_at IS NULL) - (OLD.trashed_at IS NULL)),
        published_count = published_count
            + ((NEW.status = 'published' AND NEW.trashed_at IS NULL) - (OLD.status = 'published' AND OLD.trashed_at IS NULL))
    WHERE id IN (SELECT tag_id FROM article_tags WHERE article_id = NEW.id);
END;

-- Tag renames and merges, with what they changed, so they can be undone.
CREATE TABLE tag_operations (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('rename', 'merge')),
    summary     TEXT NOT NULL,               -- for the UI: «барыс, Барыс ХК → ХК Барыс»
    payload     TEXT NOT NULL,               -- JSON: what to put back
    created_at  INTEGER NOT NULL,
    undone_at   INTEGER
) STRICT;
