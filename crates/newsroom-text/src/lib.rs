//! Pure text functions shared by the Newsroom core and the desktop shell.
//!
//! Nothing here touches a database, the file system or a clock, so every function is
//! deterministic and tested with tables of cases.

pub mod counts;
pub mod export;
pub mod fold;
pub mod front_matter;
pub mod import;
pub mod markdown;
pub mod render;
pub mod rendered_text;
pub mod slug;
pub mod spell;
pub mod stem;
pub mod typography;

pub use counts::{text_stats, TextStats};
pub use fold::fold_for_match;
pub use import::html_to_markdown;
pub use markdown::{render_markdown, render_preview, render_preview_with_local_images};
pub use render::{Images, Rendered};
pub use slug::{slugify, slugify_with, SlugScheme};
pub use typography::{apply_typography, typography_edits, TextEdit};
