//! The catalogue of tags: creating one (or finding that it exists), near-duplicate
//! warnings, listing with counts, the tag cloud, and the editorial-flag marker.

use crate::clock::to_millis;
use crate::error::{Error, ErrorCode, Result};
use crate::profile::Role;
use crate::said::Said;
use crate::store::Store;
use crate::tags::key::{clean_name, key_words, resemblance, tag_key};
use crate::tags::{by_key, load, tag_from_row, Tag, TAG_COLUMNS};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the tag field should tell the user about a name before it becomes a tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NameCheck {
    /// The name as it would be stored.
    pub name: String,
    /// The tag this name already is (same folded key): using the name means using it.
    pub existing: Option<Tag>,
    /// Other tags it resembles («барыс» → «ХК Барыс»), most used first.
    pub similar: Vec<Tag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TagOrder {
    /// Most used first.
    #[default]
    Use,
    /// Most published first (the tag cloud).
    Published,
    Name,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct TagListQuery {
    pub order: TagOrder,
    /// Only flags (`true`), only topical tags (`false`), or both.
    #[ts(optional)]
    pub flags: Option<bool>,
    #[ts(optional)]
    pub limit: Option<u32>,
    #[ts(optional)]
    pub offset: Option<u32>,
}

/// Inserts a tag whose key is known to be free, with its words.
pub(crate) fn insert(
    tx: &Transaction,
    name: &str,
    is_flag: bool,
    now: DateTime<Utc>,
) -> Result<Tag> {
    let key = tag_key(name);
    tx.execute(
        "INSERT INTO tags (name, key, is_flag, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![name, key, is_flag, to_millis(now)],
    )?;
    let id = tx.last_insert_rowid();
    write_words(tx, id, &key)?;
    load(tx, id)
}

/// Replaces the autocomplete words of a tag.
pub(crate) fn write_words(tx: &Transaction, id: i64, key: &str) -> Result<()> {
    tx.execute("DELETE FROM tag_words WHERE tag_id = ?1", [id])?;
    let mut stmt =
        tx.prepare_cached("INSERT OR IGNORE INTO tag_words (word, tag_id) VALUES (?1, ?2)")?;
    for word in key_words(key) {
        stmt.execute(params![word, id])?;
    }
    Ok(())
}

/// Finds the tag a name is, or creates it.
pub(crate) fn find_or_create(
    tx: &Transaction,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(Tag, bool)> {
    let name = clean_name(name)?;
    match by_key(tx, &tag_key(&name))? {
        Some(tag) => Ok((tag, false)),
        None => Ok((insert(tx, &name, false, now)?, true)),
    }
}

/// Tags that resemble `key` (see [`resemblance`]), most used first. Reads only keys; on
/// 10,000 tags this is a millisecond, and it runs once per new tag, not per keystroke.
pub(crate) fn similar_to(conn: &Connection, key: &str, limit: usize) -> Result<Vec<Tag>> {
    let mut stmt = conn.prepare_cached("SELECT id, key FROM tags")?;
    let mut ids = Vec::new();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, other) = row?;
        if resemblance(key, &other).is_some() {
            ids.push(id);
        }
    }
    let mut tags = ids
        .into_iter()
        .map(|id| load(conn, id))
        .collect::<Result<Vec<_>>>()?;
    tags.sort_by(|a, b| {
        b.use_count
            .cmp(&a.use_count)
            .then_with(|| a.name.cmp(&b.name))
    });
    tags.truncate(limit);
    Ok(tags)
}

pub(crate) fn check_name(conn: &Connection, name: &str) -> Result<NameCheck> {
    let name = clean_name(name)?;
    let key = tag_key(&name);
    Ok(NameCheck {
        existing: by_key(conn, &key)?,
        similar: similar_to(conn, &key, 8)?,
        name,
    })
}

/// Tag governance (flags, rename, merge) is the editors'.
pub(crate) fn require_editor(conn: &Connection, what: &str) -> Result<()> {
    if crate::workflow::transition::editing_role(conn)? != Role::Editor {
        return Err(Error::said(
            ErrorCode::Forbidden,
            Said::new("refusal.editors_only", format!("only editors can {what}")),
        ));
    }
    Ok(())
}

impl Store {
    /// What a name would become as a tag: the existing tag it already is, and the tags it
    /// resembles — the near-duplicate warning shown before creating it.
    pub fn check_tag_name(&self, name: &str) -> Result<NameCheck> {
        self.db().read(|conn| check_name(conn, name))
    }

    /// Creates a tag, or returns the existing one with the same key. The check says what
    /// it resembles, so the UI can warn after the fact too.
    pub fn create_tag(&self, name: &str, is_flag: bool) -> Result<(Tag, NameCheck)> {
        let now = self.now();
        self.db().write(|tx| {
            let check = check_name(tx, name)?;
            if let Some(existing) = &check.existing {
                return Ok((existing.clone(), check.clone()));
            }
            if is_flag {
                require_editor(tx, "create editorial flags")?;
            }
            let tag = insert(tx, &check.name, is_flag, now)?;
            Ok((tag, check))
        })
    }

    pub fn tag(&self, id: i64) -> Result<Tag> {
        self.db().read(|conn| load(conn, id))
    }

    /// Marks a tag as an editorial flag («горячие новости») or back as a topic.
    pub fn set_tag_flag(&self, id: i64, is_flag: bool) -> Result<Tag> {
        let now = self.now();
        self.db().write(|tx| {
            require_editor(tx, "mark editorial flags")?;
            load(tx, id)?;
            tx.execute(
                "UPDATE tags SET is_flag = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, is_flag, to_millis(now)],
            )?;
            load(tx, id)
        })
    }

    /// All tags with their counts, for the management screen.
    pub fn list_tags(&self, query: &TagListQuery) -> Result<Vec<Tag>> {
        let order = match query.order {
            TagOrder::Use => "use_count DESC, key",
            TagOrder::Published => "published_count DESC, key",
            TagOrder::Name => "key",
        };
        let flags = match query.flags {
            None => "1",
            Some(true) => "is_flag = 1",
            Some(false) => "is_flag = 0",
        };
        let limit = query.limit.unwrap_or(500).min(10_000);
        let offset = query.offset.unwrap_or(0);
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {TAG_COLUMNS} FROM tags WHERE {flags} ORDER BY {order} LIMIT ?1 OFFSET ?2"
            ))?;
            let rows = stmt.query_map(params![limit, offset], tag_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The site's tag cloud: tags of published articles, most used first («горячие
    /// новости 580, Барыс 341, …»). Flags are included, as the site shows them.
    pub fn tag_cloud(&self, limit: u32) -> Result<Vec<Tag>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {TAG_COLUMNS} FROM tags WHERE published_count > 0
                 ORDER BY published_count DESC, key LIMIT ?1"
            ))?;
            let rows = stmt.query_map([limit.min(10_000)], tag_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn tag_count(&self) -> Result<u32> {
        self.db()
            .read(|conn| Ok(conn.query_row("SELECT count(*) FROM tags", [], |r| r.get(0))?))
    }
}
