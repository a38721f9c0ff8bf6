//! An article's syncable fields as one snapshot.

use crate::article::{self, ArticleId};
use crate::error::{Error, Result};
use crate::outbox::{self, OutboxItem};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The fields of an article that the site holds too, in local terms: headline, dek,
/// Markdown body, slug, the newsroom's workflow state, the scheduled instant, tag names.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Fields {
    pub headline: String,
    pub dek: String,
    pub body: String,
    pub slug: String,
    pub status: String,
    pub publish_at: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
}

/// An article as the sync engine plans with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub id: ArticleId,
    /// Moves with every edit of any kind (`article::touch`): what [`super::apply`] guards on.
    pub version: i64,
    /// Kept as it is by writes from the site (WordPress has no byline field of ours).
    pub byline: String,
    pub fields: Fields,
    pub trashed: bool,
    /// Something changed here that has not reached the site yet.
    pub outbox: Option<OutboxItem>,
}

/// The article, its tags, its pending schedule and its outbox row as of one moment, or
/// `None` when there is no such article. Reads inside one transaction of its own when `conn`
/// is not in one already, so an edit landing between two reads is never half-seen.
pub fn snapshot(conn: &Connection, id: ArticleId) -> Result<Option<Snapshot>> {
    if !conn.is_autocommit() {
        return read(conn, id);
    }
    let tx = conn.unchecked_transaction()?;
    let out = read(&tx, id);
    tx.finish()?;
    out
}

fn read(conn: &Connection, id: ArticleId) -> Result<Option<Snapshot>> {
    let a = match article::load(conn, id) {
        Ok(a) => a,
        Err(Error::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let tags = crate::tags::article_tags::of_article(conn, id)?
        .into_iter()
        .map(|t| t.name)
        .collect();
    // A schedule that went out (or gave up) is history, not a time the site should hold.
    let publish_at = crate::schedule::entry::load(conn, id)?
        .filter(|e| e.published_at.is_none() && e.failed_at.is_none())
        .map(|e| e.publish_at);
    let outbox = outbox::item(conn, &id.to_string())?;
    Ok(Some(Snapshot {
        id,
        version: a.version,
        byline: a.draft.byline,
        fields: Fields {
            headline: a.draft.headline,
            dek: a.draft.dek,
            body: a.draft.body,
            slug: a.draft.slug,
            status: a.status,
            publish_at,
            tags,
        },
        trashed: a.trashed_at.is_some(),
        outbox,
    }))
}
