"""``sphinx-gh-reveal preview SRC [OUT]``: rebuild on save, reload the browser.

The loop a teacher runs with the deck open beside the editor. Compared with
``sphinx-autobuild``, whose server, file watcher and reload script it reuses:

* **One warm Sphinx.** ``sphinx-autobuild`` starts a new ``sphinx-build``
  process for every save, which pays Python's and Sphinx's imports, reading
  ``conf.py``, setting up the extensions and unpickling the environment
  each time. Here one :class:`sphinx.application.Sphinx` lives as long as
  the command and ``app.build()`` runs again after each change: Sphinx
  finds the changed sources (chapters included, through the dependencies
  a course records) from its environment in memory. The app is made anew
  only when ``conf.py`` changes or a build failed.
* **Unchanged chapters are not parsed again.** ``gh_reveal_chapter_cache``
  is on (:mod:`sphinx_gh_reveal.rendering.chapter_cache`): a chapter edit
  parses that chapter, the others come back as recorded. The garbage
  collector is paused while a build runs and collects once the browsers
  have it (:meth:`Preview.tidy`).
* **Never a half-written or broken page.** Sphinx builds into a private
  folder beside ``OUT``; the server only serves ``OUT``. When a build ends
  without an error and without a warning the last published build did not
  have, the files it changed are copied into ``OUT`` (each one written
  under a temporary name, then renamed), the files of removed documents are
  deleted, and only then are the browsers told to reload. A build with a
  new warning (a broken marker, say) prints it with its ``file:line`` and
  leaves ``OUT`` as it was: the last good deck stays up until the next good
  build.
* **The deck keeps its slide.** The reload is ``location.reload()``, which
  keeps the URL's hash. A deck whose URL follows the slide (reveal.js's
  ``history`` or ``hash``, with ``fragmentInURL``, its default) comes back
  on the same slide and fragment.

Nothing here reaches into Sphinx's internals: the app is driven through
its public constructor and ``build()``. From sphinx-autobuild (checked with
2025.8.25) we reuse :class:`~sphinx_autobuild.server.RebuildServer` (its
websocket endpoint, the file watching and the ``lifespan``; only its
``watch`` method, which runs each build in a process pool, is replaced),
:class:`~sphinx_autobuild.middleware.JavascriptInjectorMiddleware` and
:class:`~sphinx_autobuild.filter.IgnoreFilter`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import io
import os
import queue
import re
import shutil
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from jinja2.bccache import BytecodeCache
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util.console import nocolor, strip_colors

from .._compat import forget_checksums, forget_read_doctrees, static_files_kept
from ..config import set_option
from ..rendering import chapter_cache

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

#: Builders the preview can run: the pages (decks alongside) or the decks.
BUILDERS = ("html", "dirhtml", "revealjs", "dirrevealjs")
#: The published files, one per line, in ``OUT``: only those are ever deleted.
MANIFEST = ".gh-reveal-preview"
#: Folders never watched (as sphinx-autobuild's defaults).
IGNORED_FOLDERS = (
    ".git",
    ".hg",
    ".svn",
    ".idea",
    ".vscode",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".nox",
    ".tox",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
)
#: Editors' swap and backup files.
IGNORED_NAMES = r"(\.sw[px]|~|\.tmp|\.bak|#)$|/\.#"
#: Seconds after a build before its garbage is collected: the browsers have
#: fetched the refreshed page and deck by then (see :meth:`Preview.tidy`).
COLLECT_AFTER = 2.0
_WARNING = re.compile(r"(?:WARNING|ERROR|CRITICAL): ")
_LINE = re.compile(r":\d+:")


class WarningTap(io.TextIOBase):
    """The app's warning stream: echoed to the terminal, and kept by line."""

    def __init__(self, echo: IO[str]) -> None:
        super().__init__()
        self.echo = echo
        self._partial = ""
        self._lines: list[str] = []
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        self.echo.write(text)
        self.echo.flush()
        with self._lock:
            *lines, self._partial = (self._partial + text).split("\n")
            self._lines.extend(strip_colors(line) for line in lines)
        return len(text)

    def isatty(self) -> bool:
        return False

    def take(self) -> list[str]:
        """The warnings written since the last call, one string each."""
        with self._lock:
            lines, self._lines = self._lines, []
            if self._partial:
                lines.append(strip_colors(self._partial))
                self._partial = ""
        return [line for line in lines if _WARNING.search(line)]


