//! The editorial workflow on a real SQLite file: submit, send back with a note, fix,
//! resubmit, tag, approve; history, notes, assignment, edit rules, checklist, change log.

mod common;

use common::open_store;
use newsroom_core::changes;
use newsroom_core::workflow::{Action, Actor, ArticleState, Checklist, Role};
use newsroom_core::{ArticleDraft, Error, ErrorCode};

fn draft(headline: &str) -> ArticleDraft {
    ArticleDraft {
        headline: headline.into(),
        body: "Глава МВД поручил усилить работу полиции.".into(),
        ..ArticleDraft::default()
    }
}

#[test]
fn journalist_submits_editor_sends_back_journalist_fixes_editor_approves() {
    let t = open_store();
    let s = &t.store;
    let aigerim = s.create_profile("Айгерим", Role::Journalist).unwrap();
    let boris = s.create_profile("Борис", Role::Editor).unwrap();
    let (j, e) = (Actor::Profile(aigerim.id), Actor::Profile(boris.id));

    let a = s.create_article(&draft("МВД усилит патрули")).unwrap();
    assert_eq!(a.status, "draft");
    let sub = s.apply_action(a.id, Action::Submit, &j, None).unwrap();
    assert_eq!(
        (sub.from, sub.to),
        (ArticleState::Draft, ArticleState::InReview)
    );

    // The journalist cannot approve their own piece, and the core says so.
    let err = s.apply_action(a.id, Action::Approve, &j, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    assert!(
        err.to_string().contains("journalists cannot approve"),
        "{err}"
    );

    // Sending back without a note is refused; with one it is written to history and thread.
    let err = s
        .apply_action(a.id, Action::RequestChanges, &e, Some("  "))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    t.clock.advance(chrono::Duration::minutes(5));
    s.apply_action(
        a.id,
        Action::RequestChanges,
        &e,
        Some("Добавьте цитату министра"),
    )
    .unwrap();
    let notes = s.article_notes(a.id).unwrap();
    assert_eq!(
        notes.len(),
        1,
        "the reason for sending back appears in the thread"
    );
    assert_eq!(notes[0].body, "Добавьте цитату министра");
    assert_eq!(notes[0].author_name, "Борис");
    assert!(
        notes[0].transition_id.is_some(),
        "the note links to its transition"
    );

    // The journalist (current profile) fixes the text and resubmits.
    s.switch_profile(aigerim.id).unwrap();
    let current = s.article(a.id).unwrap();
    let mut fixed = current.draft.clone();
    fixed
        .body
        .push_str("\n\n«Люди должны быть уверены», — сказал министр.");
    s.save_revision(a.id, &fixed, current.version).unwrap();
    s.apply_action(a.id, Action::Submit, &j, None).unwrap();

    // The editor tags and approves; approval needs a tag under the default checklist.
    s.switch_profile(boris.id).unwrap();
    let err = s.apply_action(a.id, Action::Approve, &e, None).unwrap_err();
    assert!(
        err.to_string().contains("tags: 0"),
        "the checklist names the failing check: {err}"
    );
    assert_eq!(
        s.article(a.id).unwrap().status,
        "in_review",
        "a refused approval changes nothing"
    );
    s.set_article_tags(a.id, &["МВД".to_string()]).unwrap();
    let done = s.apply_action(a.id, Action::Approve, &e, None).unwrap();
    assert_eq!(done.to, ArticleState::Approved);

    let history = s.article_history(a.id).unwrap();
    let steps: Vec<_> = history
        .iter()
        .map(|h| (h.action, h.actor_name.as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Action::Submit, "Айгерим"),
            (Action::RequestChanges, "Борис"),
            (Action::Submit, "Айгерим"),
            (Action::Approve, "Борис"),
        ],
        "every transition is recorded with who took it"
    );
    assert_eq!(history[1].note, "Добавьте цитату министра");
    assert_eq!(history[1].actor_role, "editor");
    assert!(history[1].at > history[0].at, "times are recorded");
}

