//! How an article's fields map to a WordPress post and back.
//!
//! Local terms: headline, dek, Markdown body, slug, the newsroom's workflow state, the
//! scheduled instant, tag names. Remote terms: title, excerpt, HTML content (+ the Markdown
//! source in plugin meta), slug, WordPress status (+ workflow meta), `date_gmt`, term ids.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// The synced fields of an article in local terms (the core's own record of them).
pub use newsroom_core::remote::Fields as LocalFields;
use newsroom_core::text_input::MAX_HEADLINE_CHARS;

/// The synced fields of a post as the server holds them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RemoteFields {
    pub remote_id: u64,
    pub uuid: Option<String>,
    pub title: String,
    pub excerpt: String,
    pub content: String,
    pub markdown: Option<String>,
    pub slug: String,
    pub status: String,
    pub date_gmt: Option<String>,
    pub tags: Vec<u64>,
    pub workflow: Option<String>,
    pub markdown_fresh: Option<bool>,
    pub modified_gmt: String,
    pub rev: Option<String>,
    /// See [`crate::wp::WpPost::rendered_only`].
    #[serde(default)]
    pub rendered_only: bool,
}

impl RemoteFields {
    pub fn from_post(p: &crate::wp::WpPost) -> RemoteFields {
        let mut tags = p.tags.clone();
        tags.sort_unstable();
        RemoteFields {
            remote_id: p.id,
            uuid: p.uuid.clone(),
            title: p.title.clone(),
            excerpt: p.excerpt.clone(),
            content: p.content.clone(),
            markdown: p.markdown.clone(),
            slug: p.slug.clone(),
            status: p.status.clone(),
            date_gmt: p.date_gmt.clone(),
            tags,
            workflow: p.workflow.clone(),
            markdown_fresh: p.markdown_fresh,
            modified_gmt: p.modified_gmt.clone(),
            rev: p.rev.clone(),
            rendered_only: p.rendered_only,
        }
    }
}

/// The slug a post is sent with: the article's own, or, while it has none, its headline
/// transliterated by the newsroom's scheme (the one the app suggests; never the built-in
/// default behind the newsroom's back). An article with a slug — every published one, whose
/// slug is frozen — keeps it whatever the scheme.
pub fn slug_for_site(fields: &LocalFields, scheme: newsroom_text::SlugScheme) -> String {
    if fields.slug.is_empty() {
        newsroom_text::slugify_with(&fields.headline, scheme)
    } else {
        fields.slug.clone()
    }
}

/// A headline as the site's title. Headlines are plain text here, and WordPress prints a
/// title as HTML: `<b>` or `<img …>` typed in the app would become live markup on the site.
/// Escaping `&`, `<` and `>` keeps the text the text; [`headline_from_site`] undoes it.
pub fn title_for_site(headline: &str) -> String {
    let mut out = String::with_capacity(headline.len());
    for c in headline.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The headline a site title stands for (entities decoded: `&amp;` typed in wp-admin is
/// `&` here, and a title this app sent reads back as what was typed). A title longer than
/// the app's headline limit is cut (see [`cut_headline`]) rather than refused: one such post
/// must not stall, and every app cuts it the same way, so they all agree.
pub fn headline_from_site(title: &str) -> String {
    cut_headline(crate::wp::types::unescape_html(title))
}

/// A headline within [`MAX_HEADLINE_CHARS`]: a longer one is cut at the last word boundary
/// that fits and ends with `…`, which shows the reader it was cut (the site keeps the whole
/// title until the article's headline is edited here).
pub fn cut_headline(headline: String) -> String {
    if headline.chars().count() <= MAX_HEADLINE_CHARS {
        return headline;
    }
    let room = MAX_HEADLINE_CHARS - 1;
    let cut_at = headline
        .char_indices()
        .nth(room)
        .map_or(headline.len(), |(i, _)| i);
    let (head, rest) = headline.split_at(cut_at);
    let whole_words = if rest.starts_with(char::is_whitespace) {
        head
    } else {
        head.rfind(char::is_whitespace).map_or(head, |i| &head[..i])
    };
    format!("{}…", whole_words.trim_end())
}

/// A synced field, for plans, conflicts and the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Field {
    Headline,
    Dek,
    Body,
    Slug,
    Status,
    PublishAt,
    Tags,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Headline,
        Field::Dek,
        Field::Body,
        Field::Slug,
        Field::Status,
        Field::PublishAt,
        Field::Tags,
    ];

    pub fn as_str(self) -> &'static str {
        crate::fields::spec(self).name
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// The newsroom state → WordPress status. The plugin also keeps the state itself in
/// `meta.newsroom_workflow_state`, so states WordPress lacks (approved, changes requested,
/// withdrawn) survive the round trip there.
pub fn status_to_remote(status: &str) -> &'static str {
    match status {
        "in_review" | "approved" => "pending",
        "scheduled" => "future",
        "published" => "publish",
        // draft, changes_requested, withdrawn (and anything unknown, which must never
        // publish by accident).
        _ => "draft",
    }
}

/// WordPress status (+ the plugin's workflow meta) → the newsroom state. The meta is trusted
/// only while it agrees with the status (WP-Cron publishing a scheduled post changes the
/// status, not the meta). Without it, `base` (the last-synced local state) keeps what
/// WordPress cannot express: a withdrawn article is a draft there, an approved one pending.
pub fn status_from_remote(remote: &str, workflow: Option<&str>, base: Option<&str>) -> String {
    if let Some(w) = workflow {
        if status_to_remote(w) == remote && !w.is_empty() {
            return w.to_string();
        }
    }
    if let Some(b) = base {
        if workflow.is_none() && status_to_remote(b) == remote {
            return b.to_string();
        }
    }
    match remote {
        "publish" | "private" => "published",
        "future" => "scheduled",
        "pending" => "in_review",
        _ => "draft",
    }
    .to_string()
}

