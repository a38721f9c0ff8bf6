//! The publishing calendar: scheduled and published articles, day by day in a zone.
//!
//! Days are local days of the calendar's zone, so a day is 23 or 25 hours long at a DST
//! change and an article at 00:30 local time sits on the right day whatever UTC says.

use super::entry::{self, parse_id};
use super::zone::{parse_zone, show, start_of_day, ZonedTime};
use super::{settings, ViewZones};
use crate::article::ArticleId;
use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::said::Said;
use crate::store::Store;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest range one query may ask for (a month view at most).
pub const MAX_DAYS: u32 = 42;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[ts(export)]
pub struct CalendarQuery {
    /// First day, `YYYY-MM-DD`, in `zone`.
    pub start: String,
    /// 1 for a day view, 7 for a week.
    pub days: u32,
    /// The zone whose days the calendar shows; the newsroom's when absent.
    #[serde(default)]
    #[ts(optional)]
    pub zone: Option<String>,
    /// The user's own zone, for the second time shown on each item.
    #[serde(default)]
    #[ts(optional)]
    pub user_zone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CalendarState {
    Scheduled,
    Published,
    /// Scheduled, but the scheduler could not publish it (see `failure`).
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CalendarItem {
    pub article_id: ArticleId,
    pub headline: String,
    pub state: CalendarState,
    /// When it goes (or went) out: the schedule, held back to the embargo if that is later;
    /// for a published article, when it was published.
    pub at: DateTime<Utc>,
    /// `at` in the calendar's zone, the newsroom's and the user's.
    pub local: ZonedTime,
    pub newsroom: ZonedTime,
    pub user: ZonedTime,
    pub lead: bool,
    pub scheduled_for: Option<DateTime<Utc>>,
    pub embargo_until: Option<DateTime<Utc>>,
    /// Due and not yet published (the scheduler will publish it on its next wake).
    pub overdue: bool,
    pub failure: Option<Said>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CalendarDay {
    /// `YYYY-MM-DD` in the calendar's zone.
    pub date: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub items: Vec<CalendarItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Calendar {
    pub zone: String,
    pub newsroom_zone: String,
    pub user_zone: String,
    pub days: Vec<CalendarDay>,
}

/// The Monday of the week containing `date` (weeks start on Monday in Kazakhstan and Russia).
pub fn week_start(date: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    date - Duration::days(date.weekday().num_days_from_monday() as i64)
}

/// Local-day boundaries for `days` days from `start` in `tz`.
pub fn day_bounds(
    tz: Tz,
    start: NaiveDate,
    days: u32,
) -> Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> {
    (0..days)
        .filter_map(|i| {
            let date = start.checked_add_signed(Duration::days(i as i64))?;
            let next = date.succ_opt()?;
            Some((date, start_of_day(tz, date), start_of_day(tz, next)))
        })
        .collect()
}

struct Row {
    article_id: ArticleId,
    headline: String,
    state: CalendarState,
    at: DateTime<Utc>,
    lead: bool,
    scheduled_for: Option<DateTime<Utc>>,
    embargo_until: Option<DateTime<Utc>>,
    failure: Option<Said>,
}

/// Scheduled (and failed) articles whose effective time falls in [from, to).
fn scheduled_rows(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {cols}, a.headline, e.until_at FROM schedules s
         JOIN articles a ON a.id = s.article_id
         LEFT JOIN embargoes e ON e.article_id = s.article_id
         WHERE a.status = 'scheduled' AND a.trashed_at IS NULL AND s.published_at IS NULL
           AND s.publish_at < ?2
           AND max(s.publish_at, coalesce(e.until_at, s.publish_at)) >= ?1
           AND max(s.publish_at, coalesce(e.until_at, s.publish_at)) < ?2",
        cols = entry::COLUMNS
    ))?;
    let rows = stmt.query_map(params![to_millis(from), to_millis(to)], |r| {
        let e = entry::from_row(r, 0)?;
        let headline: String = r.get(11)?;
        let until = r.get::<_, Option<i64>>(12)?.map(from_millis);
        let at = match until {
            Some(u) if u > e.publish_at => u,
            _ => e.publish_at,
        };
        Ok(Row {
            article_id: e.article_id,
            headline,
            state: if e.failed_at.is_some() {
                CalendarState::Failed
            } else {
                CalendarState::Scheduled
            },
            at,
            lead: e.lead,
            scheduled_for: Some(e.publish_at),
            embargo_until: until,
            failure: e.failure,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Live published articles whose latest publish falls in [from, to).
fn published_rows(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.article_id, a.headline, max(t.at), s.publish_at, coalesce(s.lead, 0)
         FROM article_transitions t
         JOIN articles a ON a.id = t.article_id
         LEFT JOIN schedules s ON s.article_id = t.article_id AND s.published_at IS NOT NULL
         WHERE t.to_state = 'published' AND t.at >= ?1 AND t.at < ?2
           AND a.status = 'published' AND a.trashed_at IS NULL
         GROUP BY t.article_id",
    )?;
    let rows = stmt.query_map(params![to_millis(from), to_millis(to)], |r| {
        let id: String = r.get(0)?;
        Ok(Row {
            article_id: parse_id(&id, 0)?,
            headline: r.get(1)?,
            state: CalendarState::Published,
            at: from_millis(r.get(2)?),
            lead: r.get::<_, i64>(4)? != 0,
            scheduled_for: r.get::<_, Option<i64>>(3)?.map(from_millis),
            embargo_until: None,
            failure: None,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn calendar(
    conn: &Connection,
    query: &CalendarQuery,
    now: DateTime<Utc>,
) -> Result<Calendar> {
    if query.days == 0 || query.days > MAX_DAYS {
        return Err(Error::Invalid(format!(
            "a calendar shows 1 to {MAX_DAYS} days, not {}",
            query.days
        )));
    }
    let start = NaiveDate::parse_from_str(query.start.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Invalid(format!(
            "{:?} is not a date (expected YYYY-MM-DD)",
            query.start
        ))
    })?;
    let newsroom = settings::newsroom_zone(conn)?;
    let tz = match query.zone.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => parse_zone(name)?,
        _ => newsroom,
    };
    let zones = ViewZones::new(newsroom, query.user_zone.as_deref().unwrap_or(""))?;
    let bounds = day_bounds(tz, start, query.days);
    let (Some(first), Some(last)) = (bounds.first(), bounds.last()) else {
        return Err(Error::Invalid(
            "the calendar range is outside the supported dates".into(),
        ));
    };
    let (from, to) = (first.1, last.2);
    let mut rows = scheduled_rows(conn, from, to)?;
    rows.extend(published_rows(conn, from, to)?);
    rows.sort_by_key(|r| (r.at, r.article_id));

    let days = bounds
        .iter()
        .map(|(date, start, end)| CalendarDay {
            date: date.format("%Y-%m-%d").to_string(),
            start: *start,
            end: *end,
            items: rows
                .iter()
                .filter(|r| r.at >= *start && r.at < *end)
                .map(|r| CalendarItem {
                    article_id: r.article_id,
                    headline: r.headline.clone(),
                    state: r.state,
                    at: r.at,
                    local: show(r.at, tz),
                    newsroom: show(r.at, zones.newsroom),
                    user: show(r.at, zones.user),
                    lead: r.lead,
                    scheduled_for: r.scheduled_for,
                    embargo_until: r.embargo_until,
                    overdue: r.state == CalendarState::Scheduled && r.at <= now,
                    failure: r.failure.clone(),
                })
                .collect(),
        })
        .collect();
    Ok(Calendar {
        zone: tz.name().to_string(),
        newsroom_zone: zones.newsroom.name().to_string(),
        user_zone: zones.user.name().to_string(),
        days,
    })
}

impl Store {
    /// Day or week view of scheduled and published articles.
    pub fn calendar(&self, query: &CalendarQuery) -> Result<Calendar> {
        let now = self.now();
        self.db().read(|conn| calendar(conn, query, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn week_starts_on_monday() {
        let thursday = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        assert_eq!(
            week_start(thursday),
            NaiveDate::from_ymd_opt(2026, 1, 12).unwrap()
        );
        let monday = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
        assert_eq!(week_start(monday), monday, "a Monday is its own week start");
    }

    #[test]
    fn a_berlin_week_over_the_dst_change_has_a_23_hour_day() {
        let bounds = day_bounds(
            chrono_tz::Europe::Berlin,
            NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
            7,
        );
        let hours: Vec<i64> = bounds
            .iter()
            .map(|(_, s, e)| (*e - *s).num_hours())
            .collect();
        assert_eq!(
            hours,
            [24, 24, 24, 24, 24, 24, 23],
            "Sunday 29 March loses an hour"
        );
        for pair in bounds.windows(2) {
            assert_eq!(
                pair[0].2, pair[1].1,
                "days must tile the week with no gap or overlap"
            );
        }
    }
}
