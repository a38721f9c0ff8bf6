//! The `images` and `article_images` rows: what is stored, how it is described, and which
//! articles use it.

use crate::article::ArticleId;
use crate::clock::to_millis;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The words that go with an image wherever it is shown or sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImageDescription {
    /// What the image shows, for readers who cannot see it.
    pub alt: String,
    pub caption: String,
    /// The photographer or agency.
    pub credit: String,
    /// Where it comes from and what may be done with it.
    pub rights: String,
}

impl ImageDescription {
    /// Described enough to approve: alt text and a credit.
    pub fn is_complete(&self) -> bool {
        !self.alt.trim().is_empty() && !self.credit.trim().is_empty()
    }
}

/// A stored image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImageRecord {
    /// SHA-256 of the web copy: its name and its identity on every machine and site.
    pub hash: String,
    /// `jpg` or `png`.
    pub web_ext: String,
    pub thumb_ext: String,
    pub width: u32,
    pub height: u32,
    #[ts(type = "number")]
    pub byte_size: u64,
    /// `jpeg`, `png`, `webp` or `gif`: what was inserted.
    pub source_format: String,
    pub source_width: u32,
    pub source_height: u32,
    /// Whether the untouched original is kept on this machine.
    pub original_kept: bool,
    pub description: ImageDescription,
}

/// What a new row needs; the description starts empty.
pub struct NewImage<'a> {
    pub hash: &'a str,
    pub web_ext: &'a str,
    pub thumb_ext: &'a str,
    pub width: u32,
    pub height: u32,
    pub byte_size: u64,
    pub source_format: &'a str,
    pub source_width: u32,
    pub source_height: u32,
    pub original_ext: Option<&'a str>,
}

const COLUMNS: &str = "hash, web_ext, thumb_ext, width, height, byte_size, source_format,
    source_width, source_height, original_ext, alt, caption, credit, rights";

fn from_row(row: &Row) -> rusqlite::Result<ImageRecord> {
    Ok(ImageRecord {
        hash: row.get(0)?,
        web_ext: row.get(1)?,
        thumb_ext: row.get(2)?,
        width: row.get(3)?,
        height: row.get(4)?,
        byte_size: row.get::<_, i64>(5)? as u64,
        source_format: row.get(6)?,
        source_width: row.get(7)?,
        source_height: row.get(8)?,
        original_kept: row.get::<_, Option<String>>(9)?.is_some(),
        description: ImageDescription {
            alt: row.get(10)?,
            caption: row.get(11)?,
            credit: row.get(12)?,
            rights: row.get(13)?,
        },
    })
}

/// Adds the row unless the image is already stored (the same content imported again, or by
/// another article); a kept original is recorded either way.
pub fn insert_if_absent(conn: &Connection, image: &NewImage, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO images (hash, web_ext, thumb_ext, width, height, byte_size, source_format,
             source_width, source_height, original_ext, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (hash) DO UPDATE SET original_ext = coalesce(original_ext, excluded.original_ext)",
    )?
    .execute(params![
        image.hash,
        image.web_ext,
        image.thumb_ext,
        image.width,
        image.height,
        image.byte_size as i64,
        image.source_format,
        image.source_width,
        image.source_height,
        image.original_ext,
        to_millis(now),
    ])?;
    Ok(())
}

pub fn find(conn: &Connection, hash: &str) -> Result<Option<ImageRecord>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM images WHERE hash = ?1"))?
        .query_row([hash], from_row)
        .optional()?)
}

pub fn load(conn: &Connection, hash: &str) -> Result<ImageRecord> {
    find(conn, hash)?.ok_or_else(|| Error::not_found("image", hash))
}

/// The extension of the kept original, if any.
pub fn original_ext(conn: &Connection, hash: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT original_ext FROM images WHERE hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()?
        .flatten())
}

pub fn describe(conn: &Connection, hash: &str, description: &ImageDescription) -> Result<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE images SET alt = ?2, caption = ?3, credit = ?4, rights = ?5 WHERE hash = ?1",
        )?
        .execute(params![
            hash,
            description.alt,
            description.caption,
            description.credit,
            description.rights
        ])?;
    if changed == 0 {
        return Err(Error::not_found("image", hash));
    }
    Ok(())
}

/// Records that an article uses an image (once; a second insert changes nothing).
pub fn link(conn: &Connection, article: ArticleId, hash: &str, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO article_images (article_id, image_hash, added_at) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![article.to_string(), hash, to_millis(now)])?;
    Ok(())
}

/// Drops an article's use of an image; returns whether it had one.
pub fn unlink(conn: &Connection, article: ArticleId, hash: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM article_images WHERE article_id = ?1 AND image_hash = ?2")?
        .execute(params![article.to_string(), hash])?
        > 0)
}

/// Whether article `article` uses image `hash`.
pub fn is_linked(conn: &Connection, article: ArticleId, hash: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM article_images WHERE article_id = ?1 AND image_hash = ?2)",
        )?
        .query_row(params![article.to_string(), hash], |r| r.get(0))?)
}

/// The articles (live or trashed) that use the image.
pub fn articles_using(conn: &Connection, hash: &str) -> Result<Vec<ArticleId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id FROM article_images WHERE image_hash = ?1 ORDER BY article_id",
    )?;
    let ids = stmt
        .query_map([hash], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.iter()
        .map(|id| {
            id.parse::<ArticleId>()
                .map_err(|_| Error::Invalid(format!("{id:.40} is not an article id")))
        })
        .collect()
}

/// How many articles, live or trashed, use the image.
pub fn reference_count(conn: &Connection, hash: &str) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM article_images WHERE image_hash = ?1")?
        .query_row([hash], |r| r.get(0))?)
}

/// Deletes the row of an image no article uses; returns whether it did.
pub fn delete_if_unused(conn: &Connection, hash: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM images WHERE hash = ?1
             AND NOT EXISTS (SELECT 1 FROM article_images WHERE image_hash = ?1)",
        )?
        .execute([hash])?
        > 0)
}

/// An article's images with the featured flag, in the order they were added.
pub fn of_article(conn: &Connection, article: ArticleId) -> Result<Vec<(ImageRecord, bool)>> {
    let columns = COLUMNS
        .split(',')
        .map(|c| format!("images.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {columns}, article_images.featured FROM article_images
         JOIN images ON images.hash = article_images.image_hash
         WHERE article_images.article_id = ?1
         ORDER BY article_images.added_at, images.hash"
    ))?;
    let rows = stmt.query_map([article.to_string()], |row| {
        Ok((from_row(row)?, row.get::<_, bool>(14)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The article's featured image, if one is chosen.
pub fn featured(conn: &Connection, article: ArticleId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT image_hash FROM article_images WHERE article_id = ?1 AND featured = 1",
        )?
        .query_row([article.to_string()], |r| r.get(0))
        .optional()?)
}

/// Makes `hash` the article's featured image (`None`: none). The image must be one of the
/// article's.
pub fn set_featured(conn: &Connection, article: ArticleId, hash: Option<&str>) -> Result<()> {
    let id = article.to_string();
    conn.prepare_cached(
        "UPDATE article_images SET featured = 0 WHERE article_id = ?1 AND featured = 1",
    )?
    .execute([&id])?;
    if let Some(hash) = hash {
        let changed = conn
            .prepare_cached(
                "UPDATE article_images SET featured = 1 WHERE article_id = ?1 AND image_hash = ?2",
            )?
            .execute(params![id, hash])?;
        if changed == 0 {
            return Err(Error::Invalid(format!(
                "image {hash:.12}… is not one of this article's images; insert it first"
            )));
        }
    }
    Ok(())
}
