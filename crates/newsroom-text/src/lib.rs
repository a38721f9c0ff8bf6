//! Pure text functions shared by the Newsroom core and the desktop shell.
//!
//! Nothing here touches a database, the file system or a clock, so every function is
//! deterministic and tested with tables of cases.

pub mod counts;
pub mod fold;
pub mod import;
pub mod markdown;

pub use counts::{text_stats, TextStats};
pub use fold::fold_for_match;
pub use markdown::render_markdown;
