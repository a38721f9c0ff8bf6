//! Image uploads against the local WordPress, next to the plain REST requests the same work
//! needs, in the same run and of the same files: N articles, each with a photo of its own
//! (made here: a 3000 × 2000 camera-like JPEG, of which the app keeps and sends its
//! 2048-pixel web copy), pushed by the app in one sync round; and, for the backend, per photo
//! the upload of that same web copy with its alt text and caption, its credit into the
//! attachment's meta, and a post whose HTML shows the site's copy and names it the featured
//! image. Goal: the app at most 1.2× the plain requests.
//!
//! `cargo bench -p newsroom-sync --bench image_upload` (root: it starts the dedicated instance
//! as `sync_throughput` does). `NEWSROOM_BENCH_IMAGES` sets N (default 30). Without WordPress
//! it prints why and exits successfully.

mod common;

use common::{app, rate, start_instance};
use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, RgbImage};
use newsroom_core::images::{ImageDescription, ImageFiles, Variant};
use newsroom_core::ArticleDraft;
use newsroom_sync::wp::WpClient;
use serde_json::json;
use std::time::Instant;

/// A camera-like photo: a gradient under fine noise (so its JPEG is of a camera's size, not a
/// flat image's), different for every `seed`.
fn photo(seed: u64) -> Vec<u8> {
    let (width, height) = (3000u32, 2000u32);
    let mut state = 0x2545_F491_4F6C_DD1Du64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state & 0x1F) as u32;
        image::Rgb([
            ((x * 255 / width + noise + seed as u32) % 256) as u8,
            ((y * 255 / height + noise) % 256) as u8,
            (((x + y) * 127 / (width + height) + noise) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(
            pixels.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode");
    out
}

fn words(i: usize) -> ImageDescription {
    ImageDescription {
        alt: format!("Площадь в Алматы, снимок {i}"),
        caption: "Митинг у акимата".into(),
        credit: "Фото: Иванов / Newsroom".into(),
        rights: "своё".into(),
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("NEWSROOM_BENCH_IMAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let Some(instance) = start_instance() else {
        println!("image_upload: skipped — no local WordPress (run as root so scripts/wordpress/start.sh can start one)");
        return;
    };
    let url = instance.url.clone();
    let (editor, editor_pw) = instance.account("EDITOR");
    let plain = WpClient::new(&url, &editor, &editor_pw).expect("client");

    // The articles and their photos, made before anything is timed.
    let pusher = app(&url, &editor, &editor_pw).await;
    let files = ImageFiles::in_data_dir(pusher.dir.path());
    let mut web_copies = Vec::new();
    let mut articles = Vec::new();
    let mut bytes_sent = 0u64;
    for i in 0..n {
        let a = pusher
            .store
            .create_article(&ArticleDraft {
                headline: format!("Фоторепортаж {i}"),
                dek: "Лид статьи.".into(),
                body: "Первый абзац.".into(),
                ..ArticleDraft::default()
            })
            .expect("article");
        articles.push(a.id);
        let inserted = pusher
            .store
            .insert_image(&files, a.id, &format!("снимок-{i}.jpg"), &photo(i as u64))
            .expect("insert the photo");
        let hash = inserted.image.image.hash.clone();
        let ext = inserted.image.image.web_ext.clone();
        let now = pusher.store.article(a.id).expect("article");
        let mut draft = now.draft.clone();
        draft.body = format!("Первый абзац.\n\n{}\n\nВторой абзац.", inserted.markdown);
        pusher
            .store
            .save_revision(a.id, &draft, now.version)
            .expect("save");
        pusher
            .store
            .describe_image(&hash, &words(i))
            .expect("describe");
        pusher
            .store
            .set_featured_image(a.id, Some(&hash))
            .expect("featured");
        let path = files.path(&hash, Variant::Web, &ext).expect("path");
        let web = std::fs::read(&path).expect("web copy");
        bytes_sent += web.len() as u64;
        web_copies.push(web);
    }
    let mb = bytes_sent as f64 / 1e6;
    println!(
        "image_upload: N = {n} photos (3000 × 2000 in, web copies {mb:.1} MB in all), site {url}"
    );

    // 1. Backend: the plain requests for the same files (other names, so the app's own
    // uploads are never taken for them).
    let t = Instant::now();
    for (i, web) in web_copies.iter().enumerate() {
        let d = words(i);
        let caption = format!("{} — {}", d.caption, d.credit);
        let media = plain
            .upload_media(
                web.clone(),
                &format!("plain-{i}.jpg"),
                "image/jpeg",
                &[("alt_text", d.alt.clone()), ("caption", caption)],
            )
            .await
            .expect("plain upload");
        plain
            .update_media(media.id, &json!({"meta": {"newsroom_credit": d.credit}}))
            .await
            .expect("plain credit");
        let html = format!(
            "<p>Первый абзац.</p>\n<p><img src=\"{}\" alt=\"{}\"></p>\n<p>Второй абзац.</p>",
            media.source_url, d.alt
        );
        plain
            .create_post(&json!({
                "title": format!("Базовая линия {i}"),
                "excerpt": "Лид статьи.",
                "content": html,
                "status": "draft",
                "featured_media": media.id,
            }))
            .await
            .expect("plain post");
    }
    let backend = t.elapsed();

    // 2. The app: one round pushes the articles, uploading their photos. The backend's posts
    // are pulled first, outside the timing, so the round measures pushing.
    let site = newsroom_sync::engine::connect_site(&pusher.store, &pusher.secrets)
        .await
        .expect("site");
    newsroom_sync::pull::pull(&site, true)
        .await
        .expect("initial pull");
    let t = Instant::now();
    let report = newsroom_sync::round::run(&site, false)
        .await
        .expect("push round");
    let app_push = t.elapsed();
    assert_eq!(
        report.created as usize, n,
        "every article was created: {report:?}"
    );
    assert!(report.errors.is_empty(), "{report:?}");
    // Outside the timing: every article's post shows its photo from the site and names it
    // featured.
    for article in &articles {
        let key = article.to_string();
        let id = pusher
            .store
            .db()
            .read(|c| newsroom_sync::mirror::base(c, &key))
            .expect("base")
            .expect("the article has its post")
            .remote
            .remote_id;
        let post = plain.get_post(id).await.expect("the app's post");
        assert!(
            post.featured_media != 0 && post.content.contains("/wp-content/uploads/"),
            "post {id} shows the site's copy and names it featured: {} {}",
            post.featured_media,
            post.content
        );
    }

    println!(
        "upload {n}: backend {:>7.2?} ({:.1} photos/s, {:.1} MB/s) | app {:>7.2?} ({:.1} photos/s) | ratio {:.2}×",
        backend,
        rate(n, backend),
        mb / backend.as_secs_f64(),
        app_push,
        rate(n, app_push),
        app_push.as_secs_f64() / backend.as_secs_f64()
    );
}
