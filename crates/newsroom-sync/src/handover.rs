//! Images handed over inside a post, for a site where the writer may not upload.
//!
//! A Contributor on a stock WordPress may not use the media library, and the only thing
//! such an account writes that an editor's app reads is the post. So the web copy of each
//! image that waits travels in the post's HTML, in a comment no reader of the site sees:
//!
//! `<!-- newsroom:image <hash>.<ext> <words: base64 JSON> <file: base64> -->`
//!
//! WordPress keeps comments through its HTML filter (kses) for every role, folding `--`
//! inside them; base64 has no dash and no angle bracket, so the comment comes back as it
//! went. Every app takes these comments off the HTML it reads before anything compares
//! it ([`split`]), so they never show as an edit. An app that may upload keeps the copy
//! under its name (checked as any file from the site, and against that name:
//! `Store::store_verbatim_image`), uploads it, and writes the post again naming the
//! site's copy, which ends the hand-over. Limits keep a post within what PHP and MariaDB
//! take in one request: the files together at most [`MAX_FILE_BYTES`], at most
//! [`MAX_IMAGES`] images; an image beyond them waits on the writer's machine, as before.

use crate::error::{Result, SyncError};
use crate::images::{set_state, SiteImages, TRIED_PREFIX};
use crate::site::{blocking, Site};
use crate::wp::WpPost;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use newsroom_core::images::{ImageDescription, Variant};
use serde::{Deserialize, Serialize};

const OPEN: &str = "<!-- newsroom:image ";
const CLOSE: &str = " -->";
/// The files of one post's hand-over together, in bytes (a 2,048-pixel web copy is
/// usually under 1 MB; Debian's PHP takes requests up to 8 MB, base64 adds a third).
pub const MAX_FILE_BYTES: usize = 3 * 1024 * 1024;
/// The most images one post hands over.
pub const MAX_IMAGES: usize = 20;
/// The most a description takes in a hand-over (its fields are limited in the store too).
const MAX_WORDS_BYTES: usize = 64 * 1024;

/// What travels with the file: the image's words, and whether it is the featured image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    #[serde(flatten)]
    pub description: ImageDescription,
    #[serde(default)]
    pub featured: bool,
}

/// One image found in a post's HTML, not yet decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandedOver {
    /// The image's name: the hash of its web copy.
    pub hash: String,
    /// Known once decoded ([`take`]): the writer chose it as the featured image.
    pub featured: bool,
    words: String,
    file: String,
}

impl HandedOver {
    /// The image's words and file, or why they cannot be had.
    pub fn decode(&self) -> std::result::Result<(Words, Vec<u8>), String> {
        if self.file.len() / 4 * 3 > MAX_FILE_BYTES || self.words.len() / 4 * 3 > MAX_WORDS_BYTES {
            return Err("it is larger than a hand-over may be".into());
        }
        let words = STANDARD
            .decode(&self.words)
            .map_err(|e| format!("its words are not base64: {e}"))?;
        let words: Words = serde_json::from_slice(&words)
            .map_err(|e| format!("its words are not a description: {e}"))?;
        let file = STANDARD
            .decode(&self.file)
            .map_err(|e| format!("its file is not base64: {e}"))?;
        Ok((words, file))
    }
}

/// The comment that hands one image over.
pub fn comment(hash: &str, ext: &str, words: &Words, file: &[u8]) -> String {
    let words = serde_json::to_vec(words).unwrap_or_default();
    format!(
        "{OPEN}{hash}.{ext} {} {}{CLOSE}",
        STANDARD.encode(words),
        STANDARD.encode(file)
    )
}

/// The block appended to a post's HTML: a line of its own per image.
pub fn block(comments: &[String]) -> String {
    comments.iter().map(|c| format!("\n{c}")).collect()
}

/// A post's HTML without its hand-over comments (each with the line break before it), and
/// the images they hand over, at most [`MAX_IMAGES`]. A comment that is not well formed
/// is left in the HTML as any other.
pub fn split(html: &str) -> (String, Vec<HandedOver>) {
    if !html.contains(OPEN) {
        return (html.to_string(), Vec::new());
    }
    let mut kept = String::with_capacity(html.len());
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let parsed = after
            .find(CLOSE)
            .and_then(|end| parse(&after[..end]).map(|h| (h, end)));
        match parsed {
            Some((h, end)) => {
                let before = &rest[..at];
                kept.push_str(before.strip_suffix('\n').unwrap_or(before));
                if found.len() < MAX_IMAGES && !found.contains(&h) {
                    found.push(h);
                }
                rest = &after[end + CLOSE.len()..];
            }
            None => {
                kept.push_str(&rest[..at + OPEN.len()]);
                rest = after;
            }
        }
    }
    kept.push_str(rest);
    (kept, found)
}

fn parse(inner: &str) -> Option<HandedOver> {
    let mut parts = inner.split(' ');
    let (name, words, file) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (hash, ext) = name.split_once('.')?;
    let base64 = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    };
    let ok = newsroom_core::images::files::is_hash(hash)
        && matches!(ext, "jpg" | "png")
        && base64(words)
        && base64(file);
    ok.then(|| HandedOver {
        hash: hash.to_string(),
        featured: false,
        words: words.to_string(),
        file: file.to_string(),
    })
}

