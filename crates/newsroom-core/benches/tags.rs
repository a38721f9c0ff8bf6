//! Tag autocomplete with 10,000 tags and 100,000 articles (300,000 article–tag links) in
//! a real SQLite file. Goal: under 5 ms per keystroke at p99.
//!
//! Run: `cargo bench -p newsroom-core --bench tags`. Before criterion's own runs, the bench
//! types 300 tag names keystroke by keystroke (every prefix, as the tag field asks) and
//! prints p50/p99/max of those calls — the number the goal is about.

use criterion::{criterion_group, criterion_main, Criterion};
use newsroom_core::tags::key::{key_words, tag_key};
use newsroom_core::{Store, SystemClock};
use std::collections::HashSet;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

const TAGS: usize = 10_000;
const ARTICLES: usize = 100_000;
const TAGS_PER_ARTICLE: usize = 3;

const SYLLABLES: &[&str] = &[
    "ба", "ры", "с", "ка", "за", "қа", "ла", "ә", "лем", "ұл", "ты", "ке", "но", "во", "сти", "ма",
    "ор", "да", "ғы", "ө", "нер", "і", "по", "го", "ст", "ан", "ха", "ри", "мо", "ту", "ше", "ү",
    "ң", "ел", "ер", "ак", "им", "бо", "ле", "ви", "зи", "ру",
];

/// A tiny deterministic generator, so every run builds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards small numbers, like tag popularity (a few tags carry most articles).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((u * u * u) * n as f64) as usize
    }
}

fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    let mut w: String = (0..n)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect();
    if rng.below(3) == 0 {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            w = first.to_uppercase().chain(chars).collect();
        }
    }
    w
}

fn tag_names(rng: &mut Rng) -> Vec<String> {
    let mut names = vec![
        "горячие новости".to_string(),
        "Барыс".to_string(),
        "ХК Барыс".to_string(),
        "Президент Казахстана".to_string(),
    ];
    let mut keys: HashSet<String> = names.iter().map(|n| tag_key(n)).collect();
    while names.len() < TAGS {
        let name = match rng.below(10) {
            0..=5 => word(rng),
            6..=8 => format!("{} {}", word(rng), word(rng)),
            _ => format!("{} {} {}", word(rng), word(rng), word(rng)),
        };
        if keys.insert(tag_key(&name)) {
            names.push(name);
        }
    }
    names
}

fn build(dir: &std::path::Path) -> (Store, Vec<String>) {
    let store = Store::open_dir(dir, Arc::new(SystemClock)).unwrap();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let names = tag_names(&mut rng);
    store
        .db()
        .write(|tx| {
            let mut tag = tx.prepare(
                "INSERT INTO tags (id, name, key, is_flag, created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0, 0)",
            )?;
            let mut words = tx.prepare("INSERT OR IGNORE INTO tag_words (word, tag_id) VALUES (?1, ?2)")?;
            for (i, name) in names.iter().enumerate() {
                let key = tag_key(name);
                tag.execute(rusqlite::params![i as i64 + 1, name, key])?;
                for w in key_words(&key) {
                    words.execute(rusqlite::params![w, i as i64 + 1])?;
                }
            }
            Ok(())
        })
        .unwrap();
    for chunk in 0..(ARTICLES / 10_000) {
        store
            .db()
            .write(|tx| {
                let mut article = tx.prepare(
                    "INSERT INTO articles (id, headline, headline_key, status, created_at, updated_at)
                     VALUES (?1, ?2, ?2, ?3, ?4, ?4)",
                )?;
                let mut link =
                    tx.prepare("INSERT OR IGNORE INTO article_tags (article_id, tag_id, position) VALUES (?1, ?2, ?3)")?;
                for i in 0..10_000 {
                    let n = chunk * 10_000 + i;
                    let id = uuid::Uuid::now_v7().to_string();
                    let status = if n % 10 < 8 { "published" } else { "draft" };
                    article.execute(rusqlite::params![id, format!("статья {n}"), status, n as i64])?;
                    for p in 0..TAGS_PER_ARTICLE {
                        link.execute(rusqlite::params![id, rng.skewed(TAGS) as i64 + 1, p as i64])?;
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    (store, names)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn autocomplete(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (store, names) = build(dir.path());
    eprintln!(
        "built {TAGS} tags, {ARTICLES} articles, {} links in {:.1} s",
        ARTICLES * TAGS_PER_ARTICLE,
        started.elapsed().as_secs_f64()
    );

    // Type 300 tag names one keystroke at a time, as the tag field does.
    let mut rng = Rng(42);
    let mut timings = Vec::new();
    for _ in 0..300 {
        let name = &names[rng.below(names.len())];
        let chars: Vec<char> = name.chars().collect();
        for len in 1..=chars.len() {
            let typed: String = chars[..len].iter().collect();
            let t = Instant::now();
            let hits = store.autocomplete_tags(&typed, 10).unwrap();
            timings.push(t.elapsed());
            black_box(hits);
        }
    }
    timings.sort();
    eprintln!(
        "tag autocomplete, {} keystrokes: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms (goal: p99 < 5 ms)",
        timings.len(),
        percentile(&timings, 0.50).as_secs_f64() * 1e3,
        percentile(&timings, 0.99).as_secs_f64() * 1e3,
        timings[timings.len() - 1].as_secs_f64() * 1e3,
    );

    for input in ["б", "ба", "бар", "хк бар", "қа"] {
        c.bench_function(
            &format!("tag autocomplete «{input}» (10k tags, 100k articles)"),
            |b| b.iter(|| black_box(store.autocomplete_tags(black_box(input), 10).unwrap())),
        );
    }
    c.bench_function("near-duplicate check of a new tag name (10k tags)", |b| {
        b.iter(|| black_box(store.check_tag_name(black_box("барыс хоккей")).unwrap()))
    });
    c.bench_function("tag cloud, top 30 (10k tags)", |b| {
        b.iter(|| black_box(store.tag_cloud(30).unwrap()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(3));
    targets = autocomplete
}
criterion_main!(benches);
