//! Finding what changed on the site since the last round.
//!
//! With the companion plugin: its change feed, a gap-free sequence that also records cron
//! publishes, trashing and deletions. On a stock site `modified_gmt` misses exactly those
//! (a cron publish keeps it; a deleted post leaves nothing), so the cursor there is three
//! parts: `modified_after` with an overlap window (1-second resolution, clock skew), a check of
//! every tracked post that is scheduled (the only ones cron can publish), and a periodic
//! sweep of all tracked ids that notices trashed and deleted posts.

use crate::apply::{self, Outcome};
use crate::error::{Result, SyncError};
use crate::mapping::RemoteFields;
use crate::mirror;
use crate::plan::RemoteView;
use crate::site::{blocking, Site};
use crate::wp::WpPost;
use chrono::{DateTime, Duration, Utc};
use newsroom_core::ArticleId;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

pub const FEED_CURSOR: &str = "pull.feed_cursor";
pub const MODIFIED_CURSOR: &str = "pull.modified_after";
pub const LAST_SWEEP: &str = "pull.last_sweep";
/// Posts a pull could not apply (refused locally, failed, deferred), read again every round
/// until they apply: the cursors move on past them, this set does not forget them.
pub const RETRY: &str = "pull.retry";
/// `modified_gmt` has 1-second resolution and the site's clock is not ours.
pub const OVERLAP: Duration = Duration::minutes(2);
/// How often a stock site's tracked posts are checked for deletion.
pub const SWEEP_EVERY: Duration = Duration::minutes(5);
const PAGE: usize = 100;

/// What a pull saw.
#[derive(Debug, Default, Clone)]
pub struct PullReport {
    pub outcomes: Vec<(u64, Outcome)>,
    /// Articles that could not be brought up to date (the rest of the pull went on).
    pub errors: Vec<String>,
}

/// One change noticed on the site.
#[derive(Debug)]
enum Seen {
    Post(Box<WpPost>),
    Gone(u64),
}

impl Seen {
    fn id(&self) -> u64 {
        match self {
            Seen::Post(p) => p.id,
            Seen::Gone(id) => *id,
        }
    }
}

pub async fn pull(site: &Site, full_sweep: bool) -> Result<PullReport> {
    let mut report = PullReport::default();
    retry_failed(site, &mut report).await?;
    if site.plugin {
        pull_feed(site, &mut report).await?;
    } else {
        pull_modified(site, full_sweep, &mut report).await?;
    }
    Ok(report)
}

async fn state(site: &Site, key: &'static str) -> Result<Option<String>> {
    blocking(&site.store, move |s| {
        s.db().read(|c| mirror::get_value(c, key))
    })
    .await
}

async fn set_state(site: &Site, key: &'static str, value: String) -> Result<()> {
    blocking(&site.store, move |s| {
        s.db().write(|tx| mirror::set_value(tx, key, &value))
    })
    .await
}

async fn pull_feed(site: &Site, report: &mut PullReport) -> Result<()> {
    let mut cursor = match state(site, FEED_CURSOR).await? {
        Some(c) => c,
        None => {
            // First sync: remember where the feed is *before* listing everything, so nothing
            // that changes during the listing is missed.
            let info = site.client.plugin_info().await?.unwrap_or(Value::Null);
            let start = info
                .get("changes_cursor")
                .and_then(Value::as_str)
                .unwrap_or("0")
                .to_string();
            list_all(site, None, report).await?;
            set_state(site, FEED_CURSOR, start.clone()).await?;
            start
        }
    };
    let mut page = feed_page(site, &cursor).await?;
    loop {
        let next = page.next.clone();
        if !page.more || next == cursor {
            apply_seen(site, page.seen, report).await?;
            if next != cursor {
                set_state(site, FEED_CURSOR, next).await?;
            }
            return Ok(());
        }
        // The site's answers, not our own work, are the slow part of a pull: read the next
        // page while this one is applied, so the two overlap instead of adding up.
        let applying: HashSet<u64> = page.seen.iter().map(Seen::id).collect();
        let (applied, fetched) =
            tokio::join!(apply_seen(site, page.seen, report), feed_page(site, &next));
        applied?;
        set_state(site, FEED_CURSOR, next.clone()).await?;
        cursor = next;
        page = fetched?;
        // Applying a post may push to it; a copy of the same post read meanwhile may predate
        // that push, so such posts are read again now that the push is done.
        reread(site, &mut page.seen, &applying).await?;
    }
}

/// One page of the change feed, with the posts it names already read.
struct FeedPage {
    seen: Vec<Seen>,
    next: String,
    more: bool,
}

