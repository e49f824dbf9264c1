"""What every family of course render methods shares: its base class and its options.

Each family (:mod:`.structure`, :mod:`.inline`, :mod:`.code`,
:mod:`.kramdown`) is a subclass of :class:`CourseRendererBase`, itself MyST's
Sphinx renderer, so that ``super()`` and every MyST method they use are
declared; :class:`~.course.CourseRenderer` combines them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docutils import nodes
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.warnings_ import MystWarnings

from .._memory.trees import take_apart
from ..config import Settings
from ..course import CourseInfo

#: The one key of ``MarkdownIt.options`` that holds :class:`CourseOptions`.
OPTIONS_KEY = "gh_reveal"


@dataclass(frozen=True)
class CourseOptions:
    """What a course render needs besides MyST's own options (set by the parser)."""

    settings: Settings
    course: CourseInfo
    """The course's checked front matter."""
    message: bool = False
    """Whether the text is one translated message of the course, not the course."""


class CourseRendererBase(SphinxRenderer):
    """MyST's Sphinx renderer, with the course's options typed."""

    @property
    def ghr(self) -> CourseOptions:
        """This render's :class:`CourseOptions`."""
        return self.md_options[OPTIONS_KEY]

    @property
    def course(self) -> CourseInfo:
        """The course's typed front matter."""
        return self.ghr.course

    @property
    def markers_in_code(self) -> bool:
        """Whether markers in code take effect: the course's choice, else the project's."""
        own = self.course.markers_in_code
        return self.ghr.settings.markers_in_code if own is None else own

    def _stamp(self, node: nodes.Node, token: SyntaxTreeNode, offset: int | None = None) -> None:
        """Source and line of ``token``, moved down to the line an inline token is on."""
        self.add_line_and_source_path(node, token)
        if offset is None:
            offset = token.meta.get("line_offset", 0)
        if offset and node.line is not None:
            node.line += offset

    def render_block(self, tokens: list[Token]) -> None:
        """Render the tokens of one top-level block (their lines already counted from 1).

        As MyST renders each child of its syntax tree, with its warning for a
        token no method renders; the block's tree is taken apart after.
        """
        root = SyntaxTreeNode(tokens)
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


def count_lines_from(tokens: list[Token], first: int) -> None:
    """Number the lines of ``tokens`` from ``first`` (markdown-it counts from 0).

    docutils counts from 1, as MyST converts them; a nested text's lines also
    start where the text does.
    """
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + first, token.map[1] + first]
            for child in token.children or []:
                child.map = token.map


def top_level_blocks(tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each top-level block of a token list."""
    start = depth = 0
    for index, token in enumerate(tokens):
        depth += token.nesting
        if depth <= 0:
            yield start, index + 1
            start, depth = index + 1, 0
    if start < len(tokens):
        yield start, len(tokens)
