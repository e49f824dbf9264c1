"""``##`` with nothing after it is text, as kramdown reads it.

CommonMark makes ``##`` (or ``## `` with trailing spaces) an empty ``<h2>``.
kramdown's GFM parser, which rendered the original courses, makes a header
only when text follows the hashes; otherwise the line is paragraph text, and
the original showed ``##`` on the slide. This module wraps markdown-it's
``heading`` rule so that a line of hashes alone is left to the paragraph
rule; every other heading is markdown-it's own.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.heading import heading

#: One to six hashes and nothing else on the line (but blanks).
_HASHES_ALONE = re.compile(r"#{1,6}[ \t]*")


def empty_headings_plugin(md: MarkdownIt) -> None:
    """Read a line of hashes alone (``##``, ``## ``) as text, not as an empty heading.

    Syntax::

        ##
        ## Title

    The first line is a paragraph showing ``##``; the second a heading.
    Tokens are markdown-it's own (``paragraph_open``/``inline``/...).
    """
    # ``at`` resets the alternatives: give back markdown-it's own for headings.
    md.block.ruler.at("heading", _rule, {"alt": ["paragraph", "reference", "blockquote"]})


def _rule(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    start = state.bMarks[startLine] + state.tShift[startLine]
    if _HASHES_ALONE.fullmatch(state.src, start, state.eMarks[startLine]):
        return False
    return heading(state, startLine, endLine, silent)
