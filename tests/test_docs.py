"""The documentation site (written with the extension) builds without a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import run_module

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_docs_build_with_warnings_as_errors(tmp_path, builder):
    result = run_module(
        "sphinx",
        "-W",
        "--keep-going",
        "-q",
        "-b",
        builder,
        "-d",
        tmp_path / "doctrees",
        DOCS,
        tmp_path / "out",
    )
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(
        (tmp_path / "out" / "example-course.html").read_text("utf8"), "html.parser"
    )
    # The example course's single file, beside its deck (docs/conf.py turns it on).
    decks = tmp_path / "out" / ("" if builder == "revealjs" else "slides")
    single = BeautifulSoup((decks / "example-course.single.html").read_text("utf8"), "html.parser")
    deck = BeautifulSoup((decks / "example-course.html").read_text("utf8"), "html.parser")
    assert not single.select("script[src], link[rel=stylesheet]")
    assert len(single.select("div.slides section")) == len(deck.select("div.slides section"))
    if builder == "revealjs":
        assert page.select("div.slides > section")
        assert page.select(".fragment") and page.select("aside.notes")
    else:
        assert page.select("hr.ghr-slide-boundary")
