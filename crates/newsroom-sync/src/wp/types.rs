//! The parts of WordPress's REST answers that sync reads, parsed defensively: a field of the
//! wrong type is a clear [`SyncError::BadResponse`] naming the field, never a panic.

use crate::error::{Result, SyncError};
use serde_json::Value;

/// A post as `GET /wp/v2/posts/<id>?context=edit` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WpPost {
    pub id: u64,
    pub status: String,
    /// Percent-decoded (WordPress returns Cyrillic slugs percent-encoded).
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    /// `content.raw` (the HTML as stored); `content.rendered` when raw is not available.
    pub content: String,
    pub date_gmt: Option<String>,
    pub modified_gmt: String,
    pub tags: Vec<u64>,
    pub author: u64,
    /// `meta.newsroom_uuid` where the companion plugin registers it.
    pub uuid: Option<String>,
    /// `meta.newsroom_markdown`: the Markdown the app pushed, where the plugin keeps it.
    pub markdown: Option<String>,
    /// `meta.newsroom_workflow_state`: the newsroom's own state, where the plugin keeps it.
    pub workflow: Option<String>,
    /// The plugin's `newsroom_markdown_fresh`: false when the HTML was changed without the
    /// Markdown (an edit in WordPress's editor). `None` without the plugin.
    pub markdown_fresh: Option<bool>,
    /// The plugin's revision counter (its ETag), when known.
    pub rev: Option<String>,
    /// The attachment id of the featured image (0: none).
    pub featured_media: u64,
    /// Read without `context=edit` (an account that may not edit it): title, excerpt and
    /// content are rendered HTML, not the stored text, and must not be compared as edits.
    pub rendered_only: bool,
    /// Images a colleague's app handed over inside the HTML, taken off `content` when the
    /// post is read ([`crate::handover`]); after a pull, those this app newly stored.
    pub handover: Vec<crate::handover::HandedOver>,
}

fn field<'a>(v: &'a Value, name: &str) -> Result<&'a Value> {
    v.get(name)
        .ok_or_else(|| SyncError::BadResponse(format!("the post has no `{name}` field")))
}

fn as_u64(v: &Value, name: &str) -> Result<u64> {
    v.as_u64().ok_or_else(|| {
        SyncError::BadResponse(format!(
            "`{name}` is not a non-negative integer: {}",
            short(v)
        ))
    })
}

fn as_str(v: &Value, name: &str) -> Result<String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| SyncError::BadResponse(format!("`{name}` is not a string: {}", short(v))))
}

/// `title`/`excerpt`/`content` are `{raw, rendered}` objects; `raw` exists only with
/// `context=edit` and sufficient rights.
fn raw_or_rendered(v: &Value, name: &str) -> Result<String> {
    let obj = field(v, name)?;
    if let Some(raw) = obj.get("raw") {
        return as_str(raw, &format!("{name}.raw"));
    }
    match obj.get("rendered") {
        Some(r) => as_str(r, &format!("{name}.rendered")),
        None => Err(SyncError::BadResponse(format!(
            "`{name}` has neither raw nor rendered text"
        ))),
    }
}

fn optional_meta(meta: Option<&Value>, key: &str) -> Option<String> {
    // WordPress sends `meta: []` when no meta is registered; anything but a string is absent.
    meta.and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

impl WpPost {
    pub fn from_json(v: &Value) -> Result<WpPost> {
        if !v.is_object() {
            return Err(SyncError::BadResponse(format!(
                "expected a post object, got {}",
                short(v)
            )));
        }
        let tags = match v.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|t| as_u64(t, "tags[]"))
                .collect::<Result<_>>()?,
            Some(other) => {
                return Err(SyncError::BadResponse(format!(
                    "`tags` is not a list: {}",
                    short(other)
                )))
            }
        };
        let meta = v.get("meta");
        let date_gmt = match v.get("date_gmt") {
            None | Some(Value::Null) => None,
            Some(d) => Some(as_str(d, "date_gmt")?),
        };
        // Images handed over in the HTML are never part of the text anyone compares.
        let (content, handover) = crate::handover::split(&raw_or_rendered(v, "content")?);
        Ok(WpPost {
            id: as_u64(field(v, "id")?, "id")?,
            status: as_str(field(v, "status")?, "status")?,
            slug: percent_decode(&as_str(field(v, "slug")?, "slug")?),
            title: raw_or_rendered(v, "title")?,
            excerpt: v
                .get("excerpt")
                .map(|_| raw_or_rendered(v, "excerpt"))
                .transpose()?
                .unwrap_or_default(),
            content,
            handover,
            date_gmt,
            modified_gmt: v
                .get("modified_gmt")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            tags,
            author: v.get("author").and_then(Value::as_u64).unwrap_or(0),
            featured_media: v.get("featured_media").and_then(Value::as_u64).unwrap_or(0),
            uuid: optional_meta(meta, "newsroom_uuid"),
            markdown: optional_meta(meta, "newsroom_markdown"),
            workflow: optional_meta(meta, "newsroom_workflow_state"),
            markdown_fresh: v.get("newsroom_markdown_fresh").and_then(Value::as_bool),
            rendered_only: v.get("content").and_then(|c| c.get("raw")).is_none(),
            rev: v.get("newsroom_rev").and_then(|r| {
                r.as_u64()
                    .map(|n| n.to_string())
                    .or_else(|| r.as_str().map(str::to_string))
            }),
        })
    }
}

