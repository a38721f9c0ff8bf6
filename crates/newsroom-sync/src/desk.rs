//! The desk between machines (issue 11): notes, workflow history, checklist results and the
//! assignment go to the site through the companion plugin's desk routes and come back from its
//! desk feed, once per round after the articles themselves. [`lock`] is WordPress's post lock
//! ("being edited by"), held while an article is open.
//!
//! What waits to go out is the core's desk outbox (`newsroom_core::remote::desk`): a local
//! entry gets its client id before the first request, so a retry after a lost answer repeats
//! it and the site stores the entry once. A stock site (no plugin) keeps all of it here: the
//! round skips the desk, and the Site screen says so (`Account::guarantees`).

pub mod lock;
pub mod people;

use crate::error::{Result, SyncError};
use crate::mirror;
use crate::site::{blocking, Site};
use chrono::{DateTime, Utc};
use newsroom_core::remote::desk::{self as core_desk, Outgoing, OutgoingEntry, SiteCheck};
use newsroom_core::ArticleId;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

/// Where the desk feed was read up to (sync_state key).
pub const DESK_CURSOR: &str = "desk.cursor";
const FEED_PAGE: u32 = 200;

/// What one exchange did, for the round's report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DeskReport {
    pub sent: u32,
    pub received: u32,
    /// The site has no desk routes (stock WordPress, or an older plugin).
    pub unsupported: bool,
    /// Entries the site refused for good ("history <article>: <reason>"). They stay here with
    /// the reason and are never retried; they are not round errors, since no retry and no
    /// action of the user can change the answer (a Contributor's history line for a publish
    /// the scheduler made: the post is no longer theirs to edit).
    pub parked: Vec<String>,
}

/// One exchange: what this machine wrote goes out, then what others wrote comes in. An
/// unreachable site ends it with the error (the round reports it); everything waits.
pub async fn exchange(site: &Site) -> Result<DeskReport> {
    let mut report = DeskReport::default();
    if !site.plugin {
        report.unsupported = true;
        return Ok(report);
    }
    push(site, &mut report).await?;
    if report.unsupported {
        return Ok(report);
    }
    pull(site, &mut report).await?;
    Ok(report)
}

fn is_missing_route(e: &SyncError) -> bool {
    matches!(e, SyncError::Rejected { status: 404, code, .. } if code == "rest_no_route")
}

/// A refusal no retry can change: the account may not write this post's desk (403), the
/// request itself was refused (another 4xx), the post is gone, or the site has the entry.
/// Anything else (offline, a busy server, an unusable answer) ends the exchange and waits.
fn refused_for_good(e: &SyncError) -> bool {
    matches!(
        e,
        SyncError::Forbidden { .. }
            | SyncError::Rejected { .. }
            | SyncError::Gone(_)
            | SyncError::Duplicate { .. }
    )
}

/// Records a refusal for the report and the log; the caller keeps the reason with the entry.
fn park(report: &mut DeskReport, what: String, e: &SyncError) -> String {
    let reason = e.to_string();
    tracing::info!("desk: {what} refused by the site for good, kept here: {reason}");
    report.parked.push(format!("{what}: {reason}"));
    reason
}

// ---------------------------------------------------------------- sending

async fn push(site: &Site, report: &mut DeskReport) -> Result<()> {
    // A note written with a transition names the transition's client id, which exists once
    // the transition has been linked: a second pass sends the notes that waited for it.
    for _pass in 0..2 {
        let mut waited = false;
        for (item, post_id) in outgoing_with_posts(site).await? {
            if let OutgoingEntry::Note {
                waits_for_transition: true,
                ..
            } = item.entry
            {
                waited = true;
                continue;
            }
            if !send_entry(site, report, item, post_id).await? {
                return Ok(()); // no desk routes on this site
            }
        }
        if !waited {
            break;
        }
    }
    push_assignments(site, report).await
}

