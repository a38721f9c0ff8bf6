//! Images between the app and the site's media library (issue 12).
//!
//! One set of terms inside sync: a post's HTML always names the newsroom's stored images as
//! `images/<hash>.<ext>`, the app's own references. The client rewrites every post it reads
//! ([`localize`], through its post filter) and the request body is rewritten on the way out
//! ([`for_site`]), so the planner compares like with like and never sees the site's
//! addresses.
//!
//! - Upload once: an image goes to the media library as `<hash>.<ext>`, so its attachment's
//!   slug is its hash; the attachment id and address are kept against the hash here. Before
//!   an upload that was tried before (its answer may have been lost), the attachment is
//!   looked up by that slug, so a retry never makes a second one.
//! - The words: alt text to `alt_text`; the caption field gets the caption and the credit
//!   ("caption — credit"), since stock WordPress has no credit field; with the companion
//!   plugin the credit is also kept alone in the attachment's `meta.newsroom_credit`.
//! - The featured image goes to the post's `featured_media`.
//! - Pulling: a post's images on the site's own host are downloaded (size and time
//!   limits, one failure never stalls the others), stored like inserted ones, and mapped
//!   to local references.
//! - An account that may not upload (a Contributor on a stock site) pushes the text with
//!   the references as they are; the images wait, named in the round's report.
//! - A file the site refuses (413 too large, 415 a type it does not take) never holds the
//!   text back either: the text goes with the reference as it is, the round names the image
//!   and what to do, and the article is tried again with the next round.

use crate::error::{Result, SyncError};
use crate::mirror;
use crate::site::{blocking, Site};
use crate::wp::{WpMedia, WpPost};
use newsroom_core::images::{ImageDescription, ImageFiles, Variant};
use newsroom_core::ArticleId;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// `image.<hash>` → [`Attachment`] (JSON): the image's attachment on the site.
const ATTACHMENT_PREFIX: &str = "image.";
/// `image_url.<address>` → `<hash>.<ext>`: an image first met on the site, downloaded.
const SITE_URL_PREFIX: &str = "image_url.";
/// `image_tried.<hash>`: an upload was sent; its answer may have been lost.
pub(crate) const TRIED_PREFIX: &str = "image_tried.";
/// `image_featured.<article>` → the attachment id last set as the post's featured image.
const FEATURED_PREFIX: &str = "image_featured.";
/// `image_waiting.<article>` → `<waiting>:<handed over>`: the post's HTML went out naming
/// images not on the site, that many of them handed over inside it ([`crate::handover`]).
const WAITING_PREFIX: &str = "image_waiting.";
/// `image_not_taken.<article>`: the post's HTML went out naming an image whose file the site
/// refused ([`refused_file`]); the next round tries the upload again and then writes the HTML.
const NOT_TAKEN_PREFIX: &str = "image_not_taken.";

/// `image_upload_refused_at` → when (Unix ms) the site last said this account may not
/// upload: no file goes out again before [`RETRY_REFUSED_UPLOADS`] has passed.
const REFUSED_KEY: &str = "image_upload_refused_at";
/// How long a refusal to upload stands before the app tries again (the plugin may have been
/// installed, the account given the right meanwhile). Until then every push of a waiting
/// picture sent the whole file to earn the same 403, twice a round.
pub const RETRY_REFUSED_UPLOADS: chrono::Duration = chrono::Duration::minutes(15);

/// A download of one image may take this long at most.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// An image's attachment on the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: u64,
    pub url: String,
    /// The description the attachment holds (as last sent or read).
    pub sent: Option<ImageDescription>,
}

/// The images sync knows on the site, both ways.
#[derive(Debug, Default, Clone)]
pub struct ImageMap {
    /// hash → its attachment.
    pub by_hash: HashMap<String, Attachment>,
    /// An address on the site → the local reference's file name (`<hash>.<ext>`).
    pub by_url: HashMap<String, String>,
    /// hash → extension, for the images in `by_hash` (the reference's file name).
    pub ext: HashMap<String, String>,
    /// hash → the site's refusal of its file in this round ([`refused_file`]: status, code,
    /// message). The map is read afresh each round, so the file goes out again next round,
    /// never twice in one.
    pub refused: HashMap<String, (u16, String, String)>,
}

impl ImageMap {
    fn add_attachment(&mut self, hash: &str, ext: &str, a: Attachment) {
        self.by_url.insert(a.url.clone(), format!("{hash}.{ext}"));
        self.ext.insert(hash.to_string(), ext.to_string());
        self.by_hash.insert(hash.to_string(), a);
    }

    /// The hash an attachment id stands for.
    pub fn hash_of_attachment(&self, id: u64) -> Option<&str> {
        self.by_hash
            .iter()
            .find(|(_, a)| a.id == id)
            .map(|(h, _)| h.as_str())
    }
}

/// What a round's site holds for images: where the files are and the map.
#[derive(Debug)]
pub struct SiteImages {
    pub files: ImageFiles,
    pub map: RwLock<ImageMap>,
}

