//! Notices the user must see and acknowledge: a publish that went out late, a schedule or
//! embargo moved by a tz-rule change, a publish that failed. Written in the same
//! transaction as the event, so nothing the scheduler did can go unreported.

use super::entry::parse_id;
use crate::article::ArticleId;
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::said::Said;
use crate::store::Store;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NoticeKind {
    LatePublish,
    ScheduleMoved,
    EmbargoMoved,
    PublishFailed,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::LatePublish => "late_publish",
            NoticeKind::ScheduleMoved => "schedule_moved",
            NoticeKind::EmbargoMoved => "embargo_moved",
            NoticeKind::PublishFailed => "publish_failed",
        }
    }

    fn parse(s: &str) -> NoticeKind {
        match s {
            "late_publish" => NoticeKind::LatePublish,
            "schedule_moved" => NoticeKind::ScheduleMoved,
            "embargo_moved" => NoticeKind::EmbargoMoved,
            // The CHECK constraint admits only these; a failure is the safe reading of
            // anything else, since it asks the user to look.
            _ => NoticeKind::PublishFailed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Notice {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: NoticeKind,
    pub article_id: ArticleId,
    pub headline: String,
    /// In English; for a kind the UI words itself, the UI uses `kind` and `minutes`.
    pub message: String,
    /// A failed publish's reason, worded for the UI to translate (`None` for other kinds
    /// and for failures recorded before reasons were kept this way).
    pub reason: Option<Said>,
    /// How late, or how far the time moved (signed), in minutes.
    #[ts(type = "number | null")]
    pub minutes: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

pub(crate) fn record(
    conn: &Connection,
    kind: NoticeKind,
    article_id: ArticleId,
    message: &str,
    minutes: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO schedule_notices (kind, article_id, headline, message, minutes, created_at)
         SELECT ?1, id, headline, ?3, ?4, ?5 FROM articles WHERE id = ?2",
        params![
            kind.as_str(),
            article_id.to_string(),
            message,
            minutes,
            to_millis(now)
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A failed publish keeps its reason as a stored sentence ([`Said::to_stored`]); older
/// rows and other kinds keep an English message.
fn message_and_reason(kind: NoticeKind, stored: String) -> (String, Option<Said>) {
    if kind != NoticeKind::PublishFailed {
        return (stored, None);
    }
    let reason = Said::from_stored(&stored);
    if reason.key.is_empty() && reason.text == stored {
        // Written before reasons were stored as sentences: already a whole message.
        return (stored, None);
    }
    let message = format!("the scheduler could not publish it: {}", reason.text);
    (message, Some(reason))
}

pub(crate) fn list(conn: &Connection, include_acknowledged: bool) -> Result<Vec<Notice>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, article_id, headline, message, minutes, created_at, acknowledged_at
         FROM schedule_notices WHERE ?1 OR acknowledged_at IS NULL ORDER BY id DESC LIMIT 500",
    )?;
    let rows = stmt.query_map([include_acknowledged], |r| {
        let kind = NoticeKind::parse(&r.get::<_, String>(1)?);
        let article: String = r.get(2)?;
        let stored: String = r.get(4)?;
        let (message, reason) = message_and_reason(kind, stored);
        Ok(Notice {
            id: r.get(0)?,
            kind,
            article_id: parse_id(&article, 2)?,
            headline: r.get(3)?,
            message,
            reason,
            minutes: r.get(5)?,
            created_at: from_millis(r.get(6)?),
            acknowledged_at: r.get::<_, Option<i64>>(7)?.map(from_millis),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Notices not yet acknowledged (or all, newest first).
    pub fn schedule_notices(&self, include_acknowledged: bool) -> Result<Vec<Notice>> {
        self.db().read(|conn| list(conn, include_acknowledged))
    }

    /// The user has seen a notice; it stops showing.
    pub fn acknowledge_notice(&self, id: i64) -> Result<()> {
        let now = self.now();
        self.db().write(|tx| {
            let changed = tx.execute(
                "UPDATE schedule_notices SET acknowledged_at = coalesce(acknowledged_at, ?2) WHERE id = ?1",
                params![id, to_millis(now)],
            )?;
            if changed == 0 {
                return Err(Error::not_found("notice", id));
            }
            Ok(())
        })
    }

    /// Acknowledges every open notice; returns how many.
    pub fn acknowledge_all_notices(&self) -> Result<usize> {
        let now = self.now();
        self.db().write(|tx| {
            Ok(tx.execute(
                "UPDATE schedule_notices SET acknowledged_at = ?1 WHERE acknowledged_at IS NULL",
                [to_millis(now)],
            )?)
        })
    }
}