/// Local entries still to send, of articles the site has, with their post ids.
async fn outgoing_with_posts(site: &Site) -> Result<Vec<(Outgoing, u64)>> {
    blocking(&site.store, |s| {
        s.db().read(|c| {
            let items = core_desk::outgoing(c)?;
            let mut with_post = Vec::with_capacity(items.len());
            for item in items {
                if let Some(base) = mirror::base(c, &item.article_id)? {
                    with_post.push((item, base.remote.remote_id));
                }
            }
            Ok(with_post)
        })
    })
    .await
}

/// Sends one entry under its client id (given before the request, kept for retries).
/// `false` when the site has no desk routes.
async fn send_entry(
    site: &Site,
    report: &mut DeskReport,
    item: Outgoing,
    post_id: u64,
) -> Result<bool> {
    let client_id = {
        let item = item.clone();
        blocking(&site.store, move |s| {
            let fresh = uuid::Uuid::now_v7().to_string();
            s.db().write(|tx| core_desk::link(tx, &item, &fresh))
        })
        .await?
    };
    let Some((route, body)) = request_for(site, &item, post_id, &client_id).await? else {
        return Ok(true);
    };
    match site
        .client
        .send(Method::POST, &route, &[], Some(&body), None)
        .await
    {
        Ok(_) => {
            blocking(&site.store, move |s| {
                let now = s.now();
                s.db().write(|tx| core_desk::mark_sent(tx, &client_id, now))
            })
            .await?;
            report.sent += 1;
        }
        Err(e) if is_missing_route(&e) => {
            report.unsupported = true;
            return Ok(false);
        }
        Err(e) if refused_for_good(&e) => {
            let what = format!("{} {}", item.entry.kind(), item.article_id);
            let reason = park(report, what, &e);
            blocking(&site.store, move |s| {
                s.db()
                    .write(|tx| core_desk::mark_refused(tx, &client_id, &reason))
            })
            .await?;
        }
        Err(e) => return Err(e),
    }
    Ok(true)
}

/// The route and body for one entry; `None` when there is nothing to send after all.
async fn request_for(
    site: &Site,
    item: &Outgoing,
    post_id: u64,
    client_id: &str,
) -> Result<Option<(String, Value)>> {
    let base = format!("/newsroom/v1/posts/{post_id}");
    Ok(Some(match &item.entry {
        OutgoingEntry::Note {
            body,
            transition_client_id,
            ..
        } => (
            format!("{base}/notes"),
            json!({"client_id": client_id, "body": body,
                   "transition_id": transition_client_id.clone().unwrap_or_default()}),
        ),
        OutgoingEntry::History {
            action,
            from,
            to,
            note,
            at,
        } => (
            format!("{base}/history"),
            json!({"client_id": client_id, "action": action, "from": from, "to": to,
                   "note": note, "at_gmt": at.format("%Y-%m-%dT%H:%M:%SZ").to_string()}),
        ),
        OutgoingEntry::Checklist => {
            let Ok(id) = item.article_id.parse::<ArticleId>() else {
                return Ok(None);
            };
            let results = blocking(&site.store, move |s| s.check_article(id)).await?;
            let results: Vec<Value> = results
                .iter()
                .map(|r| json!({"check": r.check, "passed": r.passed, "found": r.found, "min": r.min, "max": r.max}))
                .collect();
            (
                format!("{base}/checklist"),
                json!({"client_id": client_id, "results": results}),
            )
        }
    }))
}

