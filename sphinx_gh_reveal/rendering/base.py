"""The base the course renderer's mixins are written against.

The mixins of :mod:`~sphinx_gh_reveal.rendering` extend MyST's
``SphinxRenderer`` and call each other (the kramdown links are stamped by the
marker mixin, the marker mixin reads ``markers_in_code`` and the include
stack of :class:`~sphinx_gh_reveal.rendering.course.CourseRenderer`).
:class:`CourseRendererBase` declares that for the type checker. At run time
it is ``object``: :class:`~sphinx_gh_reveal.rendering.course.CourseRenderer`
puts ``SphinxRenderer`` last in its bases, after the mixins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from abc import abstractmethod
    from pathlib import Path

    from docutils import nodes
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

    class CourseRendererBase(SphinxRenderer):
        """MyST's Sphinx renderer and what the course renderer adds to it."""

        #: The chapters being included, outermost first (set for each document).
        _include_stack: list[Path]

        @property
        @abstractmethod
        def markers_in_code(self) -> bool:
            """Whether markers in code take effect (the course renderer's)."""

        @abstractmethod
        def _stamp(
            self, node: nodes.Node, token: SyntaxTreeNode, offset: int | None = None
        ) -> None:
            """Source and line of ``token`` on ``node`` (the marker mixin's)."""

else:
    CourseRendererBase = object
