//! "Being edited by": WordPress's own post lock (`_edit_lock`), through the companion plugin,
//! so the app and WordPress's editor see each other's locks.
//!
//! While an article is open for editing the app takes the lock and refreshes it every
//! [`REFRESH`] (WordPress's editor refreshes with its heartbeat); closing the article releases
//! it. A lock not refreshed within the site's window (150 s in WordPress) has expired, so a
//! crashed app's lock goes away by itself. Someone else's lock is shown as "«name» редактирует
//! с 10:32" and may be taken over (WordPress's rule: whoever may edit the post).

use crate::error::{Result, SyncError};
use crate::site::Site;
use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Serialize;
use serde_json::{json, Value};
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
