"""``sphinx-gh-reveal import SRC DEST``: turn a gh-reveal Jekyll site into a Sphinx project.

Decisions, so that the imported courses give the decks they gave before:

* **Courses are copied byte for byte**, never rewritten. What Sphinx cannot
  do the way Jekyll did (Liquid, layouts, ``_includes/``) is left as
  written and *reported* with its ``file:line``, so the author decides.
* **Layout.** ``_presentations/`` becomes ``courses/`` (``presentations/`` if
  the site already has a top-level ``courses``); every other path keeps its
  place. Sphinx reads an image path starting with ``/`` from the source
  folder, as Jekyll served it from the site root, so ``/data/x.png`` works
  once ``data/`` sits at the project root. A relative path is read from the
  course's folder, also for text pasted in by ``include_relative``, so each
  referenced file is put where the *copied* course will look for it.
* **Plan first, write last.** Every check (destination empty, no file
  overwritten, nothing written inside SRC) runs on the complete plan, so a
  refused import writes nothing at all, and ``--dry-run`` prints the plan.
* **Exit status**: 0 when the project was written (even with things that
  could not be carried over: they are notes, not failures), 1 when it
  refused to touch existing files or could not write, 2 for a command line
  that cannot work (SRC missing or not a Jekyll site, DEST inside SRC).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .importer.plan import plan_import, summary
from .importer.scan import COURSES_DIR, scan_site
from .importer.write import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, check_destination, write


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``import`` and its options."""
    parser = subparsers.add_parser(
        "import",
        help="turn a gh-reveal Jekyll site into a Sphinx project",
        description=(
            "Read the Jekyll site SRC (_config.yml, _presentations/) and write a Sphinx "
            "project in DEST: conf.py, index.md, the courses and their chapters copied "
            "byte for byte, their images and files, .readthedocs.yaml and "
            "requirements.txt. Prints what was imported and what could not be "
            "carried over (file:line). Never writes into SRC."
        ),
        epilog=(
            "Exit status: 0 imported (notes included), 1 refused or failed to write, 2 usage error."
        ),
    )
    parser.add_argument("src", metavar="SRC", type=Path, help="folder of the Jekyll site")
    parser.add_argument("dest", metavar="DEST", type=Path, help="folder of the new Sphinx project")
    parser.add_argument(
        "--force-nonempty",
        action="store_true",
        help="write into DEST even if it already holds files (existing files are still kept)",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace files of DEST that the import writes and that differ",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be written, write nothing"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Import ``args.src`` into ``args.dest``; return the exit status."""
    src, dest = Path(args.src), Path(args.dest)
    usage = _usage_problem(src, dest)
    if usage:
        return _error(usage, EXIT_USAGE)
    src_real, dest_real = src.resolve(), dest.resolve()
    plan = plan_import(scan_site(src_real))
    refusal, code = check_destination(plan, src_real, dest_real, args)
    if args.dry_run:
        print(f"Dry run: nothing is written. Importing {src} into {dest} would write:")
        print("".join(f"  {target}\n" for target in plan.targets()))
        print("\n".join(summary(plan, dest)))
        if refusal:
            _error(f"the import would be refused: {refusal}", code)
        return code
    if refusal:
        return _error(refusal, code)
    try:
        written = write(plan, src_real, dest_real)
    except OSError as error:
        return _error(f"could not write the project: {error}", EXIT_REFUSED)
    print(f"Imported {src} into {dest} ({written} files written).")
    print("\n".join(summary(plan, dest)))
    return EXIT_OK


def _usage_problem(src: Path, dest: Path) -> str:
    """Why SRC and DEST cannot work as given ('' when they can)."""
    if not src.is_dir():
        return f"SRC {src} is not a folder"
    if not ((src / "_config.yml").is_file() or (src / COURSES_DIR).is_dir()):
        return f"{src} is not a Jekyll site: it has neither _config.yml nor {COURSES_DIR}/"
    src_real, dest_real = src.resolve(), dest.resolve()
    if dest_real == src_real or dest_real.is_relative_to(src_real):
        return (
            f"DEST {dest} is inside SRC {src}: the next import would copy the project into "
            "itself; choose a folder outside the site"
        )
    if dest.exists() and not dest.is_dir():
        return f"DEST {dest} exists and is not a folder"
    return ""


def _error(message: str, code: int) -> int:
    print(f"sphinx-gh-reveal import: error: {message}", file=sys.stderr)
    return code
