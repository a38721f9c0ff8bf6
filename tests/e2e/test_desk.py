"""Issue 11 on the real window: the desk travels through WordPress.

One app is the journalist's desk (a Contributor on the local WordPress); the editor's desk
on another computer is played through the site's REST API as that colleague (the companion
plugin's desk routes, with the Editor's login) — the same requests another Newsroom app
sends. What the journalist sees:

- the editor's note arrives with a sync round: a badge on the list, the note with its
  author and time in the workflow tab; reading it clears the badge; the reply travels back;
- the editor's assignment puts the article in "Assigned to me";
- while the article is open for editing the journalist's app holds the site's post lock;
  a lock the editor holds shows «name is editing since 10:32» with "open read-only" and
  "take over"; closing the article releases the lock;
- on a stock WordPress (no plugin) the Site screen says the desk stays on this computer.

Needs the local WordPress (scripts/wordpress/test-env.sh up; scripts/test.sh starts it).
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from test_first_day import set_language
from test_sync import posts_titled, wp_env
from test_workflow import create_profile, go

REPO_ROOT = Path(__file__).resolve().parents[2]
SHOTS = REPO_ROOT / "tests" / ".artifacts"
NOTE = "Уточните цитату во втором абзаце"
REPLY = "Уточнила: цитата из пресс-релиза МВД"


def needs_wordpress() -> dict[str, str]:
    env = wp_env()
    if "NEWSROOM_WP_URL" not in env:
        if os.environ.get("CI"):
            pytest.fail("CI must run this against WordPress: scripts/test.sh starts one before the e2e stage")
        pytest.skip("needs WordPress: scripts/test.sh starts one")
    return env


class Colleague:
    """A WordPress user on another computer, talking to the site's REST API."""

    def __init__(self, url: str, user: str, password: str):
        self.url = url
        self.auth = base64.b64encode(f"{user}:{password}".encode()).decode()

    def call(self, method: str, route: str, body: dict | None = None, query: dict | None = None):
        params = {"rest_route": route, **(query or {})}
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/?{urllib.parse.urlencode(params)}",
            data=data,
            method=method,
            headers={"Authorization": f"Basic {self.auth}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {route}: {error.code} {error.read()[:500]!r}") from error

    def me(self) -> dict:
        return self.call("GET", "/wp/v2/users/me", query={"context": "edit"})

    def note(self, post_id: int, body: str) -> None:
        self.call("POST", f"/newsroom/v1/posts/{post_id}/notes", {"client_id": str(uuid.uuid4()), "body": body})

    def assign(self, post_id: int, user_id: int) -> None:
        self.call("POST", f"/newsroom/v1/posts/{post_id}/assignment", {"client_id": str(uuid.uuid4()), "assignee": user_id})

    def desk(self, post_id: int) -> dict:
        return self.call("GET", f"/newsroom/v1/posts/{post_id}/desk")

    def lock(self, post_id: int) -> dict:
        return self.call("GET", f"/newsroom/v1/posts/{post_id}/lock")

    def take_lock(self, post_id: int) -> dict:
        return self.call("POST", f"/newsroom/v1/posts/{post_id}/lock", {"take_over": True})

    def release_lock(self, post_id: int) -> dict:
        """What WordPress's editor does when it is closed."""
        return self.call("DELETE", f"/newsroom/v1/posts/{post_id}/lock")


def editor_of(env: dict[str, str]) -> Colleague:
    return Colleague(env["NEWSROOM_WP_URL"], env["NEWSROOM_WP_EDITOR_USER"], env["NEWSROOM_WP_EDITOR_PASSWORD"])


def journalist_of(env: dict[str, str]) -> Colleague:
    return Colleague(env["NEWSROOM_WP_URL"], env["NEWSROOM_WP_JOURNALIST_USER"], env["NEWSROOM_WP_JOURNALIST_PASSWORD"])


def connect(page, url: str, user: str, password: str) -> None:
    go(page, "sync")
    page.visible("sync-site-url").send_keys(url)
    page.find("sync-login").send_keys(user)
    page.find("sync-password").send_keys(password)
    page.find("sync-connect").click()
    page.visible("sync-connected", timeout=30)


def run_round(page) -> dict:
    """A sync round through the app's own command, waiting for its report."""
    result = page.driver.execute_async_script(
        "const done = arguments[0];"
        "window.__TAURI_INTERNALS__.invoke('sync_now', {}).then(v => done({ok: v}), e => done({err: e}));"
    )
    assert "err" not in result, f"sync_now failed: {result['err']}"
    return result["ok"]