impl SiteImages {
    pub fn map(&self) -> std::sync::RwLockReadGuard<'_, ImageMap> {
        self.map.read().unwrap_or_else(|e| e.into_inner())
    }

    fn map_mut(&self) -> std::sync::RwLockWriteGuard<'_, ImageMap> {
        self.map.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Reads the map from the sync state.
pub fn load_map(conn: &rusqlite::Connection) -> newsroom_core::Result<ImageMap> {
    let mut map = ImageMap::default();
    let mut stmt = conn.prepare("SELECT key, value FROM sync_state WHERE key LIKE 'image%'")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (key, value) in rows {
        if let Some(hash) = key.strip_prefix(ATTACHMENT_PREFIX) {
            let Ok(a) = serde_json::from_str::<Attachment>(&value) else {
                continue;
            };
            let ext = newsroom_core::images::rows::find(conn, hash)?
                .map(|r| r.web_ext)
                .or_else(|| extension_of(&a.url).map(str::to_string))
                .unwrap_or_else(|| "jpg".into());
            map.add_attachment(hash, &ext, a);
        } else if let Some(url) = key.strip_prefix(SITE_URL_PREFIX) {
            map.by_url.insert(url.to_string(), value);
        }
    }
    Ok(map)
}

fn extension_of(url: &str) -> Option<&str> {
    let name = url.rsplit('/').next()?;
    match name.rsplit_once('.')?.1 {
        "png" => Some("png"),
        "jpg" | "jpeg" => Some("jpg"),
        _ => None,
    }
}

