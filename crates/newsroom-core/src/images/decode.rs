//! Checking and decoding an image file by its content, never by its name.
//!
//! Every refusal happens before pixels are allocated where it can: the size of the file is
//! checked first, then the format by its magic bytes, then the dimensions in the header
//! against decoder limits (a 100,000 × 100,000 PNG is refused from its header), and only
//! then are the pixels decoded.

use crate::error::{Error, ErrorCode, Result};
use crate::said::Said;
use image::error::{ImageError, LimitErrorKind};
use image::metadata::Orientation;
use image::{AnimationDecoder, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The largest file accepted, in bytes (50 MiB): larger than any camera JPEG, small enough
/// to hold in memory while it is checked.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The widest or tallest image accepted, in pixels.
pub const MAX_SIDE: u32 = 20_000;
/// The most memory the decoder may take for the pixels (and its own buffers).
pub const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// The formats the newsroom takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "jpeg",
            SourceFormat::Png => "png",
            SourceFormat::Webp => "webp",
            SourceFormat::Gif => "gif",
        }
    }

    /// The file extension of an untouched original in this format.
    pub fn extension(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "jpg",
            SourceFormat::Png => "png",
            SourceFormat::Webp => "webp",
            SourceFormat::Gif => "gif",
        }
    }

    fn of(format: ImageFormat) -> Option<SourceFormat> {
        match format {
            ImageFormat::Jpeg => Some(SourceFormat::Jpeg),
            ImageFormat::Png => Some(SourceFormat::Png),
            ImageFormat::WebP => Some(SourceFormat::Webp),
            ImageFormat::Gif => Some(SourceFormat::Gif),
            _ => None,
        }
    }
}

/// A decoded image with what the later steps need from its file.
pub struct Decoded {
    /// The pixels as stored in the file, before orientation.
    pub pixels: DynamicImage,
    pub format: SourceFormat,
    /// The EXIF orientation, applied when the copies are made.
    pub orientation: Orientation,
    /// An animated GIF: only its first frame is kept (the caller says so).
    pub animated: bool,
}

fn refusal(key: &str, text: String) -> Error {
    Error::said(ErrorCode::Invalid, Said::new(key, text))
}

/// Refuses a file over [`MAX_FILE_BYTES`] from its length alone.
pub fn check_file_size(name: &str, len: u64) -> Result<()> {
    if len > MAX_FILE_BYTES {
        let mb = |b: u64| b.div_ceil(1024 * 1024);
        return Err(refusal(
            "image.too_large_file",
            format!(
                "{name} is {} MB; images up to {} MB can be inserted — export a smaller copy",
                mb(len),
                mb(MAX_FILE_BYTES)
            ),
        )
        .with_said(|s| s.count("size_mb", mb(len) as i64)));
    }
    Ok(())
}

/// Checks `bytes` (named `name` in messages) and decodes it.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Decoded> {
    check_file_size(name, bytes.len() as u64)?;
    let format = image::guess_format(bytes)
        .ok()
        .and_then(SourceFormat::of)
        .ok_or_else(|| {
            refusal(
                "image.not_an_image",
                format!("{name} is not a JPEG, PNG, WebP or GIF image (its content is something else, whatever its name says)"),
            )
            .with_said(|s| s.text("name", name))
        })?;
    if format == SourceFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(truncated(name));
    }

    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(match format {
        SourceFormat::Jpeg => ImageFormat::Jpeg,
        SourceFormat::Png => ImageFormat::Png,
        SourceFormat::Webp => ImageFormat::WebP,
        SourceFormat::Gif => ImageFormat::Gif,
    });
    reader.limits(limits());
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| decode_error(name, format, e))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let pixels = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(name, format, e))?;
    let animated = format == SourceFormat::Gif && gif_is_animated(bytes);
    Ok(Decoded {
        pixels,
        format,
        orientation,
        animated,
    })
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn truncated(name: &str) -> Error {
    refusal(
        "image.truncated",
        format!("{name} is cut short (the file ends before the image does); copy it again from its source"),
    )
    .with_said(|s| s.text("name", name))
}

