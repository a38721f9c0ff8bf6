//! The SQLite connection pair: one writer, one reader, reached only through closures.
//!
//! Every write is an IMMEDIATE transaction, so a crash leaves either the whole change or
//! none of it; callers never hold a connection across an `.await` (async code calls the
//! store from `spawn_blocking`). WAL lets the reader see committed data while a write is
//! under way.

use crate::error::{Error, Result};
use crate::migrations;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tokio::sync::watch;

pub use crate::migrations::APPLICATION_ID;

pub struct Db {
    writer: Mutex<Connection>,
    /// `None` for in-memory databases, which a second connection cannot see.
    reader: Option<Mutex<Connection>>,
    path: Option<PathBuf>,
    /// Counts committed writes that queued work for the site ([`note_outgoing`]), so the
    /// sync engine wakes on them instead of each command asking it to.
    outgoing: watch::Sender<u64>,
    /// Whether the whole-file check is still owed ([`Db::verify_integrity`]).
    check: Mutex<Integrity>,
    /// Set once the whole-file check found damage: from then on every write is refused.
    damage: OnceLock<String>,
}

/// The whole-file check of a database ([`Db::open`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Integrity {
    /// Checked (or new): nothing owed.
    Checked,
    /// Too big to check before the window opens: [`Db::verify_integrity`] does it after.
    Owed,
}

/// Files up to this size get the whole-file check (`PRAGMA quick_check`) before [`Db::open`]
/// returns: it reads every page, about 1 GB/s with a warm cache, so up to ~40 ms here. A
/// bigger file (a year of a newsroom's articles with their revisions) is opened after the
/// cheap checks alone and checked by [`Db::verify_integrity`] once the window is up.
pub const CHECK_ON_OPEN_UP_TO_BYTES: u64 = 32 * 1024 * 1024;

/// How [`Db::open_with`] treats an existing file.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Files up to this many bytes are checked whole before `open` returns.
    pub check_on_open_up_to_bytes: u64,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            check_on_open_up_to_bytes: CHECK_ON_OPEN_UP_TO_BYTES,
        }
    }
}

thread_local! {
    /// Set while a write transaction on this thread queues work for the site; read once the
    /// transaction commits. Writes run on the caller's thread under the writer's lock, one
    /// at a time, so the flag belongs to exactly one transaction.
    static QUEUED_OUTGOING: Cell<bool> = const { Cell::new(false) };
}

