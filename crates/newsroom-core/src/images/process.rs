//! Making the copies the newsroom keeps: the web copy at a long edge and a thumbnail.
//!
//! Both are re-encoded from pixels, so nothing of the source file's metadata survives: no
//! EXIF (GPS position, camera maker and serial, maker notes), no XMP (location), no IPTC.
//! The EXIF orientation is applied to the pixels first, so the copies stand upright in
//! every viewer without the tag that used to say so.

use super::decode::{Decoded, SourceFormat};
use crate::error::{Error, Result};
use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageEncoder};

/// JPEG quality of the copies: visually clean for news photos at a fraction of the size.
const JPEG_QUALITY: u8 = 85;

/// The long edges of the copies, in pixels. Copies are never enlarged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub web_long_edge: u32,
    pub thumb_long_edge: u32,
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes {
            web_long_edge: 2048,
            thumb_long_edge: 320,
        }
    }
}

/// How a copy is encoded: photos as JPEG, images with transparency or drawn graphics
/// (PNG, GIF) as PNG so their edges and alpha survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Jpeg,
    Png,
}

impl Encoding {
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Jpeg => "jpg",
            Encoding::Png => "png",
        }
    }

    pub fn from_extension(ext: &str) -> Option<Encoding> {
        match ext {
            "jpg" => Some(Encoding::Jpeg),
            "png" => Some(Encoding::Png),
            _ => None,
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Encoding::Jpeg => "image/jpeg",
            Encoding::Png => "image/png",
        }
    }
}

/// One encoded copy.
pub struct EncodedCopy {
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    pub width: u32,
    pub height: u32,
}

pub struct Copies {
    pub web: EncodedCopy,
    pub thumb: EncodedCopy,
}

/// Makes the web copy and the thumbnail of a decoded image.
pub fn make_copies(decoded: Decoded, sizes: Sizes) -> Result<Copies> {
    let has_alpha = decoded.pixels.color().has_alpha();
    let encoding = match decoded.format {
        SourceFormat::Jpeg => Encoding::Jpeg,
        SourceFormat::Png | SourceFormat::Gif => Encoding::Png,
        SourceFormat::Webp if has_alpha => Encoding::Png,
        SourceFormat::Webp => Encoding::Jpeg,
    };
    // Eight bits per channel, alpha only where the copy can carry it. `into_*` moves the
    // buffer when it already has that layout (every JPEG), so a 24-megapixel photo is not
    // copied here.
    let pixels = match encoding {
        Encoding::Png if has_alpha => DynamicImage::ImageRgba8(decoded.pixels.into_rgba8()),
        _ => DynamicImage::ImageRgb8(decoded.pixels.into_rgb8()),
    };
    let web = scaled(&pixels, decoded.orientation, sizes.web_long_edge)?;
    // The thumbnail comes from the web copy: far fewer pixels to read, no visible loss.
    let thumb = thumbnail_of(&web, has_alpha, encoding, sizes)?;
    Ok(Copies {
        web: encode(&web, encoding)?,
        thumb,
    })
}

/// The thumbnail of a web copy already made (`encoding`: the web copy's), for a copy kept
/// as it came ([`super::verbatim`]).
pub fn thumbnail(web: DynamicImage, encoding: Encoding, sizes: Sizes) -> Result<EncodedCopy> {
    let has_alpha = web.color().has_alpha();
    let pixels = match encoding {
        Encoding::Png if has_alpha => DynamicImage::ImageRgba8(web.into_rgba8()),
        _ => DynamicImage::ImageRgb8(web.into_rgb8()),
    };
    thumbnail_of(&pixels, has_alpha, encoding, sizes)
}

fn thumbnail_of(
    web: &DynamicImage,
    has_alpha: bool,
    encoding: Encoding,
    sizes: Sizes,
) -> Result<EncodedCopy> {
    let thumb = scaled(web, Orientation::NoTransforms, sizes.thumb_long_edge)?;
    let thumb_encoding = if has_alpha && encoding == Encoding::Png {
        Encoding::Png
    } else {
        Encoding::Jpeg
    };
    encode(&thumb, thumb_encoding)
}

/// The size that fits `long_edge` keeping the aspect ratio, never larger than the source.
pub fn fit(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_edge {
        return (width, height);
    }
    let scale = |side: u32| {
        ((side as u64 * long_edge as u64 + long as u64 / 2) / long as u64).max(1) as u32
    };
    (scale(width), scale(height))
}

/// Resizes to the long edge, then orients: turning the small copy is cheaper than turning
/// the source.
fn scaled(pixels: &DynamicImage, orientation: Orientation, long_edge: u32) -> Result<DynamicImage> {
    let (w, h) = fit(pixels.width(), pixels.height(), long_edge);
    let mut out = if (w, h) == (pixels.width(), pixels.height()) {
        pixels.clone()
    } else {
        let mut dst = DynamicImage::new(w, h, pixels.color());
        Resizer::new()
            .resize(
                pixels,
                &mut dst,
                &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
            )
            .map_err(|e| Error::Invalid(format!("the image could not be resized: {e}")))?;
        dst
    };
    out.apply_orientation(orientation);
    Ok(out)
}

fn encode(pixels: &DynamicImage, encoding: Encoding) -> Result<EncodedCopy> {
    let mut bytes = Vec::new();
    let (width, height) = (pixels.width(), pixels.height());
    let written = match encoding {
        Encoding::Jpeg => JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).write_image(
            pixels.as_bytes(),
            width,
            height,
            pixels.color().into(),
        ),
        Encoding::Png => PngEncoder::new(&mut bytes).write_image(
            pixels.as_bytes(),
            width,
            height,
            pixels.color().into(),
        ),
    };
    written.map_err(|e| Error::Invalid(format!("the image copy could not be encoded: {e}")))?;
    Ok(EncodedCopy {
        bytes,
        encoding,
        width,
        height,
    })
}
