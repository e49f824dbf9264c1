"""Write time, revealjs builders: turn the course into title slide and stacks.

Runs only for ``revealjs`` and ``dirrevealjs``. Their ``format`` is
``html``, so selecting by format would also turn the html pages into decks.
The result is drawn in :mod:`sphinx_gh_reveal.nodes`.
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
        stacks.append(stack)
    _settle_ids_and_links(found, seen_ids)
    # Not replace_self: it would hand the course section's id (made from the
    # title) to the title slide, which the original never gave one and which
    # an author's '§id' could repeat.
    course.parent.replace(course, [title_slide, *stacks])


class _Found:
    """What the deck settles once every slide is cut, gathered in one walk per slide."""

    def __init__(self) -> None:
        self.headings: list[nodes.Element] = []

    def collect(self, slide: nodes.Element) -> list[nodes.Element]:
        """Note the slide's headings; return its markers."""
        markers: list[nodes.Element] = []
        for node in slide.findall(nodes.Element):
            if isinstance(node, ghr.ghr_marker):
                markers.append(node)
            elif isinstance(node, ghr.ghr_heading):
                self.headings.append(node)
        return markers


def _settle_ids_and_links(found: _Found, seen_ids: dict[str, nodes.Node]) -> None:
    """Heading ids that repeat a slide id go.

    ``## Sommaire`` + ``§id:sommaire§;``: the id belongs to the slide alone.
    Two elements with one id is invalid HTML, and ``#/sommaire`` must land on
    the slide, as in the original. A ``[x](#/id)`` link that no slide or
    heading of the course answers was reported at read time
    (:mod:`~sphinx_gh_reveal.transforms.checks`), whatever the builder.
    """
    if seen_ids:
        for heading in found.headings:
            heading["ids"] = [i for i in heading["ids"] if i not in seen_ids]
