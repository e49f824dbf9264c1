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
from markdown_it.token import Token

from .scan import Marker

_LINE = re.compile(r"§(new|break|notes)[ \t]*")
ALT = ["paragraph", "reference", "blockquote", "list", "footnote_def"]


def structure_plugin(md: MarkdownIt) -> None:
    """Parse whole-line structure markers."""
    md.block.ruler.before("fence", "ghr_structure", _rule, {"alt": ALT})


def match_line(state: StateBlock, line: int, pattern: re.Pattern) -> re.Match | None:
    """Match ``pattern`` against the whole of ``line`` (not an indented code line)."""
    if state.sCount[line] - state.blkIndent >= 4:
        return None
    start = state.bMarks[line] + state.tShift[line]
    return pattern.fullmatch(state.src, start, state.eMarks[line])


def push_line_token(state: StateBlock, line: int, kind: str, match: re.Match) -> Token:
    """Push a one-line token for ``match`` and move past its line."""
    token = state.push(kind, "", 0)
    token.content = match.group().rstrip()
    token.map = [line, line + 1]
    state.line = line + 1
    return token


def _rule(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    match = match_line(state, startLine, _LINE)
    if match is None:
        return False
    if not silent:
        token = push_line_token(state, startLine, "ghr_structure", match)
        token.meta = {**Marker(match.group(1), token.content).as_meta(), "line_offset": 0}
    return True
