"""``sphinx-gh-reveal check PATH...``: lint courses without a Sphinx project.

The messages must be the ones ``sphinx-build`` gives, so ``check`` does not
re-implement any rule: it runs a real Sphinx build (``revealjs`` builder, this
extension only, the user's ``conf.py`` ignored) into a temporary folder, keeps
the warning records of Sphinx's logging (:class:`WarningCollector`: location,
type and subtype of each, never the printed text), and shows them one per line.

What is checked:

* a folder: every Markdown file under it, with the extension's course rule
  (front matter ``title`` and a structural line, see :mod:`..course`);
* a file: that file, read as a course even without a marker;
* a chapter (a file another file of its folder includes) is checked through
  the courses of that folder, as in a real build.

A build that raises (a bug) does not hide the other courses: each file is
then built on its own, and a file whose build raises is one
``gh-reveal.build`` problem.

``include_relative`` may not leave the source folder: each folder given (a
file's folder for a file), or ``--root``. Exit status: 0 nothing found, 1
something found (a failed build of a file included), 2 the command could not
run (bad path, Sphinx could not start).
"""

from __future__ import annotations

import argparse
import glob
import io
import json
import logging as stdlib_logging
import os
import sys
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from docutils.nodes import Node
from docutils.utils import get_source_line
from sphinx.util.logging import NAMESPACE as SPHINX_LOGGER
from sphinx.util.logging import is_suppressed_warning
from sphinx.util.matching import Matcher, get_matching_files

from ..chapters import MARKDOWN_SUFFIXES, find_chapters
from ..warnings_ import WARNING_TYPE, GhRevealWarnings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The suffix MyST registers: the only Markdown files a build reads.
SUFFIX = ".md"
#: Never read as sources: build outputs (Sphinx's, Jekyll's) and hidden folders,
#: at the top and at any depth (a Sphinx pattern ``**/x`` needs a folder before ``x``).
EXCLUDE = [p for name in ("_build", "_site", ".*", "node_modules") for p in (name, f"**/{name}")]


class CheckError(Exception):
    """The command cannot run as asked; the message says why (exit status 2)."""


@dataclass(frozen=True)
class Problem:
    """One message of the build, as ``--format json`` gives it."""

    file: str | None
    line: int | None
    type: str | None
    subtype: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: " if self.file else ""
        kind = f"{self.type}.{self.subtype}" if self.subtype else self.type
        return f"{where}{self.message}" + (f" [{kind}]" if kind else "")


@dataclass
class Group:
    """Paths checked by one build: the source folder and what to take from it."""

    srcdir: Path
    files: set[str] = field(default_factory=set)
    """Source-relative POSIX paths of the files given: courses, markers or not."""
    folders: set[str] = field(default_factory=set)
    """Source-relative folders given (``""`` for the source folder itself)."""


