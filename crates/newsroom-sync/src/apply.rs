//! Carrying out a plan: a small interpreter. It performs the plan's requests to the site,
//! then commits every local effect — the article's own writes, conflicts, the new base and
//! the outbox — in one transaction (`commit`; a plan that both writes the article and sends
//! writes the article first, see there). What happens is decided by the planner
//! (`crate::plan`) on what `crate::settle` gathered; a post and an article meeting for the
//! first time (a create whose answer was lost, an import) are in `create`.

use crate::error::{Result, SyncError};
use crate::mapping::{Field, LocalFields, RemoteFields};
use crate::mirror;
use crate::plan::{LocalOp, RemoteOp, RemoteView};
use crate::settle::{self, Settled};
use crate::site::{blocking, Site};
use newsroom_core::ArticleId;

mod commit;
mod create;

pub use crate::plan::Outcome;
pub use crate::settle::fetch_view;
pub use commit::{commit, commit_article_first};
pub use create::{adopt_post, import, uncertain_creator};

/// How many times one article is planned again after the site answered 412 (the post
/// changed between our read and our write) before the round gives up on it. The site or a
/// busy colleague may keep it changing; the article is then parked with the reason (see
/// `round::record_failure`) instead of holding the round forever.
pub const MAX_PRECONDITION_RETRIES: u32 = 3;

/// What carrying out one plan came to.
enum Step {
    Done(Outcome),
    /// The post changed under the write (412): plan again against it as it is now.
    Changed {
        remote_id: u64,
    },
    /// The post was deleted for good under the write: plan again knowing that.
    Gone,
}

/// Plans and applies one tracked or pending article against `remote`.
pub async fn sync_article(site: &Site, id: ArticleId, remote: RemoteView) -> Result<Outcome> {
    let mut remote = remote;
    let mut retried = 0;
    loop {
        let Some(settled) = settle::settle(site, id, remote).await? else {
            return Ok(Outcome::Nothing);
        };
        remote = match run(site, &settled).await? {
            Step::Done(outcome) => return images_follow(site, id, outcome).await,
            Step::Changed { remote_id } => {
                if retried >= MAX_PRECONDITION_RETRIES {
                    return Err(SyncError::Precondition);
                }
                retried += 1;
                fetch_view(site, remote_id).await?
            }
            Step::Gone => RemoteView::Gone,
        };
    }
}

/// After an article is in step with its post (pushed, pulled or merged, from the outbox
/// or from a pull): its images follow (`crate::images::after_push`). When that fails the
/// article goes back to the outbox, so the images' part is retried with it.
async fn images_follow(site: &Site, id: ArticleId, outcome: Outcome) -> Result<Outcome> {
    if matches!(
        outcome,
        Outcome::Conflict
            | Outcome::Deferred
            | Outcome::Discarded
            | Outcome::TrashedLocal
            | Outcome::TrashedRemote
    ) {
        return Ok(outcome);
    }
    if let Err(e) = crate::images::after_push(site, id).await {
        crate::images::requeue(site, id).await?;
        return Err(e);
    }
    Ok(outcome)
}

