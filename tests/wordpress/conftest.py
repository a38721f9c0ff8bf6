"""Fixtures for the tests against a real local WordPress.

Where the sites come from:
- the companion-plugin site: the NEWSROOM_WP_* variables when set (the test command sources
  `target/wordpress/env` after `scripts/wordpress/start.sh`); otherwise this starts it itself with
  that script (idempotent, ~0.5 s when already up);
- the stock site (plugin off): NEWSROOM_WP_STOCK_ENV (path to an env.json) when set, otherwise
  `scripts/wordpress/start.sh target/wordpress-stock 8090` with NEWSROOM_WP_PLUGIN=0.
Servers are left running; `scripts/wordpress/stop.sh RUN_DIR` stops them.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import requests

from wpsite import TIMEOUT, Site

REPO = Path(__file__).resolve().parents[2]
START = REPO / "scripts" / "wordpress" / "start.sh"


def _start(run_dir: Path, port: int, plugin: bool) -> dict:
    if os.geteuid() != 0:
        pytest.fail(f"WordPress at {run_dir} is not running and starting it needs root: run {START} first")
    env = dict(os.environ, NEWSROOM_WP_PLUGIN="1" if plugin else "0")
    subprocess.run([str(START), str(run_dir), str(port)], check=True, env=env, timeout=600)
    return json.loads((run_dir / "env.json").read_text())


@pytest.fixture(scope="session")
def wp() -> Site:
    if os.environ.get("NEWSROOM_WP_URL") and os.environ.get("NEWSROOM_WP_EDITOR_PASSWORD"):
        env = {k: v for k, v in os.environ.items() if k.startswith("NEWSROOM_WP_")}
    else:
        env = _start(REPO / "target" / "wordpress", 8089, plugin=True)
    site = Site(env["NEWSROOM_WP_URL"], env)
    info = requests.get(f"{site.api}/newsroom/v1/info", timeout=TIMEOUT)
    assert info.status_code == 200, f"the site at {site.url} must run the companion plugin (info: {info.status_code})"
    return site


@pytest.fixture(scope="session")
def wp_stock() -> Site:
    path = os.environ.get("NEWSROOM_WP_STOCK_ENV")
    if path:
        env = json.loads(Path(path).read_text())
    else:
        env = _start(REPO / "target" / "wordpress-stock", 8090, plugin=False)
    return Site(env["NEWSROOM_WP_URL"], env)
