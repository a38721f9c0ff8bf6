//! The transition table: which role may take which action from which state.
//!
//! One pure function, [`allowed`], holds every rule, so the whole table is tested as data
//! (every state × role × action) and the UI can ask it which buttons to show. The store
//! applies its verdict; side conditions that need the database (the approval checklist,
//! the embargo) are checked by the caller after the table says yes.

use crate::error::{Error, ErrorCode};
use crate::profile::{Actor, Role};
use crate::said::Said;
use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// The state of an article (`articles.status`). Trash is not a state: it is `trashed_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ArticleState {
    Draft,
    InReview,
    ChangesRequested,
    Approved,
    Scheduled,
    Published,
    Withdrawn,
}

impl ArticleState {
    pub const ALL: [ArticleState; 7] = [
        ArticleState::Draft,
        ArticleState::InReview,
        ArticleState::ChangesRequested,
        ArticleState::Approved,
        ArticleState::Scheduled,
        ArticleState::Published,
        ArticleState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleState::Draft => "draft",
            ArticleState::InReview => "in_review",
            ArticleState::ChangesRequested => "changes_requested",
            ArticleState::Approved => "approved",
            ArticleState::Scheduled => "scheduled",
            ArticleState::Published => "published",
            ArticleState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Result<ArticleState, Error> {
        ArticleState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| Error::Invalid(format!("{s:?} is not an article state")))
    }

    /// How the state reads in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            ArticleState::Draft => "a draft",
            ArticleState::InReview => "in review",
            ArticleState::ChangesRequested => "sent back for changes",
            ArticleState::Approved => "approved",
            ArticleState::Scheduled => "scheduled",
            ArticleState::Published => "published",
            ArticleState::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for ArticleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What someone does to an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    /// Hand the article to the editors (from a draft, or after changes were requested).
    Submit,
    /// Take a submitted article back before anyone reviewed it.
    Recall,
    /// Send it back to the author; needs a note saying why.
    RequestChanges,
    /// Accept it for publication (subject to the newsroom's checklist).
    Approve,
    /// Set a publication time (driven by the schedule module, which stores the time).
    Schedule,
    /// Cancel a schedule; the article is approved again.
    Unschedule,
    /// Put it on the site (an editor now, or the scheduler when the time comes).
    Publish,
    /// Take a published article off the site; its URL stays reserved.
    Withdraw,
    /// Reopen an approved or withdrawn article as a draft for rework.
    BackToDraft,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Submit,
        Action::Recall,
        Action::RequestChanges,
        Action::Approve,
        Action::Schedule,
        Action::Unschedule,
        Action::Publish,
        Action::Withdraw,
        Action::BackToDraft,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Recall => "recall",
            Action::RequestChanges => "request_changes",
            Action::Approve => "approve",
            Action::Schedule => "schedule",
            Action::Unschedule => "unschedule",
            Action::Publish => "publish",
            Action::Withdraw => "withdraw",
            Action::BackToDraft => "back_to_draft",
        }
    }

    pub fn parse(s: &str) -> Result<Action, Error> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| Error::Invalid(format!("{s:?} is not a workflow action")))
    }

    /// The verb as a sentence needs it: "journalists cannot {verb}".
    pub fn verb(self) -> &'static str {
        match self {
            Action::Submit => "submit articles for review",
            Action::Recall => "recall submitted articles",
            Action::RequestChanges => "send articles back for changes",
            Action::Approve => "approve articles",
            Action::Schedule => "schedule articles",
            Action::Unschedule => "unschedule articles",
            Action::Publish => "publish articles",
            Action::Withdraw => "withdraw published articles",
            Action::BackToDraft => "reopen articles as drafts",
        }
    }

    /// Actions whose history entry must explain itself.
    pub fn needs_note(self) -> bool {
        matches!(self, Action::RequestChanges)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the table said no. Each reason reads as a sentence the UI can show as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The role may never take this action.
    RoleCannot { role: Role, action: Action },
    /// Only the scheduler's one job (publishing due scheduled articles) is open to it.
    SchedulerCannot { action: Action },
    /// The action does not apply to an article in this state.
    NotFromState { state: ArticleState, action: Action },
    /// The action needs a note (why it was sent back).
    NoteRequired { action: Action },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::RoleCannot { role, action } => {
                write!(f, "{}s cannot {}", role.as_str(), action.verb())
            }
            Refusal::SchedulerCannot { action } => write!(
                f,
                "the scheduler only publishes scheduled articles; it cannot {}",
                action.verb()
            ),
            Refusal::NotFromState { state, action } => write!(
                f,
                "cannot {} here: the article is {}",
                action.as_str().replace('_', " "),
                state.label()
            ),
            Refusal::NoteRequired { action } => write!(
                f,
                "{} needs a note saying what to change",
                action.as_str().replace('_', " ")
            ),
        }
    }
}

