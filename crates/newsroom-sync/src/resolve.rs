//! Resolving a conflict: the user keeps their version, takes the site's, or writes a third.
//! The choice is written as an ordinary local edit (so it is pushed like any other), and the
//! conflict row stays as a record with both versions and the choice.

use crate::mapping::Field;
use crate::mirror;
use newsroom_core::{article, ArticleDraft, ArticleId, Error, Result, Store};
use serde::Deserialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "choice", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum Resolution {
    Local,
    Remote,
    Edited(String),
}

pub fn resolve(store: &Store, conflict_id: i64, resolution: &Resolution) -> Result<()> {
    let now = store.now();
    store.db().write(|tx| {
        let c = mirror::conflict(tx, conflict_id)?;
        let field = Field::parse(&c.field)
            .ok_or_else(|| Error::Invalid(format!("unknown field {}", c.field)))?;
        let (label, value) = match resolution {
            Resolution::Local => ("local", c.local_value.clone()),
            Resolution::Remote => ("remote", c.remote_value.clone()),
            Resolution::Edited(v) => ("edited", v.clone()),
        };
        let id: ArticleId = c.article_id.parse()?;
        let current = article::load(tx, id)?;
        let mut draft: ArticleDraft = current.draft.clone();
        match field {
            Field::Headline => draft.headline = value.clone(),
            Field::Dek => draft.dek = value.clone(),
            Field::Body => draft.body = value.clone(),
            Field::Slug => draft.slug = value.clone(),
            Field::Status => newsroom_core::remote::write_remote_status(tx, id, &value, now)?,
            Field::Tags => {
                let names: Vec<String> = value
                    .split(',')
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
                newsroom_core::remote::write_remote_tags(tx, id, &names, now)?;
            }
            Field::PublishAt => {
                // Values are RFC 3339 instants (see the conflict's `value_of`); an empty one
                // means "not scheduled" and leaves the schedule as it is.
                if !value.trim().is_empty() && label != "local" {
                    let at = chrono::DateTime::parse_from_rfc3339(value.trim())
                        .map_err(|e| {
                            Error::Invalid(format!("{value:?} is not a date and time ({e})"))
                        })?
                        .with_timezone(&chrono::Utc);
                    let by = if label == "remote" {
                        "WordPress"
                    } else {
                        "conflict resolution"
                    };
                    newsroom_core::schedule::entry::put_remote(tx, id, at, by, now)?;
                }
            }
        }
        if draft != current.draft {
            newsroom_core::remote::write_remote_fields(tx, id, &draft, now)?;
        } else {
            // Nothing changed locally (they kept their version): still send it.
            newsroom_core::changes::record(
                tx,
                &c.article_id,
                newsroom_core::changes::ChangeKind::Edited,
                now,
            )?;
        }
        mirror::mark_resolved(tx, conflict_id, label, &value, now)
    })
}

/// Both versions, for the side-by-side view.
pub fn conflicts(store: &Store, article_id: Option<&str>) -> Result<Vec<mirror::Conflict>> {
    store.db().read(|c| mirror::open_conflicts(c, article_id))
}
