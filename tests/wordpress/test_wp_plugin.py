"""The companion must-use plugin (wordpress-plugin/newsroom-companion.php) against a real WordPress.

Run: `pytest tests/wordpress` (starts the local sites itself when run as root; see conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest
import requests

from wpsite import TIMEOUT, Site, future_gmt, new_uuid, wait_until


CRON = Path(__file__).resolve().parents[2] / "scripts" / "wordpress" / "cron.sh"


def feed(site: Site, since: str, who: str = "editor") -> dict:
    r = site.as_(who).get(f"{site.api}/newsroom/v1/changes", params={"since": since, "limit": 500}, timeout=TIMEOUT)
    assert r.status_code == 200, f"the change feed must answer an authenticated user: {r.status_code} {r.text[:200]}"
    return r.json()


def cursor_now(site: Site) -> str:
    r = site.as_("editor").get(f"{site.api}/newsroom/v1/info", timeout=TIMEOUT)
    return r.json()["changes_cursor"]


def by_post(changes: dict) -> dict[int, dict]:
    return {c["post_id"]: c for c in changes["changes"]}


def test_info_endpoint_announces_plugin_and_capabilities(wp: Site):
    anon = wp.as_("anon").get(f"{wp.api}/newsroom/v1/info", timeout=TIMEOUT).json()
    assert anon["plugin"] == "newsroom-companion", "the app detects the plugin by this name"
    assert anon["api"] == 1, "the app checks the API version before relying on the plugin"
    for cap in ["idempotent_create", "rev_etag", "if_match", "change_feed", "uuid_query", "workflow_meta"]:
        assert cap in anon["capabilities"], f"capability {cap} must be announced"
    assert "changes_cursor" not in anon, "anonymous callers must not learn about the feed"
    editor = wp.as_("editor").get(f"{wp.api}/newsroom/v1/info", timeout=TIMEOUT).json()
    assert editor["changes_cursor"].isdigit(), "an editor gets the current feed cursor to start from"


def test_create_returns_rev_and_etag(wp: Site):
    r = wp.create(meta={"newsroom_uuid": new_uuid()}, status="draft")
    assert r.status_code == 201, r.text
    assert r.json()["newsroom_rev"] == 1, "a new post starts at revision 1"
    assert r.headers["ETag"] == '"1"', "the revision is sent as a strong ETag"
    got = wp.get(r.json()["id"])
    assert got.headers["ETag"] == '"1"', "a GET must not bump the revision"


def test_duplicate_uuid_gives_409_with_existing_id(wp: Site):
    uid = new_uuid()
    first = wp.create("journalist", status="pending", meta={"newsroom_uuid": uid})
    assert first.status_code == 201, first.text
    again = wp.create("journalist", status="pending", title="повтор", meta={"newsroom_uuid": uid.upper()})
    assert again.status_code == 409, f"a retried create must not make a second post: {again.status_code}"
    err = again.json()
    assert err["code"] == "newsroom_duplicate_uuid"
    assert err["data"]["post_id"] == first.json()["id"], "the 409 names the existing post so the app can adopt it"
    found = wp.as_("journalist").get(f"{wp.api}/wp/v2/posts", params={"newsroom_uuid": uid}, timeout=TIMEOUT).json()
    assert [p["id"] for p in found] == [first.json()["id"]], "exactly one post carries the UUID"
    assert found[0]["title"]["rendered"] != "повтор", "the rejected create changed nothing"


def test_concurrent_creates_with_one_uuid_make_exactly_one_post(wp: Site):
    uid = new_uuid()
    n = 8
    barrier = threading.Barrier(n)
    results: list[requests.Response] = []
    lock = threading.Lock()

    def worker() -> None:
        s = requests.Session()
        s.auth = wp.as_("editor").auth
        barrier.wait()
        r = s.post(f"{wp.api}/wp/v2/posts", json={"title": "гонка", "status": "draft", "meta": {"newsroom_uuid": uid}}, timeout=60)
        with lock:
            results.append(r)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in results)
    assert codes == [201] + [409] * (n - 1), f"concurrent retries must give exactly one 201: {codes}"
    created = next(r for r in results if r.status_code == 201).json()["id"]
    assert {r.json()["data"]["post_id"] for r in results if r.status_code == 409} == {created}
    found = wp.as_("editor").get(f"{wp.api}/wp/v2/posts", params={"newsroom_uuid": uid}, timeout=TIMEOUT).json()
    assert [p["id"] for p in found] == [created], "the server must hold one post for the UUID"


def test_stale_if_match_gives_412_and_changes_nothing(wp: Site):
    post = wp.create(status="draft", title="Исходный", meta={"newsroom_uuid": new_uuid()}).json()
    ok = wp.update(post["id"], headers={"If-Match": '"1"'}, title="Правка A")
    assert ok.status_code == 200 and ok.json()["newsroom_rev"] == 2, "a fresh If-Match succeeds and bumps the rev"
    before = wp.get(post["id"]).json()
    stale = wp.update(post["id"], headers={"If-Match": '"1"'}, title="Правка B", meta={"newsroom_markdown": "B"})
    assert stale.status_code == 412, f"a stale If-Match must be refused: {stale.status_code}"
    assert stale.json()["code"] == "newsroom_precondition_failed"
    assert stale.json()["data"]["newsroom_rev"] == 2 and stale.headers["ETag"] == '"2"', "412 tells the current rev"
    after = wp.get(post["id"]).json()
    assert after["title"]["raw"] == "Правка A", "no part of the refused write may land (no partial write)"
    assert after["meta"]["newsroom_markdown"] == before["meta"]["newsroom_markdown"]
    assert after["modified_gmt"] == before["modified_gmt"] and after["newsroom_rev"] == 2
    star = wp.update(post["id"], headers={"If-Match": "*"}, title="Правка C")
    assert star.status_code == 200, "If-Match: * matches any existing post"
    deleted = wp.as_("editor").delete(f"{wp.api}/wp/v2/posts/{post['id']}", headers={"If-Match": '"2"'}, timeout=TIMEOUT)
    assert deleted.status_code == 412, "a stale If-Match also guards trashing/deleting"


def test_rev_bumps_and_feed_sees_cron_publish(wp: Site):
    date_gmt, due = future_gmt(62)
    post = wp.create(status="future", date_gmt=date_gmt, meta={"newsroom_uuid": new_uuid()}).json()
    assert post["status"] == "future", "62 s ahead is far enough for WordPress to schedule"
    cursor = cursor_now(wp)
    rev, modified = post["newsroom_rev"], post["modified_gmt"]
    wp.run_cron()
    assert wp.get(post["id"]).json()["status"] == "future", "cron before the date must not publish"
    wait_until(due + 1)
    wp.run_cron()
    after = wp.get(post["id"]).json()
    assert after["status"] == "publish", "WP-Cron publishes the scheduled post once due"
    assert after["newsroom_rev"] == rev + 1, "the cron publish is a save and must bump the revision"
    assert after["modified_gmt"] == modified, "core does not touch modified_gmt on a cron publish (why the feed exists)"
    entry = by_post(feed(wp, cursor)).get(post["id"])
    assert entry is not None, "the change feed must report the cron publish"
    assert (entry["kind"], entry["status"], entry["old_status"]) == ("save", "publish", "future")
    assert entry["newsroom_rev"] == rev + 1


def test_feed_reports_trash_and_force_delete_as_tombstone(wp: Site):
    uid = new_uuid()
    post = wp.create(status="draft", meta={"newsroom_uuid": uid}).json()
    cursor = cursor_now(wp)
    trashed = wp.as_("editor").delete(f"{wp.api}/wp/v2/posts/{post['id']}", timeout=TIMEOUT)
    assert trashed.status_code == 200
    entry = by_post(feed(wp, cursor))[post["id"]]
    assert entry["status"] == "trash", "trashing must show in the feed"
    found = wp.as_("editor").get(f"{wp.api}/wp/v2/posts", params={"newsroom_uuid": uid}, timeout=TIMEOUT).json()
    assert [p["id"] for p in found] == [post["id"]], "the UUID look-up also finds trashed posts (no re-create)"
    gone = wp.as_("editor").delete(f"{wp.api}/wp/v2/posts/{post['id']}", params={"force": "true"}, timeout=TIMEOUT)
    assert gone.status_code == 200
    page = feed(wp, cursor)
    entry = by_post(page)[post["id"]]
    assert entry["kind"] == "delete" and entry["newsroom_uuid"] == uid, "a force delete leaves a tombstone with the UUID"
    assert sum(1 for c in page["changes"] if c["post_id"] == post["id"]) == 1, "one entry per post: its latest change"
    assert post["id"] not in by_post(feed(wp, page["cursor"])), (
        "after the cursor moved past it, the deletion is not reported again"
    )


def test_feed_pages_with_cursor_and_sees_every_post_once(wp: Site):
    cursor = cursor_now(wp)
    ids = [wp.create(status="draft", title=f"стр {i}").json()["id"] for i in range(5)]
    seen: list[int] = []
    while True:
        r = wp.as_("editor").get(f"{wp.api}/newsroom/v1/changes", params={"since": cursor, "limit": 2}, timeout=TIMEOUT).json()
        seen += [c["post_id"] for c in r["changes"]]
        assert int(r["cursor"]) >= int(cursor), "the cursor never goes backwards"
        cursor = r["cursor"]
        if not r["more"]:
            break
    assert [i for i in seen if i in ids] == ids, "paging returns every changed post, oldest first, once"


def test_contributor_feed_is_scoped_to_own_and_published_posts(wp: Site):
    cursor = cursor_now(wp)
    mine = wp.create("journalist", status="pending").json()["id"]
    theirs = wp.create("journalist2", status="pending").json()["id"]
    seen = by_post(feed(wp, cursor, who="journalist"))
    assert mine in seen and theirs not in seen, "a contributor must not learn about colleagues' drafts"
    assert {mine, theirs} <= set(by_post(feed(wp, cursor))), "an editor sees every change"
    assert wp.as_("anon").get(f"{wp.api}/newsroom/v1/changes", timeout=TIMEOUT).status_code == 401


def test_contributor_cannot_set_review_states_and_nothing_is_written(wp: Site):
    post = wp.create("journalist", status="pending", title="Моя", meta={"newsroom_workflow_state": "in_review"}).json()
    r = wp.update(post["id"], "journalist", title="Сам одобрил", meta={"newsroom_workflow_state": "approved"})
    assert r.status_code == 403 and r.json()["code"] == "newsroom_cannot_review", r.text
    after = wp.get(post["id"]).json()
    assert after["title"]["raw"] == "Моя", "the refused request must not have saved the title first"
    assert after["newsroom_rev"] == post["newsroom_rev"]
    ok = wp.update(post["id"], "editor", meta={"newsroom_workflow_state": "changes_requested"})
    assert ok.status_code == 200 and ok.json()["meta"]["newsroom_workflow_state"] == "changes_requested"
    same = wp.update(post["id"], "journalist", title="Исправила", meta={"newsroom_workflow_state": "changes_requested"})
    assert same.status_code == 200, "resending the unchanged review state with an edit is allowed"


def test_uuid_is_immutable_and_validated(wp: Site):
    post = wp.create(status="draft", meta={"newsroom_uuid": new_uuid()}).json()
    r = wp.update(post["id"], meta={"newsroom_uuid": new_uuid()})
    assert r.status_code == 400 and r.json()["code"] == "newsroom_uuid_immutable"
    bad = wp.create(status="draft", meta={"newsroom_uuid": "not-a-uuid"})
    assert bad.status_code == 400, "a malformed UUID is refused before anything is written"
    plain = wp.create(status="draft").json()
    adopt = wp.update(plain["id"], meta={"newsroom_uuid": new_uuid()})
    assert adopt.status_code == 200, "a post made in WordPress's editor may get a UUID once"


def test_markdown_fresh_flag_tracks_content_edits(wp: Site):
    post = wp.create(status="draft", content="<p>Один</p>", meta={"newsroom_markdown": "Один"}).json()
    assert wp.get(post["id"]).json()["newsroom_markdown_fresh"] is True
    wp.update(post["id"], title="только заголовок")
    assert wp.get(post["id"]).json()["newsroom_markdown_fresh"] is True, "a title edit leaves the Markdown valid"
    wp.update(post["id"], content="<p>Два</p>")
    assert wp.get(post["id"]).json()["newsroom_markdown_fresh"] is False, (
        "content changed without Markdown (as in WordPress's editor): the app must convert the HTML"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="scripts/wordpress/cron.sh runs PHP as www-data: needs root")
def test_cron_ahead_publishes_like_cron_without_waiting(wp: Site):
    date_gmt, _ = future_gmt(3600)
    post = wp.create(status="future", date_gmt=date_gmt).json()
    cursor = cursor_now(wp)
    subprocess.run([str(CRON), wp.env["NEWSROOM_WP_RUN_DIR"], "--ahead", "3700"], check=True, timeout=60)
    after = wp.get(post["id"]).json()
    assert after["status"] == "publish", "--ahead publishes a post scheduled within the window"
    assert after["date_gmt"] == post["date_gmt"], "the post keeps its scheduled date, as with a real cron publish"
    assert after["newsroom_rev"] == post["newsroom_rev"] + 1
    entry = by_post(feed(wp, cursor))[post["id"]]
    assert (entry["status"], entry["old_status"]) == ("publish", "future")


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="runs PHP inside WordPress as www-data: needs root")


def meta_of(wp: Site, post_id: int, key: str) -> str:
    return wp.php(f"echo get_post_meta({post_id}, '{key}', true);")


@needs_root
def test_review_states_hold_on_every_write_path_not_only_rest(wp: Site):
    post = wp.create("journalist", status="pending", meta={"newsroom_workflow_state": "in_review"}).json()
    journalist = wp.user_id("journalist")
    answer = wp.php(
        f"wp_set_current_user({journalist}); "
        f"var_export(update_post_meta({post['id']}, 'newsroom_workflow_state', 'approved'));"
    )
    assert answer == "false", f"a contributor's custom field (wp-admin, XML-RPC) cannot approve: {answer}"
    assert meta_of(wp, post["id"], "newsroom_workflow_state") == "in_review"
    editor = wp.user_id("editor")
    wp.php(f"wp_set_current_user({editor}); update_post_meta({post['id']}, 'newsroom_workflow_state', 'approved');")
    assert meta_of(wp, post["id"], "newsroom_workflow_state") == "approved", "an editor may approve from anywhere"


@needs_root
def test_uuid_rules_hold_on_every_write_path_not_only_rest(wp: Site):
    uid = new_uuid()
    first = wp.create(status="draft", meta={"newsroom_uuid": uid}).json()
    other = wp.create(status="draft").json()
    # What a post-duplicating plugin does: copy every meta of the original onto the copy.
    copied = wp.php(f"var_export(add_post_meta({other['id']}, 'newsroom_uuid', '{uid}'));")
    assert copied == "false", "a second post cannot carry the same UUID"
    assert meta_of(wp, other["id"], "newsroom_uuid") == ""
    changed = wp.php(f"var_export(update_post_meta({first['id']}, 'newsroom_uuid', '{new_uuid()}'));")
    assert changed == "false", "a UUID never changes once set"
    assert meta_of(wp, first["id"], "newsroom_uuid") == uid
    fresh = new_uuid()
    wp.php(f"update_post_meta({other['id']}, 'newsroom_uuid', '{fresh}');")
    assert meta_of(wp, other["id"], "newsroom_uuid") == fresh, "a post without one may get a UUID once"


@needs_root
def test_a_contributors_edit_sends_an_approved_post_back_to_review(wp: Site):
    post = wp.create("journalist", status="pending", content="<p>Одобрено.</p>",
                     meta={"newsroom_workflow_state": "in_review"}).json()
    ok = wp.update(post["id"], "editor", meta={"newsroom_workflow_state": "approved"})
    assert ok.status_code == 200, ok.text
    changed = wp.update(post["id"], "journalist", content="<p>Другой текст.</p>")
    assert changed.status_code == 200, changed.text
    assert wp.get(post["id"]).json()["meta"]["newsroom_workflow_state"] == "in_review", (
        "the text the editor approved changed: it goes back to review over REST"
    )
    wp.update(post["id"], "editor", meta={"newsroom_workflow_state": "approved"})
    journalist = wp.user_id("journalist")
    wp.php(f"wp_set_current_user({journalist}); wp_update_post(['ID' => {post['id']}, 'post_content' => '<p>Ещё.</p>']);")
    assert meta_of(wp, post["id"], "newsroom_workflow_state") == "in_review", "and on any other path"
    wp.update(post["id"], "editor", meta={"newsroom_workflow_state": "approved"})
    edited = wp.update(post["id"], "editor", content="<p>Правка редактора.</p>")
    assert edited.json()["meta"]["newsroom_workflow_state"] == "approved", "an editor's own edit keeps it approved"


@needs_root
def test_a_save_that_cannot_lock_the_feed_writes_its_row_later_in_order(wp: Site):
    post = wp.create(status="draft").json()
    since = cursor_now(wp)
    # Another worker holds the feed lock longer than a writer waits for it.
    holder = wp.php(
        "global $wpdb; $name = substr('newsroom:' . $wpdb->prefix . 'feed', 0, 64); "
        "echo $wpdb->get_var($wpdb->prepare('SELECT GET_LOCK(%s, 0)', $name)), PHP_EOL; sleep(14);",
        background=True,
    )
    try:
        assert holder.stdout.readline().strip() == "1", "the test holds the feed lock"
        r = wp.update(post["id"], title="Во время блокировки")
        assert r.status_code == 200, r.text
        assert post["id"] not in by_post(feed(wp, since)), (
            "no row is written without the lock: it could commit after a later row and be skipped"
        )
    finally:
        holder.wait(timeout=60)
    other = wp.create(status="draft").json()
    changes = feed(wp, since)["changes"]
    ids = [c["post_id"] for c in changes]
    assert post["id"] in ids, "the postponed row is written by the next writer"
    assert ids.index(post["id"]) < ids.index(other["id"]), "in the order the saves happened"
