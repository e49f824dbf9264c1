"""Read a gh-reveal Jekyll site: every fact the plan needs, each file read once.

Courses are the Markdown files of ``_presentations/``; their chapters are
found by following ``{% include_relative %}`` lines the way Jekyll pasted
them in. Images, links and reference definitions come from the tokens of
the course parser (markdown-it with MyST's default settings and the
gh-reveal rules); raw HTML attributes, marker backgrounds and Liquid are
read from the lines, as Jekyll and the browser see them.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from ...chapters import MAX_SCAN_BYTES, file_kind, read_bounded, read_lines
from ...course import split_front_matter

#: The Jekyll collection gh-reveal keeps its courses in.
COURSES_DIR = "_presentations"
#: Asset folders copied whole, at the site root and inside ``_presentations/``.
ASSET_DIRS = ("data", "images", "img", "assets")
MARKDOWN_SUFFIXES = (".md", ".markdown")

_YAML_ERRORS = (yaml.YAMLError, ValueError, RecursionError)
# Same reading of a Liquid tag as the extension (sphinx_gh_reveal.chapters).
_LIQUID = re.compile(r"\{%-?\s*(\w*).*?-?%\}|\{\{.*?\}\}")
_SCRIPT_OPEN = re.compile(r"<script\b", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+).+?\1")
_HTML_ATTRIBUTE = re.compile(
    r"(?<![\w-])(src|href|poster|data-src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(r"data-background(?:-image|-video|-iframe)?=([^\s§]+)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Note:
    """Something the import could not carry over, at ``where`` (``file:line``)."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass(frozen=True)
class FileFacts:
    """What the plan needs to know about one path of the site."""

    path: Path
    """The path as the site names it (not resolved)."""
    resolved: Path
    inside: bool
    """It lies in the site, symlinks resolved."""
    exists: bool
    problem: str
    """Why it is not a regular file ('' when it is one)."""

    @property
    def is_file(self) -> bool:
        return self.exists and not self.problem


@dataclass(frozen=True)
class Ref:
    """A file a course refers to, where it is written."""

    file: str
    line: int
    value: str
    must_exist: bool
    """An image: missing is reported even without a suffix."""
    raw_html: bool
    """Raw HTML or a marker: Sphinx does not publish the file."""
    link: bool
    """A Markdown link: Sphinx does not publish the file either."""
    source: FileFacts
    """The file it names, read from the course's folder (or the site root)."""


@dataclass
class CourseScan:
    """One Markdown file of the collection, and what reading it as a course found."""

    rel: str
    facts: FileFacts
    matter: dict[str, Any] | None = None
    """The front matter, ``None`` without one (``{}`` when it is not a mapping)."""
    layout_line: int = 1
    chapters: dict[Path, tuple[str, Path]] = field(default_factory=dict)
    """Chapter (as named) -> its DEST-relative path and its resolved path, in reading order."""
    refs: list[Ref] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class AssetFile:
    """A file of an asset folder."""

    rel: str
    facts: FileFacts


@dataclass
class Site:
    """Everything read from the site; the plan decides from this alone."""

    src: Path
    config: dict[str, Any]
    courses_folder: str
    """Where ``_presentations/`` goes: ``courses`` (``presentations`` if taken)."""
    has_collection: bool
    notes: list[Note] = field(default_factory=list)
    candidates: list[CourseScan] = field(default_factory=list)
    """Markdown files of the collection that can be read, in walking order."""
    asset_files: list[AssetFile] = field(default_factory=list)
    jekyll_files: list[tuple[str, str]] = field(default_factory=list)
    """``_layouts``/``_includes`` files: (kind, SRC-relative path)."""
    root_pages: list[FileFacts] = field(default_factory=list)
    """Markdown and HTML files at the site root."""


# --------------------------------------------------------------------------
# The site


