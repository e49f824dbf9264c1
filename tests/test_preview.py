"""``sphinx-gh-reveal preview``: rebuild in one process, publish only good builds, reload.

Each test starts the preview on a copy of ``roots/test-preview-loop`` on a
free port of 127.0.0.1 (in a thread, or as the real command in a
subprocess), edits a file, and polls the server over HTTP, as a browser
would, until the served page has changed. Every wait is bounded, and every
test stops its server itself.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def test_a_project_without_the_extension_previews_without_a_warning(tmp_path) -> None:
    """The preview turns the chapter cache on only where the option exists."""
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-nocourse", src)
    terminal = Terminal()
    preview = Preview(src, tmp_path / "out", terminal=terminal)
    try:
        outcome = preview.rebuild()
        assert outcome.good and outcome.new_warnings == []
        assert "unknown config value" not in terminal.getvalue()
        assert (tmp_path / "out" / "tutorial.html").is_file()
    finally:
        preview.close()


def test_the_chapter_cache_stays_off_when_asked(tmp_path) -> None:
    """``-D gh_reveal_chapter_cache=0`` wins over the preview's default."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    reused = {}
    # One after the other: a preview's new app empties the process's chapter store.
    for name, overrides in [("off", {"gh_reveal_chapter_cache": "0"}), ("default", {})]:
        preview = Preview(src, tmp_path / name, overrides=overrides, terminal=Terminal())
        try:
            assert preview.build().good
            edit(src / "course.md", "Opening text", "Opening words")
            outcome = preview.build([src / "course.md"])
            assert outcome.good
            reused[name] = outcome.chapters_reused
            edit(src / "course.md", "Opening words", "Opening text")
        finally:
            preview.close()
    assert reused == {"off": 0, "default": 1}


def test_an_edited_course_stylesheet_gets_a_new_checksum_in_the_warm_sphinx(tmp_path) -> None:
    """Sphinx keeps each asset's checksum for the process; the preview reads it again."""
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-science", src)
    out = tmp_path / "out"
    preview = Preview(src, out, builder="revealjs", terminal=Terminal())

    def linked() -> str:
        deck = (out / "physics.html").read_text("utf-8")
        found = re.search(r'course-files/style/physics\.css\?v=(\w+)"', deck)
        assert found, deck[:2000]
        return found.group(1)

    try:
        assert preview.rebuild().good
        first = linked()
        sheet = src / "style" / "physics.css"
        sheet.write_text(sheet.read_text("utf-8") + "\nh2 { color: teal; }\n", "utf-8")
        assert preview.rebuild([sheet]).good
        assert linked() != first
    finally:
        preview.close()


def test_a_conf_py_that_breaks_keeps_the_last_good_build_until_it_is_fixed(serve) -> None:
    running = serve("revealjs")
    conf = running.src / "conf.py"
    good = conf.read_text("utf-8")
    conf.write_text(good + "extensions = [\n", "utf-8")
    failed = running.wait_for_output(r"conf\.py: the build failed \((.*)\); still serving.*")
    assert failed.group(1).startswith("ConfigError:") and "\n" not in failed.group(0)
    status, deck = running.served("course.html")
    assert status == 200 and "Chapter text beta." in deck
    edit(running.src / "chapters" / "two.md", "Chapter text beta.", "Chapter text delta.")
    conf.write_text(good, "utf-8")
    running.wait_for_text("course.html", "Chapter text delta.")
    assert running.preview.apps == 2  # the broken conf.py's app was dropped


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


def ignore_interrupts() -> None:
    """What a shell without job control does to a command it starts in the background."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass
class Command:
    """``sphinx-gh-reveal preview`` in a subprocess, its output in a file."""

    process: subprocess.Popen
    url: str
    log: Path

    def said(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def wait_for_output(self, text: str) -> None:
        def there() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"the preview stopped ({self.process.returncode}):\n{self.said()}")
            return text in self.said()

        wait_until(there, repr(text), self.said)

    def answers(self, path: str, status: int) -> Callable[[], bool]:
        def check() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"the preview stopped ({self.process.returncode}):\n{self.said()}")
            try:
                return fetch(f"{self.url}/{path}")[0] == status
            except OSError:  # not listening yet
                return False

        return check

    def stop_with(self, signum: int) -> None:
        """Send ``signum``: the command ends by itself, with status 0 and no traceback."""
        self.process.send_signal(signum)
        try:
            self.process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{signal.Signals(signum).name} did not stop the preview:\n{self.said()}")
        assert self.process.returncode == 0, self.said()
        assert "Traceback" not in self.said()


@pytest.fixture
def command(tmp_path) -> Iterator[Callable[..., Command]]:
    """The real command on ``src`` (``OUT``, ``Popen`` arguments optional); killed at the end."""
    started: list[subprocess.Popen] = []

    def start(src: Path, *out: Path, **popen: Any) -> Command:
        port = free_port(HOST)
        log = tmp_path / "preview.log"
        argv = [sys.executable, "-m", "sphinx_gh_reveal", "preview", str(src), *map(str, out)]
        with log.open("w") as stream:
            process = subprocess.Popen(
                [*argv, "--port", str(port)],
                stdout=stream,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                **popen,
            )
        started.append(process)
        return Command(process, f"http://{HOST}:{port}", log)

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=PATIENCE)


def test_a_deleted_course_loses_its_deck(tmp_path, command) -> None:
    """The real command, in a subprocess: deleting a course removes its page and deck.

    Started with SIGINT ignored, as from a script's background: Ctrl+C stops it anyway.
    """
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out = tmp_path / "out"
    running = command(src, out, preexec_fn=ignore_interrupts)
    url = running.url
    wait_until(running.answers("slides/other.html", 200), "the deck of other.md", running.said)
    assert (out / "other.html").is_file()
    time.sleep(0.5)  # the watcher starts with the server
    (src / "other.md").unlink()
    wait_until(
        running.answers("slides/other.html", 404), "the deck of other.md to go", running.said
    )
    assert fetch(f"{url}/other.html")[0] == 404
    assert not (out / "slides" / "other.html").exists()
    # The other course is still served, and the index no longer lists the course.
    assert fetch(f"{url}/slides/course.html")[0] == 200
    assert "Another course" not in fetch(f"{url}/index.html")[1]
    running.stop_with(signal.SIGINT)


def test_kill_stops_the_preview_during_a_build(tmp_path, command) -> None:
    """SIGTERM (``kill``) in the middle of a build: the command stops, without a traceback."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    slow = tmp_path / "slow"
    # Once the file `slow` exists, reading the course takes long enough to be killed in.
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "\n\ndef setup(app):\n"
            "    import pathlib, time\n"
            "    def read(app, docname, source):\n"
            f"        if docname == 'course' and pathlib.Path({str(slow)!r}).exists():\n"
            "            print('building slowly', flush=True)\n"
            "            time.sleep(60)\n"
            "    app.connect('source-read', read)\n"
        )
    running = command(src)
    running.wait_for_output("serving")
    time.sleep(0.5)  # the watcher starts with the server
    slow.touch()
    edit(src / "course.md", "Opening text alpha.", "Opening text omega.")
    running.wait_for_output("building slowly")
    running.stop_with(signal.SIGTERM)


