"""Which decks this extension wrote into an output folder, so that only those are removed.

Sphinx leaves the page of a deleted document in the output. A course's deck
left behind would still be published (and linked from old bookmarks) after
the course is gone, so the decks written into each folder are listed, and
a deck whose course is gone is deleted at the next build. The list lives
with the doctrees (``<doctreedir>/gh-reveal-decks.json``), never in the
published output, and nothing but a listed deck is ever deleted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Set
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.application import Sphinx
from sphinx.util import logging

from ..course import is_course
from ..transforms.deck import DECK_BUILDERS

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)

FILENAME = "gh-reveal-decks.json"


class DeckManifest:
    """The decks of one output folder, recorded between builds."""

    def __init__(
        self, app: Sphinx, outdir: Path, deck_path: Callable[[str], Path] | None = None
    ) -> None:
        self.file = Path(app.doctreedir) / FILENAME
        self.key = str(Path(outdir).resolve())
        self.deck_path = deck_path or (lambda docname: Path(outdir) / f"{docname}.html")

    def _read(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def update(self, decks: Iterable[str], keep: set[str], pages: Set[Path] = frozenset()) -> None:
        """Record ``decks``; delete the listed decks of earlier builds that ``keep`` lacks.

        A file in ``pages`` (the pages this build writes) is never deleted,
        even where a deck of an earlier build was.
        """
        data = self._read()
        for docname in data.get(self.key, []):
            if docname in keep or not isinstance(docname, str):
                continue
            deck = self.deck_path(docname)
            if deck.is_file() and deck not in pages:
                deck.unlink()
                logger.info("removed the slides of a course that is gone: %s", deck)
        current = sorted(set(decks))
        if current:
            data[self.key] = current
        else:
            data.pop(self.key, None)
        if data or self.file.is_file():
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self.file.write_text(
                json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )


def remove_stale_decks(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` of a deck builder: delete the decks of deleted courses."""
    if exception is not None or app.builder.name not in DECK_BUILDERS:
        return
    env = app.env
    courses = [d for d in sorted(env.found_docs) if is_course(env, d)]
    builder = cast("StandaloneHTMLBuilder", app.builder)  # the deck builders are html builders
    DeckManifest(app, Path(builder.outdir), lambda d: Path(builder.get_outfilename(d))).update(
        courses, keep=set(env.found_docs)
    )
