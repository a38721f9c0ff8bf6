//! The index is never behind the database: edits are found at once, a crash between an
//! edit and the index loses nothing, and a missing or damaged index is rebuilt.

mod common;

use common::{find, Desk};
use newsroom_search::{OpenState, SearchIndex};

#[test]
fn a_committed_edit_is_found_immediately_and_the_old_text_is_not() {
    let desk = Desk::new();
    let a = desk.write("Заметка", "", "Сегодня в городе прошёл митинг.");
    let index = desk.open_index();
    assert_eq!(find(&index, &desk, "митинг"), [a.id]);
    desk.edit_body(a.id, "Сегодня в городе открылась выставка.");
    assert_eq!(
        find(&index, &desk, "выставка"),
        [a.id],
        "the new text must be found right after the save commits"
    );
    assert!(
        find(&index, &desk, "митинг").is_empty(),
        "the old text must not be found after it was replaced"
    );
    let b = desk.write("Новая выставка", "", "");
    assert_eq!(
        find(&index, &desk, "выставка").len(),
        2,
        "a new article is found at once: {b:?}",
        b = b.id
    );
}

#[test]
fn trashing_and_restoring_is_seen_at_once() {
    let desk = Desk::new();
    let a = desk.write("Пожар", "", "");
    let index = desk.open_index();
    desk.store.trash_article(a.id).unwrap();
    assert!(
        find(&index, &desk, "пожар").is_empty(),
        "a trashed article disappears from results at once"
    );
    desk.store.restore_article(a.id).unwrap();
    assert_eq!(
        find(&index, &desk, "пожар"),
        [a.id],
        "a restored article comes back at once"
    );
}

#[test]
fn changes_made_while_the_index_was_closed_are_replayed_on_open() {
    let desk = Desk::new();
    let a = desk.write("Первая", "", "старый текст про забастовку");
    let index = desk.open_index();
    let seq_before = index.applied_seq();
    index.close().expect("the index closes");
    // The app "crashed": edits committed to the database never reached the index.
    desk.edit_body(a.id, "новый текст про наводнение");
    let b = desk.write("Вторая", "", "ещё одно наводнение");
    let index = desk.open_index();
    assert!(
        matches!(index.opened(), OpenState::Reused { replayed } if *replayed >= 2),
        "the existing index is kept and the missed changes replayed: {:?}",
        index.opened()
    );
    assert!(
        index.applied_seq() > seq_before,
        "the cursor moved past the replayed changes"
    );
    let found = find(&index, &desk, "наводнение");
    assert!(
        found.contains(&a.id) && found.contains(&b.id),
        "both missed changes are searchable: {found:?}"
    );
    assert!(
        find(&index, &desk, "забастовка").is_empty(),
        "the text replaced during the crash is gone"
    );
}

#[test]
fn a_deleted_index_folder_is_rebuilt_from_the_database() {
    let desk = Desk::new();
    let a = desk.write("Выборы", "", "Итоги выборов объявлены.");
    desk.open_index().close().unwrap();
    std::fs::remove_dir_all(desk.index_dir()).unwrap();
    let index = desk.open_index();
    assert!(
        matches!(index.opened(), OpenState::Rebuilt { .. }),
        "a missing index is rebuilt: {:?}",
        index.opened()
    );
    assert_eq!(
        find(&index, &desk, "выборы"),
        [a.id],
        "the rebuilt index finds what the database holds"
    );
}

#[test]
fn a_damaged_index_is_rebuilt_from_the_database() {
    let desk = Desk::new();
    let a = desk.write("Выборы", "", "Итоги выборов объявлены.");
    desk.open_index().close().unwrap();
    // Truncate every segment file, as a full disk or a crash mid-copy would.
    for entry in std::fs::read_dir(desk.index_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with('.') && name != "meta.json" {
            std::fs::write(&path, b"broken").unwrap();
        }
    }
    let index = desk.open_index();
    assert!(
        matches!(index.opened(), OpenState::Rebuilt { .. }),
        "damaged segments force a rebuild: {:?}",
        index.opened()
    );
    assert_eq!(find(&index, &desk, "выборы"), [a.id]);
    index.close().unwrap();

    std::fs::write(desk.index_dir().join("meta.json"), b"{ not json").unwrap();
    let index = desk.open_index();
    assert!(
        matches!(index.opened(), OpenState::Rebuilt { .. }),
        "an unreadable meta.json forces a rebuild"
    );
    assert_eq!(find(&index, &desk, "выборы"), [a.id]);
}

#[test]
fn an_index_ahead_of_the_database_is_rebuilt() {
    // A database restored from an older backup has fewer changes than the index saw.
    let first = Desk::new();
    for i in 0..3 {
        first.write(&format!("Статья {i}"), "", "текст");
    }
    first.open_index().close().unwrap();
    let restored = Desk::new();
    let only = restored.write("Единственная", "", "текст");
    copy_dir(&first.index_dir(), &restored.index_dir());
    let index = restored.open_index();
    assert!(
        matches!(index.opened(), OpenState::Rebuilt { .. }),
        "an index from another history is rebuilt: {:?}",
        index.opened()
    );
    assert_eq!(
        find(&index, &restored, "текст"),
        [only.id],
        "only what this database holds is found"
    );
}

#[test]
fn a_folder_with_other_files_is_never_wiped() {
    let desk = Desk::new();
    std::fs::create_dir_all(desk.index_dir()).unwrap();
    std::fs::write(desk.index_dir().join("thesis.docx"), b"precious").unwrap();
    let err =
        SearchIndex::open(&desk.index_dir(), &desk.store).expect_err("a foreign folder is refused");
    assert!(err.to_string().contains("left untouched"), "{err}");
    assert!(
        desk.index_dir().join("thesis.docx").exists(),
        "someone's file must survive a mistyped path"
    );
}

#[test]
fn searches_from_many_threads_see_every_edit() {
    let desk = Desk::new();
    let a = desk.write("Старт", "", "начало");
    let index = desk.open_index();
    std::thread::scope(|s| {
        for t in 0..4 {
            let (index, desk) = (&index, &desk);
            s.spawn(move || {
                for i in 0..5 {
                    let word = format!("слово{t}x{i}");
                    let article = desk.write(&word, "", "");
                    let found = find(index, desk, &word);
                    assert_eq!(
                        found,
                        [article.id],
                        "thread {t} must find its own edit {i} at once"
                    );
                }
            });
        }
    });
    assert_eq!(find(&index, &desk, "начало"), [a.id]);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}
