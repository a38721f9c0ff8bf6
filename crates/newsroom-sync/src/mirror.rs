//! The sync tables (migration 0004) as the engine reads and writes them: the last-synced
//! base of each article, conflicts, the tag-term cache and small named values (cursors).

use crate::mapping::{LocalFields, RemoteFields};
use crate::plan::{Base, FieldConflict, Sent};
use chrono::{DateTime, Utc};
use newsroom_core::clock::{from_millis, to_millis};
use newsroom_core::Result;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

fn json_strings(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

fn json_ids(s: &str) -> Vec<u64> {
    serde_json::from_str(s).unwrap_or_default()
}

const BASE_COLUMNS: &str = "remote_id, remote_uuid, base_headline, base_dek, base_body, base_slug, base_status, base_publish_at, base_tags,
    remote_title, remote_excerpt, remote_content, remote_markdown, remote_slug, remote_status, remote_date_gmt, remote_tags,
    remote_workflow, remote_modified_gmt, remote_rev";

fn base_from_row(r: &rusqlite::Row) -> rusqlite::Result<Base> {
    Ok(Base {
        local: LocalFields {
            headline: r.get(2)?,
            dek: r.get(3)?,
            body: r.get(4)?,
            slug: r.get(5)?,
            status: r.get(6)?,
            publish_at: r.get::<_, Option<i64>>(7)?.map(from_millis),
            tags: json_strings(&r.get::<_, String>(8)?),
        },
        remote: RemoteFields {
            remote_id: r.get::<_, i64>(0)? as u64,
            uuid: r.get(1)?,
            title: r.get(9)?,
            excerpt: r.get(10)?,
            content: r.get(11)?,
            markdown: r.get(12)?,
            slug: r.get(13)?,
            status: r.get(14)?,
            date_gmt: r.get(15)?,
            tags: json_ids(&r.get::<_, String>(16)?),
            workflow: r.get(17)?,
            modified_gmt: r.get::<_, Option<String>>(18)?.unwrap_or_default(),
            rev: r.get(19)?,
            markdown_fresh: None,
            rendered_only: false,
        },
    })
}

pub fn base(conn: &Connection, article_id: &str) -> Result<Option<Base>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {BASE_COLUMNS} FROM sync_mirror WHERE article_id = ?1"
        ))?
        .query_row([article_id], base_from_row)
        .optional()?)
}

pub fn article_for_remote(conn: &Connection, remote_id: u64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT article_id FROM sync_mirror WHERE remote_id = ?1")?
        .query_row([remote_id as i64], |r| r.get(0))
        .optional()?)
}

/// Every tracked post: (article id, remote id, remote status).
pub fn tracked(conn: &Connection) -> Result<Vec<(String, u64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, remote_id, remote_status FROM sync_mirror ORDER BY remote_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? as u64, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn save_base(tx: &Transaction, article_id: &str, b: &Base, now: DateTime<Utc>) -> Result<()> {
    // A new base is what both sides hold now: unanswered pushes before it no longer matter.
    clear_sent(tx, article_id)?;
    let tags = serde_json::to_string(&b.local.tags).unwrap_or_else(|_| "[]".into());
    let ids = serde_json::to_string(&b.remote.tags).unwrap_or_else(|_| "[]".into());
    // A post re-adopted under another article (a duplicate found by lookup) moves here.
    tx.execute(
        "DELETE FROM sync_mirror WHERE remote_id = ?1 AND article_id <> ?2",
        params![b.remote.remote_id as i64, article_id],
    )?;
    tx.execute(
        "INSERT INTO sync_mirror (article_id, remote_id, remote_uuid, base_headline, base_dek, base_body, base_slug, base_status,
             base_publish_at, base_tags, remote_title, remote_excerpt, remote_content, remote_markdown, remote_slug, remote_status,
             remote_date_gmt, remote_tags, remote_workflow, remote_modified_gmt, remote_rev, synced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
         ON CONFLICT (article_id) DO UPDATE SET remote_id = excluded.remote_id, remote_uuid = excluded.remote_uuid,
             base_headline = excluded.base_headline, base_dek = excluded.base_dek, base_body = excluded.base_body,
             base_slug = excluded.base_slug, base_status = excluded.base_status, base_publish_at = excluded.base_publish_at,
             base_tags = excluded.base_tags, remote_title = excluded.remote_title, remote_excerpt = excluded.remote_excerpt,
             remote_content = excluded.remote_content, remote_markdown = excluded.remote_markdown,
             remote_slug = excluded.remote_slug, remote_status = excluded.remote_status,
             remote_date_gmt = excluded.remote_date_gmt, remote_tags = excluded.remote_tags,
             remote_workflow = excluded.remote_workflow, remote_modified_gmt = excluded.remote_modified_gmt,
             remote_rev = excluded.remote_rev, synced_at = excluded.synced_at",
        params![
            article_id,
            b.remote.remote_id as i64,
            b.remote.uuid,
            b.local.headline,
            b.local.dek,
            b.local.body,
            b.local.slug,
            b.local.status,
            b.local.publish_at.map(to_millis),
            tags,
            b.remote.title,
            b.remote.excerpt,
            b.remote.content,
            b.remote.markdown,
            b.remote.slug,
            b.remote.status,
            b.remote.date_gmt,
            ids,
            b.remote.workflow,
            b.remote.modified_gmt,
            b.remote.rev,
            to_millis(now)
        ],
    )?;
    Ok(())
}

// --- Pushes whose answer never came --------------------------------------------------------

/// How many unanswered pushes are remembered per article: each retry that also times out
/// adds one, and any of them may land later.
const MAX_SENT: usize = 8;

fn sent_key(article_id: &str) -> String {
    format!("sent.{article_id}")
}

/// The pushes sent for this article since its base whose answers were not (yet) seen.
pub fn sent(conn: &Connection, article_id: &str) -> Result<Vec<Sent>> {
    Ok(get_value(conn, &sent_key(article_id))?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Remembers a push before it is sent; [`save_base`] forgets it once its answer is in.
pub fn add_sent(tx: &Transaction, article_id: &str, push: Sent) -> Result<()> {
    let mut all = sent(tx, article_id)?;
    all.push(push);
    if all.len() > MAX_SENT {
        all.drain(..all.len() - MAX_SENT);
    }
    let text = serde_json::to_string(&all)
        .map_err(|e| newsroom_core::Error::Storage(format!("cannot encode a pending push: {e}")))?;
    set_value(tx, &sent_key(article_id), &text)
}

/// The article is linked to no post any more (deleted for good on the site, or about to be
/// created anew): its base and unanswered pushes go.
pub fn forget_base(tx: &Transaction, article_id: &str) -> Result<()> {
    unlink(tx, article_id)?;
    clear_sent(tx, article_id)
}

/// Drops the base only (a create about to be sent anew keeps what earlier, unanswered
/// attempts carried: a stock site recognises a lost create by it).
pub fn unlink(tx: &Transaction, article_id: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM sync_mirror WHERE article_id = ?1",
        [article_id],
    )?;
    Ok(())
}

pub fn clear_sent(tx: &Transaction, article_id: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM sync_state WHERE key = ?1",
        [sent_key(article_id)],
    )?;
    Ok(())
}

/// Whether the user resolved a conflict of this article after its base was saved: its base
/// copy of the post is from before the conflict, so the next push must read the post first.
pub fn resolved_since_base(conn: &Connection, article_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sync_conflicts c JOIN sync_mirror m ON m.article_id = c.article_id
             WHERE c.article_id = ?1 AND c.resolved_at IS NOT NULL AND c.resolved_at >= m.synced_at)",
        )?
        .query_row([article_id], |r| r.get::<_, bool>(0))?)
}

