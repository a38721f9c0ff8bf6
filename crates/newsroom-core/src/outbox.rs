//! The sync outbox: what must still reach the publishing backend, one row per article.
//!
//! [`enqueue`] is called by [`crate::changes::record`], so every committed change lands in
//! the outbox in the same transaction as the edit itself: a crash can never leave an edit
//! that the sync engine does not know about. Several edits to one article coalesce into one
//! row (the engine always sends the article's latest state), remembering the first change
//! (sending order) and the last (what a finished push covers).
//!
//! A queue and nothing more: it knows no other table. What the site holds enters the store
//! through [`crate::remote`].

use crate::clock::{from_millis, to_millis};
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// Adds a change to the article's outbox row (creating it). A new edit also clears a parked
/// failure: the user changed the article, so it deserves a fresh attempt.
pub fn enqueue(tx: &Transaction, article_id: &str, seq: i64, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_outbox (article_id, first_seq, last_seq, enqueued_at)
         VALUES (?1, ?2, ?2, ?3)
         ON CONFLICT (article_id) DO UPDATE SET
             last_seq = excluded.last_seq,
             attempts = 0, next_attempt_at = 0, failure = NULL, failure_kind = NULL",
        params![article_id, seq, to_millis(now)],
    )?;
    crate::db::note_outgoing();
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub article_id: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub enqueued_at: DateTime<Utc>,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub failure: Option<String>,
    pub failure_kind: Option<String>,
    pub uncertain_create: bool,
}

const ITEM_COLUMNS: &str = "article_id, first_seq, last_seq, enqueued_at, attempts, next_attempt_at, failure, failure_kind, uncertain_create";

fn item_from_row(r: &rusqlite::Row) -> rusqlite::Result<OutboxItem> {
    Ok(OutboxItem {
        article_id: r.get(0)?,
        first_seq: r.get(1)?,
        last_seq: r.get(2)?,
        enqueued_at: from_millis(r.get(3)?),
        attempts: r.get(4)?,
        next_attempt_at: from_millis(r.get(5)?),
        failure: r.get(6)?,
        failure_kind: r.get(7)?,
        uncertain_create: r.get::<_, i64>(8)? != 0,
    })
}

/// Items whose next attempt is due, oldest change first; parked (permanent) failures wait
/// for a new edit or an explicit retry.
pub fn due(conn: &Connection, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutboxItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM sync_outbox
         WHERE next_attempt_at <= ?1 AND (failure_kind IS NULL OR failure_kind = 'retryable')
         ORDER BY first_seq LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![to_millis(now), limit as i64], item_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn item(conn: &Connection, article_id: &str) -> Result<Option<OutboxItem>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM sync_outbox WHERE article_id = ?1"
        ))?
        .query_row([article_id], item_from_row)
        .optional()?)
}

/// Every item, oldest first (for the status screen).
pub fn all(conn: &Connection) -> Result<Vec<OutboxItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM sync_outbox ORDER BY first_seq"
    ))?;
    let rows = stmt.query_map([], item_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// "N changes not yet synced".
pub fn pending_count(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0))?)
}

/// A push that sent the article as of change `upto_seq` succeeded. Changes made while it was
/// in flight keep the row (now starting after `upto_seq`) so they go out next.
pub fn complete(tx: &Transaction, article_id: &str, upto_seq: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM sync_outbox WHERE article_id = ?1 AND last_seq <= ?2",
        params![article_id, upto_seq],
    )?;
    tx.execute(
        "UPDATE sync_outbox SET first_seq = max(first_seq, ?2 + 1), attempts = 0, next_attempt_at = 0,
                failure = NULL, failure_kind = NULL, uncertain_create = 0
         WHERE article_id = ?1",
        params![article_id, upto_seq],
    )?;
    Ok(())
}

/// Drops the row whatever it covers (an article that never reached the server was trashed,
/// or a pulled change made the local copy equal to the server's).
pub fn discard(tx: &Transaction, article_id: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM sync_outbox WHERE article_id = ?1",
        [article_id],
    )?;
    Ok(())
}

