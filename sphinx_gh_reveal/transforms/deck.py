"""Write time, revealjs builders: turn the course into title slide and stacks.

Runs only for ``revealjs`` and ``dirrevealjs``. Their ``format`` is
``html``, so selecting by format would also turn the html pages into decks.
The result is drawn in :mod:`sphinx_gh_reveal.nodes`.

Footnotes: MyST gathers them at the end of the document, after the course,
which in a deck would put them outside every slide (over all of them, in a
browser). Each goes instead to the bottom of the first slide that refers to
it (into its notes when the reference is in the notes), under a rule, so
that it is read with the text it explains; a footnote nothing refers to goes
on the last slide. The html page keeps them where Sphinx puts them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import nodes as ghr
from .slides import (
    apply_slide_markers,
    course_section,
    cut_into_slides,
    flatten_sections,
    hoist_cuts,
)

DECK_BUILDERS = ("revealjs", "dirrevealjs")


class BuildDeck(SphinxPostTransform):
    """Replace the course section by a ``ghr_title_slide`` and ``ghr_stack`` nodes."""

    builders = DECK_BUILDERS
    # After Sphinx resolves references (10), so links inside slides are final.
    default_priority = 20

    def run(self, **kwargs) -> None:
        build_deck(self.document)


def build_deck(document: nodes.document) -> None:
    """Cut the course of ``document`` into slides, in place; other pages stay as they are."""
    course = course_section(document)
    if course is None:
        return
    footnotes, rule = _take_footnotes(document)
    hoist_cuts(course)
    title = course[0]
    subtitle = course[1] if len(course) > 1 and isinstance(course[1], ghr.ghr_subtitle) else None
    rest = nodes.Element()
    rest.children = course.children[2 if subtitle is not None else 1 :]
    blocks = flatten_sections(rest)

    title_slide = ghr.ghr_title_slide()
    heading = ghr.ghr_heading(level=1)
    heading.extend(title.children)
    title_slide += heading
    if subtitle is not None:
        title_slide += subtitle

    seen_ids: dict[str, nodes.Node] = {}
    found = _Found()
    stacks = []
    slides: list[nodes.Element] = []
    for parts in cut_into_slides(blocks):
        stack = ghr.ghr_stack()
        for part in parts:
            slide = ghr.ghr_slide()
            slide.extend(part.body)
            if part.notes is not None:
                notes = ghr.ghr_notes()
                notes.extend(part.notes)
                slide += notes
            apply_slide_markers(slide, seen_ids, found.collect(slide))
            stack += slide
            slides.append(slide)
        stacks.append(stack)
    _place_footnotes(footnotes, rule, slides or [title_slide])
    _settle_ids_and_links(found, seen_ids, [title_slide, *slides])
    # Not replace_self: it would hand the course section's id (made from the
    # title) to the title slide, which the original never gave one and which
    # an author's '§id' could repeat.
    course.parent.replace(course, [title_slide, *stacks])


class _Found:
    """What the deck settles once every slide is cut, gathered in one walk per slide."""

    def __init__(self) -> None:
        self.headings: list[nodes.Element] = []
        #: Every element of the slides that has an id, in the course's order.
        self.with_ids: list[nodes.Element] = []

    def collect(self, slide: nodes.Element) -> list[nodes.Element]:
        """Note the slide's headings and elements with ids; return its markers."""
        markers: list[nodes.Element] = []
        for node in slide.findall(nodes.Element):
            if isinstance(node, ghr.ghr_marker):
                markers.append(node)
                continue
            if isinstance(node, ghr.ghr_heading):
                self.headings.append(node)
            if node["ids"] and node is not slide:
                self.with_ids.append(node)
        return markers


def _settle_ids_and_links(
    found: _Found, seen_ids: dict[str, nodes.Node], slides: list[nodes.Element]
) -> None:
    """Heading ids that repeat a slide id go; so do other repeated ids.

    ``## Sommaire`` + ``§id:sommaire§;``: the id belongs to the slide alone.
    Two elements with one id is invalid HTML, and ``#/sommaire`` must land on
    the slide, as in the original. The same holds for an id an element was
    given (``§element:id=intro§;``): a slide's id stays the slide's, and of
    two elements with one id, the first in the course keeps it; the later
    one loses it (reported at read time, where it stands). A ``[x](#/id)`` link that
    no slide or heading of the course answers was reported at read time
    (:mod:`~sphinx_gh_reveal.transforms.checks`), whatever the builder.
    """
    if seen_ids:
        for heading in found.headings:
            heading["ids"] = [i for i in heading["ids"] if i not in seen_ids]
    owners: dict[str, nodes.Element] = {}
    for slide in slides:
        owners.update((i, slide) for i in slide["ids"])
    for node in found.with_ids:
        # Reported when the course was read (transforms/checks.py).
        for value in [i for i in node["ids"] if owners.setdefault(i, node) is not node]:
            node["ids"].remove(value)


def _take_footnotes(document: nodes.document) -> tuple[list[nodes.footnote], bool]:
    """Take out the footnotes MyST put after the course; and whether a rule was above them."""
    taken: list[nodes.footnote] = []
    rule = False
    for child in list(document.children):
        if isinstance(child, nodes.transition) and "footnotes" in child["classes"]:
            rule = True
            document.remove(child)
        elif isinstance(child, nodes.footnote):
            taken.append(child)
            document.remove(child)
    return taken, rule


def _place_footnotes(
    footnotes: list[nodes.footnote], rule: bool, slides: list[nodes.Element]
) -> None:
    """Put each footnote at the bottom of the first slide part that refers to it."""
    if not footnotes:
        return
    # The slide, or the slide's notes, where each footnote id is first referred to.
    holders: dict[str, nodes.Element] = {}
    for slide in slides:
        for ref in slide.findall(nodes.footnote_reference):
            holders.setdefault(ref.get("refid", ""), _part_of(ref, slide))
    groups: dict[int, tuple[nodes.Element, list[nodes.Node]]] = {}
    for footnote in footnotes:
        holder = next((holders[i] for i in footnote["ids"] if i in holders), slides[-1])
        groups.setdefault(id(holder), (holder, []))[1].append(footnote)
        for ref in footnote.findall(nodes.footnote_reference):  # a footnote's own footnotes
            holders.setdefault(ref.get("refid", ""), holder)
    for holder, group in groups.values():
        if rule:
            group.insert(0, nodes.transition(classes=["footnotes"]))
        ends_in_notes = bool(holder.children) and isinstance(holder.children[-1], ghr.ghr_notes)
        at = len(holder) - 1 if ends_in_notes else len(holder)
        holder[at:at] = group


def _part_of(node: nodes.Node, slide: nodes.Element) -> nodes.Element:
    """The slide's notes if ``node`` is in them, else the slide."""
    parent = node.parent
    while parent is not None and parent is not slide:
        if isinstance(parent, ghr.ghr_notes):
            return parent
        parent = parent.parent
    return slide
