//! "Being edited by": WordPress's own post lock (`_edit_lock`), through the companion plugin,
//! so the app and WordPress's editor see each other's locks.
//!
//! While an article is open for editing the app takes the lock and refreshes it every
//! [`REFRESH`] (WordPress's editor refreshes with its heartbeat); closing the article releases
//! it. A lock not refreshed within the site's window (150 s in WordPress) has expired, so a
//! crashed app's lock goes away by itself. Someone else's lock is shown as "«name» редактирует
//! с 10:32" and may be taken over (WordPress's rule: whoever may edit the post).

use crate::error::{Result, SyncError};
use crate::mirror;
use crate::secrets::Secrets;
use crate::site::{blocking, Site};
use chrono::{DateTime, Utc};
use newsroom_core::Store;
use reqwest::Method;
use serde::Serialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use ts_rs::TS;

/// How often an open article refreshes its lock: well inside WordPress's 150 s window, like
/// its editor's heartbeat (15–60 s).
pub const REFRESH: Duration = Duration::from_secs(30);

/// The lock on a post as the site holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PostLock {
    /// Someone holds it (the window has not run out).
    pub locked: bool,
    /// This account holds it.
    pub mine: bool,
    #[ts(type = "number | null")]
    pub user_id: Option<u64>,
    pub user_name: Option<String>,
    /// When the holder took it.
    pub since: Option<DateTime<Utc>>,
    /// When it expires unless refreshed.
    pub expires: Option<DateTime<Utc>>,
}

impl PostLock {
    /// Someone else is editing: the app opens the article read-only or offers to take over.
    pub fn held_by_other(&self) -> bool {
        self.locked && !self.mine
    }

    pub fn from_json(v: &Value) -> Result<PostLock> {
        let locked = v["locked"]
            .as_bool()
            .ok_or_else(|| SyncError::BadResponse(format!("a post lock without `locked`: {v}")))?;
        let time = |k: &str| {
            v[k].as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|d| d.with_timezone(&Utc))
        };
        Ok(PostLock {
            locked,
            mine: v["mine"].as_bool().unwrap_or(false),
            user_id: v["user"]["id"].as_u64(),
            user_name: v["user"]["name"].as_str().map(str::to_string),
            since: time("since_gmt"),
            expires: time("expires_gmt"),
        })
    }
}

/// What opening an article for editing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acquire {
    /// The lock is this account's now (taken or refreshed).
    Held(PostLock),
    /// Someone else holds it; nothing was changed.
    HeldByOther(PostLock),
}

fn route(post_id: u64) -> String {
    format!("/newsroom/v1/posts/{post_id}/lock")
}

/// The post's lock, whoever holds it.
pub async fn state(site: &Site, post_id: u64) -> Result<PostLock> {
    let a = site.client.get(&route(post_id), &[]).await?;
    PostLock::from_json(&a.json)
}

/// Takes (or refreshes) the lock. With `take_over` it is taken from whoever holds it.
pub async fn acquire(site: &Site, post_id: u64, take_over: bool) -> Result<Acquire> {
    let body = json!({"take_over": take_over});
    match site
        .client
        .send(Method::POST, &route(post_id), &[], Some(&body), None)
        .await
    {
        Ok(a) => Ok(Acquire::Held(PostLock::from_json(&a.json)?)),
        Err(SyncError::Rejected {
            status: 409, code, ..
        }) if code == "newsroom_post_locked" => {
            Ok(Acquire::HeldByOther(state(site, post_id).await?))
        }
        Err(e) => Err(e),
    }
}

/// Releases this account's lock (closing the article); someone else's is left alone.
pub async fn release(site: &Site, post_id: u64) -> Result<PostLock> {
    let a = site
        .client
        .send(Method::DELETE, &route(post_id), &[], None, None)
        .await?;
    PostLock::from_json(&a.json)
}

// ---------------------------------------------------------------- what the window calls

