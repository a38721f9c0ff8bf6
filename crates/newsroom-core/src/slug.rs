//! Slugs in the newsroom: suggested from the headline by the newsroom's transliteration
//! scheme (a setting, passport style by default, see `newsroom_text::slug`), unique among
//! all articles, and frozen once published — the freeze itself is enforced on every save by
//! `article::guard_frozen_fields`, so changing the scheme never renames a published article.

use crate::article::{self, slug_is_frozen, ArticleId};
use crate::error::{Error, Result};
use crate::profile::Actor;
use crate::schedule::settings::require_editor;
use crate::store::Store;
use newsroom_text::slug::{slugify_with, unique_slug, SlugScheme};
use rusqlite::{params, Connection};
use std::collections::HashSet;

pub const SLUG_SCHEME_KEY: &str = "slug_scheme";

/// The newsroom's scheme; a missing setting is the default (passport style), and a name this
/// build does not know (written by a newer app) also falls back, with a log line.
pub fn slug_scheme(conn: &Connection) -> Result<SlugScheme> {
    let stored = crate::settings::get(conn, SLUG_SCHEME_KEY)?;
    Ok(match stored {
        None => SlugScheme::default(),
        Some(name) => SlugScheme::parse(&name).unwrap_or_else(|| {
            tracing::warn!("unknown slug scheme {name:?} in settings; using the default");
            SlugScheme::default()
        }),
    })
}

impl Store {
    /// The slug the article should have: its current one if it is frozen (published or
    /// withdrawn), otherwise its headline transliterated by the newsroom's scheme and made
    /// unique in the newsroom (`-2`, `-3`… appended). The same headline gives the same
    /// suggestion on every call while no other article takes it.
    pub fn suggest_slug(&self, id: ArticleId) -> Result<String> {
        self.db().read(|conn| {
            let article = article::load(conn, id)?;
            if slug_is_frozen(&article.status) && !article.draft.slug.is_empty() {
                return Ok(article.draft.slug);
            }
            let base = slugify_with(&article.draft.headline, slug_scheme(conn)?);
            unique_in(conn, &base, Some(id))
        })
    }

    /// `base` made unique among the slugs of all articles except `except` (trashed ones
    /// count: a restored article must not clash).
    pub fn unique_slug(&self, base: &str, except: Option<ArticleId>) -> Result<String> {
        self.db().read(|conn| {
            let base = slugify_with(base, slug_scheme(conn)?);
            unique_in(conn, &base, except)
        })
    }

    pub fn slug_scheme(&self) -> Result<SlugScheme> {
        self.db().read(slug_scheme)
    }

    /// Only an editor chooses how the newsroom's addresses are spelled.
    pub fn set_slug_scheme(&self, name: &str, actor: &Actor) -> Result<SlugScheme> {
        let scheme = SlugScheme::parse(name).ok_or_else(|| {
            Error::Invalid(format!(
                "unknown slug scheme {name:?}: expected \"passport\" or \"gost\""
            ))
        })?;
        self.db().write(|tx| {
            require_editor(tx, actor, "change how slugs are spelled")?;
            crate::settings::put(tx, SLUG_SCHEME_KEY, scheme.as_str())?;
            Ok(scheme)
        })
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
    use newsroom_text::SlugScheme;

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
            "kazakstan-novosti"
        );
        assert_eq!(
            store.suggest_slug(first.id).expect("suggest again"),
            "kazakstan-novosti",
            "the same headline must give the same slug every time"
        );
        store
            .save_revision(
                first.id,
                &draft("Қазақстан: новости", "kazakstan-novosti"),
                first.version,
            )
            .expect("save");
        let second = store
            .create_article(&draft("Қазақстан — новости", ""))
            .expect("create");
        assert_eq!(
            store.suggest_slug(second.id).expect("suggest"),
            "kazakstan-novosti-2",
            "taken slugs get a number"
        );
        store
            .save_revision(
                second.id,
                &draft("Қазақстан — новости", "kazakstan-novosti-2"),
                second.version,
            )
            .expect("save");
        assert_eq!(
            store.suggest_slug(first.id).expect("suggest"),
            "kazakstan-novosti",
            "an article's own slug does not count as taken"
        );
        assert_eq!(
            store
                .unique_slug("Қазақстан новости", None)
                .expect("unique"),
            "kazakstan-novosti-3"
        );
        let empty = store.create_article(&draft("«»", "")).expect("create");
        assert_eq!(
            store.suggest_slug(empty.id).expect("suggest"),
            "article",
            "a headline without letters still gets a slug"
        );
    }

    #[test]
    fn the_scheme_is_a_newsroom_setting_and_published_slugs_stay() {
        let store = Store::in_memory().expect("store");
        let journalist = store
            .create_profile("Айгерим", crate::profile::Role::Journalist)
            .expect("journalist");
        let editor = store
            .create_profile("Борис", crate::profile::Role::Editor)
            .expect("editor");
        assert_eq!(
            store.slug_scheme().expect("scheme"),
            SlugScheme::Passport,
            "passport style is the default"
        );
        let published = store
            .create_article(&draft("Цюрих на дорогах", ""))
            .expect("create");
        let suggested = store.suggest_slug(published.id).expect("suggest");
        assert_eq!(suggested, "tsiurikh-na-dorogakh");
        store
            .save_revision(
                published.id,
                &draft("Цюрих на дорогах", &suggested),
                published.version,
            )
            .expect("save");
        store
            .db()
            .write(|tx| {
                tx.execute(
                    "UPDATE articles SET status = 'published' WHERE id = ?1",
                    [published.id.to_string()],
                )?;
                Ok(())
            })
            .expect("publish");
        let draft_article = store
            .create_article(&draft("Первый снег", ""))
            .expect("create");

        let refused = store.set_slug_scheme("gost", &Actor::Profile(journalist.id));
        assert!(
            matches!(&refused, Err(e) if e.code() == crate::error::ErrorCode::Forbidden),
            "a journalist must not change every new address: {refused:?}"
        );
        assert!(matches!(
            store.set_slug_scheme("pinyin", &Actor::Profile(editor.id)),
            Err(Error::Invalid(_))
        ));
        store
            .set_slug_scheme("gost", &Actor::Profile(editor.id))
            .expect("an editor changes the scheme");
        assert_eq!(store.slug_scheme().expect("scheme"), SlugScheme::Gost);
        assert_eq!(
            store.suggest_slug(draft_article.id).expect("suggest"),
            "pervyj-sneg",
            "a draft follows the new scheme"
        );
        assert_eq!(
            store.suggest_slug(published.id).expect("suggest"),
            "tsiurikh-na-dorogakh",
            "a published slug stays whatever the setting"
        );
        let current = store.article(published.id).expect("load");
        let err = store
            .save_revision(
                published.id,
                &draft("Цюрих на дорогах", "cyurix-na-dorogax"),
                current.version,
            )
            .expect_err("a published slug must not change with the scheme");
        assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
        assert_eq!(
            store.article(published.id).expect("load").draft.slug,
            "tsiurikh-na-dorogakh"
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
