//! Wall-clock time in an IANA zone ↔ UTC instant.
//!
//! A newsroom schedules "09:00 in Almaty", not an instant, so the wall-clock time is what we
//! keep and the instant is derived from it with the bundled tz database. Around DST changes a
//! wall-clock time can be skipped (spring forward) or happen twice (fall back); those are
//! refused with an error that says what happened, unless the caller picked an offset
//! explicitly — a time is never silently shifted.

use crate::error::{Error, ErrorCode, Result};
use crate::said::Said;
use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};
use chrono_tz::{GapInfo, OffsetName, Tz};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The tz database bundled into this build (chrono-tz). Kazakhstan's move to UTC+5 on
/// 2024-03-01 is in 2024a and later.
pub const TZDB_VERSION: &str = chrono_tz::IANA_TZDB_VERSION;

/// Which offset to use for a wall-clock time at a DST change, chosen by the user.
///
/// `Earlier` is the offset in effect before the clock change, `Later` the one after (PEP 495's
/// fold 0 and 1). For a time that happens twice, `Earlier` is the first occurrence; for a
/// skipped time, `Earlier` reads it with the old offset, which lands just after the gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Fold {
    Earlier,
    Later,
}

impl Fold {
    pub fn as_str(self) -> &'static str {
        match self {
            Fold::Earlier => "earlier",
            Fold::Later => "later",
        }
    }

    pub fn parse(s: &str) -> Option<Fold> {
        match s {
            "earlier" => Some(Fold::Earlier),
            "later" => Some(Fold::Later),
            _ => None,
        }
    }
}

/// What a wall-clock time is in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalKind {
    Unique(DateTime<Utc>),
    /// The time happens twice (clocks go back); `earlier` is its first occurrence.
    Ambiguous {
        earlier: DateTime<Utc>,
        later: DateTime<Utc>,
    },
    /// The time is skipped (clocks go forward). `earlier`/`later` read it with the offset
    /// before/after the change; `gap_start`/`gap_end` are the local times the clocks jump
    /// between.
    Nonexistent {
        earlier: DateTime<Utc>,
        later: DateTime<Utc>,
        gap_start: NaiveDateTime,
        gap_end: NaiveDateTime,
    },
}

/// Looks up an IANA zone name ("Asia/Almaty").
pub fn parse_zone(name: &str) -> Result<Tz> {
    let name = name.trim();
    name.parse::<Tz>().map_err(|_| {
        Error::said(
            ErrorCode::Invalid,
            Said::new(
                "schedule.problem.bad_zone",
                format!(
                    "{name:?} is not a known time zone (expected an IANA name like Asia/Almaty)"
                ),
            )
            .text("zone", name),
        )
    })
}

/// Parses a wall-clock time as the UI's `datetime-local` input gives it: `YYYY-MM-DDTHH:MM`,
/// optionally with seconds; a space instead of `T` is accepted.
pub fn parse_local(s: &str) -> Result<NaiveDateTime> {
    let s = s.trim();
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Ok(t);
        }
    }
    Err(Error::Invalid(format!(
        "{s:?} is not a date and time (expected YYYY-MM-DDTHH:MM)"
    )))
}

/// The stored form of a wall-clock time (sortable, seconds always present).
pub fn format_local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Classifies a wall-clock time in a zone.
pub fn classify(tz: Tz, local: NaiveDateTime) -> LocalKind {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => LocalKind::Unique(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
            LocalKind::Ambiguous {
                earlier: a.min(b),
                later: a.max(b),
            }
        }
        LocalResult::None => nonexistent(tz, local),
    }
}

fn nonexistent(tz: Tz, local: NaiveDateTime) -> LocalKind {
    // GapInfo knows the offsets on both sides of the gap; the fallbacks (a day before and
    // after) only matter at the edges of the database, where GapInfo has no neighbour.
    let gap = GapInfo::new(&local, &tz);
    let before: FixedOffset = gap
        .as_ref()
        .and_then(|g| g.begin.as_ref().map(|(_, off)| off.fix()))
        .unwrap_or_else(|| offset_at_local_guess(tz, local - Duration::days(1)));
    let after: FixedOffset = gap
        .as_ref()
        .and_then(|g| g.end.map(|t| t.offset().fix()))
        .unwrap_or_else(|| offset_at_local_guess(tz, local + Duration::days(1)));
    let gap_start = gap
        .as_ref()
        .and_then(|g| g.begin.as_ref().map(|(t, _)| *t))
        .unwrap_or(local);
    let gap_end = gap
        .as_ref()
        .and_then(|g| g.end.map(|t| t.naive_local()))
        .unwrap_or(local);
    let read_with =
        |off: FixedOffset| (local - Duration::seconds(off.local_minus_utc() as i64)).and_utc();
    LocalKind::Nonexistent {
        earlier: read_with(before),
        later: read_with(after),
        gap_start,
        gap_end,
    }
}

