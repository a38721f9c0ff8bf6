"""Issue 4 end to end on the real window: an editor schedules an article two minutes ahead
in Asia/Almaty (the newsroom's default zone); the schedule tab shows it in the newsroom's
zone and in the user's own zone; with the app's test clock moved past the time, the
scheduler publishes it.

The app runs on its movable test clock (``NEWSROOM_TEST_CLOCK=1``, set for the e2e
session in conftest.py); the test reads "now" from the app and moves it with the
``advance_test_clock`` command, so nothing here waits for real minutes.
"""

from __future__ import annotations
import pytest

from datetime import datetime, timedelta, timezone

from test_workflow import create_profile

HEADLINE = "Аким Алматы ответит на вопросы горожан"
ALMATY = timezone(timedelta(hours=5))  # Asia/Almaty has no DST since 2024-03-01


def _call(page, command: str, args: dict | None) -> dict:
    """Calls a Tauri command from the page, as the UI's ipc layer does: {ok: …} or {err: …}."""
    return page.driver.execute_async_script(
        "const [cmd, args, done] = arguments;"
        "window.__TAURI_INTERNALS__.invoke(cmd, args)"
        ".then(v => done({ok: v}), e => done({err: e}));",
        command,
        args or {},
    )


def invoke(page, command: str, args: dict | None = None):
    """The command's answer; the test fails if it is refused."""
    result = _call(page, command, args)
    assert "err" not in result, f"{command} failed: {result.get('err')}"
    return result["ok"]


def refusal(page, command: str, args: dict | None = None) -> dict:
    """The error the command answers with (the IPC error: code, message, said); the test
    fails if it succeeds."""
    result = _call(page, command, args)
    assert "err" in result, f"{command} was expected to be refused, and answered {result.get('ok')!r}"
    return result["err"]


def set_input(page, testid: str, value: str) -> None:
    """Sets a date/time input the way a picker does (typing into one depends on locale)."""
    page.js(
        "const el = document.querySelector(`[data-testid=${arguments[0]}]`);"
        "el.value = arguments[1];"
        "el.dispatchEvent(new Event('input', {bubbles: true}));"
        "el.dispatchEvent(new Event('change', {bubbles: true}));",
        testid,
        value,
    )


def status_of(page, article_id: str) -> str:
    return invoke(page, "get_article", {"id": article_id})["status"]


def test_editor_schedules_in_almaty_and_the_scheduler_publishes_when_the_time_comes(app):
    page = app()
    info = invoke(page, "schedule_zone_info")
    assert info["test_clock"], "the e2e app must run on the test clock (NEWSROOM_TEST_CLOCK=1)"
    assert info["newsroom_zone"] == "Asia/Almaty", "the newsroom's zone defaults to Asia/Almaty"

    create_profile(page, "Редактор", "editor")
    # Writing and approving are issue 3's; here they only bring the article to `approved`.
    invoke(page, "set_checklist", {"checklist": {"min_tags": 0}})
    article = invoke(
        page,
        "create_article",
        {"draft": {"headline": HEADLINE, "dek": "", "byline": "", "slug": "", "body": "Встреча пройдёт в среду."}},
    )
    article_id = article["id"]
    for action in ("submit", "approve"):
        invoke(page, "apply_action", {"articleId": article_id, "action": action})
    assert status_of(page, article_id) == "approved"

    page.driver.refresh()
    page.wait_ready()
    page.visible("nav-articles").click()
    page.open_row(HEADLINE)
    page.show_tab("schedule")

    # Two minutes (and a little) ahead, on a whole minute, in Almaty.
    # The app's "now" (RFC 3339 in UTC; whole seconds are enough here).
    now = datetime.strptime(invoke(page, "schedule_zone_info")["now"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    target_utc = now.replace(second=0, microsecond=0) + timedelta(minutes=3)
    local = target_utc.astimezone(ALMATY).strftime("%Y-%m-%dT%H:%M")
    zone = page.visible("schedule-zone")
    assert zone.get_attribute("value") == "Asia/Almaty", "the zone picker defaults to the newsroom's zone"
    set_input(page, "schedule-local", local)
    page.wait(
        lambda d: "UTC+05:00" in (page.text_of(page.find("schedule-preview")) or ""),
        message="the live preview never showed the Almaty time",
    )
    page.find("schedule-submit").click()

    page.wait(lambda d: status_of(page, article_id) == "scheduled", message="the article was not scheduled")
    newsroom_time = page.wait(
        lambda d: next((page.text_of(e) for e in page.find_all("schedule-newsroom-time") if page.text_of(e)), False),
        message="the schedule is not shown in the newsroom's zone",
    )
    assert f"{local.replace('T', ' ')} (UTC+05:00)" in newsroom_time, newsroom_time
    assert "Asia/Almaty" in newsroom_time, newsroom_time

    user_zone = page.js("return Intl.DateTimeFormat().resolvedOptions().timeZone")
    user_local = page.js(
        "const f = new Intl.DateTimeFormat('en-CA', {timeZone: arguments[1], year: 'numeric', month: '2-digit',"
        " day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'});"
        "const p = Object.fromEntries(f.formatToParts(new Date(arguments[0])).map(x => [x.type, x.value]));"
        "return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;",
        target_utc.isoformat(),
        user_zone,
    )
    user_time = page.text_of(page.find("schedule-user-time"))
    assert user_zone in user_time and user_local in user_time, (
        f"the schedule must also be shown in the user's zone {user_zone} as {user_local}: {user_time!r}"
    )

    # Before the time nothing is published; past it, the scheduler publishes.
    assert status_of(page, article_id) == "scheduled"
    invoke(page, "advance_test_clock", {"minutes": 4})
    page.wait(
        lambda d: status_of(page, article_id) == "published",
        timeout=30,
        message="the scheduler did not publish the article after the test clock passed its time",
    )
    page.wait(
        lambda d: page.js("return document.querySelector('[data-testid=schedule-current]').dataset.state") == "published",
        timeout=15,
        message="the open article's schedule tab did not show it as published",
    )
