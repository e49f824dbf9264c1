"""Keep chapter files (pulled in by ``include_relative``) out of the page list.

A chapter is part of its course, not a page: built on its own it would be a
page without a title, reported as "not included in any toctree". At
``config-inited`` we look for ``{% include_relative %}`` lines in the
project's Markdown files and add each chapter to ``exclude_patterns``, as a
user would by hand, with the glob characters of its name escaped
(:func:`literal_pattern`): ``part[1].md`` excludes itself, not ``part1.md``.
The list is a new one: the value the user wrote is kept as it was, and a
changed chapter list rebuilds the environment, as any change of
``exclude_patterns`` does.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.matching import Matcher

from .syntax.include import INCLUDE_LINE
from .warnings_ import GhRevealWarnings, warn

MARKDOWN_SUFFIXES = (".md", ".markdown")
_INCLUDE = re.compile(r"[ ]{0,3}" + INCLUDE_LINE.pattern)  # indented 4: code
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")


def read_lines(lines: Iterable[str]) -> Iterator[tuple[str, bool, str | None]]:
    """Each line, whether it is code (in or on a fence), and the path it includes."""
    fence = ""
    for line in lines:
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            yield line, True, None
        elif opening:
            fence = opening.group(1)
            yield line, True, None
        else:
            match = _INCLUDE.fullmatch(line)
            yield line, False, match.group(1) if match else None


def included_paths(text: str) -> list[str]:
    """The paths of the ``include_relative`` lines of ``text``, outside code fences."""
    return [path for _, _, path in read_lines(text.splitlines()) if path is not None]


#: The scan reads at most this much of a file (a course is far smaller).
MAX_SCAN_BYTES = 16 * 1024 * 1024


@dataclass
class Scan:
    """What the scan found: the chapters, and Markdown files Sphinx must not read."""

    chapters: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """``(source-relative path, why)`` of ``*.md`` FIFOs, devices, broken links, non-text."""
    silent: list[str] = field(default_factory=list)
    """Unreadable files some file includes: left out too, the include warns."""


def file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_bounded(path: Path, limit: int = MAX_SCAN_BYTES) -> bytes | None:
    """The first ``limit`` bytes of a regular file, or ``None`` (never blocks on a FIFO)."""
    try:
        # O_NONBLOCK: should the file have become a FIFO since its stat, open does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(limit)
    except OSError:
        return None
    finally:
        os.close(fd)


def resolves_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, every symbolic link resolved, lies inside ``folder``."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def scan_sources(
    srcdir: Path, excluded: Matcher, suffixes: tuple[str, ...], encoding: str = "utf-8-sig"
) -> Scan:
    """Find the chapters (see the module docstring) without leaving the source folder.

    Only regular files inside the source folder are opened (a link out of it
    is not followed; the scan never opens a FIFO or a device), and only their
    first :data:`MAX_SCAN_BYTES`.
    """
    scan = Scan()
    root = srcdir.resolve()
    graph: dict[str, list[str]] = {}
    named: set[str] = set()
    for folder, dirs, files in os.walk(root):
        relative_folder = Path(folder).relative_to(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not excluded((relative_folder / d).as_posix())
        )
        for name in sorted(files):
            if not name.endswith(suffixes):
                continue
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if excluded(relative):
                continue
            try:
                mode = os.stat(path).st_mode  # follows links: what Sphinx would read
            except OSError:
                scan.unreadable.append((relative, "a broken symbolic link or unreadable"))
                continue
            if not stat.S_ISREG(mode):
                scan.unreadable.append((relative, file_kind(mode)))
                continue
            real = path.resolve()
            if not real.is_relative_to(root):
                continue  # a link out of the project: Sphinx's page, not ours to scan
            data = read_bounded(path)
            if data is None:
                continue
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                if len(data) < MAX_SCAN_BYTES:  # Sphinx would stop on it with a traceback
                    scan.unreadable.append((relative, f"not {encoding} text (byte {error.start})"))
                    continue
                text = data.decode(encoding, errors="replace")
            if "include_relative" not in text:
                continue
            # A link to a file of the project includes what that file includes.
            targets = graph.setdefault(real.relative_to(root).as_posix(), [])
            for written in included_paths(text):
                target = (path.parent / written).resolve()
                if not target.is_relative_to(root):
                    continue
                named.add(target.relative_to(root).as_posix())
                if target.is_file():
                    targets.append(target.relative_to(root).as_posix())
    scan.chapters = _chapters(graph)
    # An include of an unreadable file says so where it is written: no second warning.
    scan.silent = [relative for relative, _ in scan.unreadable if relative in named]
    scan.unreadable = [(r, why) for r, why in scan.unreadable if r not in named]
    return scan


def find_chapters(srcdir: Path, excluded: Matcher, suffixes: tuple[str, ...]) -> list[str]:
    """Source-relative POSIX paths of the chapters (see :func:`scan_sources`)."""
    return scan_sources(srcdir, excluded, suffixes).chapters


def _chapters(graph: dict[str, list[str]]) -> list[str]:
    """Every included file, except those no file outside their include cycle includes.

    A course that includes itself, or two courses that include each other,
    are still courses (the renderer reports the cycle); a chapter reached
    from a course through a cycle is still a chapter. In graph terms: the
    files of the strongly connected components that have an edge coming in
    from another component.
    """
    component = _components(graph)
    entered: set[int] = set()
    for source, targets in graph.items():
        for target in targets:
            if component[target] != component[source]:
                entered.add(component[target])
    return sorted(n for n, c in component.items() if c in entered)


def _components(graph: dict[str, list[str]]) -> dict[str, int]:
    """Tarjan's strongly connected components, without recursion (chains may be long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    nodes = sorted({*graph, *(t for ts in graph.values() for t in ts)})
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = graph.get(node, [])
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return component


def literal_pattern(path: str) -> str:
    """An ``exclude_patterns`` entry that matches ``path`` only.

    In Sphinx's patterns (:mod:`sphinx.util.matching`) ``*``, ``**``, ``?``
    and ``[...]`` are special; each of ``*``, ``?`` and ``[`` becomes a
    one-character class (``[*]``), as :func:`glob.escape` writes it. A ``]``
    with no ``[`` open before it is a plain character.
    """
    return re.sub(r"([*?[])", r"[\1]", path)


def exclude_chapters(app: Sphinx, config: Config) -> None:
    """Add the chapters to ``exclude_patterns`` (see the module docstring).

    Markdown files Sphinx could not read as pages (a FIFO, a device, a broken
    link, a file that is not text in ``source_encoding``) are left out too,
    each with a warning: reading one would hang or stop the build.
    """
    patterns = list(config.exclude_patterns)
    scan = scan_sources(
        Path(app.srcdir), Matcher(patterns), MARKDOWN_SUFFIXES, config.source_encoding
    )
    for relative, why in scan.unreadable:
        warn(
            f"{relative} is {why}, not a file Sphinx can read: it was left out of the build",
            GhRevealWarnings.INCLUDE,
            location=f"{Path(app.srcdir) / relative}:1",
        )
    left_out = [*scan.chapters, *(r for r, _ in scan.unreadable), *scan.silent]
    new = [p for p in map(literal_pattern, left_out) if p not in patterns]
    if any("[[]" in p for p in new):
        # Sphinx compiles "[[]" to the regular expression "[[]", which matches "[" (and
        # only it) but makes Python warn of a "possible nested set" to every user.
        warnings.filterwarnings(
            "ignore", "Possible nested set", FutureWarning, r"sphinx\.util\.matching"
        )
    if new:
        config.exclude_patterns = patterns + new
