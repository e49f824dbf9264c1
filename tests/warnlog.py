"""Read the warnings a ``sphinx-build`` run printed back into records.

For tests that build in a process of their own; the ``check`` command reads
Sphinx's log records instead and never parses text.
"""

from __future__ import annotations

import re

from sphinx.util.console import strip_colors

from sphinx_gh_reveal.cli.check import Problem

#: ``path:line: WARNING: text [type.subtype]``; the path and line may be missing.
_MESSAGE = re.compile(
    r"(?:(?P<file>[^\n]+?):(?P<line>\d+)?:? )?(?:WARNING|ERROR|CRITICAL): (?P<message>.*?)"
    r"(?: \[(?P<type>[\w-]+)(?:\.(?P<subtype>[\w.-]+))?\])?",
    re.DOTALL,
)


def parse_warnings(text: str) -> list[Problem]:
    """One :class:`Problem` per printed warning (continuation lines joined)."""
    records: list[str] = []
    for line in strip_colors(text).splitlines():
        if _MESSAGE.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    problems = []
    for record in records:
        match = _MESSAGE.fullmatch(record)
        if match is None:
            problems.append(Problem(None, None, None, None, record))
            continue
        problems.append(
            Problem(
                file=match["file"] or None,
                line=int(match["line"]) if match["line"] else None,
                type=match["type"],
                subtype=match["subtype"],
                message=match["message"],
            )
        )
    return problems
