//! Carrying out a plan for one article: the requests to the site and the local writes, each
//! local write in one transaction together with the new base and the outbox bookkeeping.

use crate::error::{Result, SyncError};
use crate::mapping::{Field, LocalFields, RemoteFields};
use crate::mirror::{self, LocalArticle};
use crate::plan::{self, remote_as_local, Base, Plan, RemoteView};
use crate::site::{blocking, Site};
use crate::wp::WpPost;
use newsroom_core::{outbox, ArticleDraft, ArticleId, Error};
use std::collections::HashMap;

/// What happened to one article, for the round's report and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    Created,
    Adopted,
    Pushed,
    Pulled,
    Merged,
    Conflict,
    TrashedRemote,
    TrashedLocal,
    Discarded,
    /// The article changed locally while we worked; the next round picks it up.
    Deferred,
}

/// Names for term ids, resolved before planning (the planner is pure).
pub async fn name_map(site: &Site, ids: &[u64]) -> Result<HashMap<u64, String>> {
    let mut map = HashMap::new();
    let known = blocking(&site.store, |s| s.db().read(mirror::all_terms)).await?;
    for (id, name) in known {
        map.insert(id, name);
    }
    if ids.iter().any(|id| !map.contains_key(id)) {
        site.refresh_terms().await?;
        for (id, name) in blocking(&site.store, |s| s.db().read(mirror::all_terms)).await? {
            map.insert(id, name);
        }
    }
    Ok(map)
}

/// An article as sync needs it before planning.
pub struct Loaded {
    pub local: LocalArticle,
    pub base: Option<Base>,
    /// Open conflicts wait for the user.
    pub conflicted: bool,
    /// A conflict was resolved after the base was saved (see [`mirror::resolved_since_base`]).
    pub resolved: bool,
    /// Pushes whose answers never came.
    pub sent: Vec<plan::Sent>,
}

pub async fn load_local(site: &Site, id: ArticleId) -> Result<Option<Loaded>> {
    blocking(&site.store, move |s| {
        s.db().read(|c| {
            // One snapshot: the article, its tags, its schedule and its outbox row as of the
            // same moment, or an edit landing between two reads would be half-seen.
            let c = &c.unchecked_transaction()?;
            let Some(local) = mirror::local_article(c, id)? else {
                return Ok(None);
            };
            let key = id.to_string();
            Ok(Some(Loaded {
                local,
                base: mirror::base(c, &key)?,
                conflicted: !mirror::open_conflicts(c, Some(&key))?.is_empty(),
                resolved: mirror::resolved_since_base(c, &key)?,
                sent: mirror::sent(c, &key)?,
            }))
        })
    })
    .await
}

/// How many times one article is planned again after the site answered 412 (the post
/// changed between our read and our write) before the round gives up on it. The site or a
/// busy colleague may keep it changing; the article is then parked with the reason (see
/// `round::record_failure`) instead of holding the round forever.
pub const MAX_PRECONDITION_RETRIES: u32 = 3;

/// Plans and applies one tracked or pending article against `remote`.
pub async fn sync_article(site: &Site, id: ArticleId, remote: RemoteView) -> Result<Outcome> {
    sync_article_try(site, id, remote, 0).await
}

/// A 412 on the `retried`-th plan: plan once more against the post as it is now, or give up.
async fn after_precondition(
    site: &Site,
    id: ArticleId,
    remote_id: u64,
    retried: u32,
) -> Result<Outcome> {
    if retried >= MAX_PRECONDITION_RETRIES {
        return Err(SyncError::Precondition);
    }
    let fresh = fetch_view(site, remote_id).await?;
    Box::pin(sync_article_try(site, id, fresh, retried + 1)).await
}

