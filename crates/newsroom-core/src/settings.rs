//! The `settings` table: one text value per key (the newsroom's zone, its slug scheme, the
//! approval checklist, the current profile, the tz database version, each profile's export
//! folder). This module is the only one that reads or writes it, so the lookup and the upsert
//! are written once.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The stored value of `key`, or `None` where it was never set.
pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Sets `key` to `value`, replacing what was stored.
pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
