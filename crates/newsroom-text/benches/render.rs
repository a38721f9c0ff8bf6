//! Speed of what runs on every keystroke pause or on demand over a long read: Markdown render
//! plus sanitizing (the live preview and what goes to the site), the typography pass, and
//! the counts. The article is 10,000 Cyrillic words with the Markdown a journalist uses.
//!
//! Sanitizing is measured against pulldown-cmark alone in the same run (the goal is render +
//! sanitize ≤ 2× pulldown-cmark), and against the reference pipeline it replaced
//! (pulldown-cmark's whole output through the HTML sanitizer). The same is done for an
//! article carrying some raw HTML, which takes the sanitizer path for those blocks.
//!
//! Run: `cargo bench -p newsroom-text --bench render`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsroom_text::render::{render_reference, Images};
use newsroom_text::{apply_typography, render_markdown, slugify, text_stats};
use pulldown_cmark::{html, Parser};
use std::hint::black_box;

/// A deterministic 10,000-word article: headings, paragraphs with quotes, dashes, numbers
/// and units, emphasis, links, a list and a code span now and then.
fn long_article(words: usize) -> String {
    const VOCAB: &[&str] = &[
        "министр",
        "внутренних",
        "дел",
        "Казахстана",
        "поручил",
        "в",
        "на",
        "и",
        "с",
        "по",
        "обществом",
        "\"обратная",
        "связь\"",
        "-",
        "5",
        "км",
        "10",
        "%",
        "Қазақстан",
        "үкімет",
        "теңге",
        "полиция",
        "граждан",
        "безопасности",
        "дорогах",
        "А.",
        "С.",
        "Пушкин",
        "...",
        "за",
        "9",
        "месяцев",
    ];
    let mut out = String::with_capacity(words * 12);
    let mut seed: u32 = 7;
    for i in 0..words {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let word = VOCAB[(seed >> 16) as usize % VOCAB.len()];
        if i % 800 == 0 {
            out.push_str("\n\n## Раздел про «обратную связь»\n\n");
        } else if i % 90 == 0 {
            out.push_str("\n\n");
        } else if i % 400 == 17 {
            out.push_str(
                "\n\n- пункт списка с **выделением**\n- и [ссылкой](https://example.kz/a--b)\n\n",
            );
        } else {
            out.push(' ');
        }
        if i % 150 == 3 {
            out.push_str("*курсив* `код - \"не трогать\"` ");
        }
        out.push_str(word);
    }
    out
}

/// What pulldown-cmark alone costs: parse and write HTML, nothing made safe.
fn pulldown_cmark_alone(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(
        &mut out,
        Parser::new_ext(markdown, newsroom_text::markdown::parser_options()),
    );
    out
}

fn with_raw_html(article: &str) -> String {
    article
        .split("\n\n")
        .enumerate()
        .map(|(i, para)| {
            if i % 20 == 10 {
                format!(
                    "<figure><img src=\"https://example.kz/{i}.jpg\" alt=\"фото\"><figcaption>Фото <b>{i}</b></figcaption></figure>\n\n{para}"
                )
            } else {
                para.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn benches(c: &mut Criterion) {
    // Some vocabulary tokens ("-", "%", "...") are not words, so generate tokens until the
    // counted words reach 10,000.
    let mut tokens = 10_000;
    let mut article = long_article(tokens);
    while text_stats(&article).words < 10_000 {
        tokens += tokens / 10;
        article = long_article(tokens);
    }
    let words = text_stats(&article).words;
    assert!(
        words >= 10_000,
        "the benchmark article must have at least 10,000 words, has {words}"
    );

    let mut group = c.benchmark_group("long_read_10k_words");
    group.throughput(Throughput::Bytes(article.len() as u64));
    group.bench_function("pulldown_cmark_alone", |b| {
        b.iter(|| pulldown_cmark_alone(black_box(&article)))
    });
    group.bench_function("render_and_sanitize", |b| {
        b.iter(|| render_markdown(black_box(&article)))
    });
    group.bench_function("reference_sanitize_everything", |b| {
        b.iter(|| render_reference(black_box(&article), Images::Load))
    });
    group.bench_function("typography", |b| {
        b.iter(|| apply_typography(black_box(&article)))
    });
    group.bench_function("text_stats", |b| b.iter(|| text_stats(black_box(&article))));
    group.finish();

    // A pulled post: the same article with a raw-HTML figure every 20 paragraphs.
    let with_html = with_raw_html(&article);
    let mut group = c.benchmark_group("long_read_with_raw_html");
    group.throughput(Throughput::Bytes(with_html.len() as u64));
    group.bench_function("pulldown_cmark_alone", |b| {
        b.iter(|| pulldown_cmark_alone(black_box(&with_html)))
    });
    group.bench_function("render_and_sanitize", |b| {
        b.iter(|| render_markdown(black_box(&with_html)))
    });
    group.bench_function("reference_sanitize_everything", |b| {
        b.iter(|| render_reference(black_box(&with_html), Images::Load))
    });
    group.finish();

    // One 2.3 MB paragraph of raw HTML (pasted from a web page): counts run on every
    // autosave, so they must stay linear — no tree build of the whole paragraph.
    let raw_html_paragraph = format!("начало <b>жирный</b> {}", "&amp;".repeat(460_000));
    c.bench_function("text_stats_raw_html_paragraph", |b| {
        b.iter(|| text_stats(black_box(&raw_html_paragraph)))
    });

    c.bench_function("slugify_headline", |b| {
        b.iter(|| {
            slugify(black_box(
                "Министр внутренних дел Казахстана поручил усилить «обратную связь» с обществом",
            ))
        })
    });
}

criterion_group!(render, benches);
criterion_main!(render);
