"""Render the markers written in text (``§fragment``, ``§id:x§;``...) and the HTML they act on.

The nodes made here are the read-time nodes of :mod:`sphinx_gh_reveal.nodes`;
what a marker applies to is left to :mod:`sphinx_gh_reveal.transforms.attach`.
A marker that cannot be used is kept as text, with a located warning.
"""

from __future__ import annotations

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode

from .. import nodes as ghr
from ..safety import check_attribute
from ..syntax.scan import ATTR_KINDS, LEGACY_MARK, MARK, STRUCTURE_KINDS, Marker
from ..warnings_ import GhRevealWarnings, warn
from .base import CourseRendererBase


class InlineMarkerRenderer(CourseRendererBase):
    """``render_ghr_marker``, ``render_ghr_html`` and the legacy word for ``§``."""

    def render_ghr_marker(self, token: SyntaxTreeNode) -> None:
        node = self._marker_node(Marker(**_marker_fields(token.meta)), token)
        self.current_node.append(node)

    def render_ghr_html(self, token: SyntaxTreeNode) -> None:
        """Raw HTML tags that a marker acts on: one node around what they hold."""
        # A ghr_html node nests (syntax/html_elements.py): it has both tokens.
        opening, closing = token.nester_tokens  # type: ignore[misc]
        node = ghr.ghr_html_element(tag=opening.tag, start=opening.content, end=closing.content)
        self._stamp(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def render_text(self, token: SyntaxTreeNode) -> None:
        self.current_node.append(nodes.Text(token.content.replace(LEGACY_MARK, MARK)))

    def _marker_node(
        self, marker: Marker, token: SyntaxTreeNode, offset: int | None = None
    ) -> nodes.Node:
        """The node standing for ``marker``: kept text if it is unusable."""
        located = nodes.Element()  # stamped first: it is the warnings' location
        self._stamp(located, token, offset)
        if marker.kind == "unknown" or marker.error:
            hint = " (write \\§ for a literal §)" if marker.kind == "unknown" else ""
            subtype = (
                GhRevealWarnings.ATTRS if marker.kind in ATTR_KINDS else GhRevealWarnings.MARKER
            )
            warn(f"{marker.error}{hint}", subtype, location=located)
            return nodes.Text(marker.raw)
        node: nodes.Element
        if marker.kind in STRUCTURE_KINDS:
            node = ghr.ghr_structure(marker.raw, kind=marker.kind)
        elif marker.kind == "icon":
            label = dict(marker.attrs).get("aria-label", "")
            # A label is the author's text: text builders write it, HTML says it.
            node = ghr.ghr_icon(
                "", *([nodes.Text(label)] if label else []), name=marker.value, label=label
            )
        else:
            node = ghr.ghr_marker(
                marker.raw,
                raw=marker.raw,
                kind=marker.kind,
                value=marker.value,
                attrs=self._safe_attrs(marker, located),
            )
        node.source, node.line = located.source, located.line
        return node

    def _safe_attrs(self, marker: Marker, location: nodes.Element) -> list[list[str]]:
        """Refuse what could become script (see :mod:`~sphinx_gh_reveal.safety`), unless allowed."""
        if self.ghr.settings.allow_unsafe_attributes:
            return marker.attrs
        kept = []
        for name, value in marker.attrs:
            written, refused = check_attribute(name, value)
            if written is None:
                warn(
                    f"attribute {name}={value!r} of {marker.raw!r} was refused: {refused} "
                    "are off unless gh_reveal_allow_unsafe_attributes = True",
                    GhRevealWarnings.UNSAFE,
                    location=location,
                )
                continue
            kept.append([name, written])
        return kept


def _marker_fields(meta: dict) -> dict:
    return {key: meta[key] for key in ("kind", "raw", "value", "attrs", "error")}