def warning_key(line: str) -> str:
    """A warning without its line number: edits above it do not make it new."""
    return _LINE.sub(":", line, count=1).strip()


@dataclass
class Outcome:
    """What one build did."""

    good: bool
    """Whether its output may be published."""
    seconds: float
    new_warnings: list[str] = field(default_factory=list)
    error: str = ""
    removed: list[str] = field(default_factory=list)
    """Documents that are gone since the build before."""
    chapters_reused: int = 0
    """Chapters whose recorded render was reused (``gh_reveal_chapter_cache``)."""


class Preview:
    """One warm Sphinx application, its private output, and the published copy."""

    def __init__(
        self,
        srcdir: Path,
        outdir: Path,
        *,
        builder: str = "html",
        confdir: Path | None = None,
        overrides: dict[str, str] | None = None,
        publish_warnings: bool = False,
        status: IO[str] | None = None,
        terminal: IO[str] | None = None,
    ) -> None:
        self.srcdir = Path(srcdir).resolve()
        self.confdir = Path(confdir).resolve() if confdir else self.srcdir
        self.outdir = Path(outdir).resolve()
        self.workdir = self.outdir.parent / f".{self.outdir.name}.preview"
        self.builddir = self.workdir / "out"
        self.doctreedir = self.workdir / "doctrees"
        self.builder = builder
        self.overrides = dict(overrides or {})
        self.publish_warnings = publish_warnings
        self.skip_static = os.environ.get("GH_REVEAL_PREVIEW_COPY_STATIC") != "1"
        """Whether a rebuild after source edits leaves ``_static`` alone (see
        :func:`static_files_kept`; the benchmark turns it off to measure it)."""
        self.cache_templates = os.environ.get("GH_REVEAL_PREVIEW_COMPILE_TEMPLATES") != "1"
        """Whether compiled templates are kept for the builders of later builds
        (see :class:`CachedTemplates`)."""
        self.cache_chapters = os.environ.get("GH_REVEAL_PREVIEW_READ_CHAPTERS") != "1"
        """Whether ``gh_reveal_chapter_cache`` is on (unless ``-D`` says otherwise)."""
        self.defer_collection = os.environ.get("GH_REVEAL_PREVIEW_COLLECT") != "1"
        """Whether the garbage collector waits until the browsers have the build
        (see :meth:`tidy`)."""
        self._uncollected = 0
        """Builds run with the collector paused, since it last ran."""
        self._collect_at = 0.0
        self.status = status
        self.terminal = terminal or sys.stderr
        self.tap = WarningTap(self.terminal)
        self.app: Sphinx | None = None
        self.builds = 0
        """Builds run by the current app (1 for its first)."""
        self.apps = 0
        """Apps made so far: 1 as long as nothing forced a new one."""
        self._namespace: contextlib.ExitStack | None = None
        self._accepted: set[str] = set()
        self._published = self._read_manifest()
        self._first = True
        self._read_now: set[str] = set()
        self._held: set[str] = set()
        """Documents read by builds that were held back since the last good one."""

    # -- building -----------------------------------------------------------

    def say(self, message: str) -> None:
        print(f"[gh-reveal preview] {message}", file=self.terminal, flush=True)

    def _make_app(self) -> Sphinx:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        self._close_app()
        stack = contextlib.ExitStack()
        # What sphinx-build wraps around its app, kept open while the app lives.
        stack.enter_context(patch_docutils(self.confdir))
        stack.enter_context(docutils_namespace())
        self._namespace = stack
        overrides = dict(self.overrides)
        conf = self.confdir / "conf.py"
        own_bridge = "template_bridge" in (
            conf.read_text("utf-8", "replace") if conf.is_file() else ""
        )
        if self.cache_templates and not own_bridge:
            overrides.setdefault("template_bridge", f"{__name__}.{CachedTemplates.__name__}")
        # A new app (conf.py changed): what the old one recorded is keyed by the old config.
        chapter_cache.STORE.clear()
        # Sphinx annotates warning as IO[str]; it only writes to it, as to this text stream.
        app = Sphinx(
            self.srcdir,
            self.confdir,
            self.builddir,
            self.doctreedir,
            self.builder,
            confoverrides=overrides,
            status=self.status,
            warning=self.tap,  # type: ignore[arg-type]
        )
        if self.cache_chapters and "gh_reveal_chapter_cache" not in overrides:
            # Set on the app rather than overridden: an override would warn on a
            # project that does not load the extension (a plain sphinx-revealjs one).
            set_option(app.config, "chapter_cache", True)
        self.app = app
        app.connect("env-before-read-docs", self._note_read)
        app.connect("env-get-outdated", self._read_held_again)
        self.apps += 1
        self.builds = 0
        return app

    def _note_read(self, app, env, docnames: list[str]) -> None:
        self._read_now.update(docnames)

    def _read_held_again(self, app, env, added, changed, removed) -> list[str]:
        """Documents of a held build are read again until a build is good.

        Their output in the private folder is the held one: a later build
        that did not read them again would publish it.
        """
        return sorted(self._held)

    def _close_app(self) -> None:
        self.app = None
        if self._namespace is not None:
            self._namespace.close()
            self._namespace = None

    def close(self) -> None:
        self._close_app()
        self.tidy(force=True)

    def build(self, changed: Sequence[Path] = ()) -> Outcome:
        """Build what changed; never raises for a failed build."""
        from ..chapters import exclude_chapters

        start = time.perf_counter()
        self.tap.take()
        conf = self.confdir / "conf.py"
        try:
            if self.app is None or any(Path(path) == conf for path in changed):
                app = self._make_app()
            else:
                app = self.app
                # A course may include a chapter that is new since conf.py was read.
                exclude_chapters(app, app.config)
            before = set(app.env.found_docs)
            self.builds += 1
            forget_read_doctrees(app.env)
            forget_checksums()
            self._read_now = set()
            keep = self.builds > 1 and self.skip_static and only_sources(app, changed)
            chapter_cache.STORE.take_stats()
            statics = static_files_kept() if keep else contextlib.nullcontext()
            with statics, self._collector_paused():
                app.build()
        except Exception as error:  # noqa: BLE001 - reported, and the last build stays up
            self._close_app()
            # One line in the terminal: Sphinx's messages may end in a newline.
            text = f"{type(error).__name__}: {' '.join(str(error).split())}"
            if os.environ.get("GH_REVEAL_PREVIEW_DEBUG"):
                text += "\n" + traceback.format_exc()
            return Outcome(False, time.perf_counter() - start, self.tap.take(), error=text)
        removed = sorted(before - set(app.env.found_docs))
        self._remove_outputs(removed)
        warnings = self.tap.take()
        new = [line for line in warnings if warning_key(line) not in self._accepted]
        # The first build is shown whatever it says: there is nothing else to show.
        good = not new or self.publish_warnings or self._first
        self._first = False
        if good:
            self._accepted.update(warning_key(line) for line in warnings)
            self._held = set()
        else:
            self._held |= self._read_now
        chapters = chapter_cache.STORE.take_stats()
        return Outcome(
            good, time.perf_counter() - start, new, removed=removed, chapters_reused=chapters.reused
        )

    @contextlib.contextmanager
    def _collector_paused(self):
        """No garbage collection during the build; :meth:`tidy` collects once the browsers have it.

        A build makes and drops hundreds of thousands of objects in cycles
        (every doctree node points at its parent), and the warm environment
        makes each of the collector's passes over old objects longer than in a
        fresh ``sphinx-build``. Pausing it takes those passes out of the wait
        between a save and the refreshed page (docs/performance.md). Two builds
        in a row without a pause between them collect before the next one, so
        memory stays bounded by two builds' garbage.
        """
        if not self.defer_collection or (not gc.isenabled() and not self._uncollected):
            yield
            return
        if self._uncollected >= 2:
            self.tidy(force=True)
        gc.disable()
        try:
            yield
        finally:
            self._uncollected += 1
            self._collect_at = time.monotonic() + COLLECT_AFTER

    def tidy(self, force: bool = False) -> bool:
        """Collect the garbage of the paused builds, once :data:`COLLECT_AFTER` has passed.

        Returns whether it collected.
        """
        if not self._uncollected or (not force and time.monotonic() < self._collect_at):
            return False
        gc.enable()
        gc.collect()
        self._uncollected = 0
        return True

    def _remove_outputs(self, docnames: Iterable[str]) -> None:
        """Delete what the build wrote for documents that are gone (Sphinx keeps it)."""
        assert self.app is not None  # called after a build
        builder = cast("StandaloneHTMLBuilder", self.app.builder)  # BUILDERS are html builders
        for docname in docnames:
            targets = [Path(builder.get_outfilename(docname))]
            sources = self.builddir / "_sources"
            if sources.is_dir():
                targets += sources.glob(f"{glob_escape(docname)}.*")
            for target in targets:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()

    # -- publishing ---------------------------------------------------------

    def publish(self) -> list[str]:
        """Copy the private output into ``OUT``: what changed, then delete what is gone.

        Returns the paths copied or deleted (relative to ``OUT``).
        """
        done: list[str] = []
        current: set[str] = set()
        root = self.builddir
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                source = Path(folder) / name
                relative = source.relative_to(root).as_posix()
                if relative == ".buildinfo.bak":
                    continue
                current.add(relative)
                target = self.outdir / relative
                stat = source.stat()
                try:
                    there = target.stat()
                    if (there.st_size, there.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                        continue
                except FileNotFoundError:
                    pass
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.name}.preview-tmp")
                shutil.copy2(source, temporary)
                os.replace(temporary, target)
                done.append(relative)
        for relative in sorted(self._published - current):
            with contextlib.suppress(FileNotFoundError):
                (self.outdir / relative).unlink()
                done.append(relative)
        self._published = current
        self.outdir.mkdir(parents=True, exist_ok=True)
        (self.outdir / MANIFEST).write_text("".join(f"{p}\n" for p in sorted(current)), "utf-8")
        return done

    def _read_manifest(self) -> set[str]:
        try:
            return set((self.outdir / MANIFEST).read_text("utf-8").split("\n")) - {""}
        except OSError:
            return set()

    def rebuild(self, changed: Sequence[Path] = ()) -> Outcome:
        """Build, and publish when the build is good (both in the calling thread)."""
        outcome = self.build(changed)
        self.report(outcome, changed)
        if outcome.good:
            self.publish()
        self.tidy(force=True)
        return outcome

    def report(self, outcome: Outcome, changed: Sequence[Path] = ()) -> None:
        what = ""
        # Not an editor's temporary file, written and renamed in one save
        # (unless the save deleted files only).
        shown = [path for path in changed if Path(path).exists()] or list(changed)
        if shown:
            names = [_relative(path, self.srcdir) for path in shown[:3]]
            what = ", ".join(names) + (" ..." if len(shown) > 3 else "") + ": "
        if outcome.error and self._first:
            # run() stops there: there is no build to serve.
            self.say(
                f"{what}the first build failed ({outcome.error}); "
                "nothing to serve: fix it and start the preview again"
            )
        elif outcome.error:
            self.say(f"{what}the build failed ({outcome.error}); still serving the last good build")
        elif not outcome.good:
            count = len(outcome.new_warnings)
            self.say(
                f"{what}still serving the last good build until the next one without "
                f"{'this new warning' if count == 1 else f'these {count} new warnings'}:"
            )
            for line in outcome.new_warnings:
                print(f"    {line}", file=self.terminal)
        else:
            gone = f", removed {', '.join(outcome.removed)}" if outcome.removed else ""
            reused = outcome.chapters_reused
            kept = f", {reused} chapter{'s' if reused != 1 else ''} reused" if reused else ""
            self.say(
                f"{what}rebuilt in {outcome.seconds:.2f} s "
                f"(build {self.builds} of this Sphinx{kept}){gone}"
            )


