"""What the original deck did, and ours now does too (issue #15).

The course is ``tests/roots/test-fidelity/raw.md``: markers inside the
author's raw HTML, ``§fragment:`` without ``N§;``, a title slide whose title
an ``§id`` repeats, ``##`` alone on a line, and the default ``history``.
The HTML is read back with BeautifulSoup; the fragment order and the place
kept over a reload are checked in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from sphinx_gh_reveal.syntax import gh_reveal_plugin
from sphinx_gh_reveal.syntax.scan import scan_marker

from conftest import ROOTS, run_module, slides_of, soup_of, warnings_of

TIMEOUT = 15_000  # ms


@pytest.fixture
def deck(app, warning):
    app.build()
    return soup_of(app, "raw"), warnings_of(warning)


def unexpected(warnings: str) -> list[str]:
    """The warnings not located in ``refused.md``, which warns on purpose."""
    return [line for line in warnings.splitlines() if line.strip() and "refused.md:" not in line]


def verticals(stack):
    return stack.find_all("section", recursive=False)


def page_config(soup) -> dict:
    """The options the course's page adds to ``Reveal.initialize``."""
    script = next(
        s.string for s in soup.find_all("script") if s.string and "Reveal.initialize" in s.string
    )
    found = re.findall(r"Object\.assign\(revealjsConfig, (\{.*?\})\);", script)
    return json.loads(found[-1])


# --------------------------------------------------------------------------
# 1. Markers inside inline raw HTML act on the HTML element


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_fragments_inside_spans_make_each_span_a_fragment(deck):
    soup, _ = deck
    words = soup.find("section", id="words")
    first = words.find("p")
    spans = first.find_all("span", recursive=False)
    assert [(s.get_text(), s["class"], s["data-fragment-index"]) for s in spans] == [
        ("one ", ["fragment"], "3"),
        ("two ", ["fragment"], "2"),
        ("three", ["fragment"], "1"),
    ]
    assert not first.get("class"), "the paragraph itself is not a fragment"


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_fragment_in_a_span_inside_strong_styles_the_span(deck):
    soup, _ = deck
    strong = soup.find("section", id="words").find_all("p")[1].strong
    assert not strong.get("class")
    assert strong.span["class"] == ["fragment"] and strong.span.get_text() == "word"


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_element_and_pelement_on_raw_html_keep_the_authors_attributes(app, deck):
    soup, warnings = deck
    styled = soup.find("section", id="styled")
    small = styled.find("small")
    assert small["class"] == ["note", "grow"], "the marker's class comes after the author's"
    assert (small["id"], small["style"], small["title"]) == ("tiny", "color:red", "a & b")
    link = styled.find("a")
    assert link["class"] == ["ext", "out"] and link["target"] == "_blank"
    assert link["href"] == "https://example.org"
    raw_image = styled.find("img", alt="raw")
    assert raw_image["width"] == "40%"
    assert not styled.find("img", alt="dot").has_attr("width")
    assert unexpected(warnings) == []
    # What no marker touched is written byte for byte, as the author wrote it.
    written = (Path(app.outdir) / "raw.html").read_text("utf8")
    assert '<a href=\'https://example.org\' class="ext out" target="_blank">site</a>' in written
    assert '<small class="note grow" title="a &amp; b" ' in written
    assert '<em>kept <b>as written</b></em> and <i class="fa fa-github"></i>.' in written
    assert '<img src="dot.png" alt="raw" width="40%">' in written


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_marker_attributes_on_raw_html_are_refused_and_escaped_like_any_other(app, deck):
    _, warnings = deck
    soup = soup_of(app, "refused")
    span = soup.select_one("div.slides span[onclick]")
    assert span["onclick"] == "keep()", "the author's own HTML is not rewritten"
    assert span["class"] == ["safe"]
    assert span["title"] == 'a"><b>x', "the marker's value stays inside its attribute"
    assert span.find("b") is None and span.get_text() == "handler"
    assert "refused.md:6: WARNING: attribute onclick='alert(1)'" in warnings
    assert "[gh-reveal.unsafe]" in warnings


@pytest.mark.sphinx("html", testroot="fidelity", freshenv=True)
def test_pages_style_the_raw_element_too_but_leave_data_attributes_out(app, warning):
    app.build()
    soup = soup_of(app, "raw")
    spans = soup.find_all("span", class_="fragment")
    assert [s.get_text() for s in spans] == ["one ", "two ", "three", "word"]
    assert not any(s.has_attr("data-fragment-index") for s in spans)
    assert soup.find("small")["class"] == ["note", "grow"]
    assert "raw.md" not in warnings_of(warning)


def _inline(text: str):
    md = MarkdownIt("commonmark").use(gh_reveal_plugin)
    return [t for t in md.parse(text) if t.type == "inline"][0].children


