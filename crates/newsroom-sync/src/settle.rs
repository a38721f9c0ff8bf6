//! Everything the planner needs that takes I/O, settled before it runs: the article as one
//! snapshot, a fresh copy of the post where the base cannot be trusted, a rendered-only
//! post put in stored terms, the names of its tags, and our own unanswered pushes taken
//! into the base.

use crate::error::Result;
use crate::mapping::{headline_from_site, LocalFields, RemoteFields};
use crate::mirror;
use crate::plan::{self, Base, Context, LocalView, RemoteView};
use crate::site::{blocking, Site};
use crate::wp::WpPost;
use crate::SyncError;
use newsroom_core::outbox::OutboxItem;
use newsroom_core::remote::Snapshot;
use newsroom_core::ArticleId;
use std::collections::HashMap;

/// The article as sync sees it: its version (what the commit guards on) and its outbox row.
#[derive(Debug, Clone)]
pub struct LocalArticle {
    pub id: ArticleId,
    pub version: i64,
    pub view: LocalView,
    pub outbox: Option<OutboxItem>,
}

impl LocalArticle {
    pub fn from_snapshot(s: Snapshot, conflicted: bool) -> LocalArticle {
        LocalArticle {
            id: s.id,
            version: s.version,
            view: LocalView {
                fields: s.fields,
                trashed: s.trashed,
                pending: s.outbox.is_some(),
                conflicted,
            },
            outbox: s.outbox,
        }
    }

    /// The outbox position a finished sync covers (edits after it keep the row).
    pub fn upto(&self) -> Option<i64> {
        self.outbox.as_ref().map(|i| i.last_seq)
    }
}

/// One article ready to plan.
#[derive(Debug, Clone)]
pub struct Settled {
    pub local: LocalArticle,
    pub base: Option<Base>,
    pub remote: RemoteView,
    pub ctx: Context,
}

impl Settled {
    pub fn plan(&self) -> plan::Plan {
        plan::plan(
            &self.local.view,
            self.base.as_ref(),
            &self.remote,
            &self.ctx,
        )
    }
}

/// What one read transaction gives: the article and the engine's records of it.
struct Loaded {
    local: LocalArticle,
    base: Option<Base>,
    /// A conflict was resolved after the base was saved (see [`mirror::resolved_since_base`]).
    resolved: bool,
    sent: Vec<plan::Sent>,
}

async fn load(site: &Site, id: ArticleId) -> Result<Option<Loaded>> {
    blocking(&site.store, move |s| {
        s.db().read(|c| {
            // One snapshot: the article and the engine's records of it as of one moment.
            let c = &c.unchecked_transaction()?;
            let Some(snap) = newsroom_core::remote::snapshot(c, id)? else {
                return Ok(None);
            };
            let key = id.to_string();
            let conflicted = !mirror::open_conflicts(c, Some(&key))?.is_empty();
            Ok(Some(Loaded {
                local: LocalArticle::from_snapshot(snap, conflicted),
                base: mirror::base(c, &key)?,
                resolved: mirror::resolved_since_base(c, &key)?,
                sent: mirror::sent(c, &key)?,
            }))
        })
    })
    .await
}

