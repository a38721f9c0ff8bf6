//! Sync commands: the site account, "sync now", the status bar and per-article badges, and
//! conflicts. The engine (`newsroom-sync`) starts with the app and runs in the background.

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use newsroom_core::ErrorCode;
use newsroom_sync::mirror::Conflict;
use newsroom_sync::resolve::Resolution;
use newsroom_sync::{
    Account, ArticleSyncState, EngineHandle, RoundReport, Secrets, SyncError, SyncStatus,
};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Manager, State};
use tokio::sync::Mutex;

/// The background engine: started by [`start_sync_engine`] at launch (it needs the app's
/// async runtime), or by the first command that needs it if that came first.
#[derive(Default)]
pub struct SyncState(Mutex<Option<EngineHandle>>);

pub(crate) fn ipc(err: SyncError) -> IpcError {
    let code = match &err {
        SyncError::Auth { .. }
        | SyncError::Forbidden { .. }
        | SyncError::NotConfigured
        | SyncError::Secret(_) => ErrorCode::Forbidden,
        SyncError::Rejected { .. } | SyncError::TermExists { .. } | SyncError::Gone(_) => {
            ErrorCode::Invalid
        }
        SyncError::Duplicate { .. } | SyncError::Precondition => ErrorCode::Conflict,
        SyncError::Store(e) => e.code(),
        _ => ErrorCode::Internal,
    };
    IpcError::new(code, err.to_string())
}

/// The fallback password file lives with the data; its key apart from it, in the config
/// directory, so a copied data folder alone does not reveal the password.
pub(crate) fn secrets(state: &AppState) -> IpcResult<Secrets> {
    let data = state
        .data_dir()
        .cloned()
        .ok_or_else(|| IpcError::new(ErrorCode::Storage, "no data directory"))?;
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .map(|c| c.join("newsroom"))
        .unwrap_or_else(|| data.join("keys"));
    Ok(Secrets::new(
        config.join("sync.key"),
        data.join("sync-secrets.bin"),
    ))
}

async fn engine<'a>(
    state: &AppState,
    sync: &'a SyncState,
) -> IpcResult<tokio::sync::MutexGuard<'a, Option<EngineHandle>>> {
    let mut guard = sync.0.lock().await;
    if guard.is_none() {
        let store = state.store()?;
        *guard = Some(newsroom_sync::spawn(
            store,
            secrets(state)?,
            newsroom_sync::engine::DEFAULT_PERIOD,
        ));
    }
    Ok(guard)
}

/// The event the window hears after every background round (payload: the round count), so
/// the status line and the article badges refresh without polling.
pub const EVENT_ROUND: &str = "sync://round";

/// Starts the engine with the app (from the builder's `setup`), so edits made offline go out
/// as soon as the site is reachable, whether or not anyone opens the site screen. Without an
/// open store there is nothing to sync.
pub fn start_sync_engine(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let sync = app.state::<SyncState>();
        let mut rounds = match engine(&state, &sync).await {
            Ok(guard) => match guard.as_ref() {
                Some(engine) => engine.rounds(),
                None => return,
            },
            Err(_) => return,
        };
        while rounds.changed().await.is_ok() {
            let count = *rounds.borrow_and_update();
            let _ = app.emit(EVENT_ROUND, count);
        }
    });
}

/// Asks the running engine for a round soon (an article was published by the scheduler).
pub fn nudge(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let sync = app.state::<SyncState>();
        let guard = sync.0.lock().await;
        if let Some(engine) = guard.as_ref() {
            engine.nudge();
        }
    });
}

#[tauri::command]
pub async fn sync_connect(
    state: State<'_, AppState>,
    sync: State<'_, SyncState>,
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
        &secrets(&state)?,
        &site_url,
        &login,
        &password,
        plain_http_confirmed.unwrap_or(false),
    )
    .await
    .map_err(ipc)?;
    if let Some(engine) = engine(&state, &sync).await?.as_ref() {
        engine.nudge();
    }
    Ok(account)
}

#[tauri::command]
pub async fn sync_disconnect(state: State<'_, AppState>) -> IpcResult<()> {
    let store = state.store()?;
    newsroom_sync::account::disconnect(&store, &secrets(&state)?)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn sync_status(
    state: State<'_, AppState>,
    sync: State<'_, SyncState>,
) -> IpcResult<SyncStatus> {
    drop(engine(&state, &sync).await?);
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
    sync: State<'_, SyncState>,
) -> IpcResult<RoundReport> {
    let guard = engine(&state, &sync).await?;
    match guard.as_ref() {
        Some(engine) => engine.sync_now(true).await.map_err(ipc),
        None => Err(ipc(SyncError::NotConfigured)),
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