/// Rewrites the value of every `src="…"` attribute `f` has a replacement for.
fn rewrite_srcs(html: &str, f: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("src=") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        // Only a whole attribute (`srcset=` and `data-src=` are other attributes).
        let whole = before.is_empty() || before.ends_with(|c: char| c.is_ascii_whitespace());
        let value = &after[4..];
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'');
        let (Some(q), true) = (quote, whole) else {
            out.push_str("src=");
            rest = value;
            continue;
        };
        let Some(end) = value[1..].find(q) else {
            out.push_str(after);
            return out;
        };
        let old = &value[1..1 + end];
        out.push_str("src=");
        out.push(q);
        match f(old) {
            Some(new) => out.push_str(&html_escape::encode_double_quoted_attribute(&new)),
            None => out.push_str(old),
        }
        out.push(q);
        rest = &value[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The addresses of every picture in `html`, in order.
pub fn image_sources(html: &str) -> Vec<String> {
    let seen = std::cell::RefCell::new(Vec::new());
    rewrite_srcs(html, |src| {
        let src = html_escape::decode_html_entities(src).into_owned();
        let mut seen = seen.borrow_mut();
        if !seen.contains(&src) {
            seen.push(src);
        }
        None
    });
    seen.into_inner()
}

/// The site's HTML in the app's terms: every address of a known image becomes its local
/// reference.
pub fn localize(html: &str, map: &ImageMap) -> String {
    if map.by_url.is_empty() {
        return html.to_string();
    }
    rewrite_srcs(html, |src| {
        let src = html_escape::decode_html_entities(src).into_owned();
        map.by_url
            .get(src.as_str())
            .map(|name| format!("{}{name}", newsroom_core::images::body_refs::REF_PREFIX))
    })
}

/// The app's HTML for the site: every local reference of an uploaded image becomes its
/// address; one not uploaded (yet) stays as it is.
pub fn for_site(html: &str, map: &ImageMap) -> String {
    rewrite_srcs(html, |src| {
        let hash = newsroom_core::images::body_refs::hash_of_destination(src)?;
        map.by_hash.get(hash).map(|a| a.url.clone())
    })
}

/// The HTML a Markdown body stands for, in the app's terms (stored images as local
/// references): what is compared with a post's localized content and, through
/// [`for_site`], sent.
pub fn render_body(markdown: &str) -> String {
    newsroom_text::render_preview_with_local_images(
        markdown,
        newsroom_text::Images::Load,
        newsroom_core::images::body_refs::REF_PREFIX,
    )
    .html
}

/// The caption field on the site: the caption, then the credit.
pub fn site_caption(d: &ImageDescription) -> String {
    match (d.caption.trim(), d.credit.trim()) {
        ("", credit) => credit.to_string(),
        (caption, "") => caption.to_string(),
        (caption, credit) => format!("{caption} — {credit}"),
    }
}

/// The attachment fields a description sets.
fn attachment_fields(d: &ImageDescription, plugin: bool) -> Value {
    let mut body = json!({ "alt_text": d.alt, "caption": site_caption(d) });
    if plugin {
        body["meta"] = json!({ "newsroom_credit": d.credit });
    }
    body
}

/// The filter the site's client runs over every post it reads.
pub fn post_filter(images: Arc<SiteImages>) -> crate::wp::client::PostFilter {
    Arc::new(move |post: &mut WpPost| {
        post.content = localize(&post.content, &images.map());
    })
}

pub(crate) async fn set_state(site: &Site, key: String, value: Option<String>) -> Result<()> {
    blocking(&site.store, move |s| {
        s.db().write(|tx| match &value {
            Some(v) => mirror::set_value(tx, &key, v),
            None => {
                tx.execute("DELETE FROM sync_state WHERE key = ?1", [&key])?;
                Ok(())
            }
        })
    })
    .await
}

async fn get_state(site: &Site, key: String) -> Result<Option<String>> {
    blocking(&site.store, move |s| {
        s.db().read(|c| mirror::get_value(c, &key))
    })
    .await
}

async fn remember(
    site: &Site,
    images: &SiteImages,
    hash: &str,
    ext: &str,
    a: Attachment,
) -> Result<()> {
    let value = serde_json::to_string(&a).map_err(|e| SyncError::BadResponse(e.to_string()))?;
    set_state(site, format!("{ATTACHMENT_PREFIX}{hash}"), Some(value)).await?;
    set_state(site, format!("{TRIED_PREFIX}{hash}"), None).await?;
    images.map_mut().add_attachment(hash, ext, a);
    Ok(())
}

/// Whether an answer means "this account may not upload" (rather than a bad file).
fn not_allowed_to_upload(e: &SyncError) -> bool {
    matches!(e, SyncError::Forbidden { .. })
}

/// Whether an upload's answer refuses the file itself (413 too large, 415 a type the site
/// does not take): the post's text goes without it.
fn refused_file(e: &SyncError) -> bool {
    matches!(
        e,
        SyncError::Rejected {
            status: 413 | 415,
            ..
        }
    )
}

/// A refused upload in the user's words: what the site said and what to do.
fn upload_refused(hash: &str, e: SyncError) -> SyncError {
    match e {
        SyncError::Rejected { status: 413, code, message } => SyncError::Rejected {
            status: 413,
            code,
            message: format!(
                "image {hash:.12}… is larger than the site accepts ({message}); the text went without it — lower the web copy's long edge in the image settings and insert the image again, or raise the site's upload limit"
            ),
        },
        SyncError::Rejected { status: 415, code, message } => SyncError::Rejected {
            status: 415,
            code,
            message: format!(
                "the site does not accept image {hash:.12}…'s file type ({message}); the text went without it — allow JPEG and PNG uploads on the site"
            ),
        },
        other => other,
    }
}

/// The refusal of an image's file this round, if the site refused one.
fn refused_before(images: &SiteImages, hash: &str) -> Option<SyncError> {
    let map = images.map();
    let (status, code, message) = map.refused.get(hash)?;
    Some(SyncError::Rejected {
        status: *status,
        code: code.clone(),
        message: message.clone(),
    })
}

/// The image's attachment on the site, uploading it if it has none. `post`: the post it
/// belongs to, when it exists (the upload is attached to it, which is what lets the
/// companion plugin accept a Contributor's upload). `None`: this account may not upload.
pub async fn ensure_uploaded(
    site: &Site,
    hash: &str,
    post: Option<u64>,
) -> Result<Option<Attachment>> {
    let Some(images) = site.images.clone() else {
        return Ok(None);
    };
    let known = images.map().by_hash.get(hash).cloned();
    if let Some(a) = known {
        return Ok(Some(a));
    }
    if let Some(e) = refused_before(&images, hash) {
        return Err(e);
    }
    let h = hash.to_string();
    let record = blocking(&site.store, move |s| s.image(&h)).await?;
    let ext = record.web_ext.clone();
    // An earlier upload may have landed with its answer lost: find it by its slug (the hash).
    if get_state(site, format!("{TRIED_PREFIX}{hash}"))
        .await?
        .is_some()
    {
        if let Some(found) = site.client.media_named(hash).await? {
            let a = Attachment {
                id: found.id,
                url: found.source_url.clone(),
                sent: None,
            };
            remember(site, &images, hash, &ext, a.clone()).await?;
            return Ok(Some(a));
        }
    }
    let now = site.store.now().timestamp_millis();
    let refused_at = get_state(site, REFUSED_KEY.to_string())
        .await?
        .and_then(|t| t.parse::<i64>().ok());
    if refused_at.is_some_and(|t| now - t < RETRY_REFUSED_UPLOADS.num_milliseconds()) {
        return Ok(None);
    }
    let path = images
        .files
        .path(hash, Variant::Web, &ext)
        .map_err(SyncError::from)?;
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| SyncError::Store(newsroom_core::Error::from(e)))?;
    let mime = if ext == "png" {
        "image/png"
    } else {
        "image/jpeg"
    };
    let description = record.description.clone();
    let mut query = vec![
        ("alt_text", description.alt.clone()),
        ("caption", site_caption(&description)),
    ];
    if let Some(p) = post {
        query.push(("post", p.to_string()));
    }
    set_state(site, format!("{TRIED_PREFIX}{hash}"), Some("1".into())).await?;
    let media: WpMedia = match site
        .client
        .upload_media(bytes, &format!("{hash}.{ext}"), mime, &query)
        .await
    {
        Ok(m) => m,
        Err(e) if not_allowed_to_upload(&e) => {
            // Only a refusal of an upload attached to its post counts: the companion plugin
            // lets a Contributor upload to their own draft, never without one.
            if post.is_some() {
                set_state(site, REFUSED_KEY.to_string(), Some(now.to_string())).await?;
            }
            return Ok(None);
        }
        Err(e) => {
            let e = upload_refused(hash, e);
            // The site refused the file (`refused_file`): it is not sent again this round.
            if refused_file(&e) {
                if let SyncError::Rejected {
                    status,
                    code,
                    message,
                } = &e
                {
                    let refusal = (*status, code.clone(), message.clone());
                    images.map_mut().refused.insert(hash.to_string(), refusal);
                }
            }
            return Err(e);
        }
    };
    if refused_at.is_some() {
        set_state(site, REFUSED_KEY.to_string(), None).await?;
    }
    let mut sent = Some(description.clone());
    if site.plugin {
        // The credit alone goes to the plugin's meta (not read from an upload's query).
        if site
            .client
            .update_media(media.id, &attachment_fields(&description, true))
            .await
            .is_err()
        {
            sent = None;
        }
    }
    let a = Attachment {
        id: media.id,
        url: media.source_url,
        sent,
    };
    remember(site, &images, hash, &ext, a.clone()).await?;
    Ok(Some(a))
}

