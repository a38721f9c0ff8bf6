//! The error that crosses IPC: `{code, message}`.
//!
//! The UI branches on `code` (a small closed set from [`newsroom_core::ErrorCode`]) and
//! shows `message` to the user; it never parses the message. A refusal the UI translates
//! also carries `said` (a message key and its arguments; `message` is its English text).

use newsroom_core::{ErrorCode, Said};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub said: Option<Said>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            said: None,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl From<newsroom_core::Error> for IpcError {
    fn from(err: newsroom_core::Error) -> Self {
        IpcError {
            said: err.as_said().cloned(),
            ..IpcError::new(err.code(), err.to_string())
        }
    }
}

/// A sync error keeps the code its crate gives it ([`newsroom_sync::SyncError::code`]);
/// a store error inside it keeps its translatable words too.
impl From<newsroom_sync::SyncError> for IpcError {
    fn from(err: newsroom_sync::SyncError) -> Self {
        match err {
            newsroom_sync::SyncError::Store(core) => core.into(),
            other => IpcError::new(other.code(), other.to_string()),
        }
    }
}

impl From<newsroom_search::Error> for IpcError {
    fn from(err: newsroom_search::Error) -> Self {
        match err {
            newsroom_search::Error::Core(core) => core.into(),
            other => IpcError::new(other.code(), other.to_string()),
        }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_code_and_message() {
        let err: IpcError = newsroom_core::Error::Conflict("changed elsewhere".into()).into();
        assert_eq!(
            err.code,
            ErrorCode::Conflict,
            "the UI offers a reload only for conflicts"
        );
        assert_eq!(err.message, "changed elsewhere");
        let json = serde_json::to_value(&err).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"code": "conflict", "message": "changed elsewhere"}),
            "the UI reads exactly these two fields"
        );
    }

    #[test]
    fn a_translatable_refusal_carries_its_key_and_arguments() {
        let said =
            newsroom_core::Said::new("refusal.no_profile", "choose or create a profile first");
        let err: IpcError = newsroom_core::Error::said(ErrorCode::Forbidden, said).into();
        let json = serde_json::to_value(&err).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "forbidden",
                "message": "choose or create a profile first",
                "said": {"key": "refusal.no_profile", "args": {}, "text": "choose or create a profile first"}
            }),
            "the UI translates by `said.key`, and shows `message` where it does not know it"
        );
    }
}
