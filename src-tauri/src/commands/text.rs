//! Text commands: the typography pass, slug suggestions and HTML paste (export is
//! `export.rs`).

use crate::error::IpcResult;
use crate::state::{blocking, AppState};
use newsroom_core::spell::SpellReport;
use newsroom_core::ArticleId;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

/// One change to the body, in UTF-16 offsets of the text that was sent (CodeMirror's).
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct TextChange {
    pub from: usize,
    pub to: usize,
    pub insert: String,
}

/// Russian/Kazakh typography on a Markdown body, as the edits it makes; the editor applies
/// them as one undoable transaction (the cursor stays, only changed text moves).
#[tauri::command]
pub async fn apply_typography(markdown: String) -> IpcResult<Vec<TextChange>> {
    blocking(move || {
        Ok(newsroom_text::typography_edits(&markdown)
            .into_iter()
            .map(|edit| TextChange {
                from: edit.from,
                to: edit.to,
                insert: edit.insert,
            })
            .collect())
    })
    .await
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

/// The misspelled words of the body (`markdown`) or the headline, checked on this computer
/// in `language` ("auto", "ru", "kk", "en" or "off").
#[tauri::command]
pub async fn check_spelling(
    state: State<'_, AppState>,
    text: String,
    markdown: bool,
    language: String,
) -> IpcResult<SpellReport> {
    state
        .run(move |store| store.check_spelling(&text, markdown, &language))
        .await
}

#[tauri::command]
pub async fn spelling_suggestions(
    state: State<'_, AppState>,
    word: String,
    language: String,
) -> IpcResult<Vec<String>> {
    state
        .run(move |store| store.spelling_suggestions(&word, &language))
        .await
}

#[tauri::command]
pub async fn newsroom_words(state: State<'_, AppState>) -> IpcResult<Vec<String>> {
    state.run(|store| store.newsroom_words()).await
}

#[tauri::command]
pub async fn add_newsroom_word(state: State<'_, AppState>, word: String) -> IpcResult<Vec<String>> {
    state.run(move |store| store.add_newsroom_word(&word)).await
}

#[tauri::command]
pub async fn remove_newsroom_word(
    state: State<'_, AppState>,
    word: String,
) -> IpcResult<Vec<String>> {
    state
        .run(move |store| store.remove_newsroom_word(&word))
        .await
}

#[tauri::command]
pub async fn spell_language(state: State<'_, AppState>) -> IpcResult<String> {
    state.run(|store| store.spell_language()).await
}

#[tauri::command]
pub async fn set_spell_language(state: State<'_, AppState>, language: String) -> IpcResult<String> {
    state
        .run(move |store| store.set_spell_language(&language))
        .await
}

/// How the newsroom transliterates headlines into slugs ("passport" or "gost").
#[tauri::command]
pub async fn slug_scheme(state: State<'_, AppState>) -> IpcResult<String> {
    state
        .run(|store| store.slug_scheme().map(|s| s.as_str().to_string()))
        .await
}

/// Editors only; published articles keep their slugs whatever the scheme.
#[tauri::command]
pub async fn set_slug_scheme(state: State<'_, AppState>, scheme: String) -> IpcResult<String> {
    state
        .run(move |store| {
            store
                .set_slug_scheme(&scheme, &store.current_actor()?)
                .map(|s| s.as_str().to_string())
        })
        .await
}
