//! Shared set-up for the core's integration tests: real SQLite files in temporary
//! directories and a clock the test moves by hand.
#![allow(dead_code)]

use newsroom_core::{ManualClock, Store};
use std::sync::Arc;
use tempfile::TempDir;

pub struct TestStore {
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub dir: TempDir,
}

pub fn open_store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(ManualClock::fixed());
    let store = Store::open_dir(dir.path(), clock.clone()).expect("open store");
    TestStore { store, clock, dir }
}

pub fn reopen(dir: &TempDir, clock: &Arc<ManualClock>) -> Store {
    Store::open_dir(dir.path(), clock.clone()).expect("reopen store")
}

pub fn fixture(name: &str) -> std::path::PathBuf {
    // Fixtures live inside the repository: a fresh clone must test on its own.
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}
