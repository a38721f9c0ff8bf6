//! The randomized multi-client simulation against a real WordPress: the world (two apps
//! behind their own fault proxies, the site, what every step did), the steps, the rounds to
//! quiescence and the invariants checked after it. See `tests/sync_sim.rs` for how to run
//! and replay it.

pub mod invariants;
pub mod rng;
pub mod steps;
pub mod watch;

use crate::common::{App, FaultProxy, Wp};
use newsroom_core::clock::OffsetClock;
use newsroom_core::workflow::{Actor, Role};
use newsroom_core::ArticleId;
use newsroom_sync::wp::WpClient;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One app: a journalist's (a Contributor on the site) or an editor's.
pub struct Client {
    pub app: App,
    pub proxy: FaultProxy,
    pub clock: Arc<OffsetClock>,
    pub actor: Actor,
    pub editor: bool,
    /// Offline (every connection refused) until a step brings it back.
    pub offline: bool,
    /// Articles this app created (a Contributor may edit only its own).
    pub own: Vec<ArticleId>,
}

/// Which text an edit changed, with the unique token it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Text {
    Headline,
    Dek,
    Body,
}

/// An article as the steps name it: by its id in an app, or by its post on the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Article(String),
    Post(u64),
}

/// What the run counted (summed over seeds for the figures).
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub steps: u64,
    pub faults: u64,
    pub offline_periods: u64,
    pub dropped_rounds: u64,
    pub hostile: u64,
    pub site_edits: u64,
    pub app_edits: u64,
    pub rounds: u64,
    pub conflicts_surfaced: u64,
    pub conflicts_resolved: u64,
    pub refused_surfaced: u64,
    pub violations: u64,
}

impl Stats {
    pub fn add(&mut self, o: &Stats) {
        self.steps += o.steps;
        self.faults += o.faults;
        self.offline_periods += o.offline_periods;
        self.dropped_rounds += o.dropped_rounds;
        self.hostile += o.hostile;
        self.site_edits += o.site_edits;
        self.app_edits += o.app_edits;
        self.rounds += o.rounds;
        self.conflicts_surfaced += o.conflicts_surfaced;
        self.conflicts_resolved += o.conflicts_resolved;
        self.refused_surfaced += o.refused_surfaced;
        self.violations += o.violations;
    }
}

pub struct World {
    pub wp: Wp,
    pub plugin: bool,
    pub clients: Vec<Client>,
    /// The site's own users, straight to WordPress (no proxy): an admin editing in
    /// wp-admin, and a hostile colleague.
    pub site: WpClient,
    pub log: Vec<String>,
    pub stats: Stats,
    /// The last edit of each text of each article: its token and step.
    pub edits: BTreeMap<(Key, Text), (String, usize)>,
    /// Posts the site's users created, and the hostile ones (copies), which no app made.
    pub site_posts: BTreeSet<u64>,
    pub hostile_posts: BTreeSet<u64>,
    /// Articles a hostile step touched: they must still agree everywhere, but their texts
    /// are not the last edit's (an oversize title is cut, a lying meta is not believed).
    pub tainted: BTreeSet<Key>,
    pub step: usize,
}

impl World {
    pub async fn new(wp: Wp, plugin: bool) -> World {
        let mut clients = Vec::new();
        for (who, role) in [("journalist", Role::Journalist), ("editor", Role::Editor)] {
            let proxy = FaultProxy::start(&wp.url).await;
            let clock = Arc::new(OffsetClock::default());
            let app = App::connect_with_clock(&proxy.url, &wp, who, clock.clone()).await;
            // Stalls end with the client giving up, not with the proxy.
            app.set_request_timeout(std::time::Duration::from_secs(2));
            let actor = app.profile(role);
            clients.push(Client {
                app,
                proxy,
                clock,
                actor,
                editor: role == Role::Editor,
                offline: false,
                own: Vec::new(),
            });
        }
        let site = wp.admin_client();
        World {
            wp,
            plugin,
            clients,
            site,
            log: Vec::new(),
            stats: Stats::default(),
            edits: BTreeMap::new(),
            site_posts: BTreeSet::new(),
            hostile_posts: BTreeSet::new(),
            tainted: BTreeSet::new(),
            step: 0,
        }
    }

    pub fn note(&mut self, line: String) {
        self.log.push(format!("{:>5}: {line}", self.step));
    }

    /// Every post on the site, any status, the trash included (as the admin sees them).
    pub async fn all_posts(&self) -> Vec<newsroom_sync::wp::WpPost> {
        self.listed(None)
            .await
            .iter()
            .map(|p| newsroom_sync::wp::WpPost::from_json(p).expect("a post the site listed"))
            .collect()
    }