fn offset_at_local_guess(tz: Tz, local: NaiveDateTime) -> FixedOffset {
    tz.offset_from_utc_datetime(&local).fix()
}

/// Resolves a wall-clock time to its UTC instant. A skipped or doubled time is an error
/// that explains the choice, unless `fold` says which offset the user meant.
pub fn resolve(tz: Tz, local: NaiveDateTime, fold: Option<Fold>) -> Result<DateTime<Utc>> {
    match (classify(tz, local), fold) {
        (LocalKind::Unique(t), _) => Ok(t),
        (LocalKind::Ambiguous { earlier, .. }, Some(Fold::Earlier)) => Ok(earlier),
        (LocalKind::Ambiguous { later, .. }, Some(Fold::Later)) => Ok(later),
        (LocalKind::Nonexistent { earlier, .. }, Some(Fold::Earlier)) => Ok(earlier),
        (LocalKind::Nonexistent { later, .. }, Some(Fold::Later)) => Ok(later),
        (LocalKind::Ambiguous { earlier, later }, None) => {
            let (first, second) = (describe_offset(tz, earlier), describe_offset(tz, later));
            let text = format!(
                "{} happens twice in {tz} (the clocks go back that night): first at {first} and again at {second}; choose which one",
                human(local),
            );
            Err(Error::said(
                ErrorCode::Invalid,
                Said::new("schedule.problem.ambiguous", text)
                    .text("when", human(local))
                    .text("zone", tz.name())
                    .text("first", first)
                    .text("second", second),
            ))
        }
        (
            LocalKind::Nonexistent {
                gap_start, gap_end, ..
            },
            None,
        ) => {
            let (from, to) = (
                gap_start.format("%H:%M").to_string(),
                gap_end.format("%H:%M").to_string(),
            );
            let text = format!(
                "{} does not exist in {tz}: the clocks jump from {from} to {to} that night; choose another time",
                human(local),
            );
            Err(Error::said(
                ErrorCode::Invalid,
                Said::new("schedule.problem.skipped", text)
                    .text("when", human(local))
                    .text("zone", tz.name())
                    .text("from", from)
                    .text("to", to),
            ))
        }
    }
}

fn human(local: NaiveDateTime) -> String {
    local.format("%Y-%m-%d %H:%M").to_string()
}

fn describe_offset(tz: Tz, instant: DateTime<Utc>) -> String {
    let z = instant.with_timezone(&tz);
    format!("UTC{}", z.format("%:z"))
}

/// A wall-clock time in a zone, with the offset the user chose if it needed one: what a
/// schedule or an embargo means, and what is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallClock {
    pub zone: Tz,
    pub local: NaiveDateTime,
    pub fold: Option<Fold>,
}

impl WallClock {
    /// The UTC instant under the bundled tz database's rules.
    pub fn resolve(&self) -> Result<DateTime<Utc>> {
        resolve(self.zone, self.local, self.fold)
    }

    /// Reads the stored columns (zone, local_time, fold) back.
    pub fn from_columns(zone: &str, local: &str, fold: Option<&str>) -> Result<WallClock> {
        Ok(WallClock {
            zone: parse_zone(zone)?,
            local: parse_local(local)?,
            fold: fold.and_then(Fold::parse),
        })
    }
}

/// A wall-clock time as the UI sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WallClockInput {
    /// IANA zone name, e.g. `Asia/Almaty`.
    pub zone: String,
    /// `YYYY-MM-DDTHH:MM` in `zone`.
    pub local: String,
    /// Which offset, when the time is skipped or doubled at a DST change.
    #[serde(default)]
    #[ts(optional)]
    pub fold: Option<Fold>,
}

