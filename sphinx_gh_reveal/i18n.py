"""Translated courses: what gettext catalogs hold, and translations read back.

Sphinx translates a document at read time: its ``Locale`` transform
(priority 20) looks each message up in the catalog and parses the
``msgstr`` with the document's own parser, then puts the result in place of
the original text. For a course this module makes three things true:

* **The message a translator sees** (:class:`PrepareMessages`, priority 15;
  only in a gettext build or when ``Locale`` will find a catalog for the
  document, see :func:`~sphinx_gh_reveal._compat.finds_translation`).
  A message is the text of a paragraph, heading, list item, the title or the
  subtitle, as written. Inline markers that style an element or add an icon
  (``§fragment``, ``§fragment:N§;``, ``§icon:x§;``, ``§element:…§;``,
  ``§pelement:…§;``) stay in it, as written: the translator keeps them, and
  may move them where the translated sentence needs them. Markers that act
  on the slide (``§id``, ``§slide``) are taken out of the message and put
  back after the translation. A text that holds ``§new``, ``§break`` or
  ``§notes`` in mid-line is left out of the catalog (a cut cannot be
  translated), with a ``gh-reveal.i18n`` warning in the gettext build.
* **The msgstr is course text**: :func:`course_of_message` lets the parser
  read it with the gh-reveal rules, so its markers become the same nodes as
  the original's, and :func:`check_message` refuses a msgstr that would cut a
  slide or set a slide's id or attributes.
* **The markers survive** (:class:`RestoreMarkers`, priority 22, before
  :class:`~sphinx_gh_reveal.transforms.attach.AttachMarkers` at 250). A
  translation whose inline markers differ from the original's (one dropped,
  added, misspelt) is refused with a located ``gh-reveal.i18n`` warning, and
  the original text stays: the deck keeps the structure its author gave it.

Reach-in, checked with Sphinx 8.1.3 and 9.0.4: the msgstr is parsed into a
new document whose ``source`` is ``"<path>:<line>:<translated>"``
(``_publish_msgstr`` in ``sphinx/transforms/i18n.py`` in 9.0, ``publish_msgstr``
in 8.1); :data:`TRANSLATED_SUFFIX` is how a parser tells it apart. The path is
the course's also for a text of an included chapter: a refused msgstr is
matched back to its original by line and catalog entry
(:func:`~sphinx_gh_reveal._compat.catalog_message`), and located there.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

from . import nodes as ghr
from ._compat import catalog_message, finds_translation, reading_scratch
from .course import METADATA_KEY
from .current_builder import builder_of
from .syntax.scan import MARK, iter_markers
from .transforms.slides import course_section
from .warnings_ import WARNING_TYPE, GhRevealWarnings, logger, warn

#: How Sphinx names the document a msgstr is parsed into (see the docstring).
TRANSLATED_SUFFIX = ":<translated>"
#: Markers that act on the slide, not on text: never part of a message.
SLIDE_KINDS = ("id", "slide")
_COURSE_KEY = "gh-reveal course"
_SAVED_KEY = "gh-reveal messages"
_SAID_KEY = "gh-reveal said"


class MarkerWarningsOfMessages(logging.Filter):
    """Hold back marker warnings while a msgstr is read.

    Sphinx reads each msgstr twice, and locates what it reads at
    ``<path>:<line>:<translated>``; :class:`RestoreMarkers` reports a marker
    that a translation got wrong once, at the original's place.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            getattr(record, "type", None) == WARNING_TYPE
            and getattr(record, "subtype", None) != GhRevealWarnings.I18N.value
        )


@contextmanager
def reading_a_message():
    """While a msgstr is rendered: marker warnings wait for :class:`RestoreMarkers`."""
    held = MarkerWarningsOfMessages()
    logger.logger.addFilter(held)
    try:
        yield
    finally:
        logger.logger.removeFilter(held)


def remember_course(env: BuildEnvironment, info: Any, matter: dict | None) -> None:
    """Note that the document being read is a course (for its messages)."""
    reading_scratch(env)[_COURSE_KEY] = (info, matter)


def course_of_message(document: nodes.document) -> tuple[Any, dict | None] | None:
    """``(course info, front matter)`` when ``document`` is a msgstr of a course."""
    if not str(document.get("source") or "").endswith(TRANSLATED_SUFFIX):
        return None
    env = getattr(document.settings, "env", None)
    if env is None:
        return None
    return reading_scratch(env).get(_COURSE_KEY)


def _message_location(document: nodes.document) -> str:
    """``path:line`` of the original text a msgstr translates."""
    return str(document["source"])[: -len(TRANSLATED_SUFFIX)]


