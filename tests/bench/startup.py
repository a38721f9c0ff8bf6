"""Cold start of the Newsroom app to an interactive editor, measured through the real window.

Usage (the README names it): ``scripts/bench-startup.sh [RUNS]``, which builds the release app
and runs this file with NEWSROOM_APP pointing at it. Each run starts the app on a fresh data
directory under Xvfb through tauri-driver and measures:

- ``ready``: from asking tauri-driver for a session (which launches the process) until the UI
  reports itself mounted (``document.body.dataset.ready``);
- ``editor``: from there until a new article's editor accepts typing (Ctrl+N, then the
  CodeMirror content is focused);
- the app process's resident memory once the editor is up.

WebDriver adds its own latency to ``ready`` (tens of milliseconds), so the numbers are an
upper bound of what a person sees.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

import conftest  # noqa: E402  (reuses the e2e suite's Xvfb/tauri-driver helpers)
from newsroom_page import NewsroomPage  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.options import ArgOptions  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def rss_mb_of(binary: Path) -> float:
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{pid}/exe") != str(binary):
                continue
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def start_display() -> tuple[subprocess.Popen, str]:
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        return proc, ":" + pipe.readline().strip()


def start_driver(display: str) -> tuple[subprocess.Popen, str]:
    driver_bin = shutil.which("tauri-driver") or str(Path.home() / ".cargo" / "bin" / "tauri-driver")
    port, native_port = conftest._free_port(), conftest._free_port()
    proc = subprocess.Popen(
        [driver_bin, "--port", str(port), "--native-port", str(native_port)],
        env=dict(os.environ, DISPLAY=display),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    conftest._wait_for_port(port, proc, "tauri-driver")
    return proc, f"http://127.0.0.1:{port}"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    binary = conftest.APP_BINARY
    xvfb, display = start_display()
    os.environ["DISPLAY"] = display
    driver_proc, url = start_driver(display)
    ready_ms, editor_ms, rss = [], [], []
    try:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as data_dir:
                options = ArgOptions()
                options.set_capability("browserName", "wry")
                options.set_capability(
                    "tauri:options", {"application": str(binary), "args": ["--data-dir", data_dir]}
                )
                started = time.monotonic()
                driver = webdriver.Remote(command_executor=url, options=options)
                page = NewsroomPage(driver)
                try:
                    page.wait_ready()
                    ready = time.monotonic()
                    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "n")
                    page.wait(
                        lambda d: d.execute_script(
                            "const c = document.querySelector('.cm-content');"
                            "return !!c && c.isContentEditable;"
                        ),
                        30,
                        "the editor never appeared",
                    )
                    done = time.monotonic()
                    ready_ms.append((ready - started) * 1000)
                    editor_ms.append((done - ready) * 1000)
                    rss.append(rss_mb_of(binary))
                finally:
                    page.close()
    finally:
        conftest._stop(driver_proc)
        conftest._stop(xvfb)

    def line(name: str, values: list[float], unit: str) -> str:
        values = sorted(values)
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        return f"{name}: median {statistics.median(values):.0f} {unit}, p90 {p90:.0f} {unit}, min {values[0]:.0f}, max {values[-1]:.0f} ({len(values)} runs)"

    print(f"binary: {binary.name} ({binary.stat().st_size / 1e6:.1f} MB)")
    print(line("launch -> UI ready", ready_ms, "ms"))
    print(line("UI ready -> editor accepts typing", editor_ms, "ms"))
    print(line("launch -> interactive editor", [a + b for a, b in zip(ready_ms, editor_ms)], "ms"))
    print(line("app process RSS with editor open", rss, "MB"))


if __name__ == "__main__":
    main()
