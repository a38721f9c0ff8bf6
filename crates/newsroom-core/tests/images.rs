//! Images on a real data directory: insert, strip metadata, orient, size, store by content,
//! count references, describe, feature, and refuse bad files without losing anything.

mod common;

use common::{open_store, TestStore};
use image::{DynamicImage, GenericImageView, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use newsroom_core::images::{ImageDescription, ImageFiles, ImageSettings, Variant};
use newsroom_core::workflow::{Action, Actor, Role};
use newsroom_core::{ArticleDraft, ArticleId, Error, ErrorCode};
use std::io::Cursor;

fn files(t: &TestStore) -> ImageFiles {
    ImageFiles::in_data_dir(t.dir.path())
}

fn article(t: &TestStore, body: &str) -> ArticleId {
    t.store
        .create_article(&ArticleDraft {
            headline: "Пожар на рынке".into(),
            body: body.into(),
            ..ArticleDraft::default()
        })
        .unwrap()
        .id
}

/// Left half red, right half blue: which way it stands shows after orientation.
fn two_colour(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([230, 20, 20])
        } else {
            Rgb([20, 20, 230])
        }
    })
}

/// An EXIF block (TIFF) with a position, a camera and an orientation, as a phone writes.
fn exif_with_gps(orientation: u16) -> Vec<u8> {
    use exif::experimental::Writer;
    use exif::{Field, In, Rational, Tag, Value};
    let r = |n: u32| Rational { num: n, denom: 1 };
    let fields = [
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![orientation]),
        },
        Field {
            tag: Tag::Make,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"SourceCam".to_vec()]),
        },
        Field {
            tag: Tag::Model,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"SerialX-1234".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"N".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![r(43), r(14), r(17)]),
        },
        Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"E".to_vec()]),
        },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![r(76), r(53), r(45)]),
        },
    ];
    let mut writer = Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("write exif");
    tiff.into_inner()
}

const XMP_LOCATION: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="43,14.28N" exif:GPSLongitude="76,53.75E"/></rdf:RDF></x:xmpmeta>"#;

