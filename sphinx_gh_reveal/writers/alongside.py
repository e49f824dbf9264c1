"""Write each course's deck next to the html pages, in the same build.

Read the Docs runs one ``html`` build and publishes its output, so the
slides must come out of that build. A second ``sphinx-build -b revealjs``
would read every source again; instead, once the html build is done
(``build-finished``), :class:`AlongsideDeckBuilder` writes the courses of
the same, already read, environment under ``gh_reveal_slides_dir``.

What the deck writer guarantees, and how:

* **It is a revealjs build.** While the decks are written, the
  ``AlongsideDeckBuilder`` is the build's builder
  (:func:`~sphinx_gh_reveal._compat.acting_builder`): post-transforms,
  references and ``doctree-resolved`` listeners see a revealjs builder, as
  in ``-b revealjs``; the html builder is back when the decks are done.
* **The html theme stays out.** ``html-page-context`` reaches, for a deck
  page, only the listeners of Sphinx itself, sphinx-revealjs and this
  extension: a theme's or another extension's page handler (pydata's,
  furo's, myst-nb's) never sees a deck. Scripts registered for the html
  pages are kept only when the deck has the file; the deck has no prev/next
  links.
* **Each warning once.** The references the pages' build could not
  resolve are not reported a second time for the decks.
* **Links go where they should.** A reference to an ordinary page leads
  to that page of the html build (``../other.html``); one to a course,
  to its deck; the title slide links back to the course's page.
* **Only what changed is written**, and decks of courses that are gone are
  removed (:mod:`~sphinx_gh_reveal.writers.manifest`); nothing but decks and
  their assets is written under the folder.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.osutil import relative_uri
from sphinx_revealjs.builders import RevealjsHTMLBuilder

from .. import current_builder
from .._compat import (
    acting_builder,
    keep_page_assets,
    listeners_only,
    retarget_output,
    warnings_suppressed,
)
from .._memory.collector import while_writing_decks
from .._memory.doctrees import release_written_course
from ..assets import copy_assets_to
from ..course import course_info
from ..course_style import copy_course_files_to
from ..transforms.handout import PAGE_BUILDERS
from ..warnings_ import GhRevealWarnings, warn
from .builders import DeckBuilderMixin
from .manifest import DeckManifest

logger = logging.getLogger(__name__)

#: Packages whose ``html-page-context`` listeners also run for deck pages.
DECK_PAGE_LISTENERS = ("sphinx", "sphinx_revealjs", "sphinx_gh_reveal")


class AlongsideDeckBuilder(DeckBuilderMixin, RevealjsHTMLBuilder):
    """A revealjs builder writing an html build's courses under its slides folder."""

    name = "revealjs"  # the deck transforms and translator are chosen by this name
    copysource = False  # the page already offers the source

    def __init__(self, app: Sphinx, page_builder, outdir: Path, courses: list[str]) -> None:
        super().__init__(app, app.env)
        retarget_output(self, outdir)
        self.page_builder = page_builder
        self.courses = frozenset(courses)
        slides_dir = Path(outdir).relative_to(page_builder.outdir).as_posix()
        #: From the slides folder back up to the html output.
        self.up = "../" * len(slides_dir.split("/"))

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname in self.courses:
            return super().get_target_uri(docname, typ)
        return self.up + self._page(docname, typ)

    def page_of_deck(self, docname: str) -> str | None:
        page = self._page(docname)
        path, _, fragment = page.partition("#")
        uri = relative_uri(self.get_target_uri(docname), self.up + path)
        return f"{uri}#{fragment}" if fragment else uri

    def _page(self, docname: str, typ: str | None = None) -> str:
        """The URI of ``docname``'s page in the html output."""
        page = self.page_builder.get_target_uri(docname, typ)
        if page.startswith("#"):  # singlehtml: a part of the one page
            root = Path(self.page_builder.get_outfilename(self.config.root_doc))
            page = root.relative_to(self.page_builder.outdir).as_posix() + page
        return page

    def prepare_writing(self, docnames: Set[str]) -> None:
        super().prepare_writing(docnames)
        # Stylesheets and scripts registered for the html pages (the theme's,
        # an html-only extension's, our own page assets) whose file the deck
        # does not have would be dead links in it.
        keep_page_assets(self, self._has_static)

    def _has_static(self, filename: str) -> bool:
        """Whether the deck's own static folders have ``filename`` (inline and remote: no)."""
        if not filename or "://" in filename or filename.startswith("/"):
            return False
        local = filename.removeprefix("_static/")
        folders = [Path(self.confdir, path) for path in self.config.html_static_path]
        folders += [Path(d) / "static" for d in self.theme.get_theme_dirs()]
        return any((folder / local).is_file() for folder in folders)

    def write_decks(self, app: Sphinx, docnames: list[str]) -> None:
        """Resolve and write the decks of ``docnames``, then their images and static files."""
        self.prepare_writing(set(docnames))
        # Before the decks, as Sphinx copies a build's static files before its
        # pages: each stylesheet's and script's link then carries its checksum.
        self.copy_static_files()
        copy_assets_to(Path(self.outdir))
        copy_course_files_to(app, Path(self.outdir))
        for docname in status_iterator(
            docnames, "writing slides alongside... ", "darkgreen", len(docnames), app.verbosity
        ):
            self._write_deck(docname)
        release_written_course(app)  # the last deck's doctree (see _memory/doctrees.py)
        self.copy_image_files()

    def _write_deck(self, docname: str) -> None:
        # A function of its own, so that no loop variable keeps the last
        # doctree alive once it is written (see _memory/doctrees.py).
        doctree = self.env.get_doctree(docname)
        self.env.apply_post_transforms(doctree, docname)
        self.write_doc_serialized(docname, doctree)
        self.write_doc(docname, doctree)


