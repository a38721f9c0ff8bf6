//! The app's own status: which data directory is open, and whether the database opened.

use crate::error::IpcError;
use crate::state::AppState;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub version: &'static str,
    pub data_dir: Option<String>,
    /// Why the database could not be opened; the UI shows it instead of the editor.
    pub open_error: Option<IpcError>,
}

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    AppStatus {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir().map(|d| d.display().to_string()),
        open_error: state.open_error().cloned(),
    }
}
