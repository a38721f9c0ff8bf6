//! The app's long-lived parts beside the store, built once at start-up and managed as one
//! Tauri state: the sync engine, the search index and the scheduler. Commands reach them
//! through `State<'_, Services>`; none builds its own.
//!
//! The window's first paint comes first. What it does not need — the whole-file check of a
//! big database, the scheduler's catch-up of missed publications, the sync engine's first
//! round, opening the search index — starts when the window reports its article list on
//! screen (`startup_mark`), or after [`FIRST_PAINT_GRACE`] if it never does: a window that
//! failed to load still publishes and syncs.
//!
//! The sync engine wakes by itself when the store queues work for the site
//! (`Store::outgoing`); nothing here or in a command asks it to.

use crate::error::{IpcError, IpcResult};
use crate::startup::{self, StartupStage};
use crate::state::AppState;
use newsroom_core::schedule::{
    scheduler_loop, FailedItem, PublishListener, PublishedItem, SchedulerHandle, ZoneRecheck,
};
use newsroom_core::ErrorCode;
use newsroom_search::{SearchIndex, INDEX_DIR};
use newsroom_sync::EngineHandle;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

/// How long the background services wait for the window's first paint at most.
pub const FIRST_PAINT_GRACE: Duration = Duration::from_secs(3);

/// Events the window listens to (`ui/src/lib/ipc/sync.ts`, `schedule.ts`, `app.ts`), by the
/// names `EVENTS` in the generated `ui/src/lib/ipc/commands.ts` gives them
/// (`commands/typescript.rs`): each constant here must be a string literal.
pub mod events {
    /// After every background sync round (payload: the round count), so the status line
    /// and the article badges refresh without polling.
    pub const SYNC_ROUND: &str = "sync://round";
    pub const SCHEDULE_PUBLISHED: &str = "schedule://published";
    pub const SCHEDULE_CHANGED: &str = "schedule://changed";
    /// The whole-file check after the first paint found the database damaged (payload: the
    /// `IpcError`); every write is refused from then on and the window says why.
    pub const STORE_DAMAGED: &str = "store://damaged";
}

#[derive(Default)]
pub struct Services {
    sync: tokio::sync::Mutex<Option<EngineHandle>>,
    /// The open index, shared by every search; `None` until opened.
    search: Mutex<Option<Arc<SearchIndex>>>,
    scheduler: OnceLock<SchedulerHandle>,
    background_started: AtomicBool,
}

impl Services {
    /// The running sync engine, started on first need (a command may come before the
    /// first paint). `None` inside when there is no store to sync.
    pub async fn engine(
        &self,
        state: &AppState,
    ) -> IpcResult<tokio::sync::MutexGuard<'_, Option<EngineHandle>>> {
        let mut guard = self.sync.lock().await;
        if guard.is_none() {
            *guard = Some(newsroom_sync::spawn(
                state.store()?,
                state.secrets()?,
                newsroom_sync::engine::DEFAULT_PERIOD,
            ));
        }
        Ok(guard)
    }

    /// The search index, opened (and rebuilt if missing or damaged) on first need. Blocks:
    /// call it from the blocking pool.
    pub fn search_index(&self, state: &AppState) -> IpcResult<Arc<SearchIndex>> {
        // Held while opening, so two first searches do not both build the index.
        let mut slot = self.search.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(index) = slot.as_ref() {
            return Ok(index.clone());
        }
        let store = state.store()?;
        let dir = state.data_dir().ok_or_else(|| {
            IpcError::new(
                ErrorCode::Storage,
                "there is no data directory to keep the search index in",
            )
        })?;
        let index = Arc::new(SearchIndex::open(&dir.join(INDEX_DIR), &store)?);
        *slot = Some(index.clone());
        Ok(index)
    }

    /// Tells the scheduler its plan changed (an article scheduled, moved or unscheduled).
    /// Before the scheduler starts there is nothing to tell: it reads the plan when it does.
    pub fn replan(&self) {
        if let Some(scheduler) = self.scheduler.get() {
            scheduler.replan();
        }
    }
}

/// The window reported a start-up milestone: logged once; the list on screen lets the
/// background services start.
pub fn startup_mark(app: &AppHandle, stage: StartupStage, page_ms: f64) {
    startup::mark(stage, page_ms);
    if stage == StartupStage::List {
        start_background(app);
    }
}

/// From the builder's `setup`: the background services start after the first paint, or
/// after [`FIRST_PAINT_GRACE`] at the latest.
pub fn start_after_first_paint(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_PAINT_GRACE).await;
        start_background(&app);
    });
}

/// Checks a big database whole (it opened on the cheap checks alone), then starts the
/// scheduler, the sync engine and the search index's opening, once. Without an open,
/// undamaged store there is nothing to start: a damaged one is reported to the window.
fn start_background(app: &AppHandle) {
    let services = app.state::<Services>();
    if services.background_started.swap(true, Ordering::SeqCst) {
        return;
    }
    let state = app.state::<AppState>();
    let Ok(store) = state.store() else {
        return;
    };
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || match store.verify_integrity() {
        Ok(()) => start_services(&app, store),
        Err(err) => {
            let err = IpcError::from(err);
            eprintln!("newsroom: the database is damaged: {}", err.message);
            let _ = app.emit(events::STORE_DAMAGED, err);
        }
    });
}

fn start_services(app: &AppHandle, store: Arc<newsroom_core::Store>) {
    let services = app.state::<Services>();
    let (runner, handle) = scheduler_loop(store, Arc::new(WindowListener(app.clone())));
    if services.scheduler.set(handle).is_ok() {
        tauri::async_runtime::spawn(runner.run());
    }
    forward_sync_rounds(app);
    // Already on the blocking pool. A failure here is the first search's to report; it
    // tries again.
    if let Err(err) = services.search_index(&app.state::<AppState>()) {
        eprintln!("newsroom: the search index did not open: {}", err.message);
    }
}

/// Starts the engine and tells the window after each of its rounds.
fn forward_sync_rounds(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let services = app.state::<Services>();
        let mut rounds = match services.engine(&state).await {
            Ok(guard) => match guard.as_ref() {
                Some(engine) => engine.rounds(),
                None => return,
            },
            Err(_) => return,
        };
        while rounds.changed().await.is_ok() {
            let count = *rounds.borrow_and_update();
            let _ = app.emit(events::SYNC_ROUND, count);
        }
    });
}

/// Emits the scheduler's results to the window. A publication reaches the site on its
/// own: it queued the article for sync in the same transaction, which wakes the engine.
struct WindowListener(AppHandle);

impl PublishListener for WindowListener {
    fn published(&self, item: &PublishedItem) {
        let _ = self.0.emit(events::SCHEDULE_PUBLISHED, item);
    }
    fn failed(&self, item: &FailedItem) {
        let _ = self.0.emit(events::SCHEDULE_CHANGED, item);
    }
    fn zone_rules_rechecked(&self, recheck: &ZoneRecheck) {
        let _ = self.0.emit(events::SCHEDULE_CHANGED, recheck);
    }
}
