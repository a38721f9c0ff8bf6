//! Articles: the row type, its queries, and the store operations that create, save, list,
//! trash and restore them.

use crate::changes::{self, ChangeKind};
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::revision::{self, RevisionKind};
use crate::store::Store;
use crate::text_input::{
    check_body_size, check_field_length, clean_line, clean_multiline, MAX_HEADLINE_CHARS,
    MAX_LINE_FIELD_CHARS,
};
use chrono::{DateTime, Utc};
use newsroom_text::{fold_for_match, text_stats, TextStats};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

/// A UUIDv7: unique across every machine of the newsroom and sortable by creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "string")]
pub struct ArticleId(pub Uuid);

impl ArticleId {
    pub fn new() -> Self {
        ArticleId(Uuid::now_v7())
    }
}

impl Default for ArticleId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for ArticleId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Uuid::parse_str(s)
            .map(ArticleId)
            .map_err(|_| Error::Invalid(format!("{s:?} is not an article id")))
    }
}

/// The fields an author edits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleDraft {
    pub headline: String,
    pub dek: String,
    pub byline: String,
    pub slug: String,
    pub body: String,
}

impl ArticleDraft {
    /// Cleans every field and checks sizes; the error says which field and why.
    pub fn cleaned(&self) -> Result<ArticleDraft> {
        let draft = ArticleDraft {
            headline: clean_line(&self.headline),
            dek: clean_multiline(&self.dek).trim().to_string(),
            byline: clean_line(&self.byline),
            slug: clean_line(&self.slug),
            body: clean_multiline(&self.body),
        };
        check_field_length("headline", &draft.headline, MAX_HEADLINE_CHARS)?;
        check_field_length("dek", &draft.dek, MAX_LINE_FIELD_CHARS)?;
        check_field_length("byline", &draft.byline, MAX_LINE_FIELD_CHARS)?;
        check_field_length("slug", &draft.slug, MAX_LINE_FIELD_CHARS)?;
        check_body_size(&draft.body)?;
        Ok(draft)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Article {
    pub id: ArticleId,
    #[serde(flatten)]
    #[ts(flatten)]
    pub draft: ArticleDraft,
    pub status: String,
    pub word_count: u32,
    #[ts(type = "number")]
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub trashed_at: Option<DateTime<Utc>>,
}

/// One row of the article list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub headline: String,
    pub status: String,
    pub word_count: u32,
    pub updated_at: DateTime<Utc>,
    pub trashed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct ListQuery {
    /// Show the trash instead of live articles.
    #[serde(default)]
    pub trashed: bool,
    /// A fragment of the headline; case and ё/е do not matter.
    #[serde(default)]
    pub filter: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArticlePage {
    pub items: Vec<ArticleSummary>,
    pub total: u32,
}

/// What a save did, for the editor's "saved" indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SaveOutcome {
    #[ts(type = "number")]
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub revision_id: i64,
    pub stats: Stats,
}

/// [`TextStats`] as the UI sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Stats {
    pub words: u32,
    pub chars: u32,
    pub chars_no_spaces: u32,
    pub reading_minutes: u32,
}

impl From<TextStats> for Stats {
    fn from(s: TextStats) -> Self {
        Stats {
            words: s.words as u32,
            chars: s.chars as u32,
            chars_no_spaces: s.chars_no_spaces as u32,
            reading_minutes: s.reading_minutes as u32,
        }
    }
}

pub const DEFAULT_PAGE: u32 = 200;

const ARTICLE_COLUMNS: &str = "id, headline, dek, byline, slug, body, status, word_count, version, created_at, updated_at, trashed_at";

fn article_from_row(row: &Row) -> rusqlite::Result<Article> {
    let id: String = row.get(0)?;
    Ok(Article {
        id: ArticleId(Uuid::parse_str(&id).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?),
        draft: ArticleDraft {
            headline: row.get(1)?,
            dek: row.get(2)?,
            byline: row.get(3)?,
            slug: row.get(4)?,
            body: row.get(5)?,
        },
        status: row.get(6)?,
        word_count: row.get(7)?,
        version: row.get(8)?,
        created_at: from_millis(row.get(9)?),
        updated_at: from_millis(row.get(10)?),
        trashed_at: row.get::<_, Option<i64>>(11)?.map(from_millis),
    })
}

pub fn load(conn: &Connection, id: ArticleId) -> Result<Article> {
    conn.prepare_cached(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"
    ))?
    .query_row([id.to_string()], article_from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("article", id))
}