/// Records a failed attempt. `permanent` failures are parked until the user acts;
/// retryable ones come back at `next_attempt_at`.
pub fn fail(
    tx: &Transaction,
    article_id: &str,
    permanent: bool,
    reason: &str,
    next_attempt_at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE sync_outbox SET attempts = attempts + 1, next_attempt_at = ?2, failure = ?3, failure_kind = ?4
         WHERE article_id = ?1",
        params![
            article_id,
            to_millis(next_attempt_at),
            reason,
            if permanent { "permanent" } else { "retryable" }
        ],
    )?;
    Ok(())
}

/// Marks (or clears) a create whose outcome is unknown; set before the request is sent.
pub fn set_uncertain_create(tx: &Transaction, article_id: &str, uncertain: bool) -> Result<()> {
    tx.execute(
        "UPDATE sync_outbox SET uncertain_create = ?2 WHERE article_id = ?1",
        params![article_id, uncertain as i64],
    )?;
    Ok(())
}

/// Makes parked failures due again (the user pressed "retry").
pub fn retry_all(tx: &Transaction) -> Result<usize> {
    Ok(tx.execute(
        "UPDATE sync_outbox SET next_attempt_at = 0, failure_kind = NULL WHERE failure IS NOT NULL",
        [],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::{ArticleDraft, Clock, ManualClock};
    use std::sync::Arc;

    fn store() -> (Store, Arc<ManualClock>) {
        crate::store::in_memory_with_clock()
    }

    fn draft(headline: &str) -> ArticleDraft {
        ArticleDraft {
            headline: headline.into(),
            body: "Текст.".into(),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn every_edit_lands_in_the_outbox_coalesced_per_article() {
        let (store, _) = store();
        let a = store.create_article(&draft("Первая")).unwrap();
        let b = store.create_article(&draft("Вторая")).unwrap();
        assert_ne!(a.id, b.id);
        store
            .save_draft(a.id, &draft("Первая, правка"), a.version)
            .unwrap();
        let items = store.db().read(all).unwrap();
        assert_eq!(
            items.len(),
            2,
            "two articles → two rows, whatever the number of edits"
        );
        assert_eq!(
            items[0].article_id,
            a.id.to_string(),
            "the oldest pending change goes first"
        );
        assert!(
            items[0].last_seq > items[1].first_seq,
            "the edit to A is folded into A's row"
        );
        assert_eq!(store.db().read(pending_count).unwrap(), 2);
    }

    #[test]
    fn completing_a_push_keeps_changes_made_while_it_was_in_flight() {
        let (store, _) = store();
        let a = store.create_article(&draft("А")).unwrap();
        let sent = store
            .db()
            .read(|c| item(c, &a.id.to_string()))
            .unwrap()
            .unwrap();
        store.save_draft(a.id, &draft("А2"), a.version).unwrap();
        store
            .db()
            .write(|tx| complete(tx, &a.id.to_string(), sent.last_seq))
            .unwrap();
        let left = store.db().read(|c| item(c, &a.id.to_string())).unwrap();
        assert!(
            left.is_some(),
            "the edit made during the push must still be sent"
        );
        store
            .db()
            .write(|tx| complete(tx, &a.id.to_string(), left.unwrap().last_seq))
            .unwrap();
        assert_eq!(
            store.db().read(pending_count).unwrap(),
            0,
            "a covering push clears the row"
        );
    }

    #[test]
    fn permanent_failures_are_parked_until_the_next_edit() {
        let (store, clock) = store();
        let a = store.create_article(&draft("А")).unwrap();
        let id = a.id.to_string();
        store
            .db()
            .write(|tx| fail(tx, &id, true, "403: not allowed", clock.now()))
            .unwrap();
        assert!(
            store
                .db()
                .read(|c| due(c, clock.now(), 10))
                .unwrap()
                .is_empty(),
            "parked items are not retried by themselves"
        );
        let parked = store.db().read(|c| item(c, &id)).unwrap().unwrap();
        assert_eq!(
            parked.failure.as_deref(),
            Some("403: not allowed"),
            "the reason is kept for the user"
        );
        store.save_draft(a.id, &draft("А2"), a.version).unwrap();
        assert_eq!(
            store.db().read(|c| due(c, clock.now(), 10)).unwrap().len(),
            1,
            "a new edit gets a fresh attempt"
        );
    }
}
