//! Applying a workflow action: the state, a history row, the note, and the change-log
//! entry, all in one transaction.

use crate::article::ArticleId;
use crate::changes::ChangeKind;
use crate::clock::to_millis;
use crate::error::{Error, ErrorCode, Result};
use crate::profile::{self, Actor, Role};
use crate::said::Said;
use crate::store::Store;
use crate::text_input::{check_field_length, clean_multiline};
use crate::workflow::table::{self, Action, ArticleState, EditLock, EditSubject};
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
        Some((_, Some(_))) => Err(Error::said(
            ErrorCode::Conflict,
            Said::new(
                "refusal.in_trash",
                "the article is in the trash; restore it first",
            ),
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
    crate::article::touch(tx, id, ChangeKind::StatusChanged, now)?;
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
/// checklist. `Publish` runs the embargo check ([`crate::embargo`]): a publish before
/// the embargo is refused whoever asks.
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
        crate::embargo::check(tx, id, now)?; // issue 4: no publish before the embargo
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

/// Whether the current profile may edit an article, and if not why: the editor reads it
/// to go read-only with a one-line reason instead of letting autosave fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EditRights {
    pub article_id: ArticleId,
    /// The state the answer is for; the UI asks again when the article's state changes.
    pub status: ArticleState,
    pub trashed: bool,
    /// The role whose rules applied (a journalist's when no profile is chosen).
    pub role: Role,
    pub editable: bool,
    pub lock: Option<EditLock>,
    /// The sentence a refused save carries; `None` when editable.
    pub reason: Option<String>,
}

/// Applies the edit rule ([`table::edit_lock`]) to the stored article and the current
/// profile. Reads the owner and assignee here rather than trusting the caller.
pub(crate) fn edit_rights(conn: &Connection, id: ArticleId) -> Result<EditRights> {
    rights(conn, id, false)
}

/// Moving an article to the trash or back follows the edit rule for the live article: a
/// journalist trashes and restores only their own drafts; an editor any article. Without
/// this, a journalist could take a published article off the site by trashing it (sync
/// trashes the post).
pub(crate) fn guard_trash(conn: &Connection, id: ArticleId, trashing: bool) -> Result<()> {
    let rights = rights(conn, id, true)?;
    match rights.lock {
        None => Ok(()),
        Some(lock) => Err(Error::said(
            ErrorCode::Forbidden,
            lock.trash_said(rights.status, rights.role, trashing),
        )),
    }
}

/// `live`: judge the article as if it were not in the trash (for trash and restore).
fn rights(conn: &Connection, id: ArticleId, live: bool) -> Result<EditRights> {
    // status, trashed_at, owner_id, assignee_id
    type EditRow = (String, Option<i64>, Option<String>, Option<String>);
    let row: Option<EditRow> = conn
        .prepare_cached(
            "SELECT status, trashed_at, owner_id, assignee_id FROM articles WHERE id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (status, trashed_at, owner, assignee) =
        row.ok_or_else(|| Error::not_found("article", id))?;
    let state = ArticleState::parse(&status)?;
    let me = profile::current(conn)?;
    // Without a profile the least privilege applies: a journalist's, who owns nothing but
    // may still pick up unowned drafts.
    let role = me.as_ref().map(|p| p.role).unwrap_or(Role::Journalist);
    let me = me.map(|p| p.id.to_string());
    let theirs = owner.is_none() || me.is_some() && (owner == me || assignee == me);
    let subject = EditSubject {
        state,
        trashed: trashed_at.is_some() && !live,
        theirs,
    };
    let lock = table::edit_lock(subject, role);
    Ok(EditRights {
        article_id: id,
        status: state,
        trashed: subject.trashed,
        role,
        editable: lock.is_none(),
        lock,
        reason: lock.map(|l| l.reason(state, role)),
    })
}

/// Refuses an edit of the text or tags that the current profile may not make (see the
/// rule next to [`table::edit_lock`]). Called by every save path, inside its transaction.
pub(crate) fn guard_edit(tx: &Connection, id: ArticleId) -> Result<()> {
    let rights = edit_rights(tx, id)?;
    match rights.lock {
        None => Ok(()),
        Some(lock) => Err(Error::said(
            ErrorCode::Forbidden,
            lock.said(rights.status, rights.role),
        )),
    }
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

    /// Whether the current profile may edit the article now, and if not why.
    pub fn edit_rights(&self, id: ArticleId) -> Result<EditRights> {
        self.db().read(|conn| edit_rights(conn, id))
    }

    /// The actions `actor` can take on the article now, as far as the table goes: the
    /// buttons the UI shows. The checklist and embargo are checked when one is pressed.
    pub fn available_actions(&self, id: ArticleId, actor: &Actor) -> Result<Vec<Action>> {
        self.db().read(|conn| {
            let state = match live_state(conn, id) {
                Ok(s) => s,
                // In the trash: no action applies until it is restored.
                Err(e) if e.code() == ErrorCode::Conflict => return Ok(Vec::new()),
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