/// Settles one tracked or pending article against `remote` (`None`: no such article).
pub async fn settle(site: &Site, id: ArticleId, remote: RemoteView) -> Result<Option<Settled>> {
    let Some(Loaded {
        local,
        base,
        resolved,
        sent,
    }) = load(site, id).await?
    else {
        return Ok(None);
    };
    if local.view.conflicted {
        // Nothing moves until the user has chosen: no request is worth making.
        return Ok(Some(Settled {
            local,
            base,
            remote,
            ctx: Context::default(),
        }));
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
    let remote = match (remote, &base) {
        (RemoteView::Present(r), Some(b)) if r.rendered_only => {
            RemoteView::Present(stored_terms(r, &b.remote))
        }
        (other, _) => other,
    };
    let ids: Vec<u64> = match &remote {
        RemoteView::Present(r) => r.tags.clone(),
        _ => Vec::new(),
    };
    let tag_names = name_map(site, &ids).await?;
    // Our own earlier pushes that landed although their answers were lost are agreed values,
    // not a colleague's edits.
    let base = match (&remote, base) {
        (RemoteView::Present(r), Some(b)) if !sent.is_empty() => {
            let lookup = |id: u64| tag_names.get(&id).cloned();
            Some(plan::rebase_on_sent(&b, &sent, r, &lookup))
        }
        (_, b) => b,
    };
    Ok(Some(Settled {
        local,
        base,
        remote,
        ctx: Context {
            tag_names,
            may_publish: site.may_publish,
        },
    }))
}

/// A post this account may only read rendered (a contributor once it left review): the
/// stored text is unknown, so what reads the same as the base stands for the base's, and
/// what reads differently is a change made on the site, taken as the site shows it — the
/// app cannot edit such a post anyway, and a stale copy would be worse than a rendered one.
pub fn stored_terms(mut r: RemoteFields, base: &RemoteFields) -> RemoteFields {
    // The rendered title is the stored one run through WordPress's typography: the same
    // text when it decodes to the same headline. Otherwise it stands for the stored title
    // as it is (the planner decodes titles).
    if headline_from_site(&r.title).trim() == headline_from_site(&base.title).trim() {
        r.title = base.title.clone();
    }
    r.excerpt = stored_excerpt(&r.excerpt, &r.content, &base.excerpt);
    match r.markdown.clone() {
        // A new Markdown meta stands for the body only when it says what the site shows: a
        // client may save content X with a meta Y, and an editor approving Y here would
        // publish X there. Otherwise the rendered content is what the site holds.
        Some(md) if r.markdown != base.markdown => {
            let rendered = crate::images::render_body(&md);
            if says_the_same(&rendered, &r.content) {
                r.content = rendered;
                r.markdown_fresh = Some(true);
            } else {
                r.markdown = None;
                r.markdown_fresh = Some(false);
            }
        }
        _ if says_the_same(&base.content, &r.content) => {
            r.content = base.content.clone();
            r.markdown = base.markdown.clone();
        }
        // Edited on the site without a new Markdown meta (a stock site has none; WordPress's
        // editor leaves it behind): the rendered content is the text now.
        _ => {
            r.markdown = None;
            r.markdown_fresh = Some(false);
        }
    }
    r.rendered_only = false;
    r
}

/// The stored excerpt behind a rendered one. WordPress renders a stored excerpt as a
/// paragraph with its typography, and makes one up from the content's first words when none
/// is stored: that one stands for an empty excerpt, not for a dek.
fn stored_excerpt(rendered: &str, rendered_content: &str, base: &str) -> String {
    if says_the_same(base, rendered) {
        return base.to_string();
    }
    let text = plain_text(rendered);
    if made_up_from(&text, &plain_text(rendered_content)) {
        return String::new();
    }
    text
}

/// Whether an excerpt is WordPress's own, cut from the content: the content's words in
/// their order, perhaps ending in "[…]".
fn made_up_from(excerpt: &str, content: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let words = excerpt.trim_end();
    let words = words
        .strip_suffix("[…]")
        .or_else(|| words.strip_suffix("[...]"))
        .unwrap_or(words);
    let words = squeeze(words);
    !words.is_empty() && squeeze(content).starts_with(&words)
}

/// The text of a rendered snippet: tags dropped, entities decoded, trimmed.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    crate::wp::types::unescape_html(out.trim())
}

