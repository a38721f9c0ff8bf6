//! An article's images: insert, describe, feature, remove. Each operation combines the
//! image store ([`crate::images`]) with the article's edit rule ([`crate::workflow`]).
//!
//! References: an article uses an image from the moment it is inserted until it is removed
//! from the article's media (which is refused while the body still shows it). Trashing an
//! article keeps its uses, since a trashed article can be restored; so an image's files go
//! only when no article at all uses it and no body mentions it.

use crate::article::{self, ArticleId};
use crate::changes::ChangeKind;
use crate::error::{Error, Result};
use crate::images::{
    self, rows, ImageDescription, ImageFiles, ImageRecord, ImageSettings, Variant,
};
use crate::said::Said;
use crate::store::Store;
use crate::text_input::{check_field_length, clean_line, clean_multiline, MAX_LINE_FIELD_CHARS};
use crate::workflow;
use rusqlite::Connection;
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// One of an article's images as the media panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ArticleImage {
    pub image: ImageRecord,
    pub featured: bool,
    /// The body shows it (an image only in the media list is not published).
    pub in_body: bool,
    /// Alt text and credit are filled: what approval needs.
    pub described: bool,
}

/// What inserting an image gives the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InsertedImage {
    pub image: ArticleImage,
    /// The Markdown to put into the body where the image goes.
    pub markdown: String,
    /// What the user should be told (an animation that was not kept).
    pub notices: Vec<Said>,
}

fn article_images_tx(conn: &Connection, id: ArticleId) -> Result<Vec<ArticleImage>> {
    let body = article::load(conn, id)?.draft.body;
    let shown = images::referenced_hashes(&body);
    Ok(rows::of_article(conn, id)?
        .into_iter()
        .map(|(image, featured)| ArticleImage {
            in_body: shown.contains(&image.hash),
            described: image.description.is_complete(),
            featured,
            image,
        })
        .collect())
}

/// Whether any article's body (live or trashed) mentions the image.
fn mentioned_in_any_body(conn: &Connection, hash: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM articles WHERE instr(body, ?1) > 0)")?
        .query_row([hash], |r| r.get(0))?)
}

fn cleaned(description: &ImageDescription) -> Result<ImageDescription> {
    let out = ImageDescription {
        alt: clean_line(&description.alt),
        caption: clean_multiline(&description.caption).trim().to_string(),
        credit: clean_line(&description.credit),
        rights: clean_multiline(&description.rights).trim().to_string(),
    };
    check_field_length("alt text", &out.alt, MAX_LINE_FIELD_CHARS)?;
    check_field_length("caption", &out.caption, MAX_LINE_FIELD_CHARS)?;
    check_field_length("credit", &out.credit, MAX_LINE_FIELD_CHARS)?;
    check_field_length("rights note", &out.rights, MAX_LINE_FIELD_CHARS)?;
    Ok(out)
}

impl Store {
    pub fn image_settings(&self) -> Result<ImageSettings> {
        self.db().read(images::load_settings)
    }

    pub fn set_image_settings(&self, settings: &ImageSettings) -> Result<ImageSettings> {
        self.db().write(|tx| {
            images::save_settings(tx, settings)?;
            images::load_settings(tx)
        })
    }

    /// Inserts image `bytes` (named `name` in messages) into article `id`'s media: checks
    /// and decodes it, stores the web copy and thumbnail (the same content once), and
    /// records the use. The body is not changed: the editor puts the returned Markdown
    /// where the cursor is and saves as usual.
    pub fn insert_image(
        &self,
        files: &ImageFiles,
        id: ArticleId,
        name: &str,
        bytes: &[u8],
    ) -> Result<InsertedImage> {
        // Refuse a read-only article before the work of decoding.
        self.db().read(|conn| workflow::guard_edit(conn, id))?;
        let settings = self.image_settings()?;
        let prepared = images::prepare(files, name, bytes, &settings)?;
        let now = self.now();
        let image = self.db().write(|tx| {
            workflow::guard_edit(tx, id)?;
            rows::insert_if_absent(tx, &prepared.new_row(), now)?;
            rows::link(tx, id, &prepared.hash, now)?;
            article_images_tx(tx, id)?
                .into_iter()
                .find(|i| i.image.hash == prepared.hash)
                .ok_or_else(|| Error::not_found("image", &prepared.hash))
        })?;
        Ok(InsertedImage {
            markdown: images::markdown_ref(&prepared.hash, prepared.web_ext, ""),
            image,
            notices: prepared.notices,
        })
    }

