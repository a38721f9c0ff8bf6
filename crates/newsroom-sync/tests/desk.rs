//! The desk across machines (issue 11) against a real WordPress: two stores acting as two
//! desks (journalist = Contributor, editor = Editor) share notes, history, checklist results
//! and assignment through the companion plugin, and see each other's post locks.
//!
//! Run: `cargo test -p newsroom-sync --test desk -- --ignored --test-threads=1`
//! (needs root: the start script installs and runs Apache and MariaDB on 127.0.0.1).

mod common;

use common::{serial, App, RuleProxy, Wp};
use newsroom_core::remote::desk as core_desk;
use newsroom_core::workflow::{Action, Role};
use newsroom_core::ArticleId;
use newsroom_sync::desk::lock::{self, Acquire};
use serde_json::json;

/// The proxy's path rule for the plugin's note route (`?rest_route=/newsroom/v1/posts/N/notes`).
const ADD_NOTE: &str = "rest_route=%2Fnewsroom%2Fv1%2Fposts%2F[0-9]+%2Fnotes";

fn marker(what: &str) -> String {
    format!("{what} {}", &ArticleId::new().to_string()[24..])
}

fn notes(app: &App, id: ArticleId) -> Vec<(String, String)> {
    app.store
        .article_notes(id)
        .expect("notes")
        .into_iter()
        .map(|n| (n.author_name, n.body))
        .collect()
}

fn history(app: &App, id: ArticleId) -> Vec<(String, String, String)> {
    app.store
        .article_history(id)
        .expect("history")
        .into_iter()
        .map(|h| (h.action.as_str().to_string(), h.actor_name, h.actor_role))
        .collect()
}

/// What the site holds for a post's desk, read as the admin.
async fn site_desk(wp: &Wp, post_id: u64) -> serde_json::Value {
    wp.admin_client()
        .get(&format!("/newsroom/v1/posts/{post_id}/desk"), &[])
        .await
        .expect("the desk of the post")
        .json
}

fn wp_name(wp: &Wp, who: &str) -> String {
    let login = wp.user(who).0;
    wp.php(&format!(
        "echo get_user_by('login', '{login}')->display_name;"
    ))
}