/// Whether two HTML bodies read as the same text: WordPress's rendering adds its own
/// markup and typography (curly quotes, dashes, an ellipsis) over what was stored.
pub fn says_the_same(ours: &str, rendered: &str) -> bool {
    fn text(html: &str) -> String {
        let md = crate::mapping::html_to_markdown(html);
        let mut out = String::with_capacity(md.len());
        for c in md.chars() {
            match c {
                '“' | '”' | '„' | '«' | '»' | '″' => out.push('"'),
                '‘' | '’' | '′' => out.push('\''),
                '–' | '—' | '‒' => out.push('-'),
                '…' => out.push_str("..."),
                '×' => out.push('x'),
                c if c.is_whitespace() => out.push(' '),
                c => out.push(c),
            }
        }
        let mut squeezed = String::with_capacity(out.len());
        for c in out.chars() {
            let repeat = matches!(c, ' ' | '-') && squeezed.ends_with(c);
            if !repeat {
                squeezed.push(c);
            }
        }
        squeezed.trim().to_string()
    }
    text(ours) == text(rendered)
}

/// Names for term ids: the cached site tags, refreshed from the site when one is unknown.
pub async fn name_map(site: &Site, ids: &[u64]) -> Result<HashMap<u64, String>> {
    let mut map: HashMap<u64, String> = blocking(&site.store, |s| s.db().read(mirror::all_terms))
        .await?
        .into_iter()
        .collect();
    if ids.iter().any(|id| !map.contains_key(id)) {
        site.refresh_terms().await?;
        map.extend(blocking(&site.store, |s| s.db().read(mirror::all_terms)).await?);
    }
    Ok(map)
}

