"""Real projects: every popular theme, myst-nb and sphinx-design, existing decks.

Each project is built as a user builds it, ``sphinx-build -W`` in a
process of its own, once per module, and the outputs are compared with the
same project built without the extension, byte for byte where the
extension must change nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sphinx
from bs4 import BeautifulSoup

from conftest import ROOTS, run_module
from linkwalk import dead_links

THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme", "sphinx_book_theme")
PAGE_BUILDERS = ("html", "dirhtml", "singlehtml")
COURSES = ("intro-course", "second-course")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_of(out: Path, builder: str, docname: str) -> Path:
    if builder == "singlehtml":
        return out / "index.html"
    return out / docname / "index.html" if builder == "dirhtml" else out / f"{docname}.html"


# --------------------------------------------------------------------------
# Every theme, every html builder: pages, decks alongside, links


@pytest.mark.parametrize("builder", PAGE_BUILDERS)
@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_builds_pages_and_decks_alongside(builds, theme, builder):
    out = builds("project", builder, f"html_theme={theme}")
    for course in COURSES:
        deck = soup(out / "slides" / f"{course}.html")
        assert deck.select("div.reveal div.slides > section"), course
    page = page_of(out, builder, "intro-course")
    views = soup(page).select("a.ghr-view-slides")
    assert views, "the course page offers its slides"
    for view in views:
        assert (page.parent / view["href"]).resolve().is_file()


@pytest.mark.parametrize("builder", PAGE_BUILDERS)
def test_course_pages_load_the_icons_styles_and_script_in_every_html_builder(builds, builder):
    # singlehtml's one page holds the courses: it is a course page too.
    out = builds("project", builder)
    page = page_of(out, builder, "intro-course")
    html = soup(page)
    ours = [link["href"] for link in html.select("link[rel=stylesheet][href*='gh-reveal/']")]
    ours += [script["src"] for script in html.select("script[src*='gh-reveal/']")]
    names = sorted(href.split("?")[0].rsplit("/", 1)[-1] for href in ours)
    assert names == ["all.min.css", "gh-reveal.css", "gh-reveal.js", "v4-shims.min.css"]
    for href in ours:
        assert (page.parent / href.split("?")[0]).resolve().is_file(), href


@pytest.mark.parametrize("builder", PAGE_BUILDERS)
@pytest.mark.parametrize("theme", THEMES)
def test_decks_alongside_hold_nothing_of_the_theme(builds, theme, builder):
    out = builds("project", builder, f"html_theme={theme}")
    for course in COURSES:
        deck = soup(out / "slides" / f"{course}.html")
        assets = [link["href"] for link in deck.find_all("link", rel="stylesheet")]
        assets += [script["src"] for script in deck.find_all("script", src=True)]
        assert assets and all(
            a.startswith(("_static/revealjs/", "_static/gh-reveal/")) for a in assets
        ), assets
        # Only reveal.js's own scripts and the deck's configuration are inline.
        inline = [s.string or "" for s in deck.find_all("script", src=False)]
        assert len(inline) == 1 and "Reveal.initialize" in inline[0]
        assert not deck.find_all("link", rel=["next", "prev"])


@pytest.mark.parametrize("builder", PAGE_BUILDERS)
@pytest.mark.parametrize("theme", THEMES)
def test_every_local_url_of_decks_and_course_pages_resolves(builds, theme, builder):
    out = builds("project", builder, f"html_theme={theme}")
    decks = sorted((out / "slides").glob("*.html"))
    assert len(decks) == len(COURSES)
    assert dead_links(decks) == []
    # On the pages, what the extension writes: the courses (the theme's own
    # links are the theme's: singlehtml's genindex.html, say, does not exist).
    pages = sorted({page_of(out, builder, course) for course in COURSES})
    assert (
        dead_links(
            pages, part=lambda page: page.select_one("a.ghr-view-slides").find_parent("section")
        )
        == []
    )


def test_every_local_url_of_revealjs_decks_resolves(builds):
    out = builds("project", "revealjs")
    assert dead_links([out / f"{course}.html" for course in COURSES]) == []


@pytest.mark.parametrize("builder", PAGE_BUILDERS)
def test_links_from_a_course_lead_to_pages_and_to_decks(builds, builder):
    out = builds("project", builder, "html_theme=furo")
    deck = out / "slides" / "intro-course.html"
    hrefs = [a["href"] for a in soup(deck).select("div.slides a[href]")]
    guide = {"html": "../guide.html", "dirhtml": "../guide/", "singlehtml": "../index.html"}
    assert guide[builder] in hrefs  # {doc}: the ordinary page of the html build
    assert f"{guide[builder]}#guide-label" in hrefs  # {ref}: its section
    assert "second-course.html" in hrefs  # another course: its deck
    page = page_of(out, builder, "intro-course")
    page_hrefs = [a["href"] for a in soup(page).select("a.reference")]
    second = {
        "html": "second-course.html",
        "dirhtml": "../second-course/",
        "singlehtml": "#document-second-course",
    }
    assert second[builder] in page_hrefs  # from the page, the other course's page


def test_files_named_by_markers_are_copied_into_both_kinds_of_deck(builds):
    for out in (builds("project", "html") / "slides", builds("project", "revealjs")):
        slide = soup(out / "intro-course.html").select_one("section#pictures")
        background = slide["data-background-image"]
        assert background.startswith("_images/") and (out / background).is_file()


def test_a_missing_file_named_by_a_marker_is_a_located_warning(app_in_copy, tmp_path):
    app = app_in_copy("project", "revealjs", name="project-missing-file")
    course = Path(app.srcdir) / "second-course.md"
    course.write_text(
        course.read_text(encoding="utf-8") + "\n§slide:data-background-video=clip.mp4§;\n",
        encoding="utf-8",
    )
    app.build()
    warnings = app.warning.getvalue()
    assert "second-course.md:12: WARNING: data-background-video=clip.mp4: no such file" in warnings
    assert "[gh-reveal.asset]" in warnings
    assert (Path(app.outdir) / "second-course.html").is_file()


def add_page(srcdir: Path, docname: str, text: str) -> None:
    """Write ``docname``.md and list it in the root's table of contents."""
    (srcdir / f"{docname}.md").parent.mkdir(parents=True, exist_ok=True)
    (srcdir / f"{docname}.md").write_text(text, encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("guide\n", f"guide\n{docname}\n"),
        encoding="utf-8",
    )


