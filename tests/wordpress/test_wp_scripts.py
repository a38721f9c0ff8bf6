"""The test-backend scripts themselves (scripts/wordpress/*.sh) on a scratch instance of their own.

Start (fresh, then reused), a killed web server and database coming back with data and accounts
intact, reset keeping users and never reusing post ids, and a clean stop. Root only (the scripts
run servers and write /etc/wordpress).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import requests

from wpsite import TIMEOUT, Site

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the WordPress scripts need root")

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts" / "wordpress"
PORT = 8097  # away from the suites' sites (8089, 8090)


def run(script: str, *args: str) -> None:
    subprocess.run([str(SCRIPTS / script), *args], check=True, timeout=600, capture_output=True)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def scratch():
    # Under the repo's target/, not pytest's tmp dir: www-data must traverse the path to reach the
    # MariaDB socket and the must-use-plugin folder, and pytest's tmp root is private to root.
    run_dir = SCRIPTS.parents[1] / "target" / "wordpress-scripts-test"
    if run_dir.exists():
        run("stop.sh", str(run_dir))
        shutil.rmtree(run_dir)
    run("start.sh", str(run_dir), str(PORT))
    yield run_dir
    run("stop.sh", str(run_dir))
    shutil.rmtree(run_dir, ignore_errors=True)
    Path(f"/etc/wordpress/config-newsroom-{PORT}.php").unlink(missing_ok=True)


def site(run_dir: Path) -> Site:
    return Site(f"http://127.0.0.1:{PORT}", json.loads((run_dir / "env.json").read_text()))


def test_start_writes_env_and_every_account_works(scratch: Path):
    env = json.loads((scratch / "env.json").read_text())
    shell = (scratch / "env").read_text()
    for who, role in [("ADMIN", "administrator"), ("EDITOR", "editor"), ("JOURNALIST", "contributor"), ("JOURNALIST2", "contributor")]:
        assert f"export NEWSROOM_WP_{who}_PASSWORD=" in shell, "the shell env file carries the same keys as the JSON"
        r = requests.get(f"{env['NEWSROOM_WP_URL']}/wp-json/wp/v2/users/me", params={"context": "edit"},
                         auth=(env[f"NEWSROOM_WP_{who}_USER"], env[f"NEWSROOM_WP_{who}_PASSWORD"]), timeout=TIMEOUT)
        assert r.status_code == 200 and r.json()["roles"] == [role], f"{who} must log in with its Application Password as {role}"
    assert env["NEWSROOM_WP_RUN_DIR"] == str(scratch) and env["NEWSROOM_WP_PLUGIN"] == "1"
    root = requests.get(f"{env['NEWSROOM_WP_URL']}/wp-json/", timeout=TIMEOUT).json()
    assert root["timezone_string"] == "Asia/Almaty", "a non-UTC zone makes date/date_gmt mix-ups visible"


def test_second_start_reuses_the_running_instance(scratch: Path):
    before = (scratch / "env.json").read_text()
    run("start.sh", str(scratch))
    assert (scratch / "env.json").read_text() == before, "a reused instance keeps its accounts and passwords"


def test_killed_servers_come_back_with_data(scratch: Path):
    wp = site(scratch)
    post = wp.create(status="draft", title="переживёт рестарт").json()
    run("kill.sh", str(scratch), "all")
    assert not port_open(PORT), "after kill.sh the web server must be gone (connection refused)"
    run("start.sh", str(scratch))
    got = site(scratch).get(post["id"])
    assert got.status_code == 200 and got.json()["title"]["raw"] == "переживёт рестарт", "data survives a kill -9"


def test_reset_empties_posts_keeps_users_and_never_reuses_ids(scratch: Path):
    wp = site(scratch)
    old = wp.create(status="draft").json()["id"]
    run("reset.sh", str(scratch))
    left = wp.as_("editor").get(f"{wp.api}/wp/v2/posts", params={"status": "any", "context": "edit"}, timeout=TIMEOUT)
    assert left.status_code == 200 and left.json() == [], "reset must leave no posts and the editor must still log in"
    feed = wp.as_("editor").get(f"{wp.api}/newsroom/v1/changes", timeout=TIMEOUT).json()
    assert feed["changes"] == []
    assert wp.create(status="draft").json()["id"] > old, "ids keep growing so an old app copy never matches a new post"


def test_plugin_toggle_and_stop(scratch: Path):
    info = f"http://127.0.0.1:{PORT}/wp-json/newsroom/v1/info"
    run("plugin.sh", "off", str(scratch))
    assert requests.get(info, timeout=TIMEOUT).status_code == 404, "plugin off: a stock WordPress"
    run("plugin.sh", "on", str(scratch))
    assert requests.get(info, timeout=TIMEOUT).status_code == 200
    run("stop.sh", str(scratch))
    assert not port_open(PORT), "stop.sh stops Apache"
    assert not (scratch / "mysql" / "mariadbd.pid").exists(), "and MariaDB, removing its pid file"
    run("start.sh", str(scratch))  # the module fixture stops it again at the end
    assert port_open(PORT)
