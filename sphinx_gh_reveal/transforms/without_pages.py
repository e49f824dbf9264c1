"""Write time, builders without html pages: a course as a document to read.

LaTeX (a PDF), texinfo, man, text, linkcheck and the others have no pages
and no decks, so what only a browser can follow is made into what they
can:

* a ``§id`` names its slide: the slide's section (it was written before
  the slide's heading), or a target where it stands;
* a link to a document of the project (``two.html#/part``, ``two.md``) and
  a ``#/id`` link to a slide of the course become the builder's internal
  references to that document or slide (a cross-reference in a PDF); a
  slide given by number (``#/2/1``), or a document the output leaves out,
  keeps its text without the link. linkcheck then no longer reports them
  as broken files;
* an icon becomes its label, set apart by spaces
  (``me§icon:at|at§;example.org`` reads ``me at example.org``), since there
  is no picture to show; an unlabelled one written between two words
  (``me§icon:at§;example.org``) stands for one, its name; any other is
  decorative, and left out.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import nodes as ghr
from ..current_builder import builder_of
from .slides import course_sections, free_slide_ids


class CourseWithoutPages(SphinxPostTransform):
    """Outside html: slide ids, course links and icons as the builder can write them."""

    default_priority = 15

    def is_supported(self) -> bool:
        # gettext's catalogs hold the course's text as written, markers and all.
        builder = builder_of(self.env)
        return builder.format != "html" and builder.name != "gettext"

    def run(self, **kwargs) -> None:
        for course in course_sections(self.document):
            _slide_ids_as_targets(course)
            _icons_as_words(course)
        builder = builder_of(self.env)
        for ref in list(self.document.findall(nodes.reference)):
            docname = ref.get("ghr_page_link")
            if docname is not None and docname in self.env.all_docs:
                try:
                    uri = builder.get_relative_uri(self.env.docname, docname)
                except NoUri:
                    _unlink(ref)
                    continue
                _, _, fragment = ref["refuri"].partition("#")
                self._point(ref, uri, fragment)
            elif "ghr_slide_link" in ref:
                self._point(ref, "", "/" + ref["ghr_slide_link"])

    @staticmethod
    def _point(ref: nodes.reference, uri: str, fragment: str) -> None:
        """``uri``, at the slide a deck-form ``fragment`` (``/part``) names."""
        target = fragment.removeprefix("/")
        if fragment.startswith("/") and (not target or target[0].isdigit()):
            _unlink(ref)  # a slide by its number: only a deck has it
            return
        page = uri.partition("#")[0]
        ref["refuri"] = f"{page}#{target}" if target else (uri or "#")
        ref["internal"] = True


def _slide_ids_as_targets(course: nodes.section) -> None:
    """Each ``§id`` names its slide's section, or the place it stands.

    An id written before a slide's heading (``§new``, ``§id:part§;``, then
    ``## Part``) is the section's, as a target before a heading is in
    docutils (the LaTeX writer labels the section, not a target in front of
    it); any other becomes a target where it stands. An id an element
    already has is dropped.
    """
    for marker in free_slide_ids(course):
        following = _next_content(marker)
        if isinstance(following, nodes.section):
            following["ids"].append(marker["value"])
            marker.parent.remove(marker)
        else:
            marker.replace_self(nodes.target("", "", ids=[marker["value"]]))


def _next_content(node: nodes.Node) -> nodes.Node | None:
    """The node after ``node`` in reading order, cuts and markers skipped."""
    following = node.next_node(descend=False, ascend=True)
    while isinstance(following, (ghr.ghr_structure, ghr.ghr_marker)):
        following = following.next_node(descend=False, ascend=True)
    return following


def _unlink(ref: nodes.reference) -> None:
    """Keep the link's text, not the link."""
    ref.replace_self(ref.children[:] or [nodes.Text("")])


def _icons_as_words(course: nodes.section) -> None:
    """Each icon as its label; an unlabelled one between two words as its name, else nothing."""
    for icon in list(course.findall(ghr.ghr_icon)):
        before = icon.previous_sibling()
        after = icon.next_node(descend=False, siblings=True)
        glued_before = isinstance(before, nodes.Text) and not before[-1:].isspace()
        glued_after = isinstance(after, nodes.Text) and not after[:1].isspace()
        words = icon.astext() or (icon["name"] if glued_before and glued_after else "")
        if not words:
            if isinstance(after, nodes.Text) and not glued_before:
                after.parent.replace(after, nodes.Text(after.lstrip()))  # no space left twice
            icon.parent.remove(icon)
            continue
        words = (" " if glued_before else "") + words + (" " if glued_after else "")
        icon.replace_self(nodes.Text(words))