/// A camera JPEG: EXIF with GPS, maker and orientation, plus XMP with the location.
fn camera_jpeg(pixels: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(exif_with_gps(orientation));
    encoder.add_app_segment(1, &app1).unwrap();
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend(XMP_LOCATION.as_bytes());
    encoder.add_app_segment(1, &xmp).unwrap();
    encoder
        .encode(
            pixels.as_raw(),
            pixels.width() as u16,
            pixels.height() as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

fn png(image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn gps_fields(bytes: &[u8]) -> Vec<String> {
    match exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        Ok(found) => found
            .fields()
            .filter(|f| {
                let name = f.tag.to_string();
                name.starts_with("GPS") || f.tag == exif::Tag::Make || f.tag == exif::Tag::Model
            })
            .map(|f| f.tag.to_string())
            .collect(),
        Err(exif::Error::NotFound(_)) => Vec::new(),
        Err(other) => panic!("the EXIF reader failed: {other}"),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn is_reddish(p: Rgb<u8>) -> bool {
    p[0] > 150 && p[2] < 100
}

fn is_bluish(p: Rgb<u8>) -> bool {
    p[2] > 150 && p[0] < 100
}

fn said_key(err: &Error) -> &str {
    err.as_said().map(|s| s.key.as_str()).unwrap_or("")
}

/// Every file under the image folder (none before the first image).
fn stored_files(files: &ImageFiles) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(files.root(), &mut out);
    out.sort();
    out
}

#[test]
fn location_and_device_data_are_stripped_and_the_photo_is_turned_upright() {
    let t = open_store();
    let files = files(&t);
    let id = article(&t, "");
    // Stored 400 × 200 with "rotate 90° clockwise to view" (orientation 6).
    let source = camera_jpeg(&two_colour(400, 200), 6);
    assert!(
        gps_fields(&source).len() >= 6,
        "the fixture carries a position and a camera: {:?}",
        gps_fields(&source)
    );
    assert!(contains(&source, b"GPSLatitude=") && contains(&source, b"SourceCam"));

    let inserted = t
        .store
        .insert_image(&files, id, "IMG_0001.jpg", &source)
        .unwrap();
    let image = &inserted.image.image;
    assert_eq!((image.width, image.height), (200, 400), "turned upright");
    assert_eq!(image.web_ext, "jpg");
    assert!(!image.original_kept);

    for variant in [Variant::Web, Variant::Thumb] {
        let path = t.store.image_path(&files, &image.hash, variant).unwrap();
        let kept = std::fs::read(&path).unwrap();
        assert_eq!(
            gps_fields(&kept),
            Vec::<String>::new(),
            "no GPS or camera tag in {variant:?}"
        );
        assert!(
            !contains(&kept, b"Exif\0\0"),
            "no EXIF block at all in {variant:?}"
        );
        assert!(
            !contains(&kept, b"http://ns.adobe.com/xap"),
            "no XMP in {variant:?}"
        );
        assert!(!contains(&kept, b"GPSLatitude") && !contains(&kept, b"SourceCam"));
        let decoded = image::load_from_memory(&kept).unwrap().to_rgb8();
        let (w, h) = decoded.dimensions();
        assert!(h > w, "{variant:?} stands upright: {w}×{h}");
        // Turned clockwise, the left (red) half is now on top.
        assert!(
            is_reddish(*decoded.get_pixel(w / 2, h / 8)),
            "{variant:?} top"
        );
        assert!(
            is_bluish(*decoded.get_pixel(w / 2, h * 7 / 8)),
            "{variant:?} bottom"
        );
    }
    // The web copy's name is its content's hash.
    let web = std::fs::read(
        t.store
            .image_path(&files, &image.hash, Variant::Web)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(newsroom_core::images::files::content_hash(&web), image.hash);
}

#[test]
fn the_original_is_kept_only_on_request_and_keeps_its_metadata() {
    let t = open_store();
    let files = files(&t);
    let id = article(&t, "");
    t.store
        .set_image_settings(&ImageSettings {
            keep_originals: true,
            ..ImageSettings::default()
        })
        .unwrap();
    let source = camera_jpeg(&two_colour(300, 200), 1);
    let inserted = t.store.insert_image(&files, id, "a.jpg", &source).unwrap();
    assert!(inserted.image.image.original_kept);
    let original = t
        .store
        .image_path(&files, &inserted.image.image.hash, Variant::Original)
        .unwrap();
    assert_eq!(std::fs::read(original).unwrap(), source, "untouched");
    let web = t
        .store
        .image_path(&files, &inserted.image.image.hash, Variant::Web)
        .unwrap();
    assert!(gps_fields(&std::fs::read(web).unwrap()).is_empty());
}

#[test]
fn the_web_copy_and_thumbnail_fit_their_long_edges_and_are_never_enlarged() {
    let t = open_store();
    let files = files(&t);
    let id = article(&t, "");
    let wide = png(&DynamicImage::ImageRgb8(two_colour(3000, 1000)));
    let big = t
        .store
        .insert_image(&files, id, "wide.png", &wide)
        .unwrap()
        .image
        .image;
    assert_eq!((big.width, big.height), (2048, 683));
    assert_eq!((big.source_width, big.source_height), (3000, 1000));
    assert_eq!(
        (big.web_ext.as_str(), big.source_format.as_str()),
        ("png", "png")
    );
    let thumb = image::open(
        t.store
            .image_path(&files, &big.hash, Variant::Thumb)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(thumb.dimensions(), (320, 107));

    t.store
        .set_image_settings(&ImageSettings {
            web_long_edge: 1024,
            ..ImageSettings::default()
        })
        .unwrap();
    let smaller = t
        .store
        .insert_image(&files, id, "wide.png", &wide)
        .unwrap()
        .image
        .image;
    assert_eq!((smaller.width, smaller.height), (1024, 341));
    assert_ne!(smaller.hash, big.hash, "another copy, another name");

    let small = png(&DynamicImage::ImageRgb8(two_colour(120, 80)));
    let kept = t
        .store
        .insert_image(&files, id, "small.png", &small)
        .unwrap()
        .image
        .image;
    assert_eq!((kept.width, kept.height), (120, 80));

    let err = t
        .store
        .set_image_settings(&ImageSettings {
            web_long_edge: 10,
            ..ImageSettings::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
}

#[test]
fn png_transparency_webp_and_gif_are_taken() {
    let t = open_store();
    let files = files(&t);
    let id = article(&t, "");
    let logo = DynamicImage::ImageRgba8(RgbaImage::from_fn(64, 32, |x, _| {
        Rgba([10, 200, 10, if x < 32 { 0 } else { 255 }])
    }));
    let kept = t
        .store
        .insert_image(&files, id, "logo.png", &png(&logo))
        .unwrap()
        .image
        .image;
    let back = image::open(
        t.store
            .image_path(&files, &kept.hash, Variant::Web)
            .unwrap(),
    )
    .unwrap()
    .to_rgba8();
    assert_eq!(back.get_pixel(5, 5)[3], 0, "transparency survives");
    assert_eq!(back.get_pixel(60, 5)[3], 255);

    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(
            two_colour(50, 40).as_raw(),
            50,
            40,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let from_webp = t
        .store
        .insert_image(&files, id, "p.webp", &webp)
        .unwrap()
        .image
        .image;
    assert_eq!(
        (from_webp.source_format.as_str(), from_webp.web_ext.as_str()),
        ("webp", "jpg")
    );

    let mut still = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut still)
        .encode_frame(image::Frame::new(RgbaImage::from_pixel(
            20,
            10,
            Rgba([0, 0, 255, 255]),
        )))
        .unwrap();
    let gif = t
        .store
        .insert_image(&files, id, "still.gif", &still)
        .unwrap();
    assert!(gif.notices.is_empty(), "a still GIF loses nothing");
    assert_eq!(gif.image.image.source_format, "gif");
}

#[test]
fn an_animated_gif_keeps_its_first_frame_and_says_the_animation_is_lost() {
    let t = open_store();
    let files = files(&t);
    let id = article(&t, "");
    let mut gif = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut gif);
        for colour in [Rgba([255, 0, 0, 255]), Rgba([0, 0, 255, 255])] {
            encoder
                .encode_frame(image::Frame::new(RgbaImage::from_pixel(20, 10, colour)))
                .unwrap();
        }
    }
    let inserted = t.store.insert_image(&files, id, "spin.gif", &gif).unwrap();
    assert_eq!(inserted.notices.len(), 1);
    assert_eq!(inserted.notices[0].key, "image.animation_lost");
    assert!(inserted.notices[0].text.contains("spin.gif"));
    let web = image::open(
        t.store
            .image_path(&files, &inserted.image.image.hash, Variant::Web)
            .unwrap(),
    )
    .unwrap()
    .to_rgb8();
    assert!(is_reddish(*web.get_pixel(10, 5)), "the first frame is kept");
}

#[test]
fn a_cmyk_jpeg_is_converted_to_rgb() {
    let t = open_store();
    let files = files(&t);
    let id = article(&t, "");
    // Pure red in CMYK: no cyan, full magenta and yellow, no black.
    let cmyk: Vec<u8> = std::iter::repeat_n([0u8, 255, 255, 0], 64 * 48)
        .flatten()
        .collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 90)
        .encode(&cmyk, 64, 48, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    let inserted = t
        .store
        .insert_image(&files, id, "print.jpg", &jpeg)
        .unwrap()
        .image
        .image;
    let web = image::open(
        t.store
            .image_path(&files, &inserted.hash, Variant::Web)
            .unwrap(),
    )
    .unwrap()
    .to_rgb8();
    let p = *web.get_pixel(32, 24);
    assert!(is_reddish(p) && p[1] < 100, "red stays red: {p:?}");
}

#[test]
fn the_same_image_is_stored_once_and_counted_per_article() {
    let t = open_store();
    let files = files(&t);
    let (a, b) = (article(&t, ""), article(&t, ""));
    let bytes = camera_jpeg(&two_colour(200, 100), 1);
    let first = t.store.insert_image(&files, a, "x.jpg", &bytes).unwrap();
    let count_files = stored_files(&files).len();
    let again = t.store.insert_image(&files, a, "x.jpg", &bytes).unwrap();
    let second = t.store.insert_image(&files, b, "copy.jpg", &bytes).unwrap();
    assert_eq!(first.image.image.hash, again.image.image.hash);
    assert_eq!(first.image.image.hash, second.image.image.hash);
    assert_eq!(stored_files(&files).len(), count_files, "no second file");
    assert_eq!(count_files, 2, "web copy and thumbnail");
    assert_eq!(
        t.store.article_images(a).unwrap().len(),
        1,
        "inserted twice, used once"
    );
    assert_eq!(
        t.store
            .image_reference_count(&first.image.image.hash)
            .unwrap(),
        2
    );
    assert_eq!(
        first.markdown,
        format!("![](images/{}.jpg)", first.image.image.hash)
    );
}

#[test]
fn trashing_an_article_never_deletes_an_image_another_article_uses() {
    let t = open_store();
    let files = files(&t);
    let (a, b) = (article(&t, ""), article(&t, ""));
    let bytes = png(&DynamicImage::ImageRgb8(two_colour(90, 60)));
    let hash = t
        .store
        .insert_image(&files, a, "x.png", &bytes)
        .unwrap()
        .image
        .image
        .hash;
    t.store.insert_image(&files, b, "x.png", &bytes).unwrap();
    let web = t.store.image_path(&files, &hash, Variant::Web).unwrap();

    t.store.trash_article(a).unwrap();
    t.store.remove_image_from_article(&files, b, &hash).unwrap();
    assert!(
        web.is_file(),
        "the trashed article can be restored with its image"
    );
    assert_eq!(t.store.image_reference_count(&hash).unwrap(), 1);

    t.store.restore_article(a).unwrap();
    assert_eq!(t.store.article_images(a).unwrap().len(), 1);
    t.store.remove_image_from_article(&files, a, &hash).unwrap();
    assert!(!web.is_file(), "no article uses it any more: its files go");
    assert!(
        stored_files(&files).is_empty(),
        "{:?}",
        stored_files(&files)
    );
    assert_eq!(
        t.store.image(&hash).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn an_image_the_body_shows_cannot_be_removed_and_one_another_body_mentions_stays() {
    let t = open_store();
    let files = files(&t);
    let a = article(&t, "");
    let bytes = png(&DynamicImage::ImageRgb8(two_colour(90, 60)));
    let inserted = t.store.insert_image(&files, a, "x.png", &bytes).unwrap();
    let hash = inserted.image.image.hash.clone();
    let current = t.store.article(a).unwrap();
    let draft = ArticleDraft {
        body: format!("Фото:\n\n{}", inserted.markdown),
        ..current.draft.clone()
    };
    t.store.save_revision(a, &draft, current.version).unwrap();
    assert!(t.store.article_images(a).unwrap()[0].in_body);
    let err = t
        .store
        .remove_image_from_article(&files, a, &hash)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");

    // The reference pasted into another article's body keeps the file alive.
    let b = article(&t, &inserted.markdown);
    let current = t.store.article(a).unwrap();
    let cleared = ArticleDraft {
        body: "Без фото".into(),
        ..current.draft.clone()
    };
    t.store.save_revision(a, &cleared, current.version).unwrap();
    t.store.remove_image_from_article(&files, a, &hash).unwrap();
    assert!(t
        .store
        .image_path(&files, &hash, Variant::Web)
        .unwrap()
        .is_file());
    let _ = b;
}

#[test]
fn one_featured_image_per_article() {
    let t = open_store();
    let files = files(&t);
    let (a, b) = (article(&t, ""), article(&t, ""));
    let one = t
        .store
        .insert_image(
            &files,
            a,
            "1.png",
            &png(&DynamicImage::ImageRgb8(two_colour(30, 20))),
        )
        .unwrap()
        .image
        .image
        .hash;
    let two = t
        .store
        .insert_image(
            &files,
            a,
            "2.png",
            &png(&DynamicImage::ImageRgb8(two_colour(20, 30))),
        )
        .unwrap()
        .image
        .image
        .hash;
    let other = t
        .store
        .insert_image(
            &files,
            b,
            "3.png",
            &png(&DynamicImage::ImageRgb8(two_colour(25, 25))),
        )
        .unwrap()
        .image
        .image
        .hash;
    t.store.set_featured_image(a, Some(&one)).unwrap();
    let listed = t.store.set_featured_image(a, Some(&two)).unwrap();
    let featured: Vec<_> = listed
        .iter()
        .filter(|i| i.featured)
        .map(|i| &i.image.hash)
        .collect();
    assert_eq!(featured, vec![&two]);
    assert_eq!(t.store.featured_image(a).unwrap(), Some(two.clone()));

    let err = t.store.set_featured_image(a, Some(&other)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    assert_eq!(
        t.store.featured_image(a).unwrap(),
        Some(two),
        "a refusal changes nothing"
    );
    t.store.set_featured_image(a, None).unwrap();
    assert_eq!(t.store.featured_image(a).unwrap(), None);
}

#[test]
fn approval_waits_until_every_image_in_the_body_has_alt_text_and_a_credit() {
    let t = open_store();
    let files = files(&t);
    let s = &t.store;
    let editor = s.create_profile("Борис", Role::Editor).unwrap();
    let e = Actor::Profile(editor.id);
    let a = article(&t, "");
    let inserted = s
        .insert_image(
            &files,
            a,
            "fire.png",
            &png(&DynamicImage::ImageRgb8(two_colour(40, 30))),
        )
        .unwrap();
    let hash = inserted.image.image.hash.clone();
    assert!(!inserted.image.described);
    let current = s.article(a).unwrap();
    let draft = ArticleDraft {
        body: format!("Рынок горел всю ночь.\n\n{}", inserted.markdown),
        ..current.draft.clone()
    };
    s.save_revision(a, &draft, current.version).unwrap();
    s.set_article_tags(a, &["Пожар".to_string()]).unwrap();
    s.apply_action(a, Action::Submit, &e, None).unwrap();

    let images_line = |s: &newsroom_core::Store| {
        s.check_article(a)
            .unwrap()
            .into_iter()
            .find(|c| c.check == "images")
            .expect("an images line")
    };
    assert_eq!(images_line(s).found, Some(1));
    let err = s.apply_action(a, Action::Approve, &e, None).unwrap_err();
    assert!(err.to_string().contains("images: 1 of 1"), "{err}");

    s.describe_image(
        &hash,
        &ImageDescription {
            alt: "  Пожарные у горящего павильона\n".into(),
            ..ImageDescription::default()
        },
    )
    .unwrap();
    assert!(!images_line(s).passed, "a credit is still missing");

    let described = s
        .describe_image(
            &hash,
            &ImageDescription {
                alt: "Пожарные у горящего павильона".into(),
                caption: "Алматы, 1 декабря.".into(),
                credit: "Фото: Айгерим С.".into(),
                rights: "Собственное фото редакции".into(),
            },
        )
        .unwrap();
    assert_eq!(described.description.alt, "Пожарные у горящего павильона");
    assert!(s.article_images(a).unwrap()[0].described);
    assert!(images_line(s).passed);
    s.apply_action(a, Action::Approve, &e, None).unwrap();
}

#[test]
fn a_body_without_images_has_no_images_line() {
    let t = open_store();
    let a = article(&t, "Просто текст.");
    assert!(t
        .store
        .check_article(a)
        .unwrap()
        .iter()
        .all(|c| c.check != "images"));
}

/// A bad file is refused with its reason, and nothing is stored or changed.
fn assert_refused_and_nothing_stored(t: &TestStore, id: ArticleId, err: Error, key: &str) {
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    assert_eq!(said_key(&err), key, "{err}");
    assert!(stored_files(&files(t)).is_empty());
    assert!(t.store.article_images(id).unwrap().is_empty());
}

#[test]
fn a_jpg_that_is_not_an_image_is_refused() {
    let t = open_store();
    let id = article(&t, "текст");
    let err = t
        .store
        .insert_image(&files(&t), id, "photo.jpg", b"<html>not a photo</html>")
        .unwrap_err();
    assert!(err.to_string().contains("photo.jpg"), "{err}");
    assert_refused_and_nothing_stored(&t, id, err, "image.not_an_image");
    assert_eq!(t.store.article(id).unwrap().draft.body, "текст");
}

#[test]
fn a_truncated_jpeg_is_refused() {
    let t = open_store();
    let id = article(&t, "");
    let whole = camera_jpeg(&two_colour(300, 200), 1);
    for cut in [whole.len() / 2, whole.len() - 2, 300] {
        let err = t
            .store
            .insert_image(&files(&t), id, "cut.jpg", &whole[..cut])
            .unwrap_err();
        assert_refused_and_nothing_stored(&t, id, err, "image.truncated");
    }
}

#[test]
fn a_truncated_png_is_refused() {
    let t = open_store();
    let id = article(&t, "");
    let whole = png(&DynamicImage::ImageRgb8(two_colour(300, 200)));
    let err = t
        .store
        .insert_image(&files(&t), id, "cut.png", &whole[..whole.len() / 2])
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    assert!(
        matches!(said_key(&err), "image.truncated" | "image.damaged"),
        "{err}"
    );
    assert!(stored_files(&files(&t)).is_empty());
}

/// A PNG whose header claims 100,000 × 100,000 pixels (30 GB of RGB), with a few bytes of
/// data: decoding it would exhaust memory.
fn png_bomb() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend(crc.finalize().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut out, b"IHDR", &ihdr);
    // A zlib stream of zeros: a real bomb compresses ~1000:1.
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    let t = open_store();
    let id = article(&t, "");
    let err = t
        .store
        .insert_image(&files(&t), id, "bomb.png", &png_bomb())
        .unwrap_err();
    assert!(err.to_string().contains("20000 pixels"), "{err}");
    assert_refused_and_nothing_stored(&t, id, err, "image.too_many_pixels");
}

#[test]
fn a_file_over_50_mb_is_refused_before_it_is_read() {
    let t = open_store();
    let id = article(&t, "");
    let limit = newsroom_core::images::MAX_FILE_BYTES;
    // A sparse file: its length says 50 MB + 1 byte; reading it would take the time.
    let path = t.dir.path().join("huge.jpg");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(limit + 1).unwrap();
    let err = t
        .store
        .insert_image_file(&files(&t), id, &path)
        .unwrap_err();
    assert!(err.to_string().contains("huge.jpg is 51 MB"), "{err}");
    assert_refused_and_nothing_stored(&t, id, err, "image.too_large_file");

    let mut bytes = vec![0u8; limit as usize + 1];
    bytes[..2].copy_from_slice(&[0xFF, 0xD8]);
    let err = t
        .store
        .insert_image(&files(&t), id, "huge.jpg", &bytes)
        .unwrap_err();
    assert_refused_and_nothing_stored(&t, id, err, "image.too_large_file");
}

#[test]
fn a_read_only_article_takes_no_image() {
    let t = open_store();
    let s = &t.store;
    let journalist = s.create_profile("Айгерим", Role::Journalist).unwrap();
    s.switch_profile(journalist.id).unwrap();
    let a = article(&t, "текст");
    s.apply_action(a, Action::Submit, &Actor::Profile(journalist.id), None)
        .unwrap();
    let bytes = png(&DynamicImage::ImageRgb8(two_colour(30, 20)));
    let err = s.insert_image(&files(&t), a, "x.png", &bytes).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    assert!(stored_files(&files(&t)).is_empty());
}

/// An image's words and the featured image go to the site with the article, so changing
/// them is an edit of every article that uses the image: a new version and an outbox row.
#[test]
fn describing_or_featuring_an_image_is_an_edit_of_the_articles_that_use_it() {
    let t = open_store();
    let files = files(&t);
    let (a, b, unrelated) = (article(&t, ""), article(&t, ""), article(&t, ""));
    let bytes = png(&DynamicImage::ImageRgb8(two_colour(40, 30)));
    let hash = t
        .store
        .insert_image(&files, a, "1.png", &bytes)
        .unwrap()
        .image
        .image
        .hash;
    t.store.insert_image(&files, b, "1.png", &bytes).unwrap();
    let version = |id| t.store.article(id).unwrap().version;
    let queued = |id: ArticleId| {
        t.store
            .db()
            .read(|c| newsroom_core::outbox::item(c, &id.to_string()))
            .unwrap()
    };
    t.store
        .db()
        .write(|tx| {
            for id in [a, b, unrelated] {
                newsroom_core::outbox::discard(tx, &id.to_string())?;
            }
            Ok(())
        })
        .unwrap();
    let before = (version(a), version(b), version(unrelated));
    let words = ImageDescription {
        alt: "Рынок".into(),
        credit: "Фото: Иванов".into(),
        ..ImageDescription::default()
    };
    t.store.describe_image(&hash, &words).unwrap();
    assert_eq!(version(a), before.0 + 1);
    assert_eq!(version(b), before.1 + 1, "every article that uses it");
    assert_eq!(version(unrelated), before.2, "and no other");
    assert!(queued(a).is_some() && queued(b).is_some(), "both go out");
    assert!(queued(unrelated).is_none());

    t.store.describe_image(&hash, &words).unwrap();
    assert_eq!(version(a), before.0 + 1, "the same words again are no edit");

    t.store.set_featured_image(a, Some(&hash)).unwrap();
    assert_eq!(version(a), before.0 + 2, "featuring is an edit");
    assert_eq!(version(b), before.1 + 1);
    t.store.set_featured_image(a, Some(&hash)).unwrap();
    assert_eq!(version(a), before.0 + 2, "featuring it again is none");
}
