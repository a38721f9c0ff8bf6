"""Issue 11 with two real desks: two app windows, each on its own data directory, against the
same WordPress site — the journalist's app signed in as the Contributor, the editor's app as
the Editor, as on two computers. Nothing is played through REST here: the journalist writes
and submits in one window, the editor sends the article back with a note in the other, and
after a sync round the note is on the journalist's screen with the editor's name (and a
badge on the list); the journalist's reply then reaches the editor's screen. Last, the editor
assigns the article to the journalist from the Workflow tab's menu of the site's people, and
it shows up in the journalist's «Assigned to me».

The two windows stand side by side on the test display; ``tests/.artifacts/desk-two-windows-*.png``
show both at each key moment.

Needs the local WordPress (scripts/wordpress/test-env.sh up; scripts/test.sh starts it).
"""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from pathlib import Path

from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from test_desk import connect, editor_of, journalist_of, add_note, badge_of, needs_wordpress, note_rows, run_round
from test_sync import posts_titled
from test_workflow import act, create_profile, go, open_from_view, state

REPO_ROOT = Path(__file__).resolve().parents[2]
SHOTS = REPO_ROOT / "tests" / ".artifacts"
NOTE = "уточните цитату во втором абзаце"
REPLY = "Уточнила: цитата сверена с записью брифинга"
# The app's minimum window width; the test display is twice as wide.
WINDOW_WIDTH = 960


def side_by_side(journalist, editor) -> None:
    """The journalist's window on the left, the editor's on the right, for the pictures."""
    for index, page in enumerate((journalist, editor)):
        page.driver.set_window_rect(x=index * WINDOW_WIDTH, y=0, width=WINDOW_WIDTH, height=1040)


