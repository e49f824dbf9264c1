"""Tokens to docutils nodes, for courses only.

:class:`CourseRenderer` is MyST's Sphinx renderer plus, one module per token
family, a ``render_<token>`` method for each gh-reveal token:

- :mod:`.structure`: slide cuts and included chapters (block tokens);
- :mod:`.cached_chapters`: an included chapter's render, recorded and replayed
  with ``gh_reveal_chapter_cache`` on (the store is :mod:`.chapter_cache`);
- :mod:`.inline`: markers written in text, and the raw HTML they act on;
- :mod:`.code`: markers written in code;
- :mod:`.kramdown`: what kramdown read differently (links, tables, ``$$`` in text).

This module holds what concerns the course as a whole: rendering it block
by block, its title section, and its headings at any level.

MyST methods replaced here (``tests/test_myst_overrides.py`` fails when the
MyST version they were checked against changes them): :meth:`~CourseRenderer.render`
and :meth:`~CourseRenderer._render_tokens`. Every other override calls MyST's
method and adds to it.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from docutils import nodes
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.warnings_ import MystWarnings

from .. import nodes as ghr
from .._compat import myst_warning_in
from ..i18n import check_message
from .base import count_lines_from, top_level_blocks
from .code import CodeMarkerRenderer
from .kramdown import KramdownRenderer
from .structure import StructureRenderer


class CourseRenderer(CodeMarkerRenderer, StructureRenderer, KramdownRenderer):
    """Render a gh-reveal course; set up by :class:`~sphinx_gh_reveal.parser.CourseParser`."""

    # -- the course as a whole -------------------------------------------

    def render(
        self, tokens: Sequence[Token], options: Any, md_env: MutableMapping[str, Any]
    ) -> nodes.document:
        """As MyST renders, but the token list is handed over, not copied.

        Replaces MyST's method (checked: myst-parser 5.2.0), which calls
        ``_render_tokens(list(tokens))``: the copy would keep every token
        alive until the end. A long course's tokens and their syntax tree
        are, with the doctree, the largest thing in memory while it is read;
        handing the list over lets :meth:`_render_tokens` free each block
        once it is rendered (docs/performance.md: 403 to 307 MiB for the
        5000-slide course). The course section is made before MyST finalises.
        """
        self.setup_render(options, md_env)
        self._render_initialise()
        self._render_tokens(tokens if isinstance(tokens, list) else list(tokens))
        if self.ghr.message:
            check_message(self.document)  # one translated message, no course around it
        else:
            self._wrap_in_course_section()
        self._render_finalise()
        return self.document

    def _render_tokens(self, tokens: list[Token]) -> None:
        """Render each top-level block as MyST does, then let its tokens go.

        Replaces MyST's private method (checked: myst-parser 5.2.0) for a
        measured need (docs/performance.md, "One syntax tree per block"):
        MyST nests the whole token list into one syntax tree first; here each
        block gets a tree of its own, built just before it is rendered, so
        that only one block's tree is alive at a time. The line numbers and
        the warning for a token with no render method are MyST's.
        """
        count_lines_from(tokens, 1)
        for start, end in top_level_blocks(tokens):
            block = tokens[start:end]
            tokens[start:end] = _NOTHING * (end - start)
            self.render_block(block)
            del block
        tokens.clear()

    def create_warning(
        self, message: str, subtype: MystWarnings | str, **kwargs: Any
    ) -> nodes.system_message | None:
        """MyST's warnings, less its heading-level one, located in the chapter they are in.

        In a course a heading is slide text at the level the author chose:
        ``###`` right after the title is normal, not a jump to report. MyST
        nests the sections as usual (its ``update_section_level_state``);
        only the ``myst.header`` warning it gives on the way is left out.

        MyST names the page's file with the line it is given; while a chapter
        is rendered, the line is the chapter's, and so is the file named here.
        """
        if subtype == MystWarnings.MD_HEADING_NON_CONSECUTIVE:
            return None
        chapter = self.chapter_source
        if chapter is not None:
            return myst_warning_in(self.document, chapter, message, subtype, **kwargs)
        return super().create_warning(message, subtype, **kwargs)

    def _wrap_in_course_section(self) -> None:
        """Put the course under one section titled by the front matter.

        Sphinx takes the page title (sidebar, ``<title>``, toctree) from the
        first section, and the deck needs the title slide: both come from
        ``title``, not from whatever heading the first slide has.
        """
        doc = self.document
        keep = 0  # the front matter field list stays first, for Sphinx's metadata
        while keep < len(doc) and isinstance(doc[keep], (nodes.field_list, nodes.docinfo)):
            keep += 1
        body = doc.children[keep:]
        del doc.children[keep:]
        title_text = self.course.title or self.sphinx_env.docname.rsplit("/", 1)[-1]
        section = nodes.section(ghr_course=True, ghr_docname=self.sphinx_env.docname)
        section.source, section.line = doc["source"], 1
        section["names"].append(nodes.fully_normalize_name(title_text))
        title = nodes.title(title_text, title_text)
        section += title
        if self.course.subtitle:
            subtitle = ghr.ghr_subtitle(self.course.subtitle, self.course.subtitle)
            subtitle.source, subtitle.line = doc["source"], 1  # so that gettext offers it
            section += subtitle
        section.extend(body)
        doc += section
        doc.note_implicit_target(section, section)

    def render_heading(self, token: SyntaxTreeNode) -> None:
        super().render_heading(token)
        made = self.current_node
        if isinstance(made, nodes.section):
            made["ghr_level"] = int(token.tag[1])

    def render_paragraph(self, token: SyntaxTreeNode) -> None:
        super().render_paragraph(token)
        # The text of a tight list item has no <p> of its own: a marker in it
        # styles the <li>. Only paragraphs holding markers need to know.
        if token.hidden and any(
            child.type == "ghr_marker" for inline in token.children for child in inline.children
        ):
            made = self.current_node[-1]
            if isinstance(made, nodes.Element):
                made["ghr_tight"] = True


_NOTHING: list[Any] = [None]
