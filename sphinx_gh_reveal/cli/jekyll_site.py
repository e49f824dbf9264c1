"""Read a gh-reveal Jekyll site: which files are courses, chapters and assets.

The import command's plan: every file to write, from where, and every thing
that cannot follow (Liquid, layouts, missing files) with its ``file:line``.
Nothing here writes; :mod:`sphinx_gh_reveal.cli.import_` checks and writes.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml

from .. import __version__
from ..chapters import MAX_SCAN_BYTES, file_kind, read_bounded, read_lines

#: The Jekyll collection gh-reveal keeps its courses in.
COURSES_DIR = "_presentations"
#: Asset folders copied whole, at the site root and inside ``_presentations/``.
ASSET_DIRS = ("data", "images", "img", "assets")
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Files Sphinx would build as pages: never copied as assets.
PAGE_SUFFIXES = (*MARKDOWN_SUFFIXES, ".rst", ".ipynb")
#: Suffixes of a link target that is a page, not a file to copy.
PAGE_LINK_SUFFIXES = ("", ".html", ".htm", *MARKDOWN_SUFFIXES)

#: Files the import writes itself.
GENERATED = ("conf.py", "index.md", "requirements.txt", ".readthedocs.yaml")


# Same reading of an include line as the extension (sphinx_gh_reveal.chapters).
_LIQUID = re.compile(r"\{%-?\s*(\w*).*?-?%\}|\{\{.*?\}\}")
_SCRIPT_OPEN = re.compile(r"<script\b", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+).+?\1")
_MD_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^\s)]+)")
_REF_DEFINITION = re.compile(r"[ ]{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_HTML_ATTRIBUTE = re.compile(
    r"(?<![\w-])(src|href|poster|data-src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(r"data-background(?:-image|-video|-iframe)?=([^\s§]+)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


# --------------------------------------------------------------------------
# Command line


# --------------------------------------------------------------------------
# The plan: what goes where, and what cannot follow


@dataclass
class Course:
    """A course of the site and its place in the project."""

    source: str
    """SRC-relative POSIX path."""
    target: str
    """DEST-relative POSIX path."""
    title: str
    draft: bool


@dataclass(frozen=True)
class Note:
    """Something the import could not carry over, at ``where`` (``file:line``)."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass
class Plan:
    """Everything the import would write, and every note; nothing written yet."""

    src: Path
    """The site's folder, resolved."""
    title: str
    description: str
    show_drafts: bool
    courses_folder: str
    courses: list[Course] = field(default_factory=list)
    chapters: dict[str, Path] = field(default_factory=dict)
    """DEST-relative path -> source file."""
    assets: dict[str, Path] = field(default_factory=dict)
    """DEST-relative path -> source file."""
    generated: dict[str, str] = field(default_factory=dict)
    """DEST-relative path -> text written by the import."""
    notes: list[Note] = field(default_factory=list)
    root_doc: str = "index"
    """The generated list of courses, without ``.md``."""
    clashes: list[str] = field(default_factory=list)
    """Files of the site that would land where the import writes its own: it refuses."""

    def files(self) -> dict[str, Path | str]:
        """Every file the import writes: a source file to copy, or a text."""
        files: dict[str, Path | str] = {c.target: self.source_of(c) for c in self.courses}
        files.update(self.chapters)
        files.update(self.assets)
        files.update(self.generated)
        return files

    def source_of(self, course: Course) -> Path:
        return self.src / course.source

    def targets(self) -> list[str]:
        return sorted(self.files())