    /// Every post's id and status (the trash included), in the order of [`World::all_posts`]:
    /// what a random pick among the site's posts needs. Reading only these two fields spares
    /// WordPress rendering every post's content, which made a long run's picks slower with
    /// every post the run added.
    pub async fn post_states(&self) -> Vec<(u64, String)> {
        self.listed(Some("id,status"))
            .await
            .iter()
            .filter_map(|p| {
                Some((
                    p.get("id")?.as_u64()?,
                    p.get("status")?.as_str()?.to_string(),
                ))
            })
            .collect()
    }

    /// Every post as the admin's listing gives it (any status, then the trash; by id), all
    /// fields or only `fields`.
    async fn listed(&self, fields: Option<&str>) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for status in ["any", "trash"] {
            for page in 1.. {
                let mut q = vec![
                    ("status", status.to_string()),
                    ("context", "edit".to_string()),
                    ("per_page", "100".to_string()),
                    ("page", page.to_string()),
                    ("orderby", "id".to_string()),
                ];
                if let Some(f) = fields {
                    q.push(("_fields", f.to_string()));
                }
                let answer = match self.site.get("/wp/v2/posts", &q).await {
                    Ok(a) => a,
                    // Past the last page (an empty status): WordPress answers 400.
                    Err(_) if page > 1 => break,
                    Err(e) => panic!("listing the site's posts: {e}"),
                };
                out.extend(answer.json.as_array().cloned().unwrap_or_default());
                if page >= answer.total_pages.unwrap_or(1) {
                    break;
                }
            }
        }
        out
    }

    /// The article ids the app holds, with whether each is in its trash.
    pub fn articles(&self, app: usize) -> Vec<(ArticleId, bool)> {
        self.clients[app]
            .app
            .store
            .db()
            .read(|c| {
                let mut stmt = c.prepare("SELECT id, trashed_at IS NOT NULL FROM articles")?;
                let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<Vec<(String, bool)>>>()?)
            })
            .expect("list articles")
            .into_iter()
            .filter_map(|(id, t)| id.parse().ok().map(|id| (id, t)))
            .collect()
    }

    /// The app's links: article id → post id.
    pub fn links(&self, app: usize) -> BTreeMap<String, u64> {
        self.clients[app]
            .app
            .store
            .db()
            .read(|c| {
                let mut stmt = c.prepare("SELECT article_id, remote_id FROM sync_mirror")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
                Ok(rows.collect::<rusqlite::Result<BTreeMap<String, u64>>>()?)
            })
            .expect("links")
    }

    /// Every conflict the app ever showed: (article id, field).
    pub fn conflicts_seen(&self, app: usize) -> BTreeSet<(String, String)> {
        self.clients[app]
            .app
            .store
            .db()
            .read(|c| {
                let mut stmt = c.prepare("SELECT article_id, field FROM sync_conflicts")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<BTreeSet<(String, String)>>>()?)
            })
            .expect("conflicts")
    }

    /// The article a key stands for in any app, and its post.
    pub fn resolve_key(&self, key: &Key) -> (Option<String>, Option<u64>) {
        for app in 0..self.clients.len() {
            let links = self.links(app);
            match key {
                Key::Article(a) => {
                    if let Some(p) = links.get(a) {
                        return (Some(a.clone()), Some(*p));
                    }
                }
                Key::Post(p) => {
                    if let Some((a, _)) = links.iter().find(|(_, r)| *r == p) {
                        return (Some(a.clone()), Some(*p));
                    }
                }
            }
        }
        match key {
            Key::Article(a) => (Some(a.clone()), None),
            Key::Post(p) => (None, Some(*p)),
        }
    }

    /// One round for `app`; what happened goes into the log.
    pub async fn sync(
        &mut self,
        app: usize,
        full_sweep: bool,
    ) -> Option<newsroom_sync::RoundReport> {
        self.stats.rounds += 1;
        let c = &self.clients[app];
        let result = newsroom_sync::sync_once(&c.app.store, &c.app.secrets, full_sweep).await;
        let who = c.app.who.clone();
        match result {
            Ok(r) => {
                let errors: Vec<String> = r.errors.iter().map(|e| short(e, 90)).collect();
                self.note(format!(
                    "  {who} round: pulled {} pushed {} created {} merged {} conflicts {} trashed {} failed {}{}{}",
                    r.pulled,
                    r.pushed,
                    r.created,
                    r.merged,
                    r.conflicts,
                    r.trashed,
                    r.failed,
                    if r.offline { " offline" } else { "" },
                    if errors.is_empty() {
                        String::new()
                    } else {
                        format!(" errors {errors:?}")
                    }
                ));
                Some(r)
            }
            Err(e) => {
                self.note(format!("  {who} round failed: {e}"));
                None
            }
        }
    }
}

pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