def _is_deck_listener(handler: Any) -> bool:
    module = getattr(handler, "__module__", "") or getattr(
        getattr(handler, "func", None), "__module__", ""
    )
    return module.split(".")[0] in DECK_PAGE_LISTENERS


def slides_outdir(app: Sphinx) -> Path:
    return Path(app.builder.outdir) / app.config.gh_reveal_slides_dir.strip("/")


def write_decks_alongside(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the decks of an html build's courses."""
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    if not app.config.gh_reveal_slides_alongside:
        return
    env = app.env
    page_builder = app.builder
    outdir = slides_outdir(app)
    pages = _pages(page_builder)
    courses = [
        d
        for d in sorted(env.found_docs)
        if course_info(env, d) is not None and not _over_a_page(d, outdir, pages)
    ]
    DeckManifest(app, outdir).update(courses, keep=set(courses), pages=set(pages))
    outdated = [d for d in courses if _outdated(d, page_builder, outdir)]
    if not outdated:
        return
    deck = AlongsideDeckBuilder(app, page_builder, outdir, courses)
    deck.init()
    with (
        acting_builder(app, deck),
        current_builder.noted(env, deck),
        listeners_only(app.events, "html-page-context", _is_deck_listener),
        # The pages' build warned of the same unresolved references already.
        warnings_suppressed(app, "ref"),
        while_writing_decks(),
    ):
        deck.write_decks(app, outdated)
    logger.info("The slides are in %s.", outdir)


def _pages(page_builder) -> dict[Path, str]:
    """The file of each page the html build writes, and its document."""
    env = page_builder.env
    docnames = [env.config.root_doc] if page_builder.name == "singlehtml" else env.found_docs
    return {Path(page_builder.get_outfilename(d)): d for d in docnames}


def _over_a_page(docname: str, outdir: Path, pages: dict[Path, str]) -> bool:
    """Whether the course's deck would be written over a page of the build (then it is not)."""
    page = pages.get(outdir / f"{docname}.html")
    if page is None:
        return False
    warn(
        f"the slides of this course would be written over the page of '{page}' "
        f"({outdir.name}/{docname}.html): they are not written; choose a "
        "gh_reveal_slides_dir that no page of the project is in",
        GhRevealWarnings.CONFIG,
        location=(docname, 1),
    )
    return True


def _outdated(docname: str, page_builder, outdir: Path) -> bool:
    """A deck is rewritten when its page was (the html builder knows what changed)."""
    deck = outdir / f"{docname}.html"
    page = Path(page_builder.get_outfilename(docname))
    if not deck.is_file() or not page.is_file():
        return True
    return page.stat().st_mtime_ns >= deck.stat().st_mtime_ns
