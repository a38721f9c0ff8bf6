//! Scheduling an article through the workflow: validate the time (DST, embargo, role,
//! state), write the schedule row and move the article to `scheduled` in one transaction.
//! Rescheduling and unscheduling likewise.

use super::entry::{self, Entry};
use super::warnings::{self, Warning, LEAD_SLOT};
use super::zone::{check_local, show, Fold, LocalTimeCheck, WallClock, WallClockInput, ZonedTime};
use super::{embargo, settings, ViewZones};
use crate::article::ArticleId;
use crate::changes::ChangeKind;
use crate::error::{Error, ErrorCode, Result};
use crate::profile::{self, Actor};
use crate::said::Said;
use crate::store::Store;
use crate::workflow::apply_action_tx;
use crate::workflow::table::{self, Action, ArticleState};
use crate::workflow::transition::live_state;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the schedule dialog sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[ts(export)]
pub struct ScheduleRequest {
    /// When, as a wall-clock time in a zone (default: the newsroom's, chosen by the UI).
    pub time: WallClockInput,
    /// The lead article of its slot on the front page.
    #[serde(default)]
    pub lead: bool,
    /// The user's own zone (the UI knows it from `Intl`), for the second time shown.
    #[serde(default)]
    #[ts(optional)]
    pub user_zone: Option<String>,
}

/// A schedule as every view shows it: in the zone it was set in, the newsroom's and the user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ScheduleView {
    pub article_id: ArticleId,
    pub headline: String,
    pub status: String,
    pub publish_at: DateTime<Utc>,
    /// The zone and wall-clock time the editor chose (`YYYY-MM-DDTHH:MM`), to edit it again.
    pub zone: String,
    pub local: String,
    pub fold: Option<Fold>,
    pub newsroom: ZonedTime,
    pub user: ZonedTime,
    pub lead: bool,
    pub embargo_until: Option<DateTime<Utc>>,
    pub scheduled_by: String,
    pub published_at: Option<DateTime<Utc>>,
    /// Why the scheduler could not publish it, if it tried and failed.
    pub failure: Option<Said>,
}

/// What scheduling did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ScheduleOutcome {
    pub schedule: ScheduleView,
    pub warnings: Vec<Warning>,
}

/// The dialog's live check of a time before the user confirms: how the wall-clock time
/// resolves (with the choices at a DST change), the instant in both zones, and what would
/// refuse or warn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SchedulePreview {
    pub check: LocalTimeCheck,
    pub publish_at: Option<DateTime<Utc>>,
    pub newsroom: Option<ZonedTime>,
    pub user: Option<ZonedTime>,
    /// Why it cannot be scheduled as it is (a choice is needed, the embargo, the role…),
    /// as the UI translates it.
    pub problem: Option<Said>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// From `approved`, through the workflow's `Schedule` transition.
    Schedule,
    /// A new time for an article already `scheduled`; no transition.
    Reschedule,
}

