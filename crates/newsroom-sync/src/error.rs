//! Sync errors, classified so the engine knows whether to retry and the user knows why.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = SyncError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The site could not be reached (DNS, refused, reset, TLS): retry later.
    #[error("the site cannot be reached: {0}")]
    Network(String),
    #[error("the site did not answer in time: {0}")]
    Timeout(String),
    /// 5xx or 429: the server is struggling; retry later.
    #[error("the site failed ({status} {code}): {message}")]
    ServerBusy {
        status: u16,
        code: String,
        message: String,
        /// How long the site asked us to wait (its `Retry-After`, capped; see
        /// [`crate::backoff::retry_after`]).
        retry_after: Option<std::time::Duration>,
    },
    /// 401: the login or application password is wrong or was revoked.
    #[error("the site refused the login ({code}): {message}")]
    Auth { code: String, message: String },
    /// 403: the account's role does not allow this (a contributor publishing).
    #[error("the site does not allow this for your account ({code}): {message}")]
    Forbidden { code: String, message: String },
    /// Another 4xx: the request itself is wrong (validation); retrying will not help.
    #[error("the site rejected the change ({status} {code}): {message}")]
    Rejected {
        status: u16,
        code: String,
        message: String,
    },
    /// 409 from the companion plugin: a post with this client id already exists.
    #[error("the post already exists on the site (id {existing_id})")]
    Duplicate { existing_id: u64 },
    /// 412 from the companion plugin: the post changed since we read it.
    #[error("the post changed on the site since it was last synced")]
    Precondition,
    /// 400 `term_exists`: a tag with this name exists already.
    #[error("the tag exists already (id {term_id})")]
    TermExists { term_id: u64 },
    #[error("the post {0} no longer exists on the site")]
    Gone(u64),
    /// The post holds markup the app cannot represent (see [`crate::unrepresentable`]):
    /// pushing the body would delete it from the site.
    #[error("the post on the site holds {0}, which this app cannot keep: its text was not sent (edit the text in WordPress; undo the text change here to send the rest)")]
    Unrepresentable(&'static str),
    /// The answer was not what a WordPress REST API sends (HTML error page, wrong types,
    /// too large). Retryable: a proxy or a half-broken site may recover.
    #[error("the site sent an unusable answer: {0}")]
    BadResponse(String),
    #[error("no site account is set up")]
    NotConfigured,
    #[error("the password store failed: {0}")]
    Secret(String),
    #[error(transparent)]
    Store(#[from] newsroom_core::Error),
}

/// What the UI shows and branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncErrorKind {
    Offline,
    Retryable,
    Auth,
    Forbidden,
    Rejected,
    Conflict,
    Local,
}

impl SyncError {
    /// The core's error code for this error, which the window branches on: a login or a
    /// missing right the user must fix, a site's refusal of what was sent, a conflict, or
    /// the store's own code.
    pub fn code(&self) -> newsroom_core::ErrorCode {
        use newsroom_core::ErrorCode;
        match self {
            SyncError::Auth { .. }
            | SyncError::Forbidden { .. }
            | SyncError::NotConfigured
            | SyncError::Secret(_) => ErrorCode::Forbidden,
            SyncError::Rejected { .. } | SyncError::TermExists { .. } | SyncError::Gone(_) => {
                ErrorCode::Invalid
            }
            SyncError::Duplicate { .. } | SyncError::Precondition => ErrorCode::Conflict,
            SyncError::Store(e) => e.code(),
            _ => ErrorCode::Internal,
        }
    }

    /// Whether waiting and trying again may succeed without anyone changing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            SyncError::Network(_)
                | SyncError::Timeout(_)
                | SyncError::ServerBusy { .. }
                | SyncError::BadResponse(_)
        ) || matches!(self, SyncError::Store(e) if e.code() == newsroom_core::ErrorCode::Storage)
    }

    pub fn kind(&self) -> SyncErrorKind {
        match self {
            SyncError::Network(_) | SyncError::Timeout(_) => SyncErrorKind::Offline,
            SyncError::ServerBusy { .. } | SyncError::BadResponse(_) => SyncErrorKind::Retryable,
            SyncError::Auth { .. } | SyncError::NotConfigured | SyncError::Secret(_) => {
                SyncErrorKind::Auth
            }
            SyncError::Forbidden { .. } => SyncErrorKind::Forbidden,
            SyncError::Rejected { .. }
            | SyncError::Gone(_)
            | SyncError::TermExists { .. }
            | SyncError::Unrepresentable(_) => SyncErrorKind::Rejected,
            SyncError::Duplicate { .. } | SyncError::Precondition => SyncErrorKind::Conflict,
            SyncError::Store(_) => SyncErrorKind::Local,
        }
    }

    /// Whether the failure says the site is unreachable (the app shows "offline").
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Network(_) | SyncError::Timeout(_))
    }
}