def plan_import(src: Path) -> Plan:
    """Read the site at ``src`` (resolved) and decide every file to write."""
    config, config_notes = _read_site_config(src)
    title = " ".join(_text(config.get("title")).split()) or src.name
    folder = "presentations" if (src / "courses").exists() else "courses"
    plan = Plan(
        src=src,
        title=title,
        description=_text(config.get("description")),
        show_drafts=config.get("show_drafts") is True,
        courses_folder=folder,
    )
    plan.notes.extend(config_notes)

    # Courses: Markdown files of the collection with front matter, that no
    # other course includes (those are chapters).
    candidates = []
    for path in _markdown_files(src / COURSES_DIR):
        rel = path.relative_to(src).as_posix()
        problem = regular_file_problem(path)
        if problem:
            plan.notes.append(Note(f"{rel}:1", f"{problem}, not a file: not imported"))
        elif not is_inside(path, src):
            plan.notes.append(Note(f"{rel}:1", "links outside the site: not imported"))
        else:
            candidates.append(path)
    included: set[Path] = set()
    scans = {}
    for path in candidates:
        scans[path] = scan_course(path, src, plan)
        included.update(scans[path].chapters)
    for path in candidates:
        rel = path.relative_to(src).as_posix()
        matter = _front_matter(path)
        if path in included:
            if matter is not None:
                plan.notes.append(Note(
                    f"{rel}:1",
                    "has front matter but another course includes it: imported as a chapter, "
                    "not as a course of its own",
                ))
            continue
        if matter is None:
            plan.notes.append(Note(
                f"{rel}:1",
                "no front matter, so Jekyll published it as a plain file and no course "
                "includes it: not imported",
            ))
            continue
        course = Course(
            source=rel,
            target=_map(rel, folder),
            title=_text(matter.get("title")),
            draft=matter.get("draft") is True,
        )
        plan.courses.append(course)
        if "layout" in matter:
            plan.notes.append(Note(
                f"{rel}:{_front_matter_line(path, 'layout')}",
                f"layout {_text(matter['layout'])!r} is not used: decks come from "
                "sphinx-revealjs, pages from the Sphinx theme",
            ))
        _plan_course_files(plan, src, path, course, scans[path])
    if not (src / COURSES_DIR).is_dir():
        plan.notes.append(Note(f"{COURSES_DIR}/", "missing: the site has no courses to import"))

    _plan_asset_folders(plan, src, folder)
    _note_jekyll_files(plan, src)
    for target in sorted(plan.assets):
        if target in GENERATED or target.split("/")[0] == "_build":
            plan.notes.append(Note(target, "not copied: the project's own file or build folder"))
            del plan.assets[target]
    plan.notes = sorted(dict.fromkeys(plan.notes), key=_note_order)  # a shared chapter: once
    _place_generated_files(plan)
    return plan


def _place_generated_files(plan: Plan) -> None:
    """Name the files the import writes, never over a course or a chapter of the site.

    A chapter or course that lands on ``index.md`` (``include_relative
    ../index.md``) keeps its place: the list of courses goes to
    ``gh-reveal-index.md``, which ``conf.py`` names as ``root_doc``. Any other
    clash is reported and refuses the import.
    """
    sources = {c.target: c.source for c in plan.courses}
    sources.update({t: p.resolve().relative_to(plan.src).as_posix()
                    for t, p in plan.chapters.items() if is_inside(p, plan.src)})
    if "index.md" in sources and "gh-reveal-index.md" not in sources:
        plan.root_doc = "gh-reveal-index"
        plan.notes.append(Note(
            f"{sources['index.md']}:1",
            "lands on index.md in the project: the list of courses is written to "
            "gh-reveal-index.md instead (root_doc in conf.py)",
        ))
    names = [f"{plan.root_doc}.md" if n == "index.md" else n for n in GENERATED]
    for name in names:
        if name in sources:
            plan.clashes.append(
                f"{sources[name]} would be written as {name}, which the import writes itself"
            )
    plan.generated = dict(zip(names, (conf_py(plan), index_md(plan), REQUIREMENTS, READTHEDOCS), strict=True))


def _note_order(note: Note) -> tuple[str, int]:
    """Notes by file, then by line number."""
    file, _, line = note.where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (note.where, 0)


def _plan_course_files(plan: Plan, src: Path, path: Path, course: Course, scan: Scan) -> None:
    """Chapters and referenced files of one course, placed where the copy will look."""
    course_dir = posixpath.dirname(course.target)
    for chapter, target in scan.chapter_targets.items():
        plan.chapters.setdefault(target, chapter)
    plan.notes.extend(scan.notes)
    for ref in scan.refs:
        where = f"{ref.file}:{ref.line}"
        if ref.value.startswith("/"):
            source = src / ref.value.lstrip("/")
            target = posixpath.normpath(ref.value.lstrip("/"))
        else:
            source = path.parent / ref.value
            target = posixpath.normpath(posixpath.join(course_dir, ref.value))
        inside = is_inside(source, src)
        if target.startswith("../") or target == ".." or not inside:
            plan.notes.append(Note(where, f"{ref.value} lies outside the site: not copied"))
            continue
        if not source.is_file():
            if ref.must_exist or source.suffix.lower() not in PAGE_LINK_SUFFIXES:
                plan.notes.append(Note(where, f"missing file {ref.value}: the course refers to it"))
            continue
        if source.suffix.lower() in PAGE_SUFFIXES:
            continue  # a link to a page of the site, not a file to publish
        _add_asset(plan, target, source.resolve())
        if ref.raw_html:
            plan.notes.append(Note(
                where,
                f"{ref.value} is copied, but only Markdown images are published by Sphinx; "
                "a reference in raw HTML or a marker needs the file in the output "
                "(write it as ![](...) or add it to html_extra_path)",
            ))


