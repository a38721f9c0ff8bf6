//! The desk shared through the site (issue 11): how notes travel, unread notes, "assigned to
//! me", the site's assignment, and the post lock of the article open for editing. Each
//! command is a few lines over `newsroom_sync::desk` and `newsroom_core::remote::desk`.

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use newsroom_core::remote::desk::{
    self as core_desk, NoteDelivery, ParkedEntry, SiteAssignment, UnreadNotes,
};
use newsroom_core::{ArticleId, ArticleSummary};
use newsroom_sync::desk::lock::{self, EditingLock};
use newsroom_sync::desk::people::{self, SitePeople, SiteUser};
use tauri::State;

/// Where each note of the article stands between this machine and the site.
#[tauri::command]
pub async fn desk_note_deliveries(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Vec<NoteDelivery>> {
    state
        .run(move |store| {
            store
                .db()
                .read(|c| newsroom_sync::desk::note_deliveries(c, &article_id.to_string()))
        })
        .await
}

/// Articles with notes from colleagues not read here yet (the list's badges).
#[tauri::command]
pub async fn desk_unread_notes(state: State<'_, AppState>) -> IpcResult<Vec<UnreadNotes>> {
    state
        .run(|store| store.db().read(newsroom_sync::desk::unread_notes))
        .await
}

/// The article's notes were read: its badge goes.
#[tauri::command]
pub async fn desk_mark_notes_seen(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<()> {
    state
        .run(move |store| {
            store
                .db()
                .write(|tx| core_desk::mark_notes_seen(tx, &article_id.to_string()))
        })
        .await
}

/// Articles assigned on the site to the connected account.
#[tauri::command]
pub async fn desk_assigned_to_me(state: State<'_, AppState>) -> IpcResult<Vec<ArticleSummary>> {
    state
        .run(|store| store.db().read(newsroom_sync::desk::assigned_to_me_rows))
        .await
}

/// Who the article is assigned to on the site, if anyone.
#[tauri::command]
pub async fn desk_site_assignment(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Option<SiteAssignment>> {
    state
        .run(move |store| {
            store
                .db()
                .read(|c| core_desk::assignment(c, &article_id.to_string()))
        })
        .await
}

/// The article's desk entries the site refused for good (kept here with the reasons).
#[tauri::command]
pub async fn desk_parked(
    state: State<'_, AppState>,
    article_id: ArticleId,
) -> IpcResult<Vec<ParkedEntry>> {
    state
        .run(move |store| {
            store
                .db()
                .read(|c| core_desk::parked(c, &article_id.to_string()))
        })
        .await
}

/// Whom an article can be assigned to on the site (the list read last time when offline).
#[tauri::command]
pub async fn desk_site_people(state: State<'_, AppState>) -> IpcResult<SitePeople> {
    let store = state.store()?;
    people::site_people(&store, &state.secrets()?)
        .await
        .map_err(IpcError::from)
}

/// Assigns the article on the site to a WordPress user (`None`: unassigns); it goes out with
/// the round its queuing wakes.
#[tauri::command]
pub async fn desk_assign(
    state: State<'_, AppState>,
    article_id: ArticleId,
    user: Option<SiteUser>,
) -> IpcResult<Option<SiteAssignment>> {
    let assignment = state
        .run(move |store| {
            newsroom_sync::desk::assign(store, article_id, user.map(|u| (u.id, u.name)))?;
            store
                .db()
                .read(|c| core_desk::assignment(c, &article_id.to_string()))
        })
        .await?;
    Ok(assignment)
}

/// Opening (or refreshing) an article for editing: the site's post lock.
#[tauri::command]
pub async fn desk_lock_open(
    state: State<'_, AppState>,
    article_id: ArticleId,
    take_over: bool,
) -> IpcResult<EditingLock> {
    let store = state.store()?;
    lock::open_article(
        &store,
        &state.secrets()?,
        &article_id.to_string(),
        take_over,
    )
    .await
    .map_err(IpcError::from)
}

/// Closing the article: releases this account's lock on its post.
#[tauri::command]
pub async fn desk_lock_close(state: State<'_, AppState>, article_id: ArticleId) -> IpcResult<()> {
    let store = state.store()?;
    lock::close_article(&store, &state.secrets()?, &article_id.to_string())
        .await
        .map_err(IpcError::from)
}
