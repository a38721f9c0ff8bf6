//! One connected site for the duration of a round: the client, whether the companion plugin
//! is there, the store, and the request bodies built from local fields.

use crate::error::{Result, SyncError};
use crate::mirror;
use crate::wp::WpClient;
use newsroom_core::Store;
use newsroom_text::SlugScheme;
use std::sync::Arc;
use std::time::Duration;

/// The per-request time limit, kept with the sync state so a newsroom on a slow link can
/// raise it (and a test can lower it) without a rebuild. Milliseconds.
pub const REQUEST_TIMEOUT_KEY: &str = "net.request_timeout_ms";
/// Below this a healthy site on a slow link would time out on an ordinary page of posts.
pub const MIN_REQUEST_TIMEOUT: Duration = Duration::from_secs(1);
/// Above this a stalled site would hold a round (and every edit behind it) for too long.
pub const MAX_REQUEST_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// The request time limit for this database's account: the stored setting, clamped to a
/// sane range, or the client's default.
pub fn request_timeout(conn: &rusqlite::Connection) -> newsroom_core::Result<Duration> {
    let stored = mirror::get_value(conn, REQUEST_TIMEOUT_KEY)?.and_then(|v| v.parse::<u64>().ok());
    Ok(stored
        .map(Duration::from_millis)
        .unwrap_or(crate::wp::client::REQUEST_TIMEOUT)
        .clamp(MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT))
}

/// Sets the request time limit (clamped like [`request_timeout`]); the next round uses it.
pub fn set_request_timeout(
    tx: &rusqlite::Transaction,
    timeout: Duration,
) -> newsroom_core::Result<()> {
    let t = timeout.clamp(MIN_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT);
    mirror::set_value(tx, REQUEST_TIMEOUT_KEY, &t.as_millis().to_string())
}

#[derive(Debug, Clone)]
pub struct Site {
    pub client: WpClient,
    /// The companion plugin answers: idempotent creates, If-Match, Markdown and workflow meta,
    /// the change feed.
    pub plugin: bool,
    /// The account may publish (an editor's). A Contributor's may not: WordPress refuses it.
    pub may_publish: bool,
    pub store: Arc<Store>,
    /// The newsroom's slug scheme, read when the round starts: an article without a slug of
    /// its own is created on the site under the slug the app would suggest for it.
    pub slug_scheme: SlugScheme,
    /// Where the newsroom's image files are and which of them the site has (`None`: a
    /// store with no data directory, which keeps no images).
    pub images: Option<Arc<crate::images::SiteImages>>,
}

/// Runs a store operation off the async threads (SQLite calls block).
pub async fn blocking<T, F>(store: &Arc<Store>, f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> newsroom_core::Result<T> + Send + 'static,
{
    let store = store.clone();
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .map_err(|e| {
            SyncError::Store(newsroom_core::Error::Storage(format!(
                "a background task failed: {e}"
            )))
        })?
        .map_err(SyncError::from)
}

impl Site {
    /// Term ids for tag names: the cached site tags first (folded, so «барыс» finds «Барыс»),
    /// then the site's full list, then a create (whose `term_exists` answer names the id).
    pub async fn tag_ids(&self, names: &[String]) -> Result<Vec<u64>> {
        let mut ids = Vec::with_capacity(names.len());
        let mut refreshed = false;
        for name in names {
            let n = name.clone();
            let mut found = blocking(&self.store, move |s| {
                s.db().read(|c| mirror::term_by_name(c, &n))
            })
            .await?;
            if found.is_none() && !refreshed {
                self.refresh_terms().await?;
                refreshed = true;
                let n = name.clone();
                found = blocking(&self.store, move |s| {
                    s.db().read(|c| mirror::term_by_name(c, &n))
                })
                .await?;
            }
            let id = match found {
                Some(id) => id,
                None => {
                    let term = self.client.create_tag(name).await?;
                    let (id, n) = (term.id, term.name.clone());
                    blocking(&self.store, move |s| {
                        s.db().write(|tx| mirror::remember_term(tx, id, &n))
                    })
                    .await?;
                    term.id
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Reads every tag of the site into the cache (100 a page).
    pub async fn refresh_terms(&self) -> Result<()> {
        let mut page = 1;
        loop {
            let Some((terms, pages)) = self.client.list_tags(page).await? else {
                break;
            };
            blocking(&self.store, move |s| {
                s.db().write(|tx| {
                    for t in &terms {
                        mirror::remember_term(tx, t.id, &t.name)?;
                    }
                    Ok(())
                })
            })
            .await?;
            if page >= pages {
                break;
            }
            page += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsroom_core::SystemClock;

    #[test]
    fn the_request_timeout_is_a_stored_setting_within_sane_bounds() {
        let store = Store::open_in_memory(Arc::new(SystemClock)).expect("store");
        let read = || store.db().read(request_timeout).expect("read");
        assert_eq!(read(), crate::wp::client::REQUEST_TIMEOUT, "the default");
        for (set, expected) in [
            (Duration::from_secs(2), Duration::from_secs(2)),
            (Duration::from_millis(10), MIN_REQUEST_TIMEOUT),
            (Duration::from_secs(24 * 3600), MAX_REQUEST_TIMEOUT),
        ] {
            store
                .db()
                .write(|tx| set_request_timeout(tx, set))
                .expect("set");
            assert_eq!(read(), expected, "{set:?}");
        }
    }
}
