//! What the UI shows: the app's sync state and each article's.

use crate::account::{self, Account};
use crate::mirror;
use crate::round::{LAST_ERROR, LAST_SYNC, ONLINE};
use chrono::{DateTime, Utc};
use newsroom_core::clock::from_millis;
use newsroom_core::{outbox, Result};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    pub account: Option<Account>,
    /// Guarantees that are weaker on this site (no companion plugin).
    pub guarantees: Option<String>,
    /// Where the password is, when that deserves a warning.
    pub secret_warning: Option<String>,
    /// `None` until the first round.
    pub online: Option<bool>,
    /// "N changes not yet synced": articles with something still to send.
    pub pending: u32,
    pub failed: u32,
    pub conflicts: u32,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ArticleSyncKind {
    /// Never sent and nothing pending (no account yet).
    Local,
    Synced,
    Pending,
    Failed,
    Conflict,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArticleSyncState {
    pub article_id: String,
    pub state: ArticleSyncKind,
    /// Why it failed, or why the last attempt did (it will be retried).
    pub reason: Option<String>,
    #[ts(type = "number | null")]
    pub remote_id: Option<u64>,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

pub fn status(conn: &Connection) -> Result<SyncStatus> {
    let account = account::load(conn)?;
    let failed = newsroom_core::outbox::all(conn)?
        .iter()
        .filter(|i| i.failure_kind.as_deref() == Some("permanent"))
        .count() as u32;
    let conflicts: u32 = conn.query_row(
        "SELECT count(DISTINCT article_id) FROM sync_conflicts WHERE resolved_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(SyncStatus {
        guarantees: account.as_ref().and_then(Account::guarantees),
        secret_warning: account
            .as_ref()
            .and_then(|a| a.secret_store.warning())
            .map(str::to_string),
        account,
        online: mirror::get_value(conn, ONLINE)?.map(|v| v == "1"),
        pending: outbox::pending_count(conn)?,
        failed,
        conflicts,
        last_sync_at: mirror::get_value(conn, LAST_SYNC)?
            .and_then(|v| v.parse::<i64>().ok())
            .map(from_millis),
        last_error: mirror::get_value(conn, LAST_ERROR)?,
    })
}

pub fn article_state(conn: &Connection, article_id: &str) -> Result<ArticleSyncState> {
    let conflict = !mirror::open_conflicts(conn, Some(article_id))?.is_empty();
    let item = outbox::item(conn, article_id)?;
    let base = mirror::base(conn, article_id)?;
    let state = if conflict {
        ArticleSyncKind::Conflict
    } else if item
        .as_ref()
        .is_some_and(|i| i.failure_kind.as_deref() == Some("permanent"))
    {
        ArticleSyncKind::Failed
    } else if item.is_some() {
        ArticleSyncKind::Pending
    } else if base.is_some() {
        ArticleSyncKind::Synced
    } else {
        ArticleSyncKind::Local
    };
    Ok(ArticleSyncState {
        article_id: article_id.to_string(),
        state,
        reason: item.as_ref().and_then(|i| i.failure.clone()),
        remote_id: base.map(|b| b.remote.remote_id),
        next_attempt_at: item
            .filter(|i| i.failure.is_some())
            .map(|i| i.next_attempt_at),
    })
}
