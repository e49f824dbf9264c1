"""Which pages are courses: structure decides, not mentions (and explicit choices win)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from sphinx_gh_reveal.course import course_info

from conftest import ROOTS, warnings_of

JEKYLL = Path(__file__).parent / "fixtures" / "jekyll-site" / "_presentations"

#: Each page of the test-detect-rule root: a course or not.
EXPECTED = {
    "structure": True,  # title + a '§new' line
    "notes-only": True,  # title + a '§notes' line
    "include": True,  # title + an include_relative line
    "forced-true": True,  # gh_reveal: true, no marker
    "pattern/matched": True,  # gh_reveal_courses, no marker
    "mentions-prose": False,  # markers named in a sentence
    "midline": False,  # '§new' in the middle of a line
    "mentions-code": False,  # markers in code spans, fences, indented code
    "escaped": False,  # '\§new'
    "no-title": False,  # a '§new' line, no front matter title
    "forced-false": False,  # gh_reveal: false wins over a '§new' line
    "pattern/refused": False,  # gh_reveal: false wins over gh_reveal_courses
    "plain": False,  # title, no marker
    "index": False,
}


def detect_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.endswith("[gh-reveal.detect]")]


@pytest.mark.sphinx("html", testroot="detect-rule", freshenv=True)
def test_structure_decides_not_mentions(app, warning):
    app.build()
    found = {docname: course_info(app.env, docname) is not None for docname in EXPECTED}
    assert found == EXPECTED
    slides = Path(app.outdir) / "slides"
    # What a reader sees: a deck beside each course, and nothing beside a page.
    decks = sorted(
        p.relative_to(slides).with_suffix("").as_posix()
        for p in slides.rglob("*.html")
        if not p.relative_to(slides).parts[0].startswith("_")
    )
    assert decks == sorted(d for d, course in EXPECTED.items() if course)
    page = (Path(app.outdir) / "mentions-prose.html").read_text(encoding="utf-8")
    assert "the\nwords §fragment and §new are only mentioned" in page
    assert "ghr-view-slides" not in page


@pytest.mark.sphinx("html", testroot="detect-rule", freshenv=True)
def test_a_page_left_alone_with_markers_says_how_to_opt_in(app, warning):
    app.build()
    lines = detect_lines(warnings_of(warning))
    places = sorted(re.match(r".*/(.+?:\d+): WARNING", line)[1] for line in lines)
    assert places == ["mentions-prose.md:6", "midline.md:5", "no-title.md:3"]
    for line in lines:
        assert "not read as a course" in line and "gh_reveal: true" in line
    prose = next(line for line in lines if "mentions-prose" in line)
    assert "'§fragment' is a gh-reveal marker" in prose
    untitled = next(line for line in lines if "no-title" in line)
    assert "'§new' cuts slides, but this page has no front matter 'title'" in untitled


@pytest.mark.sphinx(
    "html",
    testroot="detect-rule",
    freshenv=True,
    confoverrides={"suppress_warnings": ["gh-reveal.detect"]},
)
def test_the_detect_message_can_be_silenced(app, warning):
    app.build()
    assert not detect_lines(warnings_of(warning))
    assert course_info(app.env, "structure") is not None


COURSES_LINE = "gh-reveal: 5 courses: forced-true, include, notes-only, pattern/matched, structure"


@pytest.mark.parametrize("parallel", [0, 2])
def test_the_build_log_names_the_courses_once(make_app, tmp_path, parallel):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-detect-rule", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True, parallel=parallel)
    app.build()
    status = strip_colors(app._status.getvalue()).splitlines()
    assert [line for line in status if line.startswith("gh-reveal:")] == [COURSES_LINE]


def course_project(tmp_path: Path, *folders: Path) -> Path:
    """A project of copies of real courses (chapters and images too), no gh_reveal_courses."""
    srcdir = tmp_path / "real"
    for folder in folders:
        shutil.copytree(folder, srcdir / folder.name)
    (srcdir / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n', encoding="utf-8")
    (srcdir / "index.md").write_text(
        "# Courses\n\n```{toctree}\n:glob:\n\n**\n```\n", encoding="utf-8"
    )
    return srcdir


def test_every_real_course_is_still_a_course(make_app, tmp_path, corpus):
    srcdir = course_project(tmp_path, corpus, JEKYLL)
    app = make_app("dummy", srcdir=srcdir, freshenv=True)
    app.build()
    courses = sorted(d for d in app.env.found_docs if course_info(app.env, d) is not None)
    corpus_courses = sorted(f"{corpus.name}/{p.stem}" for p in corpus.glob("*.md"))
    assert corpus_courses and set(corpus_courses) <= set(courses)
    # The Jekyll site's courses: all with a title and slides; 'draft' is a plan
    # without a marker and 'stray' a note without front matter, as before.
    prefix = JEKYLL.name
    assert sorted(c for c in courses if c.startswith(prefix)) == [
        f"{prefix}/2019/archive",
        f"{prefix}/basics",
        f"{prefix}/chaptered",
        f"{prefix}/liquid",
    ]
    assert not detect_lines(warnings_of(app._warning))
