//! The article views of the sidebar (My drafts, Review queue, …) with their counts, and
//! the filters (state, tag, author, byline, dates) that narrow any of them.
//!
//! Every view is a range of one of the partial indexes created in migration 0002, so
//! counts and pages stay fast on an archive of 100,000 articles.

use crate::article::{
    contains_pattern, summary_from_row, ArticlePage, DEFAULT_PAGE, SUMMARY_COLUMNS,
};
use crate::clock::to_millis;
use crate::error::Result;
use crate::profile::{self, ProfileId};
use crate::store::Store;
use crate::workflow::table::ArticleState;
use chrono::{DateTime, Utc};
use newsroom_text::fold_for_match;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum View {
    /// Every live article.
    #[default]
    All,
    /// The current profile's own drafts and what came back to them, plus anything
    /// assigned to them in those states.
    MyDrafts,
    /// Submitted and waiting for an editor.
    ReviewQueue,
    Approved,
    Scheduled,
    Published,
    Withdrawn,
    Trash,
}

impl View {
    pub const ALL: [View; 8] = [
        View::All,
        View::MyDrafts,
        View::ReviewQueue,
        View::Approved,
        View::Scheduled,
        View::Published,
        View::Withdrawn,
        View::Trash,
    ];
}

/// A view narrowed by filters; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ArticleFilter {
    pub view: View,
    /// Only these states (empty: any the view allows).
    pub states: Vec<ArticleState>,
    /// Articles carrying this tag.
    #[ts(optional, type = "number")]
    pub tag_id: Option<i64>,
    /// Articles created by this profile.
    #[ts(optional)]
    pub author: Option<ProfileId>,
    #[ts(optional)]
    pub assignee: Option<ProfileId>,
    /// The byline contains this text; case (Cyrillic and Kazakh too) and ё/е do not matter.
    #[ts(optional)]
    pub byline: Option<String>,
    /// A fragment of the headline; case and ё/е do not matter.
    #[ts(optional)]
    pub text: Option<String>,
    /// Last changed at or after this instant.
    #[ts(optional)]
    pub updated_from: Option<DateTime<Utc>>,
    /// Last changed before this instant.
    #[ts(optional)]
    pub updated_to: Option<DateTime<Utc>>,
    #[ts(optional)]
    pub limit: Option<u32>,
    #[ts(optional)]
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ViewCount {
    pub view: View,
    pub count: u32,
}

/// A WHERE clause and its parameters, built up filter by filter.
struct Where {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    fn new() -> Self {
        Where {
            clauses: Vec::new(),
            params: Vec::new(),
        }
    }