def test_tag_pairs_become_one_token_pair_only_where_a_marker_needs_them():
    children = _inline('<span class="x">a§fragment</span> <b>plain</b> <!-- c --> <br>\n')
    assert [(t.type, t.tag, t.content) for t in children if t.type != "text"] == [
        ("ghr_html_open", "span", '<span class="x">'),
        ("ghr_marker", "", "§fragment"),
        ("ghr_html_close", "span", "</span>"),
        ("html_inline", "", "<b>"),
        ("html_inline", "", "</b>"),
        ("html_inline", "", "<!-- c -->"),
        ("html_inline", "", "<br>"),
    ]


def test_tags_that_cross_markdown_emphasis_are_not_paired():
    children = _inline("<span>**a§fragment</span>**\n")
    assert [t.type for t in children if t.type.startswith(("html", "ghr_html"))] == [
        "html_inline",
        "html_inline",
    ]


def test_a_void_element_before_pelement_is_one_empty_pair():
    children = _inline('An image: <img src="x.png">\n§pelement:width=10%§;\n')
    assert [(t.type, t.content) for t in children[1:3]] == [
        ("ghr_html_open", '<img src="x.png">'),
        ("ghr_html_close", ""),
    ]


# --------------------------------------------------------------------------
# 2. '§fragment:' without 'N§;' is a bare '§fragment' followed by a colon


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_fragment_colon_without_index_is_a_bare_fragment(deck):
    soup, warnings = deck
    item = soup.find("section", id="words").find("li")
    assert item.strong["class"] == ["fragment"]
    assert item.strong.get_text() == ": it runs the containers"
    assert not item.get("class")
    assert "§" not in soup.select_one("div.slides").get_text()
    assert unexpected(warnings) == []


@pytest.mark.parametrize(
    ("source", "kind", "raw", "attrs"),
    [
        ("§fragment: it runs", "fragment", "§fragment", [["class", "fragment"]]),
        ("§fragment:", "fragment", "§fragment", [["class", "fragment"]]),
        ("§fragment: a §icon:x§;", "fragment", "§fragment", [["class", "fragment"]]),
        ("§fragment:2\n§;", "fragment", "§fragment", [["class", "fragment"]]),
        (
            "§fragment: 2 §;",
            "fragment",
            "§fragment: 2 §;",
            [["class", "fragment"], ["data-fragment-index", "2"]],
        ),
    ],
)
def test_scan_reads_fragment_colon_as_the_original_did(source, kind, raw, attrs):
    marker = scan_marker(source, 0)
    assert (marker.kind, marker.raw, marker.attrs, marker.error) == (kind, raw, attrs, "")


def test_a_cut_followed_by_a_colon_cuts_and_keeps_the_colon():
    # The original split the HTML at every '§new', whatever came after it.
    marker = scan_marker("§new: the next part", 0)
    assert (marker.kind, marker.raw, marker.error) == ("new", "§new", "")


@pytest.mark.parametrize("name", ["id", "slide", "element", "pelement", "icon"])
def test_other_markers_left_open_before_the_next_marker_still_warn(name):
    # The original's '§name:[^§]*§;' never matched here: the text stayed, meaningless.
    marker = scan_marker(f"§{name}:a=b §fragment§;", 0)
    assert marker.kind == "unknown" and marker.raw == f"§{name}:"
    assert "is not closed" in marker.error


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_an_open_marker_stops_at_the_next_marker(app, deck):
    _, warnings = deck
    soup = soup_of(app, "refused")
    paragraph = next(p for p in soup.select("div.slides p") if "Unclosed" in p.get_text())
    # '§element:' runs into '§fragment:2§;', whose '§;' is not its own.
    assert (paragraph["class"], paragraph["data-fragment-index"]) == (["fragment"], "2")
    assert paragraph.get_text() == "Unclosed §element:class=a then  here."
    assert "refused.md:8: WARNING: '§element:' is not closed" in warnings
    assert "refused.md:10: WARNING: fragment index must be a whole number, not 'two'" in warnings


# --------------------------------------------------------------------------
# 3. The title slide has no id


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_the_title_slide_has_no_id_and_leaves_it_to_the_authors_slide(deck):
    soup, warnings = deck
    title = slides_of(soup)[0]
    assert title.h1.get_text() == "Fidelity"
    assert not title.has_attr("id") and not title.h1.has_attr("id")
    # The course says '§id:fidelity§;', the title's own slug: one element has it.
    (found,) = soup.select("#fidelity")
    assert found.name == "section" and found.find("li", class_="fragment") is not None
    assert unexpected(warnings) == []


