//! Full-text search over articles (issue 6). See the crate description.