fn wp_id(wp: &Wp, who: &str) -> u64 {
    let login = wp.user(who).0;
    wp.php(&format!("echo get_user_by('login', '{login}')->ID;"))
        .trim()
        .parse()
        .expect("user id")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn send_back_with_a_note_reply_resubmit_approve_each_desk_sees_the_other() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let journalist = App::connect(&wp.url, &wp, "journalist").await;
    let editor = App::connect(&wp.url, &wp, "editor").await;
    let j_actor = journalist.profile(Role::Journalist);
    let e_actor = editor.profile(Role::Editor);
    let (j_name, e_name) = (wp_name(&wp, "journalist"), wp_name(&wp, "editor"));

    let title = marker("Цитата во втором абзаце");
    let id = journalist.write(&title, "Первый абзац.\n\nВторой абзац с цитатой.");
    journalist
        .store
        .set_article_tags(id, &["Город".to_string()])
        .expect("tags");
    journalist
        .store
        .apply_action(id, Action::Submit, &j_actor, None)
        .expect("submit");
    journalist.sync().await;
    let post_id = journalist.remote_id(id);

    // The editor sends it back with a note.
    editor.sync().await;
    editor
        .store
        .apply_action(
            id,
            Action::RequestChanges,
            &e_actor,
            Some("уточните цитату во втором абзаце"),
        )
        .expect("send back");
    let report = editor.sync().await;
    assert!(report.errors.is_empty(), "{report:?}");

    // The journalist's desk shows why, who wrote it and when.
    journalist.sync().await;
    let article = journalist.store.article(id).expect("article");
    assert_eq!(article.status, "changes_requested");
    let thread = journalist.store.article_notes(id).expect("notes");
    let note = thread
        .iter()
        .find(|n| n.body == "уточните цитату во втором абзаце")
        .unwrap_or_else(|| panic!("the editor's note reaches the journalist: {thread:?}"));
    assert_eq!(
        note.author_name, e_name,
        "written by the editor, as WordPress knows them"
    );
    assert!(
        note.transition_id.is_some(),
        "the note belongs to the send-back in the journalist's history"
    );
    assert!(
        history(&journalist, id).contains(&(
            "request_changes".into(),
            e_name.clone(),
            "editor".into()
        )),
        "the editor's send-back is in the journalist's history: {:?}",
        history(&journalist, id)
    );

    // The journalist replies and resubmits; the editor sees both.
    journalist
        .store
        .add_note(id, "Исправила: цитата сверена с записью.")
        .expect("reply");
    journalist
        .store
        .apply_action(id, Action::Submit, &j_actor, None)
        .expect("resubmit");
    journalist.sync().await;
    editor.sync().await;
    assert!(
        notes(&editor, id).contains(&(
            j_name.clone(),
            "Исправила: цитата сверена с записью.".into()
        )),
        "the reply reaches the editor: {:?}",
        notes(&editor, id)
    );
    let e_history = history(&editor, id);
    assert_eq!(
        e_history.iter().filter(|h| h.0 == "submit").count(),
        2,
        "both submissions are in the editor's history: {e_history:?}"
    );

    // The editor approves; the approval and the checklist it passed reach the journalist.
    editor
        .store
        .apply_action(id, Action::Approve, &e_actor, None)
        .expect("approve");
    editor.sync().await;
    journalist.sync().await;
    assert!(
        history(&journalist, id).contains(&("approve".into(), e_name.clone(), "editor".into())),
        "{:?}",
        history(&journalist, id)
    );
    let checklist = journalist
        .store
        .db()
        .read(|c| core_desk::checklist(c, &id.to_string()))
        .expect("read")
        .expect("the editor's checklist reaches the journalist");
    assert_eq!(checklist.checked_by, e_name);
    assert!(
        checklist
            .results
            .iter()
            .any(|r| r.check == "tags" && r.passed),
        "{checklist:?}"
    );

    // Nothing doubled on the site or on either desk after all these rounds.
    journalist.sync().await;
    editor.sync().await;
    let site = site_desk(&wp, post_id).await;
    let site_notes: Vec<&str> = site["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "note")
        .map(|e| e["body"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        site_notes,
        [
            "уточните цитату во втором абзаце",
            "Исправила: цитата сверена с записью."
        ]
    );
    assert_eq!(
        notes(&journalist, id).len(),
        2,
        "{:?}",
        notes(&journalist, id)
    );
    assert_eq!(notes(&editor, id).len(), 2, "{:?}", notes(&editor, id));
    assert_eq!(history(&journalist, id).len(), history(&editor, id).len());
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn an_assignment_reaches_the_assignees_own_machine() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let journalist = App::connect(&wp.url, &wp, "journalist").await;
    let editor = App::connect(&wp.url, &wp, "editor").await;
    editor.profile(Role::Editor);
    let id = editor.write(&marker("Задание"), "Текст задания.");
    editor.sync().await;
    // The menu the editor picks from: the site's people who write, as the site names them.
    let people = newsroom_sync::desk::people::site_people(&editor.store, &editor.secrets)
        .await
        .expect("people");
    assert!(
        people.connected && people.shared && people.may_assign,
        "{people:?}"
    );
    assert_eq!(people.stale, None);
    let colleague = people
        .users
        .iter()
        .find(|u| u.id == wp_id(&wp, "journalist"))
        .cloned()
        .unwrap_or_else(|| panic!("the journalist is offered: {people:?}"));
    assert_eq!(colleague.name, wp_name(&wp, "journalist"));
    newsroom_sync::desk::assign(&editor.store, id, Some((colleague.id, colleague.name)))
        .expect("assign");
    let pending = editor
        .store
        .db()
        .read(|c| core_desk::assignment(c, &id.to_string()))
        .expect("read")
        .expect("assignment");
    assert!(
        pending.pending,
        "written here at once, waiting for the round"
    );
    editor.sync().await;
    let site = site_desk(&wp, editor.remote_id(id)).await;
    assert_eq!(
        site["assignment"]["assignee"]["id"],
        json!(wp_id(&wp, "journalist"))
    );

    // An editor's draft is not the journalist's to read, so it is assigned on the editor's
    // post once the journalist may edit it: an article the journalist writes is the case
    // that reaches their machine.
    journalist.profile(Role::Journalist);
    let mine = journalist.write(&marker("Своя статья"), "Текст.");
    // A journalist's app does not assign: the site would refuse it later, out of sight.
    let people = newsroom_sync::desk::people::site_people(&journalist.store, &journalist.secrets)
        .await
        .expect("people");
    assert!(!people.may_assign, "{people:?}");
    let refused = newsroom_sync::desk::assign(&journalist.store, mine, None).expect_err("refused");
    assert!(refused.to_string().contains("only editors"), "{refused}");
    journalist.sync().await;
    editor.sync().await;
    newsroom_sync::desk::assign(
        &editor.store,
        mine,
        Some((wp_id(&wp, "journalist"), wp_name(&wp, "journalist"))),
    )
    .expect("assign");
    editor.sync().await;
    journalist.sync().await;
    let assigned = journalist
        .store
        .db()
        .read(newsroom_sync::desk::assigned_to_me)
        .expect("assigned to me");
    assert_eq!(
        assigned,
        vec![mine.to_string()],
        "in the journalist's «assigned to me»"
    );
    let seen = journalist
        .store
        .db()
        .read(|c| core_desk::assignment(c, &mine.to_string()))
        .expect("read")
        .expect("assignment");
    assert_eq!(seen.assigned_by, wp_name(&wp, "editor"));
    assert!(!seen.pending);
    assert_eq!(seen.refused, None);

    // An assignment the site refuses (a user it does not know) never stays on screen as if it
    // stood: the site's own assignment is put back at once, with the reason beside it.
    newsroom_sync::desk::assign(&editor.store, mine, Some((999_999, "Никто".into())))
        .expect("assign");
    let report = editor.sync().await;
    let after = editor
        .store
        .db()
        .read(|c| core_desk::assignment(c, &mine.to_string()))
        .expect("read")
        .expect("assignment");
    assert_eq!(
        (
            after.wp_user_id,
            after.assignee_name.as_str(),
            after.pending
        ),
        (
            Some(wp_id(&wp, "journalist")),
            wp_name(&wp, "journalist").as_str(),
            false
        ),
        "the site's assignment, not the refused one: {report:?}"
    );
    let reason = after.refused.expect("the refusal is kept");
    assert!(reason.contains("newsroom_invalid_assignee"), "{reason}");
    let site = site_desk(&wp, editor.remote_id(mine)).await;
    assert_eq!(
        site["assignment"]["assignee"]["id"],
        json!(wp_id(&wp, "journalist"))
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn a_note_written_offline_arrives_exactly_once_after_a_dropped_answer() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let proxy = RuleProxy::start(&wp.url).await;
    let journalist = App::connect(&proxy.url, &wp, "journalist").await;
    journalist.profile(Role::Journalist);
    let id = journalist.write(&marker("Офлайн-заметка"), "Текст.");
    journalist.sync().await;
    let post_id = journalist.remote_id(id);

    // Offline: the site cannot be reached; the note waits here.
    proxy
        .add(json!({"mode": "reset", "path": "rest_route", "times": -1}))
        .await;
    journalist
        .store
        .add_note(id, "Написано без связи")
        .expect("note");
    let report = journalist.sync().await;
    assert!(report.offline, "{report:?}");
    let waiting = journalist
        .store
        .db()
        .read(core_desk::outgoing)
        .expect("outgoing");
    assert_eq!(
        waiting.len(),
        1,
        "the note waits in the desk outbox: {waiting:?}"
    );

    // Back online, but WordPress's answer to the note is lost.
    proxy.clear().await;
    proxy
        .add(json!({"mode": "drop_response", "method": "POST", "path": ADD_NOTE}))
        .await;
    journalist.sync().await;
    let hits = proxy.settle("drop_response").await;
    assert_eq!(
        hits.len(),
        1,
        "the note reached WordPress once, its answer was dropped"
    );
    journalist.sync().await;
    journalist.sync().await;

    let site = site_desk(&wp, post_id).await;
    let on_site: Vec<&serde_json::Value> = site["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "note")
        .collect();
    assert_eq!(on_site.len(), 1, "exactly once on the site: {on_site:?}");
    assert_eq!(on_site[0]["body"], "Написано без связи");
    assert!(
        journalist
            .store
            .db()
            .read(core_desk::outgoing)
            .expect("outgoing")
            .is_empty(),
        "nothing left to send"
    );
    assert_eq!(notes(&journalist, id).len(), 1, "and once here");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn a_contributor_cannot_read_another_users_notes() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let other = App::connect(&wp.url, &wp, "journalist2").await;
    other.profile(Role::Journalist);
    let id = other.write(&marker("Чужая статья"), "Текст.");
    other
        .store
        .add_note(id, "Только для автора и редакции")
        .expect("note");
    other.sync().await;
    let post_id = other.remote_id(id);
    assert_eq!(
        site_desk(&wp, post_id).await["events"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let (login, password) = wp.user("journalist");
    let client = newsroom_sync::wp::WpClient::new(&wp.url, &login, &password).expect("client");
    let refused = client
        .get(&format!("/newsroom/v1/posts/{post_id}/desk"), &[])
        .await
        .expect_err("another contributor's desk is refused");
    assert!(
        matches!(refused, newsroom_sync::SyncError::Forbidden { .. }),
        "403, not a quiet empty list: {refused:?}"
    );
    // Nor does the journalist's app pick it up through the feed.
    let journalist = App::connect(&wp.url, &wp, "journalist").await;
    journalist.sync().await;
    let inbox: i64 = journalist
        .store
        .db()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM sync_desk_inbox", [], |r| r.get(0))?))
        .expect("inbox");
    assert_eq!(inbox, 0, "the feed never handed the note over");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn a_stock_site_keeps_the_desk_local_and_says_so() {
    let _g = serial().await;
    let wp = Wp::start(false);
    let editor = App::connect(&wp.url, &wp, "editor").await;
    editor.profile(Role::Editor);
    let id = editor.write(&marker("Без плагина"), "Текст.");
    editor.store.add_note(id, "Останется здесь").expect("note");
    let report = editor.sync().await;
    assert!(report.errors.is_empty(), "nothing breaks: {report:?}");
    assert_eq!(notes(&editor, id).len(), 1);
    let people = newsroom_sync::desk::people::site_people(&editor.store, &editor.secrets)
        .await
        .expect("people");
    assert!(
        people.connected && !people.shared,
        "the assignment menu says assignments stay here: {people:?}"
    );
    let warning = editor.status().guarantees.expect("the Site screen warns");
    assert!(
        warning.contains(
            "Notes, assignments, checklist results and the history stay on this computer"
        ),
        "{warning}"
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn the_post_lock_is_taken_seen_taken_over_released_and_shared_with_wordpress() {
    let _g = serial().await;
    let wp = Wp::start(true);
    let journalist = App::connect(&wp.url, &wp, "journalist").await;
    let editor = App::connect(&wp.url, &wp, "editor").await;
    journalist.profile(Role::Journalist);
    let id = journalist.write(&marker("Кто правит"), "Текст.");
    journalist.sync().await;
    let post_id = journalist.remote_id(id);
    let j_site = newsroom_sync::engine::connect_site(&journalist.store, &journalist.secrets)
        .await
        .expect("site");
    let e_site = newsroom_sync::engine::connect_site(&editor.store, &editor.secrets)
        .await
        .expect("site");
    let (j_name, j_id, e_id) = (
        wp_name(&wp, "journalist"),
        wp_id(&wp, "journalist"),
        wp_id(&wp, "editor"),
    );

    // The journalist opens the article: the lock is WordPress's own.
    let Acquire::Held(held) = lock::acquire(&j_site, post_id, false).await.expect("lock") else {
        panic!("a free post is locked at once");
    };
    assert!(held.mine && held.since.is_some());
    let raw = wp.php(&format!(
        "echo get_post_meta({post_id}, '_edit_lock', true);"
    ));
    assert!(
        raw.ends_with(&format!(":{j_id}")),
        "_edit_lock holds it: {raw}"
    );

    // The editor sees who and since when, and is not given the lock silently.
    let Acquire::HeldByOther(seen) = lock::acquire(&e_site, post_id, false).await.expect("lock")
    else {
        panic!("the editor must not get the journalist's lock without taking over");
    };
    assert_eq!(seen.user_name.as_deref(), Some(j_name.as_str()));
    assert_eq!(
        seen.since, held.since,
        "«… редактирует с 10:32»: since the journalist took it"
    );
    // Taking over is WordPress's rule; the journalist then sees the editor.
    let Acquire::Held(taken) = lock::acquire(&e_site, post_id, true)
        .await
        .expect("take over")
    else {
        panic!("take over");
    };
    assert!(taken.mine);
    let now = lock::state(&j_site, post_id).await.expect("state");
    assert!(now.held_by_other() && now.user_id == Some(e_id));
    let after = lock::release(&e_site, post_id).await.expect("release");
    assert!(!after.locked, "closing the article releases the lock");

    // WordPress's own editor on the other side: its lock is seen, and it sees the app's.
    wp.php(&format!(
        "require_once ABSPATH . 'wp-admin/includes/post.php'; wp_set_current_user({e_id}); wp_set_post_lock({post_id});"
    ));
    assert!(lock::state(&j_site, post_id)
        .await
        .expect("state")
        .held_by_other());
    // Its tab crashed 151 s ago: past WordPress's 150 s window the lock has expired.
    let stale = chrono::Utc::now().timestamp() - 151;
    wp.php(&format!(
        "update_post_meta({post_id}, '_edit_lock', '{stale}:{e_id}');"
    ));
    let Acquire::Held(_) = lock::acquire(&j_site, post_id, false).await.expect("lock") else {
        panic!("an expired lock is free");
    };
    let seen_by_wordpress = wp.php(&format!(
        "require_once ABSPATH . 'wp-admin/includes/post.php'; wp_set_current_user({e_id}); echo wp_check_post_lock({post_id});"
    ));
    assert_eq!(
        seen_by_wordpress.trim(),
        j_id.to_string(),
        "WordPress's editor sees the app's lock"
    );
}

/// What the window calls (`desk_lock_open` / `desk_lock_close`): the article's post is found
/// from the article, the answers say what the window does, and an article with nothing to
/// share opens as always.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs WordPress: scripts/test.sh starts one"]
async fn opening_and_closing_an_article_hold_and_release_its_lock() {
    use newsroom_sync::desk::lock::LockStatus;
    let _g = serial().await;
    let wp = Wp::start(true);
    let journalist = App::connect(&wp.url, &wp, "journalist").await;
    let editor = App::connect(&wp.url, &wp, "editor").await;
    journalist.profile(Role::Journalist);
    editor.profile(Role::Editor);
    let id = journalist.write(&marker("Открыта в окне"), "Текст.");
    let key = id.to_string();

    // Not on the site yet: nothing to share, the article opens as always.
    let local = lock::open_article(&journalist.store, &journalist.secrets, &key, false)
        .await
        .expect("open");
    assert_eq!(local.status, LockStatus::NotShared, "{local:?}");

    journalist.sync().await;
    editor.sync().await;
    let post_id = journalist.remote_id(id);
    let mine = lock::open_article(&journalist.store, &journalist.secrets, &key, false)
        .await
        .expect("open");
    assert_eq!(mine.status, LockStatus::Held, "{mine:?}");
    assert!(mine.refresh_secs > 0 && mine.refresh_secs < 150, "{mine:?}");

    // The editor's app, on its own copy of the article: the journalist holds it.
    let e_key = editor
        .store
        .db()
        .read(|c| newsroom_sync::mirror::article_for_remote(c, post_id))
        .expect("mirror")
        .expect("the editor's machine has the article");
    let theirs = lock::open_article(&editor.store, &editor.secrets, &e_key, false)
        .await
        .expect("open");
    assert_eq!(theirs.status, LockStatus::HeldByOther, "{theirs:?}");
    assert_eq!(
        theirs.lock.as_ref().and_then(|l| l.user_name.clone()),
        Some(wp_name(&wp, "journalist"))
    );
    let taken = lock::open_article(&editor.store, &editor.secrets, &e_key, true)
        .await
        .expect("take over");
    assert_eq!(taken.status, LockStatus::Held, "{taken:?}");
    // The journalist's next refresh learns it was taken over.
    let refreshed = lock::open_article(&journalist.store, &journalist.secrets, &key, false)
        .await
        .expect("refresh");
    assert_eq!(refreshed.status, LockStatus::HeldByOther, "{refreshed:?}");

    // Closing: the editor's lock goes; the journalist's close leaves others' alone.
    lock::close_article(&journalist.store, &journalist.secrets, &key)
        .await
        .expect("close");
    let j_site = newsroom_sync::engine::connect_site(&journalist.store, &journalist.secrets)
        .await
        .expect("site");
    assert!(lock::state(&j_site, post_id)
        .await
        .expect("state")
        .held_by_other());
    lock::close_article(&editor.store, &editor.secrets, &e_key)
        .await
        .expect("close");
    assert!(!lock::state(&j_site, post_id).await.expect("state").locked);
}
