//! What the scheduler does on each wake: find what is due (a pure function of the pending
//! schedules and "now") and publish it through the workflow as [`Actor::Scheduler`].
//!
//! Each publish is its own transaction, which also writes the "late by N minutes" notice
//! when the app was closed or asleep at the due time, so a publish is never silent.
//! The loop that calls this lives in `runner.rs`.

use super::entry::{self, Entry};
use super::notices::{self, NoticeKind};
use super::warnings::minutes_phrase;
use super::zone::show;
use crate::article::ArticleId;
use crate::error::{Error, Result};
use crate::profile::Actor;
use crate::said::Said;
use crate::store::Store;
use crate::workflow::{apply_action_tx, Action};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use ts_rs::TS;

/// A publish later than this after its due time is reported to the user. The loop wakes at
/// the due time, so anything later means the app was not running or the machine slept.
pub const LATE_NOTICE_AFTER: Duration = Duration::minutes(1);

/// A schedule still to go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub article_id: ArticleId,
    pub publish_at: DateTime<Utc>,
    pub embargo_until: Option<DateTime<Utc>>,
}

impl Pending {
    /// When it may actually go out: its time, or the end of its embargo if that is later.
    pub fn due_at(&self) -> DateTime<Utc> {
        match self.embargo_until {
            Some(until) if until > self.publish_at => until,
            _ => self.publish_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Due now, earliest first.
    pub due: Vec<Pending>,
    /// When the next one falls due, if any.
    pub next_wake: Option<DateTime<Utc>>,
}

/// Splits pending schedules into what is due at `now` and when to wake next.
pub fn plan(pending: &[Pending], now: DateTime<Utc>) -> Plan {
    let mut due: Vec<Pending> = pending
        .iter()
        .filter(|p| p.due_at() <= now)
        .cloned()
        .collect();
    due.sort_by_key(|p| (p.due_at(), p.article_id));
    let next_wake = pending
        .iter()
        .map(Pending::due_at)
        .filter(|t| *t > now)
        .min();
    Plan { due, next_wake }
}

/// An article the scheduler published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PublishedItem {
    pub article_id: ArticleId,
    pub headline: String,
    pub due_at: DateTime<Utc>,
    pub published_at: DateTime<Utc>,
    /// Minutes late, when late enough to tell the user.
    #[ts(type = "number | null")]
    pub late_minutes: Option<i64>,
}

/// An article the scheduler could not publish, and why (a notice says the same).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FailedItem {
    pub article_id: ArticleId,
    /// In English, for logs and the desktop notification.
    pub reason: String,
    /// The same, for the UI to word in its language.
    pub said: Said,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RunReport {
    pub published: Vec<PublishedItem>,
    pub failed: Vec<FailedItem>,
    /// When the next schedule falls due.
    pub next_wake: Option<DateTime<Utc>>,
}

fn pending_now(conn: &Connection) -> Result<Vec<(Entry, Pending)>> {
    Ok(entry::pending(conn)?
        .into_iter()
        .map(|(e, embargo_until)| {
            let p = Pending {
                article_id: e.article_id,
                publish_at: e.publish_at,
                embargo_until,
            };
            (e, p)
        })
        .collect())
}

/// Publishes one due article inside `tx`; `None` if it stopped being due meanwhile
/// (unscheduled, rescheduled, trashed) — the plan was read outside this transaction.
fn publish_one(
    tx: &Transaction,
    id: ArticleId,
    now: DateTime<Utc>,
) -> Result<Option<PublishedItem>> {
    let Some((entry, pending)) = pending_now(tx)?
        .into_iter()
        .find(|(e, _)| e.article_id == id)
    else {
        return Ok(None);
    };
    let due_at = pending.due_at();
    if due_at > now {
        return Ok(None);
    }
    // `apply_action_tx` checks the table (the scheduler may only publish scheduled
    // articles) and the embargo, the same rules a person's publish goes through.
    apply_action_tx(tx, id, Action::Publish, &Actor::Scheduler, None, now)?;
    entry::mark_published(tx, id, now)?;
    let headline: String = tx.query_row(
        "SELECT headline FROM articles WHERE id = ?1",
        [id.to_string()],
        |r| r.get(0),
    )?;
    let late = now - due_at;
    let late_minutes = if late > LATE_NOTICE_AFTER {
        let minutes = late.num_minutes();
        let set_in = match entry.zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => {
                let t = show(due_at, tz);
                format!("{} {}", t.local.replace('T', " "), t.zone)
            }
            Err(_) => format!("{} UTC", due_at.format("%Y-%m-%d %H:%M")),
        };
        let message = format!(
            "published {} late: it was due at {set_in}, but the app was not running or the computer was asleep",
            minutes_phrase(late)
        );
        notices::record(
            tx,
            NoticeKind::LatePublish,
            id,
            &message,
            Some(minutes),
            now,
        )?;
        Some(minutes)
    } else {
        None
    };
    Ok(Some(PublishedItem {
        article_id: id,
        headline,
        due_at,
        published_at: now,
        late_minutes,
    }))
}

