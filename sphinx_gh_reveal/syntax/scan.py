"""The gh-reveal marker grammar, as one pure scanner.

Both the markdown-it rules and the code-block pass read markers through
:func:`scan_marker`, so a marker means the same thing wherever it is written.
The scanner never raises: text that starts with ``§`` but is not a marker
comes back as a :class:`Marker` of kind ``"unknown"`` (or ``None`` when it
does not even look like one), and the caller keeps it as literal text.

Grammar (``ATTRS`` is parsed by :mod:`sphinx_gh_reveal.syntax.attrs`)::

    §new  §break  §notes                  structure, no terminator
    §fragment                              bare, may be glued to the next word;
                                           also ``§fragment:`` with no ``N§;`` after
    §fragment:N§;  §id:X§;  §icon:NAME§;  §icon:NAME|LABEL§;
    §slide:ATTRS§;  §element:ATTRS§;  §pelement:ATTRS§;
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attrs import ID as _ID
from .attrs import ID_RULE, AttrError, parse_attrs

MARK = "§"
TERMINATOR = "§;"
STRUCTURE_KINDS = ("new", "break", "notes")
VALUE_KINDS = ("fragment", "id", "icon", "slide", "element", "pelement")
ATTR_KINDS = ("slide", "element", "pelement")
#: Markers that style an element rather than a slide.
ELEMENT_KINDS = ("element", "pelement", "fragment")

_NAME = re.compile(r"[a-z]+")
_ICON = re.compile(r"[a-z0-9][-a-z0-9]*")
#: Separates an icon's name from its label for screen readers.
ICON_LABEL = "|"
#: ``PARAGRAPH`` was the original's way to show a literal ``§``.
LEGACY_MARK = "PARAGRAPH"
#: Longest value read before giving up on a terminator, so that a stray
#: ``§id:`` in a huge paragraph costs a bounded scan.
_MAX_VALUE = 2000


@dataclass
class Marker:
    """One marker found in the text, with everything later stages need."""

    kind: str
    """``new``, ``break``, ``notes``, ``fragment``, ``id``, ``icon``,
    ``slide``, ``element``, ``pelement`` or ``unknown``."""
    raw: str
    """The exact source text, kept for messages and for literal fallback."""
    value: str = ""
    """The id, the icon name, the fragment index or the raw ``ATTRS``."""
    attrs: list[list[str]] = field(default_factory=list)
    """``[name, value]`` pairs that the marker puts on its target."""
    error: str = ""
    """Why the marker is unusable; empty when it is fine."""

    @property
    def end(self) -> int:
        """Length of the source text the marker consumes."""
        return len(self.raw)

    def as_meta(self) -> dict:
        """The marker as plain data, for ``token.meta`` and node attributes."""
        return {
            "kind": self.kind,
            "raw": self.raw,
            "value": self.value,
            "attrs": [list(pair) for pair in self.attrs],
            "error": self.error,
        }


def scan_marker(src: str, pos: int) -> Marker | None:
    """Read the marker that starts at ``src[pos]`` (a ``§``).

    Returns ``None`` when the ``§`` is not followed by a lowercase word
    (``§ 3``, ``§1.2``): that is ordinary text, not a mistake.
    """
    if not src.startswith(MARK, pos):
        return None
    name_match = _NAME.match(src, pos + 1)
    if name_match is None:
        return None
    word = name_match.group()
    # A bare fragment may be glued to the next word: ``§fragmentPour``.
    # ``_NAME`` stops at the capital, but ``§fragmentpour`` is also a
    # fragment followed by text, so match known names as prefixes.
    for kind in STRUCTURE_KINDS + ("fragment",):
        if word.startswith(kind) and (kind == "fragment" or word == kind):
            word = kind
            break
    after = pos + 1 + len(word)
    if word in STRUCTURE_KINDS:
        return Marker(word, src[pos:after])
    if word == "fragment" and not src.startswith(":", after):
        return Marker("fragment", src[pos:after], attrs=[["class", "fragment"]])
    if word not in VALUE_KINDS:
        return _unknown(src, pos, after, f"unknown marker '{MARK}{word}'")
    if not src.startswith(":", after):
        return _unknown(
            src, pos, after, f"'{MARK}{word}' needs a value: {MARK}{word}:...{TERMINATOR}"
        )
    close = _closing(src, after + 1)
    if close == -1:
        if word == "fragment":
            # The original replaced '§fragment:N§;' first and every '§fragment'
            # left after: an unclosed '§fragment:' is a bare one, its ':' text.
            return Marker("fragment", src[pos:after], attrs=[["class", "fragment"]])
        return _unknown(
            src,
            pos,
            after + 1,
            f"'{MARK}{word}:' is not closed by '{TERMINATOR}' on its line, "
            f"before any other '{MARK}'",
        )
    raw = src[pos : close + len(TERMINATOR)]
    value = src[after + 1 : close].strip()
    return _valued(word, raw, value)


def _closing(src: str, start: int) -> int:
    """Where the ``§;`` closing a value that starts at ``start`` is, or -1.

    As in the original (``§x:[^§]*§;``), the value runs to the next ``§``,
    which must open the ``§;``; the value also stays on its line.
    """
    close = src.find(MARK, start, start + _MAX_VALUE)
    if close == -1 or not src.startswith(TERMINATOR, close):
        return -1
    line_end = src.find("\n", start, close)
    return close if line_end == -1 else -1


def _unknown(src: str, pos: int, end: int, error: str) -> Marker:
    return Marker("unknown", src[pos:end], error=error)


def _valued(kind: str, raw: str, value: str) -> Marker:
    marker = Marker(kind, raw, value=value)
    if kind == "fragment":
        if not value.isdigit() or len(value) > 6:
            marker.error = f"fragment index must be a whole number, not {value!r}"
        else:
            marker.attrs = [["class", "fragment"], ["data-fragment-index", str(int(value))]]
    elif kind == "id":
        if not _ID.fullmatch(value):
            marker.error = f"slide id {value!r} {ID_RULE}"
    elif kind == "icon":
        # ``§icon:at|at sign§;``: what a screen reader says for the icon.
        name, bar, label = value.partition(ICON_LABEL)
        name, label = name.strip(), " ".join(label.split())
        if not _ICON.fullmatch(name):
            marker.error = f"icon name {name!r} must look like 'envelope-o' (a Font Awesome name)"
        elif bar and not label:
            marker.error = (
                f"icon label after '{ICON_LABEL}' is empty: "
                f"{MARK}icon:{name}{ICON_LABEL}words{TERMINATOR}"
            )
        else:
            marker.value = name
            if label:
                marker.attrs = [["aria-label", label]]
    else:
        try:
            marker.attrs = parse_attrs(value)
        except AttrError as exc:
            marker.error = str(exc)
    return marker


def iter_markers(text: str):
    """Yield ``(start, marker)`` for each marker of ``text``, left to right."""
    pos = text.find(MARK)
    while pos != -1:
        marker = scan_marker(text, pos)
        if marker is None:
            pos = text.find(MARK, pos + 1)
            continue
        yield pos, marker
        pos = text.find(MARK, pos + marker.end)


def strip_markers(text: str) -> tuple[str, list[tuple[int, Marker]]]:
    """Remove the usable markers from ``text`` (code, where no rule can see).

    Returns the text without them and the markers with the 0-based line,
    within ``text``, each stood on. A line left blank by its marker is
    dropped, so that a code block keeps no empty last line. Markers in
    error stay in the text, as written.
    """
    found: list[tuple[int, Marker]] = []
    pieces: list[str] = []
    last = line = counted = 0
    for start, marker in iter_markers(text):
        # Counted on from the previous marker: one pass over the text in all.
        line += text.count("\n", counted, start)
        counted = start
        found.append((line, marker))
        if marker.kind == "unknown" or marker.error:
            continue
        pieces.append(text[last:start])
        last = start + marker.end
    if not pieces:
        return text, found
    pieces.append(text[last:])
    # Markers never span lines, so the line lists stay aligned.
    kept = [
        line
        for line, before in zip("".join(pieces).split("\n"), text.split("\n"), strict=True)
        if line.strip() or not before.strip()
    ]
    return "\n".join(kept).rstrip(" "), found
