//! Scheduling in IANA time zones, embargo, the calendar and the scheduler (issue 4).
//!
//! - [`zone`] (the crate's [`crate::zone`]): wall-clock time in a zone ↔ UTC instant, DST
//!   gaps and overlaps.
//! - [`scheduling`]: schedule, reschedule, unschedule through the workflow, with warnings.
//! - [`embargo`]: setting, moving, lifting and showing embargoes; the rule itself (no
//!   publish before the embargo, whoever asks) is [`crate::embargo`], below the workflow.
//! - [`calendar`]: day and week views in a zone.
//! - [`scheduler`] and [`runner`]: what is due, publishing it, and the tokio loop.
//! - [`tzcheck`]: re-checking stored instants when the tz database changes.
//! - [`notices`]: late publishes and moved times, kept until the user acknowledges them.
//!
//! Time is passed in (from the store's clock), never read inside logic, so tests can set it.

pub mod calendar;
pub mod embargo;
pub mod entry;
pub mod notices;
pub mod runner;
pub mod scheduler;
pub mod scheduling;
pub mod settings;
pub mod tzcheck;
pub mod warnings;
/// Time-zone arithmetic sits below the workflow (the embargo rule formats its instant with
/// it); it stays reachable here, where it was first written.
pub use crate::zone;

pub use calendar::{Calendar, CalendarDay, CalendarItem, CalendarQuery, CalendarState};
pub use embargo::{EmbargoOutcome, EmbargoView};
pub use notices::{Notice, NoticeKind};
pub use runner::{
    scheduler as scheduler_loop, NoListener, PublishListener, SchedulerHandle, SchedulerLoop,
};
pub use scheduler::{FailedItem, Pending, Plan, PublishedItem, RunReport};
pub use scheduling::{ScheduleOutcome, SchedulePreview, ScheduleRequest, ScheduleView};
pub use settings::ZoneInfo;
pub use tzcheck::{MovedTime, ZoneRecheck};
pub use warnings::{Warning, WarningKind};
pub use zone::{Fold, LocalTimeCheck, WallClockInput, ZonedTime, TZDB_VERSION};

use crate::error::Result;
use chrono_tz::Tz;

/// The two zones every schedule view shows: the newsroom's and the user's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewZones {
    pub newsroom: Tz,
    pub user: Tz,
}

impl ViewZones {
    /// `user_zone` comes from the UI (`Intl…resolvedOptions().timeZone`). Empty means "same
    /// as the newsroom". A name this tz database does not know is shown as UTC, labelled as
    /// such, rather than failing the view or guessing a zone.
    pub fn new(newsroom: Tz, user_zone: &str) -> Result<ViewZones> {
        let user_zone = user_zone.trim();
        let user = if user_zone.is_empty() {
            newsroom
        } else {
            zone::parse_zone(user_zone).unwrap_or_else(|_| {
                tracing::warn!("unknown user zone {user_zone:?}; showing UTC");
                chrono_tz::UTC
            })
        };
        Ok(ViewZones { newsroom, user })
    }
}
