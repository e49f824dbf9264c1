"""Time the author's loop (issue 17): save a file -> the browser can load the new content.

Each side of a comparison is a live server started on its own copy of the
project, on a free port of 127.0.0.1:

* ``sphinx-autobuild`` as the docs used to advise (a new ``sphinx-build``
  process for every save);
* ``sphinx-gh-reveal preview`` with its savings turned off but the warm
  Sphinx (``GH_REVEAL_PREVIEW_COPY_STATIC=1``,
  ``GH_REVEAL_PREVIEW_COMPILE_TEMPLATES=1``, ``GH_REVEAL_PREVIEW_READ_CHAPTERS=1``,
  ``GH_REVEAL_PREVIEW_COLLECT=1``): what one process bought;
* then each saving turned on in turn, the others still off: ``_static``
  left alone after source edits; templates compiled once per process;
  chapters reused (``gh_reveal_chapter_cache``); the garbage collector
  paused during builds. The last side is the command as shipped.

The course's run has two reference sides on another project: the same 1000
slides written as one plain MyST page for sphinx-revealjs (no gh-reveal,
``generate.py`` variant ``myst``), served by ``sphinx-autobuild`` and by the
same warm Sphinx of ``sphinx-gh-reveal preview``, with a word added to the
page. They show what Sphinx itself takes to rebuild one page of that size,
against the same clean full build of the course.

A measure writes one edit (a new word at the end of a paragraph) and does
what the browser does: it waits on the server's reload websocket (both
servers inject sphinx-autobuild's reload script), then loads the page and
the deck over HTTP and checks that both carry the word: the time from the
write to each. (Polling over HTTP instead would steal time from the
preview's build, which shares its process with the server.) The sides are
interleaved (A B C, then C B A, ...) with a clean full build
(``sphinx-build -E`` into a fresh folder, a new process, as in
``benchmarks/run.py``) in the same rotation, and medians are reported.

    python benchmarks/preview.py                 # docs/ and the 1000-slide course, 5 runs
    python benchmarks/preview.py --runs 3 --only docs --markdown preview.md

No test times anything: this runs on demand (``make bench``).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - sibling scripts, found through sys.path
import run as build_bench  # noqa: E402

WORK = HERE / "_work" / "preview"
REPO = HERE.parent
#: Seconds one refresh may take before the benchmark gives up.
PATIENCE = 180.0
#: Seconds left between two measures, so that a side's leftovers (a build's
#: last steps after its pages are written) do not weigh on the next.
SETTLE = 1.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    """The page's text, or ``""`` when it cannot be read in full."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        # sphinx-autobuild serves the folder Sphinx writes into: a page being
        # written comes cut short. That is an answer without the new text.
        return ""


@dataclass
class Edit:
    """One kind of save: a file of the project and a paragraph line to extend."""

    label: str
    path: str

    def write(self, root: Path, token: str) -> None:
        file = root / self.path
        original = getattr(self, "_original", None)
        if original is None:
            original = self._original = file.read_text("utf-8")
        lines = original.split("\n")
        in_front_matter = lines[0] == "---"
        for index, line in enumerate(lines):
            if in_front_matter:
                in_front_matter = index == 0 or line != "---"
                continue
            if line[:1].isalpha():
                lines[index] = f"{line} {token}"
                break
        else:
            raise SystemExit(f"no paragraph line to edit in {file}")
        file.write_text("\n".join(lines), "utf-8")


@dataclass
class Project:
    name: str
    title: str
    builder: str
    page: str
    deck: str
    edits: list[Edit]
    make: Callable[[Path], Path]
    """Writes a fresh copy of the project into a folder."""
    references: Callable[[], list[Server]] | None = None
    """Sides on another project, timed against this project's full build."""


def docs_copy(folder: Path) -> Path:
    """The project's docs, with the changelog their last page includes."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(REPO / "docs", folder / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy2(REPO / "CHANGELOG.md", folder / "CHANGELOG.md")
    return folder / "docs"


def course_copy(folder: Path) -> Path:
    generate.write_project(folder, "chapters", 1000)
    return folder


def plain_page_copy(folder: Path) -> Path:
    """The course's 1000 slides as one plain MyST page for sphinx-revealjs."""
    generate.write_project(folder, "myst", 1000)
    return folder


PROJECTS = [
    Project(
        "docs",
        "the project docs (docs/), html build with the decks alongside",
        "html",
        "example-course.html",
        "slides/example-course.html",
        [
            Edit("course edit", "example-course.md"),
            Edit("chapter edit", "example-course/chapter.md"),
        ],
        docs_copy,
    ),
    Project(
        "course",
        "the 1000-slide course in 20 chapters, revealjs build",
        "revealjs",
        "course.html",
        "course.html",
        [Edit("chapter edit", "chapters/10.md")],
        course_copy,
        # (A lambda: the function is defined below.)
        references=lambda: plain_page_sides(),
    ),
]


