//! Word-count targets per article (issue 15), on a real SQLite file: stored with the
//! article, survive a reopen, refused when impossible, and only set by those who may.

mod common;

use common::{open_store, reopen};
use newsroom_core::profile::Role;
use newsroom_core::word_target::{TargetFit, WordTarget, MAX_TARGET_WORDS};
use newsroom_core::{ArticleDraft, ArticleId, ErrorCode};

fn draft(headline: &str) -> ArticleDraft {
    ArticleDraft {
        headline: headline.into(),
        body: "Текст.".into(),
        ..Default::default()
    }
}

#[test]
fn a_target_is_stored_with_the_article_and_survives_a_reopen() {
    let t = open_store();
    let id = t.store.create_article(&draft("Репортаж")).unwrap().id;
    assert_eq!(t.store.word_target(id).unwrap(), None);
    let target = WordTarget {
        min: 600,
        max: Some(800),
    };
    assert_eq!(
        t.store.set_word_target(id, Some(target)).unwrap(),
        Some(target)
    );
    let again = reopen(&t.dir, &t.clock);
    assert_eq!(again.word_target(id).unwrap(), Some(target));
    let open_ended = WordTarget {
        min: 300,
        max: None,
    };
    assert_eq!(
        again.set_word_target(id, Some(open_ended)).unwrap(),
        Some(open_ended)
    );
    assert_eq!(again.set_word_target(id, None).unwrap(), None);
    assert_eq!(again.word_target(id).unwrap(), None);
}

#[test]
fn impossible_targets_are_refused_and_nothing_is_stored() {
    let t = open_store();
    let id = t.store.create_article(&draft("Колонка")).unwrap().id;
    for bad in [
        WordTarget {
            min: 800,
            max: Some(600),
        },
        WordTarget { min: 0, max: None },
        WordTarget {
            min: 0,
            max: Some(0),
        },
        WordTarget {
            min: 1,
            max: Some(MAX_TARGET_WORDS + 1),
        },
        WordTarget {
            min: MAX_TARGET_WORDS + 1,
            max: None,
        },
    ] {
        let err = t.store.set_word_target(id, Some(bad)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid, "{bad:?}: {err}");
        assert_eq!(t.store.word_target(id).unwrap(), None, "{bad:?} was stored");
    }
}

#[test]
fn an_unknown_article_is_not_found() {
    let t = open_store();
    let err = t
        .store
        .set_word_target(ArticleId::new(), Some(WordTarget { min: 1, max: None }))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
}

#[test]
fn a_journalist_cannot_set_a_target_on_another_journalists_draft_but_an_editor_can() {
    let t = open_store();
    let aigerim = t.store.create_profile("Айгерим", Role::Journalist).unwrap();
    let id = t
        .store
        .create_article(&draft("Черновик Айгерим"))
        .unwrap()
        .id;
    let boris = t.store.create_profile("Борис", Role::Journalist).unwrap();
    let editor = t.store.create_profile("Редактор", Role::Editor).unwrap();
    let target = Some(WordTarget {
        min: 600,
        max: Some(800),
    });

    t.store.switch_profile(boris.id).unwrap();
    let err = t.store.set_word_target(id, target).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    t.store.switch_profile(editor.id).unwrap();
    assert_eq!(t.store.set_word_target(id, target).unwrap(), target);
    t.store.switch_profile(aigerim.id).unwrap();
    assert_eq!(t.store.set_word_target(id, None).unwrap(), None);
}

#[test]
fn fit_says_short_within_or_over() {
    let t = WordTarget {
        min: 600,
        max: Some(800),
    };
    assert_eq!(t.fit(599), TargetFit::Short);
    assert_eq!(t.fit(600), TargetFit::Within);
    assert_eq!(t.fit(800), TargetFit::Within);
    assert_eq!(t.fit(801), TargetFit::Over);
    assert_eq!(
        WordTarget {
            min: 300,
            max: None
        }
        .fit(10_000),
        TargetFit::Within
    );
}
