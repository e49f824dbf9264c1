"""``sphinx-gh-reveal preview``: rebuild in one process, publish only good builds, reload.

Each test starts the preview on a copy of ``roots/test-preview-loop`` on a
free port of 127.0.0.1 (in a thread, or as the real command in a
subprocess), edits a file, and polls the server over HTTP, as a browser
would, until the served page has changed. Every wait is bounded, and every
test stops its server itself.
"""

from __future__ import annotations

import gc
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sphinx_gh_reveal.cli.preview import Preview, free_port, make_server

from conftest import soup_of

ROOT = Path(__file__).parent / "roots" / "test-preview-loop"
HOST = "127.0.0.1"
#: Seconds any one wait may take: a rebuild takes well under one, but the
#: machine may be busy.
PATIENCE = 90.0


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a GET (a 404 is an answer, not an error)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until(condition: Callable[[], object], what: str, log: Callable[[], str]) -> object:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"gave up after {PATIENCE:.0f} s waiting for {what}; the preview said:\n{log()}")


class Terminal(io.StringIO):
    """What the preview printed (written from its build thread and its event loop)."""

    def isatty(self) -> bool:
        return False


@dataclass
class Running:
    preview: Preview
    url: str
    src: Path
    terminal: Terminal

    def text(self) -> str:
        return self.terminal.getvalue()

    def served(self, path: str) -> tuple[int, str]:
        return fetch(f"{self.url}/{path}")

    def wait_for_text(self, path: str, text: str) -> str:
        def has_it() -> str:
            status, body = self.served(path)
            return body if status == 200 and text in body else ""

        return wait_until(has_it, f"{text!r} in /{path}", self.text)

    def wait_for_output(self, pattern: str) -> re.Match:
        return wait_until(
            lambda: re.search(pattern, self.text()), f"/{pattern}/ in the output", self.text
        )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def serve(tmp_path) -> Iterator[Callable[..., Running]]:
    """Start the preview in this process, on a thread; stopped when the test ends."""
    started: list[tuple] = []

    def start(builder: str = "html") -> Running:
        src = tmp_path / "src"
        shutil.copytree(ROOT, src)
        terminal = Terminal()
        preview = Preview(src, tmp_path / "out", builder=builder, terminal=terminal)
        assert preview.rebuild().good
        port = free_port(HOST)
        server = make_server(preview, HOST, port)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        started.append((server, thread, preview))
        running = Running(preview, f"http://{HOST}:{port}", src, terminal)
        wait_until(lambda: server.started, "the server to start", running.text)
        # watchfiles starts watching with the server's lifespan: give it a moment.
        time.sleep(0.5)
        return running

    yield start
    for server, thread, preview in started:
        server.should_exit = True
        thread.join(timeout=PATIENCE)
        preview.close()
        assert not thread.is_alive(), "the preview server did not stop"


def test_chapter_edit_rebuilds_the_same_sphinx_and_is_served(serve) -> None:
    running = serve("html")
    status, deck = running.served("slides/course.html")
    assert status == 200 and "Chapter text beta." in deck
    # The page in the browser gets the reload script of sphinx-autobuild.
    assert "/websocket-reload" in deck

    edit(running.src / "chapters" / "two.md", "Chapter text beta.", "Chapter text gamma.")
    running.wait_for_text("slides/course.html", "Chapter text gamma.")
    page = running.wait_for_text("course.html", "Chapter text gamma.")
    assert "Chapter text beta." not in page
    # One Sphinx, built again: not a new process, not a new application.
    assert running.preview.apps == 1
    assert running.preview.builds >= 2
    assert "(build 2 of this Sphinx)" in running.text()


def test_a_course_edit_reuses_its_chapter_and_collects_after(serve) -> None:
    """The chapter cache is on in the preview; the paused collector runs again after the build."""
    running = serve("html")
    edit(running.src / "course.md", "Opening text alpha.", "Opening text omega.")
    running.wait_for_text("slides/course.html", "Opening text omega.")
    deck = running.wait_for_text("slides/course.html", "Chapter text beta.")
    assert "Opening text alpha." not in deck
    running.wait_for_output(r"\(build 2 of this Sphinx, 1 chapter reused\)")
    # Collected COLLECT_AFTER seconds after the build, in the build thread.
    wait_until(lambda: running.preview._uncollected == 0, "the collection", running.text)
    assert gc.isenabled()


