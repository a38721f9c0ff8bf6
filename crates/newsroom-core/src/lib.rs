//! The Newsroom domain core.
//!
//! Everything a newsroom does with its articles lives here and runs without a window: the
//! desktop shell (the `newsroom` crate) is a thin adapter over [`Store`]. The core has no
//! dependency on Tauri or WebKit, which `cargo tree -p newsroom-core` proves.

pub mod article;
pub mod changes;
pub mod clock;
pub mod db;
pub mod error;
pub mod export;
pub mod import;
pub mod migrations;
pub mod outbox;
pub mod profile;
pub mod remote;
pub mod revision;
pub mod schedule;
pub mod search_doc;
mod settings;
pub mod slug;
pub mod spell;
pub mod store;
pub mod tags;
pub mod text_input;
pub mod word_target;
pub mod workflow;

pub use article::{Article, ArticleDraft, ArticleId, ArticleSummary, SaveOutcome};
pub use clock::{Clock, ManualClock, SystemClock};
pub use db::Db;
pub use error::{Error, ErrorCode, Result};
pub use revision::{FieldDiff, Revision, RevisionKind, RevisionSummary};
pub use store::Store;
