//! The scheduler on a real SQLite file with a hand-moved clock: due, early (embargo),
//! missed while the app was closed, rescheduled, unscheduled — and the tokio loop itself.

mod schedule_support;

use chrono::Duration;
use newsroom_core::schedule::{
    scheduler_loop, NoticeKind, PublishListener, PublishedItem, WarningKind,
};
use newsroom_core::workflow::Action;
use newsroom_core::ErrorCode;
use schedule_support::{at, desk_at, utc, wall};
use std::sync::{Arc, Mutex};

#[test]
fn due_article_is_published_by_the_scheduler_at_its_time_not_before() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0));
    let id = desk.approved("В девять утра");
    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T09:00"), &desk.editor)
        .unwrap();

    desk.clock.set(utc(2026, 1, 15, 3, 59));
    let report = desk.store.publish_due().unwrap();
    assert!(
        report.published.is_empty(),
        "a minute early nothing goes out"
    );
    assert_eq!(
        report.next_wake,
        Some(utc(2026, 1, 15, 4, 0)),
        "the loop is told when to wake"
    );
    assert_eq!(desk.status(id), "scheduled");

    desk.clock.set(utc(2026, 1, 15, 4, 0));
    let report = desk.store.publish_due().unwrap();
    assert_eq!(report.published.len(), 1);
    assert_eq!(
        report.published[0].late_minutes, None,
        "on time is not late"
    );
    assert_eq!(desk.status(id), "published");
    assert!(
        desk.store.schedule_notices(false).unwrap().is_empty(),
        "an on-time publish needs no notice"
    );
    let again = desk.store.publish_due().unwrap();
    assert!(
        again.published.is_empty(),
        "an article is published once, not on every wake"
    );
}

#[test]
fn embargo_holds_back_every_path_to_publication() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0));
    let id = desk.approved("Под эмбарго");
    desk.store
        .set_embargo(
            id,
            &wall("Asia/Almaty", "2026-01-15T12:00"),
            &desk.journalist,
            "",
        )
        .unwrap();

    // A schedule before the embargo is refused…
    let err = desk
        .store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T11:00"), &desk.editor)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    assert!(
        err.to_string()
            .contains("embargo until 2026-01-15 12:00 Asia/Almaty"),
        "{err}"
    );
    // …and so is an editor's publish button.
    let err = desk
        .store
        .apply_action(id, Action::Publish, &desk.editor, None)
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Forbidden,
        "an editor must not publish before the embargo: {err}"
    );

    // A journalist may not loosen it; an editor may.
    let err = desk
        .store
        .set_embargo(
            id,
            &wall("Asia/Almaty", "2026-01-15T10:00"),
            &desk.journalist,
            "",
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");

    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T12:00"), &desk.editor)
        .unwrap();
    desk.clock.set(utc(2026, 1, 15, 7, 0));
    assert_eq!(desk.status(id), "scheduled");
    assert_eq!(
        desk.store.publish_due().unwrap().published.len(),
        1,
        "at the embargo it goes out"
    );
}

#[test]
fn an_embargo_set_after_scheduling_holds_the_scheduler_until_it_ends() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0));
    let id = desk.approved("Эмбарго позже");
    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T10:00"), &desk.editor)
        .unwrap();
    let outcome = desk
        .store
        .set_embargo(
            id,
            &wall("Asia/Almaty", "2026-01-15T11:00"),
            &desk.journalist,
            "",
        )
        .unwrap();
    assert_eq!(
        outcome.warnings.len(),
        1,
        "the user is told the schedule now waits for the embargo"
    );
    assert_eq!(outcome.warnings[0].kind, WarningKind::BeforeEmbargo);

    desk.clock.set(utc(2026, 1, 15, 5, 30)); // 10:30 in Almaty: scheduled time passed, embargo not
    let report = desk.store.publish_due().unwrap();
    assert!(
        report.published.is_empty(),
        "the scheduler must not publish before the embargo"
    );
    assert_eq!(
        report.next_wake,
        Some(utc(2026, 1, 15, 6, 0)),
        "it wakes when the embargo ends"
    );
    desk.clock.set(utc(2026, 1, 15, 6, 0));
    assert_eq!(desk.store.publish_due().unwrap().published.len(), 1);
    assert_eq!(desk.status(id), "published");
}

#[test]
fn missed_while_closed_is_published_on_next_start_with_a_late_notice() {
    let mut desk = desk_at(utc(2026, 1, 15, 3, 0));
    let id = desk.approved("Пока ноутбук спал");
    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T09:00"), &desk.editor)
        .unwrap();

    // The app is closed at 08:30 Almaty and started again at 10:47.
    desk.clock.set(utc(2026, 1, 15, 5, 47));
    desk.reopen();
    desk.store.recheck_zone_rules().unwrap();
    let report = desk.store.publish_due().unwrap();
    assert_eq!(
        report.published.len(),
        1,
        "what fell due while closed goes out on the next start"
    );
    assert_eq!(report.published[0].late_minutes, Some(107));
    assert_eq!(desk.status(id), "published");

    let notices = desk.store.schedule_notices(false).unwrap();
    assert_eq!(notices.len(), 1, "a late publish is never silent");
    assert_eq!(notices[0].kind, NoticeKind::LatePublish);
    assert!(
        notices[0].message.contains("107 minutes late"),
        "{}",
        notices[0].message
    );
    assert!(
        notices[0].message.contains("2026-01-15 09:00 Asia/Almaty"),
        "{}",
        notices[0].message
    );

    // The notice survives another restart until the user acknowledges it.
    desk.reopen();
    let notices = desk.store.schedule_notices(false).unwrap();
    assert_eq!(notices.len(), 1, "notices persist until acknowledged");
    desk.store.acknowledge_notice(notices[0].id).unwrap();
    assert!(desk.store.schedule_notices(false).unwrap().is_empty());
    assert_eq!(
        desk.store.schedule_notices(true).unwrap().len(),
        1,
        "acknowledged notices stay in the log"
    );
}

