"""Course decks that readers can zoom, tab through and hear in order.

A course deck is rendered with the extension's own page template,
``templates/gh-reveal-deck.html``, instead of sphinx-revealjs's: one
viewport tag without ``user-scalable=no``, ``<html lang>`` from the
course's ``lang`` (else the build's ``language``), one ``<main>`` landmark
around the deck, a "Read as a page" link outside the slides when the
course has a page, and ``gh-reveal.js``, which keeps slides and fragments
that are not shown out of the tab order and away from screen readers.

Any revealjs builder that writes a course goes through
``html-page-context``, so decks of ``-b revealjs`` and decks written
alongside an html build get the same page. Pages that are not courses keep
sphinx-revealjs's template, byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from .course import course_info
from .locale import _, language_tag

TEMPLATES = Path(__file__).parent / "templates"
DECK_TEMPLATE = "gh-reveal-deck.html"
DECK_SCRIPT = "_static/gh-reveal/gh-reveal.js"
#: docutils' HTML writer puts a viewport tag of its own in ``metatags``.
_VIEWPORT = re.compile(r"<meta\s+name=\"viewport\"[^>]*>\s*", re.IGNORECASE)


def setup_a11y(app: Sphinx) -> None:
    # The deck builders find the template in TEMPLATES (writers/builders.py).
    app.connect("html-page-context", use_deck_template)


def course_language(app: Sphinx, docname: str) -> str:
    """The course's ``lang``, else the build's ``language``, as a tag."""
    info = course_info(app.env, docname)
    return language_tag((info.lang if info else "") or app.config.language)


def use_deck_template(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """``html-page-context``: a course deck gets the gh-reveal deck template."""
    if "revealjs" not in context or course_info(app.env, pagename) is None:
        return None
    # The template writes the one viewport tag (zoom allowed).
    context["metatags"] = _VIEWPORT.sub("", context.get("metatags", ""))
    context["ghr_lang"] = course_language(app, pagename)
    context["ghr_page_link"] = _page_link(app, pagename)
    context["ghr_deck_script"] = DECK_SCRIPT
    context["ghr_highlight"] = app.config.gh_reveal_highlight_style
    context["ghr_strings"] = {
        "page": _("Read as a page"),
        "nav": _("Course"),
        "code": _("Code"),
    }
    return DECK_TEMPLATE


def _page_link(app: Sphinx, docname: str) -> str:
    """From a deck written alongside an html build, the address of its page.

    The deck builder knows it (``page_of_deck``); in a revealjs build there
    is no page, and no link.
    """
    page_of_deck = getattr(app.builder, "page_of_deck", None)
    return (page_of_deck(docname) if page_of_deck else None) or ""
