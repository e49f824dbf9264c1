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


def hoist_cuts(course: nodes.section) -> None:
    """Move every structure marker up to section level, splitting its ancestors."""
    for marker in list(course.findall(ghr.ghr_structure)):
        while not isinstance(marker.parent, nodes.section):
            parent = marker.parent
            grand = parent.parent
            if isinstance(parent, nodes.title):
                # '## Title §new': cut right after the heading.
                parent.remove(marker)
                grand.insert(grand.index(parent) + 1, marker)
                continue
            index = parent.index(marker)
            tail = parent.children[index + 1 :]
            del parent.children[index:]
            position = grand.index(parent)
            grand.insert(position + 1, marker)
            if tail:
                right = parent.__class__()
                right.attributes = copy.deepcopy(parent.attributes)
                right["ids"] = []
                right.source, right.line = parent.source, marker.line
                right.extend(tail)
                grand.insert(position + 2, right)
            if not any(not _blank_text(n) for n in parent.children):
                grand.remove(parent)


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
