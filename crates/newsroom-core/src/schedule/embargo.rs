//! Setting, moving, lifting and showing embargoes. The rule they feed (no publish before
//! the embargo, whoever asks) and the stored row are [`crate::embargo`], below the workflow
//! that enforces it; its items are re-exported here.

use super::zone::{show, WallClockInput, ZonedTime};
use super::{settings, ViewZones, Warning};
use crate::article::ArticleId;
use crate::changes::ChangeKind;
pub(crate) use crate::embargo::update_until;
pub use crate::embargo::{check, check_publish_at, load, until, Embargo};
use crate::embargo::{remove, write};
use crate::error::{Error, Result};
use crate::profile::{self, Actor, Role};
use crate::store::Store;
use crate::workflow::table::ArticleState;
use crate::workflow::transition::live_state;
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

/// An embargo as the UI shows it: in the zone it was set in, the newsroom's and the user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EmbargoView {
    pub article_id: ArticleId,
    pub until: DateTime<Utc>,
    /// As it was set: zone and wall-clock time.
    pub set_in: ZonedTime,
    pub newsroom: ZonedTime,
    pub user: ZonedTime,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// What setting an embargo did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EmbargoOutcome {
    pub embargo: EmbargoView,
    pub warnings: Vec<Warning>,
}

pub(crate) fn view(e: &Embargo, zones: &ViewZones) -> EmbargoView {
    let set_in = match e.zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => show(e.until, tz),
        Err(_) => show(e.until, chrono_tz::UTC),
    };
    EmbargoView {
        article_id: e.article_id,
        until: e.until,
        set_in,
        newsroom: show(e.until, zones.newsroom),
        user: show(e.until, zones.user),
        set_by: e.set_by.clone(),
        set_at: e.set_at,
    }
}

impl Store {
    /// Sets or moves an article's embargo. Anyone who works on the article may set one or
    /// move it later (it only holds publication back); moving it earlier loosens it and is
    /// an editor's decision. A published article cannot be embargoed after the fact.
    pub fn set_embargo(
        &self,
        id: ArticleId,
        input: &WallClockInput,
        actor: &Actor,
        user_zone: &str,
    ) -> Result<EmbargoOutcome> {
        let wall = input.parse()?;
        let new_until = wall.resolve()?;
        let now = self.now();
        self.db().write(|tx| {
            let who = profile::resolve(tx, actor)?;
            let role = who
                .role
                .ok_or_else(|| Error::Forbidden("the scheduler cannot set embargoes".into()))?;
            let state = live_state(tx, id)?;
            if state == ArticleState::Published {
                return Err(Error::Conflict(
                    "the article is already published; withdraw it before setting an embargo"
                        .into(),
                ));
            }
            if let Some(old) = until(tx, id)? {
                if new_until < old && role != Role::Editor {
                    return Err(Error::Forbidden(
                        "journalists cannot move an embargo earlier; ask an editor".into(),
                    ));
                }
            }
            write(tx, id, &wall, new_until, &who.name, now)?;
            crate::article::touch(tx, id, ChangeKind::Scheduled, now)?;
            let mut warnings = Vec::new();
            if let Some(entry) = super::entry::load(tx, id)? {
                if state == ArticleState::Scheduled && entry.publish_at < new_until {
                    warnings.push(Warning::before_embargo(entry.publish_at, new_until));
                }
            }
            let zones = ViewZones::new(settings::newsroom_zone(tx)?, user_zone)?;
            let embargo = load(tx, id)?.ok_or_else(|| Error::not_found("embargo", id))?;
            Ok(EmbargoOutcome {
                embargo: view(&embargo, &zones),
                warnings,
            })
        })
    }

    /// Lifts an embargo: an editor's decision.
    pub fn clear_embargo(&self, id: ArticleId, actor: &Actor) -> Result<()> {
        let now = self.now();
        self.db().write(|tx| {
            settings::require_editor(tx, actor, "lift an embargo")?;
            live_state(tx, id)?;
            if remove(tx, id)? {
                crate::article::touch(tx, id, ChangeKind::Scheduled, now)?;
            }
            Ok(())
        })
    }

    pub fn embargo(&self, id: ArticleId, user_zone: &str) -> Result<Option<EmbargoView>> {
        self.db().read(|conn| {
            let zones = ViewZones::new(settings::newsroom_zone(conn)?, user_zone)?;
            Ok(load(conn, id)?.map(|e| view(&e, &zones)))
        })
    }
}
