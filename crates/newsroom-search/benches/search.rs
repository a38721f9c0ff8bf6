//! Search benchmark (issue 6): N generated Russian articles of ~500 words; p50/p99 of the
//! top 20 by relevance for one-word, two-word and prefix queries; index size against the
//! raw text. See `crates/newsroom-search/BENCHMARKS.md` for results and how to run it.
//!
//! Environment: `BENCH_ARTICLES` (default 20000), `BENCH_WORDS` (500), `BENCH_QUERIES`
//! per kind (300), `BENCH_DIR` (default `target/search-bench/<N>`; the database and index
//! are kept there and reused by the next run with the same N), `BENCH_REBUILD=1` to
//! rebuild the index even if it exists.

mod corpus;

use corpus::{Corpus, Rng};
use newsroom_core::{ArticleId, Store, SystemClock};
use newsroom_search::query::parse;
use newsroom_search::{IndexOptions, SearchIndex, SearchQuery, INDEX_DIR};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SEED: u64 = 0x6E65_7773;
const TOP: u32 = 20;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; ignore any arguments.
    let articles = env_usize("BENCH_ARTICLES", 20_000);
    let words = env_usize("BENCH_WORDS", 500);
    let queries = env_usize("BENCH_QUERIES", 300);
    let dir = std::env::var("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_target().join(format!("search-bench/{articles}")));
    std::fs::create_dir_all(&dir)?;
    let corpus = Corpus::new(SEED);

    let store = Store::open_dir(&dir, Arc::new(SystemClock))?;
    let have: i64 = store
        .db()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?))?;
    if have as usize != articles {
        if have != 0 {
            return Err(format!(
                "{} holds {have} articles, not {articles}; remove it first",
                dir.display()
            )
            .into());
        }
        fill(&store, &corpus, articles, words)?;
    }
    let text_bytes: i64 = store.db().read(|c| {
        Ok(c.query_row(
            "SELECT coalesce(sum(length(CAST(headline AS BLOB)) + length(CAST(dek AS BLOB)) + length(CAST(body AS BLOB))), 0) FROM articles",
            [],
            |r| r.get(0),
        )?)
    })?;

    let index_dir = dir.join(INDEX_DIR);
    if std::env::var("BENCH_REBUILD").is_ok_and(|v| v == "1") && index_dir.exists() {
        std::fs::remove_dir_all(&index_dir)?;
    }
    let options = IndexOptions {
        threads: 2,
        memory_bytes: 1536 * 1024 * 1024,
    };
    let started = Instant::now();
    let index = SearchIndex::open_with(&index_dir, &store, options)?;
    let open_time = started.elapsed();
    let rebuilt = matches!(index.opened(), newsroom_search::OpenState::Rebuilt { .. });
    if rebuilt {
        println!(
            "indexed {articles} articles in {:.1} s: {:.0} articles/s",
            open_time.as_secs_f64(),
            articles as f64 / open_time.as_secs_f64()
        );
    }
    // Let merges finish so size and speed are of the settled index.
    index.close()?;
    let started = Instant::now();
    let index = SearchIndex::open_with(&index_dir, &store, IndexOptions::default())?;
    println!(
        "opened the index in {:.0} ms ({} docs)",
        started.elapsed().as_secs_f64() * 1e3,
        index.num_docs()
    );

    let index_bytes = index.size_on_disk()?;
    println!(
        "raw text {:.1} MB, index {:.1} MB = {:.2}x the text",
        text_bytes as f64 / 1e6,
        index_bytes as f64 / 1e6,
        index_bytes as f64 / text_bytes as f64
    );

    let mut rng = Rng::new(SEED ^ 0xABCD);
    let qw = &corpus.query_words;
    let one: Vec<String> = (0..queries)
        .map(|_| qw[rng.below(qw.len())].clone())
        .collect();
    let two: Vec<String> = (0..queries)
        .map(|_| format!("{} {}", qw[rng.below(qw.len())], qw[rng.below(qw.len())]))
        .collect();
    let prefix: Vec<String> = (0..queries)
        .map(|_| {
            let w = &qw[rng.below(qw.len())];
            let keep = w.chars().count().clamp(3, 5).min(w.chars().count());
            format!("{}*", w.chars().take(keep).collect::<String>())
        })
        .collect();

    println!();
    println!("| query ({articles} articles, top {TOP}) | index p50 ms | index p99 ms | with snippets p50 ms | with snippets p99 ms | mean matches |");
    println!("|---|---|---|---|---|---|");
    for (name, set) in [("one word", &one), ("two words", &two), ("prefix", &prefix)] {
        let (ids, full, matched) = measure(&index, &store, set)?;
        println!(
            "| {name} | {:.2} | {:.2} | {:.2} | {:.2} | {matched:.0} |",
            pct(&ids, 50.0),
            pct(&ids, 99.0),
            pct(&full, 50.0),
            pct(&full, 99.0)
        );
    }
    Ok(())
}

