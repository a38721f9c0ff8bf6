//! What a journalist types and what they must find: word forms, ё/е, Kazakh, prefixes,
//! phrases, ranking, filters and snippets — on a real database file and index folder.

mod common;

use common::{find, query, Desk};
use newsroom_search::{MatchField, SearchQuery, SearchSort};

#[test]
fn russian_word_forms_find_each_other() {
    let desk = Desk::new();
    let a = desk.write(
        "Задержание",
        "",
        "Сотрудники полиции задержали подозреваемого.",
    );
    let b = desk.write("Обращение", "", "Жители обратились в полицию с жалобой.");
    let c = desk.write("Погода", "", "В Алматы ожидается снег.");
    let index = desk.open_index();
    let found = find(&index, &desk, "полиция");
    assert!(found.contains(&a.id), "«полиция» must find «полиции»");
    assert!(found.contains(&b.id), "«полиция» must find «полицию»");
    assert!(
        !found.contains(&c.id),
        "an article without the word must not be found"
    );
}

#[test]
fn yo_and_ye_find_each_other_both_ways() {
    let desk = Desk::new();
    let with_yo = desk.write("Ёлка на площади", "", "Главную ёлку зажгут в субботу.");
    let with_ye = desk.write("Елка в парке", "", "Елку поставили у входа.");
    let index = desk.open_index();
    for text in ["ёлка", "елка", "ЁЛКУ"] {
        let found = find(&index, &desk, text);
        assert!(
            found.contains(&with_yo.id) && found.contains(&with_ye.id),
            "«{text}» must find both spellings: {found:?}"
        );
    }
}

#[test]
fn kazakh_words_are_found() {
    let desk = Desk::new();
    let kz = desk.write(
        "Қазақстан үкіметі",
        "",
        "Үкімет отырысында әкімдер есеп берді.",
    );
    let ru = desk.write("Правительство", "", "Заседание правительства Казахстана.");
    let index = desk.open_index();
    assert_eq!(
        find(&index, &desk, "ҚАЗАҚСТАН"),
        [kz.id],
        "a Kazakh word finds itself in any case"
    );
    assert_eq!(
        find(&index, &desk, "үкімет"),
        [kz.id],
        "«үкімет» is indexed whole, not stemmed away"
    );
    assert_eq!(find(&index, &desk, "әкімдер"), [kz.id]);
    assert_eq!(
        find(&index, &desk, "Казахстан"),
        [ru.id],
        "Russian forms still work beside Kazakh ones"
    );
}

#[test]
fn kazakh_word_forms_find_each_other() {
    let desk = Desk::new();
    // None of the query words below is spelled this way in the article.
    let kz = desk.write(
        "Ойыншылары жеңіске жетті",
        "",
        "Мектептегі жарыста біздің ойыншыларымыз үздік болды. Мектепке келген \
         ұстазы балаларды қазақтың тілінде құттықтады. Аудан әкімдігі сыйлық берді.",
    );
    let ru = desk.write(
        "Школьные соревнования",
        "",
        "Команда школы победила; Министерство наградило учителей.",
    );
    let index = desk.open_index();
    for text in [
        "ойыншы",
        "мектептер",
        "мектебі",
        "ұстаздар",
        "қазақша",
        "Әкімдік",
    ] {
        assert_eq!(
            find(&index, &desk, text),
            [kz.id],
            "«{text}» must find its other forms in the Kazakh article"
        );
    }
    assert_eq!(
        find(&index, &desk, "школа"),
        [ru.id],
        "Russian morphology still works beside Kazakh"
    );
}

#[test]
fn prefixes_and_phrases() {
    let desk = Desk::new();
    let police = desk.write("Полицейские на дорогах", "", "Полиция усилила патрули.");
    let politics = desk.write("Политика", "", "Депутаты обсудили бюджет.");
    let phrase = desk.write("Суд", "", "Дело передали в суд Алматы на прошлой неделе.");
    let scattered = desk.write("Алматы", "", "В Алматы решили: суд будет позже.");
    let index = desk.open_index();
    let found = find(&index, &desk, "полиц*");
    assert_eq!(
        found,
        [police.id],
        "«полиц*» finds «полицейские» and «полиция», not «политика» ({politics:?})",
        politics = politics.id
    );
    let found = find(&index, &desk, "\"суд Алматы\"");
    assert_eq!(
        found,
        [phrase.id],
        "a phrase needs its words together and in order"
    );
    let both = find(&index, &desk, "суд Алматы");
    assert_eq!(
        both.len(),
        2,
        "without quotes the words may stand anywhere: {both:?}"
    );
    assert!(both.contains(&scattered.id));
}

#[test]
fn a_headline_match_ranks_above_a_passing_mention() {
    let desk = Desk::new();
    let filler = "Городские новости о транспорте, дорогах и погоде. ".repeat(20);
    let passing = desk.write(
        "Новости города",
        "",
        &format!("{filler} Между прочим, приезжал и аким. {filler}"),
    );
    let about = desk.write("Аким Алматы встретился с жителями", "", &filler);
    let index = desk.open_index();
    let found = find(&index, &desk, "аким");
    assert_eq!(
        found,
        [about.id, passing.id],
        "the article about the akim comes first"
    );
}