def test_a_port_in_use_is_said_before_any_build(tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sphinx_gh_reveal", "preview", str(src), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=PATIENCE,
        )
    assert result.returncode == 2
    assert f"cannot listen on {HOST}:{port}" in result.stderr
    assert "--port 0" in result.stderr
    assert "first build" not in result.stderr + result.stdout
    assert not (src / "_build").exists()


def test_a_first_build_that_fails_says_why_on_one_line_and_stops(tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("extensions = [\n")  # a typo: never closed
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_gh_reveal", "preview", str(src), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    said = result.stderr + result.stdout
    assert result.returncode == 1, said
    [line] = [line for line in said.splitlines() if "failed" in line]
    assert "the first build failed (ConfigError:" in line
    assert "conf.py, line" in line and line.endswith("fix it and start the preview again")
    assert "serving" not in said and "Traceback" not in said


def test_the_command_is_listed() -> None:
    from sphinx_gh_reveal.cli.__main__ import build_parser

    help_text = build_parser().format_help()
    assert "preview" in help_text


@contextlib.contextmanager
def local_only(browser, running: Running):
    """A browser context that may load the preview's pages only; fails the test otherwise.

    (``about:blank`` is where reveal.js writes its speaker window.)
    """
    context = browser.new_context()
    aborted: list[str] = []

    def route(route) -> None:
        url = route.request.url
        if url.startswith(running.url + "/") or url == "about:blank":
            route.continue_()
        else:
            aborted.append(url)
            route.abort()

    context.route("**/*", route)
    try:
        yield context
    finally:
        context.close()
    assert aborted == []


def open_deck(context, running: Running, where: str):
    page = context.new_page()
    page.goto(f"{running.url}/slides/course.html{where}")
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=PATIENCE * 1000)
    return page


def edit_and_wait_for_reload(page, running: Running) -> None:
    """Edit the chapter; return once the browser shows the deck reloaded with the edit."""
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


@pytest.mark.browser
def test_the_deck_reloads_on_the_same_slide_and_fragment(serve, browser) -> None:
    running = serve("html")
    with local_only(browser, running) as context:
        page = open_deck(context, running, "#/3/2/1")
        assert page.evaluate("Reveal.getIndices()") == {"h": 3, "v": 2, "f": 1}
        edit_and_wait_for_reload(page, running)
        assert page.evaluate("Reveal.getIndices()") == {"h": 3, "v": 2, "f": 1}
        assert (
            page.evaluate("Reveal.getCurrentSlide().querySelector('h2').textContent")
            == "Three, last"
        )


@pytest.mark.browser
def test_the_speaker_view_follows_the_deck_after_a_reload(serve, browser) -> None:
    """The speaker window stays connected: reveal.js's notes plugin reconnects to a reloaded deck.

    The speaker view sends a heartbeat to the window that opened it; the deck,
    once reloaded, answers it and drives the view again.
    """
    running = serve("html")

    def speaker_slide(view) -> int | None:
        """The horizontal index of the slide the speaker view shows as current."""
        try:
            return view.evaluate(
                "(() => { const frame = document.querySelector('#current-slide iframe');"
                " const reveal = frame && frame.contentWindow && frame.contentWindow.Reveal;"
                " return reveal && reveal.isReady() ? reveal.getIndices().h : null; })()"
            )
        except Exception:  # noqa: BLE001 - the view's frames are being replaced
            return None

    with local_only(browser, running) as context:
        page = open_deck(context, running, "#/1")
        with context.expect_page(timeout=PATIENCE * 1000) as opened:
            page.keyboard.press("s")
        view = opened.value
        wait_until(lambda: speaker_slide(view) == 1, "the speaker view", running.text)
        edit_and_wait_for_reload(page, running)
        assert not view.is_closed()
        # Driven by the reloaded deck: a move there shows in the speaker view.
        page.evaluate("Reveal.slide(0)")
        wait_until(
            lambda: speaker_slide(view) == 0,
            "the speaker view to follow the reloaded deck",
            running.text,
        )


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
