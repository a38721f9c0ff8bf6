//! Search commands: full-text search over the articles (issue 6).
//!
//! The index lives in the data directory beside the database. It is opened after the
//! window's first paint (`crate::services`) or by the first search if that comes sooner (a
//! missing or damaged index is rebuilt then), so starting the app never waits for it.
//! Each search first applies the edits the database committed since the last one.

use crate::error::{IpcError, IpcResult};
use crate::services::Services;
use crate::state::{blocking, AppState};
use newsroom_search::{SearchQuery, SearchResults};
use tauri::{AppHandle, Manager, State};

#[tauri::command]
pub async fn search_articles(
    app: AppHandle,
    state: State<'_, AppState>,
    query: SearchQuery,
) -> IpcResult<SearchResults> {
    let store = state.store()?;
    blocking(move || {
        let index = app
            .state::<Services>()
            .search_index(&app.state::<AppState>())?;
        index.search(&store, &query).map_err(IpcError::from)
    })
    .await
}
