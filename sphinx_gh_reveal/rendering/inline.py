"""Render the markers written in text (``§fragment``, ``§id:x§;``...) and the HTML they act on.

The nodes made here are the read-time nodes of :mod:`sphinx_gh_reveal.nodes`;
what a marker applies to is left to :mod:`sphinx_gh_reveal.transforms.attach`.
A marker that cannot be used is kept as text, with a located warning.
Markers written in an image description act on the image (``render_image``).
"""

from __future__ import annotations

from collections.abc import Iterator

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

    def render_image(self, token: SyntaxTreeNode) -> None:
        """MyST's image; the markers of its description act on the image, or are reported.

        ``![Chart §fragment](chart.png)``: the image holds its description as
        a paragraph holds its text, so ``§fragment`` and ``§element`` style the
        ``<img>``, and ``§id``/``§slide`` act on the slide as anywhere in it.
        What cannot act from there (``§pelement``, ``§icon``, a cut) is
        reported. The alt text keeps the rest, and the markers in error as written.
        """
        super().render_image(token)
        found = [n for n in _descendants(token) if n.type in ("ghr_marker", "ghr_structure")]
        image = self.current_node[-1]
        if not isinstance(image, nodes.image):
            return
        if not found:  # MyST's alt text, with the legacy word as render_text writes it
            image["alt"] = image.get("alt", "").replace(LEGACY_MARK, MARK)
            return
        after: list[nodes.Node] = []
        for child in found:
            marker = Marker(**_marker_fields(child.meta))
            offset = token.meta.get("line_offset", 0) + child.meta.get("line_offset", 0)
            if marker.kind == "unknown" or marker.error or marker.kind in _SLIDE_KINDS:
                node = self._marker_node(marker, token, offset)
                if isinstance(node, ghr.ghr_marker):
                    after.append(node)
            elif marker.kind in _IMAGE_KINDS:
                image += self._marker_node(marker, token, offset)
            else:
                located = nodes.Element()
                self._stamp(located, token, offset)
                warn(
                    f"{marker.raw!r} has no effect inside an image description: "
                    f"{_NO_EFFECT[marker.kind]}",
                    GhRevealWarnings.MARKER,
                    location=located,
                )
        self.current_node.extend(after)
        image["alt"] = " ".join(_description(token.children).split())

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


#: Markers of an image description that style the image itself.
_IMAGE_KINDS = ("fragment", "element")
#: Markers of an image description that act on its slide.
_SLIDE_KINDS = ("id", "slide")
#: Why the other markers of an image description do nothing, and what to write.
_NO_EFFECT = {
    "pelement": "write it after the image to style the image",
    "icon": "an alt text cannot show an icon (its label, if any, stays in the text)",
    **dict.fromkeys(STRUCTURE_KINDS, "put it on a line of its own to cut the slide"),
}


def _descendants(token: SyntaxTreeNode) -> Iterator[SyntaxTreeNode]:
    for child in token.children:
        yield child
        yield from _descendants(child)


def _description(children: list[SyntaxTreeNode]) -> str:
    """An image's alt text, as MyST makes it, less the markers that were used.

    A marker in error stays as written, an icon's label is said instead of
    the icon, and a line break is a space.
    """
    text = ""
    for child in children:
        if child.type == "text":
            text += child.content.replace(LEGACY_MARK, MARK)  # as render_text writes it
        elif child.type in ("text_special", "section_ref"):
            text += child.content
        elif child.type in ("softbreak", "hardbreak"):
            text += " "
        elif child.type in ("ghr_marker", "ghr_structure"):
            meta = child.meta
            if meta["kind"] == "unknown" or meta["error"]:
                text += meta["raw"]
            else:
                label = dict(meta["attrs"]).get("aria-label", "")
                text += f" {label} " if label else ""
        else:
            text += _description(child.children)
    return text