async fn push_assignments(site: &Site, report: &mut DeskReport) -> Result<()> {
    let unsent = blocking(&site.store, |s| {
        s.db().read(|c| {
            let mut out = Vec::new();
            for (article_id, client_id, user) in core_desk::unsent_assignments(c)? {
                if let Some(base) = mirror::base(c, &article_id)? {
                    out.push((article_id, client_id, user, base.remote.remote_id));
                }
            }
            Ok(out)
        })
    })
    .await?;
    for (article_id, client_id, user, post_id) in unsent {
        let route = format!("/newsroom/v1/posts/{post_id}/assignment");
        let body = json!({"client_id": client_id, "assignee": user.unwrap_or(0)});
        match site
            .client
            .send(Method::POST, &route, &[], Some(&body), None)
            .await
        {
            Ok(_) => report.sent += 1,
            Err(e) if refused_for_good(&e) => {
                // Not ours to assign after all: the site's assignment stands. It is put back
                // here at once (the feed brings nothing new when the site's did not change),
                // and the reason stays beside it for the window.
                let reason = park(report, format!("assignment {article_id}"), &e);
                let on_site = site_assignment(site, post_id).await;
                let (a, c) = (article_id.clone(), client_id.clone());
                let now = site.store.now();
                blocking(&site.store, move |s| {
                    s.db().write(|tx| {
                        if let Some(event) = on_site {
                            core_desk::mark_assignment_sent(tx, &a, &c)?;
                            let (user, name, by, at) = match &event {
                                Some(e) => (
                                    e.assignee.as_ref().map(|u| u.id),
                                    e.assignee
                                        .as_ref()
                                        .map(|u| u.name.clone())
                                        .unwrap_or_default(),
                                    e.author.name.clone(),
                                    parse_gmt(&e.created_gmt).unwrap_or(now),
                                ),
                                None => (None, String::new(), String::new(), now),
                            };
                            let key = event
                                .as_ref()
                                .map_or_else(|| format!("site-none-{c}"), DeskEvent::key);
                            core_desk::assignment_from_site(tx, &a, &key, user, &name, &by, at)?;
                        }
                        core_desk::mark_assignment_refused(tx, &a, &reason)
                    })
                })
                .await?;
                continue;
            }
            Err(e) => return Err(e),
        }
        let (a, c) = (article_id.clone(), client_id.clone());
        blocking(&site.store, move |s| {
            s.db()
                .write(|tx| core_desk::mark_assignment_sent(tx, &a, &c))
        })
        .await?;
    }
    Ok(())
}

/// The post's assignment as the site holds it now: `Some(None)` unassigned, `None` when it
/// cannot be read (the refused choice then stays shown, with the reason).
async fn site_assignment(site: &Site, post_id: u64) -> Option<Option<DeskEvent>> {
    let answer = site
        .client
        .get(&format!("/newsroom/v1/posts/{post_id}/desk"), &[])
        .await
        .ok()?;
    match answer.json.get("assignment")? {
        Value::Null => Some(None),
        v => serde_json::from_value::<DeskEvent>(v.clone())
            .ok()
            .map(Some),
    }
}

// ---------------------------------------------------------------- receiving

