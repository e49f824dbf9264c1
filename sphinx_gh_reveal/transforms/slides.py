"""Cut a course into slides: the format-neutral algorithm both outputs share.

The original cut the rendered HTML as a string at each structure marker,
wherever it stood. :func:`hoist_cuts` does the same on the doctree: a marker
inside a list item or a paragraph splits each element around it, so that it
ends up between blocks, where :func:`cut_into_slides` can read the course as
one flat run of blocks.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from docutils import nodes

from .. import nodes as ghr


@dataclass
class SlidePart:
    """One vertical slide while cutting: its blocks and its notes."""

    body: list[nodes.Node] = field(default_factory=list)
    notes: list[nodes.Node] | None = None


def course_section(document: nodes.document) -> nodes.section | None:
    """The section the renderer wrapped the course in, if this is a course."""
    for child in document.children:
        if isinstance(child, nodes.section) and child.get("ghr_course"):
            return child
    return None


def course_sections(document: nodes.document) -> list[nodes.section]:
    """Every course in ``document``: one, or several in a ``singlehtml`` build."""
    return [node for node in document.findall(nodes.section) if node.get("ghr_course")]


def free_slide_ids(course: nodes.section) -> list[ghr.ghr_marker]:
    """The course's ``§id`` markers whose id no element has; the others are dropped.

    The pages and the builders without pages each place these ids in their
    own way (an anchor, a label); an id a heading or an element already
    has needs no second place.
    """
    taken = {
        i
        for node in course.findall(nodes.Element)
        if not isinstance(node, ghr.ghr_marker)
        for i in node["ids"]
    }
    free = []
    for marker in list(course.findall(ghr.ghr_marker)):
        if marker["kind"] != "id":
            continue
        if marker["value"] in taken:
            marker.parent.remove(marker)
        else:
            taken.add(marker["value"])
            free.append(marker)
    return free


def hoist_cuts(course: nodes.section) -> None:
    """Move every structure marker up to section level, splitting its ancestors.

    One level at a time: every element holding cuts is split at all of
    them in one pass, and each parent gets its new children at once, so
    that many cuts in one paragraph cost no more than a walk of it.
    """
    cuts = list(course.findall(ghr.ghr_structure))
    while True:
        holders: dict[int, nodes.Element] = {}
        for cut in cuts:
            if not isinstance(cut.parent, nodes.section):
                holders.setdefault(id(cut.parent), cut.parent)
        if not holders:
            return
        by_grand: dict[int, tuple[nodes.Element, dict[int, list[nodes.Node]]]] = {}
        for holder in holders.values():
            grand = holder.parent
            pieces = _split_at_cuts(holder)
            by_grand.setdefault(id(grand), (grand, {}))[1][id(holder)] = pieces
        for grand, replaced in by_grand.values():
            children = [piece for c in grand.children for piece in replaced.get(id(c), (c,))]
            del grand.children[:]
            grand.extend(children)


def _split_at_cuts(holder: nodes.Element) -> list[nodes.Node]:
    """What takes ``holder``'s place: its pieces between its cuts, and the cuts.

    ``## Title §new``: the heading stays whole and the cut follows it. Any
    other element is split: the first piece is ``holder`` itself, the others
    copies of it without its ids; a piece of blank text is dropped, but for
    the last.
    """
    cuts = [c for c in holder.children if isinstance(c, ghr.ghr_structure)]
    if isinstance(holder, nodes.title):
        rest = [c for c in holder.children if not isinstance(c, ghr.ghr_structure)]
        del holder.children[:]
        holder.extend(rest)
        return [holder, *cuts]
    segments: list[list[nodes.Node]] = [[]]
    for child in holder.children:
        if isinstance(child, ghr.ghr_structure):
            segments.append([])
        else:
            segments[-1].append(child)
    del holder.children[:]
    holder.extend(segments[0])
    pieces: list[nodes.Node] = [holder] if _has_text(segments[0]) else []
    for number, (cut, tail) in enumerate(zip(cuts, segments[1:], strict=True), start=1):
        pieces.append(cut)
        if not tail or (number < len(cuts) and not _has_text(tail)):
            continue
        right = holder.__class__()
        right.attributes = copy.deepcopy(holder.attributes)
        right["ids"] = []
        right.source, right.line = holder.source, cut.line
        right.extend(tail)
        pieces.append(right)
    return pieces


def _has_text(children: list[nodes.Node]) -> bool:
    return any(not _blank_text(n) for n in children)


def _blank_text(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Text) and not node.astext().strip()


def flatten_sections(container: nodes.Element) -> list[nodes.Node]:
    """The course as a flat run of blocks; each section becomes a heading.

    Headings never split slides, so the section tree MyST built from them
    only gets in the way of cutting at markers.
    """
    blocks: list[nodes.Node] = []
    for child in container.children:
        if not isinstance(child, nodes.section):
            blocks.append(child)
            continue
        title = child.next_node(nodes.title) if child.children else None
        if title is not None and title.parent is child:
            heading = ghr.ghr_heading(level=child.get("ghr_level", 2))
            heading["ids"] = list(child["ids"]) + list(title["ids"])
            heading["classes"] = list(title["classes"])
            if title.get(ghr.ATTRS_KEY):
                heading[ghr.ATTRS_KEY] = copy.deepcopy(title[ghr.ATTRS_KEY])
            heading.source, heading.line = title.source, title.line
            heading.extend(title.children)
            blocks.append(heading)
            rest = nodes.Element()
            rest.children = [c for c in child.children if c is not title]
            blocks.extend(flatten_sections(rest))
        else:
            blocks.extend(flatten_sections(child))
    return blocks


def cut_into_slides(blocks: list[nodes.Node]) -> list[list[SlidePart]]:
    """Group blocks into stacks (``§new``) of slides (``§break``) with notes."""
    stacks: list[list[SlidePart]] = [[SlidePart()]]
    for block in blocks:
        if not isinstance(block, ghr.ghr_structure):
            part = stacks[-1][-1]
            (part.body if part.notes is None else part.notes).append(block)
            continue
        kind = block["kind"]
        if kind == "new":
            stacks.append([SlidePart()])
        elif kind == "break":
            stacks[-1].append(SlidePart())
        else:
            part = stacks[-1][-1]
            if part.notes is None:  # a second '§notes' (checks.py warns) goes on
                part.notes = []
    return stacks


def apply_slide_markers(
    slide: nodes.Element,
    seen_ids: dict[str, nodes.Node],
    markers: list[nodes.Element],
) -> None:
    """Move the slide's ``§id`` and ``§slide`` markers (``markers``, in order) onto it."""
    for marker in markers:
        if marker["kind"] == "id":
            value = marker["value"]
            if value in seen_ids:
                pass  # a duplicate (checks.py warns at read time) is dropped
            elif not slide["ids"] or slide["ids"][0] != value:
                seen_ids[value] = marker
                slide["ids"].insert(0, value)
        elif marker["kind"] == "slide":
            ghr.add_attrs(slide, marker["attrs"])
            if marker.get(ghr.FILES_KEY):
                slide.setdefault(ghr.FILES_KEY, {}).update(marker[ghr.FILES_KEY])
        marker.parent.remove(marker)
