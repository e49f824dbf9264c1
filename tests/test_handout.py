"""Course pages in the html builders, with the decks written alongside."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, run_module, slides_of, soup_of, warnings_of


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf8"), "html.parser")


@pytest.fixture
def site(app, warning):
    app.build()
    assert warnings_of(warning) == ""
    return app


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_course_page_is_titled_and_links_to_its_deck(site):
    page = soup_of(site, "intro")
    assert page.title.get_text().startswith("Introduction")
    assert page.select_one("p.ghr-subtitle").get_text() == "Where it starts"
    assert [h.get_text(strip=True).rstrip("¶") for h in page.select("h2")] == [
        "Welcome",
        "Plan",
        "Last words",
    ]
    link = page.select_one("a.ghr-view-slides")
    assert link["href"] == "slides/intro.html"
    deck = read(Path(site.outdir) / link["href"])
    back = deck.select_one(".ghr-title-slide .ghr-page-link a")
    assert back["href"] == "../intro.html"
    assert deck.select_one(".ghr-title-slide h1").get_text() == "Introduction"


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_decks_alongside_are_complete_and_offline(site):
    slides = Path(site.outdir) / "slides"
    assert (slides / "_static" / "revealjs" / "dist" / "reveal.js").is_file()
    assert (slides / "_static" / "gh-reveal" / "fontawesome" / "css" / "all.min.css").is_file()
    assert not (Path(site.outdir) / "_static" / "revealjs").exists(), (
        "deck files leaked among the pages"
    )
    deck = read(slides / "intro.html")
    for tag in deck.find_all("script", src=True) + deck.find_all("link", rel="stylesheet"):
        ref = tag.get("src") or tag.get("href")
        if not ref.startswith(("http", "..")):
            assert (slides / ref.split("?")[0]).is_file(), ref


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_deck_alongside_is_the_revealjs_builders_deck(site, app_in_copy):
    alongside = read(Path(site.outdir) / "slides" / "intro.html").select_one("div.slides")
    alongside.select_one(".ghr-page-link").decompose()
    deck_app = app_in_copy("site", "revealjs")
    deck_app.build()
    built = soup_of(deck_app, "intro").select_one("div.slides")
    assert " ".join(str(alongside).split()) == " ".join(str(built).split())


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_slide_links_work_on_pages_and_in_decks(site):
    page = soup_of(site, "intro")
    hrefs = [
        a["href"] for a in page.select("section a.reference") if "ghr-view-slides" not in a["class"]
    ]
    assert "#plan" in hrefs and "advanced.html#deep" in hrefs
    assert page.find(id="plan") is not None
    deck = read(Path(site.outdir) / "slides" / "intro.html")
    assert [a["href"] for a in deck.select("section#plan li a")] == [
        "#/plan",
        "advanced.html#/deep",
    ]


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_notes_are_collapsed_by_default(site):
    page = soup_of(site, "intro")
    (notes,) = page.select("details.ghr-notes")
    assert notes.summary.get_text() == "Speaker notes"
    assert notes.find("strong").get_text() == "coffee"
    assert [li.get_text() for li in notes.find_all("li")] == ["water", "snacks"]
    assert "Glad you came" not in notes.get_text()


@pytest.mark.sphinx(
    "html", testroot="site", freshenv=True, confoverrides={"gh_reveal_handout_notes": "admonition"}
)
def test_notes_as_an_admonition(site):
    box = soup_of(site, "intro").select_one("div.admonition.ghr-notes")
    assert box.select_one(".admonition-title").get_text() == "Speaker notes"
    assert "coffee" in box.get_text()


@pytest.mark.sphinx(
    "html", testroot="site", freshenv=True, confoverrides={"gh_reveal_handout_notes": "hidden"}
)
def test_notes_can_be_hidden(site):
    text = soup_of(site, "intro").get_text()
    assert "coffee" not in text and "Glad you came" in text


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_courses_index_leaves_drafts_out(site):
    index = soup_of(site, "index")
    items = index.select("ul.ghr-courses > li")
    assert [li.strong.get_text() for li in items] == ["Introduction"]
    assert items[0].find("a", class_="ghr-slides-link")["href"] == "slides/intro.html"
    assert items[0].strong.a["href"] == "intro.html"
    assert "Where it starts" in items[0].get_text()
    # A draft is still built.
    assert (Path(site.outdir) / "advanced.html").is_file()
    assert (Path(site.outdir) / "slides" / "advanced.html").is_file()


@pytest.mark.sphinx(
    "html", testroot="site", freshenv=True, confoverrides={"gh_reveal_show_drafts": True}
)
def test_courses_index_can_show_drafts_marked(site):
    items = soup_of(site, "index").select("ul.ghr-courses > li")
    assert [li.strong.get_text() for li in items] == ["Advanced", "Introduction"]
    assert items[0].select_one(".ghr-draft").get_text() == " (draft)"


@pytest.mark.sphinx("revealjs", testroot="site", freshenv=True)
def test_courses_index_in_a_deck_build_links_the_decks(site):
    items = soup_of(site, "index").select("ul.ghr-courses > li")
    assert items[0].strong.a["href"] == "intro.html"
    assert not items[0].find("a", class_="ghr-slides-link")


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_search_index_covers_course_text(site):
    assert "zanzibar" in (Path(site.outdir) / "searchindex.js").read_text("utf8")


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_other_pages_are_unchanged(site):
    about = soup_of(site, "about")
    assert not about.select("[class*=ghr]")
    sheets = [link["href"] for link in about.find_all("link", rel="stylesheet")]
    assert not any("gh-reveal" in s for s in sheets)


@pytest.mark.sphinx(
    "html", testroot="site", freshenv=True, confoverrides={"gh_reveal_slides_alongside": False}
)
def test_slides_alongside_can_be_turned_off(app):
    shutil.rmtree(app.outdir, ignore_errors=True)
    app.build()
    assert not (Path(app.outdir) / "slides").exists()
    assert not soup_of(app, "intro").select("a.ghr-view-slides")


@pytest.mark.sphinx("dirhtml", testroot="site", freshenv=True)
def test_dirhtml_pages_and_decks_link_each_other(site):
    page = read(Path(site.outdir) / "intro" / "index.html")
    assert page.select_one("a.ghr-view-slides")["href"] == "../slides/intro.html"
    deck = read(Path(site.outdir) / "slides" / "intro.html")
    assert deck.select_one(".ghr-page-link a")["href"] == "../intro/"


@pytest.mark.sphinx("singlehtml", testroot="site", freshenv=True)
def test_singlehtml_links_each_course_to_its_deck(site):
    page = read(Path(site.outdir) / "index.html")
    assert [a["href"] for a in page.select("a.ghr-view-slides")] == [
        "slides/intro.html",
        "slides/advanced.html",
    ]
    assert (Path(site.outdir) / "slides" / "intro.html").is_file()


@pytest.mark.parametrize("theme", ["alabaster", "furo", "sphinx_rtd_theme"])
def test_course_pages_work_with_common_themes(tmp_path, theme):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-site", src)
    out = tmp_path / "out"
    result = run_module("sphinx", "-W", "-q", "-b", "html", "-D", f"html_theme={theme}", src, out)
    assert result.returncode == 0, result.stderr
    page = read(out / "intro.html")
    assert page.title.get_text().startswith("Introduction")
    assert page.select_one("a.ghr-view-slides")["href"] == "slides/intro.html"
    assert page.select("details.ghr-notes")
    # The theme's navigation names the course by its front matter title.
    assert "Introduction" in read(out / "about.html").get_text()
    assert len(page.select("#plan")) == 1


def test_read_the_docs_build_publishes_pages_and_decks(tmp_path):
    """The project's own docs, built the way .readthedocs.yaml asks."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    output = tmp_path / "_readthedocs"
    env = {**os.environ, "READTHEDOCS": "True", "READTHEDOCS_OUTPUT": str(output)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(docs),
            str(output / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    html = output / "html"
    assert (html / "example-course.html").is_file()
    deck = read(html / "slides" / "example-course.html")
    assert slides_of(deck) and deck.select(".fragment")
    assert (html / "slides" / "_static" / "revealjs" / "dist" / "reveal.js").is_file()


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_an_edit_rewrites_only_its_own_deck(app, status):
    import time

    app.build()
    decks = Path(app.outdir) / "slides"
    before = {name: (decks / f"{name}.html").stat().st_mtime_ns for name in ("intro", "advanced")}
    later = time.time() + 5
    os.utime(Path(app.srcdir) / "intro.md", (later, later))
    app.build()
    after = {name: (decks / f"{name}.html").stat().st_mtime_ns for name in ("intro", "advanced")}
    assert after["intro"] > before["intro"]
    assert after["advanced"] == before["advanced"]


@pytest.mark.sphinx(
    "html", testroot="site", freshenv=True, confoverrides={"gh_reveal_show_drafts": True}
)
def test_a_deleted_course_leaves_the_index_and_its_deck(app):
    app.build()
    decks = Path(app.outdir) / "slides"
    assert (decks / "advanced.html").is_file()
    (Path(app.srcdir) / "advanced.md").unlink()
    try:
        app.build()
        assert not (decks / "advanced.html").exists()
        assert (decks / "intro.html").is_file()
        titles = [
            li.strong.get_text() for li in soup_of(app, "index").select("ul.ghr-courses > li")
        ]
        assert titles == ["Introduction"]
    finally:
        shutil.copy(ROOTS / "test-site" / "advanced.md", Path(app.srcdir) / "advanced.md")


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_courses_index_in_other_builders(app_in_copy, builder):
    app = app_in_copy("site", builder)
    app.build()
    written = "".join(
        p.read_text("utf8") for p in Path(app.outdir).rglob("*") if p.suffix in (".txt", ".tex")
    )
    assert "Introduction" in written and "Where it starts" in written
    assert not (Path(app.outdir) / "slides").exists()
