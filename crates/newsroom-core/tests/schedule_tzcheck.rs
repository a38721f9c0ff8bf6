//! A tz-rule change after scheduling: rows whose UTC instant was computed under the old
//! Asia/Almaty rules (UTC+6, before tzdb 2024a) are moved to what 09:00 Almaty means now,
//! and the user is told which articles moved and by how much.

mod schedule_support;

use newsroom_core::clock::to_millis;
use newsroom_core::schedule::{MovedTime, NoticeKind};
use newsroom_core::ArticleId;
use schedule_support::{at, desk_at, utc, wall, Desk};

/// Rewrites stored instants as an app with a pre-2024a tz database would have computed them.
fn as_if_computed_under_old_rules(desk: &Desk, schedule: ArticleId, embargo: ArticleId) {
    desk.store
        .db()
        .write(|tx| {
            // 09:00 at UTC+6 = 03:00 UTC; 10:00 at UTC+6 = 04:00 UTC.
            tx.execute(
                "UPDATE schedules SET publish_at = ?2 WHERE article_id = ?1",
                rusqlite::params![schedule.to_string(), to_millis(utc(2026, 1, 16, 3, 0))],
            )?;
            tx.execute(
                "UPDATE embargoes SET until_at = ?2 WHERE article_id = ?1",
                rusqlite::params![embargo.to_string(), to_millis(utc(2026, 1, 16, 4, 0))],
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn future_schedules_and_embargoes_follow_the_new_rules_keeping_the_wall_clock_time() {
    let mut desk = desk_at(utc(2026, 1, 15, 0, 0));
    let scheduled = desk.approved("Утренний выпуск");
    let embargoed = desk.approved("Отчёт под эмбарго");
    desk.store
        .schedule_article(
            scheduled,
            &at("Asia/Almaty", "2026-01-16T09:00"),
            &desk.editor,
        )
        .unwrap();
    desk.store
        .set_embargo(
            embargoed,
            &wall("Asia/Almaty", "2026-01-16T10:00"),
            &desk.editor,
            "",
        )
        .unwrap();
    as_if_computed_under_old_rules(&desk, scheduled, embargoed);

    // The app restarts with the current tz database at 03:30 UTC (08:30 Almaty). Under the
    // old instant the article would already be "due" — the recheck must come first.
    desk.clock.set(utc(2026, 1, 16, 3, 30));
    desk.reopen();
    let recheck = desk.store.recheck_zone_rules().unwrap();
    let moved: Vec<(ArticleId, i64)> = recheck
        .moved
        .iter()
        .map(|m: &MovedTime| (m.article_id, m.minutes))
        .collect();
    assert_eq!(
        moved,
        [(scheduled, 60), (embargoed, 60)],
        "both instants move an hour later"
    );
    assert_eq!(recheck.tzdb_version, newsroom_core::schedule::TZDB_VERSION);

    let view = desk.store.schedule_of(scheduled, "UTC").unwrap().unwrap();
    assert_eq!(
        view.publish_at,
        utc(2026, 1, 16, 4, 0),
        "09:00 Almaty is 04:00 UTC under the current rules"
    );
    assert_eq!(
        view.local, "2026-01-16T09:00",
        "the wall-clock time the editor chose is kept"
    );
    assert_eq!(
        desk.store.embargo(embargoed, "UTC").unwrap().unwrap().until,
        utc(2026, 1, 16, 5, 0)
    );
    assert!(
        desk.store.publish_due().unwrap().published.is_empty(),
        "08:30 Almaty is not 09:00"
    );

    let notices = desk.store.schedule_notices(false).unwrap();
    let kinds: Vec<NoticeKind> = notices.iter().map(|n| n.kind).collect();
    assert!(
        kinds.contains(&NoticeKind::ScheduleMoved) && kinds.contains(&NoticeKind::EmbargoMoved),
        "{kinds:?}"
    );
    let msg = &notices
        .iter()
        .find(|n| n.kind == NoticeKind::ScheduleMoved)
        .unwrap()
        .message;
    assert!(
        msg.contains("2026-01-16 09:00 Asia/Almaty") && msg.contains("later by 60 minutes"),
        "{msg}"
    );
    assert_eq!(
        notices
            .iter()
            .find(|n| n.article_id == scheduled)
            .unwrap()
            .headline,
        "Утренний выпуск"
    );

    let again = desk.store.recheck_zone_rules().unwrap();
    assert!(
        again.moved.is_empty(),
        "a second check finds nothing to move"
    );
    assert_eq!(
        again.previous_version.as_deref(),
        Some(newsroom_core::schedule::TZDB_VERSION)
    );
    assert_eq!(
        desk.store.schedule_notices(false).unwrap().len(),
        2,
        "and writes no new notices"
    );
}

#[test]
fn published_articles_and_past_embargoes_are_left_alone() {
    let desk = desk_at(utc(2026, 1, 15, 0, 0));
    let id = desk.approved("Уже вышло");
    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-15T06:00"), &desk.editor)
        .unwrap();
    desk.clock.set(utc(2026, 1, 15, 1, 0));
    desk.store.publish_due().unwrap();
    desk.store
        .db()
        .write(|tx| {
            tx.execute("UPDATE schedules SET publish_at = publish_at - 3600000", [])?;
            Ok(())
        })
        .unwrap();
    let recheck = desk.store.recheck_zone_rules().unwrap();
    assert!(
        recheck.moved.is_empty(),
        "history is not rewritten: a published article did go out when it did"
    );
}
