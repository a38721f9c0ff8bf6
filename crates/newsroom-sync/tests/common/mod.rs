//! Shared set-up for the tests against a real WordPress: a dedicated instance per flavour
//! (with and without the companion plugin) started by the project's own script and emptied
//! before each test, two app databases (a journalist's and an editor's), and a small fault
//! proxy that can refuse, fail, or drop the answer to a request.

#![allow(dead_code)]

use newsroom_core::{ArticleDraft, ArticleId, ManualClock, Store, SystemClock};
use newsroom_sync::{Secrets, SyncStatus};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Tests in one binary share the instances: one at a time (an async lock: it is held across
/// the test's awaits, and a failed test does not poison it).
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    SERIAL.lock().await
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[derive(Debug, Clone)]
pub struct Wp {
    pub url: String,
    pub run_dir: PathBuf,
    pub env: HashMap<String, String>,
}

impl Wp {
    /// Starts (or reuses) the instance and empties it. Port and directory are this suite's
    /// own, so resetting never disturbs another suite's instance.
    pub fn start(plugin: bool) -> Wp {
        let root = repo_root();
        // Two checkouts (or two runs in one checkout, say a long simulation beside the
        // scenarios) each run their own pair: with NEWSROOM_WP_PORT_BASE=N (the test-env sites
        // use N and N+1) this suite takes N+100 and N+101, in run directories of their own,
        // so resetting one pair never empties the other's site under it.
        let base = std::env::var("NEWSROOM_WP_PORT_BASE")
            .ok()
            .and_then(|b| b.parse::<u16>().ok());
        let (first, second) = match base {
            Some(base) => (base + 100, base + 101),
            None => (8091, 8092),
        };
        let (dir, port) = if plugin {
            ("target/wordpress-sync", first)
        } else {
            ("target/wordpress-sync-stock", second)
        };
        let dir = match base {
            Some(_) => format!("{dir}-{port}"),
            None => dir.to_string(),
        };
        let port = port.to_string();
        let run_dir = root.join(dir);
        let status = Command::new("bash")
            .arg("scripts/wordpress/start.sh")
            .arg(&run_dir)
            .arg(port)
            .env("NEWSROOM_WP_PLUGIN", if plugin { "1" } else { "0" })
            .current_dir(&root)
            .status()
            .expect("run scripts/wordpress/start.sh");
        assert!(status.success(), "scripts/wordpress/start.sh failed");
        let text = std::fs::read_to_string(run_dir.join("env"))
            .expect("the start script writes RUN_DIR/env");
        let env: HashMap<String, String> = text
            .lines()
            .filter_map(|l| {
                l.trim()
                    .strip_prefix("export ")
                    .unwrap_or(l.trim())
                    .split_once('=')
            })
            .map(|(k, v)| (k.to_string(), v.trim_matches(['"', '\'']).to_string()))
            .collect();
        let wp = Wp {
            url: env["NEWSROOM_WP_URL"].clone(),
            run_dir,
            env,
        };
        wp.script("reset.sh");
        wp
    }

    pub fn script(&self, name: &str) {
        let status = Command::new("bash")
            .arg(format!("scripts/wordpress/{name}"))
            .arg(&self.run_dir)
            .current_dir(repo_root())
            .status()
            .expect("run a WordPress script");
        assert!(status.success(), "scripts/wordpress/{name} failed");
    }

    /// Runs WP-Cron now (publishes due scheduled posts).
    pub fn cron(&self) {
        self.script("cron.sh");
    }

    pub fn user(&self, who: &str) -> (String, String) {
        let w = who.to_uppercase();
        (
            self.env[&format!("NEWSROOM_WP_{w}_USER")].clone(),
            self.env[&format!("NEWSROOM_WP_{w}_PASSWORD")].clone(),
        )
    }

    /// A plain HTTP client as `who`, to look at the server directly.
    pub fn admin_client(&self) -> newsroom_sync::wp::WpClient {
        let (login, password) = self.user("admin");
        newsroom_sync::wp::WpClient::new(&self.url, &login, &password).expect("client")
    }

    /// Every post with `needle` in its title, any status (trash included).
    pub async fn posts_titled(&self, needle: &str) -> Vec<newsroom_sync::wp::WpPost> {
        let c = self.admin_client();
        let mut out = Vec::new();
        for status in ["any", "trash"] {
            let q = [
                ("search", needle.to_string()),
                ("status", status.to_string()),
                ("context", "edit".to_string()),
                ("per_page", "100".to_string()),
            ];
            if let Some((posts, _)) = c.list_posts(&q).await.expect("list posts") {
                out.extend(posts.into_iter().filter(|p| p.title.contains(needle)));
            }
        }
        out
    }
}

/// One app: its own database and password store, connected as `who`.
pub struct App {
    pub store: Arc<Store>,
    pub secrets: Secrets,
    pub dir: tempfile::TempDir,
    pub who: String,
}

impl App {
    pub async fn connect(site_url: &str, wp: &Wp, who: &str) -> App {
        App::connect_with_clock(site_url, wp, who, Arc::new(SystemClock)).await
    }

    /// An app whose clock is `clock` (a skewed one, say).
    pub async fn connect_with_clock(
        site_url: &str,
        wp: &Wp,
        who: &str,
        clock: Arc<dyn newsroom_core::Clock>,
    ) -> App {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(Store::open_dir(dir.path(), clock).expect("open store"));
        let secrets = Secrets {
            key_path: dir.path().join("config/sync.key"),
            file_path: dir.path().join("sync-secrets.bin"),
            use_keyring: false,
        };
        let (login, password) = wp.user(who);
        newsroom_sync::account::connect(&store, &secrets, site_url, &login, &password, false)
            .await
            .unwrap_or_else(|e| panic!("connect {who}: {e}"));
        App {
            store,
            secrets,
            dir,
            who: who.to_string(),
        }
    }

    /// The app closed and started again from its database (as after a crash).
    pub fn reopen(&mut self, clock: Arc<dyn newsroom_core::Clock>) {
        self.store = Arc::new(Store::open_dir(self.dir.path(), clock).expect("reopen store"));
    }

    pub async fn sync(&self) -> newsroom_sync::RoundReport {
        newsroom_sync::sync_once(&self.store, &self.secrets, true)
            .await
            .unwrap_or_else(|e| panic!("{} sync: {e}", self.who))
    }

    pub fn write(&self, headline: &str, body: &str) -> ArticleId {
        let a = self
            .store
            .create_article(&ArticleDraft {
                headline: headline.into(),
                body: body.into(),
                ..ArticleDraft::default()
            })
            .expect("create article");
        a.id
    }

    pub fn edit(&self, id: ArticleId, f: impl FnOnce(&mut ArticleDraft)) {
        let a = self.store.article(id).expect("article");
        let mut d = a.draft.clone();
        f(&mut d);
        self.store.save_revision(id, &d, a.version).expect("save");
    }

    pub fn status(&self) -> SyncStatus {
        self.store
            .db()
            .read(newsroom_sync::status::status)
            .expect("status")
    }

    pub fn state(&self, id: ArticleId) -> newsroom_sync::ArticleSyncState {
        self.store
            .db()
            .read(|c| newsroom_sync::status::article_state(c, &id.to_string()))
            .expect("state")
    }

    pub fn remote_id(&self, id: ArticleId) -> u64 {
        self.state(id)
            .remote_id
            .unwrap_or_else(|| panic!("{id} has no post on the site"))
    }

    /// The local article tracking `remote_id`.
    pub fn article_for(&self, remote_id: u64) -> newsroom_core::Article {
        let id: String = self
            .store
            .db()
            .read(|c| newsroom_sync::mirror::article_for_remote(c, remote_id))
            .expect("lookup")
            .unwrap_or_else(|| panic!("{}'s app has no article for post {remote_id}", self.who));
        self.store
            .article(id.parse().expect("id"))
            .expect("article")
    }

    pub fn profile(&self, role: newsroom_core::workflow::Role) -> newsroom_core::workflow::Actor {
        let p = self.store.create_profile(&self.who, role).expect("profile");
        newsroom_core::workflow::Actor::Profile(p.id)
    }
}

pub fn manual_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::fixed())
}