def check_message(document: nodes.document) -> None:
    """Refuse a msgstr that cuts a slide or sets slide markers; keep the original.

    Sphinx only uses a msgstr that parses into one paragraph (or title):
    leaving something else in ``document`` makes it keep the original text.
    """
    added = [
        node
        for node in document.findall(nodes.Element)
        if isinstance(node, ghr.ghr_structure)
        or (isinstance(node, ghr.ghr_marker) and node["kind"] in SLIDE_KINDS)
    ]
    if not added:
        return
    markers = [_written(node) for node in added]
    written = ", ".join(map(repr, markers))
    said = reading_scratch(document.settings.env).setdefault(_SAID_KEY, set())
    found = _originals_of(document, markers)
    fresh = [node for node in found if (id(node), written) not in said] or found
    original = fresh[0] if fresh else None
    # Sphinx parses a msgstr twice (names, then text): say it once.
    key = (id(original) if original is not None else _message_location(document), written)
    if key not in said:
        said.add(key)
        about = f" of {_excerpt(original.rawsource)!r}" if original is not None else ""
        warn(
            f"the translation{about} adds {written}: slide cuts, ids and slide attributes "
            "stay where the original has them and cannot be written in a translation; "
            "the original text is kept",
            GhRevealWarnings.I18N,
            location=original if original is not None else _message_location(document),
        )
    document.children = []
    document += nodes.container()


def _originals_of(document: nodes.document, markers: list[str]) -> list[nodes.TextElement]:
    """The texts of the course that the msgstr parsed into ``document`` may translate.

    Sphinx names the msgstr's document after the course's file and the
    original's line, also for a text of an included chapter, whose lines
    may be the course's own: these are the messages at that line whose
    translation in the catalog holds the ``markers`` found.
    """
    env = document.settings.env
    line = _message_location(document).rpartition(":")[2]
    found = []
    for node, _, _ in reading_scratch(env).get(_SAVED_KEY) or []:
        if str(node.line) != line:
            continue
        msgid = next((msg for n, msg in extract_messages(node) if n is node), "")
        msgstr = catalog_message(env, env.docname, msgid)
        if msgstr and all(marker in msgstr for marker in markers):
            found.append(node)
    return found


def _excerpt(text: str, width: int = 60) -> str:
    """The start of a message, on one line: enough for a translator to find it."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


class PrepareMessages(SphinxTransform):
    """Make each message of a course the text a translator translates."""

    # After PreserveTranslatableMessages (10), before Locale (20).
    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        course = course_section(self.document)
        if course is None:
            return
        # Checked after the course (a look at the top level), as it looks for files.
        catalog_build = builder_of(self.env).name == "gettext"
        if not catalog_build and not finds_translation(self.env, self.env.docname):
            return  # nothing will translate this course: its messages stay as read
        saved: list[tuple[nodes.TextElement, list[nodes.Node], list[ghr.ghr_marker]]] = []
        for found in course.findall(_is_message):
            node = cast(nodes.TextElement, found)  # what _is_message accepts is a TextElement
            if MARK not in node.rawsource:  # every marker node comes from a '§' of its text
                saved.append((node, list(node.children), []))
                continue
            if any(isinstance(n, ghr.ghr_structure) for n in node.findall(nodes.Element)):
                node["translatable"] = False
                if catalog_build:
                    warn(
                        "this text holds a slide cut ('§new', '§break' or '§notes') in "
                        "mid-line, so it is left out of the message catalog: put the "
                        "marker on a line of its own to translate the text around it",
                        GhRevealWarnings.I18N,
                        location=node,
                    )
                continue
            kept = [n for n in node.findall(ghr.ghr_marker) if n["kind"] in SLIDE_KINDS]
            if kept:
                node.rawsource = without_slide_markers(node.rawsource)
            saved.append((node, list(node.children), kept))
        reading_scratch(self.env)[_SAVED_KEY] = saved


class RestoreMarkers(SphinxTransform):
    """Check each translated message's markers; put the slide markers back."""

    # After Locale (20), before TranslationProgressTotaliser (25) counts.
    default_priority = 22

    def apply(self, **kwargs: Any) -> None:
        saved = reading_scratch(self.env).get(_SAVED_KEY)
        if not saved:
            return
        reading_scratch(self.env)[_SAVED_KEY] = None
        for node, old, kept in saved:
            if not node.get("translated") or _same(node.children, old):
                continue
            problem = _difference(_signature(old, kept), _signature(node.children))
            if problem:
                about = _excerpt(node.rawsource)
                warn(
                    f"the translation of {about!r} {problem}: a translation keeps "
                    "every inline marker of the original (it may move them); the "
                    "original text is kept",
                    GhRevealWarnings.I18N,
                    location=node,
                )
                node.children = []
                node.extend(old)
                node["translated"] = False
                continue
            for child in node.findall(nodes.Element, include_self=False):
                child.source, child.line = node.source, node.line
            node.extend(kept)
        self._translate_course_info()

    def _translate_course_info(self) -> None:
        """The courses index reads title and subtitle from the metadata."""
        course = course_section(self.document)
        info = self.env.metadata.get(self.env.docname, {}).get(METADATA_KEY)
        if course is None or not isinstance(info, dict):
            return
        for node in course.children[:2]:
            if isinstance(node, nodes.title) and node.get("translated"):
                info["title"] = node.astext()
            elif isinstance(node, ghr.ghr_subtitle) and node.get("translated"):
                info["subtitle"] = node.astext()


