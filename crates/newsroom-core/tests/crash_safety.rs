//! A process killed with SIGKILL in the middle of autosaving loses nothing it had
//! committed, and leaves a database that opens and passes `PRAGMA integrity_check`.

use newsroom_core::{ArticleId, Store, SystemClock};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;

/// The example binary cargo builds next to this test's binary.
fn writer_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let debug_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target profile dir");
    debug_dir
        .join("examples")
        .join(format!("autosave_writer{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn sigkill_mid_autosave_keeps_every_committed_revision() {
    let binary = writer_binary();
    assert!(
        binary.exists(),
        "{} is built by `cargo test` (examples are built with tests)",
        binary.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newsroom.sqlite3");

    for round in 0..3 {
        let mut child = Command::new(&binary)
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().unwrap();
        let mut committed: Vec<(ArticleId, i64, usize)> = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let mut parts = line.split_whitespace();
            let id: ArticleId = parts.next().unwrap().parse().unwrap();
            let revision: i64 = parts.next().unwrap().parse().unwrap();
            let len: usize = parts.next().unwrap().parse().unwrap();
            committed.push((id, revision, len));
            // Vary the moment of the kill between rounds so it lands at different points.
            if committed.len() == 40 + round * 37 {
                child.kill().expect("SIGKILL the writer");
                break;
            }
        }
        child.wait().unwrap();

        let verdict: String = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            verdict, "ok",
            "round {round}: the database must be intact after SIGKILL"
        );

        let store = Store::open_file(&db, Arc::new(SystemClock))
            .expect("the database opens after the kill");
        let (article_id, _, last_len) = *committed.last().unwrap();
        let article = store.article(article_id).unwrap();
        assert!(
            article.draft.body.len() >= last_len,
            "round {round}: the last committed text ({last_len} bytes) must survive; found {}",
            article.draft.body.len()
        );
        for (_, revision_id, len) in &committed {
            let revision = store.revision(*revision_id).unwrap_or_else(|e| {
                panic!("round {round}: committed revision {revision_id} is missing after the kill: {e}")
            });
            assert!(
                revision.draft.body.len() >= *len,
                "round {round}: revision {revision_id} lost text ({} < {len})",
                revision.draft.body.len()
            );
        }
    }
}
