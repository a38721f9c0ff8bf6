//! What the publishing site holds, written into the local store for the sync engine
//! (`newsroom-sync`): the one door through which remote data enters, so the sync crate never
//! writes core tables itself. Each write runs inside the caller's transaction (the one that
//! also records the new base, so a pulled change and its bookkeeping commit together) and
//! records its change for the other consumers (search); whether the outbox row stays (local
//! edits still to send) or goes is the caller's decision.

use crate::article::{self, ArticleDraft, ArticleId};
use crate::changes::ChangeKind;
use crate::clock::to_millis;
use crate::error::Result;
use crate::outbox;
use crate::revision::{self, RevisionKind};
use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};

/// Creates a local article for a post first seen on the server (written by a colleague or in
/// WordPress's own editor), with the id the sync engine chose. Records the change for other
/// consumers (search) and leaves no outbox row: the local copy *is* the server's.
pub fn insert_remote_article(
    tx: &Transaction,
    id: ArticleId,
    draft: &ArticleDraft,
    status: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let draft = draft.cleaned()?;
    crate::editing::insert_article(tx, id, &draft, status, RevisionKind::Remote, now)?;
    outbox::discard(tx, &id.to_string())
}

/// Writes fields taken from the server (a pull or a merge) as a `remote` revision. The
/// caller decides afterwards whether the outbox row stays (local edits still to send) or
/// goes ([`outbox::discard`]).
pub fn write_remote_fields(
    tx: &Transaction,
    id: ArticleId,
    draft: &ArticleDraft,
    now: DateTime<Utc>,
) -> Result<i64> {
    let draft = draft.cleaned()?;
    article::update_fields(tx, id, &draft, now)?;
    revision::insert(tx, id, RevisionKind::Remote, &draft, now, None)?;
    article::touch(tx, id, ChangeKind::Edited, now)
}

/// Sets the workflow state the server reports (an editor published it, WP-Cron did). The
/// server is the authority for a state reached there; the transition rules applied there.
pub fn write_remote_status(
    tx: &Transaction,
    id: ArticleId,
    status: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let changed = tx.execute(
        "UPDATE articles SET status = ?2 WHERE id = ?1 AND status <> ?2",
        params![id.to_string(), status],
    )?;
    if changed == 1 {
        article::touch(tx, id, ChangeKind::StatusChanged, now)?;
    }
    Ok(())
}

/// Moves the article to the trash because the post was trashed or deleted on the server;
/// the text stays on this machine and can be restored.
pub fn write_remote_trashed(tx: &Transaction, id: ArticleId, now: DateTime<Utc>) -> Result<()> {
    let changed = tx.execute(
        "UPDATE articles SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL",
        params![id.to_string(), to_millis(now)],
    )?;
    if changed == 1 {
        article::touch(tx, id, ChangeKind::Trashed, now)?;
    }
    Ok(())
}

/// Sets the article's tags to the server's (by name; a missing local tag is created, matched
/// case- and ё-insensitively like every tag).
pub fn write_remote_tags(
    tx: &Transaction,
    id: ArticleId,
    names: &[String],
    now: DateTime<Utc>,
) -> Result<()> {
    let mut ids = Vec::with_capacity(names.len());
    for name in names {
        let (tag, _) = crate::tags::catalog::find_or_create(tx, name, now)?;
        if !ids.contains(&tag.id) {
            ids.push(tag.id);
        }
    }
    crate::tags::article_tags::replace(tx, id, &ids, now)?;
    Ok(())
}

/// Takes the article out of the trash because the site restored its post, if it is still
/// at `expected_version` (`false`: it changed meanwhile; the caller looks again later).
pub fn write_remote_restored(
    tx: &Transaction,
    id: ArticleId,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE articles SET trashed_at = NULL WHERE id = ?1 AND version = ?2 AND trashed_at IS NOT NULL",
        params![id.to_string(), expected_version],
    )?;
    if changed == 1 {
        article::touch(tx, id, ChangeKind::Restored, now)?;
    }
    Ok(changed == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::pending_count;
    use crate::store::Store;
    use crate::{Clock, ManualClock};
    use std::sync::Arc;

    fn store() -> (Store, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::fixed());
        (
            Store::open_in_memory(clock.clone()).expect("in-memory store"),
            clock,
        )
    }

    fn draft(headline: &str) -> ArticleDraft {
        ArticleDraft {
            headline: headline.into(),
            body: "Текст.".into(),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn remote_inserts_leave_nothing_to_send() {
        let (store, clock) = store();
        let id = ArticleId::new();
        store
            .db()
            .write(|tx| insert_remote_article(tx, id, &draft("С сайта"), "in_review", clock.now()))
            .unwrap();
        let article = store.article(id).unwrap();
        assert_eq!(article.status, "in_review");
        assert_eq!(
            store.db().read(pending_count).unwrap(),
            0,
            "a pulled post must not be pushed back"
        );
    }
}
