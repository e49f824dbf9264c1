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
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx

from .course import is_course

#: The last written course's doctree, per application (tests run several).
_HELD: WeakKeyDictionary[Sphinx, nodes.document] = WeakKeyDictionary()


def hold_written_course(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    """``html-page-context``: the previous page is done; hold this one if it is a course."""
    release_written_course(app)
    if doctree is not None and is_course(app.env, pagename):
        _HELD[app] = doctree


def release_written_course(app: Sphinx, *args) -> None:
    """Take apart the course doctree held since its page was written, if any."""
    held = _HELD.pop(app, None)
    if held is not None:
        take_apart(held)


def take_apart(root) -> None:
    """Break every parent/child link under ``root``; its nodes are unusable after.

    Any tree whose nodes have ``parent`` and (leaves excepted) ``children``:
    a doctree, or a markdown-it syntax tree once rendered.
    """
    stack = [root]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children:
            stack.extend(children)
            node.children = []
        node.parent = None


def setup_release(app: Sphinx) -> None:
    app.connect("html-page-context", hold_written_course)
    app.connect("doctree-resolved", release_written_course)
    app.connect("build-finished", release_written_course)
