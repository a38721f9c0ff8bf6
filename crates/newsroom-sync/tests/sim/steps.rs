//! The random steps: each is drawn from the seed and the world as it is, written to the
//! step log, then carried out. A refusal by the app (a workflow rule, a Contributor's limits)
//! is part of the run, logged, never a failure of the simulation.

use super::rng::Rng;
use super::{short, Key, Text, World};
use crate::common::Fault;
use newsroom_core::schedule::{ScheduleRequest, WallClockInput};
use newsroom_core::workflow::Action;
use newsroom_core::{outbox, ArticleDraft, ArticleId};
use newsroom_sync::resolve::{self, Resolution};
use serde_json::json;

/// What kinds of step there are, and how often each comes.
const KINDS: [(&str, u32); 16] = [
    ("write", 6),
    ("edit", 22),
    ("tags", 4),
    ("action", 8),
    ("schedule", 2),
    ("trash", 3),
    ("restore", 2),
    ("resolve", 4),
    ("sync", 20),
    ("dropped", 3),
    ("offline", 4),
    ("fault", 8),
    ("skew", 2),
    ("site_edit", 10),
    ("site_trash", 2),
    ("hostile", 4),
];

const TAGS: [&str; 5] = ["Барыс", "хоккей", "Алматы", "выборы", "погода"];

pub async fn step(w: &mut World, rng: &mut Rng) {
    let weights: Vec<u32> = KINDS.iter().map(|(_, w)| *w).collect();
    let kind = KINDS[rng.weighted(&weights)].0;
    let app = rng.below(w.clients.len());
    let token = format!("t{}x{}", w.step, rng.below(1000));
    match kind {
        "write" => write(w, app, &token, rng),
        "edit" => edit(w, app, &token, rng),
        "tags" => tags(w, app, rng),
        "action" => action(w, app, rng),
        "schedule" => schedule(w, rng),
        "trash" => trash_or_restore(w, app, rng, true),
        "restore" => trash_or_restore(w, app, rng, false),
        "resolve" => resolve_one(w, app, rng),
        "sync" => {
            if rng.chance(10) {
                // The user pressed "retry now".
                w.note(format!("{} retries now", w.clients[app].app.who));
                retry_now(w, app);
            }
            w.note(format!("{} syncs", w.clients[app].app.who));
            w.sync(app, rng.chance(30)).await;
        }
        "dropped" => dropped(w, app, rng).await,
        "offline" => {
            let c = &mut w.clients[app];
            c.offline = !c.offline;
            c.proxy.set(if c.offline {
                Fault::Refuse
            } else {
                Fault::Pass
            });
            let (who, off) = (c.app.who.clone(), c.offline);
            if off {
                w.stats.offline_periods += 1;
            }
            w.note(format!(
                "{who} goes {}",
                if off { "offline" } else { "online" }
            ));
        }
        "fault" => {
            let faults = [
                Fault::Reset,
                Fault::Stall,
                Fault::DropResponse,
                Fault::Fail500,
                Fault::Busy503,
                Fault::Html404,
                Fault::Refuse,
            ];
            let fault = faults[rng.below(faults.len())];
            let n = 1 + rng.below(3) as i32;
            w.stats.faults += 1;
            let c = &w.clients[app];
            if !c.offline {
                c.proxy.set_retry_after(1 + rng.below(3) as u32);
                c.proxy.next(fault, n);
            }
            w.note(format!(
                "{}: the next {n} requests meet {fault:?}",
                c.app.who
            ));
            w.sync(app, false).await;
        }
        "skew" => {
            // The journalist's clock runs up to ten minutes off.
            let minutes = rng.below(21) as i64 - 10;
            let c = &w.clients[0];
            let target = chrono::Duration::minutes(minutes);
            c.clock.advance(target - c.clock.offset());
            w.note(format!("{}'s clock is now {minutes:+} min off", c.app.who));
        }
        "site_edit" => site_edit(w, &token, rng).await,
        "site_trash" => site_trash(w, rng).await,
        _ => hostile(w, app, &token, rng).await,
    }
}

pub fn retry_now(w: &World, app: usize) {
    w.clients[app]
        .app
        .store
        .db()
        .write(|tx| {
            outbox::retry_all(tx)?;
            tx.execute(
                "DELETE FROM sync_state WHERE key = ?1",
                [newsroom_sync::round::BUSY_UNTIL],
            )?;
            Ok(())
        })
        .expect("retry now");
}

fn body(token: &str) -> String {
    format!("Первый абзац {token}.\n\nВторой абзац {token}.\n\nТретий абзац {token}.")
}

