-- A word-count target per article (issue 15): editors commission by length ("600–800 слов").
-- Its own table, so an article without a target has no row and the articles table and its
-- covering list index stay as they are.
CREATE TABLE article_word_targets (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    min_words  INTEGER NOT NULL CHECK (min_words >= 0),
    max_words  INTEGER CHECK (max_words IS NULL OR max_words >= min_words)
) STRICT;