def _is_message(node: nodes.Node) -> bool:
    """A text Sphinx offers for translation (literal blocks and images aside)."""
    return (
        isinstance(node, nodes.TextElement)
        and not isinstance(node, (nodes.FixedTextElement, nodes.Inline))
        and bool(node.rawsource)
        and node.source is not None
        and node.get("translatable", True) is not False
    )


_BLANK_RUN = re.compile(r"[ \t]{2,}")


def without_slide_markers(text: str) -> str:
    """``text`` without its ``§id``/``§slide`` markers (escaped ones stay)."""
    pieces, last = [], 0
    for start, marker in iter_markers(text):
        if marker.kind not in SLIDE_KINDS or marker.error or text[start - 1 : start] == "\\":
            continue
        pieces.append(text[last:start])
        last = start + marker.end
    pieces.append(text[last:])
    joined = "".join(pieces)
    lines = [_BLANK_RUN.sub(" ", line).rstrip() for line in joined.split("\n")]
    return "\n".join(line for line in lines if line.strip()).strip()


def _same(now: list[nodes.Node], before: list[nodes.Node]) -> bool:
    return len(now) == len(before) and all(a is b for a, b in zip(now, before, strict=True))


def _written(node: nodes.Element) -> str:
    """A marker node as it is written in a course."""
    if isinstance(node, ghr.ghr_icon):
        return f"{MARK}icon:{node['name']}{MARK};"
    if isinstance(node, ghr.ghr_structure):
        return f"{MARK}{node['kind']}"
    return str(node.get("raw") or node.astext())


def _signature(children: list[nodes.Node], skip: Sequence[nodes.Node] = ()) -> Counter:
    """The markers in ``children``: what a translation must keep, as written."""
    skipped = {id(n) for n in skip}
    found: Counter = Counter()
    for child in children:
        for node in child.findall(include_self=True):
            if id(node) in skipped:
                continue
            if isinstance(node, ghr.ghr_marker):
                key = node["value"] if node["kind"] in ("fragment", "id") else node["attrs"]
                found[(node["kind"], repr(key)), _written(node)] += 1
            elif isinstance(node, (ghr.ghr_icon, ghr.ghr_structure)):
                found[(node.tagname, _written(node)), _written(node)] += 1
            elif isinstance(node, nodes.Text) and MARK in node and not _in_code(node):
                for _, marker in iter_markers(str(node)):
                    found[("text", marker.raw), marker.raw] += 1
    return found


def _in_code(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.literal, nodes.FixedTextElement)):
            return True
        parent = parent.parent
    return False


def _difference(expected: Counter, got: Counter) -> str:
    """How ``got`` differs from ``expected``, in words; empty when it does not."""
    expected_keys: Counter[tuple[str, str]] = Counter()
    got_keys: Counter[tuple[str, str]] = Counter()
    for (key, _), count in expected.items():
        expected_keys[key] += count
    for (key, _), count in got.items():
        got_keys[key] += count
    if expected_keys == got_keys:
        return ""
    written = {key: raw for (key, raw) in (*expected, *got)}
    dropped = expected_keys - got_keys
    added = got_keys - expected_keys
    parts = []
    if dropped:
        parts.append("drops " + ", ".join(repr(written[key]) for key in sorted(dropped)))
    if added:
        parts.append("adds " + ", ".join(repr(written[key]) for key in sorted(added)))
    return " and ".join(parts)


def setup_i18n(app: Sphinx) -> None:
    app.add_transform(PrepareMessages)
    app.add_transform(RestoreMarkers)
