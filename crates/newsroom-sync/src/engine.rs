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
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

pub const DEFAULT_PERIOD: Duration = Duration::from_secs(30);

enum Command {
    SyncNow {
        full: bool,
        reply: Option<oneshot::Sender<std::result::Result<RoundReport, String>>>,
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
    let account = blocking(store, |s| s.db().read(account::load))
        .await?
        .ok_or(SyncError::NotConfigured)?;
    let client = account::client(&account, secrets).await?;
    Ok(Site {
        client,
        plugin: account.plugin_version.is_some(),
        store: store.clone(),
    })
}

#[derive(Debug)]
pub struct EngineHandle {
    commands: mpsc::Sender<Command>,
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
        match answer.await {
            Ok(Ok(report)) => Ok(report),
            Ok(Err(message)) => Err(SyncError::BadResponse(message)),
            Err(_) => Err(SyncError::NotConfigured),
        }
    }

    /// Asks for a round without waiting (a local edit was made).
    pub fn nudge(&self) {
        let _ = self.commands.try_send(Command::SyncNow {
            full: false,
            reply: None,
        });
    }

    pub async fn stop(self) {
        let _ = self.commands.send(Command::Stop).await;
        let _ = self.task.await;
    }
}

/// Starts the loop on the current tokio runtime.
pub fn spawn(store: Arc<Store>, secrets: Secrets, period: Duration) -> EngineHandle {
    let (commands, mut inbox) = mpsc::channel::<Command>(16);
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
            if let Some(reply) = reply {
                let _ = reply.send(result.map_err(|e| e.to_string()));
            }
        }
    });
    EngineHandle { commands, task }
}
