"""Every warning the extension gives, in one place.

Each has the type ``gh-reveal`` and a subtype below, so that a project can
silence one kind with ``suppress_warnings = ["gh-reveal.<subtype>"]``.
Warnings are located with ``location=node`` where a node exists: inside an
included chapter, that names the chapter file, not the course.
"""

from __future__ import annotations

from enum import Enum

from docutils import nodes
from sphinx.util import logging

WARNING_TYPE = "gh-reveal"
logger = logging.getLogger(__name__)


class GhRevealWarnings(Enum):
    """The subtypes of ``gh-reveal`` warnings."""

    MARKER = "marker"
    """A ``§`` marker that is unknown, unclosed or has a bad value."""
    ATTRS = "attrs"
    """A marker's ``key=value`` list that cannot be applied."""
    TARGET = "target"
    """A marker with nothing to attach to (``§pelement`` first in a slide)."""
    DUPLICATE_ID = "duplicate_id"
    """Two slides of one course with the same ``§id``."""
    NOTES = "notes"
    """``§notes`` twice in one slide."""
    LINK = "link"
    """A ``#/id`` link to an id that no slide of the course has, or a course link to no document."""
    INCLUDE = "include"
    """An ``include_relative`` that cannot be read (missing, outside, cycle)."""
    FRONT_MATTER = "front_matter"
    """Front matter that is not a mapping, or a key with a wrong type."""
    THEME = "theme"
    """A ``theme`` that reveal.js does not ship."""
    ASSET = "asset"
    """A marker attribute naming a file the project does not have."""
    UNSAFE = "unsafe"
    """An event handler or ``javascript:`` URL refused in a marker."""
    CONFIG = "config"
    """A ``gh_reveal_*`` option with a bad value."""
    DETECT = "detect"
    """A page with inline markers that the course rule leaves a page (how to opt in)."""
    BUILD = "build"
    """``check`` only: a file whose build raised (a bug in the extension)."""
    I18N = "i18n"
    """A translation (``msgstr``) that drops or adds a marker, or a text gettext cannot offer."""
    CODE = "code"
    """A code block's ``:steps:`` that is not a list of steps such as ``1|3-4|6``."""
    BUNDLE = "bundle"
    """A deck's single file cannot hold a file it refers to (missing, or remote)."""


def warn(
    message: str,
    subtype: GhRevealWarnings,
    *,
    location: nodes.Node | tuple[str, int | None] | str | None = None,
    once: bool = False,
) -> None:
    """Log a located, silenceable warning (Sphinx adds the ``[type.subtype]``)."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location, once=once)
