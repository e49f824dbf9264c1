"""The extension's own words, translated through Sphinx's message catalogs.

The catalog ``sphinx_gh_reveal`` ships in ``locale/<lang>/LC_MESSAGES``
(``.po`` and its compiled ``.mo``); English is the source text. Update it
after changing a string::

    xgettext -k_ -o sphinx_gh_reveal/locale/sphinx_gh_reveal.pot sphinx_gh_reveal/*.py ...
    msgmerge -U sphinx_gh_reveal/locale/fr/LC_MESSAGES/sphinx_gh_reveal.po ...pot
    msgfmt -o ...LC_MESSAGES/sphinx_gh_reveal.mo ...LC_MESSAGES/sphinx_gh_reveal.po
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

CATALOG = "sphinx_gh_reveal"
LOCALE_DIR = Path(__file__).parent / "locale"

#: Translate with the build's ``language``; evaluated when turned into text.
_ = get_translation(CATALOG)


def setup_locale(app: Sphinx) -> None:
    """Register the catalog (Sphinx loads it for the build's ``language``)."""
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))


def language_tag(language: str | None) -> str:
    """``fr_FR`` -> ``fr-FR``, as ``<html lang>`` wants it; ``en`` when unset."""
    return (language or "en").replace("_", "-")
