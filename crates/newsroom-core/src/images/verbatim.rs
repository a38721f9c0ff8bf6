//! A web copy another Newsroom app made, kept byte for byte.
//!
//! An image is named by the SHA-256 of its web copy, and a body names its images by that
//! name. When a colleague's app hands its copy over (inside the post, or as the file it
//! uploaded to the site), making a fresh copy would give the image another name, and the
//! body would name an image this app does not have. So such a copy is kept as it is, once
//! it has passed every check an inserted file passes, hashes to the name it came under, is
//! one of the formats a web copy is made in, and carries no metadata: the app's own copies
//! never do, and a copy with a location or device tag is refused rather than kept with it.

use super::decode::{self, SourceFormat};
use super::files::{self, ImageFiles, Variant};
use super::process::{self, Encoding};
use super::{ImageSettings, Prepared};
use crate::error::{Error, ErrorCode, Result};
use crate::said::Said;
use image::metadata::Orientation;

fn refusal(hash: &str, why: &str) -> Error {
    Error::said(
        ErrorCode::Invalid,
        Said::new(
            "image.handover_refused",
            format!("a colleague's copy of image {hash:.12}… was not taken: {why}"),
        )
        .text("why", why),
    )
}

/// Checks a colleague's web copy named `hash` and writes its files (the copy as it is, a
/// thumbnail made here). No database work: the caller adds the row.
pub fn prepare(
    files: &ImageFiles,
    hash: &str,
    bytes: &[u8],
    settings: &ImageSettings,
) -> Result<Prepared> {
    settings.check()?;
    if !files::is_hash(hash) || files::content_hash(bytes) != hash {
        return Err(refusal(hash, "its content does not match its name"));
    }
    let name = format!("{hash:.12}");
    let decoded = decode::decode(&name, bytes)?;
    let encoding = match decoded.format {
        SourceFormat::Jpeg => Encoding::Jpeg,
        SourceFormat::Png => Encoding::Png,
        SourceFormat::Webp | SourceFormat::Gif => {
            return Err(refusal(hash, "a web copy is a JPEG or a PNG"))
        }
    };
    if decoded.orientation != Orientation::NoTransforms || !metadata_free(bytes, encoding) {
        return Err(refusal(
            hash,
            "it carries metadata (location, device or text tags) that the app removes",
        ));
    }
    let (width, height) = (decoded.pixels.width(), decoded.pixels.height());
    let thumb = process::thumbnail(decoded.pixels, encoding, settings.sizes())?;
    files.put(hash, Variant::Web, encoding.extension(), bytes)?;
    files.put(
        hash,
        Variant::Thumb,
        thumb.encoding.extension(),
        &thumb.bytes,
    )?;
    Ok(Prepared {
        hash: hash.to_string(),
        web_ext: encoding.extension(),
        thumb_ext: thumb.encoding.extension(),
        width,
        height,
        byte_size: bytes.len() as u64,
        source_format: decoded.format,
        source_width: width,
        source_height: height,
        original_ext: None,
        notices: Vec::new(),
    })
}

/// Whether a JPEG or PNG holds nothing but its pixels and how to show them: no EXIF, XMP,
/// IPTC, comment or text segment, the places where location and device data live.
pub fn metadata_free(bytes: &[u8], encoding: Encoding) -> bool {
    match encoding {
        Encoding::Jpeg => jpeg_metadata_free(bytes),
        Encoding::Png => png_metadata_free(bytes),
    }
}

/// Walks the JPEG's segments up to the image data: APP0 (JFIF) is allowed, every other
/// application segment (APP1 EXIF/XMP, APP13 IPTC…) and comments are not.
fn jpeg_metadata_free(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        match marker {
            // Fill bytes before a marker.
            0xFF => {
                at += 1;
                continue;
            }
            // Start of scan: the image data follows; nothing after it is a segment we read.
            0xDA => return true,
            0xE1..=0xEF | 0xFE => return false,
            _ => {}
        }
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        if len < 2 {
            return false;
        }
        at += 2 + len;
    }
    false
}