#[test]
fn each_transition_is_logged_for_sync_and_search_in_the_same_transaction() {
    let t = open_store();
    let s = &t.store;
    let p = s.create_profile("Айгерим", Role::Journalist).unwrap();
    let a = s.create_article(&draft("Заголовок")).unwrap();
    let before = s.db().read(changes::latest_seq).unwrap();
    s.apply_action(a.id, Action::Submit, &Actor::Profile(p.id), None)
        .unwrap();
    let log = s.db().read(|c| changes::since(c, before, 10)).unwrap();
    assert_eq!(log.len(), 1, "exactly one change per transition");
    assert_eq!(log[0].kind, "status");
    assert_eq!(log[0].article_id, a.id.to_string());
}

#[test]
fn journalists_cannot_edit_what_is_with_the_desk_or_approved() {
    let t = open_store();
    let s = &t.store;
    let j = s.create_profile("Айгерим", Role::Journalist).unwrap();
    let e = s.create_profile("Борис", Role::Editor).unwrap();
    let a = s.create_article(&draft("Заголовок")).unwrap();
    s.apply_action(a.id, Action::Submit, &Actor::Profile(j.id), None)
        .unwrap();

    let current = s.article(a.id).unwrap();
    let mut edit = current.draft.clone();
    edit.body.push_str(" Правка.");
    let err = s.save_draft(a.id, &edit, current.version).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    assert!(
        err.to_string().contains("recall it"),
        "the refusal says what to do: {err}"
    );
    let err = s.set_article_tags(a.id, &["погода".into()]).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Forbidden,
        "tags follow the text's rule: {err}"
    );

    s.switch_profile(e.id).unwrap();
    s.save_draft(a.id, &edit, current.version)
        .expect("an editor edits submitted work");

    // Recall gives it back to the journalist.
    s.switch_profile(j.id).unwrap();
    s.apply_action(a.id, Action::Recall, &Actor::Profile(j.id), None)
        .unwrap();
    let current = s.article(a.id).unwrap();
    s.save_draft(a.id, &current.draft, current.version)
        .expect("a recalled draft is the journalist's again");
}

#[test]
fn the_scheduler_cannot_approve_and_trashed_articles_take_no_actions() {
    let t = open_store();
    let s = &t.store;
    let e = s.create_profile("Борис", Role::Editor).unwrap();
    let a = s.create_article(&draft("Заголовок")).unwrap();
    s.apply_action(a.id, Action::Submit, &Actor::Profile(e.id), None)
        .unwrap();
    let err = s
        .apply_action(a.id, Action::Approve, &Actor::Scheduler, None)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");

    s.trash_article(a.id).unwrap();
    let err = s
        .apply_action(a.id, Action::Recall, &Actor::Profile(e.id), None)
        .unwrap_err();
    assert!(err.to_string().contains("trash"), "{err}");
    assert!(s
        .available_actions(a.id, &Actor::Profile(e.id))
        .unwrap()
        .is_empty());
}

#[test]
fn an_unknown_profile_cannot_act_and_roles_are_read_from_the_database() {
    let t = open_store();
    let s = &t.store;
    s.create_profile("Айгерим", Role::Journalist).unwrap();
    let a = s.create_article(&draft("Заголовок")).unwrap();
    let ghost = Actor::Profile(newsroom_core::profile::ProfileId::new());
    let err = s
        .apply_action(a.id, Action::Submit, &ghost, None)
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
}

