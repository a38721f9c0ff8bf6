//! The background loop: a round every `period` (missed ticks skipped, never bunched up), soon
//! after the store queued work for the site ([`Store::outgoing`]: an edit, a publish by the
//! scheduler, a note), or at once on "sync now"; "stop" ends it. Rounds never overlap: the
//! loop runs one at a time.

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
use tokio::time::{Instant, MissedTickBehavior};

pub const DEFAULT_PERIOD: Duration = Duration::from_secs(30);

/// When the loop runs its rounds.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// A round this often whatever happens: colleagues' changes come in with it.
    pub period: Duration,
    /// After work is queued, the loop waits for the writing to pause this long (a burst of
    /// autosaves is one round, not one each)…
    pub settle: Duration,
    /// …and starts a round for queued work no sooner than this after the last one ended:
    /// each update of a post is a revision on the site, so an hour of typing must not send
    /// a draft at every pause.
    pub min_gap: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            period: DEFAULT_PERIOD,
            settle: Duration::from_secs(2),
            min_gap: Duration::from_secs(10),
        }
    }
}

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

/// Starts the loop on the current tokio runtime with the default [`Timing`] and `period`.
pub fn spawn(store: Arc<Store>, secrets: Secrets, period: Duration) -> EngineHandle {
    spawn_with(
        store,
        secrets,
        Timing {
            period,
            ..Timing::default()
        },
    )
}

/// Starts the loop on the current tokio runtime.
pub fn spawn_with(store: Arc<Store>, secrets: Secrets, timing: Timing) -> EngineHandle {
    let (commands, mut inbox) = mpsc::channel::<Command>(16);
    let (finished, rounds) = watch::channel(0u64);
    let mut outgoing = store.outgoing();
    let task = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(timing.period);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
        // When queued work is due to go out (None: nothing waits for a round).
        let mut queued_due: Option<Instant> = None;
        let mut last_round_ended: Option<Instant> = None;
        let mut store_open = true;
        loop {
            let due = queued_due;
            let (full, reply) = tokio::select! {
                _ = ticker.tick() => (false, None),
                changed = outgoing.changed(), if store_open => {
                    match changed {
                        Ok(()) => {
                            let settled = Instant::now() + timing.settle;
                            queued_due = Some(match last_round_ended {
                                Some(ended) => settled.max(ended + timing.min_gap),
                                None => settled,
                            });
                        }
                        Err(_) => store_open = false,
                    }
                    continue;
                }
                _ = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => (false, None),
                cmd = inbox.recv() => match cmd {
                    Some(Command::SyncNow { full, reply }) => (full, reply),
                    Some(Command::Stop) | None => break,
                },
            };
            // Whatever starts a round sends what is queued.
            queued_due = None;
            outgoing.mark_unchanged();
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
            last_round_ended = Some(Instant::now());
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
        // An account whose password is not in the store: the round fails before any request,
        // with an error the user must act on (enter the password again), not a retryable one.
        let (store, secrets, _dir) = store_with_account_and_no_password();
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

    /// A store with an account whose password is missing: every round fails at once, before
    /// any request, and still counts as a round (what these tests watch).
    fn store_with_account_and_no_password() -> (Arc<Store>, Secrets, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(Store::open_in_memory(Arc::new(SystemClock)).expect("store"));
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
        (store, secrets, dir)
    }

    async fn next_round(rounds: &mut watch::Receiver<u64>) -> u64 {
        tokio::time::timeout(Duration::from_secs(20), rounds.changed())
            .await
            .expect("a round within 20 s")
            .expect("the loop runs");
        *rounds.borrow_and_update()
    }

    /// Nobody asks the engine for a round after an edit: the store's "work queued" signal
    /// wakes it, long before its period; and queued work waits `min_gap` after a round.
    #[tokio::test]
    async fn queued_work_wakes_the_loop_and_waits_the_gap_after_a_round() {
        let (store, secrets, _dir) = store_with_account_and_no_password();
        let timing = Timing {
            period: Duration::from_secs(3600),
            settle: Duration::from_millis(50),
            min_gap: Duration::from_secs(2),
        };
        // Noticing a round's end may lag it; half the gap still tells "waited the gap" from
        // "went after the settle" (50 ms).
        let waited_the_gap = timing.min_gap / 2;
        let engine = spawn_with(store.clone(), secrets, timing);
        let mut rounds = engine.rounds();
        // The interval's first tick: the round at start.
        assert_eq!(next_round(&mut rounds).await, 1);
        let first_ended = std::time::Instant::now();

        let draft = newsroom_core::ArticleDraft {
            headline: "Пробки на Аль-Фараби".into(),
            ..Default::default()
        };
        let article = store
            .create_article(&draft)
            .expect("an edit that queues work");
        assert_eq!(
            next_round(&mut rounds).await,
            2,
            "the edit woke the loop (its period is an hour)"
        );
        assert!(
            first_ended.elapsed() >= waited_the_gap,
            "queued work waited the gap after the last round: {:?}",
            first_ended.elapsed()
        );

        let second_ended = std::time::Instant::now();
        store.trash_article(article.id).expect("another edit");
        assert_eq!(next_round(&mut rounds).await, 3);
        assert!(second_ended.elapsed() >= waited_the_gap);
        engine.stop().await;
    }
}
