"""Markers written in an image description (``![alt §fragment](x.svg)``).

They act on the image, as a marker in a paragraph acts on the paragraph, or
they are reported where they stand; none is dropped without a word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import slides_of, soup_of, warnings_of

IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'

BODY = """\
## Pictures

![A chart §fragment of sales](chart.svg)

![A map §element:class=big style=width:50%;§;](map.svg)

Text before ![Second §fragment:2§;](chart.svg) and after.

![A logo §id:logos§; §slide:data-state=dim§;](map.svg)

§new

![Before §pelement:class=x§;](chart.svg)

![A typo §framgent here](chart.svg)

![Cut §new here](chart.svg)

![Mail §icon:envelope-o|mail§; us](chart.svg)

Two lines
of text ![a description
on two lines §pelement:class=y§;](map.svg) then §framgnet [back](#/nowhere)
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n', encoding="utf8")
    (tmp_path / "chart.svg").write_text(IMAGE, encoding="utf8")
    (tmp_path / "map.svg").write_text(IMAGE, encoding="utf8")
    (tmp_path / "index.md").write_text(f"---\ntitle: T\n---\n\n{BODY}", encoding="utf8")
    return tmp_path


@pytest.fixture
def deck(make_app, course):
    app = make_app("revealjs", srcdir=course, freshenv=True)
    app.build()
    return soup_of(app, "index"), warnings_of(app._warning)


def _image(soup, alt_start: str):
    return next(img for img in soup.find_all("img") if img["alt"].startswith(alt_start))


def test_fragment_and_element_style_the_image(deck):
    soup, _ = deck
    chart = _image(soup, "A chart")
    assert chart["alt"] == "A chart of sales"
    assert "fragment" in chart["class"]
    assert "fragment" not in (chart.parent.get("class") or [])
    big = _image(soup, "A map")
    assert big["alt"] == "A map"
    assert "big" in big["class"] and big["style"] == "width:50%;"
    second = _image(soup, "Second")
    assert second["data-fragment-index"] == "2" and "fragment" in second["class"]
    assert "fragment" not in (second.parent.get("class") or [])


def test_slide_markers_act_on_the_slide(deck):
    soup, _ = deck
    slide = slides_of(soup)[1].find("section")
    assert slide["id"] == "logos" and slide["data-state"] == "dim"
    assert _image(soup, "A logo")["alt"] == "A logo"


def test_markers_without_effect_are_reported_on_their_line(deck):
    soup, warnings = deck
    lines = [line for line in warnings.splitlines() if "[gh-reveal.marker]" in line]
    expected = [
        (17, "'§pelement:class=x§;' has no effect inside an image description"),
        (19, "unknown marker '§framgent'"),
        (21, "'§new' has no effect inside an image description"),
        (23, "'§icon:envelope-o|mail§;' has no effect inside an image description"),
        (27, "'§pelement:class=y§;' has no effect inside an image description"),
        (27, "unknown marker '§framgnet'"),  # after a description on two lines
    ]
    for line, words in expected:
        assert any(f"index.md:{line}: WARNING: {words}" in w for w in lines), warnings
    assert len(lines) == len(expected), warnings
    # What follows a description on two lines is located too.
    assert "index.md:27: WARNING: link to '#/nowhere'" in warnings, warnings
    # The title slide and two: '§new' in a description cuts nothing.
    assert len(slides_of(soup)) == 3
    assert _image(soup, "Before")["alt"] == "Before"
    assert _image(soup, "A typo")["alt"] == "A typo §framgent here"
    assert _image(soup, "Cut")["alt"] == "Cut here"
    assert _image(soup, "Mail")["alt"] == "Mail mail us"
    assert not soup.select("img i, img + i.fa")
    assert _image(soup, "a description")["alt"] == "a description on two lines"


def test_the_page_keeps_the_description_without_markers(make_app, course):
    app = make_app("html", srcdir=course, freshenv=True)
    app.build()
    page = soup_of(app, "index")
    assert _image(page, "A chart")["alt"] == "A chart of sales"
    assert "§" not in _image(page, "A map")["alt"]


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_the_legacy_word_is_a_section_sign_in_a_description(one_page_app, tmp_path, builder):
    # 'PARAGRAPHfragment' is text that reads '§fragment', in a paragraph as in an alt.
    (tmp_path / "chart.svg").write_text(IMAGE, encoding="utf8")
    app = one_page_app(
        "---\ntitle: T\n---\n\n## S\n\nP PARAGRAPHfragment\n\n"
        "![B3 PARAGRAPHfragment](chart.svg)\n\n![B4 PARAGRAPHfragment §fragment](chart.svg)\n\n"
        "§new\n\n## T\n",
        builder,
    )
    app.build()
    soup = soup_of(app, "index")
    assert "P §fragment" in soup.get_text()
    assert _image(soup, "B3")["alt"] == "B3 §fragment"
    assert _image(soup, "B4")["alt"] == "B4 §fragment"  # and the marker styles the image
    assert "fragment" in _image(soup, "B4")["class"]
