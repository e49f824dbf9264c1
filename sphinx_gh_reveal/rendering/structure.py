"""Render the block-level gh-reveal tokens: slide cuts and included chapters.

``§new``, ``§break`` and ``§notes`` lines become :class:`~sphinx_gh_reveal.nodes.ghr_structure`
nodes, which :mod:`sphinx_gh_reveal.transforms.slides` cuts the course at.
An ``{% include_relative %}`` line is read in place, through docutils'
``include`` directive, after the checks that keep it inside the project;
with ``gh_reveal_chapter_cache`` on, the chapter's render is recorded and
reused (:mod:`.cached_chapters`). While a chapter is rendered,
:attr:`~StructureRenderer.chapter_source` names it, so that MyST's warnings
name it too (see :meth:`~.course.CourseRenderer.create_warning`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line

from .. import nodes as ghr
from ..chapters import MAX_SCAN_BYTES, file_kind, read_bounded
from ..warnings_ import GhRevealWarnings, warn
from .cached_chapters import CachedChapterRenderer

#: How deep chapters may include chapters (each level costs Python stack frames).
MAX_INCLUDE_DEPTH = 32


class StructureRenderer(CachedChapterRenderer):
    """``render_ghr_structure`` and ``render_ghr_include``."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        super().setup_render(options, env)
        # The chapters being read, outermost first: an include cycle is refused.
        self._include_stack = [Path(self.document["source"]).resolve()]
        self._course_source = self.document["source"]

    @property
    def chapter_source(self) -> str | None:
        """The file of the chapter being rendered; ``None`` in the course's own text.

        MyST's include directive points the document's ``source`` (and its
        reporter) at the chapter while the chapter is rendered.
        """
        source = self.document["source"]
        return None if source == self._course_source else source

    def render_ghr_structure(self, token: SyntaxTreeNode) -> None:
        node = ghr.ghr_structure(token.content, kind=token.meta["kind"])
        self._stamp(node, token)
        self.current_node.append(node)

    def render_ghr_include(self, token: SyntaxTreeNode) -> None:
        line = token_line(token, default=0)
        here = Path(self.document["source"])
        location = f"{here}:{line}"
        target = self._resolve_include(token.meta["path"], here, location)
        if target is None:
            return
        self._include_stack.append(target)
        try:
            srcdir = Path(self.sphinx_env.srcdir).resolve()
            relative = target.relative_to(srcdir).as_posix()
            with self.reading_chapter():
                self.current_node.extend(self.run_directive("include", "/" + relative, "", line))
        finally:
            self._include_stack.pop()

    def _resolve_include(self, written: str, here: Path, location: str) -> Path | None:
        """The file to include, or ``None`` after a warning saying why not."""
        srcdir = Path(self.sphinx_env.srcdir).resolve()
        target = (here.parent / written).resolve()
        if not target.is_relative_to(srcdir):
            warn(
                f"include_relative {written!r} leaves the project's source folder; "
                "it was not read (move the file under the project)",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        if target in self._include_stack:
            chain = " -> ".join(p.name for p in [*self._include_stack, target])
            warn(
                f"include_relative {written!r} includes itself ({chain}); skipped",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        if len(self._include_stack) > MAX_INCLUDE_DEPTH:
            warn(
                f"include_relative {written!r} is nested more than {MAX_INCLUDE_DEPTH} "
                "chapters deep; it was not read (include the chapters from fewer levels)",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        shown = target.relative_to(srcdir)
        try:
            mode = os.stat(target).st_mode
        except OSError:
            mode = None
        if mode is None or not stat.S_ISREG(mode):
            what = "no such file" if mode is None else f"{file_kind(mode)}, not a file"
            warn(
                f"include_relative {written!r}: {what} ({shown})",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        problem = _unreadable(target)
        if problem:
            warn(
                f"include_relative {written!r}: {shown} {problem}; it was not read",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        return target


def _unreadable(target: Path) -> str:
    """Why the chapter ``target`` cannot be read as text, or ``""``."""
    data = read_bounded(target, MAX_SCAN_BYTES + 1)
    if data is None:
        return "cannot be read"
    if len(data) > MAX_SCAN_BYTES:
        return f"is larger than {MAX_SCAN_BYTES // (1024 * 1024)} MiB"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return f"is not UTF-8 text (byte {error.start}); is it a binary file?"
    if "\x00" in text:
        return "holds NUL characters; is it a binary file?"
    return ""
