//! The web copy of a 24-megapixel camera JPEG (6000 × 4000): decode, resize to the 2048 px
//! long edge, orient, re-encode, and the thumbnail; what inserting a photo costs before the
//! files are written. Goal: under 1 s.
//!
//! The photo is made here (a smooth gradient with fine noise, so the JPEG is of camera
//! size, ~8–12 MB at quality 92) rather than shipped.
//! Run: `cargo bench -p newsroom-core --bench images`

use criterion::{criterion_group, criterion_main, Criterion};
use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, RgbImage};
use newsroom_core::images::{decode, process, Sizes};
use std::hint::black_box;

fn camera_photo(width: u32, height: u32) -> Vec<u8> {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let noise = (seed & 0x1F) as u32;
        image::Rgb([
            ((x * 255 / width + noise) % 256) as u8,
            ((y * 255 / height + noise) % 256) as u8,
            (((x + y) * 127 / (width + height) + noise) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 92)
        .write_image(
            pixels.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode");
    out
}

fn bench(c: &mut Criterion) {
    let photo = camera_photo(6000, 4000);
    println!("source: 6000×4000 JPEG, {:.1} MB", photo.len() as f64 / 1e6);
    let mut group = c.benchmark_group("images");
    group.sample_size(10);
    group.bench_function("web_copy_24mp_jpeg", |b| {
        b.iter(|| {
            let decoded = decode::decode("photo.jpg", black_box(&photo)).expect("decode");
            let copies = process::make_copies(decoded, Sizes::default()).expect("copies");
            assert_eq!(copies.web.width, 2048);
            black_box(copies)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
