//! Opening databases: every upgrade path equals a fresh schema; damaged, foreign and
//! too-new databases are refused and left byte-for-byte untouched; a big file opens on the
//! cheap checks and, if its deferred whole-file check finds damage, takes no more writes.

mod common;

use newsroom_core::db::OpenOptions;
use newsroom_core::migrations::{latest_version, migrate_to};
use newsroom_core::{ErrorCode, Store, SystemClock};
use rusqlite::Connection;
use std::path::Path;
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

/// A database of 200 articles with the middle page of its file overwritten; returns the
/// damaged file's bytes.
fn damaged_database(path: &Path) -> Vec<u8> {
    {
        let store = Store::open_file(path, Arc::new(SystemClock)).unwrap();
        for i in 0..200 {
            store
                .create_article(&newsroom_core::ArticleDraft {
                    headline: format!("Статья {i}"),
                    body: "текст ".repeat(200),
                    ..Default::default()
                })
                .unwrap();
        }
    }
    // Checkpoint the WAL into the main file, then overwrite the middle of it.
    {
        let conn = Connection::open(path).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    let start = bytes.len() / 2 / page * page;
    for b in &mut bytes[start + 8..start + page] {
        *b = 0xA5;
    }
    std::fs::write(path, &bytes).unwrap();
    bytes
}

/// Opens as if the file were bigger than the limit for checking it whole on open.
fn open_deferring_the_check(path: &Path) -> newsroom_core::Result<Store> {
    Store::open_file_with(
        path,
        Arc::new(SystemClock),
        OpenOptions {
            check_on_open_up_to_bytes: 0,
        },
    )
}

#[test]
fn a_damaged_page_is_detected_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.sqlite3");
    let bytes = damaged_database(&path);
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
fn a_big_damaged_file_opens_then_its_check_refuses_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged-big.sqlite3");
    let bytes = damaged_database(&path);
    let store = open_deferring_the_check(&path).expect("a big file opens on the cheap checks");
    assert!(
        store.damage().is_none(),
        "nothing is known before the check"
    );
    let err = store.verify_integrity().unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert_eq!(
        store.damage().map(|e| e.code()),
        Some(ErrorCode::Corrupt),
        "the damage stays known"
    );
    let refused = store
        .create_article(&newsroom_core::ArticleDraft {
            headline: "После проверки".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        refused.code(),
        ErrorCode::Corrupt,
        "a write after the check found damage must be refused: {refused}"
    );
    assert_eq!(
        store.verify_integrity().unwrap_err().code(),
        ErrorCode::Corrupt,
        "asking again gives the same answer"
    );
    drop(store);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the damaged file is left as it was"
    );
}

#[test]
fn a_big_healthy_file_passes_its_check_and_takes_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("healthy-big.sqlite3");
    drop(Store::open_file(&path, Arc::new(SystemClock)).unwrap());
    let store = open_deferring_the_check(&path).unwrap();
    store.verify_integrity().expect("a healthy file passes");
    assert!(store.damage().is_none());
    store
        .create_article(&newsroom_core::ArticleDraft {
            headline: "Проверено".into(),
            ..Default::default()
        })
        .expect("writes go on after a clean check");
}

#[test]
fn a_big_file_that_needs_an_upgrade_is_checked_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged-old.sqlite3");
    damaged_database(&path);
    {
        // An older app's file: the next open must migrate it.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest_version() - 1)
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = open_deferring_the_check(&path).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Corrupt,
        "a migration never runs on a file that was not checked whole: {err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
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
