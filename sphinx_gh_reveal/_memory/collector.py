"""Fewer garbage-collector pauses in builds that hold long courses.

Reading a long course makes hundreds of thousands of objects (tokens, then
nodes) that all live until the doctree is pickled, and writing its deck
makes as many again. CPython's collector looks at the youngest objects every
700 net allocations, and walks every object alive whenever the old ones have
grown by a quarter: a course's build pays for several walks over its own
doctree that free nothing, since the renderer already lets each block's
tokens go and :mod:`~sphinx_gh_reveal.release` frees a written doctree
without help.

From the first course this process reads until the build ends, the youngest
generation's threshold is raised to :data:`YOUNG`; the thresholds in place
before come back at ``build-finished``. Writing the decks alongside an html
build unpickles each course's doctree, the same burst of objects, even when
no course was read again: :func:`while_writing_decks` covers that case.
Each ``-j`` worker is a process of its own, with its own collector, and
ends with its share of the work.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from sphinx.application import Sphinx

#: Net allocations between two young collections in a build that holds courses.
YOUNG = 50_000

_saved: tuple[int, ...] | None = None


def fewer_pauses() -> None:
    """Raise the young threshold (once, until :func:`restore`)."""
    global _saved
    if _saved is not None:
        return
    current = gc.get_threshold()
    if current[0] == 0 or current[0] >= YOUNG:
        return  # collection is off, or already as rare: leave it as the user set it
    _saved = current
    gc.set_threshold(YOUNG, *current[1:])


def restore(*args) -> None:
    """Put back the thresholds :func:`fewer_pauses` replaced."""
    global _saved
    if _saved is not None:
        gc.set_threshold(*_saved)
        _saved = None


@contextmanager
def while_writing_decks() -> Iterator[None]:
    """Fewer pauses inside the ``with`` block; the thresholds come back after."""
    fewer_pauses()
    try:
        yield
    finally:
        restore()


def setup(app: Sphinx) -> None:
    # build-finished is emitted when the build fails too; first of all
    # listeners, so that the thresholds are back whatever the others do.
    app.connect("build-finished", restore, priority=1)