/// Builds the error for a non-2xx answer from its status and WordPress's `{code, message}`.
pub fn from_status(
    status: u16,
    code: String,
    message: String,
    data: &serde_json::Value,
) -> SyncError {
    match status {
        401 => SyncError::Auth { code, message },
        403 => SyncError::Forbidden { code, message },
        409 => match data
            .get("existing_id")
            .or_else(|| data.get("post_id"))
            .and_then(|v| v.as_u64())
        {
            Some(existing_id) => SyncError::Duplicate { existing_id },
            None => SyncError::Rejected {
                status,
                code,
                message,
            },
        },
        412 => SyncError::Precondition,
        400 if code == "term_exists" => match data.get("term_id").and_then(|v| v.as_u64()) {
            Some(term_id) => SyncError::TermExists { term_id },
            None => SyncError::Rejected {
                status,
                code,
                message,
            },
        },
        408 | 429 => SyncError::ServerBusy {
            status,
            code,
            message,
            retry_after: None,
        },
        500..=599 => SyncError::ServerBusy {
            status,
            code,
            message,
            retry_after: None,
        },
        _ => SyncError::Rejected {
            status,
            code,
            message,
        },
    }
}

/// Reads a failed request for one post: WordPress's own JSON "no such post"
/// (`rest_post_invalid_id`, 404) means the post was deleted for good, and only that — a 404
/// or 410 from anything else (a proxy's HTML page, a security plugin hiding the route) says
/// nothing about the post and is worth trying again, never a reason to drop the article.
pub fn for_post(id: u64, e: SyncError) -> SyncError {
    match e {
        SyncError::Rejected {
            status: 404,
            ref code,
            ..
        } if code == "rest_post_invalid_id" => SyncError::Gone(id),
        SyncError::Rejected {
            status: status @ (404 | 410),
            code,
            message,
        } => SyncError::BadResponse(format!(
            "post {id}: {status} {code} ({message}) is not WordPress's answer for a missing post"
        )),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statuses_are_classified_retryable_or_permanent() {
        let cases = [
            (500, true),
            (502, true),
            (503, true),
            (429, true),
            (400, false),
            (401, false),
            (403, false),
            (404, false),
            (412, false),
        ];
        for (status, retryable) in cases {
            let err = from_status(status, "c".into(), "m".into(), &json!({}));
            assert_eq!(err.is_retryable(), retryable, "status {status}: {err}");
        }
    }

    #[test]
    fn only_wordpress_own_not_found_means_a_post_is_gone() {
        let wordpress = crate::wp::client::interpret(
            reqwest::StatusCode::NOT_FOUND,
            &reqwest::header::HeaderMap::new(),
            br#"{"code":"rest_post_invalid_id","message":"Invalid post ID.","data":{"status":404}}"#,
        )
        .unwrap_err();
        assert!(
            matches!(for_post(7, wordpress), SyncError::Gone(7)),
            "WordPress's own answer: the post was deleted"
        );
        let others: [(u16, &[u8]); 3] = [
            (404, b"<html><h1>404 Not Found</h1>nginx</html>"),
            (404, br#"{"code":"rest_no_route","message":"No route"}"#),
            (410, b"<html>Gone</html>"),
        ];
        for (status, body) in others {
            let err = crate::wp::client::interpret(
                reqwest::StatusCode::from_u16(status).unwrap(),
                &reqwest::header::HeaderMap::new(),
                body,
            )
            .unwrap_err();
            let read = for_post(7, err);
            assert!(
                !matches!(read, SyncError::Gone(_)),
                "{status} {:?} must not trash the article and unlink its post: {read:?}",
                String::from_utf8_lossy(body)
            );
            assert!(read.is_retryable(), "{read:?} is worth another try");
        }
    }

    #[test]
    fn a_duplicate_names_the_existing_post() {
        let err = from_status(
            409,
            "newsroom_duplicate".into(),
            "dup".into(),
            &json!({"existing_id": 42}),
        );
        assert!(
            matches!(err, SyncError::Duplicate { existing_id: 42 }),
            "{err:?}"
        );
    }

    #[test]
    fn the_servers_code_and_message_reach_the_user() {
        let err = from_status(
            403,
            "rest_cannot_publish".into(),
            "Sorry, you are not allowed to publish posts.".into(),
            &json!({}),
        );
        let text = err.to_string();
        assert!(
            text.contains("rest_cannot_publish") && text.contains("not allowed to publish"),
            "{text}"
        );
        assert_eq!(err.kind(), SyncErrorKind::Forbidden);
    }
}