async fn sync_article_try(
    site: &Site,
    id: ArticleId,
    remote: RemoteView,
    retried: u32,
) -> Result<Outcome> {
    let Some(Loaded {
        local,
        base,
        conflicted,
        resolved,
        sent,
    }) = load_local(site, id).await?
    else {
        return Ok(Outcome::Nothing);
    };
    if conflicted {
        // The user is choosing between two versions; nothing moves until they have. Other
        // articles go on: the caller only counts this one.
        return Ok(Outcome::Conflict);
    }
    // Without the plugin there is no If-Match: read the post right before writing it. Right
    // after a resolution the base is as old as the conflict, and whatever the site changed
    // while the user was choosing was skipped: read it too, or a "keep theirs" would
    // compare against a stale copy and drop the newer change.
    let remote = match (&remote, &base) {
        (RemoteView::Unknown, Some(b)) if (!site.plugin && local.view.pending) || resolved => {
            fetch_view(site, b.remote.remote_id).await?
        }
        _ => remote,
    };
    // A post this account may only read rendered (a contributor once it left review): the
    // stored HTML is unknown, so keep the base's; the Markdown meta and the decoded title still
    // tell what changed.
    let remote = match (remote, &base) {
        (RemoteView::Present(mut r), Some(b)) if r.rendered_only => {
            // The rendered title is the stored one run through WordPress's typography: the
            // same text when it decodes to the same headline. Otherwise it stands for the
            // stored title as it is (the planner decodes titles).
            let same = crate::mapping::headline_from_site(&r.title).trim()
                == crate::mapping::headline_from_site(&b.remote.title).trim();
            if same {
                r.title = b.remote.title.clone();
            }
            r.excerpt = b.remote.excerpt.clone();
            match r.markdown.clone() {
                Some(md) if r.markdown != b.remote.markdown => {
                    r.content = newsroom_text::render_markdown(&md);
                    r.markdown_fresh = Some(true);
                }
                _ => {
                    r.content = b.remote.content.clone();
                    r.markdown = b.remote.markdown.clone();
                }
            }
            r.rendered_only = false;
            RemoteView::Present(r)
        }
        (other, _) => other,
    };
    let ids: Vec<u64> = match &remote {
        RemoteView::Present(r) => r.tags.clone(),
        _ => Vec::new(),
    };
    let names = name_map(site, &ids).await?;
    let lookup = |id: u64| names.get(&id).cloned();
    // Our own earlier pushes that landed although their answers were lost are agreed values,
    // not a colleague's edits.
    let base = match (&remote, base) {
        (RemoteView::Present(r), Some(b)) if !sent.is_empty() => {
            Some(plan::rebase_on_sent(&b, &sent, r, &lookup))
        }
        (_, b) => b,
    };
    let decided = plan::plan(&local.view, base.as_ref(), &remote, &lookup);
    let planned_something = decided != Plan::Nothing;
    let decided = if site.may_publish {
        decided
    } else {
        // A push does not always read the post first: then the base says how it stands.
        let status_there = match (&remote, &base) {
            (RemoteView::Present(r), _) => Some(r.status.as_str()),
            (RemoteView::Unknown, Some(b)) => Some(b.remote.status.as_str()),
            _ => None,
        };
        leave_publishing_to_the_site(decided, &local.view.fields, status_there)
    };
    match decided {
        Plan::Nothing => {
            // The post may have moved on in ways that need nothing here (a new revision
            // number, a cron run); remember it, or the next write would fail its If-Match.
            let refreshed = match (&remote, &base) {
                // Nothing to do means both sides agree: the local fields are the base too.
                (RemoteView::Present(r), Some(b))
                    if *r != b.remote || b.local != local.view.fields =>
                {
                    Some(Base {
                        local: local.view.fields.clone(),
                        remote: r.clone(),
                    })
                }
                // A publish left to the site (see `leave_publishing_to_the_site`): this
                // side's fields are settled, or the site's own publish would later look
                // like a change here to push.
                (_, Some(b)) if planned_something => Some(Base {
                    local: local.view.fields.clone(),
                    remote: b.remote.clone(),
                }),
                _ => None,
            };
            finish_nothing(site, &local, refreshed).await?;
            Ok(Outcome::Nothing)
        }
        Plan::Discard => {
            let key = id.to_string();
            blocking(&site.store, move |s| {
                s.db().write(|tx| outbox::discard(tx, &key))
            })
            .await?;
            Ok(Outcome::Discarded)
        }
        Plan::Create => create(site, &local).await,
        Plan::TrashRemote => {
            let Some(b) = base else {
                return Ok(Outcome::Nothing);
            };
            // The post stays tracked, as it now sits in the site's trash: restoring the
            // article later brings this same post back instead of creating a second one.
            let trashed = match site.client.trash_post(b.remote.remote_id).await? {
                Some(post) => RemoteFields::from_post(&post),
                None => RemoteFields {
                    status: plan::TRASH.into(),
                    ..b.remote.clone()
                },
            };
            keep_trashed(site, &local, b.local, trashed, false).await?;
            Ok(Outcome::TrashedRemote)
        }
        Plan::TrashLocal { trashed: Some(r) } => {
            let base_local = base.map(|b| b.local).unwrap_or_default();
            if !keep_trashed(site, &local, base_local, r, true).await? {
                return Ok(Outcome::Deferred);
            }
            Ok(Outcome::TrashedLocal)
        }
        Plan::TrashLocal { trashed: None } => {
            forget(site, id, true).await?;
            Ok(Outcome::TrashedLocal)
        }
        Plan::RestoreLocal => {
            if !restore_local(site, &local).await? {
                return Ok(Outcome::Deferred);
            }
            // Out of the trash; now the fields, against the post as the site restored it.
            Box::pin(sync_article_try(site, id, remote, retried)).await
        }
        Plan::RestoreRemote => {
            let Some(b) = base else {
                return Ok(Outcome::Nothing);
            };
            let remote_now = match &remote {
                RemoteView::Present(r) => r.clone(),
                _ => b.remote.clone(),
            };
            restore_remote(site, &local, remote_now, retried).await
        }
        Plan::Recreate => {
            let key = id.to_string();
            blocking(&site.store, move |s| {
                s.db().write(|tx| {
                    tx.execute("DELETE FROM sync_mirror WHERE article_id = ?1", [&key])?;
                    mirror::clear_sent(tx, &key)
                })
            })
            .await?;
            create(site, &local).await
        }
        Plan::Sync {
            merged,
            remote_local,
            write_local,
            push,
            conflicts,
        } => {
            let Some(base) = base else {
                return Ok(Outcome::Nothing);
            };
            let remote_now = match &remote {
                RemoteView::Present(r) => r.clone(),
                _ => base.remote.clone(),
            };
            // Never overwrite what the app cannot represent: the site would lose it silently.
            if push.contains(&Field::Body) {
                if let Some(what) = crate::unrepresentable::unrepresentable(&remote_now) {
                    return Err(SyncError::Unrepresentable(what));
                }
            }
            let outcome = if !conflicts.is_empty() {
                Outcome::Conflict
            } else if !push.is_empty() && !write_local.is_empty() {
                Outcome::Merged
            } else if !push.is_empty() {
                Outcome::Pushed
            } else {
                Outcome::Pulled
            };
            // The new base: what was agreed; for conflicted fields the server's version, so
            // the local one (kept in the article) reads as the change still to resolve.
            let mut new_base_local = merged.clone();
            for c in &conflicts {
                plan::set(c.field, &mut new_base_local, &remote_local);
            }
            let write = LocalWrite {
                id,
                version: local.version,
                change_seq: local.outbox.as_ref().map(|i| i.last_seq),
                byline: local.byline.clone(),
                merged: merged.clone(),
                fields: write_local,
                conflicts,
            };
            let upto = local_write(
                site,
                write,
                push.is_empty().then(|| Base {
                    local: new_base_local.clone(),
                    remote: remote_now.clone(),
                }),
            )
            .await?;
            let Some(upto) = upto else {
                return Ok(Outcome::Deferred);
            };
            if push.is_empty() {
                return Ok(outcome);
            }
            let body = site.payload(&merged, &push, None).await?;
            remember_sent(site, id, &merged, &push).await?;
            let rev = remote_now.rev.clone().map(|r| format!("\"{r}\""));
            let post = match site
                .client
                .update_post(remote_now.remote_id, &body, rev.as_deref())
                .await
            {
                Ok(post) => post,
                Err(SyncError::Precondition) => {
                    // Changed on the site since our copy: plan again against what is there now.
                    return after_precondition(site, id, remote_now.remote_id, retried).await;
                }
                Err(SyncError::Gone(_)) => {
                    forget(site, id, true).await?;
                    return Ok(Outcome::TrashedLocal);
                }
                Err(e) => return Err(e),
            };
            save_pushed(site, id, new_base_local, &post, upto).await?;
            Ok(outcome)
        }
    }
}