/// Called inside a write transaction that queued something for the site (an outbox entry,
/// a desk entry): when the transaction commits, [`Db::outgoing`] receivers hear of it; if it
/// rolls back, nobody does.
pub fn note_outgoing() {
    QUEUED_OUTGOING.with(|queued| queued.set(true));
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

impl Db {
    /// Opens (creating if needed) the database file, checks it and brings its schema up
    /// to date. A damaged database, another program's database, or one from a newer
    /// version of the app is refused and left exactly as it was.
    ///
    /// A file bigger than [`CHECK_ON_OPEN_UP_TO_BYTES`] gets the cheap checks here (SQLite
    /// header, our application id, schema version) and owes the whole-file check to
    /// [`Db::verify_integrity`], unless its schema needs an upgrade: a migration never runs
    /// on a file that was not checked whole.
    pub fn open(path: &Path) -> Result<Db> {
        Self::open_with(path, OpenOptions::default())
    }

    /// [`Db::open`] with a chosen size limit for the check on open.
    pub fn open_with(path: &Path, options: OpenOptions) -> Result<Db> {
        let display = path.display().to_string();
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::Storage(format!(
                        "cannot create the data directory {}: {e}",
                        dir.display()
                    ))
                })?;
            }
        }
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let existed = size > 0;
        let writer = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(&display, e))?;
        let mut check = Integrity::Checked;
        if existed {
            check_ours(&writer, &display)?;
            let upgrade = migrations::current_version(&writer)? < migrations::latest_version();
            if size <= options.check_on_open_up_to_bytes || upgrade {
                check_whole_file(&writer, &display)?;
            } else {
                check = Integrity::Owed;
            }
        }
        configure(&writer).map_err(|e| open_error(&display, e))?;
        migrations::migrate(&writer, &display)?;
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(&display, e))?;
        reader
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| open_error(&display, e))?;
        reader
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| open_error(&display, e))?;
        register_functions(&reader).map_err(|e| open_error(&display, e))?;
        Ok(Db {
            writer: Mutex::new(writer),
            reader: Some(Mutex::new(reader)),
            path: Some(path.to_path_buf()),
            outgoing: watch::channel(0).0,
            check: Mutex::new(check),
            damage: OnceLock::new(),
        })
    }

    /// Runs the whole-file check [`Db::open`] left for later, once; a no-op when none is
    /// owed. It reads through a connection of its own, so the window's reads and writes go
    /// on meanwhile. On damage every later write is refused with the same
    /// [`Error::Corrupt`] (so nothing makes a damaged file worse) and [`Db::damage`] says
    /// what was found; reads go on, so what is still readable can be copied out.
    pub fn verify_integrity(&self) -> Result<()> {
        let mut owed = lock(&self.check);
        if *owed == Integrity::Owed {
            let path = self.path.as_deref().expect("only a file can owe its check");
            let display = path.display().to_string();
            let verdict = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| open_error(&display, e))
            .and_then(|conn| check_whole_file(&conn, &display));
            *owed = Integrity::Checked;
            if let Err(err) = verdict {
                let _ = self.damage.set(match &err {
                    Error::Corrupt { detail, .. } => detail.clone(),
                    other => other.to_string(),
                });
                return Err(err);
            }
        }
        match self.damage.get() {
            Some(detail) => Err(self.damaged(detail)),
            None => Ok(()),
        }
    }

    /// What the whole-file check found wrong, once it has run and found something.
    pub fn damage(&self) -> Option<Error> {
        self.damage.get().map(|detail| self.damaged(detail))
    }

    fn damaged(&self, detail: &str) -> Error {
        Error::Corrupt {
            path: self
                .path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            detail: detail.to_string(),
        }
    }

    /// A private in-memory database, for unit tests.
    pub fn open_in_memory() -> Result<Db> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrations::migrate(&conn, ":memory:")?;
        Ok(Db {
            writer: Mutex::new(conn),
            reader: None,
            path: None,
            outgoing: watch::channel(0).0,
            check: Mutex::new(Integrity::Checked),
            damage: OnceLock::new(),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` on the reader connection (a consistent snapshot for the statement).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match &self.reader {
            Some(reader) => f(&lock(reader)),
            None => f(&lock(&self.writer)),
        }
    }

    /// Runs `f` in one IMMEDIATE transaction on the writer; commits if `f` returns `Ok`.
    /// Refused once [`Db::verify_integrity`] found the file damaged.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        if let Some(err) = self.damage() {
            return Err(err);
        }
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        QUEUED_OUTGOING.with(|queued| queued.set(false));
        let value = f(&tx);
        let queued = QUEUED_OUTGOING.with(|queued| queued.replace(false));
        let value = value?;
        tx.commit()?;
        drop(conn);
        if queued {
            self.outgoing.send_modify(|count| *count += 1);
        }
        Ok(value)
    }

    /// Changes after every committed write that queued work for the site.
    pub fn outgoing(&self) -> watch::Receiver<u64> {
        self.outgoing.subscribe()
    }
}

fn lock<T>(conn: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a half-done transaction behind (it
    // rolls back on drop), so the connection is still usable.
    conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // WAL survives a killed process with every committed transaction intact;
    // synchronous=NORMAL is durable against application crashes, which is what autosave
    // must survive, at a fraction of FULL's fsync cost.
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        tracing::warn!("journal_mode is {mode}, not WAL");
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    register_functions(conn)?;
    Ok(())
}

/// SQL functions the queries use, on every connection (writer and reader).
///
/// `fold_for_match(text)`: the Rust folding (Unicode case, so Cyrillic and Kazakh letters
/// too, ё = е, runs of spaces) that the stored search keys use, for filters on columns
/// without a stored key (the byline). SQL's own `lower()` and `LIKE` fold only ASCII.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "fold_for_match",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            // NULL stays NULL, as with SQL's own string functions. Borrowing the text
            // (rather than `ctx.get::<String>`) saves a copy per row of a filtered scan.
            let text = ctx
                .get_raw(0)
                .as_str_or_null()
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
            Ok(text.map(newsroom_text::fold_for_match))
        },
    )
}

/// Checks an existing file before anything writes to it: that it is SQLite at all (reading
/// the schema reads the header and the first page) and that it is ours (or empty).
fn check_ours(conn: &Connection, display: &str) -> Result<()> {
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| open_error(display, e))?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| open_error(display, e))?;
    if app_id != APPLICATION_ID && tables > 0 {
        return Err(Error::Foreign {
            path: display.to_string(),
        });
    }
    Ok(())
}

/// Reads every page of the file (`PRAGMA quick_check`): a damaged page anywhere is found.
fn check_whole_file(conn: &Connection, display: &str) -> Result<()> {
    let verdict: Vec<String> = {
        let mut stmt = conn
            .prepare("PRAGMA quick_check(5)")
            .map_err(|e| open_error(display, e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| open_error(display, e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| open_error(display, e))?
    };
    if verdict != ["ok"] {
        return Err(Error::Corrupt {
            path: display.to_string(),
            detail: verdict.join("; "),
        });
    }
    Ok(())
}

fn open_error(display: &str, err: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(failure, message) = &err {
        if matches!(failure.code, C::DatabaseCorrupt | C::NotADatabase) {
            return Error::Corrupt {
                path: display.to_string(),
                detail: message.clone().unwrap_or_else(|| failure.to_string()),
            };
        }
    }
    err.into()
}
