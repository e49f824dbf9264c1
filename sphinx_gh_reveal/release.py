"""Give a course's doctree back to the allocator as soon as its page is written.

A doctree is a web of reference cycles (every node points to its parent), so
when Sphinx drops a written page's doctree, only a full run of Python's
cyclic garbage collector frees it. For a long course that is hundreds of
megabytes kept alive while the next pages are written, and the peak memory of
the build. Once every other listener of ``html-page-context`` has seen the
page (this one runs last), the tree is taken apart, so that reference
counting frees it the moment Sphinx lets it go.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .course import course_info

#: ``html-page-context`` priority: after every listener at the default (500).
PRIORITY = 990


def release_course_doctree(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    """Take a written course's doctree apart (see the module docstring)."""
    if doctree is None or course_info(app.env, pagename) is None:
        return
    take_apart(doctree)


def take_apart(root: nodes.Element) -> None:
    """Break every parent/child link under ``root``; its nodes are unusable after."""
    stack = [root]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children:
            stack.extend(children)
            node.children = []
        node.parent = None


def setup_release(app: Sphinx) -> None:
    app.connect("html-page-context", release_course_doctree, priority=PRIORITY)