def _plan_asset_folders(plan: Plan, src: Path, folder: str) -> None:
    """Copy the usual asset folders whole (site root and collection)."""
    imported = {p.resolve() for p in plan.chapters.values()}
    imported |= {plan.source_of(c).resolve() for c in plan.courses}
    for parent in (src, src / COURSES_DIR):
        for name in ASSET_DIRS:
            root = parent / name
            if not root.is_dir() or root.is_symlink():
                continue
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for filename in sorted(filenames):
                    source = Path(dirpath) / filename
                    rel = source.relative_to(src).as_posix()
                    if filename.startswith("."):
                        continue
                    if not is_inside(source, src):
                        plan.notes.append(Note(rel, "links outside the site: not copied"))
                    elif source.suffix.lower() in PAGE_SUFFIXES:
                        if source.resolve() in imported:
                            continue  # a chapter or a course, already placed
                        plan.notes.append(Note(
                            f"{rel}:1", "not copied: Sphinx would build it as a page of its own"
                        ))
                    else:
                        _add_asset(plan, _map(rel, folder), source.resolve())


def _add_asset(plan: Plan, target: str, source: Path) -> None:
    problem = regular_file_problem(source)
    if problem:
        plan.notes.append(Note(target, f"{problem}, not a file: not copied"))
        return
    known = plan.assets.get(target)
    if known is None:
        plan.assets[target] = source
    elif known != source:
        plan.notes.append(Note(target, f"two files want this place; kept {known}, not {source}"))


def _note_jekyll_files(plan: Plan, src: Path) -> None:
    """Layouts, includes and site pages: Jekyll's, not carried over."""
    for kind, text in (
        ("_layouts", "custom layout {name!r} is not used: decks come from sphinx-revealjs, "
                     "pages from the Sphinx theme"),
        ("_includes", "include file {name!r} is not used (Jekyll's layouts and includes "
                      "are not carried over)"),
    ):
        folder = src / kind
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if not path.is_file():
                continue
            rel = path.relative_to(src).as_posix()
            plan.notes.append(Note(f"{rel}:1", text.format(name=path.stem)))
    chapters = {p.resolve() for p in plan.chapters.values()}
    for path in sorted(src.iterdir()):
        if path.resolve() in chapters:
            continue  # a course's chapter, imported as one
        if path.is_file() and path.suffix.lower() in (*MARKDOWN_SUFFIXES, ".html"):
            if path.stem == "index":
                text = "site index not copied: the generated index.md lists the courses instead"
            else:
                text = "page of the Jekyll site, not a course: not imported"
            plan.notes.append(Note(f"{path.name}:1", text))


# --------------------------------------------------------------------------
# Reading a course: chapters, Liquid, referenced files


@dataclass
class Ref:
    """A file a course refers to, where it is written."""

    file: str
    line: int
    value: str
    must_exist: bool
    """An image: missing is reported even without a suffix."""
    raw_html: bool


@dataclass
class Scan:
    """What reading one course (chapters included) found."""

    chapters: set[Path] = field(default_factory=set)
    chapter_targets: dict[Path, str] = field(default_factory=dict)
    refs: list[Ref] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def scan_course(path: Path, src: Path, plan: Plan) -> Scan:
    """Walk a course and its chapters as Jekyll pasted them, line by line."""
    scan = Scan()
    target_dir = posixpath.dirname(_map(path.relative_to(src).as_posix(), plan.courses_folder))
    # Jekyll pasted the chapters in, so fences and <script> blocks run across files.
    state = {"script": 0, "raw": False}
    _scan_file(path, src, scan, state, target_dir, top=True, seen=(path.resolve(),))
    return scan


def _scan_file(path, src, scan, state, target_dir, *, top, seen) -> None:
    rel = path.relative_to(src).as_posix() if is_inside(path, src) else str(path)
    lines = _read_text(path).splitlines()
    start = _front_matter_end(lines) if top else 0
    for number, (line, in_code, include) in enumerate(read_lines(lines[start:]), start=start + 1):
        where = f"{rel}:{number}"
        if include is not None:
            _scan_chapter(include, path, src, scan, state, target_dir, where, seen)
            continue
        _scan_liquid(line, where, scan, state)
        if not in_code:
            _scan_refs(_CODE_SPAN.sub("", line), rel, number, scan)