fn write(w: &mut World, app: usize, token: &str, rng: &mut Rng) {
    let c = &w.clients[app];
    let draft = ArticleDraft {
        headline: format!("Статья {token}"),
        dek: if rng.chance(50) {
            format!("Подзаголовок {token}")
        } else {
            String::new()
        },
        body: body(token),
        ..ArticleDraft::default()
    };
    let a = c.app.store.create_article(&draft).expect("create article");
    let who = c.app.who.clone();
    w.clients[app].own.push(a.id);
    let key = Key::Article(a.id.to_string());
    for text in [Text::Headline, Text::Body] {
        w.edits
            .insert((key.clone(), text), (token.to_string(), w.step));
    }
    w.note(format!("{who} writes {} ({token})", a.id));
}

/// An article the app may work on: any of its own; an editor's, any it holds.
fn pick_article(w: &World, app: usize, rng: &mut Rng, trashed: bool) -> Option<ArticleId> {
    let c = &w.clients[app];
    let held: Vec<ArticleId> = w
        .articles(app)
        .into_iter()
        .filter(|(id, t)| *t == trashed && (c.editor || c.own.contains(id)))
        .map(|(id, _)| id)
        .collect();
    rng.pick(&held)
}

fn edit(w: &mut World, app: usize, token: &str, rng: &mut Rng) {
    let Some(id) = pick_article(w, app, rng, false) else {
        return;
    };
    let text = [Text::Headline, Text::Dek, Text::Body][rng.below(3)];
    let c = &w.clients[app];
    let a = c.app.store.article(id).expect("article");
    let mut d = a.draft.clone();
    match text {
        Text::Headline => d.headline = format!("Заголовок {token}"),
        Text::Dek => d.dek = format!("Подзаголовок {token}"),
        Text::Body => {
            let mut paragraphs: Vec<String> = d.body.split("\n\n").map(str::to_string).collect();
            let at = rng.below(paragraphs.len().max(1));
            if paragraphs.is_empty() {
                paragraphs.push(String::new());
            }
            paragraphs[at] = format!("Правка {token}.");
            d.body = paragraphs.join("\n\n");
        }
    }
    let who = c.app.who.clone();
    match c.app.store.save_revision(id, &d, a.version) {
        Ok(_) => {
            w.stats.app_edits += 1;
            w.edits.insert(
                (Key::Article(id.to_string()), text),
                (token.to_string(), w.step),
            );
            w.note(format!("{who} edits the {text:?} of {id} ({token})"));
        }
        Err(e) => w.note(format!(
            "{who} may not edit {id}: {}",
            short(&e.to_string(), 80)
        )),
    }
}

fn tags(w: &mut World, app: usize, rng: &mut Rng) {
    let Some(id) = pick_article(w, app, rng, false) else {
        return;
    };
    let names: Vec<String> = TAGS
        .iter()
        .filter(|_| rng.chance(40))
        .map(|s| s.to_string())
        .collect();
    let c = &w.clients[app];
    let who = c.app.who.clone();
    let r = c.app.store.set_article_tags(id, &names);
    w.note(format!("{who} tags {id} {names:?}: {}", ok(r.map(|_| ()))));
}

fn action(w: &mut World, app: usize, rng: &mut Rng) {
    let Some(id) = pick_article(w, app, rng, false) else {
        return;
    };
    let c = &w.clients[app];
    let actions: &[Action] = if c.editor {
        &[
            Action::Approve,
            Action::RequestChanges,
            Action::Publish,
            Action::Withdraw,
            Action::BackToDraft,
            Action::Submit,
        ]
    } else {
        &[Action::Submit, Action::Recall]
    };
    let action = actions[rng.below(actions.len())];
    let note = (action == Action::RequestChanges).then_some("Переделать вводку.");
    let r = c.app.store.apply_action(id, action, &c.actor, note);
    let who = c.app.who.clone();
    w.note(format!("{who}: {action:?} {id}: {}", ok(r.map(|_| ()))));
}

fn schedule(w: &mut World, rng: &mut Rng) {
    let app = 1; // the editor's
    let Some(id) = pick_article(w, app, rng, false) else {
        return;
    };
    let c = &w.clients[app];
    let at = chrono::Utc::now() + chrono::Duration::days(2 + rng.below(5) as i64);
    let request = ScheduleRequest {
        time: WallClockInput {
            zone: "Asia/Almaty".into(),
            local: at
                .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).expect("offset"))
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            fold: None,
        },
        lead: false,
        user_zone: None,
    };
    let r = c.app.store.schedule_article(id, &request, &c.actor);
    let who = c.app.who.clone();
    w.note(format!("{who} schedules {id}: {}", ok(r.map(|_| ()))));
}

fn trash_or_restore(w: &mut World, app: usize, rng: &mut Rng, trash: bool) {
    let Some(id) = pick_article(w, app, rng, !trash) else {
        return;
    };
    let c = &w.clients[app];
    let r = if trash {
        c.app.store.trash_article(id)
    } else {
        c.app.store.restore_article(id)
    };
    let who = c.app.who.clone();
    let verb = if trash { "trashes" } else { "restores" };
    w.note(format!("{who} {verb} {id}: {}", ok(r.map(|_| ()))));
}

