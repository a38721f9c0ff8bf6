"""Issue 13 end to end: spell check in the real window. A misspelled Russian word gets the
mark in the body and in the headline, a correct one does not; right-click offers the
dictionary's corrections and "add to the newsroom dictionary", after which the word is no
longer marked. The newsroom's settings on the Site screen set the slug scheme."""

from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import Select

from test_workflow import create_profile, go


def body_marks(page) -> list[str]:
    return page.js(
        "return [...document.querySelectorAll('[data-testid=body-editor] .cm-misspelled')].map(e => e.textContent);"
    )


def headline_marks(page) -> list[str]:
    return page.js(
        "return [...document.querySelectorAll('[data-testid=headline-spelling] mark.spell-misspelled')]"
        ".map(e => e.textContent);"
    )


def right_click_body_word(page, word: str) -> None:
    mark = page.wait(
        lambda d: next(
            (m for m in d.find_elements("css selector", "[data-testid=body-editor] .cm-misspelled") if m.text == word),
            False,
        ),
        message=f"{word!r} is not marked in the body",
    )
    ActionChains(page.driver).context_click(mark).perform()
    page.visible("spell-menu")


def test_a_misspelled_russian_word_is_marked_and_a_correct_one_is_not(app):
    page = app()
    page.new_article()
    page.headline().send_keys("Масква встречает гостей")
    page.type_body("Министр прибыл в Масква. Москва встретила его снегом.")
    page.wait(lambda d: body_marks(page) == ["Масква"],
              message=f"only «Масква» must be marked in the body, marks: {body_marks(page)}")
    page.wait(lambda d: headline_marks(page) == ["Масква"],
              message=f"only «Масква» must be marked in the headline, marks: {headline_marks(page)}")
    assert Select(page.find("spell-language")).first_selected_option.get_attribute("value") == "auto"
    assert page.text_of(page.find("spell-status")) == "", "all three dictionaries are installed"

    # Right-click: the dictionary's corrections; picking one replaces the word.
    right_click_body_word(page, "Масква")
    suggestion = page.wait(
        lambda d: next((s for s in page.find_all("spell-suggestion") if s.text == "Москва"), False),
        message="«Москва» is not among the suggestions",
    )
    suggestion.click()
    page.wait(lambda d: "прибыл в Москва." in page.body_text(), message=f"the body is {page.body_text()!r}")
    page.wait(lambda d: body_marks(page) == [], message=f"marks left: {body_marks(page)}")

    # The headline's menu: the right-click lands on the textarea over the marked word.
    dx, dy = page.js(
        "const m = document.querySelector('[data-testid=headline-spelling] mark.spell-misspelled').getBoundingClientRect();"
        "const h = document.querySelector('[data-testid=headline]').getBoundingClientRect();"
        "return [Math.round(m.left + m.width / 2 - (h.left + h.width / 2)), Math.round(m.top + m.height / 2 - (h.top + h.height / 2))];"
    )
    ActionChains(page.driver).move_to_element_with_offset(page.headline(), dx, dy).context_click().perform()
    page.visible("spell-menu")
    suggestion = page.wait(
        lambda d: next((s for s in page.find_all("spell-suggestion") if s.text == "Москва"), False),
        message="«Москва» is not among the headline's suggestions",
    )
    suggestion.click()
    page.wait(lambda d: page.headline().get_attribute("value") == "Москва встречает гостей",
              message=f"the headline is {page.headline().get_attribute('value')!r}")
    page.wait(lambda d: headline_marks(page) == [], message=f"headline marks left: {headline_marks(page)}")


def test_a_name_added_to_the_newsroom_dictionary_loses_its_mark(app):
    page = app()
    # One name typed into the newsroom dictionary on the Site screen…
    go(page, "sync")
    word_input = page.visible("newsroom-word-input")
    word_input.send_keys("Жетысу")
    page.find("newsroom-word-add").click()
    page.wait(lambda d: [page.text_of(w).rstrip("×").strip() for w in page.find_all("newsroom-word")] == ["Жетысу"],
              message="the newsroom dictionary must list «Жетысу»")

    # …and one added from the editor's menu. (Typing comes first: WebKitWebDriver delivers
    # no key input to the window after a synthesized right-click.)
    go(page, "articles")
    page.new_article()
    page.headline().send_keys("Визит")
    page.type_body("Токаев посетил Жетысу и Масква.")
    page.wait(lambda d: body_marks(page) == ["Токаев", "Масква"], message=f"marks: {body_marks(page)}")
    right_click_body_word(page, "Токаев")
    page.visible("spell-add").click()
    page.wait(lambda d: body_marks(page) == ["Масква"], message=f"«Токаев» is still marked: {body_marks(page)}")
    page.wait(lambda d: any("Токаев" in t for t in page.toasts()), message="no confirmation of the added word")


def test_an_editor_sets_the_slug_scheme_on_the_site_screen(app):
    page = app()
    create_profile(page, "Редактор", "editor")
    go(page, "sync")
    scheme = Select(page.visible("slug-scheme"))
    page.wait(lambda d: scheme.first_selected_option.get_attribute("value") == "passport",
              message="the default scheme is the passport style")
    scheme.select_by_value("gost")
    page.wait(lambda d: any("ГОСТ" in t or "GOST" in t for t in page.toasts()), message="no confirmation of the scheme")

    go(page, "articles")
    page.new_article()
    page.headline().send_keys("Щука в Цюрихе")
    page.show_tab("text")
    page.visible("suggest-slug").click()
    page.wait(lambda d: page.find("slug").get_attribute("value") == "shhuka-v-cyurixe",
              message=f"GOST slug expected, got {page.find('slug').get_attribute('value')!r}")

    go(page, "sync")
    Select(page.visible("slug-scheme")).select_by_value("passport")
    go(page, "articles")
    page.find("slug").clear()
    page.show_tab("text")
    page.visible("suggest-slug").click()
    page.wait(lambda d: page.find("slug").get_attribute("value") == "shchuka-v-tsiurikhe",
              message=f"passport slug expected, got {page.find('slug').get_attribute('value')!r}")
