"""Parse the ``ATTRS`` of ``§slide``, ``§element`` and ``§pelement``.

The original split on whitespace and cut each piece at its first ``=``, so
a value runs to the next space and may hold ``:``, ``;``, ``#`` or ``(``
(``style=transform:rotate(7deg);``). We keep exactly that, and refuse what
could not have worked or could break out of an HTML attribute: names are
checked here, values are escaped by the writers. A class may not hold what
would break a LaTeX build, which writes a container's classes unescaped.
An ``id`` is checked like a ``§id``: docutils writes every id of a node
after the first unescaped (``<span id="...">``), and Sphinx writes the
first in its permalinks.
"""

from __future__ import annotations

import re

#: HTML attribute names the markers may set (``data-*``, ``aria-*``, plain names).
_ATTR_NAME = re.compile(r"[A-Za-z_][-A-Za-z0-9_.:]*")
#: What an id may hold, from ``§id:X§;`` or an ``id=`` attribute.
ID = re.compile(r"[A-Za-z][-A-Za-z0-9_.:]*")
ID_RULE = "must start with a letter and hold only letters, digits, '-', '_', '.' or ':'"
#: What no class may hold: it would end an HTML attribute, or a LaTeX
#: argument (the LaTeX writer writes a container's classes as they are).
_NOT_IN_CLASS = re.compile(r"[\\{}%#$&^~\"'<>`]")


class AttrError(ValueError):
    """An ``ATTRS`` list that cannot be applied; the message says why."""


def parse_attrs(text: str) -> list[list[str]]:
    """Return ``[name, value]`` pairs, in order, from ``key=value key=value``."""
    pairs: list[list[str]] = []
    for item in text.split():
        name, sep, value = item.partition("=")
        if not sep:
            raise AttrError(f"attribute {item!r} has no value: write {item}=VALUE")
        if not _ATTR_NAME.fullmatch(name):
            raise AttrError(f"{name!r} is not a valid HTML attribute name")
        if name.lower() == "id" and not ID.fullmatch(value):
            raise AttrError(f"id {value!r} {ID_RULE}")
        if name.lower() == "class" and (bad := _NOT_IN_CLASS.search(value)):
            raise AttrError(f"class {value!r} holds {bad.group()!r}, which no class may hold")
        pairs.append([name.lower(), value])
    if not pairs:
        raise AttrError("no attribute given: write key=value")
    return pairs