/// What the proxy does with the next connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Fault {
    Pass = 0,
    /// Close the connection without an answer (the server is down).
    Refuse = 1,
    /// Answer 500 without forwarding.
    Fail500 = 2,
    /// Forward the request, let the server act on it, then drop its answer.
    DropResponse = 3,
    /// Read the request, then reset the connection (TCP RST) without forwarding it.
    Reset = 4,
    /// Read the request and hold the connection without forwarding or answering, until the
    /// client gives up (its request timeout) or [`STALL`] passes.
    Stall = 5,
    /// Answer 503 with `Retry-After` (see [`FaultProxy::set_retry_after`]) without forwarding.
    Busy503 = 6,
    /// Answer an HTML 404 page (a proxy's, not WordPress's) without forwarding.
    Html404 = 7,
}

impl Fault {
    fn from_u8(v: u8) -> Fault {
        [
            Fault::Pass,
            Fault::Refuse,
            Fault::Fail500,
            Fault::DropResponse,
            Fault::Reset,
            Fault::Stall,
            Fault::Busy503,
            Fault::Html404,
        ]
        .into_iter()
        .find(|f| *f as u8 == v)
        .unwrap_or(Fault::Pass)
    }
}

/// How long a stalled connection is held at most.
pub const STALL: std::time::Duration = std::time::Duration::from_secs(30);

