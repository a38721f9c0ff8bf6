//! [`Store`]: the database and the clock, which every domain operation needs. Each module
//! adds its operations in its own `impl Store` block.

use crate::clock::{Clock, SystemClock};
use crate::db::{Db, OpenOptions};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// File name of the database inside a data directory.
pub const DATABASE_FILE: &str = "newsroom.sqlite3";

pub struct Store {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("db", &self.db).finish()
    }
}

impl Store {
    /// Opens the store kept in `data_dir` (created if missing).
    pub fn open_dir(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Store> {
        Self::open_file(&data_dir.join(DATABASE_FILE), clock)
    }

    pub fn open_file(path: &Path, clock: Arc<dyn Clock>) -> Result<Store> {
        Self::open_file_with(path, clock, OpenOptions::default())
    }

    /// [`Store::open_file`] with a chosen limit for checking the whole file on open.
    pub fn open_file_with(
        path: &Path,
        clock: Arc<dyn Clock>,
        options: OpenOptions,
    ) -> Result<Store> {
        Ok(Store {
            db: Db::open_with(path, options)?,
            clock,
        })
    }

    /// The whole-file check a big database owes after opening ([`Db::verify_integrity`]):
    /// the app runs it once the window is up. On damage, writes are refused from then on.
    pub fn verify_integrity(&self) -> Result<()> {
        self.db.verify_integrity()
    }

    /// What the whole-file check found wrong, if it ran and found something.
    pub fn damage(&self) -> Option<Error> {
        self.db.damage()
    }

    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<Store> {
        Ok(Store {
            db: Db::open_in_memory()?,
            clock,
        })
    }

    /// An in-memory store on the system clock; for quick tests and examples.
    pub fn in_memory() -> Result<Store> {
        Self::open_in_memory(Arc::new(SystemClock))
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Changes after every committed write that queued work for the site: an edit, a
    /// transition, a schedule or trash (the outbox), a note or an assignment (the desk).
    /// The sync engine waits on it, so no command has to ask it for a round.
    pub fn outgoing(&self) -> tokio::sync::watch::Receiver<u64> {
        self.db.outgoing()
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn database_path(&self) -> Option<PathBuf> {
        self.db.path().map(Path::to_path_buf)
    }
}

/// A store in memory on a fixed manual clock, with the clock to move: the fixture the core's
/// unit tests share.
#[cfg(test)]
pub(crate) fn in_memory_with_clock() -> (Store, Arc<crate::ManualClock>) {
    let clock = Arc::new(crate::ManualClock::fixed());
    (
        Store::open_in_memory(clock.clone()).expect("in-memory store"),
        clock,
    )
}