def test_a_page_in_the_slides_folder_is_never_written_over(app_in_copy):
    app = app_in_copy("project", "html", name="project-page-in-slides")
    add_page(Path(app.srcdir), "slides/second-course", "# Notes of mine\n\nMINE\n")
    app.build()
    page = Path(app.outdir) / "slides" / "second-course.html"
    assert "MINE" in page.read_text(encoding="utf-8")
    warnings = app.warning.getvalue()
    assert (
        "second-course.md:1: WARNING: the slides of this course would be written over "
        "the page of 'slides/second-course'"
    ) in warnings
    assert "[gh-reveal.config]" in warnings
    # The other course's deck is written as ever.
    assert soup(Path(app.outdir) / "slides" / "intro-course.html").select("div.slides")


def test_a_page_where_a_deck_was_is_not_removed_with_the_deck(app_in_copy, make_app):
    app = app_in_copy("project", "html", name="project-page-after-deck")
    app.build()
    srcdir = Path(app.srcdir)
    (srcdir / "second-course.md").unlink()
    index = srcdir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("second-course\n", ""), encoding="utf-8"
    )
    add_page(srcdir, "slides/second-course", "# Notes of mine\n\nMINE\n")
    make_app("html", srcdir=srcdir).build()
    page = Path(app.outdir) / "slides" / "second-course.html"
    assert "MINE" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("builder", ("html", "revealjs"))
def test_a_dead_reference_in_a_course_is_reported_once(app_in_copy, builder):
    app = app_in_copy("project", builder, name=f"project-dead-ref-{builder}")
    course = Path(app.srcdir) / "second-course.md"
    course.write_text(
        course.read_text(encoding="utf-8") + "\nSee {doc}`nowhere`.\n", encoding="utf-8"
    )
    app.build()
    warnings = app.warning.getvalue()
    assert warnings.count("unknown document: 'nowhere'") == 1, warnings


@pytest.mark.skipif(
    sphinx.version_info < (9,),
    reason="Sphinx 8.1 links these files without a checksum in a first build",
)
def test_the_first_build_links_the_course_styles_with_their_checksum(app_in_copy):
    # Copied before the pages are written, as Sphinx copies its own static files,
    # so that a first build writes the same links as the next ones.
    app = app_in_copy("project", "html", name="project-first-build")
    app.build()
    out = Path(app.outdir)
    page = soup(out / "intro-course.html")
    ours = [link["href"] for link in page.select("link[href*='gh-reveal/']")]
    assert ours and all("?v=" in href for href in ours), ours
    deck = soup(out / "slides" / "intro-course.html")
    assert "?v=" in deck.select_one("link[href*='revealjs/dist/reveal.css']")["href"]


def test_no_bookkeeping_file_is_published(builds):
    out = builds("project", "html")
    published = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.name.startswith(".")]
    assert published == [".buildinfo"]


def test_the_deck_of_a_deleted_course_is_removed(app_in_copy, make_app):
    for builder in ("html", "revealjs"):
        app = app_in_copy("project", builder, name=f"project-delete-{builder}")
        app.build()
        deck_dir = Path(app.outdir) / ("slides" if builder == "html" else "")
        assert (deck_dir / "second-course.html").is_file()
        (Path(app.srcdir) / "second-course.md").unlink()
        index = Path(app.srcdir) / "index.md"
        index.write_text(
            index.read_text(encoding="utf-8").replace("second-course\n", ""), encoding="utf-8"
        )
        make_app(builder, srcdir=app.srcdir).build()
        assert not (deck_dir / "second-course.html").exists(), builder
        assert (deck_dir / "intro-course.html").is_file()


