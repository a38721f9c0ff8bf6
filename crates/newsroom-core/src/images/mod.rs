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

use crate::error::{Error, ErrorCode, Result};
use crate::said::Said;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;
use ts_rs::TS;

/// The settings key holding [`ImageSettings`] as JSON.
pub const SETTINGS_KEY: &str = "images.settings";

/// The web copy's long edge may be set within this range, in pixels.
pub const WEB_LONG_EDGE: RangeInclusive<u32> = 256..=8192;
/// The thumbnail's long edge may be set within this range, in pixels.
pub const THUMB_LONG_EDGE: RangeInclusive<u32> = 64..=1024;

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

    /// Refuses a long edge outside its range, in words the UI translates
    /// (`image.settings.web_long_edge`, `image.settings.thumb_long_edge`).
    pub fn check(&self) -> Result<()> {
        let out_of_range = |key: &str, what: &str, range: &RangeInclusive<u32>, value: u32| {
            let text = format!(
                "the {what}'s long edge must be {}–{} pixels, not {value}",
                range.start(),
                range.end()
            );
            Error::said(
                ErrorCode::Invalid,
                Said::new(key, text)
                    .count("min", i64::from(*range.start()))
                    .count("max", i64::from(*range.end()))
                    .count("value", i64::from(value)),
            )
        };
        if !WEB_LONG_EDGE.contains(&self.web_long_edge) {
            return Err(out_of_range(
                "image.settings.web_long_edge",
                "web copy",
                &WEB_LONG_EDGE,
                self.web_long_edge,
            ));
        }
        if !THUMB_LONG_EDGE.contains(&self.thumb_long_edge) {
            return Err(out_of_range(
                "image.settings.thumb_long_edge",
                "thumbnail",
                &THUMB_LONG_EDGE,
                self.thumb_long_edge,
            ));
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

#[cfg(test)]
mod settings_tests {
    use super::*;

    #[test]
    fn a_long_edge_out_of_range_is_refused_in_words_the_ui_translates() {
        let err = ImageSettings {
            web_long_edge: 100,
            ..ImageSettings::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert_eq!(
            err.to_string(),
            "the web copy's long edge must be 256–8192 pixels, not 100"
        );
        let said = err.as_said().expect("a translatable refusal");
        assert_eq!(said.key, "image.settings.web_long_edge");
        assert_eq!(said.args.len(), 3, "{said:?}");
        let err = ImageSettings {
            thumb_long_edge: 2000,
            ..ImageSettings::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(
            err.as_said().map(|s| s.key.as_str()),
            Some("image.settings.thumb_long_edge")
        );
        assert!(ImageSettings {
            web_long_edge: *WEB_LONG_EDGE.start(),
            thumb_long_edge: *THUMB_LONG_EDGE.end(),
            keep_originals: true,
        }
        .check()
        .is_ok());
    }
}
