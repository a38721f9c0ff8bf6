//! Sync with a WordPress site (issue 5).
//!
//! Settle → plan → apply: a round ([`round`]) fetches what changed on the site ([`pull`]);
//! per article, [`settle`] gathers what planning needs (the article's snapshot from the
//! core, the last-synced base from [`mirror`], tag names, a fresh copy of the post), the pure
//! planner ([`plan`]) decides everything that happens, field by field through one table
//! ([`fields`], merging with [`merge`]), and [`apply`] carries it out: the requests, then
//! every local effect in one transaction. What
//! must reach the site waits in the core's outbox (`newsroom_core::outbox`), written in the
//! same transaction as each edit. [`engine`] runs rounds in the background; [`status`] is what
//! the UI shows; [`account`] and [`secrets`] hold the login.

pub mod account;
pub mod apply;
pub mod backoff;
pub mod desk;
pub mod engine;
pub mod error;
pub mod fields;
pub mod handover;
pub mod images;
pub mod mapping;
pub mod merge;
pub mod mirror;
pub mod plan;
pub mod pull;
pub mod resolve;
pub mod round;
pub mod secrets;
pub mod settle;
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