def shoot(name: str, *pages) -> None:
    """Both windows as they stand on the display (ImageMagick's ``import``, which
    scripts/setup.sh installs), or each window's own picture without it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    # What the DOM says is on the display only once each window has painted a frame since.
    for page in pages:
        page.driver.execute_async_script(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));"
        )
    if shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(SHOTS / f"desk-two-windows-{name}.png")],
                       check=True, timeout=30)
        return
    for who, page in zip(("journalist", "editor"), pages):
        page.driver.save_screenshot(str(SHOTS / f"desk-two-windows-{name}-{who}.png"))


def round_until(page, done, what: str, timeout: float = 90):
    """Sync rounds in `page`'s app until `done()` holds (the other desk's round may still be
    on its way to the site); returns what `done()` returned."""
    deadline = time.monotonic() + timeout
    while True:
        report = run_round(page)
        result = done()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}; last round: {report}")
        time.sleep(1)


def in_view(page, view: str, headline: str) -> bool:
    go(page, "desk")
    page.visible(f"desk-view-{view}").click()
    return headline in page.text_of(page.find("desk-rows"))


def test_the_editors_note_from_one_window_appears_on_the_journalists_screen_in_the_other(app_of):
    env = needs_wordpress()
    editor_name = editor_of(env).me()["name"]
    journalist_name = journalist_of(env).me()["name"]
    journalist, editor = app_of("journalist"), app_of("editor")
    side_by_side(journalist, editor)
    headline = f"Цитата министра {uuid.uuid4().hex[:6]}"

    # The journalist writes, signs in to the site as the Contributor and submits.
    create_profile(journalist, "Айгуль", "journalist")
    go(journalist, "articles")
    journalist.new_article()
    journalist.headline().send_keys(headline)
    journalist.type_body("Министр поручил увеличить количество пеших патрулей." + Keys.ENTER + Keys.ENTER
                         + "«Люди должны быть уверены», — сказал он.")
    journalist.wait(lambda d: "патрулей.\n\n«Люди" in journalist.body_text(), message="the second paragraph was not typed")
    journalist.wait_saved()
    connect(journalist, env["NEWSROOM_WP_URL"], env["NEWSROOM_WP_JOURNALIST_USER"], env["NEWSROOM_WP_JOURNALIST_PASSWORD"])
    go(journalist, "articles")
    journalist.open_row(headline)
    act(journalist, "submit", "in_review")
    # Away from the workflow tab, so the note arriving later stays unread for the list's badge.
    journalist.show_tab("details")
    round_until(journalist, lambda: any(p["status"] == "pending" for p in posts_titled(env, headline)),
                "the submitted article never reached the site as pending review")

    # The editor, in the other window, signed in as the Editor: the article is in the review
    # queue after a round; sent back with the note.
    create_profile(editor, "Борис", "editor")
    connect(editor, env["NEWSROOM_WP_URL"], env["NEWSROOM_WP_EDITOR_USER"], env["NEWSROOM_WP_EDITOR_PASSWORD"])
    round_until(editor, lambda: in_view(editor, "review_queue", headline),
                "the submitted article never reached the editor's review queue")
    open_from_view(editor, "review_queue", headline)
    editor.show_tab("workflow")
    editor.visible("workflow-note").send_keys(NOTE)
    act(editor, "request_changes", "changes_requested")
    editor.wait(lambda d: any(n["body"] == NOTE for n in note_rows(editor)),
                message="the editor's own note is not in the thread")
    # Out on the site, as the editor's window says after a round.
    round_until(editor, lambda: any(n["body"] == NOTE and n["travel"] == "sent" for n in note_rows(editor)),
                "the editor's note never went out to the site")
    shoot("1-sent-back", journalist, editor)

    # The journalist's window after a round: a badge on the list, then the note itself with
    # the editor's WordPress name, and the send-back in the history under that name.
    go(journalist, "articles")
    round_until(journalist, lambda: badge_of(journalist, headline),
                "the article's row never showed a badge for the editor's note")
    assert badge_of(journalist, headline) == "1"
    shoot("2-badge-on-the-journalists-list", journalist, editor)
    journalist.open_row(headline)
    journalist.show_tab("workflow")
    journalist.wait(lambda d: any(n["body"] == NOTE for n in note_rows(journalist)),
                    message="the editor's note is not on the journalist's screen")
    note = next(n for n in note_rows(journalist) if n["body"] == NOTE)
    assert note["author"] == editor_name, note
    assert note["travel"] == "from_site", note
    sent_back = [journalist.text_of(r) for r in journalist.find_all("transition-row")
                 if r.get_attribute("data-action") == "request_changes"]
    assert len(sent_back) == 1 and editor_name in sent_back[0], sent_back
    shoot("3-note-on-the-journalists-screen", journalist, editor)
    # The article stayed open in the journalist's window all along: the round that brought the
    # note also brought the send-back, so it reads "changes requested" at once. (It stays
    # read-only here only because the editor's window still has it open and holds the site's
    # lock, which the banner says — WordPress's own rule.)
    journalist.wait(lambda d: state(journalist) == "changes_requested",
                    message=f"the open article still reads {state(journalist)!r} after the send-back arrived")
    # Read: the badge goes.
    go(journalist, "articles")
    journalist.wait(lambda d: badge_of(journalist, headline) == "",
                    message="the badge stayed after the note was read")

    # The journalist replies; after a round on each side the reply is on the editor's screen
    # (the editor's window still shows the article's workflow tab), under the journalist's name.
    add_note(journalist, REPLY)
    round_until(journalist, lambda: any(n["body"] == REPLY and n["travel"] == "sent" for n in note_rows(journalist)),
                "the journalist's reply never went out to the site")
    round_until(editor, lambda: any(n["body"] == REPLY for n in note_rows(editor)),
                "the journalist's reply never reached the editor's screen")
    reply = next(n for n in note_rows(editor) if n["body"] == REPLY)
    assert reply["author"] == journalist_name, reply
    assert reply["travel"] == "from_site", reply
    assert [n["body"] for n in note_rows(editor)].count(NOTE) == 1, note_rows(editor)
    shoot("4-reply-on-the-editors-screen", journalist, editor)

    # The editor assigns the article to the journalist from the menu of the site's people (as
    # WordPress names them); after a round on each side it is in the journalist's
    # «Assigned to me», on the journalist's own machine.
    # (The tab redraws after every sync round: the menu is read in one script call each time.)
    editor.show_tab("workflow")
    editor.wait(lambda d: journalist_name in [o.text for o in Select(editor.visible("assign-select")).options],
                message="the assignment menu does not offer the journalist")
    Select(editor.visible("assign-select")).select_by_visible_text(journalist_name)
    editor.wait(lambda d: journalist_name in editor.text_of(editor.find("site-assignment")),
                message="the assignment is not shown after choosing it")
    round_until(editor, lambda: editor_name in editor.text_of(editor.find("site-assignment")),
                "the assignment never went out to the site")
    chosen = editor.js("const s = document.querySelector('[data-testid=assign-select]');"
                       "return s.options[s.selectedIndex].text;")
    assert chosen == journalist_name, chosen
    round_until(journalist, lambda: in_view(journalist, "assigned_to_me", headline),
                "the assignment never reached the journalist's «Assigned to me»")
    shoot("5-assigned-to-the-journalist", journalist, editor)
