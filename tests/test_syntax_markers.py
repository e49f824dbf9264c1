"""The markdown-it rules alone: tokens for each marker, and bad input kept as text."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from sphinx_gh_reveal.syntax import gh_reveal_plugin
from sphinx_gh_reveal.syntax.attrs import AttrError, parse_attrs
from sphinx_gh_reveal.syntax.scan import scan_marker, strip_markers


def parse(text: str):
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(gh_reveal_plugin)
    return md.parse(text)


def inline_children(text: str):
    return [t for t in parse(text) if t.type == "inline"][0].children


@pytest.mark.parametrize(
    ("source", "kind", "value", "attrs"),
    [
        ("§fragment", "fragment", "", [["class", "fragment"]]),
        ("§fragmentPour", "fragment", "", [["class", "fragment"]]),
        ("§fragment:2§;", "fragment", "2", [["class", "fragment"], ["data-fragment-index", "2"]]),
        ("§id:sommaire§;", "id", "sommaire", []),
        ("§icon:envelope-o§;", "icon", "envelope-o", []),
        (
            "§slide: data-background=#38F247 §;",
            "slide",
            "data-background=#38F247",
            [["data-background", "#38F247"]],
        ),
        (
            "§element:style=transform:rotate(7deg);§;",
            "element",
            "style=transform:rotate(7deg);",
            [["style", "transform:rotate(7deg);"]],
        ),
        (
            "§pelement:width=40% class=a§;",
            "pelement",
            "width=40% class=a",
            [["width", "40%"], ["class", "a"]],
        ),
        ("§new", "new", "", []),
    ],
)
def test_scan_reads_each_marker(source, kind, value, attrs):
    marker = scan_marker(source + " tail", 0)
    assert (marker.kind, marker.value, marker.attrs, marker.error) == (kind, value, attrs, "")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("§framgent", "unknown marker '§framgent'"),
        ("§icon:github", "not closed"),
        ("§icon x", "needs a value"),
        ("§fragment:two§;", "whole number"),
        ("§element:class§;", "has no value"),
        ("§slide:1bad=x§;", "not a valid HTML attribute name"),
        ("§id:1x§;", "must start with a letter"),
    ],
)
def test_scan_explains_bad_markers(source, message):
    marker = scan_marker(source, 0)
    assert message in marker.error


def test_section_sign_in_prose_is_not_a_marker():
    assert scan_marker("§ 3 and §1.2", 0) is None
    assert scan_marker("§1.2", 0) is None


def test_several_markers_in_a_row_become_tokens_in_order():
    children = inline_children("- §fragment§icon:briefcase§; Admin\n")
    assert [(t.type, t.meta.get("kind")) for t in children] == [
        ("ghr_marker", "fragment"),
        ("ghr_marker", "icon"),
        ("text", None),
    ]
    assert children[2].content == " Admin"


def test_marker_mid_sentence_and_its_line_offset():
    children = inline_children("first line\nsecond §fragment:1§; line\n")
    marker = next(t for t in children if t.type == "ghr_marker")
    assert marker.meta["line_offset"] == 1
    assert marker.content == "§fragment:1§;"


@pytest.mark.parametrize("marker", ["§new", "§break", "§notes", "§new   "])
def test_structure_marker_ends_a_paragraph_and_a_list(marker):
    tokens = parse(f"para\n{marker}\n- a\n- b\n{marker}\nafter\n")
    types = [t.type for t in tokens]
    assert types.count("ghr_structure") == 2
    assert types.index("ghr_structure") == 3  # paragraph_open, inline, paragraph_close
    structure = [t for t in tokens if t.type == "ghr_structure"]
    assert structure[0].map == [1, 2] and structure[0].meta["kind"] == marker.strip()[1:]


def test_backslash_writes_a_literal_marker():
    children = inline_children("show \\§new here\n")
    assert "".join(t.content for t in children) == "show §new here"
    assert all(t.type == "text" for t in children)


def test_markers_in_code_spans_are_left_to_the_renderer():
    children = inline_children("run `docker ps §fragment` now\n")
    assert [t.type for t in children] == ["text", "code_inline", "text"]


def test_include_line():
    tokens = parse("text\n{% include_relative chapter/one.md %}\nmore\n")
    include = next(t for t in tokens if t.type == "ghr_include")
    assert include.meta == {"path": "chapter/one.md"}
    assert include.map == [1, 2]


def test_unknown_marker_is_a_token_with_its_error():
    children = inline_children("a §framgent b\n")
    bad = next(t for t in children if t.type == "ghr_marker")
    assert bad.meta["kind"] == "unknown" and "framgent" in bad.meta["error"]


def test_coexists_with_section_ref():
    from mdit_py_plugins.section_ref import section_ref_plugin

    md = MarkdownIt("commonmark").use(section_ref_plugin).use(gh_reveal_plugin)
    children = md.parse("See §1.2 then §fragment\n")[1].children
    assert [t.type for t in children] == ["text", "section_ref", "text", "ghr_marker"]


def test_strip_markers_from_code():
    text, found = strip_markers("docker run hello §fragment\n§id:x§;\nkeep §framgent\n")
    assert text == "docker run hello \nkeep §framgent\n"
    assert [(line, m.kind) for line, m in found] == [(0, "fragment"), (1, "id"), (2, "unknown")]


def test_parse_attrs_keeps_values_verbatim():
    assert parse_attrs("style=a:b;c:d; data-x=1=2") == [["style", "a:b;c:d;"], ["data-x", "1=2"]]
    with pytest.raises(AttrError):
        parse_attrs("   ")