/// A TCP proxy in front of WordPress. Every forwarded request gets `Connection: close`, so
/// each request is its own connection and a fault applies to exactly the requests sent while
/// it is set. `Host` is rewritten to the server's, which picks its configuration by it.
pub struct FaultProxy {
    pub url: String,
    mode: Arc<AtomicU8>,
    /// Faults to apply to the next N connections, then back to Pass (0 = until changed).
    remaining: Arc<std::sync::atomic::AtomicI32>,
    /// Connections accepted so far.
    seen: Arc<std::sync::atomic::AtomicU64>,
    /// The `Retry-After` seconds a [`Fault::Busy503`] answer carries.
    retry_after: Arc<std::sync::atomic::AtomicU32>,
}

impl FaultProxy {
    pub async fn start(upstream_url: &str) -> FaultProxy {
        let upstream = upstream_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let mode = Arc::new(AtomicU8::new(Fault::Pass as u8));
        let remaining = Arc::new(std::sync::atomic::AtomicI32::new(0));
        let seen = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let retry_after = Arc::new(std::sync::atomic::AtomicU32::new(1));
        let (m, r, n, ra) = (
            mode.clone(),
            remaining.clone(),
            seen.clone(),
            retry_after.clone(),
        );
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    break;
                };
                n.fetch_add(1, Ordering::SeqCst);
                let retry_after = ra.load(Ordering::SeqCst);
                let mut fault = m.load(Ordering::SeqCst);
                if fault != 0 {
                    let left = r.load(Ordering::SeqCst);
                    if left > 0 {
                        if r.fetch_sub(1, Ordering::SeqCst) == 1 {
                            m.store(0, Ordering::SeqCst);
                        }
                    } else if left < 0 {
                        fault = 0;
                    }
                }
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let _ = serve(client, &upstream, Fault::from_u8(fault), retry_after).await;
                });
            }
        });
        FaultProxy {
            url,
            mode,
            remaining,
            seen,
            retry_after,
        }
    }

    /// Connections accepted so far (each request is its own connection).
    pub fn connections(&self) -> u64 {
        self.seen.load(Ordering::SeqCst)
    }

    /// The `Retry-After` (seconds) the next [`Fault::Busy503`] answers carry.
    pub fn set_retry_after(&self, secs: u32) {
        self.retry_after.store(secs, Ordering::SeqCst);
    }

    /// Applies `fault` to every connection until changed.
    pub fn set(&self, fault: Fault) {
        self.remaining.store(0, Ordering::SeqCst);
        self.mode.store(fault as u8, Ordering::SeqCst);
    }

    /// Applies `fault` to the next `n` connections only.
    pub fn next(&self, fault: Fault, n: i32) {
        self.remaining.store(n, Ordering::SeqCst);
        self.mode.store(fault as u8, Ordering::SeqCst);
    }
}