def add_parser(subparsers) -> None:
    """Register ``check``."""
    parser = subparsers.add_parser(
        "check",
        help="report problems in gh-reveal courses (the messages of a Sphinx build)",
        description="Build the given courses with Sphinx in a temporary folder and report "
        "the extension's warnings, one per line. Exit status: 0 clean, 1 problems found, "
        "2 the check could not run.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="a course file or a folder of courses"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: 'file:line: message [type]' lines; json: a list of objects",
    )
    parser.add_argument(
        "--all", action="store_true", help="also report Sphinx's and MyST's own warnings"
    )
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="the source folder include_relative may not leave "
        "(default: each folder given, or each file's folder)",
    )
    parser.add_argument(
        "--traceback", action="store_true", help="show the full traceback if a build fails"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check every path; print the problems; return the exit status."""
    try:
        groups = group_paths(args.paths, args.root)
        problems: list[Problem] = []
        for group in groups:
            problems.extend(check_group(group, traceback=args.traceback))
    except CheckError as error:
        print(f"sphinx-gh-reveal check: {error}", file=sys.stderr)
        return 2
    if not args.all:
        problems = [p for p in problems if p.type == WARNING_TYPE]
    problems = sorted(dict.fromkeys(problems), key=lambda p: (p.file or "", p.line or 0))
    if args.format == "json":
        print(json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem)
    return 1 if problems else 0


def group_paths(paths: list[str], root: str | None) -> list[Group]:
    """One group per source folder, in the order the paths were given."""
    top = Path(root).resolve() if root else None
    if top is not None and not top.is_dir():
        raise CheckError(f"--root {root}: no such folder")
    groups: dict[Path, Group] = {}
    for written in paths:
        path = Path(written).resolve()
        if not path.exists():
            raise CheckError(f"{written}: no such file or folder")
        if path.is_file() and not path.name.endswith(SUFFIX):
            raise CheckError(f"{written}: not a Markdown ({SUFFIX}) file")
        srcdir = top or (path if path.is_dir() else path.parent)
        if not path.is_relative_to(srcdir):
            raise CheckError(f"{written} is not inside --root {root}")
        group = groups.setdefault(srcdir, Group(srcdir))
        relative = _nfc(path.relative_to(srcdir).as_posix())
        if path.is_dir():
            group.folders.add("" if relative == "." else relative)
        else:
            group.files.add(relative)
    return list(groups.values())


def check_group(group: Group, *, traceback: bool = False) -> list[Problem]:
    """Build the group's Markdown files; return every message of the build.

    When the build raises (a bug, not bad input), each file is built on its
    own, so that the other courses' problems are still reported; a course
    whose own build raises is reported as a ``gh-reveal.build`` problem.
    """
    sources = _sources(group)
    if not sources:
        return []
    try:
        return _build(group, sources)
    except _BuildFailed as failure:
        if traceback:
            raise failure.error from None
        if len(sources) == 1:
            return [*failure.problems, _failed(group, sources[0], failure.error)]
    problems: list[Problem] = []
    for source in sources:
        try:
            problems.extend(_build(group, [source]))
        except _BuildFailed as failure:
            problems.extend(failure.problems)
            problems.append(_failed(group, source, failure.error))
    return problems


class _BuildFailed(Exception):
    """The build raised ``error``; ``problems`` were reported before it did."""

    def __init__(self, error: Exception, problems: list[Problem]) -> None:
        super().__init__(str(error))
        self.error = error
        self.problems = problems


def _failed(group: Group, source: str, error: Exception) -> Problem:
    return Problem(
        file=_shown(group.srcdir / source),
        line=None,
        type=WARNING_TYPE,
        subtype=GhRevealWarnings.BUILD.value,
        message=f"the build of this file failed: {type(error).__name__}: {error} "
        "(--traceback shows where; please report it)",
    )


def _build(group: Group, sources: list[str]) -> list[Problem]:
    """One revealjs build of ``sources`` (source-relative) into a temporary folder."""
    courses = tuple(glob.escape(_docname(f)) for f in sorted(group.files) if f in sources)
    overrides = {
        "extensions": ["sphinx_gh_reveal"],
        "exclude_patterns": list(EXCLUDE),
        "include_patterns": [glob.escape(f) for f in sources],
        "root_doc": _docname(sources[0]),  # Sphinx needs one; any of ours will do
        "gh_reveal_courses": courses,
        "suppress_warnings": ["toc.not_included"],  # no toctree here, by design
    }
    from sphinx.application import Sphinx  # the heavy import, only when checking
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    collector = WarningCollector()
    with tempfile.TemporaryDirectory(prefix="gh-reveal-check-") as tmp, collector:
        # As sphinx-build does: docutils' registries are put back afterwards.
        with patch_docutils(None), docutils_namespace():
            try:
                app = Sphinx(
                    group.srcdir,
                    None,
                    Path(tmp, "out"),
                    Path(tmp, "doctrees"),
                    "revealjs",
                    confoverrides=overrides,
                    status=None,
                    warning=io.StringIO(),
                    freshenv=True,
                )
            except Exception as error:  # no project to check: the command cannot run
                raise CheckError(
                    f"Sphinx could not start on {_shown(group.srcdir)}: "
                    f"{type(error).__name__}: {error}"
                ) from error
            collector.app = app
            try:
                app.build()
            except Exception as error:  # noqa: BLE001 - reported as a problem of the course
                raise _BuildFailed(error, collector.problems()) from error
            return collector.problems()


class _NodePlace(NamedTuple):
    """Where a node of a record's ``location`` came from."""

    source: str | None
    line: int | None


class WarningCollector(stdlib_logging.Filter):
    """Keep every warning record of the ``sphinx`` logger, with its location and type.

    Sphinx's :func:`sphinx.util.logging.setup` (run by ``Sphinx()``) replaces
    the handlers of the ``sphinx`` logger but keeps the logger's filters, so
    a filter on the logger, put there before the app is made, sees every
    record from the first one on, before any handler changes it. A record
    that Sphinx held back (``pending_warnings``) passes the logger a second
    time when it is let go; it is kept once. What Sphinx's warning handler
    does besides (``suppress_warnings``, ``once=True``, locations as paths)
    is done in :meth:`problems` with Sphinx's own helpers. Checked against
    Sphinx 8.2 to 9.2's ``sphinx/util/logging.py``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.app: Sphinx | None = None
        self._records: list[tuple[stdlib_logging.LogRecord, str, object]] = []
        self._seen: set[int] = set()

    def __enter__(self) -> WarningCollector:
        stdlib_logging.getLogger(SPHINX_LOGGER).addFilter(self)
        return self

    def __exit__(self, *exc_info) -> None:
        stdlib_logging.getLogger(SPHINX_LOGGER).removeFilter(self)

    def filter(self, record: stdlib_logging.LogRecord) -> bool:
        if record.levelno >= stdlib_logging.WARNING and id(record) not in self._seen:
            self._seen.add(id(record))
            # Read now, as written: the handlers rewrite the message (warning
            # types) and the location (paths), and a node may leave its tree.
            location = getattr(record, "location", None)
            if isinstance(location, Node):
                location = _NodePlace(*get_source_line(location))
            message = stdlib_logging.LogRecord.getMessage(record)
            self._records.append((record, message, location))
        return True

    def problems(self) -> list[Problem]:
        """The records as problems, as Sphinx's warning handler would show them."""
        suppressed = self.app.config.suppress_warnings if self.app is not None else ()
        problems, once = [], set()
        for record, message, location in self._records:
            kind, subtype = getattr(record, "type", None), getattr(record, "subtype", None)
            # Sphinx annotates both as str, and its first check is for a type of None.
            if is_suppressed_warning(kind, subtype, suppressed):  # type: ignore[arg-type]
                continue
            if getattr(record, "once", False):
                if message in once:
                    continue
                once.add(message)
            file, line = self._place(location)
            problems.append(
                Problem(
                    file=_shown(file) if file else None,
                    line=line,
                    type=kind or None,
                    subtype=subtype or None,
                    message=message,
                )
            )
        return problems

    def _place(self, location) -> tuple[str | None, int | None]:
        """``(file, line)`` of a record's ``location``, as Sphinx resolves it."""
        if isinstance(location, _NodePlace):
            return (os.path.abspath(location.source) if location.source else None), (
                location.line or None
            )
        if isinstance(location, tuple):
            docname, line = location
            return (self._path(docname) if docname else None), (line or None)
        if isinstance(location, str) and location:
            if ":" not in location:
                return self._path(location), None
            file, _, line = location.rpartition(":")
            return (file or None), (int(line) if line.isdigit() else None)
        return None, None

    def _path(self, docname: str) -> str:
        if self.app is None:
            return docname
        return str(self.app.env.doc2path(docname))


def _sources(group: Group) -> list[str]:
    """Source-relative paths of the Markdown files to build, chapters left out."""
    chapters = set(find_chapters(group.srcdir, Matcher(EXCLUDE), MARKDOWN_SUFFIXES))
    everything = sorted(
        f
        for f in get_matching_files(group.srcdir, exclude_patterns=EXCLUDE)
        if f.endswith(SUFFIX) and f not in chapters
    )
    if group.files & chapters:
        return everything  # a chapter is read through the courses that include it
    prefixes = tuple(f"{folder}/" for folder in group.folders if folder)
    return [
        f for f in everything if f in group.files or "" in group.folders or f.startswith(prefixes)
    ]


def _shown(path: str | Path) -> str:
    """``path`` relative to the current folder when it lies inside it."""
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _docname(source: str) -> str:
    return os.path.splitext(source)[0]


def _nfc(text: str) -> str:
    """Sphinx compares file names in NFC form; so must we."""
    return unicodedata.normalize("NFC", text)
