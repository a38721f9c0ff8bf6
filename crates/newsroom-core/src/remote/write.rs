//! Writing what the site holds (or what the user chose in a conflict) into the store.

use super::snapshot::{snapshot, Fields, Snapshot};
use crate::article::{self, ArticleDraft, ArticleId};
use crate::changes::ChangeKind;
use crate::clock::to_millis;
use crate::error::{Error, Result};
use crate::revision::{self, RevisionKind};
use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};

/// Who decided a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The site holds it already: recorded for the other consumers (search), never queued
    /// to go back.
    Site,
    /// Decided here and not on the site yet: the user's choice in a conflict, or a merge of
    /// both sides about to be sent. Queued for the site like any local edit — even when the
    /// article keeps its value (they kept their version, which the site does not hold yet).
    Here,
}

/// The parts of an article a change sets; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub headline: Option<String>,
    pub dek: Option<String>,
    pub body: Option<String>,
    pub slug: Option<String>,
    pub status: Option<String>,
    /// A schedule set on the site (`None` leaves the schedule as it is: the site clearing
    /// a schedule shows as a status change).
    pub publish_at: Option<DateTime<Utc>>,
    pub tags: Option<Vec<String>>,
    /// Into the trash (`Some(true)`) or out of it (`Some(false)`); the text stays.
    pub trashed: Option<bool>,
}

/// What [`apply`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Written as one edit: the article's new version.
    Written { version: i64 },
    /// The article already held all of it.
    Unchanged,
    /// The article is no longer at the expected version (an edit landed since the caller
    /// read it): nothing was written.
    Stale,
}

