//! Search commands: full-text search over the articles (issue 6).
//!
//! The index lives in the data directory beside the database and is opened on the first
//! search (a missing or damaged index is rebuilt then), so starting the app never waits
//! for it. Each search first applies the edits the database committed since the last one.

use crate::error::{IpcError, IpcResult};
use crate::state::{blocking, AppState};
use newsroom_core::Store;
use newsroom_search::{SearchIndex, SearchQuery, SearchResults, INDEX_DIR};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::State;

/// The open index, shared by every search; `None` until the first search opens it.
#[derive(Default, Clone)]
pub struct SearchState {
    index: Arc<Mutex<Option<Arc<SearchIndex>>>>,
}

impl SearchState {
    fn index(&self, dir: Option<PathBuf>, store: &Store) -> IpcResult<Arc<SearchIndex>> {
        // Held while opening, so two first searches do not both build the index.
        let mut slot = self.index.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(index) = slot.as_ref() {
            return Ok(index.clone());
        }
        let dir = dir.ok_or_else(|| {
            IpcError::new(
                newsroom_core::ErrorCode::Storage,
                "there is no data directory to keep the search index in",
            )
        })?;
        let index = Arc::new(SearchIndex::open(&dir.join(INDEX_DIR), store).map_err(search_error)?);
        *slot = Some(index.clone());
        Ok(index)
    }
}

fn search_error(err: newsroom_search::Error) -> IpcError {
    IpcError::new(err.code(), err.to_string())
}

#[tauri::command]
pub async fn search_articles(
    state: State<'_, AppState>,
    search: State<'_, SearchState>,
    query: SearchQuery,
) -> IpcResult<SearchResults> {
    let store = state.store()?;
    let dir = state.data_dir().cloned();
    let search = search.inner().clone();
    blocking(move || {
        let index = search.index(dir, &store)?;
        index.search(&store, &query).map_err(search_error)
    })
    .await
}
