//! Editorial workflow: states, roles, the transition table, history, notes, assignment (issue 3).