/// Applies `change` to an existing article as one edit: one version bump and one recorded
/// change, queued for the site only for [`Origin::Here`]. With `expected_version`
/// nothing is written unless the article is still at that version. Text goes through the
/// same cleaning and limits as the editor's saves (an over-long headline is refused with
/// the field named); a schedule is recorded as the site's instant shown in the newsroom's
/// zone, `by` naming who set it.
pub fn apply(
    tx: &Transaction,
    id: ArticleId,
    expected_version: Option<i64>,
    change: &Change,
    origin: Origin,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Applied> {
    let current = article::load(tx, id)?;
    if expected_version.is_some_and(|v| v != current.version) {
        return Ok(Applied::Stale);
    }
    let key = id.to_string();
    // The first kind of what changed names the edit in the change log.
    let mut kinds: Vec<ChangeKind> = Vec::new();
    let c = change;
    if c.headline.is_some() || c.dek.is_some() || c.body.is_some() || c.slug.is_some() {
        let old = &current.draft;
        let draft = ArticleDraft {
            headline: c.headline.clone().unwrap_or_else(|| old.headline.clone()),
            dek: c.dek.clone().unwrap_or_else(|| old.dek.clone()),
            byline: old.byline.clone(),
            slug: c.slug.clone().unwrap_or_else(|| old.slug.clone()),
            body: c.body.clone().unwrap_or_else(|| old.body.clone()),
        }
        .cleaned()?;
        if draft != *old {
            article::update_fields(tx, id, &draft, now)?;
            revision::insert(tx, id, RevisionKind::Remote, &draft, now, None)?;
            kinds.push(ChangeKind::Edited);
        }
    }
    if let Some(status) = c.status.as_deref().filter(|s| *s != current.status) {
        tx.execute(
            "UPDATE articles SET status = ?2 WHERE id = ?1",
            params![key, status],
        )?;
        kinds.push(ChangeKind::StatusChanged);
    }
    if let Some(names) = &c.tags {
        let mut ids = Vec::with_capacity(names.len());
        for name in names {
            let (tag, _) = crate::tags::catalog::find_or_create(tx, name, now)?;
            if !ids.contains(&tag.id) {
                ids.push(tag.id);
            }
        }
        if crate::tags::article_tags::replace_rows(tx, id, &ids)? {
            kinds.push(ChangeKind::TagsChanged);
        }
    }
    if let Some(at) = c.publish_at {
        let before = crate::schedule::entry::load(tx, id)?;
        crate::schedule::entry::put_remote(tx, id, at, by, now)?;
        if crate::schedule::entry::load(tx, id)? != before {
            kinds.push(ChangeKind::Scheduled);
        }
    }
    match c.trashed {
        Some(true) if current.trashed_at.is_none() => {
            tx.execute(
                "UPDATE articles SET trashed_at = ?2 WHERE id = ?1",
                params![key, to_millis(now)],
            )?;
            kinds.push(ChangeKind::Trashed);
        }
        Some(false) if current.trashed_at.is_some() => {
            tx.execute(
                "UPDATE articles SET trashed_at = NULL WHERE id = ?1",
                [&key],
            )?;
            kinds.push(ChangeKind::Restored);
        }
        _ => {}
    }
    let kind = match (kinds.first(), origin) {
        (Some(k), _) => *k,
        (None, Origin::Site) => return Ok(Applied::Unchanged),
        (None, Origin::Here) => ChangeKind::Edited,
    };
    let version = match origin {
        Origin::Site => article::touch_from_site(tx, id, kind, now)?,
        Origin::Here => article::touch(tx, id, kind, now)?,
    };
    Ok(Applied::Written { version })
}

/// Creates a local article for a post first seen on the site (a colleague's, or one written
/// in WordPress's own editor): `preferred` as its id when no article has it yet (so every
/// app of the newsroom names the article alike), else a new one. The fields are cleaned
/// like any save; nothing is queued: the local copy *is* the site's. Returns the article as
/// stored.
pub fn insert(
    tx: &Transaction,
    preferred: Option<ArticleId>,
    fields: &Fields,
    now: DateTime<Utc>,
) -> Result<Snapshot> {
    let id = match preferred {
        Some(id) if snapshot(tx, id)?.is_none() => id,
        _ => ArticleId::new(),
    };
    let draft = ArticleDraft {
        headline: fields.headline.clone(),
        dek: fields.dek.clone(),
        byline: String::new(),
        slug: fields.slug.clone(),
        body: fields.body.clone(),
    }
    .cleaned()?;
    crate::editing::insert_article(tx, id, &draft, &fields.status, RevisionKind::Remote, now)?;
    let mut ids = Vec::with_capacity(fields.tags.len());
    for name in &fields.tags {
        let (tag, _) = crate::tags::catalog::find_or_create(tx, name, now)?;
        if !ids.contains(&tag.id) {
            ids.push(tag.id);
        }
    }
    crate::tags::article_tags::replace_rows(tx, id, &ids)?;
    // Scheduled on the site: the calendar and the local scheduler need the row.
    if let Some(at) = fields.publish_at {
        crate::schedule::entry::put_remote(tx, id, at, "WordPress", now)?;
    }
    snapshot(tx, id)?.ok_or_else(|| Error::not_found("article", id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox;
    use crate::store::Store;
    use crate::{changes, Clock, ManualClock};
    use std::sync::Arc;

    fn store() -> (Store, Arc<ManualClock>) {
        crate::store::in_memory_with_clock()
    }

    fn fields(headline: &str) -> Fields {
        Fields {
            headline: headline.into(),
            body: "Текст.".into(),
            status: "in_review".into(),
            tags: vec!["Барыс".into()],
            ..Fields::default()
        }
    }

    fn pending(s: &Store) -> u32 {
        s.db().read(outbox::pending_count).unwrap()
    }

    #[test]
    fn a_post_from_the_site_becomes_an_article_with_nothing_to_send() {
        let (s, clock) = store();
        let wanted = ArticleId::new();
        let a = s
            .db()
            .write(|tx| insert(tx, Some(wanted), &fields("С сайта"), clock.now()))
            .unwrap();
        assert_eq!(a.id, wanted, "the post's UUID names the article");
        assert_eq!(a.fields.status, "in_review");
        assert_eq!(a.fields.tags, vec!["Барыс".to_string()]);
        assert_eq!(pending(&s), 0, "a pulled post must not be pushed back");
        let again = s
            .db()
            .write(|tx| insert(tx, Some(wanted), &fields("Копия"), clock.now()))
            .unwrap();
        assert_ne!(again.id, wanted, "a taken id is never reused");
    }

    /// Before, every remote write queued its change in the outbox and the engine dropped the
    /// row afterwards; a write that is never queued cannot be left behind as "to send".
    #[test]
    fn a_change_from_the_site_is_one_edit_and_never_queued() {
        let (s, clock) = store();
        let a = s
            .db()
            .write(|tx| insert(tx, None, &fields("Заголовок"), clock.now()))
            .unwrap();
        let before = s.db().read(changes::latest_seq).unwrap();
        let change = Change {
            headline: Some("Новый".into()),
            status: Some("approved".into()),
            tags: Some(vec!["Экономика".into()]),
            publish_at: Some(clock.now() + chrono::Duration::hours(2)),
            ..Change::default()
        };
        let done = s
            .db()
            .write(|tx| {
                apply(
                    tx,
                    a.id,
                    Some(a.version),
                    &change,
                    Origin::Site,
                    "WordPress",
                    clock.now(),
                )
            })
            .unwrap();
        assert_eq!(
            done,
            Applied::Written {
                version: a.version + 1
            },
            "one version bump for the whole change"
        );
        let log = s.db().read(|c| changes::since(c, before, 10)).unwrap();
        assert_eq!(log.len(), 1, "one recorded change: {log:?}");
        assert_eq!(pending(&s), 0, "nothing goes back to the site");
        let now = s.db().read(|c| snapshot(c, a.id)).unwrap().unwrap();
        assert_eq!(now.fields.headline, "Новый");
        assert_eq!(now.fields.status, "approved");
        assert_eq!(now.fields.tags, vec!["Экономика".to_string()]);
        assert_eq!(now.fields.publish_at, change.publish_at);
        let same = s
            .db()
            .write(|tx| {
                apply(
                    tx,
                    a.id,
                    None,
                    &change,
                    Origin::Site,
                    "WordPress",
                    clock.now(),
                )
            })
            .unwrap();
        assert_eq!(same, Applied::Unchanged, "nothing new, no edit");
    }

    #[test]
    fn a_change_is_refused_when_the_article_moved_on() {
        let (s, clock) = store();
        let a = s.create_article(&crate::ArticleDraft::default()).unwrap();
        s.set_article_tags(a.id, &["Экономика".into()]).unwrap();
        let change = Change {
            trashed: Some(true),
            ..Change::default()
        };
        let done = s
            .db()
            .write(|tx| {
                apply(
                    tx,
                    a.id,
                    Some(a.version),
                    &change,
                    Origin::Site,
                    "WordPress",
                    clock.now(),
                )
            })
            .unwrap();
        assert_eq!(done, Applied::Stale);
        assert!(!s.db().read(|c| snapshot(c, a.id)).unwrap().unwrap().trashed);
    }

    #[test]
    fn a_choice_made_here_is_queued_even_when_the_article_keeps_its_value() {
        let (s, clock) = store();
        let a = s
            .db()
            .write(|tx| insert(tx, None, &fields("Заголовок"), clock.now()))
            .unwrap();
        let keep = Change {
            headline: Some("Заголовок".into()),
            ..Change::default()
        };
        s.db()
            .write(|tx| apply(tx, a.id, None, &keep, Origin::Here, "", clock.now()))
            .unwrap();
        assert_eq!(
            pending(&s),
            1,
            "the kept version still has to reach the site"
        );
    }
}
