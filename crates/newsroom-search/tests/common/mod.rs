//! A real database file and a real index folder for the search scenarios.

#![allow(dead_code)]

use newsroom_core::changes::{self, ChangeKind};
use newsroom_core::{Article, ArticleDraft, ArticleId, Store, SystemClock};
use newsroom_search::{SearchIndex, SearchQuery, SearchResults, INDEX_DIR};
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;

pub struct Desk {
    pub dir: TempDir,
    pub store: Store,
}

impl Desk {
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = Store::open_dir(dir.path(), Arc::new(SystemClock)).expect("the database opens");
        Desk { dir, store }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join(INDEX_DIR)
    }

    pub fn open_index(&self) -> SearchIndex {
        SearchIndex::open(&self.index_dir(), &self.store).expect("the index opens")
    }

    pub fn write(&self, headline: &str, dek: &str, body: &str) -> Article {
        self.store
            .create_article(&ArticleDraft {
                headline: headline.into(),
                dek: dek.into(),
                body: body.into(),
                ..Default::default()
            })
            .expect("the article is saved")
    }

    pub fn edit_body(&self, id: ArticleId, body: &str) {
        let article = self.store.article(id).expect("the article exists");
        let draft = ArticleDraft {
            body: body.into(),
            ..article.draft
        };
        self.store
            .save_draft(id, &draft, article.version)
            .expect("the edit is saved");
    }

    /// Sets columns the workflow and tag modules own, the way they do: in one transaction
    /// with a change-log entry.
    pub fn set_status(&self, id: ArticleId, status: &str) {
        self.store
            .db()
            .write(|tx| {
                tx.execute(
                    "UPDATE articles SET status = ?2 WHERE id = ?1",
                    (id.to_string(), status),
                )?;
                changes::record(
                    tx,
                    &id.to_string(),
                    ChangeKind::StatusChanged,
                    chrono::Utc::now(),
                )?;
                Ok(())
            })
            .expect("the status is saved");
    }

    pub fn tag(&self, id: ArticleId, name: &str) {
        self.store
            .db()
            .write(|tx| {
                let key = newsroom_text::fold_for_match(name);
                tx.execute(
                    "INSERT INTO tags (name, key, created_at, updated_at) VALUES (?1, ?2, 0, 0)
                     ON CONFLICT (key) DO NOTHING",
                    (name, &key),
                )?;
                tx.execute(
                    "INSERT INTO article_tags (article_id, tag_id) SELECT ?1, id FROM tags WHERE key = ?2",
                    (id.to_string(), &key),
                )?;
                changes::record(tx, &id.to_string(), ChangeKind::TagsChanged, chrono::Utc::now())?;
                Ok(())
            })
            .expect("the tag is saved");
    }
}

pub fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..Default::default()
    }
}

pub fn ids(results: &SearchResults) -> Vec<ArticleId> {
    results.hits.iter().map(|h| h.article_id).collect()
}

pub fn find(index: &SearchIndex, desk: &Desk, text: &str) -> Vec<ArticleId> {
    ids(&index
        .search(&desk.store, &query(text))
        .expect("the search runs"))
}
