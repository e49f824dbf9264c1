"""Give a course's doctree back to the allocator as soon as its page is written.

A doctree is a web of reference cycles (every node points to its parent), so
when Sphinx drops a written page's doctree, only a full run of Python's
cyclic garbage collector frees it. For a long course that is hundreds of
megabytes kept alive while the next pages are written, and the peak memory
of the build. So the doctree of a course page is held when its
``html-page-context`` fires, and taken apart once the page is surely done
(templates rendered, file written): when the next document is resolved or
the next page is written, or when the build ends. Reference counting then
frees it at once.

A doctree that someone else still holds (an extension that keeps the
doctrees it is given, to use them later) is never taken apart: it is left to
the collector, as without this module.
"""

from __future__ import annotations

import sys
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx

from ..course import is_course
from .trees import take_apart

#: The last written course's doctree, per application (tests run several).
_HELD: WeakKeyDictionary[Sphinx, nodes.document] = WeakKeyDictionary()
#: References to the page's doctree when the first html-page-context listener ran.
_BEFORE: WeakKeyDictionary[Sphinx, int] = WeakKeyDictionary()

#: First and last of all html-page-context listeners: what the listeners in
#: between keep of the doctree shows as references gained between the two.
FIRST, LAST = -(10**6), 10**6


def count_references_first(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    """``html-page-context``, first of all: how many references the page's doctree has."""
    if doctree is not None and is_course(app.env, pagename):
        _BEFORE[app] = sys.getrefcount(doctree)


def hold_written_course(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    """``html-page-context``, last of all: the previous page is done; hold this one.

    Only a course's doctree that no other listener kept is held: one that a
    listener stored (it has more references now than when the first
    listener ran) stays whole, and is left to the collector.
    """
    _release(app)
    before = _BEFORE.pop(app, None)
    if before is not None and doctree is not None and sys.getrefcount(doctree) <= before:
        _HELD[app] = doctree


def release_written_course(app: Sphinx, *args) -> None:
    """Take apart the course doctree held since its page was written, if any."""
    _release(app)


def _release(app: Sphinx) -> None:
    held = _HELD.pop(app, None)
    if held is not None:
        take_apart(held)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", count_references_first, priority=FIRST)
    # Last of all, so that every other listener sees the whole tree.
    app.connect("html-page-context", hold_written_course, priority=LAST)
    # The next document is being resolved: the held page is surely written.
    app.connect("doctree-resolved", release_written_course, priority=LAST)
    app.connect("build-finished", release_written_course, priority=100)
