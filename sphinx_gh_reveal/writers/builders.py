"""The deck builders: sphinx-revealjs's, made to write courses.

One mixin, :class:`DeckBuilderMixin`, holds what a course's deck needs from
its builder, whoever runs it:

* ``-b revealjs`` and ``-b dirrevealjs`` (:class:`RevealjsDeckBuilder`,
  :class:`DirRevealjsDeckBuilder`, registered in place of sphinx-revealjs's
  own builders of the same names);
* the decks written alongside an html build
  (:class:`~sphinx_gh_reveal.writers.alongside.AlongsideDeckBuilder`).

What it changes, for courses only (other pages are written exactly as
sphinx-revealjs writes them):

* the page's reveal.js theme and ``Reveal.initialize`` options come from the
  course's front matter, decided per page, so that no page inherits the
  previous page's;
* the project's configuration is never edited: sphinx-revealjs's builder
  replaces ``html_static_path`` and extends ``revealjs_static_path`` when it
  starts; here it does so on a copy of its own (see
  :func:`~sphinx_gh_reveal._compat.isolated_config`), so that a rebuild
  with nothing changed writes nothing and an html build keeps its own
  static files;
* the static folders other extensions add to ``html_static_path`` once the
  build's builder exists (sphinx-design does at ``builder-inited``) still
  reach the decks, as they reach sphinx-revealjs's own builder through the
  list it shares: the project's own folders are noted when the config is
  checked, and every folder added after them is added to the deck builder's
  copy before it writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx_revealjs.builders import DirectoryRevealjsHTMLBuilder, RevealjsHTMLBuilder

from .._compat import isolated_config
from ..a11y import TEMPLATES as DECK_TEMPLATES
from ..course import course_info
from .deck import _slide_settings as slide_settings

if TYPE_CHECKING:
    # sphinx-revealjs ships no types; its builders are html builders.
    from sphinx.builders.html import StandaloneHTMLBuilder as _BuilderBase
else:
    _BuilderBase = object  # the builders below put sphinx-revealjs's after the mixin


#: The project's own ``html_static_path`` (after Sphinx checked it), per configuration.
_PROJECT_STATIC: WeakKeyDictionary[Config, tuple[str, ...]] = WeakKeyDictionary()


def note_project_static_path(app: Sphinx, config: Config) -> None:
    """``config-inited``, after Sphinx's check (800): the folders the project lists itself."""
    _PROJECT_STATIC[config] = tuple(config.html_static_path)


def static_paths_of_extensions(config: Config) -> list[str]:
    """The folders added to ``config.html_static_path`` since the project's own were noted."""
    own = _PROJECT_STATIC.get(config, ())
    return [path for path in config.html_static_path if path not in own]


class DeckBuilderMixin(_BuilderBase):
    """What every builder writing course decks shares."""

    def init(self) -> None:
        self.project_config = self.config
        self.config = isolated_config(
            self.config, "html_static_path", "revealjs_static_path", "templates_path"
        )
        # The course deck's page template (a11y.py), after the project's own folders.
        self.config.templates_path.append(str(DECK_TEMPLATES))
        super().init()

    def prepare_writing(self, docnames) -> None:
        static = self.config.html_static_path
        static += [p for p in static_paths_of_extensions(self.project_config) if p not in static]
        super().prepare_writing(docnames)

    def write_doc(self, docname: str, doctree) -> None:
        # sphinx-revealjs keeps the page's theme and options on the builder
        # and resets them only at a level-1 section: decide them per page.
        info = course_info(self.env, docname)
        self.revealjs_slide = slide_settings(info, self.config) if info is not None else None
        super().write_doc(docname, doctree)

    def page_of_deck(self, docname: str) -> str | None:
        """The URI, relative to the deck, of the course's page; ``None`` when there is none."""
        return None


class RevealjsDeckBuilder(DeckBuilderMixin, RevealjsHTMLBuilder):
    """``-b revealjs``: sphinx-revealjs's builder, writing courses as decks."""


class DirRevealjsDeckBuilder(DeckBuilderMixin, DirectoryRevealjsHTMLBuilder):
    """``-b dirrevealjs``: the same, one folder per page."""


def setup_builders(app: Sphinx) -> None:
    """Write courses with the revealjs builders, and note the project's static folders."""
    app.add_builder(RevealjsDeckBuilder, override=True)
    app.add_builder(DirRevealjsDeckBuilder, override=True)
    app.connect("config-inited", note_project_static_path, priority=801)