/// A Contributor's app never pushes a publish the site holds as scheduled. The app's scheduler
/// follows the site's schedule and publishes the article here at its time; pushing that
/// would only earn a 403 (a Contributor may not publish) and show the article as failed,
/// while WP-Cron publishes it there. The next pull sees the site's publish and both sides
/// agree. An editor's app does push it: that is the watchdog for a cron that never ran.
pub(crate) fn leave_publishing_to_the_site(
    decided: Plan,
    local: &LocalFields,
    status_there: Option<&str>,
) -> Plan {
    if local.status != "published" || status_there != Some("future") {
        return decided;
    }
    match decided {
        Plan::Sync {
            merged,
            remote_local,
            write_local,
            mut push,
            conflicts,
        } => {
            // The publish time goes with it: the site's schedule is what WP-Cron follows,
            // and the local publish happened at (or just after) that same instant.
            push.retain(|f| !matches!(f, Field::Status | Field::PublishAt));
            if push.is_empty() && write_local.is_empty() && conflicts.is_empty() {
                Plan::Nothing
            } else {
                Plan::Sync {
                    merged,
                    remote_local,
                    write_local,
                    push,
                    conflicts,
                }
            }
        }
        other => other,
    }
}

/// The post as the site holds it now. A post in the site's trash is `Present` with status
/// `trash` (the planner tells trashing from restoring by it); only a deleted one is `Gone`.
pub async fn fetch_view(site: &Site, remote_id: u64) -> Result<RemoteView> {
    match site.client.get_post(remote_id).await {
        Ok(p) => Ok(RemoteView::Present(RemoteFields::from_post(&p))),
        Err(SyncError::Gone(_)) => Ok(RemoteView::Gone),
        Err(e) => Err(e),
    }
}