/// How the window treats an open article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LockStatus {
    /// This account holds the site's lock: refresh it every `refresh_secs`, release on close.
    Held,
    /// A colleague (or WordPress's editor) holds it: open read-only, or take over.
    HeldByOther,
    /// Nothing to share: no account, a site without the companion plugin, an article not on
    /// the site yet, or a post this account may not edit there.
    NotShared,
    /// The site did not answer: the article opens as usual (the lock is tried again at the
    /// next refresh).
    Unreachable,
}

/// The answer for an article being opened (or refreshed) for editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EditingLock {
    pub status: LockStatus,
    pub lock: Option<PostLock>,
    /// How often the window refreshes a held lock (and asks again after `unreachable`).
    pub refresh_secs: u32,
    /// Why it is not shared or not reachable (English, for the tooltip and the log).
    pub reason: Option<String>,
}

impl EditingLock {
    fn without_lock(status: LockStatus, reason: impl Into<String>) -> EditingLock {
        EditingLock {
            status,
            lock: None,
            refresh_secs: REFRESH.as_secs() as u32,
            reason: Some(reason.into()),
        }
    }
}

/// The site and the post an article is on, when its lock can be shared at all.
async fn site_and_post(
    store: &Arc<Store>,
    secrets: &Secrets,
    article_id: &str,
) -> Result<std::result::Result<(Site, u64), EditingLock>> {
    let id = article_id.to_string();
    let (account, base) = blocking(store, move |s| {
        s.db()
            .read(|c| Ok((crate::account::load(c)?, mirror::base(c, &id)?)))
    })
    .await?;
    let not_shared = |why: &str| Ok(Err(EditingLock::without_lock(LockStatus::NotShared, why)));
    let Some(account) = account else {
        return not_shared("no site account");
    };
    if account.plugin_version.is_none() {
        return not_shared("the site has no Newsroom companion plugin");
    }
    let Some(base) = base else {
        return not_shared("the article is not on the site yet");
    };
    match crate::engine::connect_site(store, secrets).await {
        Ok(site) => Ok(Ok((site, base.remote.remote_id))),
        Err(e) => Ok(Err(EditingLock::without_lock(
            LockStatus::Unreachable,
            e.to_string(),
        ))),
    }
}

/// Opens an article for editing: takes (or refreshes) the site's lock on its post, or says
/// who holds it. With `take_over` the lock is taken from its holder (WordPress's rule:
/// whoever may edit the post). Never an error for a site that cannot share the lock: the
/// article then opens as it always did.
pub async fn open_article(
    store: &Arc<Store>,
    secrets: &Secrets,
    article_id: &str,
    take_over: bool,
) -> Result<EditingLock> {
    let (site, post_id) = match site_and_post(store, secrets, article_id).await? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let held = |status, lock| EditingLock {
        status,
        lock: Some(lock),
        refresh_secs: REFRESH.as_secs() as u32,
        reason: None,
    };
    match acquire(&site, post_id, take_over).await {
        Ok(Acquire::Held(lock)) => Ok(held(LockStatus::Held, lock)),
        Ok(Acquire::HeldByOther(lock)) => Ok(held(LockStatus::HeldByOther, lock)),
        Err(e @ (SyncError::Forbidden { .. } | SyncError::Gone(_))) => Ok(
            EditingLock::without_lock(LockStatus::NotShared, e.to_string()),
        ),
        Err(e @ SyncError::Rejected { status: 404, .. }) => Ok(EditingLock::without_lock(
            LockStatus::NotShared,
            e.to_string(),
        )),
        Err(e @ SyncError::Store(_)) => Err(e),
        Err(e) => Ok(EditingLock::without_lock(
            LockStatus::Unreachable,
            e.to_string(),
        )),
    }
}

/// Closes an article: releases this account's lock on its post (someone else's is left
/// alone). A lock that cannot be released now expires by itself within the site's window.
pub async fn close_article(store: &Arc<Store>, secrets: &Secrets, article_id: &str) -> Result<()> {
    if let Ok((site, post_id)) = site_and_post(store, secrets, article_id).await? {
        release(&site, post_id).await?;
    }
    Ok(())
}
