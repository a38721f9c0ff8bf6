//! Full-text search over articles (issue 6): Russian word forms, ё = е, Kazakh words kept
//! whole, prefixes and phrases, ranking, highlighted snippets and filters.
//!
//! The index is a tantivy index in a folder beside the database. It is derived data: the
//! change log in the database says what it must reflect, every search first applies what
//! is pending, and a missing or damaged index is rebuilt from the database on open.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use newsroom_search::{SearchIndex, SearchQuery};
//! let store = newsroom_core::Store::in_memory()?;
//! let dir = std::env::temp_dir().join("newsroom-search-example");
//! let index = SearchIndex::open(&dir, &store)?;
//! let found = index.search(&store, &SearchQuery { text: "полиция".into(), ..Default::default() })?;
//! println!("{} articles", found.total);
//! # Ok(()) }
//! ```

pub mod analysis;
pub mod error;
pub mod highlight;
pub mod index;
/// The Kazakh stemmer lives in newsroom-text, shared with the spell checker.
pub use newsroom_text::stem::kazakh;
pub mod query;
pub mod schema;
pub mod search;

pub use error::{Error, Result};
pub use highlight::{MatchField, MatchSpan};
pub use index::{IndexOptions, OpenState, SearchIndex};
pub use query::{SearchQuery, SearchSort};
pub use search::{SearchHit, SearchResults};

/// Name of the index folder inside the data directory, beside the database file.
pub const INDEX_DIR: &str = "search-index";