pub(crate) struct LocalWrite {
    pub(crate) id: ArticleId,
    pub(crate) version: i64,
    /// The outbox's last change number when the article was loaded (`None`: no row). Every
    /// edit that reaches the site moves it — a workflow transition, a tag or schedule change
    /// as much as a text edit — so it is what tells whether the article changed meanwhile.
    pub(crate) change_seq: Option<i64>,
    pub(crate) byline: String,
    pub(crate) merged: LocalFields,
    pub(crate) fields: Vec<Field>,
    pub(crate) conflicts: Vec<plan::FieldConflict>,
}

/// Writes pulled/merged fields and conflicts in one transaction, refusing if the article
/// changed since it was read (`None`: try again next round). With `final_base` (nothing to
/// push) the base is saved and the outbox row dropped in the same transaction. Returns the
/// outbox position a following push covers.
async fn local_write(site: &Site, w: LocalWrite, final_base: Option<Base>) -> Result<Option<i64>> {
    blocking(&site.store, move |s| commit_local(s, w, final_base)).await
}

/// Whether the article is still as it was loaded: the same version and no change recorded
/// for it since (see [`LocalWrite::change_seq`]).
fn unchanged_since_load(
    tx: &rusqlite::Transaction,
    id: ArticleId,
    version: i64,
    change_seq: Option<i64>,
) -> newsroom_core::Result<bool> {
    let key = id.to_string();
    let now: i64 = tx.query_row("SELECT version FROM articles WHERE id = ?1", [&key], |r| {
        r.get(0)
    })?;
    let seq = outbox::item(tx, &key)?.map(|i| i.last_seq);
    Ok(now == version && seq == change_seq)
}

/// The transaction of [`local_write`].
pub(crate) fn commit_local(
    s: &newsroom_core::Store,
    w: LocalWrite,
    final_base: Option<Base>,
) -> newsroom_core::Result<Option<i64>> {
    {
        let now = s.now();
        let result = s.db().write(|tx| {
            let key = w.id.to_string();
            if !unchanged_since_load(tx, w.id, w.version, w.change_seq)? {
                return Err(Error::Conflict("changed while syncing".into()));
            }
            let text_fields = [Field::Headline, Field::Dek, Field::Body, Field::Slug];
            if w.fields.iter().any(|f| text_fields.contains(f)) {
                let draft = ArticleDraft {
                    headline: w.merged.headline.clone(),
                    dek: w.merged.dek.clone(),
                    byline: w.byline.clone(),
                    slug: w.merged.slug.clone(),
                    body: w.merged.body.clone(),
                };
                newsroom_core::remote::write_remote_fields(tx, w.id, &draft, now)?;
            }
            if w.fields.contains(&Field::Status) {
                newsroom_core::remote::write_remote_status(tx, w.id, &w.merged.status, now)?;
            }
            if w.fields.contains(&Field::Tags) {
                newsroom_core::remote::write_remote_tags(tx, w.id, &w.merged.tags, now)?;
            }
            if w.fields.contains(&Field::PublishAt) {
                if let Some(at) = w.merged.publish_at {
                    newsroom_core::schedule::entry::put_remote(tx, w.id, at, "WordPress", now)?;
                    newsroom_core::changes::record(
                        tx,
                        &key,
                        newsroom_core::changes::ChangeKind::Scheduled,
                        now,
                    )?;
                }
            }
            for c in &w.conflicts {
                mirror::record_conflict(tx, &key, c, now)?;
            }
            if let Some(base) = &final_base {
                mirror::save_base(tx, &key, base, now)?;
                outbox::discard(tx, &key)?;
            }
            Ok(outbox::item(tx, &key)?.map(|i| i.last_seq).unwrap_or(0))
        });
        match result {
            Ok(seq) => Ok(Some(seq)),
            Err(Error::Conflict(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

async fn save_pushed(
    site: &Site,
    id: ArticleId,
    base_local: LocalFields,
    post: &WpPost,
    upto: i64,
) -> Result<()> {
    let remote = RemoteFields::from_post(post);
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let key = id.to_string();
            mirror::save_base(
                tx,
                &key,
                &Base {
                    local: base_local,
                    remote,
                },
                now,
            )?;
            outbox::complete(tx, &key, upto)
        })
    })
    .await
}

/// Clears the outbox row when the planner found nothing to send (the local change was
/// undone, or the site already had it), and saves a refreshed base.
async fn finish_nothing(site: &Site, local: &LocalArticle, refreshed: Option<Base>) -> Result<()> {
    let upto = local.outbox.as_ref().map(|i| i.last_seq);
    if upto.is_none() && refreshed.is_none() {
        return Ok(());
    }
    let key = local.id.to_string();
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            if let Some(base) = &refreshed {
                mirror::save_base(tx, &key, base, now)?;
            }
            match upto {
                Some(seq) => outbox::complete(tx, &key, seq),
                None => Ok(()),
            }
        })
    })
    .await
}

