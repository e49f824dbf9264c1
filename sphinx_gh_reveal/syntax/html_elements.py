"""Core rule: inline raw HTML elements that markers act on become one token pair.

The original's script worked on the browser's DOM, so a marker acted on the
element holding its text even when the author wrote that element as raw
HTML: in ``<span>one§fragment:2§;</span>`` the ``<span>`` is the fragment,
in ``**<span>word§fragment</span>**`` the ``<span>``, not the ``<strong>``.
markdown-it gives each tag its own ``html_inline`` token, so nothing holds
the text in between. This rule pairs an opening tag with its closing tag
when both are in the same paragraph at the same Markdown nesting (a tag
opened inside ``**`` must close there), and turns the pair into tokens that
wrap what is between them, but only where a marker needs the element:

* an element marker (``§element``, ``§fragment``, ``§pelement``) between the
  two tags, or
* a ``§pelement`` right after the closing tag (blanks and other markers
  skipped), or right after a void element (``<img ...>``, ``<br>``,
  ``<x/>``).

Every other tag stays an ``html_inline`` token, untouched.

Token shape (part of the plugin's contract, pinned by the tests):

``ghr_html_open``
    nesting 1, ``tag`` the element name in lower case, ``content`` the
    opening tag exactly as written, ``meta`` that of the ``html_inline``
    token it replaces (``line_offset``).
``ghr_html_close``
    nesting -1, ``tag`` the same name, ``content`` the closing tag as
    written, or ``""`` for a void element.
"""

from __future__ import annotations

import re
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .scan import ELEMENT_KINDS

_OPENING = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_CLOSING = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_SELF_CLOSED = re.compile(r"/\s*>\Z")
#: Elements that never have a closing tag (the HTML standard's void elements).
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def html_elements_plugin(md: MarkdownIt) -> None:
    """Pair the inline HTML tags that markers act on (see the module docstring)."""
    # After the marker rule's line offsets, so each tag keeps the line it is on.
    md.core.ruler.after("ghr_line_offsets", "ghr_html_elements", _rule)


def _rule(state: StateCore) -> None:
    for block in state.tokens:
        children = block.children
        if block.type != "inline" or not children or "<" not in block.content:
            continue
        types = {child.type for child in children}
        if "html_inline" in types and "ghr_marker" in types:
            block.children = _with_elements(children)


def _tag(content: str) -> tuple[str, str]:
    """``("open" | "void" | "close" | "", name)`` for one ``html_inline`` token."""
    closing = _CLOSING.fullmatch(content)
    if closing:
        return "close", closing.group(1).lower()
    opening = _OPENING.match(content)
    if not opening:
        return "", ""  # a comment, a processing instruction, a declaration
    name = opening.group(1).lower()
    if name in VOID or _SELF_CLOSED.search(content):
        return "void", name
    return "open", name


def _pairs(children: list[Token]) -> list[tuple[int, int | None, str]]:
    """``(open, close, name)`` index pairs; ``close`` is ``None`` for a void element."""
    found: list[tuple[int, int | None, str]] = []
    stack: list[tuple[str, int, int]] = []  # name, index, Markdown depth
    depth = 0
    for index, token in enumerate(children):
        if token.nesting == 1:
            depth += 1
        elif token.nesting == -1:
            depth -= 1
            while stack and stack[-1][2] > depth:
                stack.pop()  # never closed inside the '**' that opened it
        elif token.type == "html_inline":
            kind, name = _tag(token.content)
            if kind == "open":
                stack.append((name, index, depth))
            elif kind == "void":
                found.append((index, None, name))
            elif kind == "close":
                for position in range(len(stack) - 1, -1, -1):
                    if stack[position][2] != depth:
                        break  # the tags would cross Markdown markup
                    if stack[position][0] == name:
                        found.append((stack[position][1], index, name))
                        del stack[position:]
                        break
    return found


def _is_element_marker(token: Token, kinds=ELEMENT_KINDS) -> bool:
    return (
        token.type == "ghr_marker"
        and token.meta.get("kind") in kinds
        and not token.meta.get("error")
    )


def _pelement_follows(children: list[Token], index: int) -> bool:
    """Whether a ``§pelement`` comes after ``children[index]``, blanks and markers skipped."""
    for token in children[index + 1 :]:
        if token.type == "softbreak" or (token.type == "text" and not token.content.strip()):
            continue
        if _is_element_marker(token, ("pelement",)):
            return True
        if (
            token.type == "ghr_marker"
            and token.meta.get("kind") != "icon"
            and not token.meta.get("error")
        ):
            continue  # '§id', '§slide', '§element' leave no node for '§pelement' to see
        return False
    return False


def _with_elements(children: list[Token]) -> list[Token]:
    opens: dict[int, str] = {}
    closes: dict[int, str] = {}
    voids: dict[int, str] = {}
    for start, end, name in _pairs(children):
        if end is None:
            if _pelement_follows(children, start):
                voids[start] = name
        elif _pelement_follows(children, end) or any(
            _is_element_marker(token) for token in children[start + 1 : end]
        ):
            opens[start], closes[end] = name, name
    if not (opens or voids):
        return children
    result: list[Token] = []
    for index, token in enumerate(children):
        if index in opens or index in voids:
            result.append(_retyped(token, "ghr_html_open", opens.get(index) or voids[index], 1))
            if index in voids:
                result.append(_retyped(token, "ghr_html_close", voids[index], -1, content=""))
        elif index in closes:
            result.append(_retyped(token, "ghr_html_close", closes[index], -1))
        else:
            result.append(token)
    return result


def _retyped(
    token: Token, kind: str, name: str, nesting: Literal[-1, 0, 1], content: str | None = None
) -> Token:
    new = Token(kind, name, nesting, content=token.content if content is None else content)
    new.meta = dict(token.meta)
    new.map = token.map
    new.level = token.level
    return new
