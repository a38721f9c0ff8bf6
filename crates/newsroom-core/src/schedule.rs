//! Scheduling in IANA time zones, embargo, the calendar and the scheduler (issue 4).
