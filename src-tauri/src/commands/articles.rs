//! Article commands: list, create, open, autosave, explicit save, trash, restore.

use crate::commands::documents::{self, Preview, PreviewRequest};
use crate::error::IpcResult;
use crate::state::AppState;
use newsroom_core::article::{ArticlePage, ListQuery};
use newsroom_core::word_target::WordTarget;
use newsroom_core::{Article, ArticleDraft, ArticleId, SaveOutcome};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[tauri::command]
pub async fn list_articles(state: State<'_, AppState>, query: ListQuery) -> IpcResult<ArticlePage> {
    state.run(move |store| store.list_articles(&query)).await
}

#[tauri::command]
pub async fn create_article(
    state: State<'_, AppState>,
    draft: Option<ArticleDraft>,
) -> IpcResult<Article> {
    state
        .run(move |store| store.create_article(&draft.unwrap_or_default()))
        .await
}

#[tauri::command]
pub async fn get_article(state: State<'_, AppState>, id: ArticleId) -> IpcResult<Article> {
    state.run(move |store| store.article(id)).await
}

/// What an autosave did, and the preview of the saved body when the window asked for one.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct DraftSaved {
    /// The new version and the body's counts.
    pub saved: SaveOutcome,
    pub preview: Option<Preview>,
}

/// Autosave while typing; folds into the current autosave revision. The counts come with
/// the outcome and, when `preview` asks, the rendered preview too: one round trip per pause
/// in typing. The render runs beside the save; a failed save fails the whole call.
#[tauri::command]
pub async fn save_draft(
    state: State<'_, AppState>,
    id: ArticleId,
    draft: ArticleDraft,
    expected_version: i64,
    preview: Option<PreviewRequest>,
) -> IpcResult<DraftSaved> {
    let rendering =
        preview.map(|request| documents::render(draft.body.clone(), request.load_images));
    let saving = state.run(move |store| store.save_draft(id, &draft, expected_version));
    let (saved, preview) = match rendering {
        Some(rendering) => {
            let (saved, preview) = tokio::join!(saving, rendering);
            (saved?, Some(preview?))
        }
        None => (saving.await?, None),
    };
    Ok(DraftSaved { saved, preview })
}

/// Ctrl+S: a revision of its own.
#[tauri::command]
pub async fn save_revision(
    state: State<'_, AppState>,
    id: ArticleId,
    draft: ArticleDraft,
    expected_version: i64,
) -> IpcResult<SaveOutcome> {
    state
        .run(move |store| store.save_revision(id, &draft, expected_version))
        .await
}

#[tauri::command]
pub async fn trash_article(state: State<'_, AppState>, id: ArticleId) -> IpcResult<Article> {
    state.run(move |store| store.trash_article(id)).await
}

#[tauri::command]
pub async fn restore_article(state: State<'_, AppState>, id: ArticleId) -> IpcResult<Article> {
    state.run(move |store| store.restore_article(id)).await
}

/// The article's word-count target, if it has one.
#[tauri::command]
pub async fn get_word_target(
    state: State<'_, AppState>,
    id: ArticleId,
) -> IpcResult<Option<WordTarget>> {
    state.run(move |store| store.word_target(id)).await
}

/// Sets the article's word-count target; `null` clears it.
#[tauri::command]
pub async fn set_word_target(
    state: State<'_, AppState>,
    id: ArticleId,
    target: Option<WordTarget>,
) -> IpcResult<Option<WordTarget>> {
    state
        .run(move |store| store.set_word_target(id, target))
        .await
}
