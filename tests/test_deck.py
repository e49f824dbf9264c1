"""The deck a course gives with the revealjs builders, read back from its HTML."""

from __future__ import annotations

import json
import re

import pytest

from conftest import slides_of, soup_of, warnings_of


@pytest.fixture
def deck(app, warning):
    app.build()
    return soup_of(app, "course"), warnings_of(warning)


def verticals(stack):
    return stack.find_all("section", recursive=False)


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_a_clean_course_builds_without_warnings(deck):
    _, warnings = deck
    assert warnings == ""


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_title_slide_then_one_stack_per_new_part(deck):
    soup, _ = deck
    stacks = slides_of(soup)
    title = stacks[0]
    assert title.h1.get_text() == "The basic course"
    assert title.select_one(".ghr-subtitle").get_text() == "Every marker once"
    assert not title.find("section")
    # 4 parts after the title: the trailing §new gives an empty last stack.
    assert [len(verticals(s)) for s in stacks[1:]] == [3, 1, 1, 1, 1]
    assert verticals(stacks[-1])[0].get_text(strip=True) == ""
    assert soup.title.get_text() == "The basic course"


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_headings_keep_their_level_and_never_split(deck):
    soup, _ = deck
    first, second, _summary = verticals(slides_of(soup)[1])
    assert first.h2.get_text() == "First heading"
    assert second.h3.get_text(strip=True) == "Sub heading"
    assert second.find("h3").find_parent("section") is second


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_slide_id_and_attributes_of_any_name(deck):
    soup, _ = deck
    summary = soup.find("section", id="summary")
    assert summary["data-background-color"] == "#38F247"
    assert summary["data-transition"] == "zoom"
    assert summary["class"] == ["special"]
    # The heading under §id does not repeat the slide's id.
    assert len(soup.select("#summary")) == 1
    assert soup.find("section", id="the-end") is not None


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_element_markers_land_on_the_intended_element(deck):
    soup, _ = deck
    items = soup.select("ul li")
    assert items[0]["class"] == ["fragment"]
    assert items[0].find("i", class_="fa-briefcase") is not None
    assert items[1]["class"] == ["fragment", "grow"]
    assert not items[2].get("class")
    heading = soup.find("h3")
    assert heading["class"] == ["fragment"] and heading["data-fragment-index"] == "2"
    assert soup.find("em")["class"] == ["fragment"]
    assert soup.find("strong", string="strong")["class"] == ["loud"]
    assert soup.find("td", class_="hot").get_text(strip=True) == "cell"


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_pelement_styles_the_image_and_the_table_before_it(deck):
    soup, _ = deck
    img = soup.find("img", alt="A square")
    assert img["width"] == "40%"
    assert img.has_attr("data-preview-image")
    assert soup.find("table")["style"] == "font-size:80%;"
    assert not soup.find("table").find("thead"), "kramdown table without separator has no header"
    assert "§" not in soup.select_one("div.slides").get_text().replace("§new and §break", "")


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_marker_in_code_applies_to_the_whole_block_and_leaves_the_code(deck):
    soup, _ = deck
    pre = soup.find("pre")
    assert pre["class"] == ["fragment"]
    assert pre.code.get_text().strip() == "docker run hello-world"
    assert pre.code["class"] == ["language-bash"]
    inline = next(c for c in soup.find_all("code", class_="literal") if c.get_text() == "code")
    assert "fragment" in inline["class"] and inline["data-fragment-index"] == "3"


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_notes_keep_their_markup(deck):
    soup, _ = deck
    (notes,) = soup.select("aside.notes")
    assert notes.find_parent("section")["id"] == "summary"
    assert notes.find("strong").get_text() == "smile"
    assert [li.get_text() for li in notes.find_all("li")] == ["breathe", "see the docs"]
    assert notes.find("a")["href"] == "https://example.org"


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_slide_links_are_kept_and_do_not_warn(deck):
    soup, warnings = deck
    hrefs = [a["href"] for a in soup.select("section#summary > ul a")]
    assert hrefs == ["#/the-end", "#/summary"]
    assert "cross-reference" not in warnings


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_icons_and_raw_font_awesome_markup_get_their_styles(app, deck):
    soup, _ = deck
    icon = soup.find("i", class_="fa-envelope-o")
    assert icon["class"] == ["fa", "fa-envelope-o"] and icon["aria-hidden"] == "true"
    sheets = [link["href"].split("?v=")[0] for link in soup.find_all("link", rel="stylesheet")]
    assert "_static/gh-reveal/fontawesome/css/all.min.css" in sheets
    assert "_static/gh-reveal/fontawesome/css/v4-shims.min.css" in sheets
    static = app.outdir / "_static" / "gh-reveal" / "fontawesome"
    assert (static / "webfonts" / "fa-solid-900.woff2").is_file()
    assert "../webfonts/fa-solid-900.woff2" in (static / "css" / "all.min.css").read_text()


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_theme_and_typed_initialization_reach_reveal(deck):
    soup, _ = deck
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert "_static/revealjs/dist/theme/white.css" in sheets
    script = next(
        s.string for s in soup.find_all("script") if s.string and "Reveal.initialize" in s.string
    )
    configs = [
        json.loads(m) for m in re.findall(r"Object\.assign\(revealjsConfig, (\{.*?\})\);", script)
    ]
    page = configs[-1]
    assert page == {
        "controls": False,
        "hash": True,
        "history": True,
        "slideNumber": "c/t",
        "transition": "fade",
    }
    plugins = re.search(r"revealjsConfig\.plugins = \[(.*?)\]", script, re.S).group(1)
    assert [p.strip() for p in plugins.split(",") if p.strip()] == [
        "RevealNotes",
        "RevealHighlight",
        "RevealZoom",
    ]


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_legacy_word_and_backslash_write_literal_markers(deck):
    soup, _ = deck
    text = soup.select_one("div.slides").get_text()
    assert "Show §new and §break literally." in text
    assert soup.find("strong", string=", suite") is not None


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_markers_in_code_stay_literal_when_the_course_says_so(app, deck):
    soup = soup_of(app, "literal-code")
    assert soup.find("pre").get_text().strip() == "- item §fragment"
    assert not soup.find("pre").get("class")
    assert soup.find("code", class_="literal").get_text() == "§id:x§;"


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_other_pages_are_left_to_sphinx_revealjs(app, deck):
    soup = soup_of(app, "plain")
    assert soup.h1.get_text() == "A plain MyST page"
    assert not soup.select(".ghr-title-slide")
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert not any("gh-reveal" in s for s in sheets)
    # The course's theme does not leak into the next page.
    assert "_static/revealjs/dist/theme/black.css" in sheets


