"""Issue 6 end to end: full-text search in the real window — Russian word forms while
typing, a just-saved edit found at once, highlighted snippets, and opening a result
selects the match in the editor."""

from __future__ import annotations
import pytest

from newsroom_page import NewsroomPage

FILLER = "Городские новости о транспорте и погоде. " * 30


def write_article(page: NewsroomPage, headline: str, body: str) -> None:
    page.visible("nav-articles").click()
    page.new_article()
    page.headline().send_keys(headline)
    page.type_body(body)
    page.wait(lambda d: body[-20:] in page.body_text(), message="the body never reached the editor")
    page.wait_saved()


def search(page: NewsroomPage, text: str) -> None:
    page.visible("nav-search").click()
    box = page.visible("search-box")
    box.clear()
    box.send_keys(text)


def hit_headlines(page: NewsroomPage) -> list[str]:
    return [page.text_of(e) for e in page.find_all("search-headline", page.find("view-search"))]


def test_search_finds_word_forms_as_you_type_and_jumps_to_the_match(app):
    page = app()
    write_article(page, "Задержание в Алматы", FILLER + "Сотрудники полиции задержали водителя.")
    write_article(page, "Погода", "Завтра снег.")

    search(page, "полиция")
    page.wait(lambda d: hit_headlines(page) == ["Задержание в Алматы"], message=f"«полиция» must find «полиции»: {hit_headlines(page)}")
    snippet = page.find("search-snippet", page.find("view-search")).get_attribute("innerHTML")
    assert "<mark>полиции</mark>" in snippet, f"the stemmed match must be highlighted in the snippet: {snippet}"

    page.find("search-hit", page.find("view-search")).click()
    page.wait(lambda d: page.headline().get_attribute("value") == "Задержание в Алматы", message="the result did not open")
    page.wait(
        lambda d: page.js("return window.getSelection().toString()") == "полиции",
        message=f"opening a result must select the match, selected: {page.js('return window.getSelection().toString()')!r}",
    )


def test_a_saved_edit_is_found_immediately(app):
    page = app()
    write_article(page, "Заметка", "Сегодня прошёл митинг.")
    search(page, "митинг")
    page.wait(lambda d: hit_headlines(page) == ["Заметка"], message="the article must be found by its text")

    page.visible("nav-articles").click()
    page.open_row("Заметка")
    page.type_body(" Открылась выставка.")
    page.wait_saved()

    search(page, "выставка")
    page.wait(lambda d: hit_headlines(page) == ["Заметка"], message="an edit must be searchable as soon as it is saved")
    search(page, "ёлка")
    page.wait(
        lambda d: "ёлка" in (page.text_of(page.find("search-count")) or "") or "елка" in (page.text_of(page.find("search-count")) or ""),
        message="a search with no match says so",
    )
