"""``*`` emphasis as kramdown reads it: only whitespace stops a delimiter.

CommonMark decides whether a ``*`` run may open or close emphasis with its
flanking rules, which look at punctuation: in ``mot**, suite**`` the first
``**`` sits between a letter and a comma, so it cannot open, and the
asterisks are printed. kramdown (``kramdown/parser/kramdown/emphasis.rb``),
which rendered the original courses, only asks that an opening marker is
not followed by whitespace and that a closing one is not preceded by it;
there the text above is bold (the bold span is ``, suite``). Courses
written against kramdown rely on this.

So this module replaces the tokenize half of markdown-it's ``emphasis``
rule. A ``*`` run can open when the next character is not whitespace and can
close when the previous one is not (start and end of the text count as
whitespace); it may do both. It pushes the same text tokens and
:class:`~markdown_it.rules_inline.state_inline.Delimiter` entries as
markdown-it's own rule, so ``balance_pairs`` and the emphasis
post-processing in ``ruler2`` pair them exactly as before, rule of three
included. ``_`` keeps the CommonMark rules (``snake_case_name`` stays
literal).

Not copied from kramdown: it never nests an element in one of the same kind
and never lets a ``*`` em close on a ``**``; markdown-it's pairing decides
those cases. "Whitespace" is markdown-it's (Unicode spaces included), where
kramdown's Ruby ``\\s`` is ASCII only, so a no-break space next to a ``*``
counts as a space here.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter


def loose_emphasis_plugin(md: MarkdownIt) -> None:
    """Let ``*`` and ``**`` open and close next to punctuation, as in kramdown.

    Syntax::

        un mot**, suite** et **NON**, on

    Both spans are ``strong``: ``, suite`` and ``NON``. A ``*`` with
    whitespace on both sides (``2 * 3 * 4``) stays literal.

    Tokens are markdown-it's own: ``em_open``/``em_close`` (markup ``*``) and
    ``strong_open``/``strong_close`` (markup ``**``) around the text.
    """
    md.inline.ruler.at("emphasis", _tokenize)


def _tokenize(state: StateInline, silent: bool) -> bool:
    start = state.pos
    marker = state.src[start]
    # Like markdown-it's rule: delimiters only mean something once balanced,
    # which silent (validation) mode never does.
    if silent or marker not in ("*", "_"):
        return False

    if marker == "*":
        can_open, can_close, length = _scan_stars(state, start)
    else:
        can_open, can_close, length = state.scanDelims(start, False)

    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=length,
                token=len(state.tokens) - 1,
                end=-1,
                open=can_open,
                close=can_close,
            )
        )
    state.pos += length
    return True


def _scan_stars(state: StateInline, start: int) -> tuple[bool, bool, int]:
    """Whether the ``*`` run at ``start`` can open, can close, and its length."""
    pos = start
    while pos < state.posMax and state.src[pos] == "*":
        pos += 1
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[pos] if pos < state.posMax else " "
    return not isWhiteSpace(ord(after)), not isWhiteSpace(ord(before)), pos - start
