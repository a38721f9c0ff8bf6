//! Every kind of edit an article can receive — text, workflow state, tags, schedule,
//! embargo, trash and restore, a revision restore — moves its version by exactly one and
//! records exactly one change. The sync engine guards its writes on both, so an edit kind
//! that skipped either could slip past that guard and count as sent without being sent.

mod schedule_support;

use newsroom_core::workflow::Action;
use newsroom_core::{changes, ArticleDraft, ArticleId};
use schedule_support::{at, desk_at, utc, wall, Desk};

fn snapshot(desk: &Desk, id: ArticleId) -> (i64, usize) {
    let version = desk.store.article(id).unwrap().version;
    let key = id.to_string();
    let recorded = desk
        .store
        .db()
        .read(|conn| changes::since(conn, 0, 100_000))
        .unwrap()
        .into_iter()
        .filter(|c| c.article_id == key)
        .count();
    (version, recorded)
}

/// Runs `edit` and checks it bumped the version once, recorded one change, and told the
/// sync engine there is work for the site (`Store::outgoing`), which it waits on.
fn one_step(desk: &Desk, id: ArticleId, what: &str, edit: impl FnOnce()) {
    let (v0, c0) = snapshot(desk, id);
    let mut outgoing = desk.store.outgoing();
    outgoing.mark_unchanged();
    edit();
    let (v1, c1) = snapshot(desk, id);
    assert_eq!(v1, v0 + 1, "{what}: the version must move by exactly one");
    assert_eq!(c1, c0 + 1, "{what}: exactly one change must be recorded");
    assert!(
        outgoing.has_changed().unwrap_or(false),
        "{what}: the edit must wake the sync engine"
    );
}

#[test]
fn every_kind_of_edit_bumps_the_version_once_and_records_one_change() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0));
    let s = &desk.store;
    let id = desk.approved("Одна правка — одна версия");

    one_step(&desk, id, "tags", || {
        s.set_article_tags(id, &["Алматы".to_string()]).unwrap();
    });
    one_step(&desk, id, "embargo", || {
        s.set_embargo(
            id,
            &wall("Asia/Almaty", "2026-01-15T10:00"),
            &desk.editor,
            "",
        )
        .unwrap();
    });
    one_step(&desk, id, "embargo lifted", || {
        s.clear_embargo(id, &desk.editor).unwrap();
    });
    one_step(&desk, id, "schedule", || {
        s.schedule_article(id, &at("Asia/Almaty", "2026-01-15T12:00"), &desk.editor)
            .unwrap();
    });
    one_step(&desk, id, "reschedule", || {
        s.reschedule_article(id, &at("Asia/Almaty", "2026-01-15T13:00"), &desk.editor)
            .unwrap();
    });
    one_step(&desk, id, "unschedule", || {
        s.unschedule_article(id, &desk.editor).unwrap();
    });
    one_step(&desk, id, "transition", || {
        s.apply_action(id, Action::RequestChanges, &desk.editor, Some("Короче"))
            .unwrap();
    });
    one_step(&desk, id, "text", || {
        let a = s.article(id).unwrap();
        let draft = ArticleDraft {
            body: "Новый текст.".into(),
            ..a.draft.clone()
        };
        s.save_revision(id, &draft, a.version).unwrap();
    });
    one_step(&desk, id, "revision restore", || {
        let a = s.article(id).unwrap();
        let first = s.list_revisions(id).unwrap().last().unwrap().id;
        s.restore_revision(first, a.version).unwrap();
    });
    one_step(&desk, id, "trash", || {
        s.trash_article(id).unwrap();
    });
    one_step(&desk, id, "restore", || {
        s.restore_article(id).unwrap();
    });
}

/// Notes travel to the site's desk thread, so writing one wakes the sync engine too; a
/// write that queued work and then failed rolled back, and must wake nobody.
#[test]
fn a_note_wakes_the_sync_engine_and_a_rolled_back_write_does_not() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0));
    let s = &desk.store;
    let id = desk.approved("Заметки на полях");
    let mut outgoing = s.outgoing();
    outgoing.mark_unchanged();

    let refused = s.db().write(|tx| {
        newsroom_core::outbox::enqueue(tx, &id.to_string(), 1, utc(2026, 1, 15, 3, 0))?;
        Err::<(), _>(newsroom_core::Error::Invalid("changed my mind".into()))
    });
    assert!(refused.is_err());
    assert!(
        !outgoing.has_changed().unwrap_or(true),
        "a rolled-back write queued nothing"
    );

    if let newsroom_core::workflow::Actor::Profile(editor) = desk.editor {
        s.switch_profile(editor).unwrap();
    }
    s.add_note(id, "Проверьте цифры во втором абзаце").unwrap();
    assert!(
        outgoing.has_changed().unwrap_or(false),
        "a note is work for the site"
    );
}
