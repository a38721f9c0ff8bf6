"""The desk routes of the companion plugin (notes, history, checklist, assignment, desk feed,
post lock) against a real WordPress.

Run: `pytest tests/wordpress/test_wp_desk.py` (see conftest.py for the sites).
"""

from __future__ import annotations

import time

import requests

from wpsite import TIMEOUT, Site, new_uuid


def desk_url(site: Site, post_id: int, what: str) -> str:
    return f"{site.api}/newsroom/v1/posts/{post_id}/{what}"


def add_note(site: Site, who: str, post_id: int, body: str, client_id: str | None = None) -> requests.Response:
    return site.as_(who).post(
        desk_url(site, post_id, "notes"), json={"client_id": client_id or new_uuid(), "body": body}, timeout=TIMEOUT
    )


def desk(site: Site, who: str, post_id: int) -> requests.Response:
    return site.as_(who).get(desk_url(site, post_id, "desk"), timeout=TIMEOUT)


def journalists_pending_post(site: Site, who: str = "journalist") -> int:
    r = site.create(who, status="pending", meta={"newsroom_uuid": new_uuid()})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_info_announces_desk_capabilities_and_cursor(wp: Site):
    info = wp.as_("editor").get(f"{wp.api}/newsroom/v1/info", timeout=TIMEOUT).json()
    for cap in ["desk_notes", "desk_assignment", "desk_checklist", "desk_history", "desk_feed", "post_lock"]:
        assert cap in info["capabilities"], f"capability {cap} must be announced"
    assert info["desk_cursor"].isdigit(), "an editor gets the desk feed's cursor to start from"
    assert info["post_lock_window_s"] == 150, "the lock expires like WordPress's own (150 s)"


def test_editor_and_journalist_share_a_thread_on_the_journalists_post(wp: Site):
    post = journalists_pending_post(wp)
    sent = add_note(wp, "editor", post, "уточните цитату во втором абзаце")
    assert sent.status_code == 201, sent.text
    note = sent.json()
    assert note["kind"] == "note" and note["body"] == "уточните цитату во втором абзаце"
    assert note["author"]["id"] == wp.user_id("editor"), "the author is the signed-in user, not a client claim"
    assert note["created_gmt"].endswith("Z")
    reply = add_note(wp, "journalist", post, "Исправила.")
    assert reply.status_code == 201, reply.text
    seen = desk(wp, "journalist", post)
    assert seen.status_code == 200, seen.text
    bodies = [e["body"] for e in seen.json()["events"] if e["kind"] == "note"]
    assert bodies == ["уточните цитату во втором абзаце", "Исправила."], "both sides' notes, oldest first"


def test_a_retried_note_is_stored_once(wp: Site):
    post = journalists_pending_post(wp)
    client_id = new_uuid()
    first = add_note(wp, "journalist", post, "Один раз", client_id)
    again = add_note(wp, "journalist", post, "Один раз", client_id.upper())
    assert first.status_code == 201 and again.status_code == 200, (first.text, again.text)
    assert again.json()["seq"] == first.json()["seq"], "the retry answers with the note already stored"
    notes = [e for e in desk(wp, "editor", post).json()["events"] if e["kind"] == "note"]
    assert len(notes) == 1, "a lost answer and a retry never double a note"
    other = journalists_pending_post(wp)
    clash = add_note(wp, "journalist", other, "Один раз", client_id)
    assert clash.status_code == 409, "one client id names one event, on one post"


def test_a_contributor_cannot_read_or_write_notes_on_another_users_post(wp: Site):
    theirs = journalists_pending_post(wp, "journalist2")
    assert add_note(wp, "editor", theirs, "Только для автора и редакции").status_code == 201
    read = desk(wp, "journalist", theirs)
    assert read.status_code == 403, f"another contributor's notes must be refused: {read.status_code}"
    assert "Только для автора" not in read.text
    write = add_note(wp, "journalist", theirs, "чужая статья")
    assert write.status_code == 403, "a contributor adds notes only to posts they may edit"
    feed = wp.as_("journalist").get(f"{wp.api}/newsroom/v1/desk", params={"since": 0, "limit": 500}, timeout=TIMEOUT)
    assert feed.status_code == 200
    assert theirs not in {e["post_id"] for e in feed.json()["events"]}, "the feed hides posts the caller may not edit"
    assert desk(wp, "anon", theirs).status_code == 401, "nobody signed out reads notes"