async fn feed_page(site: &Site, since: &str) -> Result<FeedPage> {
    let answer = site
        .client
        .get(
            "/newsroom/v1/changes",
            &[("since", since.to_string()), ("limit", PAGE.to_string())],
        )
        .await?;
    let changes = answer
        .json
        .get("changes")
        .and_then(Value::as_array)
        .ok_or_else(|| SyncError::BadResponse("the change feed has no `changes` list".into()))?;
    let mut gone = Vec::new();
    let mut present = Vec::new();
    for c in changes {
        let id = c
            .get("post_id")
            .and_then(Value::as_u64)
            .ok_or_else(|| SyncError::BadResponse("a change has no post_id".into()))?;
        // A trashed post is read like any other: the planner needs its fields to tell
        // a restore later from a first sighting.
        match c.get("kind").and_then(Value::as_str) {
            Some("delete") => gone.push(id),
            _ => present.push(id),
        }
    }
    let next = answer
        .json
        .get("cursor")
        .and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_u64().map(|n| n.to_string()))
        })
        .ok_or_else(|| SyncError::BadResponse("the change feed has no cursor".into()))?;
    let more = answer
        .json
        .get("more")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut seen: Vec<Seen> = gone.into_iter().map(Seen::Gone).collect();
    seen.extend(fetch_posts(site, &present).await?);
    Ok(FeedPage { seen, next, more })
}

/// Reads again the posts of `seen` that are in `touched`, keeping their order.
async fn reread(site: &Site, seen: &mut Vec<Seen>, touched: &HashSet<u64>) -> Result<()> {
    let stale: Vec<u64> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::Post(p) if touched.contains(&p.id) => Some(p.id),
            _ => None,
        })
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    let mut fresh: HashMap<u64, Seen> = fetch_posts(site, &stale)
        .await?
        .into_iter()
        .map(|s| (s.id(), s))
        .collect();
    let mut out = Vec::with_capacity(seen.len());
    for s in seen.drain(..) {
        match s {
            Seen::Post(p) if touched.contains(&p.id) => {
                // Not readable any more (trashed for this account, deleted): skip it; the
                // feed has a later entry for whatever happened to it.
                if let Some(f) = fresh.remove(&p.id) {
                    out.push(f);
                }
            }
            other => out.push(other),
        }
    }
    *seen = out;
    Ok(())
}