/// Remembers what an update is about to send, in case its answer never comes.
async fn remember_sent(
    site: &Site,
    id: ArticleId,
    values: &LocalFields,
    fields: &[Field],
) -> Result<()> {
    let sent = plan::Sent {
        fields: fields.to_vec(),
        values: values.clone(),
    };
    blocking(&site.store, move |s| {
        s.db()
            .write(|tx| mirror::add_sent(tx, &id.to_string(), sent))
    })
    .await
}

/// The article and its post are both in a trash now (we trashed the post, or followed the
/// site): keep the trashed post as the base so either side's restore is recognised, and
/// clear the outbox row. With `trash_local`, the article goes to the local trash, text kept
/// — unless it changed since it was loaded (`false`: the next round looks again).
async fn keep_trashed(
    site: &Site,
    local: &LocalArticle,
    base_local: LocalFields,
    trashed: RemoteFields,
    trash_local: bool,
) -> Result<bool> {
    let (id, version) = (local.id, local.version);
    let upto = local.outbox.as_ref().map(|i| i.last_seq);
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let key = id.to_string();
            if trash_local {
                if !unchanged_since_load(tx, id, version, upto)? {
                    return Ok(false);
                }
                newsroom_core::remote::write_remote_trashed(tx, id, now)?;
            }
            mirror::save_base(
                tx,
                &key,
                &Base {
                    local: base_local,
                    remote: trashed,
                },
                now,
            )?;
            if trash_local {
                // Following the site: the trashing itself is not a change to send back.
                outbox::discard(tx, &key)?;
            } else if let Some(seq) = upto {
                outbox::complete(tx, &key, seq)?;
            }
            Ok(true)
        })
    })
    .await
}

/// Takes the article out of the local trash because the site restored its post. `false`
/// when the article changed meanwhile (the next round looks again).
async fn restore_local(site: &Site, local: &LocalArticle) -> Result<bool> {
    let (id, version) = (local.id, local.version);
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db()
            .write(|tx| newsroom_core::remote::write_remote_restored(tx, id, version, now))
    })
    .await
}

/// Brings the post the article had back out of the site's trash: WordPress has no REST
/// "untrash", but an update that sets the status does it; every field is sent, the slug too
/// (the trash renamed it `…__trashed`).
async fn restore_remote(
    site: &Site,
    local: &LocalArticle,
    remote_now: RemoteFields,
    retried: u32,
) -> Result<Outcome> {
    let id = local.id;
    let upto = local.outbox.as_ref().map(|i| i.last_seq).unwrap_or(0);
    let mut fields = vec![
        Field::Headline,
        Field::Dek,
        Field::Body,
        Field::Slug,
        Field::Status,
        Field::Tags,
    ];
    if local.view.fields.publish_at.is_some() {
        fields.push(Field::PublishAt);
    }
    if let Some(what) = crate::unrepresentable::unrepresentable(&remote_now) {
        return Err(SyncError::Unrepresentable(what));
    }
    let body = site.payload(&local.view.fields, &fields, None).await?;
    remember_sent(site, id, &local.view.fields, &fields).await?;
    let rev = remote_now.rev.clone().map(|r| format!("\"{r}\""));
    match site
        .client
        .update_post(remote_now.remote_id, &body, rev.as_deref())
        .await
    {
        Ok(post) => {
            save_pushed(site, id, local.view.fields.clone(), &post, upto).await?;
            Ok(Outcome::Pushed)
        }
        Err(SyncError::Precondition) => {
            after_precondition(site, id, remote_now.remote_id, retried).await
        }
        // Deleted for good meanwhile: the planner makes a new post of it.
        Err(SyncError::Gone(_)) => {
            Box::pin(sync_article_try(site, id, RemoteView::Gone, retried)).await
        }
        Err(e) => Err(e),
    }
}

