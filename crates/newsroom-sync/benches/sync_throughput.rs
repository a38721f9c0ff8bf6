//! Sync throughput against the local WordPress, next to what the backend itself sustains with
//! plain requests of the same size, in the same run:
//!
//! - push N new articles (the app) vs N plain `POST /wp/v2/posts` (the backend);
//! - pull N changed posts into a second app vs the plain reads a client needs for them
//!   (change-feed pages + posts by id, 100 a request);
//! - an idle round (nothing changed anywhere).
//!
//! `cargo bench -p newsroom-sync --bench sync_throughput` (root: it starts a dedicated instance
//! with `scripts/wordpress/start.sh target/wordpress-sync 8091`). `NEWSROOM_BENCH_N` sets N
//! (default 1000). Without WordPress it prints why and exits successfully.

use newsroom_core::ArticleDraft;
use newsroom_sync::wp::WpClient;
use serde_json::json;
use std::time::Instant;

mod common;

use common::{app, body, rate, start_instance};

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("NEWSROOM_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let Some(instance) = start_instance() else {
        println!("sync_throughput: skipped — no local WordPress (run as root so scripts/wordpress/start.sh can start one)");
        return;
    };
    let url = instance.url.clone();
    let (editor, editor_pw) = instance.account("EDITOR");
    let (admin, admin_pw) = instance.account("ADMIN");
    let plain = WpClient::new(&url, &admin, &admin_pw).expect("client");
    println!("sync_throughput: N = {n}, site {url} (companion plugin on)");

    // Tags both sides use.
    let t1 = plain.create_tag("Барыс").await.expect("tag").id;
    let t2 = plain.create_tag("горячие новости").await.expect("tag").id;

    // 1. Backend: N plain creates of the same size.
    let t = Instant::now();
    for i in 0..n {
        let b = json!({
            "title": format!("Базовая линия {i}"),
            "excerpt": "Лид статьи.",
            "content": newsroom_text::render_markdown(&body(i)),
            "status": "pending",
            "tags": [t1, t2],
            "meta": {"newsroom_uuid": newsroom_core::ArticleId::new().to_string(), "newsroom_markdown": body(i)},
        });
        plain.create_post(&b).await.expect("plain create");
    }
    let backend_push = t.elapsed();

    // 2. The app: N articles pushed by one sync round.
    let pusher = app(&url, &editor, &editor_pw).await;
    for i in 0..n {
        let a = pusher
            .store
            .create_article(&ArticleDraft {
                headline: format!("Статья приложения {i}"),
                dek: "Лид статьи.".into(),
                body: body(i),
                ..ArticleDraft::default()
            })
            .expect("article");
        pusher
            .store
            .set_article_tags(a.id, &["Барыс".into(), "горячие новости".into()])
            .expect("tags");
    }
    // Pull the baseline posts first (outside the push timing), so the round measures pushing.
    let warm = Instant::now();
    let site = newsroom_sync::engine::connect_site(&pusher.store, &pusher.secrets)
        .await
        .expect("site");
    newsroom_sync::pull::pull(&site, true)
        .await
        .expect("initial pull");
    let initial_pull = warm.elapsed();
    let t = Instant::now();
    let report = newsroom_sync::round::run(&site, false)
        .await
        .expect("push round");
    let app_push = t.elapsed();
    assert_eq!(
        report.created as usize, n,
        "every article was created: {report:?}"
    );

    // 3. Pull N changes into a second app that is already up to date.
    let puller = app(&url, &admin, &admin_pw).await;
    newsroom_sync::sync_once(&puller.store, &puller.secrets, true)
        .await
        .expect("first sync");
    let ids: Vec<u64> = pusher
        .store
        .db()
        .read(newsroom_sync::mirror::tracked)
        .expect("tracked")
        .into_iter()
        .map(|(_, id, _)| id)
        .collect();
    let since = {
        let info = plain.plugin_info().await.expect("info").unwrap_or_default();
        info.get("changes_cursor")
            .and_then(|v| v.as_str())
            .unwrap_or("0")
            .to_string()
    };
    for (i, id) in ids.iter().enumerate() {
        let b = json!({"content": newsroom_text::render_markdown(&format!("{}\n\nДополнение {i}.", body(i)))});
        plain.update_post(*id, &b, None).await.expect("update");
    }
    // Backend: the plain reads a client needs for N changes.
    let t = Instant::now();
    let mut cursor = since.clone();
    let mut changed = Vec::new();
    loop {
        let a = plain
            .get(
                "/newsroom/v1/changes",
                &[("since", cursor.clone()), ("limit", "100".into())],
            )
            .await
            .expect("feed");
        for c in a.json["changes"].as_array().cloned().unwrap_or_default() {
            changed.push(c["post_id"].as_u64().unwrap_or(0));
        }
        let next = a.json["cursor"].as_str().unwrap_or("").to_string();
        if !a.json["more"].as_bool().unwrap_or(false) || next == cursor {
            break;
        }
        cursor = next;
    }
    for chunk in changed.chunks(100) {
        let include = chunk
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        plain
            .list_posts(&[
                ("include", include),
                ("status", "any".into()),
                ("context", "edit".into()),
                ("per_page", "100".into()),
            ])
            .await
            .expect("posts");
    }
    let backend_pull = t.elapsed();
    let t = Instant::now();
    let report = newsroom_sync::sync_once(&puller.store, &puller.secrets, false)
        .await
        .expect("pull round");
    let app_pull = t.elapsed();
    assert!(
        report.pulled as usize >= n,
        "every change was pulled: {report:?}"
    );

    // 4. Idle rounds.
    let mut idle = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        newsroom_sync::sync_once(&puller.store, &puller.secrets, false)
            .await
            .expect("idle round");
        idle.push(t.elapsed());
    }
    idle.sort();

    println!(
        "push   {n}: backend {:>7.2?} ({:.1}/s) | app {:>7.2?} ({:.1}/s) | ratio {:.2}×",
        backend_push,
        rate(n, backend_push),
        app_push,
        rate(n, app_push),
        app_push.as_secs_f64() / backend_push.as_secs_f64()
    );
    println!(
        "pull   {n}: backend {:>7.2?} ({:.1}/s) | app {:>7.2?} ({:.1}/s) | ratio {:.2}×",
        backend_pull,
        rate(changed.len(), backend_pull),
        app_pull,
        rate(n, app_pull),
        app_pull.as_secs_f64() / backend_pull.as_secs_f64()
    );
    println!("initial pull of {n} existing posts into a new app: {initial_pull:.2?}");
    println!(
        "idle round: median {:.2?}, max {:.2?} (goal < 100 ms)",
        idle[idle.len() / 2],
        idle[idle.len() - 1]
    );
}
