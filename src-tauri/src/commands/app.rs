//! The app's own status: which data directory is open, whether the database opened, and
//! the window's start-up milestones.

use crate::error::{IpcError, IpcResult};
use crate::startup::StartupStage;
use crate::state::AppState;
use newsroom_core::{Article, ArticleId};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub version: &'static str,
    pub data_dir: Option<String>,
    /// Why the database could not be opened; the UI shows it instead of the editor.
    pub open_error: Option<IpcError>,
    /// The article open in the editor when the app last closed, to reopen at once (it comes
    /// with the status so the editor does not wait for a second round trip).
    pub last_open_article: Option<Article>,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> IpcResult<AppStatus> {
    let open_error = state.open_error();
    let last_open_article = match &open_error {
        Some(_) => None,
        // Reopening is a convenience: a failure to read it leaves the editor empty.
        None => state
            .run(|store| store.last_open_article())
            .await
            .unwrap_or(None),
    };
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir().map(|d| d.display().to_string()),
        open_error,
        last_open_article,
    })
}

/// Remembers the article open in the editor (`null`: none) for the next start.
#[tauri::command]
pub async fn remember_open_article(
    state: State<'_, AppState>,
    id: Option<ArticleId>,
) -> IpcResult<()> {
    state
        .run(move |store| store.remember_open_article(id))
        .await
}

/// The window reached a start-up milestone (the list on screen, the editor taking typing):
/// logged once with the process's age and the page's own clock (`page_ms`, from its
/// navigation start); the list lets the background services start.
#[tauri::command]
pub fn startup_mark(app: AppHandle, stage: StartupStage, page_ms: f64) {
    crate::services::startup_mark(&app, stage, page_ms);
}