/// Carries out the plan for one settled article.
async fn run(site: &Site, settled: &Settled) -> Result<Step> {
    let mut plan = settled.plan();
    let local = settled.local.clone();
    let mut upto = local.upto();
    // A refusal sends nothing. What it takes from the site (a post restored there leaves
    // the local trash, and the base leaves it too) is committed as the site's, then the
    // refusal is reported.
    let refused = plan.remote_ops.iter().find_map(|op| match op {
        RemoteOp::Refuse { why } => Some(*why),
        _ => None,
    });
    if let Some(why) = refused {
        plan.remote_ops.clear();
        let planned = local.clone();
        let outcome = blocking(&site.store, move |s| commit(s, &planned, plan, None, upto)).await?;
        if outcome == Outcome::Deferred {
            return Ok(Step::Done(outcome));
        }
        return Err(SyncError::Unrepresentable(why));
    }
    if plan.writes_the_article() && !plan.remote_ops.is_empty() {
        let (first, planned) = (local.clone(), plan.clone());
        let written = blocking(&site.store, move |s| {
            commit_article_first(s, &first, &planned)
        })
        .await?;
        // An edit landed since the article was loaded: nothing was written and nothing is
        // sent; the next round plans again.
        let Some(seq) = written else {
            return Ok(Step::Done(Outcome::Deferred));
        };
        upto = Some(seq);
        plan.local_ops = vec![LocalOp::Sent];
    }
    let mut answer: Option<RemoteFields> = None;
    for op in &plan.remote_ops {
        answer = match op {
            RemoteOp::Refuse { why } => return Err(SyncError::Unrepresentable(why)),
            RemoteOp::Create { values } => match create::create(site, &local, values).await? {
                Some(post) => Some(answered(site, local.id, &post).await?),
                None => return Ok(Step::Done(Outcome::Adopted)),
            },
            RemoteOp::Update {
                remote_id,
                rev,
                fields,
                values,
            } => {
                let body = request_body(site, local.id, values, fields, None).await?;
                remember_sent(site, local.id, values, fields).await?;
                let rev = rev.as_ref().map(|r| format!("\"{r}\""));
                match site
                    .client
                    .update_post(*remote_id, &body, rev.as_deref())
                    .await
                {
                    Ok(post) => Some(answered(site, local.id, &post).await?),
                    Err(SyncError::Precondition) => {
                        return Ok(Step::Changed {
                            remote_id: *remote_id,
                        })
                    }
                    Err(SyncError::Gone(_)) => return Ok(Step::Gone),
                    Err(e) => return Err(e),
                }
            }
            // The answer is the post as the site trashed it: only its move into the trash
            // is agreed, not whatever else the site changed since the base.
            RemoteOp::Trash { remote_id } => {
                let trashed = site.client.trash_post(*remote_id).await?;
                match (trashed, &settled.base) {
                    (Some(p), Some(base)) => Some(crate::plan::in_the_trash(
                        &base.remote,
                        &RemoteFields::from_post(&p),
                    )),
                    (p, _) => p.map(|p| RemoteFields::from_post(&p)),
                }
            }
        };
    }
    let outcome = blocking(&site.store, move |s| commit(s, &local, plan, answer, upto)).await?;
    Ok(Step::Done(outcome))
}

/// The post as the site stored it after a create or an update: the base's new remote side.
/// The featured image it names is remembered, so the images' follow-up does not send it again.
async fn answered(site: &Site, id: ArticleId, post: &crate::wp::WpPost) -> Result<RemoteFields> {
    crate::images::note_featured(site, id, post.featured_media).await?;
    Ok(RemoteFields::from_post(post))
}

/// The request body that sends `fields` of `values`: the tags' term ids are looked up (or
/// created) on the site first.
pub(crate) async fn request_body(
    site: &Site,
    article: ArticleId,
    values: &LocalFields,
    fields: &[Field],
    uuid: Option<&str>,
) -> Result<serde_json::Value> {
    let tag_ids = if fields.contains(&Field::Tags) {
        site.tag_ids(&values.tags).await?
    } else {
        Vec::new()
    };
    let mut body =
        crate::fields::request_body(values, fields, tag_ids, uuid, site.plugin, site.slug_scheme);
    // The HTML names the site's copies of the images (uploaded first where needed).
    if let Some(html) = body
        .get("content")
        .and_then(|c| c.as_str())
        .map(str::to_string)
    {
        let sent = crate::images::content_for_site(site, article, &values.body, &html).await?;
        body["content"] = serde_json::Value::String(sent);
        // Only an image chosen here is sent: a featured image the site has and this app
        // does not (its download failed) must not be cleared by an edit of the text.
        if let Some(featured) = crate::images::featured_media(site, article)
            .await?
            .filter(|id| *id != 0)
        {
            body["featured_media"] = serde_json::json!(featured);
        }
    }
    Ok(body)
}

/// Remembers what a request is about to send, in case its answer never comes.
async fn remember_sent(
    site: &Site,
    id: ArticleId,
    values: &LocalFields,
    fields: &[Field],
) -> Result<()> {
    let sent = crate::plan::Sent {
        fields: fields.to_vec(),
        values: values.clone(),
    };
    blocking(&site.store, move |s| {
        s.db()
            .write(|tx| mirror::add_sent(tx, &id.to_string(), sent))
    })
    .await
}
