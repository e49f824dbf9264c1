"""Block rule: ``§new``, ``§break`` and ``§notes`` on a line of their own.

The original split the rendered HTML as a string, so these markers cut a
paragraph or a list wherever they stand, blank line or not. Registering the
rule as an alternative of ``paragraph`` and ``list`` gives the same cut.

Token shape: ``ghr_structure``, nesting 0, ``content`` the marker text,
``map`` its line, ``meta`` as for inline markers (``kind`` is ``new``,
``break`` or ``notes``; ``line_offset`` is 0).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from .scan import Marker

_LINE = re.compile(r"§(new|break|notes)[ \t]*")
ALT = ["paragraph", "reference", "blockquote", "list", "footnote_def"]


def structure_plugin(md: MarkdownIt) -> None:
    """Parse whole-line structure markers."""
    md.block.ruler.before("fence", "ghr_structure", _rule, {"alt": ALT})


def _rule(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    start = state.bMarks[startLine] + state.tShift[startLine]
    end = state.eMarks[startLine]
    match = _LINE.fullmatch(state.src, start, end)
    if match is None:
        return False
    if silent:
        return True
    token = state.push("ghr_structure", "", 0)
    token.content = match.group().rstrip()
    token.map = [startLine, startLine + 1]
    token.meta = Marker(match.group(1), token.content).as_meta()
    token.meta["line_offset"] = 0
    state.line = startLine + 1
    return True