/// Before an article's HTML goes out: every image its body shows is uploaded where the
/// account may, and the HTML names the site's addresses. Images that wait (the account
/// may not upload) keep their local reference and mark the article as waiting.
pub async fn content_for_site(
    site: &Site,
    article: ArticleId,
    markdown: &str,
    html: &str,
) -> Result<String> {
    let (sent, handed) = site_content(site, article, markdown, html).await?;
    Ok(sent + &crate::handover::block(&handed))
}

/// [`content_for_site`] in its two parts: the HTML naming the site's copies, and the
/// hand-over comments of the images that wait (to be appended to it).
async fn site_content(
    site: &Site,
    article: ArticleId,
    markdown: &str,
    html: &str,
) -> Result<(String, Vec<String>)> {
    let Some(images) = site.images.clone() else {
        return Ok((html.to_string(), Vec::new()));
    };
    let remote_id = remote_id_of(site, article).await?;
    let mut waiting = Vec::new();
    let mut not_taken = false;
    for hash in newsroom_core::images::referenced_hashes(markdown) {
        match ensure_uploaded(site, &hash, remote_id).await {
            Ok(Some(_)) => {}
            Ok(None) => waiting.push(hash),
            // The site refused the file: the text goes with its reference as it is, and
            // `after_push` reports the refusal.
            Err(e) if refused_file(&e) => not_taken = true,
            Err(e) => return Err(e),
        }
    }
    set_state(
        site,
        format!("{NOT_TAKEN_PREFIX}{article}"),
        not_taken.then(|| "1".to_string()),
    )
    .await?;
    let featured = match waiting.is_empty() {
        true => None,
        false => blocking(&site.store, move |s| s.featured_image(article)).await?,
    };
    let handed =
        crate::handover::comments_for(site, &images, &waiting, featured.as_deref()).await?;
    set_state(
        site,
        format!("{WAITING_PREFIX}{article}"),
        (!waiting.is_empty()).then(|| format!("{}:{}", waiting.len(), handed.len())),
    )
    .await?;
    let sent = for_site(html, &images.map());
    Ok((sent, handed))
}

/// An article's `image_waiting` state: how many images wait, how many of them went inside
/// the post (0 where the state predates hand-overs).
fn waiting_counts(state: &str) -> (usize, usize) {
    let (waiting, handed) = state.split_once(':').unwrap_or((state, "0"));
    (waiting.parse().unwrap_or(0), handed.parse().unwrap_or(0))
}