/// Reads posts by id (100 a request); tracked ones that did not come back are checked one by
/// one (trashed, deleted, or no longer visible to this account).
async fn fetch_posts(site: &Site, ids: &[u64]) -> Result<Vec<Seen>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(PAGE) {
        let include = chunk
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let query = [
            ("include", include),
            ("status", "any".to_string()),
            ("context", "edit".to_string()),
            ("per_page", PAGE.to_string()),
        ];
        let mut posts = match site.client.list_posts(&query).await {
            Ok(p) => p.map(|(p, _)| p).unwrap_or_default(),
            // A contributor may not list others' posts in edit context: ask one by one.
            Err(SyncError::Forbidden { .. } | SyncError::Auth { .. }) => Vec::new(),
            Err(e) => return Err(e),
        };
        // An edit-context listing leaves out what this account may read but not edit (a
        // Contributor's own post once scheduled): those come in one listing as anyone may
        // read them, rather than a request or two each, every round.
        let missing: Vec<String> = chunk
            .iter()
            .filter(|id| !posts.iter().any(|p| p.id == **id))
            .map(u64::to_string)
            .collect();
        if !site.may_publish && !missing.is_empty() {
            let query = [
                ("include", missing.join(",")),
                ("status", "any".to_string()),
                ("per_page", PAGE.to_string()),
            ];
            match site.client.list_posts(&query).await {
                Ok(p) => posts.extend(p.map(|(p, _)| p).unwrap_or_default()),
                Err(SyncError::Forbidden { .. } | SyncError::Auth { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        for id in chunk {
            match posts.iter().find(|p| p.id == *id) {
                Some(p) => out.push(Seen::Post(Box::new(p.clone()))),
                // `status=any` leaves out the trash: such a post is read alone.
                None => match site.client.get_post(*id).await {
                    Ok(p) => out.push(Seen::Post(Box::new(p))),
                    Err(SyncError::Gone(_)) => out.push(Seen::Gone(*id)),
                    // Not ours to see (a colleague's draft): nothing to do.
                    Err(SyncError::Forbidden { .. } | SyncError::Auth { .. }) => {}
                    Err(e) => return Err(e),
                },
            }
        }
    }
    Ok(out)
}

/// The posts earlier pulls could not apply, with the reason each failed.
pub fn retry_set(conn: &rusqlite::Connection) -> newsroom_core::Result<BTreeMap<u64, String>> {
    Ok(mirror::get_value(conn, RETRY)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Adds (`Some(reason)`) or removes (`None`) a post of the retry set.
async fn mark_retry(site: &Site, remote_id: u64, reason: Option<String>) -> Result<()> {
    blocking(&site.store, move |s| {
        s.db().write(|tx| {
            let mut set = retry_set(tx)?;
            let changed = match reason {
                Some(r) => set.insert(remote_id, r.clone()).as_ref() != Some(&r),
                None => set.remove(&remote_id).is_some(),
            };
            if changed {
                let text = serde_json::to_string(&set).unwrap_or_else(|_| "{}".into());
                mirror::set_value(tx, RETRY, &text)?;
            }
            Ok(())
        })
    })
    .await
}

/// Reads again, and applies, the posts earlier pulls could not apply. One that is no longer
/// readable by this account leaves the set: there is nothing left of it to apply.
async fn retry_failed(site: &Site, report: &mut PullReport) -> Result<()> {
    let set = blocking(&site.store, |s| s.db().read(retry_set)).await?;
    if set.is_empty() {
        return Ok(());
    }
    let ids: Vec<u64> = set.keys().copied().collect();
    let seen = fetch_posts(site, &ids).await?;
    for id in ids {
        if !seen.iter().any(|s| s.id() == id) {
            mark_retry(site, id, None).await?;
        }
    }
    apply_seen(site, seen, report).await
}

/// Errors that stop the whole pull (the cursor stays): the site is out of reach, refuses the
/// login, or this machine's database fails. Anything else belongs to one post.
fn stops_the_pull(e: &SyncError) -> bool {
    use newsroom_core::ErrorCode;
    e.is_offline()
        || matches!(e, SyncError::Auth { .. })
        || matches!(e, SyncError::Store(s) if matches!(
            s.code(),
            ErrorCode::Storage | ErrorCode::Corrupt | ErrorCode::TooNew | ErrorCode::Internal
        ))
}

async fn apply_seen(site: &Site, seen: Vec<Seen>, report: &mut PullReport) -> Result<()> {
    for s in seen {
        let (remote_id, result) = match s {
            Seen::Gone(id) => {
                let tracked = blocking(&site.store, move |st| {
                    st.db().read(|c| mirror::article_for_remote(c, id))
                })
                .await?;
                match tracked.and_then(|a| a.parse::<ArticleId>().ok()) {
                    Some(article) => (
                        id,
                        apply::sync_article(site, article, RemoteView::Gone).await,
                    ),
                    None => (id, Ok(Outcome::Nothing)),
                }
            }
            Seen::Post(mut post) => {
                report
                    .errors
                    .extend(crate::images::fetch_post_images(site, &mut post).await);
                let result = apply_post(site, &post).await;
                let result = match result {
                    Ok(o) => crate::images::link_pulled(site, &post).await.map(|()| o),
                    Err(e) => Err(e),
                };
                (post.id, result)
            }
        };
        match result {
            // The article changed here while the post was applied: the post is read again
            // next round, whatever the cursor says by then.
            Ok(Outcome::Deferred) => {
                mark_retry(site, remote_id, Some("changed here while syncing".into())).await?;
                report.outcomes.push((remote_id, Outcome::Deferred));
            }
            Ok(outcome) => {
                mark_retry(site, remote_id, None).await?;
                report.outcomes.push((remote_id, outcome));
            }
            // The site went away or refuses the login: stop, the cursor stays where it was.
            Err(e) if stops_the_pull(&e) => return Err(e),
            // One post that cannot be applied (a push the site refuses, a post this app
            // cannot store) must not hold back every other change: it is set aside, read
            // again every round, and named in the round's errors; its article keeps its
            // outbox row.
            Err(e) => {
                let reason = format!("post {remote_id}: {e}");
                mark_retry(site, remote_id, Some(reason.clone())).await?;
                report.errors.push(reason);
            }
        }
    }
    Ok(())
}

async fn apply_post(site: &Site, post: &WpPost) -> Result<Outcome> {
    let pid = post.id;
    let tracked = blocking(&site.store, move |st| {
        st.db().read(|c| mirror::article_for_remote(c, pid))
    })
    .await?;
    if let Some(article) = tracked.and_then(|a| a.parse::<ArticleId>().ok()) {
        let view = RemoteView::Present(RemoteFields::from_post(post));
        return apply::sync_article(site, article, view).await;
    }
    // Our own create whose answer was lost: the post carries this article's id.
    if let Some(own) = post
        .uuid
        .as_deref()
        .and_then(|u| u.parse::<ArticleId>().ok())
    {
        let (exists, linked) = blocking(&site.store, move |st| {
            st.db().read(|c| {
                Ok((
                    newsroom_core::remote::snapshot(c, own)?.is_some(),
                    mirror::base(c, &own.to_string())?.map(|b| b.remote.remote_id),
                ))
            })
        })
        .await?;
        // An article already linked to another post is never re-linked: this post carries a
        // copied UUID (a duplicating plugin, a hand-made copy) and is a post of its own.
        if exists && linked.is_none_or(|r| r == pid) {
            apply::adopt_post(site, own, post).await?;
            return Ok(Outcome::Adopted);
        }
    }
    if !site.plugin {
        if let Some(own) = apply::uncertain_creator(site, post).await? {
            apply::adopt_post(site, own, post).await?;
            return Ok(Outcome::Adopted);
        }
    }
    apply::import(site, post).await
}

/// Lists every post (first sync), or those modified after `after`.
///
/// In order of post id, not of modification. WordPress orders by one column only, and
/// `modified_gmt` has whole seconds: the database orders posts saved in the same second (a
/// bulk action, an import) differently for each page, so pages by modification showed some
/// posts twice and others never. Ids are unique, and a post edited while the listing runs
/// (by us: a listed post with a change waiting here goes back as it is applied; by a
/// colleague) keeps its place. One that leaves the listing is handled by [`Listing`].
async fn list_all(
    site: &Site,
    after: Option<DateTime<Utc>>,
    report: &mut PullReport,
) -> Result<Option<String>> {
    let mut newest: Option<String> = None;
    let mut listed = HashSet::new();
    let mut listing = Listing::new(after, true);
    while let Some(posts) = listing.next(site).await? {
        note_newest(&mut newest, &posts);
        let seen = posts
            .into_iter()
            .filter(|p| listed.insert(p.id))
            .map(|p| Seen::Post(Box::new(p)))
            .collect();
        apply_seen(site, seen, report).await?;
    }
    if !site.may_publish {
        // WordPress leaves out of an edit-context listing every post this account may read
        // but not edit: a Contributor's own post once it is scheduled or published. Those the
        // app tracks are taken as anyone may read them, or a journalist's app would keep
        // "in review" while the site has the post scheduled.
        let tracked: HashSet<u64> = blocking(&site.store, |s| s.db().read(mirror::tracked))
            .await?
            .into_iter()
            .map(|(_, id, _)| id)
            .collect();
        let mut listing = Listing::new(after, false);
        while let Some(posts) = listing.next(site).await? {
            note_newest(&mut newest, &posts);
            let seen = posts
                .into_iter()
                .filter(|p| tracked.contains(&p.id) && listed.insert(p.id))
                .map(|p| Seen::Post(Box::new(p)))
                .collect();
            apply_seen(site, seen, report).await?;
        }
    }
    Ok(newest)
}

/// How many posts each page of a listing reaches back over the one before.
const PAGE_OVERLAP: usize = 10;

/// The pages of the posts modified after `after`, in order of id; `edit`: in edit context
/// (the stored text), or as anyone may read them (rendered only).
///
/// A post that leaves the listing while it runs (a colleague trashes it: `status=any` leaves
/// the trash out; or deletes it) moves every later post a place forward, and a page by
/// number then began one past a post never shown, whose edit the cursor then left behind
/// for good. So each page starts [`PAGE_OVERLAP`] posts before the last one ended and must
/// meet it: its first post is one seen already (or an older one). A page that does not
/// meet reaches further back, until it does or starts at the beginning. Where the site
/// leaves posts out of a page (an account that may not edit them all), whether it meets
/// cannot be told, and the overlap covers that many posts leaving. Posts come back more than
/// once; the caller keeps the first.
struct Listing {
    after: Option<DateTime<Utc>>,
    edit: bool,
    /// Where the next page begins, in the site's order: past the last page's window.
    offset: usize,
    /// The highest id seen so far.
    last_id: Option<u64>,
    done: bool,
}

impl Listing {
    fn new(after: Option<DateTime<Utc>>, edit: bool) -> Listing {
        Listing {
            after,
            edit,
            offset: 0,
            last_id: None,
            done: false,
        }
    }

    async fn next(&mut self, site: &Site) -> Result<Option<Vec<WpPost>>> {
        if self.done {
            return Ok(None);
        }
        let mut back = match self.last_id {
            Some(_) => PAGE_OVERLAP,
            None => 0,
        };
        loop {
            let start = self.offset.saturating_sub(back);
            let (posts, total) = self.window(site, start).await?;
            let total = usize::try_from(total).unwrap_or(usize::MAX);
            let whole = posts.len() == PAGE.min(total.saturating_sub(start));
            let meets = match self.last_id {
                None => true,
                Some(last) => start == 0 || !whole || posts.first().is_some_and(|p| p.id <= last),
            };
            if !meets {
                back = (back * 4).max(PAGE_OVERLAP);
                continue;
            }
            if let Some(highest) = posts.iter().map(|p| p.id).max() {
                self.last_id = Some(self.last_id.map_or(highest, |l| l.max(highest)));
            }
            self.offset = start + PAGE;
            self.done = self.offset >= total;
            return Ok(Some(posts));
        }
    }

    async fn window(&self, site: &Site, start: usize) -> Result<(Vec<WpPost>, u64)> {
        let mut query = vec![
            ("status", "any".to_string()),
            ("per_page", PAGE.to_string()),
            ("offset", start.to_string()),
            ("orderby", "id".to_string()),
            ("order", "asc".to_string()),
        ];
        if self.edit {
            query.push(("context", "edit".to_string()));
        }
        if let Some(t) = self.after {
            query.push(("modified_after", t.format("%Y-%m-%dT%H:%M:%SZ").to_string()));
        }
        site.client.list_posts_window(&query).await
    }
}

fn note_newest(newest: &mut Option<String>, posts: &[WpPost]) {
    for p in posts {
        if newest
            .as_deref()
            .is_none_or(|n| p.modified_gmt.as_str() > n)
        {
            *newest = Some(p.modified_gmt.clone());
        }
    }
}

async fn pull_modified(site: &Site, full_sweep: bool, report: &mut PullReport) -> Result<()> {
    let cursor = state(site, MODIFIED_CURSOR).await?;
    let after = cursor
        .as_deref()
        .and_then(crate::mapping::parse_date_gmt)
        .map(|t| t - OVERLAP);
    if let Some(newest) = list_all(site, after, report).await? {
        if cursor.as_deref().is_none_or(|c| newest.as_str() > c) {
            set_state(site, MODIFIED_CURSOR, newest).await?;
        }
    } else if cursor.is_none() {
        set_state(site, MODIFIED_CURSOR, "1970-01-01T00:00:00".into()).await?;
    }
    // Cron publishes keep modified_gmt: check the scheduled posts every round.
    let tracked = blocking(&site.store, |s| s.db().read(mirror::tracked)).await?;
    let scheduled: Vec<u64> = tracked
        .iter()
        .filter(|(_, _, st)| st == "future")
        .map(|(_, id, _)| *id)
        .collect();
    let seen = fetch_posts(site, &scheduled).await?;
    apply_seen(site, seen, report).await?;
    // Deletions leave nothing: sweep every tracked id now and then.
    let now = site.store.now();
    let last = state(site, LAST_SWEEP)
        .await?
        .and_then(|s| s.parse::<i64>().ok());
    let due = full_sweep
        || last.is_none_or(|l| now.timestamp_millis() - l >= SWEEP_EVERY.num_milliseconds());
    if due {
        // Posts known to be in the trash are not looked at again: one request each, every
        // sweep, would grow with the trash. A restore there changes `modified_gmt`, which
        // the listing above sees.
        let live: Vec<u64> = tracked
            .iter()
            .filter(|(_, _, st)| st != crate::plan::TRASH)
            .map(|(_, id, _)| *id)
            .collect();
        sweep(site, &live, report).await?;
        set_state(site, LAST_SWEEP, now.timestamp_millis().to_string()).await?;
    }
    Ok(())
}

/// Asks for the ids only; whatever does not come back is checked one by one.
async fn sweep(site: &Site, ids: &[u64], report: &mut PullReport) -> Result<()> {
    for chunk in ids.chunks(PAGE) {
        let include = chunk
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let query = [
            ("include", include),
            ("status", "any".to_string()),
            ("per_page", PAGE.to_string()),
            ("_fields", "id".to_string()),
        ];
        let answer = site.client.get("/wp/v2/posts", &query).await?;
        let present: Vec<u64> = answer
            .json
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.get("id").and_then(Value::as_u64))
                    .collect()
            })
            .unwrap_or_default();
        let missing: Vec<u64> = chunk
            .iter()
            .copied()
            .filter(|id| !present.contains(id))
            .collect();
        let seen = fetch_posts(site, &missing).await?;
        apply_seen(site, seen, report).await?;
    }
    Ok(())
}