impl Refusal {
    /// The refusal as the UI translates it (`refusal.*` keys; states, roles and actions
    /// as the UI's own `status.*`, `role.*`, `action.*` labels).
    pub fn said(self) -> Said {
        let text = self.to_string();
        match self {
            Refusal::RoleCannot { role, action } => Said::new("refusal.role_cannot", text)
                .key("role", format!("refusal.role.{}", role.as_str()))
                .key("action", format!("action.{}", action.as_str())),
            Refusal::SchedulerCannot { action } => Said::new("refusal.scheduler_cannot", text)
                .key("action", format!("action.{}", action.as_str())),
            Refusal::NotFromState { state, action } => Said::new("refusal.not_from_state", text)
                .key("action", format!("action.{}", action.as_str()))
                .key("state", format!("status.{}", state.as_str())),
            Refusal::NoteRequired { action } => Said::new("refusal.note_required", text)
                .key("action", format!("action.{}", action.as_str())),
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        let code = match r {
            Refusal::RoleCannot { .. } | Refusal::SchedulerCannot { .. } => ErrorCode::Forbidden,
            Refusal::NotFromState { .. } => ErrorCode::Conflict,
            Refusal::NoteRequired { .. } => ErrorCode::Invalid,
        };
        Error::said(code, r.said())
    }
}

/// The states an action leaves from, and where it goes. `None`: not from this state.
fn target(state: ArticleState, action: Action) -> Option<ArticleState> {
    use Action as A;
    use ArticleState as S;
    match (action, state) {
        (A::Submit, S::Draft | S::ChangesRequested) => Some(S::InReview),
        (A::Recall, S::InReview) => Some(S::Draft),
        (A::RequestChanges, S::InReview | S::Approved) => Some(S::ChangesRequested),
        (A::Approve, S::InReview) => Some(S::Approved),
        (A::Schedule, S::Approved) => Some(S::Scheduled),
        (A::Unschedule, S::Scheduled) => Some(S::Approved),
        (A::Publish, S::Approved | S::Scheduled | S::Withdrawn) => Some(S::Published),
        (A::Withdraw, S::Published) => Some(S::Withdrawn),
        (A::BackToDraft, S::Approved | S::Withdrawn | S::ChangesRequested) => Some(S::Draft),
        _ => None,
    }
}

/// Whether a role may take an action at all, whatever the state.
fn role_may(role: Role, action: Action) -> bool {
    match role {
        Role::Editor => true,
        // A journalist moves their own work to the desk and back; every decision about
        // publication is the editors'.
        Role::Journalist => matches!(
            action,
            Action::Submit | Action::Recall | Action::BackToDraft
        ),
    }
}

/// The table for people: the state the action leads to, or why not. The role is checked
/// first, so a journalist learns "journalists cannot approve" rather than a state detail.
pub fn allowed(state: ArticleState, role: Role, action: Action) -> Result<ArticleState, Refusal> {
    if !role_may(role, action) {
        return Err(Refusal::RoleCannot { role, action });
    }
    // A journalist may reopen only what came back to them; reopening approved or withdrawn
    // work is an editorial decision.
    if role == Role::Journalist
        && action == Action::BackToDraft
        && state != ArticleState::ChangesRequested
    {
        return Err(Refusal::RoleCannot { role, action });
    }
    target(state, action).ok_or(Refusal::NotFromState { state, action })
}

/// The table for the scheduler: it publishes scheduled articles and does nothing else.
pub fn allowed_for_scheduler(state: ArticleState, action: Action) -> Result<ArticleState, Refusal> {
    if action != Action::Publish {
        return Err(Refusal::SchedulerCannot { action });
    }
    match state {
        ArticleState::Scheduled => Ok(ArticleState::Published),
        _ => Err(Refusal::NotFromState { state, action }),
    }
}

/// The table for an actor whose role is known (`None` = the scheduler), including the
/// note requirement.
pub fn check(
    state: ArticleState,
    role: Option<Role>,
    action: Action,
    note: &str,
) -> Result<ArticleState, Refusal> {
    let to = match role {
        Some(role) => allowed(state, role, action)?,
        None => allowed_for_scheduler(state, action)?,
    };
    if action.needs_note() && note.trim().is_empty() {
        return Err(Refusal::NoteRequired { action });
    }
    Ok(to)
}

/// The actions a role can take from a state: the buttons the UI shows. The core still
/// decides when one is pressed (the checklist or an embargo may refuse it).
pub fn available_actions(state: ArticleState, role: Role) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| allowed(state, role, *a).is_ok())
        .collect()
}

/// For callers holding an [`Actor`] rather than a role: whether it is the scheduler.
pub fn is_scheduler(actor: &Actor) -> bool {
    matches!(actor, Actor::Scheduler)
}

// --- Who may edit -----------------------------------------------------------------------
//
// The newsroom's rule for changing the text (headline, dek, byline, slug, body) and the
// tags, enforced by every save path through `transition::guard_edit`:
//
// | article is…                                   | journalist            | editor |
// | --------------------------------------------- | --------------------- | ------ |
// | draft, changes requested — their own*         | edits                 | edits  |
// | draft, changes requested — another's          | no (not theirs)       | edits  |
// | in review                                     | no (recall it first)  | edits  |
// | approved, scheduled, published, withdrawn     | no (editors only)     | edits  |
// | in the trash (any state)                      | no (restore first)    | no     |
//
// * "their own": they created it, it is assigned to them, or it has no owner on this
//   machine (written before any profile existed, or first seen on the server), which
//   anyone may pick up. A published article's slug stays frozen even for editors
//   (`article::guard_frozen_fields`).

