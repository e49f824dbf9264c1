"""Tokens to docutils nodes, for courses only.

:class:`CourseRenderer` is MyST's Sphinx renderer plus, in mixins by token
family, one ``render_<token>`` method per gh-reveal token
(:mod:`~sphinx_gh_reveal.rendering.markers`) and what kramdown read
differently (:mod:`~sphinx_gh_reveal.rendering.kramdown`). This module holds
what concerns the course as a whole: its title section, its headings at any
level, and freeing the tokens as they are rendered.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.warnings_ import MystWarnings

from .. import nodes as ghr
from .._memory.trees import take_apart
from ..course import CourseInfo
from ..i18n import check_message
from ..offline_math import KramdownMathRenderMixin
from .kramdown import KramdownRenderMixin
from .markers import MarkerRenderMixin


class CourseRenderer(MarkerRenderMixin, KramdownRenderMixin, KramdownMathRenderMixin, SphinxRenderer):
    """Render a gh-reveal course; set up by :class:`~sphinx_gh_reveal.parser.CourseParser`."""

    @property
    def course(self) -> CourseInfo:
        """The course's typed front matter, from the parser."""
        return self.md_options["gh_reveal_course"]

    @property
    def markers_in_code(self) -> bool:
        """Whether markers in code take effect (the original's behaviour)."""
        own = self.course.markers_in_code
        if own is not None:
            return own
        return bool(self.md_options.get("gh_reveal_markers_in_code", True))

    # -- the course as a whole -------------------------------------------

    def render(self, tokens, options, md_env) -> nodes.document:
        """As MyST renders, but the token list is handed over, not copied.

        A long course's tokens and their syntax tree are, with the doctree,
        the largest thing in memory while it is read; handing the list over
        lets :meth:`_render_tokens` free each block once it is rendered.
        """
        self.setup_render(options, md_env)
        self._render_initialise()
        self._render_tokens(tokens)
        self._render_finalise()
        return self.document

    def _render_tokens(self, tokens) -> None:
        """Render each top-level block as MyST does, then let its tokens go.

        MyST nests the whole token list into one syntax tree first; here each
        block gets a tree of its own, built just before it is rendered, so
        that only one block's tree is alive at a time.
        """
        for token in tokens:
            if token.map:  # docutils counts lines from 1, markdown-it from 0
                token.map = [token.map[0] + 1, token.map[1] + 1]
                for child in token.children or []:
                    child.map = token.map
        for start, end in _top_level_blocks(tokens):
            root = SyntaxTreeNode(tokens[start:end])
            tokens[start:end] = _NOTHING * (end - start)
            for block in root.children:
                rule = self.rules.get(f"render_{block.type}")
                if rule is not None:
                    rule(block)
                else:
                    self.create_warning(
                        f"No render method for: {block.type}",
                        MystWarnings.RENDER_METHOD,
                        line=token_line(block, default=0),
                        append_to=self.current_node,
                    )
            take_apart(root)
        tokens.clear()

    def _render_initialise(self) -> None:
        super()._render_initialise()
        self._include_stack = [Path(self.document["source"]).resolve()]

    def _render_finalise(self) -> None:
        if self.md_options.get("gh_reveal_message"):
            check_message(self.document)  # one translated message, no course around it
        else:
            self._wrap_in_course_section()
        super()._render_finalise()

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

    def update_section_level_state(self, section: nodes.section, level: int) -> None:
        """Nest sections as MyST does, without its heading-level warnings.

        In a course a heading is slide text at the level the author chose:
        ``###`` right after the title is normal, not a jump to report.
        """
        parent_level = max(lvl for lvl in self._level_to_section if level > lvl)
        self._level_to_section[parent_level].append(section)
        self._level_to_section[level] = section
        self._level_to_section = {
            lvl: sec for lvl, sec in self._level_to_section.items() if lvl <= level
        }

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
            paragraph = cast(nodes.paragraph, self.current_node[-1])  # appended just above
            paragraph["ghr_tight"] = True


_NOTHING = [None]


def _top_level_blocks(tokens) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each top-level block of a token list."""
    start = depth = 0
    for index, token in enumerate(tokens):
        depth += token.nesting
        if depth <= 0:
            yield start, index + 1
            start, depth = index + 1, 0
    if start < len(tokens):
        yield start, len(tokens)
