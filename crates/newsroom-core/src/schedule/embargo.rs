//! Embargo: an instant before which an article must not be published, by anyone.
//!
//! The check lives in the core, on the one path every publish takes (the workflow's
//! `Publish` side condition), so no role, button, scheduler tick or sync can go around it.
//! Like a schedule, an embargo is set as a wall-clock time in a zone (a press release says
//! "09:00 Astana time") and that is what is stored next to the instant.

use super::zone::{format_local, show, Fold, WallClock, WallClockInput, ZonedTime};
use super::{settings, ViewZones, Warning};
use crate::article::ArticleId;
use crate::changes::ChangeKind;
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::profile::{self, Actor, Role};
use crate::store::Store;
use crate::workflow::table::ArticleState;
use crate::workflow::transition::live_state;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

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

/// An embargo as the UI shows it: in the zone it was set in, the newsroom's and the user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EmbargoView {
    pub article_id: ArticleId,
    pub until: DateTime<Utc>,
    /// As it was set: zone and wall-clock time.
    pub set_in: ZonedTime,
    pub newsroom: ZonedTime,
    pub user: ZonedTime,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// What setting an embargo did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EmbargoOutcome {
    pub embargo: EmbargoView,
    pub warnings: Vec<Warning>,
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

pub(crate) fn view(e: &Embargo, zones: &ViewZones) -> EmbargoView {
    let set_in = match e.zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => show(e.until, tz),
        Err(_) => show(e.until, chrono_tz::UTC),
    };
    EmbargoView {
        article_id: e.article_id,
        until: e.until,
        set_in,
        newsroom: show(e.until, zones.newsroom),
        user: show(e.until, zones.user),
        set_by: e.set_by.clone(),
        set_at: e.set_at,
    }
}

pub(crate) fn update_until(conn: &Connection, id: ArticleId, until: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE embargoes SET until_at = ?2 WHERE article_id = ?1",
        params![id.to_string(), to_millis(until)],
    )?;
    Ok(())
}

impl Store {
    /// Sets or moves an article's embargo. Anyone who works on the article may set one or
    /// move it later (it only holds publication back); moving it earlier loosens it and is
    /// an editor's decision. A published article cannot be embargoed after the fact.
    pub fn set_embargo(
        &self,
        id: ArticleId,
        input: &WallClockInput,
        actor: &Actor,
        user_zone: &str,
    ) -> Result<EmbargoOutcome> {
        let wall = input.parse()?;
        let new_until = wall.resolve()?;
        let now = self.now();
        self.db().write(|tx| {
            let who = profile::resolve(tx, actor)?;
            let role = who
                .role
                .ok_or_else(|| Error::Forbidden("the scheduler cannot set embargoes".into()))?;
            let state = live_state(tx, id)?;
            if state == ArticleState::Published {
                return Err(Error::Conflict(
                    "the article is already published; withdraw it before setting an embargo"
                        .into(),
                ));
            }
            if let Some(old) = until(tx, id)? {
                if new_until < old && role != Role::Editor {
                    return Err(Error::Forbidden(
                        "journalists cannot move an embargo earlier; ask an editor".into(),
                    ));
                }
            }
            write(tx, id, &wall, new_until, &who.name, now)?;
            crate::article::touch(tx, id, ChangeKind::Scheduled, now)?;
            let mut warnings = Vec::new();
            if let Some(entry) = super::entry::load(tx, id)? {
                if state == ArticleState::Scheduled && entry.publish_at < new_until {
                    warnings.push(Warning::before_embargo(entry.publish_at, new_until));
                }
            }
            let zones = ViewZones::new(settings::newsroom_zone(tx)?, user_zone)?;
            let embargo = load(tx, id)?.ok_or_else(|| Error::not_found("embargo", id))?;
            Ok(EmbargoOutcome {
                embargo: view(&embargo, &zones),
                warnings,
            })
        })
    }

    /// Lifts an embargo: an editor's decision.
    pub fn clear_embargo(&self, id: ArticleId, actor: &Actor) -> Result<()> {
        let now = self.now();
        self.db().write(|tx| {
            settings::require_editor(tx, actor, "lift an embargo")?;
            live_state(tx, id)?;
            let removed = tx.execute(
                "DELETE FROM embargoes WHERE article_id = ?1",
                [id.to_string()],
            )?;
            if removed > 0 {
                crate::article::touch(tx, id, ChangeKind::Scheduled, now)?;
            }
            Ok(())
        })
    }

    pub fn embargo(&self, id: ArticleId, user_zone: &str) -> Result<Option<EmbargoView>> {
        self.db().read(|conn| {
            let zones = ViewZones::new(settings::newsroom_zone(conn)?, user_zone)?;
            Ok(load(conn, id)?.map(|e| view(&e, &zones)))
        })
    }
}

fn write(
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
