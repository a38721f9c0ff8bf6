//! Carrying out a plan for one article: the requests to the site and the local writes, each
//! local write in one transaction together with the new base and the outbox bookkeeping.
//! The local writes live in `local`; a post and an article meeting for the first time (a
//! create, a lost create found again, an import) in `create`.

use crate::error::{Result, SyncError};
use crate::mapping::{Field, LocalFields, RemoteFields};
use crate::mirror::{self, LocalArticle};
use crate::plan::{self, remote_as_local, Base, Plan, RemoteView};
use crate::site::{blocking, Site};
use crate::wp::WpPost;
use newsroom_core::{outbox, ArticleDraft, ArticleId, Error};
use std::collections::HashMap;

mod create;
mod local;

use create::create;
pub use create::{adopt_post, import, uncertain_creator};
use local::{
    finish_nothing, forget, keep_trashed, local_write, remember_sent, restore_local, save_pushed,
    LocalWrite,
};

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

#[cfg(test)]
mod tests {
    use super::*;

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