/// The attachment id the post's `featured_media` should hold (0: none), uploading the
/// featured image if needed; `None` while it waits for an account that may upload.
pub async fn featured_media(site: &Site, article: ArticleId) -> Result<Option<u64>> {
    if site.images.is_none() {
        return Ok(None);
    }
    let featured = blocking(&site.store, move |s| s.featured_image(article)).await?;
    let Some(hash) = featured else {
        return Ok(Some(0));
    };
    let remote_id = remote_id_of(site, article).await?;
    // id 0: a picture whose attachment is not known; the post's featured image stays. So it
    // does while the site refuses the file (reported by `after_push`).
    match ensure_uploaded(site, &hash, remote_id).await {
        Ok(a) => Ok(a.map(|a| a.id).filter(|id| *id != 0)),
        Err(e) if refused_file(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The site's refusal this round of the file of an image the article uses: the article goes
/// back to the outbox with it (`images_follow`), and the round names it.
fn refused_now(
    images: &SiteImages,
    used: &[newsroom_core::media::ArticleImage],
) -> Option<SyncError> {
    used.iter()
        .find_map(|u| refused_before(images, &u.image.hash))
}

async fn remote_id_of(site: &Site, article: ArticleId) -> Result<Option<u64>> {
    blocking(&site.store, move |s| {
        s.db()
            .read(|c| mirror::base(c, &article.to_string()))
            .map(|b| b.map(|b| b.remote.remote_id))
    })
    .await
}

/// After an article is in step with its post: its featured image, its images' words, and
/// — when its HTML went out naming images that were waiting and now are on the site — its
/// HTML again.
pub async fn after_push(site: &Site, article: ArticleId) -> Result<()> {
    let Some(images) = site.images.clone() else {
        return Ok(());
    };
    let Some(remote_id) = remote_id_of(site, article).await? else {
        return Ok(());
    };
    let (body, used) = blocking(&site.store, move |s| {
        Ok((s.article(article)?.draft.body, s.article_images(article)?))
    })
    .await?;
    // The site refused an image's file as the text went out: nothing more to do this round.
    if let Some(e) = refused_now(&images, &used) {
        return Err(e);
    }
    // The words of every image the article uses that is on the site.
    for used in &used {
        let hash = &used.image.hash;
        let sent = images.map().by_hash.get(hash).cloned();
        let Some(mut a) = sent else { continue };
        // id 0: a picture first met in a post's HTML, whose attachment is not known.
        if a.id == 0 || a.sent.as_ref() == Some(&used.image.description) {
            continue;
        }
        site.client
            .update_media(
                a.id,
                &attachment_fields(&used.image.description, site.plugin),
            )
            .await?;
        a.sent = Some(used.image.description.clone());
        let ext = used.image.web_ext.clone();
        remember(site, &images, hash, &ext, a).await?;
    }
    // The HTML again, if it went out before its images could: when one is on the site now,
    // or more of them can go inside the post than did.
    let waiting_key = format!("{WAITING_PREFIX}{article}");
    let not_taken_key = format!("{NOT_TAKEN_PREFIX}{article}");
    let waiting = get_state(site, waiting_key.clone()).await?;
    let not_taken = get_state(site, not_taken_key.clone()).await?;
    if waiting.is_some() || not_taken.is_some() {
        let html = render_body(&body);
        let (named, handed) = site_content(site, article, &body, &html).await?;
        let (_, handed_before) = waiting_counts(waiting.as_deref().unwrap_or("0:0"));
        let wanted = named != html || handed.len() > handed_before;
        let sent = named + &crate::handover::block(&handed);
        if wanted && !resend_content(site, article, remote_id, sent).await? {
            // A colleague saved the post meanwhile: the next round plans against it, and
            // sends the HTML again then.
            set_state(site, waiting_key, waiting).await?;
            set_state(site, not_taken_key, not_taken).await?;
            requeue(site, article).await?;
            return Ok(());
        }
        if let Some(e) = refused_now(&images, &used) {
            return Err(e);
        }
    }
    // The featured image.
    if let Some(wanted) = featured_media(site, article).await? {
        let key = format!("{FEATURED_PREFIX}{article}");
        // Never set by this app and none wanted: nothing to say (a featured image the site
        // has and this app could not fetch stays).
        let last = get_state(site, key.clone())
            .await?
            .unwrap_or_else(|| "0".into());
        if last != wanted.to_string() {
            site.client
                .update_post(remote_id, &json!({ "featured_media": wanted }), None)
                .await?;
            set_state(site, key, Some(wanted.to_string())).await?;
        }
    }
    Ok(())
}

/// Sends the article's HTML again after its push (its images are on the site now), onto the
/// post the base holds and no other: with the companion plugin on the condition of the
/// post's revision (If-Match); on a stock site, which has no conditional write, after
/// reading the post and finding its HTML still the base's. `false`: a colleague saved the
/// post in between, and nothing was sent, so their text is never overwritten.
async fn resend_content(
    site: &Site,
    article: ArticleId,
    remote_id: u64,
    html: String,
) -> Result<bool> {
    let base = blocking(&site.store, move |s| {
        s.db().read(|c| mirror::base(c, &article.to_string()))
    })
    .await?;
    let Some(base) = base else { return Ok(false) };
    let rev = match site.plugin {
        true => base.remote.rev.map(|r| format!("\"{r}\"")),
        false => {
            let now = site.client.get_post(remote_id).await?;
            if now.content != base.remote.content {
                return Ok(false);
            }
            None
        }
    };
    match site
        .client
        .update_post(remote_id, &json!({ "content": html }), rev.as_deref())
        .await
    {
        Ok(_) => Ok(true),
        Err(SyncError::Precondition) => Ok(false),
        Err(e) => Err(e),
    }
}

/// What every round tells the user about each article (not in the trash) whose images wait
/// for an account that may upload them, however its text went out this round (from the
/// outbox, or with a pulled change).
pub async fn waiting_messages(site: &Site) -> Result<Vec<String>> {
    let waiting: Vec<(ArticleId, String)> = blocking(&site.store, |s| {
        s.db().read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT w.key, w.value FROM sync_state w
                 JOIN articles a ON a.id = substr(w.key, length(?1) + 1)
                 WHERE w.key LIKE ?1 || '%' AND a.trashed_at IS NULL ORDER BY w.key",
            )?;
            let rows = stmt
                .query_map([WAITING_PREFIX], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows
                .into_iter()
                .filter_map(|(key, value)| {
                    let id = key.strip_prefix(WAITING_PREFIX)?.parse().ok()?;
                    Some((id, value))
                })
                .collect())
        })
    })
    .await?;
    Ok(waiting
        .into_iter()
        .map(|(article, state)| waiting_message(article, &state))
        .collect())
}

