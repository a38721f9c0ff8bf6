//! The history of an article's transitions: who moved it, when, from where to where, why.

use crate::article::ArticleId;
use crate::clock::from_millis;
use crate::error::Result;
use crate::profile::ProfileId;
use crate::store::Store;
use crate::workflow::table::{Action, ArticleState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub action: Action,
    pub from: ArticleState,
    pub to: ArticleState,
    /// `None` when the scheduler acted.
    pub actor_id: Option<ProfileId>,
    pub actor_name: String,
    /// `journalist`, `editor` or `scheduler`.
    pub actor_role: String,
    pub note: String,
    pub at: DateTime<Utc>,
}

impl Store {
    /// Every transition of the article, oldest first.
    pub fn article_history(&self, id: ArticleId) -> Result<Vec<HistoryEntry>> {
        self.db().read(|conn| {
            crate::article::load(conn, id)?;
            let mut stmt = conn.prepare_cached(
                "SELECT id, action, from_state, to_state, actor_id, actor_name, actor_role, note, at
                 FROM article_transitions WHERE article_id = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([id.to_string()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, i64>(8)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (hid, action, from, to, actor_id, actor_name, actor_role, note, at) = row?;
                out.push(HistoryEntry {
                    id: hid,
                    action: Action::parse(&action)?,
                    from: ArticleState::parse(&from)?,
                    to: ArticleState::parse(&to)?,
                    actor_id: actor_id.and_then(|s| s.parse().ok()),
                    actor_name,
                    actor_role,
                    note,
                    at: from_millis(at),
                });
            }
            Ok(out)
        })
    }
}
