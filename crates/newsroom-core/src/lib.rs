//! The Newsroom domain core.
//!
//! Everything a newsroom does with its articles lives here and runs without a window: the
//! desktop shell (the `newsroom` crate) is a thin adapter over [`Store`]. The core has no
//! dependency on Tauri or WebKit, which `cargo tree -p newsroom-core` proves.
//!
//! # Layers
//!
//! The top-level modules form layers. **A module uses modules of its own layer or below,
//! never one above, and no two modules use each other, directly or round a circle.**
//! `tests/module_layers.rs` reads this list and the sources' `crate::…` paths and fails on
//! a module missing here, a use of an upper layer, or a circle. Highest first:
//!
//! 1. **Operations** — `editing`, `export`, `export_folder`, `import`, `media`, `remote`,
//!    `schedule`, `slug`, `spell`, `tags`, `word_target`: what the app and the sync engine call. Each combines the layers below
//!    in one transaction: create, save, restore and trash an article (`editing`), take what
//!    the site holds (`remote`), schedule and embargo (`schedule`), tag (`tags`).
//! 2. **Rules** — `workflow`: states, roles, transitions and the edit rule every save obeys.
//! 3. **Article records** — `embargo`, `images`, `revision`: what is kept per article beside
//!    its row, with the checks that need only it (no publish before the embargo, an image's
//!    description).
//! 4. **Rows** — `article`, `profile`: the `articles` and `profiles` rows, their types and
//!    queries, and the low-level writes. `article::touch` is the only place an article's
//!    version moves; every edit of any kind calls it once.
//! 5. **Logs and queues** — `changes`, `outbox`, `search_doc`: the change log, the sync
//!    queue it fills, and the one read the search index rebuilds a document from. They
//!    know article ids as text and no article type.
//! 6. **Foundation** — `clock`, `db`, `error`, `migrations`, `said`, `settings`, `store`,
//!    `text_input`, `zone`: the database, time, errors and the words they are said in,
//!    input cleaning and time-zone arithmetic; no domain rule.
//!
//! Where new code goes: a query or write of one table goes with that table's module; an
//! operation that combines several (a row, its revision, a workflow guard, a change) goes
//! in an operations module. When a lower module seems to need an upper one, move the
//! combining code up (as saving moved from `article` to `editing`) or the needed piece down
//! (as the embargo check moved below the workflow that runs it) — never import upwards.
//! Two things the test cannot see, so reviews must: items under `#[cfg(test)]` are left out
//! (a unit test may drive its module through the whole store), and method calls on
//! [`Store`] are not paths, so an `impl Store` method of an upper module called from a lower
//! one breaks the rule unseen.

pub mod article;
pub mod changes;
pub mod clock;
pub mod db;
pub mod editing;
pub mod embargo;
pub mod error;
pub mod export;
pub mod export_folder;
pub mod images;
pub mod import;
pub mod media;
pub mod migrations;
pub mod outbox;
pub mod profile;
pub mod remote;
pub mod revision;
pub mod said;
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
pub mod zone;

pub use article::{Article, ArticleDraft, ArticleId, ArticleSummary, SaveOutcome};
pub use clock::{Clock, ManualClock, SystemClock};
pub use db::Db;
pub use error::{Error, ErrorCode, Result};
pub use revision::{FieldDiff, Revision, RevisionKind, RevisionSummary};
pub use said::{Said, SaidArg};
pub use store::Store;