def scan_site(src: Path) -> Site:
    """Read the site at ``src`` (resolved)."""
    config, notes = _read_site_config(src)
    site = Site(
        src=src,
        config=config,
        courses_folder="presentations" if (src / "courses").exists() else "courses",
        has_collection=(src / COURSES_DIR).is_dir(),
        notes=notes,
    )
    reader = _Reader()
    for path in _markdown_files(src / COURSES_DIR):
        rel = path.relative_to(src).as_posix()
        facts = facts_of(path, src)
        if facts.problem:
            site.notes.append(Note(f"{rel}:1", f"{facts.problem}, not a file: not imported"))
        elif not facts.inside:
            site.notes.append(Note(f"{rel}:1", "links outside the site: not imported"))
        else:
            site.candidates.append(_scan_course(path, rel, facts, site, reader))
    site.asset_files = list(_asset_files(src))
    site.jekyll_files = list(_jekyll_files(src))
    site.root_pages = [facts_of(p, src) for p in sorted(src.iterdir()) if p.is_file()]
    return site


def map_path(rel: str, folder: str) -> str:
    """Where a SRC-relative path goes in DEST: only the collection is renamed."""
    if rel == COURSES_DIR or rel.startswith(COURSES_DIR + "/"):
        return folder + rel[len(COURSES_DIR) :]
    return rel


def facts_of(path: Path, src: Path) -> FileFacts:
    """Stat ``path`` once: where it leads, whether it is a regular file of the site."""
    try:
        mode = os.stat(path).st_mode
        exists, problem = True, "" if stat.S_ISREG(mode) else file_kind(mode)
    except OSError:
        exists, problem = False, "a broken symbolic link" if path.is_symlink() else "unreadable"
    return FileFacts(path, _resolve(path), is_inside(path, src), exists, problem)


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, symlinks resolved, lies in ``root`` (resolved)."""
    try:
        return path.resolve().is_relative_to(root)
    except OSError:
        return False


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


class _Reader:
    """The text of each file, read once (bounded, never blocking on a FIFO)."""

    def __init__(self) -> None:
        self._texts: dict[Path, str] = {}

    def text(self, path: Path) -> str:
        key = _resolve(path)
        if key not in self._texts:
            data = read_bounded(path, MAX_SCAN_BYTES)
            self._texts[key] = "" if data is None else data.decode("utf-8", errors="replace")
        return self._texts[key]


def _read_site_config(src: Path) -> tuple[dict[str, Any], list[Note]]:
    path = src / "_config.yml"
    if not path.is_file():
        return {}, []
    data = read_bounded(path, MAX_SCAN_BYTES)
    try:
        config = yaml.safe_load("" if data is None else data.decode("utf-8", errors="replace"))
    except _YAML_ERRORS as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 1
        return {}, [
            Note(f"_config.yml:{line}", "not valid YAML: title and description not imported")
        ]
    return (config if isinstance(config, dict) else {}), []


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, sorted, hidden folders left out."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield from (Path(dirpath) / f for f in sorted(filenames))


def _markdown_files(root: Path) -> list[Path]:
    return [p for p in _walk(root) if p.name.endswith(MARKDOWN_SUFFIXES)] if root.is_dir() else []


def _asset_files(src: Path) -> Iterator[AssetFile]:
    for parent in (src, src / COURSES_DIR):
        for name in ASSET_DIRS:
            root = parent / name
            if root.is_dir() and not root.is_symlink():
                for path in _walk(root):
                    if not path.name.startswith("."):
                        yield AssetFile(path.relative_to(src).as_posix(), facts_of(path, src))


def _jekyll_files(src: Path) -> Iterator[tuple[str, str]]:
    for kind in ("_layouts", "_includes"):
        folder = src / kind
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                yield kind, path.relative_to(src).as_posix()


# --------------------------------------------------------------------------
# A course: front matter, chapters, Liquid, referenced files


@dataclass
class _Pasted:
    """Reading state that runs across a course and its chapters, as Jekyll pasted them."""

    site: Site
    reader: _Reader
    course: CourseScan
    course_dir: Path
    """Relative paths of images are read from the course's folder, also in chapters."""
    script: int = 0
    raw: bool = False


