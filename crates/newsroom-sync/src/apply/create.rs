//! Posts and articles meeting for the first time: a first push (create), a create whose
//! answer was lost (found and adopted), and a post no article tracks yet (imported).

use crate::error::{Result, SyncError};
use crate::mapping::{headline_from_site, Field, LocalFields};
use crate::mirror;
use crate::plan::{Base, Outcome, Sent};
use crate::settle::{post_as_local, LocalArticle};
use crate::site::{blocking, Site};
use crate::wp::WpPost;
use newsroom_core::{outbox, ArticleId};
use newsroom_text::SlugScheme;

/// The fields a create sends (a schedule follows as an update once the post exists).
const CREATE_FIELDS: [Field; 6] = [
    Field::Headline,
    Field::Dek,
    Field::Body,
    Field::Slug,
    Field::Status,
    Field::Tags,
];

/// A first push. The post carries the article id as its UUID; a create whose answer never
/// came (`uncertain_create`) is looked up before it is sent again. `None`: such an earlier
/// post was found and adopted instead (its base saved; the article's outbox row stays, so
/// whatever it has beyond that post goes out as an ordinary update).
pub(super) async fn create(
    site: &Site,
    local: &LocalArticle,
    values: &LocalFields,
) -> Result<Option<WpPost>> {
    let id = local.id;
    let key = id.to_string();
    if local.outbox.as_ref().is_some_and(|i| i.uncertain_create) {
        if let Some(existing) = find_existing(site, local).await? {
            adopt(site, id, &existing).await?;
            return Ok(None);
        }
    }
    let body = super::request_body(site, id, values, &CREATE_FIELDS, Some(&key)).await?;
    // Before the request: a stale base goes (restored here after the post was deleted for
    // good there), and what is sent is kept until the answer comes — a stock site
    // recognises a lost create by what it carried.
    let sent = Sent {
        fields: CREATE_FIELDS.to_vec(),
        values: values.clone(),
    };
    {
        let key = key.clone();
        blocking(&site.store, move |s| {
            s.db().write(|tx| {
                mirror::unlink(tx, &key)?;
                mirror::add_sent(tx, &key, sent)?;
                outbox::set_uncertain_create(tx, &key, true)
            })
        })
        .await?;
    }
    match site.client.create_post(&body).await {
        Ok(post) => Ok(Some(post)),
        Err(SyncError::Duplicate { existing_id }) => {
            // An earlier attempt did create it (its answer was lost): take that post.
            let post = site.client.get_post(existing_id).await?;
            adopt(site, id, &post).await?;
            Ok(None)
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
            candidates
                .iter()
                .any(|f| looks_like_create_of(f, &post, site.slug_scheme))
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
fn looks_like_create_of(fields: &LocalFields, post: &WpPost, scheme: SlugScheme) -> bool {
    let wanted_slug = crate::mapping::slug_for_site(fields, scheme);
    headline_from_site(&post.title) == fields.headline
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
            let scheme = newsroom_core::slug::slug_scheme(c)?;
            for item in outbox::all(c)?.into_iter().filter(|i| i.uncertain_create) {
                let Ok(id) = item.article_id.parse::<ArticleId>() else {
                    continue;
                };
                if mirror::base(c, &item.article_id)?.is_some() {
                    continue;
                }
                let Some(article) = newsroom_core::remote::snapshot(c, id)? else {
                    continue;
                };
                let mut candidates: Vec<LocalFields> = mirror::sent(c, &item.article_id)?
                    .into_iter()
                    .map(|s| s.values)
                    .collect();
                candidates.push(article.fields);
                if candidates
                    .iter()
                    .any(|f| looks_like_create_of(f, &post, scheme))
                {
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
    let (remote, base_local) = post_as_local(site, post).await?;
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let key = id.to_string();
            let base = Base {
                local: base_local,
                remote,
            };
            mirror::save_base(tx, &key, &base, now)?;
            // Keep the row (the article may differ from what that attempt sent); only the
            // uncertainty is settled.
            outbox::set_uncertain_create(tx, &key, false)
        })
    })
    .await
}

/// A post seen on the site that no local article tracks: a colleague's, or one written in
/// WordPress's editor. Its UUID becomes the article id when it is free, so every app of the
/// newsroom names the article alike.
pub async fn import(site: &Site, post: &WpPost) -> Result<Outcome> {
    if post.status == crate::plan::TRASH {
        return Ok(Outcome::Nothing);
    }
    let (remote, fields) = post_as_local(site, post).await?;
    let wanted = post
        .uuid
        .as_deref()
        .and_then(|u| u.parse::<ArticleId>().ok());
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            let stored = newsroom_core::remote::insert(tx, wanted, &fields, now)?;
            // What the article holds after cleaning is the base, so it is not mistaken for
            // an edit.
            let base = Base {
                local: stored.fields,
                remote,
            };
            mirror::save_base(tx, &stored.id.to_string(), &base, now)
        })
    })
    .await?;
    Ok(Outcome::Pulled)
}
