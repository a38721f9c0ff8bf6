//! Articles: the row type and its queries, and the low-level writes of the `articles` row
//! (insert, field update, the version bump in [`touch`]). It knows no revision, workflow
//! rule or schedule: the operations that combine those with the row (create, save, trash,
//! restore) are in [`crate::editing`], above it.

use crate::changes::{self, ChangeKind};
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, ErrorCode, Result};
use crate::said::Said;
use crate::store::Store;
use crate::text_input::{
    check_body_size, check_field_length, clean_line, clean_multiline, MAX_HEADLINE_CHARS,
    MAX_LINE_FIELD_CHARS,
};
use chrono::{DateTime, Utc};
use newsroom_text::{fold_for_match, text_stats, TextStats};
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql, Transaction};
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

/// Reads an article id from column `idx`; a malformed id is a damaged row and an error,
/// never a silently different (nil) id.
pub(crate) fn article_id_at(row: &Row, idx: usize) -> rusqlite::Result<ArticleId> {
    let id: String = row.get(idx)?;
    Uuid::parse_str(&id).map(ArticleId).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn article_from_row(row: &Row) -> rusqlite::Result<Article> {
    Ok(Article {
        id: article_id_at(row, 0)?,
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

/// The columns [`summary_from_row`] reads, in its order: every list of articles selects
/// these (the article list and the workflow views).
pub(crate) const SUMMARY_COLUMNS: &str = "id, headline, status, word_count, updated_at, trashed_at";

pub(crate) fn summary_from_row(row: &Row) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: article_id_at(row, 0)?,
        headline: row.get(1)?,
        status: row.get(2)?,
        word_count: row.get(3)?,
        updated_at: from_millis(row.get(4)?),
        trashed_at: row.get::<_, Option<i64>>(5)?.map(from_millis),
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

/// What an article row stores that is derived from its draft: the folded headline the
/// list filter searches and the word count. [`insert_new`] and [`update_fields`] both bind
/// [`Derived::params`], so a new article and a saved one can never disagree on it.
struct Derived {
    headline_key: String,
    words: i64,
}

impl Derived {
    fn of(draft: &ArticleDraft, stats: &TextStats) -> Derived {
        Derived {
            headline_key: fold_for_match(&draft.headline),
            words: stats.words as i64,
        }
    }

    /// The named parameters of the fields and what is derived from them.
    fn params<'a>(&'a self, draft: &'a ArticleDraft) -> Vec<(&'static str, &'a dyn ToSql)> {
        vec![
            (":headline", &draft.headline),
            (":headline_key", &self.headline_key),
            (":dek", &draft.dek),
            (":byline", &draft.byline),
            (":slug", &draft.slug),
            (":body", &draft.body),
            (":word_count", &self.words),
        ]
    }
}

/// Creates an article row in `status` and records the creation in the change log (which
/// queues it for sync, unless `from_site`: a post first seen on the site has nothing to send back). The first revision is the caller's: every way an article comes into
/// being goes through [`crate::editing::insert_article`], which writes both. `draft` must be
/// cleaned.
pub(crate) fn insert_new(
    tx: &Transaction,
    id: ArticleId,
    draft: &ArticleDraft,
    status: &str,
    from_site: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let derived = Derived::of(draft, &text_stats(&draft.body));
    let (id_text, at) = (id.to_string(), to_millis(now));
    let mut params = derived.params(draft);
    params.extend([
        (":id", &id_text as &dyn ToSql),
        (":status", &status),
        (":now", &at),
    ]);
    tx.execute(
        "INSERT INTO articles (id, status, created_at, updated_at, headline, headline_key, dek, byline, slug, body, word_count)
         VALUES (:id, :status, :now, :now, :headline, :headline_key, :dek, :byline, :slug, :body, :word_count)",
        params.as_slice(),
    )?;
    if from_site {
        // The site's own post: the local copy is the site's, nothing to send back.
        changes::record_from_site(tx, &id_text, ChangeKind::Created, now)?;
    } else {
        changes::record(tx, &id_text, ChangeKind::Created, now)?;
    }
    Ok(())
}

/// Marks one edit of an existing article: bumps its version and records the change (which
/// queues it for the site), in the caller's transaction. This is the only place the version
/// moves, so every kind of edit — text, workflow state, tags, schedule, trash — is one bump
/// and one change, and a guard on the version sees them all. Returns the new version.
pub(crate) fn touch(
    tx: &Transaction,
    id: ArticleId,
    kind: ChangeKind,
    now: DateTime<Utc>,
) -> Result<i64> {
    touch_as(tx, id, kind, true, now)
}

/// [`touch`] for an edit the site made (`crate::remote`): the version moves and the change
/// is recorded like any other, but it is not queued to go back to the site.
pub(crate) fn touch_from_site(
    tx: &Transaction,
    id: ArticleId,
    kind: ChangeKind,
    now: DateTime<Utc>,
) -> Result<i64> {
    touch_as(tx, id, kind, false, now)
}

fn touch_as(
    tx: &Transaction,
    id: ArticleId,
    kind: ChangeKind,
    queue: bool,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id_text = id.to_string();
    let version: i64 = tx
        .query_row(
            "UPDATE articles SET version = version + 1, updated_at = ?2 WHERE id = ?1 RETURNING version",
            params![id_text, to_millis(now)],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("article", id))?;
    if queue {
        changes::record(tx, &id_text, kind, now)?;
    } else {
        changes::record_from_site(tx, &id_text, kind, now)?;
    }
    Ok(version)
}

/// Writes the fields of an existing article. The caller has checked the version it started
/// from and marks the edit with [`touch`].
pub(crate) fn update_fields(
    tx: &Transaction,
    id: ArticleId,
    draft: &ArticleDraft,
    now: DateTime<Utc>,
) -> Result<TextStats> {
    let stats = text_stats(&draft.body);
    let derived = Derived::of(draft, &stats);
    let (id_text, at) = (id.to_string(), to_millis(now));
    let mut params = derived.params(draft);
    params.extend([(":id", &id_text as &dyn ToSql), (":now", &at)]);
    let changed = tx.execute(
        "UPDATE articles SET headline = :headline, headline_key = :headline_key, dek = :dek, byline = :byline,
                slug = :slug, body = :body, word_count = :word_count, updated_at = :now
         WHERE id = :id",
        params.as_slice(),
    )?;
    if changed == 0 {
        return Err(Error::not_found("article", id));
    }
    Ok(stats)
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
        Some(v) => Err(Error::said(
            ErrorCode::Conflict,
            Said::new(
                "refusal.changed_elsewhere",
                format!(
                    "the article was changed elsewhere (version {v}, the editor had {expected}); reload it — your text is kept in the editor"
                ),
            ),
        )),
    }
}

impl Store {
    pub fn article(&self, id: ArticleId) -> Result<Article> {
        self.db().read(|conn| load(conn, id))
    }

    pub fn list_articles(&self, query: &ListQuery) -> Result<ArticlePage> {
        let limit = query.limit.unwrap_or(DEFAULT_PAGE).min(1_000);
        let offset = query.offset.unwrap_or(0);
        let pattern = query
            .filter
            .as_deref()
            .map(fold_for_match)
            .filter(|f| !f.is_empty())
            .map(|f| contains_pattern(&f));
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
                "SELECT {SUMMARY_COLUMNS} FROM articles INDEXED BY articles_by_update
                 WHERE {trashed_clause} {filter_clause}
                 ORDER BY updated_at DESC, id DESC LIMIT ?2 OFFSET ?3"
            ))?;
            let items = stmt
                .query_map(params![pattern, limit, offset], summary_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ArticlePage { items, total })
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
        return Err(Error::said(
            ErrorCode::Forbidden,
            Said::new(
                "refusal.slug_frozen",
                format!(
                    "the slug «{slug}» is frozen because the article is {status}; its URL must not change"
                ),
            )
            .text("slug", slug)
            .key("state", format!("status.{status}")),
        ));
    }
    Ok(())
}

pub fn slug_is_frozen(status: &str) -> bool {
    matches!(status, "published" | "withdrawn")
}

/// A `LIKE … ESCAPE '\'` pattern matching any text that contains `fragment` literally
/// (its `%` and `_` are not wildcards). Callers fold both sides first.
pub(crate) fn contains_pattern(fragment: &str) -> String {
    let escaped = fragment
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
