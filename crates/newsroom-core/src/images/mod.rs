//! Images: checking and decoding an inserted file ([`decode`]), the copies the newsroom
//! keeps ([`process`]), their files in the data directory named by content ([`files`]),
//! their rows and which articles use them ([`rows`]), and image references in a body
//! ([`body_refs`]); a colleague's web copy kept byte for byte ([`verbatim`]). The operations that combine these with an article are in
//! [`crate::media`].
//!
//! Crates: `image` decodes (with limits) and encodes, `fast_image_resize` resizes, `sha2`
//! names the files, `pulldown-cmark` finds references in a body.

pub mod body_refs;
pub mod decode;
pub mod files;
pub mod process;
pub mod rows;
pub mod verbatim;

pub use body_refs::{markdown_ref, referenced_hashes};
pub use decode::{SourceFormat, MAX_FILE_BYTES};
pub use files::{ImageFiles, Variant};
pub use process::Sizes;
pub use rows::{ImageDescription, ImageRecord};

use crate::error::{Error, Result};
use crate::said::Said;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The settings key holding [`ImageSettings`] as JSON.
pub const SETTINGS_KEY: &str = "images.settings";

/// How inserted images are kept. Missing JSON fields take the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ImageSettings {
    /// The long edge of the web copy, in pixels (256–8192).
    pub web_long_edge: u32,
    /// The long edge of the media panel's thumbnails (64–1024).
    pub thumb_long_edge: u32,
    /// Keep the untouched original (with its location and camera data) on this machine.
    /// It is never sent.
    pub keep_originals: bool,
}

impl Default for ImageSettings {
    fn default() -> Self {
        let sizes = Sizes::default();
        ImageSettings {
            web_long_edge: sizes.web_long_edge,
            thumb_long_edge: sizes.thumb_long_edge,
            keep_originals: false,
        }
    }
}

impl ImageSettings {
    pub fn sizes(&self) -> Sizes {
        Sizes {
            web_long_edge: self.web_long_edge,
            thumb_long_edge: self.thumb_long_edge,
        }
    }

    pub fn check(&self) -> Result<()> {
        if !(256..=8192).contains(&self.web_long_edge) {
            return Err(Error::Invalid(format!(
                "the web copy's long edge must be 256–8192 pixels, not {}",
                self.web_long_edge
            )));
        }
        if !(64..=1024).contains(&self.thumb_long_edge) {
            return Err(Error::Invalid(format!(
                "the thumbnail's long edge must be 64–1024 pixels, not {}",
                self.thumb_long_edge
            )));
        }
        Ok(())
    }
}

pub fn load_settings(conn: &Connection) -> Result<ImageSettings> {
    match crate::settings::get(conn, SETTINGS_KEY)? {
        None => Ok(ImageSettings::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| Error::Invalid(format!("the image settings are unreadable: {e}"))),
    }
}

pub fn save_settings(conn: &Connection, settings: &ImageSettings) -> Result<()> {
    settings.check()?;
    let json = serde_json::to_string(settings)
        .map_err(|e| Error::Invalid(format!("the image settings cannot be stored: {e}")))?;
    crate::settings::put(conn, SETTINGS_KEY, &json)
}

/// An image made ready to store: its files are written, its row is not yet.
#[derive(Debug)]
pub struct Prepared {
    pub hash: String,
    pub web_ext: &'static str,
    pub thumb_ext: &'static str,
    pub width: u32,
    pub height: u32,
    pub byte_size: u64,
    pub source_format: SourceFormat,
    pub source_width: u32,
    pub source_height: u32,
    pub original_ext: Option<&'static str>,
    /// What the user should know about the import (an animation that was not kept).
    pub notices: Vec<Said>,
}

impl Prepared {
    pub fn new_row(&self) -> rows::NewImage<'_> {
        rows::NewImage {
            hash: &self.hash,
            web_ext: self.web_ext,
            thumb_ext: self.thumb_ext,
            width: self.width,
            height: self.height,
            byte_size: self.byte_size,
            source_format: self.source_format.as_str(),
            source_width: self.source_width,
            source_height: self.source_height,
            original_ext: self.original_ext,
        }
    }
}

/// Checks and decodes `bytes`, makes the copies and writes their files. No database work:
/// the caller adds the row in its transaction. Files of the same content are written once.
pub fn prepare(
    files: &ImageFiles,
    name: &str,
    bytes: &[u8],
    settings: &ImageSettings,
) -> Result<Prepared> {
    settings.check()?;
    let decoded = decode::decode(name, bytes)?;
    let (source_format, animated) = (decoded.format, decoded.animated);
    let (source_width, source_height) = (decoded.pixels.width(), decoded.pixels.height());
    let copies = process::make_copies(decoded, settings.sizes())?;
    let hash = files::content_hash(&copies.web.bytes);
    let web_ext = copies.web.encoding.extension();
    let thumb_ext = copies.thumb.encoding.extension();
    files.put(&hash, Variant::Web, web_ext, &copies.web.bytes)?;
    files.put(&hash, Variant::Thumb, thumb_ext, &copies.thumb.bytes)?;
    let original_ext = if settings.keep_originals {
        let ext = source_format.extension();
        files.put(&hash, Variant::Original, ext, bytes)?;
        Some(ext)
    } else {
        None
    };
    let mut notices = Vec::new();
    if animated {
        notices.push(Said::new(
            "image.animation_lost",
            format!("{name} is animated; only its first frame is kept — link to the animation if it matters"),
        )
        .text("name", name));
    }
    Ok(Prepared {
        hash,
        web_ext,
        thumb_ext,
        width: copies.web.width,
        height: copies.web.height,
        byte_size: copies.web.bytes.len() as u64,
        source_format,
        source_width,
        source_height,
        original_ext,
        notices,
    })
}
