"""Keep chapter files (pulled in by ``include_relative``) out of the page list.

A chapter is part of its course, not a page: built on its own it would be a
page without a title, reported as "not included in any toctree". At
``config-inited`` we look for ``{% include_relative %}`` lines in the
project's Markdown files and add each chapter to ``exclude_patterns``, as a
user would by hand. The list is a new one: the value the user wrote is kept
as it was, and a changed chapter list rebuilds the environment, as any change
of ``exclude_patterns`` does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.matching import Matcher

from .syntax.include import INCLUDE_LINE

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


def find_chapters(srcdir: Path, excluded: Matcher, suffixes: tuple[str, ...]) -> list[str]:
    """Source-relative POSIX paths of every file some Markdown file includes."""
    chapters: set[str] = set()
    root = srcdir.resolve()
    for folder, dirs, files in os.walk(root):
        relative_folder = Path(folder).relative_to(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not excluded((relative_folder / d).as_posix())
        )
        for name in sorted(files):
            if not name.endswith(suffixes):
                continue
            path = Path(folder) / name
            if excluded(path.relative_to(root).as_posix()):
                continue
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if "include_relative" not in text:
                continue
            for written in included_paths(text):
                target = (path.parent / written).resolve()
                if target.is_relative_to(root) and target.is_file():
                    chapters.add(target.relative_to(root).as_posix())
    return sorted(chapters)


def exclude_chapters(app: Sphinx, config: Config) -> None:
    """Add the chapters to ``exclude_patterns`` (see the module docstring)."""
    patterns = list(config.exclude_patterns)
    chapters = find_chapters(Path(app.srcdir), Matcher(patterns), MARKDOWN_SUFFIXES)
    new = [c for c in chapters if c not in patterns]
    if new:
        config.exclude_patterns = patterns + new
