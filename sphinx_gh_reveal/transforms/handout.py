"""Write time, html builders: the course as a readable page (the handout).

The page keeps the course's headings as sections (so the page's table of
contents and the search index work) and adds what a reader needs:

* ``[x](#/id)``, and ``other.html#/id`` when ``other`` is a document of the
  project (whose page :mod:`.page_links` found), point at the slide's anchor
  on the page; other links are left as written;
* a ``§id`` that a heading already answers adds no second element with that id;
* speaker notes are shown as ``gh_reveal_handout_notes`` says: collapsed
  under "Speaker notes", as an admonition, or not at all;
* a "View as slides" link leads to the deck written alongside.
"""

from __future__ import annotations

import re
from collections.abc import Container

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from .. import nodes as ghr
from ..config import settings_of
from ..course import course_info
from ..current_builder import builder_of
from ..locale import _, language_tag
from .deck import DECK_BUILDERS
from .slides import course_sections, free_slide_ids, hoist_cuts

#: The html builders that write course pages (and decks alongside them).
PAGE_BUILDERS = ("html", "dirhtml", "singlehtml")
_SLIDE_LINK = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.-]*:)([^#]*)#/(?!\d)")


class BuildHandout(SphinxPostTransform):
    """Turn a course's read-time tree into the page readers see."""

    formats = ("html",)
    # After Sphinx resolves references (10), like the deck transform.
    default_priority = 20

    def is_supported(self) -> bool:
        return super().is_supported() and builder_of(self.env).name not in DECK_BUILDERS

    def run(self, **kwargs) -> None:
        settings = settings_of(self.env.config)
        for course in course_sections(self.document):
            free_slide_ids(course)  # the rest are written as anchors
            _point_slide_links_at_anchors(course, self.env.all_docs)
            hoist_cuts(course)
            _show_notes(course, settings.handout_notes)
            _mark_language(course, self.env, self.config)
            if builder_of(self.env).name in PAGE_BUILDERS and settings.slides_alongside:
                course.insert(_after_titles(course), self._slides_link(course["ghr_docname"]))

    def _slides_link(self, docname: str) -> nodes.paragraph:
        builder = builder_of(self.env)
        # The page showing the link: in singlehtml, the one page of the build.
        page = builder.get_target_uri(self.env.docname).split("#")[0] or "index.html"
        deck = f"{settings_of(self.env.config).slides_folder}/{docname}.html"
        link = nodes.reference("", _("View as slides"), refuri=relative_uri(page, deck))
        link["classes"].append("ghr-view-slides")
        paragraph = nodes.paragraph("", "", link, classes=["ghr-view-slides"])
        # The link's words are in the build's language, maybe not the course's.
        paragraph[ghr.ATTRS_KEY] = [["lang", language_tag(self.config.language)]]
        return paragraph


def _mark_language(course: nodes.section, env, config) -> None:
    """``lang`` on the course's part of the page: its own, else the build's."""
    info = course_info(env, course["ghr_docname"])
    lang = language_tag((info.lang if info else "") or config.language)
    written: list[list[str]] = course.get(ghr.ATTRS_KEY, [])
    pairs = [pair for pair in written if pair[0] != "lang"]
    course[ghr.ATTRS_KEY] = [*pairs, ["lang", lang]]


def _point_slide_links_at_anchors(course: nodes.section, docnames: Container[str]) -> None:
    for ref in course.findall(nodes.reference):
        uri = ref.get("refuri", "")
        to_a_slide = "ghr_slide_link" in ref or ref.get("ghr_page_link") in docnames
        if to_a_slide and "#/" in uri:
            ref["refuri"] = _SLIDE_LINK.sub(r"\1#", uri, count=1)


def _show_notes(course: nodes.section, how: str) -> None:
    """Gather what follows each ``§notes`` up to the next cut, and present it."""
    for marker in list(course.findall(ghr.ghr_structure)):
        if marker["kind"] != "notes" or marker.parent is None:
            continue
        parent = marker.parent
        index = parent.index(marker)
        taken = []
        for sibling in parent.children[index + 1 :]:
            if isinstance(sibling, (ghr.ghr_structure, nodes.section)):
                break
            taken.append(sibling)
        for node in taken:
            parent.remove(node)
        if how == "hidden" or not taken:
            continue
        box: nodes.Element
        if how == "admonition":
            box = nodes.admonition(
                "", nodes.title("", _("Speaker notes")), *taken, classes=["ghr-notes"]
            )
        else:
            box = ghr.ghr_handout_notes("", *taken)
        parent.insert(index + 1, box)


def _after_titles(course: nodes.section) -> int:
    index = 1
    while index < len(course) and isinstance(course[index], ghr.ghr_subtitle):
        index += 1
    return index