#[test]
fn rescheduled_article_goes_out_at_the_new_time() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0));
    let id = desk.approved("Перенос");
    let err = desk
        .store
        .reschedule_article(id, &at("Asia/Almaty", "2026-01-15T10:00"), &desk.editor)
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Conflict,
        "only a scheduled article can be rescheduled: {err}"
    );
    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T09:00"), &desk.editor)
        .unwrap();
    let moved = desk
        .store
        .reschedule_article(id, &at("Asia/Almaty", "2026-01-15T11:00"), &desk.editor)
        .unwrap();
    assert_eq!(moved.schedule.publish_at, utc(2026, 1, 15, 6, 0));
    let err = desk
        .store
        .reschedule_article(id, &at("Asia/Almaty", "2026-01-15T12:00"), &desk.journalist)
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Forbidden,
        "journalists do not move publication times: {err}"
    );

    desk.clock.set(utc(2026, 1, 15, 4, 30));
    assert!(
        desk.store.publish_due().unwrap().published.is_empty(),
        "the old time no longer counts"
    );
    desk.clock.set(utc(2026, 1, 15, 6, 0));
    assert_eq!(desk.store.publish_due().unwrap().published.len(), 1);
}

#[test]
fn unscheduled_article_is_not_published_and_is_approved_again() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0));
    let id = desk.approved("Отмена");
    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T09:00"), &desk.editor)
        .unwrap();
    let err = desk
        .store
        .unschedule_article(id, &desk.journalist)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    desk.store.unschedule_article(id, &desk.editor).unwrap();
    assert_eq!(desk.status(id), "approved");
    desk.clock.set(utc(2026, 1, 15, 5, 0));
    assert!(desk
        .store
        .due_schedules(desk.store.now())
        .unwrap()
        .due
        .is_empty());
    assert!(desk.store.publish_due().unwrap().published.is_empty());
    assert_eq!(
        desk.status(id),
        "approved",
        "an unscheduled article stays unpublished"
    );
}

#[test]
fn warnings_for_past_soon_and_two_leads_in_one_slot() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0)); // 08:00 in Almaty
    let a = desk.approved("Главная 1");
    let b = desk.approved("Главная 2");
    let c = desk.approved("Срочно");
    let mut lead = at("Asia/Almaty", "2026-01-15T12:00");
    lead.lead = true;
    assert!(desk
        .store
        .schedule_article(a, &lead, &desk.editor)
        .unwrap()
        .warnings
        .is_empty());
    lead.time.local = "2026-01-15T12:30".into();
    let w = desk
        .store
        .schedule_article(b, &lead, &desk.editor)
        .unwrap()
        .warnings;
    assert_eq!(
        w.iter().map(|w| w.kind).collect::<Vec<_>>(),
        [WarningKind::LeadClash],
        "{w:?}"
    );
    assert_eq!(w[0].other_article, Some(a));

    let soon = desk
        .store
        .preview_schedule(c, &at("Asia/Almaty", "2026-01-15T08:01"), &desk.editor)
        .unwrap();
    assert_eq!(
        soon.warnings.iter().map(|w| w.kind).collect::<Vec<_>>(),
        [WarningKind::TooSoon]
    );
    let past = desk
        .store
        .schedule_article(c, &at("Asia/Almaty", "2026-01-15T07:00"), &desk.editor)
        .unwrap();
    assert_eq!(
        past.warnings.iter().map(|w| w.kind).collect::<Vec<_>>(),
        [WarningKind::InPast]
    );
}

struct Collect(Mutex<Vec<PublishedItem>>, tokio::sync::Notify);

impl PublishListener for Collect {
    fn published(&self, item: &PublishedItem) {
        self.0.lock().unwrap().push(item.clone());
        self.1.notify_one();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_publishes_when_the_clock_reaches_the_time_and_stops_on_shutdown() {
    let desk = desk_at(utc(2026, 1, 15, 3, 0));
    let id = desk.approved("Цикл");
    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T09:00"), &desk.editor)
        .unwrap();
    let listener = Arc::new(Collect(Mutex::new(Vec::new()), tokio::sync::Notify::new()));
    let (runner, handle) = scheduler_loop(desk.store.clone(), listener.clone());
    let task = tokio::spawn(runner.with_tick(std::time::Duration::from_millis(50)).run());

    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        listener.0.lock().unwrap().is_empty(),
        "nothing is due an hour early"
    );
    desk.clock.advance(Duration::hours(1));
    handle.replan();
    tokio::time::timeout(std::time::Duration::from_secs(10), listener.1.notified())
        .await
        .expect("the loop must publish once the clock reaches the time");
    assert_eq!(listener.0.lock().unwrap()[0].article_id, id);
    assert_eq!(desk.status(id), "published");

    handle.shutdown();
    tokio::time::timeout(std::time::Duration::from_secs(10), task)
        .await
        .expect("the loop stops when told")
        .unwrap();
}