/// `date_gmt` as WordPress writes it (no offset, UTC): "2026-01-15T09:00:00".
pub fn format_date_gmt(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub fn parse_date_gmt(s: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|n| n.and_utc())
}

/// The Markdown body a remote post stands for: unchanged HTML keeps the base's Markdown; new
/// HTML comes with the app's own Markdown where the plugin says it is fresh; otherwise (an
/// edit in WordPress's editor, or a site without the plugin) the HTML is converted.
pub fn remote_body(
    remote: &RemoteFields,
    base_remote: Option<&RemoteFields>,
    base_body: Option<&str>,
) -> String {
    if let (Some(b), Some(body)) = (base_remote, base_body) {
        if b.content == remote.content && b.markdown == remote.markdown {
            return body.to_string();
        }
    }
    // The Markdown meta is trusted only when it renders to the content: the content is what
    // the site publishes, and the plugin's "fresh" flag says only that nothing changed the
    // content since the meta was saved — a client may have saved the two disagreeing (content
    // X with Markdown Y), and an editor approving Y here would publish X there.
    match &remote.markdown {
        Some(md) if crate::images::render_body(md).trim() == remote.content.trim() => md.clone(),
        _ => html_to_markdown(&remote.content),
    }
}

/// HTML from WordPress's editor → Markdown (the import module's converter, which cleans the
/// HTML with ammonia first).
pub fn html_to_markdown(html: &str) -> String {
    newsroom_text::import::html_to_markdown(html)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_markdown_meta_that_does_not_render_to_the_content_is_not_trusted() {
        let published = newsroom_text::render_markdown("Опубликовано на сайте.");
        for fresh in [Some(true), None, Some(false)] {
            let remote = RemoteFields {
                content: published.clone(),
                markdown: Some("Одобренный редактором текст.".into()),
                markdown_fresh: fresh,
                ..RemoteFields::default()
            };
            let body = remote_body(&remote, None, None);
            assert!(
                body.contains("Опубликовано на сайте") && !body.contains("Одобренный"),
                "the app must show what the site publishes (fresh flag {fresh:?}): {body}"
            );
        }
        let honest = RemoteFields {
            content: newsroom_text::render_markdown("**Жирный** текст."),
            markdown: Some("**Жирный** текст.".into()),
            markdown_fresh: Some(true),
            ..RemoteFields::default()
        };
        assert_eq!(remote_body(&honest, None, None), "**Жирный** текст.");
    }

    #[test]
    fn headlines_keep_their_text_through_the_site() {
        for headline in [
            "<b>Жирный</b> & <img src=x onerror=alert(1)>",
            "Цена &lt; 5 &amp; рост",
            "«Барыс» — чемпион",
        ] {
            let title = title_for_site(headline);
            assert!(
                !title.contains('<'),
                "no live markup reaches the site's title: {title}"
            );
            let remote = RemoteFields {
                title,
                ..RemoteFields::default()
            };
            assert_eq!(
                crate::fields::remote_as_local(&remote, None, &|_| None).headline,
                headline,
                "the headline reads back as it was typed"
            );
        }
    }

    use super::*;

    #[test]
    fn every_state_round_trips_through_wordpress_with_the_plugin() {
        for status in [
            "draft",
            "in_review",
            "approved",
            "changes_requested",
            "scheduled",
            "published",
            "withdrawn",
        ] {
            let remote = status_to_remote(status);
            assert_eq!(
                status_from_remote(remote, Some(status), None),
                status,
                "{status} → {remote}"
            );
        }
    }

    #[test]
    fn without_the_plugin_the_base_keeps_what_wordpress_cannot_say() {
        assert_eq!(
            status_to_remote("withdrawn"),
            "draft",
            "a withdrawn article must not stay public"
        );
        assert_eq!(
            status_from_remote("draft", None, Some("withdrawn")),
            "withdrawn"
        );
        assert_eq!(
            status_from_remote("pending", None, Some("approved")),
            "approved"
        );
        assert_eq!(
            status_from_remote("pending", None, Some("withdrawn")),
            "in_review",
            "a real change on the site wins"
        );
    }

    #[test]
    fn wordpress_states_map_to_newsroom_states() {
        assert_eq!(
            status_from_remote("publish", Some("scheduled"), None),
            "published",
            "WP-Cron published it; the meta is stale"
        );
        assert_eq!(status_from_remote("future", None, None), "scheduled");
        assert_eq!(status_from_remote("pending", None, None), "in_review");
        assert_eq!(
            status_to_remote("nonsense"),
            "draft",
            "unknown states never publish"
        );
    }

    #[test]
    fn html_from_the_wordpress_editor_becomes_markdown_paragraphs() {
        let html = "<!-- wp:paragraph -->\n<p>Первый <strong>абзац</strong>.</p>\n<!-- /wp:paragraph -->\n<p>Второй.</p>";
        assert_eq!(html_to_markdown(html), "Первый **абзац**.\n\nВторой.");
        let md = "Первый абзац.\n\nВторой абзац.";
        assert_eq!(
            html_to_markdown(&newsroom_text::render_markdown(md)),
            md,
            "our own HTML comes back as it was"
        );
    }

    #[test]
    fn dates_are_utc_without_offset() {
        let t = parse_date_gmt("2026-03-01T04:30:00").unwrap();
        assert_eq!(format_date_gmt(t), "2026-03-01T04:30:00");
        assert_eq!(parse_date_gmt("2026-03-01T04:30:00Z"), Some(t));
        assert_eq!(parse_date_gmt("garbage"), None);
    }
}
