"""Links from one course to a slide of another (``two.html#/part``), in every builder."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import warnings_of

#: Where each builder writes a document's page (or deck), ``{}`` the docname.
PAGES = {"html": "{}.html", "dirhtml": "{}/index.html", "singlehtml": "index.html"}
DECKS = {"revealjs": "{}.html", "dirrevealjs": "{}/index.html"}
#: The links of the root's courses to slides of the others: (course, text, course, slide id).
SLIDE_LINKS = [
    ("one", "two part", "two", "part"),
    ("one", "three deep", "sub/three", "deep"),
    # GitHub Pages (jekyll-relative-links) published a link to a .md file as its page.
    ("one", "two in Markdown", "two", "part"),
    ("sub/three", "back to two", "two", "part"),
    # The query is the page's business; the link is read without it.
    ("one", "two with a query", "two", "part"),
]


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf8"), "html.parser")


def href_of(page: Path, text: str) -> str:
    (link,) = read(page).find_all("a", string=text)
    return link["href"]


def follow(page: Path, href: str) -> tuple[Path, str]:
    """The file a relative ``href`` of ``page`` leads to, and its fragment."""
    url = urlsplit(href)
    path = unquote(url.path)
    target = (page.parent / path).resolve() if path else page.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(url.fragment)


def build(app_in_copy, builder: str):
    app = app_in_copy("slide-links", builder)
    app.build()
    return app, Path(app.outdir)


def assert_leads_to_slide(page: Path, text: str, expected: Path, fragment: str, selector: str):
    target, got = follow(page, href_of(page, text))
    assert target == expected.resolve(), (page, text, href_of(page, text))
    assert got == fragment
    assert read(target).select_one(selector) is not None, (target, selector)


@pytest.mark.parametrize("builder", PAGES)
def test_page_links_lead_to_the_other_courses_slide_anchor(app_in_copy, builder):
    _, out = build(app_in_copy, builder)
    for course, text, other, slide in SLIDE_LINKS:
        page = out / PAGES[builder].format(course)
        assert_leads_to_slide(page, text, out / PAGES[builder].format(other), slide, f"#{slide}")
    one = out / PAGES[builder].format("one")
    target, _ = follow(one, href_of(one, "two itself"))
    assert target == (out / PAGES[builder].format("two")).resolve()


@pytest.mark.parametrize("builder", PAGES)
def test_decks_alongside_link_to_the_other_decks_slide(app_in_copy, builder):
    _, out = build(app_in_copy, builder)
    slides = out / "slides"
    for course, text, other, slide in SLIDE_LINKS:
        deck = slides / f"{course}.html"
        assert_leads_to_slide(deck, text, slides / f"{other}.html", f"/{slide}", f"section#{slide}")


@pytest.mark.parametrize("builder", DECKS)
def test_decks_link_to_the_other_decks_slide(app_in_copy, builder):
    _, out = build(app_in_copy, builder)
    for course, text, other, slide in SLIDE_LINKS:
        deck = out / DECKS[builder].format(course)
        expected = out / DECKS[builder].format(other)
        assert_leads_to_slide(deck, text, expected, f"/{slide}", f"section#{slide}")


@pytest.mark.parametrize(
    ("builder", "on_the_page"),
    [
        ("html", "two.html?x=1#part"),
        ("dirhtml", "../two/?x=1#part"),
        ("singlehtml", "?x=1#part"),
        ("revealjs", "two.html?x=1#/part"),
        ("dirrevealjs", "../two/?x=1#/part"),
    ],
)
def test_a_link_to_another_course_keeps_its_query(app_in_copy, builder, on_the_page):
    _, out = build(app_in_copy, builder)
    one = out / {**PAGES, **DECKS}[builder].format("one")
    assert href_of(one, "two with a query") == on_the_page
    if builder in PAGES:
        assert href_of(out / "slides/one.html", "two with a query") == "two.html?x=1#/part"


@pytest.mark.parametrize("builder", ["html", "dirrevealjs"])
def test_link_to_no_document_is_written_as_it_is(app_in_copy, builder):
    app, out = build(app_in_copy, builder)
    page = out / {**PAGES, **DECKS}[builder].format("one")
    assert href_of(page, "an old deck") == "legacy.html#/2"
    assert href_of(page, "a course that went") == "gone.html#/intro"
    assert href_of(page, "gone with a query") == "gone.html?x=1#/intro"
    assert href_of(page, "a chapter") == "ch/part.html#/x"
    # The links to a course that is not there, or to a chapter, which has no
    # page of its own, are said; the file the site publishes is not.
    lines = warnings_of(app._warning).splitlines()
    said = [("one.md:11:", "gone.html#/intro"), ("one.md:19:", "gone.html?x=1#/intro")]
    said.append(("one.md:20:", "ch/part.html#/x"))
    assert len(lines) == len(said), lines
    for line, (where, link) in zip(lines, said, strict=True):
        assert where in line and repr(link) in line, line
        assert line.endswith("[gh-reveal.link]")
    assert "legacy" not in "".join(lines)


# --------------------------------------------------------------------------
# Builders without pages: a PDF, texinfo, linkcheck


def test_latex_links_to_the_other_courses_slide_and_to_a_document(app_in_copy):
    app, out = build(app_in_copy, "latex")
    (tex,) = out.glob("*.tex")
    text = tex.read_text("utf8")
    for words, label in [
        ("two part", "two:part"),
        ("three deep", "sub/three:deep"),
        ("two in Markdown", "two:part"),
        ("two with a query", "two:part"),
        ("two itself", "two::doc"),
    ]:
        assert rf"\hyperref[\detokenize{{{label}}}]{{\sphinxcrossref{{{words}}}}}" in text, words
    # The slide ids the links name are the labels of the PDF.
    assert r"\label{\detokenize{two:part}}" in text
    assert r"\label{\detokenize{sub/three:deep}}" in text
    assert "two.html" not in text and "two.md" not in text
    # No cross-reference of the PDF leads nowhere.
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", text))
    refs = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", text))
    assert refs and refs <= labels, refs - labels


@pytest.mark.parametrize("root", ["basic", "project"])
def test_latex_links_to_a_slide_of_the_same_course_lead_to_its_label(app_in_copy, root):
    app = app_in_copy(root, "latex")
    app.build()
    (tex,) = Path(app.outdir).glob("*.tex")
    text = tex.read_text("utf8")
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", text))
    refs = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", text))
    slides = {ref for ref in refs if ref.endswith(("course:summary", "course:pictures"))}
    assert slides and refs <= labels, refs - labels
    assert "#/" not in text


def test_texinfo_links_to_the_other_courses_slide(app_in_copy):
    app, out = build(app_in_copy, "texinfo")
    (texi,) = out.glob("*.texi")
    text = texi.read_text("utf8")
    assert ",,two part}" in text and ",,two itself}" in text
    assert "two.html" not in text


def test_linkcheck_takes_course_links_for_internal_ones(app_in_copy):
    app, out = build(app_in_copy, "linkcheck")
    report = (out / "output.txt").read_text("utf8")
    assert "two" not in report and "three" not in report, report
    # A link to a course that is not there is still reported.
    assert "gone.html" in report
