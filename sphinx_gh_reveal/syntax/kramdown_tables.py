"""Tables as kramdown reads them: no separator line needed.

The original tool rendered courses with kramdown, whose table rule
(``kramdown/parser/kramdown/table.rb``) is laxer than GFM's. Real courses
rely on it: their option tables are runs of ``| a | b |`` lines with no
``|---|`` line, which markdown-it's GFM rule leaves as a paragraph. This
rule reads such a run as a table, and emits the very tokens the GFM rule
emits, so markdown-it's HTML renderer and myst's docutils renderer need
nothing new.

What we keep from kramdown:

- A run of consecutive lines starting with ``|`` (after up to three spaces)
  is a table. With no separator line, every row is a body row and there is
  no ``thead`` at all.
- A separator line may have empty cells (``| --- | | |``); GFM rejects it.
- A ``|`` inside a code span does not split cells; ``\\|`` is a literal pipe.
- Rows may have different cell counts: every row is padded with empty cells
  to the widest one (GFM instead cuts rows to the header's width).
- A table is not a paragraph interrupter. kramdown starts a table only after
  a block boundary, and its GFM paragraph does not end at a ``|`` line, so
  ``|`` lines directly under text are more of that paragraph.
- A table must end at a blank line or at the end of its container. kramdown
  drops a table followed directly by text (the lines stay a paragraph, pipes
  and all); so do we.
- A table with a header and no body row is dropped, as kramdown drops it
  ("table without body"); when the GFM rule is enabled it then takes it.

What we simplify, on purpose:

- Only lines starting with ``|`` count. kramdown also takes any line holding
  an unescaped pipe (``a | b``), which would turn a shell line such as
  ``docker ps | grep web`` into a table; no course relies on it.
- Only a separator on the second line makes a header (the first line).
  kramdown makes every row above its first separator a header row and uses
  later separators to split the body; here any other separator line is
  dropped. Footer separators (``|===|``) are not recognised.
- Alignment is read cell by cell. kramdown collects the dash cells and skips
  the empty ones, so ``| --- | | :-: |`` centres its *second* column there.
- We do not check that a blank line comes *before* the table: a table right
  under a heading is a table here, a paragraph in kramdown.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_BACKTICKS = re.compile(r"`+")

# Padding ragged rows can blow up a small input (one wide row, many narrow
# ones); markdown-it's GFM rule caps the padding at the same number.
_MAX_PADDED_CELLS = 0x10000


def kramdown_tables_plugin(md: MarkdownIt) -> None:
    """Read kramdown tables, with or without a separator line.

    Syntax::

        | `--bind`  | volumes |
        | `--publish` | ports |

        | option | effect |
        | ------ |        |
        | `-d`   | detach |

    The first block is a table with two body rows and no header; in the
    second, the line above the separator is the header.

    Tokens are those of markdown-it's GFM table rule: ``table_open`` (map:
    the table's lines), then, only when there is a header, ``thead_open``,
    ``tr_open``, one ``th_open``/``inline``/``th_close`` per column,
    ``tr_close``, ``thead_close``; then ``tbody_open`` (map: from the first
    body row to the end), one ``tr_open`` (map: its line) per row with
    ``td_open``/``inline``/``td_close`` per column, ``tr_close``,
    ``tbody_close``, ``table_close``. Aligned cells carry
    ``attrs={"style": "text-align:left"}`` (``right``, ``center``); each
    ``inline`` holds the trimmed cell text, ``""`` for padding.

    The rule runs before the GFM ``table`` rule; a normal GFM table gives
    the same tokens either way.
    """
    # "reference": like the GFM rule, a table line ends a reference definition.
    md.block.ruler.before("table", "kramdown_table", _rule, {"alt": ["reference"]})


def _rule(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    if not _is_pipe_line(state, startLine):
        return False

    end = startLine + 1
    while end < endLine and _is_pipe_line(state, end):
        end += 1
    # kramdown wants a block boundary after the table: a blank line, or the
    # end of the container (an outdented line ends a list item).
    followed = end < endLine and not state.isEmpty(end)
    if followed and state.sCount[end] >= state.blkIndent:
        return False

    rows: list[tuple[int, list[str]]] = []
    aligns: list[str] = []
    has_header = False
    for line in range(startLine, end):
        cells = _split_row(_line_text(state, line))
        if _is_separator(cells):
            if line == startLine + 1 and rows:
                has_header = True
                aligns = [_alignment(cell) for cell in cells]
            continue
        rows.append((line, cells))

    body = rows[1:] if has_header else rows
    if not body:
        return False
    columns = max(len(cells) for _, cells in rows)
    if columns == 0:
        return False
    if sum(columns - len(cells) for _, cells in rows) > _MAX_PADDED_CELLS:
        return False

    if silent:
        return True

    token = state.push("table_open", "table", 1)
    token.map = [startLine, end]
    if has_header:
        token = state.push("thead_open", "thead", 1)
        token.map = [startLine, startLine + 1]
        _push_row(state, rows[0], "th", aligns, columns)
        state.push("thead_close", "thead", -1)
    token = state.push("tbody_open", "tbody", 1)
    token.map = [body[0][0], end]
    for row in body:
        _push_row(state, row, "td", aligns, columns)
    state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)

    state.line = end
    return True


def _is_pipe_line(state: StateBlock, line: int) -> bool:
    if state.sCount[line] < state.blkIndent or state.is_code_block(line):
        return False
    pos = state.bMarks[line] + state.tShift[line]
    return pos < state.eMarks[line] and state.src[pos] == "|"


def _line_text(state: StateBlock, line: int) -> str:
    start = state.bMarks[line] + state.tShift[line]
    return mdTrim(state.src[start : state.eMarks[line]])


def _split_row(text: str) -> list[str]:
    """Cut a row at its pipes, leaving code spans and ``\\|`` whole."""
    closers = _closing_runs(text)
    cells: list[str] = []
    current: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "\\" and text[pos + 1 : pos + 2] in ("|", "`"):
            # Both kramdown and GFM drop the backslash of an escaped pipe;
            # an escaped backtick must stay escaped for the inline parser.
            current.append("|" if text[pos + 1] == "|" else "\\`")
            pos += 2
        elif char == "`":
            run_end = pos
            while run_end < len(text) and text[run_end] == "`":
                run_end += 1
            run = run_end - pos
            close = _next_run(closers.get(run, []), run_end)
            stop = pos + run if close is None else close + run
            current.append(text[pos:stop])
            pos = stop
        elif char == "|":
            cells.append("".join(current))
            current = []
            pos += 1
        else:
            current.append(char)
            pos += 1
    cells.append("".join(current))
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return [mdTrim(cell) for cell in cells]


def _closing_runs(text: str) -> dict[int, list[int]]:
    """Start of every backtick run on the line, by run length."""
    runs: dict[int, list[int]] = {}
    for match in _BACKTICKS.finditer(text):
        runs.setdefault(len(match.group()), []).append(match.start())
    return runs


def _next_run(starts: list[int], after: int) -> int | None:
    index = bisect_left(starts, after)
    return starts[index] if index < len(starts) else None


def _is_separator(cells: list[str]) -> bool:
    dashes = [cell for cell in cells if cell]
    return bool(dashes) and all(_SEPARATOR_CELL.match(cell) for cell in dashes)


def _alignment(cell: str) -> str:
    if cell.endswith(":"):
        return "center" if cell.startswith(":") else "right"
    return "left" if cell.startswith(":") else ""


def _push_row(
    state: StateBlock,
    row: tuple[int, list[str]],
    tag: str,
    aligns: list[str],
    columns: int,
) -> None:
    line, cells = row
    token = state.push("tr_open", "tr", 1)
    token.map = [line, line + 1]
    for index in range(columns):
        token = state.push(f"{tag}_open", tag, 1)
        if index < len(aligns) and aligns[index]:
            token.attrs = {"style": "text-align:" + aligns[index]}
        token = state.push("inline", "", 0)
        # The GFM rule keeps a map on cell inlines too, so that later stages
        # can point at the line.
        token.map = [line, line + 1]
        token.content = cells[index] if index < len(cells) else ""
        token.children = []
        state.push(f"{tag}_close", tag, -1)
    state.push("tr_close", "tr", -1)