/// One desk event as the plugin's feed sends it.
#[derive(Debug, Clone, Deserialize)]
pub struct DeskEvent {
    pub seq: String,
    pub post_id: u64,
    pub kind: String,
    #[serde(default)]
    pub client_id: String,
    pub author: EventAuthor,
    pub created_gmt: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub transition_id: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub at_gmt: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub results: Vec<SiteCheck>,
    #[serde(default)]
    pub assignee: Option<EventAuthor>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventAuthor {
    pub id: u64,
    pub name: String,
}

impl DeskEvent {
    /// The event's id here: the client id, or for an editorial comment written in WordPress
    /// (Edit Flow, PublishPress), one made from its comment id.
    fn key(&self) -> String {
        if self.client_id.is_empty() {
            format!("wp-comment-{}", self.seq)
        } else {
            self.client_id.clone()
        }
    }
}

fn parse_gmt(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

async fn pull(site: &Site, report: &mut DeskReport) -> Result<()> {
    let mut cursor = blocking(&site.store, |s| {
        s.db().read(|c| mirror::get_value(c, DESK_CURSOR))
    })
    .await?
    .unwrap_or_else(|| "0".into());
    loop {
        let page = match site
            .client
            .get(
                "/newsroom/v1/desk",
                &[("since", cursor.clone()), ("limit", FEED_PAGE.to_string())],
            )
            .await
        {
            Ok(a) => a.json,
            Err(e) if is_missing_route(&e) => {
                report.unsupported = true;
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let events: Vec<DeskEvent> = serde_json::from_value(page["events"].clone())
            .map_err(|e| SyncError::BadResponse(format!("the desk feed: {e}")))?;
        let next = page["cursor"].as_str().unwrap_or(&cursor).to_string();
        let more = page["more"].as_bool().unwrap_or(false);
        let n = blocking(&site.store, move |s| {
            let now = s.now();
            s.db().write(|tx| {
                let mut received = 0;
                for e in &events {
                    if receive(tx, e, now)? {
                        received += 1;
                    }
                }
                mirror::set_value(tx, DESK_CURSOR, &next)?;
                Ok(received)
            })
        })
        .await?;
        report.received += n;
        let advanced = page["cursor"].as_str().is_some_and(|c| c != cursor);
        cursor = page["cursor"].as_str().unwrap_or(&cursor).to_string();
        if !more || !advanced {
            break;
        }
    }
    // Events for posts that arrived since (the post feed runs before the desk).
    let n = blocking(&site.store, |s| {
        let now = s.now();
        s.db().write(|tx| retry_inbox(tx, now))
    })
    .await?;
    report.received += n;
    Ok(())
}

/// Applies one event; `true` when it added something here. Events of posts not tracked
/// here yet wait in the inbox.
fn receive(
    tx: &rusqlite::Transaction,
    e: &DeskEvent,
    now: DateTime<Utc>,
) -> newsroom_core::Result<bool> {
    let key = e.key();
    if core_desk::is_known(tx, &key)? {
        // Our own entry coming back: the site has it, even if its answer was lost.
        core_desk::mark_sent(tx, &key, now)?;
        return Ok(false);
    }
    let Some(article_id) = mirror::article_for_remote(tx, e.post_id)? else {
        let json = serde_json::to_string(&raw(e)).unwrap_or_default();
        tx.execute(
            "INSERT OR REPLACE INTO sync_desk_inbox (seq, post_id, event) VALUES (?1, ?2, ?3)",
            rusqlite::params![e.seq.parse::<i64>().unwrap_or(0), e.post_id as i64, json],
        )?;
        return Ok(false);
    };
    let created = parse_gmt(&e.created_gmt).unwrap_or(now);
    match e.kind.as_str() {
        "note" => {
            let transition = (!e.transition_id.is_empty()).then_some(e.transition_id.as_str());
            core_desk::note_from_site(
                tx,
                &article_id,
                &key,
                &e.author.name,
                &e.body,
                transition,
                created,
                now,
            )?;
        }
        "history" => {
            let at = parse_gmt(&e.at_gmt).unwrap_or(created);
            if let Err(err) = core_desk::history_from_site(
                tx,
                &article_id,
                &key,
                &e.action,
                &e.from,
                &e.to,
                &e.author.name,
                &e.role,
                &e.note,
                at,
                now,
            ) {
                // A newer app's action: nothing here can show it; it is not worth failing the round.
                tracing::warn!("desk history {key} skipped: {err}");
                return Ok(false);
            }
        }
        "checklist" => {
            core_desk::checklist_from_site(tx, &article_id, &e.results, &e.author.name, created)?;
        }
        "assignment" => {
            let (user, name) = match &e.assignee {
                Some(a) => (Some(a.id), a.name.clone()),
                None => (None, String::new()),
            };
            core_desk::assignment_from_site(
                tx,
                &article_id,
                &key,
                user,
                &name,
                &e.author.name,
                created,
            )?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn retry_inbox(tx: &rusqlite::Transaction, now: DateTime<Utc>) -> newsroom_core::Result<u32> {
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT i.seq, i.event FROM sync_desk_inbox i JOIN sync_mirror m ON m.remote_id = i.post_id ORDER BY i.seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut n = 0;
    for (seq, json) in rows {
        tx.execute("DELETE FROM sync_desk_inbox WHERE seq = ?1", [seq])?;
        if let Ok(event) =
            serde_json::from_str::<Value>(&json).and_then(serde_json::from_value::<DeskEvent>)
        {
            if receive(tx, &event, now)? {
                n += 1;
            }
        }
    }
    Ok(n)
}

/// The event back as JSON, to wait in the inbox.
fn raw(e: &DeskEvent) -> Value {
    json!({
        "seq": e.seq, "post_id": e.post_id, "kind": e.kind, "client_id": e.client_id,
        "author": {"id": e.author.id, "name": e.author.name}, "created_gmt": e.created_gmt,
        "body": e.body, "transition_id": e.transition_id, "action": e.action, "from": e.from,
        "to": e.to, "note": e.note, "at_gmt": e.at_gmt, "role": e.role,
        "results": e.results.iter().map(|r| json!({"check": r.check, "passed": r.passed, "found": r.found, "min": r.min, "max": r.max})).collect::<Vec<_>>(),
        "assignee": e.assignee.as_ref().map(|a| json!({"id": a.id, "name": a.name})),
    })
}

// ---------------------------------------------------------------- what the app calls

/// Assigns an article on the site to a WordPress user (`None`: unassigns). Written here at
/// once, sent with the next round.
pub fn assign(
    store: &newsroom_core::Store,
    article_id: ArticleId,
    user: Option<(u64, String)>,
) -> newsroom_core::Result<()> {
    let now = store.now();
    store.db().write(|tx| {
        // The site's assignment is desk work for editors (the local profiles' rule too); a
        // journalist's app would only be refused by the site later, with nothing on screen.
        let account = crate::account::load(tx)?.ok_or_else(|| {
            newsroom_core::Error::said(
                newsroom_core::ErrorCode::Invalid,
                newsroom_core::Said::new(
                    "refusal.assign_needs_site",
                    "connect to the site before assigning an article to a colleague there",
                ),
            )
        })?;
        if account.role != "editor" {
            return Err(newsroom_core::Error::said(
                newsroom_core::ErrorCode::Forbidden,
                newsroom_core::Said::new(
                    "refusal.assign_editors_only",
                    "only editors assign articles; a journalist can only take an unassigned one",
                ),
            ));
        }
        let me = account.display_name;
        let (id, name) = match user {
            Some((id, name)) => (Some(id), name),
            None => (None, String::new()),
        };
        core_desk::assign(tx, &article_id.to_string(), id, &name, &me, now)
    })
}

/// The live articles assigned on the site to the connected account: "assigned to me", the
/// same on every machine the person uses.
pub fn assigned_to_me(conn: &rusqlite::Connection) -> newsroom_core::Result<Vec<String>> {
    match crate::account::load(conn)? {
        Some(a) => core_desk::assigned_to(conn, a.wp_user_id),
        None => Ok(Vec::new()),
    }
}

/// "Assigned to me" as list rows, newest assignment first.
pub fn assigned_to_me_rows(
    conn: &rusqlite::Connection,
) -> newsroom_core::Result<Vec<newsroom_core::ArticleSummary>> {
    let mut rows = Vec::new();
    for id in assigned_to_me(conn)? {
        let Ok(id) = id.parse::<ArticleId>() else {
            continue;
        };
        let a = newsroom_core::article::load(conn, id)?;
        rows.push(newsroom_core::ArticleSummary {
            id: a.id,
            headline: a.draft.headline,
            status: a.status,
            word_count: a.word_count,
            updated_at: a.updated_at,
            trashed_at: a.trashed_at,
        });
    }
    Ok(rows)
}

/// The connected account's name on the site ("" without one): its own notes written on other
/// machines are not new to it.
fn own_name(conn: &rusqlite::Connection) -> newsroom_core::Result<String> {
    Ok(crate::account::load(conn)?
        .map(|a| a.display_name)
        .unwrap_or_default())
}

/// Articles with colleagues' notes not read here yet (the list's badges).
pub fn unread_notes(
    conn: &rusqlite::Connection,
) -> newsroom_core::Result<Vec<core_desk::UnreadNotes>> {
    core_desk::unread_notes(conn, &own_name(conn)?)
}

/// Where each note of an article stands between this machine and the site.
pub fn note_deliveries(
    conn: &rusqlite::Connection,
    article_id: &str,
) -> newsroom_core::Result<Vec<core_desk::NoteDelivery>> {
    core_desk::note_deliveries(conn, article_id, &own_name(conn)?)
}