fn decode_error(name: &str, format: SourceFormat, err: ImageError) -> Error {
    match err {
        ImageError::Limits(limit) => {
            let detail = match limit.kind() {
                LimitErrorKind::DimensionError => {
                    format!("it is larger than {MAX_SIDE} pixels on a side")
                }
                _ => "decoding it would take more memory than an image may".to_string(),
            };
            refusal(
                "image.too_many_pixels",
                format!("{name} is too large to open safely: {detail}"),
            )
            .with_said(|s| s.text("name", name).count("max_side", MAX_SIDE as i64))
        }
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => truncated(name),
        other => refusal(
            "image.damaged",
            format!(
                "{name} looks like a {} image but cannot be read: {other}",
                format.as_str().to_uppercase()
            ),
        )
        .with_said(|s| s.text("name", name)),
    }
}

/// Whether a GIF has more than one frame. Only called after the first frame decoded within
/// the limits, so the frames are known to be of a bounded size.
fn gif_is_animated(bytes: &[u8]) -> bool {
    let Ok(decoder) = image::codecs::gif::GifDecoder::new(Cursor::new(bytes)) else {
        return false;
    };
    decoder.into_frames().take(2).count() > 1
}

/// Whether a JPEG reaches its end-of-image marker. The decoder fills a cut-off JPEG with
/// grey instead of failing, so the structure is walked here: marker segments up to each
/// start of scan, then the entropy-coded data (where a real marker is an `FF` followed by
/// anything but `00` or a restart `D0`–`D7`), until `FF D9`. Walking the segments skips the
/// EXIF thumbnail's own markers; data after the end marker (a phone's trailer) is ignored.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return false;
    }
    let mut at = 2;
    loop {
        // Fill bytes (FF FF …) may precede a marker.
        while at < bytes.len() && bytes[at] == 0xFF && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if at + 1 >= bytes.len() || bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        at += 2;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        if at + 2 > bytes.len() {
            return false;
        }
        let len = u16::from_be_bytes([bytes[at], bytes[at + 1]]) as usize;
        if len < 2 {
            return false;
        }
        at += len;
        if at > bytes.len() {
            return false;
        }
        if marker == 0xDA {
            // Entropy-coded data runs to the next real marker.
            loop {
                if at + 1 >= bytes.len() {
                    return false;
                }
                if bytes[at] == 0xFF && !matches!(bytes[at + 1], 0x00 | 0xD0..=0xD7 | 0xFF) {
                    break;
                }
                at += 1;
            }
        }
    }
}

trait WithSaid {
    fn with_said(self, f: impl FnOnce(Said) -> Said) -> Self;
}

impl WithSaid for Error {
    /// Adds arguments to a translatable refusal.
    fn with_said(self, f: impl FnOnce(Said) -> Said) -> Self {
        match self {
            Error::Said { code, said } => Error::Said {
                code,
                said: f(said),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut out)
            .encode(
                &vec![128u8; (width * height * 3) as usize],
                width,
                height,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        out
    }

    #[test]
    fn a_whole_jpeg_is_complete_and_every_cut_is_not() {
        let whole = jpeg(40, 30);
        assert!(jpeg_is_complete(&whole));
        for cut in 0..whole.len() {
            assert!(
                !jpeg_is_complete(&whole[..cut]),
                "cut at {cut} of {}",
                whole.len()
            );
        }
    }

    #[test]
    fn data_after_the_end_marker_is_ignored() {
        let mut with_trailer = jpeg(16, 16);
        with_trailer.extend(b"\xFF\xD8 a phone's motion-photo trailer");
        assert!(jpeg_is_complete(&with_trailer));
    }

    #[test]
    fn size_checks_come_before_anything_else() {
        assert!(check_file_size("a.jpg", MAX_FILE_BYTES).is_ok());
        let err = check_file_size("a.jpg", MAX_FILE_BYTES + 1).unwrap_err();
        assert_eq!(err.as_said().unwrap().key, "image.too_large_file");
    }
}
