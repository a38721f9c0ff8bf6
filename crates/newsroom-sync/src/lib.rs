//! Sync with a WordPress site (issue 5).
//!
//! Stage → plan → apply: a round ([`round`]) fetches what changed on the site ([`pull`]), a
//! pure planner ([`plan`]) decides per article what to do against the last-synced base
//! ([`mirror`]), and [`apply`] pushes, pulls, merges ([`merge`]) or records a conflict. What
//! must reach the site waits in the core's outbox (`newsroom_core::outbox`), written in the
//! same transaction as each edit. [`engine`] runs rounds in the background; [`status`] is what
//! the UI shows; [`account`] and [`secrets`] hold the login.

pub mod account;
pub mod apply;
pub mod backoff;
pub mod engine;
pub mod error;
pub mod mapping;
pub mod merge;
pub mod mirror;
pub mod plan;
pub mod pull;
pub mod resolve;
pub mod round;
pub mod secrets;
pub mod site;
pub mod status;
pub mod unrepresentable;
pub mod wp;

pub use account::Account;
pub use engine::{spawn, sync_once, EngineHandle};
pub use error::{Result, SyncError, SyncErrorKind};
pub use round::RoundReport;
pub use secrets::{SecretStore, Secrets};
pub use status::{ArticleSyncKind, ArticleSyncState, SyncStatus};