fn resolve_one(w: &mut World, app: usize, rng: &mut Rng) {
    let c = &w.clients[app];
    let open = resolve::conflicts(&c.app.store, None).expect("conflicts");
    let Some(conflict) = rng.pick(&open) else {
        return;
    };
    let choice = match rng.below(3) {
        0 => Resolution::Local,
        1 => Resolution::Remote,
        _ => Resolution::Edited(format!("{} (сведено)", conflict.local_value)),
    };
    let r = resolve::resolve(&c.app.store, conflict.id, &choice);
    let who = c.app.who.clone();
    if r.is_ok() {
        w.stats.conflicts_resolved += 1;
    }
    w.note(format!(
        "{who} resolves the {} conflict of {} with {choice:?}: {}",
        conflict.field,
        conflict.article_id,
        ok(r)
    ));
}

/// A round cut off at a random point (the app quit, crashed, lost power), then the app
/// opened again from its database.
async fn dropped(w: &mut World, app: usize, rng: &mut Rng) {
    let after = std::time::Duration::from_millis(rng.below(400) as u64);
    let c = &mut w.clients[app];
    let (store, secrets) = (c.app.store.clone(), c.app.secrets.clone());
    let round =
        tokio::spawn(async move { newsroom_sync::sync_once(&store, &secrets, false).await });
    tokio::time::sleep(after).await;
    round.abort();
    let finished = round.await.is_ok();
    c.app.reopen(c.clock.clone());
    let who = c.app.who.clone();
    w.stats.dropped_rounds += 1;
    w.note(format!(
        "{who}'s round dropped after {after:?} ({}), the app reopened from its database",
        if finished {
            "it had finished"
        } else {
            "mid-round"
        }
    ));
}

/// A live post on the site (not in its trash), as the admin sees it.
async fn pick_post(w: &World, rng: &mut Rng) -> Option<newsroom_sync::wp::WpPost> {
    let ids: Vec<u64> = w
        .post_states()
        .await
        .into_iter()
        .filter(|(id, status)| status != "trash" && !w.hostile_posts.contains(id))
        .map(|(id, _)| id)
        .collect();
    let id = rng.pick(&ids)?;
    Some(w.site.get_post(id).await.expect("reading the picked post"))
}

/// A colleague edits in WordPress (REST as another user), or creates a post there.
async fn site_edit(w: &mut World, token: &str, rng: &mut Rng) {
    w.stats.site_edits += 1;
    let post = match pick_post(w, rng).await {
        Some(p) if rng.chance(85) => p,
        _ => {
            let body = json!({
                "title": format!("С сайта {token}"),
                "content": newsroom_text::render_markdown(&body(token)),
                "status": "draft",
            });
            match w.site.create_post(&body).await {
                Ok(p) => {
                    w.site_posts.insert(p.id);
                    for text in [Text::Headline, Text::Body] {
                        w.edits
                            .insert((Key::Post(p.id), text), (token.to_string(), w.step));
                    }
                    w.note(format!("the site creates post {} ({token})", p.id));
                }
                Err(e) => w.note(format!("the site could not create a post: {e}")),
            }
            return;
        }
    };
    let text = [Text::Headline, Text::Dek, Text::Body][rng.below(3)];
    let body = match text {
        Text::Headline => json!({ "title": format!("На сайте {token}") }),
        Text::Dek => json!({ "excerpt": format!("Вводка с сайта {token}") }),
        Text::Body => {
            // In WordPress's editor: HTML only (a Markdown meta there goes stale).
            let md = newsroom_sync::mapping::html_to_markdown(&post.content);
            let mut paragraphs: Vec<String> = md.split("\n\n").map(str::to_string).collect();
            let at = rng.below(paragraphs.len().max(1));
            if paragraphs.is_empty() {
                paragraphs.push(String::new());
            }
            paragraphs[at] = format!("С сайта {token}.");
            json!({ "content": newsroom_text::render_markdown(&paragraphs.join("\n\n")) })
        }
    };
    match w.site.update_post(post.id, &body, None).await {
        Ok(_) => {
            w.edits
                .insert((Key::Post(post.id), text), (token.to_string(), w.step));
            w.note(format!(
                "the site edits the {text:?} of post {} ({token})",
                post.id
            ));
        }
        Err(e) => w.note(format!("the site could not edit post {}: {e}", post.id)),
    }
}

