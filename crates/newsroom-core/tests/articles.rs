//! Articles on a real SQLite file: create, autosave, list, trash and restore, and the
//! bad inputs that must get a clear error without losing anything.

mod common;

use chrono::Duration;
use common::{open_store, reopen};
use newsroom_core::article::ListQuery;
use newsroom_core::{ArticleDraft, ErrorCode};

fn draft(headline: &str, body: &str) -> ArticleDraft {
    ArticleDraft {
        headline: headline.into(),
        body: body.into(),
        ..ArticleDraft::default()
    }
}

#[test]
fn a_saved_article_survives_reopening_the_database() {
    let common::TestStore { store, clock, dir } = open_store();
    let article = store.create_article(&draft("", "")).unwrap();
    let text = draft("Коллегия МВД", "«Обратная связь» с обществом — главное.");
    store
        .save_draft(article.id, &text, article.version)
        .unwrap();
    drop(store);

    let store = reopen(&dir, &clock);
    let loaded = store.article(article.id).unwrap();
    assert_eq!(
        loaded.draft, text,
        "every word must come back after a restart"
    );
    assert_eq!(loaded.word_count, 5);
}

#[test]
fn list_is_newest_first_with_counts_and_filter() {
    let t = open_store();
    for (i, headline) in ["Погода в Алматы", "ХК «Барыс» победил", "Ёлка на площади"]
        .iter()
        .enumerate()
    {
        t.store
            .create_article(&draft(headline, &"слово ".repeat(i + 1)))
            .unwrap();
        t.clock.advance(Duration::seconds(1));
    }
    let page = t.store.list_articles(&ListQuery::default()).unwrap();
    let headlines: Vec<_> = page.items.iter().map(|a| a.headline.as_str()).collect();
    assert_eq!(
        headlines,
        ["Ёлка на площади", "ХК «Барыс» победил", "Погода в Алматы"]
    );
    assert_eq!(page.total, 3);
    assert_eq!(page.items[0].word_count, 3);

    let filtered = t
        .store
        .list_articles(&ListQuery {
            filter: Some("ЕЛКА".into()),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(
        filtered.items.len(),
        1,
        "the filter ignores case and treats ё as е"
    );
    assert_eq!(filtered.items[0].headline, "Ёлка на площади");

    let literal = t
        .store
        .list_articles(&ListQuery {
            filter: Some("%".into()),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(
        literal.total, 0,
        "% in the filter is a character, not a wildcard"
    );
}

#[test]
fn trash_and_restore_move_between_views() {
    let t = open_store();
    let a = t.store.create_article(&draft("В корзину", "")).unwrap();
    t.store.trash_article(a.id).unwrap();
    assert_eq!(
        t.store.list_articles(&ListQuery::default()).unwrap().total,
        0
    );
    let trash = t
        .store
        .list_articles(&ListQuery {
            trashed: true,
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(trash.items[0].id, a.id);
    assert!(trash.items[0].trashed_at.is_some());

    let restored = t.store.restore_article(a.id).unwrap();
    assert!(restored.trashed_at.is_none());
    assert_eq!(
        t.store.list_articles(&ListQuery::default()).unwrap().total,
        1
    );
}

#[test]
fn a_stale_editor_cannot_overwrite_a_newer_text() {
    let t = open_store();
    let a = t.store.create_article(&draft("Версия", "первая")).unwrap();
    t.store
        .save_draft(a.id, &draft("Версия", "вторая"), a.version)
        .unwrap();
    let err = t
        .store
        .save_draft(a.id, &draft("Версия", "устаревшая"), a.version)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert_eq!(
        t.store.article(a.id).unwrap().draft.body,
        "вторая",
        "nothing was overwritten"
    );
}

#[test]
fn a_ten_megabyte_body_is_kept_and_a_larger_one_refused_clearly() {
    let t = open_store();
    let a = t.store.create_article(&draft("Большой текст", "")).unwrap();
    let ten_mb = "Длинный абзац текста. ".repeat(10 * 1024 * 1024 / 40);
    let saved = t
        .store
        .save_draft(a.id, &draft("Большой текст", &ten_mb), a.version)
        .unwrap();
    assert_eq!(
        t.store.article(a.id).unwrap().draft.body.len(),
        ten_mb.len()
    );

    let too_big = "я".repeat(9 * 1024 * 1024);
    let err = t
        .store
        .save_draft(a.id, &draft("Большой текст", &too_big), saved.version)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert!(err.to_string().contains("still in the editor"), "{err}");
    assert_eq!(
        t.store.article(a.id).unwrap().draft.body.len(),
        ten_mb.len(),
        "the refused save changed nothing"
    );
}

#[test]
fn control_characters_are_removed_and_line_ends_normalised() {
    let t = open_store();
    let a = t
        .store
        .create_article(&draft(
            "Заголовок\u{0}\nв две строки",
            "абзац\r\nвторой\u{7}",
        ))
        .unwrap();
    assert_eq!(a.draft.headline, "Заголовок в две строки");
    assert_eq!(a.draft.body, "абзац\nвторой");
}

#[test]
fn overlong_headline_is_refused_with_the_field_named() {
    let t = open_store();
    let err = t
        .store
        .create_article(&draft(&"Я".repeat(1_001), ""))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert!(err.to_string().contains("headline"), "{err}");
}

#[test]
fn missing_article_is_not_found() {
    let t = open_store();
    let err = t
        .store
        .article(newsroom_core::ArticleId::new())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn a_full_disk_gives_a_storage_error_and_keeps_the_last_saved_text() {
    let t = open_store();
    let a = t
        .store
        .create_article(&draft("Полный диск", "сохранённый текст"))
        .unwrap();
    // SQLite reports SQLITE_FULL when the file may not grow, exactly as on a full disk.
    let pages: i64 = t
        .store
        .db()
        .read(|c| Ok(c.query_row("PRAGMA page_count", [], |r| r.get(0))?))
        .unwrap();
    t.store
        .db()
        .write(|tx| {
            Ok(
                tx.query_row(&format!("PRAGMA max_page_count = {}", pages + 2), [], |r| {
                    r.get::<_, i64>(0)
                })?,
            )
        })
        .unwrap();
    let big = "текст, который не помещается на диск ".repeat(20_000);
    let err = t
        .store
        .save_draft(a.id, &draft("Полный диск", &big), a.version)
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Storage,
        "a full disk must be reported as such: {err}"
    );
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert_eq!(
        t.store.article(a.id).unwrap().draft.body,
        "сохранённый текст",
        "the last saved text is intact"
    );
}

/// A post first seen on the server and an article written here go through one insert, so
/// they store the same derived data (word count, the folded headline the list filter
/// searches), a first revision and a change for search; only the pulled one has nothing
/// to send back.
#[test]
fn a_pulled_post_is_stored_like_a_local_article() {
    use newsroom_core::{changes, outbox, ArticleId, RevisionKind};
    let t = open_store();
    let s = &t.store;
    let text = draft("  Ёлки  на   площади ", "Ёлку поставят к Новому году.");
    let local = s.create_article(&text).unwrap();
    let remote_id = ArticleId::new();
    let before = s.db().read(changes::latest_seq).unwrap();
    let fields = newsroom_core::remote::Fields {
        headline: text.headline.clone(),
        dek: text.dek.clone(),
        body: text.body.clone(),
        slug: text.slug.clone(),
        status: "in_review".into(),
        ..Default::default()
    };
    s.db()
        .write(|tx| newsroom_core::remote::insert(tx, Some(remote_id), &fields, s.now()))
        .unwrap();
    let remote = s.article(remote_id).unwrap();

    assert_eq!(remote.draft, local.draft, "the same cleaning");
    assert_eq!(remote.word_count, local.word_count);
    assert_eq!(remote.status, "in_review", "the server's state is kept");
    let found = s
        .list_articles(&ListQuery {
            filter: Some("елки на площади".into()),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(found.total, 2, "both are found by the folded headline");
    let revisions = s.list_revisions(remote_id).unwrap();
    assert_eq!(
        revisions.iter().map(|r| r.kind).collect::<Vec<_>>(),
        vec![RevisionKind::Remote]
    );
    let log = s.db().read(|c| changes::since(c, before, 10)).unwrap();
    assert_eq!(
        log.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>(),
        vec!["created"]
    );
    assert!(
        s.db()
            .read(|c| outbox::item(c, &remote_id.to_string()))
            .unwrap()
            .is_none(),
        "a pulled post is not pushed back"
    );
}

#[test]
fn the_article_open_at_closing_is_reopened_at_the_next_start_unless_trashed() {
    let common::TestStore { store, clock, dir } = open_store();
    assert!(
        store.last_open_article().unwrap().is_none(),
        "a fresh desk reopens nothing"
    );
    let article = store
        .create_article(&draft("Снег в Алматы", "Ночью выпал снег."))
        .unwrap();
    store.remember_open_article(Some(article.id)).unwrap();
    drop(store);

    let store = reopen(&dir, &clock);
    let reopened = store.last_open_article().unwrap();
    assert_eq!(reopened.map(|a| a.id), Some(article.id));

    store.trash_article(article.id).unwrap();
    assert!(
        store.last_open_article().unwrap().is_none(),
        "an article in the trash is not reopened"
    );
    store.restore_article(article.id).unwrap();
    store.remember_open_article(None).unwrap();
    assert!(
        store.last_open_article().unwrap().is_none(),
        "closed: nothing to reopen"
    );
}
