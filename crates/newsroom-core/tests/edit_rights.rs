//! Who may edit an article's text and tags, on a real SQLite file: every state × role ×
//! whose article it is × trashed or not, through every save path (autosave, explicit save,
//! restoring a revision, tags) and through the answer the editor reads (`edit_rights`).
//! The expected outcomes are written out by hand, as in `workflow_table.rs`, so changing
//! the rule has to change this file too.

mod common;

use common::open_store;
use newsroom_core::changes;
use newsroom_core::profile::ProfileId;
use newsroom_core::workflow::{ArticleState, EditLock, Role};
use newsroom_core::{ArticleDraft, ArticleId, ErrorCode, Store};
use rusqlite::params;

use ArticleState as S;

/// Whose article it is, from the point of view of the profile editing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    /// They created it.
    Own,
    /// Another journalist created it and it is assigned to them.
    Assigned,
    /// Another journalist's, not assigned to them.
    Other,
    /// Nobody owns it on this machine (written before any profile, or pulled from the site).
    Unowned,
}

const WHOSE: [Whose; 4] = [Whose::Own, Whose::Assigned, Whose::Other, Whose::Unowned];

/// A journalist's verdict on a live article, per state and ownership. Editors edit every
/// live article; nobody edits a trashed one.
fn journalist_expected(state: S, whose: Whose) -> Option<EditLock> {
    const DRAFTLIKE_THEIRS: Option<EditLock> = None;
    const DRAFTLIKE_OTHERS: Option<EditLock> = Some(EditLock::NotTheirs);
    let table: &[(S, [Option<EditLock>; 4])] = &[
        //                       Own, Assigned, Other, Unowned
        (
            S::Draft,
            [
                DRAFTLIKE_THEIRS,
                DRAFTLIKE_THEIRS,
                DRAFTLIKE_OTHERS,
                DRAFTLIKE_THEIRS,
            ],
        ),
        (
            S::ChangesRequested,
            [
                DRAFTLIKE_THEIRS,
                DRAFTLIKE_THEIRS,
                DRAFTLIKE_OTHERS,
                DRAFTLIKE_THEIRS,
            ],
        ),
        (S::InReview, [Some(EditLock::WithTheDesk); 4]),
        (S::Approved, [Some(EditLock::EditorsOnly); 4]),
        (S::Scheduled, [Some(EditLock::EditorsOnly); 4]),
        (S::Published, [Some(EditLock::EditorsOnly); 4]),
        (S::Withdrawn, [Some(EditLock::EditorsOnly); 4]),
    ];
    let row = table
        .iter()
        .find(|(s, _)| *s == state)
        .expect("every state is in the table");
    let col = WHOSE
        .iter()
        .position(|w| *w == whose)
        .expect("known column");
    row.1[col]
}

fn expected(state: S, role: Role, whose: Whose, trashed: bool) -> Option<EditLock> {
    if trashed {
        return Some(EditLock::Trashed);
    }
    match role {
        Role::Editor => None,
        Role::Journalist => journalist_expected(state, whose),
    }
}

/// What the reason sentence must say for each lock, so the person knows what to do.
fn reason_mentions(lock: EditLock) -> &'static str {
    match lock {
        EditLock::Trashed => "restore it",
        EditLock::WithTheDesk => "recall it",
        EditLock::EditorsOnly => "ask an editor",
        EditLock::NotTheirs => "their own drafts",
    }
}

struct Desk {
    me: ProfileId,
    other: ProfileId,
    editor: ProfileId,
}

/// Two journalists (the one acting and a colleague) and an editor.
fn desk(s: &Store) -> Desk {
    Desk {
        me: s
            .create_profile("Айгерим", Role::Journalist)
            .expect("profile")
            .id,
        other: s
            .create_profile("Данияр", Role::Journalist)
            .expect("profile")
            .id,
        editor: s.create_profile("Борис", Role::Editor).expect("profile").id,
    }
}

fn draft(headline: &str) -> ArticleDraft {
    ArticleDraft {
        headline: headline.into(),
        body: "Глава МВД поручил усилить работу полиции.".into(),
        ..ArticleDraft::default()
    }
}

/// Puts an article straight into a situation. The transitions that lead there are tested
/// in `workflow_flow.rs`; here only the edit rule is under test, so the row is set directly.
fn prepare(store: &Store, desk: &Desk, state: S, whose: Whose, trashed: bool) -> ArticleId {
    let article = store
        .create_article(&draft("Исходный заголовок"))
        .expect("create");
    let (owner, assignee) = match whose {
        Whose::Own => (Some(desk.me), None),
        Whose::Assigned => (Some(desk.other), Some(desk.me)),
        Whose::Other => (Some(desk.other), None),
        Whose::Unowned => (None, None),
    };
    store
        .db()
        .write(|tx| {
            tx.execute(
                "UPDATE articles SET status = ?2, owner_id = ?3, assignee_id = ?4,
                        trashed_at = CASE WHEN ?5 THEN updated_at END
                 WHERE id = ?1",
                params![
                    article.id.to_string(),
                    state.as_str(),
                    owner.map(|p| p.to_string()),
                    assignee.map(|p| p.to_string()),
                    trashed
                ],
            )?;
            Ok(())
        })
        .expect("set up the situation");
    article.id
}

