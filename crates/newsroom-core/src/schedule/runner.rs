//! The scheduler loop: wakes at the next due time (or on a ticker, or when told that
//! schedules changed), publishes what is due, and tells a listener.
//!
//! On start it first re-checks stored instants against the tz database, then publishes
//! whatever fell due while the app was closed — each with a "late by N minutes" notice.
//! "Now" always comes from the store's clock; tokio's timers only decide when to look.
//! The ticker bounds every wait, because tokio's monotonic timers stop while the machine
//! sleeps: after a resume the loop looks again within one tick, whatever it was waiting for.

use super::scheduler::{FailedItem, PublishedItem, RunReport};
use super::tzcheck::ZoneRecheck;
use crate::error::Result;
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration as StdDuration;
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

/// How often the loop looks even when nothing is due.
pub const DEFAULT_TICK: StdDuration = StdDuration::from_secs(15);

/// Told what the scheduler did, after each change has committed. The desktop shell emits
/// events to the UI; sync hooks in here to make sure the backend has a published article
/// (its own outbox does the retrying — a listener must return quickly and never block).
pub trait PublishListener: Send + Sync {
    fn published(&self, item: &PublishedItem);
    fn failed(&self, _item: &FailedItem) {}
    /// Stored times moved under new tz rules (notices were written).
    fn zone_rules_rechecked(&self, _recheck: &ZoneRecheck) {}
}

/// A listener that does nothing, for a store without a window or sync.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoListener;

impl PublishListener for NoListener {
    fn published(&self, _item: &PublishedItem) {}
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    /// Schedules (or the clock) changed: look again now.
    Replan,
    Shutdown,
}

/// Talks to a running loop. Cheap to clone; sending never blocks.
#[derive(Debug, Clone)]
pub struct SchedulerHandle {
    tx: mpsc::UnboundedSender<Command>,
}

impl SchedulerHandle {
    /// Call after anything that changes schedules, embargoes or the (test) clock.
    pub fn replan(&self) {
        // A closed channel means the loop has stopped; there is nothing left to tell.
        let _ = self.tx.send(Command::Replan);
    }

    pub fn shutdown(&self) {
        let _ = self.tx.send(Command::Shutdown);
    }
}

pub struct SchedulerLoop {
    store: Arc<Store>,
    listener: Arc<dyn PublishListener>,
    rx: mpsc::UnboundedReceiver<Command>,
    tick: StdDuration,
}

/// Builds the loop and its handle. Run the loop on the app's tokio runtime
/// (`spawn(scheduler_loop.run())`); keep the handle to replan and to stop it.
pub fn scheduler(
    store: Arc<Store>,
    listener: Arc<dyn PublishListener>,
) -> (SchedulerLoop, SchedulerHandle) {
    let (tx, rx) = mpsc::unbounded_channel();
    (
        SchedulerLoop {
            store,
            listener,
            rx,
            tick: DEFAULT_TICK,
        },
        SchedulerHandle { tx },
    )
}

async fn blocking<T: Send + 'static>(
    store: &Arc<Store>,
    f: impl FnOnce(&Store) -> Result<T> + Send + 'static,
) -> Option<T> {
    let store = store.clone();
    match tokio::task::spawn_blocking(move || f(&store)).await {
        Ok(Ok(value)) => Some(value),
        Ok(Err(e)) => {
            tracing::warn!("scheduler: {e}; retrying on the next wake");
            None
        }
        Err(e) => {
            tracing::error!("scheduler task failed: {e}");
            None
        }
    }
}

impl SchedulerLoop {
    pub fn with_tick(mut self, tick: StdDuration) -> Self {
        self.tick = tick.max(StdDuration::from_millis(10));
        self
    }

    fn report(&self, report: &RunReport) {
        for item in &report.published {
            self.listener.published(item);
        }
        for item in &report.failed {
            self.listener.failed(item);
        }
    }

    /// Runs until [`SchedulerHandle::shutdown`] or until every handle is dropped.
    pub async fn run(mut self) {
        if let Some(recheck) = blocking(&self.store, Store::recheck_zone_rules).await {
            if !recheck.moved.is_empty() {
                self.listener.zone_rules_rechecked(&recheck);
            }
        }
        let mut ticker = tokio::time::interval(self.tick);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
        loop {
            let next_wake = match blocking(&self.store, Store::publish_due).await {
                Some(report) => {
                    self.report(&report);
                    report.next_wake
                }
                None => None,
            };
            let until_due = next_wake
                .map(|t| (t - self.store.now()).to_std().unwrap_or(StdDuration::ZERO))
                .unwrap_or(self.tick)
                .min(self.tick);
            tokio::select! {
                _ = ticker.tick() => {}
                _ = tokio::time::sleep(until_due) => {}
                command = self.rx.recv() => match command {
                    Some(Command::Replan) => {}
                    Some(Command::Shutdown) | None => break,
                },
            }
        }
    }
}
