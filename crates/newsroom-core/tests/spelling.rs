//! Spell checking (issue 13) over Debian's Hunspell dictionaries, which `scripts/setup.sh`
//! installs (hunspell-ru, hunspell-kk, hunspell-en-us): misspellings are found in Russian,
//! Kazakh and English, correct words are not, the newsroom's dictionary is kept locally,
//! and a missing dictionary is a message, not a failure.

mod common;

use common::{open_store, reopen};
use newsroom_core::spell::Dictionaries;
use newsroom_core::ErrorCode;

fn marked(report: &newsroom_core::spell::SpellReport) -> Vec<&str> {
    report.marks.iter().map(|m| m.word.as_str()).collect()
}

#[test]
fn russian_kazakh_and_english_misspellings_are_marked_and_correct_words_are_not() {
    let t = open_store();
    let ru = t
        .store
        .check_spelling(
            "Министр внутренних дел поручил усилеть безопастность на дорогах.",
            true,
            "auto",
        )
        .unwrap();
    assert_eq!(ru.language, "ru");
    assert_eq!(marked(&ru), ["усилеть", "безопастность"]);
    assert!(ru.missing.is_empty(), "{:?}", ru.missing);

    let kk = t
        .store
        .check_spelling("Қазақстан үкіметі жаңа заңды қабылдадыы.", true, "auto")
        .unwrap();
    assert_eq!(kk.language, "kk");
    assert_eq!(marked(&kk), ["қабылдадыы"]);

    let en = t
        .store
        .check_spelling("The minister adressed the parliament.", false, "en")
        .unwrap();
    assert_eq!(marked(&en), ["adressed"]);

    // An English word in Russian copy goes to the English dictionary.
    let mixed = t
        .store
        .check_spelling("Компания Microsoft и компания Microsfot.", true, "ru")
        .unwrap();
    assert_eq!(marked(&mixed), ["Microsfot"]);
}

#[test]
fn marks_are_in_utf16_offsets_of_the_text() {
    let t = open_store();
    let text = "Ответ — «Масква»";
    let report = t.store.check_spelling(text, false, "ru").unwrap();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let mark = &report.marks[0];
    assert_eq!(
        String::from_utf16(&utf16[mark.from as usize..mark.to as usize]).unwrap(),
        "Масква"
    );
}

#[test]
fn suggestions_come_from_the_dictionary_of_the_words_script() {
    let t = open_store();
    let ru = t.store.spelling_suggestions("Масква", "ru").unwrap();
    assert!(ru.iter().any(|s| s == "Москва"), "{ru:?}");
    let en = t.store.spelling_suggestions("adressed", "ru").unwrap();
    assert!(en.iter().any(|s| s == "addressed"), "{en:?}");
}

#[test]
fn the_newsroom_dictionary_takes_names_and_keeps_them() {
    let t = open_store();
    let text = "Токаев посетил Жетысу, где играет Барыс.";
    assert_eq!(
        marked(&t.store.check_spelling(text, true, "ru").unwrap()),
        ["Токаев", "Жетысу", "Барыс"]
    );
    for word in ["Токаев", "Жетысу", "Барыс"] {
        t.store.add_newsroom_word(word).unwrap();
    }
    assert!(t
        .store
        .check_spelling(text, true, "ru")
        .unwrap()
        .marks
        .is_empty());
    // Names are names: capitals pass, a lower-case first letter does not.
    assert!(t
        .store
        .check_spelling("ТОКАЕВ", false, "ru")
        .unwrap()
        .marks
        .is_empty());
    assert_eq!(
        marked(&t.store.check_spelling("токаев", false, "ru").unwrap()),
        ["токаев"]
    );

    let again = reopen(&t.dir, &t.clock);
    assert_eq!(
        again.newsroom_words().unwrap(),
        ["Барыс", "Жетысу", "Токаев"]
    );
    assert_eq!(
        again.remove_newsroom_word("Токаев").unwrap(),
        ["Барыс", "Жетысу"]
    );

    for bad in ["", "два слова", &"я".repeat(65)] {
        assert_eq!(
            t.store.add_newsroom_word(bad).unwrap_err().code(),
            ErrorCode::Invalid,
            "{bad:?}"
        );
    }
}

