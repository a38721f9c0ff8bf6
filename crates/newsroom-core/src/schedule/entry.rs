//! The `schedules` table: one row per article, its row type and queries.

use super::warnings::LeadSlot;
use super::zone::{format_local, Fold, WallClock};
use crate::article::ArticleId;
use crate::clock::{from_millis, to_millis};
use crate::error::Result;
use crate::said::Said;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

/// A schedule as stored. The wall-clock columns stay text here: a zone this build does not
/// know (a database written by a newer app) must not make the whole calendar unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub article_id: ArticleId,
    pub zone: String,
    pub local: String,
    pub fold: Option<Fold>,
    pub publish_at: DateTime<Utc>,
    pub lead: bool,
    pub scheduled_by: String,
    pub scheduled_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    /// Why the scheduler could not publish it, worded for the UI to translate.
    pub failure: Option<Said>,
}

impl Entry {
    pub fn wall_clock(&self) -> Result<WallClock> {
        WallClock::from_columns(&self.zone, &self.local, self.fold.map(Fold::as_str))
    }
}

pub(crate) const COLUMNS: &str =
    "s.article_id, s.zone, s.local_time, s.fold, s.publish_at, s.lead, s.scheduled_by, \
     s.scheduled_at, s.published_at, s.failed_at, s.failure";

pub(crate) fn parse_id(raw: &str, column: usize) -> rusqlite::Result<ArticleId> {
    Uuid::parse_str(raw).map(ArticleId).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads [`COLUMNS`] starting at column `at`.
pub(crate) fn from_row(row: &Row, at: usize) -> rusqlite::Result<Entry> {
    let id: String = row.get(at)?;
    Ok(Entry {
        article_id: parse_id(&id, at)?,
        zone: row.get(at + 1)?,
        local: row.get(at + 2)?,
        fold: row
            .get::<_, Option<String>>(at + 3)?
            .as_deref()
            .and_then(Fold::parse),
        publish_at: from_millis(row.get(at + 4)?),
        lead: row.get::<_, i64>(at + 5)? != 0,
        scheduled_by: row.get(at + 6)?,
        scheduled_at: from_millis(row.get(at + 7)?),
        published_at: row.get::<_, Option<i64>>(at + 8)?.map(from_millis),
        failed_at: row.get::<_, Option<i64>>(at + 9)?.map(from_millis),
        failure: row
            .get::<_, Option<String>>(at + 10)?
            .map(|stored| Said::from_stored(&stored)),
    })
}

pub fn load(conn: &Connection, id: ArticleId) -> Result<Option<Entry>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM schedules s WHERE s.article_id = ?1"
        ))?
        .query_row([id.to_string()], |r| from_row(r, 0))
        .optional()?)
}

/// Writes a new schedule for an article, replacing any earlier one (and its published or
/// failed marks: this is a new publication time).
pub(crate) fn put(
    conn: &Connection,
    id: ArticleId,
    wall: &WallClock,
    publish_at: DateTime<Utc>,
    lead: bool,
    by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO schedules (article_id, zone, local_time, fold, publish_at, lead, scheduled_by, scheduled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (article_id) DO UPDATE SET zone = excluded.zone, local_time = excluded.local_time,
             fold = excluded.fold, publish_at = excluded.publish_at, lead = excluded.lead,
             scheduled_by = excluded.scheduled_by, scheduled_at = excluded.scheduled_at,
             published_at = NULL, failed_at = NULL, failure = NULL",
        params![
            id.to_string(),
            wall.zone.name(),
            format_local(wall.local),
            wall.fold.map(Fold::as_str),
            to_millis(publish_at),
            lead as i64,
            by,
            to_millis(now)
        ],
    )?;
    Ok(())
}

