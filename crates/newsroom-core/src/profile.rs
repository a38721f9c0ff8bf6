//! Local profiles: who is using the app and in which role (issue 3).
