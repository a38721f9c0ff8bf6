//! The pre-approval checklist, configured by the newsroom and kept in `settings` as JSON.
//!
//! Approval is refused with the list of every failing check, so the editor fixes them all
//! in one pass instead of discovering them one refusal at a time.

use crate::article::{self, ArticleId};
use crate::error::{Error, Result};
use crate::store::Store;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The settings key holding the checklist JSON.
pub const CHECKLIST_KEY: &str = "workflow.checklist";

/// What an article must have before it is approved. Every rule can be switched off
/// (`0`, `false` or `null`). Missing JSON fields take the defaults, so a checklist saved
/// by an older app keeps working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Checklist {
    /// Fewest characters in the headline.
    pub headline_min_chars: u32,
    /// Most characters in the headline (`null`: no limit).
    pub headline_max_chars: Option<u32>,
    /// Fewest topical tags (editorial flags do not count: «горячие новости» says nothing
    /// about the subject).
    pub min_tags: u32,
    pub require_slug: bool,
    pub require_dek: bool,
    pub require_byline: bool,
    /// Fewest words in the body.
    pub min_words: u32,
    /// Every image the body shows has alt text and a credit.
    pub require_image_descriptions: bool,
}

impl Default for Checklist {
    fn default() -> Self {
        Checklist {
            headline_min_chars: 1,
            headline_max_chars: Some(150),
            min_tags: 1,
            require_slug: false,
            require_dek: false,
            require_byline: false,
            min_words: 0,
            require_image_descriptions: true,
        }
    }
}

/// One line of the checklist as the editor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CheckResult {
    /// A stable name the UI can key on: `headline_length`, `tags`, `slug`, `dek`,
    /// `byline`, `words`, `images`.
    pub check: String,
    pub passed: bool,
    /// What was required and what was found, as an English sentence (logs, error messages).
    pub detail: String,
    /// What was found: characters, tags, words or undescribed images (`null` for the
    /// presence checks). With
    /// `min` and `max` the UI writes the line in the interface language.
    pub found: Option<u32>,
    /// The fewest required (`null` for the presence checks).
    pub min: Option<u32>,
    /// The most allowed (`null`: no limit).
    pub max: Option<u32>,
}

pub(crate) fn load_config(conn: &Connection) -> Result<Checklist> {
    let json = crate::settings::get(conn, CHECKLIST_KEY)?;
    match json {
        None => Ok(Checklist::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            Error::Invalid(format!(
                "the approval checklist in the settings is unreadable: {e}"
            ))
        }),
    }
}

/// Evaluates every check on the stored article.
pub(crate) fn evaluate(conn: &Connection, id: ArticleId) -> Result<Vec<CheckResult>> {
    let config = load_config(conn)?;
    let article = article::load(conn, id)?;
    let topical_tags: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM article_tags JOIN tags ON tags.id = article_tags.tag_id
             WHERE article_tags.article_id = ?1 AND tags.is_flag = 0",
        )?
        .query_row([id.to_string()], |r| r.get(0))?;
    let d = &article.draft;
    let mut out = Vec::new();

    let chars = d.headline.chars().count() as u32;
    let max = config.headline_max_chars;
    let range = match max {
        Some(max) => format!("{}–{max}", config.headline_min_chars),
        None => format!("at least {}", config.headline_min_chars),
    };
    out.push(CheckResult {
        check: "headline_length".into(),
        passed: chars >= config.headline_min_chars && max.is_none_or(|m| chars <= m),
        detail: format!("headline: {chars} characters (required {range})"),
        found: Some(chars),
        min: Some(config.headline_min_chars),
        max,
    });
    if config.min_tags > 0 {
        out.push(CheckResult {
            check: "tags".into(),
            passed: topical_tags >= config.min_tags,
            detail: format!(
                "tags: {topical_tags} (required at least {})",
                config.min_tags
            ),
            found: Some(topical_tags),
            min: Some(config.min_tags),
            max: None,
        });
    }
    let mut presence = |check: &str, wanted: bool, value: &str, what: &str| {
        if wanted {
            let passed = !value.trim().is_empty();
            out.push(CheckResult {
                check: check.into(),
                passed,
                detail: if passed {
                    format!("{what} is set")
                } else {
                    format!("{what} is missing")
                },
                found: None,
                min: None,
                max: None,
            });
        }
    };
    presence("slug", config.require_slug, &d.slug, "slug");
    presence("dek", config.require_dek, &d.dek, "dek");
    presence("byline", config.require_byline, &d.byline, "byline");
    if config.min_words > 0 {
        out.push(CheckResult {
            check: "words".into(),
            passed: article.word_count >= config.min_words,
            detail: format!(
                "body: {} words (required at least {})",
                article.word_count, config.min_words
            ),
            found: Some(article.word_count),
            min: Some(config.min_words),
            max: None,
        });
    }
    if config.require_image_descriptions {
        if let Some(check) = image_descriptions(conn, &d.body)? {
            out.push(check);
        }
    }
    Ok(out)
}