def _scan_course(path: Path, rel: str, facts: FileFacts, site: Site, reader: _Reader) -> CourseScan:
    course = CourseScan(rel=rel, facts=facts)
    text = reader.text(path)
    split = split_front_matter(text)
    if split is not None:
        course.matter = _mapping(split[0])
        course.layout_line = next(
            (
                n
                for n, line in enumerate(text.splitlines()[: split[1]], 1)
                if line.startswith("layout:")
            ),
            1,
        )
    state = _Pasted(site, reader, course, path.parent)
    target_dir = posixpath.dirname(map_path(rel, site.courses_folder))
    _scan_file(state, path, target_dir, skip=split[1] if split else 0, seen=(facts.resolved,))
    return course


def _mapping(yaml_text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(yaml_text)
    except _YAML_ERRORS:
        return {}  # Jekyll still took it as a page; the extension reports the YAML
    return data if isinstance(data, dict) else {}


def _scan_file(
    state: _Pasted, path: Path, target_dir: str, *, skip: int, seen: tuple[Path, ...]
) -> None:
    src = state.site.src
    rel = path.relative_to(src).as_posix() if is_inside(path, src) else str(path)
    lines = state.reader.text(path).splitlines()[skip:]
    markdown = _markdown_refs(lines, skip)
    for number, (line, in_code, include) in enumerate(read_lines(lines), start=skip + 1):
        where = f"{rel}:{number}"
        if include is not None:
            _scan_chapter(state, path, include, target_dir, where, seen)
            continue
        _scan_liquid(state, line, where)
        found = markdown.get(number, [])
        if not in_code:
            found = found + _raw_refs(_CODE_SPAN.sub("", line))
        for item in found:
            _add_ref(state, rel, number, item)


def _scan_chapter(
    state: _Pasted, path: Path, written: str, target_dir: str, where: str, seen: tuple[Path, ...]
) -> None:
    chapter = path.parent / written
    facts = facts_of(chapter, state.site.src)
    target = posixpath.normpath(posixpath.join(target_dir, written))
    notes = state.course.notes
    if not facts.inside or target.startswith("../"):
        notes.append(Note(where, f"chapter {written} lies outside the site: not imported"))
    elif not facts.exists:
        notes.append(Note(where, f"missing chapter {written}: the course includes it"))
    elif facts.problem:
        notes.append(Note(where, f"chapter {written} is {facts.problem}, not a file: not imported"))
    elif facts.resolved in seen:
        notes.append(Note(where, f"chapter {written} includes itself: not followed again"))
    else:
        state.course.chapters[chapter] = (target, facts.resolved)
        # Nested include paths are relative to the chapter; image paths stay
        # relative to the course, as Jekyll pasted the text into it.
        _scan_file(state, chapter, posixpath.dirname(target), skip=0, seen=(*seen, facts.resolved))


def _scan_liquid(state: _Pasted, line: str, where: str) -> None:
    if _SCRIPT_OPEN.search(line) and not _SCRIPT_CLOSE.search(line):
        state.script += 1
    in_script = state.script > 0 or bool(_SCRIPT_OPEN.search(line))
    for match in _LIQUID.finditer(line):
        tag, text = match.group(1), match.group(0)
        if state.raw:
            state.raw = tag != "endraw"
            continue
        state.raw = tag == "raw"
        state.course.notes.append(Note(where, _liquid_text(tag, text, in_script)))
    if _SCRIPT_CLOSE.search(line) and state.script:
        state.script -= 1


def _liquid_text(tag: str, text: str, in_script: bool) -> str:
    if tag == "raw":
        return (
            f"Liquid tag {text} is not supported: the raw/endraw tags will show as text "
            "(what they wrap already does)"
        )
    if tag == "include":
        name = text.split()[2] if len(text.split()) > 2 else "?"
        return (
            f"{text} uses _includes/{name}: Jekyll includes are not carried over, "
            "the tag stays as text"
        )
    if tag == "include_relative":
        return (
            f"{text} is not read inside a code block or within a line, only on a line "
            "of its own: it stays as text"
        )
    if text.startswith("{%"):
        return f"Liquid tag {text} is not supported: it stays as text"
    if in_script:
        return f"<script> uses the Jekyll variable {text}: the script gets the literal text"
    return f"Liquid output {text} is not supported: it stays as text"


def _add_ref(state: _Pasted, rel: str, number: int, found: Found) -> None:
    value, must_exist, raw, link = found
    value = value.strip("<>")
    if not value or value.startswith(("#", "//")) or _SCHEME.match(value) or "{" in value:
        return  # a URL, an anchor, or Liquid (already reported)
    value = unquote(value.split("#", 1)[0].split("?", 1)[0])
    if not value or value.endswith("/"):
        return
    site = state.site
    source = site.src / value.lstrip("/") if value.startswith("/") else state.course_dir / value
    state.course.refs.append(
        Ref(rel, number, value, must_exist, raw, link, facts_of(source, site.src))
    )


# --------------------------------------------------------------------------
# Where a line refers to files


Found = tuple[str, bool, bool, bool]
"""A value as written; whether it must exist (an image), is raw HTML, is a Markdown link."""


@cache
def _parser() -> MarkdownIt:
    """The course parser with the default settings the imported conf.py keeps.

    As :func:`sphinx_gh_reveal.parser._course_parser` builds it for a course:
    MyST's markdown-it, ``$`` math on, the gh-reveal rules.
    """
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    from ...offline_math import with_dollar_math
    from ...syntax import gh_reveal_plugin

    config = dataclasses.replace(MdParserConfig(), title_to_header=False)
    config = with_dollar_math(config, True)
    parser = create_md_parser(config, RendererHTML)
    parser.use(gh_reveal_plugin)
    return parser


def _markdown_refs(lines: list[str], skip: int) -> dict[int, list[Found]]:
    """Images, links and reference definitions of the text, by 1-based line of the file."""
    env: dict[str, Any] = {}
    tokens = _parser().parse("\n".join(lines), env)
    definitions = env.get("references", {}).values()
    defined = {d["href"] for d in definitions}
    found: dict[int, list[Found]] = {}
    for line, token in _inline_targets(tokens):
        value = token.attrGet("src") if token.type == "image" else token.attrGet("href")
        if isinstance(value, str) and value not in defined:  # a [label]: the definition says it
            image = token.type == "image"
            found.setdefault(skip + line + 1, []).append((value, image, False, not image))
    for definition in definitions:
        found.setdefault(skip + definition["map"][0] + 1, []).append(
            (definition["href"], False, False, False)
        )
    return found


def _inline_targets(tokens: list[Token]) -> Iterator[tuple[int, Token]]:
    """Each image and link with its 0-based line, as the gh-reveal rules place it."""
    for block in tokens:
        if block.type == "inline" and block.map and block.children:
            for child in block.children:
                if child.type in ("image", "link_open"):
                    # ``line_offset``: set by the markers plugin, the line within the block.
                    yield block.map[0] + child.meta.get("line_offset", 0), child


def _raw_refs(line: str) -> list[Found]:
    """Paths in raw HTML attributes and in marker backgrounds of one line."""
    found: list[Found] = []
    for match in _HTML_ATTRIBUTE.finditer(line):
        value = next(v for v in match.groups()[1:] if v is not None)
        found.append((value, match.group(1).lower() != "href", True, False))
    for match in _BACKGROUND.finditer(line):
        if not match.group(1).startswith(("#", "rgb", "hsl")):
            found.append((match.group(1), "." in match.group(1), True, False))
    return found