impl WallClockInput {
    pub fn parse(&self) -> Result<WallClock> {
        Ok(WallClock {
            zone: parse_zone(&self.zone)?,
            local: parse_local(&self.local)?,
            fold: self.fold,
        })
    }
}

/// An instant as shown in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ZonedTime {
    pub zone: String,
    /// Wall-clock time in `zone`, `YYYY-MM-DDTHH:MM` (what a `datetime-local` input takes).
    pub local: String,
    /// `+05:00`
    pub offset: String,
    /// The zone's abbreviation at that instant (`CET`, `MSK`, or `+05` where none exists).
    pub abbreviation: String,
}

/// Shows an instant in a zone.
pub fn show(instant: DateTime<Utc>, tz: Tz) -> ZonedTime {
    let z = instant.with_timezone(&tz);
    let abbreviation = z
        .offset()
        .abbreviation()
        .map(str::to_string)
        .unwrap_or_else(|| z.format("%:z").to_string());
    ZonedTime {
        zone: tz.name().to_string(),
        local: z.format("%Y-%m-%dT%H:%M").to_string(),
        offset: z.format("%:z").to_string(),
        abbreviation,
    }
}

/// The first instant of a local calendar day. Midnight itself may be skipped (some zones
/// change clocks at 00:00), in which case the day starts when the clocks land; if midnight
/// happens twice, the day starts at its first occurrence.
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    match classify(tz, midnight) {
        LocalKind::Unique(t) => t,
        LocalKind::Ambiguous { earlier, .. } => earlier,
        LocalKind::Nonexistent { gap_end, .. } => match tz.from_local_datetime(&gap_end) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            // Only at the very edge of the database; the old offset is as good as any.
            LocalResult::None => classify_fallback(tz, midnight),
        },
    }
}

fn classify_fallback(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let off = offset_at_local_guess(tz, local);
    (local - Duration::seconds(off.local_minus_utc() as i64)).and_utc()
}

/// Offsets a wall-clock time can have, for the UI's choice at a DST change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TimeOption {
    /// `None` when the time is unique.
    pub fold: Option<Fold>,
    pub utc: DateTime<Utc>,
    /// The option as it reads in the zone (for a skipped time this differs from what was typed).
    pub shown: ZonedTime,
}

/// How a typed wall-clock time resolves, for the schedule dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LocalTimeKind {
    Unique,
    Ambiguous,
    Nonexistent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LocalTimeCheck {
    pub kind: LocalTimeKind,
    pub options: Vec<TimeOption>,
    /// Why a choice is needed, in words; empty for a unique time.
    pub explanation: String,
}