def test_a_broken_marker_keeps_the_last_good_deck(serve) -> None:
    running = serve("revealjs")
    chapter = running.src / "chapters" / "two.md"
    lines = chapter.read_text("utf-8").splitlines()
    broken_line = lines.index("- second point §fragment") + 1

    edit(chapter, "- second point §fragment", "- second point §framgent, now delta")
    running.wait_for_output(r"still serving the last good build")
    # The warning, located in the chapter, on the terminal.
    assert re.search(
        rf"chapters/two\.md:{broken_line}: WARNING: .*\[gh-reveal\.marker\]", running.text()
    )
    # The served deck is the last good one: the edit is not in it.
    status, deck = running.served("course.html")
    assert status == 200
    assert "now delta" not in deck and "second point" in deck
    # The private build did have it: the build ran, only publishing was held.
    assert "now delta" in (running.preview.builddir / "course.html").read_text("utf-8")

    # Saving another page reads the broken chapter again: still held, nothing published.
    edit(running.src / "other.md", "Other course text", "Other course text, revised")
    wait_until(
        lambda: running.text().count("still serving the last good build") >= 2,
        "the second build to be held too",
        running.text,
    )
    assert "now delta" not in running.served("course.html")[1]
    assert "revised" not in running.served("other.html")[1]

    edit(chapter, "§framgent, now delta", "§fragment now epsilon")
    deck = running.wait_for_text("course.html", "now epsilon")
    assert "now delta" not in deck
    # The good build publishes everything since the last good one.
    assert "revised" in running.served("other.html")[1]


def test_a_deleted_course_loses_its_deck(tmp_path) -> None:
    """The real command, in a subprocess: deleting a course removes its page and deck."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out = tmp_path / "out"
    port = free_port(HOST)
    log = tmp_path / "preview.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sphinx_gh_reveal",
                "preview",
                str(src),
                str(out),
                "--port",
                str(port),
            ],
            stdout=stream,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    url = f"http://{HOST}:{port}"

    def said() -> str:
        return log.read_text("utf-8", "replace")

    def answers(path: str, status: int) -> Callable[[], bool]:
        def check() -> bool:
            if process.poll() is not None:
                pytest.fail(f"the preview stopped ({process.returncode}):\n{said()}")
            try:
                return fetch(f"{url}/{path}")[0] == status
            except OSError:  # not listening yet
                return False

        return check

    try:
        wait_until(answers("slides/other.html", 200), "the deck of other.md", said)
        assert (out / "other.html").is_file()
        time.sleep(0.5)  # the watcher starts with the server
        (src / "other.md").unlink()
        wait_until(answers("slides/other.html", 404), "the deck of other.md to go", said)
        assert fetch(f"{url}/other.html")[0] == 404
        assert not (out / "slides" / "other.html").exists()
        # The other course is still served, and the index no longer lists the course.
        assert fetch(f"{url}/slides/course.html")[0] == 200
        assert "Another course" not in fetch(f"{url}/index.html")[1]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=PATIENCE)


def test_the_command_is_listed() -> None:
    from sphinx_gh_reveal.cli.__main__ import build_parser

    help_text = build_parser().format_help()
    assert "preview" in help_text


@pytest.mark.browser
def test_the_deck_reloads_on_the_same_slide_and_fragment(serve, browser) -> None:
    running = serve("html")
    context = browser.new_context()
    aborted: list[str] = []

    def route(route) -> None:
        if route.request.url.startswith(running.url + "/"):
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    try:
        page = context.new_page()
        page.route("**/*", route)
        page.goto(f"{running.url}/slides/course.html#/3/2/1")
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=PATIENCE * 1000)
        assert page.evaluate("Reveal.getIndices()") == {"h": 3, "v": 2, "f": 1}
        page.evaluate("window.ghrBeforeReload = true")

        edit(running.src / "chapters" / "two.md", "Chapter text beta.", "Chapter text zeta.")

        def reloaded() -> bool:
            try:
                return page.evaluate(
                    "!window.ghrBeforeReload && !!window.Reveal && Reveal.isReady()"
                    " && document.querySelector('.slides').textContent"
                    ".includes('Chapter text zeta.')"
                )
            except Exception:  # noqa: BLE001 - the page is between two documents
                return False

        wait_until(reloaded, "the deck to reload with the edit", running.text)
        assert page.evaluate("Reveal.getIndices()") == {"h": 3, "v": 2, "f": 1}
        assert (
            page.evaluate("Reveal.getCurrentSlide().querySelector('h2').textContent")
            == "Three, last"
        )
    finally:
        context.close()
    assert aborted == []


def test_a_second_build_in_one_process_keeps_course_assets_on_course_pages(app_in_copy):
    """The preview builds many times in one app: other pages never gain the course's styles."""
    app = app_in_copy("chapter-cache", "html", name="assets-built-twice")
    for _ in range(2):
        app.build(force_all=True)
        index = soup_of(app, "index")
        course = soup_of(app, "course")
        assert not [
            tag for tag in index.select("link[href], script[src]") if "gh-reveal" in str(tag)
        ]
        assert course.select_one('link[href*="gh-reveal/gh-reveal.css"]') is not None
        assert course.select_one('script[src*="gh-reveal/gh-reveal.js"]') is not None