/// The hand-over comments for images that wait for an account that may upload, in the
/// body's order, as many as the limits take. Only on a stock site: with the companion
/// plugin a Contributor uploads, and the plugin reads the HTML against the Markdown.
pub(crate) async fn comments_for(
    site: &Site,
    images: &SiteImages,
    waiting: &[String],
    featured: Option<&str>,
) -> Result<Vec<String>> {
    let mut comments = Vec::new();
    if site.plugin {
        return Ok(comments);
    }
    let mut total = 0;
    for hash in waiting.iter().take(MAX_IMAGES) {
        let h = hash.clone();
        let record = blocking(&site.store, move |s| s.image(&h)).await?;
        let path = images
            .files
            .path(hash, Variant::Web, &record.web_ext)
            .map_err(SyncError::from)?;
        let file = tokio::fs::read(&path)
            .await
            .map_err(|e| SyncError::Store(newsroom_core::Error::from(e)))?;
        if total + file.len() > MAX_FILE_BYTES {
            continue;
        }
        total += file.len();
        let words = Words {
            description: record.description,
            featured: featured == Some(hash.as_str()),
        };
        comments.push(comment(hash, &record.web_ext, &words, &file));
    }
    Ok(comments)
}

/// Stores the images a pulled post hands over that this app does not have (each checked
/// alone: one that fails is named in the returned errors, the others go on). What is left
/// in `post.handover` are the images this app holds now, for [`crate::images::link_pulled`]
/// to send on where this account may upload: while a post still hands images over, no app
/// that may upload has written it since. Each newly stored is marked as tried, so that an
/// upload by a colleague's app first is found by its name instead of made twice.
pub(crate) async fn take(site: &Site, images: &SiteImages, post: &mut WpPost) -> Vec<String> {
    let mut errors = Vec::new();
    let mut stored = Vec::new();
    let failed = |hash: &str, e: &dyn std::fmt::Display| {
        format!("post {}: handed-over image {hash:.12}…: {e}", post.id)
    };
    for mut h in std::mem::take(&mut post.handover) {
        let hash = h.hash.clone();
        let known = blocking(&site.store, move |s| Ok(s.image(&hash).is_ok())).await;
        if matches!(known, Ok(true)) {
            stored.push(h);
            continue;
        }
        let (words, file) = match h.decode() {
            Ok(decoded) => decoded,
            Err(e) => {
                errors.push(failed(&h.hash, &e));
                continue;
            }
        };
        let (files, hash, description) = (images.files.clone(), h.hash.clone(), words.description);
        let kept = blocking(&site.store, move |s| {
            s.store_verbatim_image(&files, &hash, &file, &description)
        })
        .await;
        let tried = match kept {
            Ok(_) => set_state(site, format!("{TRIED_PREFIX}{}", h.hash), Some("1".into())).await,
            Err(e) => Err(e),
        };
        match tried {
            Ok(()) => {
                h.featured = words.featured;
                stored.push(h);
            }
            Err(e) => errors.push(failed(&h.hash, &e)),
        }
    }
    post.handover = stored;
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words {
            description: ImageDescription {
                alt: "Митинг <на> площади & «ёлочки» -- тире".into(),
                caption: "Акорда".into(),
                credit: "Фото: Иванов".into(),
                rights: String::new(),
            },
            featured: true,
        }
    }

    #[test]
    fn an_image_goes_into_the_html_and_comes_back_out() {
        let hash = "ab".repeat(32);
        let file = vec![0xFF, 0xD8, 0, 1, 2, 0xFF, 0xD9];
        let html = "<p>Текст.</p>\n<p><img src=\"images/x.jpg\" alt=\"\"></p>";
        let sent = format!("{html}{}", block(&[comment(&hash, "jpg", &words(), &file)]));
        let inner = &sent[sent.find(OPEN).unwrap() + 4..sent.len() - 3];
        assert!(
            !inner.contains("--") && !inner.contains('<') && !inner.contains('>'),
            "nothing WordPress's filter would change inside the comment"
        );
        let (back, found) = split(&sent);
        assert_eq!(back, html, "the HTML reads back as it was rendered");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].hash, hash);
        assert_eq!(found[0].decode().unwrap(), (words(), file));
    }

    #[test]
    fn what_is_not_a_hand_over_stays_in_the_html() {
        for html in [
            "<p>a</p><!-- newsroom:image not-a-hash.jpg AAAA AAAA -->",
            "<p>a</p><!-- newsroom:image ",
            "<!-- newsroom:image aaaa -->",
            "<p>no comment</p>",
        ] {
            let (back, found) = split(html);
            assert_eq!((back.as_str(), found.len()), (html, 0), "{html}");
        }
        let h = "cd".repeat(32);
        let evil = format!("<!-- newsroom:image {h}.exe AAAA AAAA -->");
        assert_eq!(split(&evil).1.len(), 0, "only our extensions");
        let bad = format!("<!-- newsroom:image {h}.jpg !!!! AAAA -->");
        assert_eq!(split(&bad).1.len(), 0);
        let undecodable = format!("<!-- newsroom:image {h}.jpg AAA AAAA -->");
        let (_, found) = split(&undecodable);
        assert!(
            found[0].decode().is_err(),
            "a payload that is not base64 fails alone"
        );
    }

    #[test]
    fn a_hostile_post_is_bounded() {
        let many: String = (0..MAX_IMAGES + 5)
            .map(|i| format!("{OPEN}{:064x}.jpg AAAA AAAA{CLOSE}", i))
            .collect();
        assert_eq!(split(&many).1.len(), MAX_IMAGES);
        let huge = HandedOver {
            hash: "ef".repeat(32),
            featured: false,
            words: "AAAA".into(),
            file: "A".repeat(MAX_FILE_BYTES / 3 * 4 + 8),
        };
        assert!(huge.decode().unwrap_err().contains("larger"));
    }
}
