//! Text commands: the typography pass, slug suggestions and HTML paste (export is
//! `export.rs`).

use crate::error::IpcResult;
use crate::state::{blocking, AppState};
use newsroom_core::ArticleId;
use tauri::State;

/// Russian/Kazakh typography on a Markdown body; the editor applies the result as one
/// undoable change.
#[tauri::command]
pub async fn apply_typography(markdown: String) -> IpcResult<String> {
    blocking(move || Ok(newsroom_text::apply_typography(&markdown))).await
}

/// Typography on a one-line field (headline, dek), where nothing is Markdown.
#[tauri::command]
pub async fn apply_typography_plain(text: String) -> IpcResult<String> {
    blocking(move || Ok(newsroom_text::typography::apply_typography_plain(&text))).await
}

/// The slug the article should get (its frozen one once published).
#[tauri::command]
pub async fn suggest_slug(state: State<'_, AppState>, id: ArticleId) -> IpcResult<String> {
    state.run(move |store| store.suggest_slug(id)).await
}

/// HTML from the clipboard → clean Markdown to insert into the editor.
#[tauri::command]
pub async fn html_to_markdown(html: String) -> IpcResult<String> {
    blocking(move || Ok(newsroom_text::html_to_markdown(&html))).await
}