#[test]
fn filters_by_state_tag_author_and_date() {
    let desk = Desk::new();
    let a = desk.write("Хоккей: Барыс победил", "", "Матч закончился победой.");
    let b = desk.write("Хоккей: Барыс проиграл", "", "Матч закончился поражением.");
    desk.set_status(a.id, "published");
    desk.tag(b.id, "ХК Барыс");
    let index = desk.open_index();
    let search = |q: SearchQuery| common::ids(&index.search(&desk.store, &q).expect("search runs"));

    let published = search(SearchQuery {
        status: Some("published".into()),
        ..query("хоккей")
    });
    assert_eq!(
        published,
        [a.id],
        "the state filter keeps only published articles"
    );
    let tagged = search(SearchQuery {
        tag: Some("хк барыс".into()),
        ..query("хоккей")
    });
    assert_eq!(tagged, [b.id], "the tag filter ignores case");
    let by_tag_text = find(&index, &desk, "барыса");
    assert_eq!(
        by_tag_text.len(),
        2,
        "headline words match both; tags are searchable too"
    );

    let future = chrono::Utc::now() + chrono::Duration::days(1);
    let none = search(SearchQuery {
        from: Some(future),
        ..query("хоккей")
    });
    assert!(none.is_empty(), "nothing changed after tomorrow");
    let all = search(SearchQuery {
        to: Some(future),
        ..query("хоккей")
    });
    assert_eq!(all.len(), 2, "everything changed before tomorrow");

    let c = desk
        .store
        .create_article(&newsroom_core::ArticleDraft {
            headline: "Хоккей: интервью".into(),
            byline: "Асель Нурланова".into(),
            ..Default::default()
        })
        .unwrap();
    let by_author = search(SearchQuery {
        author: Some("АСЕЛЬ НУРЛАНОВА".into()),
        ..query("хоккей")
    });
    assert_eq!(
        by_author,
        [c.id],
        "the author filter matches the byline, ignoring case"
    );
}

#[test]
fn snippets_highlight_the_matched_words() {
    let desk = Desk::new();
    let body = format!(
        "{}Сотрудники полиции задержали водителя. {}",
        "Вступление. ".repeat(60),
        "Заключение. ".repeat(60)
    );
    let a = desk.write("Задержание <b>водителя</b>", "", &body);
    let index = desk.open_index();
    let results = index
        .search(&desk.store, &query("полиция водитель"))
        .unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.article_id, a.id);
    assert!(
        hit.snippet_html.contains("<mark>полиции</mark>"),
        "the stemmed match is marked: {}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("<mark>водителя</mark>"),
        "{}",
        hit.snippet_html
    );
    assert!(!hit.snippet_html.contains("Вступление. Вступление. Вступление. Вступление. Вступление. Вступление. Вступление. Вступление. Вступление. Вступление. Вступление."), "the snippet is cut around the match");
    assert_eq!(
        hit.headline_html, "Задержание &lt;b&gt;<mark>водителя</mark>&lt;/b&gt;",
        "the headline is escaped, only marks are markup"
    );
    let body_match = hit
        .matches
        .iter()
        .find(|m| m.field == MatchField::Body)
        .expect("a body match to jump to");
    let utf16: Vec<u16> = body.encode_utf16().collect();
    let word =
        String::from_utf16(&utf16[body_match.start as usize..body_match.end as usize]).unwrap();
    assert_eq!(
        word, "полиции",
        "the match offsets point at the word in the body"
    );
}

#[test]
fn the_trash_is_left_out_unless_asked_for() {
    let desk = Desk::new();
    let live = desk.write("Пожар на складе", "", "");
    let gone = desk.write("Пожар в лесу", "", "");
    desk.store.trash_article(gone.id).unwrap();
    let index = desk.open_index();
    assert_eq!(
        find(&index, &desk, "пожар"),
        [live.id],
        "trashed articles are not found by default"
    );
    let trash = index
        .search(
            &desk.store,
            &SearchQuery {
                trashed: true,
                ..query("пожар")
            },
        )
        .unwrap();
    assert_eq!(
        common::ids(&trash),
        [gone.id],
        "the trash can be searched on its own"
    );
}

#[test]
fn no_text_lists_newest_first_and_totals_count_everything() {
    let desk = Desk::new();
    for i in 0..5 {
        desk.write(&format!("Новость {i}"), "", "текст");
        // Distinct change times, so "newest" has one answer.
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let index = desk.open_index();
    let page = index
        .search(
            &desk.store,
            &SearchQuery {
                limit: Some(2),
                ..query("")
            },
        )
        .unwrap();
    assert_eq!(
        page.total, 5,
        "the total counts every match, not just the page"
    );
    assert_eq!(page.hits.len(), 2);
    assert_eq!(
        page.hits[0].headline, "Новость 4",
        "with no text the newest comes first"
    );
    let newest = index
        .search(
            &desk.store,
            &SearchQuery {
                sort: SearchSort::Newest,
                offset: Some(4),
                ..query("новость")
            },
        )
        .unwrap();
    assert_eq!(newest.hits.len(), 1, "offset pages through the results");
    assert_eq!(newest.hits[0].headline, "Новость 0");
}
