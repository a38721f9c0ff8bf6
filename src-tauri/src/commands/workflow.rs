//! Workflow commands: profiles, actions, history, notes, assignment, views, checklist.
//! Each acts as the current profile; the core decides what that profile may do.

use crate::error::IpcResult;
use crate::state::AppState;
use newsroom_core::article::ArticlePage;
use newsroom_core::profile::{Profile, ProfileId, Role};
use newsroom_core::workflow::{
    Action, ArticleFilter, CheckResult, Checklist, EditRights, HistoryEntry, Note, ViewCount,
};
use newsroom_core::{Article, ArticleId};
use tauri::State;

#[tauri::command]
pub async fn list_profiles(state: State<'_, AppState>) -> IpcResult<Vec<Profile>> {
    state.run(move |store| store.list_profiles()).await
}

#[tauri::command]
pub async fn current_profile(state: State<'_, AppState>) -> IpcResult<Option<Profile>> {
    state.run(move |store| store.current_profile()).await
}

#[tauri::command]
pub async fn create_profile(
    state: State<'_, AppState>,
    name: String,
    role: Role,
) -> IpcResult<Profile> {
    state
        .run(move |store| store.create_profile(&name, role))
        .await
}

#[tauri::command]
pub async fn switch_profile(state: State<'_, AppState>, id: ProfileId) -> IpcResult<Profile> {
    state.run(move |store| store.switch_profile(id)).await
}

/// Applies an action as the current profile and returns the article as it now is.
#[tauri::command]
pub async fn apply_action(
    state: State<'_, AppState>,
    article_id: ArticleId,
    action: Action,
    note: Option<String>,
) -> IpcResult<Article> {
    state
        .run(move |store| {
            let actor = store.current_actor()?;
            store.apply_action(article_id, action, &actor, note.as_deref())?;
            store.article(article_id)
        })
        .await
}

#[tauri::command]
pub async fn available_actions(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Vec<Action>> {
    state
        .run(move |store| match store.current_actor() {
            Ok(actor) => store.available_actions(article_id, &actor),
            Err(_) => Ok(Vec::new()),
        })
        .await
}

/// Whether the current profile may edit the article, and why not: the editor goes
/// read-only with that reason instead of letting autosave be refused.
#[tauri::command]
pub async fn edit_rights(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<EditRights> {
    state.run(move |store| store.edit_rights(article_id)).await
}

#[tauri::command]
pub async fn article_history(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Vec<HistoryEntry>> {
    state
        .run(move |store| store.article_history(article_id))
        .await
}

#[tauri::command]
pub async fn article_notes(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Vec<Note>> {
    state
        .run(move |store| store.article_notes(article_id))
        .await
}

#[tauri::command]
pub async fn add_note(
    state: State<'_, AppState>,
    article_id: ArticleId,
    body: String,
) -> IpcResult<Note> {
    state
        .run(move |store| store.add_note(article_id, &body))
        .await
}

#[tauri::command]
pub async fn assign_article(
    state: State<'_, AppState>,
    article_id: ArticleId,
    assignee: Option<ProfileId>,
) -> IpcResult<Option<ProfileId>> {
    state
        .run(move |store| store.assign_article(article_id, assignee))
        .await
}

#[tauri::command]
pub async fn article_assignee(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Option<ProfileId>> {
    state
        .run(move |store| store.article_assignee(article_id))
        .await
}

#[tauri::command]
pub async fn list_view(
    state: State<'_, AppState>,
    filter: ArticleFilter,
) -> IpcResult<ArticlePage> {
    state.run(move |store| store.list_view(&filter)).await
}

#[tauri::command]
pub async fn view_counts(state: State<'_, AppState>) -> IpcResult<Vec<ViewCount>> {
    state.run(move |store| store.view_counts()).await
}

#[tauri::command]
pub async fn get_checklist(state: State<'_, AppState>) -> IpcResult<Checklist> {
    state.run(move |store| store.checklist()).await
}

#[tauri::command]
pub async fn set_checklist(
    state: State<'_, AppState>,
    checklist: Checklist,
) -> IpcResult<Checklist> {
    state
        .run(move |store| store.set_checklist(&checklist))
        .await
}

#[tauri::command]
pub async fn check_article(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Vec<CheckResult>> {
    state
        .run(move |store| store.check_article(article_id))
        .await
}