fn waiting_message(article: ArticleId, state: &str) -> String {
    let (n, handed) = waiting_counts(state);
    let carried = match handed {
        0 => String::new(),
        h if h == n => " with them inside the post".to_string(),
        h => format!(
            " with {h} of them inside the post (the others are over the size a post may carry)"
        ),
    };
    format!(
            "{article}: {n} image(s) wait: this account may not upload to the site's media library; the text went out{carried}, and the next app that may upload (an editor's, or a contributor's with the companion plugin) puts them in the media library"
        )
}

/// Puts the article back in the outbox when its images' part failed after its text went
/// out (a row already there, for a newer edit, is left as it is).
pub async fn requeue(site: &Site, article: ArticleId) -> Result<()> {
    blocking(&site.store, move |s| {
        let now = s.now();
        s.db().write(|tx| {
            tx.execute(
                "INSERT INTO sync_outbox (article_id, first_seq, last_seq, enqueued_at)
                 VALUES (?1, 0, 0, ?2) ON CONFLICT (article_id) DO NOTHING",
                rusqlite::params![article.to_string(), now.timestamp_millis()],
            )?;
            Ok(())
        })
    })
    .await
}

/// Downloads the images a post shows from the site's own host that this app does not
/// have yet, stores them like inserted ones and rewrites the post's HTML to local
/// references. One image that cannot be had (too large, not an image, too slow) is named
/// in the returned errors and stays a link to the site; the others go on.
pub async fn fetch_post_images(site: &Site, post: &mut WpPost) -> Vec<String> {
    let Some(images) = site.images.clone() else {
        return Vec::new();
    };
    let mut errors = crate::handover::take(site, &images, post).await;
    let Ok(base) = reqwest::Url::parse(site.client.site_url()) else {
        return errors;
    };
    let mut wanted: Vec<String> = image_sources(&post.content)
        .into_iter()
        // Our own references (the site's copies already mapped back) are here already.
        .filter(|src| newsroom_core::images::body_refs::hash_of_destination(src).is_none())
        .filter(|src| !images.map().by_url.contains_key(src))
        .collect();
    // The featured image, by its attachment.
    let mut featured: Option<WpMedia> = None;
    let known_featured = images
        .map()
        .hash_of_attachment(post.featured_media)
        .is_some();
    if post.featured_media != 0 && !known_featured {
        match site.client.get_media(post.featured_media).await {
            Ok(m) => {
                let known = images.map().by_url.contains_key(&m.source_url);
                if !known {
                    wanted.push(m.source_url.clone());
                }
                featured = Some(m);
            }
            Err(e) => errors.push(format!(
                "post {}: its featured image {}: {e}",
                post.id, post.featured_media
            )),
        }
    }
    for src in wanted {
        let Ok(url) = base.join(&src) else { continue };
        // Only the site's own files: a picture hot-linked from elsewhere stays a link.
        if url.host_str() != base.host_str()
            || url.port_or_known_default() != base.port_or_known_default()
        {
            continue;
        }
        let name = url
            .path_segments()
            .and_then(|mut s| s.next_back())
            .unwrap_or("image")
            .to_string();
        let bytes = match site
            .client
            .download(
                &url,
                newsroom_core::images::MAX_FILE_BYTES,
                DOWNLOAD_TIMEOUT,
            )
            .await
        {
            Ok(b) => b,
            Err(e) => {
                errors.push(format!("post {}: image {url}: {e}", post.id));
                continue;
            }
        };
        let files = images.files.clone();
        let stored = blocking(&site.store, move |s| {
            store_downloaded(s, &files, &name, &bytes)
        })
        .await;
        match stored {
            Ok(record) => {
                let file = format!("{}.{}", record.hash, record.web_ext);
                let key = format!("{SITE_URL_PREFIX}{src}");
                if let Err(e) = set_state(site, key, Some(file.clone())).await {
                    errors.push(format!("post {}: image {url}: {e}", post.id));
                    continue;
                }
                images.map_mut().by_url.insert(src.clone(), file.clone());
                // The reference goes back to the site as the same address, never as a
                // second upload.
                let a = Attachment {
                    id: 0,
                    url: src.clone(),
                    sent: None,
                };
                if let Err(e) = remember(site, &images, &record.hash, &record.web_ext, a).await {
                    errors.push(format!("post {}: image {url}: {e}", post.id));
                }
            }
            Err(e) => errors.push(format!("post {}: image {url}: {e}", post.id)),
        }
    }
    if let Some(m) = featured {
        if let Err(e) = adopt_attachment(site, &images, &m).await {
            errors.push(format!(
                "post {}: its featured image {}: {e}",
                post.id, m.id
            ));
        }
    }
    let localized = localize(&post.content, &images.map());
    post.content = localized;
    errors
}

