//! Warnings about a publication time: things the editor should know but may accept.
//! Pure functions of the instant, "now" and the other schedules, so they are tested as data.

use crate::article::ArticleId;
use crate::said::Said;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;

/// WordPress publishes a post at once when its date is less than a minute ahead, and the
/// article must reach the backend before then; under this lead time the editor is warned.
pub const MIN_LEAD_TIME: Duration = Duration::minutes(2);

/// Two lead articles closer than this compete for the top of the front page.
pub const LEAD_SLOT: Duration = Duration::minutes(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WarningKind {
    /// The time has passed: the article goes out as soon as it is scheduled.
    InPast,
    /// Less than [`MIN_LEAD_TIME`] ahead.
    TooSoon,
    /// Another lead article is scheduled in the same slot.
    LeadClash,
    /// The schedule is before the article's embargo; it waits for the embargo.
    BeforeEmbargo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Warning {
    pub kind: WarningKind,
    /// The English sentence (logs, and the fallback of `said`).
    pub message: String,
    /// The sentence the UI shows, in its language (`schedule.warning.*`).
    pub said: Said,
    /// The other article, for a lead clash.
    pub other_article: Option<ArticleId>,
}

impl Warning {
    pub fn before_embargo(publish_at: DateTime<Utc>, until: DateTime<Utc>) -> Warning {
        let message = format!(
            "the article is scheduled {} before its embargo ends; it will not go out until the embargo ends",
            minutes_phrase(until - publish_at)
        );
        Warning {
            kind: WarningKind::BeforeEmbargo,
            said: Said::new("schedule.warning.before_embargo", message.clone())
                .duration("gap", until - publish_at),
            message,
            other_article: None,
        }
    }
}

/// Another lead article that is (or was) scheduled or published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadSlot {
    pub article_id: ArticleId,
    pub headline: String,
    pub at: DateTime<Utc>,
}

/// Warnings for publishing at `at`, as seen at `now`. `leads` are the other lead articles
/// around `at` (only consulted when this one is a lead).
pub fn for_time(
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    lead: bool,
    leads: &[LeadSlot],
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let ahead = at - now;
    if ahead < Duration::zero() {
        let message = format!(
            "this time passed {} ago; the article will be published immediately",
            minutes_phrase(-ahead)
        );
        warnings.push(Warning {
            kind: WarningKind::InPast,
            said: Said::new("schedule.warning.in_past", message.clone()).duration("ago", -ahead),
            message,
            other_article: None,
        });
    } else if ahead < MIN_LEAD_TIME {
        let message = "this is less than two minutes from now; the site may publish it at once, before it is fully synced";
        warnings.push(Warning {
            kind: WarningKind::TooSoon,
            said: Said::new("schedule.warning.too_soon", message),
            message: message.to_string(),
            other_article: None,
        });
    }
    if lead {
        for other in leads.iter().filter(|o| (o.at - at).abs() < LEAD_SLOT) {
            let headline = if other.headline.is_empty() {
                "(untitled)"
            } else {
                other.headline.as_str()
            };
            let gap = (other.at - at).abs();
            let when = if other.at == at {
                "at the same time".to_string()
            } else {
                format!(
                    "{} {}",
                    minutes_phrase(gap),
                    if other.at < at { "earlier" } else { "later" }
                )
            };
            let message = format!("«{headline}» is also a lead article, {when}");
            let relation = match other.at.cmp(&at) {
                std::cmp::Ordering::Equal => "schedule.warning.lead_same_time",
                std::cmp::Ordering::Less => "schedule.warning.lead_earlier",
                std::cmp::Ordering::Greater => "schedule.warning.lead_later",
            };
            warnings.push(Warning {
                kind: WarningKind::LeadClash,
                said: Said::new(relation, message.clone())
                    .text("headline", headline)
                    .duration("gap", gap),
                message,
                other_article: Some(other.article_id),
            });
        }
    }
    warnings
}

/// "1 minute", "47 minutes", "2 h 05 min".
pub fn minutes_phrase(d: Duration) -> String {
    let minutes = d.num_minutes();
    match minutes {
        1 => "1 minute".to_string(),
        m if m < 120 => format!("{m} minutes"),
        m => format!("{} h {:02} min", m / 60, m % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 15, h, m, 0).unwrap()
    }

    fn kinds(w: &[Warning]) -> Vec<WarningKind> {
        w.iter().map(|w| w.kind).collect()
    }

    #[test]
    fn past_and_too_soon_are_warned_but_not_both() {
        assert_eq!(
            kinds(&for_time(at(8, 0), at(9, 0), false, &[])),
            [WarningKind::InPast]
        );
        assert_eq!(
            kinds(&for_time(at(9, 1), at(9, 0), false, &[])),
            [WarningKind::TooSoon]
        );
        assert!(
            for_time(at(9, 5), at(9, 0), false, &[]).is_empty(),
            "five minutes ahead is fine"
        );
    }

    #[test]
    fn two_leads_in_one_slot_clash_but_not_an_hour_apart() {
        let other = LeadSlot {
            article_id: ArticleId::new(),
            headline: "Барыс".into(),
            at: at(10, 30),
        };
        let w = for_time(at(10, 0), at(9, 0), true, std::slice::from_ref(&other));
        assert_eq!(kinds(&w), [WarningKind::LeadClash]);
        assert!(
            w[0].message.contains("30 minutes later"),
            "{}",
            w[0].message
        );
        assert!(
            for_time(at(10, 0), at(9, 0), false, std::slice::from_ref(&other)).is_empty(),
            "a non-lead never clashes"
        );
        assert!(
            for_time(at(11, 30), at(9, 0), true, &[other]).is_empty(),
            "an hour apart is another slot"
        );
    }

    #[test]
    fn phrases() {
        assert_eq!(minutes_phrase(Duration::minutes(47)), "47 minutes");
        assert_eq!(minutes_phrase(Duration::minutes(185)), "3 h 05 min");
    }
}