class _CompiledTemplates(BytecodeCache):
    """jinja2's bytecode cache, in a dict that lives as long as the process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


#: The templates compiled in this process, by file and source checksum.
COMPILED_TEMPLATES = _CompiledTemplates()


class CachedTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader, keeping compiled templates for the next builder.

    The decks written alongside an html build come from a revealjs builder
    made anew at every build, whose jinja2 environment compiles
    ``page.html``, ``layout.html`` and the rest again each time. With a
    bytecode cache shared by the process, a later builder loads the compiled
    code instead (jinja2 checks the template's source checksum, so an edited
    template is compiled again). Set as ``template_bridge`` (a documented
    Sphinx option) for the preview's app only, unless the project sets one.
    """

    def init(self, builder, theme=None, dirs=None) -> None:
        super().init(builder, theme, dirs)
        self.environment.bytecode_cache = COMPILED_TEMPLATES


def only_sources(app, changed: Sequence[Path]) -> bool:
    """Whether every changed path is a source document (or a chapter) of the project.

    Static files come from the theme, ``html_static_path`` and the
    extensions, all fixed while ``conf.py`` is (a change of it makes a new
    app); a source file never feeds them.
    """
    if not changed:
        return False
    suffixes = tuple(app.config.source_suffix)
    srcdir = Path(app.srcdir).resolve()
    folders = [
        (Path(app.confdir) / folder).resolve()
        for folder in [*app.config.html_static_path, *app.config.templates_path]
    ]
    for path in changed:
        path = Path(path)
        if not path.name.endswith(suffixes) or not path.is_relative_to(srcdir):
            return False
        if any(path.is_relative_to(folder) for folder in folders):
            return False
    return True


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