/// The post is gone from the site (deleted for good): drop the mirror; with
/// `trash_local`, move the article to the local trash, its text kept.
async fn forget(site: &Site, id: ArticleId, trash_local: bool) -> Result<()> {
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let key = id.to_string();
            if trash_local {
                newsroom_core::remote::write_remote_trashed(tx, id, now)?;
            }
            tx.execute("DELETE FROM sync_mirror WHERE article_id = ?1", [&key])?;
            mirror::clear_sent(tx, &key)?;
            outbox::discard(tx, &key)
        })
    })
    .await
}

/// A first push. The post carries the article id as its UUID; a create whose answer never
/// came (`uncertain_create`) is looked up before it is sent again.
async fn create(site: &Site, local: &LocalArticle) -> Result<Outcome> {
    let id = local.id;
    let key = id.to_string();
    let upto = local.outbox.as_ref().map(|i| i.last_seq).unwrap_or(0);
    if local.outbox.as_ref().is_some_and(|i| i.uncertain_create) {
        if let Some(existing) = find_existing(site, local).await? {
            adopt(site, id, &existing).await?;
            return Ok(Outcome::Adopted);
        }
    }
    let fields = [
        Field::Headline,
        Field::Dek,
        Field::Body,
        Field::Slug,
        Field::Status,
        Field::Tags,
    ];
    let body = site
        .payload(&local.view.fields, &fields, Some(&key))
        .await?;
    // Kept until the answer comes: a stock site recognises a lost create by what it carried.
    remember_sent(site, id, &local.view.fields, &fields).await?;
    {
        let key = key.clone();
        blocking(&site.store, move |s| {
            s.db()
                .write(|tx| outbox::set_uncertain_create(tx, &key, true))
        })
        .await?;
    }
    match site.client.create_post(&body).await {
        Ok(post) => {
            save_pushed(site, id, local.view.fields.clone(), &post, upto).await?;
            Ok(Outcome::Created)
        }
        Err(SyncError::Duplicate { existing_id }) => {
            // An earlier attempt did create it (its answer was lost): take that post.
            let post = site.client.get_post(existing_id).await?;
            adopt(site, id, &post).await?;
            Ok(Outcome::Adopted)
        }
        Err(e) => {
            if !e.is_retryable() {
                // A refusal means nothing was created.
                blocking(&site.store, move |s| {
                    s.db()
                        .write(|tx| outbox::set_uncertain_create(tx, &key, false))
                })
                .await?;
            }
            Err(e)
        }
    }
}

/// Looks for a post an earlier, unanswered create may have made: by UUID with the plugin; by
/// title and slug on a stock site (a weaker guarantee the account status reports).
async fn find_existing(site: &Site, local: &LocalArticle) -> Result<Option<WpPost>> {
    let key = local.id.to_string();
    let sent = {
        let key = key.clone();
        blocking(&site.store, move |s| s.db().read(|c| mirror::sent(c, &key))).await?
    };
    // What the lost create carried, and the article now (it may have been edited since).
    let mut candidates: Vec<LocalFields> = sent.into_iter().map(|s| s.values).collect();
    candidates.push(local.view.fields.clone());
    let mut found = Vec::new();
    if site.plugin {
        let query = vec![("newsroom_uuid", key.clone()), ("context", "edit".into())];
        if let Some((posts, _)) = site.client.list_posts(&query).await? {
            found.extend(posts);
        }
    } else {
        let mut headlines: Vec<&str> = candidates.iter().map(|f| f.headline.as_str()).collect();
        headlines.sort_unstable();
        headlines.dedup();
        for headline in headlines {
            let query = vec![
                ("search", headline.chars().take(100).collect()),
                ("status", "any".into()),
                ("context", "edit".into()),
                ("per_page", "100".into()),
            ];
            if let Some((posts, _)) = site.client.list_posts(&query).await? {
                found.extend(posts);
            }
        }
    }
    for post in found {
        let matches = if site.plugin {
            post.uuid.as_deref() == Some(key.as_str())
        } else {
            candidates.iter().any(|f| looks_like_create_of(f, &post))
        };
        let taken = {
            let pid = post.id;
            blocking(&site.store, move |s| {
                s.db().read(|c| mirror::article_for_remote(c, pid))
            })
            .await?
        };
        if matches && taken.is_none() {
            return Ok(Some(post));
        }
    }
    Ok(None)
}

