//! Quiescence (faults off, rounds until idle, every open conflict resolved) and the
//! invariants that must hold after it.

use super::rng::Rng;
use super::steps::retry_now;
use super::{short, Key, Text, World};
use crate::common::Fault;
use newsroom_core::outbox;
use newsroom_core::text_input::MAX_HEADLINE_CHARS;
use newsroom_sync::fields::{remote_as_local, FIELDS};
use newsroom_sync::mapping::{Field, RemoteFields};
use newsroom_sync::resolve::{self, Resolution};
use newsroom_sync::wp::types::unescape_html;
use std::collections::{BTreeMap, BTreeSet};

/// Rounds without anything moving that count as idle; rounds at most before giving up.
const IDLE_ROUNDS: usize = 2;
const MAX_ROUNDS: usize = 12;

/// Faults off, every app online, rounds until nothing moves; then every open conflict is
/// resolved (each must be resolvable) and the rounds go on. Violations found on the way are
/// returned.
pub async fn quiesce(w: &mut World, rng: &mut Rng) -> Vec<String> {
    let mut violations = Vec::new();
    w.note("quiescence: faults off, everyone online".into());
    for c in &mut w.clients {
        c.proxy.set(Fault::Pass);
        c.offline = false;
    }
    // A stalled connection from the run may still be held by the proxy; it ends with the
    // client's timeout, which has passed once the first rounds are through.
    for pass in 0..4 {
        if !rounds_until_idle(w).await {
            violations.push(format!(
                "no quiescence: rounds kept moving after {MAX_ROUNDS} rounds (pass {pass})"
            ));
            return violations;
        }
        let mut resolved = 0;
        for app in 0..w.clients.len() {
            let store = w.clients[app].app.store.clone();
            for c in resolve::conflicts(&store, None).expect("conflicts") {
                if Field::parse(&c.field).is_none() {
                    violations.push(format!(
                        "{}: a conflict on {:?} of {} names no field the user can resolve",
                        w.clients[app].app.who, c.field, c.article_id
                    ));
                    continue;
                }
                let choice = if rng.chance(50) {
                    Resolution::Local
                } else {
                    Resolution::Remote
                };
                match resolve::resolve(&store, c.id, &choice) {
                    Ok(()) => {
                        resolved += 1;
                        w.stats.conflicts_resolved += 1;
                        w.note(format!(
                            "  {} resolves the {} conflict of {} with {choice:?}",
                            w.clients[app].app.who, c.field, c.article_id
                        ));
                    }
                    Err(e) => violations.push(format!(
                        "{}: the {} conflict of {} cannot be resolved with {choice:?}: {e}",
                        w.clients[app].app.who, c.field, c.article_id
                    )),
                }
            }
        }
        if resolved == 0 {
            return violations;
        }
    }
    violations.push("conflicts kept coming back after four rounds of resolving".into());
    violations
}

/// Rounds (each app, "retry now" first) until `IDLE_ROUNDS` in a row move nothing.
async fn rounds_until_idle(w: &mut World) -> bool {
    let mut idle = 0;
    for _ in 0..MAX_ROUNDS {
        let mut moved = false;
        for app in 0..w.clients.len() {
            retry_now(w, app);
            match w.sync(app, true).await {
                // An open conflict is reported every round until the user chooses: that is
                // its state, not movement (they are resolved once the rounds are idle).
                Some(r) => {
                    moved |= r.pulled + r.pushed + r.created + r.merged + r.trashed > 0 || r.offline
                }
                None => moved = true,
            }
        }
        idle = if moved { 0 } else { idle + 1 };
        if idle >= IDLE_ROUNDS {
            return true;
        }
    }
    false
}

