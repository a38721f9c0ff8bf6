//! Capped exponential backoff with jitter, per outbox item: a struggling site is not
//! hammered, and many clients that failed together do not retry together.

use rand::Rng;
use std::time::Duration;

pub const BASE: Duration = Duration::from_secs(2);
pub const CAP: Duration = Duration::from_secs(10 * 60);

/// The longest wait a site's `Retry-After` is honoured for: a misconfigured site asking for
/// a day must not silence the newsroom's edits that long.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(5 * 60);

/// A `Retry-After` header (seconds, or an HTTP date) as a wait from `now`, capped at
/// [`RETRY_AFTER_CAP`]; `None` when it says nothing usable.
pub fn retry_after(header: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let header = header.trim();
    let wait = match header.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => {
            let at = chrono::DateTime::parse_from_rfc2822(header).ok()?;
            (at.with_timezone(&chrono::Utc) - now).to_std().ok()?
        }
    };
    Some(wait.min(RETRY_AFTER_CAP))
}

/// The wait before attempt `attempts + 1`: `BASE · 2^attempts`, capped, then a random point in
/// its upper half ("equal jitter": never immediately, never longer than the cap).
pub fn delay(attempts: u32, rng: &mut impl Rng) -> Duration {
    let exp = BASE.saturating_mul(2u32.saturating_pow(attempts.min(20)));
    let capped = exp.min(CAP);
    let half = capped / 2;
    half + Duration::from_millis(rng.gen_range(0..=half.as_millis() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_and_stays_under_the_cap() {
        let mut rng = rand::thread_rng();
        let mut previous_max = Duration::ZERO;
        for attempts in 0..30 {
            let max = BASE
                .saturating_mul(2u32.saturating_pow(attempts.min(20)))
                .min(CAP);
            for _ in 0..20 {
                let d = delay(attempts, &mut rng);
                assert!(
                    d >= max / 2 && d <= max,
                    "attempt {attempts}: {d:?} outside [{:?}, {max:?}]",
                    max / 2
                );
            }
            assert!(
                max >= previous_max,
                "the delay never shrinks as failures pile up"
            );
            previous_max = max;
        }
        assert_eq!(previous_max, CAP, "long outages wait at most the cap");
    }

    #[test]
    fn retry_after_is_read_in_seconds_or_as_a_date_and_capped() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(retry_after("30", now), Some(Duration::from_secs(30)));
        assert_eq!(
            retry_after("Tue, 01 Dec 2026 09:02:00 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            retry_after("86400", now),
            Some(RETRY_AFTER_CAP),
            "a day is capped"
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(
            retry_after("Tue, 01 Dec 2026 08:00:00 GMT", now),
            None,
            "a date in the past asks for no wait"
        );
    }

    #[test]
    fn jitter_spreads_retries() {
        let mut rng = rand::thread_rng();
        let mut seen: Vec<Duration> = (0..50).map(|_| delay(5, &mut rng)).collect();
        seen.sort();
        seen.dedup();
        assert!(
            seen.len() > 10,
            "clients that failed together must not retry in lockstep: {seen:?}"
        );
    }
}
