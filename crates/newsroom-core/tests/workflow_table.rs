//! The whole transition table, every state × role × action, against an explicit list of
//! what a newsroom allows. The list is written out by hand (not derived from the code) so
//! a change to the rules has to change this file too.

use newsroom_core::workflow::{
    allowed, allowed_for_scheduler, may_edit, Action, ArticleState, Refusal, Role,
};

use Action as A;
use ArticleState as S;
use Role::{Editor as E, Journalist as J};

/// Every allowed (state, role, action) and where it leads. Anything not listed is refused.
const ALLOWED: &[(S, Role, A, S)] = &[
    // Moving one's own work to the desk and back.
    (S::Draft, J, A::Submit, S::InReview),
    (S::Draft, E, A::Submit, S::InReview),
    (S::ChangesRequested, J, A::Submit, S::InReview),
    (S::ChangesRequested, E, A::Submit, S::InReview),
    (S::InReview, J, A::Recall, S::Draft),
    (S::InReview, E, A::Recall, S::Draft),
    (S::ChangesRequested, J, A::BackToDraft, S::Draft),
    (S::ChangesRequested, E, A::BackToDraft, S::Draft),
    // Editorial decisions.
    (S::InReview, E, A::RequestChanges, S::ChangesRequested),
    (S::Approved, E, A::RequestChanges, S::ChangesRequested),
    (S::InReview, E, A::Approve, S::Approved),
    (S::Approved, E, A::Schedule, S::Scheduled),
    (S::Scheduled, E, A::Unschedule, S::Approved),
    (S::Approved, E, A::Publish, S::Published),
    (S::Scheduled, E, A::Publish, S::Published),
    (S::Withdrawn, E, A::Publish, S::Published),
    (S::Published, E, A::Withdraw, S::Withdrawn),
    (S::Approved, E, A::BackToDraft, S::Draft),
    (S::Withdrawn, E, A::BackToDraft, S::Draft),
];

fn expected(state: S, role: Role, action: A) -> Option<S> {
    ALLOWED
        .iter()
        .find(|(s, r, a, _)| *s == state && *r == role && *a == action)
        .map(|(_, _, _, to)| *to)
}

#[test]
fn every_state_role_and_action_matches_the_newsroom_table() {
    let mut checked = 0;
    for state in S::ALL {
        for role in Role::ALL {
            for action in A::ALL {
                let got = allowed(state, role, action);
                match expected(state, role, action) {
                    Some(to) => assert_eq!(
                        got,
                        Ok(to),
                        "{role:?} must be able to {action:?} from {state:?} (to {to:?})"
                    ),
                    None => assert!(
                        got.is_err(),
                        "{role:?} must NOT be able to {action:?} from {state:?}, but the table allows it → {got:?}"
                    ),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 7 * 2 * 9, "the table covers every combination");
}

#[test]
fn journalists_never_approve_schedule_or_publish_in_any_state() {
    for state in S::ALL {
        for action in [
            A::Approve,
            A::Schedule,
            A::Unschedule,
            A::Publish,
            A::Withdraw,
            A::RequestChanges,
        ] {
            assert_eq!(
                allowed(state, J, action),
                Err(Refusal::RoleCannot { role: J, action }),
                "the refusal must name the role, not the state, so the journalist learns why ({state:?}, {action:?})"
            );
        }
    }
}

#[test]
fn the_scheduler_only_publishes_scheduled_articles() {
    for state in S::ALL {
        for action in A::ALL {
            let got = allowed_for_scheduler(state, action);
            if state == S::Scheduled && action == A::Publish {
                assert_eq!(got, Ok(S::Published), "due scheduled articles must go out");
            } else {
                assert!(
                    got.is_err(),
                    "the scheduler must not {action:?} from {state:?}"
                );
            }
        }
    }
}

#[test]
fn sending_back_needs_a_note() {
    use newsroom_core::workflow::table::check;
    assert_eq!(
        check(S::InReview, Some(E), A::RequestChanges, "  "),
        Err(Refusal::NoteRequired {
            action: A::RequestChanges
        }),
        "an article must never come back without a reason"
    );
    assert_eq!(
        check(S::InReview, Some(E), A::RequestChanges, "Уточните цифры"),
        Ok(S::ChangesRequested)
    );
    assert_eq!(
        check(S::Scheduled, None, A::Publish, ""),
        Ok(S::Published),
        "the scheduler needs no note"
    );
}

#[test]
fn who_may_edit_in_each_state() {
    for state in S::ALL {
        assert!(
            may_edit(state, E),
            "editors edit in every state ({state:?})"
        );
        let journalist = matches!(state, S::Draft | S::ChangesRequested);
        assert_eq!(
            may_edit(state, J),
            journalist,
            "journalists edit only drafts and what came back to them ({state:?})"
        );
    }
}
