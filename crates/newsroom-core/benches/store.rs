//! Storage benchmarks on a real SQLite file:
//! - one autosave transaction (article row + revision + change log) on a 10,000-word body;
//! - opening the article list (first page + total) with 100,000 articles in the database.
//!
//! Run: `cargo bench -p newsroom-core --bench store`. The 100,000-article database is built
//! once per run in a temporary directory (about a minute).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use newsroom_core::article::ListQuery;
use newsroom_core::{ArticleDraft, Store, SystemClock};
use std::sync::Arc;

const WORDS: &[&str] = &[
    "полиция",
    "министр",
    "коллегия",
    "Казахстан",
    "граждане",
    "обращение",
    "работа",
    "органы",
    "внутренних",
    "дел",
    "безопасность",
    "дороги",
    "дети",
    "профилактика",
    "служба",
    "Алматы",
];

fn long_read(words: usize, seed: usize) -> String {
    let mut text = String::with_capacity(words * 10);
    for i in 0..words {
        text.push_str(WORDS[(i * 7 + seed) % WORDS.len()]);
        text.push(if i % 120 == 119 { '\n' } else { ' ' });
        if i % 120 == 119 {
            text.push('\n');
        }
    }
    text
}

fn autosave(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path(), Arc::new(SystemClock)).unwrap();
    let mut draft = ArticleDraft {
        headline: "Длинное чтение".into(),
        body: long_read(10_000, 0),
        ..ArticleDraft::default()
    };
    let article = store.create_article(&draft).unwrap();
    let mut version = article.version;
    let mut i = 0usize;
    c.bench_function("autosave 10k-word article (one transaction)", |b| {
        b.iter(|| {
            i += 1;
            draft
                .body
                .push_str(if i.is_multiple_of(2) { "а" } else { "б" });
            version = store
                .save_draft(article.id, &draft, version)
                .unwrap()
                .version;
        })
    });
}

fn list_with_100k(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path(), Arc::new(SystemClock)).unwrap();
    let body = long_read(400, 3);
    for chunk in 0..100 {
        store
            .db()
            .write(|tx| {
                let mut stmt = tx.prepare(
                    "INSERT INTO articles (id, headline, headline_key, body, word_count, created_at, updated_at)
                     VALUES (?1, ?2, lower(?2), ?3, 400, ?4, ?4)",
                )?;
                for i in 0..1_000 {
                    let n = chunk * 1_000 + i;
                    stmt.execute(rusqlite::params![
                        uuid::Uuid::now_v7().to_string(),
                        format!("Новость номер {n}: министр провёл коллегию"),
                        body,
                        1_700_000_000_000i64 + n as i64 * 1_000
                    ])?;
                }
                Ok(())
            })
            .unwrap();
    }
    c.bench_function("open article list (first 200 of 100k + total)", |b| {
        b.iter(|| store.list_articles(&ListQuery::default()).unwrap())
    });
    c.bench_function("filter article list by headline fragment (100k)", |b| {
        b.iter_batched(
            || ListQuery {
                filter: Some("номер 99".into()),
                ..ListQuery::default()
            },
            |q| store.list_articles(&q).unwrap(),
            BatchSize::SmallInput,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = autosave, list_with_100k
}
criterion_main!(benches);
