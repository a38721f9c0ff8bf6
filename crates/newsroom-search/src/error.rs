//! The search crate's errors, mapped onto the core's codes for the UI.

use newsroom_core::ErrorCode;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] newsroom_core::Error),
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index file error: {0}")]
    Io(#[from] std::io::Error),
    /// The index folder holds files that are not a search index; they are left alone.
    #[error(
        "{path} is not a search index folder (it holds other files); they were left untouched"
    )]
    ForeignDir { path: String },
    /// Another Newsroom window holds the index open for writing.
    #[error("the search index is in use by another Newsroom window; close it and search again")]
    Busy,
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Core(e) => e.code(),
            Error::Io(_) => ErrorCode::Storage,
            Error::Index(tantivy::TantivyError::IoError(_)) => ErrorCode::Storage,
            Error::Index(_) | Error::ForeignDir { .. } => ErrorCode::Internal,
            Error::Busy => ErrorCode::Conflict,
        }
    }
}
