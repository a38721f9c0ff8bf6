//! Sync with a WordPress site (issue 5). See the crate description.