async fn read_head(client: &mut TcpStream) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(pos + 4);
            return Ok((buf, rest));
        }
    }
}

async fn answer(
    client: &mut TcpStream,
    status: &str,
    headers: &str,
    body: &str,
) -> std::io::Result<()> {
    let answer = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    client.write_all(answer.as_bytes()).await
}

async fn serve(
    mut client: TcpStream,
    upstream: &str,
    fault: Fault,
    retry_after: u32,
) -> std::io::Result<()> {
    if fault == Fault::Refuse {
        return Ok(()); // dropped: the client sees a closed connection
    }
    let (head, rest) = read_head(&mut client).await?;
    match fault {
        Fault::Fail500 => {
            let body =
                r#"{"code":"proxy_fault","message":"injected failure","data":{"status":500}}"#;
            return answer(
                &mut client,
                "500 Internal Server Error",
                "Content-Type: application/json\r\n",
                body,
            )
            .await;
        }
        Fault::Busy503 => {
            let headers = format!("Content-Type: text/html\r\nRetry-After: {retry_after}\r\n");
            let body = "<html><body><h1>Service Unavailable</h1></body></html>";
            return answer(&mut client, "503 Service Unavailable", &headers, body).await;
        }
        Fault::Html404 => {
            let body = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>";
            return answer(
                &mut client,
                "404 Not Found",
                "Content-Type: text/html\r\n",
                body,
            )
            .await;
        }
        Fault::Reset => {
            client.set_zero_linger()?;
            drop(client);
            return Ok(());
        }
        Fault::Stall => {
            // Held until the client hangs up (its timeout) or the stall ends.
            let mut sink = [0u8; 1024];
            let _ = tokio::time::timeout(STALL, async {
                while let Ok(n) = client.read(&mut sink).await {
                    if n == 0 {
                        break;
                    }
                }
            })
            .await;
            return Ok(());
        }
        _ => {}
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines: Vec<String> = text
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .filter(|l| {
            let lower = l.to_ascii_lowercase();
            !lower.starts_with("connection:") && !lower.starts_with("host:")
        })
        .map(str::to_string)
        .collect();
    lines.insert(1, format!("Host: {upstream}"));
    lines.push("Connection: close".into());
    let new_head = format!("{}\r\n\r\n", lines.join("\r\n"));
    let mut server = TcpStream::connect(upstream).await?;
    server.write_all(new_head.as_bytes()).await?;
    server.write_all(&rest).await?;
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let upload = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut cr, &mut sw).await;
    });
    if fault == Fault::DropResponse {
        // Wait for the whole answer (the server has acted), then hang up without it.
        let mut sink = Vec::new();
        let _ = sr.read_to_end(&mut sink).await;
        upload.abort();
        return Ok(());
    }
    let _ = tokio::io::copy(&mut sr, &mut cw).await;
    let _ = cw.shutdown().await;
    upload.abort();
    Ok(())
}

