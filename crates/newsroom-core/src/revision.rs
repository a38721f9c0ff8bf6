//! Revision history: a revision per pause in typing or per explicit save, never per
//! keystroke; diff between any two. Restoring one (which adds a revision and removes none)
//! is an edit of the article and lives in [`crate::editing`].

use crate::article::{self, ArticleDraft, ArticleId};
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

/// Typing that resumes within this time continues the same autosave revision.
pub const AUTOSAVE_PAUSE: Duration = Duration::seconds(30);
/// Even without a pause, a long typing run is cut into revisions this long, so a restore
/// never has to jump back further than this.
pub const AUTOSAVE_MAX_SPAN: Duration = Duration::minutes(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RevisionKind {
    Created,
    Autosave,
    Manual,
    Restore,
    Import,
    /// Taken from the publishing backend by sync.
    Remote,
}

impl RevisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Created => "created",
            RevisionKind::Autosave => "autosave",
            RevisionKind::Manual => "manual",
            RevisionKind::Restore => "restore",
            RevisionKind::Import => "import",
            RevisionKind::Remote => "remote",
        }
    }

    fn parse(s: &str) -> RevisionKind {
        match s {
            "created" => RevisionKind::Created,
            "manual" => RevisionKind::Manual,
            "restore" => RevisionKind::Restore,
            "import" => RevisionKind::Import,
            "remote" => RevisionKind::Remote,
            _ => RevisionKind::Autosave,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RevisionSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: RevisionKind,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub headline: String,
    pub chars: u32,
    #[ts(type = "number | null")]
    pub restored_from: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Revision {
    #[ts(type = "number")]
    pub id: i64,
    pub article_id: ArticleId,
    pub kind: RevisionKind,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(flatten)]
    #[ts(flatten)]
    pub draft: ArticleDraft,
    #[ts(type = "number | null")]
    pub restored_from: Option<i64>,
}

/// A field's diff stops refining after this long. Bodies may be 16 MB, and a line diff of
/// two large, wholly different texts is quadratic (minutes); past the deadline the diff
/// is finished coarsely — the remaining differing stretch is shown as one deletion and one
/// insertion — which is still exact (applying it gives the new text), only less minimal.
pub const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

/// The difference in one field between two revisions, as runs of equal, deleted and
/// inserted lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldDiff {
    pub field: String,
    pub chunks: Vec<DiffChunk>,
    /// The diff hit [`DIFF_DEADLINE`]: it is exact but may show more as changed than was.
    pub coarse: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DiffChunk {
    pub op: DiffOp,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

pub(crate) fn insert(
    tx: &Transaction,
    article_id: ArticleId,
    kind: RevisionKind,
    draft: &ArticleDraft,
    now: DateTime<Utc>,
    restored_from: Option<i64>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO revisions (article_id, kind, created_at, updated_at, headline, dek, byline, slug, body, restored_from)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            article_id.to_string(),
            kind.as_str(),
            to_millis(now),
            draft.headline,
            draft.dek,
            draft.byline,
            draft.slug,
            draft.body,
            restored_from
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Folds an autosave into the latest revision when the author has not paused, otherwise
/// starts a new autosave revision.
pub(crate) fn autosave(
    tx: &Transaction,
    article_id: ArticleId,
    draft: &ArticleDraft,
    now: DateTime<Utc>,
) -> Result<i64> {
    let latest: Option<(i64, String, i64, i64)> = tx
        .query_row(
            "SELECT id, kind, created_at, updated_at FROM revisions WHERE article_id = ?1 ORDER BY id DESC LIMIT 1",
            [article_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    if let Some((id, kind, created_at, updated_at)) = latest {
        let still_typing = now - from_millis(updated_at) < AUTOSAVE_PAUSE
            && now - from_millis(created_at) < AUTOSAVE_MAX_SPAN;
        if kind == RevisionKind::Autosave.as_str() && still_typing {
            tx.execute(
                "UPDATE revisions SET updated_at = ?2, headline = ?3, dek = ?4, byline = ?5, slug = ?6, body = ?7 WHERE id = ?1",
                params![id, to_millis(now), draft.headline, draft.dek, draft.byline, draft.slug, draft.body],
            )?;
            return Ok(id);
        }
    }
    insert(tx, article_id, RevisionKind::Autosave, draft, now, None)
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Revision> {
    conn.query_row(
        "SELECT id, article_id, kind, created_at, updated_at, headline, dek, byline, slug, body, restored_from
         FROM revisions WHERE id = ?1",
        [id],
        |r| {
            let kind: String = r.get(2)?;
            Ok(Revision {
                id: r.get(0)?,
                article_id: article::article_id_at(r, 1)?,
                kind: RevisionKind::parse(&kind),
                created_at: from_millis(r.get(3)?),
                updated_at: from_millis(r.get(4)?),
                draft: ArticleDraft {
                    headline: r.get(5)?,
                    dek: r.get(6)?,
                    byline: r.get(7)?,
                    slug: r.get(8)?,
                    body: r.get(9)?,
                },
                restored_from: r.get(10)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found("revision", id))
}

/// Line diff of every field that differs between `old` and `new`.
pub fn diff_drafts(old: &ArticleDraft, new: &ArticleDraft) -> Vec<FieldDiff> {
    let fields = [
        ("headline", &old.headline, &new.headline),
        ("dek", &old.dek, &new.dek),
        ("byline", &old.byline, &new.byline),
        ("slug", &old.slug, &new.slug),
        ("body", &old.body, &new.body),
    ];
    fields
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, a, b)| {
            let (chunks, coarse) = diff_text(a, b, DIFF_DEADLINE);
            FieldDiff {
                field: field.to_string(),
                chunks,
                coarse,
            }
        })
        .collect()
}

/// A line diff that stops refining after `limit` (see [`DIFF_DEADLINE`]); the flag says
/// whether it did.
pub fn diff_text(old: &str, new: &str, limit: std::time::Duration) -> (Vec<DiffChunk>, bool) {
    let started = std::time::Instant::now();
    let deadline = started + limit;
    let diff = TextDiff::configure()
        .deadline(deadline)
        .diff_lines(old, new);
    let coarse = std::time::Instant::now() >= deadline;
    let mut chunks: Vec<DiffChunk> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => DiffOp::Equal,
            ChangeTag::Delete => DiffOp::Delete,
            ChangeTag::Insert => DiffOp::Insert,
        };
        match chunks.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => chunks.push(DiffChunk {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    (chunks, coarse)
}

impl Store {
    pub fn list_revisions(&self, article_id: ArticleId) -> Result<Vec<RevisionSummary>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, kind, created_at, updated_at, headline, length(body), restored_from
                 FROM revisions WHERE article_id = ?1 ORDER BY id DESC",
            )?;
            let rows = stmt.query_map([article_id.to_string()], |r| {
                let kind: String = r.get(1)?;
                Ok(RevisionSummary {
                    id: r.get(0)?,
                    kind: RevisionKind::parse(&kind),
                    created_at: from_millis(r.get(2)?),
                    updated_at: from_millis(r.get(3)?),
                    headline: r.get(4)?,
                    chars: r.get(5)?,
                    restored_from: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn revision(&self, id: i64) -> Result<Revision> {
        self.db().read(|conn| load(conn, id))
    }

    pub fn diff_revisions(&self, old: i64, new: i64) -> Result<Vec<FieldDiff>> {
        let (old, new) = self
            .db()
            .read(|conn| Ok((load(conn, old)?, load(conn, new)?)))?;
        if old.article_id != new.article_id {
            return Err(Error::Invalid(
                "the two revisions belong to different articles".into(),
            ));
        }
        Ok(diff_drafts(&old.draft, &new.draft))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Rebuilds one side of a diff from its chunks.
    fn side(chunks: &[DiffChunk], keep: DiffOp) -> String {
        chunks
            .iter()
            .filter(|c| c.op == DiffOp::Equal || c.op == keep)
            .map(|c| c.text.as_str())
            .collect()
    }

    #[test]
    fn a_diff_past_its_deadline_is_coarse_but_exact() {
        // Two wholly different bodies of many lines: the case that took minutes at 10 MB.
        let old: String = (0..20_000).map(|i| format!("old line {i}\n")).collect();
        let new: String = (0..20_000)
            .map(|i| format!("new line {}\n", i * 7))
            .collect();
        let (chunks, coarse) = diff_text(&old, &new, Duration::ZERO);
        assert!(coarse, "a diff that ran out of time says so");
        assert_eq!(side(&chunks, DiffOp::Delete), old, "the old text is exact");
        assert_eq!(side(&chunks, DiffOp::Insert), new, "the new text is exact");
        let (chunks, coarse) = diff_text("a\nb\nc\n", "a\nx\nc\n", DIFF_DEADLINE);
        assert!(!coarse, "a small diff finishes in time");
        let ops: Vec<_> = chunks.iter().map(|c| c.op).collect();
        assert_eq!(
            ops,
            [DiffOp::Equal, DiffOp::Delete, DiffOp::Insert, DiffOp::Equal]
        );
    }
}
