-- The desk shared through the site (issue 11): notes, workflow history, checklist results
-- and the assignment travel between the machines of a newsroom.

-- Each note or history entry the site knows (or is about to), by the client id it carries
-- there. A local entry gets its row (with a new id) before the first request, so a retry
-- after a lost answer sends the same id and the site stores it once. An entry that came
-- from the site gets its row as it is written here, so it never goes back.
CREATE TABLE desk_links (
    client_id  TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('note', 'history', 'checklist')),
    -- article_notes.id or article_transitions.id (a checklist: the approval it went with)
    local_id   INTEGER NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('here', 'site')),
    sent_at    INTEGER,                       -- NULL: still to send
    failure    TEXT,                          -- the site refused it for good (shown, not retried)
    UNIQUE (kind, local_id)
) STRICT;

-- Who the article is assigned to on the site (a WordPress user: the same person on every
-- machine), and whether this machine's assignment still has to go out.
CREATE TABLE desk_assignment (
    article_id    TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    wp_user_id    INTEGER,                    -- NULL: unassigned
    assignee_name TEXT NOT NULL,
    assigned_by   TEXT NOT NULL,
    at            INTEGER NOT NULL,
    client_id     TEXT NOT NULL,
    sent          INTEGER NOT NULL CHECK (sent IN (0, 1))
) STRICT;

-- The latest checklist results the site has for the article (an editor's, at approval).
CREATE TABLE desk_checklist (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    results    TEXT NOT NULL,                 -- JSON [{check, passed, found, min, max}]
    checked_by TEXT NOT NULL,
    at         INTEGER NOT NULL
) STRICT;

-- Desk events for posts this machine does not track yet; applied once it does.
CREATE TABLE sync_desk_inbox (
    seq     INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL,
    event   TEXT NOT NULL                     -- the event as the site sent it (JSON)
) STRICT;