impl Wp {
    /// Runs PHP inside this WordPress (as www-data, WordPress loaded): what an editor does in
    /// wp-admin, through the same functions (e.g. `wp_untrash_post`, which REST lacks).
    pub fn php(&self, code: &str) -> String {
        let port = self.env["NEWSROOM_WP_PORT"].clone();
        let scripts = repo_root().join("scripts/wordpress/php");
        let program = format!(
            "require '{}'; require '/usr/share/wordpress/wp-load.php'; {code}",
            scripts.join("bootstrap.php").display()
        );
        let out = Command::new("runuser")
            .args(["-u", "www-data", "--", "env"])
            .arg(format!("NEWSROOM_WP_PORT={port}"))
            .arg(format!("NEWSROOM_WP_CONFIG=newsroom-{port}"))
            .args(["php", "-r", &program])
            .current_dir(std::env::temp_dir())
            .output()
            .expect("run php");
        assert!(
            out.status.success(),
            "php failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl App {
    /// Lowers (or raises) the per-request time limit the next rounds use.
    pub fn set_request_timeout(&self, timeout: std::time::Duration) {
        self.store
            .db()
            .write(|tx| newsroom_sync::site::set_request_timeout(tx, timeout))
            .expect("set the timeout");
    }
}

/// Regexes for the proxy's `path` rule field, matching the client's `?rest_route=` requests.
pub const CREATE_POST: &str = "rest_route=%2Fwp%2Fv2%2Fposts(&|$)";
pub const UPDATE_POST: &str = "rest_route=%2Fwp%2Fv2%2Fposts%2F[0-9]+(&|$)";

/// Whether a request path is the REST route of post `id` itself (not another post's whose id
/// begins alike, nor a route below it).
pub fn is_post_route(path: &str, id: u64) -> bool {
    let route = format!("rest_route=%2Fwp%2Fv2%2Fposts%2F{id}");
    path.match_indices(&route)
        .any(|(at, _)| matches!(path[at + route.len()..].chars().next(), None | Some('&')))
}

/// The project's rule-based fault proxy (`tests/wordpress/faultproxy.py`) as a child process:
/// faults aimed at one kind of request (method + path), stalls (`delay`, `delay_response`)
/// and a log of what reached WordPress and what it answered.
pub struct RuleProxy {
    pub url: String,
    control: String,
    child: std::process::Child,
    http: reqwest::Client,
}

impl RuleProxy {
    pub async fn start(upstream: &str) -> RuleProxy {
        use std::io::BufRead;
        let mut child = Command::new("python3")
            .arg(repo_root().join("tests/wordpress/faultproxy.py"))
            .args(["--upstream", upstream.trim_end_matches('/')])
            // A proxy leaked by a crashed test stops by itself.
            .args(["--max-lifetime", "1800"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start faultproxy.py");
        let stdout = child.stdout.take().expect("stdout");
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            std::io::BufReader::new(stdout)
                .read_line(&mut line)
                .map(|_| line)
        })
        .await
        .expect("join")
        .expect("read the proxy's first line");
        let info: serde_json::Value = serde_json::from_str(&line).expect("the proxy's JSON line");
        RuleProxy {
            url: info["url"].as_str().expect("url").to_string(),
            control: info["control"].as_str().expect("control").to_string(),
            child,
            http: reqwest::Client::new(),
        }
    }

    /// Adds a rule (see the proxy's docstring); returns its id.
    pub async fn add(&self, rule: serde_json::Value) -> u64 {
        let answer: serde_json::Value = self
            .http
            .post(format!("{}/rules", self.control))
            .json(&rule)
            .send()
            .await
            .expect("add a rule")
            .json()
            .await
            .expect("rule id");
        answer["id"].as_u64().expect("rule id")
    }

    pub async fn clear(&self) {
        self.http
            .delete(format!("{}/rules", self.control))
            .send()
            .await
            .expect("clear rules");
    }

    /// Every request seen: `{n, method, path, fault, forwarded, upstream_status}`.
    pub async fn log(&self) -> Vec<serde_json::Value> {
        self.http
            .get(format!("{}/log", self.control))
            .send()
            .await
            .expect("log")
            .json()
            .await
            .expect("log JSON")
    }

    /// Waits until a request has met a `mode` fault (a `delay` rule is holding it now).
    pub async fn wait_for(&self, mode: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !self.log().await.iter().any(|e| e["fault"] == mode) {
            assert!(
                std::time::Instant::now() < deadline,
                "no request met a {mode} fault"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Waits until every request that met a `mode` fault has reached WordPress (a delayed
    /// request lands after the client gave up) and returns those entries.
    pub async fn settle(&self, mode: &str) -> Vec<serde_json::Value> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let hits: Vec<serde_json::Value> = self
                .log()
                .await
                .into_iter()
                .filter(|e| e["fault"] == mode)
                .collect();
            if hits.iter().all(|e| !e["upstream_status"].is_null()) {
                // delay_response: the answer is held after WordPress acted; wait it out too.
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                return hits;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "delayed requests never reached WordPress: {hits:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

impl Drop for RuleProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
