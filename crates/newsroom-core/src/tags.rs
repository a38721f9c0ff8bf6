//! Tags: normalisation, autocomplete, counts, rename, merge and undo (issue 3).
