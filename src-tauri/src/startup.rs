//! How long the app took to become usable, counted from the process's start as the kernel
//! recorded it, so exec, dynamic linking, GTK and WebKit's own start all count; and the
//! work that waits until the window has shown the article list (the first paint).
//!
//! The window reports its milestones (`startup_mark`); each is logged once to stderr as
//! `newsroom: startup <stage> <ms> ms page <ms> ms`, which `tests/bench/window.py` reads
//! without any WebDriver session in the measured path.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long this process has been running, from `/proc` (Linux; 10 ms resolution, the
/// kernel's clock tick). `None` where `/proc` is missing or unreadable.
pub fn process_age() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    age_from(&stat, &uptime, clock_ticks_per_second())
}

/// `USER_HZ`, which `/proc/<pid>/stat` counts start times in. Linux fixes it at 100 for
/// every architecture this app is built for.
fn clock_ticks_per_second() -> u64 {
    100
}

/// The age from `/proc/self/stat` (field 22: start time in ticks after boot) and
/// `/proc/uptime` (seconds since boot).
fn age_from(stat: &str, uptime: &str, ticks_per_second: u64) -> Option<Duration> {
    // The command name (field 2) is in parentheses and may hold spaces or parentheses;
    // the fields after it start past the last ')'.
    let after_name = &stat[stat.rfind(')')? + 1..];
    // after_name starts at field 3, so field 22 is the 20th.
    let start_ticks: u64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
    let up: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    let started = Duration::from_millis(start_ticks * 1000 / ticks_per_second);
    Duration::try_from_secs_f64(up).ok()?.checked_sub(started)
}

/// The milestones the window reports, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum StartupStage {
    /// The article list is on screen (first page of the list painted).
    List,
    /// The editor of the article the user had open last takes typing.
    Editor,
}

impl StartupStage {
    fn name(self) -> &'static str {
        match self {
            StartupStage::List => "list",
            StartupStage::Editor => "editor",
        }
    }
}

static LOGGED_LIST: AtomicBool = AtomicBool::new(false);
static LOGGED_EDITOR: AtomicBool = AtomicBool::new(false);

/// Logs a milestone the first time the window reports it, with `page_ms`, the page's own
/// clock (from its navigation start), which splits the native start from the page's work;
/// a reload of the page reports again and is not a start-up.
pub fn mark(stage: StartupStage, page_ms: f64) {
    let once = match stage {
        StartupStage::List => &LOGGED_LIST,
        StartupStage::Editor => &LOGGED_EDITOR,
    };
    if once.swap(true, Ordering::SeqCst) {
        return;
    }
    let page_ms = page_ms.max(0.0).round();
    match process_age() {
        Some(age) => eprintln!(
            "newsroom: startup {} {} ms page {page_ms} ms",
            stage.name(),
            age.as_millis()
        ),
        None => eprintln!(
            "newsroom: startup {} (no process age here) page {page_ms} ms",
            stage.name()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_start_tick_past_a_command_name_with_spaces_and_parentheses() {
        // Field 22 (start time) is 5000 ticks = 50 s after boot; uptime 51.25 s.
        let mut fields: Vec<String> = (3..=52).map(|n| n.to_string()).collect();
        fields[22 - 3] = "5000".to_string();
        let stat = format!("1234 (we(ird) name) {}", fields.join(" "));
        let age = age_from(&stat, "51.25 100.00\n", 100);
        assert_eq!(age, Some(Duration::from_millis(1250)));
    }

    #[test]
    fn a_start_after_the_uptime_read_is_no_age() {
        let fields: Vec<String> = (3..=52)
            .map(|n| {
                if n == 22 {
                    "9999".into()
                } else {
                    n.to_string()
                }
            })
            .collect();
        let stat = format!("1 (x) {}", fields.join(" "));
        assert_eq!(age_from(&stat, "10.00 1.00", 100), None);
        assert_eq!(age_from("garbage", "10.00 1.00", 100), None);
    }

    #[test]
    fn this_process_has_an_age() {
        let age = process_age();
        assert!(
            age.is_some_and(|a| a < Duration::from_secs(24 * 3600)),
            "{age:?}"
        );
    }
}
