//! Schedule commands: schedule/reschedule/unschedule, embargo, the calendar, notices, the
//! newsroom's zone; plus moving the end-to-end test clock (`crate::clock`). The scheduler
//! itself runs in `crate::services`.
//!
//! The acting profile is the store's current one (`Store::current_actor`); the user's own
//! time zone comes from the UI (`Intl`), so every view shows the newsroom's and the user's.

use crate::error::{IpcError, IpcResult};
use crate::services::Services;
use crate::state::AppState;
use newsroom_core::schedule::{
    Calendar, CalendarQuery, EmbargoOutcome, EmbargoView, Notice, ScheduleOutcome, SchedulePreview,
    ScheduleRequest, ScheduleView, WallClockInput, ZoneInfo,
};
use newsroom_core::{ArticleId, Clock};
use tauri::State;

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
    services: State<'_, Services>,
    state: State<'_, AppState>,
    id: ArticleId,
    request: ScheduleRequest,
) -> IpcResult<ScheduleOutcome> {
    let outcome = state
        .run(move |store| store.set_schedule(id, &request, &store.current_actor()?))
        .await?;
    services.replan();
    Ok(outcome)
}

#[tauri::command]
pub async fn unschedule_article(
    services: State<'_, Services>,
    state: State<'_, AppState>,
    id: ArticleId,
) -> IpcResult<()> {
    state
        .run(move |store| store.unschedule_article(id, &store.current_actor()?))
        .await?;
    services.replan();
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
    services: State<'_, Services>,
    state: State<'_, AppState>,
    id: ArticleId,
    time: WallClockInput,
    user_zone: String,
) -> IpcResult<EmbargoOutcome> {
    let outcome = state
        .run(move |store| store.set_embargo(id, &time, &store.current_actor()?, &user_zone))
        .await?;
    services.replan();
    Ok(outcome)
}

#[tauri::command]
pub async fn clear_embargo(
    services: State<'_, Services>,
    state: State<'_, AppState>,
    id: ArticleId,
) -> IpcResult<()> {
    state
        .run(move |store| store.clear_embargo(id, &store.current_actor()?))
        .await?;
    services.replan();
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
    services: State<'_, Services>,
    minutes: i64,
) -> IpcResult<chrono::DateTime<chrono::Utc>> {
    let clock = crate::clock::test_clock().ok_or_else(|| {
        IpcError::invalid(format!(
            "the test clock is off; start the app with {}=1",
            crate::clock::TEST_CLOCK_ENV
        ))
    })?;
    clock.advance(chrono::Duration::minutes(minutes));
    services.replan();
    Ok(clock.now())
}
