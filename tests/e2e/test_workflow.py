"""Issue 3 end to end on the real window: a journalist writes and submits; an editor sends
it back with a note; the journalist reads the note, fixes and resubmits; the editor tags
it (autocomplete picks an existing tag) and approves. Roles are enforced by the core, so
the buttons each profile sees come from it."""

from __future__ import annotations
import pytest

from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

HEADLINE = "МВД усилит пешие патрули в Астане"
BODY = "Министр поручил увеличить количество пеших патрулей."
FIX = "«Люди должны быть уверены», — сказал глава МВД."
NOTE = "Добавьте цитату министра"
TAG = "ХК Барыс"


def go(page, view: str) -> None:
    page.visible(f"nav-{view}").click()
    page.visible(f"view-{view}")


def create_profile(page, name: str, role: str) -> None:
    go(page, "desk")
    page.visible("profile-name").send_keys(name)
    Select(page.find("profile-role")).select_by_value(role)
    page.find("profile-create").click()
    page.wait(lambda d: selected_profile(page).startswith(name), message=f"profile {name} was not created and chosen")


def selected_profile(page) -> str:
    select = Select(page.find("profile-select"))
    return select.first_selected_option.text if select.options else ""


def switch_to(page, name: str, role: str) -> None:
    go(page, "desk")
    select = page.find("profile-select")
    option = page.wait(
        lambda d: next((o for o in Select(select).options if o.text.startswith(name)), False),
        message=f"no profile {name} in the switcher",
    )
    Select(select).select_by_value(option.get_attribute("value"))
    # The desk marks the body with the current profile's role once the core has switched.
    page.wait(lambda d: page.js("return document.body.dataset.role") == role, message=f"could not switch to {name}")


def open_from_view(page, view: str, headline: str) -> None:
    go(page, "desk")
    page.visible(f"desk-view-{view}").click()
    row = page.wait(
        lambda d: next((r for r in page.find_all("desk-row") if headline in page.text_of(r)), False),
        message=f"{headline!r} is not in the {view} view",
    )
    row.click()
    page.wait(lambda d: page.headline().get_attribute("value") == headline, message=f"{headline!r} did not open")


def state(page) -> str:
    return page.find("workflow-state").get_attribute("data-status") or ""


def act(page, action: str, expected_state: str) -> None:
    page.show_tab("workflow")
    page.visible(f"action-{action}").click()
    page.wait(lambda d: state(page) == expected_state,
              message=f"after {action} the article should be {expected_state}, it is {state(page)!r}")


def test_submit_send_back_fix_resubmit_tag_and_approve(app):
    page = app()
    create_profile(page, "Борис", "editor")
    # An existing tag for the editor's autocomplete to find later.
    go(page, "tag-admin")
    page.visible("new-tag-name").send_keys(TAG)
    page.find("create-tag").click()
    page.wait(lambda d: any(r.get_attribute("data-name") == TAG for r in page.find_all("tag-row")),
              message="the tag was not created")
    create_profile(page, "Айгерим", "journalist")

    # The journalist writes and submits.
    go(page, "articles")
    page.new_article()
    page.headline().send_keys(HEADLINE)
    page.type_body(BODY)
    page.wait_saved()
    page.show_tab("workflow")
    assert not page.find_all("action-approve"), "a journalist must not even be offered approval"
    act(page, "submit", "in_review")

    # Submitted, the text is the desk's: the core says so and the editor goes read-only.
    banner = page.visible("editor-readonly")
    assert banner.get_attribute("data-lock") == "with_the_desk", banner.get_attribute("data-lock")
    assert page.headline().get_attribute("readonly") is not None, "the headline must be read-only"
    assert page.body_content().get_attribute("contenteditable") == "false", "the body must not take typing"

    # The editor sends it back with a note.
    switch_to(page, "Борис", "editor")
    open_from_view(page, "review_queue", HEADLINE)
    page.show_tab("workflow")
    page.visible("workflow-note").send_keys(NOTE)
    act(page, "request_changes", "changes_requested")

    # The journalist sees the note, fixes the text and resubmits.
    switch_to(page, "Айгерим", "journalist")
    open_from_view(page, "my_drafts", HEADLINE)
    page.show_tab("workflow")
    page.wait(lambda d: any(NOTE in page.text_of(n) for n in page.find_all("note-body")),
              message="the journalist must see why the article came back")
    page.type_body("\n" + FIX)
    page.wait(lambda d: FIX in page.body_text(), message="the fix was not typed")
    page.wait_saved()
    act(page, "submit", "in_review")

    # The editor tags it, picking the existing tag from autocomplete, and approves.
    switch_to(page, "Борис", "editor")
    open_from_view(page, "review_queue", HEADLINE)
    page.wait(lambda d: FIX in page.body_text(), message="the editor must see the journalist's fix")
    page.show_tab("tags")
    field = page.visible("tag-input")
    field.send_keys("бар")
    # Asked inside the wait: each keystroke redraws the list, and a suggestion found by one
    # draw may be gone by the next question about it (a stale handle failed a loaded run).
    page.wait(
        lambda d: any(
            s.get_attribute("data-name") == TAG and s.is_displayed() for s in page.find_all("tag-suggestion")
        ),
        message="typing «бар» must offer «ХК Барыс» (word prefix, case-insensitive)",
    )
    field.send_keys(Keys.ENTER)
    page.wait(lambda d: [c.get_attribute("data-name") for c in page.find_all("tag-chip")] == [TAG],
              message="the picked tag must be on the article, and no new tag created")
    act(page, "approve", "approved")

    history = [r.get_attribute("data-action") for r in page.find_all("transition-row")]
    assert history == ["submit", "request_changes", "submit", "approve"], f"history is {history}"
    go(page, "tag-admin")
    rows = [r.get_attribute("data-name") for r in page.find_all("tag-row")]
    assert rows.count(TAG) == 1 and len(rows) == 1, f"autocomplete must reuse the tag, not add one: {rows}"
