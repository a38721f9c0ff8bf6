//! Schedule commands: schedule/reschedule/unschedule, embargo, the calendar, notices, the
//! newsroom's zone; plus the scheduler loop and moving the end-to-end test clock
//! (`crate::clock`).
//!
//! The acting profile is the store's current one (`Store::current_actor`); the user's own
//! time zone comes from the UI (`Intl`), so every view shows the newsroom's and the user's.

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use newsroom_core::schedule::{
    scheduler_loop, Calendar, CalendarQuery, EmbargoOutcome, EmbargoView, FailedItem, Notice,
    PublishListener, PublishedItem, ScheduleOutcome, SchedulePreview, ScheduleRequest,
    ScheduleView, SchedulerHandle, WallClockInput, ZoneInfo, ZoneRecheck,
};
use newsroom_core::{ArticleId, Clock};
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Manager, State};

/// Events the UI listens to (through `ui/src/lib/ipc/schedule.ts`).
pub const EVENT_PUBLISHED: &str = "schedule://published";
pub const EVENT_CHANGED: &str = "schedule://changed";

/// Emits scheduler results to the window, and asks sync for a round after a publish so the
/// site has the article (the publish itself is already in the outbox, written with it).
struct WindowListener(AppHandle);

impl PublishListener for WindowListener {
    fn published(&self, item: &PublishedItem) {
        let _ = self.0.emit(EVENT_PUBLISHED, item);
        crate::commands::sync::nudge(&self.0);
    }
    fn failed(&self, item: &FailedItem) {
        let _ = self.0.emit(EVENT_CHANGED, item);
    }
    fn zone_rules_rechecked(&self, recheck: &ZoneRecheck) {
        let _ = self.0.emit(EVENT_CHANGED, recheck);
    }
}

/// The running scheduler, to replan after a change.
pub struct SchedulerState(SchedulerHandle);

/// Starts the scheduler loop on the app's runtime (from the builder's `setup`). Without an
/// open store there is nothing to schedule and no loop.
pub fn start_scheduler(app: &AppHandle) {
    let Ok(store) = app.state::<AppState>().store() else {
        return;
    };
    let (runner, handle) = scheduler_loop(store, Arc::new(WindowListener(app.clone())));
    app.manage(SchedulerState(handle));
    tauri::async_runtime::spawn(runner.run());
}

fn replan(app: &AppHandle) {
    if let Some(s) = app.try_state::<SchedulerState>() {
        s.0.replan();
    }
}

#[tauri::command]
pub async fn schedule_zone_info(state: State<'_, AppState>) -> IpcResult<ZoneInfo> {
    let mut info = state.run(|store| store.zone_info()).await?;
    info.test_clock = crate::clock::test_clock().is_some();
    Ok(info)
}

#[tauri::command]
pub async fn set_newsroom_zone(state: State<'_, AppState>, zone: String) -> IpcResult<String> {
    state
        .run(move |store| {
            Ok(store
                .set_newsroom_zone(&zone, &store.current_actor()?)?
                .name()
                .to_string())
        })
        .await
}

#[tauri::command]
pub async fn preview_schedule(
    state: State<'_, AppState>,
    id: ArticleId,
    request: ScheduleRequest,
) -> IpcResult<SchedulePreview> {
    state
        .run(move |store| store.preview_schedule(id, &request, &store.current_actor()?))
        .await
}

/// Schedules an approved article, or reschedules a scheduled one.
#[tauri::command]
pub async fn schedule_article(
    app: AppHandle,
    state: State<'_, AppState>,
    id: ArticleId,
    request: ScheduleRequest,
) -> IpcResult<ScheduleOutcome> {
    let outcome = state
        .run(move |store| store.set_schedule(id, &request, &store.current_actor()?))
        .await?;
    replan(&app);
    Ok(outcome)
}

#[tauri::command]
pub async fn unschedule_article(
    app: AppHandle,
    state: State<'_, AppState>,
    id: ArticleId,
) -> IpcResult<()> {
    state
        .run(move |store| store.unschedule_article(id, &store.current_actor()?))
        .await?;
    replan(&app);
    Ok(())
}

#[tauri::command]
pub async fn get_schedule(
    state: State<'_, AppState>,
    id: ArticleId,
    user_zone: String,
) -> IpcResult<Option<ScheduleView>> {
    state
        .run(move |store| store.schedule_of(id, &user_zone))
        .await
}

#[tauri::command]
pub async fn set_embargo(
    app: AppHandle,
    state: State<'_, AppState>,
    id: ArticleId,
    time: WallClockInput,
    user_zone: String,
) -> IpcResult<EmbargoOutcome> {
    let outcome = state
        .run(move |store| store.set_embargo(id, &time, &store.current_actor()?, &user_zone))
        .await?;
    replan(&app);
    Ok(outcome)
}

#[tauri::command]
pub async fn clear_embargo(
    app: AppHandle,
    state: State<'_, AppState>,
    id: ArticleId,
) -> IpcResult<()> {
    state
        .run(move |store| store.clear_embargo(id, &store.current_actor()?))
        .await?;
    replan(&app);
    Ok(())
}

#[tauri::command]
pub async fn get_embargo(
    state: State<'_, AppState>,
    id: ArticleId,
    user_zone: String,
) -> IpcResult<Option<EmbargoView>> {
    state.run(move |store| store.embargo(id, &user_zone)).await
}

#[tauri::command]
pub async fn schedule_calendar(
    state: State<'_, AppState>,
    query: CalendarQuery,
) -> IpcResult<Calendar> {
    state.run(move |store| store.calendar(&query)).await
}

#[tauri::command]
pub async fn schedule_notices(
    state: State<'_, AppState>,
    include_acknowledged: bool,
) -> IpcResult<Vec<Notice>> {
    state
        .run(move |store| store.schedule_notices(include_acknowledged))
        .await
}

#[tauri::command]
pub async fn acknowledge_notice(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.run(move |store| store.acknowledge_notice(id)).await
}

#[tauri::command]
pub async fn acknowledge_all_notices(state: State<'_, AppState>) -> IpcResult<usize> {
    state.run(|store| store.acknowledge_all_notices()).await
}

/// Moves the test clock forward (end-to-end tests only) and wakes the scheduler.
#[tauri::command]
pub async fn advance_test_clock(
    app: AppHandle,
    minutes: i64,
) -> IpcResult<chrono::DateTime<chrono::Utc>> {
    let clock = crate::clock::test_clock().ok_or_else(|| {
        IpcError::invalid(format!(
            "the test clock is off; start the app with {}=1",
            crate::clock::TEST_CLOCK_ENV
        ))
    })?;
    clock.advance(chrono::Duration::minutes(minutes));
    replan(&app);
    Ok(clock.now())
}
