//! Tag autocomplete: what the tag field offers as the user types.
//!
//! A suggestion matches when the folded input is a prefix of the tag's key («бар» →
//! «Барыс») or of any word in it («бар» → «ХК Барыс»). Both are index range scans (the
//! unique key index and `tag_words`), and ranking reads the denormalised use count, so a
//! keystroke never touches `article_tags`.

use crate::error::Result;
use crate::store::Store;
use crate::tags::key::{prefix_upper_bound, tag_key};
use crate::tags::{tag_from_row, Tag, TAG_COLUMNS};
use rusqlite::{params, Connection};

/// Suggestions shown by default.
pub const DEFAULT_SUGGESTIONS: u32 = 10;

/// Ranking: the exact tag first, then tags that start with the input, then tags with a
/// word that does; within each, the most used first.
pub(crate) fn suggest(conn: &Connection, input: &str, limit: u32) -> Result<Vec<Tag>> {
    let prefix = tag_key(input);
    let limit = limit.clamp(1, 100);
    if prefix.is_empty() {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {TAG_COLUMNS} FROM tags ORDER BY use_count DESC, key LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], tag_from_row)?;
        return Ok(rows.collect::<rusqlite::Result<_>>()?);
    }
    let upper = prefix_upper_bound(&prefix);
    let mut stmt = conn.prepare_cached(
        "WITH hits (id) AS (
             SELECT tag_id FROM tag_words WHERE word >= ?1 AND word < ?2
             UNION
             SELECT id FROM tags WHERE key >= ?1 AND key < ?2
         )
         SELECT t.id, t.name, t.is_flag, t.use_count, t.published_count
         FROM hits JOIN tags t ON t.id = hits.id
         ORDER BY t.key = ?1 DESC, (t.key >= ?1 AND t.key < ?2) DESC, t.use_count DESC, t.key
         LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![prefix, upper, limit], tag_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Tags matching what the user typed so far; case, ё/е and word order inside the tag
    /// do not matter; Kazakh letters are matched as themselves.
    pub fn autocomplete_tags(&self, input: &str, limit: u32) -> Result<Vec<Tag>> {
        self.db().read(|conn| suggest(conn, input, limit))
    }
}