/// The site trashes a post, or restores one from its trash (wp-admin's "Restore", which REST
/// lacks, inside WordPress).
async fn site_trash(w: &mut World, rng: &mut Rng) {
    w.stats.site_edits += 1;
    if rng.chance(50) {
        let trashed: Vec<u64> = w
            .post_states()
            .await
            .into_iter()
            .filter(|(_, status)| status == "trash")
            .map(|(id, _)| id)
            .collect();
        if let Some(id) = rng.pick(&trashed) {
            let wp = w.wp.clone();
            tokio::task::spawn_blocking(move || {
                wp.php(&format!("wp_untrash_post({id}); echo 'ok';"))
            })
            .await
            .expect("php");
            w.note(format!("the site restores post {id} from its trash"));
            return;
        }
    }
    let Some(post) = pick_post(w, rng).await else {
        return;
    };
    let r = w.site.trash_post(post.id).await;
    w.note(format!(
        "the site trashes post {}: {}",
        post.id,
        match r {
            Ok(_) => "done".to_string(),
            Err(e) => e.to_string(),
        }
    ));
}

/// A hostile colleague: what the app must survive without losing anything or stalling.
async fn hostile(w: &mut World, app: usize, token: &str, rng: &mut Rng) {
    w.stats.hostile += 1;
    let what = rng.below(6);
    if what == 5 {
        // A proxy (not WordPress) answers HTML 404s for a while.
        let c = &w.clients[app];
        if !c.offline {
            c.proxy.next(Fault::Html404, 2 + rng.below(4) as i32);
        }
        let who = c.app.who.clone();
        w.note(format!(
            "hostile: a proxy answers {who}'s requests with HTML 404s"
        ));
        w.sync(app, rng.chance(50)).await;
        return;
    }
    let Some(post) = pick_post(w, rng).await else {
        return;
    };
    let id = post.id;
    match what {
        0 => {
            let title = format!("{} {token}", "Очень длинный заголовок ".repeat(60));
            let r = w
                .site
                .update_post(id, &json!({ "title": title }), None)
                .await;
            w.tainted.insert(Key::Post(id));
            w.note(format!(
                "hostile: an oversize title on post {id}: {}",
                ok_sync(r)
            ));
        }
        1 => {
            let body = json!({
                "content": newsroom_text::render_markdown(&format!("Опубликовано {token}.")),
                "meta": { "newsroom_markdown": format!("Одобрено {token}.") },
            });
            let r = w.site.update_post(id, &body, None).await;
            w.tainted.insert(Key::Post(id));
            w.note(format!(
                "hostile: content X with a Markdown meta Y on post {id}: {}",
                ok_sync(r)
            ));
        }
        2 => {
            let Some(uuid) = post.uuid.clone() else {
                w.note(format!("hostile: post {id} has no UUID to copy"));
                return;
            };
            let body = json!({
                "title": format!("Копия {token}"),
                "content": "<p>Копия.</p>",
                "status": "draft",
                "meta": { "newsroom_uuid": uuid },
            });
            match w.site.create_post(&body).await {
                Ok(p) => {
                    w.hostile_posts.insert(p.id);
                    w.note(format!(
                        "hostile: post {} created carrying post {id}'s UUID",
                        p.id
                    ));
                }
                Err(e) => w.note(format!(
                    "hostile: copying post {id}'s UUID refused: {}",
                    short(&e.to_string(), 80)
                )),
            }
        }
        3 => {
            let content = format!(
                "{}\n<!-- wp:embed -->\n<figure><iframe src=\"https://www.youtube.com/embed/{token}\"></iframe></figure>\n<!-- /wp:embed -->",
                post.content
            );
            let r = w
                .site
                .update_post(id, &json!({ "content": content }), None)
                .await;
            w.tainted.insert(Key::Post(id));
            w.note(format!(
                "hostile: an embed the app cannot represent in post {id}: {}",
                ok_sync(r)
            ));
        }
        _ => {
            // Not through REST: inside WordPress, as a plugin or WP-CLI would.
            let title = format!("Через PHP {token}");
            let wp = w.wp.clone();
            let code = format!(
                "$r = wp_update_post(['ID' => {id}, 'post_title' => '{title}'], true); echo is_wp_error($r) ? $r->get_error_message() : 'ok';"
            );
            let out = tokio::task::spawn_blocking(move || wp.php(&code))
                .await
                .expect("php");
            if out.trim() == "ok" {
                w.edits
                    .insert((Key::Post(id), Text::Headline), (token.to_string(), w.step));
            }
            w.note(format!(
                "hostile: wp_update_post on post {id} ({token}): {}",
                out.trim()
            ));
        }
    }
}

fn ok(r: newsroom_core::Result<()>) -> String {
    match r {
        Ok(()) => "done".into(),
        Err(e) => format!("refused ({})", short(&e.to_string(), 80)),
    }
}

fn ok_sync<T>(r: newsroom_sync::Result<T>) -> String {
    match r {
        Ok(_) => "done".into(),
        Err(e) => format!("refused ({})", short(&e.to_string(), 80)),
    }
}
