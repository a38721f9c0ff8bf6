//! Local profiles: who is using the app and in which role.
//!
//! A machine can hold several profiles (a shared desk, or testing both roles); one of them
//! is current, kept in `settings`. Workflow actions are taken by an [`Actor`]: a profile,
//! whose role the core looks up itself rather than trusting the caller, or the scheduler.

use crate::clock::{from_millis, to_millis};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text_input::{check_field_length, clean_line, MAX_LINE_FIELD_CHARS};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

/// The settings key holding the current profile's id.
pub const CURRENT_PROFILE_KEY: &str = "current_profile";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, type = "string")]
pub struct ProfileId(pub Uuid);

impl ProfileId {
    pub fn new() -> Self {
        ProfileId(Uuid::now_v7())
    }
}

impl Default for ProfileId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for ProfileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for ProfileId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Uuid::parse_str(s)
            .map(ProfileId)
            .map_err(|_| Error::Invalid(format!("{s:?} is not a profile id")))
    }
}

/// What a person may do in the newsroom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Journalist,
    Editor,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Journalist, Role::Editor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Journalist => "journalist",
            Role::Editor => "editor",
        }
    }

    pub fn parse(s: &str) -> Result<Role> {
        match s {
            "journalist" => Ok(Role::Journalist),
            "editor" => Ok(Role::Editor),
            other => Err(Error::Invalid(format!(
                "{other:?} is not a role (journalist or editor)"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Profile {
    pub id: ProfileId,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

/// Who takes a workflow action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A person; the role is read from the profile inside the transaction.
    Profile(ProfileId),
    /// The app's scheduler, which publishes scheduled articles when they are due.
    Scheduler,
}

/// An actor resolved inside a transaction: what the history records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedActor {
    pub id: Option<ProfileId>,
    pub name: String,
    /// `None` for the scheduler.
    pub role: Option<Role>,
}

impl ResolvedActor {
    pub fn role_str(&self) -> &'static str {
        self.role.map(Role::as_str).unwrap_or("scheduler")
    }
}

pub(crate) fn resolve(conn: &Connection, actor: &Actor) -> Result<ResolvedActor> {
    match actor {
        Actor::Scheduler => Ok(ResolvedActor {
            id: None,
            name: "scheduler".to_string(),
            role: None,
        }),
        Actor::Profile(id) => {
            let profile = load(conn, *id)?;
            Ok(ResolvedActor {
                id: Some(profile.id),
                name: profile.name,
                role: Some(profile.role),
            })
        }
    }
}

fn profile_from_row(row: &Row) -> rusqlite::Result<Profile> {
    let id: String = row.get(0)?;
    let role: String = row.get(2)?;
    Ok(Profile {
        id: ProfileId(Uuid::parse_str(&id).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?),
        name: row.get(1)?,
        // The CHECK constraint admits only the two roles; anything else is a damaged row,
        // and the least privilege is the safe reading of it.
        role: Role::parse(&role).unwrap_or(Role::Journalist),
        created_at: from_millis(row.get(3)?),
    })
}

pub(crate) fn load(conn: &Connection, id: ProfileId) -> Result<Profile> {
    conn.prepare_cached("SELECT id, name, role, created_at FROM profiles WHERE id = ?1")?
        .query_row([id.to_string()], profile_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("profile", id))
}

/// The current profile, if one was chosen and still exists.
pub(crate) fn current(conn: &Connection) -> Result<Option<Profile>> {
    let id = crate::settings::get(conn, CURRENT_PROFILE_KEY)?;
    let Some(id) = id.and_then(|s| s.parse::<ProfileId>().ok()) else {
        return Ok(None);
    };
    match load(conn, id) {
        Ok(p) => Ok(Some(p)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

impl Store {
    /// Creates a profile; the first one created becomes current.
    pub fn create_profile(&self, name: &str, role: Role) -> Result<Profile> {
        let name = clean_line(name);
        if name.is_empty() {
            return Err(Error::Invalid("a profile needs a name".into()));
        }
        check_field_length("profile name", &name, MAX_LINE_FIELD_CHARS)?;
        let now = self.now();
        let id = ProfileId::new();
        self.db().write(|tx| {
            tx.execute(
                "INSERT INTO profiles (id, name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![id.to_string(), name, role.as_str(), to_millis(now)],
            )?;
            if current(tx)?.is_none() {
                set_current(tx, id)?;
            }
            load(tx, id)
        })
    }

    pub fn list_profiles(&self) -> Result<Vec<Profile>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, role, created_at FROM profiles ORDER BY name, id",
            )?;
            let rows = stmt.query_map([], profile_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn profile(&self, id: ProfileId) -> Result<Profile> {
        self.db().read(|conn| load(conn, id))
    }

    pub fn current_profile(&self) -> Result<Option<Profile>> {
        self.db().read(current)
    }

    /// The current profile as an actor; workflow actions need one.
    pub fn current_actor(&self) -> Result<Actor> {
        self.current_profile()?
            .map(|p| Actor::Profile(p.id))
            .ok_or_else(|| {
                Error::said(
                    crate::error::ErrorCode::Forbidden,
                    crate::said::Said::new(
                        "refusal.no_profile",
                        "choose or create a profile first",
                    ),
                )
            })
    }

    pub fn switch_profile(&self, id: ProfileId) -> Result<Profile> {
        self.db().write(|tx| {
            let profile = load(tx, id)?;
            set_current(tx, id)?;
            Ok(profile)
        })
    }
}

fn set_current(conn: &Connection, id: ProfileId) -> Result<()> {
    crate::settings::put(conn, CURRENT_PROFILE_KEY, &id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_profile_becomes_current_and_switching_changes_it() {
        let store = Store::in_memory().unwrap();
        assert_eq!(
            store.current_profile().unwrap(),
            None,
            "a fresh store has no profile"
        );
        let aigerim = store.create_profile("Айгерим", Role::Journalist).unwrap();
        let boris = store.create_profile("Борис", Role::Editor).unwrap();
        assert_eq!(
            store.current_profile().unwrap().map(|p| p.id),
            Some(aigerim.id),
            "the first profile is current until the user switches"
        );
        store.switch_profile(boris.id).unwrap();
        assert_eq!(
            store.current_profile().unwrap().map(|p| p.role),
            Some(Role::Editor)
        );
        assert_eq!(store.list_profiles().unwrap().len(), 2);
    }

    #[test]
    fn a_profile_needs_a_name_and_an_unknown_one_cannot_be_chosen() {
        let store = Store::in_memory().unwrap();
        assert!(matches!(
            store.create_profile("  ", Role::Editor),
            Err(Error::Invalid(_))
        ));
        assert!(matches!(
            store.switch_profile(ProfileId::new()),
            Err(Error::NotFound { .. })
        ));
        assert!(
            matches!(
                store.current_actor().map_err(|e| e.code()),
                Err(crate::error::ErrorCode::Forbidden)
            ),
            "no actor without a profile"
        );
    }
}