# --------------------------------------------------------------------------
# 4. '##' with nothing after it is text


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_hashes_alone_are_text_not_an_empty_heading(deck):
    soup, _ = deck
    slide = verticals(slides_of(soup)[2])[0]
    assert [h.get_text() for h in slide.find_all(re.compile(r"^h\d$"))] == ["A real heading"]
    assert slide.find("p").get_text().split() == ["##", "##", "text", "after", "the", "hashes"]


# --------------------------------------------------------------------------
# 5. history: true by default


@pytest.mark.sphinx("revealjs", testroot="fidelity", freshenv=True)
def test_decks_have_history_unless_the_course_turns_it_off(app, deck):
    soup, _ = deck
    assert page_config(soup) == {"history": True}
    assert page_config(soup_of(app, "no-history")) == {"history": False}


@pytest.mark.sphinx(
    "revealjs",
    testroot="fidelity",
    freshenv=True,
    confoverrides={"revealjs_script_conf": {"history": False}},
)
def test_the_projects_own_history_setting_is_left_alone(deck):
    soup, _ = deck
    assert "history" not in page_config(soup)
    script = next(
        s.string for s in soup.find_all("script") if s.string and "Reveal.initialize" in s.string
    )
    assert '"history": false' in script


# --------------------------------------------------------------------------
# In the browser: fragment order, and the place kept over a rebuild and reload


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the root, built with ``-b revealjs``; rebuilt by tests that edit it."""
    root = tmp_path_factory.mktemp("fidelity-browser")
    src, out = root / "src", root / "out"
    shutil.copytree(ROOTS / "test-fidelity", src)

    def build() -> None:
        result = run_module("sphinx", "-q", "-b", "revealjs", "-d", root / "doctrees", src, out)
        assert result.returncode == 0, result.stderr

    build()
    return src, out, build


@pytest.fixture
def open_page(browser):
    """Open a built deck in a fresh page; any request leaving ``file://`` fails the test."""
    contexts, leaks = [], []

    def open_(path: Path, fragment: str = ""):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        contexts.append(context)
        page = context.new_page()

        def route(route) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                leaks.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        page.goto(path.as_uri() + fragment, wait_until="load")
        wait_for_reveal(page)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not leaks, f"requests left the machine: {leaks}"


def wait_for_reveal(page) -> None:
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=TIMEOUT)


@pytest.mark.browser
def test_spans_are_revealed_in_their_index_order(built, open_page):
    _, out, _ = built
    page = open_page(out / "raw.html", "#/words")
    page.wait_for_function("() => Reveal.getCurrentSlide().id === 'words'", timeout=TIMEOUT)
    shown = page.evaluate(
        """() => {
            const slide = Reveal.getCurrentSlide();
            const visible = () => [...slide.querySelectorAll('.fragment.visible')]
                .map(f => f.textContent.trim());
            const steps = [visible()];
            while (Reveal.nextFragment()) steps.push(visible());
            return steps;
        }"""
    )
    assert shown == [
        [],
        ["three"],
        ["two", "three"],
        ["one", "two", "three"],
        ["one", "two", "three", "word"],
        ["one", "two", "three", "word", ": it runs the containers"],
    ]


@pytest.mark.browser
def test_a_reload_after_a_rebuild_keeps_the_slide_and_the_fragment(built, open_page):
    src, out, build = built
    page = open_page(out / "raw.html")
    page.evaluate("() => Reveal.slide(2, 1, 0)")  # slide 3/2, its first fragment shown
    page.wait_for_function("() => location.hash === '#/fidelity/0'", timeout=TIMEOUT)
    course = src / "raw.md"
    course.write_text(course.read_text("utf8").replace("- first", "- first, edited"), "utf8")
    build()
    page.reload(wait_until="load")
    wait_for_reveal(page)
    assert page.evaluate("() => Reveal.getIndices()") == {"h": 2, "v": 1, "f": 0}
    assert page.evaluate("() => Reveal.getCurrentSlide().textContent").split()[:2] == [
        "first,",
        "edited",
    ]
    page.go_back(wait_until="load")  # history: the previous slide is one step back
    page.wait_for_function("() => Reveal.getIndices().h === 0", timeout=TIMEOUT)


@pytest.mark.browser
def test_a_course_can_turn_history_off(built, open_page):
    _, out, _ = built
    page = open_page(out / "no-history.html")
    page.evaluate("() => Reveal.slide(2, 1)")
    page.wait_for_function("() => Reveal.getIndices().v === 1", timeout=TIMEOUT)
    assert page.evaluate("() => location.hash") == ""
    page.reload(wait_until="load")
    wait_for_reveal(page)
    assert page.evaluate("() => Reveal.getIndices()") == {"h": 0, "v": 0, "f": None}