/// Everything that decides whether the time may be set, read-only so the preview can run
/// it too. Returns the instant and the warnings.
fn validate(
    conn: &Connection,
    id: ArticleId,
    wall: &WallClock,
    lead: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(Mode, DateTime<Utc>, Vec<Warning>)> {
    let state = live_state(conn, id)?;
    let who = profile::resolve(conn, actor)?;
    let role = who.role.ok_or_else(|| {
        Error::Forbidden("the scheduler publishes schedules; it does not set them".into())
    })?;
    let mode = if state == ArticleState::Scheduled {
        // Rescheduling is not a transition of its own: whoever may schedule (the table's
        // `Schedule` rule, from the state it leaves) may move the time.
        table::allowed(ArticleState::Approved, role, Action::Schedule).map_err(Error::from)?;
        Mode::Reschedule
    } else {
        table::check(state, Some(role), Action::Schedule, "").map_err(Error::from)?;
        Mode::Schedule
    };
    let at = wall.resolve()?;
    embargo::check_publish_at(conn, id, at, "scheduled for a time")?;
    let leads = if lead {
        entry::leads_near(conn, id, at, LEAD_SLOT)?
    } else {
        Vec::new()
    };
    Ok((mode, at, warnings::for_time(at, now, lead, &leads)))
}

fn view_zones(conn: &Connection, user_zone: Option<&str>) -> Result<ViewZones> {
    ViewZones::new(settings::newsroom_zone(conn)?, user_zone.unwrap_or(""))
}

pub(crate) fn view(conn: &Connection, e: &Entry, zones: &ViewZones) -> Result<ScheduleView> {
    let (headline, status): (String, String) = conn
        .prepare_cached("SELECT headline, status FROM articles WHERE id = ?1")?
        .query_row([e.article_id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("article", e.article_id))?;
    Ok(ScheduleView {
        article_id: e.article_id,
        headline,
        status,
        publish_at: e.publish_at,
        zone: e.zone.clone(),
        local: e.local.get(..16).unwrap_or(&e.local).to_string(),
        fold: e.fold,
        newsroom: show(e.publish_at, zones.newsroom),
        user: show(e.publish_at, zones.user),
        lead: e.lead,
        embargo_until: embargo::until(conn, e.article_id)?,
        scheduled_by: e.scheduled_by.clone(),
        published_at: e.published_at,
        failure: e.failure.clone(),
    })
}

impl Store {
    /// Schedules an approved article at a wall-clock time in a zone. Refused: a time that
    /// is skipped or doubled at a DST change without an explicit choice, a time before the
    /// embargo, a role or state the workflow does not allow. Warned: a time in the past or
    /// less than two minutes ahead, two leads in one slot.
    pub fn schedule_article(
        &self,
        id: ArticleId,
        request: &ScheduleRequest,
        actor: &Actor,
    ) -> Result<ScheduleOutcome> {
        self.put_schedule(id, request, actor, Some(Mode::Schedule))
    }

    /// Moves the time of a scheduled article (same checks as scheduling).
    pub fn reschedule_article(
        &self,
        id: ArticleId,
        request: &ScheduleRequest,
        actor: &Actor,
    ) -> Result<ScheduleOutcome> {
        self.put_schedule(id, request, actor, Some(Mode::Reschedule))
    }

    /// Schedules an approved article or reschedules a scheduled one, whichever it is.
    pub fn set_schedule(
        &self,
        id: ArticleId,
        request: &ScheduleRequest,
        actor: &Actor,
    ) -> Result<ScheduleOutcome> {
        self.put_schedule(id, request, actor, None)
    }

    fn put_schedule(
        &self,
        id: ArticleId,
        request: &ScheduleRequest,
        actor: &Actor,
        expect: Option<Mode>,
    ) -> Result<ScheduleOutcome> {
        let wall = request.time.parse()?;
        let now = self.now();
        self.db().write(|tx| {
            let (mode, at, warnings) = validate(tx, id, &wall, request.lead, actor, now)?;
            match (expect, mode) {
                (Some(Mode::Schedule), Mode::Reschedule) => {
                    return Err(Error::said(
                        ErrorCode::Conflict,
                        Said::new(
                            "refusal.already_scheduled",
                            "the article is already scheduled; reschedule it instead",
                        ),
                    ))
                }
                (Some(Mode::Reschedule), Mode::Schedule) => {
                    return Err(Error::said(
                        ErrorCode::Conflict,
                        Said::new(
                            "refusal.not_scheduled",
                            "the article is not scheduled; schedule it first",
                        ),
                    ))
                }
                _ => {}
            }
            let who = profile::resolve(tx, actor)?;
            if mode == Mode::Schedule {
                apply_action_tx(tx, id, Action::Schedule, actor, None, now)?;
            }
            entry::put(tx, id, &wall, at, request.lead, &who.name, now)?;
            if mode != Mode::Schedule {
                // A first schedule is marked by its transition (one version bump, one change
                // for state and time together); a new time alone is marked here.
                crate::article::touch(tx, id, ChangeKind::Scheduled, now)?;
            }
            let stored = entry::load(tx, id)?.ok_or_else(|| Error::not_found("schedule", id))?;
            let zones = view_zones(tx, request.user_zone.as_deref())?;
            Ok(ScheduleOutcome {
                schedule: view(tx, &stored, &zones)?,
                warnings,
            })
        })
    }

    /// Cancels the schedule; the article is approved again.
    pub fn unschedule_article(&self, id: ArticleId, actor: &Actor) -> Result<()> {
        let now = self.now();
        self.db().write(|tx| {
            // The transition marks the edit: one version bump, one change for state and time.
            apply_action_tx(tx, id, Action::Unschedule, actor, None, now)?;
            entry::delete(tx, id)?;
            Ok(())
        })
    }

    /// The dialog's live check; never writes.
    pub fn preview_schedule(
        &self,
        id: ArticleId,
        request: &ScheduleRequest,
        actor: &Actor,
    ) -> Result<SchedulePreview> {
        let wall = request.time.parse()?;
        let now = self.now();
        self.db().read(|conn| {
            let zones = view_zones(conn, request.user_zone.as_deref())?;
            let check = check_local(wall.zone, wall.local);
            let instant = wall.resolve().ok();
            let (problem, warnings) = match validate(conn, id, &wall, request.lead, actor, now) {
                Ok((_, _, warnings)) => (None, warnings),
                // Storage trouble is not a "problem with the time": report it as an error.
                Err(e @ (Error::Sqlite(_) | Error::Storage(_) | Error::Io(_))) => return Err(e),
                Err(e) => (Some(e.to_said()), Vec::new()),
            };
            Ok(SchedulePreview {
                check,
                publish_at: instant,
                newsroom: instant.map(|t| show(t, zones.newsroom)),
                user: instant.map(|t| show(t, zones.user)),
                problem,
                warnings,
            })
        })
    }

    /// The article's schedule, if it has one.
    pub fn schedule_of(&self, id: ArticleId, user_zone: &str) -> Result<Option<ScheduleView>> {
        self.db().read(|conn| {
            let zones = view_zones(conn, Some(user_zone))?;
            match entry::load(conn, id)? {
                Some(e) => Ok(Some(view(conn, &e, &zones)?)),
                None => Ok(None),
            }
        })
    }
}
