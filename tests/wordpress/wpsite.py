"""Helpers shared by the WordPress tests: a Site with one HTTP session per account, and small
utilities. (Kept out of conftest.py so that `import` is unambiguous next to other suites' conftests.)
"""

from __future__ import annotations

import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

TIMEOUT = 30


@dataclass
class Site:
    """One WordPress instance and a session per account (HTTP Basic, Application Passwords)."""

    url: str
    env: dict
    sessions: dict = field(default_factory=dict)

    @property
    def api(self) -> str:
        return self.url + "/wp-json"

    def as_(self, who: str) -> requests.Session:
        """who: admin | editor | journalist | journalist2 | anon."""
        if who not in self.sessions:
            s = requests.Session()
            if who != "anon":
                key = who.upper()
                s.auth = (self.env[f"NEWSROOM_WP_{key}_USER"], self.env[f"NEWSROOM_WP_{key}_PASSWORD"])
            self.sessions[who] = s
        return self.sessions[who]

    def create(self, who: str = "editor", **body) -> requests.Response:
        body.setdefault("title", "Тестовая статья")
        body.setdefault("content", "<p>Текст.</p>")
        return self.as_(who).post(f"{self.api}/wp/v2/posts", json=body, timeout=TIMEOUT)

    def get(self, post_id: int, who: str = "editor") -> requests.Response:
        return self.as_(who).get(f"{self.api}/wp/v2/posts/{post_id}", params={"context": "edit"}, timeout=TIMEOUT)

    def update(self, post_id: int, who: str = "editor", headers: dict | None = None, **body) -> requests.Response:
        return self.as_(who).post(
            f"{self.api}/wp/v2/posts/{post_id}", json=body, headers=headers or {}, timeout=TIMEOUT
        )

    def php(self, code: str, background: bool = False):
        """Runs PHP inside this WordPress (as www-data, WordPress loaded): the non-REST write
        paths (wp-admin, WP-CLI, other plugins) go through the same functions. Needs root.
        Returns stdout, or with `background` the running process (its stdout a pipe)."""
        port = self.env["NEWSROOM_WP_PORT"]
        repo = Path(__file__).resolve().parents[2]
        program = (
            f"require '{repo / 'scripts/wordpress/php/bootstrap.php'}'; "
            f"require '/usr/share/wordpress/wp-load.php'; {code}"
        )
        cmd = ["runuser", "-u", "www-data", "--", "env", f"NEWSROOM_WP_PORT={port}",
               f"NEWSROOM_WP_CONFIG=newsroom-{port}", "php", "-r", program]
        if background:
            return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd="/tmp")
        out = subprocess.run(cmd, capture_output=True, text=True, cwd="/tmp", timeout=120)
        assert out.returncode == 0, f"php failed: {out.stderr}"
        return out.stdout

    def user_id(self, who: str) -> int:
        """The WordPress user id of an account (admin | editor | journalist | journalist2)."""
        r = self.as_(who).get(f"{self.api}/wp/v2/users/me", timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        return r.json()["id"]

    def run_cron(self) -> None:
        """Run WP-Cron synchronously (the instance has DISABLE_WP_CRON; only this runs it)."""
        r = requests.get(f"{self.url}/wp-cron.php", timeout=60)
        assert r.status_code == 200, f"wp-cron.php must answer 200, got {r.status_code}"


def new_uuid() -> str:
    return str(uuid.uuid4())


def wait_until(deadline_epoch: float) -> None:
    delay = deadline_epoch - time.time()
    if delay > 0:
        time.sleep(delay)


def future_gmt(seconds: int) -> tuple[str, float]:
    """A date_gmt `seconds` ahead (WordPress needs ≥ 60 s for status future) and its epoch."""
    at = int(time.time()) + seconds
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at)), float(at)