/// The images line: every image the body shows needs alt text and a credit. `None` when
/// the body shows no image. An image the store does not hold counts as undescribed.
fn image_descriptions(conn: &Connection, body: &str) -> Result<Option<CheckResult>> {
    let shown = crate::images::referenced_hashes(body);
    if shown.is_empty() {
        return Ok(None);
    }
    let mut undescribed = 0u32;
    for hash in &shown {
        let described = crate::images::rows::find(conn, hash)?
            .is_some_and(|image| image.description.is_complete());
        if !described {
            undescribed += 1;
        }
    }
    Ok(Some(CheckResult {
        check: "images".into(),
        passed: undescribed == 0,
        detail: if undescribed == 0 {
            format!("images: all {} have alt text and a credit", shown.len())
        } else {
            format!(
                "images: {undescribed} of {} lack alt text or a credit",
                shown.len()
            )
        },
        found: Some(undescribed),
        min: None,
        max: Some(0),
    }))
}

/// Refuses approval while any check fails, listing them all.
pub(crate) fn enforce(conn: &Connection, id: ArticleId) -> Result<()> {
    let failing: Vec<String> = evaluate(conn, id)?
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| c.detail)
        .collect();
    if failing.is_empty() {
        return Ok(());
    }
    let text = format!(
        "cannot approve yet — the checklist fails: {}",
        failing.join("; ")
    );
    // The UI names the count and points to its own (translated) checklist.
    Err(Error::said(
        crate::error::ErrorCode::Invalid,
        crate::said::Said::new("refusal.checklist", text).count("count", failing.len() as i64),
    ))
}

impl Store {
    pub fn checklist(&self) -> Result<Checklist> {
        self.db().read(load_config)
    }

    /// Replaces the newsroom's checklist. Only editors configure it.
    pub fn set_checklist(&self, checklist: &Checklist) -> Result<Checklist> {
        if let Some(max) = checklist.headline_max_chars {
            if max < checklist.headline_min_chars {
                return Err(Error::Invalid(format!(
                    "the headline range is empty: at least {} and at most {max} characters",
                    checklist.headline_min_chars
                )));
            }
        }
        let json = serde_json::to_string(checklist)
            .map_err(|e| Error::Invalid(format!("the checklist cannot be stored: {e}")))?;
        self.db().write(|tx| {
            if crate::workflow::transition::editing_role(tx)? != crate::profile::Role::Editor {
                return Err(Error::Forbidden(
                    "only editors configure the approval checklist".into(),
                ));
            }
            crate::settings::put(tx, CHECKLIST_KEY, &json)?;
            load_config(tx)
        })
    }

    /// The checklist as it stands for one article, for the approval panel.
    pub fn check_article(&self, id: ArticleId) -> Result<Vec<CheckResult>> {
        self.db().read(|conn| evaluate(conn, id))
    }
}
