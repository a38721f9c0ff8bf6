//! Spell check speed: the team's real Russian article (tests/fixtures/article-ru-mvd.txt)
//! and a 10,000-word article made of its paragraphs, checked as the editor checks the body
//! after a pause in typing; and the one-off cost of loading each dictionary.
//!
//! Needs Debian's hunspell-ru, hunspell-kk and hunspell-en-us (scripts/setup.sh installs them).
//! Run: `cargo bench -p newsroom-core --bench spell`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsroom_core::spell::{check_text, Dictionaries, SpellChoice};
use newsroom_text::spell::{NewsroomWords, SpellLang};
use std::hint::black_box;
use std::time::Instant;

const ARTICLE: &str = include_str!("../../../tests/fixtures/article-ru-mvd.txt");

fn bench(c: &mut Criterion) {
    let dictionaries = Dictionaries::system();
    for lang in SpellLang::ALL {
        // Loading happens once per language per run of the app; one sample says enough.
        let fresh = Dictionaries::at("/usr/share/hunspell");
        let started = Instant::now();
        fresh.get(lang).expect("dictionary installed");
        println!(
            "load {}: {:.0} ms",
            lang.as_str(),
            started.elapsed().as_secs_f64() * 1e3
        );
        dictionaries.get(lang).expect("dictionary installed");
    }
    let newsroom = NewsroomWords::default();
    let long: String = (0..=10_000 / ARTICLE.split_whitespace().count())
        .map(|_| ARTICLE)
        .collect::<Vec<_>>()
        .join("\n\n");

    let mut group = c.benchmark_group("spell");
    for (name, text) in [
        ("article_ru_mvd", ARTICLE),
        ("ten_thousand_words", long.as_str()),
    ] {
        group.throughput(Throughput::Elements(text.split_whitespace().count() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(check_text(
                    dictionaries,
                    &newsroom,
                    black_box(text),
                    true,
                    SpellChoice::Auto,
                ))
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