@pytest.mark.sphinx(
    "revealjs", testroot="basic", freshenv=True, confoverrides={"gh_reveal_image_lightbox": False}
)
def test_image_lightbox_can_be_turned_off(deck):
    soup, _ = deck
    assert not soup.find("img").has_attr("data-preview-image")


@pytest.mark.sphinx("dirrevealjs", testroot="basic", freshenv=True)
def test_dirrevealjs_builds_the_same_deck(app, warning):
    app.build()
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((app.outdir / "course" / "index.html").read_text("utf8"), "html.parser")
    assert [len(verticals(s)) for s in slides_of(soup)[1:]] == [3, 1, 1, 1, 1]
    assert soup.find("section", id="summary") is not None
    assert warnings_of(warning) == ""


@pytest.mark.sphinx(
    "revealjs", testroot="basic", freshenv=True, confoverrides={"gh_reveal_highlight_style": "nope"}
)
def test_bad_option_value_warns_and_uses_the_default(deck):
    soup, warnings = deck
    assert "gh_reveal_highlight_style = 'nope' is not valid" in warnings
    assert "[gh-reveal.config]" in warnings
    assert "highlight/monokai.css" in str(soup)


@pytest.mark.parametrize(
    "extensions",
    [
        ["myst_parser", "sphinx_gh_reveal"],
        ["sphinx_gh_reveal", "myst_parser"],
        ["sphinx_revealjs", "sphinx_gh_reveal", "myst_parser"],
    ],
)
def test_works_whatever_the_extension_order(make_app, rootdir, sphinx_test_tempdir, extensions):
    import shutil

    srcdir = sphinx_test_tempdir / ("order-" + "-".join(extensions))
    if not srcdir.exists():
        shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app(
        "revealjs", srcdir=srcdir, freshenv=True, confoverrides={"extensions": extensions}
    )
    app.build()
    soup = soup_of(app, "course")
    assert soup.find("section", id="summary") is not None
    assert warnings_of(app._warning) == ""


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_a_page_can_opt_out_of_being_a_course(app, deck):
    soup = soup_of(app, "opt-out")
    assert "writes §fragment and §new but" in soup.get_text()
    assert not soup.select(".ghr-title-slide") and not soup.select(".fragment")