def _scan_chapter(written, path, src, scan, state, target_dir, where, seen) -> None:
    chapter = path.parent / written
    target = posixpath.normpath(posixpath.join(target_dir, written))
    if not is_inside(chapter, src) or target.startswith("../"):
        scan.notes.append(Note(where, f"chapter {written} lies outside the site: not imported"))
    elif not chapter.exists():
        scan.notes.append(Note(where, f"missing chapter {written}: the course includes it"))
    elif regular_file_problem(chapter):
        scan.notes.append(Note(
            where, f"chapter {written} is {regular_file_problem(chapter)}, not a file: not imported"
        ))
    elif chapter.resolve() in seen:
        scan.notes.append(Note(where, f"chapter {written} includes itself: not followed again"))
    else:
        scan.chapters.add(chapter)
        scan.chapter_targets[chapter] = target
        # Nested include paths are relative to the chapter; image paths stay
        # relative to the course, as Jekyll pasted the text into it.
        _scan_file(chapter, src, scan, state, posixpath.dirname(target),
                   top=False, seen=(*seen, chapter.resolve()))


def _scan_liquid(line: str, where: str, scan: Scan, state: dict) -> None:
    if _SCRIPT_OPEN.search(line) and not _SCRIPT_CLOSE.search(line):
        state["script"] += 1
    in_script = state["script"] > 0 or bool(_SCRIPT_OPEN.search(line))
    for match in _LIQUID.finditer(line):
        tag, text = match.group(1), match.group(0)
        if state["raw"]:
            if tag == "endraw":
                state["raw"] = False
            continue
        if tag == "raw":
            state["raw"] = True
            scan.notes.append(Note(where, f"Liquid tag {text} is not supported: the raw/endraw "
                                          "tags will show as text (what they wrap already does)"))
        elif tag == "include":
            name = text.split()[2] if len(text.split()) > 2 else "?"
            scan.notes.append(Note(where, f"{text} uses _includes/{name}: Jekyll includes are not "
                                          "carried over, the tag stays as text"))
        elif tag == "include_relative":
            scan.notes.append(Note(where, f"{text} is not read inside a code block or within a "
                                          "line, only on a line of its own: it stays as text"))
        elif text.startswith("{%"):
            scan.notes.append(Note(where, f"Liquid tag {text} is not supported: it stays as text"))
        elif in_script:
            scan.notes.append(Note(where, f"<script> uses the Jekyll variable {text}: the script "
                                          "gets the literal text"))
        else:
            scan.notes.append(Note(where, f"Liquid output {text} is not supported: it stays as text"))
    if _SCRIPT_CLOSE.search(line) and state["script"]:
        state["script"] -= 1


def _scan_refs(line: str, rel: str, number: int, scan: Scan) -> None:
    found: list[tuple[str, bool, bool]] = []  # value, must_exist, raw_html
    found += [(m.group(1), True, False) for m in _MD_IMAGE.finditer(line)]
    if definition := _REF_DEFINITION.match(line):
        found.append((definition.group(1), False, False))
    for match in _HTML_ATTRIBUTE.finditer(line):
        value = next(v for v in match.groups()[1:] if v is not None)
        found.append((value, match.group(1).lower() != "href", True))
    for match in _BACKGROUND.finditer(line):
        if not match.group(1).startswith(("#", "rgb", "hsl")):
            found.append((match.group(1), "." in match.group(1), True))
    for value, must_exist, raw in found:
        value = value.strip("<>")
        if not value or value.startswith(("#", "//")) or _SCHEME.match(value) or "{" in value:
            continue  # a URL, an anchor, or Liquid (already reported)
        value = unquote(value.split("#", 1)[0].split("?", 1)[0])
        if value and not value.endswith("/"):
            scan.refs.append(Ref(rel, number, value, must_exist, raw))


# --------------------------------------------------------------------------
# Files of the site


