//! WordPress's REST API as sync uses it.

pub mod client;
pub mod types;

pub use client::WpClient;
pub use types::{WpMedia, WpPost, WpTerm, WpUser};
