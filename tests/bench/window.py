"""The release app in its real window: start-up, keystroke latency and memory (issue 14).

Usage: ``scripts/bench-window.sh [RUNS]`` (builds the release app, then runs this file with
NEWSROOM_APP pointing at it). Everything runs under its own Xvfb display.

**Start-up** is read from the app's own log, with no WebDriver session in the measured
path: the app is launched directly and prints ``newsroom: startup list <ms> ms page <ms> ms``
once the article list is painted and ``newsroom: startup editor …`` once the reopened
article's editor is painted, each counted from the process's start as the kernel recorded it
(10 ms resolution), and by the page's own clock from its navigation start (which splits the
native start — GTK, WebKit's processes, loading the page — from the page's work). Two data directories:

- a fresh one (new each run): nothing to reopen, so the list is the whole start; the time
  from Ctrl+N to a painted editor taking typing is read separately from the page's
  performance timeline (``newsroom:new-article-editor``), in a WebDriver session, and the sum
  is reported too;
- 100,000 articles (generated once by the search benchmark's filler, ~3.5 KB each) with an
  800-word article open when the app last closed.

**Frame floor**: before typing, the time between frames with nothing changing (a bare
requestAnimationFrame loop for 2 s) — a change can show no sooner than the next frame, so
this bounds every latency below from beneath on the machine at hand.

**Keystroke latency**: in a WebDriver session on a 10,000-word (then 50,000-word) Russian
article with the preview tab shown, the page records, for each real key event WebDriver
sends (one at a time, about 10 a second, a fast typist's pace), the time from the event to
the next frame after CodeMirror changed its DOM (the editor's echo), and, for single keys
typed after a pause, the time from the key to the frame after the preview's DOM update (the
autosave's debounce, the save and the render in one round trip).

**Memory**: RSS and PSS of the app and its WebKit processes (``/proc/<pid>/smaps_rollup``)
with the 100,000-article database and a 50,000-word article open, 3 s after its editor is
painted.
"""

from __future__ import annotations

import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

import conftest  # noqa: E402  (the e2e suite's process helpers)
from newsroom_page import NewsroomPage  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.options import ArgOptions  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
WORK = REPO / "target" / "bench-window"
BIG_DIR = WORK / "db-100k"
BIG_ARTICLES = 100_000
FIXTURE = REPO / "tests" / "fixtures" / "article-ru-mvd.txt"
AUTOSAVE_DEBOUNCE_MS = 400  # ui/src/lib/autosave.ts


def body_of(words: int) -> str:
    """The Russian fixture repeated to `words` words, paragraphs kept."""
    paragraphs = [p.strip() for p in FIXTURE.read_text(encoding="utf-8").splitlines() if p.strip()]
    out, count, i = [], 0, 0
    while count < words:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        count += len(p.split())
        i += 1
    return "\n\n".join(out)


# --- processes -------------------------------------------------------------------------------


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
    conftest._wait_for_port(native_port, proc, "WebKitWebDriver")
    return proc, f"http://127.0.0.1:{port}"


def session(url: str, data_dir: Path) -> NewsroomPage:
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability(
        "tauri:options", {"application": str(conftest.APP_BINARY), "args": ["--data-dir", str(data_dir)]}
    )
    page = NewsroomPage(webdriver.Remote(command_executor=url, options=options))
    page.wait_ready()
    return page


def invoke(page: NewsroomPage, command: str, args: dict):
    """Calls a command through the page's IPC (set-up only, never measured)."""
    result = page.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])"
        ".then(v => done({ok: v}), e => done({err: e}));",
        command,
        args,
    )
    if "err" in result:
        raise RuntimeError(f"{command}: {result['err']}")
    return result["ok"]