    /// [`Store::insert_image`] from a file; a file over the size limit is refused from
    /// its length, before it is read.
    pub fn insert_image_file(
        &self,
        files: &ImageFiles,
        id: ArticleId,
        path: &Path,
    ) -> Result<InsertedImage> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let len = std::fs::metadata(path)?.len();
        images::decode::check_file_size(&name, len)?;
        let bytes = std::fs::read(path)?;
        self.insert_image(files, id, &name, &bytes)
    }

    /// The article's images for the media panel, in the order they were inserted.
    pub fn article_images(&self, id: ArticleId) -> Result<Vec<ArticleImage>> {
        self.db().read(|conn| article_images_tx(conn, id))
    }

    pub fn image(&self, hash: &str) -> Result<ImageRecord> {
        self.db().read(|conn| rows::load(conn, hash))
    }

    /// Sets an image's alt text, caption, credit and rights note (shared by every article
    /// that uses it, as on the site's media library).
    pub fn describe_image(
        &self,
        hash: &str,
        description: &ImageDescription,
    ) -> Result<ImageRecord> {
        let description = cleaned(description)?;
        let now = self.now();
        self.db().write(|tx| {
            let before = rows::load(tx, hash)?;
            rows::describe(tx, hash, &description)?;
            // The words travel with the article to the site (the attachment's fields): every
            // article that uses the image has changed, so each gets a new version and goes
            // out with the next round.
            if before.description != description {
                for article in rows::articles_using(tx, hash)? {
                    article::touch(tx, article, ChangeKind::Edited, now)?;
                }
            }
            rows::load(tx, hash)
        })
    }

    /// Chooses the article's featured image (`None`: none).
    pub fn set_featured_image(
        &self,
        id: ArticleId,
        hash: Option<&str>,
    ) -> Result<Vec<ArticleImage>> {
        let now = self.now();
        self.db().write(|tx| {
            workflow::guard_edit(tx, id)?;
            if rows::featured(tx, id)?.as_deref() != hash {
                rows::set_featured(tx, id, hash)?;
                // The post's featured image is the article's: a new version goes out.
                article::touch(tx, id, ChangeKind::Edited, now)?;
            }
            article_images_tx(tx, id)
        })
    }

    pub fn featured_image(&self, id: ArticleId) -> Result<Option<String>> {
        self.db().read(|conn| rows::featured(conn, id))
    }

    /// Removes an image from the article's media. Refused while the body shows it. When no
    /// other article uses it and no body mentions it, its row and files are deleted.
    pub fn remove_image_from_article(
        &self,
        files: &ImageFiles,
        id: ArticleId,
        hash: &str,
    ) -> Result<Vec<ArticleImage>> {
        let (remaining, deleted) = self.db().write(|tx| {
            workflow::guard_edit(tx, id)?;
            let body = article::load(tx, id)?.draft.body;
            if images::referenced_hashes(&body).iter().any(|h| h == hash) {
                return Err(Error::Conflict(
                    "the text still shows this image; delete it from the text first".into(),
                ));
            }
            if !rows::unlink(tx, id, hash)? {
                return Err(Error::not_found("image of this article", hash));
            }
            let deleted = if mentioned_in_any_body(tx, hash)? {
                None
            } else {
                let record = rows::load(tx, hash)?;
                let original = rows::original_ext(tx, hash)?;
                rows::delete_if_unused(tx, hash)?.then_some((record, original))
            };
            Ok((article_images_tx(tx, id)?, deleted))
        })?;
        // Files go after the commit: a crash in between leaves files without a row, never
        // a row without its files.
        if let Some((record, original)) = deleted {
            files.remove(&record.hash, Variant::Web, &record.web_ext)?;
            files.remove(&record.hash, Variant::Thumb, &record.thumb_ext)?;
            if let Some(ext) = original {
                files.remove(&record.hash, Variant::Original, &ext)?;
            }
        }
        Ok(remaining)
    }

    /// Stores an image that came from the site (a pulled post shows it): checked, decoded
    /// and copied like an inserted one, but linked to no article yet and refused by no
    /// workflow state (sync writes what the site holds). Returns its row.
    pub fn store_site_image(
        &self,
        files: &ImageFiles,
        name: &str,
        bytes: &[u8],
    ) -> Result<ImageRecord> {
        let settings = self.image_settings()?;
        let prepared = images::prepare(files, name, bytes, &settings)?;
        let now = self.now();
        self.db().write(|tx| {
            rows::insert_if_absent(tx, &prepared.new_row(), now)?;
            rows::load(tx, &prepared.hash)
        })
    }

    /// Stores a colleague's web copy of image `hash` as it is (handed over through a post,
    /// or the file their app uploaded), so the references their body makes name it here
    /// too ([`images::verbatim`]). `words` describe it where this app has no words for it
    /// yet. An image already stored is left as it is. Returns its row.
    pub fn store_verbatim_image(
        &self,
        files: &ImageFiles,
        hash: &str,
        bytes: &[u8],
        words: &ImageDescription,
    ) -> Result<ImageRecord> {
        if let Some(record) = self.db().read(|conn| rows::find(conn, hash))? {
            return Ok(record);
        }
        let settings = self.image_settings()?;
        let prepared = images::verbatim::prepare(files, hash, bytes, &settings)?;
        let words = cleaned(words)?;
        let now = self.now();
        self.db().write(|tx| {
            rows::insert_if_absent(tx, &prepared.new_row(), now)?;
            if rows::load(tx, hash)?.description == ImageDescription::default() {
                rows::describe(tx, hash, &words)?;
            }
            rows::load(tx, hash)
        })
    }

    /// Links article `id` to every stored image its body shows (a pulled body names images
    /// the article did not use yet), and makes `featured` its featured image when that is
    /// one of them. Returns the hashes newly linked.
    pub fn link_body_images(&self, id: ArticleId, featured: Option<&str>) -> Result<Vec<String>> {
        let now = self.now();
        self.db().write(|tx| {
            let body = article::load(tx, id)?.draft.body;
            let mut linked = Vec::new();
            for hash in images::referenced_hashes(&body) {
                if rows::find(tx, &hash)?.is_some() && !rows::is_linked(tx, id, &hash)? {
                    rows::link(tx, id, &hash, now)?;
                    linked.push(hash);
                }
            }
            if let Some(hash) = featured {
                if rows::find(tx, hash)?.is_some() {
                    rows::link(tx, id, hash, now)?;
                    rows::set_featured(tx, id, Some(hash))?;
                }
            }
            Ok(linked)
        })
    }

    /// How many articles (live or trashed) use the image.
    pub fn image_reference_count(&self, hash: &str) -> Result<u32> {
        self.db().read(|conn| rows::reference_count(conn, hash))
    }

    /// Where a stored image's file is, for the preview's image protocol and uploads. Only
    /// images with a row are served.
    pub fn image_path(&self, files: &ImageFiles, hash: &str, variant: Variant) -> Result<PathBuf> {
        let record = self.image(hash)?;
        let ext = match variant {
            Variant::Web => record.web_ext,
            Variant::Thumb => record.thumb_ext,
            Variant::Original => self
                .db()
                .read(|conn| rows::original_ext(conn, hash))?
                .ok_or_else(|| Error::not_found("original of image", hash))?,
        };
        files.path(hash, variant, &ext)
    }
}
