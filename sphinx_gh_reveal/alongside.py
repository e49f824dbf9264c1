"""Write each course's deck next to the html pages, in the same build.

Read the Docs runs one ``html`` build and publishes its output, so the
slides must come out of that build. A second ``sphinx-build -b revealjs``
would read every source again (about twice the time); instead, when the
html build is done, a revealjs builder is made on the same, already read,
environment and writes only the courses, under ``gh_reveal_slides_dir``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.osutil import relative_uri
from sphinx_revealjs.builders import RevealjsHTMLBuilder

from .assets import add_plugins_to, copy_assets_to, is_course_page
from .gc_pauses import while_writing_decks
from .release import release_written_course
from .transforms.deck import build_deck
from .transforms.handout import PAGE_BUILDERS

logger = logging.getLogger(__name__)


def write_decks_alongside(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the decks of an html build's courses."""
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    config = app.config
    if not config.gh_reveal_slides_alongside:
        return
    env = app.env
    page_builder = app.builder
    outdir = Path(page_builder.outdir) / config.gh_reveal_slides_dir.strip("/")
    all_courses = sorted(d for d in env.found_docs if is_course_page(app, d))
    _remove_stale_decks(outdir, all_courses)
    courses = [d for d in all_courses if _outdated(d, page_builder, outdir)]
    if not courses:
        return
    # sphinx-revealjs's init() swaps html_static_path for its own list and
    # appends to revealjs_static_path; put both back when the decks are written.
    saved = (list(config.html_static_path), list(config.revealjs_static_path))
    try:
        deck = _deck_builder(app, outdir)
        deck.init()
        deck.copysource = False  # the page already offers the source
        add_plugins_to(deck, config)
        deck.ghr_page_links = {
            docname: relative_uri(
                f"{config.gh_reveal_slides_dir.strip('/')}/{docname}.html",
                page_builder.get_target_uri(docname).split("#")[0] or "index.html",
            )
            for docname in courses
        }
        deck.prepare_writing(set(courses))
        with while_writing_decks():
            for docname in status_iterator(
                courses, "writing slides alongside... ", "darkgreen", len(courses), app.verbosity
            ):
                doctree = env.get_doctree(docname)
                doctree["ghr_deck"] = True  # the page transforms leave this copy alone
                env.apply_post_transforms(doctree, docname)
                build_deck(doctree)
                deck.write_doc_serialized(docname, doctree)
                deck.write_doc(docname, doctree)
            release_written_course(app)  # the last deck's doctree (see release.py)
        deck.copy_image_files()
        deck.copy_static_files()
    finally:
        config.html_static_path, config.revealjs_static_path = saved
    copy_assets_to(outdir)
    logger.info("The slides are in %s.", outdir)


#: The list of decks written alongside, so that only those are ever removed.
MANIFEST = ".gh-reveal-decks"


def _remove_stale_decks(outdir: Path, courses: list[str]) -> None:
    """Delete the decks of courses that are gone; record the current ones.

    Only files this extension wrote (listed in the manifest) are removed.
    """
    manifest = outdir / MANIFEST
    if manifest.is_file():
        current = set(courses)
        for docname in manifest.read_text(encoding="utf-8").split():
            deck = outdir / f"{docname}.html"
            if docname not in current and deck.is_file():
                deck.unlink()
                logger.info("removed the slides of a course that is gone: %s", deck)
    if courses:
        outdir.mkdir(parents=True, exist_ok=True)
        manifest.write_text("\n".join(courses) + "\n", encoding="utf-8")
    elif manifest.is_file():
        manifest.unlink()


def _outdated(docname: str, page_builder, outdir: Path) -> bool:
    """A deck is rewritten when its page was (the html builder knows what changed)."""
    deck = outdir / f"{docname}.html"
    page = Path(page_builder.get_outfilename(docname))
    if not deck.is_file() or not page.is_file():
        return True
    return page.stat().st_mtime_ns >= deck.stat().st_mtime_ns


def _deck_builder(app: Sphinx, outdir: Path) -> RevealjsHTMLBuilder:
    """A revealjs builder on the app's environment, writing into ``outdir``.

    A builder takes its output folders (``_static``, ``_images``) from
    ``app.outdir`` when it is made; point that at ``outdir`` for the moment
    of construction only, so that nothing of the deck lands among the pages.
    """
    html_outdir = app.outdir
    app.outdir = type(html_outdir)(outdir)
    try:
        return RevealjsHTMLBuilder(app, app.env)
    finally:
        app.outdir = html_outdir
