//! The background loop: a round every `period` (missed ticks skipped, never bunched up), or at
//! once on "sync now"; "stop" ends it. Rounds never overlap: the loop runs one at a time.

use crate::account;
use crate::error::{Result, SyncError};
use crate::round::{self, RoundReport};
use crate::secrets::Secrets;
use crate::site::{blocking, Site};
use newsroom_core::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

pub const DEFAULT_PERIOD: Duration = Duration::from_secs(30);

enum Command {
    SyncNow {
        full: bool,
        /// The error itself travels back, so the caller still knows whether it is retryable,
        /// permanent or a login problem (a string would lose that).
        reply: Option<oneshot::Sender<Result<RoundReport>>>,
    },
    Stop,
}

/// One round for the saved account, outside the loop (tests, the benchmark, "sync now" from a
/// command line).
pub async fn sync_once(
    store: &Arc<Store>,
    secrets: &Secrets,
    full_sweep: bool,
) -> Result<RoundReport> {
    let site = connect_site(store, secrets).await?;
    round::run(&site, full_sweep).await
}

pub async fn connect_site(store: &Arc<Store>, secrets: &Secrets) -> Result<Site> {
    let (account, timeout, slug_scheme, image_map) = blocking(store, |s| {
        s.db().read(|c| {
            Ok((
                account::load(c)?,
                crate::site::request_timeout(c)?,
                newsroom_core::slug::slug_scheme(c)?,
                crate::images::load_map(c)?,
            ))
        })
    })
    .await?;
    let account = account.ok_or(SyncError::NotConfigured)?;
    let mut client = account::client(&account, secrets, timeout).await?;
    // The image files live beside the database (the data directory).
    let images = store
        .database_path()
        .and_then(|p| {
            p.parent()
                .map(newsroom_core::images::ImageFiles::in_data_dir)
        })
        .map(|files| {
            Arc::new(crate::images::SiteImages {
                files,
                map: std::sync::RwLock::new(image_map),
            })
        });
    if let Some(images) = &images {
        client = client.with_post_filter(crate::images::post_filter(images.clone()));
    }
    Ok(Site {
        images,
        client,
        plugin: account.plugin_version.is_some(),
        may_publish: account.role == "editor",
        store: store.clone(),
        slug_scheme,
    })
}

#[derive(Debug)]
pub struct EngineHandle {
    commands: mpsc::Sender<Command>,
    rounds: watch::Receiver<u64>,
    task: JoinHandle<()>,
}

impl EngineHandle {
    /// Runs a round now and waits for its report.
    pub async fn sync_now(&self, full_sweep: bool) -> Result<RoundReport> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::SyncNow {
                full: full_sweep,
                reply: Some(reply),
            })
            .await
            .map_err(|_| SyncError::NotConfigured)?;
        // A dropped reply means the loop ended (stopped) before running the round.
        answer.await.unwrap_or(Err(SyncError::NotConfigured))
    }

    /// Asks for a round without waiting (a local edit was made).
    pub fn nudge(&self) {
        let _ = self.commands.try_send(Command::SyncNow {
            full: false,
            reply: None,
        });
    }

    /// Counts finished rounds (tried against a configured account, whatever their outcome),
    /// so a window can refresh its sync badges when the background loop has run.
    pub fn rounds(&self) -> watch::Receiver<u64> {
        self.rounds.clone()
    }

    pub async fn stop(self) {
        let _ = self.commands.send(Command::Stop).await;
        let _ = self.task.await;
    }
}

/// Starts the loop on the current tokio runtime.
pub fn spawn(store: Arc<Store>, secrets: Secrets, period: Duration) -> EngineHandle {
    let (commands, mut inbox) = mpsc::channel::<Command>(16);
    let (finished, rounds) = watch::channel(0u64);
    let task = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(period);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
        loop {
            let (full, reply) = tokio::select! {
                _ = ticker.tick() => (false, None),
                cmd = inbox.recv() => match cmd {
                    Some(Command::SyncNow { full, reply }) => (full, reply),
                    Some(Command::Stop) | None => break,
                },
            };
            let result = sync_once(&store, &secrets, full).await;
            if let Err(e) = &result {
                if !matches!(e, SyncError::NotConfigured) {
                    tracing::warn!("sync round failed: {e}");
                }
            }
            if !matches!(result, Err(SyncError::NotConfigured)) {
                finished.send_modify(|n| *n += 1);
            }
            if let Some(reply) = reply {
                let _ = reply.send(result);
            }
        }
    });
    EngineHandle {
        commands,
        rounds,
        task,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SyncErrorKind;
    use newsroom_core::SystemClock;

    #[tokio::test]
    async fn sync_now_keeps_the_class_of_the_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(Store::open_in_memory(Arc::new(SystemClock)).expect("store"));
        // An account whose password is not in the store: the round fails before any request,
        // with an error the user must act on (enter the password again), not a retryable one.
        store
            .db()
            .write(|tx| {
                tx.execute(
                    "INSERT INTO sync_account (id, site_url, login, wp_user_id, display_name, wp_roles, role, secret_store, verified_at)
                     VALUES (1, 'http://127.0.0.1:9/', 'editor', 2, 'Editor', '[\"editor\"]', 'editor', 'file', 0)",
                    [],
                )?;
                Ok(())
            })
            .expect("account");
        let secrets = Secrets {
            key_path: dir.path().join("sync.key"),
            file_path: dir.path().join("secrets.bin"),
            use_keyring: false,
        };
        let engine = spawn(store, secrets, Duration::from_secs(3600));
        let err = engine
            .sync_now(false)
            .await
            .expect_err("no password, no round");
        assert!(matches!(err, SyncError::Secret(_)), "{err:?}");
        assert_eq!(err.kind(), SyncErrorKind::Auth);
        assert!(!err.is_retryable(), "the user must act: {err}");
        engine.stop().await;
    }
}
