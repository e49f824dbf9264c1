"""Inline rule: markers written inside text (``§fragment``, ``§id:x§;``, ...).

Token shape (part of the plugin's contract, pinned by the tests):

``ghr_marker``
    nesting 0, ``content`` the marker's source text, ``meta`` the dict of
    :meth:`Marker.as_meta <sphinx_gh_reveal.syntax.scan.Marker.as_meta>` plus
    ``line_offset``: the newlines between the start of the inline text and the
    marker, so a marker on the third line of a paragraph reports that line
    (in an image description, from the start of the description).
``ghr_structure``
    the same shape, for ``§new``, ``§break`` and ``§notes`` written inside a
    paragraph rather than on a line of their own.

Unusable markers (``§framgent``, ``§icon:x`` without ``§;``) are tokens too,
with ``meta["error"]`` set: the renderer warns and keeps their text.
``\\§`` writes one literal ``§``.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from .scan import MARK, STRUCTURE_KINDS, scan_marker


def markers_plugin(md: MarkdownIt) -> None:
    """Parse gh-reveal markers inside inline text."""
    if not hasattr(md.inline, "add_terminator_char"):
        raise RuntimeError("markers_plugin requires markdown-it-py >= 4.1")
    # Without this, the text rule swallows '§' mid-sentence and the marker
    # rule only ever sees markers at the start of a paragraph.
    md.inline.add_terminator_char(MARK)
    md.inline.ruler.before("escape", "ghr_escape", _escape_rule)
    md.inline.ruler.before("escape", "ghr_marker", _marker_rule)
    md.core.ruler.after("inline", "ghr_line_offsets", _line_offsets)


def _line_offsets(state: StateCore) -> None:
    """Give each inline token the line it stands on, as ``meta["line_offset"]``.

    markdown-it maps only blocks to lines; a link or marker on the third line
    of a paragraph would otherwise be reported on the first.
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children or "\n" not in block.content:
            continue
        offset = 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                offset += 1
            elif "line_offset" not in child.meta:
                child.meta["line_offset"] = offset
            if child.type in ("text", "html_inline", "code_inline", "image"):
                offset += child.content.count("\n")  # an image's content: its description


def _escape_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("\\" + MARK, state.pos):
        return False
    if not silent:
        token = state.push("text", "", 0)
        token.content = MARK
    state.pos += 2
    return True


def _marker_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != MARK:
        return False
    marker = scan_marker(state.src, state.pos)
    if marker is None:
        return False
    if not silent:
        kind = "ghr_structure" if marker.kind in STRUCTURE_KINDS else "ghr_marker"
        token = state.push(kind, "", 0)
        token.content = marker.raw
        token.meta = marker.as_meta()
        token.meta["line_offset"] = _lines_before(state)
    state.pos += marker.end
    return True


#: Per inline parse: the position of its last marker, and the newlines before it.
_COUNTED: WeakKeyDictionary[StateInline, tuple[int, int]] = WeakKeyDictionary()


def _lines_before(state: StateInline) -> int:
    """The newlines of ``state.src`` before ``state.pos``.

    Counted on from the previous marker of the same text, so that a paragraph
    of many markers is read in linear time; the count starts over if the
    parse ever steps back, so it is always exact.
    """
    pos, lines = _COUNTED.get(state, (0, 0))
    if state.pos < pos:
        pos, lines = 0, 0
    lines += state.src.count("\n", pos, state.pos)
    _COUNTED[state] = (state.pos, lines)
    return lines
