"""Read time: put each ``§element``/``§pelement``/``§fragment`` on its element.

The rules are the original's (see the dialect page), expressed on the
doctree instead of on an HTML string:

* ``§element`` and ``§fragment`` go to the element that directly holds the
  marker: the paragraph, or the list item when the paragraph is the text of
  a tight list item, or the ``strong``/``emphasis``/heading it sits in;
* ``§pelement`` goes to the node just before the marker (skipping blank
  text and other markers); when the marker is alone in its paragraph, to the
  element before that paragraph (a table, a code block, an image's paragraph).

A paragraph left holding nothing but markers disappears; the ``§id`` and
``§slide`` markers it held take its place, for the slide transforms.
"""

from __future__ import annotations

from docutils import nodes
from docutils.transforms import Transform

from .. import nodes as ghr
from ..syntax.scan import ELEMENT_KINDS
from ..warnings_ import GhRevealWarnings, warn


class AttachMarkers(Transform):
    """Apply element markers, then drop paragraphs they leave empty."""

    # Before docutils' and Sphinx's reference and id transforms (>= 260),
    # so that every later transform sees the final tree.
    default_priority = 250

    def apply(self, **kwargs) -> None:
        cuts: list[ghr.ghr_structure] = []
        markers: list[ghr.ghr_marker] = []
        for node in self.document.findall(ghr.Placed):
            if isinstance(node, ghr.ghr_structure):
                cuts.append(node)
            elif isinstance(node, ghr.ghr_marker):
                markers.append(node)
        for cut in cuts:
            _move_out_of_table(cut)
        # Only a paragraph that held a marker can be left holding nothing else.
        held = {id(m.parent): m.parent for m in markers if isinstance(m.parent, nodes.paragraph)}
        for marker in markers:
            if marker["kind"] in ELEMENT_KINDS:
                self._attach(marker)
        for paragraph in held.values():
            _dissolve_if_only_markers(paragraph)

    def _attach(self, marker: ghr.ghr_marker) -> None:
        if marker["kind"] == "pelement":
            target = _previous_element(marker)
        else:
            target = _holder(marker)
        if target is None:
            warn(
                f"{marker['raw']!r} has no element before it to apply to; "
                "put it on the line after the element it styles",
                GhRevealWarnings.TARGET,
                location=marker,
            )
        elif marker["attrs"]:
            ghr.add_attrs(target, marker["attrs"])
        _remove_keeping_text_tidy(marker)


def _move_out_of_table(cut: nodes.Element) -> None:
    """A cut inside a table cell moves to just after the table: a table cannot be split."""
    table = next((a for a in _ancestors(cut) if isinstance(a, nodes.table)), None)
    if table is None:
        return
    warn(
        f"'§{cut['kind']}' inside a table cell: the slide is cut after the table",
        GhRevealWarnings.MARKER,
        location=cut,
    )
    cut.parent.remove(cut)
    table.parent.insert(table.parent.index(table) + 1, cut)


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def _remove_keeping_text_tidy(marker: nodes.Element) -> None:
    """Remove a marker; a marker that ended its text leaves no trailing space."""
    parent = marker.parent
    index = parent.index(marker)
    parent.remove(marker)
    if all(_is_blank(n) and not isinstance(n, nodes.Text) for n in parent.children[index:]):
        before = parent.children[index - 1] if index else None
        if isinstance(before, nodes.Text) and before.astext() != before.astext().rstrip():
            parent.replace(before, nodes.Text(before.astext().rstrip()))


def _is_blank(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Text):
        return not node.astext().strip()
    return isinstance(node, ghr.ghr_marker)


def _holder(marker: nodes.Element) -> nodes.Element:
    """The element that directly holds ``marker``, as a browser would see it."""
    parent = marker.parent
    if isinstance(parent, nodes.paragraph) and _is_tight_item_text(parent):
        return parent.parent
    if isinstance(parent, nodes.paragraph) and isinstance(parent.parent, nodes.entry):
        return parent.parent  # kramdown writes a cell's text straight in <td>
    return parent


def _is_tight_item_text(paragraph: nodes.paragraph) -> bool:
    """A tight list item's text renders as ``<li>text</li>``: the ``<li>`` is the holder."""
    item = paragraph.parent
    return (
        isinstance(item, nodes.list_item)
        and item.index(paragraph) == 0
        and bool(paragraph.get("ghr_tight"))
    )


def _previous_element(marker: nodes.Element) -> nodes.Element | None:
    parent = marker.parent
    index = parent.index(marker)
    for sibling in reversed(parent.children[:index]):
        if _is_blank(sibling):
            continue
        if isinstance(sibling, nodes.Element):
            return sibling
        break  # plain text right before the marker: nothing to style
    if isinstance(parent, nodes.paragraph) and all(_is_blank(n) for n in parent.children):
        holder = parent.parent if _is_tight_item_text(parent) else parent
        return _previous_block(holder)
    return None


def _previous_block(node: nodes.Element) -> nodes.Element | None:
    """The block element before ``node``, skipping empty paragraphs and markers."""
    parent = node.parent
    if parent is None:
        return None
    index = parent.index(node)
    for sibling in reversed(parent.children[:index]):
        if isinstance(sibling, (ghr.ghr_structure, nodes.target, nodes.comment)):
            if isinstance(sibling, ghr.ghr_structure):
                return None  # never reach back over a slide boundary
            continue
        if isinstance(sibling, nodes.paragraph) and all(_is_blank(n) for n in sibling.children):
            continue
        if (
            isinstance(sibling, nodes.paragraph)
            and len(sibling) == 1
            and isinstance(sibling[0], nodes.image)
        ):
            return sibling[0]  # an image on its own line: style the image
        if isinstance(sibling, ghr.ghr_subtitle) or (
            isinstance(sibling, nodes.title) and parent.get("ghr_course")
        ):
            return None  # the front matter title is not course text
        if isinstance(sibling, nodes.Element):
            return sibling
    return None


def _dissolve_if_only_markers(paragraph: nodes.paragraph) -> None:
    """Replace a paragraph of markers alone by its ``§id``/``§slide`` markers."""
    if paragraph.parent is None or not all(_is_blank(n) for n in paragraph.children):
        return
    if paragraph["classes"] or paragraph.get(ghr.ATTRS_KEY) or paragraph["ids"]:
        return  # a marker styled this very paragraph: keep it
    kept = [n for n in paragraph.children if isinstance(n, nodes.Element)]
    paragraph.parent.replace(paragraph, kept)
