//! Tag commands: autocomplete, an article's tags, the catalogue, cloud, rename/merge/undo.

use crate::error::IpcResult;
use crate::state::AppState;
use newsroom_core::tags::{ArticleTags, NameCheck, Tag, TagListQuery, TagOperation};
use newsroom_core::ArticleId;
use tauri::State;

#[tauri::command]
pub async fn autocomplete_tags(
    state: State<'_, AppState>,
    input: String,
    limit: Option<u32>,
) -> IpcResult<Vec<Tag>> {
    state
        .run(move |store| store.autocomplete_tags(&input, limit.unwrap_or(10)))
        .await
}

#[tauri::command]
pub async fn check_tag_name(state: State<'_, AppState>, name: String) -> IpcResult<NameCheck> {
    state.run(move |store| store.check_tag_name(&name)).await
}

#[tauri::command]
pub async fn create_tag(state: State<'_, AppState>, name: String, is_flag: bool) -> IpcResult<Tag> {
    state
        .run(move |store| store.create_tag(&name, is_flag).map(|(tag, _)| tag))
        .await
}

#[tauri::command]
pub async fn article_tags(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Vec<Tag>> {
    state.run(move |store| store.article_tags(article_id)).await
}

#[tauri::command]
pub async fn set_article_tags(
    state: State<'_, AppState>,
    article_id: ArticleId,
    names: Vec<String>,
) -> IpcResult<ArticleTags> {
    state
        .run(move |store| store.set_article_tags(article_id, &names))
        .await
}

#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>, query: TagListQuery) -> IpcResult<Vec<Tag>> {
    state.run(move |store| store.list_tags(&query)).await
}

#[tauri::command]
pub async fn tag_cloud(state: State<'_, AppState>, limit: Option<u32>) -> IpcResult<Vec<Tag>> {
    state
        .run(move |store| store.tag_cloud(limit.unwrap_or(50)))
        .await
}

#[tauri::command]
pub async fn set_tag_flag(state: State<'_, AppState>, id: i64, is_flag: bool) -> IpcResult<Tag> {
    state
        .run(move |store| store.set_tag_flag(id, is_flag))
        .await
}

#[tauri::command]
pub async fn rename_tag(state: State<'_, AppState>, id: i64, name: String) -> IpcResult<Tag> {
    state
        .run(move |store| store.rename_tag(id, &name).map(|(tag, _)| tag))
        .await
}

#[tauri::command]
pub async fn merge_tags(
    state: State<'_, AppState>,
    sources: Vec<i64>,
    target: i64,
) -> IpcResult<Tag> {
    state
        .run(move |store| store.merge_tags(&sources, target).map(|(tag, _)| tag))
        .await
}

#[tauri::command]
pub async fn undo_tag_operation(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    state.run(move |store| store.undo_tag_operation(id)).await
}

#[tauri::command]
pub async fn tag_operations(
    state: State<'_, AppState>,
    limit: Option<u32>,
) -> IpcResult<Vec<TagOperation>> {
    state
        .run(move |store| store.tag_operations(limit.unwrap_or(50)))
        .await
}
