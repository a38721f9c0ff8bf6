//! The clock the app's store runs on: the system clock, or one end-to-end tests move forward.
//!
//! Below the commands and the state (which opens the store on it), so neither imports a
//! command module for it.

use newsroom_core::clock::OffsetClock;
use newsroom_core::{Clock, SystemClock};
use std::sync::{Arc, OnceLock};

/// Set to `1` to run the app on a clock that end-to-end tests can move forward.
pub const TEST_CLOCK_ENV: &str = "NEWSROOM_TEST_CLOCK";

/// The test clock, when enabled; `None` in normal use, so `advance_test_clock` refuses.
static TEST_CLOCK: OnceLock<Arc<OffsetClock>> = OnceLock::new();

/// The clock the store runs on: the system clock, or the movable test clock when the app
/// was started with `NEWSROOM_TEST_CLOCK=1`.
pub fn app_clock() -> Arc<dyn Clock> {
    if std::env::var(TEST_CLOCK_ENV).is_ok_and(|v| v == "1") {
        let clock = TEST_CLOCK
            .get_or_init(|| Arc::new(OffsetClock::default()))
            .clone();
        eprintln!("newsroom: {TEST_CLOCK_ENV}=1 — running on the test clock");
        clock
    } else {
        Arc::new(SystemClock)
    }
}

/// The movable test clock, if the app runs on it.
pub fn test_clock() -> Option<&'static Arc<OffsetClock>> {
    TEST_CLOCK.get()
}