# -- serving -----------------------------------------------------------------


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def free_port(host: str) -> int:
    """A port the system says is free on ``host`` now."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def cannot_listen(host: str, port: int) -> str:
    """Why the server could not listen on ``host:port`` (``""`` when it can, as far as we know).

    Asked before the first build, so that a port in use costs no build; the
    server binds as this probe does (``SO_REUSEADDR``).
    """
    try:
        with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return error.strerror or str(error)
    return ""


class Gate:
    """Publishing waits for the requests being answered; requests wait for publishing.

    Starlette answers a file request in steps (``stat`` for the headers, then
    the file read in a worker thread): a file replaced in between would be
    sent cut short. Publishing itself is synchronous, in the event loop, so
    nothing else runs while it copies.
    """

    #: Seconds publishing waits for slow requests before it goes ahead.
    PATIENCE = 10.0

    def __init__(self) -> None:
        self._open = asyncio.Event()
        self._open.set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._active = 0

    async def enter(self) -> None:
        await self._open.wait()
        self._active += 1
        self._idle.clear()

    def leave(self) -> None:
        self._active -= 1
        if self._active == 0:
            self._idle.set()

    @contextlib.asynccontextmanager
    async def closed(self):
        self._open.clear()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), self.PATIENCE)
            yield
        finally:
            self._open.set()


class GatedRequests:
    """ASGI middleware: each HTTP request passes the :class:`Gate`."""

    def __init__(self, app, gate: Gate) -> None:
        self.app = app
        self.gate = gate

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.gate.enter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.leave()


def make_server(preview: Preview, host: str, port: int, jobs: queue.Queue | None = None):
    """The uvicorn server: static ``OUT``, the reload websocket, the watcher.

    Builds run in one worker thread of the server, or, given ``jobs``, in
    whichever thread takes them from that queue (:func:`build_in_this_thread`):
    the command runs them in the main thread, where they measured faster.
    """
    import uvicorn
    import watchfiles
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class InProcessRebuildServer(RebuildServer):
        """sphinx-autobuild's server, building in this process's warm Sphinx.

        ``RebuildServer.watch`` runs each build in a new process pool: here
        one worker thread runs every build, so the app stays warm, and the
        event loop keeps serving the last published files meanwhile.
        Publishing runs in the loop itself, so no request is answered while
        ``OUT`` is half updated.
        """

        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gh-reveal-preview")

        async def watch(self) -> None:
            loop = asyncio.get_running_loop()
            async for changes in watchfiles.awatch(
                *self.paths,
                watch_filter=lambda _, path: not self.ignore(path),
                stop_event=self.should_exit,
            ):
                changed = sorted({Path(path).resolve() for _, path in changes})
                if jobs is None:
                    outcome = await loop.run_in_executor(self.executor, preview.build, changed)
                else:
                    job: Future = Future()
                    jobs.put((changed, job))
                    try:
                        outcome = await asyncio.wrap_future(job)
                    except Stopped:
                        return
                preview.report(outcome, changed)
                if outcome.good:
                    async with gate.closed():
                        preview.publish()
                    self.flag.set()
                if jobs is None:
                    # After the browsers' requests, in the build thread.
                    loop.call_later(COLLECT_AFTER, self.executor.submit, preview.tidy)

    gate = Gate()
    ignore = IgnoreFilter(
        [
            *(str(preview.srcdir / name) for name in IGNORED_FOLDERS),
            str(preview.outdir),
            str(preview.workdir),
        ],
        [IGNORED_NAMES],
    )
    watched = [preview.srcdir] + ([preview.confdir] if preview.confdir != preview.srcdir else [])
    watcher = InProcessRebuildServer(watched, ignore, change_callback=preview.build)
    preview.outdir.mkdir(parents=True, exist_ok=True)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=preview.outdir, html=True), name="static"),
        ],
        middleware=[
            Middleware(JavascriptInjectorMiddleware, ws_url=f"{host}:{port}"),
            Middleware(GatedRequests, gate=gate),
        ],
        lifespan=watcher.lifespan,
    )
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")

    class PreviewServer(uvicorn.Server):
        """uvicorn's server, holding the watcher that tells the pages to reload."""

        ghr_watcher: Any

    server = PreviewServer(config)
    server.ghr_watcher = watcher
    return server


