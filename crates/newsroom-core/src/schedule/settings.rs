//! The newsroom's time zone: the zone schedules default to and every schedule view shows.

use super::zone::parse_zone;
use crate::error::{Error, ErrorCode, Result};
use crate::profile::{self, Actor, Role};
use crate::said::Said;
use crate::store::Store;
use chrono::{DateTime, Offset, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

pub const NEWSROOM_ZONE_KEY: &str = "newsroom_zone";
pub const DEFAULT_NEWSROOM_ZONE: Tz = chrono_tz::Asia::Almaty;

/// The newsroom's zone. A missing setting is the default; a stored name this build's tz
/// database does not know (written by a newer app) also falls back, with a log line, rather
/// than making every schedule view fail.
pub fn newsroom_zone(conn: &Connection) -> Result<Tz> {
    let stored = crate::settings::get(conn, NEWSROOM_ZONE_KEY)?;
    Ok(match stored {
        None => DEFAULT_NEWSROOM_ZONE,
        Some(name) => parse_zone(&name).unwrap_or_else(|_| {
            tracing::warn!(
                "unknown newsroom zone {name:?} in settings; using {DEFAULT_NEWSROOM_ZONE}"
            );
            DEFAULT_NEWSROOM_ZONE
        }),
    })
}

/// Only an editor may change the zone, since it changes what every schedule view shows.
pub(crate) fn require_editor(conn: &Connection, actor: &Actor, what: &str) -> Result<()> {
    let resolved = profile::resolve(conn, actor)?;
    match resolved.role {
        Some(Role::Editor) => Ok(()),
        Some(role) => Err(Error::said(
            ErrorCode::Forbidden,
            Said::new(
                "refusal.editors_only",
                format!("{}s cannot {what}", role.as_str()),
            ),
        )),
        None => Err(Error::said(
            ErrorCode::Forbidden,
            Said::new(
                "refusal.editors_only",
                format!("the scheduler cannot {what}"),
            ),
        )),
    }
}

/// What the schedule dialog needs to know before it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ZoneInfo {
    pub newsroom_zone: String,
    /// The bundled tz database (e.g. `2025b`).
    pub tzdb_version: String,
    /// Every IANA zone name this build knows, sorted, for the zone picker.
    pub zones: Vec<String>,
    /// The store's "now" (the test clock's, in end-to-end tests).
    pub now: DateTime<Utc>,
    /// Whether the app runs on a movable test clock (set by the desktop shell).
    pub test_clock: bool,
    /// Each zone's offset from UTC at `now`, in minutes east, by this build's tz database:
    /// what "today" is in a zone comes from here, not from the web view's own time-zone data,
    /// which can be older (Debian 12's WebKitGTK still puts Asia/Almaty at UTC+6, so between
    /// midnight and one o'clock there "завтра" meant the day after tomorrow).
    pub offsets: std::collections::BTreeMap<String, i32>,
}

impl Store {
    pub fn zone_info(&self) -> Result<ZoneInfo> {
        let mut zones: Vec<String> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|z| z.name().to_string())
            .collect();
        zones.sort();
        let now = self.now();
        let offsets = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|z| {
                let offset = now.with_timezone(z).offset().fix().local_minus_utc() / 60;
                (z.name().to_string(), offset)
            })
            .collect();
        Ok(ZoneInfo {
            newsroom_zone: self.newsroom_zone()?.name().to_string(),
            tzdb_version: super::zone::TZDB_VERSION.to_string(),
            zones,
            now,
            test_clock: false,
            offsets,
        })
    }

    pub fn newsroom_zone(&self) -> Result<Tz> {
        self.db().read(newsroom_zone)
    }

    pub fn set_newsroom_zone(&self, name: &str, actor: &Actor) -> Result<Tz> {
        let tz = parse_zone(name)?;
        self.db().write(|tx| {
            require_editor(tx, actor, "change the newsroom's time zone")?;
            crate::settings::put(tx, NEWSROOM_ZONE_KEY, tz.name())?;
            Ok(tz)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_almaty_and_only_editors_change_it() {
        let store = Store::in_memory().unwrap();
        assert_eq!(
            store.newsroom_zone().unwrap(),
            chrono_tz::Asia::Almaty,
            "the default newsroom zone"
        );
        let journalist = store.create_profile("Айгерим", Role::Journalist).unwrap();
        let editor = store.create_profile("Борис", Role::Editor).unwrap();
        let refused = store.set_newsroom_zone("Europe/Moscow", &Actor::Profile(journalist.id));
        assert!(
            matches!(&refused, Err(e) if e.code() == ErrorCode::Forbidden),
            "a journalist must not move every schedule view"
        );
        store
            .set_newsroom_zone("Europe/Moscow", &Actor::Profile(editor.id))
            .unwrap();
        assert_eq!(store.newsroom_zone().unwrap(), chrono_tz::Europe::Moscow);
        assert_eq!(
            store
                .set_newsroom_zone("Nowhere/City", &Actor::Profile(editor.id))
                .map_err(|e| e.code()),
            Err(crate::error::ErrorCode::Invalid)
        );
    }
}
