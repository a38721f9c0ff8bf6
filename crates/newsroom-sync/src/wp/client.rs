//! A small typed client for WordPress's REST API (and the companion plugin's routes).
//!
//! Requests go through `?rest_route=`, which works whether or not the site has pretty
//! permalinks. Every answer is size-capped and parsed defensively; non-2xx answers become
//! classified [`SyncError`]s carrying WordPress's own `code` and `message`. The password is
//! only ever placed in the Authorization header: it is not in any error or Debug output.

use super::types::{WpMedia, WpPost, WpTerm, WpUser};
use crate::error::{self, from_status, Result, SyncError};
use reqwest::header::{HeaderMap, HeaderValue, ETAG, IF_MATCH};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::time::Duration;

/// Bigger answers are refused: a page of 100 long posts is a few MB; anything far larger is a
/// broken or hostile server, and reading it whole would stall the app.
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Rewrites every post as it arrives (the site's image addresses into the app's own image
/// references, see `crate::images`), so the rest of sync compares posts in one set of terms.
pub type PostFilter = std::sync::Arc<dyn Fn(&mut WpPost) + Send + Sync>;

#[derive(Clone)]
pub struct WpClient {
    http: reqwest::Client,
    base: reqwest::Url,
    login: String,
    password: String,
    post_filter: Option<PostFilter>,
}

impl std::fmt::Debug for WpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WpClient")
            .field("base", &self.base.as_str())
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

/// A 2xx answer: its JSON and the headers sync needs.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub json: Value,
    pub etag: Option<String>,
    pub total_pages: Option<u32>,
    /// `X-WP-Total`: how many items match (0 when the page asked for is empty).
    pub total: Option<u64>,
}

impl WpClient {
    pub fn new(site_url: &str, login: &str, password: &str) -> Result<WpClient> {
        Self::with_timeout(site_url, login, password, REQUEST_TIMEOUT)
    }

    pub fn with_timeout(
        site_url: &str,
        login: &str,
        password: &str,
        timeout: Duration,
    ) -> Result<WpClient> {
        Self::open(site_url, login, password, timeout, false)
    }

