"""Write an author's raw HTML element that markers acted on (``ghr_html_element``).

The opening tag is written exactly as the author wrote it, unless a marker
gave the element something; then only what the marker set changes in it:

* the marker's attributes are made by the translator's own ``starttag``
  (the one every marker attribute goes through, escaped, ``data-*`` left out
  of pages), then merged into the author's tag;
* ``class`` adds the marker's classes after the author's, as the original's
  ``className + " " + value`` did; any other name the author also wrote is
  replaced, as ``setAttribute`` replaced it; new names come after the
  author's attributes;
* every attribute the marker did not touch keeps its bytes (quotes, case,
  entities, order).
"""

from __future__ import annotations

import html
import re

from docutils import nodes

from ..nodes import ATTRS_KEY

#: An attribute of an opening tag, as markdown-it's ``html_inline`` accepts it.
_ATTRIBUTE = re.compile(
    r"\s+([a-zA-Z_:][a-zA-Z0-9:._-]*)"
    r"(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\"'=<>`\x00-\x20]+))?"
)
_NAME = re.compile(r"<[A-Za-z][A-Za-z0-9-]*")
#: What ``starttag`` writes: ``name="escaped value"``.
_WRITTEN = re.compile(r'\s([^\s="]+)="([^"]*)"')


def visit_html_element(self, node: nodes.Element) -> None:
    self.body.append(opening_tag(self, node))


def depart_html_element(self, node: nodes.Element) -> None:
    self.body.append(node["end"])


def opening_tag(translator, node: nodes.Element) -> str:
    """The author's opening tag with the marker attributes of ``node`` merged in."""
    written = node["start"]
    if not (node["classes"] or node["ids"] or node.get(ATTRS_KEY)):
        return written
    made = translator.starttag(node, node["tag"], "")
    tag_end = made.index(">") + 1  # what follows: spans for extra ids
    ours = {name: value for name, value in _WRITTEN.findall(made[made.index("<") : tag_end])}
    if not ours:
        return written  # nothing survived (e.g. only data-* on a page)
    head = _NAME.match(written)
    assert head is not None  # node["start"] is an opening tag (syntax/html_elements.py)
    pieces = [written[: head.end()]]
    position = head.end()
    while match := _ATTRIBUTE.match(written, position):
        position = match.end()
        name = match.group(1).lower()
        if name not in ours:
            pieces.append(match.group())
            continue
        value = ours.pop(name)
        if name == "class":
            theirs = html.unescape((match.group(2) or "").strip("\"'")).split()
            added = [c for c in html.unescape(value).split() if c not in theirs]
            value = translator.attval(" ".join(theirs + added))
        pieces.append(f' {name}="{value}"')
    pieces.extend(f' {name}="{value}"' for name, value in ours.items())
    pieces.append(written[position:])
    return made[: made.index("<")] + "".join(pieces) + made[tag_end:]
