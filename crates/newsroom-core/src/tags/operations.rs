//! Renaming and merging tags, each in one transaction that updates every article and
//! leaves an undo record of exactly what it changed.

use crate::changes::ChangeKind;
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::tags::catalog::{require_editor, write_words};
use crate::tags::key::{clean_name, tag_key};
use crate::tags::{by_key, load, Tag};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A rename or merge, as the tag screen lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TagOperation {
    #[ts(type = "number")]
    pub id: i64,
    /// `rename` or `merge`.
    pub kind: String,
    pub summary: String,
    /// How many articles it changed.
    pub articles: u32,
    pub created_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
}

/// A tag row as it was before an operation removed or renamed it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TagRow {
    id: i64,
    name: String,
    key: String,
    is_flag: bool,
    created_at: i64,
    updated_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Link {
    article_id: String,
    tag_id: i64,
    position: i64,
}

/// What an operation changed, stored as JSON in `tag_operations.payload`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Payload {
    Rename {
        before: TagRow,
        new_name: String,
        articles: Vec<String>,
    },
    Merge {
        target: i64,
        sources: Vec<TagRow>,
        /// Every link the sources had.
        links: Vec<Link>,
        /// Articles that got the target tag from the merge (they did not have it).
        added: Vec<String>,
    },
}

impl Payload {
    fn articles(&self) -> Vec<String> {
        let mut ids: Vec<String> = match self {
            Payload::Rename { articles, .. } => articles.clone(),
            Payload::Merge { links, .. } => links.iter().map(|l| l.article_id.clone()).collect(),
        };
        ids.sort();
        ids.dedup();
        ids
    }
}

fn tag_row(conn: &Connection, id: i64) -> Result<TagRow> {
    conn.prepare_cached(
        "SELECT id, name, key, is_flag, created_at, updated_at FROM tags WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(TagRow {
            id: r.get(0)?,
            name: r.get(1)?,
            key: r.get(2)?,
            is_flag: r.get(3)?,
            created_at: r.get(4)?,
            updated_at: r.get(5)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::not_found("tag", id))
}