fn insert(
    tx: &Transaction,
    id: ArticleId,
    draft: &ArticleDraft,
    stats: &TextStats,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO articles (id, headline, headline_key, dek, byline, slug, body, word_count, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            id.to_string(),
            draft.headline,
            fold_for_match(&draft.headline),
            draft.dek,
            draft.byline,
            draft.slug,
            draft.body,
            stats.words as i64,
            to_millis(now)
        ],
    )?;
    Ok(())
}

/// Writes the fields of an existing article, bumping its version. The caller has checked
/// the version it started from.
pub(crate) fn update_fields(
    tx: &Transaction,
    id: ArticleId,
    draft: &ArticleDraft,
    now: DateTime<Utc>,
) -> Result<(i64, TextStats)> {
    let stats = text_stats(&draft.body);
    let version: i64 = tx.query_row(
        "UPDATE articles SET headline = ?2, headline_key = ?3, dek = ?4, byline = ?5, slug = ?6, body = ?7,
                word_count = ?8, version = version + 1, updated_at = ?9
         WHERE id = ?1 RETURNING version",
        params![
            id.to_string(),
            draft.headline,
            fold_for_match(&draft.headline),
            draft.dek,
            draft.byline,
            draft.slug,
            draft.body,
            stats.words as i64,
            to_millis(now)
        ],
        |r| r.get(0),
    )?;
    Ok((version, stats))
}

/// Refuses a save that did not start from the current version.
pub(crate) fn check_version(tx: &Transaction, id: ArticleId, expected: i64) -> Result<()> {
    let current: Option<i64> = tx
        .query_row(
            "SELECT version FROM articles WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match current {
        None => Err(Error::not_found("article", id)),
        Some(v) if v == expected => Ok(()),
        Some(v) => Err(Error::Conflict(format!(
            "the article was changed elsewhere (version {v}, the editor had {expected}); reload it — your text is kept in the editor"
        ))),
    }
}

impl Store {
    pub fn create_article(&self, draft: &ArticleDraft) -> Result<Article> {
        self.create_article_with(draft, RevisionKind::Created)
    }

    pub(crate) fn create_article_with(
        &self,
        draft: &ArticleDraft,
        kind: RevisionKind,
    ) -> Result<Article> {
        let draft = draft.cleaned()?;
        let now = self.now();
        let id = ArticleId::new();
        let stats = text_stats(&draft.body);
        self.db().write(|tx| {
            insert(tx, id, &draft, &stats, now)?;
            crate::workflow::on_created(tx, id)?;
            revision::insert(tx, id, kind, &draft, now, None)?;
            changes::record(tx, &id.to_string(), ChangeKind::Created, now)?;
            load(tx, id)
        })
    }

    pub fn article(&self, id: ArticleId) -> Result<Article> {
        self.db().read(|conn| load(conn, id))
    }

    /// Autosave: stores the fields and folds them into the current autosave revision, or
    /// starts a new one after a pause (see [`revision::AUTOSAVE_PAUSE`]).
    pub fn save_draft(
        &self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: i64,
    ) -> Result<SaveOutcome> {
        self.save(id, draft, expected_version, RevisionKind::Autosave)
    }

    /// An explicit save: always a revision of its own, which also ends the autosave run.
    pub fn save_revision(
        &self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: i64,
    ) -> Result<SaveOutcome> {
        self.save(id, draft, expected_version, RevisionKind::Manual)
    }