// --- Conflicts ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Conflict {
    #[ts(type = "number")]
    pub id: i64,
    pub article_id: String,
    pub field: String,
    pub base_value: String,
    pub local_value: String,
    pub remote_value: String,
    pub detected_at: DateTime<Utc>,
}

/// Records a conflict, replacing an open one on the same field (the newest remote version
/// is what the user must compare against; the older one is in the revision history).
pub fn record_conflict(
    tx: &Transaction,
    article_id: &str,
    c: &FieldConflict,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "DELETE FROM sync_conflicts WHERE article_id = ?1 AND field = ?2 AND resolved_at IS NULL",
        params![article_id, c.field.as_str()],
    )?;
    tx.execute(
        "INSERT INTO sync_conflicts (article_id, field, base_value, local_value, remote_value, detected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![article_id, c.field.as_str(), c.base, c.local, c.remote, to_millis(now)],
    )?;
    Ok(())
}

fn conflict_from_row(r: &rusqlite::Row) -> rusqlite::Result<Conflict> {
    Ok(Conflict {
        id: r.get(0)?,
        article_id: r.get(1)?,
        field: r.get(2)?,
        base_value: r.get(3)?,
        local_value: r.get(4)?,
        remote_value: r.get(5)?,
        detected_at: from_millis(r.get(6)?),
    })
}

pub fn open_conflicts(conn: &Connection, article_id: Option<&str>) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, article_id, field, base_value, local_value, remote_value, detected_at FROM sync_conflicts
         WHERE resolved_at IS NULL AND (?1 IS NULL OR article_id = ?1) ORDER BY id",
    )?;
    let rows = stmt.query_map([article_id], conflict_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn conflict(conn: &Connection, id: i64) -> Result<Conflict> {
    conn.prepare_cached(
        "SELECT id, article_id, field, base_value, local_value, remote_value, detected_at FROM sync_conflicts WHERE id = ?1",
    )?
    .query_row([id], conflict_from_row)
    .optional()?
    .ok_or_else(|| newsroom_core::Error::not_found("conflict", id))
}

pub fn mark_resolved(
    tx: &Transaction,
    id: i64,
    resolution: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE sync_conflicts SET resolved_at = ?2, resolution = ?3, resolved_value = ?4 WHERE id = ?1",
        params![id, to_millis(now), resolution, value],
    )?;
    Ok(())
}

// --- Tag terms ------------------------------------------------------------------------------

pub fn remember_term(tx: &Transaction, id: u64, name: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_terms (term_id, name, folded) VALUES (?1, ?2, ?3)
         ON CONFLICT (term_id) DO UPDATE SET name = excluded.name, folded = excluded.folded",
        params![id as i64, name, newsroom_text::fold_for_match(name)],
    )?;
    Ok(())
}

pub fn term_by_name(conn: &Connection, name: &str) -> Result<Option<u64>> {
    Ok(conn
        .prepare_cached(
            "SELECT term_id FROM sync_terms WHERE folded = ?1 ORDER BY term_id LIMIT 1",
        )?
        .query_row([newsroom_text::fold_for_match(name)], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
        .map(|v| v as u64))
}

pub fn term_name(conn: &Connection, id: u64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM sync_terms WHERE term_id = ?1")?
        .query_row([id as i64], |r| r.get(0))
        .optional()?)
}

pub fn all_terms(conn: &Connection) -> Result<Vec<(u64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT term_id, name FROM sync_terms")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// --- Named values -----------------------------------------------------------------------------

pub fn get_value(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set_value(tx: &Transaction, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