/// Records a schedule made outside the app (an editor set the post to `future` in
/// WordPress): the site's UTC instant, shown as wall-clock time in the newsroom's zone, so
/// the calendar lists it and the local scheduler agrees on when it goes out. No workflow or
/// embargo checks: this is a fact reported by the site, not a request. The lead flag of an
/// earlier schedule is kept; a row that already says this instant is left as it is (the
/// editor's own zone and wall-clock time stay).
pub fn put_remote(
    conn: &Connection,
    id: ArticleId,
    publish_at: DateTime<Utc>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let existing = load(conn, id)?;
    if existing.as_ref().is_some_and(|e| {
        e.publish_at == publish_at && e.published_at.is_none() && e.failed_at.is_none()
    }) {
        return Ok(());
    }
    let zone = super::settings::newsroom_zone(conn)?;
    let local = publish_at.with_timezone(&zone).naive_local();
    // At a DST fall-back the wall-clock time happens twice: say which one the instant is.
    let fold = match super::zone::classify(zone, local) {
        super::zone::LocalKind::Ambiguous { earlier, .. } if earlier == publish_at => {
            Some(Fold::Earlier)
        }
        super::zone::LocalKind::Ambiguous { .. } => Some(Fold::Later),
        _ => None,
    };
    let wall = WallClock { zone, local, fold };
    let lead = existing.is_some_and(|e| e.lead);
    put(conn, id, &wall, publish_at, lead, by, now)
}

pub(crate) fn delete(conn: &Connection, id: ArticleId) -> Result<()> {
    conn.execute(
        "DELETE FROM schedules WHERE article_id = ?1",
        [id.to_string()],
    )?;
    Ok(())
}

pub(crate) fn mark_published(conn: &Connection, id: ArticleId, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE schedules SET published_at = ?2 WHERE article_id = ?1",
        params![id.to_string(), to_millis(at)],
    )?;
    Ok(())
}

pub(crate) fn mark_failed(
    conn: &Connection,
    id: ArticleId,
    at: DateTime<Utc>,
    why: &Said,
) -> Result<()> {
    conn.execute(
        "UPDATE schedules SET failed_at = ?2, failure = ?3 WHERE article_id = ?1",
        params![id.to_string(), to_millis(at), why.to_stored()],
    )?;
    Ok(())
}

pub(crate) fn set_publish_at(conn: &Connection, id: ArticleId, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE schedules SET publish_at = ?2 WHERE article_id = ?1",
        params![id.to_string(), to_millis(at)],
    )?;
    Ok(())
}

/// Schedules that are still to go out: the article is scheduled and live, and the
/// scheduler has neither published nor given up on it. With the embargo, if any.
pub(crate) fn pending(conn: &Connection) -> Result<Vec<(Entry, Option<DateTime<Utc>>)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, e.until_at FROM schedules s
         JOIN articles a ON a.id = s.article_id
         LEFT JOIN embargoes e ON e.article_id = s.article_id
         WHERE s.published_at IS NULL AND s.failed_at IS NULL
           AND a.status = 'scheduled' AND a.trashed_at IS NULL
         ORDER BY s.publish_at, s.article_id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            from_row(r, 0)?,
            r.get::<_, Option<i64>>(11)?.map(from_millis),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Other lead articles scheduled or published near `at` (within `window` either side).
pub(crate) fn leads_near(
    conn: &Connection,
    except: ArticleId,
    at: DateTime<Utc>,
    window: chrono::Duration,
) -> Result<Vec<LeadSlot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.article_id, a.headline, s.publish_at FROM schedules s
         JOIN articles a ON a.id = s.article_id
         WHERE s.lead = 1 AND s.article_id != ?1 AND a.trashed_at IS NULL
           AND a.status IN ('scheduled', 'published')
           AND s.publish_at > ?2 AND s.publish_at < ?3
         ORDER BY s.publish_at",
    )?;
    let rows = stmt.query_map(
        params![
            except.to_string(),
            to_millis(at - window),
            to_millis(at + window)
        ],
        |r| {
            let id: String = r.get(0)?;
            Ok(LeadSlot {
                article_id: parse_id(&id, 0)?,
                headline: r.get(1)?,
                at: from_millis(r.get(2)?),
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
