-- The user's remembered confirmation that this site may be reached over plain http
-- although it is not on this computer (issue 10): the application password then travels
-- unencrypted. 0 (the default, and every existing account) means https or loopback only.
ALTER TABLE sync_account ADD COLUMN plain_http_confirmed INTEGER NOT NULL DEFAULT 0
    CHECK (plain_http_confirmed IN (0, 1));
