"""``gh_reveal_single_file``: each course's deck also as one self-contained file.

When the build is done, every course's deck is bundled (see
:mod:`sphinx_gh_reveal.bundle`) into ``<course>.single.html`` next to it:

- in ``-b revealjs``, next to the deck the builder wrote (``dirrevealjs``:
  next to the deck's folder, ``intro.single.html`` for ``intro/index.html``);
- in ``html`` builds, next to the deck written alongside, under
  ``gh_reveal_slides_dir``, so that one Read the Docs build publishes the
  folder form and the single file.

The listener runs after the decks alongside are written (priority 900). It
only reads the output folder, so it needs nothing from the deck writers.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote

from sphinx.application import Sphinx
from sphinx.util import logging

from .bundle import Bundle, BundleError, bundle_deck, human_size
from .chapters import read_bounded, resolves_inside
from .config import settings_of
from .course import is_course
from .transforms.deck import DECK_BUILDERS
from .transforms.handout import PAGE_BUILDERS
from .warnings_ import GhRevealWarnings, warn

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)
#: What a single file's name ends with, after the course's name.
SUFFIX = ".single.html"


def setup_single_file(app: Sphinx) -> None:
    # After write_decks_alongside (default priority 500) has written the decks.
    app.connect("build-finished", write_single_files, priority=900)


def single_file_of(root: Path, docname: str) -> Path:
    """Where a course's single file goes: ``<root>/<docname>.single.html``.

    That is beside the deck, or for ``dirrevealjs`` (deck ``intro/index.html``)
    beside its folder: the file needs nothing around it.
    """
    return root / f"{docname}{SUFFIX}"


def decks_of(app: Sphinx) -> tuple[Path, list[tuple[str, Path]]]:
    """The output folder the decks live in, and each course's deck file."""
    builder = app.builder
    courses = sorted(d for d in app.env.found_docs if is_course(app.env, d))
    if builder.name in DECK_BUILDERS:
        deck_builder = cast("StandaloneHTMLBuilder", builder)  # the deck builders are html ones
        return Path(builder.outdir), [(d, Path(deck_builder.get_outfilename(d))) for d in courses]
    root = Path(builder.outdir) / settings_of(app.config).slides_folder
    return root, [(d, root / f"{d}.html") for d in courses]


def write_single_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: bundle each course's deck into its single file."""
    settings = settings_of(app.config)
    if exception is not None or not settings.single_file:
        return
    name = app.builder.name
    if name not in DECK_BUILDERS and not (name in PAGE_BUILDERS and settings.slides_alongside):
        return
    root, decks = decks_of(app)
    targets = {docname: single_file_of(root, docname) for docname, _ in decks}
    manifest = Path(app.doctreedir) / MANIFEST
    everything = _read_manifest(manifest)
    made = everything.setdefault(root.resolve().as_posix(), {})
    _remove_stale(root, made, set(targets.values()))
    cache: dict = {}
    for docname, deck in decks:
        if not deck.is_file():
            continue  # not written by this build (an error stopped it)
        target = targets[docname]
        key = target.relative_to(root).as_posix()
        if target.is_file() and _unchanged(root, made.get(key)):
            size = target.stat().st_size
        else:
            try:
                bundle = bundle_deck(deck, root, cache=cache)
            except BundleError as error:
                warn(
                    f"no single file for this course: {error}",
                    GhRevealWarnings.BUNDLE,
                    location=(docname, None),
                )
                continue
            _report(app, bundle, docname)
            data = bundle.html.encode("utf-8")
            if not (target.is_file() and target.read_bytes() == data):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            size = len(data)
            # A file that warned is made again next time, so that it warns again.
            clean = not (bundle.missing or bundle.remote)
            made[key] = _stats(root, bundle.inputs) if clean else {}
        logger.info(
            "single file: %s (%s)", target.relative_to(Path(app.builder.outdir)), human_size(size)
        )
    current = {target.relative_to(root).as_posix() for target in targets.values()}
    everything[root.resolve().as_posix()] = {
        key: made[key] for key in sorted(made) if key in current
    }
    _write_manifest(manifest, everything)


#: In the doctree folder (not published, and the output stays the same bytes
#: from build to build): per output folder, the single files written there
#: (only those are ever removed) and the files each was made of, with their
#: times and sizes, so that an unchanged one is not made again.
MANIFEST = "gh-reveal-single-files.json"


def _read_manifest(manifest: Path) -> dict[str, dict]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {root: made for root, made in data.items() if isinstance(made, dict)}


def _write_manifest(manifest: Path, everything: dict) -> None:
    kept = {root: made for root, made in sorted(everything.items()) if made}
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _stats(root: Path, paths) -> dict[str, list[int]]:
    stats = {}
    for path in sorted(paths):
        info = path.stat()
        stats[path.relative_to(root).as_posix()] = [info.st_mtime_ns, info.st_size]
    return stats


def _unchanged(root: Path, recorded: dict[str, list[int]] | None) -> bool:
    """Whether every file a single file was made of is as it was then."""
    if not recorded:
        return False
    for name, (mtime, size) in recorded.items():
        try:
            info = (root / name).stat()
        except OSError:
            return False
        if [info.st_mtime_ns, info.st_size] != [mtime, size]:
            return False
    return True


def _remove_stale(root: Path, made: dict, current: set[Path]) -> None:
    """Delete the single files we wrote for courses that are gone."""
    for name in sorted(made):
        stale = root / name
        if stale not in current and name.endswith(SUFFIX) and stale.is_file():
            stale.unlink()
            logger.info("removed the single file of a course that is gone: %s", stale)


def _report(app: Sphinx, bundle: Bundle, docname: str) -> None:
    for url in bundle.missing:
        warn(
            f"the single file lacks {url!r}: no such file in the build output",
            GhRevealWarnings.BUNDLE,
            location=_written_at(app, docname, url),
        )
    for url in bundle.remote:
        warn(
            f"the single file refers to {url!r}, which needs the network to show",
            GhRevealWarnings.BUNDLE,
            location=_written_at(app, docname, url),
        )
    for url in bundle.dropped_assets:
        logger.info(
            "single file of %s: left out %s, which is not in the deck's folder", docname, url
        )
    for url in bundle.dropped_imports:
        logger.info(
            "single file of %s: left out the web stylesheet %s (fonts fall back)", docname, url
        )


def _written_at(app: Sphinx, docname: str, url: str) -> str | tuple[str, None]:
    """``file:line`` of the first line of the course or its chapters that writes ``url``.

    The deck holds the URL as the source wrote it (HTML-escaped, or with the
    ``../`` of a deck written alongside in front): each spelling is looked
    for, in the files of the project only. Found nowhere (a theme's
    address): the course, without a line.
    """
    srcdir = Path(app.srcdir).resolve()
    spellings = {url, unquote(url), html.escape(url, quote=False)}
    if "://" not in url and not url.startswith("//"):
        relative = url
        while relative.startswith(("../", "./")):
            relative = relative.split("/", 1)[1]
        spellings.add(relative)
    spellings.discard("")
    course = Path(app.env.doc2path(docname))
    chapters = sorted(srcdir / path for path in app.env.dependencies.get(docname, ()))
    for path in [course, *chapters]:
        data = read_bounded(path) if resolves_inside(path, srcdir) else None
        text = data.decode("utf-8", errors="replace") if data is not None else ""
        for number, line in enumerate(text.splitlines(), 1):
            if any(spelling in line for spelling in spellings):
                return f"{path}:{number}"
    return (docname, None)
