-- Images: one row per stored image, keyed by the SHA-256 of the web copy the app keeps and
-- sends (its file name in the data directory), and one row per article that uses it.

CREATE TABLE images (
    hash          TEXT PRIMARY KEY,          -- lowercase hex SHA-256 of the web copy
    web_ext       TEXT NOT NULL CHECK (web_ext IN ('jpg', 'png')),
    thumb_ext     TEXT NOT NULL CHECK (thumb_ext IN ('jpg', 'png')),
    width         INTEGER NOT NULL,          -- of the web copy, after orientation
    height        INTEGER NOT NULL,
    byte_size     INTEGER NOT NULL,          -- of the web copy
    source_format TEXT NOT NULL CHECK (source_format IN ('jpeg', 'png', 'webp', 'gif')),
    source_width  INTEGER NOT NULL,
    source_height INTEGER NOT NULL,
    -- Set when the untouched original (with its metadata) was kept on request; it is
    -- never sent anywhere.
    original_ext  TEXT,
    alt           TEXT NOT NULL DEFAULT '',
    caption       TEXT NOT NULL DEFAULT '',
    credit        TEXT NOT NULL DEFAULT '',
    rights        TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
) STRICT;

-- The references: an image is deleted only when no article (live or trashed, since a
-- trashed article can be restored) holds a row here.
CREATE TABLE article_images (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    image_hash  TEXT NOT NULL REFERENCES images (hash),
    featured    INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (article_id, image_hash)
) STRICT;

CREATE INDEX article_images_by_image ON article_images (image_hash);
-- At most one featured image per article.
CREATE UNIQUE INDEX article_images_one_featured ON article_images (article_id) WHERE featured = 1;
