"""The fault-injection proxy (tests/wordpress/faultproxy.py) in front of the real WordPress.

Each fault is checked from both sides: what the client saw and whether the request reached
WordPress (the proxy's log and the server's state), because the sync tests rely on exactly that
difference (e.g. "the create happened but the response was lost").
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from wpsite import TIMEOUT, Site, new_uuid

PROXY = Path(__file__).with_name("faultproxy.py")


@pytest.fixture()
def proxy(wp: Site):
    p = subprocess.Popen(
        [sys.executable, str(PROXY), "--upstream", wp.url, "--max-lifetime", "300"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        line = p.stdout.readline()
        assert line, "the proxy must announce its port on the first stdout line"
        yield json.loads(line)
    finally:
        p.terminate()
        p.wait(timeout=10)


def add_rule(proxy: dict, **spec) -> int:
    r = requests.post(proxy["control"] + "/rules", json=spec, timeout=5)
    assert r.status_code == 200, r.text
    return r.json()["id"]


def log(proxy: dict) -> list[dict]:
    return requests.get(proxy["control"] + "/log", timeout=5).json()


def create_via(proxy: dict, wp: Site, uid: str, timeout: float = TIMEOUT) -> requests.Response:
    return requests.post(
        proxy["url"] + "/wp-json/wp/v2/posts", auth=wp.as_("editor").auth, timeout=timeout,
        json={"title": "через прокси", "content": "<p>Текст</p>", "status": "draft", "meta": {"newsroom_uuid": uid}},
    )


def posts_with(wp: Site, uid: str) -> list[int]:
    r = wp.as_("editor").get(f"{wp.api}/wp/v2/posts", params={"newsroom_uuid": uid}, timeout=TIMEOUT)
    return [p["id"] for p in r.json()]


CREATE = "^/wp-json/wp/v2/posts/?$"


def test_transparent_without_rules(proxy, wp: Site):
    uid = new_uuid()
    r = create_via(proxy, wp, uid)
    assert r.status_code == 201 and r.headers.get("ETag") == '"1"', "headers and body pass through unchanged"
    assert posts_with(wp, uid) == [r.json()["id"]]
    got = requests.get(proxy["url"] + f"/wp-json/wp/v2/posts/{r.json()['id']}", auth=wp.as_("editor").auth, timeout=TIMEOUT)
    assert got.json()["title"]["rendered"] == "через прокси", "UTF-8 bodies survive the proxy"


def test_injected_500_is_not_forwarded_and_expires(proxy, wp: Site):
    uid = new_uuid()
    add_rule(proxy, mode="status", status=500, method="POST", path=CREATE, times=2)
    assert create_via(proxy, wp, uid).status_code == 500
    assert create_via(proxy, wp, uid).status_code == 500
    assert posts_with(wp, uid) == [], "an injected error without forward must not reach WordPress"
    assert create_via(proxy, wp, uid).status_code == 201, "after `times` hits the rule stops applying"
    assert [e["forwarded"] for e in log(proxy)] == [False, False, True]


def test_500_after_forward_leaves_the_post_created(proxy, wp: Site):
    uid = new_uuid()
    add_rule(proxy, mode="status", status=503, forward=True, method="POST", path=CREATE)
    assert create_via(proxy, wp, uid).status_code == 503
    assert len(posts_with(wp, uid)) == 1, "forward:true means WordPress did the work despite the error"


def test_delay_longer_than_client_timeout_still_reaches_server(proxy, wp: Site):
    uid = new_uuid()
    add_rule(proxy, mode="delay", seconds=2, method="POST", path=CREATE)
    with pytest.raises(requests.Timeout):
        create_via(proxy, wp, uid, timeout=0.5)
    deadline = time.time() + 10
    while not posts_with(wp, uid) and time.time() < deadline:
        time.sleep(0.2)
    assert len(posts_with(wp, uid)) == 1, "the delayed request arrives after the client gave up"


def test_dropped_response_then_retry_gives_409_not_a_duplicate(proxy, wp: Site):
    uid = new_uuid()
    add_rule(proxy, mode="drop_response", method="POST", path=CREATE)
    with pytest.raises(requests.ConnectionError):
        create_via(proxy, wp, uid)
    assert log(proxy)[-1]["forwarded"] and log(proxy)[-1]["upstream_status"] == 201
    retry = create_via(proxy, wp, uid)
    assert retry.status_code == 409, "the plugin turns the retried create into a 409 with the existing id"
    assert posts_with(wp, uid) == [retry.json()["data"]["post_id"]]


def test_connection_dropped_mid_response(proxy, wp: Site):
    uid = new_uuid()
    add_rule(proxy, mode="drop_mid_response", method="POST", path=CREATE, bytes=100)
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        r = create_via(proxy, wp, uid)
        r.json()  # a truncated body must not parse either
    assert len(posts_with(wp, uid)) == 1


def test_reset_and_after_counter(proxy, wp: Site):
    add_rule(proxy, mode="reset", method="GET", path="/wp-json/wp/v2/posts", after=1, times=-1)
    url = proxy["url"] + "/wp-json/wp/v2/posts"
    assert requests.get(url, timeout=TIMEOUT).status_code == 200, "`after` lets the first match through"
    for _ in range(2):
        with pytest.raises(requests.ConnectionError):
            requests.get(url, timeout=TIMEOUT)
    assert requests.delete(proxy["control"] + "/rules", timeout=5).status_code == 200
    assert requests.get(url, timeout=TIMEOUT).status_code == 200, "clearing the rules restores the proxy"
    assert [e["fault"] for e in log(proxy)] == [None, "reset", "reset", None]