    /// A client for `site_url`. A plain `http://` site off this computer is refused unless
    /// `plain_http_confirmed` (the user's remembered confirmation, see
    /// [`require_secure_transport`]).
    pub fn open(
        site_url: &str,
        login: &str,
        password: &str,
        timeout: Duration,
        plain_http_confirmed: bool,
    ) -> Result<WpClient> {
        let base = normalize_site_url(site_url)?;
        require_secure_transport(&base, plain_http_confirmed)?;
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(timeout)
            .user_agent(concat!("Newsroom/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Network(format!("cannot set up HTTP: {e}")))?;
        Ok(WpClient {
            http,
            base,
            login: login.to_string(),
            // Application passwords are shown with spaces; WordPress accepts them either way.
            password: password.split_whitespace().collect(),
            post_filter: None,
        })
    }

    /// This client with `filter` run over every post it reads.
    pub fn with_post_filter(mut self, filter: PostFilter) -> WpClient {
        self.post_filter = Some(filter);
        self
    }

    fn post_with_etag(&self, a: Answer) -> Result<WpPost> {
        let mut post = post_with_etag(a)?;
        if let Some(filter) = &self.post_filter {
            filter(&mut post);
        }
        Ok(post)
    }

    pub fn site_url(&self) -> &str {
        self.base.as_str()
    }

    /// Whether this site needed the plain-http confirmation to be reached.
    pub fn is_plain_http_off_loopback(&self) -> bool {
        require_secure_transport(&self.base, false).is_err()
    }

    fn url(&self, route: &str, query: &[(&str, String)]) -> reqwest::Url {
        let mut url = self.base.clone();
        {
            let mut pairs = url.query_pairs_mut();
            pairs.append_pair("rest_route", route);
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        url
    }

    /// Sends one request and returns the parsed 2xx answer or a classified error.
    pub async fn send(
        &self,
        method: Method,
        route: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> Result<Answer> {
        let mut req = self
            .http
            .request(method, self.url(route, query))
            .basic_auth(&self.login, Some(&self.password));
        if let Some(body) = body {
            req = req.json(body);
        }
        if let Some(tag) = if_match {
            if let Ok(v) = HeaderValue::from_str(tag) {
                req = req.header(IF_MATCH, v);
            }
        }
        let resp = req.send().await.map_err(|e| self.transport_error(e))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = read_capped(resp).await.map_err(|e| match e {
            SyncError::Network(m) => SyncError::Network(self.scrub(&m)),
            other => other,
        })?;
        interpret(status, &headers, &bytes)
    }

    fn transport_error(&self, e: reqwest::Error) -> SyncError {
        let text = self.scrub(&e.to_string());
        if e.is_timeout() {
            SyncError::Timeout(text)
        } else {
            SyncError::Network(text)
        }
    }

    /// Removes the password from a message, whatever the library put in it.
    fn scrub(&self, text: &str) -> String {
        if self.password.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.password, "•••")
        }
    }

    pub async fn get(&self, route: &str, query: &[(&str, String)]) -> Result<Answer> {
        self.send(Method::GET, route, query, None, None).await
    }

    // --- Typed calls ------------------------------------------------------------------

    pub async fn me(&self) -> Result<WpUser> {
        let a = self
            .get("/wp/v2/users/me", &[("context", "edit".into())])
            .await?;
        WpUser::from_json(&a.json)
    }

    /// The companion plugin's `/newsroom/v1/info`; `None` on a stock site.
    pub async fn plugin_info(&self) -> Result<Option<Value>> {
        match self.get("/newsroom/v1/info", &[]).await {
            Ok(a) => Ok(Some(a.json)),
            Err(SyncError::Rejected { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn get_post(&self, id: u64) -> Result<WpPost> {
        let route = format!("/wp/v2/posts/{id}");
        let answer = match self.get(&route, &[("context", "edit".into())]).await {
            // A contributor may not read a published post in edit context: read it as anyone.
            Err(SyncError::Forbidden { .. } | SyncError::Auth { .. }) => {
                self.get(&route, &[]).await
            }
            other => other,
        };
        answer
            .and_then(|a| self.post_with_etag(a))
            .map_err(|e| error::for_post(id, e))
    }

    pub async fn create_post(&self, body: &Value) -> Result<WpPost> {
        let a = self
            .send(
                Method::POST,
                "/wp/v2/posts",
                &[("context", "edit".into())],
                Some(body),
                None,
            )
            .await?;
        self.post_with_etag(a)
    }

    pub async fn update_post(
        &self,
        id: u64,
        body: &Value,
        if_match: Option<&str>,
    ) -> Result<WpPost> {
        let route = format!("/wp/v2/posts/{id}");
        match self
            .send(
                Method::POST,
                &route,
                &[("context", "edit".into())],
                Some(body),
                if_match,
            )
            .await
        {
            Ok(a) => self.post_with_etag(a),
            Err(e) => Err(error::for_post(id, e)),
        }
    }

    /// Moves a post to WordPress's trash (recoverable there). Returns the trashed post as the
    /// site now holds it (its new revision, its `__trashed` slug), so a later restore is
    /// checked against the right copy; `None` when it was already in the trash or is gone.
    pub async fn trash_post(&self, id: u64) -> Result<Option<WpPost>> {
        let route = format!("/wp/v2/posts/{id}");
        match self
            .send(
                Method::DELETE,
                &route,
                &[("context", "edit".into())],
                None,
                None,
            )
            .await
        {
            Ok(a) => self.post_with_etag(a).map(Some),
            // Already in the trash.
            Err(SyncError::Rejected { code, .. }) if code == "rest_already_trashed" => Ok(None),
            Err(e) => match error::for_post(id, e) {
                SyncError::Gone(_) => Ok(None),
                other => Err(other),
            },
        }
    }

    /// One page of posts; `Ok(None)` past the last page (WordPress answers 400 there).
    pub async fn list_posts(&self, query: &[(&str, String)]) -> Result<Option<(Vec<WpPost>, u32)>> {
        match self.get("/wp/v2/posts", query).await {
            Ok(a) => Ok(Some((self.posts_of(&a)?, a.total_pages.unwrap_or(1)))),
            Err(SyncError::Rejected { code, .. }) if code == "rest_post_invalid_page_number" => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The posts a listing query answers with (its `offset` and `per_page` in `query`), and
    /// how many posts match it in all (`X-WP-Total`; 0 when the window is past the end).
    pub async fn list_posts_window(&self, query: &[(&str, String)]) -> Result<(Vec<WpPost>, u64)> {
        let answer = self.get("/wp/v2/posts", query).await?;
        Ok((self.posts_of(&answer)?, answer.total.unwrap_or(0)))
    }

    /// The posts of a listing's answer, through the post filter.
    fn posts_of(&self, answer: &Answer) -> Result<Vec<WpPost>> {
        let items = answer
            .json
            .as_array()
            .ok_or_else(|| SyncError::BadResponse("the post list is not a list".into()))?;
        let mut posts = items
            .iter()
            .map(WpPost::from_json)
            .collect::<Result<Vec<_>>>()?;
        if let Some(filter) = &self.post_filter {
            posts.iter_mut().for_each(|p| filter(p));
        }
        Ok(posts)
    }

    pub async fn list_tags(&self, page: u32) -> Result<Option<(Vec<WpTerm>, u32)>> {
        let query = [
            ("per_page", "100".to_string()),
            ("page", page.to_string()),
            ("hide_empty", "false".to_string()),
            ("_fields", "id,name".to_string()),
        ];
        match self.get("/wp/v2/tags", &query).await {
            Ok(a) => {
                let items = a
                    .json
                    .as_array()
                    .ok_or_else(|| SyncError::BadResponse("the tag list is not a list".into()))?;
                let terms = items
                    .iter()
                    .map(WpTerm::from_json)
                    .collect::<Result<Vec<_>>>()?;
                Ok(Some((terms, a.total_pages.unwrap_or(1))))
            }
            Err(SyncError::Rejected { code, .. })
                if code == "rest_post_invalid_page_number" || code == "rest_invalid_param" =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Creates a tag; an existing one (400 `term_exists`) is returned by its id.
    pub async fn create_tag(&self, name: &str) -> Result<WpTerm> {
        let body = serde_json::json!({ "name": name });
        match self
            .send(Method::POST, "/wp/v2/tags", &[], Some(&body), None)
            .await
        {
            Ok(a) => WpTerm::from_json(&a.json),
            Err(SyncError::TermExists { term_id }) => Ok(WpTerm {
                id: term_id,
                name: name.to_string(),
            }),
            Err(e) => Err(e),
        }
    }

    // --- Media library ------------------------------------------------------------------

    /// Uploads one file to the media library (`POST /wp/v2/media` with the bytes as the
    /// body). `query` carries the attachment's fields (`alt_text`, `caption`, `post`), which
    /// WordPress reads from the query string of an upload.
    pub async fn upload_media(
        &self,
        bytes: Vec<u8>,
        file_name: &str,
        mime: &str,
        query: &[(&str, String)],
    ) -> Result<WpMedia> {
        let req = self
            .http
            .post(self.url("/wp/v2/media", query))
            .basic_auth(&self.login, Some(&self.password))
            .header(reqwest::header::CONTENT_TYPE, mime)
            .header(
                reqwest::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            )
            .body(bytes);
        let resp = req.send().await.map_err(|e| self.transport_error(e))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = read_capped(resp).await?;
        WpMedia::from_json(&interpret(status, &headers, &body)?.json)
    }

    /// The attachment uploaded as `<name>.<ext>`: its slug is `name`, or `name-N` when
    /// WordPress had to rename the file (a file of that name was already in its uploads
    /// folder). `name` must be distinctive (an image's hash): it is searched for.
    pub async fn media_named(&self, name: &str) -> Result<Option<WpMedia>> {
        let query = [
            ("search", name.to_string()),
            ("context", "edit".to_string()),
            ("per_page", "100".to_string()),
        ];
        let answer = match self.get("/wp/v2/media", &query).await {
            Ok(a) => a,
            // An account that may not list media in edit context sees what anyone sees.
            Err(SyncError::Forbidden { .. } | SyncError::Rejected { status: 400, .. }) => {
                self.get("/wp/v2/media", &[("search", name.to_string())])
                    .await?
            }
            Err(e) => return Err(e),
        };
        let items = answer
            .json
            .as_array()
            .ok_or_else(|| SyncError::BadResponse("the media list is not a list".into()))?;
        let renamed = |slug: &str| {
            slug.strip_prefix(name).is_some_and(|rest| {
                rest.is_empty()
                    || rest
                        .strip_prefix('-')
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
        };
        let mut found = items
            .iter()
            .map(WpMedia::from_json)
            .collect::<Result<Vec<_>>>()?;
        found.retain(|m| renamed(&m.slug));
        // The oldest one is the one the app uploaded first.
        found.sort_by_key(|m| m.id);
        Ok(found.into_iter().next())
    }

    pub async fn get_media(&self, id: u64) -> Result<WpMedia> {
        let a = self
            .get(&format!("/wp/v2/media/{id}"), &[("context", "edit".into())])
            .await?;
        WpMedia::from_json(&a.json)
    }

    /// Sets an attachment's fields (`alt_text`, `caption`, `post`, `meta`).
    pub async fn update_media(&self, id: u64, body: &Value) -> Result<WpMedia> {
        let a = self
            .send(
                Method::POST,
                &format!("/wp/v2/media/{id}"),
                &[("context", "edit".into())],
                Some(body),
                None,
            )
            .await?;
        WpMedia::from_json(&a.json)
    }

    /// Downloads a file from the site (an image a post shows), at most `max_bytes`, within
    /// `timeout`. Sent with the login only to the site's own host.
    pub async fn download(
        &self,
        url: &reqwest::Url,
        max_bytes: u64,
        timeout: Duration,
    ) -> Result<Vec<u8>> {
        let mut req = self.http.get(url.clone()).timeout(timeout);
        if url.host_str() == self.base.host_str() && url.port() == self.base.port() {
            req = req.basic_auth(&self.login, Some(&self.password));
        }
        let mut resp = req.send().await.map_err(|e| self.transport_error(e))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(SyncError::Rejected {
                status: status.as_u16(),
                code: "download_failed".into(),
                message: format!("{url} answered HTTP {}", status.as_u16()),
            });
        }
        if resp.content_length().is_some_and(|n| n > max_bytes) {
            return Err(SyncError::Rejected {
                status: 413,
                code: "image_too_large".into(),
                message: format!("{url} is larger than the {max_bytes} bytes accepted"),
            });
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if (body.len() + chunk.len()) as u64 > max_bytes {
                        return Err(SyncError::Rejected {
                            status: 413,
                            code: "image_too_large".into(),
                            message: format!("{url} is larger than the {max_bytes} bytes accepted"),
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(body),
                Err(e) if e.is_timeout() => return Err(SyncError::Timeout(e.to_string())),
                Err(e) => return Err(SyncError::Network(format!("the download was cut off: {e}"))),
            }
        }
    }
}

fn post_with_etag(a: Answer) -> Result<WpPost> {
    let mut post = WpPost::from_json(&a.json)?;
    if post.rev.is_none() {
        post.rev = a.etag;
    }
    Ok(post)
}

/// Accepts `example.org`, `https://example.org/`, `https://example.org/news/`.
pub fn normalize_site_url(site_url: &str) -> Result<reqwest::Url> {
    let trimmed = site_url.trim();
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let mut url = reqwest::Url::parse(&with_scheme).map_err(|e| SyncError::Rejected {
        status: 0,
        code: "invalid_site_url".into(),
        message: format!("{trimmed:?} is not a site address ({e})"),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(SyncError::Rejected {
            status: 0,
            code: "invalid_site_url".into(),
            message: format!("{trimmed:?} is not an http(s) site address"),
        });
    }
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// The code of the error for a plain-http site the user has not confirmed; the Site screen
/// asks for the confirmation when it sees it.
pub const INSECURE_SITE_CODE: &str = "insecure_site_url";

/// Whether `url` points at this computer: `localhost` or a loopback address
/// (127.0.0.0/8, `::1`). Plain http there never crosses a network.
pub fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // The URL parser has already normalised IPv4 forms (`0x7f.1` → `127.0.0.1`) and put
    // IPv6 addresses in brackets.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
        return ip.is_loopback();
    }
    let name = host.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
}

/// The application password goes in every request's Authorization header, so it must
/// travel encrypted: https, or plain http only to this computer, or to another host only
/// after the user confirmed the risk for this site (remembered with the account).
pub fn require_secure_transport(url: &reqwest::Url, plain_http_confirmed: bool) -> Result<()> {
    if url.scheme() == "https" || is_loopback(url) || plain_http_confirmed {
        return Ok(());
    }
    Err(SyncError::Rejected {
        status: 0,
        code: INSECURE_SITE_CODE.into(),
        message: format!(
            "{} uses plain http, so the application password would travel unencrypted and anyone on \
             the network path (public Wi-Fi, the provider) could read it and publish as you; use the \
             site's https:// address, or confirm that you accept this risk for this site",
            url.as_str()
        ),
    })
}

async fn read_capped(mut resp: reqwest::Response) -> Result<Vec<u8>> {
    if resp
        .content_length()
        .is_some_and(|n| n as usize > MAX_RESPONSE_BYTES)
    {
        return Err(SyncError::BadResponse(format!(
            "the answer is {} bytes, more than the {MAX_RESPONSE_BYTES} accepted",
            resp.content_length().unwrap_or(0)
        )));
    }
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                    return Err(SyncError::BadResponse(format!(
                        "the answer is larger than the {MAX_RESPONSE_BYTES} bytes accepted"
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => return Err(SyncError::Timeout(e.to_string())),
            Err(e) => return Err(SyncError::Network(format!("the answer was cut off: {e}"))),
        }
    }
}

/// Turns a status, headers and body into an [`Answer`] or a classified error.
pub fn interpret(status: StatusCode, headers: &HeaderMap, bytes: &[u8]) -> Result<Answer> {
    let parsed: std::result::Result<Value, _> = serde_json::from_slice(bytes);
    if status.is_success() {
        let json = parsed.map_err(|e| {
            SyncError::BadResponse(format!(
                "HTTP {} but the body is not JSON ({e}); it starts with {:?}",
                status.as_u16(),
                preview(bytes)
            ))
        })?;
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        return Ok(Answer {
            status: status.as_u16(),
            json,
            etag: headers
                .get(ETAG)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.to_string()),
            total_pages: header("x-wp-totalpages").and_then(|s| s.trim().parse().ok()),
            total: header("x-wp-total").and_then(|s| s.trim().parse().ok()),
        });
    }
    let (code, message, data) = match &parsed {
        Ok(v) => (
            v.get("code")
                .and_then(Value::as_str)
                .unwrap_or("http_error")
                .to_string(),
            v.get("message")
                .and_then(Value::as_str)
                .map(strip_tags)
                .unwrap_or_else(|| format!("HTTP {}", status.as_u16())),
            v.get("data").cloned().unwrap_or(Value::Null),
        ),
        Err(_) => (
            "http_error".to_string(),
            format!("HTTP {}: {:?}", status.as_u16(), preview(bytes)),
            Value::Null,
        ),
    };
    Err(match from_status(status.as_u16(), code, message, &data) {
        SyncError::ServerBusy {
            status,
            code,
            message,
            ..
        } => SyncError::ServerBusy {
            status,
            code,
            message,
            retry_after: headers
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| crate::backoff::retry_after(v, chrono::Utc::now())),
        },
        other => other,
    })
}

/// WordPress messages sometimes carry HTML; the user sees plain text.
fn strip_tags(m: &str) -> String {
    let mut out = String::with_capacity(m.len());
    let mut in_tag = false;
    for ch in m.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(120)]);
    text.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Result<Answer> {
        interpret(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
        )
    }

    #[test]
    fn a_busy_site_says_how_long_to_wait() {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::RETRY_AFTER,
            HeaderValue::from_static("120"),
        );
        let err = interpret(
            StatusCode::SERVICE_UNAVAILABLE,
            &headers,
            b"<html>busy</html>",
        )
        .unwrap_err();
        match err {
            SyncError::ServerBusy {
                status: 503,
                retry_after,
                ..
            } => assert_eq!(retry_after, Some(Duration::from_secs(120))),
            other => panic!("expected a busy site, got {other:?}"),
        }
        let plain = answer(503, "{}").unwrap_err();
        assert!(
            matches!(
                plain,
                SyncError::ServerBusy {
                    retry_after: None,
                    ..
                }
            ),
            "{plain:?}"
        );
    }

    #[test]
    fn html_error_pages_and_junk_are_clear_errors() {
        let err = answer(200, "<html>Maintenance</html>").unwrap_err();
        assert!(matches!(err, SyncError::BadResponse(_)), "{err:?}");
        assert!(
            err.to_string().contains("Maintenance"),
            "the user sees what came back: {err}"
        );
        let err = answer(502, "<html>Bad gateway</html>").unwrap_err();
        assert!(
            err.is_retryable(),
            "a proxy error page is worth retrying: {err:?}"
        );
    }

    #[test]
    fn wordpress_errors_keep_code_and_message() {
        let err = answer(403, r#"{"code":"rest_cannot_publish","message":"Sorry, you are not allowed to publish posts in this post type.","data":{"status":403}}"#).unwrap_err();
        assert!(!err.is_retryable());
        assert!(err.to_string().contains("rest_cannot_publish"), "{err}");
        let err = answer(
            400,
            r#"{"code":"rest_invalid_param","message":"Invalid parameter(s): status"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(err, SyncError::Rejected { status: 400, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn site_urls_are_normalized() {
        assert_eq!(
            normalize_site_url("news.example").unwrap().as_str(),
            "https://news.example/"
        );
        assert_eq!(
            normalize_site_url("http://127.0.0.1:8089")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8089/"
        );
        assert_eq!(
            normalize_site_url("https://x.example/news?y=1")
                .unwrap()
                .as_str(),
            "https://x.example/news/"
        );
        assert!(normalize_site_url("ftp://x").is_err());
        assert!(normalize_site_url("").is_err());
    }

    #[test]
    fn plain_http_is_refused_off_this_computer_without_confirmation() {
        let refused = WpClient::new("http://news.example", "u", "p").unwrap_err();
        match &refused {
            SyncError::Rejected { code, message, .. } => {
                assert_eq!(code, INSECURE_SITE_CODE);
                assert!(message.contains("unencrypted"), "{message}");
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
        for ip_host in [
            "http://10.0.0.5:8080",
            "http://[2001:db8::1]/",
            "http://localhost.evil.example",
        ] {
            assert!(WpClient::new(ip_host, "u", "p").is_err(), "{ip_host}");
        }
        let confirmed =
            WpClient::open("http://news.example", "u", "p", REQUEST_TIMEOUT, true).unwrap();
        assert_eq!(confirmed.site_url(), "http://news.example/");
        for ok in [
            "https://news.example",
            "news.example",
            "http://127.0.0.1:8089",
            "http://127.5.6.7/",
            "http://[::1]:8080/",
            "http://localhost:8089/",
            "http://LOCALHOST./",
        ] {
            assert!(WpClient::new(ok, "u", "p").is_ok(), "{ok} must connect");
        }
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let c = WpClient::new("http://127.0.0.1:1", "user", "abcd efgh ijkl").unwrap();
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("abcdefghijkl") && !shown.contains("abcd"),
            "{shown}"
        );
    }
}
