//! Scenarios against a real WordPress (Debian's, started by `scripts/wordpress/start.sh`),
//! each asserting what the server and both apps' databases hold afterwards.
//!
//! Run: `cargo test -p newsroom-sync --test wordpress -- --ignored --test-threads=1`
//! (needs root: the start script installs and runs Apache and MariaDB on 127.0.0.1).

mod common;

use common::{serial, App, Fault, FaultProxy, Wp};
use newsroom_core::outbox;
use newsroom_core::schedule::{ScheduleRequest, WallClockInput};
use newsroom_core::workflow::{Action, Role};
use newsroom_sync::status::ArticleSyncKind;
use newsroom_sync::wp::WpPost;

const NEEDS_WP: &str = "needs WordPress: scripts/test.sh starts one";

fn marker(what: &str) -> String {
    format!("{what} {}", &uuid_like()[..8])
}

fn uuid_like() -> String {
    newsroom_core::ArticleId::new()
        .to_string()
        .replace('-', "")
        .chars()
        .rev()
        .collect()
}

fn only(posts: Vec<WpPost>, what: &str) -> WpPost {
    assert_eq!(
        posts.len(),
        1,
        "exactly one post must exist for {what}, found {:?}",
        posts.iter().map(|p| p.id).collect::<Vec<_>>()
    );
    posts.into_iter().next().unwrap_or_default()
}

