//! Capped exponential backoff with jitter, per outbox item: a struggling site is not
//! hammered, and many clients that failed together do not retry together.

use rand::Rng;
use std::time::Duration;

pub const BASE: Duration = Duration::from_secs(2);
pub const CAP: Duration = Duration::from_secs(10 * 60);

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