    fn save(
        &self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: i64,
        kind: RevisionKind,
    ) -> Result<SaveOutcome> {
        let draft = draft.cleaned()?;
        let now = self.now();
        self.db().write(|tx| {
            check_version(tx, id, expected_version)?;
            crate::workflow::guard_edit(tx, id)?;
            crate::article::guard_frozen_fields(tx, id, &draft)?;
            let (version, stats) = update_fields(tx, id, &draft, now)?;
            let revision_id = match kind {
                RevisionKind::Autosave => revision::autosave(tx, id, &draft, now)?,
                other => revision::insert(tx, id, other, &draft, now, None)?,
            };
            changes::record(tx, &id.to_string(), ChangeKind::Edited, now)?;
            Ok(SaveOutcome {
                version,
                updated_at: now,
                revision_id,
                stats: stats.into(),
            })
        })
    }

    pub fn list_articles(&self, query: &ListQuery) -> Result<ArticlePage> {
        let limit = query.limit.unwrap_or(DEFAULT_PAGE).min(1_000);
        let offset = query.offset.unwrap_or(0);
        let pattern = query
            .filter
            .as_deref()
            .map(fold_for_match)
            .filter(|f| !f.is_empty())
            .map(|f| format!("%{}%", escape_like(&f)));
        self.db().read(|conn| {
            // Two query shapes rather than `?1 IS NULL OR …`, which would stop SQLite from
            // using the list index when there is no filter.
            let trashed_clause = if query.trashed {
                "trashed_at IS NOT NULL"
            } else {
                "trashed_at IS NULL"
            };
            let filter_clause = if pattern.is_some() {
                "AND headline_key LIKE ?1 ESCAPE '\\'"
            } else {
                "AND ?1 IS NULL"
            };
            let total: u32 = conn.prepare_cached(&format!(
                "SELECT count(*) FROM articles INDEXED BY articles_by_update WHERE {trashed_clause} {filter_clause}"
            ))?
            .query_row(params![pattern], |r| r.get(0))?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT id, headline, status, word_count, updated_at, trashed_at FROM articles INDEXED BY articles_by_update
                 WHERE {trashed_clause} {filter_clause}
                 ORDER BY updated_at DESC, id DESC LIMIT ?2 OFFSET ?3"
            ))?;
            let items = stmt
                .query_map(params![pattern, limit, offset], |r| {
                    let id: String = r.get(0)?;
                    Ok(ArticleSummary {
                        id: ArticleId(Uuid::parse_str(&id).unwrap_or_default()),
                        headline: r.get(1)?,
                        status: r.get(2)?,
                        word_count: r.get(3)?,
                        updated_at: from_millis(r.get(4)?),
                        trashed_at: r.get::<_, Option<i64>>(5)?.map(from_millis),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ArticlePage { items, total })
        })
    }

    pub fn trash_article(&self, id: ArticleId) -> Result<Article> {
        self.set_trashed(id, true)
    }

    pub fn restore_article(&self, id: ArticleId) -> Result<Article> {
        self.set_trashed(id, false)
    }

    fn set_trashed(&self, id: ArticleId, trashed: bool) -> Result<Article> {
        let now = self.now();
        self.db().write(|tx| {
            let changed = tx.execute(
                "UPDATE articles SET trashed_at = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1",
                params![id.to_string(), trashed.then(|| to_millis(now)), to_millis(now)],
            )?;
            if changed == 0 {
                return Err(Error::not_found("article", id));
            }
            let kind = if trashed { ChangeKind::Trashed } else { ChangeKind::Restored };
            changes::record(tx, &id.to_string(), kind, now)?;
            load(tx, id)
        })
    }
}

/// A published article's slug is its URL: changing it would break every link to it.
/// The workflow module decides what "published" means; this guard is the one place saves
/// consult it.
pub(crate) fn guard_frozen_fields(
    tx: &Transaction,
    id: ArticleId,
    draft: &ArticleDraft,
) -> Result<()> {
    let (status, slug): (String, String) = tx.query_row(
        "SELECT status, slug FROM articles WHERE id = ?1",
        [id.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if slug_is_frozen(&status) && !slug.is_empty() && slug != draft.slug {
        return Err(Error::Forbidden(format!(
            "the slug «{slug}» is frozen because the article is {status}; its URL must not change"
        )));
    }
    Ok(())
}

pub fn slug_is_frozen(status: &str) -> bool {
    matches!(status, "published" | "withdrawn")
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
