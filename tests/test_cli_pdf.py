"""``sphinx-gh-reveal pdf``: built decks printed to PDF in headless Chromium.

The expected page counts come from the built HTML (leaf ``section``s under
``div.slides``, and those holding ``aside.notes``), the actual ones from the
PDF's page objects. The tests that print need Debian's Chromium and
Playwright for Python; without them they skip, unless
``GH_REVEAL_REQUIRE_BROWSER=1``, where they fail. The error paths that stop
before the browser run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from sphinx_gh_reveal.cli.__main__ import main

from conftest import ROOTS, require_browser, run_module

CHROMIUM = Path(os.environ.get("GH_REVEAL_CHROMIUM") or "/usr/bin/chromium")

#: One slide far taller than a page (reveal.js would continue it on more pages).
LONG_COURSE = """---
title: A long slide
---

## Long

{items}

§new

## After it
""".format(items="\n".join(f"- line {n}" for n in range(40)))

#: Notes on the last slide: reveal.js's CSS would add a blank page after them.
LAST_NOTES_COURSE = """---
title: Notes at the end
---

## Only slide

- one §fragment
- two §fragment

§notes
Said at the very end.
"""


# --------------------------------------------------------------------------
# Helpers


def pdf_pages(path: Path) -> int:
    """The PDF's pages, as a PDF reader counts them."""
    return len(PdfReader(path).pages)


def leaf_slides(deck: Path) -> list:
    """The deck's vertical slides: ``section``s under ``div.slides`` with no ``section`` inside."""
    soup = BeautifulSoup(deck.read_text("utf8"), "html.parser")
    return [
        section
        for section in soup.select_one("div.slides").find_all("section")
        if section.find("section") is None
    ]


