"""Many markers in one text: each read once, and every line still right.

Timing a build would make a flaky test; instead the text is a ``str`` that
counts the characters its ``count()`` looks at. Finding the lines of all the
markers of a text must look at each character about once, not once per
marker (32,000 ``§fragment`` lines took 17 s to build that way).
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from sphinx_gh_reveal.syntax import gh_reveal_plugin
from sphinx_gh_reveal.syntax.scan import strip_markers

from conftest import warnings_of

LINES = 2000


class CountingText(str):
    """A text that adds up the span each ``count(sub, start, end)`` call reads."""

    scanned = 0

    def count(self, sub, start=None, end=None):  # type: ignore[override]
        begin = 0 if start is None else start
        stop = len(self) if end is None else end
        self.scanned += max(0, stop - begin)
        return super().count(sub, start, end)


def test_code_markers_are_found_in_one_pass():
    text = CountingText("".join(f"step {i} §fragment\n" for i in range(LINES)))
    code, found = strip_markers(text)
    assert [line for line, _ in found] == list(range(LINES))
    assert "§" not in code
    assert text.scanned <= len(text)


def test_markers_of_one_paragraph_are_found_in_one_pass():
    md = MarkdownIt("commonmark").use(gh_reveal_plugin)
    text = CountingText("\n".join(f"word {i} §fragment" for i in range(LINES)))
    tokens: list = []
    md.inline.tokenize(StateInline(text, md, {}, tokens))
    lines = [t.meta["line_offset"] for t in tokens if t.type == "ghr_marker"]
    assert lines == list(range(LINES))
    assert text.scanned <= len(text)


def test_a_typo_at_the_end_of_a_long_block_is_reported_on_its_line(one_page_app):
    code = "".join(f"step {i} §fragment\n" for i in range(LINES))
    prose = "\n".join(f"word {i} §fragment" for i in range(LINES))
    body = f"```\n{code}last §framgent\n```\n\n{prose}\nend §framgnet\n"
    app = one_page_app(f"---\ntitle: T\ngh_reveal: true\n---\n\n{body}")
    app.build()
    warnings = warnings_of(app._warning)
    # Front matter and a blank line (5 lines), the fence, LINES lines of code.
    code_typo = 5 + 1 + LINES + 1
    prose_typo = code_typo + 2 + 1 + LINES
    assert f"index.md:{code_typo}: WARNING: unknown marker '§framgent'" in warnings, warnings
    assert f"index.md:{prose_typo}: WARNING: unknown marker '§framgnet'" in warnings, warnings


def test_markers_of_one_paragraph_are_taken_out_in_one_pass(one_page_app, monkeypatch):
    # Looking each marker up among its siblings made 32,000 markers in one
    # paragraph a minute's build: the markers leave their parent at once.
    from bs4 import BeautifulSoup
    from docutils import nodes

    from sphinx_gh_reveal import nodes as ghr

    looked_up = []
    index = nodes.Element.index

    def counting_index(self, item, *args):
        if isinstance(item, ghr.ghr_marker):
            looked_up.append(item)
        return index(self, item, *args)

    monkeypatch.setattr(nodes.Element, "index", counting_index)
    prose = "\n".join(f"word{i} §fragment" for i in range(LINES))
    app = one_page_app(
        f"---\ntitle: T\n---\n\n## One\n\n{prose} §element:data-x=1§;\n\n§new\n\n## Two\n"
    )
    app.build()
    assert looked_up == []
    deck = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf8"), "html.parser")
    paragraph = deck.select_one("section p.fragment")
    assert paragraph.get_text().split() == [f"word{i}" for i in range(LINES)]
    assert paragraph["data-x"] == "1"
    assert "§" not in deck.select_one("div.slides").get_text()


def test_cuts_in_one_paragraph_split_it_once(one_page_app, monkeypatch):
    # Split once per cut, a paragraph's rest was copied again at every cut:
    # 8,000 '§new' in one paragraph took 73 s to build.
    from bs4 import BeautifulSoup
    from docutils import nodes

    from sphinx_gh_reveal.transforms import slides

    cuts = 1000
    moved = 0
    hoist = slides.hoist_cuts

    def counting_hoist(course):
        nonlocal moved
        append = nodes.Element.append

        def counting_append(self, item):
            nonlocal moved
            moved += 1
            return append(self, item)

        monkeypatch.setattr(nodes.Element, "append", counting_append)
        try:
            hoist(course)
        finally:
            monkeypatch.setattr(nodes.Element, "append", append)

    monkeypatch.setattr(slides, "hoist_cuts", counting_hoist)
    monkeypatch.setattr("sphinx_gh_reveal.transforms.deck.hoist_cuts", counting_hoist)
    prose = "\n".join(f"x{i} §new" for i in range(cuts))
    app = one_page_app(f"---\ntitle: T\ngh_reveal: true\n---\n\n## One\n\n{prose}\n")
    app.build()
    # Each piece of the paragraph and each cut is placed a few times, not once per cut.
    assert 0 < moved < 10 * cuts
    deck = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf8"), "html.parser")
    stacks = deck.select("div.slides > section")[1:]
    assert len(stacks) == cuts + 1
    assert [s.get_text(" ", strip=True) for s in stacks[:3]] == ["One x0", "x1", "x2"]
