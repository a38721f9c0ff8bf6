//! What every command needs: the open [`Store`], or the reason it could not be opened.
//!
//! A database that cannot be opened (damaged, from a newer app, another program's file,
//! a read-only directory) must not crash the app: the window opens and shows the message,
//! and every store command answers with the same error.

use crate::data_dir;
use crate::error::{IpcError, IpcResult};
use newsroom_core::{ErrorCode, Store};
use newsroom_sync::Secrets;
use std::path::PathBuf;
use std::sync::Arc;

pub struct AppState {
    data_dir: Option<PathBuf>,
    store: Result<Arc<Store>, IpcError>,
}

impl AppState {
    pub fn open(data_dir: Option<PathBuf>) -> AppState {
        let store = match &data_dir {
            Some(dir) => Store::open_dir(dir, crate::clock::app_clock())
                .map(Arc::new)
                .map_err(IpcError::from),
            None => Err(IpcError::new(
                ErrorCode::Storage,
                "this system has no data directory (is HOME set?); start the app with --data-dir DIR",
            )),
        };
        if let Err(err) = &store {
            eprintln!(
                "newsroom: the database could not be opened: {}",
                err.message
            );
        }
        AppState { data_dir, store }
    }

    pub fn data_dir(&self) -> Option<&PathBuf> {
        self.data_dir.as_ref()
    }

    /// Why the store cannot be used: it did not open, or its whole-file check (run after
    /// the window's first paint on a big database) found damage and writes are refused.
    pub fn open_error(&self) -> Option<IpcError> {
        match &self.store {
            Err(err) => Some(err.clone()),
            Ok(store) => store.damage().map(IpcError::from),
        }
    }

    pub fn store(&self) -> IpcResult<Arc<Store>> {
        self.store.clone()
    }

    /// Where the sync password lives: the fallback file with the data, its key apart from
    /// it in the config directory, so a copied data folder alone does not reveal it.
    pub fn secrets(&self) -> IpcResult<Secrets> {
        let data = self
            .data_dir()
            .cloned()
            .ok_or_else(|| IpcError::new(ErrorCode::Storage, "no data directory"))?;
        let config = data_dir::config_dir().unwrap_or_else(|| data.join("keys"));
        Ok(Secrets::new(
            config.join("sync.key"),
            data.join("sync-secrets.bin"),
        ))
    }

    /// Runs a store operation on the blocking pool: SQLite calls block, and the async
    /// runtime's threads must stay free for IPC.
    pub async fn run<T, F>(&self, op: F) -> IpcResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> newsroom_core::Result<T> + Send + 'static,
    {
        let store = self.store()?;
        blocking(move || op(&store).map_err(IpcError::from)).await
    }
}

/// Runs CPU-heavy work (rendering a long article) off the async runtime.
pub async fn blocking<T, F>(work: F) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> IpcResult<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| IpcError::internal(format!("a background task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_file_is_reported_not_fatal() {
        let dir = match tempfile_dir() {
            Some(d) => d,
            None => return,
        };
        let db = dir.join(newsroom_core::store::DATABASE_FILE);
        std::fs::write(&db, b"this is not a database at all, just text").unwrap_or_default();
        let state = AppState::open(Some(dir.clone()));
        let err = state.open_error();
        assert!(
            err.is_some(),
            "a file that is not SQLite must be refused, not overwritten"
        );
        let after = std::fs::read(&db).unwrap_or_default();
        assert_eq!(
            after, b"this is not a database at all, just text",
            "the refused file must be left untouched"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> Option<PathBuf> {
        let dir = std::env::temp_dir().join(format!("newsroom-state-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        Some(dir)
    }
}