fn retry_now(app: &App) {
    app.store
        .db()
        .write(|tx| outbox::retry_all(tx).map(|_| ()))
        .expect("retry");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn journalist_submits_editor_schedules_cron_publishes_everyone_sees_it() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let journalist = App::connect(&wp.url, &wp, "journalist").await;
    let editor = App::connect(&wp.url, &wp, "editor").await;
    let j_actor = journalist.profile(Role::Journalist);
    let e_actor = editor.profile(Role::Editor);

    // The journalist writes and submits.
    let title = marker("Полиция Алматы");
    let id = journalist.write(&title, "Первый абзац.\n\nВторой абзац.\n\nТретий абзац.");
    journalist
        .store
        .apply_action(id, Action::Submit, &j_actor, None)
        .expect("submit");
    assert_eq!(
        journalist.status().pending,
        1,
        "the submitted article waits in the outbox"
    );
    let report = journalist.sync().await;
    assert_eq!(report.created, 1, "{report:?}");
    let post = only(wp.posts_titled(&title).await, &title);
    assert_eq!(post.status, "pending", "in review on the site is pending");
    assert_eq!(
        post.uuid.as_deref(),
        Some(id.to_string().as_str()),
        "the post carries the article's id"
    );
    assert_eq!(
        post.markdown.as_deref(),
        Some("Первый абзац.\n\nВторой абзац.\n\nТретий абзац.")
    );
    assert_eq!(journalist.state(id).state, ArticleSyncKind::Synced);
    assert_eq!(journalist.status().pending, 0);

    // The editor's app pulls it, edits, tags, approves and schedules it.
    editor.sync().await;
    let e_article = editor.article_for(post.id);
    assert_eq!(
        e_article.id, id,
        "the post's UUID is the article id in every app"
    );
    assert_eq!(e_article.status, "in_review");
    assert_eq!(
        e_article.draft.body, "Первый абзац.\n\nВторой абзац.\n\nТретий абзац.",
        "Markdown survives the trip"
    );
    editor.edit(id, |d| {
        d.body = "Первый абзац.\n\nВторой абзац, правка редактора.\n\nТретий абзац.".into()
    });
    editor
        .store
        .set_article_tags(id, &["Барыс".to_string(), "хоккей".to_string()])
        .expect("tags");
    editor
        .store
        .apply_action(id, Action::Approve, &e_actor, None)
        .expect("approve");
    // A wall-clock minute in Almaty at least 70 s ahead (WordPress publishes anything less
    // than 60 s ahead at once).
    let almaty = chrono::FixedOffset::east_opt(5 * 3600).expect("offset");
    let publish_at = {
        let t = chrono::Utc::now() + chrono::Duration::seconds(70);
        let t = t + chrono::Duration::seconds(60 - i64::from(chrono::Timelike::second(&t)));
        chrono::DurationRound::duration_trunc(t, chrono::Duration::minutes(1)).expect("round")
    };
    let request = ScheduleRequest {
        time: WallClockInput {
            zone: "Asia/Almaty".into(),
            local: publish_at
                .with_timezone(&almaty)
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            fold: None,
        },
        lead: false,
        user_zone: None,
    };
    editor
        .store
        .schedule_article(id, &request, &e_actor)
        .expect("schedule");
    let report = editor.sync().await;
    assert!(report.errors.is_empty(), "{report:?}");
    let post = wp.admin_client().get_post(post.id).await.expect("post");
    assert_eq!(post.status, "future", "scheduled on the site");
    assert_eq!(
        post.date_gmt.as_deref(),
        Some(publish_at.format("%Y-%m-%dT%H:%M:%S").to_string().as_str())
    );
    assert!(
        post.content.contains("правка редактора"),
        "the editor's edit is on the site"
    );
    assert_eq!(post.tags.len(), 2, "two tags on the site");
    assert_eq!(editor.status().pending, 0, "{:?}", editor.status());

    // The journalist sees it scheduled with the edit and the tags.
    journalist.sync().await;
    let j_article = journalist.store.article(id).expect("article");
    assert_eq!(j_article.status, "scheduled");
    assert!(j_article.draft.body.contains("правка редактора"));
    let j_tags: Vec<String> = journalist
        .store
        .article_tags(id)
        .expect("tags")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(
        j_tags.len(),
        2,
        "the editor's tags reach the journalist: {j_tags:?}"
    );

    // WP-Cron publishes it when due.
    let wait = (publish_at - chrono::Utc::now()).num_milliseconds().max(0) as u64 + 1_500;
    tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
    wp.cron();
    assert_eq!(
        wp.admin_client()
            .get_post(post.id)
            .await
            .expect("post")
            .status,
        "publish"
    );
    journalist.sync().await;
    editor.sync().await;
    assert_eq!(
        journalist.store.article(id).expect("article").status,
        "published",
        "the journalist sees it published"
    );
    assert_eq!(
        editor.store.article(id).expect("article").status,
        "published"
    );
    for app in [&journalist, &editor] {
        let left = app.store.db().read(outbox::all).expect("outbox");
        assert!(
            left.is_empty(),
            "{}: nothing may be left to send: {left:?} {:?}",
            app.who,
            app.status()
        );
    }
    assert_eq!(
        only(wp.posts_titled(&title).await, &title).id,
        post.id,
        "still one post"
    );

    // The password is in neither database file.
    for app in [&journalist, &editor] {
        let (_, password) = wp.user(&app.who);
        for name in ["newsroom.sqlite3", "newsroom.sqlite3-wal"] {
            let path = app.dir.path().join(name);
            if let Ok(bytes) = std::fs::read(&path) {
                let compact: String = password.split_whitespace().collect();
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    !text.contains(&password) && !text.contains(&compact),
                    "the password must never be stored in {name}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn offline_edits_go_out_in_order_once_the_site_is_back() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let proxy = FaultProxy::start(&wp.url).await;
    let app = App::connect(&proxy.url, &wp, "journalist").await;
    proxy.set(Fault::Refuse);
    let first = marker("Первая офлайн");
    let second = marker("Вторая офлайн");
    let a = app.write(&first, "Текст А.");
    let b = app.write(&second, "Текст Б.");
    app.edit(a, |d| d.body = "Текст А, вторая правка.".into());
    let report = app.sync().await;
    assert!(
        report.offline,
        "a refused connection is offline: {report:?}"
    );
    let status = app.status();
    assert_eq!(status.online, Some(false));
    assert_eq!(status.pending, 2, "both articles wait");
    assert_eq!(
        app.state(a).state,
        ArticleSyncKind::Pending,
        "offline is not a failure"
    );
    assert!(
        wp.posts_titled(&first).await.is_empty(),
        "nothing reached the site"
    );

    proxy.set(Fault::Pass);
    retry_now(&app);
    let report = app.sync().await;
    assert_eq!(report.created, 2, "{report:?}");
    let pa = only(wp.posts_titled(&first).await, &first);
    let pb = only(wp.posts_titled(&second).await, &second);
    assert!(pa.id < pb.id, "the older change goes out first");
    assert!(
        pa.content.contains("вторая правка"),
        "the latest text went out, nothing lost"
    );
    assert_eq!(app.status().pending, 0);
    assert_eq!(app.status().online, Some(true));
    let _ = b;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn faults_never_make_duplicates_or_lose_edits() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let proxy = FaultProxy::start(&wp.url).await;
    let app = App::connect(&proxy.url, &wp, "journalist").await;

    // A 500: retried later, reason shown meanwhile.
    let t500 = marker("Сбой 500");
    let a = app.write(&t500, "Текст.");
    proxy.set(Fault::Fail500);
    let report = app.sync().await;
    assert!(
        report.failed >= 1 || report.errors.iter().any(|e| e.contains("500")),
        "{report:?}"
    );
    let state = app.state(a);
    assert_eq!(
        state.state,
        ArticleSyncKind::Pending,
        "a 500 is retried, not parked"
    );
    assert!(
        state.reason.as_deref().unwrap_or_default().contains("500"),
        "{state:?}"
    );
    proxy.set(Fault::Pass);
    retry_now(&app);
    app.sync().await;
    only(wp.posts_titled(&t500).await, &t500);

    // The answer to a create is lost: the post exists but the app does not know.
    let lost = marker("Потерянный ответ");
    let b = app.write(&lost, "Текст.");
    // The feed read (1) and term reads pass; drop everything after it in this round.
    proxy.set(Fault::DropResponse);
    let report = app.sync().await;
    assert!(!report.errors.is_empty(), "{report:?}");
    proxy.set(Fault::Pass);
    app.edit(b, |d| d.body = "Текст, дописанный после сбоя.".into());
    retry_now(&app);
    app.sync().await;
    app.sync().await;
    let post = only(wp.posts_titled(&lost).await, &lost);
    assert!(
        post.content.contains("дописанный"),
        "the edit made meanwhile reached the site"
    );
    assert_eq!(
        app.remote_id(b),
        post.id,
        "the app adopted the post the lost create made"
    );
    assert_eq!(app.status().pending, 0);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn concurrent_edits_merge_and_overlaps_become_conflicts() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let app = App::connect(&wp.url, &wp, "journalist").await;
    let admin = wp.admin_client();
    let title = marker("Слияние");
    let id = app.write(&title, "Первый.\n\nВторой.\n\nТретий.");
    app.sync().await;
    let remote_id = app.remote_id(id);

    // In WordPress's editor: the third paragraph (HTML only; the Markdown meta goes stale).
    admin
        .update_post(remote_id, &serde_json::json!({"content": "<p>Первый.</p>\n<p>Второй.</p>\n<p>Третий — с сайта.</p>"}), None)
        .await
        .expect("edit on the site");
    app.edit(id, |d| {
        d.body = "Первый — в приложении.\n\nВторой.\n\nТретий.".into()
    });
    let report = app.sync().await;
    assert_eq!(report.conflicts, 0, "{report:?}");
    let merged = "Первый — в приложении.\n\nВторой.\n\nТретий — с сайта.";
    assert_eq!(
        app.store.article(id).expect("a").draft.body,
        merged,
        "both edits kept locally"
    );
    let post = admin.get_post(remote_id).await.expect("post");
    assert!(
        post.content.contains("в приложении") && post.content.contains("с сайта"),
        "both edits on the site: {}",
        post.content
    );

    // Both change the first paragraph.
    admin
        .update_post(remote_id, &serde_json::json!({"content": "<p>Первый — редактор.</p>\n<p>Второй.</p>\n<p>Третий — с сайта.</p>"}), None)
        .await
        .expect("edit on the site");
    app.edit(id, |d| {
        d.body = "Первый — автор.\n\nВторой.\n\nТретий — с сайта.".into()
    });
    let report = app.sync().await;
    assert_eq!(report.conflicts, 1, "{report:?}");
    assert_eq!(app.state(id).state, ArticleSyncKind::Conflict);
    let conflicts =
        newsroom_sync::resolve::conflicts(&app.store, Some(&id.to_string())).expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    assert!(
        conflicts[0].local_value.contains("автор")
            && conflicts[0].remote_value.contains("редактор"),
        "both versions kept: {conflicts:?}"
    );
    assert!(
        app.store
            .article(id)
            .expect("a")
            .draft
            .body
            .contains("автор"),
        "the local text is not overwritten"
    );
    assert!(
        admin
            .get_post(remote_id)
            .await
            .expect("p")
            .content
            .contains("редактор"),
        "the site's text is not overwritten"
    );
    app.sync().await;
    assert!(
        admin
            .get_post(remote_id)
            .await
            .expect("p")
            .content
            .contains("редактор"),
        "nothing moves until the user chooses"
    );

    newsroom_sync::resolve::resolve(
        &app.store,
        conflicts[0].id,
        &newsroom_sync::resolve::Resolution::Local,
    )
    .expect("resolve");
    app.sync().await;
    assert!(
        admin
            .get_post(remote_id)
            .await
            .expect("p")
            .content
            .contains("автор"),
        "the chosen version goes out"
    );
    assert_eq!(app.state(id).state, ArticleSyncKind::Synced);
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn a_journalist_cannot_publish_and_is_told_why() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let app = App::connect(&wp.url, &wp, "journalist").await;
    let title = marker("Самовольная публикация");
    let id = app.write(&title, "Текст.");
    app.sync().await;
    // The local workflow would refuse this; a tampered or outdated app could still try.
    app.store
        .db()
        .write(|tx| outbox::write_remote_status(tx, id, "published", app.store.now()))
        .expect("status");
    let report = app.sync().await;
    assert_eq!(report.failed, 1, "{report:?}");
    let state = app.state(id);
    assert_eq!(
        state.state,
        ArticleSyncKind::Failed,
        "a refusal is parked, not retried forever"
    );
    let reason = state.reason.unwrap_or_default();
    assert!(
        reason.contains("not allowed") || reason.contains("cannot_publish"),
        "the server's reason reaches the user: {reason}"
    );
    let post = only(wp.posts_titled(&title).await, &title);
    assert_ne!(post.status, "publish", "the site refused it");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn posts_deleted_on_the_site_are_not_resurrected() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let app = App::connect(&wp.url, &wp, "editor").await;
    let title = marker("Удалённый");
    let id = app.write(&title, "Текст.");
    app.sync().await;
    let remote_id = app.remote_id(id);
    wp.admin_client()
        .send(
            reqwest::Method::DELETE,
            &format!("/wp/v2/posts/{remote_id}"),
            &[("force", "true".into())],
            None,
            None,
        )
        .await
        .expect("delete");
    app.sync().await;
    app.sync().await;
    assert!(
        app.store.article(id).expect("kept").trashed_at.is_some(),
        "moved to the local trash, text kept"
    );
    assert!(
        wp.posts_titled(&title).await.is_empty(),
        "not created again"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn a_stock_wordpress_without_the_plugin_still_syncs() {
    let _g = serial().await;
    let wp = Wp::start(false);
    let proxy = FaultProxy::start(&wp.url).await;
    let journalist = App::connect(&proxy.url, &wp, "journalist").await;
    let editor = App::connect(&wp.url, &wp, "editor").await;
    editor.profile(Role::Editor);
    assert!(
        journalist.status().guarantees.is_some(),
        "the weaker guarantees are reported"
    );

    // A create whose answer is lost is found again by title and slug.
    let title = marker("Без плагина");
    let id = journalist.write(&title, "Первый.\n\nВторой.");
    journalist
        .store
        .apply_action(
            id,
            Action::Submit,
            &journalist.profile(Role::Journalist),
            None,
        )
        .expect("submit");
    proxy.set(Fault::DropResponse);
    journalist.sync().await;
    proxy.set(Fault::Pass);
    retry_now(&journalist);
    journalist.sync().await;
    let post = only(wp.posts_titled(&title).await, &title);
    assert_eq!(post.status, "pending");
    assert_eq!(journalist.remote_id(id), post.id);

    // The editor pulls (HTML → Markdown), edits; the journalist sees it.
    editor.sync().await;
    let e = editor.article_for(post.id);
    assert_eq!(
        e.draft.body, "Первый.\n\nВторой.",
        "paragraphs survive HTML → Markdown"
    );
    editor.edit(e.id, |d| d.body = "Первый.\n\nВторой — редактор.".into());
    editor.sync().await;
    journalist.sync().await;
    assert_eq!(
        journalist.store.article(id).expect("a").draft.body,
        "Первый.\n\nВторой — редактор."
    );

    // A deletion is noticed by the sweep.
    wp.admin_client()
        .send(
            reqwest::Method::DELETE,
            &format!("/wp/v2/posts/{}", post.id),
            &[("force", "true".into())],
            None,
            None,
        )
        .await
        .expect("delete");
    journalist.sync().await;
    assert!(
        journalist
            .store
            .article(id)
            .expect("kept")
            .trashed_at
            .is_some(),
        "deleted on the site → local trash"
    );
    let _ = NEEDS_WP;
}
