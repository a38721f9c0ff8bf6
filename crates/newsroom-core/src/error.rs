//! The core's error type and the small set of codes the UI branches on.

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{what} {id} was not found")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Invalid(String),
    /// Someone else changed the thing since the caller read it; nothing was written.
    #[error("{0}")]
    Conflict(String),
    /// The user's role does not allow the action.
    #[error("{0}")]
    Forbidden(String),
    /// The disk is full, read-only or otherwise refuses the write; nothing was lost.
    #[error("could not save to disk: {0}")]
    Storage(String),
    #[error("the database at {path} is damaged ({detail}); it was left untouched — restore it from a backup or move it aside")]
    Corrupt { path: String, detail: String },
    #[error("the database at {path} was written by a newer Newsroom (schema version {found}, this app knows up to {known}); it was left untouched — update the app")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{path} is not a Newsroom database; it was left untouched")]
    Foreign { path: String },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// A refusal the UI shows in its own language (`said.key` with `said.args`); `code` is
    /// one of `Invalid`, `Conflict`, `Forbidden`, as for the plain variants above.
    #[error("{}", said.text)]
    Said {
        code: ErrorCode,
        said: crate::said::Said,
    },
}

/// What the UI can act on. A code is added only when the UI does something different for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    NotFound,
    Invalid,
    Conflict,
    Forbidden,
    Storage,
    Corrupt,
    TooNew,
    Internal,
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::Storage(_) | Error::Io(_) => ErrorCode::Storage,
            Error::Corrupt { .. } | Error::Foreign { .. } => ErrorCode::Corrupt,
            Error::TooNew { .. } => ErrorCode::TooNew,
            Error::Sqlite(_) => ErrorCode::Internal,
            Error::Said { code, .. } => *code,
        }
    }

    /// A refusal the UI translates.
    pub fn said(code: ErrorCode, said: crate::said::Said) -> Self {
        Error::Said { code, said }
    }

    /// The sentence for the user: the translatable one where there is one.
    /// What to show for this error: its translatable sentence, else its English message.
    /// (Here and not in `said`, which is below `error` and must not import it.)
    pub fn to_said(&self) -> crate::said::Said {
        self.as_said()
            .cloned()
            .unwrap_or_else(|| crate::said::Said::plain(self.to_string()))
    }

    pub fn as_said(&self) -> Option<&crate::said::Said> {
        match self {
            Error::Said { said, .. } => Some(said),
            _ => None,
        }
    }

    pub fn not_found(what: &'static str, id: impl ToString) -> Self {
        Error::NotFound {
            what,
            id: id.to_string(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    /// Disk-level failures become [`Error::Storage`] so the UI can say "not saved, retrying"
    /// instead of a generic failure; everything else stays a database error.
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(failure, _) = &err {
            let detail = match failure.code {
                C::DiskFull => Some("the disk is full"),
                C::ReadOnly => Some("the data directory is read-only"),
                C::CannotOpen => Some("the database file cannot be opened"),
                C::SystemIoFailure => Some("the disk reported an input/output error"),
                C::PermissionDenied => Some("permission denied"),
                _ => None,
            };
            if let Some(detail) = detail {
                return Error::Storage(detail.to_string());
            }
        }
        Error::Sqlite(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_full_is_a_storage_error() {
        let err: Error = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        )
        .into();
        assert_eq!(err.code(), ErrorCode::Storage, "{err}");
        assert!(err.to_string().contains("disk is full"), "{err}");
    }
}