/// Stores a file downloaded from the site. A copy this app has already (its bytes are an
/// image stored here) is that image. One a Newsroom app uploaded is named by its hash
/// (`<hash>.jpg`, or `<hash>-1.jpg` where WordPress found the name taken); when the bytes
/// are that hash the copy is kept as it is, so every desk names the image alike. Anything
/// else is made into a web copy of this app's own, as an inserted file.
fn store_downloaded(
    s: &newsroom_core::Store,
    files: &ImageFiles,
    name: &str,
    bytes: &[u8],
) -> newsroom_core::Result<newsroom_core::images::ImageRecord> {
    let hash = newsroom_core::images::files::content_hash(bytes);
    if let Ok(record) = s.image(&hash) {
        return Ok(record);
    }
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem = match stem.rsplit_once('-') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => stem,
    };
    if stem == hash {
        if let Ok(record) =
            s.store_verbatim_image(files, &hash, bytes, &ImageDescription::default())
        {
            return Ok(record);
        }
    }
    s.store_site_image(files, name, bytes)
}

/// Remembers which stored image an attachment of the site is (the post's featured image),
/// taking its words where the app has none yet.
async fn adopt_attachment(site: &Site, images: &SiteImages, m: &WpMedia) -> Result<()> {
    let file = images.map().by_url.get(&m.source_url).cloned();
    let Some(file) = file else { return Ok(()) };
    let (hash, ext) = file.split_once('.').unwrap_or((&file, "jpg"));
    let (hash, ext) = (hash.to_string(), ext.to_string());
    let site_words = words_from_site(m);
    let h = hash.clone();
    let words = blocking(&site.store, move |s| {
        let record = s.image(&h)?;
        if record.description == ImageDescription::default() {
            s.describe_image(&h, &site_words).map(|r| r.description)
        } else {
            Ok(record.description)
        }
    })
    .await?;
    let a = Attachment {
        id: m.id,
        url: m.source_url.clone(),
        sent: Some(words),
    };
    remember(site, images, &hash, &ext, a).await
}

/// An attachment's words in the app's terms: a caption the app wrote ends with the credit
/// the plugin also keeps alone ([`site_caption`]), which is not part of the caption here.
pub fn words_from_site(m: &WpMedia) -> ImageDescription {
    let credit = m.credit.clone().unwrap_or_default();
    let caption = m.caption.trim();
    let caption = match credit.trim() {
        "" => caption,
        c if caption == c => "",
        c => caption
            .strip_suffix(c)
            .and_then(|rest| rest.strip_suffix(" — "))
            .unwrap_or(caption),
    };
    ImageDescription {
        alt: m.alt_text.clone(),
        caption: caption.to_string(),
        credit,
        rights: String::new(),
    }
}

/// Remembers the featured image the site answered a write with, when it is the one chosen
/// here: a create or an update that sent it set it already, and [`after_push`] must not send
/// it a second time (a request per article more than a plain client needs, and a write
/// outside the plan that leaves the base behind the post). Any other featured image the site
/// names (a colleague's, which this app could not fetch) is not taken as sent from here.
pub async fn note_featured(site: &Site, article: ArticleId, featured_media: u64) -> Result<()> {
    let Some(images) = site.images.clone() else {
        return Ok(());
    };
    if featured_media == 0 {
        return Ok(());
    }
    let chosen = blocking(&site.store, move |s| s.featured_image(article)).await?;
    let ours = chosen.and_then(|hash| images.map().by_hash.get(&hash).map(|a| a.id));
    if ours != Some(featured_media) {
        return Ok(());
    }
    set_state(
        site,
        format!("{FEATURED_PREFIX}{article}"),
        Some(featured_media.to_string()),
    )
    .await
}

