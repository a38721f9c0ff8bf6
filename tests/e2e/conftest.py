"""Fixtures for driving the real Newsroom window (pytest + selenium + tauri-driver).

What a test gets:

- ``app``: a factory. ``app()`` starts Newsroom on a fresh temporary data directory and
  returns a :class:`newsroom_page.NewsroomPage` (a selenium driver plus helpers);
  ``app(data_dir=same_dir)`` starts it again on an existing directory (restart tests).
  Every app started by a test is closed after it; on failure a screenshot and the page
  source go to ``tests/.artifacts/``.
- ``app_in_locale``: a factory like ``app`` taking a system locale (``"ru_RU.UTF-8"``,
  ``"C"``…): the app runs with ``LANG``/``LC_ALL``/``LANGUAGE`` set to it, through a
  tauri-driver of its own (the app inherits the driver's environment).
- ``app_of``: a factory for tests with several people at once: ``app_of("editor")`` starts
  an app of that person's own, on its own data directory (``tmp_path / "editor"``) and
  through its own tauri-driver, so it stays open beside the others (two desks on one
  site); asking again for the same name returns that person's running app.
- ``data_dir``: a fresh temporary data directory (``tmp_path / "data"``).
- ``fixtures_dir``: the repository's fixtures (``tests/fixtures``).
- ``opened_paths``: a function returning what the app asked the desktop to open (its
  ``xdg-open`` calls: "Open folder" after an export). Every app runs with a recording
  ``xdg-open`` first on its PATH, so no test starts a real file manager.

The session starts one Xvfb display and one tauri-driver (on free ports), so tests run
headless and beside other test runs on the same machine. The app binary is
``target/debug/newsroom`` (built by scripts/test.sh; override with NEWSROOM_APP).

Other domains add ``tests/e2e/test_<domain>.py`` using these fixtures and extend
``NewsroomPage`` (or write their own page helpers next to it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection

from newsroom_page import NewsroomPage

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / ".artifacts"
# Longest a single WebDriver command may take: well above the longest script a test waits on
# (WebDriver's 30-second script timeout) and a session start (the app's launch) on a loaded
# 2-core machine.
COMMAND_TIMEOUT_S = 180
APP_BINARY = Path(os.environ.get("NEWSROOM_APP", REPO_ROOT / "target" / "debug" / "newsroom")).resolve()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode} before listening on {port}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def display(artifacts_dir: Path):
    """A private X display (Xvfb picks a free number and reports it through a pipe), wide
    enough for two app windows at their minimum width side by side (2 × 960 pixels)."""
    if shutil.which("Xvfb") is None:
        pytest.exit("Xvfb is missing: run scripts/setup.sh", returncode=2)
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=open(artifacts_dir / "xvfb.log", "wb"),
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        _stop(proc)
        raise RuntimeError("Xvfb did not report a display number; see tests/.artifacts/xvfb.log")
    name = f":{number}"
    previous = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = name
    yield name
    if previous is None:
        os.environ.pop("DISPLAY", None)
    else:
        os.environ["DISPLAY"] = previous
    _stop(proc)


def _recording_opener(artifacts_dir: Path) -> tuple[Path, Path]:
    """A directory holding an ``xdg-open`` that appends its argument to a log instead of
    opening anything (an argumentless call, a launcher probe, fails as the real one does);
    returns the directory and the log."""
    bin_dir = artifacts_dir / "fake-bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    log = artifacts_dir / "opened.log"
    script = bin_dir / "xdg-open"
    script.write_text(
        '#!/bin/sh\n[ $# -ge 1 ] || exit 1\nprintf \'%s\\n\' "$1" >> "$NEWSROOM_TEST_OPENED_LOG"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return bin_dir, log


def _tauri_driver(display: str, artifacts_dir: Path, log_name: str, extra_env: dict[str, str] | None = None):
    """Starts tauri-driver (with WebKitWebDriver behind it) on free ports; yields its URL.

    The app inherits this process's environment through WebKitWebDriver, so ``extra_env``
    (for example ``LANG``/``LC_ALL``) reaches the app and its WebKitGTK web process."""
    driver_bin = shutil.which("tauri-driver") or str(Path.home() / ".cargo" / "bin" / "tauri-driver")
    if not Path(driver_bin).exists():
        pytest.exit("tauri-driver is missing: run scripts/setup.sh", returncode=2)
    if not APP_BINARY.exists():
        pytest.exit(f"{APP_BINARY} is missing: build it with `cargo build -p newsroom`", returncode=2)
    port, native_port = _free_port(), _free_port()
    # NEWSROOM_TEST_CLOCK: the app runs on its movable test clock (it reads the system time
    # until a test moves it), so test_schedule.py can pass a publication time without waiting.
    bin_dir, opened_log = _recording_opener(artifacts_dir)
    env = dict(
        os.environ,
        DISPLAY=display,
        NEWSROOM_TEST_CLOCK="1",
        PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        NEWSROOM_TEST_OPENED_LOG=str(opened_log),
        **(extra_env or {}),
    )
    log = open(artifacts_dir / log_name, "wb")
    proc = subprocess.Popen(
        [driver_bin, "--port", str(port), "--native-port", str(native_port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port, proc, "tauri-driver")
        # tauri-driver listens at once but starts WebKitWebDriver behind it; a session asked
        # for before that one listens fails (seen as a flaky first test of a locale's driver).
        _wait_for_port(native_port, proc, "WebKitWebDriver (behind tauri-driver)")
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)
        log.close()


@pytest.fixture(scope="session")
def webdriver_url(display: str, artifacts_dir: Path):
    """tauri-driver on free ports, with WebKitWebDriver behind it."""
    yield from _tauri_driver(display, artifacts_dir, "tauri-driver.log")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def fixtures_dir() -> Path:
    """The repository's fixtures (``tests/fixtures``): a fresh clone needs nothing beside it."""
    path = REPO_ROOT / "tests" / "fixtures"
    assert path.is_dir(), f"fixtures missing from the repository: {path}"
    return path


