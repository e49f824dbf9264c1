"""Check the destination against the plan, then write it.

Nothing is overwritten without ``--overwrite``, nothing is written into the
site, and a refused import writes nothing (every check runs first).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from .plan import Plan
from .scan import is_inside

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def check_destination(
    plan: Plan, src: Path, dest: Path, args: argparse.Namespace
) -> tuple[str, int]:
    """Why the import must not write (empty when it may), and the exit status."""
    if plan.clashes:
        return ("; ".join(plan.clashes) + ": rename it in the site", EXIT_REFUSED)
    files = plan.files()
    into_src = [t for t in files if is_inside(dest / t, src)]
    if into_src:
        return (
            f"{len(into_src)} files would be written inside SRC (e.g. {dest / into_src[0]}); "
            "choose a DEST that does not contain the site folders",
            EXIT_REFUSED,
        )
    outside = [t for t in files if not is_inside(dest / t, dest)]
    if outside:
        return f"{outside[0]} would be written outside DEST (a symlink in DEST?)", EXIT_REFUSED
    changed = [t for t in sorted(files) if (dest / t).exists() and not _same(dest / t, files[t])]
    overwrite_hint = (
        f" and --overwrite to replace the {len(changed)} that differ" if changed else ""
    )
    if dest.is_dir() and any(p.name != ".git" for p in dest.iterdir()) and not args.force_nonempty:
        return (
            f"DEST {args.dest} is not empty: pass --force-nonempty to add the project to it"
            f"{overwrite_hint}",
            EXIT_REFUSED,
        )
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