def regular_file_problem(path: Path) -> str:
    """Why ``path`` is not a regular file the import may read ('' when it is one)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "a broken symbolic link" if path.is_symlink() else "unreadable"
    return "" if stat.S_ISREG(mode) else file_kind(mode)


def _read_text(path: Path) -> str:
    """The text of a regular file (bounded, never blocking on a FIFO); '' if unreadable."""
    data = read_bounded(path, MAX_SCAN_BYTES)
    return "" if data is None else data.decode("utf-8", errors="replace")


def _read_site_config(src: Path) -> tuple[dict, list[Note]]:
    path = src / "_config.yml"
    if not path.is_file():
        return {}, []
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 1
        return {}, [Note(f"_config.yml:{line}", "not valid YAML: title and description not imported")]
    return (data if isinstance(data, dict) else {}), []


def _markdown_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(dirpath) / f for f in sorted(filenames) if f.endswith(MARKDOWN_SUFFIXES)]
    return found


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after the front matter (0 without one)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return index + 1
    return 0


def _front_matter(path: Path) -> dict | None:
    """The front matter as a mapping; ``None`` when the file has none."""
    lines = _read_text(path).splitlines()
    end = _front_matter_end(lines)
    if not end:
        return None
    try:
        data = yaml.safe_load("\n".join(lines[1 : end - 1]))
    except yaml.YAMLError:
        return {}  # Jekyll still took it as a page; the extension reports the YAML
    return data if isinstance(data, dict) else {}


def _front_matter_line(path: Path, key: str) -> int:
    lines = _read_text(path).splitlines()
    for number, line in enumerate(lines[: _front_matter_end(lines)], start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _map(rel: str, folder: str) -> str:
    """Where a SRC-relative path goes in DEST: only the collection is renamed."""
    if rel == COURSES_DIR or rel.startswith(COURSES_DIR + "/"):
        return folder + rel[len(COURSES_DIR):]
    return rel


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, symlinks resolved, lies in ``root`` (resolved)."""
    try:
        return path.resolve().is_relative_to(root)
    except OSError:
        return False


def _text(value) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value)


# --------------------------------------------------------------------------
# Files the import writes


def conf_py(plan: Plan) -> str:
    """``conf.py``: the extension, the site's title, each option explained."""
    root_doc = (
        "" if plan.root_doc == "index"
        else "\n# The site has a page at index.md: the list of courses is this document.\n"
        f"root_doc = {plan.root_doc!r}\n"
    )
    return f'''"""Sphinx configuration written by `sphinx-gh-reveal import` from a gh-reveal Jekyll site.

Build the decks and the pages:

    sphinx-build -b revealjs . _build/revealjs
    sphinx-build -b html . _build/html
"""

project = {plan.title!r}

# sphinx_gh_reveal sets up myst_parser and sphinx_revealjs itself.
extensions = ["sphinx_gh_reveal"]

# Every file of the site's _presentations/ folder was a course; this keeps
# those that use no marker (a course of plain text) courses here too.
gh_reveal_courses = ["{plan.courses_folder}/*"]

# Courses with `draft: true` are left out of the index of courses; True lists
# them, marked as drafts (the site's show_drafts).
gh_reveal_show_drafts = {plan.show_drafts!r}

# html builds also write each course's deck under slides/; False turns that off.
# gh_reveal_slides_alongside = True
# Every option: https://sphinx-gh-reveal.readthedocs.io (Configuration).

exclude_patterns = ["_build"]
{root_doc}
# Any Sphinx theme works for the pages (furo, sphinx_rtd_theme... once installed).
html_theme = "alabaster"
'''  # noqa: E501 - the text of the conf.py written, line for line


def index_md(plan: Plan) -> str:
    """``index.md``: title, description, the courses index, a hidden toctree of every course."""
    description = f"{plan.description}\n\n" if plan.description else ""
    names = [posixpath.splitext(c.target)[0] for c in plan.courses]
    # A name with '<' or '>' would read as "title <target>": as a glob pattern
    # where every special character is a class of its own, it names only itself.
    glob = any(set(name) & set("<>[]*?") for name in names)
    if glob:
        names = ["".join(f"[{c}]" if c in "<>[]*?" else c for c in name) for name in names]
    toctree = "".join(f"{name}\n" for name in names)
    options = ":hidden:\n:glob:\n" if glob else ":hidden:\n"
    return (
        f"# {plan.title}\n\n{description}"
        "```{gh-reveal-courses}\n```\n\n"
        "% Every course, drafts too, so that Sphinx builds each; readers see the list above.\n"
        f"```{{toctree}}\n{options}\n{toctree}```\n"
    )


REQUIREMENTS = f"""\
# What the project needs to build (Read the Docs installs it; by hand: pip install -r requirements.txt)
sphinx-gh-reveal>={__version__}
"""  # noqa: E501 - the text of the file written, line for line

READTHEDOCS = """\
# Read the Docs: builds the html pages; each course's deck is written beside them (slides/).
# If this project sits in a subfolder of the repository, prefix conf.py and requirements.txt with it.
version: 2
build:
  os: ubuntu-24.04
  tools:
    python: "3.12"
sphinx:
  configuration: conf.py
python:
  install:
    - requirements: requirements.txt
"""  # noqa: E501 - the text of the file written, line for line