def journalist_article(page, env: dict[str, str], headline: str) -> int:
    """A journalist's profile, a draft, the account, a round: the draft is a post on the site."""
    create_profile(page, "Айгуль", "journalist")
    go(page, "articles")
    page.new_article()
    page.headline().send_keys(headline)
    page.type_body("Министр поручил увеличить количество пеших патрулей.")
    page.wait_saved()
    connect(page, env["NEWSROOM_WP_URL"], env["NEWSROOM_WP_JOURNALIST_USER"], env["NEWSROOM_WP_JOURNALIST_PASSWORD"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report = run_round(page)
        posts = posts_titled(env, headline)
        if posts:
            return posts[0]["id"]
        time.sleep(1)
    raise AssertionError(f"the draft never reached the site: {report}")


def badge_of(page, headline: str) -> str | None:
    """The note badge's count on the row of ``headline`` ("" when the row has none, None when
    there is no such row), read in one script call: the list redraws after every sync round,
    and element handles taken before a redraw go stale."""
    return page.js(
        "const row = [...document.querySelectorAll('[data-testid=article-row]')].find(r =>"
        " r.querySelector('[data-testid=row-headline]')?.textContent === arguments[0]);"
        "if (!row) return null;"
        "return row.querySelector('[data-testid=row-notes]')?.dataset.count ?? '';",
        headline,
    )


def add_note(page, text: str) -> None:
    """Writes a note on the open article's Workflow tab, as a user does."""
    page.show_tab("workflow")
    page.visible("note-input").send_keys(text)
    page.find("note-add").click()


def note_rows(page) -> list[dict]:
    return page.js(
        "return [...document.querySelectorAll('[data-testid=note-row]')].map(r => ({"
        " author: r.querySelector('[data-testid=note-author]').textContent,"
        " time: r.querySelector('[data-testid=note-time]').textContent,"
        " travel: r.dataset.travel, unread: r.dataset.unread,"
        " where: r.querySelector('[data-testid=note-travel]').textContent,"
        " body: r.querySelector('[data-testid=note-body]').textContent}))"
    )


def test_an_editors_note_and_assignment_reach_the_journalist_and_the_reply_goes_back(app):
    env = needs_wordpress()
    editor, journalist = editor_of(env), journalist_of(env)
    editor_name = editor.me()["name"]
    journalist_me = journalist.me()
    page = app()
    headline = f"Патрули в Астане {uuid.uuid4().hex[:6]}"
    post_id = journalist_article(page, env, headline)

    # The editor, on another computer: a note and an assignment to the journalist.
    editor.note(post_id, NOTE)
    editor.assign(post_id, journalist_me["id"])
    run_round(page)

    # A badge on the list: one new note.
    go(page, "articles")
    page.wait(lambda d: badge_of(page, headline), message="the article's row shows no badge for the editor's note")
    assert badge_of(page, headline) == "1"
    page.driver.save_screenshot(str(SHOTS / "desk-note-badge.png"))

    # "Assigned to me": the editor's assignment, made on another computer.
    go(page, "desk")
    page.visible("desk-view-assigned_to_me").click()
    # (The journalist's posts of earlier runs on this site come along with their assignments.)
    page.wait(lambda d: headline in page.text_of(page.find("desk-rows")),
              message="the assigned article is not in Assigned to me")
    count = int(page.find("desk-view-assigned_to_me").get_attribute("data-count"))
    assert count == len(page.find_all("desk-row")) >= 1, (count, len(page.find_all("desk-row")))

    # The note itself: its author (the editor's WordPress name), its time, where it came from.
    next(r for r in page.find_all("desk-row") if headline in page.text_of(r)).click()
    page.wait(lambda d: page.headline().get_attribute("value") == headline, message="the article did not open")
    page.show_tab("workflow")
    page.wait(lambda d: any(n["body"] == NOTE for n in note_rows(page)), message="the editor's note is not shown")
    note = next(n for n in note_rows(page) if n["body"] == NOTE)
    assert note["author"] == editor_name, note
    assert re.search(r"\d{1,2}:\d{2}", note["time"]), note
    assert note["travel"] == "from_site", note
    assigned = page.text_of(page.find("site-assignment"))
    assert journalist_me["name"] in assigned and editor_name in assigned, assigned
    page.driver.save_screenshot(str(SHOTS / "desk-notes.png"))

    # Read: the badge goes.
    go(page, "articles")
    page.wait(lambda d: badge_of(page, headline) == "",
              message="the badge stayed after the note was read")

    # The reply: written here, waiting, then on the site under the journalist's name.
    add_note(page, REPLY)
    page.wait(lambda d: any(n["body"] == REPLY and n["travel"] == "here" for n in note_rows(page)),
              message="the reply is not shown as waiting to go out")
    run_round(page)
    page.wait(lambda d: any(n["body"] == REPLY and n["travel"] == "sent" for n in note_rows(page)),
              timeout=30, message="the reply is not shown as on the site after the round")
    events = editor.desk(post_id)["events"]
    replies = [e for e in events if e["kind"] == "note" and e["body"] == REPLY]
    assert len(replies) == 1, events
    assert replies[0]["author"]["name"] == journalist_me["name"], replies


def test_the_lock_banner_offers_read_only_or_take_over_and_closing_releases_the_lock(app):
    env = needs_wordpress()
    editor, journalist = editor_of(env), journalist_of(env)
    editor_name = editor.me()["name"]
    journalist_id = journalist.me()["id"]
    page = app()
    headline = f"Замок на статье {uuid.uuid4().hex[:6]}"
    other = f"Другая статья {uuid.uuid4().hex[:6]}"
    post_id = journalist_article(page, env, headline)
    go(page, "articles")
    page.new_article()
    page.headline().send_keys(other)
    page.wait_saved()

    # Open for editing here: the journalist's app holds the site's lock.
    page.open_row(headline)
    page.wait(lambda d: editor.lock(post_id).get("user", {}) and editor.lock(post_id)["user"]["id"] == journalist_id,
              timeout=30, message="opening the article did not take the site's lock")
    assert editor.lock(post_id)["locked"] is True

    # Closing it (opening another) releases the lock.
    page.open_row(other)
    page.wait(lambda d: editor.lock(post_id)["locked"] is False, timeout=30,
              message="closing the article did not release the lock")

    # The editor opens it in their app (or WordPress's editor): their lock.
    taken = editor.take_lock(post_id)
    assert taken["mine"] is True and taken["locked"] is True, taken
    page.open_row(headline)
    banner = page.visible("lock-banner", timeout=30)
    who = page.text_of(page.find("lock-who"))
    assert editor_name in who, who
    assert re.search(r"\d{1,2}:\d{2}", who), who
    assert page.headline().get_attribute("readonly") is not None, "a colleague's lock makes the article read-only"
    page.driver.save_screenshot(str(SHOTS / "desk-lock-banner.png"))
    # The same line in Russian: «Имя редактирует с 10:32».
    set_language(page, "ru")
    page.wait(lambda d: "редактирует с" in page.text_of(page.find("lock-who")), message="no Russian lock line")
    assert re.search(rf"{re.escape(editor_name)} редактирует с \d{{1,2}}:\d{{2}}", page.text_of(page.find("lock-who")))
    page.driver.save_screenshot(str(SHOTS / "desk-lock-banner-ru.png"))
    set_language(page, "en")

    # Read-only: the choice goes, the article stays locked here, the lock stays the editor's.
    page.find("lock-read-only").click()
    page.wait(lambda d: not page.find("lock-read-only").is_displayed(), message="read-only did not take")
    assert page.headline().get_attribute("readonly") is not None
    assert editor.lock(post_id)["user"]["name"] == editor_name

    # Take over (WordPress's rule): the lock is the journalist's and the article editable.
    page.find("lock-take-over").click()
    page.wait(lambda d: not banner.is_displayed(), timeout=30, message="the banner stayed after taking over")
    page.wait(lambda d: page.headline().get_attribute("readonly") is None, message="still read-only after taking over")
    lock = editor.lock(post_id)
    assert lock["locked"] is True and lock["user"]["id"] == journalist_id, lock

    # The editor takes it back; the journalist's window notices at its next refresh (30 s) and
    # says who took over. Read-only again, until the editor closes the article: the window
    # keeps asking (never taking it from them), and the article is editable here once more.
    editor.take_lock(post_id)
    page.wait(lambda d: page.find("lock-banner").is_displayed() and editor_name in page.text_of(page.find("lock-who")),
              timeout=60, message="the window did not notice the editor taking the lock back")
    page.find("lock-read-only").click()
    assert page.headline().get_attribute("readonly") is not None
    assert not page.find("editor-readonly").is_displayed(), "the banner says it; no second read-only line"
    editor.release_lock(post_id)
    page.wait(lambda d: page.headline().get_attribute("readonly") is None, timeout=60,
              message="the article stayed read-only after the editor let the lock go")
    assert not page.find("lock-banner").is_displayed()
    lock = editor.lock(post_id)
    assert lock["locked"] is True and lock["user"]["id"] == journalist_id, lock


def test_a_stock_site_says_the_desk_stays_on_this_computer(app):
    env = needs_wordpress()
    if "NEWSROOM_WP_STOCK_URL" not in env:
        pytest.skip("needs the stock WordPress site: scripts/wordpress/test-env.sh up")
    page = app()
    connect(page, env["NEWSROOM_WP_STOCK_URL"], env["NEWSROOM_WP_STOCK_JOURNALIST_USER"],
            env["NEWSROOM_WP_STOCK_JOURNALIST_PASSWORD"])
    line = page.visible("sync-desk-local", timeout=30)
    text = page.text_of(line)
    assert "notes" in text and "this computer" in text, text
