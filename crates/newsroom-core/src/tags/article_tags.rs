//! The tags of one article: reading them and setting them (creating new tags on the fly).

use crate::article::ArticleId;
use crate::changes::ChangeKind;
use crate::error::Result;
use crate::store::Store;
use crate::tags::catalog::{find_or_create, similar_to, NameCheck};
use crate::tags::key::tag_key;
use crate::tags::{tag_from_row, Tag};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

/// Most tags one article may carry; more is tag spam, not description.
pub const MAX_TAGS_PER_ARTICLE: usize = 50;

/// An article's tags after a change, and the tags the change created (with what each
/// resembles, for the near-duplicate warning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArticleTags {
    pub tags: Vec<Tag>,
    pub created: Vec<NameCheck>,
}

pub(crate) fn of_article(conn: &Connection, id: ArticleId) -> Result<Vec<Tag>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name, t.is_flag, t.use_count, t.published_count
         FROM article_tags a JOIN tags t ON t.id = a.tag_id
         WHERE a.article_id = ?1 ORDER BY a.position, t.key",
    )?;
    let rows = stmt.query_map([id.to_string()], tag_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn tag_ids(conn: &Connection, id: ArticleId) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tag_id FROM article_tags WHERE article_id = ?1 ORDER BY position, tag_id",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces the article's tags with `ids`, in that order; records the change if the set or
/// order differs. Returns whether anything changed.
pub(crate) fn replace(
    tx: &Transaction,
    id: ArticleId,
    ids: &[i64],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool> {
    let changed = replace_rows(tx, id, ids)?;
    if changed {
        crate::article::touch(tx, id, ChangeKind::TagsChanged, now)?;
    }
    Ok(changed)
}

/// The rows of [`replace`] without marking the edit: for `crate::remote`, which marks one
/// edit for everything the site changed at once.
pub(crate) fn replace_rows(tx: &Transaction, id: ArticleId, ids: &[i64]) -> Result<bool> {
    let before = tag_ids(tx, id)?;
    if before == ids {
        return Ok(false);
    }
    let article = id.to_string();
    // Only rows that really go are deleted and only new ones inserted, so the counting
    // triggers see exactly the difference.
    for old in before.iter().filter(|t| !ids.contains(t)) {
        tx.execute(
            "DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = ?2",
            params![article, old],
        )?;
    }
    for (position, tag) in ids.iter().enumerate() {
        tx.execute(
            "INSERT INTO article_tags (article_id, tag_id, position) VALUES (?1, ?2, ?3)
             ON CONFLICT (article_id, tag_id) DO UPDATE SET position = excluded.position",
            params![article, tag, position as i64],
        )?;
    }
    Ok(true)
}

impl Store {
    pub fn article_tags(&self, id: ArticleId) -> Result<Vec<Tag>> {
        self.db().read(|conn| {
            crate::article::load(conn, id)?;
            of_article(conn, id)
        })
    }

    /// Sets the article's tags from names as typed: a name that folds to an existing tag's
    /// key is that tag; any other name becomes a new tag. Who may change the tags in the
    /// article's state follows the same rule as its text.
    pub fn set_article_tags(&self, id: ArticleId, names: &[String]) -> Result<ArticleTags> {
        let now = self.now();
        self.db().write(|tx| {
            crate::workflow::guard_edit(tx, id)?;
            let mut ids = Vec::with_capacity(names.len());
            let mut keys = Vec::with_capacity(names.len());
            let mut created = Vec::new();
            for name in names {
                if name.trim().is_empty() {
                    continue;
                }
                let key = tag_key(name);
                if keys.contains(&key) {
                    continue;
                }
                let (tag, is_new) = find_or_create(tx, name, now)?;
                if is_new {
                    created.push(NameCheck {
                        name: tag.name.clone(),
                        existing: None,
                        similar: similar_to(tx, &key, 8)?
                            .into_iter()
                            .filter(|t| t.id != tag.id)
                            .collect(),
                    });
                }
                keys.push(key);
                ids.push(tag.id);
            }
            if ids.len() > MAX_TAGS_PER_ARTICLE {
                return Err(crate::error::Error::Invalid(format!(
                    "{} tags is too many; an article can carry at most {MAX_TAGS_PER_ARTICLE}",
                    ids.len()
                )));
            }
            replace(tx, id, &ids, now)?;
            Ok(ArticleTags {
                tags: of_article(tx, id)?,
                created,
            })
        })
    }
}