/// A post in local terms, its tag names fetched (a first meeting: import or adoption).
pub async fn post_as_local(site: &Site, post: &WpPost) -> Result<(RemoteFields, LocalFields)> {
    let remote = RemoteFields::from_post(post);
    let names = name_map(site, &remote.tags).await?;
    let fields = crate::fields::remote_as_local(&remote, None, &|t| names.get(&t).cloned());
    Ok((remote, fields))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> RemoteFields {
        RemoteFields {
            remote_id: 7,
            title: "«Барыс» &amp; КХЛ".into(),
            excerpt: "<p>Подзаголовок</p>".into(),
            content: newsroom_text::render_markdown("А.\n\nБ."),
            markdown: Some("А.\n\nБ.".into()),
            status: "pending".into(),
            ..RemoteFields::default()
        }
    }

    /// What a contributor reads of a post that left review: WordPress's typography over the
    /// title, the rendered content, no excerpt source.
    fn rendered(title: &str, markdown: &str) -> RemoteFields {
        RemoteFields {
            title: title.into(),
            excerpt: "<p>Подзаголовок</p>\n".into(),
            content: "<p>А.</p>\n<p>Б.</p>\n<!-- rendered -->".into(),
            markdown: Some(markdown.into()),
            rendered_only: true,
            status: "publish".into(),
            ..stored()
        }
    }

    #[test]
    fn a_rendered_only_post_is_read_in_stored_terms() {
        let base = stored();
        let same = stored_terms(rendered("«Барыс» & КХЛ", "А.\n\nБ."), &base);
        assert_eq!(
            same.title, base.title,
            "the same headline keeps the stored title"
        );
        assert_eq!(same.excerpt, base.excerpt);
        assert_eq!(
            (same.content.as_str(), same.markdown.as_deref()),
            (base.content.as_str(), base.markdown.as_deref()),
            "an unchanged Markdown meta keeps the stored body: the rendering is no edit"
        );
        assert_eq!(
            same.status, "publish",
            "what the site says of the state stands"
        );
        assert!(!same.rendered_only);

        let edited = stored_terms(consistent("Новый заголовок", "А.\n\nБ — правка."), &base);
        assert_eq!(edited.title, "Новый заголовок");
        assert_eq!(
            edited.content,
            newsroom_text::render_markdown("А.\n\nБ — правка."),
            "a new Markdown meta stands for the body"
        );
        assert_eq!(edited.markdown_fresh, Some(true));
    }

    /// A rendered copy of what `markdown` stands for, as WordPress shows it.
    fn consistent(title: &str, markdown: &str) -> RemoteFields {
        RemoteFields {
            content: format!(
                "{}\n<!-- rendered -->",
                newsroom_text::render_markdown(markdown)
                    .replace('"', "“")
                    .replace("...", "…")
            ),
            ..rendered(title, markdown)
        }
    }

    #[test]
    fn a_new_markdown_meta_counts_only_when_the_site_shows_it() {
        let base = stored();
        let edited = stored_terms(consistent("Заголовок", "А.\n\nБ — \"правка\"..."), &base);
        assert_eq!(
            edited.markdown.as_deref(),
            Some("А.\n\nБ — \"правка\"..."),
            "a meta that renders to what the site shows stands for the body"
        );
        assert_eq!(edited.markdown_fresh, Some(true));

        // Content X (what the site publishes) with a meta Y (what an editor would approve).
        let mut lying = consistent("Заголовок", "Опубликовано на сайте.");
        lying.markdown = Some("Одобренный редактором текст.".into());
        let read = stored_terms(lying.clone(), &base);
        assert_eq!(
            read.markdown, None,
            "a meta the site does not show is not trusted"
        );
        assert_eq!(read.markdown_fresh, Some(false));
        assert_eq!(
            read.content, lying.content,
            "the body is what the site shows"
        );
        let body = crate::fields::remote_as_local(
            &read,
            Some(&plan::Base {
                local: Default::default(),
                remote: base,
            }),
            &|_| None,
        )
        .body;
        assert!(
            body.contains("Опубликовано на сайте") && !body.contains("Одобренный"),
            "{body}"
        );
    }

    /// What a stock site shows a contributor of their published post after colleagues
    /// changed it: no Markdown meta, a new paragraph, a new dek. (The long simulation once
    /// kept a journalist's app on the old text for thousands of steps.)
    #[test]
    fn site_edits_of_a_rendered_only_post_are_taken_as_the_site_shows_them() {
        let base = RemoteFields {
            markdown: None,
            excerpt: "Подзаголовок".into(),
            ..stored()
        };
        let edited = stored_terms(
            RemoteFields {
                markdown: None,
                excerpt: "<p>Подзаголовок &#8212; новый</p>\n".into(),
                content: "<p>А.</p>\n<p>С сайта.</p>\n".into(),
                ..rendered("«Барыс» & КХЛ", "")
            },
            &base,
        );
        assert_eq!(edited.excerpt, "Подзаголовок — новый");
        assert_eq!(edited.markdown, None);
        let body = crate::mapping::remote_body(&edited, Some(&base), Some("А.\n\nБ."));
        assert_eq!(body, "А.\n\nС сайта.");

        let unchanged = stored_terms(
            RemoteFields {
                markdown: None,
                excerpt: "<p>Подзаголовок</p>\n".into(),
                ..rendered("«Барыс» & КХЛ", "")
            },
            &base,
        );
        assert_eq!(
            (unchanged.excerpt.as_str(), unchanged.content.as_str()),
            (base.excerpt.as_str(), base.content.as_str()),
            "the rendering alone is no edit"
        );
    }

    #[test]
    fn an_excerpt_wordpress_made_up_from_the_content_stands_for_none() {
        let base = RemoteFields {
            excerpt: String::new(),
            ..stored()
        };
        let read = stored_terms(
            RemoteFields {
                excerpt: "<p>А. Б. [&hellip;]</p>\n".into(),
                ..rendered("«Барыс» & КХЛ", "А.\n\nБ.")
            },
            &base,
        );
        assert_eq!(read.excerpt, "");
        let cleared = stored_terms(
            RemoteFields {
                excerpt: "<p>А. Б.</p>\n".into(),
                ..rendered("«Барыс» & КХЛ", "А.\n\nБ.")
            },
            &stored(),
        );
        assert_eq!(cleared.excerpt, "", "a dek removed on the site");
    }
}
