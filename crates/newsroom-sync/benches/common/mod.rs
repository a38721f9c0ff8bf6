//! What the sync benchmarks share: a dedicated, freshly reset WordPress (the companion plugin
//! on), an app connected to it, and rates.

#![allow(dead_code)] // each benchmark uses its own part

use newsroom_core::{Store, SystemClock};
use newsroom_sync::Secrets;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The plugin site the sync benchmarks use, with the accounts in `env`.
pub struct Instance {
    pub url: String,
    pub env: HashMap<String, String>,
}

impl Instance {
    /// An account's login and application password (`EDITOR`, `ADMIN`, …).
    pub fn account(&self, role: &str) -> (String, String) {
        (
            self.env[&format!("NEWSROOM_WP_{role}_USER")].clone(),
            self.env[&format!("NEWSROOM_WP_{role}_PASSWORD")].clone(),
        )
    }
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn start_instance() -> Option<Instance> {
    let run_dir = root().join("target/wordpress-sync");
    let ok = std::process::Command::new("bash")
        .arg("scripts/wordpress/start.sh")
        .arg(&run_dir)
        .arg("8091")
        .current_dir(root())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        return None;
    }
    let text = std::fs::read_to_string(run_dir.join("env")).ok()?;
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
    let reset = std::process::Command::new("bash")
        .arg("scripts/wordpress/reset.sh")
        .arg(&run_dir)
        .current_dir(root())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !reset {
        return None;
    }
    let url = env.get("NEWSROOM_WP_URL")?.clone();
    Some(Instance { url, env })
}

/// ~4.5 KB of Cyrillic Markdown in 12 paragraphs, like a news article.
pub fn body(i: usize) -> String {
    let para = "Сотрудники полиции Алматы задержали подозреваемого в мошенничестве, сообщает пресс-служба \
                департамента. По данным ведомства, мужчина обманул жителей города на сумму более миллиона тенге.";
    (0..12)
        .map(|p| format!("{para} Абзац {p}, статья {i}."))
        .collect::<Vec<_>>()
        .join("\n\n")
}

pub struct App {
    pub store: Arc<Store>,
    pub secrets: Secrets,
    pub dir: tempfile::TempDir,
}

pub async fn app(url: &str, login: &str, password: &str) -> App {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(Store::open_dir(dir.path(), Arc::new(SystemClock)).expect("store"));
    let secrets = Secrets {
        key_path: dir.path().join("sync.key"),
        file_path: dir.path().join("secrets.bin"),
        use_keyring: false,
    };
    newsroom_sync::account::connect(&store, &secrets, url, login, password, false)
        .await
        .expect("connect");
    App {
        store,
        secrets,
        dir,
    }
}

pub fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}