    /// Adds `clause`, numbering each `?` in it after the parameters already held, so
    /// clauses compose in any order.
    fn push(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        let mut values = values.into_iter();
        let mut numbered = String::with_capacity(clause.len() + 8);
        for ch in clause.chars() {
            if ch == '?' {
                if let Some(v) = values.next() {
                    self.params.push(v);
                    numbered.push_str(&format!("?{}", self.params.len()));
                    continue;
                }
            }
            numbered.push(ch);
        }
        self.clauses.push(numbered);
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "1".into()
        } else {
            self.clauses.join(" AND ")
        }
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// The clause of a view alone. `me` is the current profile (My drafts is empty without one).
fn view_clause(w: &mut Where, view: View, me: Option<ProfileId>) {
    let states = |w: &mut Where, s: &[ArticleState]| {
        let marks = vec!["?"; s.len()].join(", ");
        w.push(
            &format!("trashed_at IS NULL AND status IN ({marks})"),
            s.iter().map(|s| text(s.as_str())),
        );
    };
    match view {
        View::All => w.push("trashed_at IS NULL", []),
        View::Trash => w.push("trashed_at IS NOT NULL", []),
        View::MyDrafts => {
            // One index search for what I own and one for what is assigned to me. Written
            // as `owner_id = ? OR assignee_id = ?`, SQLite read every live article instead
            // (0.2–0.5 s at 100,000 articles, for each count and page of the desk).
            let me = text(me.map(|p| p.to_string()).unwrap_or_default());
            let (draft, sent_back) = (
                text(ArticleState::Draft.as_str()),
                text(ArticleState::ChangesRequested.as_str()),
            );
            w.push(
                "id IN (SELECT id FROM articles WHERE owner_id = ? AND trashed_at IS NULL AND status IN (?, ?) \
                 UNION ALL SELECT id FROM articles WHERE assignee_id = ? AND trashed_at IS NULL AND status IN (?, ?))",
                [me.clone(), draft.clone(), sent_back.clone(), me, draft, sent_back],
            );
        }
        View::ReviewQueue => states(w, &[ArticleState::InReview]),
        View::Approved => states(w, &[ArticleState::Approved]),
        View::Scheduled => states(w, &[ArticleState::Scheduled]),
        View::Published => states(w, &[ArticleState::Published]),
        View::Withdrawn => states(w, &[ArticleState::Withdrawn]),
    }
}

fn filter_clause(filter: &ArticleFilter, me: Option<ProfileId>) -> Where {
    let mut w = Where::new();
    view_clause(&mut w, filter.view, me);
    if !filter.states.is_empty() {
        let marks = vec!["?"; filter.states.len()].join(", ");
        w.push(
            &format!("status IN ({marks})"),
            filter.states.iter().map(|s| text(s.as_str())),
        );
    }
    if let Some(tag) = filter.tag_id {
        w.push(
            "id IN (SELECT article_id FROM article_tags WHERE tag_id = ?)",
            [Value::Integer(tag)],
        );
    }
    if let Some(author) = filter.author {
        w.push("owner_id = ?", [text(author.to_string())]);
    }
    if let Some(assignee) = filter.assignee {
        w.push("assignee_id = ?", [text(assignee.to_string())]);
    }
    if let Some(byline) = filter
        .byline
        .as_deref()
        .map(fold_for_match)
        .filter(|b| !b.is_empty())
    {
        // SQL's LIKE folds only ASCII case, so "айгерим" would miss "Айгерим": both sides
        // are folded by the same Rust function (registered in db.rs) instead.
        w.push(
            "fold_for_match(byline) LIKE ? ESCAPE '\\'",
            [text(contains_pattern(&byline))],
        );
    }
    if let Some(t) = filter
        .text
        .as_deref()
        .map(fold_for_match)
        .filter(|t| !t.is_empty())
    {
        w.push(
            "headline_key LIKE ? ESCAPE '\\'",
            [text(contains_pattern(&t))],
        );
    }
    if let Some(from) = filter.updated_from {
        w.push("updated_at >= ?", [Value::Integer(to_millis(from))]);
    }
    if let Some(to) = filter.updated_to {
        w.push("updated_at < ?", [Value::Integer(to_millis(to))]);
    }
    w
}

fn me(conn: &Connection) -> Result<Option<ProfileId>> {
    Ok(profile::current(conn)?.map(|p| p.id))
}

impl Store {
    /// A page of the articles a filter selects, most recently changed first, and how many
    /// it selects in all.
    pub fn list_view(&self, filter: &ArticleFilter) -> Result<ArticlePage> {
        let limit = filter.limit.unwrap_or(DEFAULT_PAGE).min(1_000);
        let offset = filter.offset.unwrap_or(0);
        self.db().read(|conn| {
            let w = filter_clause(filter, me(conn)?);
            let total: u32 = conn.query_row(
                &format!("SELECT count(*) FROM articles WHERE {}", w.sql()),
                params_from_iter(w.params.iter()),
                |r| r.get(0),
            )?;
            let mut params = w.params.clone();
            params.push(Value::Integer(limit.into()));
            params.push(Value::Integer(offset.into()));
            let n = params.len();
            let mut stmt = conn.prepare(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM articles
                 WHERE {} ORDER BY updated_at DESC, id DESC LIMIT ?{} OFFSET ?{}",
                w.sql(),
                n - 1,
                n
            ))?;
            let rows = stmt.query_map(params_from_iter(params.iter()), summary_from_row)?;
            let items = rows.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ArticlePage { items, total })
        })
    }

    /// How many articles each view holds, for the sidebar badges.
    pub fn view_counts(&self) -> Result<Vec<ViewCount>> {
        self.db().read(|conn| {
            let me = me(conn)?;
            View::ALL
                .into_iter()
                .map(|view| {
                    let mut w = Where::new();
                    view_clause(&mut w, view, me);
                    let count: u32 = conn
                        .prepare_cached(&format!(
                            "SELECT count(*) FROM articles WHERE {}",
                            w.sql()
                        ))?
                        .query_row(params_from_iter(w.params.iter()), |r| r.get(0))?;
                    Ok(ViewCount { view, count })
                })
                .collect()
        })
    }
}
