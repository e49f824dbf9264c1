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
import shutil
import sys
from pathlib import Path

from .jekyll_site import COURSES_DIR, Plan, is_inside, plan_import

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

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
            "Exit status: 0 imported (notes included), 1 refused or failed to write, "
            "2 usage error."
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
    if not src.is_dir():
        return _error(f"SRC {src} is not a folder", EXIT_USAGE)
    if not ((src / "_config.yml").is_file() or (src / COURSES_DIR).is_dir()):
        return _error(
            f"{src} is not a Jekyll site: it has neither _config.yml nor {COURSES_DIR}/", EXIT_USAGE
        )
    src_real, dest_real = src.resolve(), dest.resolve()
    if dest_real == src_real or dest_real.is_relative_to(src_real):
        return _error(
            f"DEST {dest} is inside SRC {src}: the next import would copy the project into "
            "itself; choose a folder outside the site",
            EXIT_USAGE,
        )
    if dest.exists() and not dest.is_dir():
        return _error(f"DEST {dest} exists and is not a folder", EXIT_USAGE)

    plan = plan_import(src_real)
    refusal, code = check_destination(plan, src_real, dest_real, args)

    out = sys.stdout
    if args.dry_run:
        print(f"Dry run: nothing is written. Importing {src} into {dest} would write:", file=out)
        for target in plan.targets():
            print(f"  {target}", file=out)
        print(file=out)
        print_summary(plan, dest, out)
        if refusal:
            _error(f"the import would be refused: {refusal}", code)
        return code
    if refusal:
        return _error(refusal, code)
    try:
        written = write(plan, src_real, dest_real)
    except OSError as error:
        return _error(f"could not write the project: {error}", EXIT_REFUSED)
    print(f"Imported {src} into {dest} ({written} files written).", file=out)
    print_summary(plan, dest, out)
    return EXIT_OK


def _error(message: str, code: int) -> int:
    print(f"sphinx-gh-reveal import: error: {message}", file=sys.stderr)
    return code




# --------------------------------------------------------------------------
# Destination checks and writing


def check_destination(plan: Plan, src: Path, dest: Path, args) -> tuple[str, int]:
    """Why the import must not write (empty when it may), and the exit status."""
    if plan.clashes:
        return ("; ".join(plan.clashes) + ": rename it in the site", EXIT_REFUSED)
    files = plan.files()
    into_src = [t for t in files if is_inside(dest / t, src)]
    if into_src:
        return (f"{len(into_src)} files would be written inside SRC (e.g. {dest / into_src[0]}); "
                "choose a DEST that does not contain the site folders", EXIT_REFUSED)
    outside = [t for t in files if not is_inside(dest / t, dest)]
    if outside:
        return f"{outside[0]} would be written outside DEST (a symlink in DEST?)", EXIT_REFUSED
    changed = [t for t in sorted(files) if (dest / t).exists() and not _same(dest / t, files[t])]
    overwrite_hint = f" and --overwrite to replace the {len(changed)} that differ" if changed else ""
    if dest.is_dir() and any(p.name != ".git" for p in dest.iterdir()) and not args.force_nonempty:
        return (f"DEST {args.dest} is not empty: pass --force-nonempty to add the project to it"
                f"{overwrite_hint}", EXIT_REFUSED)
    if changed and not args.overwrite:
        listing = "\n  ".join(changed)
        return (
            f"these files exist in DEST and differ; pass --overwrite to replace them:\n  {listing}",
            EXIT_REFUSED,
        )
    return "", EXIT_OK


def _same(path: Path, content: Path | str) -> bool:
    if not path.is_file():
        return False
    data = content.read_bytes() if isinstance(content, Path) else content.encode("utf-8")
    return path.read_bytes() == data


def write(plan: Plan, src: Path, dest: Path) -> int:
    """Write the plan; files already holding the same bytes are left alone."""
    written = 0
    for target, content in sorted(plan.files().items()):
        path = dest / target
        if _same(path, content):
            continue
        # Checked again right before writing: the plan was checked, the disk may have moved.
        if is_inside(path, src) or (path.parent.exists() and not is_inside(path.parent, dest)):
            raise OSError(f"refusing to write {path}: outside DEST or inside SRC")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_bytes(content.encode("utf-8"))
        written += 1
    return written


def print_summary(plan: Plan, dest: Path, out) -> None:
    """What the import brings over, and every note with its ``file:line``."""
    drafts = [c for c in plan.courses if c.draft]
    print(f"  courses:  {len(plan.courses)}", file=out)
    for course in plan.courses:
        mark = " (draft)" if course.draft else ""
        print(f"    {course.source} -> {course.target}{mark}", file=out)
    print(f"  chapters: {len(plan.chapters)}", file=out)
    print(f"  drafts:   {len(drafts)}", file=out)
    print(f"  assets:   {len(plan.assets)}", file=out)
    print(f"  written by the import: {', '.join(plan.generated)}", file=out)
    if plan.notes:
        print(f"\nCould not carry over ({len(plan.notes)}), left as written:", file=out)
        for note in plan.notes:
            print(f"  {note}", file=out)
    print("\nBuild it:", file=out)
    print(f"  sphinx-build -b revealjs {dest} {dest / '_build' / 'revealjs'}", file=out)
    print(f"  sphinx-build -b html {dest} {dest / '_build' / 'html'}", file=out)