class Stopped(Exception):
    """The build a server asked for will not run: the command is stopping."""


def stop_on_signals() -> None:
    """Ctrl+C and ``kill`` stop the command cleanly (the server, then the app).

    Set explicitly: a command started in the background of a shell without job
    control inherits SIGINT ignored, and SIGTERM would end it without cleaning up.
    """

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)


def build_in_this_thread(
    preview: Preview, jobs: queue.Queue, server, thread: threading.Thread
) -> None:
    """Run the builds the server asks for, until it stops."""
    while thread.is_alive():
        try:
            changed, job = jobs.get(timeout=0.2)
        except queue.Empty:
            preview.tidy()
            continue
        if job.set_running_or_notify_cancel():
            try:
                job.set_result(preview.build(changed))
            except BaseException:
                # Not the KeyboardInterrupt itself: in the server's loop it would
                # end the thread with a traceback instead of a shutdown.
                job.set_exception(Stopped())
                raise


# -- command line ----------------------------------------------------------------


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "preview",
        help="serve a project, rebuild on save, reload the page and the deck",
        description=(
            "Build SRC with one Sphinx kept warm, serve OUT on HOST:PORT, and on every "
            "save rebuild what changed and reload the browser (decks keep their slide "
            "when the URL follows it). A build with a new warning is not published: "
            "the last good one stays up."
        ),
    )
    parser.add_argument("source", type=Path, metavar="SRC", help="the Sphinx project (conf.py)")
    parser.add_argument(
        "output",
        type=Path,
        nargs="?",
        metavar="OUT",
        help="the folder served (default: SRC/_build/preview)",
    )
    parser.add_argument(
        "-b",
        "--builder",
        default="html",
        choices=BUILDERS,
        help="html: pages, with the decks under slides/ (default); revealjs: the decks only",
    )
    parser.add_argument("-c", "--confdir", type=Path, help="the folder of conf.py (default: SRC)")
    parser.add_argument(
        "-D",
        dest="overrides",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting of conf.py",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port to serve on (default: 8000; 0: any free port)"
    )
    parser.add_argument(
        "--publish-warnings", action="store_true", help="publish builds with new warnings too"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show Sphinx's progress")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    source = args.source
    if not (source / "conf.py").is_file() and not (
        args.confdir and (args.confdir / "conf.py").is_file()
    ):
        print(f"sphinx-gh-reveal preview: no conf.py in {source}", file=sys.stderr)
        return 2
    overrides = {}
    for item in args.overrides:
        name, sep, value = item.partition("=")
        if not sep:
            print(f"sphinx-gh-reveal preview: -D {item}: expected NAME=VALUE", file=sys.stderr)
            return 2
        overrides[name] = value
    preview = Preview(
        source,
        args.output or source / "_build" / "preview",
        builder=args.builder,
        confdir=args.confdir,
        overrides=overrides,
        publish_warnings=args.publish_warnings,
        status=sys.stdout if args.verbose else None,
    )
    try:
        import sphinx_autobuild  # noqa: F401 - the server and reload script come from it
    except ModuleNotFoundError:
        print(
            "sphinx-gh-reveal preview needs sphinx-autobuild: "
            "pip install 'sphinx-gh-reveal[preview]'",
            file=sys.stderr,
        )
        return 2
    if not sys.stderr.isatty():
        nocolor()
    port = args.port or free_port(args.host)
    problem = cannot_listen(args.host, port)
    if problem:
        print(
            f"sphinx-gh-reveal preview: cannot listen on {args.host}:{port} ({problem}); "
            "choose another --port, or --port 0 for any free one",
            file=sys.stderr,
        )
        return 2
    stop_on_signals()
    try:
        preview.say("first build...")
        outcome = preview.rebuild()
        if outcome.error:
            return 1
        jobs: queue.Queue = queue.Queue()
        server = make_server(preview, args.host, port, jobs)
        # The server in a thread, the builds here: a build in the main thread
        # measured faster than the same build in a worker thread (CPython 3.11).
        # Ctrl+C reaches this thread, which stops the server.
        thread = threading.Thread(target=server.run, name="gh-reveal-preview-server")
        thread.start()
        while thread.is_alive() and not server.started:
            thread.join(timeout=0.05)
        if not server.started:
            # uvicorn said why (the port taken since the check, say).
            preview.say("the server did not start")
            return 1
        preview.say(f"serving {preview.outdir} on http://{args.host}:{port}/ (Ctrl+C to stop)")
        try:
            build_in_this_thread(preview, jobs, server, thread)
        except KeyboardInterrupt:
            pass
        finally:
            server.should_exit = True
            thread.join(timeout=30)
    except KeyboardInterrupt:
        return 130
    finally:
        preview.close()
    return 0
