//! Sync commands: the site account, "sync now", the status bar and per-article badges, and
//! conflicts. The engine (`newsroom-sync`) starts with the app and runs in the background.

use crate::error::{IpcError, IpcResult};
use crate::services::Services;
use crate::state::AppState;
use newsroom_sync::mirror::Conflict;
use newsroom_sync::resolve::Resolution;
use newsroom_sync::{Account, ArticleSyncState, RoundReport, SyncError, SyncStatus};
use tauri::State;

#[tauri::command]
pub async fn sync_connect(
    state: State<'_, AppState>,
    services: State<'_, Services>,
    site_url: String,
    login: String,
    password: String,
    // The user ticked "send the password over plain http to this site" (issue 10); absent
    // from older callers, which then get https-or-loopback only.
    plain_http_confirmed: Option<bool>,
) -> IpcResult<Account> {
    let store = state.store()?;
    let account = newsroom_sync::account::connect(
        &store,
        &state.secrets()?,
        &site_url,
        &login,
        &password,
        plain_http_confirmed.unwrap_or(false),
    )
    .await
    .map_err(IpcError::from)?;
    if let Some(engine) = services.engine(&state).await?.as_ref() {
        engine.nudge();
    }
    Ok(account)
}

#[tauri::command]
pub async fn sync_disconnect(state: State<'_, AppState>) -> IpcResult<()> {
    let store = state.store()?;
    newsroom_sync::account::disconnect(&store, &state.secrets()?)
        .await
        .map_err(IpcError::from)
}

/// What the status line shows. It does not start the engine: that waits for the window's
/// first paint (`crate::services`), and the status line asks before it.
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> IpcResult<SyncStatus> {
    state
        .run(|store| store.db().read(newsroom_sync::status::status))
        .await
}

#[tauri::command]
pub async fn sync_article_states(
    state: State<'_, AppState>,
    article_ids: Vec<String>,
) -> IpcResult<Vec<ArticleSyncState>> {
    state
        .run(move |store| {
            store.db().read(|c| {
                article_ids
                    .iter()
                    .map(|id| newsroom_sync::status::article_state(c, id))
                    .collect()
            })
        })
        .await
}

#[tauri::command]
pub async fn sync_now(
    state: State<'_, AppState>,
    services: State<'_, Services>,
) -> IpcResult<RoundReport> {
    let guard = services.engine(&state).await?;
    match guard.as_ref() {
        Some(engine) => engine.sync_now(true).await.map_err(IpcError::from),
        None => Err(SyncError::NotConfigured.into()),
    }
}

#[tauri::command]
pub async fn sync_retry_failed(state: State<'_, AppState>) -> IpcResult<usize> {
    state
        .run(|store| store.db().write(newsroom_core::outbox::retry_all))
        .await
}

#[tauri::command]
pub async fn sync_conflicts(
    state: State<'_, AppState>,
    article_id: Option<String>,
) -> IpcResult<Vec<Conflict>> {
    state
        .run(move |store| newsroom_sync::resolve::conflicts(store, article_id.as_deref()))
        .await
}

#[tauri::command]
pub async fn sync_resolve_conflict(
    state: State<'_, AppState>,
    id: i64,
    resolution: Resolution,
) -> IpcResult<()> {
    state
        .run(move |store| newsroom_sync::resolve::resolve(store, id, &resolution))
        .await
}
