"""What makes a Markdown file a course, and its typed front matter.

Structure decides, not mentions. A document is a course when the first of
these that applies says so:

1. its front matter says ``gh_reveal: true`` (or ``false``: never a course);
2. its name matches a pattern of ``gh_reveal_courses`` (default ``[]``);
3. its front matter has a ``title`` (or cannot be read at all) and, outside
   code, a *structural* line: ``§new``, ``§break`` or ``§notes`` on a line
   of its own, or an ``{% include_relative %}`` line.

A marker inside a code block, a code span or a sentence (``§fragment``,
``§id:x§;``, a ``§new`` mid-line) does not make a page a course on its own:
a page that explains the markers stays a page. One that is left a page
although it writes markers outside code gets a ``gh-reveal.detect`` warning
saying how to opt in (:func:`decide`).

"Outside code" is read from the tokens of the course parser itself (MyST's
markdown-it with the gh-reveal rules, :func:`find_evidence`), so fences,
indented code, code spans, raw HTML and MyST's own blocks are seen exactly
as the build sees them.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import yaml
from myst_parser.config.main import TopmatterReadError

#: Text a gh-reveal marker or include tag could be made of: a cheap first
#: look, so that a page without any is never tokenized twice.
_MARKER = re.compile(
    r"§(?:new|break|notes|fragment|id:|slide:|element:|pelement:|icon:)"
    r"|\{%-?\s*include_relative\s"
)
#: What ``yaml.safe_load`` raises on bad input (it lets some ValueErrors out).
_YAML_ERRORS = (yaml.YAMLError, ValueError, RecursionError)


def split_front_matter(text: str) -> tuple[str, int] | None:
    """The front matter's YAML text and how many lines it takes, both markers included.

    Jekyll's rule, which the build's markdown-it front matter block follows
    too: the first line is ``---`` and a later line ``---`` or ``...`` closes
    it (trailing spaces allowed). ``None`` when the text has no front matter.
    The one place that decides where front matter ends: the parser and the
    ``import`` command both read it through here.
    """
    if not text.startswith("---"):
        return None
    lines = text.splitlines()
    if lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(f"{kept}\n" for kept in lines[1:index]), index + 1
    return None


def read_front_matter(text: str) -> dict[str, Any] | None:
    """The front matter as a mapping, ``None`` without one.

    :raises TopmatterReadError: it is not valid YAML, or not a mapping.
    """
    split = split_front_matter(text)
    if split is None:
        if text.split("\n", 1)[0].rstrip() == "---":
            raise TopmatterReadError("no '---' line closes it")
        return None
    try:
        data = yaml.safe_load(split[0])
    except _YAML_ERRORS as error:
        raise TopmatterReadError("Malformed YAML") from error
    if not isinstance(data, dict):
        raise TopmatterReadError(f"YAML is not a dict: {type(data)}")
    return data


#: A language tag for ``lang`` (BCP 47's shape: ``fr``, ``en-GB``, ``pt_BR``).
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def _key(kind: type, default: Any = None, *, stored: bool = True) -> Any:
    """A front matter key of type ``kind``; ``stored`` ones are kept in ``env`` for the writers."""
    metadata = {"front_matter": kind, "stored": stored}
    if kind in (dict, list):
        return field(default_factory=kind, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class CourseInfo:
    """The front matter of a course, typed: its schema, declared once.

    Each field made by :func:`_key` is a front matter key, with the type it
    must have (:data:`KEYS`). ``env`` stores plain data (:meth:`as_dict`,
    which survives pickling and ``-j``); readers get this typed view back
    from :func:`course_info`.
    """

    title: str = _key(str, "")
    subtitle: str = _key(str, "")
    theme: str = _key(str, "")
    draft: bool = _key(bool, False)
    initialization: dict[str, Any] = _key(dict)
    markers_in_code: bool | None = _key(bool, None, stored=False)
    # A course's own look in its deck (see course_style.py).
    stylesheet: str = _key(str, "")
    footer: str = _key(str, "")
    logo: str = _key(str, "")
    plugins: list[str] = _key(list)
    lang: str = _key(str, "")
    """The course's language (``<html lang>``); empty: the build's ``language``."""
    has_math: bool = field(default=False, metadata={"stored": True})
    """Whether the course holds a formula (found after reading, by offline_math.py)."""
    problems: list[str] = field(default_factory=list)
    """Messages about keys that had a wrong type (and were ignored)."""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``env.metadata`` (survives pickling and ``-j``)."""
        return {name: _copied(getattr(self, name)) for name in _STORED}

    @classmethod
    def from_metadata(cls, data: Mapping[str, Any]) -> CourseInfo:
        """The typed view of what :meth:`as_dict` stored; the stored data is not shared."""
        return cls(**{name: _copied(data[name]) for name in _STORED if name in data})


def _copied(value: Any) -> Any:
    return type(value)(value) if isinstance(value, (dict, list)) else value


#: Front matter keys of the original tool, with the types they must have.
#: ``gh_reveal`` decides whether the page is a course (:func:`chosen`).
KEYS: dict[str, type] = {
    **{
        f.name: f.metadata["front_matter"]
        for f in fields(CourseInfo)
        if "front_matter" in f.metadata
    },
    "gh_reveal": bool,
}
#: The fields of :class:`CourseInfo` kept in ``env.metadata``.
_STORED = tuple(f.name for f in fields(CourseInfo) if f.metadata.get("stored"))


#: ``env.metadata[docname]`` key of a course's typed front matter. Sphinx
#: also files every front matter field there, as text, under its own name:
#: the space keeps this key apart from any YAML key a course could write.
METADATA_KEY = "gh-reveal course"


