//! The site account: verified against the site, its WordPress role mapped to the newsroom's,
//! the password kept in the secret store and never in the database.

use crate::error::{Result, SyncError};
use crate::secrets::{SecretStore, Secrets};
use crate::site::blocking;
use crate::wp::WpClient;
use chrono::{DateTime, Utc};
use newsroom_core::clock::{from_millis, to_millis};
use newsroom_core::Store;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::sync::Arc;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Account {
    pub site_url: String,
    pub login: String,
    #[ts(type = "number")]
    pub wp_user_id: u64,
    pub display_name: String,
    pub wp_roles: Vec<String>,
    /// `journalist` or `editor`.
    pub role: String,
    pub secret_store: SecretStore,
    /// The companion plugin's version; `None` on a stock WordPress.
    pub plugin_version: Option<String>,
    pub verified_at: DateTime<Utc>,
    /// The user confirmed that this site, on plain http off this computer, may receive the
    /// password unencrypted (see [`crate::wp::client::require_secure_transport`]).
    pub plain_http_confirmed: bool,
}

impl Account {
    /// The key the password is stored under.
    pub fn secret_key(&self) -> String {
        format!("{}@{}", self.login, self.site_url)
    }

    /// What the user is told about guarantees that are weaker without the plugin.
    pub fn guarantees(&self) -> Option<String> {
        match self.plugin_version {
            Some(_) => None,
            None => Some(
                "This site does not have the Newsroom companion plugin. Sync still works, with weaker guarantees: \
                 a create whose answer was lost is found again by title and slug (not by a unique id), so a \
                 duplicate is unlikely but possible; changes are checked by reading the post right before writing, \
                 which leaves a moment in which a colleague's save can be overwritten; approved / changes-requested \
                 states and the Markdown source are not stored on the site. Notes, assignments, checklist results and \
                 the history stay on this computer: colleagues on other computers do not see them, and nobody sees \
                 who is editing an article. Ask the site admin to install the plugin."
                    .into(),
            ),
        }
    }
}

/// WordPress role → newsroom role. Author publishes without review, so it is refused with a
/// reason rather than silently treated as either.
pub fn role_for(wp_roles: &[String]) -> Result<&'static str> {
    let has = |r: &str| wp_roles.iter().any(|x| x == r);
    if has("administrator") || has("editor") {
        Ok("editor")
    } else if has("contributor") {
        Ok("journalist")
    } else if has("author") {
        Err(SyncError::Forbidden {
            code: "newsroom_author_role".into(),
            message: "this account has WordPress's Author role, which publishes its own posts without review; \
                      ask the site admin to make it a Contributor (journalist) or an Editor"
                .into(),
        })
    } else {
        Err(SyncError::Forbidden {
            code: "newsroom_no_writer_role".into(),
            message: format!(
                "this account's WordPress role ({}) cannot write posts; it must be a Contributor or an Editor",
                if wp_roles.is_empty() { "none".to_string() } else { wp_roles.join(", ") }
            ),
        })
    }
}

/// Verifies the login against the site and saves the account. Bad credentials on a public
/// endpoint look anonymous, so `users/me?context=edit` (which needs a real login) decides.
/// A plain-http site off this computer is refused before anything is sent unless
/// `plain_http_confirmed`; the confirmation is saved with the account.
pub async fn connect(
    store: &Arc<Store>,
    secrets: &Secrets,
    site_url: &str,
    login: &str,
    password: &str,
    plain_http_confirmed: bool,
) -> Result<Account> {
    let client = WpClient::open(
        site_url,
        login.trim(),
        password,
        crate::wp::client::REQUEST_TIMEOUT,
        plain_http_confirmed,
    )?;
    let me = match client.me().await {
        Ok(me) => me,
        Err(SyncError::Auth { code, message }) => {
            return Err(SyncError::Auth {
                code,
                message: format!(
                    "the login or application password is not accepted by {} ({message})",
                    client.site_url()
                ),
            })
        }
        Err(e) => return Err(e),
    };
    let role = role_for(&me.roles)?;
    let plugin_version = client.plugin_info().await?.and_then(|info| {
        info.get("version")
            .and_then(|v| v.as_str())
            .map(str::to_string)
    });
    let mut account = Account {
        site_url: client.site_url().to_string(),
        login: login.trim().to_string(),
        wp_user_id: me.id,
        display_name: me.name,
        wp_roles: me.roles,
        role: role.to_string(),
        secret_store: SecretStore::File,
        plugin_version,
        verified_at: store.now(),
        // Remembered only where it was needed: an https or loopback site never asks.
        plain_http_confirmed: plain_http_confirmed && client.is_plain_http_off_loopback(),
    };
    let (secrets_c, key, pw) = (secrets.clone(), account.secret_key(), password.to_string());
    account.secret_store = tokio::task::spawn_blocking(move || secrets_c.store(&key, &pw))
        .await
        .map_err(|e| SyncError::Secret(e.to_string()))??;
    let saved = account.clone();
    blocking(store, move |s| s.db().write(|tx| save(tx, &saved))).await?;
    Ok(account)
}

