"""The kramdown habits: tables without a separator line, looser ``*``."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.section_ref import section_ref_plugin

from sphinx_gh_reveal.syntax.kramdown_tables import kramdown_tables_plugin
from sphinx_gh_reveal.syntax.loose_emphasis import loose_emphasis_plugin

FIXTURES = Path(__file__).parent / "fixtures" / "syntax"
SHARED = Path(__file__).parents[2] / "shared"


def _gfm() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _cases(name: str) -> list[object]:
    return [
        pytest.param(text, expected, id=f"{line}-{title}")
        for line, title, text, expected in read_fixture_file(FIXTURES / name)
    ]


@pytest.mark.parametrize(("text", "expected"), _cases("kramdown_tables.md"))
def test_kramdown_tables_fixtures(text: str, expected: str) -> None:
    md = _gfm().use(kramdown_tables_plugin)
    assert md.render(text) == expected


@pytest.mark.parametrize(("text", "expected"), _cases("loose_emphasis.md"))
def test_loose_emphasis_fixtures(text: str, expected: str) -> None:
    md = _gfm().use(loose_emphasis_plugin)
    assert md.render(text) == expected


GFM_TABLES = [
    "| a | b |\n| --- | --- |\n| c | d |\n",
    "| g | c | d |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n",
    "| a | b |\n|---|---|\n| only one |\n| x \\| y | `z` |\n",
    "| *em* | **strong** |\n| - | - |\n| [l](u) | <i>h</i> |\n\nafter\n",
    "> | a |\n> | - |\n> | b |\n",
    "- item\n\n  | a | b |\n  |---|---|\n  | c | d |\n",
    "  | a | b |\n  |---|---|\n  | c | d |\n",
]


@pytest.mark.parametrize("text", GFM_TABLES)
def test_normal_gfm_tables_are_unchanged(text: str) -> None:
    # Without the GFM rule, the tokens come from our rule alone.
    ours = MarkdownIt("commonmark").use(kramdown_tables_plugin)
    gfm = _gfm()
    assert ours.render(text) == gfm.render(text)
    ours_tokens = [t.as_dict() for t in ours.parse(text)]
    assert ours_tokens == [t.as_dict() for t in gfm.parse(text)]


def test_headerless_token_shape() -> None:
    text = "Options :\n\n| `-d` | détaché |\n| `-p` |\n\nfin\n"
    tokens = _gfm().use(kramdown_tables_plugin).parse(text)
    types = [t.type for t in tokens]
    table = tokens[types.index("table_open") : types.index("table_close") + 1]

    def row(line: int) -> list[tuple[str, int, list[int] | None]]:
        inline = ("inline", 0, [line, line + 1])
        cell = [("td_open", 1, None), inline, ("td_close", -1, None)]
        return [("tr_open", 1, [line, line + 1]), *cell, *cell, ("tr_close", -1, None)]

    assert [(t.type, t.nesting, t.map) for t in table] == [
        ("table_open", 1, [2, 4]),
        ("tbody_open", 1, [2, 4]),
        *row(2),
        *row(3),
        ("tbody_close", -1, None),
        ("table_close", -1, None),
    ]
    cells = [t.content for t in table if t.type == "inline"]
    assert cells == ["`-d`", "détaché", "`-p`", ""]
    assert all(t.attrs == {} for t in table)
    assert "thead_open" not in types


def test_rules_coexist_with_front_matter_and_gfm() -> None:
    text = (
        "---\ntitle: Cours\n---\n\n"
        "| `--mount` | volumes |\n| `--publish` | réseau |\n\n"
        "a | b\n--|--\nc | d\n\n"
        "mot**, suite**\n"
    )
    for plugins in (
        (front_matter_plugin, kramdown_tables_plugin, loose_emphasis_plugin),
        (kramdown_tables_plugin, loose_emphasis_plugin, front_matter_plugin),
    ):
        md = _gfm()
        for plugin in plugins:
            md.use(plugin)
        tokens = md.parse(text)
        assert tokens[0].type == "front_matter"
        assert tokens[0].content == "title: Cours"
        assert [t.map for t in tokens if t.type == "table_open"] == [[4, 6], [7, 10]]
        assert [t.type for t in tokens].count("thead_open") == 1
        assert md.render(text).endswith("<p>mot<strong>, suite</strong></p>\n")

    md = MarkdownIt("commonmark").use(kramdown_tables_plugin)
    rules = md.block.ruler.get_all_rules()
    assert rules.index("kramdown_table") == rules.index("table") - 1


def test_emphasis_post_processing_is_kept() -> None:
    md = MarkdownIt("commonmark").use(loose_emphasis_plugin)
    assert "emphasis" in md.inline.ruler.get_all_rules()
    assert "emphasis" in md.inline.ruler2.get_all_rules()
    loose = md.parseInline("mot**, suite**")[0].children or []
    # The same shape as markdown-it's own rule gives where CommonMark agrees,
    # down to the empty text token left where the closing run was.
    spaced = MarkdownIt("commonmark").parseInline("mot **, suite**")[0].children or []
    assert [(t.type, t.markup, t.content) for t in loose] == [
        ("text", "", "mot"),
        ("strong_open", "**", ""),
        ("text", "", ", suite"),
        ("strong_close", "**", ""),
        ("text", "", ""),
    ]
    assert [(t.type, t.markup) for t in loose] == [(t.type, t.markup) for t in spaced]


def test_loose_emphasis_with_section_ref() -> None:
    md = _gfm().use(section_ref_plugin).use(loose_emphasis_plugin)
    html = md.render("*voir §12*, puis **§3**.\n")
    assert html.startswith("<p><em>voir <span")
    assert html.count("<strong>") == 1
    assert "*" not in html


def test_padding_is_bounded() -> None:
    wide = "|" + "x|" * 40_000
    text = f"{wide}\n| a |\n| b |\n"
    html = MarkdownIt("commonmark").use(kramdown_tables_plugin).render(text)
    assert html.startswith("<p>|x|x|")


def test_corpus_option_tables() -> None:
    course = SHARED / "corpus" / "docker-cluster-2018.md"
    if not course.is_file():
        pytest.skip("the shared corpus is not beside this checkout")
    text = course.read_text(encoding="utf-8")
    md = _gfm().use(front_matter_plugin).use(kramdown_tables_plugin)
    md.use(loose_emphasis_plugin)
    tokens = md.parse(text)
    html = md.render(text)

    pipe_runs = 0
    previous = ""
    for line in text.splitlines():
        if line.startswith("|") and not previous.startswith("|"):
            pipe_runs += 1
        previous = line
    assert [t.type for t in tokens].count("table_open") == pipe_runs > 0
    assert "<thead>" not in html
    assert "<p>|" not in html
    assert "<strong>NON</strong>," in html
