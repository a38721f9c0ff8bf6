//! Slugs in the newsroom: suggested from the headline (GOST 7.79-2000 B transliteration, see
//! `newsroom_text::slug`), unique among all articles, and frozen once published — the
//! freeze itself is enforced on every save by `article::guard_frozen_fields`.

use crate::article::{self, slug_is_frozen, ArticleId};
use crate::error::Result;
use crate::store::Store;
use newsroom_text::slug::{slugify, unique_slug};
use rusqlite::{params, Connection};
use std::collections::HashSet;

/// Used when a headline has no letters or digits to transliterate.
const FALLBACK_SLUG: &str = "article";

impl Store {
    /// The slug the article should have: its current one if it is frozen (published or
    /// withdrawn), otherwise its headline transliterated and made unique in the newsroom
    /// (`-2`, `-3`… appended). The same headline gives the same suggestion on every call
    /// while no other article takes it.
    pub fn suggest_slug(&self, id: ArticleId) -> Result<String> {
        self.db().read(|conn| {
            let article = article::load(conn, id)?;
            if slug_is_frozen(&article.status) && !article.draft.slug.is_empty() {
                return Ok(article.draft.slug);
            }
            let base = slugify(&article.draft.headline);
            let base = if base.is_empty() {
                FALLBACK_SLUG.to_string()
            } else {
                base
            };
            unique_in(conn, &base, Some(id))
        })
    }

    /// `base` made unique among the slugs of all articles except `except` (trashed ones
    /// count: a restored article must not clash).
    pub fn unique_slug(&self, base: &str, except: Option<ArticleId>) -> Result<String> {
        let base = slugify(base);
        let base = if base.is_empty() {
            FALLBACK_SLUG.to_string()
        } else {
            base
        };
        self.db().read(|conn| unique_in(conn, &base, except))
    }
}

fn unique_in(conn: &Connection, base: &str, except: Option<ArticleId>) -> Result<String> {
    // Slugs are [a-z0-9-] only, so LIKE needs no escaping here.
    let mut stmt = conn.prepare_cached(
        "SELECT slug FROM articles WHERE (slug = ?1 OR slug LIKE ?1 || '-%') AND id IS NOT ?2",
    )?;
    let taken = stmt
        .query_map(params![base, except.map(|id| id.to_string())], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<HashSet<String>>>()?;
    Ok(unique_slug(base, |candidate| taken.contains(candidate)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleDraft;
    use crate::ErrorCode;

    fn draft(headline: &str, slug: &str) -> ArticleDraft {
        ArticleDraft {
            headline: headline.into(),
            slug: slug.into(),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn suggestions_are_transliterated_and_unique() {
        let store = Store::in_memory().expect("store");
        let first = store
            .create_article(&draft("Қазақстан: новости", ""))
            .expect("create");
        assert_eq!(
            store.suggest_slug(first.id).expect("suggest"),
            "qazaqstan-novosti"
        );
        assert_eq!(
            store.suggest_slug(first.id).expect("suggest again"),
            "qazaqstan-novosti",
            "the same headline must give the same slug every time"
        );
        store
            .save_revision(
                first.id,
                &draft("Қазақстан: новости", "qazaqstan-novosti"),
                first.version,
            )
            .expect("save");
        let second = store
            .create_article(&draft("Қазақстан — новости", ""))
            .expect("create");
        assert_eq!(
            store.suggest_slug(second.id).expect("suggest"),
            "qazaqstan-novosti-2",
            "taken slugs get a number"
        );
        store
            .save_revision(
                second.id,
                &draft("Қазақстан — новости", "qazaqstan-novosti-2"),
                second.version,
            )
            .expect("save");
        assert_eq!(
            store.suggest_slug(first.id).expect("suggest"),
            "qazaqstan-novosti",
            "an article's own slug does not count as taken"
        );
        assert_eq!(
            store
                .unique_slug("Қазақстан новости", None)
                .expect("unique"),
            "qazaqstan-novosti-3"
        );
        let empty = store.create_article(&draft("«»", "")).expect("create");
        assert_eq!(
            store.suggest_slug(empty.id).expect("suggest"),
            "article",
            "a headline without letters still gets a slug"
        );
    }

    #[test]
    fn published_slug_is_frozen() {
        let store = Store::in_memory().expect("store");
        // Only an editor may touch a published article at all; the slug stays frozen even then.
        store
            .create_profile("Редактор", crate::profile::Role::Editor)
            .expect("editor profile");
        let article = store
            .create_article(&draft("Старый заголовок", "staryj-zagolovok"))
            .expect("create");
        // Publishing belongs to the workflow module; here the state is set directly.
        store
            .db()
            .write(|tx| {
                tx.execute(
                    "UPDATE articles SET status = 'published' WHERE id = ?1",
                    [article.id.to_string()],
                )?;
                Ok(())
            })
            .expect("publish");
        store
            .save_revision(
                article.id,
                &draft("Новый заголовок", "staryj-zagolovok"),
                article.version,
            )
            .expect("changing the headline of a published article is fine while the slug stays");
        assert_eq!(
            store.suggest_slug(article.id).expect("suggest"),
            "staryj-zagolovok",
            "a published article keeps its slug whatever the headline says"
        );
        let current = store.article(article.id).expect("load");
        let err = store
            .save_revision(
                article.id,
                &draft("Новый заголовок", "novyj-zagolovok"),
                current.version,
            )
            .expect_err("a published slug must not change");
        assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
        assert_eq!(
            store.article(article.id).expect("load").draft.slug,
            "staryj-zagolovok"
        );
    }
}
