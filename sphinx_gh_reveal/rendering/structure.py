"""Render the block-level gh-reveal tokens: slide cuts and included chapters.

``§new``, ``§break`` and ``§notes`` lines become :class:`~sphinx_gh_reveal.nodes.ghr_structure`
nodes, which :mod:`sphinx_gh_reveal.transforms.slides` cuts the course at.
An ``{% include_relative %}`` line is read in place, through docutils'
``include`` directive, after the checks that keep it inside the project;
with ``gh_reveal_chapter_cache`` on, the chapter's render is recorded and
reused (:mod:`.chapter_cache`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line

from .. import nodes as ghr
from ..chapters import MAX_SCAN_BYTES, file_kind, read_bounded
from ..warnings_ import GhRevealWarnings, warn
from . import chapter_cache
from .base import CourseRendererBase, count_lines_from, top_level_blocks

#: How deep chapters may include chapters (each level costs Python stack frames).
MAX_INCLUDE_DEPTH = 32


class StructureRenderer(CourseRendererBase):
    """``render_ghr_structure`` and ``render_ghr_include``."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        super().setup_render(options, env)
        # The chapters being read, outermost first: an include cycle is refused.
        self._include_stack = [Path(self.document["source"]).resolve()]
        # Set while MyST's include directive runs for a chapter: its text is
        # the next one rendered (see nested_render_text).
        self._chapter_next = False
        self._config_key = ""

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
        self._chapter_next = self.ghr.settings.chapter_cache
        try:
            srcdir = Path(self.sphinx_env.srcdir).resolve()
            relative = target.relative_to(srcdir).as_posix()
            self.current_node.extend(self.run_directive("include", "/" + relative, "", line))
        finally:
            self._include_stack.pop()
            self._chapter_next = False

    def nested_render_text(
        self,
        text: str,
        lineno: int,
        inline: bool = False,
        temp_root_node: nodes.Element | None = None,
        heading_offset: int = 0,
    ) -> None:
        """MyST's nested render; a chapter's goes through the chapter cache when it is on."""
        chapter, self._chapter_next = self._chapter_next, False
        if not chapter or inline or temp_root_node is not None or heading_offset:
            super().nested_render_text(text, lineno, inline, temp_root_node, heading_offset)
            return
        self._render_chapter(text, lineno)

    def _render_chapter(self, text: str, lineno: int) -> None:
        """Render a chapter's text, from its recording when one matches."""
        store = chapter_cache.STORE
        try:
            env_before = chapter_cache.dump_env(self.md_env)
        except chapter_cache.Unrecordable:
            store.stats.rendered += 1
            super().nested_render_text(text, lineno)
            return
        if not self._config_key:
            options = {k: v for k, v in self.md_options.items() if k != "document"}
            self._config_key = chapter_cache.digest(
                self.sphinx_env.docname,
                sorted(options.items()),
                chapter_cache.config_digest(self.sphinx_env.config),
            )
        key = chapter_cache.digest(
            self._config_key, self.document["source"], lineno, text, env_before
        )
        recording = store.get(key)
        if recording is not None:
            store.stats.reused += 1
            self._replay_chapter(recording)
            return
        recording = self._record_chapter(text, lineno)
        if recording is None:
            store.stats.rendered += 1
        else:
            store.stats.recorded += 1
            store.put(key, recording)

    def _replay_chapter(self, recording: chapter_cache.Recording) -> None:
        per_minute = self.md_options["myst_config"].words_per_minute
        chapter_cache.load_env(self.md_env, recording.env_after, recording.words, per_minute)
        for block in recording.blocks:
            if block.kind == "nodes":
                parent = self.current_node
                parent.extend(chapter_cache.load_nodes(block.data, parent, self.document))
                self.document.current_line = block.line_after
            else:
                self.render_block(chapter_cache.load_tokens(block.data))

    def _record_chapter(self, text: str, lineno: int) -> chapter_cache.Recording | None:
        """Render the chapter as MyST's nested render does, recording each block."""
        words = chapter_cache.words_of(self.md_env)
        tokens = self.md.parse(text + "\n", self.md_env)
        words = chapter_cache.words_of(self.md_env) - words
        if tokens and tokens[0].type == "front_matter":
            tokens.pop(0)
        # Where MyST's nested render puts them: from the chapter's line, counted from 1.
        count_lines_from(tokens, lineno + 1)
        recording: chapter_cache.Recording | None
        try:
            recording = chapter_cache.Recording(chapter_cache.dump_env(self.md_env), words)
        except chapter_cache.Unrecordable:
            recording = None
        state: tuple | None = None  # after a kept block: the state the next one starts from
        with chapter_cache.counting_logs() as logs:
            for start, end in top_level_blocks(tokens):
                block = tokens[start:end]
                if recording is None:
                    self.render_block(block)
                elif _replayed(block[0]):
                    recording.blocks.append(
                        chapter_cache.Block("tokens", chapter_cache.dump_tokens(block))
                    )
                    self.render_block(block)
                    state = None
                else:
                    kept, state = self._render_and_keep(block, state, logs)
                    if kept is None:
                        recording = None
                    else:
                        recording.blocks.append(
                            chapter_cache.Block("nodes", kept, self.document.current_line)
                        )
        return recording

    def _render_and_keep(
        self, block: list, before: tuple | None, logs: chapter_cache.LogCounter
    ) -> tuple[bytes | None, tuple]:
        """Render one block: its nodes as bytes (``None`` if it touched more), and the state after.

        ``before`` is :func:`~.chapter_cache.state_of` on entry, when the block
        before left it (``None``: measured here); ``logs`` counts what Sphinx
        logs meanwhile.
        """
        parent = self.current_node
        count = len(parent.children)
        if before is None:
            before = chapter_cache.state_of(self)
        logged = logs.count
        self.render_block(block)
        after = chapter_cache.state_of(self)
        if (
            logs.count != logged
            or self.current_node is not parent
            or len(parent.children) < count
            or after != before
        ):
            return None, after
        try:
            return chapter_cache.dump_nodes(parent.children[count:], parent, self.document), after
        except chapter_cache.Unrecordable:
            return None, after

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


def _replayed(token) -> bool:
    """Whether a block starting with ``token`` is kept as tokens (see :mod:`.chapter_cache`)."""
    if token.type in chapter_cache.REPLAYED:
        return True
    return token.type == "fence" and token.info.strip().startswith("{")
