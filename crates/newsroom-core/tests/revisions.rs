//! Revision history: one revision per pause, not per keystroke; diffs; restore never
//! loses anything.

mod common;

use chrono::Duration;
use common::open_store;
use newsroom_core::revision::{DiffOp, AUTOSAVE_PAUSE};
use newsroom_core::{ArticleDraft, RevisionKind};

fn body(text: &str) -> ArticleDraft {
    ArticleDraft {
        headline: "Статья".into(),
        body: text.into(),
        ..ArticleDraft::default()
    }
}

#[test]
fn continuous_typing_is_one_revision_and_a_pause_starts_another() {
    let t = open_store();
    let a = t.store.create_article(&body("")).unwrap();
    let mut version = a.version;
    let mut text = String::new();
    for word in ["Сегодня ", "в ", "Алматы ", "снег."] {
        t.clock.advance(Duration::seconds(1));
        text.push_str(word);
        version = t
            .store
            .save_draft(a.id, &body(&text), version)
            .unwrap()
            .version;
    }
    assert_eq!(
        t.store.list_revisions(a.id).unwrap().len(),
        2,
        "created + one autosave run"
    );

    t.clock.advance(AUTOSAVE_PAUSE + Duration::seconds(1));
    text.push_str(" Завтра мороз.");
    t.store.save_draft(a.id, &body(&text), version).unwrap();
    let revisions = t.store.list_revisions(a.id).unwrap();
    assert_eq!(revisions.len(), 3, "a pause starts a new revision");
    assert_eq!(revisions[0].kind, RevisionKind::Autosave);
    let latest = t.store.revision(revisions[0].id).unwrap();
    assert_eq!(
        latest.draft.body, text,
        "the newest revision holds the newest text"
    );
    let earlier = t.store.revision(revisions[1].id).unwrap();
    assert_eq!(
        earlier.draft.body, "Сегодня в Алматы снег.",
        "the earlier run is kept as it was"
    );
}

#[test]
fn explicit_save_always_makes_a_revision() {
    let t = open_store();
    let a = t.store.create_article(&body("")).unwrap();
    let v = t
        .store
        .save_draft(a.id, &body("черновик"), a.version)
        .unwrap()
        .version;
    let v = t
        .store
        .save_revision(a.id, &body("черновик"), v)
        .unwrap()
        .version;
    t.clock.advance(Duration::seconds(1));
    t.store
        .save_draft(a.id, &body("черновик и ещё"), v)
        .unwrap();
    let kinds: Vec<_> = t
        .store
        .list_revisions(a.id)
        .unwrap()
        .iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            RevisionKind::Autosave,
            RevisionKind::Manual,
            RevisionKind::Autosave,
            RevisionKind::Created
        ],
        "typing after an explicit save must not change the saved revision"
    );
}

#[test]
fn diff_shows_deleted_and_inserted_lines() {
    let t = open_store();
    let a = t
        .store
        .create_article(&body("первый абзац\nвторой абзац\n"))
        .unwrap();
    t.store
        .save_revision(a.id, &body("первый абзац\nновый второй абзац\n"), a.version)
        .unwrap();
    let revisions = t.store.list_revisions(a.id).unwrap();
    let diff = t
        .store
        .diff_revisions(revisions[1].id, revisions[0].id)
        .unwrap();
    assert_eq!(diff.len(), 1, "only the body changed: {diff:?}");
    assert_eq!(diff[0].field, "body");
    let ops: Vec<_> = diff[0]
        .chunks
        .iter()
        .map(|c| (c.op, c.text.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            (DiffOp::Equal, "первый абзац\n"),
            (DiffOp::Delete, "второй абзац\n"),
            (DiffOp::Insert, "новый второй абзац\n")
        ]
    );
}

#[test]
fn restoring_adds_a_revision_and_keeps_the_newer_text() {
    let t = open_store();
    let a = t.store.create_article(&body("старый текст")).unwrap();
    let v = t
        .store
        .save_revision(a.id, &body("новый текст"), a.version)
        .unwrap()
        .version;
    let oldest = t
        .store
        .list_revisions(a.id)
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let restored = t.store.restore_revision(oldest.id, v).unwrap();
    assert_eq!(restored.draft.body, "старый текст");

    let revisions = t.store.list_revisions(a.id).unwrap();
    assert_eq!(revisions.len(), 3, "restore adds, never removes");
    assert_eq!(revisions[0].kind, RevisionKind::Restore);
    assert_eq!(revisions[0].restored_from, Some(oldest.id));
    assert!(
        revisions
            .iter()
            .any(|r| t.store.revision(r.id).unwrap().draft.body == "новый текст"),
        "the text that was current before the restore is still in history"
    );
}

#[test]
fn restore_from_a_stale_editor_is_refused() {
    let t = open_store();
    let a = t.store.create_article(&body("один")).unwrap();
    t.store
        .save_revision(a.id, &body("два"), a.version)
        .unwrap();
    let first = t
        .store
        .list_revisions(a.id)
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let err = t.store.restore_revision(first.id, a.version).unwrap_err();
    assert_eq!(err.code(), newsroom_core::ErrorCode::Conflict);
}