@dataclass
class Server:
    label: str
    command: list[str]
    env: dict[str, str]
    make: Callable[[Path], Path] | None = None
    """Another project than the run's (a reference side)."""
    edits: list[Edit] | None = None
    """The edits of that project."""
    src: Path = None
    port: int = 0
    process: subprocess.Popen | None = None
    log: Path | None = None
    times: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def edits_of(self, project: Project) -> list[Edit]:
        return self.edits if self.edits is not None else project.edits

    def start(self, project: Project, folder: Path) -> None:
        self.src = (self.make or project.make)(folder / "src")
        self.port = free_port()
        out = folder / "out"
        self.log = folder / "server.log"
        argv = [
            part.format(src=self.src, out=out, port=self.port, builder=project.builder)
            for part in self.command
        ]
        with self.log.open("w") as stream:
            self.process = subprocess.Popen(
                argv,
                stdout=stream,
                stderr=subprocess.STDOUT,
                cwd=folder,
                env={**os.environ, **self.env, "PYTHONUNBUFFERED": "1"},
                start_new_session=True,
            )
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.label} stopped:\n{self.log.read_text()}")
            if fetch(self.url(project.deck)) and fetch(self.url(project.page)):
                time.sleep(2 * SETTLE)  # the file watcher starts with the server
                return
            time.sleep(0.1)
        raise SystemExit(
            f"{self.label} did not serve {project.deck} in time:\n{self.log.read_text()}"
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def measure(self, project: Project, edit: Edit, token: str) -> tuple[float, float]:
        """Seconds from the save to the page, and to the deck, loaded with the edit.

        As the browser does: wait on the server's reload websocket (the
        script both servers inject), then load the page and the deck. A
        reload without the edit (a build that started before it) waits for
        the next one.
        """
        from websockets.sync.client import connect

        with connect(f"ws://127.0.0.1:{self.port}/websocket-reload", open_timeout=30) as socket_:
            start = time.perf_counter()
            edit.write(self.src, token)
            while True:
                left = PATIENCE - (time.perf_counter() - start)
                try:
                    socket_.recv(timeout=max(left, 0.1))
                except TimeoutError:
                    raise SystemExit(
                        f"{self.label}: no reload {PATIENCE:.0f} s after the edit:\n"
                        f"{self.log.read_text()[-3000:]}"
                    ) from None
                page_ok = token in fetch(self.url(project.page))
                page = time.perf_counter() - start
                deck_ok = token in fetch(self.url(project.deck))
                deck = time.perf_counter() - start
                if page_ok and deck_ok:
                    return page, deck

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # sphinx-autobuild may have a build running in a child: its session.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


PREVIEW = [
    sys.executable,
    "-m",
    "sphinx_gh_reveal",
    "preview",
    "{src}",
    "{out}",
    "-b",
    "{builder}",
    "--port",
    "{port}",
]
AUTOBUILD = [
    sys.executable,
    "-m",
    "sphinx_autobuild",
    "-q",
    "-b",
    "{builder}",
    "{src}",
    "{out}",
    "--port",
    "{port}",
]


def plain_page_sides() -> list[Server]:
    """Sphinx's own rebuild of one plain page as big as the course (see the docstring)."""
    edits = [Edit("page edit", "course.md")]
    return [
        Server("plain page: sphinx-autobuild", AUTOBUILD, {}, plain_page_copy, edits),
        Server("plain page: warm Sphinx (the preview)", PREVIEW, {}, plain_page_copy, edits),
    ]


def servers() -> list[Server]:
    return [
        Server("sphinx-autobuild", AUTOBUILD, {}),
        Server(
            "preview, warm Sphinx only",
            PREVIEW,
            {
                "GH_REVEAL_PREVIEW_COPY_STATIC": "1",
                "GH_REVEAL_PREVIEW_COMPILE_TEMPLATES": "1",
                "GH_REVEAL_PREVIEW_READ_CHAPTERS": "1",
                "GH_REVEAL_PREVIEW_COLLECT": "1",
            },
        ),
        Server(
            "preview, warm Sphinx, _static kept",
            PREVIEW,
            {
                "GH_REVEAL_PREVIEW_COMPILE_TEMPLATES": "1",
                "GH_REVEAL_PREVIEW_READ_CHAPTERS": "1",
                "GH_REVEAL_PREVIEW_COLLECT": "1",
            },
        ),
        Server(
            "preview, + templates kept",
            PREVIEW,
            {"GH_REVEAL_PREVIEW_READ_CHAPTERS": "1", "GH_REVEAL_PREVIEW_COLLECT": "1"},
        ),
        Server("preview, + chapters reused", PREVIEW, {"GH_REVEAL_PREVIEW_COLLECT": "1"}),
        Server("preview, + collector paused (as shipped)", PREVIEW, {}),
    ]


def full_build(project: Project, folder: Path) -> float:
    """One clean full build in a new process, into a fresh folder: its wall time."""
    scratch = Path(tempfile.mkdtemp(dir=folder))
    try:
        command = build_bench.sphinx(project.builder, _source(folder, project), scratch / "out")
        return build_bench.run_child(command).wall
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _source(folder: Path, project: Project) -> Path:
    return folder / "full-src" / "docs" if project.name == "docs" else folder / "full-src"


def run_project(project: Project, runs: int) -> list[list[str]]:
    print(f"\n== {project.name}: {project.title}", flush=True)
    folder = WORK / project.name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    project.make(folder / "full-src")
    sides = servers() + (project.references() if project.references else [])
    full: list[float] = []
    try:
        for index, side in enumerate(sides):
            side.start(project, folder / f"side-{index}")
            print(f"   {side.label}: serving on port {side.port}", flush=True)
        full_build(project, folder)  # untimed: a warm disk cache for the timed ones
        for run_index in range(runs):
            order = sides if run_index % 2 == 0 else sides[::-1]
            full.append(full_build(project, folder))
            print(
                f"   run {run_index + 1}/{runs}  full build (sphinx-build -E): {full[-1]:.2f} s",
                flush=True,
            )
            for side in order:
                for number, edit in enumerate(side.edits_of(project)):
                    token = f"benchtoken{run_index}x{sides.index(side)}x{number}"
                    page, deck = side.measure(project, edit, token)
                    side.times.setdefault(edit.label, []).append((page, deck))
                    print(
                        f"   run {run_index + 1}/{runs}  {side.label}, {edit.label}: "
                        f"page {page:.2f} s, deck {deck:.2f} s",
                        flush=True,
                    )
                    time.sleep(SETTLE)
    finally:
        for side in sides:
            side.stop()
    return report(project, sides, full)


def report(project: Project, sides: list[Server], full: list[float]) -> list[list[str]]:
    full_median = statistics.median(full)
    rows = [
        [project.name, "clean full build (`sphinx-build -E`)", "", f"{full_median:.2f}", "", "", ""]
    ]
    for side in sides:
        for edit in side.edits_of(project):
            pairs = side.times[edit.label]
            page = statistics.median(p for p, _ in pairs)
            deck = statistics.median(d for _, d in pairs)
            both = statistics.median(max(p, d) for p, d in pairs)
            # sphinx-autobuild on the same project and edit: the first side with them.
            autobuild = next(other for other in sides if edit.label in other.times)
            auto = statistics.median(max(p, d) for p, d in autobuild.times[edit.label])
            rows.append(
                [
                    project.name,
                    side.label,
                    edit.label,
                    f"{page:.2f}" if project.page != project.deck else f"{deck:.2f}",
                    f"{deck:.2f}",
                    f"{both / full_median:.2f}×",
                    f"{both / auto:.2f}×",
                ]
            )
    return rows


HEAD = [
    "project",
    "side",
    "edit",
    "page refreshed, s",
    "deck refreshed, s",
    "/ full build",
    "/ sphinx-autobuild",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time save -> refreshed content, preview vs sphinx-autobuild."
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", choices=[p.name for p in PROJECTS])
    parser.add_argument("--markdown", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    info = build_bench.machine()
    for key, value in info:
        print(f"  {key}: {value}")
    rows: list[list[str]] = []
    for project in PROJECTS:
        if not args.only or project.name in args.only:
            rows += run_project(project, args.runs)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(
        f"\nMedians of {args.runs} runs (load average at the end: {load}); the ratios "
        f"compare the later of page and deck:\n"
    )
    print(build_bench.text_table(HEAD, rows))
    print(
        "\nTargets (issue 17): docs, preview / full build <= 0.35x and / sphinx-autobuild "
        "<= 0.5x; 1000-slide course, chapter edit / full build <= 0.5x."
    )
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(
            build_bench.markdown_table(["machine", ""], [[k, v] for k, v in info])
            + "\n\n"
            + build_bench.markdown_table(HEAD, rows)
            + f"\n\nLoad average at the end: {load}.\n",
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