#[test]
fn checklist_is_configurable_and_lists_every_failure() {
    let t = open_store();
    let s = &t.store;
    let e = s.create_profile("Борис", Role::Editor).unwrap();
    let checklist = Checklist {
        headline_min_chars: 10,
        headline_max_chars: Some(80),
        min_tags: 2,
        require_slug: true,
        require_dek: true,
        require_byline: false,
        min_words: 0,
        require_image_descriptions: true,
    };
    s.set_checklist(&checklist).unwrap();
    assert_eq!(
        s.checklist().unwrap(),
        checklist,
        "the checklist is stored in settings"
    );

    let a = s.create_article(&draft("Коротко")).unwrap();
    s.set_article_tags(a.id, &["горячие новости".into()])
        .unwrap();
    let flag = s.autocomplete_tags("горячие", 1).unwrap()[0].id;
    s.set_tag_flag(flag, true).unwrap();
    s.apply_action(a.id, Action::Submit, &Actor::Profile(e.id), None)
        .unwrap();
    let err = s
        .apply_action(a.id, Action::Approve, &Actor::Profile(e.id), None)
        .unwrap_err();
    let msg = err.to_string();
    for part in [
        "headline: 7 characters",
        "tags: 0",
        "slug is missing",
        "dek is missing",
    ] {
        assert!(
            msg.contains(part),
            "every failing check is listed ({part}): {msg}"
        );
    }
    let report = s.check_article(a.id).unwrap();
    assert_eq!(report.iter().filter(|c| !c.passed).count(), 4, "{report:?}");

    let j = s.create_profile("Айгерим", Role::Journalist).unwrap();
    s.switch_profile(j.id).unwrap();
    assert!(
        matches!(
            s.set_checklist(&Checklist::default()),
            Err(Error::Forbidden(_))
        ),
        "only editors configure the checklist"
    );
}

#[test]
fn notes_and_assignment() {
    let t = open_store();
    let s = &t.store;
    let j = s.create_profile("Айгерим", Role::Journalist).unwrap();
    let e = s.create_profile("Борис", Role::Editor).unwrap();
    let a = s.create_article(&draft("Заголовок")).unwrap();
    s.add_note(a.id, "Фото будет к вечеру").unwrap();
    assert!(s.add_note(a.id, " ").is_err(), "an empty note is refused");

    // A journalist can take an unassigned article but not reassign it.
    s.assign_article(a.id, Some(j.id)).unwrap();
    assert_eq!(s.article_assignee(a.id).unwrap(), Some(j.id));
    assert!(
        matches!(s.assign_article(a.id, Some(e.id)), Err(err) if err.code() == newsroom_core::ErrorCode::Forbidden),
        "reassigning is the editors' job"
    );
    s.switch_profile(e.id).unwrap();
    s.assign_article(a.id, Some(e.id)).unwrap();
    s.add_note(a.id, "Беру себе").unwrap();
    let notes = s.article_notes(a.id).unwrap();
    let authors: Vec<_> = notes.iter().map(|n| n.author_name.as_str()).collect();
    assert_eq!(
        authors,
        vec!["Айгерим", "Борис"],
        "the thread keeps its order and authors"
    );
}