fn save(tx: &rusqlite::Transaction, a: &Account) -> newsroom_core::Result<()> {
    let previous: Option<String> = tx
        .query_row("SELECT site_url FROM sync_account WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    if previous.as_deref().is_some_and(|p| p != a.site_url) {
        // Another site: what was synced with the old one means nothing there.
        tx.execute_batch(
            "DELETE FROM sync_mirror; DELETE FROM sync_terms; DELETE FROM sync_state;",
        )?;
    }
    tx.execute(
        "INSERT INTO sync_account (id, site_url, login, wp_user_id, display_name, wp_roles, role, secret_store, plugin_version, verified_at, plain_http_confirmed)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET site_url = excluded.site_url, login = excluded.login, wp_user_id = excluded.wp_user_id,
             display_name = excluded.display_name, wp_roles = excluded.wp_roles, role = excluded.role,
             secret_store = excluded.secret_store, plugin_version = excluded.plugin_version, verified_at = excluded.verified_at,
             plain_http_confirmed = excluded.plain_http_confirmed",
        params![
            a.site_url,
            a.login,
            a.wp_user_id as i64,
            a.display_name,
            serde_json::to_string(&a.wp_roles).unwrap_or_else(|_| "[]".into()),
            a.role,
            a.secret_store.as_str(),
            a.plugin_version,
            to_millis(a.verified_at),
            a.plain_http_confirmed
        ],
    )?;
    Ok(())
}

pub fn load(conn: &rusqlite::Connection) -> newsroom_core::Result<Option<Account>> {
    Ok(conn
        .query_row(
            "SELECT site_url, login, wp_user_id, display_name, wp_roles, role, secret_store, plugin_version, verified_at,
                    plain_http_confirmed
             FROM sync_account WHERE id = 1",
            [],
            |r| {
                Ok(Account {
                    site_url: r.get(0)?,
                    login: r.get(1)?,
                    wp_user_id: r.get::<_, i64>(2)? as u64,
                    display_name: r.get(3)?,
                    wp_roles: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                    role: r.get(5)?,
                    secret_store: SecretStore::parse(&r.get::<_, String>(6)?),
                    plugin_version: r.get(7)?,
                    verified_at: from_millis(r.get(8)?),
                    plain_http_confirmed: r.get(9)?,
                })
            },
        )
        .optional()?)
}

/// A client for the saved account, with its password from the secret store and `timeout`
/// per request (see [`crate::site::request_timeout`]).
pub async fn client(
    account: &Account,
    secrets: &Secrets,
    timeout: std::time::Duration,
) -> Result<WpClient> {
    let (secrets, key, from) = (secrets.clone(), account.secret_key(), account.secret_store);
    let password = tokio::task::spawn_blocking(move || secrets.load(&key, from))
        .await
        .map_err(|e| SyncError::Secret(e.to_string()))??;
    WpClient::open(
        &account.site_url,
        &account.login,
        &password,
        timeout,
        account.plain_http_confirmed,
    )
}

/// Forgets the account and its password (the articles stay).
pub async fn disconnect(store: &Arc<Store>, secrets: &Secrets) -> Result<()> {
    let account = blocking(store, |s| s.db().read(load)).await?;
    if let Some(a) = account {
        let (secrets, key) = (secrets.clone(), a.secret_key());
        tokio::task::spawn_blocking(move || secrets.remove(&key))
            .await
            .map_err(|e| SyncError::Secret(e.to_string()))??;
    }
    blocking(store, |s| {
        s.db()
            .write(|tx| Ok(tx.execute("DELETE FROM sync_account", [])?))
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_roles_map_to_newsroom_roles() {
        let r = |v: &[&str]| role_for(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(r(&["contributor"]).unwrap(), "journalist");
        assert_eq!(r(&["editor"]).unwrap(), "editor");
        assert_eq!(r(&["administrator"]).unwrap(), "editor");
        let author = r(&["author"]).unwrap_err().to_string();
        assert!(
            author.contains("without review"),
            "the user is told why Author is refused: {author}"
        );
        assert!(r(&["subscriber"]).is_err());
        assert!(r(&[]).is_err());
    }
}
