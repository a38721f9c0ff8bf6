//! Rename, merge and undo on real SQLite files: every article updated in one transaction,
//! every affected article in the change log, and an undo that puts back exactly what was.

mod common;

use common::{open_store, reopen, TestStore};
use newsroom_core::changes;
use newsroom_core::workflow::Role;
use newsroom_core::{ArticleDraft, ArticleId, Error, ErrorCode};
use std::collections::BTreeSet;

fn article(t: &TestStore, tags: &[&str]) -> ArticleId {
    let a = t.store.create_article(&ArticleDraft::default()).unwrap();
    let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
    t.store.set_article_tags(a.id, &tags).unwrap();
    a.id
}

fn tags_of(t: &TestStore, id: ArticleId) -> Vec<String> {
    t.store
        .article_tags(id)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

fn tag_id(t: &TestStore, name: &str) -> i64 {
    t.store
        .check_tag_name(name)
        .unwrap()
        .existing
        .expect(name)
        .id
}

fn tags_changed_since(t: &TestStore, seq: i64) -> BTreeSet<String> {
    t.store
        .db()
        .read(|c| changes::since(c, seq, 10_000))
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == "tags")
        .map(|c| c.article_id)
        .collect()
}

fn latest(t: &TestStore) -> i64 {
    t.store.db().read(changes::latest_seq).unwrap()
}

fn setup() -> TestStore {
    let t = open_store();
    t.store.create_profile("Борис", Role::Editor).unwrap();
    t
}

#[test]
fn merge_moves_every_article_and_undo_restores_everything() {
    let t = setup();
    let a = article(&t, &["барыс", "хоккей"]);
    let b = article(&t, &["Барыс ХК"]);
    let c = article(&t, &["ХК Барыс", "барыс"]);
    let d = article(&t, &["погода"]);
    let (src1, src2, target) = (
        tag_id(&t, "барыс"),
        tag_id(&t, "Барыс ХК"),
        tag_id(&t, "ХК Барыс"),
    );
    let seq = latest(&t);

    let (merged, op) = t.store.merge_tags(&[src1, src2], target).unwrap();
    assert_eq!(
        merged.use_count, 3,
        "a, b and c now carry «ХК Барыс» (c only once)"
    );
    assert_eq!(
        tags_of(&t, a),
        vec!["ХК Барыс", "хоккей"],
        "the merged tag takes the source's place"
    );
    assert_eq!(tags_of(&t, b), vec!["ХК Барыс"]);
    assert_eq!(tags_of(&t, c), vec!["ХК Барыс"]);
    assert!(
        t.store.check_tag_name("барыс").unwrap().existing.is_none(),
        "the sources are gone"
    );
    let expected: BTreeSet<String> = [a, b, c].iter().map(|i| i.to_string()).collect();
    assert_eq!(
        tags_changed_since(&t, seq),
        expected,
        "every affected article, and only those, is logged"
    );
    assert!(!tags_changed_since(&t, seq).contains(&d.to_string()));

    let ops = t.store.tag_operations(10).unwrap();
    assert_eq!(ops[0].id, op);
    assert_eq!(ops[0].articles, 3);
    assert!(ops[0].summary.contains("«ХК Барыс»"), "{}", ops[0].summary);

    // The undo record is durable: undo works after a restart.
    let store = reopen(&t.dir, &t.clock);
    let seq = latest(&t);
    store.undo_tag_operation(op).unwrap();
    drop(store);
    assert_eq!(tags_of(&t, a), vec!["барыс", "хоккей"]);
    assert_eq!(tags_of(&t, b), vec!["Барыс ХК"]);
    assert_eq!(tags_of(&t, c), vec!["ХК Барыс", "барыс"]);
    assert_eq!(
        tag_id(&t, "барыс"),
        src1,
        "the restored tag gets its own id back"
    );
    assert_eq!(tag_id(&t, "Барыс ХК"), src2);
    assert_eq!(
        t.store.tag(target).unwrap().use_count,
        1,
        "only c carried the target before"
    );
    assert_eq!(
        t.store.tag(src1).unwrap().use_count,
        2,
        "counts are right after undo"
    );
    assert_eq!(
        tags_changed_since(&t, seq),
        expected,
        "the undo is logged for the same articles"
    );

    let err = t.store.undo_tag_operation(op).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Conflict,
        "an undo cannot run twice: {err}"
    );
}

#[test]
fn undo_is_refused_when_the_freed_name_was_reused() {
    let t = setup();
    article(&t, &["барыс", "ХК Барыс"]);
    let (src, target) = (tag_id(&t, "барыс"), tag_id(&t, "ХК Барыс"));
    let (_, op) = t.store.merge_tags(&[src], target).unwrap();
    t.store.create_tag("Барыс", false).unwrap();
    let err = t.store.undo_tag_operation(op).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(
        err.to_string().contains("Барыс"),
        "the refusal names the tag in the way: {err}"
    );
    assert_eq!(
        t.store.tag(target).unwrap().use_count,
        1,
        "a refused undo changes nothing"
    );
}

#[test]
fn rename_updates_every_article_refuses_a_taken_name_and_can_be_undone() {
    let t = setup();
    let a = article(&t, &["Барис"]);
    let b = article(&t, &["Барис", "погода"]);
    article(&t, &["Алматы"]);
    let id = tag_id(&t, "барис");
    let seq = latest(&t);
    let (tag, op) = t.store.rename_tag(id, "Барыс").unwrap();
    assert_eq!((tag.id, tag.name.as_str()), (id, "Барыс"));
    assert_eq!(tags_of(&t, a), vec!["Барыс"]);
    let expected: BTreeSet<String> = [a, b].iter().map(|i| i.to_string()).collect();
    assert_eq!(
        tags_changed_since(&t, seq),
        expected,
        "the site must learn the new name for each article"
    );
    assert_eq!(
        t.store.autocomplete_tags("бары", 5).unwrap()[0].name,
        "Барыс",
        "autocomplete knows the new name"
    );
    assert!(
        t.store.autocomplete_tags("бари", 5).unwrap().is_empty(),
        "and forgets the old one"
    );

    // Changing only the case is a rename of the same key.
    t.store.rename_tag(id, "БАРЫС").unwrap();
    let err = t.store.rename_tag(id, "алматы").unwrap_err();
    assert!(
        matches!(err, Error::Conflict(_)),
        "a taken name must be merged, not renamed into: {err}"
    );

    t.store
        .undo_tag_operation(t.store.tag_operations(1).unwrap()[0].id)
        .unwrap();
    t.store.undo_tag_operation(op).unwrap();
    assert_eq!(
        tags_of(&t, b),
        vec!["Барис", "погода"],
        "both renames undone, newest first"
    );
}

#[test]
fn only_editors_govern_tags_and_a_failed_merge_changes_nothing() {
    let t = open_store();
    let j = t.store.create_profile("Айгерим", Role::Journalist).unwrap();
    let a = article(&t, &["барыс", "ХК Барыс"]);
    let (src, target) = (tag_id(&t, "барыс"), tag_id(&t, "ХК Барыс"));
    let err = t.store.merge_tags(&[src], target).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    let e = t.store.create_profile("Борис", Role::Editor).unwrap();
    t.store.switch_profile(e.id).unwrap();
    let err = t.store.merge_tags(&[src, 999_999], target).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    assert_eq!(
        tags_of(&t, a),
        vec!["барыс", "ХК Барыс"],
        "the transaction rolled back whole"
    );
    assert!(
        t.store.merge_tags(&[target], target).is_err(),
        "a tag is not merged into itself"
    );
    let _ = j;
}