/// Whether `post` is what a create of `fields` makes, as far as a stock site can tell: the
/// same title, and our slug (or WordPress's de-duplicated `slug-2`).
fn looks_like_create_of(fields: &LocalFields, post: &WpPost) -> bool {
    let wanted_slug = if fields.slug.is_empty() {
        newsroom_text::slugify(&fields.headline)
    } else {
        fields.slug.clone()
    };
    crate::mapping::headline_from_site(&post.title) == fields.headline
        && (post.slug == wanted_slug || post.slug.starts_with(&format!("{wanted_slug}-")))
}

/// On a stock site, a post a pull meets that no article tracks may be our own create whose
/// answer was lost (there is no UUID to say so): among the articles whose create is
/// uncertain, the one it looks like a create of. Importing it instead would make a twin
/// article here, and the retried create a second post there.
pub async fn uncertain_creator(site: &Site, post: &WpPost) -> Result<Option<ArticleId>> {
    let post = post.clone();
    blocking(&site.store, move |s| {
        s.db().read(|c| {
            for item in outbox::all(c)?.into_iter().filter(|i| i.uncertain_create) {
                let Ok(id) = item.article_id.parse::<ArticleId>() else {
                    continue;
                };
                if mirror::base(c, &item.article_id)?.is_some() {
                    continue;
                }
                let Some(local) = mirror::local_article(c, id)? else {
                    continue;
                };
                let mut candidates: Vec<LocalFields> = mirror::sent(c, &item.article_id)?
                    .into_iter()
                    .map(|s| s.values)
                    .collect();
                candidates.push(local.view.fields);
                if candidates.iter().any(|f| looks_like_create_of(f, &post)) {
                    return Ok(Some(id));
                }
            }
            Ok(None)
        })
    })
    .await
}

/// Takes a post found in a pull as this article's (our own create whose answer was lost).
pub async fn adopt_post(site: &Site, id: ArticleId, post: &WpPost) -> Result<()> {
    adopt(site, id, post).await
}

/// Takes an existing post as this article's: its content becomes the base, so whatever the
/// article has beyond it is pushed as an ordinary update next.
async fn adopt(site: &Site, id: ArticleId, post: &WpPost) -> Result<()> {
    let remote = RemoteFields::from_post(post);
    let names = site.tag_names(&remote.tags).await?;
    let map: HashMap<u64, String> = remote.tags.iter().copied().zip(names).collect();
    let base_local = remote_as_local(&remote, None, &|t| map.get(&t).cloned());
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let key = id.to_string();
            mirror::save_base(
                tx,
                &key,
                &Base {
                    local: base_local,
                    remote,
                },
                now,
            )?;
            // Keep the row (the article may differ from what that attempt sent); only the
            // uncertainty is settled.
            outbox::set_uncertain_create(tx, &key, false)?;
            Ok(())
        })
    })
    .await
}