/// Errors that retrying will not fix: the workflow or the embargo refused, the article is
/// gone. Storage errors are retried on the next wake instead.
fn is_permanent(e: &Error) -> bool {
    matches!(
        e,
        Error::Forbidden(_)
            | Error::Conflict(_)
            | Error::Invalid(_)
            | Error::NotFound { .. }
            | Error::Said { .. }
    )
}

impl Store {
    /// The schedules due at `now`, earliest first (a read; publishes nothing).
    pub fn due_schedules(&self, now: DateTime<Utc>) -> Result<Plan> {
        let pending: Vec<Pending> = self
            .db()
            .read(pending_now)?
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        Ok(plan(&pending, now))
    }

    /// Publishes everything due now. A refusal (state changed, embargo) marks the schedule
    /// failed with a notice and is not retried until it is rescheduled; a storage error
    /// stops the run and is returned, to be retried on the next wake.
    pub fn publish_due(&self) -> Result<RunReport> {
        let now = self.now();
        let mut report = RunReport::default();
        for item in self.due_schedules(now)?.due {
            let id = item.article_id;
            match self.db().write(|tx| publish_one(tx, id, now)) {
                Ok(Some(published)) => report.published.push(published),
                Ok(None) => {}
                Err(e) if is_permanent(&e) => {
                    let reason = e.to_string();
                    let said = e.to_said();
                    self.db().write(|tx| {
                        entry::mark_failed(tx, id, now, &said)?;
                        // The notice keeps the reason's sentence, so the UI can word it in
                        // its language (see `notices::list`).
                        notices::record(
                            tx,
                            NoticeKind::PublishFailed,
                            id,
                            &said.to_stored(),
                            None,
                            now,
                        )?;
                        Ok(())
                    })?;
                    tracing::warn!(article = %id, "scheduled publish refused: {reason}");
                    report.failed.push(FailedItem {
                        article_id: id,
                        reason,
                        said,
                    });
                }
                Err(e) => return Err(e),
            }
        }
        report.next_wake = self.due_schedules(now)?.next_wake;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 15, h, m, 0).unwrap()
    }

    fn pending(at: DateTime<Utc>, embargo: Option<DateTime<Utc>>) -> Pending {
        Pending {
            article_id: ArticleId::new(),
            publish_at: at,
            embargo_until: embargo,
        }
    }

    #[test]
    fn due_is_what_has_reached_its_time_and_its_embargo() {
        let on_time = pending(t(9, 0), None);
        let later = pending(t(10, 0), None);
        let embargoed = pending(t(8, 0), Some(t(9, 30)));
        let plan = plan(
            &[later.clone(), embargoed.clone(), on_time.clone()],
            t(9, 0),
        );
        assert_eq!(
            plan.due,
            [on_time],
            "only the 09:00 item is due; the 08:00 one waits for its embargo"
        );
        assert_eq!(
            plan.next_wake,
            Some(t(9, 30)),
            "the next wake is the embargo's end, not 10:00"
        );
    }

    #[test]
    fn nothing_pending_means_no_wake() {
        assert_eq!(
            plan(&[], t(9, 0)),
            Plan {
                due: vec![],
                next_wake: None
            }
        );
    }
}
