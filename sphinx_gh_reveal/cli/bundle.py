"""``sphinx-gh-reveal bundle``: one self-contained HTML file from a built deck.

The same bundler as the builder option ``gh_reveal_single_file`` (see
:mod:`sphinx_gh_reveal.bundle`), for a deck that is already built: no
rebuild, no Sphinx project needed, only the build's output folder.

Files are read only inside the build's output: by default the nearest
folder above the deck that holds ``_static/`` (``--root`` to say another).
Exit statuses: 0 written (maybe with warnings on stderr); 1 the file could
not be written; 2 bad input (no such deck, not a reveal.js deck).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..bundle import BundleError, bundle_deck, human_size

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def add_parser(subparsers) -> None:
    """Register ``bundle`` and its options."""
    parser = subparsers.add_parser(
        "bundle",
        help="write a built deck as one self-contained HTML file",
        description=(
            "Put a built deck and every local file it uses (reveal.js, theme, plugins, "
            "fonts, images) into one HTML file that works offline."
        ),
    )
    parser.add_argument("deck", type=Path, metavar="DECK.html", help="the built deck")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE.html",
        help="where to write it (default: beside the deck, DECK.single.html)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        metavar="FOLDER",
        help="the build output folder files may be read from "
        "(default: the nearest folder above the deck holding _static/)",
    )
    parser.set_defaults(run=run)


def output_root(deck: Path) -> Path:
    """The nearest folder at or above the deck's that holds ``_static``."""
    for folder in (deck.parent, *deck.parent.parents):
        if (folder / "_static").is_dir():
            return folder
    return deck.parent


def run(args: argparse.Namespace) -> int:
    deck: Path = args.deck.resolve()
    if not deck.is_file():
        print(f"sphinx-gh-reveal bundle: no such file: {args.deck}", file=sys.stderr)
        return EXIT_BAD_INPUT
    root = args.root.resolve() if args.root else output_root(deck)
    try:
        bundle = bundle_deck(deck, root)
    except BundleError as error:
        print(f"sphinx-gh-reveal bundle: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for url in bundle.missing:
        print(f"{args.deck}: warning: not in the file, no such file: {url}", file=sys.stderr)
    for url in bundle.remote:
        print(f"{args.deck}: warning: needs the network: {url}", file=sys.stderr)
    for url in bundle.dropped_assets:
        print(f"{args.deck}: left out {url}, which is not in the build output", file=sys.stderr)
    for url in bundle.dropped_imports:
        print(f"{args.deck}: left out the web stylesheet {url} (fonts fall back)", file=sys.stderr)
    output: Path = args.output or deck.with_name(deck.name.removesuffix(".html") + ".single.html")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(bundle.html.encode("utf-8"))
    except OSError as error:
        print(f"sphinx-gh-reveal bundle: cannot write {output}: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{output} ({human_size(bundle.size)})")
    return 0