# --------------------------------------------------------------------------
# myst-nb and sphinx-design, with the extension before, after, or not at all

WITHOUT = "extensions=myst_nb,sphinx_design"
ORDERS = {
    "before": "extensions=sphinx_gh_reveal,myst_nb,sphinx_design",
    "after": "extensions=myst_nb,sphinx_design,sphinx_gh_reveal",
}
OTHER_PAGES = ("index", "text-notebook", "real-notebook", "design")


def without_course_navigation(path: Path) -> str:
    """The page, less the links that name the course (whose title the extension changes)."""
    page = soup(path)
    for element in page.find_all(["a", "link"], href=lambda h: h and h.startswith("course.html")):
        if element.parent is None:
            continue  # inside an entry already removed
        entry = element.find_parent("li")  # a table of contents entry, with its sub-entries
        (entry or element).decompose()
    # Two entries for the course become one: the line breaks between them differ.
    return " ".join(str(page).split())


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_mystnb_projects_get_courses_and_keep_their_other_pages(builds, order):
    plain, with_courses = builds("mystnb", "html", WITHOUT), builds("mystnb", "html", ORDERS[order])
    deck = soup(with_courses / "slides" / "course.html")
    assert len(deck.select("div.slides > section")) == 3  # title slide and two stacks
    assert soup(with_courses / "course.html").select("a.ghr-view-slides")
    for name in OTHER_PAGES:
        assert without_course_navigation(
            with_courses / f"{name}.html"
        ) == without_course_navigation(plain / f"{name}.html"), name
    # The notebooks are still read by myst-nb: their output cell is there.
    assert soup(with_courses / "real-notebook.html").select(".cell_output")


def test_decks_alongside_keep_the_static_files_of_sphinx_design(builds):
    # sphinx-design adds its folder to html_static_path once the builder exists.
    out = builds("mystnb", "html", ORDERS["after"])
    deck = soup(out / "slides" / "course.html")
    styles = [link["href"].split("?")[0] for link in deck.select("link[rel=stylesheet]")]
    assert "_static/sphinx-design.min.css" in styles
    assert (out / "slides" / "_static" / "sphinx-design.min.css").is_file()


def test_mystnb_project_is_the_same_whichever_order(builds):
    before, after = (builds("mystnb", "html", ORDERS[o]) for o in ("before", "after"))
    for name in (*OTHER_PAGES, "course", "slides/course"):
        assert (before / f"{name}.html").read_bytes() == (after / f"{name}.html").read_bytes(), name


# --------------------------------------------------------------------------
# Adding the extension to a project changes nothing that is not a course


def same_files(plain: Path, extended: Path, ignore=(".buildinfo", "searchindex.js")) -> None:
    files = sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    other = sorted(p.relative_to(extended) for p in extended.rglob("*") if p.is_file())
    assert files == other
    for name in files:
        if name.name not in ignore:
            assert (plain / name).read_bytes() == (extended / name).read_bytes(), name


@pytest.mark.parametrize("theme", ("alabaster", "furo", "pydata_sphinx_theme"))
def test_a_project_without_courses_is_unchanged(builds, theme):
    plain = builds("nocourse", "html", f"html_theme={theme}")
    extended = builds(
        "nocourse", "html", f"html_theme={theme}", "extensions=myst_parser,sphinx_gh_reveal"
    )
    same_files(plain, extended)


@pytest.mark.parametrize(
    "others", ("myst_parser,sphinx_revealjs", "myst_parser,sphinx_revealjs,sphinx_design")
)
def test_existing_sphinx_revealjs_decks_are_unchanged(builds, others):
    plain = builds("revealjs-deck", "revealjs", f"extensions={others}")
    extended = builds("revealjs-deck", "revealjs", f"extensions={others},sphinx_gh_reveal")
    same_files(plain, extended)
    talk = soup(extended / "talk.html")
    plugins = [s["src"] for s in talk.find_all("script", src=True)]
    assert not any("zoom" in p or "highlight/highlight" in p for p in plugins)


@pytest.mark.parametrize("builder", ("html", "revealjs"))
def test_a_rebuild_with_nothing_changed_writes_nothing(tmp_path, builder):
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOTS / "test-project", src)
    assert run_module("sphinx", "-q", "-b", builder, src, out).returncode == 0
    # Sphinx writes its genindex and search pages at every build, whatever changed.
    pages = [p for p in out.rglob("*.html") if p.stem not in ("genindex", "search")]
    written = {p: p.stat().st_mtime_ns for p in pages}
    again = run_module("sphinx", "-b", builder, src, out)
    assert "configuration has changed" not in again.stdout.lower()
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in pages} == written
