//! The editorial workflow: states, roles and the transition table; applying actions with
//! their history; the notes thread and assignment; the pre-approval checklist; the views
//! of the sidebar with their counts.
//!
//! Other modules combine a transition with their own writes through
//! [`apply_action_tx`] (the schedule module schedules and publishes with it).

pub mod checklist;
pub mod history;
pub mod notes;
pub mod table;
pub mod transition;
pub mod views;

pub use crate::profile::{Actor, Role};
pub use checklist::{CheckResult, Checklist};
pub use history::HistoryEntry;
pub use notes::Note;
pub use table::{
    allowed, allowed_for_scheduler, available_actions, edit_lock, may_edit, Action, ArticleState,
    EditLock, EditSubject, Refusal,
};
pub(crate) use transition::apply_action_tx;
pub(crate) use transition::{guard_edit, on_created};
pub use transition::{EditRights, Transition};
pub use views::{ArticleFilter, View, ViewCount};