def course_info(env, docname: str) -> CourseInfo | None:
    """The typed front matter of ``docname`` if it was read as a course, else ``None``."""
    info = env.metadata.get(docname, {}).get(METADATA_KEY)
    return CourseInfo.from_metadata(info) if isinstance(info, dict) else None


def is_course(env, docname: str) -> bool:
    """Whether ``docname`` was read as a course."""
    return isinstance(env.metadata.get(docname, {}).get(METADATA_KEY), dict)


def has_markers(text: str) -> bool:
    """Whether ``text`` may hold a gh-reveal marker or include tag (code included)."""
    return _MARKER.search(text) is not None


def chosen(topmatter: dict[str, Any] | None, docname: str, patterns: Sequence[str]) -> bool | None:
    """The explicit choice for ``docname``, if any: rules 1 and 2 of the module docstring."""
    flag = (topmatter or {}).get("gh_reveal")
    if isinstance(flag, bool):
        return flag
    if any(fnmatch.fnmatch(docname, pattern) for pattern in patterns):
        return True
    return None


@dataclass(frozen=True)
class Evidence:
    """The first markers a page writes outside code, as ``(line, text)``."""

    structure: tuple[int, str] | None = None
    """A ``§new``/``§break``/``§notes`` line or an ``include_relative`` line."""
    inline: tuple[int, str] | None = None
    """A known marker written inside text."""


#: Block tokens of a whole-line marker or include (see :mod:`..syntax`).
_STRUCTURE_TOKENS = ("ghr_structure", "ghr_include")
#: Inline tokens of a marker written inside text.
_INLINE_TOKENS = ("ghr_marker", "ghr_structure")


def find_evidence(tokens: Iterable[Any]) -> Evidence:
    """What the page's markdown-it tokens show (1-based lines).

    Code blocks, fences and code spans are single tokens whose text no
    marker rule reads, so whatever they show never counts.
    """
    structure = inline = None
    for token in tokens:
        if token.type in _STRUCTURE_TOKENS and token.map:
            structure = (token.map[0] + 1, token.content)
            break
        if inline is None and token.type == "inline" and token.children and token.map:
            for child in token.children:
                if child.type in _INLINE_TOKENS and child.meta.get("kind", "unknown") != "unknown":
                    line = token.map[0] + 1 + child.meta.get("line_offset", 0)
                    inline = (line, child.content)
                    break
    return Evidence(structure, inline)


@dataclass(frozen=True)
class Decision:
    """Whether a page is a course, and what to tell the author when it is not."""

    course: bool
    hint: str = ""
    """For a page left a page although it writes markers: why, and how to opt in."""
    line: int = 0


_OPT_IN = (
    "add 'gh_reveal: true' to its front matter (or match it with gh_reveal_courses) "
    "to make it a course, or 'gh_reveal: false' to say it is not one"
)


def decide(topmatter: dict[str, Any] | None, unreadable: bool, evidence: Evidence) -> Decision:
    """Rule 3 of the module docstring, for a page no explicit choice settles."""
    titled = unreadable or "title" in (topmatter or {})
    if titled and evidence.structure is not None:
        return Decision(True)
    if evidence.structure is not None:
        line, text = evidence.structure
        does = "cuts slides" if text.startswith("§") else "includes a chapter"
        why = f"{text!r} {does}, but this page has no front matter 'title'"
        return Decision(False, f"not read as a course: {why}; {_OPT_IN}", line)
    if evidence.inline is not None:
        line, text = evidence.inline
        why = (
            f"{text!r} is a gh-reveal marker, but no '§new', '§break' or '§notes' line "
            "and no include_relative line outside code makes this page a course"
        )
        return Decision(False, f"not read as a course: {why}; {_OPT_IN}", line)
    return Decision(False)


def read_course_info(topmatter: Any) -> CourseInfo:
    """Type-check the front matter keys; keep what is right, note the rest."""
    info = CourseInfo()
    if not isinstance(topmatter, dict):
        if topmatter is not None:
            info.problems.append(
                "front matter must be a mapping of 'key: value' lines, "
                f"not {type(topmatter).__name__}"
            )
        return info
    for key, expected in KEYS.items():
        if key not in topmatter or key == "gh_reveal":
            continue
        value = topmatter[key]
        if expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # ``title: 2018`` is still a title
        if value is None:
            continue
        if not isinstance(value, expected):
            info.problems.append(
                f"front matter '{key}' must be {_TYPE_NAMES[expected]}, not {value!r}"
            )
            continue
        if key == "lang" and isinstance(value, str) and not _LANG.fullmatch(value):
            info.problems.append(
                f"front matter 'lang' must be a language tag such as 'fr' or 'en-GB', not {value!r}"
            )
            continue
        setattr(info, key, value)
    return info


_TYPE_NAMES = {
    str: "text",
    bool: "true or false",
    dict: "a mapping (indented 'key: value' lines)",
    list: "a list (such as [search, zoom])",
}


def log_courses(app, env) -> None:
    """``env-updated``: name the documents read as courses, on one line.

    The list is of every course of the environment, sorted, so that it is the
    same whatever was re-read and however many processes read it (``-j``).
    """
    from sphinx.util import logging

    courses = sorted(d for d in env.found_docs if is_course(env, d))
    if courses:
        label = "course" if len(courses) == 1 else "courses"
        logging.getLogger(__name__).info(
            "gh-reveal: %d %s: %s", len(courses), label, ", ".join(courses)
        )