/// Why a role may not edit an article. Each reads as a sentence (see [`EditLock::reason`]),
/// and the UI shows it as the one-line reason of a read-only editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EditLock {
    /// In the trash: nobody edits it until it is restored, so a restore brings back
    /// exactly what was trashed.
    Trashed,
    /// Submitted: the desk has it; the journalist recalls it (or waits for it to come
    /// back) so an editor never reviews a moving target.
    WithTheDesk,
    /// Approved or later: what was approved is what goes out, so only editors change it.
    EditorsOnly,
    /// Another journalist's draft.
    NotTheirs,
}

impl EditLock {
    /// The refusal as a sentence, for the error a save gets and the editor's banner.
    /// The lock's sentence for the user: the UI words it under `editor.readOnly.*` (the
    /// same line the read-only editor shows), with the state translated.
    pub fn said(self, state: ArticleState, role: Role) -> Said {
        let key = match self {
            EditLock::Trashed => "editor.readOnly.trashed",
            EditLock::WithTheDesk => "editor.readOnly.with_the_desk",
            EditLock::EditorsOnly => "editor.readOnly.editors_only",
            EditLock::NotTheirs => "editor.readOnly.not_theirs",
        };
        Said::new(key, self.reason(state, role)).key("state", format!("status.{}", state.as_str()))
    }

    /// Why the lock also stops moving the article to the trash and back: a short clause
    /// the UI words under `refusal.why.*`.
    fn why_key(self) -> &'static str {
        match self {
            EditLock::Trashed => "refusal.why.trashed",
            EditLock::WithTheDesk => "refusal.why.with_the_desk",
            EditLock::EditorsOnly => "refusal.why.editors_only",
            EditLock::NotTheirs => "refusal.why.not_theirs",
        }
    }

    /// The refusal of a trash (`trashing`) or a restore that this lock stops.
    pub fn trash_said(self, state: ArticleState, role: Role, trashing: bool) -> Said {
        let reason = self.reason(state, role);
        let (key, text) = if trashing {
            (
                "refusal.trash",
                format!("cannot move it to the trash: {reason}"),
            )
        } else {
            ("refusal.restore", format!("cannot restore it: {reason}"))
        };
        Said::new(key, text).key("why", self.why_key())
    }

    pub fn reason(self, state: ArticleState, role: Role) -> String {
        match self {
            EditLock::Trashed => "the article is in the trash; restore it to edit it".into(),
            EditLock::WithTheDesk => format!(
                "{}s cannot edit an article that is {}; recall it to edit, or wait for the editor",
                role.as_str(),
                state.label()
            ),
            EditLock::EditorsOnly => format!(
                "{}s cannot edit an article that is {}; ask an editor",
                role.as_str(),
                state.label()
            ),
            EditLock::NotTheirs => format!(
                "{}s edit only their own drafts and those assigned to them; ask an editor to assign this one",
                role.as_str()
            ),
        }
    }
}

/// What the edit rule needs to know about an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditSubject {
    pub state: ArticleState,
    pub trashed: bool,
    /// Created by, assigned to, or unowned and so open to the person asking.
    pub theirs: bool,
}

/// The rule of the table above: `None` when `role` may edit, else why not. Trash is checked
/// first because it binds everyone, then the state, then ownership, so the reason names
/// the thing the person can act on.
pub fn edit_lock(subject: EditSubject, role: Role) -> Option<EditLock> {
    if subject.trashed {
        return Some(EditLock::Trashed);
    }
    if role == Role::Editor {
        return None;
    }
    match subject.state {
        ArticleState::Draft | ArticleState::ChangesRequested if subject.theirs => None,
        ArticleState::Draft | ArticleState::ChangesRequested => Some(EditLock::NotTheirs),
        ArticleState::InReview => Some(EditLock::WithTheDesk),
        ArticleState::Approved
        | ArticleState::Scheduled
        | ArticleState::Published
        | ArticleState::Withdrawn => Some(EditLock::EditorsOnly),
    }
}

/// Whether a role may edit its own live article in a state (the state column of the table).
pub fn may_edit(state: ArticleState, role: Role) -> bool {
    let subject = EditSubject {
        state,
        trashed: false,
        theirs: true,
    };
    edit_lock(subject, role).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in ArticleState::ALL {
            assert_eq!(ArticleState::parse(s.as_str()).unwrap(), s);
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()).unwrap(), a);
        }
        assert!(
            ArticleState::parse("trash").is_err(),
            "trash is not a state"
        );
    }

    #[test]
    fn refusals_read_as_sentences() {
        let r = allowed(ArticleState::InReview, Role::Journalist, Action::Approve).unwrap_err();
        assert_eq!(r.to_string(), "journalists cannot approve articles");
        let r = allowed(ArticleState::Draft, Role::Editor, Action::Publish).unwrap_err();
        assert_eq!(r.to_string(), "cannot publish here: the article is a draft");
    }
}