#[test]
fn views_count_and_filter_by_state_tag_author_and_date() {
    use newsroom_core::workflow::{ArticleFilter, View};
    let t = open_store();
    let s = &t.store;
    let j = s.create_profile("Айгерим", Role::Journalist).unwrap();
    let e = s.create_profile("Борис", Role::Editor).unwrap();
    let mine = s.create_article(&draft("Мой черновик")).unwrap();
    let submitted = s.create_article(&draft("На проверке")).unwrap();
    s.apply_action(submitted.id, Action::Submit, &Actor::Profile(j.id), None)
        .unwrap();
    s.switch_profile(e.id).unwrap();
    t.clock.advance(chrono::Duration::days(2));
    let editors = s.create_article(&draft("Черновик редактора")).unwrap();
    s.set_article_tags(editors.id, &["Барыс".into()]).unwrap();
    let trashed = s.create_article(&draft("В корзину")).unwrap();
    s.trash_article(trashed.id).unwrap();

    let count = |view: View| {
        s.view_counts()
            .unwrap()
            .into_iter()
            .find(|c| c.view == view)
            .map(|c| c.count)
            .unwrap()
    };
    assert_eq!(count(View::MyDrafts), 1, "the editor's own draft only");
    assert_eq!(count(View::ReviewQueue), 1);
    assert_eq!(count(View::Trash), 1);
    assert_eq!(count(View::All), 3, "trash is not among live articles");
    s.switch_profile(j.id).unwrap();
    assert_eq!(
        count(View::MyDrafts),
        1,
        "My drafts follows the current profile"
    );
    let page = s
        .list_view(&ArticleFilter {
            view: View::MyDrafts,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.items[0].id, mine.id);
    // What is assigned to me is mine too; an article I own and am assigned counts once.
    s.assign_article(mine.id, Some(j.id)).unwrap();
    s.switch_profile(e.id).unwrap();
    s.assign_article(editors.id, Some(j.id)).unwrap();
    assert_eq!(
        count(View::MyDrafts),
        1,
        "the editor still owns the draft given to the journalist"
    );
    s.switch_profile(j.id).unwrap();
    assert_eq!(count(View::MyDrafts), 2, "owned and assigned, each once");
    let page = s
        .list_view(&ArticleFilter {
            view: View::MyDrafts,
            ..Default::default()
        })
        .unwrap();
    let ids: Vec<_> = page.items.iter().map(|a| a.id).collect();
    assert_eq!((page.total, ids), (2, vec![editors.id, mine.id]));

    let tag = s.autocomplete_tags("барыс", 1).unwrap()[0].id;
    let by_tag = s
        .list_view(&ArticleFilter {
            tag_id: Some(tag),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (by_tag.total, by_tag.items[0].id),
        (1, editors.id),
        "filter by tag"
    );
    let by_author = s
        .list_view(&ArticleFilter {
            author: Some(j.id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_author.total, 2, "filter by the profile that wrote it");
    let recent = s
        .list_view(&ArticleFilter {
            updated_from: Some(s.now() - chrono::Duration::days(1)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        recent.total, 1,
        "filter by date: only the article changed in the last day"
    );
    let by_state = s
        .list_view(&ArticleFilter {
            states: vec![ArticleState::InReview],
            text: Some("ПРОВЕРК".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (by_state.total, by_state.items[0].id),
        (1, submitted.id),
        "state plus headline text"
    );
}

#[test]
fn assignment_is_in_the_change_log_with_the_assignment_itself() {
    let t = open_store();
    let s = &t.store;
    let j = s.create_profile("Айгерим", Role::Journalist).unwrap();
    let e = s.create_profile("Борис", Role::Editor).unwrap();
    let a = s.create_article(&draft("Заголовок")).unwrap();
    let log_since = |seq| s.db().read(|c| changes::since(c, seq, 10)).unwrap();

    // A journalist takes the unassigned article: one change, for this article.
    let before = s.db().read(changes::latest_seq).unwrap();
    s.assign_article(a.id, Some(j.id)).unwrap();
    let log = log_since(before);
    assert_eq!(
        log.iter()
            .map(|c| (c.article_id.as_str(), c.kind.as_str()))
            .collect::<Vec<_>>(),
        vec![(a.id.to_string().as_str(), "assigned")],
        "search and sync learn of the assignment"
    );
    assert!(
        s.db()
            .read(|c| newsroom_core::outbox::item(c, &a.id.to_string()))
            .unwrap()
            .is_some_and(|item| item.last_seq < log[0].seq),
        "the assignment stays local: WordPress has no assignee, so the outbox keeps the creation"
    );

    // A refused reassignment leaves neither the assignee nor the log changed.
    let before = s.db().read(changes::latest_seq).unwrap();
    assert!(matches!(
        s.assign_article(a.id, Some(e.id)),
        Err(err) if err.code() == newsroom_core::ErrorCode::Forbidden
    ));
    assert!(log_since(before).is_empty(), "a refusal logs nothing");
    assert_eq!(s.article_assignee(a.id).unwrap(), Some(j.id));

    // The editor reassigns, then clears it; assigning the same person again is no change.
    s.switch_profile(e.id).unwrap();
    s.assign_article(a.id, Some(e.id)).unwrap();
    s.assign_article(a.id, Some(e.id)).unwrap();
    s.assign_article(a.id, None).unwrap();
    let kinds: Vec<_> = log_since(before).into_iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec!["assigned", "assigned"],
        "one entry per real change: reassigned, cleared"
    );
    assert_eq!(s.article_assignee(a.id).unwrap(), None);
}
