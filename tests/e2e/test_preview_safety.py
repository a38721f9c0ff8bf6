"""Issue 10 end to end: a previewed post cannot take over the window. A link click asks
and shows the real address, the window's address never changes (even when a script
tries), remote pictures wait for the reader, and a runaway render pauses the preview
without freezing typing."""

from __future__ import annotations

import time

from selenium.webdriver.common.action_chains import ActionChains

from newsroom_page import tid

EVIL = "https://evil.example/login"


def set_body(page, text: str) -> None:
    """Replaces the body through CodeMirror (a multi-megabyte body cannot be typed)."""
    page.js(
        "const content = document.querySelector('[data-testid=\"body-editor\"]');"
        "const tile = content.cmTile || content.cmView;"
        "const view = tile && (tile.root ? tile.root.view : tile.rootView && tile.rootView.view);"
        "view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: arguments[0]}});",
        text,
    )


def type_at_end(page, text: str) -> None:
    """Real key input at the end of a body too long to reach with a click and Ctrl+End
    (with 2.3 MB in one line the caret did not reliably get there): the caret is put at
    the end through CodeMirror, then the keys go to the focused editor."""
    page.js(
        "const content = document.querySelector('[data-testid=\"body-editor\"]');"
        "const tile = content.cmTile || content.cmView;"
        "const view = tile && (tile.root ? tile.root.view : tile.rootView && tile.rootView.view);"
        "view.focus();"
        "view.dispatch({selection: {anchor: view.state.doc.length}, scrollIntoView: true});"
    )
    ActionChains(page.driver).send_keys(text).perform()


def test_a_preview_link_asks_and_never_navigates_the_window(app, artifacts_dir):
    page = app()
    page.new_article()
    page.headline().send_keys("Ссылка")
    page.show_tab("preview")
    page.type_body(f"Проверьте [вход в почту]({EVIL}) сейчас.")
    page.wait(lambda d: f'href="{EVIL}"' in page.preview_html(), message="the link never reached the preview")
    before = page.driver.current_url
    assert not before.startswith("https://evil"), before

    page.find("preview").find_element("css selector", "a").click()
    dialog = page.visible("link-dialog")
    address = page.find("link-dialog-address", dialog).get_attribute("value")
    assert address == EVIL, f"the confirmation must show the real address, shows {address!r}"
    time.sleep(0.5)  # a navigation, had one started, would have replaced the page by now
    page.driver.save_screenshot(str(artifacts_dir / "preview-link-dialog.png"))
    assert page.driver.current_url == before, f"the window went to {page.driver.current_url}"
    assert page.js("return location.href") == before

    page.find("link-dialog-close", dialog).click()
    page.wait(lambda d: not d.find_elements("css selector", tid("link-dialog")), message="the dialog did not close")

    # The backstop in Rust: even a script that navigates is refused.
    page.js("window.location.href = arguments[0];", "https://evil.example/")
    time.sleep(1.0)
    assert page.driver.current_url == before, f"the window went to {page.driver.current_url}"
    assert page.find("preview").is_displayed(), "the app must still be in the window"


def test_remote_pictures_wait_for_the_reader(app):
    page = app()
    page.new_article()
    page.headline().send_keys("Пиксель")
    page.show_tab("preview")
    page.type_body("Текст ![пиксель](https://tracker.example/p.gif) конец")
    page.wait(lambda d: "конец" in page.preview_html(), message="the preview never rendered the body")
    bar = page.visible("preview-images-blocked")
    assert "tracker.example" not in page.preview_html(), page.preview_html()
    page.find("preview-load-images", bar).click()
    page.wait(
        lambda d: 'src="https://tracker.example/p.gif"' in page.preview_html(),
        message="loading remote images did not bring the picture back",
    )
    assert not page.find("preview-images-blocked").is_displayed()


def test_a_runaway_render_pauses_the_preview_and_typing_goes_on(app, artifacts_dir):
    page = app()
    page.new_article()
    page.headline().send_keys("Долгий просмотр")
    page.show_tab("preview")
    page.type_body("начало")
    page.wait(lambda d: "начало" in page.preview_html(), message="the preview never rendered the body")
    # Raw HTML in a 2.3 MB paragraph sends the whole paragraph to the HTML sanitizer,
    # which needs seconds for it in a debug build: past the render deadline.
    set_body(page, "начало <b>жирный</b> " + "&amp;" * 460_000)
    page.visible("preview-paused", timeout=60)
    page.driver.save_screenshot(str(artifacts_dir / "preview-paused.png"))
    type_at_end(page, " ещё")
    # What this guards is that keys still reach the document while the preview is paused.
    # Where they land is not asserted: with a 2.3 MB single-line body the caret has been
    # seen at the start after the save round trip (a separate question, noted for follow-up).
    page.wait(lambda d: " ещё" in page.body_text(), message="typing froze while the preview was paused")
    assert page.preview_html() == "", "a paused preview shows no stale text"
