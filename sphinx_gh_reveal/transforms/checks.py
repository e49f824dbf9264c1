"""Read time: the checks that need the whole course, whatever the builder.

Duplicate ``§id``, a ``§notes`` twice in one slide and ``#/id`` links that no
slide answers used to be found while a deck was cut, so only the revealjs
builders (and the decks written alongside) reported them. They are found
here, once per read of the document, after :class:`AttachMarkers` and the
id transforms: a
``-b html``, ``-b text``, ``-b gettext`` build and ``check`` see the same
warnings, ``-j`` reports them once (Sphinx replays a worker's read-time
warnings), and a course re-read because a chapter changed reports them again.

The deck is cut from the same tree later and no longer warns; the rules
here are the deck's own (see :mod:`~sphinx_gh_reveal.transforms.deck`):

* slides are cut at every ``§new`` and ``§break``, in document order (which
  :func:`~sphinx_gh_reveal.transforms.slides.hoist_cuts` keeps);
* a ``§id`` value is the id of one slide: any later ``§id`` with the same
  value in the course is a duplicate;
* a ``#/id`` link is dead unless some ``§id``, or some element of the
  course's body (a heading, a ``(label)=`` target...), has that id; the
  course title and subtitle are the title slide's, not the body's.

A link to a slide of another course, ``two.html#/part``, is dead when the
project has no document ``two`` (next to the linking course), no source
file for it that the project builds (a chapter, left out by
``exclude_patterns``, has no page), and no file ``two.html`` in
``html_extra_path``; the slide itself is not looked for, since the other
course may not be read yet.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.transforms import Transform
from sphinx.environment import BuildEnvironment
from sphinx.util.matching import Matcher

from .. import nodes as ghr
from ..current_builder import builder_of
from ..warnings_ import GhRevealWarnings, warn
from .slides import course_section


class CheckCourse(Transform):
    """Report the course-wide problems of a course's read-time tree."""

    # After AttachMarkers (250), whose moves (a cut out of a table) decide
    # where slides are cut, and after every id is given: docutils'
    # PropagateTargets (260), Sphinx's SortIds (261), MyST's AddSlugIds (700),
    # so that a link to a heading's slug is known, as it is in the deck.
    default_priority = 750

    def apply(self, **kwargs) -> None:
        course = course_section(self.document)
        if course is not None:
            check_course(course, self.document.settings.env)


def check_course(course: nodes.section, env: BuildEnvironment) -> None:
    """Warn about doubled ``§notes``, duplicate ``§id`` and element ids, dead ``#/id`` links."""
    body = _body(course)
    slide_ids: set[str] = set()
    element_ids: set[str] = set()
    links: list[nodes.Element] = []
    other_courses: list[nodes.Element] = []
    with_ids: list[nodes.Element] = []
    in_notes = False
    for top in body:
        for node in top.findall(nodes.Element):
            if isinstance(node, ghr.ghr_structure):
                if node["kind"] != "notes":
                    in_notes = False
                elif in_notes:
                    warn(
                        "'§notes' a second time in one slide: the text after it stays in the "
                        "same notes (the original dropped the part in between)",
                        GhRevealWarnings.NOTES,
                        location=node,
                    )
                else:
                    in_notes = True
            elif isinstance(node, ghr.ghr_marker):
                if node["kind"] != "id":
                    continue
                value = node["value"]
                if value in slide_ids:
                    warn(
                        f"slide id {value!r} is already used by another slide of this course; "
                        "ids must be unique",
                        GhRevealWarnings.DUPLICATE_ID,
                        location=node,
                    )
                slide_ids.add(value)
            else:
                if node["ids"]:
                    element_ids.update(node["ids"])
                    with_ids.append(node)
                if isinstance(node, nodes.reference) and node.get("ghr_slide_link"):
                    links.append(node)
                elif node.get("ghr_page_link") and "#/" in node.get("refuri", ""):
                    other_courses.append(node)
    _check_element_ids(with_ids, slide_ids)
    known = element_ids | slide_ids
    for ref in links:
        target = ref["ghr_slide_link"]
        first = target.split("/")[0]
        if not first.isdigit() and first not in known:
            warn(
                f"link to '#/{target}': no slide of this course has that id "
                f"(add '§id:{target}§;' to the slide, or fix the link)",
                GhRevealWarnings.LINK,
                location=ref,
            )
    for ref in other_courses:
        if not _published(ref["ghr_page_link"], env):
            warn(
                f"link to {ref['refuri']!r}: this project has no course or page "
                f"{ref['ghr_page_link']!r} (fix the link, or publish the file with "
                "html_extra_path); the link is written as it is",
                GhRevealWarnings.LINK,
                location=ref,
            )


def _check_element_ids(with_ids: list[nodes.Element], slide_ids: set[str]) -> None:
    """Warn about an element id that a slide or an earlier element of the deck already has.

    The deck (:mod:`~sphinx_gh_reveal.transforms.deck`) keeps each id once, a
    slide's first, then the first element's in the course; a heading's own id
    that repeats a slide's goes without a word, as the original had it.
    """
    owners: dict[str, nodes.Element | None] = dict.fromkeys(slide_ids)
    for node in with_ids:
        heading = isinstance(node, (nodes.section, nodes.title))
        for value in node["ids"]:
            if value not in owners:
                owners[value] = node
            elif owners[value] is not node and not (heading and value in slide_ids):
                what = "slide" if owners[value] is None else "element"
                warn(
                    f"id {value!r} is already used by another {what} of this course; "
                    "ids must be unique (the deck drops this element's id)",
                    GhRevealWarnings.DUPLICATE_ID,
                    location=node,
                )


def _published(docname: str, env: BuildEnvironment) -> bool:
    """Whether the site has ``docname.html``: a document, or a file of ``html_extra_path``.

    A source file counts even when this build does not read it: ``check``
    given one course (``include_patterns``) does not build the courses next
    to it. One that ``exclude_patterns`` leaves out, a chapter among them
    (:mod:`~sphinx_gh_reveal.chapters`), never has a page.
    """
    if docname in env.found_docs:
        return True
    excluded = Matcher(env.config.exclude_patterns)
    for suffix in env.config.source_suffix:
        source = docname + suffix
        if Path(env.srcdir, source).is_file() and not excluded(source):
            return True
    confdir = builder_of(env).confdir
    extra = getattr(env.config, "html_extra_path", [])
    return any(Path(confdir, folder, f"{docname}.html").is_file() for folder in extra)


def _body(course: nodes.section) -> list[nodes.Node]:
    """The course's children that become slides: all but its title and subtitles."""
    start = 1
    while start < len(course) and isinstance(course[start], ghr.ghr_subtitle):
        start += 1
    return [child for child in course.children[start:] if isinstance(child, nodes.Element)]
