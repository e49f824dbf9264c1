"""The deck a gh-reveal course should give, read from its Markdown text alone.

This is the oracle of the browser tests. It follows the dialect page
(``shared/gh-reveal-dialect.md``), not our parser: a plain line-based
reading of the text, which is all the structure markers need since the
original split the rendered HTML as a string.

What it computes, for :func:`expected_deck`:

* the slide grid: a title slide (one vertical slide), then one horizontal
  slide per ``§new`` part, each holding one vertical slide per ``§break``
  part. Empty parts (two markers in a row, a trailing ``§new``) still count;
* the fragments: one per ``§fragment`` / ``§fragment:N§;`` occurrence,
  i.e. one per element made a fragment (every such marker in the real
  courses sits on an element of its own). Markers in code count too, since
  they take effect in the original (a quiz answer in a code block);
* the notes: one ``<aside class="notes">`` per vertical slide holding at
  least one ``§notes``;
* the ``§id:X§;`` ids, in order.

A marker written with ``PARAGRAPH`` (``PARAGRAPHnew``) shows the marker as
text: it is never counted, simply because the raw text holds no ``§`` there.

Simplifications, documented rather than modelled:

* **Structure markers inside fenced code blocks are ignored.** In the
  original they would split the deck even there (the HTML is split as a
  string); no real course writes ``§new``/``§break``/``§notes`` in a fence,
  while fences showing ``PARAGRAPHnew``-style examples are common, so
  skipping fence lines is the safe reading. Inline markers (``§fragment``,
  ``§id``) are counted inside fences, where they do take effect.
* Fences are recognised by their opening line alone (three or more
  backticks or tildes, at any indentation), and end at a line of at least as
  many of the same character, or at the end of the text. Indented
  (four-space) code blocks are not told apart from text.
* Several ``§fragment`` markers on one element would make one fragment; this
  module counts each marker (the real courses never stack them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: ``{% include_relative path %}`` on a line of its own (Liquid's ``{%-``/``-%}`` too).
_INCLUDE = re.compile(r"^[ \t]*\{%-?\s*include_relative\s+(\S+)\s*-?%\}[ \t]*$")
#: What Jekyll accepted in an include path (see the dialect page).
_INCLUDE_PATH_OK = re.compile(r"^[A-Za-z0-9_/.\-()+~#@]+$")
_INCLUDE_PATH_BAD = re.compile(r"[./]{2,}")
_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_STRUCTURE = re.compile(r"§(new|break|notes)")
#: Bare ``§fragment`` (possibly glued to the next word) or ``§fragment:N§;``.
_FRAGMENT = re.compile(r"§fragment(?::[^§]*§;)?")
_ID = re.compile(r"§id:\s*([^§\s]+)\s*§;")


@dataclass
class DeckSpec:
    """What the deck of a course should hold."""

    verticals: list[int] = field(default_factory=list)
    """Vertical slides per horizontal slide, the title slide first (always 1)."""
    fragments: int = 0
    notes: int = 0
    ids: list[str] = field(default_factory=list)

    @property
    def horizontal(self) -> int:
        """Number of horizontal slides, title slide included."""
        return len(self.verticals)


def strip_front_matter(text: str) -> str:
    """The text after the leading YAML block (``---`` … ``---``/``...``), if any."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return text
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[number + 1 :])
    return text  # never closed: not front matter


def expand_includes(text: str, folder: Path | None, _depth: int = 0) -> str:
    """Paste ``{% include_relative %}`` files in place, recursively, as Jekyll did.

    Paths are relative to ``folder`` (the including file's folder). Paths that
    Jekyll refused raise :class:`ValueError`. Without a folder, include lines
    are left as they are.
    """
    if folder is None:
        return text
    if _depth > 20:
        raise ValueError("include_relative nested more than 20 levels deep (a loop?)")
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        match = _INCLUDE.match(line)
        if not match:
            out.append(line)
            continue
        name = match.group(1)
        if _INCLUDE_PATH_BAD.search(name) or not _INCLUDE_PATH_OK.match(name):
            raise ValueError(f"Invalid syntax for include tag: {name!r}")
        target = folder / name
        included = target.read_text(encoding="utf8")
        included = expand_includes(included, target.parent, _depth + 1)
        if included and not included.endswith("\n"):
            included += "\n"
        out.append(included)
    return "".join(out)


def _outside_fences(text: str) -> str:
    """``text`` with the lines of fenced code blocks (fences included) blanked."""
    kept: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        if fence is None:
            match = _FENCE_OPEN.match(line)
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = match.group(1)
                kept.append("")
                continue
            kept.append(line)
        else:
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = None
            kept.append("")
    return "\n".join(kept)


def expected_deck(text: str, folder: Path | None = None) -> DeckSpec:
    """The deck of the course whose Markdown (front matter included) is ``text``.

    ``folder`` is where the course file lives, for ``{% include_relative %}``.
    """
    body = expand_includes(strip_front_matter(text), folder)

    # Structure: the body split on §new, each part split on §break. The first
    # part exists even before any marker (text before it is its content).
    stacks: list[list[bool]] = [[False]]  # per vertical slide: has it §notes?
    for marker in _STRUCTURE.finditer(_outside_fences(body)):
        kind = marker.group(1)
        if kind == "new":
            stacks.append([False])
        elif kind == "break":
            stacks[-1].append(False)
        else:
            stacks[-1][-1] = True
    # The title slide comes first, a stack of one.
    verticals = [1] + [len(stack) for stack in stacks]
    notes = sum(has for stack in stacks for has in stack)

    return DeckSpec(
        verticals=verticals,
        fragments=len(_FRAGMENT.findall(body)),
        notes=notes,
        ids=[match.group(1) for match in _ID.finditer(body)],
    )