/// Walks the PNG's chunks: only those that describe pixels and colour are allowed, not
/// text, EXIF or time chunks, nor any chunk this check does not know.
fn png_metadata_free(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    const ALLOWED: [&[u8; 4]; 11] = [
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD",
        b"pHYs",
    ];
    if !bytes.starts_with(SIGNATURE) {
        return false;
    }
    let mut at = SIGNATURE.len();
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let kind = &bytes[at + 4..at + 8];
        if !ALLOWED.iter().any(|a| a.as_slice() == kind) {
            return false;
        }
        if kind == b"IEND" {
            return true;
        }
        at = match at.checked_add(12 + len as usize) {
            Some(next) => next,
            None => return false,
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{prepare as prepare_insert, ImageSettings};

    fn photo(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    /// A web copy as another app made it: inserted there, read from its files.
    fn colleagues_copy(bytes: &[u8]) -> (String, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let files = ImageFiles::new(dir.path());
        let p = prepare_insert(&files, "a.jpg", bytes, &ImageSettings::default()).unwrap();
        let web = std::fs::read(files.path(&p.hash, Variant::Web, p.web_ext).unwrap()).unwrap();
        (p.hash, web)
    }

    #[test]
    fn a_colleagues_copy_keeps_its_name_and_bytes() {
        let (hash, web) = colleagues_copy(&photo(300, 200));
        let dir = tempfile::tempdir().unwrap();
        let files = ImageFiles::new(dir.path());
        let p = prepare(&files, &hash, &web, &ImageSettings::default()).unwrap();
        assert_eq!(p.hash, hash);
        assert_eq!((p.width, p.height, p.web_ext), (300, 200, "jpg"));
        let kept = std::fs::read(files.path(&hash, Variant::Web, "jpg").unwrap()).unwrap();
        assert_eq!(kept, web, "kept byte for byte");
        assert!(files
            .path(&hash, Variant::Thumb, p.thumb_ext)
            .unwrap()
            .exists());
    }

    #[test]
    fn a_copy_under_another_name_is_refused() {
        let (hash, mut web) = colleagues_copy(&photo(64, 48));
        let dir = tempfile::tempdir().unwrap();
        let files = ImageFiles::new(dir.path());
        let other = "0".repeat(64);
        let e = prepare(&files, &other, &web, &ImageSettings::default()).unwrap_err();
        assert!(e.to_string().contains("does not match its name"), "{e}");
        let last = web.len() - 3;
        web[last] ^= 1;
        assert!(prepare(&files, &hash, &web, &ImageSettings::default()).is_err());
        assert!(prepare(&files, "../../etc", b"x", &ImageSettings::default()).is_err());
        assert!(std::fs::read_dir(dir.path()).map_or(true, |mut d| d.next().is_none()));
    }

    #[test]
    fn a_copy_with_metadata_is_refused() {
        let (_, web) = colleagues_copy(&photo(64, 48));
        // An EXIF segment (APP1) right after SOI, as a camera writes it.
        let mut tagged = web[..2].to_vec();
        let exif = b"Exif\0\0MM\0*\0\0\0\x08\0\0";
        tagged.extend_from_slice(&[0xFF, 0xE1]);
        tagged.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        tagged.extend_from_slice(exif);
        tagged.extend_from_slice(&web[2..]);
        assert!(metadata_free(&web, Encoding::Jpeg));
        assert!(!metadata_free(&tagged, Encoding::Jpeg));
        let hash = files::content_hash(&tagged);
        let dir = tempfile::tempdir().unwrap();
        let e = prepare(
            &ImageFiles::new(dir.path()),
            &hash,
            &tagged,
            &ImageSettings::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("metadata"), "{e}");
    }

    #[test]
    fn png_text_chunks_count_as_metadata() {
        let img = image::RgbaImage::from_pixel(8, 8, image::Rgba([1, 2, 3, 4]));
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let png = png.into_inner();
        assert!(metadata_free(&png, Encoding::Png));
        // A tEXt chunk before IEND (its CRC is not checked here: the chunk's kind is enough).
        let iend = png.len() - 12;
        let mut texted = png[..iend].to_vec();
        texted.extend_from_slice(&12u32.to_be_bytes());
        texted.extend_from_slice(b"tEXtLocation\0x\0\0\0\0");
        texted.extend_from_slice(&png[iend..]);
        assert!(!metadata_free(&texted, Encoding::Png));
        assert!(
            !metadata_free(b"\x89PNG\r\n\x1a\n", Encoding::Png),
            "no IEND"
        );
        assert!(!metadata_free(
            &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0],
            Encoding::Jpeg
        ));
    }
}