/// An attachment of the media library as `/wp/v2/media` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WpMedia {
    pub id: u64,
    /// The full-size file's address (what the app puts into a post's HTML).
    pub source_url: String,
    pub slug: String,
    pub alt_text: String,
    /// `caption.raw` where readable, else the rendered caption.
    pub caption: String,
    /// The companion plugin's `meta.newsroom_credit`, where it registers it.
    pub credit: Option<String>,
    pub mime_type: String,
}

impl WpMedia {
    pub fn from_json(v: &Value) -> Result<WpMedia> {
        if !v.is_object() {
            return Err(SyncError::BadResponse(format!(
                "expected an attachment object, got {}",
                short(v)
            )));
        }
        let caption = match v.get("caption") {
            Some(c) if c.is_object() => raw_or_rendered(v, "caption")?,
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        Ok(WpMedia {
            id: as_u64(field(v, "id")?, "id")?,
            source_url: as_str(field(v, "source_url")?, "source_url")?,
            slug: v
                .get("slug")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            alt_text: v
                .get("alt_text")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            caption,
            credit: v
                .get("meta")
                .and_then(|m| m.get("newsroom_credit"))
                .and_then(Value::as_str)
                .map(str::to_string),
            mime_type: v
                .get("mime_type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        })
    }
}

/// A tag term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WpTerm {
    pub id: u64,
    pub name: String,
}

impl WpTerm {
    pub fn from_json(v: &Value) -> Result<WpTerm> {
        Ok(WpTerm {
            id: as_u64(field(v, "id")?, "id")?,
            // Term names come back HTML-escaped (`&amp;`).
            name: unescape_html(&as_str(field(v, "name")?, "name")?),
        })
    }
}

/// The account as `GET /wp/v2/users/me?context=edit` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WpUser {
    pub id: u64,
    pub name: String,
    pub roles: Vec<String>,
}

impl WpUser {
    pub fn from_json(v: &Value) -> Result<WpUser> {
        let roles = match v.get("roles") {
            Some(Value::Array(items)) => items
                .iter()
                .map(|r| as_str(r, "roles[]"))
                .collect::<Result<_>>()?,
            _ => {
                return Err(SyncError::BadResponse(
                    "the account has no `roles` (was it read without context=edit?)".into(),
                ))
            }
        };
        Ok(WpUser {
            id: as_u64(field(v, "id")?, "id")?,
            name: as_str(field(v, "name")?, "name")?,
            roles,
        })
    }
}

/// Decodes `%d0%b3…` into UTF-8; invalid sequences are kept as they were.
pub fn percent_decode(s: &str) -> String {
    // A sequence that does not decode to UTF-8 is kept as written (it is still a slug).
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), |decoded| decoded.into_owned())
}

/// Decodes the entities WordPress writes into titles and term names (named ones it uses and
/// numeric ones, e.g. `&#8212;` from its typography filter).
pub fn unescape_html(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_an_edit_context_post_with_plugin_meta() {
        let v = json!({
            "id": 7, "status": "pending", "slug": "%d0%b3%d0%be%d1%80",
            "title": {"raw": "Заголовок", "rendered": "Заголовок"},
            "excerpt": {"raw": "Лид", "rendered": "<p>Лид</p>"},
            "content": {"raw": "<p>Текст</p>", "rendered": "<p>Текст</p>\n"},
            "date_gmt": "2026-01-15T09:00:00", "modified_gmt": "2026-01-15T09:00:01",
            "tags": [3, 4], "author": 3,
            "meta": {"newsroom_uuid": "u-1", "newsroom_markdown": "Текст"}
        });
        let post = WpPost::from_json(&v).unwrap();
        assert_eq!(post.slug, "гор", "Cyrillic slugs are decoded");
        assert_eq!(
            post.content, "<p>Текст</p>",
            "raw HTML is preferred over rendered"
        );
        assert_eq!(post.uuid.as_deref(), Some("u-1"));
        assert_eq!(post.tags, vec![3, 4]);
    }

    #[test]
    fn wrong_types_are_clear_errors_not_panics() {
        let cases = [
            json!([]),
            json!({"id": "7"}),
            json!({"id": 7, "status": 1}),
            json!({"id": 7, "status": "draft", "slug": "a", "title": {"raw": 5}, "content": {"raw": ""}}),
            json!({"id": 7, "status": "draft", "slug": "a", "title": {"raw": ""}, "content": {"raw": ""}, "tags": "x"}),
            json!({"id": -1}),
        ];
        for v in cases {
            let err = WpPost::from_json(&v).expect_err("a malformed post must be refused");
            assert!(matches!(err, SyncError::BadResponse(_)), "{v}: {err:?}");
        }
    }

    #[test]
    fn empty_meta_list_means_no_plugin_meta() {
        let v = json!({"id": 1, "status": "draft", "slug": "", "title": {"raw": ""}, "content": {"raw": ""}, "meta": []});
        let post = WpPost::from_json(&v).unwrap();
        assert_eq!(post.uuid, None);
    }

    #[test]
    fn entities_in_titles_are_decoded() {
        assert_eq!(
            unescape_html("Барыс &#8212; &laquo;чемпион&raquo; &amp; Co"),
            "Барыс — «чемпион» & Co"
        );
        assert_eq!(unescape_html("A &#x41; &bogus; & b"), "A A &bogus; & b");
    }

    #[test]
    fn percent_decoding_keeps_broken_sequences() {
        assert_eq!(percent_decode("a%d0%b3b"), "aгb");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