def article_to_reopen(url: str, data_dir: Path, words: int) -> str:
    """Writes an article of `words` words and leaves it as the one to reopen."""
    page = session(url, data_dir)
    try:
        draft = {"headline": f"Статья в {words} слов", "dek": "", "byline": "", "slug": "", "body": body_of(words)}
        article = invoke(page, "create_article", {"draft": draft})
        invoke(page, "remember_open_article", {"id": article["id"]})
        return article["id"]
    finally:
        page.close()


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def memory_of_tree(pid: int) -> tuple[float, float, list[str]]:
    """RSS and PSS in MB of `pid` and every process under it, and each one's share."""
    rss = pss = 0
    parts = []
    for p in descendants(pid):
        try:
            one_rss = one_pss = 0
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        one_rss = int(line.split()[1])
                    elif line.startswith("Pss:"):
                        one_pss = int(line.split()[1])
            with open(f"/proc/{p}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        rss += one_rss
        pss += one_pss
        parts.append(f"{name} PSS {one_pss / 1024:.0f} MB")
    return rss / 1024, pss / 1024, parts


def launch(data_dir: Path, display: str, want: set[str], timeout: float = 60):
    """Starts the app directly; returns the process and its start-up marks (ms) once every
    mark in `want` is logged."""
    proc = subprocess.Popen(
        [str(conftest.APP_BINARY), "--data-dir", str(data_dir)],
        env=dict(os.environ, DISPLAY=display),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    marks: dict[str, int] = {}
    buffer = b""
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    while not want <= marks.keys():
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            proc.kill()
            raise RuntimeError(f"the app logged {marks} of {want} within {timeout} s")
        ready, _, _ = select.select([proc.stderr], [], [], left)
        if not ready:
            continue
        chunk = os.read(proc.stderr.fileno(), 65536)
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            parts = line.decode(errors="replace").split()
            # "newsroom: startup <stage> <ms> ms page <ms> ms"
            if len(parts) >= 5 and parts[:2] == ["newsroom:", "startup"] and parts[4] == "ms":
                marks[parts[2]] = int(parts[3])
                if len(parts) >= 7 and parts[5] == "page":
                    marks[parts[2] + "-page"] = int(float(parts[6]))
    return proc, marks


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def summary(values: list[float], unit: str = "ms") -> str:
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    return f"median {statistics.median(values):.0f} {unit}, p90 {p90:.0f}, min {values[0]:.0f}, max {values[-1]:.0f} ({len(values)} runs)"


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round((len(values) - 1) * p / 100)))]


# --- the measurements ------------------------------------------------------------------------


def ensure_big_database() -> None:
    """100,000 articles of ~500 words, written once by the search benchmark's filler."""
    if (BIG_DIR / "newsroom.sqlite3").exists():
        return
    BIG_DIR.mkdir(parents=True, exist_ok=True)
    print(f"generating {BIG_ARTICLES:,} articles in {BIG_DIR.relative_to(REPO)} (once)…", flush=True)
    subprocess.run(
        ["cargo", "bench", "-p", "newsroom-search", "--bench", "search"],
        cwd=REPO,
        env=dict(os.environ, BENCH_ARTICLES=str(BIG_ARTICLES), BENCH_DIR=str(BIG_DIR), BENCH_QUERIES="1"),
        check=True,
        stdout=subprocess.DEVNULL,
    )


NEW_ARTICLE_MEASURE = (
    "const m = performance.getEntriesByName('newsroom:new-article-editor');"
    "return m.length ? m[0].duration : null;"
)


def new_article_ms(url: str) -> float:
    """Ctrl+N on a fresh data directory → a painted editor taking typing, from the page."""
    with tempfile.TemporaryDirectory() as data_dir:
        page = session(url, Path(data_dir))
        try:
            page.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "n")
            return page.wait(lambda d: d.execute_script(NEW_ARTICLE_MEASURE), 30, "no new-article measure")
        finally:
            page.close()


# Installed in the page: for each key event, the time to the frame after CodeMirror's DOM
# changed (echo); for a key typed after a pause, the time to the frame after the preview's DOM
# changed (preview).
INSTRUMENT = """
const content = document.querySelector('[data-testid=body-editor]');
const preview = document.querySelector('[data-testid=preview]');
const lat = window.__lat = { echo: [], preview: [], pendingKey: null, lastKey: 0, waitingPreview: false };
const stamp = (e) => (e.timeStamp > 0 && e.timeStamp <= performance.now() ? e.timeStamp : performance.now());
content.addEventListener('keydown', (e) => { lat.pendingKey = stamp(e); lat.lastKey = lat.pendingKey; }, true);
new MutationObserver(() => {
  if (lat.pendingKey === null) return;
  const t0 = lat.pendingKey;
  lat.pendingKey = null;
  requestAnimationFrame(() => lat.echo.push(performance.now() - t0));
}).observe(content, { childList: true, subtree: true, characterData: true });
new MutationObserver(() => {
  if (!lat.waitingPreview) return;
  const t0 = lat.lastKey;
  requestAnimationFrame(() => { lat.preview.push(performance.now() - t0); lat.waitingPreview = false; });
}).observe(preview, { childList: true, subtree: true, characterData: true });
"""


def idle_frame_intervals(page: NewsroomPage, seconds: float = 2.0) -> list[float]:
    """The time between frames with nothing changing (a bare requestAnimationFrame loop): the
    floor under every "key -> painted" figure, since a change shows at the next frame."""
    page.js(
        "window.__idle = { frames: [], on: true };"
        "const loop = (t) => { window.__idle.frames.push(t); if (window.__idle.on) requestAnimationFrame(loop); };"
        "requestAnimationFrame(loop);"
    )
    time.sleep(seconds)
    return page.js(
        "const f = window.__idle.frames; window.__idle.on = false;"
        "return f.slice(1).map((t, i) => t - f[i]);"
    )


