//! Tags on real SQLite files: one tag per folded key (Russian and Kazakh pairs),
//! autocomplete, counts kept by the database, the tag cloud, near-duplicate warnings.

mod common;

use common::{open_store, reopen, TestStore};
use newsroom_core::workflow::{Action, Actor, Role};
use newsroom_core::{ArticleDraft, ArticleId, ErrorCode};

fn names(tags: &[newsroom_core::tags::Tag]) -> Vec<&str> {
    tags.iter().map(|t| t.name.as_str()).collect()
}

fn article(t: &TestStore, headline: &str, tags: &[&str]) -> ArticleId {
    let a = t
        .store
        .create_article(&ArticleDraft {
            headline: headline.into(),
            ..ArticleDraft::default()
        })
        .unwrap();
    let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
    t.store.set_article_tags(a.id, &tags).unwrap();
    a.id
}

fn editor(t: &TestStore) -> Actor {
    Actor::Profile(t.store.create_profile("Борис", Role::Editor).unwrap().id)
}

fn publish(t: &TestStore, who: &Actor, id: ArticleId) {
    for action in [Action::Submit, Action::Approve, Action::Publish] {
        t.store.apply_action(id, action, who, None).unwrap();
    }
}

#[test]
fn one_tag_per_folded_key_with_russian_and_kazakh_pairs() {
    let t = open_store();
    editor(&t);
    let s = &t.store;
    let same = [
        ("Барыс", "барыс"),
        ("Ёлка", "ЕЛКА"),
        ("Қазақстан", "қазақстан"),
        ("ХК  Барыс", "хк барыс"),
    ];
    for (first, second) in same {
        let (a, _) = s.create_tag(first, false).unwrap();
        let (b, check) = s.create_tag(second, false).unwrap();
        assert_eq!(a.id, b.id, "«{first}» and «{second}» must be one tag");
        assert!(
            check.existing.is_some(),
            "the second name is reported as the existing tag"
        );
        assert_eq!(
            b.name,
            first.split_whitespace().collect::<Vec<_>>().join(" "),
            "the first spelling is kept"
        );
    }
    let distinct = [
        ("Қала", "Кала"),
        ("Әлем", "Алем"),
        ("Үкімет", "Укимет"),
        ("Йод", "Иод"),
    ];
    for (a, b) in distinct {
        let (x, _) = s.create_tag(a, false).unwrap();
        let (y, _) = s.create_tag(b, false).unwrap();
        assert_ne!(
            x.id, y.id,
            "«{a}» and «{b}» are different words and different tags"
        );
    }
    // The uniqueness is the database's, not only the code's.
    let dup = s.db().write(|tx| {
        Ok(tx.execute(
            "INSERT INTO tags (name, key, created_at, updated_at) VALUES ('БАРЫС', 'барыс', 0, 0)",
            [],
        )?)
    });
    assert!(
        dup.is_err(),
        "the unique key index must refuse a second «барыс»"
    );
}

#[test]
fn setting_tags_creates_new_ones_and_reuses_existing_by_key() {
    let t = open_store();
    let a = article(&t, "Матч", &["Барыс", "хоккей"]);
    let b = article(&t, "Ещё матч", &["барыс", "ХОККЕЙ", "Барыс"]);
    assert_eq!(
        t.store.tag_count().unwrap(),
        2,
        "no new tags for other spellings"
    );
    assert_eq!(
        names(&t.store.article_tags(b).unwrap()),
        vec!["Барыс", "хоккей"],
        "duplicates collapse, order kept"
    );
    let out = t
        .store
        .set_article_tags(a, &["хоккей".into(), "Барис".into()])
        .unwrap();
    assert_eq!(names(&out.tags), vec!["хоккей", "Барис"]);
    assert_eq!(out.created.len(), 1, "one new tag was created");
    assert_eq!(
        names(&out.created[0].similar),
        vec!["Барыс"],
        "the new tag comes with a near-duplicate warning"
    );
}

#[test]
fn autocomplete_by_prefix_and_word_prefix_ranked_by_use() {
    let t = open_store();
    article(&t, "1", &["Барыс", "ХК Барыс"]);
    article(&t, "2", &["Барыс"]);
    article(
        &t,
        "3",
        &["Барнаул", "Ёлка", "Қазақстан", "зимняя Азиада-2025"],
    );
    let s = &t.store;
    assert_eq!(
        names(&s.autocomplete_tags("бар", 10).unwrap()),
        vec!["Барыс", "Барнаул", "ХК Барыс"],
        "tags that start with the input come first, most used first, then word matches"
    );
    assert_eq!(
        names(&s.autocomplete_tags("БАРЫС", 10).unwrap()),
        vec!["Барыс", "ХК Барыс"],
        "exact first"
    );
    assert_eq!(
        names(&s.autocomplete_tags("хк бар", 10).unwrap()),
        vec!["ХК Барыс"]
    );
    assert_eq!(
        names(&s.autocomplete_tags("ел", 10).unwrap()),
        vec!["Ёлка"],
        "ё = е"
    );
    assert_eq!(
        names(&s.autocomplete_tags("қаз", 10).unwrap()),
        vec!["Қазақстан"]
    );
    assert!(
        s.autocomplete_tags("каз", 10).unwrap().is_empty(),
        "қ is not к"
    );
    assert_eq!(
        names(&s.autocomplete_tags("2025", 10).unwrap()),
        vec!["зимняя Азиада-2025"]
    );
    assert_eq!(
        s.autocomplete_tags("", 2).unwrap()[0].name,
        "Барыс",
        "empty input: most used"
    );
    assert!(
        s.autocomplete_tags("%", 10).unwrap().is_empty(),
        "LIKE wildcards mean nothing here"
    );
}

