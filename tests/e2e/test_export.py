"""Export on the real window (issue 15, item 6): the file goes where the user chose, the
toast names the full path and opens its folder, and the next export starts in that folder.

WebDriver cannot drive the native save dialog, so under it the app asks for the path in
the page (``export-path``), proposing the same folder and file name the dialog would. The
native path itself is tested by calling its command and typing into the real GTK dialog
with xdotool (X key presses, which reach any window on the test display).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from selenium.webdriver.common.keys import Keys

from test_first_day import SCREENS, screenshot
from test_workflow import create_profile, go

HEADLINE = "Барыс обыграл Авангард"
BODY_LINES = ["Первый абзац.", "", "Второй абзац с **жирным**."]


def write_article(page) -> None:
    go(page, "articles")
    page.new_article()
    page.headline().send_keys(HEADLINE)
    page.type_body(Keys.ENTER.join(BODY_LINES))
    page.wait_saved()


def proposed_path(page, button: str) -> str:
    page.find(button).click()
    field = page.visible("export-path")
    return page.js("return arguments[0].value", field)


def save_to(page, path: Path) -> str:
    """Types `path` into the in-page save form, saves, and returns the toast that followed."""
    field = page.find("export-path")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(str(path))
    page.find("export-path-save").click()
    return page.wait(
        lambda d: next((t for t in page.toasts() if str(path) in t), False),
        message=f"no toast naming {path}",
    )


def test_export_goes_where_chosen_and_the_next_one_starts_there(app, data_dir, tmp_path, opened_paths):
    page = app()
    create_profile(page, "Айгерим", "journalist")
    write_article(page)
    page.show_tab("text")

    first = proposed_path(page, "export-markdown")
    assert first.endswith("/barys-obygral-avangard.md"), first
    assert Path(first).is_absolute() and Path(first).parent.is_dir(), f"proposed {first!r}: not an existing folder"

    folder = tmp_path / "Экспорт статей"
    folder.mkdir()
    target = folder / "барыс.md"
    shown = save_to(page, target)
    assert target.is_file(), f"nothing at {target}"
    content = target.read_text(encoding="utf-8")
    assert content.startswith("---\n"), content
    assert f"headline: {HEADLINE}" in content or f'headline: "{HEADLINE}"' in content, content
    assert content.rstrip().endswith("Второй абзац с **жирным**."), content
    assert not page.find_all("export-path-form"), "the save form stayed after saving"

    # "Open folder" hands the folder to the desktop (a recording xdg-open in tests).
    assert "toast-error" not in shown, shown
    screenshot(page, "export-toast")
    page.find("export-open-folder").click()
    page.wait(lambda d: str(folder) in opened_paths(), message=f"the folder was not opened: {opened_paths()}")

    # The next export proposes the folder just used, and it is remembered across a restart.
    second = proposed_path(page, "export-html")
    assert second == str(folder / "barys-obygral-avangard.html"), second
    save_to(page, Path(second))
    html = Path(second).read_text(encoding="utf-8")
    assert f"<title>{HEADLINE}</title>" in html and "<strong>жирным</strong>" in html, html

    page = app(data_dir=data_dir)
    go(page, "articles")
    page.open_row(HEADLINE)
    page.show_tab("text")
    assert proposed_path(page, "export-markdown") == str(folder / "barys-obygral-avangard.md")
    # Cancel writes nothing.
    page.find("export-path-cancel").click()
    page.wait(lambda d: not page.find_all("export-path-form"), message="Cancel left the form")
    assert sorted(p.name for p in folder.iterdir()) == ["barys-obygral-avangard.html", "барыс.md"]


def xdotool(*args: str) -> str:
    return subprocess.run(["xdotool", *args], check=True, capture_output=True, text=True, timeout=30).stdout


def export_through_native_dialog(page, article_id: str, fmt: str, keys: list[str], shot: str = "") -> dict:
    """Calls the command the Export buttons use outside WebDriver (no path: Rust opens the
    native dialog), waits for GTK's dialog, sends `keys`, and returns the command's answer."""
    page.js(
        "window.__saved = undefined;"
        "window.__TAURI_INTERNALS__.invoke('save_export', {id: arguments[0], format: arguments[1], selection: null, path: null})"
        ".then(v => window.__saved = {ok: v}, e => window.__saved = {err: e});",
        article_id,
        fmt,
    )
    dialog = xdotool("search", "--sync", "--onlyvisible", "--name", "^Save File$").split()[0]
    xdotool("windowfocus", "--sync", dialog)
    if shot:
        # A WebDriver screenshot holds only the page; the dialog is another X window.
        SCREENS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(SCREENS / f"{shot}.png")], check=False, timeout=30)
    for key in keys:
        if key.startswith("key:"):
            xdotool("key", "--clearmodifiers", key[4:])
        else:
            xdotool("type", "--delay", "10", key)
    answer = page.wait(lambda d: page.js("return window.__saved") or False, message="the save dialog did not answer")
    assert "err" not in answer, answer
    return answer["ok"]


def test_the_native_save_dialog_saves_and_opens_in_the_last_folder(app, tmp_path):
    page = app()
    create_profile(page, "Айгерим", "journalist")
    write_article(page)
    article_id = page.editor_article_id()
    folder = tmp_path / "exports"
    folder.mkdir()

    saved = export_through_native_dialog(page, article_id, "markdown", ["key:ctrl+a", str(folder / "native.md"), "key:Return"])
    assert saved == {"path": str(folder / "native.md"), "folder": str(folder)}, saved
    assert (folder / "native.md").read_text(encoding="utf-8").rstrip().endswith("Второй абзац с **жирным**.")

    # The next dialog opens in that folder: a bare file name lands there.
    saved = export_through_native_dialog(page, article_id, "html", ["key:ctrl+a", "second.html", "key:Return"], shot="native-save-dialog")
    assert saved == {"path": str(folder / "second.html"), "folder": str(folder)}, saved
    assert f"<title>{HEADLINE}</title>" in (folder / "second.html").read_text(encoding="utf-8")

    # Cancel writes nothing and says nothing.
    assert export_through_native_dialog(page, article_id, "markdown", ["key:Escape"]) is None
    assert sorted(p.name for p in folder.iterdir()) == ["native.md", "second.html"]