fn articles_with(conn: &Connection, tag_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id FROM article_tags WHERE tag_id = ?1 ORDER BY article_id",
    )?;
    let rows = stmt.query_map([tag_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn record_articles(tx: &Transaction, articles: &[String], now: DateTime<Utc>) -> Result<()> {
    for article in articles {
        crate::article::touch(tx, article.parse()?, ChangeKind::TagsChanged, now)?;
    }
    Ok(())
}

fn log(tx: &Transaction, payload: &Payload, summary: &str, now: DateTime<Utc>) -> Result<i64> {
    let (kind, json) = match payload {
        Payload::Rename { .. } => ("rename", serde_json::to_string(payload)),
        Payload::Merge { .. } => ("merge", serde_json::to_string(payload)),
    };
    let json =
        json.map_err(|e| Error::Invalid(format!("the undo record cannot be written: {e}")))?;
    tx.execute(
        "INSERT INTO tag_operations (kind, summary, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![kind, summary, json, to_millis(now)],
    )?;
    Ok(tx.last_insert_rowid())
}

fn set_name(tx: &Transaction, id: i64, name: &str, now: DateTime<Utc>) -> Result<()> {
    let key = tag_key(name);
    tx.execute(
        "UPDATE tags SET name = ?2, key = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, name, key, to_millis(now)],
    )?;
    write_words(tx, id, &key)
}

/// Refuses a key that another tag holds: two tags with one key is the sprawl this module
/// exists to prevent.
fn key_free_for(conn: &Connection, key: &str, id: i64) -> Result<()> {
    match by_key(conn, key)? {
        Some(other) if other.id != id => Err(Error::Conflict(format!(
            "the tag «{}» already exists; merge the two instead",
            other.name
        ))),
        _ => Ok(()),
    }
}

fn rename_tx(tx: &Transaction, id: i64, new_name: &str, now: DateTime<Utc>) -> Result<(Tag, i64)> {
    require_editor(tx, "rename tags")?;
    let name = clean_name(new_name)?;
    let before = tag_row(tx, id)?;
    if before.name == name {
        return Err(Error::Invalid(format!(
            "the tag is already called «{name}»"
        )));
    }
    key_free_for(tx, &tag_key(&name), id)?;
    set_name(tx, id, &name, now)?;
    let articles = articles_with(tx, id)?;
    record_articles(tx, &articles, now)?;
    let summary = format!("«{}» → «{name}»", before.name);
    let op = log(
        tx,
        &Payload::Rename {
            before,
            new_name: name,
            articles,
        },
        &summary,
        now,
    )?;
    Ok((load(tx, id)?, op))
}

fn merge_tx(
    tx: &Transaction,
    sources: &[i64],
    target: i64,
    now: DateTime<Utc>,
) -> Result<(Tag, i64)> {
    require_editor(tx, "merge tags")?;
    let mut sources: Vec<i64> = sources.iter().copied().filter(|s| *s != target).collect();
    sources.sort_unstable();
    sources.dedup();
    if sources.is_empty() {
        return Err(Error::Invalid(
            "choose at least one other tag to merge into this one".into(),
        ));
    }
    let target_row = tag_row(tx, target)?;
    let source_rows = sources
        .iter()
        .map(|id| tag_row(tx, *id))
        .collect::<Result<Vec<_>>>()?;
    let mut links = Vec::new();
    let mut added = Vec::new();
    for source in &source_rows {
        let mut stmt = tx.prepare_cached(
            "SELECT article_id, position FROM article_tags WHERE tag_id = ?1 ORDER BY article_id",
        )?;
        let rows = stmt
            .query_map([source.id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (article_id, position) in rows {
            // The article keeps the tag's place in its list.
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position) VALUES (?1, ?2, ?3)",
                params![article_id, target, position],
            )?;
            if inserted == 1 {
                added.push(article_id.clone());
            }
            links.push(Link {
                article_id,
                tag_id: source.id,
                position,
            });
        }
    }
    for source in &sources {
        tx.execute("DELETE FROM article_tags WHERE tag_id = ?1", [source])?;
        tx.execute("DELETE FROM tags WHERE id = ?1", [source])?;
    }
    let payload = Payload::Merge {
        target,
        sources: source_rows,
        links,
        added,
    };
    record_articles(tx, &payload.articles(), now)?;
    let names = match &payload {
        Payload::Merge { sources, .. } => sources
            .iter()
            .map(|s| format!("«{}»", s.name))
            .collect::<Vec<_>>(),
        Payload::Rename { .. } => Vec::new(),
    };
    let summary = format!("{} → «{}»", names.join(", "), target_row.name);
    let op = log(tx, &payload, &summary, now)?;
    Ok((load(tx, target)?, op))
}

fn undo_tx(tx: &Transaction, op: i64, now: DateTime<Utc>) -> Result<()> {
    require_editor(tx, "undo tag changes")?;
    let row: Option<(String, Option<i64>)> = tx
        .query_row(
            "SELECT payload, undone_at FROM tag_operations WHERE id = ?1",
            [op],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (json, undone_at) = row.ok_or_else(|| Error::not_found("tag operation", op))?;
    if undone_at.is_some() {
        return Err(Error::Conflict(
            "this change to the tags was already undone".into(),
        ));
    }
    let payload: Payload = serde_json::from_str(&json).map_err(|e| {
        Error::Invalid(format!(
            "the undo record of operation {op} is unreadable: {e}"
        ))
    })?;
    match &payload {
        Payload::Rename { before, .. } => {
            tag_row(tx, before.id).map_err(|_| {
                Error::Conflict(format!(
                    "«{}» was merged away since; undo that merge first",
                    before.name
                ))
            })?;
            key_free_for(tx, &before.key, before.id)?;
            set_name(tx, before.id, &before.name, now)?;
            record_articles(tx, &articles_with(tx, before.id)?, now)?;
        }
        Payload::Merge {
            target,
            sources,
            links,
            added,
        } => {
            for source in sources {
                if let Some(other) = by_key(tx, &source.key)? {
                    return Err(Error::Conflict(format!(
                        "«{}» exists again as another tag; merge or rename it first",
                        other.name
                    )));
                }
                // AUTOINCREMENT never hands an id out twice, so the tag gets its own back.
                tx.execute(
                    "INSERT INTO tags (id, name, key, is_flag, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![source.id, source.name, source.key, source.is_flag, source.created_at, source.updated_at],
                )?;
                write_words(tx, source.id, &source.key)?;
            }
            for link in links {
                // Articles deleted since are skipped; the rest get their tag back.
                tx.execute(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position)
                     SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)",
                    params![link.article_id, link.tag_id, link.position],
                )?;
            }
            for article in added {
                tx.execute(
                    "DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = ?2",
                    params![article, target],
                )?;
            }
            record_articles(tx, &payload.articles(), now)?;
        }
    }
    tx.execute(
        "UPDATE tag_operations SET undone_at = ?2 WHERE id = ?1",
        params![op, to_millis(now)],
    )?;
    Ok(())
}

impl Store {
    /// Renames a tag; every article carrying it is recorded as changed (the site must
    /// learn the new name). Returns the tag and the undo record's id.
    pub fn rename_tag(&self, id: i64, new_name: &str) -> Result<(Tag, i64)> {
        let now = self.now();
        self.db().write(|tx| rename_tx(tx, id, new_name, now))
    }

    /// Merges `sources` into `target`: every article that carried a source carries the
    /// target instead, the sources are removed, all in one transaction. Returns the target
    /// and the undo record's id.
    pub fn merge_tags(&self, sources: &[i64], target: i64) -> Result<(Tag, i64)> {
        let now = self.now();
        self.db().write(|tx| merge_tx(tx, sources, target, now))
    }

    /// Undoes a rename or merge: the tags, their ids and every article's tags as they
    /// were. Refused (with the reason) if what was freed has been reused since.
    pub fn undo_tag_operation(&self, op: i64) -> Result<()> {
        let now = self.now();
        self.db().write(|tx| undo_tx(tx, op, now))
    }

    /// Renames and merges, newest first.
    pub fn tag_operations(&self, limit: u32) -> Result<Vec<TagOperation>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, kind, summary, payload, created_at, undone_at FROM tag_operations ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, kind, summary, json, created_at, undone_at) = row?;
                let articles = serde_json::from_str::<Payload>(&json)
                    .map(|p| p.articles().len() as u32)
                    .unwrap_or(0);
                out.push(TagOperation {
                    id,
                    kind,
                    summary,
                    articles,
                    created_at: from_millis(created_at),
                    undone_at: undone_at.map(from_millis),
                });
            }
            Ok(out)
        })
    }
}
