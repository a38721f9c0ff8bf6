//! Opening databases: every upgrade path equals a fresh schema; damaged, foreign and
//! too-new databases are refused and left byte-for-byte untouched.

mod common;

use newsroom_core::migrations::{latest_version, migrate_to};
use newsroom_core::{ErrorCode, Store, SystemClock};
use rusqlite::Connection;
use std::sync::Arc;

fn schema_of(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows.into_iter()
        .map(|(t, n, sql)| (t, n, sql.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

#[test]
fn every_upgrade_path_equals_a_fresh_schema() {
    let dir = tempfile::tempdir().unwrap();
    let fresh_path = dir.path().join("fresh.sqlite3");
    drop(Store::open_file(&fresh_path, Arc::new(SystemClock)).unwrap());
    let fresh = schema_of(&Connection::open(&fresh_path).unwrap());
    assert!(!fresh.is_empty());

    for start in 0..latest_version() {
        let path = dir.path().join(format!("from-{start}.sqlite3"));
        {
            let conn = Connection::open(&path).unwrap();
            migrate_to(&conn, "test", start).unwrap();
        }
        drop(Store::open_file(&path, Arc::new(SystemClock)).unwrap());
        let conn = Connection::open(&path).unwrap();
        assert_eq!(
            schema_of(&conn),
            fresh,
            "upgrading from version {start} must give the fresh schema"
        );
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, latest_version());
    }
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    drop(Store::open_file(&path, Arc::new(SystemClock)).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open_file(&path, Arc::new(SystemClock)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TooNew, "{err}");
    assert!(err.to_string().contains("newer Newsroom"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a refused database is never written"
    );
}

#[test]
fn a_corrupt_file_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.sqlite3");
    let garbage: Vec<u8> = (0..64 * 1024).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open_file(&path, Arc::new(SystemClock)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "the damaged file is left as it was"
    );
}

#[test]
fn a_damaged_page_is_detected_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.sqlite3");
    {
        let store = Store::open_file(&path, Arc::new(SystemClock)).unwrap();
        for i in 0..200 {
            store
                .create_article(&newsroom_core::ArticleDraft {
                    headline: format!("Статья {i}"),
                    body: "текст ".repeat(200),
                    ..Default::default()
                })
                .unwrap();
        }
        store
            .db()
            .write(|tx| Ok(tx.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?))
            .ok();
    }
    // Checkpoint the WAL into the main file, then overwrite the middle of it.
    {
        let conn = Connection::open(&path).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let start = bytes.len() / 2 / page * page;
    for b in &mut bytes[start + 8..start + page] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open_file(&path, Arc::new(SystemClock)).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Corrupt,
        "a damaged page must be caught on open: {err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "and the file is left as it was"
    );
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open_file(&path, Arc::new(SystemClock)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert!(err.to_string().contains("not a Newsroom database"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn integrity_check_passes_and_pragmas_are_set() {
    let t = common::open_store();
    let (journal, fk): (String, i64) = t
        .store
        .db()
        .read(|c| {
            Ok((
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(fk, 1);
}
