//! Revision history commands: list, read, diff, restore.

use crate::error::IpcResult;
use crate::state::AppState;
use newsroom_core::{Article, ArticleId, FieldDiff, Revision, RevisionSummary};
use tauri::State;

#[tauri::command]
pub async fn list_revisions(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Vec<RevisionSummary>> {
    state
        .run(move |store| store.list_revisions(article_id))
        .await
}

#[tauri::command]
pub async fn get_revision(state: State<'_, AppState>, id: i64) -> IpcResult<Revision> {
    state.run(move |store| store.revision(id)).await
}

#[tauri::command]
pub async fn diff_revisions(
    state: State<'_, AppState>,
    old: i64,
    new: i64,
) -> IpcResult<Vec<FieldDiff>> {
    state.run(move |store| store.diff_revisions(old, new)).await
}

/// Restoring adds a revision; nothing is removed.
#[tauri::command]
pub async fn restore_revision(
    state: State<'_, AppState>,
    revision_id: i64,
    expected_version: i64,
) -> IpcResult<Article> {
    state
        .run(move |store| store.restore_revision(revision_id, expected_version))
        .await
}
