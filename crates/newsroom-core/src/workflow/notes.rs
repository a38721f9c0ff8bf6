//! The editorial thread of an article (separate from its text) and its assignment.

use crate::article::ArticleId;
use crate::changes::{self, ChangeKind};
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, ErrorCode, Result};
use crate::profile::{self, ProfileId};
use crate::said::Said;
use crate::store::Store;
use crate::text_input::{check_field_length, clean_multiline};
use crate::workflow::transition::MAX_NOTE_CHARS;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Note {
    #[ts(type = "number")]
    pub id: i64,
    pub article_id: ArticleId,
    pub author_id: Option<ProfileId>,
    pub author_name: String,
    pub body: String,
    /// The history entry this note was written with (e.g. a request for changes).
    #[ts(type = "number | null")]
    pub transition_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

pub(crate) fn insert(
    tx: &Transaction,
    article_id: ArticleId,
    author_id: Option<ProfileId>,
    author_name: &str,
    body: &str,
    transition_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO article_notes (article_id, author_id, author_name, body, transition_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            article_id.to_string(),
            author_id.map(|p| p.to_string()),
            author_name,
            body,
            transition_id,
            to_millis(now)
        ],
    )?;
    // A note written here goes to the site's desk thread (remote notes have their own insert).
    crate::db::note_outgoing();
    Ok(tx.last_insert_rowid())
}

fn exists(conn: &Connection, id: ArticleId) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .ok_or_else(|| Error::not_found("article", id))
}

impl Store {
    /// Adds a note to the article's thread, written by the current profile.
    pub fn add_note(&self, article_id: ArticleId, body: &str) -> Result<Note> {
        let body = clean_multiline(body).trim().to_string();
        if body.is_empty() {
            return Err(Error::Invalid("the note is empty".into()));
        }
        check_field_length("note", &body, MAX_NOTE_CHARS)?;
        let now = self.now();
        self.db().write(|tx| {
            exists(tx, article_id)?;
            let author = profile::current(tx)?.ok_or_else(|| {
                Error::said(
                    ErrorCode::Forbidden,
                    Said::new(
                        "refusal.no_profile",
                        "choose or create a profile before writing notes",
                    ),
                )
            })?;
            let id = insert(
                tx,
                article_id,
                Some(author.id),
                &author.name,
                &body,
                None,
                now,
            )?;
            Ok(Note {
                id,
                article_id,
                author_id: Some(author.id),
                author_name: author.name,
                body,
                transition_id: None,
                created_at: now,
            })
        })
    }

    /// The thread, oldest first.
    pub fn article_notes(&self, article_id: ArticleId) -> Result<Vec<Note>> {
        self.db().read(|conn| {
            exists(conn, article_id)?;
            let mut stmt = conn.prepare_cached(
                "SELECT id, author_id, author_name, body, transition_id, created_at
                 FROM article_notes WHERE article_id = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([article_id.to_string()], |r| {
                Ok(Note {
                    id: r.get(0)?,
                    article_id,
                    author_id: r.get::<_, Option<String>>(1)?.and_then(|s| s.parse().ok()),
                    author_name: r.get(2)?,
                    body: r.get(3)?,
                    transition_id: r.get(4)?,
                    created_at: from_millis(r.get(5)?),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Assigns the article to a profile (`None` clears it). Assigning is desk work: only
    /// editors reassign, except that anyone may take an unassigned article themselves.
    /// The change log records it in the same transaction, like every other change, so
    /// search and sync see who has the article.
    pub fn assign_article(
        &self,
        article_id: ArticleId,
        assignee: Option<ProfileId>,
    ) -> Result<Option<ProfileId>> {
        let now = self.now();
        self.db().write(|tx| {
            let current = assignee_of(tx, article_id)?;
            let me = profile::current(tx)?.ok_or_else(|| {
                Error::said(
                    ErrorCode::Forbidden,
                    Said::new(
                        "refusal.no_profile",
                        "choose or create a profile before assigning",
                    ),
                )
            })?;
            if let Some(p) = assignee {
                profile::load(tx, p)?;
            }
            let taking_unassigned = current.is_none() && assignee == Some(me.id);
            if me.role != profile::Role::Editor && !taking_unassigned {
                return Err(Error::said(
                    ErrorCode::Forbidden,
                    Said::new(
                        "refusal.assign_editors_only",
                        "only editors assign articles; a journalist can only take an unassigned one",
                    ),
                ));
            }
            if current == assignee {
                // Nothing changes, so nothing is logged or sent.
                return Ok(assignee);
            }
            tx.execute(
                "UPDATE articles SET assignee_id = ?2 WHERE id = ?1",
                params![article_id.to_string(), assignee.map(|p| p.to_string())],
            )?;
            changes::record(tx, &article_id.to_string(), ChangeKind::Assigned, now)?;
            Ok(assignee)
        })
    }

    /// Who the article is assigned to.
    pub fn article_assignee(&self, article_id: ArticleId) -> Result<Option<ProfileId>> {
        self.db().read(|conn| assignee_of(conn, article_id))
    }
}

/// The article's assignee; a stored id that no longer parses reads as unassigned.
fn assignee_of(conn: &Connection, article_id: ArticleId) -> Result<Option<ProfileId>> {
    let v: Option<Option<String>> = conn
        .prepare_cached("SELECT assignee_id FROM articles WHERE id = ?1")?
        .query_row([article_id.to_string()], |r| r.get(0))
        .optional()?;
    let v = v.ok_or_else(|| Error::not_found("article", article_id))?;
    Ok(v.and_then(|s| s.parse().ok()))
}
