//! Scheduling at wall-clock times in IANA zones, through the store on a real SQLite file:
//! Kazakhstan's 2024 change, Berlin's DST gap and overlap, and one schedule shown in
//! several zones.

mod schedule_support;

use newsroom_core::schedule::{Fold, ScheduleRequest};
use newsroom_core::ErrorCode;
use schedule_support::{at, desk_at, utc};

#[test]
fn almaty_is_utc_plus_6_before_and_utc_plus_5_from_1_march_2024() {
    let desk = desk_at(utc(2024, 2, 20, 0, 0));
    let before = desk.approved("До перехода");
    let after = desk.approved("После перехода");
    let s1 = desk
        .store
        .schedule_article(before, &at("Asia/Almaty", "2024-02-29T09:00"), &desk.editor)
        .unwrap();
    let s2 = desk
        .store
        .schedule_article(after, &at("Asia/Almaty", "2024-03-01T09:00"), &desk.editor)
        .unwrap();
    assert_eq!(
        s1.schedule.publish_at,
        utc(2024, 2, 29, 3, 0),
        "09:00 Almaty was 03:00 UTC under UTC+6"
    );
    assert_eq!(
        s2.schedule.publish_at,
        utc(2024, 3, 1, 4, 0),
        "09:00 Almaty is 04:00 UTC since 2024-03-01; an old tz database says 03:00 — an hour early"
    );
    assert_eq!(
        s2.schedule.newsroom.local, "2024-03-01T09:00",
        "the newsroom sees the time it typed"
    );
    assert_eq!(s2.schedule.newsroom.offset, "+05:00");
    assert_eq!(desk.status(after), "scheduled");
}

#[test]
fn a_time_skipped_by_berlin_dst_is_refused_unless_an_offset_is_chosen() {
    let desk = desk_at(utc(2026, 3, 1, 0, 0));
    let id = desk.approved("Frühling");
    let err = desk
        .store
        .schedule_article(id, &at("Europe/Berlin", "2026-03-29T02:30"), &desk.editor)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    assert!(
        err.to_string().contains("does not exist"),
        "the error must say why: {err}"
    );
    assert_eq!(
        desk.status(id),
        "approved",
        "a refused schedule must leave the article as it was"
    );
    assert!(
        desk.store.schedule_of(id, "").unwrap().is_none(),
        "and write no schedule row"
    );

    let mut chosen = at("Europe/Berlin", "2026-03-29T02:30");
    chosen.time.fold = Some(Fold::Earlier);
    let s = desk
        .store
        .schedule_article(id, &chosen, &desk.editor)
        .unwrap();
    assert_eq!(
        s.schedule.publish_at,
        utc(2026, 3, 29, 1, 30),
        "read with the old offset (+01:00)"
    );
    assert_eq!(
        s.schedule.fold,
        Some(Fold::Earlier),
        "the choice is stored with the wall-clock time"
    );
}

#[test]
fn a_time_doubled_by_berlin_fall_back_needs_a_choice_and_keeps_it() {
    let desk = desk_at(utc(2026, 10, 1, 0, 0));
    let id = desk.approved("Herbst");
    let err = desk
        .store
        .schedule_article(id, &at("Europe/Berlin", "2026-10-25T02:30"), &desk.editor)
        .unwrap_err();
    assert!(err.to_string().contains("happens twice"), "{err}");

    let mut second = at("Europe/Berlin", "2026-10-25T02:30");
    second.time.fold = Some(Fold::Later);
    let s = desk
        .store
        .schedule_article(id, &second, &desk.editor)
        .unwrap();
    assert_eq!(
        s.schedule.publish_at,
        utc(2026, 10, 25, 1, 30),
        "the second 02:30 is CET, 01:30 UTC"
    );
    assert_eq!(s.schedule.local, "2026-10-25T02:30");

    let preview = desk
        .store
        .preview_schedule(id, &at("Europe/Berlin", "2026-10-25T02:30"), &desk.editor)
        .unwrap();
    assert_eq!(
        preview.check.options.len(),
        2,
        "the dialog offers both occurrences"
    );
    assert!(preview.problem.is_some(), "and says a choice is needed");
    assert_eq!(
        preview.publish_at, None,
        "without a choice there is no instant"
    );
}

#[test]
fn one_schedule_shown_in_utc_moscow_and_almaty() {
    let desk = desk_at(utc(2026, 1, 15, 0, 0));
    let id = desk.approved("Три пояса");
    for (user_zone, local, offset) in [
        ("UTC", "2026-01-16T04:00", "+00:00"),
        ("Europe/Moscow", "2026-01-16T07:00", "+03:00"),
        ("Asia/Almaty", "2026-01-16T09:00", "+05:00"),
    ] {
        let view = if desk.status(id) == "approved" {
            let request = ScheduleRequest {
                user_zone: Some(user_zone.into()),
                ..at("Asia/Almaty", "2026-01-16T09:00")
            };
            desk.store
                .schedule_article(id, &request, &desk.editor)
                .unwrap()
                .schedule
        } else {
            desk.store.schedule_of(id, user_zone).unwrap().unwrap()
        };
        assert_eq!(view.user.zone, user_zone);
        assert_eq!(
            (view.user.local.as_str(), view.user.offset.as_str()),
            (local, offset),
            "in {user_zone}"
        );
        assert_eq!(
            view.newsroom.local, "2026-01-16T09:00",
            "the newsroom (Almaty) time stays the same"
        );
    }
}

#[test]
fn a_schedule_in_another_zone_is_shown_in_the_newsroom_zone() {
    let desk = desk_at(utc(2026, 1, 15, 0, 0));
    let id = desk.approved("Из Москвы");
    let s = desk
        .store
        .schedule_article(id, &at("Europe/Moscow", "2026-01-16T10:00"), &desk.editor)
        .unwrap();
    assert_eq!(s.schedule.zone, "Europe/Moscow");
    assert_eq!(s.schedule.newsroom.zone, "Asia/Almaty");
    assert_eq!(
        s.schedule.newsroom.local, "2026-01-16T12:00",
        "10:00 MSK is 12:00 in Almaty"
    );
}
