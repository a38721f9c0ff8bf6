//! The embargo rule: an instant before which an article must not be published, by anyone,
//! and the `embargoes` row that stores it.
//!
//! The check lives on the one path every publish takes (the workflow's `Publish` side
//! condition), so no role, button, scheduler tick or sync can go around it; that is why this
//! module sits below the workflow. Setting, moving, lifting and showing an embargo are the
//! schedule module's ([`crate::schedule::embargo`]). Like a schedule, an embargo is set as a
//! wall-clock time in a zone (a press release says "09:00 Astana time") and that is what is
//! stored next to the instant.

use crate::article::ArticleId;
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::zone::{format_local, show, Fold, WallClock};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// An embargo as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embargo {
    pub article_id: ArticleId,
    pub zone: String,
    pub local: String,
    pub fold: Option<Fold>,
    pub until: DateTime<Utc>,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

pub fn load(conn: &Connection, id: ArticleId) -> Result<Option<Embargo>> {
    let row = conn
        .prepare_cached(
            "SELECT zone, local_time, fold, until_at, set_by, set_at FROM embargoes WHERE article_id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok(Embargo {
                article_id: id,
                zone: r.get(0)?,
                local: r.get(1)?,
                fold: r.get::<_, Option<String>>(2)?.as_deref().and_then(Fold::parse),
                until: from_millis(r.get(3)?),
                set_by: r.get(4)?,
                set_at: from_millis(r.get(5)?),
            })
        })
        .optional()?;
    Ok(row)
}

/// The embargo instant, if any.
pub fn until(conn: &Connection, id: ArticleId) -> Result<Option<DateTime<Utc>>> {
    Ok(conn
        .prepare_cached("SELECT until_at FROM embargoes WHERE article_id = ?1")?
        .query_row([id.to_string()], |r| r.get::<_, i64>(0))
        .optional()?
        .map(from_millis))
}

/// Refuses a publish at `now` before the article's embargo. Called by the workflow for
/// every `Publish`, whoever the actor.
pub fn check(conn: &Connection, id: ArticleId, now: DateTime<Utc>) -> Result<()> {
    check_publish_at(conn, id, now, "published")
}

/// Refuses a publication time before the embargo (`what`: "published", "scheduled for …").
pub fn check_publish_at(
    conn: &Connection,
    id: ArticleId,
    at: DateTime<Utc>,
    what: &str,
) -> Result<()> {
    let Some(embargo) = load(conn, id)? else {
        return Ok(());
    };
    if at >= embargo.until {
        return Ok(());
    }
    let until = describe(&embargo);
    let text =
        format!("the article is under embargo until {until}; it cannot be {what} before then");
    Err(Error::said(
        crate::error::ErrorCode::Forbidden,
        crate::said::Said::new("refusal.embargo", text).text("until", until),
    ))
}

/// "2026-03-01 09:00 Asia/Almaty (UTC+05:00)": the embargo as it was set.
fn describe(e: &Embargo) -> String {
    match e.zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => {
            let shown = show(e.until, tz);
            format!(
                "{} {} (UTC{})",
                shown.local.replace('T', " "),
                shown.zone,
                shown.offset
            )
        }
        Err(_) => format!("{} UTC", e.until.format("%Y-%m-%d %H:%M")),
    }
}

pub(crate) fn update_until(conn: &Connection, id: ArticleId, until: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE embargoes SET until_at = ?2 WHERE article_id = ?1",
        params![id.to_string(), to_millis(until)],
    )?;
    Ok(())
}

pub(crate) fn write(
    conn: &Connection,
    id: ArticleId,
    wall: &WallClock,
    until: DateTime<Utc>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO embargoes (article_id, zone, local_time, fold, until_at, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (article_id) DO UPDATE SET zone = excluded.zone, local_time = excluded.local_time,
             fold = excluded.fold, until_at = excluded.until_at, set_by = excluded.set_by, set_at = excluded.set_at",
        params![
            id.to_string(),
            wall.zone.name(),
            format_local(wall.local),
            wall.fold.map(Fold::as_str),
            to_millis(until),
            by,
            to_millis(now)
        ],
    )?;
    Ok(())
}

/// Lifts the embargo; `false` if there was none.
pub(crate) fn remove(conn: &Connection, id: ArticleId) -> Result<bool> {
    let removed = conn.execute(
        "DELETE FROM embargoes WHERE article_id = ?1",
        [id.to_string()],
    )?;
    Ok(removed > 0)
}
