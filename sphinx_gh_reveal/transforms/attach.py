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

First, the cuts (``§new``, ``§break``, ``§notes``) that stand where a slide
cannot be cut are dealt with, each with a located warning. The slide
transforms split a paragraph, a list or a block quote around a cut, as the
original cut its HTML text; any other element (a table, an admonition, a
figure...) would come out broken, so a cut inside one moves to just after
it, the cuts of one element in the order they were written. A cut inside a
footnote has no effect: footnotes are not slide text; nor has a ``§id`` or
``§slide`` marker in a footnote, which is reported and taken out.
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
        moved: dict[int, int] = {}  # id of an element -> how many cuts moved after it
        for cut in cuts:
            _move_out_of_container(cut, moved)
        # Only a paragraph that held a marker can be left holding nothing else.
        held = {id(m.parent): m.parent for m in markers if isinstance(m.parent, nodes.paragraph)}
        markers = [m for m in markers if not _slide_marker_in_footnote(m)]
        applied = [m for m in markers if m["kind"] in ELEMENT_KINDS]
        siblings = _Siblings()
        for marker in applied:
            self._attach(marker, siblings)
        # All at once: one pass over each parent, however many markers it holds.
        _remove_keeping_text_tidy_all(applied)
        for paragraph in held.values():
            _dissolve_if_only_markers(paragraph)

    def _attach(self, marker: ghr.ghr_marker, siblings: _Siblings) -> None:
        if marker["kind"] == "pelement":
            target = _previous_element(marker, siblings)
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


#: What a cut may split in two: Markdown's own blocks and the text inside them.
_SPLITTABLE = (
    nodes.Inline,
    nodes.paragraph,
    nodes.title,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.list_item,
    nodes.block_quote,
)


def _move_out_of_container(cut: nodes.Element, moved: dict[int, int]) -> None:
    """Move a cut out of the outermost element it cannot split; drop it from a footnote.

    ``moved`` counts the cuts already moved after each element, so that the
    cuts of one table leave it in the order they were written.
    """
    outermost = None
    for ancestor in _ancestors(cut):
        if isinstance(ancestor, (nodes.section, nodes.document)):
            break
        if isinstance(ancestor, nodes.footnote):
            warn(
                f"'§{cut['kind']}' inside a footnote has no effect: "
                "a footnote is not cut into slides",
                GhRevealWarnings.MARKER,
                location=cut,
            )
            _remove_keeping_text_tidy(cut)
            return
        if not isinstance(ancestor, _SPLITTABLE):
            outermost = ancestor
    if outermost is None:
        return
    if isinstance(outermost, nodes.table):
        where, after = "a table cell", "the table"
    else:
        name = outermost.tagname.replace("_", " ")
        where, after = f"{'an' if name[0] in 'aeiou' else 'a'} {name}", f"the {name}"
    warn(
        f"'§{cut['kind']}' inside {where}: the slide is cut after {after}",
        GhRevealWarnings.MARKER,
        location=cut,
    )
    cut.parent.remove(cut)
    count = moved.get(id(outermost), 0)
    outermost.parent.insert(outermost.parent.index(outermost) + 1 + count, cut)
    moved[id(outermost)] = count + 1


def _slide_marker_in_footnote(marker: ghr.ghr_marker) -> bool:
    """Report and remove a ``§id`` or ``§slide`` marker of a footnote; whether it was one.

    A footnote is no slide: the marker would reach the page as a stray
    ``<span id>`` and the deck would drop it.
    """
    if marker["kind"] not in ("id", "slide") or not any(
        isinstance(a, nodes.footnote) for a in _ancestors(marker)
    ):
        return False
    warn(
        f"{marker['raw']!r} inside a footnote has no effect: a footnote is not a slide "
        "(write it on the slide instead)",
        GhRevealWarnings.MARKER,
        location=marker,
    )
    _remove_keeping_text_tidy(marker)
    return True


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


def _remove_keeping_text_tidy_all(markers: list[ghr.ghr_marker]) -> None:
    """Remove ``markers`` as :func:`_remove_keeping_text_tidy` one by one would, in one pass.

    Removed in order, the markers that end a parent strip the text before
    them when the first of that run of markers is one that goes.
    """
    groups: dict[int, tuple[nodes.Element, set[int]]] = {}
    for marker in markers:
        groups.setdefault(id(marker.parent), (marker.parent, set()))[1].add(id(marker))
    for parent, gone in groups.values():
        children = parent.children
        last = len(children) - 1
        while last >= 0 and isinstance(children[last], ghr.ghr_marker):
            last -= 1
        before = children[last] if last >= 0 else None
        ends_text = last + 1 < len(children) and id(children[last + 1]) in gone
        children[:] = [child for child in children if id(child) not in gone]
        if ends_text and isinstance(before, nodes.Text):
            text = before.astext()
            if text != text.rstrip():
                parent.replace(before, nodes.Text(text.rstrip()))


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


class _Siblings:
    """What lies before each marker among its siblings, found once per parent.

    The markers stay in the tree until every one is applied, so a parent's
    children do not change meanwhile.
    """

    def __init__(self) -> None:
        self._parents: dict[int, tuple[dict[int, nodes.Node | None], bool]] = {}

    def _scan(self, parent: nodes.Element) -> tuple[dict[int, nodes.Node | None], bool]:
        if id(parent) not in self._parents:
            before: dict[int, nodes.Node | None] = {}
            last = None  # the last sibling that is not blank text or a marker
            for child in parent.children:
                if isinstance(child, ghr.ghr_marker):
                    before[id(child)] = last
                elif not _is_blank(child):
                    last = child
            self._parents[id(parent)] = (before, last is None)
        return self._parents[id(parent)]

    def before(self, marker: ghr.ghr_marker) -> nodes.Node | None:
        """The last sibling before ``marker`` that is neither blank text nor a marker."""
        return self._scan(marker.parent)[0][id(marker)]

    def all_blank(self, parent: nodes.Element) -> bool:
        """Whether ``parent`` holds only blank text and markers."""
        return self._scan(parent)[1]


def _previous_element(marker: ghr.ghr_marker, siblings: _Siblings) -> nodes.Element | None:
    parent = marker.parent
    sibling = siblings.before(marker)
    if isinstance(sibling, nodes.Element):
        return sibling
    # Plain text right before the marker: nothing to style (and not all blank).
    if isinstance(parent, nodes.paragraph) and siblings.all_blank(parent):
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
