"""Wire the pipeline into Sphinx, stage by stage.

parser (tokens -> nodes) -> attach (read time) -> deck post-transform
(revealjs builders) -> writers -> assets.
"""

from __future__ import annotations

from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.sphinx_ext.main import setup_sphinx
from sphinx.application import Sphinx

from . import __version__, _memory
from . import nodes as ghr
from ._compat import declare_revealjs_parallel_safe
from .a11y import setup_a11y
from .assets import (
    copy_static,
    link_course_styles,
)
from .chapters import exclude_chapters
from .code_steps import setup_code_steps
from .config import setup_config
from .course import log_courses
from .course_style import setup_course_style
from .courses_index import setup_courses_index
from .current_builder import setup_current_builder
from .i18n import setup_i18n
from .locale import setup_locale
from .offline_math import setup_offline_math
from .parser import CourseParser, reading_courses
from .single_file import setup_single_file
from .transforms.deck import DECK_BUILDERS, BuildDeck
from .transforms.handout import BuildHandout
from .transforms.page_links import ResolvePageLinks
from .transforms.without_pages import CourseWithoutPages
from .writers import handout, raw_html
from .writers.alongside import write_decks_alongside
from .writers.attributes import with_marker_attributes
from .writers.builders import setup_builders
from .writers.deck import DeckTranslator, visit_icon
from .writers.manifest import remove_stale_decks


def setup_extension(app: Sphinx) -> dict:
    """Set up myst-parser and sphinx-revealjs, then the gh-reveal stages."""
    setup_markdown(app)
    app.setup_extension("sphinx_revealjs")
    declare_revealjs_parallel_safe(app)
    setup_builders(app)
    setup_config(app)
    setup_locale(app)
    setup_current_builder(app)
    app.add_post_transform(BuildDeck)
    app.add_post_transform(BuildHandout)
    app.add_post_transform(ResolvePageLinks)
    app.add_post_transform(CourseWithoutPages)
    setup_courses_index(app)
    setup_i18n(app)
    setup_nodes(app)
    for name in DECK_BUILDERS:
        app.set_translator(name, DeckTranslator, override=True)
    app.connect("config-inited", exclude_chapters)
    app.connect("env-updated", log_courses)
    app.connect("builder-inited", add_marker_attributes_to_html)
    app.connect("html-page-context", link_course_styles)
    _memory.setup(app)
    setup_offline_math(app)
    setup_code_steps(app)
    setup_course_style(app)
    setup_a11y(app)
    app.connect("write-started", copy_static)
    app.connect("build-finished", write_decks_alongside)
    app.connect("build-finished", remove_stale_decks)
    setup_single_file(app)
    return {
        "version": __version__,
        "env_version": 6,  # bump when the read-time doctree or its warnings change
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def setup_markdown(app: Sphinx) -> None:
    """Read Markdown with MyST, or with the MyST-based parser the project already has.

    A project with myst-nb listed before this extension has ``.md`` read by
    myst-nb's parser: then only MyST's settings are set up (as myst-nb does
    itself), and :func:`read_courses_with_project_parser` makes that parser
    read courses too, whichever order the extensions are listed in.
    """
    if ".md" in app.registry.source_suffix and "myst_parser" not in app.extensions:
        setup_sphinx(app, load_parser=False)
    else:
        app.setup_extension("myst_parser")
        # Registered after myst_parser, so the user's extension order never matters.
        app.add_source_parser(CourseParser, override=True)
    # After every extension's setup: the parser of '.md' is then final.
    app.connect("config-inited", read_courses_with_project_parser, priority=900)


def read_courses_with_project_parser(app: Sphinx, config) -> None:
    """``config-inited``: the parser of each Markdown suffix also reads courses."""
    registry = app.registry
    for suffix in (".md", ".markdown"):
        filetype = registry.source_suffix.get(suffix)
        parser = registry.source_parsers.get(filetype) if filetype else None
        if parser is not None and issubclass(parser, MystParser):
            course_parser = reading_courses(parser)
            if course_parser is not parser:
                app.add_source_parser(course_parser, override=True)


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
    register(ghr.ghr_file, skip, skip)
    register(
        ghr.ghr_html_element,
        (raw_html.visit_html_element, raw_html.depart_html_element),
        walk,
    )
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
        deck_pair = (
            getattr(DeckTranslator, f"visit_{name}"),
            getattr(DeckTranslator, f"depart_{name}"),
        )
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