def test_notes_are_never_public(wp: Site):
    r = wp.create("editor", status="publish", title="Опубликованная", meta={"newsroom_uuid": new_uuid()})
    post = r.json()["id"]
    assert add_note(wp, "editor", post, "секретная пометка редакции").status_code == 201
    anon = wp.as_("anon")
    comments = anon.get(f"{wp.api}/wp/v2/comments", params={"post": post}, timeout=TIMEOUT).json()
    assert comments == [], "the comments endpoint lists no notes"
    typed = anon.get(f"{wp.api}/wp/v2/comments", params={"post": post, "type": "editorial-comment"}, timeout=TIMEOUT)
    assert "секретная" not in typed.text, "not even when asked for the type"
    as_editor = wp.as_("editor").get(
        f"{wp.api}/wp/v2/comments", params={"post": post, "status": "all"}, timeout=TIMEOUT
    )
    assert "секретная" not in as_editor.text, "nor as ordinary comments to a moderator"
    rss = requests.get(f"{wp.url}/?feed=comments-rss2", timeout=TIMEOUT)
    assert rss.status_code == 200 and "секретная" not in rss.text, "the public comment feed shows no note"
    listed = wp.php(f"echo count(get_comments(['post_id' => {post}, 'status' => 'any', 'type' => 'any']));")
    assert listed == "0", "a theme's comment query, signed out, finds no note"
    count = wp.php(f"echo get_comments_number({post});")
    assert count == "0", "notes do not count as comments"
    assert wp.get(post, "editor").json()["newsroom_rev"] == 1, "a note does not touch the post's revision"


def test_history_and_checklist_travel_with_the_server_role(wp: Site):
    post = journalists_pending_post(wp)
    history = wp.as_("editor").post(
        desk_url(wp, post, "history"),
        json={"client_id": new_uuid(), "action": "approve", "from": "in_review", "to": "approved",
              "note": "", "at_gmt": "2026-12-01T10:32:00Z"},
        timeout=TIMEOUT,
    )
    assert history.status_code == 201, history.text
    assert history.json()["role"] == "editor", "the role comes from WordPress, not from the client"
    results = [{"check": "tags", "passed": True, "found": 2, "min": 1, "max": None},
               {"check": "headline_length", "passed": True, "found": 20, "min": 1, "max": 150}]
    checked = wp.as_("editor").post(
        desk_url(wp, post, "checklist"), json={"client_id": new_uuid(), "results": results}, timeout=TIMEOUT
    )
    assert checked.status_code == 201, checked.text
    seen = desk(wp, "journalist", post).json()
    assert [e["action"] for e in seen["events"] if e["kind"] == "history"] == ["approve"]
    assert seen["checklist"]["results"] == results, "the journalist sees the editor's checklist"
    bad = wp.as_("editor").post(
        desk_url(wp, post, "history"), json={"client_id": new_uuid(), "action": "", "from": "x", "to": "y"},
        timeout=TIMEOUT,
    )
    assert bad.status_code == 400, "a history entry without an action is refused"


def test_assignment_is_an_editors_and_reaches_the_assignee(wp: Site):
    post = journalists_pending_post(wp)
    me = wp.user_id("journalist")
    by_journalist = wp.as_("journalist2").post(
        desk_url(wp, post, "assignment"), json={"client_id": new_uuid(), "assignee": me}, timeout=TIMEOUT
    )
    assert by_journalist.status_code == 403, "a contributor cannot touch another user's post"
    assigned = wp.as_("editor").post(
        desk_url(wp, post, "assignment"), json={"client_id": new_uuid(), "assignee": me}, timeout=TIMEOUT
    )
    assert assigned.status_code == 201, assigned.text
    assert assigned.json()["assignee"]["id"] == me
    cursor = "0"
    events = wp.as_("journalist").get(
        f"{wp.api}/newsroom/v1/desk", params={"since": cursor, "limit": 500}, timeout=TIMEOUT
    ).json()["events"]
    mine = [e for e in events if e["kind"] == "assignment" and e["post_id"] == post]
    assert mine and mine[-1]["assignee"]["id"] == me, "the assignee learns it from the desk feed"
    reassign = wp.as_("journalist").post(
        desk_url(wp, post, "assignment"), json={"client_id": new_uuid(), "assignee": 0}, timeout=TIMEOUT
    )
    assert reassign.status_code == 403, "only editors reassign"
    assert desk(wp, "editor", post).json()["assignment"]["assignee"]["id"] == me, "the refused change wrote nothing"