/// Index-only times, full-API times, mean number of matching articles.
type Timings = (Vec<Duration>, Vec<Duration>, f64);

/// Times each query twice: the index alone (top 20 ids) and the full API (articles read
/// back, snippets and match positions).
fn measure(
    index: &SearchIndex,
    store: &Store,
    set: &[String],
) -> Result<Timings, Box<dyn std::error::Error>> {
    for text in set.iter().take(20) {
        index.search(store, &query(text))?; // warm the page cache
    }
    let mut ids_times = Vec::with_capacity(set.len());
    let mut full_times = Vec::with_capacity(set.len());
    let mut load_times = Vec::with_capacity(set.len());
    let mut matched = 0usize;
    for text in set {
        let q = query(text);
        let parsed = parse(text);
        let started = Instant::now();
        let (total, ids) = index.search_ids(store, &parsed, &q)?;
        ids_times.push(started.elapsed());
        let started = Instant::now();
        store.db().read(|c| {
            for (id, _) in &ids {
                newsroom_core::search_doc::load(c, id)?;
            }
            Ok(())
        })?;
        load_times.push(started.elapsed());
        matched += total;
        let started = Instant::now();
        let results = index.search(store, &q)?;
        full_times.push(started.elapsed());
        assert_eq!(
            results.total as usize, total,
            "both paths see the same index"
        );
    }
    eprintln!(
        "  reading the hits back from SQLite: p50 {:.2} ms, p99 {:.2} ms",
        pct(&load_times, 50.0),
        pct(&load_times, 99.0)
    );
    Ok((ids_times, full_times, matched as f64 / set.len() as f64))
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_string(),
        limit: Some(TOP),
        ..Default::default()
    }
}

fn pct(times: &[Duration], p: f64) -> f64 {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1e3).collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let i = ((p / 100.0) * (ms.len() as f64 - 1.0)).round() as usize;
    ms.get(i).copied().unwrap_or(0.0)
}

/// Writes the generated articles straight into the articles table, 2,000 per
/// transaction (no revisions or change log: the index is built from the table).
fn fill(
    store: &Store,
    corpus: &Corpus,
    articles: usize,
    words: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut rng = Rng::new(SEED);
    let base = chrono::Utc::now().timestamp_millis() - articles as i64 * 60_000;
    let mut done = 0;
    while done < articles {
        let n = (articles - done).min(2_000);
        let batch: Vec<_> = (0..n).map(|_| corpus.article(&mut rng, words)).collect();
        store.db().write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO articles (id, headline, headline_key, dek, body, word_count, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?;
            for (i, (headline, dek, body)) in batch.iter().enumerate() {
                let at = base + (done + i) as i64 * 60_000;
                stmt.execute((
                    ArticleId::new().to_string(),
                    headline,
                    newsroom_text::fold_for_match(headline),
                    dek,
                    body,
                    words as i64,
                    at,
                ))?;
            }
            Ok(())
        })?;
        done += n;
        if done % 100_000 == 0 {
            println!("  generated {done} articles");
        }
    }
    println!(
        "generated {articles} articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn workspace_target() -> PathBuf {
    std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}
