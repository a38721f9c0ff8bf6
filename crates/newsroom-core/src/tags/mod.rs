//! Tags: one tag per folded key (no «Барыс» next to «барыс»), editorial flags apart from
//! topical tags, autocomplete by prefix and word prefix ranked by use, counts kept by the
//! database itself, rename and merge that can be undone, near-duplicate warnings.

pub mod article_tags;
pub mod autocomplete;
pub mod catalog;
pub mod key;
pub mod operations;

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

pub use article_tags::ArticleTags;
pub use catalog::{NameCheck, TagListQuery, TagOrder};
pub use operations::TagOperation;

/// A tag with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Tag {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// An editorial flag («горячие новости», «Эксклюзив») rather than a topic.
    pub is_flag: bool,
    /// Live (not trashed) articles carrying it.
    pub use_count: u32,
    /// Live published articles carrying it: the site's tag cloud.
    pub published_count: u32,
}

pub(crate) const TAG_COLUMNS: &str = "id, name, is_flag, use_count, published_count";

pub(crate) fn tag_from_row(row: &Row) -> rusqlite::Result<Tag> {
    Ok(Tag {
        id: row.get(0)?,
        name: row.get(1)?,
        is_flag: row.get(2)?,
        use_count: row.get::<_, i64>(3)?.max(0) as u32,
        published_count: row.get::<_, i64>(4)?.max(0) as u32,
    })
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Tag> {
    conn.prepare_cached(&format!("SELECT {TAG_COLUMNS} FROM tags WHERE id = ?1"))?
        .query_row([id], tag_from_row)
        .optional()?
        .ok_or_else(|| crate::error::Error::not_found("tag", id))
}

pub(crate) fn by_key(conn: &Connection, key: &str) -> Result<Option<Tag>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {TAG_COLUMNS} FROM tags WHERE key = ?1"))?
        .query_row([key], tag_from_row)
        .optional()?)
}