#[test]
fn counts_follow_publishing_trashing_and_retagging() {
    let t = open_store();
    let e = editor(&t);
    let a = article(&t, "Матч", &["Барыс", "горячие новости"]);
    let b = article(&t, "Тренировка", &["Барыс"]);
    article(&t, "Погода", &["погода"]);
    publish(&t, &e, a);
    let tag = |name: &str| {
        t.store
            .autocomplete_tags(name, 1)
            .unwrap()
            .into_iter()
            .next()
            .unwrap()
    };
    assert_eq!(
        (tag("барыс").use_count, tag("барыс").published_count),
        (2, 1)
    );

    t.store.trash_article(b).unwrap();
    assert_eq!(tag("барыс").use_count, 1, "trashed articles do not count");
    t.store.restore_article(b).unwrap();
    assert_eq!(tag("барыс").use_count, 2, "restored ones count again");

    t.store.apply_action(a, Action::Withdraw, &e, None).unwrap();
    assert_eq!(
        tag("барыс").published_count,
        0,
        "a withdrawn article is not published"
    );
    t.store.apply_action(a, Action::Publish, &e, None).unwrap();
    t.store
        .set_article_tags(a, &["горячие новости".into()])
        .unwrap();
    assert_eq!(
        (tag("барыс").use_count, tag("барыс").published_count),
        (1, 0)
    );

    let cloud = t.store.tag_cloud(10).unwrap();
    assert_eq!(
        names(&cloud),
        vec!["горячие новости"],
        "the cloud lists published tags only"
    );

    // The counts survive a reopen and equal a recount from scratch.
    let reopened = reopen(&t.dir, &t.clock);
    let drift: i64 = reopened
        .db()
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM tags t WHERE use_count != (
                    SELECT count(*) FROM article_tags a JOIN articles r ON r.id = a.article_id
                    WHERE a.tag_id = t.id AND r.trashed_at IS NULL)
                 OR published_count != (
                    SELECT count(*) FROM article_tags a JOIN articles r ON r.id = a.article_id
                    WHERE a.tag_id = t.id AND r.trashed_at IS NULL AND r.status = 'published')",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(drift, 0, "denormalised counts must equal a full recount");
}

#[test]
fn tag_cloud_orders_by_published_use_like_the_site() {
    let t = open_store();
    let e = editor(&t);
    for i in 0..3 {
        let id = article(&t, &format!("Новость {i}"), &["горячие новости", "Барыс"]);
        publish(&t, &e, id);
    }
    let id = article(&t, "Ещё", &["горячие новости", "Президент Казахстана"]);
    publish(&t, &e, id);
    let cloud = t.store.tag_cloud(10).unwrap();
    let got: Vec<_> = cloud
        .iter()
        .map(|t| (t.name.as_str(), t.published_count))
        .collect();
    assert_eq!(
        got,
        vec![
            ("горячие новости", 4),
            ("Барыс", 3),
            ("Президент Казахстана", 1)
        ]
    );
}

#[test]
fn near_duplicate_warnings_name_the_candidates() {
    let t = open_store();
    article(
        &t,
        "1",
        &["ХК Барыс", "Барыс", "НДС", "Президент Казахстана"],
    );
    let s = &t.store;
    let check = s.check_tag_name("барыс").unwrap();
    assert_eq!(
        check.existing.map(|t| t.name),
        Some("Барыс".into()),
        "same key: it IS the existing tag"
    );
    assert_eq!(
        names(&check.similar),
        vec!["ХК Барыс"],
        "and it resembles «ХК Барыс»"
    );

    let check = s.check_tag_name("Барис").unwrap();
    assert!(check.existing.is_none());
    assert_eq!(names(&check.similar), vec!["Барыс"], "one typo away");

    let check = s.check_tag_name("президент казахстан").unwrap();
    assert_eq!(names(&check.similar), vec!["Президент Казахстана"]);

    assert!(
        s.check_tag_name("МВД").unwrap().similar.is_empty(),
        "short abbreviations must match exactly"
    );
}

#[test]
fn flags_are_editorial() {
    let t = open_store();
    let j = t.store.create_profile("Айгерим", Role::Journalist).unwrap();
    let a = article(&t, "1", &["горячие новости"]);
    let id = t.store.article_tags(a).unwrap()[0].id;
    let err = t.store.set_tag_flag(id, true).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Forbidden,
        "journalists do not mark flags: {err}"
    );
    let e = t.store.create_profile("Борис", Role::Editor).unwrap();
    t.store.switch_profile(e.id).unwrap();
    assert!(t.store.set_tag_flag(id, true).unwrap().is_flag);
    let _ = j;
}