/// Every save path, each from the stored version; `Ok` when all of them wrote, else the
/// first refusal (after checking that all of them refused alike).
fn try_every_save_path(store: &Store, id: ArticleId) -> Result<(), newsroom_core::Error> {
    let first_revision = store.list_revisions(id).expect("revisions")[0].id;
    let current = store.article(id).expect("load");
    let mut edit = current.draft.clone();
    edit.body.push_str(" Правка.");

    let outcomes = vec![
        store.save_draft(id, &edit, current.version).map(|_| ()),
        store
            .save_revision(id, &edit, store.article(id).expect("load").version)
            .map(|_| ()),
        store
            .restore_revision(first_revision, store.article(id).expect("load").version)
            .map(|_| ()),
        store.set_article_tags(id, &["МВД".to_string()]).map(|_| ()),
    ];
    let refused = outcomes.iter().filter(|o| o.is_err()).count();
    assert!(
        refused == 0 || refused == outcomes.len(),
        "every save path must follow the same rule: {outcomes:?}"
    );
    outcomes.into_iter().collect()
}

#[test]
fn every_state_role_ownership_and_trash_follows_the_edit_rule() {
    let t = open_store();
    let s = &t.store;
    let desk = desk(s);
    let mut checked = 0;
    for state in S::ALL {
        for role in Role::ALL {
            for whose in WHOSE {
                for trashed in [false, true] {
                    let case = format!("{role:?} on {whose:?} {state:?}, trashed: {trashed}");
                    let id = prepare(s, &desk, state, whose, trashed);
                    let acting = match role {
                        Role::Journalist => desk.me,
                        Role::Editor => desk.editor,
                    };
                    s.switch_profile(acting).expect("switch");
                    let want = expected(state, role, whose, trashed);

                    let rights = s.edit_rights(id).expect("edit rights");
                    assert_eq!(rights.lock, want, "edit_rights for {case}");
                    assert_eq!(rights.editable, want.is_none(), "{case}");
                    assert_eq!(rights.role, role, "{case}");
                    assert_eq!((rights.status, rights.trashed), (state, trashed), "{case}");

                    let before = s.article(id).expect("load");
                    let log_before = s.db().read(changes::latest_seq).expect("log");
                    let revisions_before = s.list_revisions(id).expect("revisions").len();
                    match (want, try_every_save_path(s, id)) {
                        (None, Ok(())) => {
                            assert!(
                                s.article(id).expect("load").version > before.version,
                                "an allowed save is stored ({case})"
                            );
                        }
                        (Some(lock), Err(err)) => {
                            assert_eq!(err.code(), ErrorCode::Forbidden, "{case}: {err}");
                            let msg = err.to_string();
                            assert!(
                                msg.contains(reason_mentions(lock)),
                                "the refusal names its reason ({case}): {msg}"
                            );
                            assert_eq!(
                                Some(msg),
                                rights.reason,
                                "the editor shows the same reason a save gets ({case})"
                            );
                            assert_eq!(
                                s.article(id).expect("load"),
                                before,
                                "a refused save changes nothing ({case})"
                            );
                            assert_eq!(
                                s.list_revisions(id).expect("revisions").len(),
                                revisions_before,
                                "no revision from a refused save ({case})"
                            );
                            assert_eq!(
                                s.db().read(changes::latest_seq).expect("log"),
                                log_before,
                                "nothing reaches the change log ({case})"
                            );
                        }
                        (want, got) => panic!("{case}: expected {want:?}, got {got:?}"),
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 7 * 2 * 4 * 2, "every combination was tried");
}

#[test]
fn without_a_profile_the_journalist_rule_applies() {
    let t = open_store();
    let s = &t.store;
    let unowned = s.create_article(&draft("Без профиля")).expect("create");
    let rights = s.edit_rights(unowned.id).expect("rights");
    assert!(
        rights.editable && rights.role == Role::Journalist,
        "a fresh install can write drafts before choosing a profile: {rights:?}"
    );
    s.db()
        .write(|tx| {
            tx.execute(
                "UPDATE articles SET status = 'in_review' WHERE id = ?1",
                [unowned.id.to_string()],
            )?;
            Ok(())
        })
        .expect("submit");
    let err = s
        .save_draft(unowned.id, &draft("Правка"), unowned.version)
        .expect_err("no profile is no editor");
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
}

#[test]
fn rights_follow_the_profile_switch() {
    let t = open_store();
    let s = &t.store;
    let j = s
        .create_profile("Айгерим", Role::Journalist)
        .expect("profile");
    let e = s.create_profile("Борис", Role::Editor).expect("profile");
    let a = s.create_article(&draft("Материал")).expect("create");
    s.apply_action(
        a.id,
        newsroom_core::workflow::Action::Submit,
        &newsroom_core::workflow::Actor::Profile(j.id),
        None,
    )
    .expect("submit");
    assert_eq!(
        s.edit_rights(a.id).expect("rights").lock,
        Some(EditLock::WithTheDesk)
    );
    s.switch_profile(e.id).expect("switch");
    assert!(
        s.edit_rights(a.id).expect("rights").editable,
        "the editor reviews and edits it"
    );
    assert!(matches!(
        s.edit_rights(ArticleId::new()),
        Err(newsroom_core::Error::NotFound { .. })
    ));
}

/// A published (or withdrawn) article's slug is its URL: editors may still fix the text,
/// but not the slug. Before publication the slug is free.
#[test]
fn a_published_slug_is_frozen_even_for_editors() {
    let t = open_store();
    let s = &t.store;
    s.create_profile("Борис", Role::Editor).expect("profile");
    for (state, frozen) in [
        (S::Approved, false),
        (S::Scheduled, false),
        (S::Published, true),
        (S::Withdrawn, true),
    ] {
        let mut text = draft("Коллегия МВД");
        text.slug = "kollegiya-mvd".into();
        let a = s.create_article(&text).expect("create");
        s.db()
            .write(|tx| {
                tx.execute(
                    "UPDATE articles SET status = ?2 WHERE id = ?1",
                    params![a.id.to_string(), state.as_str()],
                )?;
                Ok(())
            })
            .expect("set state");
        let mut fixed = text.clone();
        fixed.headline = "Коллегия МВД подвела итоги".into();
        let saved = s
            .save_revision(a.id, &fixed, a.version)
            .expect("editors fix the text in every live state");
        let mut moved = fixed.clone();
        moved.slug = "kollegiya-mvd-itogi".into();
        let result = s.save_revision(a.id, &moved, saved.version);
        if frozen {
            let err = result.expect_err("the URL of a published article must not change");
            assert_eq!(err.code(), ErrorCode::Forbidden, "{state:?}: {err}");
            assert!(err.to_string().contains("frozen"), "{err}");
            assert_eq!(s.article(a.id).expect("load").draft.slug, "kollegiya-mvd");
        } else {
            result.expect("before publication the slug may change");
        }
    }
}

/// Trash and restore follow the edit rule for the live article: a journalist moves only
/// their own drafts (and those sent back to them) in and out of the trash; an editor any
/// article. A refusal leaves the article where it was.
#[test]
fn trash_and_restore_follow_the_edit_rule_of_the_live_article() {
    let t = open_store();
    let s = &t.store;
    let desk = desk(s);
    let mut refused = 0;
    for state in S::ALL {
        for role in Role::ALL {
            for whose in WHOSE {
                let want = expected(state, role, whose, false);
                let acting = match role {
                    Role::Journalist => desk.me,
                    Role::Editor => desk.editor,
                };
                let case = format!("{role:?} on {whose:?} {state:?}");

                let live = prepare(s, &desk, state, whose, false);
                s.switch_profile(acting).expect("switch");
                match (s.trash_article(live), want) {
                    (Ok(a), None) => assert!(a.trashed_at.is_some(), "{case}"),
                    (Err(e), Some(lock)) => {
                        assert_eq!(e.code(), ErrorCode::Forbidden, "{case}");
                        assert!(e.to_string().contains("trash"), "{case}: {e}");
                        assert!(e.to_string().contains(reason_mentions(lock)), "{case}: {e}");
                        let stored = s.article(live).expect("load");
                        assert!(
                            stored.trashed_at.is_none(),
                            "a refused trash moves nothing: {case}"
                        );
                        refused += 1;
                    }
                    (outcome, want) => {
                        panic!("trash for {case}: {outcome:?}, wanted lock {want:?}")
                    }
                }

                let trashed = prepare(s, &desk, state, whose, true);
                s.switch_profile(acting).expect("switch");
                match (s.restore_article(trashed), want) {
                    (Ok(a), None) => assert!(a.trashed_at.is_none(), "{case}"),
                    (Err(e), Some(_)) => {
                        assert_eq!(e.code(), ErrorCode::Forbidden, "{case}");
                        assert!(e.to_string().contains("restore"), "{case}: {e}");
                        let stored = s.article(trashed).expect("load");
                        assert!(
                            stored.trashed_at.is_some(),
                            "a refused restore moves nothing: {case}"
                        );
                    }
                    (outcome, want) => {
                        panic!("restore for {case}: {outcome:?}, wanted lock {want:?}")
                    }
                }
            }
        }
    }
    assert!(refused > 0, "the table must refuse some journalists");
}
