//! Everything the search index holds about one article, read in one place.
//!
//! The search crate keeps its index outside SQLite and rebuilds documents from here after
//! every change in the change log, so this is the only query that has to know which
//! tables feed search (articles, their tags, their owner's profile).

use crate::clock::from_millis;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One article as the search index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub id: String,
    pub headline: String,
    pub dek: String,
    pub body: String,
    pub byline: String,
    pub status: String,
    /// Tag names in the editor's order.
    pub tags: Vec<String>,
    /// The profile that created the article, if known on this machine.
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub trashed: bool,
}

const COLUMNS: &str = "a.id, a.headline, a.dek, a.body, a.byline, a.status, a.owner_id, p.name,
     a.created_at, a.updated_at, a.trashed_at IS NOT NULL";

fn from_row(row: &Row) -> rusqlite::Result<SearchDoc> {
    Ok(SearchDoc {
        id: row.get(0)?,
        headline: row.get(1)?,
        dek: row.get(2)?,
        body: row.get(3)?,
        byline: row.get(4)?,
        status: row.get(5)?,
        tags: Vec::new(),
        owner_id: row.get(6)?,
        owner_name: row.get(7)?,
        created_at: from_millis(row.get(8)?),
        updated_at: from_millis(row.get(9)?),
        trashed: row.get(10)?,
    })
}

fn tags_of(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
         WHERE at.article_id = ?1 ORDER BY at.position, t.key",
    )?;
    let names = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// The article `id` as the index should hold it, or `None` if it no longer exists.
pub fn load(conn: &Connection, id: &str) -> Result<Option<SearchDoc>> {
    let doc = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM articles a LEFT JOIN profiles p ON p.id = a.owner_id WHERE a.id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?;
    match doc {
        Some(mut doc) => {
            doc.tags = tags_of(conn, &doc.id)?;
            Ok(Some(doc))
        }
        None => Ok(None),
    }
}

/// Up to `limit` articles with ids after `after` (all of them from the start when `None`),
/// in id order: a rebuild pages through the whole table with this without holding one
/// long read open.
pub fn page_after(conn: &Connection, after: Option<&str>, limit: usize) -> Result<Vec<SearchDoc>> {
    // Two statements, not `?1 IS NULL OR a.id > ?1`: with the OR, SQLite scans the id
    // index from the start on every page, which makes a rebuild quadratic.
    let base =
        format!("SELECT {COLUMNS} FROM articles a LEFT JOIN profiles p ON p.id = a.owner_id");
    let mut docs = match after {
        Some(after) => conn
            .prepare_cached(&format!("{base} WHERE a.id > ?1 ORDER BY a.id LIMIT ?2"))?
            .query_map(params![after, limit as i64], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        None => conn
            .prepare_cached(&format!("{base} ORDER BY a.id LIMIT ?1"))?
            .query_map(params![limit as i64], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    for doc in &mut docs {
        doc.tags = tags_of(conn, &doc.id)?;
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ArticleDraft, Store};

    #[test]
    fn loads_what_search_indexes() {
        let store = Store::in_memory().unwrap();
        let draft = ArticleDraft {
            headline: "Полиция Алматы".into(),
            dek: "Подзаголовок".into(),
            byline: "Асель Нурланова".into(),
            body: "Текст статьи".into(),
            ..Default::default()
        };
        let article = store.create_article(&draft).unwrap();
        let id = article.id.to_string();
        let doc = store
            .db()
            .read(|c| load(c, &id))
            .unwrap()
            .expect("the article exists");
        assert_eq!(
            doc.headline, "Полиция Алматы",
            "the headline is indexed as saved"
        );
        assert_eq!(doc.byline, "Асель Нурланова");
        assert_eq!(doc.status, "draft", "a new article is a draft");
        assert!(!doc.trashed, "a new article is not in the trash");
        assert!(doc.tags.is_empty(), "no tags were set");

        store.trash_article(article.id).unwrap();
        let doc = store.db().read(|c| load(c, &id)).unwrap().unwrap();
        assert!(doc.trashed, "the trash flag must follow the article");

        let missing = store.db().read(|c| load(c, "no-such-id")).unwrap();
        assert!(
            missing.is_none(),
            "a missing article loads as None so the index drops it"
        );
    }

    #[test]
    fn pages_through_every_article_in_id_order() {
        let store = Store::in_memory().unwrap();
        for i in 0..5 {
            store
                .create_article(&ArticleDraft {
                    headline: format!("Статья {i}"),
                    ..Default::default()
                })
                .unwrap();
        }
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = store
                .db()
                .read(|c| page_after(c, after.as_deref(), 2))
                .unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().map(|d| d.id.clone());
            seen.extend(page.into_iter().map(|d| d.id));
        }
        assert_eq!(
            seen.len(),
            5,
            "paging must visit every article exactly once"
        );
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(
            seen, sorted,
            "pages come in id order so the cursor is stable"
        );
    }
}
