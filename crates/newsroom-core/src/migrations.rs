//! Schema migrations, keyed on `PRAGMA user_version`.
//!
//! Each migration runs in its own transaction together with the version bump, so a crash
//! mid-upgrade leaves the previous version intact. A shipped migration is never edited:
//! changes go into a new one appended to [`MIGRATIONS`].

use crate::error::{Error, Result};
use rusqlite::Connection;

/// Written into every Newsroom database ("NWSR") so another program's SQLite file is
/// refused instead of being migrated into ours. It lives here, below the database handle,
/// because the migrations stamp it.
pub const APPLICATION_ID: i32 = 0x4E57_5352;

/// Migration `i` (0-based) takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_articles.sql"),
    include_str!("../migrations/0002_workflow_tags.sql"),
    include_str!("../migrations/0003_schedule.sql"),
    include_str!("../migrations/0004_sync.sql"),
    include_str!("../migrations/0005_site_plain_http.sql"),
    include_str!("../migrations/0006_word_targets.sql"),
    include_str!("../migrations/0007_desk.sql"),
    include_str!("../migrations/0008_images.sql"),
    include_str!("../migrations/0009_desk_assignment_refused.sql"),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema to the latest version, or refuses a database from a newer app.
pub fn migrate(conn: &Connection, display: &str) -> Result<()> {
    migrate_to(conn, display, latest_version())
}

/// Migrates up to `target` (used by the upgrade-path tests to build old databases).
pub fn migrate_to(conn: &Connection, display: &str, target: i64) -> Result<()> {
    let found = current_version(conn)?;
    if found > latest_version() {
        return Err(Error::TooNew {
            path: display.to_string(),
            found,
            known: latest_version(),
        });
    }
    for version in found..target {
        let sql = MIGRATIONS[version as usize];
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let applied = conn
            .execute_batch(sql)
            .and_then(|()| conn.pragma_update(None, "user_version", version + 1))
            .and_then(|()| conn.pragma_update(None, "application_id", APPLICATION_ID));
        match applied {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(err) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(err.into());
            }
        }
    }
    Ok(())
}
