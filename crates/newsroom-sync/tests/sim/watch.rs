//! Watching a run as it goes, for the step at which something went wrong rather than only
//! the end state the invariants see.
//!
//! - Always: an app that takes an article out of its trash, without its user restoring it,
//!   while the site holds the article's post in its trash, is noted in the step log (a round
//!   brought back a post nobody restored; at the end that shows only as "trashed here: false").
//! - `SIM_WATCH=<step>`: the article written at that step is followed; every change of its
//!   state in each app (trashed, linked post, the base's status, outbox row) is printed.

use super::World;
use std::collections::BTreeSet;

pub struct Watch {
    step: Option<usize>,
    article: Option<String>,
    last: Vec<String>,
    /// Per app, the articles in its trash after the last step.
    trashed: Vec<BTreeSet<String>>,
    /// How much of the step log was read.
    seen_log: usize,
}

impl Watch {
    pub fn from_env() -> Watch {
        let step = std::env::var("SIM_WATCH")
            .ok()
            .map(|s| s.trim().parse().expect("SIM_WATCH is a step number"));
        Watch {
            step,
            article: None,
            last: Vec::new(),
            trashed: Vec::new(),
            seen_log: 0,
        }
    }

    /// Called after every step.
    pub async fn look(&mut self, w: &mut World) {
        self.unasked_restores(w).await;
        self.follow(w);
    }

    /// Notes each article an app took out of its trash in this step although its user did
    /// not restore it and the site's post is in the trash.
    async fn unasked_restores(&mut self, w: &mut World) {
        let new_lines = w.log[self.seen_log..].to_vec();
        self.seen_log = w.log.len();
        let now: Vec<BTreeSet<String>> = (0..w.clients.len())
            .map(|app| {
                w.articles(app)
                    .into_iter()
                    .filter(|(_, t)| *t)
                    .map(|(id, _)| id.to_string())
                    .collect()
            })
            .collect();
        let before = std::mem::replace(&mut self.trashed, now.clone());
        for (app, was) in before.iter().enumerate() {
            let who = w.clients[app].app.who.clone();
            let links = w.links(app);
            for id in was.difference(&now[app]) {
                let asked = format!("{who} restores {id}");
                if new_lines.iter().any(|l| l.contains(&asked)) {
                    continue;
                }
                let Some(post) = links.get(id).copied() else {
                    continue;
                };
                let status = match w.site.get_post(post).await {
                    Ok(p) => p.status,
                    Err(e) => format!("unreadable ({e})"),
                };
                if status == "trash" {
                    // Printed at once as well: a long run's log is printed only at its end.
                    let line = format!(
                        "watch: {who} took {id} out of its trash unasked while the site holds post {post} in its trash"
                    );
                    println!("step {}: {line}", w.step);
                    w.note(line);
                }
            }
        }
    }

    /// `SIM_WATCH`: prints what changed about the followed article since the last step.
    fn follow(&mut self, w: &World) {
        let Some(step) = self.step else { return };
        if self.article.is_none() && w.step == step {
            let prefix = format!("{step:>5}: ");
            self.article = w.log.iter().rev().find_map(|l| {
                let rest = l.strip_prefix(&prefix)?;
                let (_, after) = rest.split_once(" writes ")?;
                Some(after.split(' ').next()?.to_string())
            });
            println!("watching {:?} (written at step {step})", self.article);
        }
        let Some(article) = self.article.clone() else {
            return;
        };
        let now: Vec<String> = (0..w.clients.len())
            .map(|app| state(w, app, &article))
            .collect();
        if now != self.last {
            for (app, s) in now.iter().enumerate() {
                if self.last.get(app) != Some(s) {
                    println!("watch {:>5}: {}: {s}", w.step, w.clients[app].app.who);
                }
            }
            self.last = now;
        }
    }
}

/// The article's state in one app, as one line.
fn state(w: &World, app: usize, article: &str) -> String {
    w.clients[app]
        .app
        .store
        .db()
        .read(|c| {
            let trashed: Option<bool> = c
                .query_row(
                    "SELECT trashed_at IS NOT NULL FROM articles WHERE id = ?1",
                    [article],
                    |r| r.get(0),
                )
                .ok();
            let base = newsroom_sync::mirror::base(c, article)?;
            let outbox = newsroom_core::outbox::item(c, article)?;
            Ok(format!(
                "trashed {trashed:?}, post {:?}, base status {:?}, outbox {}",
                base.as_ref().map(|b| b.remote.remote_id),
                base.as_ref().map(|b| b.remote.status.clone()),
                match outbox {
                    Some(o) => format!(
                        "seq {}..{} attempts {} uncertain {} failure {:?}",
                        o.first_seq, o.last_seq, o.attempts, o.uncertain_create, o.failure
                    ),
                    None => "none".into(),
                }
            ))
        })
        .expect("watch state")
}
