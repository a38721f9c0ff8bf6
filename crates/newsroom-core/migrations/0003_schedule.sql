-- Scheduling and embargo (issue 4).
--
-- A schedule and an embargo keep what the editor meant — a wall-clock time in an IANA zone,
-- plus the offset they picked when that time was ambiguous or skipped at a DST change —
-- next to the UTC instant computed from it. When the tz database the app ships changes a
-- zone's rules, the instant is recomputed from the wall-clock time (see schedule/tzcheck.rs).
-- Instants are milliseconds since the Unix epoch, UTC; wall-clock times are
-- 'YYYY-MM-DDTHH:MM:SS' in `zone`.

CREATE TABLE schedules (
    article_id    TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    zone          TEXT NOT NULL,
    local_time    TEXT NOT NULL,
    -- NULL when the wall-clock time was unique; otherwise which offset the editor chose.
    fold          TEXT CHECK (fold IN ('earlier', 'later')),
    publish_at    INTEGER NOT NULL,
    -- The lead article of its slot; two leads in one slot get a warning.
    lead          INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0, 1)),
    scheduled_by  TEXT NOT NULL,
    scheduled_at  INTEGER NOT NULL,
    -- Set when the article went out; the row stays for the calendar.
    published_at  INTEGER,
    -- Set when the scheduler could not publish; the scheduler does not retry until the
    -- article is rescheduled, and a notice tells the user why.
    failed_at     INTEGER,
    failure       TEXT
) STRICT;

CREATE INDEX schedules_pending ON schedules (publish_at)
    WHERE published_at IS NULL AND failed_at IS NULL;
CREATE INDEX schedules_by_time ON schedules (publish_at);

CREATE TABLE embargoes (
    article_id  TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    zone        TEXT NOT NULL,
    local_time  TEXT NOT NULL,
    fold        TEXT CHECK (fold IN ('earlier', 'later')),
    until_at    INTEGER NOT NULL,
    set_by      TEXT NOT NULL,
    set_at      INTEGER NOT NULL
) STRICT;

-- Things the user must see and acknowledge, one per article: a publish that went out late
-- (the app was closed or asleep), a schedule or embargo moved by a tz-rule change, a
-- publish that failed. The headline is copied so the notice reads the same later.
CREATE TABLE schedule_notices (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('late_publish', 'schedule_moved', 'embargo_moved', 'publish_failed')),
    article_id       TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    headline         TEXT NOT NULL,
    message          TEXT NOT NULL,
    -- How late, or how far the instant moved (signed), in whole minutes.
    minutes          INTEGER,
    created_at       INTEGER NOT NULL,
    acknowledged_at  INTEGER
) STRICT;

CREATE INDEX schedule_notices_open ON schedule_notices (id) WHERE acknowledged_at IS NULL;

-- The calendar shows published articles at the time they went out (the workflow's
-- transition to 'published').
CREATE INDEX article_transitions_published ON article_transitions (at) WHERE to_state = 'published';
