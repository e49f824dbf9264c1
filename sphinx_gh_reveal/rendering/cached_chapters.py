"""The renderer's side of the chapter cache: record a chapter's render, replay it.

:mod:`.structure` reads an ``{% include_relative %}`` chapter through MyST's
include directive, which renders the chapter's text with
:meth:`~CachedChapterRenderer.nested_render_text`. With
``gh_reveal_chapter_cache`` on, that text goes through
:meth:`~CachedChapterRenderer._render_chapter` instead: replayed from the
store when a recording matches, otherwise rendered block by block and
recorded. What is kept, and when a recording matches, is said in
:mod:`.chapter_cache`, which holds the store, the keys and the pickling.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

from docutils import nodes

from . import chapter_cache
from .base import CourseRendererBase, count_lines_from, top_level_blocks


class CachedChapterRenderer(CourseRendererBase):
    """MyST's nested render of a chapter, through the chapter cache when it is on."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        super().setup_render(options, env)
        # Set while MyST's include directive runs for a chapter: its text is
        # the next one rendered (see nested_render_text).
        self._chapter_next = False
        self._config_key = ""

    @contextmanager
    def reading_chapter(self) -> Iterator[None]:
        """Inside the block, the next nested render is a chapter's text.

        :mod:`.structure` runs MyST's include directive in it, which renders
        the chapter's text with :meth:`nested_render_text`.
        """
        self._chapter_next = self.ghr.settings.chapter_cache
        try:
            yield
        finally:
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


def _replayed(token) -> bool:
    """Whether a block starting with ``token`` is kept as tokens (see :mod:`.chapter_cache`)."""
    if token.type in chapter_cache.REPLAYED:
        return True
    return token.type == "fence" and token.info.strip().startswith("{")
