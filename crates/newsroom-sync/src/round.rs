//! One sync round: pull what changed on the site, then push what the outbox holds, oldest
//! change first. Failures are recorded per article (retry with backoff, or parked with the
//! reason); an unreachable site ends the round so that edits go out in order once it is back.

use crate::apply::{self, Outcome};
use crate::backoff;
use crate::error::{Result, SyncError};
use crate::mirror;
use crate::plan::RemoteView;
use crate::pull;
use crate::site::{blocking, Site};
use chrono::Duration;
use newsroom_core::{outbox, ArticleId};
use serde::Serialize;
use ts_rs::TS;

pub const LAST_SYNC: &str = "status.last_sync_at";
pub const LAST_ERROR: &str = "status.last_error";
pub const ONLINE: &str = "status.online";
/// Until when (Unix milliseconds) the site asked not to be called (a 503 or 429 with
/// `Retry-After`): rounds before it make no request at all.
pub const BUSY_UNTIL: &str = "status.busy_until";
/// Items pushed per round at most; the next round continues.
pub const PUSH_BATCH: usize = 2_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RoundReport {
    pub pulled: u32,
    pub pushed: u32,
    pub created: u32,
    pub merged: u32,
    pub conflicts: u32,
    pub trashed: u32,
    pub failed: u32,
    /// The site could not be reached; nothing more was tried this round.
    pub offline: bool,
    pub errors: Vec<String>,
}

impl RoundReport {
    fn count(&mut self, o: Outcome) {
        match o {
            Outcome::Pulled => self.pulled += 1,
            Outcome::Pushed => self.pushed += 1,
            Outcome::Created | Outcome::Adopted => self.created += 1,
            Outcome::Merged => self.merged += 1,
            Outcome::Conflict => self.conflicts += 1,
            Outcome::TrashedLocal | Outcome::TrashedRemote => self.trashed += 1,
            Outcome::Nothing | Outcome::Discarded | Outcome::Deferred => {}
        }
    }
}

pub async fn run(site: &Site, full_sweep: bool) -> Result<RoundReport> {
    let mut report = RoundReport::default();
    if let Some(until) = busy_until(site).await? {
        report
            .errors
            .push(format!("the site asked to be left alone until {until}"));
        record_status(site, &report).await?;
        return Ok(report);
    }
    match pull::pull(site, full_sweep).await {
        Ok(p) => {
            for (_, o) in p.outcomes {
                report.count(o);
            }
            report.errors.extend(p.errors);
        }
        Err(e) if e.is_offline() => {
            report.offline = true;
            report.errors.push(e.to_string());
            record_status(site, &report).await?;
            return Ok(report);
        }
        Err(e) if asked_to_wait(&e).is_some() => {
            leave_alone(site, &e).await?;
            report.errors.push(format!("pull: {e}"));
            record_status(site, &report).await?;
            return Ok(report);
        }
        Err(e @ (SyncError::Auth { .. } | SyncError::Store(_))) => {
            report.errors.push(e.to_string());
            record_status(site, &report).await?;
            return Err(e);
        }
        // A broken page of the feed must not stop local edits from going out.
        Err(e) => report.errors.push(format!("pull: {e}")),
    }
    let due = blocking(&site.store, |s| {
        let now = s.now();
        s.db().read(|c| outbox::due(c, now, PUSH_BATCH))
    })
    .await?;
    for item in due {
        let Ok(id) = item.article_id.parse::<ArticleId>() else {
            let key = item.article_id.clone();
            blocking(&site.store, move |s| {
                s.db().write(|tx| outbox::discard(tx, &key))
            })
            .await?;
            continue;
        };
        match apply::sync_article(site, id, RemoteView::Unknown).await {
            Ok(o) => report.count(o),
            Err(e) => {
                report.failed += 1;
                let offline = e.is_offline();
                record_failure(site, &item.article_id, item.attempts, &e).await?;
                report.errors.push(format!("{}: {e}", item.article_id));
                if offline {
                    report.offline = true;
                    break;
                }
                // The site asked for time: the rest of the queue waits with this item.
                if asked_to_wait(&e).is_some() {
                    leave_alone(site, &e).await?;
                    break;
                }
            }
        }
    }
    if !report.offline {
        // Images this account may not upload wait; the journalist is told so every round.
        report
            .errors
            .extend(crate::images::waiting_messages(site).await?);
        // The desk (notes, history, checklist, assignment) after the articles it belongs to.
        // Refusals for good are kept with their entries (`desk::DeskReport::parked`): no
        // retry can change them, so they are not the round's errors.
        if let Err(e) = crate::desk::exchange(site).await {
            report.offline |= e.is_offline();
            report.errors.push(format!("desk: {e}"));
        }
    }
    record_status(site, &report).await?;
    Ok(report)
}

async fn record_failure(site: &Site, article_id: &str, attempts: u32, e: &SyncError) -> Result<()> {
    let permanent = !e.is_retryable();
    let wait =
        backoff::delay(attempts, &mut rand::thread_rng()).max(asked_to_wait(e).unwrap_or_default());
    let reason = e.to_string();
    let key = article_id.to_string();
    blocking(&site.store, move |s| {
        let next = s.now() + Duration::milliseconds(wait.as_millis() as i64);
        s.db()
            .write(|tx| outbox::fail(tx, &key, permanent, &reason, next))
    })
    .await
}

/// The wait a busy site asked for (`Retry-After`, already capped).
fn asked_to_wait(e: &SyncError) -> Option<std::time::Duration> {
    match e {
        SyncError::ServerBusy { retry_after, .. } => *retry_after,
        _ => None,
    }
}

/// Remembers that the site asked not to be called before the wait `e` carries is over.
async fn leave_alone(site: &Site, e: &SyncError) -> Result<()> {
    let wait = asked_to_wait(e).unwrap_or_default();
    blocking(&site.store, move |s| {
        let until = s.now() + Duration::milliseconds(wait.as_millis() as i64);
        s.db()
            .write(|tx| mirror::set_value(tx, BUSY_UNTIL, &until.timestamp_millis().to_string()))
    })
    .await
}

/// The end of a wait the site asked for that is not over yet.
async fn busy_until(site: &Site) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    blocking(&site.store, |s| {
        let now = s.now();
        let until = s.db().read(|c| mirror::get_value(c, BUSY_UNTIL))?;
        Ok(until
            .and_then(|v| v.parse::<i64>().ok())
            .and_then(chrono::DateTime::from_timestamp_millis)
            .filter(|until| *until > now))
    })
    .await
}

async fn record_status(site: &Site, report: &RoundReport) -> Result<()> {
    let offline = report.offline;
    let error = report.errors.first().cloned();
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            mirror::set_value(tx, ONLINE, if offline { "0" } else { "1" })?;
            if !offline {
                mirror::set_value(tx, LAST_SYNC, &now.timestamp_millis().to_string())?;
            }
            match &error {
                Some(e) => mirror::set_value(tx, LAST_ERROR, e)?,
                None => {
                    tx.execute("DELETE FROM sync_state WHERE key = ?1", [LAST_ERROR])?;
                }
            }
            Ok(())
        })
    })
    .await
}
