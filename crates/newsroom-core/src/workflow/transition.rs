//! Applying a workflow action: the state, a history row, the note, and the change-log
//! entry, all in one transaction.

use crate::article::ArticleId;
use crate::changes::{self, ChangeKind};
use crate::clock::to_millis;
use crate::error::{Error, Result};
use crate::profile::{self, Actor, Role};
use crate::store::Store;
use crate::text_input::{check_field_length, clean_multiline};
use crate::workflow::table::{self, Action, ArticleState};
use crate::workflow::{checklist, notes};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

/// Longest note kept with a transition or in the thread.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// What an applied action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Transition {
    pub article_id: ArticleId,
    pub action: Action,
    pub from: ArticleState,
    pub to: ArticleState,
    /// The history row written for it.
    #[ts(type = "number")]
    pub history_id: i64,
    pub at: DateTime<Utc>,
}

/// The state of a live article; trashed articles take no actions until restored.
pub(crate) fn live_state(conn: &Connection, id: ArticleId) -> Result<ArticleState> {
    let row: Option<(String, Option<i64>)> = conn
        .prepare_cached("SELECT status, trashed_at FROM articles WHERE id = ?1")?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Err(Error::not_found("article", id)),
        Some((_, Some(_))) => Err(Error::Conflict(
            "the article is in the trash; restore it first".into(),
        )),
        Some((status, None)) => ArticleState::parse(&status),
    }
}

/// Applies `action` inside the caller's transaction. Other modules use this to combine a
/// transition with their own writes (the schedule module stores the publication time
/// and schedules in the same transaction; the scheduler publishes with [`Actor::Scheduler`]).
///
/// Checks, in order: the article exists and is not trashed; the transition table for the
/// actor's role (read from the database, not trusted from the caller); the note rule;
/// then the side conditions that need the database ([`side_conditions`]).
pub(crate) fn apply_action_tx(
    tx: &Transaction,
    id: ArticleId,
    action: Action,
    actor: &Actor,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Transition> {
    let note = clean_multiline(note.unwrap_or("")).trim().to_string();
    check_field_length("note", &note, MAX_NOTE_CHARS)?;
    let from = live_state(tx, id)?;
    let who = profile::resolve(tx, actor)?;
    let to = table::check(from, who.role, action, &note)?;
    side_conditions(tx, id, action, now)?;

    tx.execute(
        "UPDATE articles SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.to_string(), to.as_str(), to_millis(now)],
    )?;
    tx.execute(
        "INSERT INTO article_transitions (article_id, action, from_state, to_state, actor_id, actor_name, actor_role, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id.to_string(),
            action.as_str(),
            from.as_str(),
            to.as_str(),
            who.id.map(|p| p.to_string()),
            who.name,
            who.role_str(),
            note,
            to_millis(now)
        ],
    )?;
    let history_id = tx.last_insert_rowid();
    if !note.is_empty() {
        // The reason an article came back belongs in its editorial thread too, where the
        // author reads the conversation.
        notes::insert(tx, id, who.id, &who.name, &note, Some(history_id), now)?;
    }
    changes::record(tx, &id.to_string(), ChangeKind::StatusChanged, now)?;
    Ok(Transition {
        article_id: id,
        action,
        from,
        to,
        history_id,
        at: now,
    })
}

/// Conditions beyond the table that need the database. Approval runs the newsroom's
/// checklist. The schedule module adds the embargo check for `Publish` here (a publish
/// before the embargo is refused whoever asks).
fn side_conditions(
    tx: &Transaction,
    id: ArticleId,
    action: Action,
    now: DateTime<Utc>,
) -> Result<()> {
    if action == Action::Approve {
        checklist::enforce(tx, id)?;
    }
    if action == Action::Publish {
        crate::schedule::embargo::check(tx, id, now)?; // issue 4 (schedule module): no publish before the embargo
    }
    Ok(())
}

/// The role whose rules apply to edits made on this machine: the current profile's, and
/// a journalist's (the least privilege) when no profile has been chosen.
pub(crate) fn editing_role(conn: &Connection) -> Result<Role> {
    Ok(profile::current(conn)?
        .map(|p| p.role)
        .unwrap_or(Role::Journalist))
}

/// Refuses an edit of the text or tags that the current role may not make in the
/// article's state (see [`table::may_edit`]). Called by every save path.
pub(crate) fn guard_edit(tx: &Connection, id: ArticleId) -> Result<()> {
    let status: Option<String> = tx
        .prepare_cached("SELECT status FROM articles WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    let status = status.ok_or_else(|| Error::not_found("article", id))?;
    let state = ArticleState::parse(&status)?;
    let role = editing_role(tx)?;
    if table::may_edit(state, role) {
        return Ok(());
    }
    let hint = match state {
        ArticleState::InReview => "; recall it to edit, or wait for the editor",
        _ => "; ask an editor",
    };
    Err(Error::Forbidden(format!(
        "{}s cannot edit an article that is {}{hint}",
        role.as_str(),
        state.label()
    )))
}

/// Marks a new article as the current profile's own ("My drafts"). Called when an
/// article is created.
pub(crate) fn on_created(tx: &Transaction, id: ArticleId) -> Result<()> {
    if let Some(owner) = profile::current(tx)? {
        tx.execute(
            "UPDATE articles SET owner_id = ?2 WHERE id = ?1",
            params![id.to_string(), owner.id.to_string()],
        )?;
    }
    Ok(())
}

impl Store {
    /// Applies a workflow action by `actor`, with an optional note (required to send an
    /// article back). Scheduling and unscheduling need a publication time and go through
    /// the schedule module, which calls [`apply_action_tx`] itself.
    pub fn apply_action(
        &self,
        id: ArticleId,
        action: Action,
        actor: &Actor,
        note: Option<&str>,
    ) -> Result<Transition> {
        if matches!(action, Action::Schedule | Action::Unschedule) {
            return Err(Error::Invalid(format!(
                "{} needs a publication time; use the schedule operations",
                action.as_str()
            )));
        }
        let now = self.now();
        self.db()
            .write(|tx| apply_action_tx(tx, id, action, actor, note, now))
    }

    /// The actions `actor` can take on the article now, as far as the table goes: the
    /// buttons the UI shows. The checklist and embargo are checked when one is pressed.
    pub fn available_actions(&self, id: ArticleId, actor: &Actor) -> Result<Vec<Action>> {
        self.db().read(|conn| {
            let state = match live_state(conn, id) {
                Ok(s) => s,
                Err(Error::Conflict(_)) => return Ok(Vec::new()),
                Err(e) => return Err(e),
            };
            let who = profile::resolve(conn, actor)?;
            Ok(match who.role {
                Some(role) => table::available_actions(state, role),
                None => table::allowed_for_scheduler(state, Action::Publish)
                    .map(|_| vec![Action::Publish])
                    .unwrap_or_default(),
            })
        })
    }
}