/// A post seen on the site that no local article tracks: a colleague's, or one written in
/// WordPress's editor. Its UUID becomes the article id when it is free, so every app of the
/// newsroom names the article alike.
pub async fn import(site: &Site, post: &WpPost) -> Result<Outcome> {
    if post.status == "trash" {
        return Ok(Outcome::Nothing);
    }
    let remote = RemoteFields::from_post(post);
    let names = site.tag_names(&remote.tags).await?;
    let map: HashMap<u64, String> = remote.tags.iter().copied().zip(names).collect();
    let fields = remote_as_local(&remote, None, &|t| map.get(&t).cloned());
    let wanted = post
        .uuid
        .as_deref()
        .and_then(|u| u.parse::<ArticleId>().ok());
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let free = |id: ArticleId| -> newsroom_core::Result<bool> {
                Ok(tx.query_row(
                    "SELECT count(*) FROM articles WHERE id = ?1",
                    [id.to_string()],
                    |r| r.get::<_, i64>(0),
                )? == 0)
            };
            let id = match wanted {
                Some(id) if free(id)? => id,
                _ => ArticleId::new(),
            };
            let draft = ArticleDraft {
                headline: fields.headline.clone(),
                dek: fields.dek.clone(),
                byline: String::new(),
                slug: fields.slug.clone(),
                body: fields.body.clone(),
            };
            newsroom_core::remote::insert_remote_article(tx, id, &draft, &fields.status, now)?;
            if !fields.tags.is_empty() {
                newsroom_core::remote::write_remote_tags(tx, id, &fields.tags, now)?;
            }
            // Scheduled in WordPress: the calendar and the local scheduler need the row.
            if let Some(at) = fields.publish_at {
                newsroom_core::schedule::entry::put_remote(tx, id, at, "WordPress", now)?;
            }
            let key = id.to_string();
            // What the article holds after cleaning is the base, so it is not mistaken for an edit.
            let stored = mirror::local_article(tx, id)?
                .map(|a| a.view.fields)
                .unwrap_or(fields);
            mirror::save_base(
                tx,
                &key,
                &Base {
                    local: stored,
                    remote,
                },
                now,
            )?;
            outbox::discard(tx, &key)
        })
    })
    .await?;
    Ok(Outcome::Pulled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsroom_core::workflow::{Action, Actor, Role};
    use newsroom_core::{ManualClock, Store};
    use std::sync::Arc;

    /// A round loads the article, talks to the site, then commits. An edit that lands in
    /// between — whatever its kind — must make the commit step back (the next round sees
    /// it); before, only text edits moved the version the commit checked, so a workflow
    /// transition or a tag change counted as sent and never went out.
    #[test]
    fn edits_made_during_a_round_are_never_counted_as_sent() {
        type Edit = fn(&Store, ArticleId);
        let edits: [(&str, Edit); 3] = [
            ("a text edit", |s, id| {
                let a = s.article(id).unwrap();
                let mut d = a.draft.clone();
                d.body.push_str(" Ещё.");
                s.save_revision(id, &d, a.version).unwrap();
            }),
            ("a workflow transition", |s, id| {
                let p = s.create_profile("Журналист", Role::Journalist).unwrap();
                s.apply_action(id, Action::Submit, &Actor::Profile(p.id), None)
                    .unwrap();
            }),
            ("a tag change", |s, id| {
                s.set_article_tags(id, &["Экономика".into()]).unwrap();
            }),
        ];
        for (what, edit) in edits {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open_dir(dir.path(), Arc::new(ManualClock::fixed())).unwrap();
            let a = store
                .create_article(&ArticleDraft {
                    headline: "Заголовок".into(),
                    body: "Текст.".into(),
                    ..ArticleDraft::default()
                })
                .unwrap();
            let loaded = store
                .db()
                .read(|c| mirror::local_article(c, a.id))
                .unwrap()
                .unwrap();
            edit(&store, a.id);
            let write = LocalWrite {
                id: a.id,
                version: loaded.version,
                change_seq: loaded.outbox.as_ref().map(|i| i.last_seq),
                byline: loaded.byline.clone(),
                merged: loaded.view.fields.clone(),
                fields: Vec::new(),
                conflicts: Vec::new(),
            };
            let upto = commit_local(&store, write, None).unwrap();
            assert_eq!(
                upto, None,
                "{what} made during the round must defer the commit, not be covered by a push of the old copy"
            );
            let row = store
                .db()
                .read(|c| outbox::item(c, &a.id.to_string()))
                .unwrap();
            assert!(row.is_some(), "{what} is still waiting to be sent");
        }
    }

    fn sync_plan(push: Vec<Field>) -> Plan {
        Plan::Sync {
            merged: LocalFields::default(),
            remote_local: LocalFields::default(),
            write_local: Vec::new(),
            push,
            conflicts: Vec::new(),
        }
    }

    fn remote(status: &str) -> Option<&str> {
        Some(status)
    }

    fn local(status: &str) -> LocalFields {
        LocalFields {
            status: status.into(),
            ..LocalFields::default()
        }
    }

    #[test]
    fn a_contributor_leaves_a_scheduled_publish_to_the_site() {
        let published = local("published");
        assert_eq!(
            leave_publishing_to_the_site(
                sync_plan(vec![Field::Status]),
                &published,
                remote("future")
            ),
            Plan::Nothing,
            "only the status was to go: nothing is left to send"
        );
        assert_eq!(
            leave_publishing_to_the_site(
                sync_plan(vec![Field::Status, Field::Body]),
                &published,
                remote("future")
            ),
            sync_plan(vec![Field::Body]),
            "the rest of the edit still goes out"
        );
    }

    #[test]
    fn any_other_status_push_is_left_alone() {
        let push = || sync_plan(vec![Field::Status]);
        // Not scheduled on the site: publishing is this account's attempt, and the site's
        // refusal must reach the user.
        for status in ["draft", "pending", "publish"] {
            assert_eq!(
                leave_publishing_to_the_site(push(), &local("published"), remote(status)),
                push(),
                "remote {status}"
            );
        }
        // Not a publish here.
        assert_eq!(
            leave_publishing_to_the_site(push(), &local("in_review"), remote("future")),
            push()
        );
        assert_eq!(
            leave_publishing_to_the_site(Plan::Create, &local("published"), remote("future")),
            Plan::Create
        );
    }
}
