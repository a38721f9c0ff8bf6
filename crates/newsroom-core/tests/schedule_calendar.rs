//! The publishing calendar: day boundaries in the calendar's zone, DST weeks, scheduled
//! and published articles side by side.

mod schedule_support;

use newsroom_core::schedule::{CalendarQuery, CalendarState};
use schedule_support::{at, desk_at, utc};

fn query(start: &str, days: u32, zone: &str) -> CalendarQuery {
    CalendarQuery {
        start: start.into(),
        days,
        zone: Some(zone.into()),
        user_zone: Some("Europe/Moscow".into()),
    }
}

#[test]
fn an_article_just_after_midnight_in_almaty_is_on_the_almaty_day_not_the_utc_day() {
    let desk = desk_at(utc(2026, 1, 14, 0, 0));
    let id = desk.approved("Ночной выпуск");
    desk.store
        .schedule_article(id, &at("Asia/Almaty", "2026-01-16T00:30"), &desk.editor)
        .unwrap();

    let almaty = desk
        .store
        .calendar(&query("2026-01-16", 1, "Asia/Almaty"))
        .unwrap();
    assert_eq!(
        almaty.days[0].items.len(),
        1,
        "00:30 on the 16th in Almaty is on the 16th there"
    );
    let item = &almaty.days[0].items[0];
    assert_eq!(item.state, CalendarState::Scheduled);
    assert_eq!(item.local.local, "2026-01-16T00:30");
    assert_eq!(
        item.user.local, "2026-01-15T22:30",
        "and shown in the user's zone (Moscow)"
    );

    let utc_day = desk.store.calendar(&query("2026-01-15", 1, "UTC")).unwrap();
    assert_eq!(
        utc_day.days[0].items.len(),
        1,
        "in UTC the same instant is on the 15th"
    );
    let almaty_15 = desk
        .store
        .calendar(&query("2026-01-15", 1, "Asia/Almaty"))
        .unwrap();
    assert!(
        almaty_15.days[0].items.is_empty(),
        "and not on the Almaty 15th"
    );
}

#[test]
fn week_view_shows_scheduled_and_published_on_their_days() {
    let desk = desk_at(utc(2026, 1, 12, 0, 0)); // Monday 05:00 in Almaty
    let out = desk.approved("Уже вышла");
    let next = desk.approved("Выйдет в пятницу");
    desk.store
        .schedule_article(out, &at("Asia/Almaty", "2026-01-13T09:00"), &desk.editor)
        .unwrap();
    desk.store
        .schedule_article(next, &at("Asia/Almaty", "2026-01-16T18:00"), &desk.editor)
        .unwrap();
    desk.clock.set(utc(2026, 1, 13, 4, 0));
    assert_eq!(desk.store.publish_due().unwrap().published.len(), 1);

    let week = desk
        .store
        .calendar(&query("2026-01-12", 7, "Asia/Almaty"))
        .unwrap();
    assert_eq!(week.days.len(), 7);
    let per_day: Vec<Vec<(String, CalendarState)>> = week
        .days
        .iter()
        .map(|d| {
            d.items
                .iter()
                .map(|i| (i.headline.clone(), i.state))
                .collect()
        })
        .collect();
    assert_eq!(
        per_day[1],
        [("Уже вышла".to_string(), CalendarState::Published)],
        "Tuesday: published"
    );
    assert_eq!(
        per_day[4],
        [("Выйдет в пятницу".to_string(), CalendarState::Scheduled)],
        "Friday: scheduled"
    );
    assert_eq!(
        per_day.iter().map(Vec::len).sum::<usize>(),
        2,
        "each article once"
    );
    assert_eq!(
        week.days[1].items[0].scheduled_for,
        Some(utc(2026, 1, 13, 4, 0))
    );
}

#[test]
fn berlin_week_over_the_dst_change_keeps_late_sunday_on_sunday() {
    let desk = desk_at(utc(2026, 3, 1, 0, 0));
    let id = desk.approved("Sonntagabend");
    desk.store
        .schedule_article(id, &at("Europe/Berlin", "2026-03-29T23:30"), &desk.editor)
        .unwrap();
    let week = desk
        .store
        .calendar(&query("2026-03-23", 7, "Europe/Berlin"))
        .unwrap();
    let sunday = &week.days[6];
    assert_eq!(sunday.date, "2026-03-29");
    assert_eq!(
        (sunday.end - sunday.start).num_hours(),
        23,
        "the DST day is 23 hours"
    );
    assert_eq!(
        sunday.items.len(),
        1,
        "23:30 on the DST Sunday is still Sunday"
    );
}

#[test]
fn bad_ranges_are_refused() {
    let desk = desk_at(utc(2026, 1, 14, 0, 0));
    assert!(desk
        .store
        .calendar(&query("2026-01-16", 0, "Asia/Almaty"))
        .is_err());
    assert!(desk
        .store
        .calendar(&query("2026-01-16", 400, "Asia/Almaty"))
        .is_err());
    assert!(desk
        .store
        .calendar(&query("16.01.2026", 1, "Asia/Almaty"))
        .is_err());
    assert!(desk
        .store
        .calendar(&query("2026-01-16", 1, "Mars/Base"))
        .is_err());
}
