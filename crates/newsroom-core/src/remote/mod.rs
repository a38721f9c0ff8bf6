//! The door between the local store and the publishing site, for the sync engine
//! (`newsroom-sync`), which never reads or writes core tables itself:
//!
//! - [`snapshot`]: an article's syncable fields, its version and its outbox row, read at one
//!   moment;
//! - [`apply`]: what the site holds, written through the core's one write path (one version
//!   bump, one recorded change) and never queued to go back to the site; or a conflict
//!   resolution, which is the user's own edit and is queued like one;
//! - [`insert`]: a post first seen on the site becomes a local article;
//! - [`desk`]: notes, history, checklist results and assignment shared through the site.
//!
//! Each runs in the caller's transaction, the one that also records the engine's bookkeeping
//! (the new base, conflicts, the outbox), so a pulled change and its bookkeeping commit
//! together.

pub mod desk;
mod snapshot;
mod write;

pub use snapshot::{snapshot, Fields, Snapshot};
pub use write::{apply, insert, Applied, Change, Origin};
