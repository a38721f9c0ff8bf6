//! Re-checks stored instants against the tz database this build ships.
//!
//! A schedule means a wall-clock time in a zone ("09:00 in Almaty"). When a zone's rules
//! change (Kazakhstan moved to UTC+5 on 2024-03-01) an instant computed under the old rules
//! is an hour off. On every start, before the scheduler publishes anything, the instant of
//! every pending schedule and every embargo still in force is recomputed from its wall-clock
//! time; where it differs it is updated — keeping the wall-clock time, which is what the
//! editor meant — and a notice says which article moved and by how much.

use super::embargo;
use super::entry;
use super::notices::{self, NoticeKind};
use super::warnings::minutes_phrase;
use super::zone::{classify, show, LocalKind, WallClock, TZDB_VERSION};
use crate::article::ArticleId;
use crate::clock::{from_millis, to_millis};
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

/// Settings key recording the tz database the instants were last checked with.
pub const TZDB_VERSION_KEY: &str = "tzdb_version";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MovedWhat {
    Schedule,
    Embargo,
}

/// One instant that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MovedTime {
    pub article_id: ArticleId,
    pub what: MovedWhat,
    pub zone: String,
    pub local: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Signed: positive when the instant moved later.
    #[ts(type = "number")]
    pub minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ZoneRecheck {
    pub tzdb_version: String,
    /// The version the instants were last checked with (`None` on a first start).
    pub previous_version: Option<String>,
    pub moved: Vec<MovedTime>,
}

/// The instant a stored wall-clock time means under the current rules. A time the new
/// rules make skipped or doubled gets the reading that never publishes too early for an
/// embargo (the later instant) and, for a schedule, the first moment the clock shows it.
fn current_instant(wall: &WallClock, is_embargo: bool) -> DateTime<Utc> {
    if let Ok(t) = wall.resolve() {
        return t;
    }
    match classify(wall.zone, wall.local) {
        LocalKind::Unique(t) => t,
        LocalKind::Ambiguous { earlier, later } => {
            if is_embargo {
                later
            } else {
                earlier
            }
        }
        LocalKind::Nonexistent { earlier, later, .. } => earlier.max(later),
    }
}

struct Stored {
    article_id: ArticleId,
    zone: String,
    local: String,
    fold: Option<String>,
    instant: DateTime<Utc>,
}

fn stored_embargoes(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Stored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, zone, local_time, fold, until_at FROM embargoes WHERE until_at > ?1 ORDER BY article_id",
    )?;
    let rows = stmt.query_map([to_millis(now)], |r| {
        let id: String = r.get(0)?;
        Ok(Stored {
            article_id: entry::parse_id(&id, 0)?,
            zone: r.get(1)?,
            local: r.get(2)?,
            fold: r.get(3)?,
            instant: from_millis(r.get(4)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn stored_schedules(conn: &Connection) -> Result<Vec<Stored>> {
    Ok(entry::pending(conn)?
        .into_iter()
        .map(|(e, _)| Stored {
            article_id: e.article_id,
            zone: e.zone,
            local: e.local,
            fold: e.fold.map(|f| f.as_str().to_string()),
            instant: e.publish_at,
        })
        .collect())
}

/// Recomputes one stored instant; updates it and writes a notice if it moved.
fn recheck_one(
    tx: &Transaction,
    s: &Stored,
    what: MovedWhat,
    now: DateTime<Utc>,
) -> Result<Option<MovedTime>> {
    let wall = match WallClock::from_columns(&s.zone, &s.local, s.fold.as_deref()) {
        Ok(w) => w,
        Err(e) => {
            // A zone this build does not know: leave the instant as it was computed.
            tracing::warn!(article = %s.article_id, "cannot recheck {}: {e}", s.zone);
            return Ok(None);
        }
    };
    let to = current_instant(&wall, what == MovedWhat::Embargo);
    if to == s.instant {
        return Ok(None);
    }
    match what {
        MovedWhat::Schedule => entry::set_publish_at(tx, s.article_id, to)?,
        MovedWhat::Embargo => embargo::update_until(tx, s.article_id, to)?,
    }
    let moved = MovedTime {
        article_id: s.article_id,
        what,
        zone: s.zone.clone(),
        local: s.local.get(..16).unwrap_or(&s.local).to_string(),
        from: s.instant,
        to,
        minutes: (to - s.instant).num_minutes(),
    };
    let noun = match what {
        MovedWhat::Schedule => "schedule",
        MovedWhat::Embargo => "embargo",
    };
    let message = format!(
        "the tz database ({TZDB_VERSION}) has new rules for {zone}: the {noun} stays at {local} {zone}, which is now {to} UTC instead of {from} UTC ({dir} {amount})",
        zone = moved.zone,
        local = moved.local.replace('T', " "),
        to = show(to, chrono_tz::UTC).local.replace('T', " "),
        from = show(s.instant, chrono_tz::UTC).local.replace('T', " "),
        dir = if moved.minutes > 0 { "later by" } else { "earlier by" },
        amount = minutes_phrase((to - s.instant).abs()),
    );
    let kind = match what {
        MovedWhat::Schedule => NoticeKind::ScheduleMoved,
        MovedWhat::Embargo => NoticeKind::EmbargoMoved,
    };
    notices::record(tx, kind, s.article_id, &message, Some(moved.minutes), now)?;
    Ok(Some(moved))
}

impl Store {
    /// Re-checks every pending schedule and every embargo still in force against the
    /// bundled tz database. Run on start, before the scheduler's first publish.
    pub fn recheck_zone_rules(&self) -> Result<ZoneRecheck> {
        let now = self.now();
        self.db().write(|tx| {
            let previous_version = crate::settings::get(tx, TZDB_VERSION_KEY)?;
            let mut moved = Vec::new();
            for s in stored_schedules(tx)? {
                moved.extend(recheck_one(tx, &s, MovedWhat::Schedule, now)?);
            }
            for s in stored_embargoes(tx, now)? {
                moved.extend(recheck_one(tx, &s, MovedWhat::Embargo, now)?);
            }
            crate::settings::put(tx, TZDB_VERSION_KEY, TZDB_VERSION)?;
            if !moved.is_empty() {
                tracing::info!(
                    "tz database {TZDB_VERSION}: {} stored times moved",
                    moved.len()
                );
            }
            Ok(ZoneRecheck {
                tzdb_version: TZDB_VERSION.to_string(),
                previous_version,
                moved,
            })
        })
    }
}