def typing_latency(url: str, words: int, preview_samples: int = 20) -> dict:
    with tempfile.TemporaryDirectory() as data_dir:
        article_to_reopen(url, Path(data_dir), words)
        page = session(url, Path(data_dir))
        try:
            page.show_tab("preview")
            page.wait(lambda d: len(page.preview_html()) > 10_000, 120, "the preview never rendered")
            content = page.body_content()
            content.click()
            content.send_keys(Keys.CONTROL, Keys.END)
            time.sleep(2)
            idle = idle_frame_intervals(page)
            page.js(INSTRUMENT)
            # One key at a time at a fast typist's pace (about 10 a second): a whole string
            # in one send_keys queues its keys faster than anyone types, and the queue's wait
            # would be measured instead of the editor.
            for ch in "Пресс-служба сообщила, что работа продолжается. " * 3:
                content.send_keys(ch)
                time.sleep(0.1)
            time.sleep(2)
            echo = page.js("return window.__lat.echo.slice()")
            for _ in range(preview_samples):
                time.sleep(1.5)  # past the autosave's debounce and its save
                page.js("window.__lat.waitingPreview = true;")
                content.send_keys("ы")
                page.wait(
                    lambda d: d.execute_script("return window.__lat.waitingPreview === false"),
                    30,
                    "the preview did not update after a key",
                )
            preview = page.js("return window.__lat.preview.slice()")
            return {"words": words, "echo": echo, "preview": preview, "idle": idle}
        finally:
            page.close()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    WORK.mkdir(parents=True, exist_ok=True)
    ensure_big_database()
    xvfb, display = start_display()
    os.environ["DISPLAY"] = display
    driver_proc, url = start_driver(display)
    out: list[str] = []
    try:
        # 1. A fresh data directory: the list is the whole start; then Ctrl+N.
        fresh = []
        for i in range(runs + 1):
            with tempfile.TemporaryDirectory() as data_dir:
                proc, marks = launch(Path(data_dir), display, {"list"})
                stop(proc)
            if i:  # the first run fills the page cache and is not counted
                fresh.append(marks["list"])
        new_editor = [new_article_ms(url) for _ in range(runs)]
        out.append(f"fresh database: process start -> list painted: {summary(fresh)}")
        out.append(f"fresh database: Ctrl+N -> editor painted (page timeline): {summary(new_editor)}")
        out.append(
            "fresh database: start -> list + Ctrl+N editor (median sum): "
            f"{statistics.median(fresh) + statistics.median(new_editor):.0f} ms"
        )

        # 2. 100,000 articles, an 800-word article reopened.
        article_to_reopen(url, BIG_DIR, 800)
        big_list, big_editor = [], []
        for i in range(runs + 1):
            proc, marks = launch(BIG_DIR, display, {"list", "editor"})
            stop(proc)
            if i:
                big_list.append(marks["list"])
                big_editor.append(marks["editor"])
        out.append(f"100,000 articles: process start -> list painted: {summary(big_list)}")
        out.append(f"100,000 articles: process start -> reopened editor painted: {summary(big_editor)}")
        ready = [max(a, b) for a, b in zip(big_list, big_editor)]
        out.append(f"100,000 articles: process start -> list and editor both painted: {summary(ready)}")

        # 3. Memory: 100,000 articles and a 50,000-word article open.
        article_to_reopen(url, BIG_DIR, 50_000)
        proc, marks = launch(BIG_DIR, display, {"list", "editor"})
        time.sleep(3)
        rss, pss, names = memory_of_tree(proc.pid)
        stop(proc)
        out.append(
            f"memory, 100,000 articles + a 50,000-word article open: RSS {rss:.0f} MB, PSS {pss:.0f} MB "
            f"({'; '.join(names)})"
        )

        # 4. Keystroke latency.
        for words in (10_000, 50_000):
            result = typing_latency(url, words)
            echo, preview, idle = result["echo"], result["preview"], result["idle"]
            out.append(
                f"{words:,} words, preview shown: idle frame interval (nothing changing): p50 "
                f"{percentile(idle, 50):.1f} ms, p99 {percentile(idle, 99):.1f} ms ({len(idle)} frames)"
            )
            out.append(
                f"{words:,} words: key -> editor echo painted: p50 {percentile(echo, 50):.1f} ms, "
                f"p99 {percentile(echo, 99):.1f} ms, max {max(echo):.1f} ms ({len(echo)} keys)"
            )
            out.append(
                f"{words:,} words: key after a pause -> preview painted: p50 {percentile(preview, 50):.0f} ms, "
                f"p99 {percentile(preview, 99):.0f} ms, max {max(preview):.0f} ms ({len(preview)} keys; "
                f"autosave debounce {AUTOSAVE_DEBOUNCE_MS} ms)"
            )
    finally:
        conftest._stop(driver_proc)
        conftest._stop(xvfb)
    print(f"binary: {conftest.APP_BINARY.name} ({conftest.APP_BINARY.stat().st_size / 1e6:.1f} MB)")
    for line in out:
        print(line)


if __name__ == "__main__":
    main()