def _unavailable(reason: str) -> None:
    if require_browser():
        pytest.fail(f"GH_REVEAL_REQUIRE_BROWSER=1, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser_ready() -> None:
    """Skip (or fail, when required) without Chromium or Playwright for Python."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright for Python is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> Path:
    """test-basic plus two edge courses, built with ``-b revealjs`` once; the output folder."""
    root = tmp_path_factory.mktemp("pdf-site")
    src, out = root / "src", root / "out"
    shutil.copytree(ROOTS / "test-basic", src)
    # Outside the toctree on purpose: Sphinx only warns, and the build goes on.
    (src / "long.md").write_text(LONG_COURSE, encoding="utf8")
    (src / "last-notes.md").write_text(LAST_NOTES_COURSE, encoding="utf8")
    result = run_module("sphinx", "-b", "revealjs", "-q", src, out)
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stdout}\n{result.stderr}"
    return out


# --------------------------------------------------------------------------
# Printing


@pytest.mark.browser
def test_one_page_per_slide_with_fragments_shown(browser_ready, decks, tmp_path, capsys) -> None:
    deck = decks / "course.html"
    slides = leaf_slides(deck)
    # Fragments would each add a page in reveal.js 5's default print mode.
    assert any(slide.select(".fragment") for slide in slides)
    out = tmp_path / "course.pdf"

    assert main(["pdf", str(deck), "-o", str(out)]) == 0

    assert out.read_bytes().startswith(b"%PDF-")
    assert pdf_pages(out) == len(slides)
    printed = capsys.readouterr()
    assert printed.out.strip() == f"{out}: {len(slides)} pages ({len(slides)} slides)"
    assert printed.err == ""


@pytest.mark.browser
def test_pages_share_the_deck_size(browser_ready, decks, tmp_path) -> None:
    out = tmp_path / "course.pdf"
    assert main(["pdf", str(decks / "course.html"), "-o", str(out)]) == 0
    boxes = {tuple(float(n) for n in page.mediabox) for page in PdfReader(out).pages}
    assert len(boxes) == 1, boxes
    _, _, width, height = boxes.pop()
    assert width > height  # 960x700 slides, landscape


@pytest.mark.browser
def test_notes_get_a_page_after_their_slide(browser_ready, decks, tmp_path, capsys) -> None:
    deck = decks / "course.html"
    slides = leaf_slides(deck)
    with_notes = [slide for slide in slides if slide.select("aside.notes")]
    assert with_notes, "test-basic has speaker notes"
    out = tmp_path / "notes.pdf"

    assert main(["pdf", str(deck), "-o", str(out), "--notes"]) == 0

    # reveal.js's showNotes: "separate-page" adds one page per slide with notes.
    assert pdf_pages(out) == len(slides) + len(with_notes)
    assert f"{len(slides)} slides, {len(with_notes)} notes page" in capsys.readouterr().out


@pytest.mark.browser
def test_notes_on_slide_keep_one_page_per_slide(browser_ready, decks, tmp_path) -> None:
    deck = decks / "course.html"
    out = tmp_path / "inline.pdf"
    assert main(["pdf", str(deck), "-o", str(out), "--notes-on-slide"]) == 0
    # reveal.js's showNotes: true draws the notes over the slide's own page.
    assert pdf_pages(out) == len(leaf_slides(deck))


@pytest.mark.browser
def test_no_blank_page_after_notes_that_come_last(browser_ready, decks, tmp_path) -> None:
    deck = decks / "last-notes.html"
    slides = leaf_slides(deck)
    assert slides[-1].select("aside.notes")
    out = tmp_path / "last.pdf"
    assert main(["pdf", str(deck), "-o", str(out), "--notes"]) == 0
    assert pdf_pages(out) == len(slides) + 1


@pytest.mark.browser
def test_a_slide_taller_than_a_page_is_scaled_to_fit_it(
    browser_ready, decks, tmp_path, capsys
) -> None:
    deck = decks / "long.html"
    out = tmp_path / "long.pdf"

    assert main(["pdf", str(deck), "-o", str(out)]) == 0

    assert pdf_pages(out) == len(leaf_slides(deck))
    warning = re.fullmatch(
        r'sphinx-gh-reveal pdf: warning: slide 2 "Long" is taller than a page: '
        r"printed at (\d+)% to fit",
        capsys.readouterr().err.strip(),
    )
    assert warning, "the long slide is named"
    assert 0 < int(warning.group(1)) < 100


@pytest.mark.browser
def test_default_output_is_beside_the_deck(browser_ready, decks, tmp_path) -> None:
    deck = tmp_path / "copy" / "course.html"
    shutil.copytree(decks, deck.parent)
    assert main(["pdf", str(deck)]) == 0
    assert pdf_pages(deck.with_suffix(".pdf")) == len(leaf_slides(deck))


@pytest.mark.browser
def test_a_page_that_is_not_a_deck(browser_ready, tmp_path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><title>x</title><p>Not slides.</p>", encoding="utf8")
    out = tmp_path / "page.pdf"

    assert main(["pdf", str(page), "-o", str(out)]) == 2

    err = capsys.readouterr().err
    assert "is not a reveal.js deck" in err and "Traceback" not in err
    assert not out.exists()


# --------------------------------------------------------------------------
# Errors: one message, an exit status, no PDF (all but one stop before the browser)


@pytest.fixture
def some_file(tmp_path) -> Path:
    path = tmp_path / "deck.html"
    path.write_text("<!doctype html>", encoding="utf8")
    return path


def test_missing_deck(tmp_path, capsys) -> None:
    missing = tmp_path / "nowhere.html"
    assert main(["pdf", str(missing), "-o", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err == f"sphinx-gh-reveal pdf: error: {missing}: no such file\n"


def test_missing_chromium(some_file, tmp_path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert main(["pdf", str(some_file), "-o", str(out), "--chromium", "/nonexistent"]) == 3
    err = capsys.readouterr().err
    assert "no Chromium at /nonexistent (from --chromium)" in err
    assert "apt-get install chromium" in err and "--chromium PATH" in err
    assert not out.exists()


def test_missing_chromium_from_the_environment(some_file, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GH_REVEAL_CHROMIUM", str(tmp_path / "no-chromium"))
    assert main(["pdf", str(some_file), "-o", str(tmp_path / "x.pdf")]) == 3
    assert "(from $GH_REVEAL_CHROMIUM)" in capsys.readouterr().err


@pytest.fixture
def broken_chromium(tmp_path) -> Path:
    """An executable that exits at once, standing where Chromium should be."""
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\nexit 1\n", encoding="utf8")
    path.chmod(0o755)
    return path


def test_missing_playwright(some_file, broken_chromium, tmp_path, monkeypatch, capsys) -> None:
    # None in sys.modules makes the import fail as if the package were absent.
    monkeypatch.setitem(sys.modules, "playwright", None)
    out = tmp_path / "x.pdf"
    assert main(["pdf", str(some_file), "-o", str(out), "--chromium", str(broken_chromium)]) == 3
    err = capsys.readouterr().err
    assert "pip install playwright" in err and "Traceback" not in err


@pytest.mark.browser
def test_chromium_that_does_not_start(
    browser_ready, some_file, broken_chromium, tmp_path, capsys
) -> None:
    out = tmp_path / "x.pdf"
    assert main(["pdf", str(some_file), "-o", str(out), "--chromium", str(broken_chromium)]) == 3
    err = capsys.readouterr().err
    assert f"Chromium at {broken_chromium} did not start" in err
    assert "apt-get install chromium" in err and "Traceback" not in err
    assert not out.exists()


def test_output_folder_must_exist(some_file, tmp_path, capsys) -> None:
    out = tmp_path / "no-such-folder" / "x.pdf"
    assert main(["pdf", str(some_file), "-o", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_module_entry_point_lists_the_options() -> None:
    result = run_module("sphinx_gh_reveal", "pdf", "--help", timeout=120)
    assert result.returncode == 0, result.stderr
    for option in ("--output", "--notes", "--notes-on-slide", "--chromium", "--timeout"):
        assert option in result.stdout
