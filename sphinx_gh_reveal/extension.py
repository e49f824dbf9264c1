"""Wire the pipeline into Sphinx, stage by stage.

parser (tokens -> nodes) -> attach (read time) -> deck post-transform
(revealjs builders) -> writers -> assets.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import __version__
from . import nodes as ghr
from .a11y import setup_a11y
from .alongside import write_decks_alongside
from .assets import (
    add_deck_plugins,
    copy_static,
    keep_revealjs_config_stable,
    link_course_styles,
)
from .chapters import exclude_chapters
from .config import setup_config
from .courses_index import setup_courses_index
from .current_builder import setup_current_builder
from .gc_pauses import setup_gc_pauses
from .locale import setup_locale
from .parser import CourseParser
from .release import setup_release
from .transforms.deck import DECK_BUILDERS, BuildDeck
from .transforms.handout import BuildHandout
from .writers import handout
from .writers.attributes import with_marker_attributes
from .writers.deck import DeckTranslator, visit_icon


def setup_extension(app: Sphinx) -> dict:
    """Set up myst-parser and sphinx-revealjs, then the gh-reveal stages."""
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_revealjs")
    _declare_revealjs_parallel_safe(app)
    setup_config(app)
    setup_locale(app)
    setup_current_builder(app)
    # Registered after myst_parser, so the user's extension order never matters.
    app.add_source_parser(CourseParser, override=True)
    app.add_post_transform(BuildDeck)
    app.add_post_transform(BuildHandout)
    setup_courses_index(app)
    setup_nodes(app)
    for name in DECK_BUILDERS:
        app.set_translator(name, DeckTranslator, override=True)
    app.connect("config-inited", exclude_chapters)
    app.connect("builder-inited", add_marker_attributes_to_html)
    app.connect("builder-inited", add_deck_plugins)
    app.connect("builder-inited", keep_revealjs_config_stable)
    app.connect("html-page-context", link_course_styles)
    setup_a11y(app)
    setup_release(app)
    setup_gc_pauses(app)
    app.connect("build-finished", copy_static)
    app.connect("build-finished", write_decks_alongside)
    return {
        "version": __version__,
        "env_version": 3,  # bump when the read-time doctree changes shape
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def setup_nodes(app: Sphinx) -> None:
    """Give every builder a way to write (or skip) each gh-reveal node."""
    html_like = ("html", *DECK_BUILDERS)
    skip = (handout.skip, None)
    walk = (handout.walk, handout.walk)
    not_html = ("latex", "text", "man", "texinfo")

    def register(node, html_pair, other_pair) -> None:
        app.add_node(
            node,
            override=True,
            **{name: html_pair for name in html_like},
            **{name: other_pair for name in not_html},
        )

    register(ghr.ghr_marker, (handout.visit_html_marker, None), skip)
    register(ghr.ghr_structure, (handout.visit_html_structure, None), skip)
    # Elsewhere an icon's label (its only child, if any) is kept as text.
    register(ghr.ghr_icon, (visit_icon, None), walk)
    register(
        ghr.ghr_handout_notes,
        (handout.visit_html_notes, handout.depart_html_notes),
        walk,
    )
    register(
        ghr.ghr_subtitle,
        (handout.visit_html_subtitle, handout.depart_html_subtitle),
        (handout.visit_as_paragraph, handout.depart_as_paragraph),
    )
    # Deck nodes exist only in the revealjs builders' doctrees; elsewhere
    # keep their text. Register the deck methods for the revealjs builders
    # explicitly: sphinx-revealjs would otherwise copy the html handlers over.
    for node in (ghr.ghr_title_slide, ghr.ghr_stack, ghr.ghr_slide, ghr.ghr_notes, ghr.ghr_heading):
        name = node.__name__
        deck_pair = (getattr(DeckTranslator, f"visit_{name}"), getattr(DeckTranslator, f"depart_{name}"))
        app.add_node(
            node,
            override=True,
            **{builder: deck_pair for builder in DECK_BUILDERS},
            **{builder: walk for builder in ("html", *not_html)},
        )


def add_marker_attributes_to_html(app: Sphinx) -> None:
    """Let the html builders write marker attributes, with the theme's own translator.

    The translator is whatever the theme or another extension chose; we only
    add our ``starttag`` on top. Reveal.js-only ``data-*`` attributes are
    left out of pages.
    """
    builder = app.builder
    if builder.format != "html" or builder.name in DECK_BUILDERS:
        return
    current = app.registry.get_translator_class(builder)
    app.registry.add_translator(
        builder.name, with_marker_attributes(current, keep_data=False), override=True
    )


def _declare_revealjs_parallel_safe(app: Sphinx) -> None:
    """Let ``-j`` work although sphinx-revealjs says it is not read-safe.

    sphinx-revealjs 3.2 declares ``parallel_read_safe: False``, which makes
    Sphinx refuse parallel reading (and ``-W -j`` fail) for any project that
    loads it. Its read phase only runs directives that build nodes: it keeps
    no state in the environment. Its per-page state lives on the builder at
    write time, and :class:`DeckTranslator` resets it for every page.
    """
    extension = app.extensions.get("sphinx_revealjs")
    if extension is not None:
        extension.parallel_read_safe = True