/// After a pulled post was applied: its article uses the images its body shows, and its
/// featured image is the post's.
pub async fn link_pulled(site: &Site, post: &WpPost) -> Result<()> {
    let Some(images) = site.images.clone() else {
        return Ok(());
    };
    let pid = post.id;
    let tracked = blocking(&site.store, move |s| {
        s.db().read(|c| mirror::article_for_remote(c, pid))
    })
    .await?;
    let Some(article) = tracked.and_then(|a| a.parse::<ArticleId>().ok()) else {
        return Ok(());
    };
    let featured = images
        .map()
        .hash_of_attachment(post.featured_media)
        .map(str::to_string);
    if featured.is_some() {
        set_state(
            site,
            format!("{FEATURED_PREFIX}{article}"),
            Some(post.featured_media.to_string()),
        )
        .await?;
    }
    // A featured image handed over stands where the site names none this app knows.
    let featured = featured.or_else(|| {
        post.handover
            .iter()
            .find(|h| h.featured)
            .map(|h| h.hash.clone())
    });
    blocking(&site.store, move |s| {
        s.link_body_images(article, featured.as_deref()).map(|_| ())
    })
    .await?;
    if post.handover.is_empty() {
        return Ok(());
    }
    // The post still hands images over: an app that may upload puts them in the media
    // library and writes the post again naming them; one that may not keeps them, and sends
    // nothing (the post carries them already).
    let n = post.handover.len();
    set_state(
        site,
        format!("{WAITING_PREFIX}{article}"),
        Some(format!("{n}:{n}")),
    )
    .await?;
    if let Err(e) = after_push(site, article).await {
        requeue(site, article).await?;
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "abababababababababababababababababababababababababababababababab";

    fn map() -> ImageMap {
        let mut m = ImageMap::default();
        m.add_attachment(
            H,
            "jpg",
            Attachment {
                id: 12,
                url: format!("http://site.example/wp-content/uploads/2026/12/{H}.jpg"),
                sent: None,
            },
        );
        m.by_url.insert(
            "http://site.example/wp-content/uploads/2026/12/photo.jpg".into(),
            format!("{}.png", "cd".repeat(32)),
        );
        m
    }

    #[test]
    fn local_references_become_site_addresses_and_back() {
        let md = format!("Текст.\n\n![Акорда](images/{H}.jpg)");
        let local = render_body(&md);
        assert!(
            local.contains(&format!("src=\"images/{H}.jpg\"")),
            "{local}"
        );
        let site = for_site(&local, &map());
        assert!(
            site.contains(&format!(
                "src=\"http://site.example/wp-content/uploads/2026/12/{H}.jpg\""
            )),
            "{site}"
        );
        assert_eq!(
            localize(&site, &map()),
            local,
            "the site's HTML reads back as ours"
        );
    }

    #[test]
    fn an_image_not_on_the_site_keeps_its_reference_and_others_are_untouched() {
        let other = "ef".repeat(32);
        let html = format!(
            "<p><img src=\"images/{other}.jpg\" alt=\"\"><img data-src=\"x\" srcset=\"a 1x\" src='http://elsewhere.example/a.jpg'></p>"
        );
        assert_eq!(for_site(&html, &map()), html);
        assert_eq!(localize(&html, &map()), html);
    }

    #[test]
    fn a_picture_made_on_the_site_maps_to_its_downloaded_copy() {
        let html = "<figure class=\"wp-block-image\"><img src=\"http://site.example/wp-content/uploads/2026/12/photo.jpg\" alt=\"\" class=\"wp-image-5\"/></figure>";
        let local = localize(html, &map());
        assert!(
            local.contains(&format!("src=\"images/{}.png\"", "cd".repeat(32))),
            "{local}"
        );
        assert_eq!(
            image_sources(html),
            vec!["http://site.example/wp-content/uploads/2026/12/photo.jpg".to_string()]
        );
    }

    fn photo() -> Vec<u8> {
        let img = image::RgbImage::from_fn(120, 80, |x, y| image::Rgb([x as u8, y as u8, 7]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_newsroom_upload_downloaded_keeps_its_name_and_another_file_gets_a_copy_of_ours() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = ImageFiles::new(dir.path().join("colleague"));
        let colleague = newsroom_core::Store::in_memory().unwrap();
        let made = colleague
            .store_site_image(&theirs, "a.jpg", &photo())
            .unwrap();
        let web = std::fs::read(
            theirs
                .path(&made.hash, Variant::Web, &made.web_ext)
                .unwrap(),
        )
        .unwrap();

        let store = newsroom_core::Store::in_memory().unwrap();
        let files = ImageFiles::new(dir.path().join("ours"));
        // WordPress found the name taken and added "-1".
        let got = store_downloaded(&store, &files, &format!("{}-1.jpg", made.hash), &web).unwrap();
        assert_eq!(got.hash, made.hash, "the same name on every desk");
        let again = store_downloaded(&store, &files, "renamed.jpg", &web).unwrap();
        assert_eq!(again.hash, made.hash, "a copy held already is that image");
        let raw = photo();
        let fresh = store_downloaded(&store, &files, "photo.jpg", &raw).unwrap();
        assert_ne!(
            fresh.hash,
            newsroom_core::images::files::content_hash(&raw),
            "a file first met on the site becomes a web copy of this app's own"
        );
        let fake = format!("{}.jpg", "ab".repeat(32));
        let named_wrong = store_downloaded(&store, &files, &fake, &raw).unwrap();
        assert_eq!(
            named_wrong.hash, fresh.hash,
            "a name is never trusted over the bytes"
        );
    }

    #[test]
    fn the_caption_carries_the_credit() {
        let d = ImageDescription {
            alt: "a".into(),
            caption: "Акорда ночью".into(),
            credit: "Фото: Иванов".into(),
            rights: String::new(),
        };
        assert_eq!(site_caption(&d), "Акорда ночью — Фото: Иванов");
        assert_eq!(
            site_caption(&ImageDescription {
                caption: String::new(),
                ..d.clone()
            }),
            "Фото: Иванов"
        );
        assert_eq!(
            attachment_fields(&d, true)["meta"]["newsroom_credit"],
            "Фото: Иванов"
        );
        let read = words_from_site(&WpMedia {
            id: 3,
            source_url: "u".into(),
            slug: "s".into(),
            alt_text: "a".into(),
            caption: site_caption(&d),
            credit: Some(d.credit.clone()),
            mime_type: "image/jpeg".into(),
        });
        assert_eq!(
            (read.caption.as_str(), read.credit.as_str()),
            ("Акорда ночью", "Фото: Иванов"),
            "the words read back as they were written"
        );
        assert!(attachment_fields(&d, false).get("meta").is_none());
    }
}
