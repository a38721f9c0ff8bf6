//! Resolving a conflict: the user keeps their version, takes the site's, or writes a third.
//! The choice is written as an ordinary local edit (so it is pushed like any other), and the
//! conflict row stays as a record with both versions and the choice.

use crate::fields;
use crate::mapping::Field;
use crate::mirror;
use newsroom_core::remote::{self, Origin};
use newsroom_core::{ArticleId, Error, Result, Store};
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
        let mut values = remote::snapshot(tx, id)?
            .ok_or_else(|| Error::not_found("article", id))?
            .fields;
        (fields::spec(field).parse)(&value, &mut values).map_err(Error::Invalid)?;
        let by = if label == "remote" {
            "WordPress"
        } else {
            "conflict resolution"
        };
        // An edit of the user's own: queued like any other, even when the article keeps
        // its value (they kept their version, which the site does not hold yet).
        let change = fields::local_change(&values, &[field]);
        remote::apply(tx, id, None, &change, Origin::Here, by, now)?;
        mirror::mark_resolved(tx, conflict_id, label, &value, now)
    })
}

/// Both versions, for the side-by-side view.
pub fn conflicts(store: &Store, article_id: Option<&str>) -> Result<Vec<mirror::Conflict>> {
    store.db().read(|c| mirror::open_conflicts(c, article_id))
}
