//! Editing an article: create, save, restore a revision, trash and restore. Each operation
//! combines, in one transaction, the `articles` row ([`crate::article`]), its revision
//! history ([`crate::revision`]) and the workflow's edit rule ([`crate::workflow`]); this
//! module sits above all three so none of them needs to know the others.

use crate::article::{self, Article, ArticleDraft, ArticleId, SaveOutcome};
use crate::changes::ChangeKind;
use crate::clock::to_millis;
use crate::error::{Error, Result};
use crate::revision::{self, RevisionKind};
use crate::store::Store;
use crate::workflow::{self, ArticleState};
use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};

/// Creates an article row in `status` with its first revision of `kind`, and records the
/// creation in the change log (which queues it for sync). Every way an article comes into
/// being goes through here: the editor and imports ([`Store::create_article`]) and posts
/// first seen on the server (`remote::insert`). `draft` must be cleaned.
pub(crate) fn insert_article(
    tx: &Transaction,
    id: ArticleId,
    draft: &ArticleDraft,
    status: &str,
    kind: RevisionKind,
    now: DateTime<Utc>,
) -> Result<()> {
    article::insert_new(tx, id, draft, status, kind == RevisionKind::Remote, now)?;
    revision::insert(tx, id, kind, draft, now, None)?;
    Ok(())
}

impl Store {
    pub fn create_article(&self, draft: &ArticleDraft) -> Result<Article> {
        self.create_article_with(draft, RevisionKind::Created)
    }

    pub(crate) fn create_article_with(
        &self,
        draft: &ArticleDraft,
        kind: RevisionKind,
    ) -> Result<Article> {
        let draft = draft.cleaned()?;
        let now = self.now();
        let id = ArticleId::new();
        self.db().write(|tx| {
            insert_article(tx, id, &draft, ArticleState::Draft.as_str(), kind, now)?;
            workflow::on_created(tx, id)?;
            article::load(tx, id)
        })
    }

    /// Autosave: stores the fields and folds them into the current autosave revision, or
    /// starts a new one after a pause (see [`revision::AUTOSAVE_PAUSE`]).
    pub fn save_draft(
        &self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: i64,
    ) -> Result<SaveOutcome> {
        self.save(id, draft, expected_version, RevisionKind::Autosave)
    }

    /// An explicit save: always a revision of its own, which also ends the autosave run.
    pub fn save_revision(
        &self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: i64,
    ) -> Result<SaveOutcome> {
        self.save(id, draft, expected_version, RevisionKind::Manual)
    }

    fn save(
        &self,
        id: ArticleId,
        draft: &ArticleDraft,
        expected_version: i64,
        kind: RevisionKind,
    ) -> Result<SaveOutcome> {
        let draft = draft.cleaned()?;
        let now = self.now();
        self.db().write(|tx| {
            article::check_version(tx, id, expected_version)?;
            workflow::guard_edit(tx, id)?;
            article::guard_frozen_fields(tx, id, &draft)?;
            let stats = article::update_fields(tx, id, &draft, now)?;
            let revision_id = match kind {
                RevisionKind::Autosave => revision::autosave(tx, id, &draft, now)?,
                other => revision::insert(tx, id, other, &draft, now, None)?,
            };
            let version = article::touch(tx, id, ChangeKind::Edited, now)?;
            Ok(SaveOutcome {
                version,
                updated_at: now,
                revision_id,
                stats: stats.into(),
            })
        })
    }

    /// Makes an old revision the current text. The current text stays in history (it is
    /// already a revision), and the restore itself is a new revision.
    pub fn restore_revision(&self, revision_id: i64, expected_version: i64) -> Result<Article> {
        let now = self.now();
        self.db().write(|tx| {
            let revision = revision::load(tx, revision_id)?;
            let id = revision.article_id;
            article::check_version(tx, id, expected_version)?;
            workflow::guard_edit(tx, id)?;
            article::guard_frozen_fields(tx, id, &revision.draft)?;
            article::update_fields(tx, id, &revision.draft, now)?;
            revision::insert(
                tx,
                id,
                RevisionKind::Restore,
                &revision.draft,
                now,
                Some(revision_id),
            )?;
            article::touch(tx, id, ChangeKind::Edited, now)?;
            article::load(tx, id)
        })
    }

    pub fn trash_article(&self, id: ArticleId) -> Result<Article> {
        self.set_trashed(id, true)
    }

    pub fn restore_article(&self, id: ArticleId) -> Result<Article> {
        self.set_trashed(id, false)
    }

    fn set_trashed(&self, id: ArticleId, trashed: bool) -> Result<Article> {
        let now = self.now();
        self.db().write(|tx| {
            workflow::transition::guard_trash(tx, id, trashed)?;
            let changed = tx.execute(
                "UPDATE articles SET trashed_at = ?2 WHERE id = ?1",
                params![id.to_string(), trashed.then(|| to_millis(now))],
            )?;
            if changed == 0 {
                return Err(Error::not_found("article", id));
            }
            let kind = if trashed {
                ChangeKind::Trashed
            } else {
                ChangeKind::Restored
            };
            article::touch(tx, id, kind, now)?;
            article::load(tx, id)
        })
    }
}

/// The settings key of the article open in the editor when the app last closed.
const LAST_OPEN_ARTICLE: &str = "last_open_article";

impl Store {
    /// Remembers the article open in the editor (`None`: none), so the next start reopens it.
    pub fn remember_open_article(&self, id: Option<ArticleId>) -> Result<()> {
        let value = id.map(|id| id.to_string()).unwrap_or_default();
        self.db()
            .write(|tx| crate::settings::put(tx, LAST_OPEN_ARTICLE, &value))
    }

    /// The article to reopen at start-up: the one open when the app last closed, if it still
    /// exists and is not in the trash.
    pub fn last_open_article(&self) -> Result<Option<Article>> {
        let id = self
            .db()
            .read(|c| crate::settings::get(c, LAST_OPEN_ARTICLE))?
            .and_then(|v| v.parse::<ArticleId>().ok());
        let Some(id) = id else {
            return Ok(None);
        };
        match self.article(id) {
            Ok(article) if article.trashed_at.is_none() => Ok(Some(article)),
            Ok(_) | Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
