"""Block rule: Jekyll's ``{% include_relative path %}`` on a line of its own.

Only the path is read here; resolving it (relative to the including file,
inside the project) is the renderer's job, where the file name is known.

Token shape: ``ghr_include``, nesting 0, ``content`` the line as written,
``map`` its line, ``meta = {"path": "chapter/file.md"}``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from .structure import ALT, match_line, push_line_token

#: The tag on its line (after any indent), its path in group 1. Also read by
#: :mod:`sphinx_gh_reveal.chapters`, which finds chapters before any parsing.
INCLUDE_LINE = re.compile(r"\{%-?\s*include_relative\s+(\S+?)\s*-?%\}[ \t]*")


def include_plugin(md: MarkdownIt) -> None:
    """Parse ``{% include_relative %}`` lines."""
    md.block.ruler.before("fence", "ghr_include", _rule, {"alt": ALT})


def _rule(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    match = match_line(state, startLine, INCLUDE_LINE)
    if match is None:
        return False
    if not silent:
        token = push_line_token(state, startLine, "ghr_include", match)
        token.meta = {"path": match.group(1)}
    return True