/// The invariants after quiescence. Counts what was surfaced into the world's stats.
pub async fn check(w: &mut World) -> Vec<String> {
    let mut v = Vec::new();
    let posts: BTreeMap<u64, newsroom_sync::wp::WpPost> =
        w.all_posts().await.into_iter().map(|p| (p.id, p)).collect();
    let links: Vec<BTreeMap<String, u64>> = (0..w.clients.len()).map(|a| w.links(a)).collect();
    let conflicts: BTreeSet<(String, String)> = (0..w.clients.len())
        .flat_map(|a| w.conflicts_seen(a))
        .collect();
    w.stats.conflicts_surfaced += conflicts.len() as u64;
    // The same conflicts by post: on a stock site each app names a colleague's post by an
    // article id of its own, so a conflict one app showed about a post is found by the post.
    let conflicts_by_post: BTreeSet<(u64, String)> = (0..w.clients.len())
        .flat_map(|a| {
            w.conflicts_seen(a)
                .into_iter()
                .filter_map(|(article, field)| Some((*links[a].get(&article)?, field)))
                .collect::<Vec<_>>()
        })
        .collect();

    // No outbox entry stuck: what is left must be parked with a reason the user sees.
    let mut refused: BTreeSet<String> = BTreeSet::new();
    for (app, c) in w.clients.iter().enumerate() {
        let left = c.app.store.db().read(outbox::all).expect("outbox");
        for item in left {
            match (&item.failure, item.failure_kind.as_deref()) {
                (Some(_), Some("permanent")) => {
                    refused.insert(item.article_id.clone());
                }
                _ => v.push(format!(
                    "{}: outbox entry of {} stuck after quiescence ({item:?})",
                    w.clients[app].app.who, item.article_id
                )),
            }
        }
        let open = resolve::conflicts(&c.app.store, None).expect("conflicts");
        for o in open {
            v.push(format!(
                "{}: conflict on {} of {} still open after quiescence",
                c.app.who, o.field, o.article_id
            ));
        }
    }
    w.stats.refused_surfaced += refused.len() as u64;

    // Exactly one post per article: the apps link an article to the same post, no post
    // is linked twice, and every post on the site was made by a step (no duplicates).
    // Without the plugin a post carries no article id, so each app gives a post it pulled
    // an id of its own: only the links within one app are compared there.
    let mut post_of: BTreeMap<String, u64> = BTreeMap::new();
    let compared: Vec<&BTreeMap<String, u64>> = if w.plugin {
        links.iter().collect()
    } else {
        links.iter().take(1).collect()
    };
    for (app, l) in compared.into_iter().enumerate() {
        for (article, post) in l {
            match post_of.get(article) {
                Some(p) if p != post => v.push(format!(
                    "{} is linked to post {post} in {}'s app but to post {p} elsewhere",
                    article, w.clients[app].app.who
                )),
                _ => {
                    post_of.insert(article.clone(), *post);
                }
            }
        }
    }
    let mut linked: BTreeMap<u64, BTreeSet<&String>> = BTreeMap::new();
    for (a, p) in &post_of {
        linked.entry(*p).or_default().insert(a);
    }
    for (p, articles) in &linked {
        if articles.len() > 1 {
            v.push(format!(
                "post {p} is linked to several articles: {articles:?}"
            ));
        }
    }
    let made_by_apps: BTreeSet<u64> = w
        .clients
        .iter()
        .flat_map(|c| c.own.iter())
        .filter_map(|a| {
            let a = a.to_string();
            links.iter().find_map(|l| l.get(&a).copied())
        })
        .collect();
    for (id, p) in &posts {
        let explained =
            made_by_apps.contains(id) || w.site_posts.contains(id) || w.hostile_posts.contains(id);
        if !explained {
            v.push(format!(
                "post {id} ({:?}, {}) was made by no step: a duplicate?",
                short(&p.title, 40),
                p.status
            ));
        }
    }
    if w.plugin {
        let mut by_uuid: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for p in posts.values().filter(|p| !w.hostile_posts.contains(&p.id)) {
            if let Some(u) = p.uuid.as_deref() {
                by_uuid.entry(u).or_default().push(p.id);
            }
        }
        for (u, ids) in by_uuid {
            if ids.len() > 1 {
                v.push(format!("posts {ids:?} carry the same article UUID {u}"));
            }
        }
    }

    // Every client and the site agree on every field.
    for (app, c) in w.clients.iter().enumerate() {
        let names: BTreeMap<u64, String> = c
            .app
            .store
            .db()
            .read(newsroom_sync::mirror::all_terms)
            .expect("terms")
            .into_iter()
            .collect();
        let lookup = |t: u64| names.get(&t).cloned();
        for (article, post_id) in &links[app] {
            if refused.contains(article) {
                continue;
            }
            let id = article.parse().expect("article id");
            let Some(snap) = c
                .app
                .store
                .db()
                .read(|conn| newsroom_core::remote::snapshot(conn, id))
                .expect("snapshot")
            else {
                v.push(format!("{}: {article} is linked but missing", c.app.who));
                continue;
            };
            let Some(post) = posts.get(post_id) else {
                if !snap.trashed {
                    v.push(format!(
                        "{}: {article} is linked to post {post_id}, which is gone, and not trashed",
                        c.app.who
                    ));
                }
                continue;
            };
            let site_trashed = post.status == "trash";
            if snap.trashed != site_trashed {
                // What the app believed of the post, for whoever follows this up.
                let base = c
                    .app
                    .store
                    .db()
                    .read(|conn| newsroom_sync::mirror::base(conn, article))
                    .expect("base")
                    .map(|b| {
                        format!(
                            "{} rev {:?} modified {}",
                            b.remote.status, b.remote.rev, b.remote.modified_gmt
                        )
                    });
                let queued = c
                    .app
                    .store
                    .db()
                    .read(|conn| outbox::item(conn, article))
                    .expect("outbox")
                    .is_some();
                v.push(format!(
                    "{}: {article} trashed here: {}, on the site (post {post_id}): {site_trashed} (site: {} rev {:?} modified {}; the app's base: {base:?}; queued: {queued})",
                    c.app.who, snap.trashed, post.status, post.rev, post.modified_gmt
                ));
                continue;
            }
            if snap.trashed {
                continue;
            }
            let base = c
                .app
                .store
                .db()
                .read(|conn| newsroom_sync::mirror::base(conn, article))
                .expect("base");
            let remote = RemoteFields::from_post(post);
            // A site title over the headline limit (a hostile colleague's) is taken cut at
            // a word, ending in `…`: exactly that, never the older headline kept silently.
            let whole = unescape_html(&post.title);
            let headline = &snap.fields.headline;
            if whole.chars().count() > MAX_HEADLINE_CHARS
                && !(headline.chars().count() <= MAX_HEADLINE_CHARS
                    && headline.ends_with('…')
                    && whole.starts_with(headline.trim_end_matches('…')))
            {
                v.push(format!(
                    "{}: {article} (post {post_id}) has an oversize title on the site ({} characters), not taken cut here: {:?}",
                    c.app.who,
                    whole.chars().count(),
                    short(headline, 120)
                ));
            }
            let site = remote_as_local(&remote, base.as_ref(), &lookup);
            for spec in &FIELDS {
                if !(spec.same)(&snap.fields, &site) {
                    v.push(format!(
                        "{}: {article} (post {post_id}) disagrees with the site on {}: here {:?}, there {:?}",
                        c.app.who,
                        spec.name,
                        short(&(spec.text)(&snap.fields), 120),
                        short(&(spec.text)(&site), 120)
                    ));
                }
            }
        }
    }

    // Every edit is present, or surfaced as a conflict (or a refusal) the user sees.
    let edits: Vec<((Key, Text), (String, usize))> = w
        .edits
        .iter()
        .map(|(k, e)| (k.clone(), e.clone()))
        .collect();
    for ((key, text), (token, step)) in edits {
        if w.tainted.contains(&key) {
            continue;
        }
        let (article, post_id) = w.resolve_key(&key);
        if let Some(a) = &article {
            if refused.contains(a) {
                continue;
            }
            if post_id.is_some_and(|p| w.tainted.contains(&Key::Post(p))) {
                continue;
            }
            let field = match text {
                Text::Headline => "headline",
                Text::Dek => "dek",
                Text::Body => "body",
            };
            if conflicts.contains(&(a.clone(), field.to_string()))
                || post_id.is_some_and(|p| conflicts_by_post.contains(&(p, field.to_string())))
            {
                continue;
            }
        }
        let Some(post) = post_id.and_then(|p| posts.get(&p)) else {
            // Never reached the site: fine only if it was trashed first (discarded).
            let trashed = article.as_ref().is_some_and(|a| {
                w.clients.iter().enumerate().any(|(app, _)| {
                    w.articles(app)
                        .iter()
                        .any(|(id, t)| *t && id.to_string() == *a)
                })
            });
            if !trashed {
                v.push(format!(
                    "the {text:?} edit {token} (step {step}) of {key:?} never reached the site"
                ));
            }
            continue;
        };
        if post.status == "trash" {
            continue;
        }
        let remote = RemoteFields::from_post(post);
        let site = remote_as_local(&remote, None, &|_| None);
        let value = match text {
            Text::Headline => site.headline,
            Text::Dek => site.dek,
            Text::Body => site.body,
        };
        // A later edit of the same text by a step made on a key the same article goes by
        // (an app's edit and the site's of the same post) supersedes this one.
        let superseded = w.edits.iter().any(|((k, t), (_, s))| {
            *t == text && *s > step && k != &key && w.resolve_key(k).1 == post_id
        });
        if !value.contains(&token) && !superseded {
            v.push(format!(
                "the {text:?} edit {token} (step {step}) of {key:?} is lost: post {} holds {:?}, and no conflict was shown",
                post.id,
                short(&value, 120)
            ));
        }
    }
    w.stats.violations += v.len() as u64;
    v
}