#[test]
fn an_added_name_covers_its_declined_forms() {
    let t = open_store();
    let text = "Награду вручили Токаеву. Туристы едут в Жетысу и болеют за Барыса. \
                Жетысуда жаңа мектеп ашылды.";
    assert_eq!(
        marked(&t.store.check_spelling(text, true, "auto").unwrap()),
        ["Токаеву", "Жетысу", "Барыса", "Жетысуда"]
    );
    for word in ["Токаев", "Жетысу", "Барыс"] {
        t.store.add_newsroom_word(word).unwrap();
    }
    assert_eq!(
        marked(&t.store.check_spelling(text, true, "auto").unwrap()),
        Vec::<&str>::new(),
        "the forms of added names are not mistakes"
    );
    // A form in lower case, or a different name that merely starts alike, stays marked.
    assert_eq!(
        marked(
            &t.store
                .check_spelling("токаеву и Токайеву", false, "ru")
                .unwrap()
        ),
        ["токаеву", "Токайеву"]
    );
}

#[test]
fn the_language_choice_is_kept_and_checked() {
    let t = open_store();
    assert_eq!(t.store.spell_language().unwrap(), "auto");
    assert_eq!(t.store.set_spell_language("kk").unwrap(), "kk");
    assert_eq!(reopen(&t.dir, &t.clock).spell_language().unwrap(), "kk");
    assert_eq!(
        t.store.set_spell_language("de").unwrap_err().code(),
        ErrorCode::Invalid
    );
    assert_eq!(
        t.store.check_spelling("x", false, "de").unwrap_err().code(),
        ErrorCode::Invalid
    );
    let off = t.store.check_spelling("Масква", false, "off").unwrap();
    assert!(off.marks.is_empty());
}

#[test]
fn a_missing_dictionary_is_a_message_not_a_failure() {
    let t = open_store();
    let empty = tempfile::tempdir().unwrap();
    let dictionaries = Dictionaries::at(empty.path());
    let report = t
        .store
        .check_spelling_with(&dictionaries, "Масква", false, "ru")
        .unwrap();
    assert!(report.marks.is_empty());
    assert_eq!(report.missing.len(), 1);
    assert!(
        report.missing[0].contains("hunspell-ru"),
        "{}",
        report.missing[0]
    );
    let err = t
        .store
        .spelling_suggestions_with(&dictionaries, "Масква", "ru")
        .unwrap_err();
    assert!(err.to_string().contains("hunspell-ru"), "{err}");

    // A damaged file is reported the same way.
    std::fs::write(
        empty.path().join("ru_RU.aff"),
        "FLAG long\nSFX ZZ Y 1\nSFX ZZ 0 x .\n",
    )
    .unwrap();
    std::fs::write(empty.path().join("ru_RU.dic"), "1\nслово/Z\n").unwrap();
    let damaged = Dictionaries::at(empty.path());
    let report = t
        .store
        .check_spelling_with(&damaged, "Масква", false, "ru")
        .unwrap();
    assert_eq!(report.missing.len(), 1, "{report:?}");
}

#[test]
fn the_real_article_has_few_marks() {
    let t = open_store();
    let article = include_str!("../../../tests/fixtures/article-ru-mvd.txt");
    let report = t.store.check_spelling(article, true, "auto").unwrap();
    assert_eq!(report.language, "ru");
    // What is left are names and newsroom words (Тургумбаев, Азиада, акимы): the newsroom
    // dictionary's job. Ordinary Russian prose must not be marked.
    let words = article.split_whitespace().count();
    assert!(
        report.marks.len() * 20 < words,
        "{} marks in {words} words: {:?}",
        report.marks.len(),
        marked(&report)
    );
}

#[test]
fn in_auto_a_russian_word_in_kazakh_copy_is_not_a_mistake() {
    let t = open_store();
    let text = "Қазақстан үкіметі жаңа заңды қабылдады. Министр прибыл в Москву.";
    let auto = t.store.check_spelling(text, true, "auto").unwrap();
    assert_eq!(auto.language, "kk");
    assert!(auto.marks.is_empty(), "{:?}", marked(&auto));
    let strict = t.store.check_spelling(text, true, "kk").unwrap();
    assert!(marked(&strict).contains(&"прибыл"), "{:?}", marked(&strict));
    let typo = t
        .store
        .check_spelling("Қазақстан үкіметі жаңа заңды қабылдадыы.", true, "auto")
        .unwrap();
    assert_eq!(marked(&typo), ["қабылдадыы"]);
}