/// Explains how a wall-clock time resolves, with the options the user may pick.
pub fn check_local(tz: Tz, local: NaiveDateTime) -> LocalTimeCheck {
    let option = |fold, utc| TimeOption {
        fold,
        utc,
        shown: show(utc, tz),
    };
    match classify(tz, local) {
        LocalKind::Unique(t) => LocalTimeCheck {
            kind: LocalTimeKind::Unique,
            options: vec![option(None, t)],
            explanation: String::new(),
        },
        LocalKind::Ambiguous { earlier, later } => LocalTimeCheck {
            kind: LocalTimeKind::Ambiguous,
            options: vec![
                option(Some(Fold::Earlier), earlier),
                option(Some(Fold::Later), later),
            ],
            explanation: resolve(tz, local, None)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default(),
        },
        LocalKind::Nonexistent { earlier, later, .. } => LocalTimeCheck {
            kind: LocalTimeKind::Nonexistent,
            options: vec![
                option(Some(Fold::Earlier), earlier),
                option(Some(Fold::Later), later),
            ],
            explanation: resolve(tz, local, None)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Asia::Almaty, Europe::Berlin, Europe::Moscow};

    fn local(s: &str) -> NaiveDateTime {
        parse_local(s).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn bundled_tz_database_knows_kazakhstan_moved_to_utc_plus_5() {
        // tzdb 2024a: Asia/Almaty is UTC+5 from 2024-03-01 00:00. An older database would put
        // every Almaty schedule an hour early — the bug this app exists to avoid.
        assert!(
            TZDB_VERSION >= "2024a",
            "bundled tz database {TZDB_VERSION} predates 2024a"
        );
        assert_eq!(
            resolve(Almaty, local("2024-03-01T09:00"), None).unwrap(),
            utc("2024-03-01T04:00:00Z")
        );
        assert_eq!(
            resolve(Almaty, local("2024-02-29T09:00"), None).unwrap(),
            utc("2024-02-29T03:00:00Z")
        );
    }

    #[test]
    fn berlin_spring_forward_gap_is_refused_without_a_choice() {
        let err = resolve(Berlin, local("2026-03-29T02:30"), None).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("does not exist") && msg.contains("02:00") && msg.contains("03:00"),
            "{msg}"
        );
        // With an explicit offset the instant is the one the user picked, not a guess.
        assert_eq!(
            resolve(Berlin, local("2026-03-29T02:30"), Some(Fold::Earlier)).unwrap(),
            utc("2026-03-29T01:30:00Z")
        );
        assert_eq!(
            resolve(Berlin, local("2026-03-29T02:30"), Some(Fold::Later)).unwrap(),
            utc("2026-03-29T00:30:00Z")
        );
    }

    #[test]
    fn berlin_fall_back_overlap_needs_a_choice() {
        let err = resolve(Berlin, local("2026-10-25T02:30"), None).unwrap_err();
        assert!(err.to_string().contains("happens twice"), "{err}");
        assert_eq!(
            resolve(Berlin, local("2026-10-25T02:30"), Some(Fold::Earlier)).unwrap(),
            utc("2026-10-25T00:30:00Z")
        );
        assert_eq!(
            resolve(Berlin, local("2026-10-25T02:30"), Some(Fold::Later)).unwrap(),
            utc("2026-10-25T01:30:00Z")
        );
    }

    #[test]
    fn a_unique_time_ignores_the_fold() {
        let t = resolve(Berlin, local("2026-07-01T09:00"), Some(Fold::Later)).unwrap();
        assert_eq!(
            t,
            utc("2026-07-01T07:00:00Z"),
            "a fold must not shift a time that exists once"
        );
    }

    #[test]
    fn check_local_offers_both_options_in_a_gap() {
        let check = check_local(Berlin, local("2026-03-29T02:30"));
        assert_eq!(check.kind, LocalTimeKind::Nonexistent);
        let shown: Vec<_> = check
            .options
            .iter()
            .map(|o| o.shown.local.as_str())
            .collect();
        assert_eq!(
            shown,
            ["2026-03-29T03:30", "2026-03-29T01:30"],
            "each option shows where it really lands"
        );
    }

    #[test]
    fn show_in_three_zones() {
        let t = utc("2026-01-15T04:00:00Z");
        assert_eq!(show(t, Tz::UTC).local, "2026-01-15T04:00");
        let moscow = show(t, Moscow);
        assert_eq!(
            (
                moscow.local.as_str(),
                moscow.offset.as_str(),
                moscow.abbreviation.as_str()
            ),
            ("2026-01-15T07:00", "+03:00", "MSK")
        );
        let almaty = show(t, Almaty);
        assert_eq!(
            (almaty.local.as_str(), almaty.offset.as_str()),
            ("2026-01-15T09:00", "+05:00")
        );
    }

    #[test]
    fn day_boundaries_follow_dst() {
        let start = start_of_day(Berlin, NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
        let next = start_of_day(Berlin, NaiveDate::from_ymd_opt(2026, 3, 30).unwrap());
        assert_eq!(
            next - start,
            Duration::hours(23),
            "the spring-forward day in Berlin is 23 hours long"
        );
        // America/Santiago skips midnight in September: the day starts at 01:00.
        let santiago: Tz = "America/Santiago".parse().unwrap();
        let s = start_of_day(santiago, NaiveDate::from_ymd_opt(2026, 9, 6).unwrap());
        assert_eq!(show(s, santiago).local, "2026-09-06T01:00");
    }

    #[test]
    fn bad_input_gets_a_clear_error() {
        assert!(parse_zone("Mars/Olympus")
            .unwrap_err()
            .to_string()
            .contains("not a known time zone"));
        assert!(parse_local("tomorrow").is_err());
        assert_eq!(
            parse_local("2026-01-15 09:05:07").unwrap(),
            local("2026-01-15T09:05:07")
        );
    }
}