@pytest.fixture
def opened_paths(artifacts_dir: Path):
    """What the app asked ``xdg-open`` to open since the test began."""
    log = _recording_opener(artifacts_dir)[1]
    start = log.stat().st_size if log.exists() else 0

    def read() -> list[str]:
        if not log.exists():
            return []
        with open(log, "rb") as f:
            f.seek(start)
            return f.read().decode("utf-8").splitlines()

    return read


def _open_page(url: str, data_dir: Path) -> NewsroomPage:
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability(
        "tauri:options",
        {"application": str(APP_BINARY), "args": ["--data-dir", str(data_dir)]},
    )
    # Every WebDriver command gets an answer within COMMAND_TIMEOUT_S or fails: an app that
    # dies at session start would otherwise leave the request (and CI) waiting for good.
    config = ClientConfig(remote_server_addr=url, timeout=COMMAND_TIMEOUT_S)
    connection = RemoteConnection(client_config=config)
    return NewsroomPage(webdriver.Remote(command_executor=connection, options=options))


def _capture_and_close(
    request, started: list[NewsroomPage], artifacts_dir: Path, names: list[str] | None = None
) -> None:
    failed = getattr(request.node, "rep_call", None)
    for index, page in enumerate(started):
        if failed is not None and failed.failed and not page.closed:
            stem = f"{request.node.name}-{names[index] if names else index}"
            try:
                page.driver.save_screenshot(str(artifacts_dir / f"{stem}.png"))
                (artifacts_dir / f"{stem}.html").write_text(page.driver.page_source, encoding="utf-8")
            except Exception as err:  # the window may already be gone
                print(f"could not capture {stem}: {err}")
        page.close()


@pytest.fixture
def app(request, webdriver_url: str, data_dir: Path, artifacts_dir: Path):
    """Factory: ``app(data_dir=None, wait_ready=True) -> NewsroomPage``.

    Starting a second app first closes the one before it (they would share a database).
    """
    started: list[NewsroomPage] = []

    default_dir = data_dir

    def start(data_dir: Path | None = None, wait_ready: bool = True) -> NewsroomPage:
        for page in started:
            page.close()
        page = _open_page(webdriver_url, data_dir or default_dir)
        started.append(page)
        if wait_ready:
            page.wait_ready()
        return page

    yield start
    _capture_and_close(request, started, artifacts_dir)


class _AppsOnOwnDrivers:
    """Apps each started through a tauri-driver of its own (the app inherits its driver's
    environment, and one driver session is one app), so they can run side by side. After
    the test: failure captures, then every app closed and every driver stopped."""

    def __init__(self, display: str, artifacts_dir: Path):
        self.display = display
        self.artifacts_dir = artifacts_dir
        self.pages: list[NewsroomPage] = []
        self.names: list[str] = []
        self.drivers = []

    def start(self, name: str, data_dir: Path, env: dict[str, str] | None = None) -> NewsroomPage:
        driver = _tauri_driver(self.display, self.artifacts_dir, f"tauri-driver-{name}.log", env)
        url = next(driver)
        self.drivers.append(driver)
        page = _open_page(url, data_dir)
        self.pages.append(page)
        self.names.append(name)
        page.wait_ready()
        return page

    def finish(self, request) -> None:
        try:
            _capture_and_close(request, self.pages, self.artifacts_dir, self.names)
        finally:
            for driver in self.drivers:
                driver.close()


@pytest.fixture
def app_in_locale(request, display: str, data_dir: Path, artifacts_dir: Path):
    """Factory: ``app_in_locale("ru_RU.UTF-8") -> NewsroomPage``: the app started with
    ``LANG``, ``LC_ALL`` and ``LANGUAGE`` set to that locale (through a tauri-driver of its
    own, since the app inherits the driver's environment). The locale need not be generated
    on the machine: WebKitGTK and ICU take the language from the variables."""
    apps = _AppsOnOwnDrivers(display, artifacts_dir)

    def start(locale: str) -> NewsroomPage:
        language = locale.split(".")[0]
        env = {"LANG": locale, "LC_ALL": locale, "LANGUAGE": language if language not in ("C", "POSIX") else ""}
        return apps.start(language, data_dir, env)

    yield start
    apps.finish(request)


@pytest.fixture
def app_of(request, display: str, tmp_path: Path, artifacts_dir: Path):
    """Factory: ``app_of("editor") -> NewsroomPage``: that person's own app, on their own
    data directory (``tmp_path / name``) through their own tauri-driver, open beside the
    other people's apps of the test (two desks on one site, as on two computers). Asking
    again for a name returns that person's running app."""
    apps = _AppsOnOwnDrivers(display, artifacts_dir)
    by_name: dict[str, NewsroomPage] = {}

    def start(name: str) -> NewsroomPage:
        if name not in by_name:
            home = tmp_path / name
            home.mkdir()
            by_name[name] = apps.start(name, home)
        return by_name[name]

    yield start
    apps.finish(request)
