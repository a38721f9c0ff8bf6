//! A word-count target per article ("600–800 words"): editors commission by length, and
//! the writer sees in the stats bar whether the text is short, within or over it.

use crate::article::{self, ArticleId};
use crate::error::{Error, ErrorCode, Result};
use crate::profile::Role;
use crate::store::Store;
use crate::workflow::transition::{edit_rights, editing_role};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The most words a target may name: far above any news text, low enough to catch a typo
/// (or a pasted number) before it is stored.
pub const MAX_TARGET_WORDS: u32 = 100_000;

/// How many words the article should have: at least `min`, at most `max` (`null`: no upper
/// bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WordTarget {
    pub min: u32,
    pub max: Option<u32>,
}

/// Where a word count stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TargetFit {
    Short,
    Within,
    Over,
}

impl WordTarget {
    /// Refuses a target that cannot be met or is out of range, with a message the UI shows.
    pub fn validate(self) -> Result<WordTarget> {
        let top = self.max.unwrap_or(self.min);
        if top > MAX_TARGET_WORDS {
            return Err(Error::Invalid(format!(
                "a word target above {MAX_TARGET_WORDS} words is not accepted"
            )));
        }
        if self.max.is_some_and(|max| max < self.min) {
            return Err(Error::Invalid(format!(
                "the word target's upper bound ({}) is below its lower bound ({})",
                self.max.unwrap_or_default(),
                self.min
            )));
        }
        if self.min == 0 && self.max.is_none_or(|m| m == 0) {
            return Err(Error::Invalid(
                "a word target needs at least one word".into(),
            ));
        }
        Ok(self)
    }

    pub fn fit(self, words: u32) -> TargetFit {
        if words < self.min {
            TargetFit::Short
        } else if self.max.is_some_and(|max| words > max) {
            TargetFit::Over
        } else {
            TargetFit::Within
        }
    }
}

pub(crate) fn load(conn: &Connection, id: ArticleId) -> Result<Option<WordTarget>> {
    Ok(conn
        .prepare_cached(
            "SELECT min_words, max_words FROM article_word_targets WHERE article_id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok(WordTarget {
                min: r.get(0)?,
                max: r.get(1)?,
            })
        })
        .optional()?)
}

impl Store {
    /// The article's word target, if it has one.
    pub fn word_target(&self, id: ArticleId) -> Result<Option<WordTarget>> {
        self.db().read(|conn| {
            article::load(conn, id)?;
            load(conn, id)
        })
    }

    /// Sets (or with `None` clears) the article's word target. Whoever may edit the article
    /// may set it, and an editor always may (commissioning is an editor's job).
    pub fn set_word_target(
        &self,
        id: ArticleId,
        target: Option<WordTarget>,
    ) -> Result<Option<WordTarget>> {
        let target = target.map(WordTarget::validate).transpose()?;
        self.db().write(|tx| {
            article::load(tx, id)?;
            let rights = edit_rights(tx, id)?;
            if !rights.editable && editing_role(tx)? != Role::Editor {
                return Err(match rights.lock {
                    Some(lock) => {
                        Error::said(ErrorCode::Forbidden, lock.said(rights.status, rights.role))
                    }
                    None => Error::Forbidden("this profile may not change the article".into()),
                });
            }
            match target {
                Some(t) => tx.execute(
                    "INSERT INTO article_word_targets (article_id, min_words, max_words)
                     VALUES (?1, ?2, ?3)
                     ON CONFLICT (article_id) DO UPDATE
                     SET min_words = excluded.min_words, max_words = excluded.max_words",
                    params![id.to_string(), t.min, t.max],
                )?,
                None => tx.execute(
                    "DELETE FROM article_word_targets WHERE article_id = ?1",
                    [id.to_string()],
                )?,
            };
            load(tx, id)
        })
    }
}