def test_desk_feed_pages_in_order_from_a_cursor(wp: Site):
    start = wp.as_("editor").get(f"{wp.api}/newsroom/v1/info", timeout=TIMEOUT).json()["desk_cursor"]
    post = journalists_pending_post(wp)
    for i in range(3):
        assert add_note(wp, "editor", post, f"заметка {i}").status_code == 201
    page = wp.as_("editor").get(
        f"{wp.api}/newsroom/v1/desk", params={"since": start, "limit": 2}, timeout=TIMEOUT
    ).json()
    assert [e["body"] for e in page["events"]] == ["заметка 0", "заметка 1"] and page["more"] is True
    rest = wp.as_("editor").get(
        f"{wp.api}/newsroom/v1/desk", params={"since": page["cursor"], "limit": 2}, timeout=TIMEOUT
    ).json()
    assert [e["body"] for e in rest["events"]] == ["заметка 2"] and rest["more"] is False


def lock(site: Site, who: str, post_id: int, method: str = "get", **body) -> requests.Response:
    return site.as_(who).request(method.upper(), desk_url(site, post_id, "lock"), json=body or None, timeout=TIMEOUT)


def test_post_lock_is_taken_seen_refused_taken_over_and_released(wp: Site):
    post = journalists_pending_post(wp)
    taken = lock(wp, "journalist", post, "post")
    assert taken.status_code == 200 and taken.json()["mine"] is True, taken.text
    raw = wp.php(f"echo get_post_meta({post}, '_edit_lock', true);")
    assert raw.endswith(f":{wp.user_id('journalist')}"), f"WordPress's own _edit_lock holds it: {raw}"
    seen = lock(wp, "editor", post).json()
    assert seen["locked"] is True and seen["mine"] is False
    assert seen["user"]["id"] == wp.user_id("journalist") and seen["since_gmt"].endswith("Z")
    refused = lock(wp, "editor", post, "post")
    assert refused.status_code == 409, "a lock held by someone else is not taken silently"
    assert refused.json()["data"]["lock"]["user"]["id"] == wp.user_id("journalist"), "the 409 names the holder"
    over = lock(wp, "editor", post, "post", take_over=True)
    assert over.status_code == 200 and over.json()["mine"] is True, "WordPress's rule: an editor of the post may take over"
    assert lock(wp, "journalist", post).json()["user"]["id"] == wp.user_id("editor")
    released = lock(wp, "editor", post, "delete")
    assert released.json()["locked"] is False, "closing the article releases the lock"
    checked = wp.php(f"require_once ABSPATH . 'wp-admin/includes/post.php'; wp_set_current_user({wp.user_id('journalist')}); var_export(wp_check_post_lock({post}));")
    assert checked == "false", "WordPress itself sees the lock released"


def test_a_lock_from_wordpress_editor_is_seen_and_expires_like_wordpress(wp: Site):
    post = journalists_pending_post(wp)
    editor_id = wp.user_id("editor")
    wp.php(f"require_once ABSPATH . 'wp-admin/includes/post.php'; wp_set_current_user({editor_id}); wp_set_post_lock({post});")
    seen = lock(wp, "journalist", post).json()
    assert seen["locked"] is True and seen["user"]["id"] == editor_id, "the app sees WordPress editor's lock"
    assert lock(wp, "journalist", post, "post").status_code == 409
    # A crashed holder: its last heartbeat 151 s ago is past WordPress's 150 s window.
    stale = int(time.time()) - 151
    wp.php(f"update_post_meta({post}, '_edit_lock', '{stale}:{editor_id}');")
    assert lock(wp, "journalist", post).json()["locked"] is False, "a lock not refreshed for 150 s has expired"
    mine = lock(wp, "journalist", post, "post")
    assert mine.status_code == 200 and mine.json()["mine"] is True, "and can be taken without taking over"
    other = wp.php(
        f"require_once ABSPATH . 'wp-admin/includes/post.php'; wp_set_current_user({editor_id}); echo wp_check_post_lock({post});"
    )
    assert other == str(wp.user_id("journalist")), "WordPress's editor sees the app's lock"


def test_lock_is_refused_to_users_who_may_not_edit(wp: Site):
    theirs = journalists_pending_post(wp, "journalist2")
    assert lock(wp, "journalist", theirs, "post").status_code == 403
    assert lock(wp, "journalist", theirs).status_code == 403
