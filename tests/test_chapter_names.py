"""Chapters whose names hold glob characters exclude themselves, and only themselves.

A chapter goes into ``exclude_patterns``, whose entries are glob patterns:
``part[1].md`` or a file literally named ``sub/*.md`` must not take real
pages out of the build. The files are made in the test (a ``*`` in a file
name cannot be checked out everywhere).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from sphinx_gh_reveal.chapters import literal_pattern

from conftest import soup_of, warnings_of

COURSE = "---\ntitle: T\n---\n\n{chapters}\n§new\n\nend\n"


def _project(srcdir: Path, chapters: dict[str, str], pages: dict[str, str]) -> None:
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n', encoding="utf8")
    toctree = "```{toctree}\n" + "\n".join(name.removesuffix(".md") for name in pages) + "\n```\n"
    includes = "".join(f"{{% include_relative {name} %}}\n\n" for name in chapters)
    (srcdir / "index.md").write_text(
        COURSE.format(chapters=toctree + "\n" + includes), encoding="utf8"
    )
    for name, text in {**chapters, **pages}.items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_text(text, encoding="utf8")


CASES = {
    "brackets": ({"part[1].md": "## Chapter slide\n"}, {"part1.md": "# Real page\n"}),
    "star": ({"sub/*.md": "## Chapter slide\n"}, {"sub/real.md": "# Real page\n"}),
    "question-mark": ({"a?c.md": "## Chapter slide\n"}, {"abc.md": "# Real page\n"}),
    "double-star": ({"x/**/y.md": "## Chapter slide\n"}, {"x/a/b/y.md": "# Real page\n"}),
}


@pytest.mark.parametrize("builder", ["html", "revealjs"])
@pytest.mark.parametrize("case", CASES)
def test_a_chapter_excludes_itself_not_the_pages_its_name_matches(
    make_app, tmp_path, case, builder
):
    chapters, pages = CASES[case]
    srcdir = tmp_path / "project"
    _project(srcdir, chapters, pages)
    with warnings.catch_warnings(record=True) as python_warnings:
        warnings.simplefilter("always")
        app = make_app(builder, srcdir=srcdir, freshenv=True)
        app.build()
    (chapter,) = chapters
    (page,) = pages
    out = Path(app.outdir)
    # The real page is built, and whole; the chapter is no page of its own.
    assert soup_of(app, page.removesuffix(".md")).find(string="Real page")
    assert not (out / chapter.replace(".md", ".html")).exists()
    assert chapter.removesuffix(".md") not in app.env.found_docs
    # The chapter is in its course's deck.
    deck = out / "index.html" if builder == "revealjs" else out / "slides" / "index.html"
    assert "Chapter slide" in deck.read_text(encoding="utf8")
    text = warnings_of(app.warning)
    assert "WARNING" not in text, text
    assert not [w for w in python_warnings if "nested set" in str(w.message)]


@pytest.mark.parametrize(
    "name", ["part[1].md", "sub/*.md", "a?b.md", "x/**/y.md", "[!x].md", "a]b.md", "a[]b.md"]
)
def test_literal_pattern_matches_the_name_only(name):
    from sphinx.util.matching import Matcher

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        matcher = Matcher([literal_pattern(name)])
    assert matcher(name)
    others = ["part1.md", "sub/real.md", "axb.md", "x/a/y.md", "x.md", "ab.md", "a.md", "!.md"]
    assert not [other for other in others if matcher(other)]
