"""Whole builds: html still works, -j 2, and the same bytes twice."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from conftest import ROOTS, run_module, soup_of, warnings_of


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_html_build_gives_a_page_titled_by_the_front_matter(app, warning):
    app.build()
    assert warnings_of(warning) == ""
    soup = soup_of(app, "course")
    assert soup.title.get_text().startswith("The basic course")
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "The basic course"
    assert soup.select_one("p.ghr-subtitle").get_text() == "Every marker once"
    # reveal.js-only attributes stay out of pages; styling stays.
    assert not soup.find(attrs={"data-background-color": True})
    assert soup.find("table")["style"] == "font-size:80%;"
    # Slide ids are anchors on the page, once each; #/id links point at them.
    assert len(soup.select("#summary")) == 1 and len(soup.select("#the-end")) == 1
    assert [a["href"] for a in soup.select("a[href^='#']") if "reference" in a.get("class", [])][
        :2
    ] == [
        "#the-end",
        "#summary",
    ]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_html_leaves_other_pages_alone(app, warning):
    app.build()
    soup = soup_of(app, "plain")
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert not any("gh-reveal" in s for s in sheets)
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "A plain MyST page"


@pytest.mark.parametrize("builder", ["text", "latex", "man", "texinfo"])
@pytest.mark.sphinx(testroot="basic", freshenv=True)
def test_other_builders_keep_the_text_and_never_crash(app_in_copy, builder):
    app = app_in_copy("basic", builder)
    app.build()
    written = "".join(
        p.read_text("utf8", "replace")
        for p in Path(app.outdir).rglob("*")
        if p.is_file() and p.suffix in (".txt", ".tex", ".1", ".texi")
    )
    assert "Remember to" in written


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_parallel_build_is_clean_and_identical_to_serial(tmp_path, builder):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    serial = run_module(
        "sphinx",
        "-q",
        "-W",
        "-b",
        builder,
        "-d",
        str(tmp_path / "d1"),
        str(src),
        str(tmp_path / "serial"),
    )
    assert serial.returncode == 0, serial.stderr
    parallel = run_module(
        "sphinx",
        "-q",
        "-W",
        "-j",
        "2",
        "-b",
        builder,
        "-d",
        str(tmp_path / "d2"),
        str(src),
        str(tmp_path / "parallel"),
    )
    assert parallel.returncode == 0, parallel.stderr
    assert_same_tree(tmp_path / "serial", tmp_path / "parallel")


def test_two_clean_builds_give_the_same_bytes(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    for run in ("one", "two"):
        result = run_module(
            "sphinx",
            "-q",
            "-E",
            "-b",
            "revealjs",
            "-d",
            str(tmp_path / f"d-{run}"),
            str(src),
            str(tmp_path / run),
        )
        assert result.returncode == 0, result.stderr
    assert_same_tree(tmp_path / "one", tmp_path / "two")


def assert_same_tree(left: Path, right: Path) -> None:
    files = sorted(
        p.relative_to(left) for p in left.rglob("*") if p.is_file() and p.name != ".buildinfo"
    )
    assert files == sorted(
        p.relative_to(right) for p in right.rglob("*") if p.is_file() and p.name != ".buildinfo"
    )
    different = [str(f) for f in files if not filecmp.cmp(left / f, right / f, shallow=False)]
    assert different == []


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_a_rebuild_with_no_change_reads_nothing(tmp_path, builder):
    """sphinx-revealjs edits a config value; a changed config would re-read every page."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    args = ["-b", builder, "-d", str(tmp_path / "doctrees"), str(src), str(tmp_path / "out")]
    first = run_module("sphinx", *args)
    assert first.returncode == 0, first.stderr
    again = run_module("sphinx", *args)
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert "config changed" not in again.stdout


def test_an_epub_of_a_course_holds_the_icon_fonts_it_knows(app_in_copy):
    # Sphinx's epub lists no WOFF2 type ("unknown mimetype", a warning that
    # fails -W): the epub gets Font Awesome's TrueType fonts, its fallback.
    import re
    import zipfile

    app = app_in_copy("basic", "epub")
    app.build()
    assert "mimetype" not in app.warning.getvalue(), app.warning.getvalue()
    (epub,) = Path(app.outdir).glob("*.epub")
    names = zipfile.ZipFile(epub).namelist()
    fonts = [n for n in names if "/webfonts/" in n]
    assert fonts and all(n.endswith(".ttf") for n in fonts), fonts
    sheet = Path(app.outdir) / "_static/gh-reveal/fontawesome/css/all.min.css"
    wanted = set(re.findall(r"url\(\.\./webfonts/([^)]+\.ttf)\)", sheet.read_text("utf8")))
    assert wanted == {n.rsplit("/", 1)[-1] for n in fonts}
    opf = zipfile.ZipFile(epub).read("content.opf").decode("utf8")
    assert all(f'href="{n}"' in opf for n in fonts)


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_icons_read_as_words_where_no_picture_is_shown(one_page_app, builder):
    app = one_page_app(
        "---\ntitle: T\ngh_reveal: true\n---\n\n## Contact\n\n"
        "Write to me§icon:at|at sign§;example.org or to jo§icon:at§;example.net.\n\n"
        "§icon:envelope§; Mail is read on Mondays.\n",
        builder,
    )
    app.build()
    out = Path(app.outdir)
    written = (out / "index.txt") if builder == "text" else next(out.glob("*.tex"))
    text = " ".join(written.read_text("utf8").split())
    assert "Write to me at sign example.org or to jo at example.net." in text
    # A decorative icon before a word is left out, with no space in its place.
    assert "Mail is read on Mondays." in text
    assert "envelope" not in text


@pytest.mark.parametrize("builder", ["singlehtml", "latex"])
def test_the_courses_index_on_a_page_below_the_root_in_one_joined_tree(app_in_copy, builder):
    # singlehtml and LaTeX join the pages into one tree: the list is filled there too.
    app = app_in_copy("slide-links", builder, name=f"slide-links-index-{builder}")
    src = Path(app.srcdir)
    (src / "courses.md").write_text("# Courses\n\n```{gh-reveal-courses}\n```\n", "utf8")
    index = src / "index.md"
    index.write_text(index.read_text("utf8").replace("sub/three\n", "sub/three\ncourses\n"), "utf8")
    app.build()
    out = Path(app.outdir)
    written = (out / "index.html") if builder == "singlehtml" else next(out.glob("*.tex"))
    text = written.read_text("utf8")
    assert "Courses" in text and "Three" in text
