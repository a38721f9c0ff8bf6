//! The article change log: one row per committed change, written in the same transaction
//! as the change itself. Consumers (the search index, the sync outbox) keep a cursor into
//! it, so a crash between an edit and its consumer can never lose the edit.

use crate::clock::to_millis;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};

/// What happened to an article, as consumers of the change log need to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Edited,
    Trashed,
    Restored,
    StatusChanged,
    TagsChanged,
    Scheduled,
    /// Assigned to a person (or unassigned).
    Assigned,
}

impl ChangeKind {
    /// Whether the change is something the site holds, so it goes to the sync outbox in the
    /// same transaction. An assignment is the desk's own business: WordPress has no field
    /// for it, and queueing it would only spend a sync round on unchanged content.
    pub fn reaches_the_site(self) -> bool {
        !matches!(self, ChangeKind::Assigned)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Edited => "edited",
            ChangeKind::Trashed => "trashed",
            ChangeKind::Restored => "restored",
            ChangeKind::StatusChanged => "status",
            ChangeKind::TagsChanged => "tags",
            ChangeKind::Scheduled => "scheduled",
            ChangeKind::Assigned => "assigned",
        }
    }
}

/// Records a change; call it inside the transaction that made the change.
pub fn record(
    tx: &Transaction,
    article_id: &str,
    kind: ChangeKind,
    now: DateTime<Utc>,
) -> Result<i64> {
    let seq = record_from_site(tx, article_id, kind, now)?;
    if kind.reaches_the_site() {
        crate::outbox::enqueue(tx, article_id, seq, now)?;
    }
    Ok(seq)
}

/// Records a change the site made (applied by `crate::remote`): logged for the other
/// consumers (search), never queued to go back where it came from.
pub(crate) fn record_from_site(
    tx: &Transaction,
    article_id: &str,
    kind: ChangeKind,
    now: DateTime<Utc>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO article_changes (article_id, kind, changed_at) VALUES (?1, ?2, ?3)",
        params![article_id, kind.as_str(), to_millis(now)],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A change as a consumer reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub article_id: String,
    pub kind: String,
}

/// Changes after `cursor`, oldest first, at most `limit`.
pub fn since(conn: &Connection, cursor: i64, limit: usize) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, article_id, kind FROM article_changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![cursor, limit as i64], |r| {
        Ok(Change {
            seq: r.get(0)?,
            article_id: r.get(1)?,
            kind: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn latest_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(seq), 0) FROM article_changes",
        [],
        |r| r.get(0),
    )?)
}
